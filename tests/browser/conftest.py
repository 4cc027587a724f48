"""Browser tests: Playwright driving Debian's chromium against the real app on a loopback port.

- `live_server`: the test's app served by uvicorn on 127.0.0.1 (a free port), in the test's own
  event loop, so the browser talks real HTTP to the same pool and SMTP sink as the test.
- `page`: a fresh browser context and page; every request that leaves loopback is aborted and
  recorded in `page.offsite_requests` (the gateway must work with no internet).
- `screenshot(page, name)`: keeps a PNG under `test-artifacts/screenshots/` (or
  `$TEST_ARTIFACTS_DIR/screenshots/`), which CI keeps as an artifact.

Chromium comes from Debian (`scripts/ensure-chromium`, run by `make test`); Playwright's own
browser download is never used. Without chromium the tests skip, except under `CI=true`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", "test-artifacts"))


def _chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI: scripts/ensure-chromium should install it")
        pytest.skip("chromium is not installed (sudo apt-get install chromium)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS, headless=True
        )
        yield launched
        await launched.close()


@pytest.fixture
async def live_server(app: Any) -> AsyncIterator[str]:
    """The app on http://127.0.0.1:<free port>, served until the test ends."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    config.load()
    server = uvicorn.Server(config)
    server.lifespan = config.lifespan_class(config)
    # startup() returns once the socket accepts; main_loop() serves until should_exit (no
    # signal handlers are installed in the test process, unlike Server.serve()).
    await server.startup(sockets=[sock])
    task = asyncio.create_task(server.main_loop())
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        await server.shutdown(sockets=[sock])
        sock.close()


@pytest.fixture
async def page(browser: Any) -> AsyncIterator[Any]:
    context = await browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    offsite: list[str] = []

    async def keep_to_loopback(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOOPBACK_HOSTS:
            await route.continue_()
        else:
            offsite.append(route.request.url)
            await route.abort("internetdisconnected")

    await context.route("**/*", keep_to_loopback)
    the_page = await context.new_page()
    the_page.offsite_requests = offsite
    yield the_page
    await context.close()


async def screenshot(page: Any, name: str) -> Path:
    """Save a full-page PNG as a test artifact and return its path."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path
