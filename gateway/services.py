"""Process-wide services, made once at start-up and shared by every request."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import asyncpg

from gateway.accounts.passwords import Passwords
from gateway.accounts.session_touches import SessionTouches
from gateway.config import Settings
from gateway.pricing.catalogue_cache import CatalogueCache
from gateway.tenancy.shops import StorefrontKeys


@dataclass
class Services:
    settings: Settings
    pool: asyncpg.Pool
    passwords: Passwords
    storefront_keys: StorefrontKeys
    session_touches: SessionTouches
    # Set when a mail is queued, so the sender wakes without polling delay.
    mail_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    # Catalogue rows read by `prices` and `product`, checked against the shop's version.
    catalogue: CatalogueCache = field(default_factory=CatalogueCache)

    @classmethod
    def create(cls, settings: Settings, pool: asyncpg.Pool) -> Services:
        return cls(
            settings=settings,
            pool=pool,
            passwords=Passwords(settings),
            storefront_keys=StorefrontKeys(pool),
            session_touches=SessionTouches(pool),
        )

    def close(self) -> None:
        self.passwords.close()
