"""Statistics benchmark: `statistics(period)` latency at 100,000 initiatives and 1,000,000
timeline events.

    .venv/bin/python bench/statistics_latency.py [--listings 100000] [--events 1000000]
                                                 [--requests 100] [--keep]

A scratch database on the embedded server (or DATABASE_URL's server), migrated to head, gets
a synthetic portal bulk-loaded with COPY: 1,000 organisations across the 34 provinces,
`--listings` initiatives over 46 sectors submitted between January 2024 and December 2026,
each walking the real funnel (submitted, screening, under review, accepted or rejected,
published, commercialising) in `listing_status_changes`, topped up with offer and need
timeline rows to `--events`; one review decision per decided initiative, 20,000 connections
and 5,000 deals. Then VACUUM ANALYZE, the rollups' refresh (timed: the worker's job), and `statistics` is asked `--requests` times per scenario as
GraphQL over HTTP against the ASGI app in-process (httpx ASGITransport: parsing, validation,
permission, the four SQL statements, serialisation), one at a time after 5 warm-up requests,
as a central operator; p50/p95/p99 are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import secrets
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from measure import load_average, percentiles  # noqa: E402
from scratch import scratch_database  # noqa: E402

QUERY = """query($p: String!, $pr: [String!]) { statistics(period: $p, provinces: $pr) {
  __typename ... on Statistics { funnel { stage total byMonth { bucket count } }
  decisionTime { decided p50Days p90Days } connectionsByState { state count }
  deals { count valueVnd byKind { key count } byProvince { key count } }
  topFields { code received } topProvinces { code received } } } }"""

SCENARIOS = (
    ("quarter 2026-Q3, national", {"p": "2026-Q3"}),
    ("year 2026, national", {"p": "2026"}),
    ("year 2026, one province", {"p": "2026", "pr": ["can-tho"]}),
    ("month 2026-07, national", {"p": "2026-07"}),
)


async def load(url: str, n_listings: int, n_events: int) -> str:
    """Bulk-load the synthetic portal; returns a bearer token of a central operator."""
    import asyncpg

    from domain.provinces import PROVINCES
    from domain.services.accounts import hash_token
    from domain.taxonomy import SECTORS

    rng = random.Random(2026)
    provinces = [p.code for p in PROVINCES]
    sectors = [f.code for f in SECTORS]
    conn = await asyncpg.connect(url)
    try:
        operator = uuid4()
        await conn.execute(
            "INSERT INTO users (id, email, display_name, password_hash, roles) "
            "VALUES ($1, 'bench-operator@innovex.invalid', 'Bench operator', '!', '{operator}')",
            operator,
        )
        token = secrets.token_urlsafe(32)
        await conn.execute(
            "INSERT INTO auth_tokens (id, user_id, token_hash, expires_at) "
            "VALUES ($1, $2, $3, now() + interval '1 day')",
            uuid4(),
            operator,
            hash_token(token),
        )
        orgs = [(uuid4(), f"Org {i:04d}", "university", rng.choice(provinces)) for i in range(1000)]
        await conn.copy_records_to_table(
            "organizations", records=orgs, columns=["id", "name", "kind", "province_code"]
        )
        start = datetime(2024, 1, 1, tzinfo=UTC)
        span = (datetime(2026, 12, 31, tzinfo=UTC) - start).total_seconds()
        initiatives, events, decisions = [], [], []
        for i in range(n_listings):
            lid, org = uuid4(), rng.choice(orgs)
            t = start + timedelta(seconds=rng.random() * span)
            path = [("draft", "submitted", t), ("submitted", "screening", t + timedelta(days=2))]
            status = "screening"
            if rng.random() < 0.85:
                path.append(("screening", "under_review", t + timedelta(days=7)))
                decided = t + timedelta(days=rng.uniform(20, 120))
                outcome = "accepted" if rng.random() < 0.6 else "rejected"
                path.append(("under_review", outcome, decided))
                decisions.append(
                    (
                        uuid4(),
                        lid,
                        0,
                        outcome[:-2] if outcome == "accepted" else "reject",
                        "Hội đồng đã đánh giá.",
                        operator,
                        decided,
                    )
                )
                status = outcome
                if outcome == "accepted":
                    path.append(("accepted", "published", decided + timedelta(days=5)))
                    status = "published"
                    if rng.random() < 0.3:
                        path.append(("published", "commercialising", decided + timedelta(days=60)))
                        status = "commercialising"
            initiatives.append(
                (lid, org[0], f"Sáng kiến {i}", org[3], rng.choice(sectors), status, t, t, t)
            )
            events.extend(("initiative", lid, a, b, operator, at) for a, b, at in path)
        await conn.copy_records_to_table(
            "initiatives",
            records=initiatives,
            columns=[
                "id",
                "organization_id",
                "title",
                "province_code",
                "field_code",
                "status",
                "created_at",
                "updated_at",
                "status_changed_at",
            ],
        )
        while len(events) < n_events:
            kind = rng.choice(("offer", "need"))
            t = start + timedelta(seconds=rng.random() * span)
            events.append(
                (kind, uuid4(), "draft", "listed" if kind == "offer" else "open", operator, t)
            )
        await conn.copy_records_to_table(
            "listing_status_changes",
            records=events[:n_events],
            columns=["listing_kind", "listing_id", "from_status", "to_status", "actor_id", "at"],
        )
        await conn.copy_records_to_table(
            "review_decisions",
            records=decisions,
            columns=[
                "id",
                "initiative_id",
                "round",
                "outcome",
                "public_reason",
                "decided_by",
                "decided_at",
            ],
        )
        connections, deals = [], []
        states = ("pending", "accepted", "declined", "negotiating", "closed")
        pairs: set[tuple[object, object]] = set()
        for i in range(20_000):
            listing, requester = rng.choice(initiatives), rng.choice(orgs)[0]
            if (listing[0], requester) in pairs:
                continue
            pairs.add((listing[0], requester))
            cid = uuid4()
            at = listing[6] + timedelta(days=rng.uniform(30, 200))
            state = "deal" if i < 5_000 else rng.choice(states)
            connections.append(
                (
                    cid,
                    "interest",
                    "initiative",
                    listing[0],
                    listing[1],
                    requester,
                    operator,
                    "Quan tâm.",
                    state,
                    at,
                    at,
                )
            )
            if state == "deal":
                deals.append(
                    (
                        uuid4(),
                        cid,
                        rng.choice(("licence", "assignment", "investment")),
                        rng.choice((None, rng.randrange(10**8, 10**11))),
                        (at + timedelta(days=30)).date(),
                        operator,
                    )
                )
        await conn.copy_records_to_table(
            "connections",
            records=connections,
            columns=[
                "id",
                "kind",
                "listing_kind",
                "listing_id",
                "owner_organization_id",
                "requester_organization_id",
                "requested_by",
                "intro",
                "status",
                "created_at",
                "updated_at",
            ],
        )
        await conn.copy_records_to_table(
            "deals",
            records=deals,
            columns=["id", "connection_id", "kind", "value_vnd", "signed_on", "recorded_by"],
        )
        # As in a server that has been up a while: autovacuum has set the visibility map.
        await conn.execute("VACUUM ANALYZE")
        started = time.perf_counter()
        from db.repositories.statistics import ROLLUPS

        for view in ROLLUPS:
            await conn.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {view}")
        print(
            f"rollup refresh (the worker's job, every 5 minutes): {time.perf_counter() - started:.1f} s"
        )
        await conn.execute("; ".join(f"ANALYZE {view}" for view in ROLLUPS))
    finally:
        await conn.close()
    return token


async def measure(url: str, token: str, requests: int) -> list[tuple[str, dict[str, float]]]:
    from api.app import create_app
    from api.deps import ApiDeps
    from db.engine import make_engine, make_sessionmaker
    from security.passwords import Argon2PasswordHasher

    engine = make_engine(url, pool_size=2)
    deps = ApiDeps(sessions=make_sessionmaker(engine), password_hasher=Argon2PasswordHasher())
    app = create_app(deps)
    out = []
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        for name, variables in SCENARIOS:
            latencies = []
            for i in range(requests + 5):
                started = time.perf_counter()
                response = await client.post(
                    "/graphql", json={"query": QUERY, "variables": variables}, headers=headers
                )
                elapsed = time.perf_counter() - started
                body = response.json()
                assert body["data"]["statistics"]["__typename"] == "Statistics", body
                if i >= 5:
                    latencies.append(elapsed * 1000)
            q = percentiles(latencies)
            out.append((name, q))
            print(
                f"{name:32s} p50 {q['p50']:7.1f} ms  p95 {q['p95']:7.1f} ms  p99 {q['p99']:7.1f} ms"
            )
    await engine.dispose()
    return out


def arguments(requests: int) -> argparse.Namespace:
    """The size of the synthetic portal, requests per scenario, and whether to keep it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=requests)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


def main() -> int:
    args = arguments(requests=100)

    with scratch_database("innovex_bench_stats", keep=args.keep) as url:
        started = time.perf_counter()
        token = asyncio.run(load(url, args.listings, args.events))
        print(
            f"loaded {args.listings} initiatives, {args.events} timeline events in "
            f"{time.perf_counter() - started:.0f} s"
        )
        print(f"machine: {platform.machine()}, {load_average()}")
        asyncio.run(measure(url, token, args.requests))
        print(f"after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
