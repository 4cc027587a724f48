"""`gateway serve`'s first minute: the URLs a developer needs, and a browser opened only once
the server answers (opening it earlier shows a connection error)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import webbrowser

from gateway.config import Settings


def base_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in {"0.0.0.0", "", "::"} else host  # noqa: S104 - only compared
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def banner(settings: Settings, base: str, storefront_key: str | None) -> str:
    lines = ["", f"Gateway:             {base}/"]
    if settings.graphiql:
        key = f"?key={storefront_key}" if storefront_key else ""
        lines.append(f"GraphiQL:            {base}/graphql{key}")
        lines.append(f"Admin GraphiQL:      {base}/admin/graphql   (paste the admin key)")
    if not settings.production and not settings.smtp_url:
        lines.append(f"Dev mailbox:         {base}/dev/mailbox")
    return "\n".join([*lines, ""])


def port_answers(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def open_when_up(url: str, host: str, port: int, timeout: float = 60.0) -> threading.Thread:
    """Open `url` in a browser as soon as host:port accepts connections (gives up after
    `timeout` seconds); runs in a daemon thread so it never holds the server up."""
    target = "127.0.0.1" if host in {"0.0.0.0", ""} else host  # noqa: S104 - only compared

    def wait_then_open() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if port_answers(target, port):
                with contextlib.suppress(webbrowser.Error):
                    webbrowser.open(url)
                return
            time.sleep(0.2)

    thread = threading.Thread(target=wait_then_open, name="open-browser", daemon=True)
    thread.start()
    return thread
