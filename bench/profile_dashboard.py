"""Profile the dashboard query in-process (pyinstrument), on the benchmark's seeded data.

.venv/bin/python bench/profile_dashboard.py [--requests 300] [--html out.html]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx
from pyinstrument import Profiler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dashboard import QUERY, seed  # noqa: E402

from gateway.app import create_app  # noqa: E402
from gateway.config import Settings  # noqa: E402
from gateway.database import create_pool, start_embedded  # noqa: E402


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--html")
    parser.add_argument("--no-profile", action="store_true", help="just time the requests")
    args = parser.parse_args()
    server_url = os.environ.get("DATABASE_URL") or start_embedded(ROOT / ".gateway-bench")
    url, key, token = await seed(server_url)
    settings = replace(Settings.from_env({"GATEWAY_ENV": "production"}), database_url=url)
    pool = await create_pool(settings, url)
    app = create_app(settings, pool=pool)
    headers = {"X-Storefront-Key": key, "Authorization": f"Bearer {token}"}
    body = {"query": QUERY, "variables": {"first": 10}}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for _ in range(20):
                (await client.post("/graphql", json=body, headers=headers)).raise_for_status()
            profiler = Profiler(interval=0.0002, async_mode="enabled")
            started = time.perf_counter()
            cpu_started = time.process_time()
            if args.no_profile:
                for _ in range(args.requests):
                    await client.post("/graphql", json=body, headers=headers)
            else:
                with profiler:
                    for _ in range(args.requests):
                        await client.post("/graphql", json=body, headers=headers)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
    await pool.close()
    print(
        f"{args.requests} sequential requests: {elapsed / args.requests * 1000:.2f} ms each, "
        f"{cpu / args.requests * 1000:.2f} ms CPU in this process"
    )
    if args.no_profile:
        return
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    else:
        print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    asyncio.run(main())
