"""The UserError convention: expected failures are data in every mutation payload."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.errors import Problem, ProblemError


@strawberry.enum
class UserErrorCode(Enum):
    INVALID = "INVALID"
    EMAIL_INVALID = "EMAIL_INVALID"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    PASSWORD_TOO_WEAK = "PASSWORD_TOO_WEAK"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    EMAIL_NOT_CONFIRMED = "EMAIL_NOT_CONFIRMED"
    TOKEN_INVALID = "TOKEN_INVALID"
    RATE_LIMITED = "RATE_LIMITED"
    NOT_FOUND = "NOT_FOUND"
    NOT_ALLOWED = "NOT_ALLOWED"
    UNAVAILABLE = "UNAVAILABLE"
    FORBIDDEN = "FORBIDDEN"  # signed in, but the role does not allow it
    CONFLICT = "CONFLICT"  # the change would break a rule of the data (e.g. the last ADMIN)


@strawberry.type
class UserError:
    code: UserErrorCode
    field: list[str] | None
    message: str


def user_error(problem: Problem) -> UserError:
    return UserError(code=UserErrorCode(problem.code), field=problem.field, message=problem.message)


def user_errors(error: ProblemError | list[Problem]) -> list[UserError]:
    problems = error.problems if isinstance(error, ProblemError) else error
    return [user_error(p) for p in problems]
