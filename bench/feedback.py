"""Feedback benchmark: what users' ratings add to `statistics(period)` at the scale of
bench/statistics_latency.py (100,000 initiatives, 1,000,000 timeline events).

    .venv/bin/python bench/feedback.py [--listings 100000] [--events 1000000]
                                       [--requests 50] [--keep]

bench/statistics_latency.py's synthetic portal is loaded into a scratch database; then every decided
initiative gets a SUBMISSION and a REVIEW rating and every answered connection a CONNECTION
rating (score 1-5, a third with a comment), rated within 20 days of the decision or the
connection's last change. In one run and per scenario: `statistics` over GraphQL in-process
(as bench/statistics_latency.py does), and the ratings' own aggregate statement alone through the
repository, so its share of a request is a ratio measured under the same load.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# bench/statistics_latency.py by path: bench/ is not a package.
_spec = importlib.util.spec_from_file_location(
    "bench_statistics", ROOT / "bench" / "statistics_latency.py"
)
assert _spec is not None
assert _spec.loader is not None
stats_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stats_bench)

from measure import load_average, percentiles  # noqa: E402
from scratch import scratch_database  # noqa: E402

RATINGS = """
INSERT INTO process_ratings (process, subject_id, listing_kind, listing_id, province_code,
                             field_code, user_id, score, comment, rated_at)
SELECT p.process, d.initiative_id, 'initiative', d.initiative_id, i.province_code,
       i.field_code, $1::uuid, 1 + floor(random() * 5)::int,
       CASE WHEN random() < 0.33 THEN 'Ý kiến.' END,
       d.decided_at + random() * interval '20 days'
FROM review_decisions d JOIN initiatives i ON i.id = d.initiative_id
  CROSS JOIN (VALUES ('submission'), ('review')) AS p(process)
UNION ALL
SELECT 'connection', c.id, c.listing_kind, c.listing_id,
       coalesce(li.province_code, lo.province_code, ln.province_code),
       coalesce(li.field_code, lo.field_code, ln.field_code), $1::uuid,
       1 + floor(random() * 5)::int, CASE WHEN random() < 0.33 THEN 'Ý kiến.' END,
       c.updated_at + random() * interval '20 days'
FROM connections c
  LEFT JOIN initiatives li ON c.listing_kind = 'initiative' AND li.id = c.listing_id
  LEFT JOIN technology_offers lo ON c.listing_kind = 'offer' AND lo.id = c.listing_id
  LEFT JOIN needs ln ON c.listing_kind = 'need' AND ln.id = c.listing_id
WHERE c.status <> 'pending'
"""


async def add_ratings(url: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        user = await conn.fetchval("SELECT id FROM users WHERE email LIKE 'bench-operator%'")
        await conn.execute(RATINGS, user)
        await conn.execute("VACUUM ANALYZE process_ratings")
        return int(await conn.fetchval("SELECT count(*) FROM process_ratings"))
    finally:
        await conn.close()


async def time_statement(url: str, requests: int) -> None:
    from db.engine import make_engine, make_sessionmaker
    from db.repositories.feedback import SqlFeedbackStatistics
    from domain.statistics import build_query

    engine = make_engine(url, pool_size=1)
    sessions = make_sessionmaker(engine)
    for name, variables in stats_bench.SCENARIOS:
        q = build_query(variables["p"], variables.get("pr"), None)
        latencies = []
        async with sessions() as session:
            reader = SqlFeedbackStatistics(session)
            for i in range(requests + 5):
                started = time.perf_counter()
                found = await reader.ratings(
                    starts_at=q.period.starts_at,
                    ends_at=q.period.ends_at,
                    provinces=q.provinces,
                    field_codes=q.field_codes,
                )
                if i >= 5:
                    latencies.append((time.perf_counter() - started) * 1000)
        p = percentiles(latencies)
        counted = sum(r.count for r in found)
        print(
            f"{name:32s} ratings statement p50 {p['p50']:6.1f} ms  p95 {p['p95']:6.1f} ms "
            f"({counted} ratings counted)"
        )
    await engine.dispose()


def main() -> int:
    args = stats_bench.arguments(requests=50)

    with scratch_database("innovex_bench_feedback", keep=args.keep) as url:
        token = asyncio.run(stats_bench.load(url, args.listings, args.events))
        print(f"{asyncio.run(add_ratings(url))} ratings")
        print(f"before: {load_average()}")
        asyncio.run(stats_bench.measure(url, token, args.requests))
        asyncio.run(time_statement(url, args.requests))
        print(f"after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
