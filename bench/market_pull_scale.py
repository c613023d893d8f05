"""Latency of market pull's reference statement (`SqlMatchingReader.listing_spreads`) at
scale: 20 000 public offers and 20 000 initiatives (one in five of language "other"), 2 000
needs, random 384-d vectors, in a scratch database on the embedded server.

    .venv/bin/python bench/market_pull_scale.py [--listings-per-kind N]

Prints the median and max of 15 calls for five needs per reference language, and the plan.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODEL = "multilingual-e5-small-q4"


async def run(url: str, per_kind: int) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncSession

    from db.engine import make_engine
    from db.repositories.matching_reader import SqlMatchingReader
    from db.repositories.vector_sql import listing_spreads_sql
    from domain.potential import PULL_SAMPLE

    engine = make_engine(url, pool_size=1)
    started = time.perf_counter()
    async with engine.begin() as c:
        org = (
            await c.execute(
                text(
                    "INSERT INTO organizations (id, name, kind)"
                    " VALUES (gen_random_uuid(), 'Scale', 'company') RETURNING id"
                )
            )
        ).scalar()
        for kind, n in (("offer", per_kind), ("initiative", per_kind), ("need", 2000)):
            await c.execute(
                text(
                    """
                    INSERT INTO embeddings (subject_kind, subject_id, chunk, organization_id,
                                            public, model, dimension, embedding, text_hash,
                                            language)
                    SELECT :k, gen_random_uuid(), 0, :org, true, :m, 384,
                           l2_normalize((SELECT array_agg(random() - 0.5)
                                         FROM generate_series(1, 384) AS d(i)
                                         WHERE g.g > 0)::vector),
                           'x', CASE WHEN g.g % 5 = 0 THEN 'other' ELSE 'vi' END
                    FROM generate_series(1, :n) AS g(g)
                    """
                ),
                {"k": kind, "org": org, "m": MODEL, "n": n},
            )
        await c.execute(text("ANALYZE embeddings"))
    print(f"loaded in {time.perf_counter() - started:.0f} s")
    async with AsyncSession(engine) as session:
        reader = SqlMatchingReader(session)
        needs = list(
            (
                await session.execute(
                    text("SELECT subject_id FROM embeddings WHERE subject_kind = 'need' LIMIT 5")
                )
            ).scalars()
        )
        me = (
            await session.execute(
                text("SELECT subject_id FROM embeddings WHERE subject_kind = 'offer' LIMIT 1")
            )
        ).scalar()
        for language in ("vi", "other", None):
            times = []
            for _ in range(15):
                t = time.perf_counter()
                found = await reader.listing_spreads(
                    MODEL,
                    needs,
                    dimension=384,
                    language=language,
                    exclude=("offer", me),
                    sample=PULL_SAMPLE,
                )
                times.append(time.perf_counter() - t)
            print(
                f"{language or 'any'}: peers {sorted({v.count for v in found.values()})}, "
                f"median {1000 * statistics.median(times):.1f} ms, max {1000 * max(times):.1f} ms"
            )
        plan = await session.execute(
            text("EXPLAIN (ANALYZE, BUFFERS) " + listing_spreads_sql(MODEL, 384)),
            {
                "needs": needs,
                "kinds": ["initiative", "offer"],
                "language": "other",
                "kind": "offer",
                "id": me,
                "n": PULL_SAMPLE,
            },
        )
        print("\n".join(r[0] for r in plan))
    await engine.dispose()


def main() -> None:
    from db.databases import drop_database
    from db.embedded import start_embedded
    from tests.conftest import create_migrated_database

    parser = argparse.ArgumentParser()
    parser.add_argument("--listings-per-kind", type=int, default=20_000)
    args = parser.parse_args()
    server = start_embedded(ROOT / ".data", database="postgres")
    url = create_migrated_database(server, prefix="innovex_bench_pull_scale")
    try:
        asyncio.run(run(url, args.listings_per_kind))
    finally:
        drop_database(server, url)


if __name__ == "__main__":
    main()
