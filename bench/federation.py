"""Federation figures: feed throughput and webhook delivery latency.

1. Feed: 100,000 feed items (offer projections of realistic size) are written to a scratch
   database; one uvicorn server (a subprocess on 127.0.0.1) serves the real app; the client
   streams `GET /feed?limit=100000` with an API key and counts lines (items/s).
2. Webhooks: a receiver on 127.0.0.1 records arrival times; 1,000 offers are listed in one burst
   of committed transactions, each with its outbox event; the real worker (feed consumer plus
   webhook sender) builds the feed and delivers. Latency = arrival − the change's commit.
   `--senders service,job` measures, in one run, the sender as a worker service (as serve and
   worker run it now) and as the former scheduled job between drain passes. Each change is
   also queued for a stand-in embedder (`--embed-ms` per batch of 32, asleep, no CPU), as
   in a real worker, where the embedding backlog is the one that takes long. The writers and
   the receiver run in processes of their own (as API processes and a subscriber's system
   would); `--one-process` keeps all three in this one, as the first version did.

    .venv/bin/python bench/federation.py [--items 100000] [--events 1000] [--senders service,job]

The scratch database (embedded server, or DATABASE_URL's) is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from scratch import scratch_database  # noqa: E402
from sqlalchemy import text  # noqa: E402

RECORD = {
    "status": "listed",
    "organizationId": "00000000-0000-0000-0000-000000000001",
    "language": "vi",
    "title": {"vi": "Công nghệ sấy lạnh nông sản bằng bơm nhiệt tiết kiệm năng lượng"},
    "keywords": ["sấy lạnh", "bơm nhiệt", "nông sản"],
    "fieldCode": "211",
    "provinceCode": "dong-thap",
    "provinceOfficialCode": "82",
    "createdAt": "2026-01-01T00:00:00+00:00",
    "updatedAt": "2026-01-02T00:00:00+00:00",
    "source": None,
    "summary": {"vi": "Máy sấy bơm nhiệt giữ màu và vitamin cho trái cây, công suất 500 kg/mẻ."},
    "terms": {"vi": "Phí chuyển giao một lần cộng phí bản quyền 3% doanh thu trong 5 năm."},
    "trl": 7,
    "ipStatus": "granted",
    "transferModes": ["licence", "consulting"],
    "priceMinVnd": 500000000,
    "priceMaxVnd": 5000000000,
    "expiresAt": None,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def seed_feed(sessions: Any, items: int) -> None:
    async with sessions() as s:
        await s.execute(
            text(
                "INSERT INTO feed_items (position, record_type, record_id, op, record) "
                "SELECT g, 'offer', gen_random_uuid(), 'upsert', "
                "jsonb_set(CAST(:r AS jsonb), '{id}', to_jsonb(gen_random_uuid()::text)) "
                "FROM generate_series(1, :n) g"
            ),
            {"r": json.dumps(RECORD), "n": items},
        )
        await s.commit()


async def make_key(sessions: Any) -> str:
    from datetime import UTC, datetime

    from db.uow import SqlUnitOfWork
    from domain.accounts import Actor, PlatformRole
    from domain.federation.keys import ApiKeyScope
    from domain.services import federation as fc

    async with sessions() as s:
        org_id = (
            await s.execute(
                text(
                    "INSERT INTO organizations (name, kind) VALUES ('Bench', 'agency') RETURNING id"
                )
            )
        ).scalar_one()
        user_id = (
            await s.execute(
                text(
                    "INSERT INTO users (email, display_name, password_hash) "
                    "VALUES ('bench@example.vn', 'Bench', 'x') RETURNING id"
                )
            )
        ).scalar_one()
        await s.commit()
        actor = Actor(user_id=user_id, roles=frozenset({PlatformRole.OPERATOR}))
        issued = await fc.create_api_key(
            SqlUnitOfWork(s),
            actor,
            fc.CreateApiKey(
                org_id, "bench", frozenset({ApiKeyScope.READ_FEED}), rate_limit_per_minute=60000
            ),
            datetime.now(UTC),
        )
        return issued.secret


async def feed_throughput(url: str, sessions: Any, items: int) -> float:
    await seed_feed(sessions, items)
    secret = await make_key(sessions)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "PORT": str(port)}
    proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before the clock
        [sys.executable, "-m", "innovex", "serve"], env=env, cwd=ROOT, stderr=subprocess.DEVNULL
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(300):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    await asyncio.sleep(0.1)
            started = time.perf_counter()
            count = 0
            async with client.stream(
                "GET", "/feed", params={"limit": items}, headers={"X-Api-Key": secret}
            ) as response:
                async for line in response.aiter_lines():
                    if line:
                        count += 1
            elapsed = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(10)
    assert count == items, count
    return items / elapsed


async def write_one(sessions: Any, org: Any, i: int, committed: dict[str, float]) -> None:
    """One listed offer and its outbox events, committed; the commit time kept."""
    async with sessions() as s:
        offer_id = (
            await s.execute(
                text(
                    "INSERT INTO technology_offers (organization_id, title, status) "
                    "VALUES (:o, :t, 'listed') RETURNING id"
                ),
                {"o": org, "t": f"Công nghệ {i}"},
            )
        ).scalar_one()
        await s.execute(
            text(
                "INSERT INTO outbox (consumer, topic, payload) SELECT c, 'listing_changed', "
                "jsonb_build_object('kind', 'offer', 'entity_id', CAST(:id AS text)) "
                "FROM unnest(ARRAY['embedding', 'feed']) c"
            ),
            {"id": str(offer_id)},
        )
        await s.commit()
        committed[str(offer_id)] = time.time()


def _writers(url: str, org: str, events: int, conn: Any) -> None:
    """The burst, in a process of its own, as API processes would write it."""
    from db.engine import make_engine, make_sessionmaker

    async def burst() -> dict[str, float]:
        engine = make_engine(url, pool_size=20)
        committed: dict[str, float] = {}
        try:
            sessions = make_sessionmaker(engine)
            await asyncio.gather(*(write_one(sessions, org, i, committed) for i in range(events)))
        finally:
            await engine.dispose()
        return committed

    conn.send(asyncio.run(burst()))


def receiver_app(arrivals: dict[str, float]) -> Any:
    """The subscriber's endpoint: keeps each delivery's arrival time; `GET /arrivals` tells."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    async def hook(request: Request) -> Response:
        arrivals[json.loads(await request.body())["data"]["id"]] = time.time()
        return Response(status_code=204)

    async def report(request: Request) -> Response:
        return JSONResponse(arrivals if "all" in request.query_params else {"n": len(arrivals)})

    return Starlette(routes=[Route("/hook", hook, methods=["POST"]), Route("/arrivals", report)])


def _receiver(port: int) -> None:
    """The receiver in a process of its own, as another system would be."""
    uvicorn.run(receiver_app({}), host="127.0.0.1", port=port, log_level="error")


async def _wait_listening(port: int) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(200):
            try:
                await client.get(f"http://127.0.0.1:{port}/arrivals")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    raise RuntimeError("the receiver did not start")


async def webhook_latency(
    sessions: Any, events: int, url: str, sender_mode: str, embed_ms: float, split: bool
) -> list[float]:
    from db.federation.feed import feed_handler
    from db.federation.signals import WEBHOOK_CHANNEL, Wakeup
    from domain.events import Consumer
    from federation.webhooks import WebhookSender
    from innovex.worker import ScheduledJob, Worker

    arrivals: dict[str, float] = {}
    port = free_port()
    spawn = multiprocessing.get_context("spawn")
    if split:
        receiver = spawn.Process(target=_receiver, args=(port,), daemon=True)
        receiver.start()
        await _wait_listening(port)
    else:
        server = uvicorn.Server(
            uvicorn.Config(
                receiver_app(arrivals),
                host="127.0.0.1",
                port=port,
                log_level="error",
            )
        )
        server_task = asyncio.create_task(server.serve())
    async with sessions() as s:
        org = (
            await s.execute(
                text(
                    "INSERT INTO organizations (name, kind) VALUES ('Hook', 'agency') RETURNING id"
                )
            )
        ).scalar_one()
        await s.execute(
            text(
                "INSERT INTO webhook_subscriptions (organization_id, url, secret, event_types) "
                "VALUES (:o, :u, :s, ARRAY['offer.upserted'])"
            ),
            {"o": org, "u": f"http://127.0.0.1:{port}/hook", "s": "whsec_" + "A" * 44},
        )
        await s.commit()

    async def embedding(_session: Any, batch: Any) -> None:
        # Stands for the embedder: a thread busy `embed_ms` per batch of 32, no CPU here.
        await asyncio.sleep(embed_ms / 1000)

    handlers = {Consumer.EMBEDDING: embedding, Consumer.FEED: feed_handler()}
    sizes = {Consumer.EMBEDDING: 32, Consumer.FEED: 1000}  # as innovex serve/worker
    if sender_mode == "job":  # as before: a scheduled job between the worker's drain passes
        sender = WebhookSender(sessions)
        worker = Worker(
            sessions,
            handlers,
            poll_interval=0.05,
            batch_sizes=sizes,
            jobs=[ScheduledJob("webhooks", every=0.05, run=sender.run)],
        )
    else:  # as innovex serve/worker now: a service beside the loop, woken by NOTIFY
        sender = WebhookSender(sessions, Wakeup(url, WEBHOOK_CHANNEL))
        worker = Worker(
            sessions,
            handlers,
            poll_interval=0.05,
            batch_sizes=sizes,
            services=[sender.serve],
        )
    worker_task = asyncio.create_task(worker.run())
    committed: dict[str, float] = {}
    if split:
        ours, theirs = spawn.Pipe()
        writers = spawn.Process(target=_writers, args=(url, str(org), events, theirs))
        writers.start()
        committed = await asyncio.to_thread(ours.recv)
        writers.join()
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            deadline = time.time() + 120
            while (await client.get("/arrivals")).json()["n"] < events and time.time() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.1)
            arrivals.update((await client.get("/arrivals?all=1")).json())
        receiver.terminate()
    else:
        await asyncio.gather(*(write_one(sessions, org, i, committed) for i in range(events)))
        deadline = time.time() + 120
        while len(arrivals) < events and time.time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    worker.stop()
    await worker_task
    await sender.aclose()
    if not split:
        server.should_exit = True
        await server_task
    if committed and arrivals:
        first = min(committed.values())
        print(
            f"  commits spread over {max(committed.values()) - first:.2f} s; deliveries from "
            f"{min(arrivals.values()) - first:.2f} s to {max(arrivals.values()) - first:.2f} s"
        )
    return sorted(arrivals[k] - committed[k] for k in committed if k in arrivals)


async def run(
    url: str, items: int, events: int, senders: list[str], embed_ms: float, split: bool
) -> None:
    from db.engine import make_engine, make_sessionmaker

    engine = make_engine(url, pool_size=20)
    sessions = make_sessionmaker(engine)
    try:
        if items:
            rate = await feed_throughput(url, sessions, items)
            print(f"feed: {items} items streamed at {rate:,.0f} items/s")
        for mode in senders:
            async with sessions() as s:  # each mode starts from no offers and no subscriptions
                await s.execute(
                    text(
                        "TRUNCATE webhook_subscriptions, feed_items, feed_state, "
                        "outbox, technology_offers CASCADE"
                    )
                )
                await s.commit()
            started = os.times()
            latencies = await webhook_latency(sessions, events, url, mode, embed_ms, split)
            cpu = sum(os.times()[:2]) - sum(started[:2])
            p50 = latencies[len(latencies) // 2]
            p95 = latencies[int(len(latencies) * 0.95) - 1]
            print(
                f"webhooks ({mode}, {'writers, worker, receiver apart' if split else 'one process'}): {len(latencies)}/{events} delivered; latency p50 {p50:.3f} s,"
                f" p95 {p95:.3f} s, max {latencies[-1]:.3f} s; CPU {cpu:.1f} s; "
                f"load {os.getloadavg()[0]:.1f}"
            )
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument(
        "--senders",
        default="service,job",
        help="webhook senders to measure: service (now), job (the former scheduled job)",
    )
    parser.add_argument(
        "--embed-ms",
        type=float,
        default=200.0,
        help="time the stand-in embedder takes per batch of 32 (0: no embedding backlog)",
    )
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="writers, worker and receiver in this process (default: each in its own)",
    )
    args = parser.parse_args()
    with scratch_database("innovex_bench_fed") as url:
        senders = args.senders.split(",")
        split = not args.one_process
        asyncio.run(run(url, args.items, args.events, senders, args.embed_ms, split))


if __name__ == "__main__":
    main()
