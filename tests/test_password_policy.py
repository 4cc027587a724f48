"""Tests for gateway.accounts.password_policy."""

from __future__ import annotations

import pytest

from gateway.accounts.password_policy import (
    PASSWORD_TOO_WEAK,
    PasswordProblem,
    check_password,
    common_passwords,
)


def test_short_password_refused() -> None:
    problem = check_password("Ab3$xyz")
    assert problem == PasswordProblem(PASSWORD_TOO_WEAK, "Use at least 8 characters.")


def test_empty_password_refused() -> None:
    assert check_password("") is not None


def test_too_long_password_refused() -> None:
    problem = check_password("x" * 1025)
    assert problem is not None
    assert problem.code == PASSWORD_TOO_WEAK
    assert problem.message == "Use at most 1024 characters."


def test_max_length_password_accepted() -> None:
    password = ("correct horse battery staple " * 40)[:1024]
    assert len(password) == 1024
    assert check_password(password) is None


@pytest.mark.parametrize("password", ["password123", "iloveyou1", "PassWord123", "ILOVEYOU1"])
def test_common_password_refused_case_insensitively(password: str) -> None:
    problem = check_password(password)
    assert problem is not None
    assert problem.code == PASSWORD_TOO_WEAK
    assert problem.message == "This password is too common; choose another."


@pytest.mark.parametrize("password", ["Jan.Jansen@Example.nl", "jan.jansen", "JAN.JANSEN"])
def test_password_equal_to_email_refused(password: str) -> None:
    problem = check_password(password, email="jan.jansen@example.nl")
    assert problem is not None
    assert problem.code == PASSWORD_TOO_WEAK


def test_email_check_only_when_email_given() -> None:
    assert check_password("jan.jansen.webshop") is None
    assert check_password("jan.jansen.webshop", email="other@example.nl") is None


def test_good_passphrase_accepted() -> None:
    assert check_password("purple otters juggle quietly at dawn") is None
    assert check_password("tulpen-en-klompen-2024", email="jan@example.nl") is None


def test_no_composition_rules() -> None:
    assert check_password("onlylowercaselettershere") is None


def test_common_list_is_large_and_lowercase() -> None:
    passwords = common_passwords()
    assert isinstance(passwords, frozenset)
    assert len(passwords) >= 10_000
    assert all(entry == entry.lower() for entry in passwords)
    assert common_passwords() is passwords
