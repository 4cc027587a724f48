"""A real SMTP server (aiosmtpd) on a free loopback port, in the test's own event loop.

Tests read the mails it received and wait for them with a bounded timeout; `stop()` and
`start()` take it down and bring it back on the same port (SMTP down for a while).
"""

from __future__ import annotations

import asyncio
import re
import socket
import unicodedata
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession

from gateway.validation import smtp_address

_LINK = re.compile(r"https?://[^\s<>\"]+")


@dataclass(frozen=True)
class ReceivedMail:
    to: str
    subject: str
    text: str
    html: str | None
    message: EmailMessage

    @property
    def links(self) -> list[str]:
        return _LINK.findall(self.text)

    def token(self, page: str) -> str:
        """The token of the one link to `<accountUrl>/<page>?token=...`."""
        found = [link for link in self.links if f"/{page}?token=" in link]
        assert len(found) == 1, self.links
        return found[0].split("?token=", 1)[1]


class SmtpServer:
    def __init__(self) -> None:
        self.mails: list[ReceivedMail] = []
        self.port = _free_port()
        self._server: asyncio.Server | None = None
        self._connections: list[SMTP] = []
        self._changed = asyncio.Condition()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, _: SMTP, __: SmtpSession, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        text_part = message.get_body(("plain",))
        html_part = message.get_body(("html",))
        mail = ReceivedMail(
            to=str(message["To"]),
            subject=str(message["Subject"]),
            text=text_part.get_content() if text_part else "",
            html=html_part.get_content() if html_part else None,
            message=message,
        )
        async with self._changed:
            self.mails.append(mail)
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    async def start(self) -> None:
        loop = asyncio.get_running_loop()

        def protocol() -> SMTP:
            connection = SMTP(self, hostname="smtp.test", enable_SMTPUTF8=True)
            self._connections.append(connection)
            return connection

        self._server = await loop.create_server(
            protocol, "127.0.0.1", self.port, reuse_address=True
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for connection in self._connections:
                if connection.transport is not None:
                    connection.transport.close()
            self._connections.clear()
            await self._server.wait_closed()
            self._server = None

    async def wait_for(
        self, predicate: Callable[[list[ReceivedMail]], bool], within: float = 5.0
    ) -> list[ReceivedMail]:
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(lambda: predicate(self.mails))
        return list(self.mails)

    async def mail_to(self, address: str, subject_has: str = "", within: float = 5.0) -> Any:
        """Wait for the newest mail to `address` (whose subject contains `subject_has`)."""

        def matching(mails: list[ReceivedMail]) -> list[ReceivedMail]:
            return [m for m in mails if _same(m.to, address) and subject_has in m.subject]

        await self.wait_for(lambda mails: bool(matching(mails)), within)
        return matching(self.mails)[-1]

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.mails if _same(m.to, address)]


def _same(received: str, address: str) -> bool:
    """One address in any spelling (the gateway sends internationalised domains in their
    ASCII form, and Unicode local parts in NFC)."""

    def key(a: str) -> str:
        return unicodedata.normalize("NFC", smtp_address(a.strip())).lower()

    return key(received) == key(address)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def smtp_server() -> AsyncIterator[SmtpServer]:
    server = SmtpServer()
    await server.start()
    yield server
    await server.stop()
