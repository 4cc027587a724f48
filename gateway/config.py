"""Settings from the environment, read once into one typed object."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _flag(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def _int(env: dict[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}")
    return value


def _seconds(env: dict[str, str], name: str, default: float, minimum: float = 0.1) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {raw!r}") from None
    if not value >= minimum:  # also refuses NaN
        raise ValueError(f"{name} must be at least {minimum} seconds")
    return value


def _base_url(env: dict[str, str], name: str, default: str) -> str:
    raw = (env.get(name) or "").strip().rstrip("/")
    if not raw:
        return default
    if not raw.startswith(("http://", "https://")) or any(c in raw for c in " ?#"):
        raise ValueError(f"{name} must be an http(s) base URL such as https://accounts.example")
    return raw


def _networks(raw: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    return tuple(ipaddress.ip_network(p, strict=False) for p in parts)


def _pooler(value: str | None) -> str:
    mode = (value or "none").strip().lower()
    if mode not in ("none", "transaction"):
        raise ValueError("DATABASE_POOLER is none or transaction (pgbouncer's pool_mode)")
    return mode


def _log_format(raw: str | None, production: bool) -> str:
    value = (raw or ("json" if production else "text")).strip().lower()
    if value not in {"json", "text"}:
        raise ValueError("GATEWAY_LOG_FORMAT must be json or text")
    return value


@dataclass(frozen=True)
class Settings:
    env: str = "development"  # development | test | production
    database_url: str | None = None
    data_dir: Path = Path(".gateway")
    host: str = "127.0.0.1"
    port: int = 8000
    smtp_url: str | None = None
    mail_from: str = "Account gateway <no-reply@localhost>"
    graphiql: bool = True
    introspection: bool = True
    db_pool_min: int = 2
    db_pool_max: int = 10
    max_query_depth: int = 12
    max_aliases: int = 15
    max_tokens: int = 2000
    max_body_bytes: int = 256 * 1024
    max_page_size: int = 100
    session_ttl_days: int = 30
    checkout_ttl_days: int = 7
    argon2_time_cost: int = 3
    argon2_memory_cost_kib: int = 65536
    argon2_parallelism: int = 1
    password_hash_workers: int = 2
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(
        default_factory=tuple
    )
    cookie_secure: bool = True
    mail_sender_enabled: bool = True
    housekeeping_interval_seconds: int = 3600
    # Throttling (identity): failed passwords per address + IP and per IP before the delay
    # starts doubling; mails per address per hour; requests per IP per 10 minutes.
    login_failures_per_account_ip: int = 5
    login_failures_per_ip: int = 100
    mail_requests_per_address: int = 5
    requests_per_ip: int = 200
    mail_poll_seconds: float = 5.0
    # Signing in from elsewhere, import (issue 13): the server key that SSO secrets and
    # encrypted OpenID client secrets derive from (kept outside the database; unset: a key
    # file in the data directory, refused in production); the admin import's size cap.
    secret_key: str | None = None
    import_max_bytes: int = 2 * 1024 * 1024
    # The gateway's own public base URL: a storefront without its own account URL gets
    # <public_url>/account/<handle> (hosted account pages). OpenID redirect URIs use it when it
    # was given (GATEWAY_PUBLIC_URL, or `gateway serve`'s own address), else the request's.
    public_url: str = "http://127.0.0.1:8000"
    public_url_explicit: bool = False
    # HTTP caching of anonymous GET queries of public data (gateway/web/caching.py).
    public_max_age_seconds: int = 60
    # Issue 14: mail failing this long is a dead letter; DATABASE_POOLER=transaction (pgbouncer
    # in transaction pooling: no prepared statement cache, no session state).
    mail_dead_after_hours: int = 72
    database_pooler: str = "none"
    # Time and load bounds (gateway/web/guard.py, gateway/web/serving.py, gateway/pool.py):
    # a whole request, a request's head and its body; the wait for a pooled connection; the
    # password hashes queued or running at once (more answer RATE_LIMITED).
    request_timeout_seconds: float = 15.0
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 10.0
    db_acquire_timeout_seconds: float = 3.0
    password_hash_queue: int = 32
    password_hash_per_client: int = 2
    db_application_name: str = "gateway"
    # Operators (gateway/web/metrics.py, gateway/logs.py): the bearer token /metrics asks for
    # (unset: open outside production, 404 in production); log lines as JSON or text.
    metrics_token: str | None = None
    log_format: str = "text"
    # Under fire (issue 14): what one request may cost. Points per operation (gateway/web/
    # cost.py), the answer's size, the document's size and validation budget (gateway/web/
    # budget.py), and the bytes the document cache and persisted-query store may hold (each,
    # per API and process).
    max_cost: int = 20_000
    admin_max_cost: int = 50_000
    max_response_bytes: int = 4 * 1024 * 1024
    max_document_bytes: int = 16 * 1024
    max_document_fields: int = 600
    max_field_pairs: int = 200
    document_cache_bytes: int = 32 * 1024 * 1024
    persisted_query_bytes: int = 8 * 1024 * 1024

    @property
    def production(self) -> bool:
        return self.env == "production"

    def production_problems(self) -> list[str]:
        """What production lacks to serve (empty: nothing): no embedded database, no mail kept
        in a dev mailbox nobody reads. `gateway serve` and `create_app()` refuse to start
        when this is not empty; tools and benchmarks may read production settings without."""
        if not self.production:
            return []
        missing = [
            name
            for name, value in (
                ("DATABASE_URL", self.database_url),
                ("SMTP_URL", self.smtp_url),
                ("GATEWAY_SECRET_KEY", self.secret_key),
            )
            if not value
        ]
        if not missing:
            return []
        return [
            f"GATEWAY_ENV=production needs {', '.join(missing)}: production runs on its own "
            "PostgreSQL (DATABASE_URL=postgresql://...), sends mail through an SMTP server "
            "(SMTP_URL=smtp://host:port) and keeps the key that encrypts shops' secrets outside "
            'the database (GATEWAY_SECRET_KEY, the same on every replica; `python -c "import '
            'secrets; print(secrets.token_urlsafe(32))"` makes one); the embedded database '
            "and the dev mailbox are for laptops."
        ]

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        mode = env.get("GATEWAY_ENV", "development").strip().lower() or "development"
        if mode not in {"development", "test", "production"}:
            raise ValueError("GATEWAY_ENV must be development, test or production")
        production = mode == "production"
        hash_workers = _int(env, "PASSWORD_HASH_WORKERS", os.cpu_count() or 2, 1)
        return cls(
            env=mode,
            database_url=env.get("DATABASE_URL") or None,
            data_dir=Path(env.get("GATEWAY_DATA_DIR") or ".gateway"),
            host=env.get("GATEWAY_HOST") or "127.0.0.1",
            port=_int(env, "GATEWAY_PORT", 8000, 1),
            smtp_url=env.get("SMTP_URL") or None,
            mail_from=env.get("MAIL_FROM") or cls.mail_from,
            graphiql=_flag(env, "GATEWAY_GRAPHIQL", not production),
            introspection=_flag(env, "GATEWAY_INTROSPECTION", not production),
            db_pool_min=_int(env, "DB_POOL_MIN", 2, 1),
            db_pool_max=_int(env, "DB_POOL_MAX", 10, 1),
            max_query_depth=_int(env, "GATEWAY_MAX_QUERY_DEPTH", 12, 2),
            max_aliases=_int(env, "GATEWAY_MAX_ALIASES", 15, 1),
            max_tokens=_int(env, "GATEWAY_MAX_TOKENS", 2000, 50),
            session_ttl_days=_int(env, "SESSION_TTL_DAYS", 30, 1),
            checkout_ttl_days=_int(env, "CHECKOUT_TTL_DAYS", 7, 1),
            argon2_time_cost=_int(env, "ARGON2_TIME_COST", 3, 1),
            argon2_memory_cost_kib=_int(env, "ARGON2_MEMORY_COST_KIB", 65536, 8),
            argon2_parallelism=_int(env, "ARGON2_PARALLELISM", 1, 1),
            password_hash_workers=hash_workers,
            trusted_proxies=_networks(env.get("TRUSTED_PROXIES", "")),
            cookie_secure=_flag(env, "GATEWAY_COOKIE_SECURE", True),
            mail_sender_enabled=_flag(env, "GATEWAY_MAIL_SENDER", True),
            housekeeping_interval_seconds=_int(env, "GATEWAY_HOUSEKEEPING_SECONDS", 3600, 0),
            login_failures_per_account_ip=_int(env, "LOGIN_FAILURES_PER_ACCOUNT_IP", 5, 1),
            login_failures_per_ip=_int(env, "LOGIN_FAILURES_PER_IP", 100, 1),
            mail_requests_per_address=_int(env, "MAIL_REQUESTS_PER_ADDRESS", 5, 1),
            requests_per_ip=_int(env, "REQUESTS_PER_IP", 200, 100),
            mail_poll_seconds=float(_int(env, "MAIL_POLL_SECONDS", 5, 1)),
            secret_key=env.get("GATEWAY_SECRET_KEY") or None,
            import_max_bytes=_int(env, "IMPORT_MAX_BYTES", 2 * 1024 * 1024, 1024),
            public_url=_base_url(env, "GATEWAY_PUBLIC_URL", cls.public_url),
            public_url_explicit=bool((env.get("GATEWAY_PUBLIC_URL") or "").strip()),
            public_max_age_seconds=_int(env, "GATEWAY_PUBLIC_MAX_AGE", 60, 0),
            mail_dead_after_hours=_int(env, "MAIL_DEAD_AFTER_HOURS", 72, 1),
            database_pooler=_pooler(env.get("DATABASE_POOLER")),
            request_timeout_seconds=_seconds(env, "GATEWAY_REQUEST_TIMEOUT_SECONDS", 15.0),
            header_timeout_seconds=_seconds(env, "GATEWAY_HEADER_TIMEOUT_SECONDS", 10.0),
            body_timeout_seconds=_seconds(env, "GATEWAY_BODY_TIMEOUT_SECONDS", 10.0),
            db_acquire_timeout_seconds=_seconds(env, "DB_ACQUIRE_TIMEOUT_SECONDS", 3.0),
            password_hash_queue=_int(env, "PASSWORD_HASH_QUEUE", 16 * hash_workers, 1),
            password_hash_per_client=_int(env, "PASSWORD_HASH_PER_CLIENT", 2, 1),
            db_application_name=(env.get("DB_APPLICATION_NAME") or "gateway").strip()[:63],
            metrics_token=(env.get("METRICS_TOKEN") or "").strip() or None,
            log_format=_log_format(env.get("GATEWAY_LOG_FORMAT"), production),
            max_cost=_int(env, "GATEWAY_MAX_COST", cls.max_cost, 100),
            admin_max_cost=_int(env, "GATEWAY_ADMIN_MAX_COST", cls.admin_max_cost, 100),
            max_response_bytes=_int(
                env, "GATEWAY_MAX_RESPONSE_BYTES", cls.max_response_bytes, 64 * 1024
            ),
            max_document_bytes=_int(
                env, "GATEWAY_MAX_DOCUMENT_BYTES", cls.max_document_bytes, 2048
            ),
            max_document_fields=_int(
                env, "GATEWAY_MAX_DOCUMENT_FIELDS", cls.max_document_fields, 50
            ),
            max_field_pairs=_int(env, "GATEWAY_MAX_FIELD_PAIRS", cls.max_field_pairs, 0),
            document_cache_bytes=_int(
                env, "GATEWAY_DOCUMENT_CACHE_BYTES", cls.document_cache_bytes, 1024 * 1024
            ),
            persisted_query_bytes=_int(
                env, "GATEWAY_PERSISTED_QUERY_BYTES", cls.persisted_query_bytes, 1024 * 1024
            ),
        )
