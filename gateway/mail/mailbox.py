"""`GET /dev/mailbox`: the newest outbox mails with their links (never in production)."""

from __future__ import annotations

import html
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from gateway.db import mail as db

_LINK = re.compile(r"https?://[^\s<>\"]+")
MAX_MAILS = 100


def _entry(mail: db.MailboxEntry) -> dict[str, Any]:
    return {
        "id": mail.id,
        "shopId": str(mail.shop_id) if mail.shop_id else None,
        "to": mail.to_address,
        "subject": mail.subject,
        "template": mail.template,
        "createdAt": mail.created_at.isoformat(),
        "sentAt": mail.sent_at.isoformat() if mail.sent_at else None,
        "attempts": mail.attempts,
        "lastError": mail.last_error,
        "links": _LINK.findall(mail.text_body),
        "text": mail.text_body,
    }


def _page(entries: list[dict[str, Any]]) -> str:
    rows = []
    for e in entries:
        links = "".join(
            f'<li><a href="{html.escape(link)}">{html.escape(link)}</a></li>' for link in e["links"]
        )
        rows.append(
            f"<article><h2>{html.escape(e['subject'])}</h2>"
            f"<p>to {html.escape(e['to'])} at {html.escape(e['createdAt'])}"
            f" ({'sent' if e['sentAt'] else 'kept in the outbox'})</p>"
            f"<ul>{links}</ul><pre>{html.escape(e['text'])}</pre></article>"
        )
    body = "\n".join(rows) or "<p>No mail yet.</p>"
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>Mailbox</title></head>'
        f'<body style="font-family:sans-serif"><h1>Mailbox</h1>{body}</body></html>'
    )


async def mailbox(request: Request) -> Response:
    services = request.app.state.services
    if services.settings.production:
        return JSONResponse({"error": "not found"}, status_code=404)
    to = request.query_params.get("to") or None
    async with services.pool.acquire() as conn:
        entries = [_entry(m) for m in await db.recent(conn, MAX_MAILS, to)]
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(_page(entries))
    return JSONResponse({"mails": entries})
