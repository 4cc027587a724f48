"""The outbox sender: a task that delivers due mails over SMTP with retries.

Mails are leased (`locked_until`) with `for update skip locked`, so replicas never pick the
same mail; one that dies mid-delivery gives its lease back when it runs out. A mail is marked
sent only after the server accepted it; a failure schedules the next attempt with exponential
backoff (30 s, 1 min, 2 min, ... at most an hour). The task wakes when a mail is queued
(`Services.mail_wakeup`, in this process only: no LISTEN/NOTIFY, which a transaction-pooling
pgbouncer cannot carry) and otherwise polls.

An unreachable server is not the mails' fault: they are marked `server_fault`, and while the
server is down the sender probes it (connect and QUIT) every 1, 2, 4 s, at most `probe_max`
seconds. When a probe or any delivery succeeds, every mail held back by the outage is due at
once (`wake_deferred`), so queued mail leaves within seconds of the server's return whatever
its backoff had grown to. A mail refused permanently (a 5xx reply to it, RFC 5321 4.2.1) or
failing for `MAIL_DEAD_AFTER_HOURS` (72) is a dead letter: never retried again unless the admin
asks (`mailRetry`), listed by `mailFailures`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

import aiosmtplib
import asyncpg

from gateway.config import Settings
from gateway.db import mail as db
from gateway.validation import smtp_address

log = logging.getLogger("gateway.mail")


@dataclass(frozen=True)
class SmtpTarget:
    hostname: str
    port: int
    implicit_tls: bool
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> SmtpTarget:
        """`smtp://[user:pass@]host[:port]` (STARTTLS when offered) or `smtps://` (TLS)."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL looks like smtp://user:pass@host:port or smtps://...")
        implicit = parts.scheme == "smtps"
        return cls(
            hostname=parts.hostname,
            port=parts.port or (465 if implicit else 25),
            implicit_tls=implicit,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


def backoff(attempts: int, base: float = 30.0, cap: float = 3600.0) -> timedelta:
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def build_message(mail: db.OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = smtp_address(mail.to_address)
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid("outbox-" + str(mail.id))
    message.set_content(mail.text_body)
    if mail.html_body:
        message.add_alternative(mail.html_body, subtype="html")
    return message


class MailSender:
    def __init__(
        self,
        pool: asyncpg.Pool,
        settings: Settings,
        wakeup: asyncio.Event,
        *,
        batch_size: int = 20,
        lease: timedelta = timedelta(minutes=2),
        timeout: float = 20.0,
        probe_max: float = 5.0,
    ) -> None:
        if not settings.smtp_url:
            raise ValueError("the mail sender needs SMTP_URL")
        self.pool = pool
        self.target = SmtpTarget.from_url(settings.smtp_url)
        self.sender = settings.mail_from
        self.poll_seconds = settings.mail_poll_seconds
        self.wakeup = wakeup
        self.batch_size = batch_size
        self.lease = lease
        self.timeout = timeout
        self.dead_after = timedelta(hours=settings.mail_dead_after_hours)
        self.probe_max = probe_max
        self.server_down = False  # the last connection attempt failed; probing
        self._probe_delay = 1.0
        self._stopping = False
        self.idle = asyncio.Event()  # set while waiting for a wake-up or the next poll
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name="mail-sender")

    async def stop(self) -> None:
        """Stop the task. On 3.11 asyncio.wait_for (used inside aiosmtplib) can swallow a
        cancellation, so cancel until the task has really ended; the flag ends the loop too."""
        self._stopping = True
        task = self._task
        while task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=0.5)
        if task is not None and not task.cancelled() and task.exception() is not None:
            log.error("mail sender ended with an error", exc_info=task.exception())

    async def run(self) -> None:
        """Deliver until cancelled or stopped."""
        while not self._stopping:
            self.wakeup.clear()
            try:
                if self.server_down:
                    await self.probe()
                claimed = await self.deliver_due()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                log.exception("mail sender could not reach the database")
                claimed = 0
            if claimed >= self.batch_size:
                continue
            wait = min(self.poll_seconds, self._probe_delay) if self.server_down else None
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation.
            self.idle.set()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait or self.poll_seconds):
                    await self.wakeup.wait()
            self.idle.clear()

    async def probe(self) -> bool:
        """Is the SMTP server back? Connect and QUIT; when it answers, the mails the outage
        held back are due now. Otherwise the next probe waits twice as long (at most
        `probe_max` seconds)."""
        client = self._client()
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError):
            self._probe_delay = min(self.probe_max, self._probe_delay * 2)
            return False
        with contextlib.suppress(aiosmtplib.SMTPException, OSError):
            await client.quit()
        await self._server_back()
        return True

    async def _server_back(self) -> None:
        """A connection or delivery succeeded: reset the server backoff, wake the queue."""
        self.server_down = False
        self._probe_delay = 1.0
        async with self.pool.acquire() as conn:
            woken = await db.wake_deferred(conn)
        if woken:
            log.info("SMTP server answers again: %s held-back mails are due now", woken)
            self.wakeup.set()  # deliver them now, not at the next poll

    async def deliver_due(self) -> int:
        """Claim one batch of due mails and try each once; return how many were claimed."""
        async with self.pool.acquire() as conn:
            batch = await db.claim_due(conn, self.batch_size, self.lease)
        if batch:
            await self._deliver(batch)
        return len(batch)

    def _client(self) -> aiosmtplib.SMTP:
        t = self.target
        return aiosmtplib.SMTP(
            hostname=t.hostname,
            port=t.port,
            use_tls=t.implicit_tls,
            start_tls=None if not t.implicit_tls else False,
            username=t.username,
            password=t.password,
            timeout=self.timeout,
        )

    async def _deliver(self, batch: list[db.OutgoingMail]) -> None:
        client = self._client()
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as error:
            self.server_down = True
            for mail in batch:
                await self._failed(mail, f"connect: {error}", server_fault=True)
            return
        if self.server_down:
            await self._server_back()
        delivered = False
        try:
            for mail in batch:
                try:
                    await client.send_message(build_message(mail, self.sender))
                except (aiosmtplib.SMTPException, OSError) as error:
                    lost = not client.is_connected
                    await self._failed(
                        mail, str(error), server_fault=lost, permanent=_permanent(error)
                    )
                    if lost:
                        self.server_down = True
                        for rest in batch[batch.index(mail) + 1 :]:
                            await self._failed(rest, "connection lost", server_fault=True)
                        return
                    continue
                async with self.pool.acquire() as conn:
                    await db.mark_sent(conn, mail.id)
                if not delivered:
                    delivered = True
                    await self._server_back()  # another replica's held-back mail too
        except asyncio.CancelledError:
            client.close()
            raise
        finally:
            if client.is_connected:
                with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                    await client.quit()

    async def _failed(
        self,
        mail: db.OutgoingMail,
        error: str,
        *,
        server_fault: bool = False,
        permanent: bool = False,
    ) -> None:
        async with self.pool.acquire() as conn:
            dead = await db.mark_failed(
                conn,
                mail.id,
                backoff(mail.attempts),
                error,
                server_fault=server_fault,
                dead_after=self.dead_after,
                permanent=permanent,
            )
        if dead:
            log.error(
                "mail %s is a dead letter after %s attempts: %s", mail.id, mail.attempts, error
            )
        else:
            log.warning(
                "mail %s to the outbox again (attempt %s): %s", mail.id, mail.attempts, error
            )


def _permanent(error: Exception) -> bool:
    """A 5xx reply to this mail: permanent, repeating it cannot help (RFC 5321 4.2.1)."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(r.code >= 500 for r in error.recipients)
    return isinstance(error, aiosmtplib.SMTPResponseException) and error.code >= 500
