"""What a GraphQL answer tells HTTP caches (browsers, CDNs, proxies).

Only a GET can be cached (APQ makes repeated queries GETs with short URLs). The storefront's
answer to a GET is `public, max-age=N` when all of these hold: no session (no Authorization
header, no session cookie), no errors, and the operation reads only public catalogue data
(PUBLIC_ROOT_FIELDS: the same for every anonymous visitor of a storefront). Anything read with a
session is `private, no-store`; anything else (checkouts, token links, errors) is `no-store`.
POST answers and the admin API are never stored. `Vary` names the request headers that select
an answer: the storefront key, the session (Authorization, Cookie) and, with CORS, Origin.
"""

from __future__ import annotations

PUBLIC_ROOT_FIELDS = frozenset(
    {"storefront", "product", "products", "prices", "__typename", "__schema", "__type"}
)
STOREFRONT_VARY = "X-Storefront-Key, Authorization, Cookie"
ADMIN_VARY = "Authorization"
NO_STORE = "no-store"
PRIVATE = "private, no-store"


def cache_control(
    *,
    over_get: bool,
    admin: bool,
    has_session: bool,
    has_errors: bool,
    root_fields: frozenset[str],
    max_age: int,
) -> str:
    if not over_get or has_errors:
        return NO_STORE
    if admin or has_session:
        return PRIVATE
    if max_age > 0 and root_fields and root_fields <= PUBLIC_ROOT_FIELDS:
        return f"public, max-age={max_age}"
    return NO_STORE


def merged_vary(*values: str | None) -> str:
    """One Vary header from several (the endpoint's own and CORS's `Origin`)."""
    names: list[str] = []
    for value in values:
        for name in (value or "").split(","):
            name = name.strip()
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
    return ", ".join(names)
