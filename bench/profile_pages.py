"""Where a GraphQL page's CPU goes, in-process: listing and search pages against their raw
twins (bench/api.py), and the search page split into engine, execution and HTTP.

Times, one request at a time on a scratch database with the demo data set (wall time and this
process's CPU time, which a loaded machine does not inflate): each page and its raw twin through
the ASGI app, the search engine call alone, `schema.execute` of the search page with the engine
stubbed (graphql-core: parse/validate from the caches, resolve, complete the fields), the same
through HTTP; then profiles the stubbed page with pyinstrument (bench extra).

    .venv/bin/python bench/profile_pages.py [--requests 300] [--no-profile] [--reuse DB]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_spec = importlib.util.spec_from_file_location("api_bench", Path(__file__).parent / "api.py")
assert _spec is not None
assert _spec.loader is not None
api_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(api_bench)


async def measure(url: str, requests: int, profile: bool, page_to_profile: str) -> None:
    import httpx
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from api.app import create_app
    from api.context import Context, SessionHolder
    from db.engine import make_engine, make_sessionmaker
    from domain.search import SearchQuery
    from innovex.bootstrap import build_api_deps, build_search_index
    from innovex.server import freeze_startup_heap
    from innovex.settings import load_settings

    engine = make_engine(url, pool_size=4)
    sessions = make_sessionmaker(engine)
    deps = build_api_deps(load_settings(), sessions)
    deps.search_index = build_search_index(load_settings(), sessions)
    app = create_app(deps)
    from api.schema import build_schema

    schema = build_schema(production=False)
    freeze_startup_heap()
    variables = {"q": api_bench.SEARCH_TEXT}

    real_index = deps.search_index
    assert real_index is not None

    async def engine_call() -> Any:
        return await real_index.search(SearchQuery(text=api_bench.SEARCH_TEXT, limit=20))

    # GraphQL's own work, without the engine's: the same answer every time.
    answer = await engine_call()

    class Captured:
        async def search(self, query: SearchQuery) -> Any:
            return answer

    stubbed = build_api_deps(load_settings(), sessions)
    stubbed.search_index = Captured()  # type: ignore[assignment]

    request = Request({"type": "http", "method": "POST", "headers": [], "path": "/graphql"})

    async def execute() -> Any:
        holder = SessionHolder(deps)
        context = Context(request=request, deps=stubbed, holder=holder)
        try:
            result = await schema.execute(
                api_bench.SEARCH_QUERY, variable_values=variables, context_value=context
            )
        finally:
            await holder.close()
        assert result.errors is None, result.errors
        return result

    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b")
    stubbed_client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(stubbed)), base_url="http://b"
    )
    body = {"query": api_bench.SEARCH_QUERY, "variables": variables}

    async def http() -> Any:
        return (await client.post("/graphql", json=body)).raise_for_status()

    async def http_stubbed() -> Any:
        return (await stubbed_client.post("/graphql", json=body)).raise_for_status()

    async def httpx_only() -> Any:
        # The client's own cost: an endpoint that answers a constant page of the same size.
        return (await stubbed_client.get("/bench/constant")).raise_for_status()

    print(f"search page: {api_bench.fields((await execute()).data)} fields")
    page = (await http_stubbed()).content

    async def constant(request: Request) -> Response:
        return Response(page, media_type="application/json")

    stubbed_client._transport.app.router.routes.append(Route("/bench/constant", constant))  # type: ignore[attr-defined]
    # The bench's own app (GraphQL plus the raw endpoints of bench/api.py), in-process: the
    # CPU this process spends per request does not depend on how loaded the machine is.
    pages = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=api_bench.create_app(url)), base_url="http://b"
    )
    listing = {"query": api_bench.LISTING_QUERY}
    raw_search = "/raw/search?q=" + api_bench.SEARCH_TEXT

    async def gql_listing() -> Any:
        return (await pages.post("/graphql", json=listing)).raise_for_status()

    async def raw_listing() -> Any:
        return (await pages.get("/raw/offers")).raise_for_status()

    async def gql_search() -> Any:
        return (await pages.post("/graphql", json=body)).raise_for_status()

    async def raw_search_page() -> Any:
        return (await pages.get(raw_search)).raise_for_status()

    steps = {
        "raw listing": raw_listing,
        "gql listing": gql_listing,
        "raw search": raw_search_page,
        "gql search": gql_search,
        "engine": engine_call,
        "schema.execute, engine stubbed": execute,
        "ASGI + httpx, engine stubbed": http_stubbed,
        "httpx + constant endpoint": httpx_only,
        "ASGI + httpx": http,
    }
    timings: dict[str, list[float]] = {name: [] for name in steps}
    cpu: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(20):
        for call in steps.values():
            await call()
    for _ in range(requests):
        for name, call in steps.items():
            started, used = time.perf_counter(), time.process_time()
            await call()
            timings[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - used) * 1000)
    for name, values in timings.items():
        print(
            f"{name:32s} median {statistics.median(values):6.2f} ms, "
            f"CPU of this process {statistics.median(cpu[name]):6.2f} ms"
        )
    med = {name: statistics.median(values) for name, values in cpu.items()}
    print(
        f"CPU ratio GraphQL/raw: listing {med['gql listing'] / med['raw listing']:.2f}x, "
        f"search {med['gql search'] / med['raw search']:.2f}x (this process only; PostgreSQL's "
        "work is the same on both sides and not counted)"
    )
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002, async_mode="enabled")
        profiler.start()
        for _ in range(requests):
            await (gql_listing if page_to_profile == "listing" else http_stubbed)()
        profiler.stop()
        print(
            profiler.output_text(
                unicode=False, color=False, show_all=False, time="percent_of_total"
            )
        )
    await client.aclose()
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument(
        "--profile", choices=("search", "listing"), default="search", help="page to profile"
    )
    parser.add_argument("--reuse", metavar="DATABASE", help="a database kept by bench/api.py")
    args = parser.parse_args()
    from db.databases import drop_database

    server, url = api_bench.prepare_database(args.reuse)
    try:
        asyncio.run(measure(url, args.requests, not args.no_profile, args.profile))
    finally:
        if not args.reuse:
            drop_database(server, url)


if __name__ == "__main__":
    main()
