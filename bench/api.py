"""GraphQL overhead on a listing page: 20 technology offers with their organisations.

Serves, from one uvicorn process on 127.0.0.1, the real GraphQL app and a raw Starlette JSON
endpoint that runs the same SQL (the same repository calls) and builds the same JSON by hand.
A client process fires the same number of requests at each, from `--concurrency` tasks, and
prints requests/s, p50/p95 and the GraphQL/raw ratio, all in one run.

    .venv/bin/python bench/api.py [--requests 3000] [--concurrency 16]

The database is a scratch one on the embedded server (or DATABASE_URL's), loaded with the demo
data set, and dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from innovex.probe import ServerDidNotStart, wait_until_healthy  # noqa: E402

GRAPHQL_QUERY = """{ technologyOffers(first: 20) { edges { node {
  id title summary trl ipStatus fieldCode keywords transferModes priceMinVnd priceMaxVnd
  provinceCode status organization { id name kind provinceCode verified } } } } }"""


def create_app(url: str) -> Any:
    """The app served by the server process: GraphQL plus the raw endpoint."""
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from strawberry import relay

    from api.app import create_app as create_api
    from db.engine import make_engine, make_sessionmaker
    from db.repositories.accounts import SqlOrganizationRepository
    from db.repositories.listings import SqlOfferRepository
    from domain.accounts import Actor
    from domain.listings import ListingFilter
    from innovex.bootstrap import build_api_deps
    from innovex.server import freeze_startup_heap
    from innovex.settings import load_settings

    engine = make_engine(url, pool_size=10)
    sessions = make_sessionmaker(engine)
    app = create_api(build_api_deps(load_settings(), sessions))
    freeze_startup_heap()

    async def raw_offers(request: Request) -> JSONResponse:
        async with sessions() as session:
            offers = await SqlOfferRepository(session).list_page(
                Actor.anonymous(), where=ListingFilter(), after=None, first=20
            )
            offers = offers[:20]
            orgs = {
                o.id: o
                for o in await SqlOrganizationRepository(session).get_many(
                    list({x.organization_id for x in offers})
                )
            }
        edges = []
        for offer in offers:
            c = offer.content
            org = orgs[offer.organization_id]
            edges.append(
                {
                    "node": {
                        "id": str(relay.GlobalID("TechnologyOffer", str(offer.id))),
                        "title": c.title,
                        "summary": c.summary,
                        "trl": c.trl,
                        "ipStatus": c.ip_status.name,
                        "fieldCode": c.field_code,
                        "keywords": list(c.keywords),
                        "transferModes": [m.name for m in c.transfer_modes],
                        "priceMinVnd": str(c.price_min_vnd)
                        if c.price_min_vnd is not None
                        else None,
                        "priceMaxVnd": str(c.price_max_vnd)
                        if c.price_max_vnd is not None
                        else None,
                        "provinceCode": c.province_code,
                        "status": offer.status.name,
                        "organization": {
                            "id": str(relay.GlobalID("Organization", str(org.id))),
                            "name": org.name,
                            "kind": org.kind.name,
                            "provinceCode": org.province_code,
                            "verified": org.verified,
                        },
                    }
                }
            )
        return JSONResponse({"data": {"technologyOffers": {"edges": edges}}})

    app.router.routes.append(Route("/raw/offers", raw_offers))
    return app


def serve(url: str, port: int) -> None:
    import uvicorn

    uvicorn.run(create_app(url), host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def load(base: str, name: str, requests: int, concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def call() -> httpx.Response:
            if name == "graphql":
                return await client.post("/graphql", json={"query": GRAPHQL_QUERY})
            return await client.get("/raw/offers")

        for _ in range(50):  # warm-up: connections, caches, JIT-free but pool-warm
            (await call()).raise_for_status()

        async def worker() -> None:
            for _ in counter:
                started = time.perf_counter()
                response = await call()
                latencies.append(time.perf_counter() - started)
                response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
    }


def prepare_database() -> tuple[str, str]:
    from db.databases import create_database
    from db.engine import libpq_url
    from innovex.bootstrap import migrate

    server = os.environ.get("DATABASE_URL")
    if server:
        server = libpq_url(server)
    else:
        from db.embedded import start_embedded

        server = start_embedded(ROOT / ".data" / "bench", database="postgres")
    name = f"innovex_bench_{secrets.token_hex(3)}"
    url = create_database(server, name)
    migrate(url)
    asyncio.run(_seed(url))
    return server, url


async def _seed(url: str) -> None:
    from db.engine import make_engine, make_sessionmaker
    from innovex.demo.content import generate_demo
    from innovex.seed import load_dataset
    from security.receipts import Ed25519ReceiptSigner

    engine = make_engine(url, pool_size=1)
    async with engine.connect() as conn:
        transaction = await conn.begin()
        sessions = make_sessionmaker(conn, join_transaction_mode="create_savepoint")
        async with sessions() as session:
            await load_dataset(
                session,
                generate_demo(reference_date=date.today()),
                Ed25519ReceiptSigner.from_secret("b" * 40),
            )
        await transaction.commit()
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--serve", nargs=2, metavar=("URL", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return

    from db.databases import drop_database

    print("preparing database (demo data set)...", flush=True)
    server_url, url = prepare_database()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LOG_LEVEL": "WARNING", "DATA_DIR": str(ROOT / ".data" / "bench-data")}
    proc = subprocess.Popen([sys.executable, __file__, "--serve", url, str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_healthy(base, proc, seconds=60)
        except ServerDidNotStart as e:
            raise SystemExit(f"server did not start: {e}") from None
        same = httpx.post(f"{base}/graphql", json={"query": GRAPHQL_QUERY}).json()
        raw = httpx.get(f"{base}/raw/offers").json()
        assert same == raw, "the raw endpoint must return exactly what GraphQL returns"
        print(
            f"both endpoints return the same {len(raw['data']['technologyOffers']['edges'])} offers"
        )
        results = {}
        for name in ("raw", "graphql"):
            results[name] = asyncio.run(load(base, name, args.requests, args.concurrency))
            r = results[name]
            print(
                f"{name:8s} {r['rps']:8.1f} req/s   p50 {r['p50_ms']:7.2f} ms   p95 {r['p95_ms']:7.2f} ms"
            )
        print(
            f"ratio graphql/raw: throughput {results['raw']['rps'] / results['graphql']['rps']:.2f}x, "
            f"p50 {results['graphql']['p50_ms'] / results['raw']['p50_ms']:.2f}x, "
            f"p95 {results['graphql']['p95_ms'] / results['raw']['p95_ms']:.2f}x "
            f"({args.requests} requests each, concurrency {args.concurrency}, one uvicorn worker)"
        )
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
        drop_database(server_url, url)


if __name__ == "__main__":
    main()
