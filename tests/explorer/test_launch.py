"""`gateway serve` prints where everything is; `--open` opens the browser only once the port
answers."""

from __future__ import annotations

import socket
import threading
import webbrowser

import pytest

from gateway.launch import banner, base_url, open_when_up, port_answers
from tests.conftest import make_settings


def test_banner_names_graphiql_admin_graphiql_and_the_mailbox() -> None:
    text = banner(make_settings(env="development"), base_url("0.0.0.0", 8000), "sf_key")  # noqa: S104
    assert "http://127.0.0.1:8000/graphql?key=sf_key" in text
    assert "http://127.0.0.1:8000/admin/graphql" in text
    assert "admin/graphql?key" not in text  # an admin key never goes in a URL
    assert "http://127.0.0.1:8000/dev/mailbox" in text
    production = banner(make_settings(env="production", graphiql=False), "http://h:1", None)
    assert "mailbox" not in production and "GraphiQL" not in production


def test_the_browser_opens_only_once_the_port_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    opened = threading.Event()
    seen: list[tuple[str, bool]] = []

    def record(url: str, *_: object, **__: object) -> bool:
        seen.append((url, port_answers("127.0.0.1", port)))
        opened.set()
        return True

    monkeypatch.setattr(webbrowser, "open", record)
    thread = open_when_up(f"http://127.0.0.1:{port}/graphql", "127.0.0.1", port, timeout=30)
    assert not opened.is_set()  # bound but not listening: nothing answers yet
    listener.listen()
    assert opened.wait(timeout=30)
    thread.join(timeout=5)
    listener.close()
    assert seen == [(f"http://127.0.0.1:{port}/graphql", True)]
