"""Search benchmark on the PostgreSQL backend.

1. Generates `--n` listings (technology offers, needs, initiatives in public states, owned by
   `--n / 50` verified organisations) with bilingual text drawn from a vocabulary of Vietnamese
   and English technology phrases (Zipf-distributed, so some words are common and most are
   rare), inserted straight into the listing tables.
2. Indexes them from the database (`search.indexer.reindex`, the `innovex reindex` path) and
   reports documents/s; then runs a second full reindex over the live index and reports its
   time (delete + insert in one transaction, searches keep answering).
3. Indexes the same public documents into the peer, tantivy (`bench/search_peer.py`: the same
   fields, boosts, folding, typo rule, filters, facets and snippets), and checks, untimed, that
   both find the same documents.
4. Runs a query mix — plain Vietnamese words, the same typed without diacritics, English,
   one-typo words, and filters (province, TRL range, kinds, transfer modes) — against tantivy,
   our engine (`PostgresSearchIndex.search`) and the GraphQL `search` field end to end (the
   ASGI app in-process via httpx), interleaved (bench/measure.py): one client's p50/p95/p99,
   then throughput at `--clients` concurrent clients, each with its ratio to tantivy.

    .venv/bin/pip install -e ".[bench]"                  # tantivy
    .venv/bin/python bench/search.py [--n 100000] [--clients 4] [--queries 2000]
    .venv/bin/python bench/search.py --keep ...           # prints the scratch database's name
    .venv/bin/python bench/search.py --reuse innovex_bench_xxxxxx --queries 1000  # queries only

The database is a scratch one on the embedded server (or DATABASE_URL's server), dropped at
the end unless --keep.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (Vietnamese, English) pairs: topics, the nouns and qualifiers of titles, what they are for.
_VOCABULARY = json.loads((Path(__file__).parent / "search_vocabulary.json").read_text("utf-8"))
PHRASES: list[tuple[str, str]] = [(vi, en) for vi, en in _VOCABULARY["phrases"]]
NOUNS: list[tuple[str, str]] = [(vi, en) for vi, en in _VOCABULARY["nouns"]]
QUALIFIERS: list[tuple[str, str]] = [(vi, en) for vi, en in _VOCABULARY["qualifiers"]]
ASPECTS: list[tuple[str, str]] = [(vi, en) for vi, en in _VOCABULARY["aspects"]]
PROVINCES = ["ha-noi", "ho-chi-minh", "da-nang", "can-tho", "hue", "hai-phong", "khanh-hoa"]
TRANSFER_MODES = ["licence", "assignment", "joint_development", "consulting", "product_sale"]
IP = ["none", "application_filed", "granted", "trade_secret"]
ORG_KINDS = ["university", "research_institute", "enterprise", "startup", "agency"]


def strip_diacritics(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + rng.choice("aeiourstn") + word[i + 1 :]


class Text:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        # Mildly skewed: the most common topic is in about one listing in ten, as on a
        # national exchange where no single technology dominates.
        weights = [1 / (rank + 1) ** 0.5 for rank in range(len(PHRASES))]
        self.weights = weights

    def phrase(self) -> tuple[str, str]:
        return self.rng.choices(PHRASES, self.weights)[0]

    def aspect(self) -> tuple[str, str]:
        return self.rng.choice(ASPECTS)

    def listing(self, english: bool) -> dict[str, Any]:
        """Title: what (phrase) for whom (aspect); summary: what it is combined with."""
        lang = 1 if english else 0
        main, other, aspect = self.phrase(), self.phrase(), self.aspect()
        noun, qualifier = self.rng.choice(NOUNS), self.rng.choice(QUALIFIERS)
        if english:
            title = f"{noun[1].capitalize()}: {main[1]} for {aspect[1]}, {qualifier[1]}"
            summary = f"{main[1].capitalize()} combined with {other[1]} for {self.aspect()[1]}."
        else:
            title = f"{noun[0].capitalize()} {main[0]} cho {aspect[0]}, {qualifier[0]}"
            summary = f"{main[0].capitalize()} kết hợp {other[0]} cho {self.aspect()[0]}."
        keywords = [main[lang], aspect[lang], other[lang]]
        return {"title": title[:300], "summary": summary, "keywords": keywords}


async def generate(url: str, n: int, seed: int) -> None:
    from sqlalchemy import insert

    from db.engine import make_engine
    from db.tables import initiatives, needs, organizations, technology_offers
    from domain.taxonomy import SECTORS

    rng = random.Random(seed)
    words = Text(rng)
    sectors = [s.code for s in SECTORS]
    engine = make_engine(url, pool_size=2)
    org_ids = [uuid4() for _ in range(max(1, n // 50))]
    base = datetime(2025, 1, 1, tzinfo=UTC)
    async with engine.begin() as conn:
        await conn.execute(
            insert(organizations),
            [
                {
                    "id": oid,
                    "name": f"{rng.choice(['Viện', 'Công ty', 'Trung tâm', 'Trường Đại học'])} "
                    f"{words.phrase()[0]} {i}",
                    "kind": rng.choice(ORG_KINDS),
                    "province_code": rng.choice(PROVINCES),
                    "verified": True,
                }
                for i, oid in enumerate(org_ids)
            ],
        )
    made = 0
    chunk = 2000
    while made < n:
        size = min(chunk, n - made)
        offers, need_rows, initiative_rows = [], [], []
        for i in range(size):
            english = rng.random() < 0.2
            text = words.listing(english)
            common = {
                "id": uuid4(),
                "organization_id": rng.choice(org_ids),
                "title": text["title"],
                "field_code": rng.choice(sectors),
                "keywords": text["keywords"],
                "province_code": rng.choice(PROVINCES),
                "updated_at": base + timedelta(minutes=made + i),
                "description": "confidential",
            }
            roll = rng.random()
            if roll < 0.5:
                offers.append(
                    {
                        **common,
                        "summary": text["summary"],
                        "trl": rng.randint(1, 9),
                        "ip_status": rng.choice(IP),
                        "transfer_modes": rng.sample(TRANSFER_MODES, rng.randint(1, 3)),
                        "status": "listed",
                    }
                )
            elif roll < 0.75:
                common.pop("description")
                need_rows.append(
                    {
                        **common,
                        "problem_statement": text["summary"],
                        "min_trl": rng.randint(1, 9),
                        "status": "open",
                    }
                )
            else:
                initiative_rows.append(
                    {
                        **common,
                        "summary": text["summary"],
                        "trl": rng.randint(1, 9),
                        "ip_status": rng.choice(IP),
                        "language": "en" if english else "vi",
                        "status": "published",
                    }
                )
        async with engine.begin() as conn:
            for table, rows in (
                (technology_offers, offers),
                (needs, need_rows),
                (initiatives, initiative_rows),
            ):
                if rows:
                    await conn.execute(insert(table), rows)
        made += size
    await engine.dispose()


def query_mix(count: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """(category, search arguments) pairs."""
    rng = random.Random(seed)
    words = Text(rng)
    mix: list[tuple[str, dict[str, Any]]] = []
    for i in range(count):
        vi, en = words.phrase()
        if rng.random() < 0.6:  # most users say what for whom; some type the topic alone
            aspect = words.aspect()
            vi, en = f"{vi} {aspect[0]}", f"{en} {aspect[1]}"
        kind = i % 5
        if kind == 0:
            mix.append(("plain", {"text": vi}))
        elif kind == 1:
            mix.append(("no-diacritics", {"text": strip_diacritics(vi)}))
        elif kind == 2:
            mix.append(("english", {"text": en}))
        elif kind == 3:
            longest = max(strip_diacritics(vi).split() + en.split(), key=len)
            text = typo(longest, rng) if len(longest) >= 5 else longest
            mix.append(("typo", {"text": text}))
        else:
            low = rng.randint(1, 6)
            mix.append(
                (
                    "filters",
                    {
                        "text": strip_diacritics(vi).split()[0] if rng.random() < 0.5 else vi,
                        "provinces": (rng.choice(PROVINCES),),
                        "trl_min": low,
                        "trl_max": low + 3,
                        "kinds": ("offer", "initiative"),
                        "transfer_modes": (rng.choice(TRANSFER_MODES),)
                        if rng.random() < 0.3
                        else (),
                    },
                )
            )
    return mix


GRAPHQL = """query($q: String!, $kinds: [SearchKind!], $filter: SearchFilterInput) {
  search(query: $q, kinds: $kinds, filter: $filter, first: 20) {
    __typename
    ... on SearchResults { totalCount processingMs
      edges { node { id kind title highlights { field snippet } } }
      facets { name values { value count } } }
    ... on ValidationError { fields { path code message } }
  } }"""


def graphql_variables(arguments: dict[str, Any]) -> dict[str, Any]:
    variables: dict[str, Any] = {"q": arguments["text"]}
    if arguments.get("kinds"):
        variables["kinds"] = [k.upper() for k in arguments["kinds"]]
    flt: dict[str, Any] = {}
    if arguments.get("provinces"):
        flt["provinces"] = list(arguments["provinces"])
    if arguments.get("trl_min") is not None:
        flt["trlMin"], flt["trlMax"] = arguments["trl_min"], arguments["trl_max"]
    if arguments.get("transfer_modes"):
        flt["transferModes"] = [m.upper() for m in arguments["transfer_modes"]]
    if flt:
        variables["filter"] = flt
    return variables


async def bench(url: str, args: argparse.Namespace) -> list[str]:
    import httpx
    from measure import (
        fixed_concurrency,
        latency_table,
        load_average,
        one_client,
        ratio_line,
        throughput_table,
    )
    from search_peer import TantivyPeer

    from api.app import create_app
    from db.engine import make_engine, make_sessionmaker
    from domain.search import DocumentKind, SearchFilter, SearchQuery
    from innovex.bootstrap import build_api_deps
    from innovex.server import freeze_startup_heap
    from innovex.settings import Settings
    from search.indexer import public_documents, reindex
    from search.postgres import PostgresSearchIndex

    lines: list[str] = [f"start: {load_average()}"]
    engine = make_engine(url, pool_size=max(args.clients, 2))
    sessions = make_sessionmaker(engine)
    index = PostgresSearchIndex(sessions, max_candidates=args.max_candidates)
    if not args.reuse:
        started = time.perf_counter()
        await generate(url, args.n, args.seed)
        lines.append(
            f"generated {args.n} listings + {max(1, args.n // 50)} organisations "
            f"in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        indexed = await reindex(sessions, index)
        seconds = time.perf_counter() - started
        lines.append(
            f"initial indexing, PostgreSQL: {indexed} documents in {seconds:.1f} s "
            f"({indexed / seconds:.0f} documents/s; {load_average()})"
        )

    from sqlalchemy import text

    # Steady state, as autovacuum leaves it after the initial load.
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE search_documents"))
        await conn.execute(text("VACUUM ANALYZE search_terms"))
        terms = await conn.scalar(text("SELECT count(*) FROM search_terms"))
        size = await conn.scalar(
            text("SELECT pg_size_pretty(pg_total_relation_size('search_documents'))")
        )
        buffers = await conn.scalar(text("SHOW shared_buffers"))
    lines.append(f"vocabulary: {terms} terms; search_documents {size}; shared_buffers {buffers}")

    # The peer indexes the same public documents, read from the database the same way.
    peer = TantivyPeer()
    writer = peer.writer()
    started, indexed = time.perf_counter(), 0
    async with sessions() as session:
        async for batch in public_documents(session):
            indexed += peer.add(writer, batch)
    peer.commit(writer)
    seconds = time.perf_counter() - started  # reading from PostgreSQL included, as for ours
    lines.append(
        f"initial indexing, tantivy: {indexed} documents in {seconds:.1f} s "
        f"({indexed / seconds:.0f} documents/s, one writer thread; {load_average()})"
    )

    def search_query(arguments: dict[str, Any]) -> SearchQuery:
        return SearchQuery(
            text=arguments["text"],
            kinds=tuple(DocumentKind(k) for k in arguments.get("kinds", ())),
            filter=SearchFilter(
                provinces=arguments.get("provinces", ()),
                trl_min=arguments.get("trl_min"),
                trl_max=arguments.get("trl_max"),
                transfer_modes=arguments.get("transfer_modes", ()),
            ),
            embedding=arguments.get("embedding"),
        )

    async def postgres_call(arguments: dict[str, Any]) -> None:
        await index.search(search_query(arguments))

    if args.hybrid:
        from search_hybrid import hybrid_bench

        mix = query_mix(args.queries, args.seed + 1)
        lines += await hybrid_bench(engine, mix, args.seed, postgres_call)
        await engine.dispose()
        return lines

    async def tantivy_call(arguments: dict[str, Any]) -> None:
        # A thread, as a server would run a blocking library call off its event loop.
        await asyncio.to_thread(peer.search, search_query(arguments))

    mix = query_mix(args.queries, args.seed + 1)
    lines += await overlap(mix[:100], search_query, index, peer)

    contenders = {"tantivy": tantivy_call, "postgres": postgres_call}
    client = None
    if not args.skip_graphql:
        deps = build_api_deps(Settings(database_url=url), sessions)
        deps.search_index = index
        transport = httpx.ASGITransport(app=create_app(deps))
        client = httpx.AsyncClient(transport=transport, base_url="http://bench")

        async def graphql_call(arguments: dict[str, Any]) -> None:
            assert client is not None
            response = await client.post(
                "/graphql", json={"query": GRAPHQL, "variables": graphql_variables(arguments)}
            )
            body = response.json()
            assert response.status_code == 200, body
            assert "errors" not in body, body
            assert body["data"]["search"]["__typename"] == "SearchResults", body

        contenders["graphql"] = graphql_call
    freeze_startup_heap()
    try:
        await fixed_concurrency(contenders, mix[:100], args.clients, rounds=1)  # warm-up
        single = await one_client(contenders, mix)
        lines += latency_table("one client, engines interleaved query by query", single, "tantivy")
        if client is not None:
            lines.append(ratio_line(single, "graphql", "postgres"))
        busy = await fixed_concurrency(contenders, mix, args.clients)
        lines += throughput_table("throughput, engines alternating", busy, "tantivy", args.clients)
    finally:
        if client is not None:
            await client.aclose()

    if args.reuse and not args.reindex:
        await engine.dispose()
        return lines
    started = time.perf_counter()
    indexed = await reindex(sessions, index)
    lines.append(
        f"full reindex over the live index: {indexed} documents in "
        f"{time.perf_counter() - started:.1f} s ({load_average()})"
    )
    await engine.dispose()
    return lines


async def overlap(
    mix: Sequence[tuple[str, dict[str, Any]]],
    search_query: Callable[[dict[str, Any]], Any],
    index: Any,
    peer: Any,
) -> list[str]:
    """Untimed: do both engines find the same documents? (Top-10 orders differ where scores
    tie, and BM25 is not ts_rank.)"""
    same_total, shared = 0, []
    for _, arguments in mix:
        query = search_query(arguments)
        ours = await index.search(query)
        theirs = peer.search(query)
        same_total += ours.total == min(theirs["total"], args_max(index))
        mine = {h.id for h in ours.hits[:10]}
        if mine:
            shared.append(len(mine & {h[0] for h in theirs["hits"][:10]}) / len(mine))
    return [
        f"peer check on {len(mix)} queries: same total (ours capped at max_candidates) in "
        f"{same_total}, top-10 overlap {statistics.mean(shared) if shared else 0:.0%}"
    ]


def args_max(index: Any) -> int:
    return int(index._max_candidates)  # a private name, read for this untimed check only


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="listings to generate")
    parser.add_argument("--clients", type=int, default=4, help="concurrency of the throughput run")
    parser.add_argument("--queries", type=int, default=2000, help="queries per contender and run")
    parser.add_argument("--seed", type=int, default=20251123)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse",
        metavar="DATABASE",
        help="measure queries on a database kept by an earlier --keep run (no generation, no "
        "indexing; --n is then ignored)",
    )
    parser.add_argument("--reindex", action="store_true", help="with --reuse: time a reindex too")
    parser.add_argument(
        "--max-candidates", type=int, default=1000, help="PostgresSearchIndex max_candidates"
    )
    parser.add_argument(
        "--skip-graphql", action="store_true", help="engines only (no GraphQL contender)"
    )
    parser.add_argument(
        "--hybrid",
        action="store_true",
        help="one client, lexical vs hybrid engine queries (bench/search_hybrid.py)",
    )
    args = parser.parse_args()

    import logging

    logging.disable(logging.WARNING)
    from db.databases import create_database, drop_database
    from db.engine import libpq_url, with_database
    from innovex.bootstrap import migrate

    server = os.environ.get("DATABASE_URL")
    if server:
        server = libpq_url(server)
    else:
        from db.embedded import start_embedded

        server = start_embedded(ROOT / ".data" / "bench", database="postgres")
    if args.reuse:
        url = with_database(server, args.reuse)
        migrate(url)
        print("\n".join(asyncio.run(bench(url, args))))
        return
    name = f"innovex_bench_{secrets.token_hex(3)}"
    url = create_database(server, name)
    print(f"database {name}", flush=True)
    try:
        migrate(url)
        lines = asyncio.run(bench(url, args))
    finally:
        if not args.keep:
            drop_database(server, url)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
