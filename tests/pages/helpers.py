"""Driving the hosted pages over HTTP as a browser would: GET a form, POST it with its token."""

from __future__ import annotations

import re

import httpx

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, html[:2000]
    return found.group(1)


async def submit(
    client: httpx.AsyncClient,
    form_page: str,
    action: str,
    fields: dict[str, str],
    **headers: str,
) -> httpx.Response:
    """GET `form_page` (for the CSRF cookie and token), then POST `fields` to `action`."""
    page = await client.get(form_page)
    assert page.status_code == 200, page.text[:2000]
    sent = {"origin": str(client.base_url).rstrip("/"), **headers}
    return await client.post(action, data={"csrf": csrf_of(page.text), **fields}, headers=sent)


def text_of(response: httpx.Response) -> str:
    """The page's visible words, roughly (tags dropped, whitespace squeezed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def cookies_set(response: httpx.Response) -> list[str]:
    return response.headers.get_list("set-cookie")


def session_cookie_header(response: httpx.Response, name: str) -> str:
    found = [c for c in cookies_set(response) if c.startswith(f"{name}=")]
    assert found, cookies_set(response)
    return found[0]
