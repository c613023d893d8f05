"""Matching benchmark: `recommendedSuppliers` latency at 100,000 offers from 20,000 suppliers,
embedding throughput, and backfill time.

    .venv/bin/python bench/matching.py [--offers 100000] [--suppliers 20000] [--requests 200]
                                       [--backfill 300] [--keep]

1. **Latency.** A scratch database on the embedded server (or DATABASE_URL's server) gets
   `--suppliers` organisations and `--offers` listed offers with synthetic *vectors* (384-d,
   drawn around 400 topic centroids, L2-normalised) and synthetic public text (words of the
   same topic, so lexical relevance has something to find), search documents, supplier
   profiles, an HNSW index and fresh statistics. Embedding 100k real texts on 2 shared cores
   takes hours (see 3), hence synthetic vectors; the SQL, index and ranking are the
   production ones. Then `recommendedSuppliers(needId, first: 10)` is asked `--requests`
   times, for 50 different needs, as GraphQL over HTTP against the ASGI app in-process
   (httpx ASGITransport: parsing, validation, permissions, ranking, serialisation), one at a
   time, after 10 warm-up requests; p50/p95/p99 are printed; then the same requests from
   `--clients` concurrent clients give the throughput (bench/measure.py).
2. **Embedding throughput** of the real bundled model, short texts (a title, ~12 words) and
   long texts (~180 words, one full chunk), in texts/s.
3. **Backfill**: `--backfill` real-text offers embedded by `matching.indexer.backfill` (the
   code behind `innovex embed --backfill`), timed, and extrapolated linearly to 100,000.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from matching_corpus import database_exists, load, loaded_before  # noqa: E402

QUERY = """query($id: ID!) { recommendedSuppliers(needId: $id, first: 10) {
  __typename ... on RecommendedSuppliers { suppliers { rank score organization { name }
  checks { name outcome } bestListings { id title similarity matchedTerms checks { name outcome } } } } } }"""


def server_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        from innovex.evaluate import server_of

        return server_of(url)
    from db.embedded import start_embedded

    return start_embedded(ROOT / ".data", database="postgres")


def admin(server: str, sql: str) -> None:
    from db.databases import execute_autocommit

    asyncio.run(execute_autocommit(server, sql))


async def prewarm(url: str) -> float:
    """Load the tables and indexes requests read into shared buffers (pg_prewarm), as they
    are in a server that has been up a while: each bench process starts the embedded server
    anew, with empty buffers, and a need's first ask then pays ~3 000 buffer reads from the
    OS for its HNSW walk alone. Returns the megabytes loaded."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        blocks = await conn.fetchval(
            """SELECT sum(pg_prewarm(c.oid)) FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 't')
                 AND c.relpages > 0"""
        )
    finally:
        await conn.close()
    return int(blocks or 0) * 8 / 1024


async def latency(
    url: str, asker: UUID, needs: list[tuple[UUID, int]], requests: int, clients: int
) -> list[str]:
    from strawberry import relay

    from api.app import create_app
    from db.engine import make_engine, make_sessionmaker
    from db.repositories.accounts import SqlTokenRepository
    from domain.services.accounts import hash_token
    from innovex.bootstrap import build_api_deps
    from innovex.server import freeze_startup_heap
    from innovex.settings import load_settings

    engine = make_engine(url, pool_size=max(4, clients))
    sessions = make_sessionmaker(engine)
    token = secrets.token_urlsafe(32)
    async with sessions() as session:
        await SqlTokenRepository(session).add(
            user_id=asker,
            token_hash=hash_token(token),
            expires_at=datetime(2099, 1, 1, tzinfo=UTC),
        )
        await session.commit()
    deps = build_api_deps(load_settings(), sessions)
    from innovex.bootstrap import add_matching

    add_matching(deps, load_settings())
    app = create_app(deps)
    freeze_startup_heap()
    from measure import fixed_concurrency, latency_table, one_client, throughput_table

    n = len(needs)
    # A need's first ask counts the document frequencies of its words not seen before (the
    # API keeps them a minute), and with --cold reads its pages into the server's buffers;
    # later asks find both kept. The first 10 asks warm up and are not measured.
    mix = [("first asks" if i < n else "later asks", needs[i % n][0]) for i in range(requests + 10)]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:

        async def ask(need_id: UUID) -> None:
            body = {"query": QUERY, "variables": {"id": str(relay.GlobalID("Need", str(need_id)))}}
            response = await client.post(
                "/graphql", json=body, headers={"Authorization": f"Bearer {token}"}
            )
            data = response.json()
            assert "errors" not in data, data
            assert data["data"]["recommendedSuppliers"]["suppliers"], data

        contenders = {"recommend": ask}
        await one_client(contenders, mix[:10])
        single = await one_client(contenders, mix[10:])
        lines = latency_table("recommendedSuppliers over ASGI, one client", single, "recommend")
        busy = await fixed_concurrency(contenders, mix[10:], clients)
        lines += throughput_table("recommendedSuppliers over ASGI", busy, "recommend", clients)
    await engine.dispose()
    return lines


def throughput() -> dict[str, float]:
    from matching.embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    embedder.embed(["warm up"])
    rng = random.Random(3)
    words = [
        "water",
        "level",
        "sensor",
        "flood",
        "warning",
        "river",
        "solar",
        "network",
        "irrigation",
        "drip",
        "coffee",
        "farm",
        "soil",
        "moisture",
        "vaccine",
        "enzyme",
        "polymer",
        "ceramic",
        "robot",
        "arm",
        "welding",
    ]
    short = [" ".join(rng.choice(words) for _ in range(12)) for _ in range(256)]
    long = [" ".join(rng.choice(words) for _ in range(180)) for _ in range(64)]
    out: dict[str, float] = {}
    for name, texts in (("short", short), ("long", long)):
        t = time.perf_counter()
        embedder.embed(texts)
        out[name] = len(texts) / (time.perf_counter() - t)
    return out


async def backfill_time(url: str, n: int) -> tuple[float, int]:
    """Real-text offers (demo-like sentences), embedded by the production backfill."""
    from db.engine import make_engine, make_sessionmaker
    from innovex.bootstrap import build_embedder
    from innovex.settings import load_settings
    from matching.indexer import backfill

    rng = random.Random(11)
    subjects = [
        "sensor network",
        "drip irrigation",
        "vaccine adjuvant",
        "rice husk ceramic",
        "solar dryer",
        "shrimp feed enzyme",
        "flood radar",
        "coffee roasting",
    ]
    engine = make_engine(url, pool_size=2)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        from sqlalchemy import text

        org = (
            await session.execute(
                text(
                    "INSERT INTO organizations (name, kind) VALUES ('Backfill lab', 'university') RETURNING id"
                )
            )
        ).scalar_one()
        for i in range(n):
            s = rng.choice(subjects)
            await session.execute(
                text(
                    "INSERT INTO technology_offers (organization_id, title, summary, description, status) VALUES (:o, :t, :s, :d, 'listed')"
                ),
                {
                    "o": org,
                    "t": f"{s.capitalize()} technology {i}",
                    "s": f"A {s} for Vietnamese farms and factories, tested in the Mekong delta.",
                    "d": " ".join(
                        f"The {s} works with {rng.choice(subjects)} in step {k}." for k in range(12)
                    ),
                },
            )
        await session.commit()
    t = time.perf_counter()
    stats = await backfill(sessions, build_embedder(load_settings()), "all-MiniLM-L6-v2")
    elapsed = time.perf_counter() - t
    await engine.dispose()
    return elapsed, stats.chunks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--suppliers", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4, help="concurrency of the throughput run")
    parser.add_argument("--backfill", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse",
        metavar="NAME",
        help="database to keep between runs: loaded when missing, measured as it is otherwise",
    )
    parser.add_argument("--skip-model", action="store_true", help="latency only")
    parser.add_argument("--skip-latency", action="store_true", help="model timings only")
    parser.add_argument(
        "--cold", action="store_true", help="measure with the server's buffers empty (no prewarm)"
    )
    parser.add_argument(
        "--hnsw-memory",
        default="512MB",
        help="maintenance_work_mem of the HNSW build: 1M offers need ~4GB to build in memory",
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]

    from db.engine import with_database
    from innovex.bootstrap import migrate

    server = server_url()
    name = args.reuse or f"innovex_bench_matching_{secrets.token_hex(3)}"
    reused = bool(args.reuse) and database_exists(server, name)
    if not reused:
        admin(server, f'CREATE DATABASE "{name}"')
    url = with_database(server, name)
    try:
        migrate(url)
        if reused:
            loaded = asyncio.run(loaded_before(url))
            print(f"reusing {name}: {len(loaded['needs'])} needs")
        elif not args.skip_latency:
            t = time.perf_counter()
            loaded = asyncio.run(
                load(url, args.offers, args.suppliers, hnsw_memory=args.hnsw_memory)
            )
            print(
                f"loaded {args.offers} offers / {args.suppliers} suppliers in "
                f"{time.perf_counter() - t:.0f}s (HNSW build {loaded['hnsw_seconds']:.0f}s)"
            )
        if not args.skip_latency:
            if not args.cold:
                print(f"prewarmed {asyncio.run(prewarm(url)):.0f} MB into shared buffers")
            lines = asyncio.run(
                latency(url, loaded["asker"], loaded["needs"], args.requests, args.clients)
            )
            print("\n".join(lines))
    finally:
        if not (args.keep or args.reuse):
            admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not args.skip_model:
        rates = throughput()
        print(
            f"embedding throughput: short (12 words) {rates['short']:.0f} texts/s, "
            f"long (180 words) {rates['long']:.1f} texts/s"
        )
        # The backfill gets its own empty database: it embeds every listing it finds.
        backfill_db = f"{name}_backfill"
        admin(server, f'CREATE DATABASE "{backfill_db}"')
        try:
            backfill_url = with_database(server, backfill_db)
            migrate(backfill_url)
            seconds, chunks = asyncio.run(backfill_time(backfill_url, args.backfill))
        finally:
            admin(server, f'DROP DATABASE IF EXISTS "{backfill_db}" WITH (FORCE)')
        per = seconds / args.backfill
        print(
            f"backfill: {args.backfill} real-text offers ({chunks} chunks) in {seconds:.1f}s "
            f"= {args.backfill / seconds:.1f} offers/s; 100,000 offers ~ "
            f"{per * 100_000 / 3600:.1f} h"
        )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
