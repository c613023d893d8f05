"""Live-event benchmark: how long until every one of 500 subscribers has an event.

    .venv/bin/python bench/live.py [--subscribers 500] [--servers 2] [--events 10]

A migrated scratch database on the embedded server (or DATABASE_URL's server); `--servers`
`innovex serve` processes on it; `--subscribers` graphql-transport-ws clients (anonymous,
subscribed to `events`) spread over the servers from this process. Each round commits one
timeline row (a need opened: a public PUBLICATION event) through a separate connection and
measures, per subscriber, the time from commit to the event's arrival; the slowest subscriber
of each round is the figure (target: under 1 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from measure import load_average  # noqa: E402
from scratch import scratch_database  # noqa: E402

from tests.live_support import free_port, subscribed  # noqa: E402


def start_server(url: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    from innovex.probe import wait_until_healthy

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
        "PORT": str(port),
        "HOST": "127.0.0.1",
    }
    log = data_dir / f"server-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "innovex", "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=out,
        )
    wait_until_healthy(f"http://127.0.0.1:{port}", process, seconds=60, log=log)
    return process, f"ws://127.0.0.1:{port}/graphql"


async def run(url: str, sockets: list[str], n_subscribers: int, n_events: int) -> list[float]:
    import asyncpg

    from db.engine import libpq_url

    arrivals: dict[str, list[float]] = {}
    ready = asyncio.Event()
    done = asyncio.Event()
    connected = 0

    async def subscriber(i: int) -> None:
        nonlocal connected
        async with subscribed(sockets[i % len(sockets)]) as ws:
            connected += 1
            if connected == n_subscribers:
                ready.set()
            while not done.is_set():
                try:
                    raw = await asyncio.wait_for(ws.recv(), 0.5)
                except TimeoutError:
                    continue
                at = time.perf_counter()
                message = json.loads(raw)
                if message.get("type") == "next":
                    title = message["payload"]["data"]["events"]["title"]
                    arrivals.setdefault(title, []).append(at)

    tasks = [asyncio.create_task(subscriber(i)) for i in range(n_subscribers)]
    await asyncio.wait_for(ready.wait(), 120)
    await asyncio.sleep(2)  # each subscription enters its hub a moment after `subscribe`
    conn = await asyncpg.connect(libpq_url(url))
    slowest = []
    try:
        for round_ in range(n_events):
            title = f"bench-{round_}"
            need, org = uuid4(), uuid4()
            async with conn.transaction():
                if round_ == 0:
                    await conn.execute(
                        "INSERT INTO organizations (id, name, kind) VALUES ($1, 'Bench', 'agency')",
                        org,
                    )
                    bench_org = org
                await conn.execute(
                    "INSERT INTO needs (id, organization_id, title, status) "
                    "VALUES ($1, $2, $3, 'open')",
                    need,
                    bench_org,
                    title,
                )
                await conn.execute(
                    "INSERT INTO listing_status_changes (listing_kind, listing_id, from_status, "
                    "to_status, at) VALUES ('need', $1, 'draft', 'open', now())",
                    need,
                )
            committed = time.perf_counter()
            deadline = committed + 10
            while len(arrivals.get(title, [])) < n_subscribers and time.perf_counter() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            got = arrivals.get(title, [])
            worst = (max(got) - committed) if got else float("inf")
            print(
                f"event {round_}: {len(got)}/{n_subscribers} subscribers, "
                f"slowest {worst * 1000:.0f} ms"
            )
            slowest.append(worst if len(got) == n_subscribers else float("inf"))
            await asyncio.sleep(0.5)
    finally:
        done.set()
        await conn.close()
        await asyncio.gather(*tasks, return_exceptions=True)
    return slowest


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--events", type=int, default=10)
    args = parser.parse_args()

    processes = []
    with scratch_database("innovex_bench_live") as url:
        try:
            with tempfile.TemporaryDirectory() as tmp:
                sockets = []
                for _ in range(args.servers):
                    process, socket_url = start_server(url, Path(tmp))
                    processes.append(process)
                    sockets.append(socket_url)
                print(f"machine: {platform.machine()}, {load_average()}")
                slowest = asyncio.run(run(url, sockets, args.subscribers, args.events))
                ordered = sorted(slowest)
                print(
                    f"{args.subscribers} subscribers on {args.servers} servers: slowest "
                    f"subscriber median {ordered[len(ordered) // 2] * 1000:.0f} ms, "
                    f"worst {ordered[-1] * 1000:.0f} ms over {len(ordered)} events"
                )
        finally:
            for process in processes:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
