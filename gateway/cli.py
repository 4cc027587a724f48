"""`gateway serve|migrate|shop create|demo|import-contacts|schema`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

from gateway.config import Settings
from gateway.database import create_pool, migrate
from gateway.embedded_postgres import exit_on_signals
from gateway.validation import configure_email_rules


async def _with_pool(settings: Settings, work):  # type: ignore[no-untyped-def]
    pool = await create_pool(settings)
    try:
        async with pool.acquire() as conn:
            await migrate(conn)
        return await work(pool)
    finally:
        await pool.close()


def _cmd_migrate(settings: Settings, _: argparse.Namespace) -> int:
    async def work(pool):  # type: ignore[no-untyped-def]
        return None

    asyncio.run(_with_pool(settings, work))
    print("migrations applied")
    return 0


def _cmd_shop_create(settings: Settings, args: argparse.Namespace) -> int:
    from gateway.keyring import server_key
    from gateway.tenancy.shops import create_shop

    async def work(pool):  # type: ignore[no-untyped-def]
        return await create_shop(
            pool, args.name, args.account_url, args.currency, server_key(settings)
        )

    try:
        created = asyncio.run(_with_pool(settings, work))
    except (ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(created.as_json()))
    else:
        for key, value in created.as_json().items():
            print(f"{key}: {value}")
    return 0


def _cmd_demo(settings: Settings, _: argparse.Namespace) -> int:
    from gateway.demo import create_demo
    from gateway.keyring import server_key

    async def work(pool):  # type: ignore[no-untyped-def]
        return await create_demo(pool, server_key(settings))

    demo = asyncio.run(_with_pool(settings, work))
    print(demo.describe())
    return 0


def _cmd_housekeeping(settings: Settings, _: argparse.Namespace) -> int:
    from gateway.maintenance import sweep

    swept = asyncio.run(_with_pool(settings, sweep))
    print("another replica is sweeping; nothing done" if swept is None else swept)
    return 0


def _cmd_import_contacts(settings: Settings, args: argparse.Namespace) -> int:
    from gateway.contacts.import_command import report, run_import
    from gateway.contacts.importer import ImportRefused

    async def work(pool):  # type: ignore[no-untyped-def]
        return await run_import(pool, args.shop, args.file, args.invite, args.batch_size)

    try:
        summary = asyncio.run(_with_pool(settings, work))
    except ImportRefused as refused:
        print(f"error: {refused}; nothing was imported", file=sys.stderr)
        return 2
    report(summary, args.json)
    return 0


def _cmd_schema(_: Settings, args: argparse.Namespace) -> int:
    from resolvers.schema import admin_schema, storefront_schema

    schema = admin_schema if args.admin else storefront_schema
    print(schema.as_str())
    return 0


def _cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from gateway.app import create_app
    from gateway.launch import banner, base_url, open_when_up
    from gateway.web.serving import serve

    problems = settings.production_problems()
    if problems:
        print(f"error: {' '.join(problems)}", file=sys.stderr)
        return 2
    host = args.host or settings.host
    port = args.port or settings.port
    if "GATEWAY_PUBLIC_URL" not in os.environ:  # mailed links point at this very server
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
        settings = replace(
            settings, public_url=f"http://{shown_host}:{port}", public_url_explicit=True
        )
    base = base_url(host, port)
    storefront_key = None
    if args.demo:
        from gateway.demo import ensure_demo
        from gateway.keyring import server_key

        async def work(pool):  # type: ignore[no-untyped-def]
            return await ensure_demo(pool, settings.data_dir, server_key(settings))

        demo = asyncio.run(_with_pool(settings, work))
        print(demo.describe())
        storefront_key = demo.storefront_key
    print(banner(settings, base, storefront_key), flush=True)
    if args.open:
        key = f"?key={storefront_key}" if storefront_key else ""
        open_when_up(f"{base}/graphql{key}" if settings.graphiql else f"{base}/", host, port)
    serve(create_app(settings), settings, host, port)
    return 0


def _positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gateway", description="The account gateway.")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="apply migrations, then serve")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--demo", action="store_true", help="make sure a demo shop exists first")
    serve.add_argument("--open", action="store_true", help="open GraphiQL in a browser")
    serve.set_defaults(func=_cmd_serve)

    sub.add_parser("migrate", help="apply migrations and exit").set_defaults(func=_cmd_migrate)

    shop = sub.add_parser("shop", help="manage shops")
    shop_sub = shop.add_subparsers(dest="shop_command", required=True)
    create = shop_sub.add_parser("create", help="create a shop with one storefront")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--account-url",
        default=None,
        help="the storefront's own account pages; default: the hosted ones (/account/<handle>)",
    )
    create.add_argument("--currency", default="EUR")
    create.add_argument("--json", action="store_true", help="print one JSON object")
    create.set_defaults(func=_cmd_shop_create)

    sub.add_parser("demo", help="create a demo shop and print its keys").set_defaults(
        func=_cmd_demo
    )

    sub.add_parser(
        "housekeeping", help="purge expired checkouts, dead tokens and sessions, sent mail"
    ).set_defaults(func=_cmd_housekeeping)

    importer = sub.add_parser("import-contacts", help="import contacts from a CSV file")
    importer.add_argument("--shop", required=True, help="the shop id")
    importer.add_argument("file", type=Path, help="CSV with a header row; email required")
    importer.add_argument("--invite", action="store_true", help="mail new contacts a link")
    importer.add_argument("--json", action="store_true", help="end with a JSON summary")
    importer.add_argument("--batch-size", type=_positive, default=5000, help=argparse.SUPPRESS)
    importer.set_defaults(func=_cmd_import_contacts)

    schema = sub.add_parser("schema", help="print the storefront SDL")
    schema.add_argument("--admin", action="store_true", help="print the admin SDL instead")
    schema.set_defaults(func=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    configure_email_rules(production=settings.production)
    # SIGTERM/SIGHUP exit through SystemExit and SIGINT through KeyboardInterrupt, so the
    # embedded PostgreSQL's last user stops it on the way out (gateway/embedded_postgres.py).
    exit_on_signals()
    try:
        return args.func(settings, args)
    except KeyboardInterrupt:
        return 128 + signal.SIGINT


if __name__ == "__main__":
    sys.exit(main())
