"""SQL for SSO from the merchant's site: the storefront's secret salt and used token ids."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg


async def sso_salt(conn: asyncpg.Connection, shop_id: UUID, storefront_id: UUID) -> bytes | None:
    return await conn.fetchval(
        "select sso_salt from storefronts where shop_id = $1 and id = $2", shop_id, storefront_id
    )


async def rotate_sso_salt(
    conn: asyncpg.Connection, shop_id: UUID, storefront_id: UUID
) -> bytes | None:
    """A new random salt (so a new secret); None when the shop has no such storefront."""
    return await conn.fetchval(
        """update storefronts
           set sso_salt = uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()),
               sso_rotated_at = now(), updated_at = now()
           where shop_id = $1 and id = $2
           returning sso_salt""",
        shop_id,
        storefront_id,
    )


async def use_jti(
    conn: asyncpg.Connection, shop_id: UUID, storefront_id: UUID, jti: str, expires_at: datetime
) -> bool:
    """Record a token id as used; False when it was used before (the primary key says so)."""
    return bool(
        await conn.fetchval(
            """insert into sso_token_uses (storefront_id, shop_id, jti, expires_at)
               values ($1, $2, $3, $4)
               on conflict do nothing
               returning true""",
            storefront_id,
            shop_id,
            jti,
            expires_at,
        )
    )


async def delete_expired_uses(conn: asyncpg.Connection) -> int:
    """Used token ids past their token's expiry (and the clock skew) can go."""
    status = await conn.execute(
        "delete from sso_token_uses where expires_at < now() - interval '5 minutes'"
    )
    return int(status.split()[-1])
