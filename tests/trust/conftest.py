"""Trust tests run with the mail sender on, delivering to a real SMTP server."""

from __future__ import annotations

import pytest

from gateway.config import Settings
from tests.conftest import make_settings
from tests.smtp import SmtpServer, smtp_server

__all__ = ["smtp_server"]


@pytest.fixture
def settings(smtp_server: SmtpServer) -> Settings:
    return make_settings(smtp_url=smtp_server.url, mail_sender_enabled=True, mail_poll_seconds=0.5)
