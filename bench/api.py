"""What the API costs: GraphQL against raw endpoints, and one API process against two.

1. **GraphQL overhead.** One uvicorn process on 127.0.0.1 serves the real GraphQL app and two
   raw Starlette JSON endpoints that run the same engine calls and build the same JSON by
   hand: the listing page (20 technology offers with their organisations, the same repository
   calls) and the search page (the `search` field's engine call: 20 hits with snippets and
   the facets, ~375 fields). Both pairs must return identical JSON.
2. **Processes.** `innovex serve --workers 1` and `innovex serve --workers 2` on the same
   database, each on its own port; the listing page through GraphQL, at `--concurrency` and at
   `--process-clients` (8: one process is saturated by 4 clients, two are not), with the share
   of the cores the servers, PostgreSQL and the client used (bench/cpu_shares.py). The client's
   connections are spread over the processes in turn, as a load balancer would.

Every comparison runs in one run, interleaved (bench/measure.py): one client's p50/p95/p99, then
throughput at `--concurrency` concurrent clients, with the load average. The client is
bench/http_client.py (keep-alive, pre-encoded requests) so that it costs the shared cores little.

    .venv/bin/python bench/api.py [--requests 2000] [--concurrency 4]

The database is a scratch one on the embedded server (or DATABASE_URL's), loaded with the demo
data set, and dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from innovex.probe import ServerDidNotStart, wait_until_healthy  # noqa: E402

SEARCH_TEXT = "công nghệ"  # broad on the demo data: a full page of hits and facets
SEARCH_QUERY = """query($q: String!) { search(query: $q, first: 20) { __typename
  ... on SearchResults { totalCount processingMs
    edges { node { id kind title highlights { field snippet } } }
    facets { name values { value count } } } } }"""
LISTING_QUERY = """{ technologyOffers(first: 20) { edges { node {
  id title summary trl ipStatus fieldCode keywords transferModes priceMinVnd priceMaxVnd
  provinceCode status organization { id name kind provinceCode verified } } } } }"""


def create_app(url: str) -> Any:
    """The app served by the server process: GraphQL plus the raw endpoint."""
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from strawberry import relay

    from api.app import create_app as create_api
    from api.search.types import SearchFacet, node_id
    from db.engine import make_engine, make_sessionmaker
    from db.repositories.accounts import SqlOrganizationRepository
    from db.repositories.listings import SqlOfferRepository
    from domain.accounts import Actor
    from domain.listings import ListingFilter
    from domain.search import SearchQuery
    from innovex.bootstrap import build_api_deps, build_search_index
    from innovex.server import freeze_startup_heap
    from innovex.settings import load_settings

    engine = make_engine(url, pool_size=10)
    sessions = make_sessionmaker(engine)
    deps = build_api_deps(load_settings(), sessions)
    deps.search_index = build_search_index(load_settings(), sessions)
    app = create_api(deps)
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

    index = deps.search_index

    async def raw_search(request: Request) -> JSONResponse:
        # What the `search` resolver runs for SEARCH_QUERY, and the JSON it answers.
        result = await index.search(SearchQuery(text=request.query_params["q"], limit=20))
        edges = [
            {
                "node": {
                    "id": str(node_id(hit.id)[0]),
                    "kind": hit.kind.name,
                    "title": hit.title,
                    "highlights": [{"field": k, "snippet": v} for k, v in hit.highlights.items()],
                }
            }
            for hit in result.hits
        ]
        facets = [
            {
                "name": SearchFacet(name).name,
                "values": [{"value": v, "count": n} for v, n in values.items()],
            }
            for name, values in result.facets.items()
        ]
        page = {
            "__typename": "SearchResults",
            "totalCount": result.total,
            "processingMs": result.processing_ms,
            "edges": edges,
            "facets": facets,
        }
        return JSONResponse({"data": {"search": page}})

    app.router.routes.append(Route("/raw/offers", raw_offers))
    app.router.routes.append(Route("/raw/search", raw_search))
    app.state.engine = engine
    return app


def serve(url: str, port: int) -> None:
    import uvicorn

    app = create_app(url)

    async def closing(scope: Any, receive: Any, send: Any) -> None:
        # The pool is closed at shutdown: connections left to the garbage collector at exit
        # are cancelled mid-close and logged as errors (as innovex.processes does for serve).
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await app.state.engine.dispose()
        await send({"type": "lifespan.shutdown.complete"})

    uvicorn.run(closing, host="127.0.0.1", port=port, log_level="warning", access_log=False)


PROCESSES = {"1 process": 1, "2 processes": 2}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(command: list[str], url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "LOG_LEVEL": "WARNING",
        "DATA_DIR": str(ROOT / ".data" / "bench-data"),
        "DATABASE_URL": url,
        "PORT": str(port),
    }
    process = subprocess.Popen(command, env=env)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process, seconds=120)
    except ServerDidNotStart as e:
        process.kill()
        raise SystemExit(f"server did not start: {e}") from None
    return process


def fields(value: Any) -> int:
    """Leaf values of a JSON answer: what GraphQL completes one by one."""
    if isinstance(value, dict):
        return sum(fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(fields(v) for v in value)
    return 1


def without_timing(body: Any) -> Any:
    body["data"]["search"].pop("processingMs")
    return body


def caller(pool: Any, raw: bytes) -> Any:
    """A contender for bench/measure.py: `raw` sent on `pool`."""

    async def call(_: object) -> None:
        await pool.send(raw)

    return call


async def compare(
    args: argparse.Namespace, ports: dict[str, int], pids: dict[str, int]
) -> list[str]:
    from http_client import Pool, get, post_json
    from measure import (
        fixed_concurrency,
        latency_table,
        load_average,
        one_client,
        rate_ratio_line,
        ratio_line,
        throughput_table,
    )

    listing = post_json("/graphql", {"query": LISTING_QUERY})
    search = post_json("/graphql", {"query": SEARCH_QUERY, "variables": {"q": SEARCH_TEXT}})
    raw_search = get("/raw/search?q=" + quote(SEARCH_TEXT))
    pools = {}
    for name, port in ports.items():
        # Processes sharing a listening socket race for connections (one may take them all):
        # spread them evenly, as a load balancer in front of the processes would.
        workers = PROCESSES.get(name, 1)
        pool = Pool(port, 2 * max(args.concurrency, args.process_clients))
        pools[name] = await (pool.open_balanced(workers) if workers > 1 else pool.open())
    bench = pools["bench"]
    lines = [f"start: {load_average()}"]

    same = json.loads((await bench.send(listing))[1])
    assert same == json.loads((await bench.send(get("/raw/offers")))[1]), "listing: raw differs"
    found = without_timing(json.loads((await bench.send(search))[1]))
    assert found == without_timing(json.loads((await bench.send(raw_search))[1])), "search"
    lines.append(
        f"same JSON from GraphQL and raw: listing page {fields(same)} fields, "
        f"search page {fields(found)} fields"
    )

    overhead = {
        "raw listing": caller(bench, get("/raw/offers")),
        "gql listing": caller(bench, listing),
        "raw search": caller(bench, raw_search),
        "gql search": caller(bench, search),
    }
    mix = [("page", None)] * args.requests
    await fixed_concurrency(overhead, mix[:100], args.concurrency, rounds=1)  # warm-up
    single = await one_client(overhead, mix)
    lines += latency_table("GraphQL overhead, one client", single, "raw listing")
    lines += [ratio_line(single, "gql listing", "raw listing")]
    lines += [ratio_line(single, "gql search", "raw search")]
    busy = await fixed_concurrency(overhead, mix, args.concurrency)
    lines += throughput_table("GraphQL overhead", busy, "raw listing", args.concurrency)
    lines += [rate_ratio_line(busy, "raw listing", "gql listing")]
    lines += [rate_ratio_line(busy, "raw search", "gql search")]

    if "1 process" in pools:
        lines += await processes(args, pools, listing, pids, mix)
    for pool in pools.values():
        await pool.close()
    return lines


async def processes(
    args: argparse.Namespace,
    pools: dict[str, Any],
    page: bytes,
    pids: dict[str, int],
    mix: list[tuple[str, None]],
) -> list[str]:
    """`serve --workers 2` against `--workers 1` on the listing page: one client, then the
    throughput at the bench's concurrency and at `--process-clients`, each with the share of
    the cores every group of processes used. One process is saturated by a few clients; two
    need enough requests in flight to keep both busy while each request waits on PostgreSQL."""
    from measure import (
        fixed_concurrency,
        latency_table,
        one_client,
        rate_ratio_line,
        throughput_table,
    )

    scaling = {name: caller(pools[name], page) for name in PROCESSES}
    await fixed_concurrency(scaling, mix[:200], args.concurrency, rounds=1)  # warm-up
    single = await one_client(scaling, mix[: args.requests // 2])
    lines = latency_table("listing page, innovex serve, one client", single, "1 process")
    for clients in sorted({args.concurrency, args.process_clients}):
        busy = await fixed_concurrency(scaling, mix, clients)
        lines += throughput_table("listing page, innovex serve", busy, "1 process", clients)
        lines += [rate_ratio_line(busy, "2 processes", "1 process")]
        lines += await core_shares(scaling, args.requests // 2, pids, clients)
    return lines


async def core_shares(
    scaling: dict[str, Any], requests: int, pids: dict[str, int], clients: int
) -> list[str]:
    """Each process count alone under the same load, with the share of the cores its API
    processes, PostgreSQL and this client used: what is left for a second process."""
    from cpu_shares import family, line, postgres, shares, this_process
    from measure import fixed_concurrency, load_average

    lines = [f"listing page alone, {clients} clients, CPU by group ({load_average()})"]
    mix = [("page", None)] * max(requests, clients)
    for name, call in scaling.items():
        groups: dict[str, Callable[[], list[Any]]] = {
            "innovex serve": partial(family, pids[name]),
            "PostgreSQL": postgres,
            "bench client": this_process,
        }
        alone = partial(fixed_concurrency, {name: call}, mix, clients, rounds=1)
        wall, used = await shares(alone, groups)
        lines.append(line(name, len(mix) / wall, used))
    return lines


def prepare_database(reuse: str | None = None) -> tuple[str, str]:
    """A scratch database with the demo data set, indexed for search; or, with `reuse`, one
    that an earlier run kept (`--keep`)."""
    from db.databases import create_database
    from db.engine import libpq_url, with_database
    from innovex.bootstrap import migrate

    server = os.environ.get("DATABASE_URL")
    if server:
        server = libpq_url(server)
    else:
        from db.embedded import start_embedded

        server = start_embedded(ROOT / ".data" / "bench", database="postgres")
    if reuse:
        return server, with_database(server, reuse)
    name = f"innovex_bench_{secrets.token_hex(3)}"
    url = create_database(server, name)
    print(f"database {name}", flush=True)
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
    # Search documents come from the worker in production; here, one reindex.
    await engine.dispose()
    await index_for_search(url)


async def index_for_search(url: str) -> None:
    from db.engine import make_engine, make_sessionmaker
    from search.indexer import reindex
    from search.postgres import PostgresSearchIndex

    engine = make_engine(url, pool_size=4)
    sessions = make_sessionmaker(engine)
    await reindex(sessions, PostgresSearchIndex(sessions))
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="per contender and run")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--process-clients",
        type=int,
        default=8,
        help="a second concurrency for the process comparison (4 in flight per process)",
    )
    parser.add_argument("--skip-processes", action="store_true", help="GraphQL overhead only")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", metavar="DATABASE", help="a database kept by --keep")
    parser.add_argument("--serve", nargs=2, metavar=("URL", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return

    from db.databases import drop_database

    print("preparing database (demo data set)...", flush=True)
    server_url, url = prepare_database(args.reuse)
    ports = {"bench": free_port()}
    processes = []
    try:
        processes.append(
            start(
                [sys.executable, __file__, "--serve", url, str(ports["bench"])], url, ports["bench"]
            )
        )
        pids = {}
        if not args.skip_processes:
            for name, workers in PROCESSES.items():
                ports[name] = free_port()
                command = [sys.executable, "-m", "innovex", "serve", "--workers", str(workers)]
                processes.append(start(command, url, ports[name]))
                pids[name] = processes[-1].pid
        print("\n".join(asyncio.run(compare(args, ports, pids))))
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if not (args.keep or args.reuse):
            drop_database(server_url, url)


if __name__ == "__main__":
    main()
