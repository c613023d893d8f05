"""What users feel, measured the same way by every bench: one client's latency (p50/p95/p99,
requests one after another) and throughput at a fixed concurrency, reported separately.

Several contenders (engines, endpoints, process counts) are always measured in one run and
interleaved, so that a noisy minute on a shared machine hits all of them and their *ratio*
stays meaningful when the absolute figures do not:

* one client: for each request of the mix, every contender in turn (the order rotates);
* fixed concurrency: the mix is cut into rounds; in each round every contender serves the
  round's requests from `clients` concurrent tasks, one contender after the other.

The load average is printed next to every result: figures from a loaded machine are ratios only.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Call = Callable[[Any], Awaitable[object]]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    if len(samples) < 2:
        value = samples[0] if samples else float("nan")
        return {"p50": value, "p95": value, "p99": value}
    cut = statistics.quantiles(sorted(samples), n=100, method="inclusive")
    return {"p50": cut[49], "p95": cut[94], "p99": cut[98]}


@dataclass
class Measured:
    """Latencies (ms) per category of request, and the wall time they took."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, category: str, ms: float) -> None:
        self.latencies.setdefault(category, []).append(ms)

    @property
    def everything(self) -> list[float]:
        return [x for values in self.latencies.values() for x in values]

    @property
    def rate(self) -> float:
        return len(self.everything) / self.seconds if self.seconds else float("nan")


async def one_client(
    contenders: Mapping[str, Call], mix: Sequence[tuple[str, Any]]
) -> dict[str, Measured]:
    """Each request of `mix` sent to every contender in turn, one at a time."""
    names = list(contenders)
    out = {name: Measured() for name in names}
    for i, (category, request) in enumerate(mix):
        for k in range(len(names)):
            name = names[(i + k) % len(names)]
            started = time.perf_counter()
            await contenders[name](request)
            elapsed = time.perf_counter() - started
            out[name].add(category, elapsed * 1000)
            out[name].seconds += elapsed
    return out


async def fixed_concurrency(
    contenders: Mapping[str, Call],
    mix: Sequence[tuple[str, Any]],
    clients: int,
    rounds: int = 10,
) -> dict[str, Measured]:
    """`clients` closed-loop clients; the contenders alternate round by round."""
    out = {name: Measured() for name in contenders}
    size = max(clients, -(-len(mix) // max(1, rounds)))
    names = list(contenders)
    for r, start in enumerate(range(0, len(mix), size)):
        chunk = mix[start : start + size]
        for k in range(len(names)):
            name = names[(r + k) % len(names)]
            out[name].seconds += await _closed_loop(contenders[name], chunk, clients, out[name])
    return out


async def _closed_loop(
    call: Call, chunk: Sequence[tuple[str, Any]], clients: int, into: Measured
) -> float:
    position = 0

    async def client() -> None:
        nonlocal position
        while position < len(chunk):
            category, request = chunk[position]
            position += 1
            started = time.perf_counter()
            await call(request)
            into.add(category, (time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started


def latency_table(title: str, results: Mapping[str, Measured], baseline: str) -> list[str]:
    """p50/p95/p99 per contender and per category, with each contender's ratio to `baseline`."""
    lines = [f"{title} ({load_average()})"]
    base = percentiles(results[baseline].everything)
    for name, measured in results.items():
        p = percentiles(measured.everything)
        ratio = (
            ""
            if name == baseline
            else f"   ratio to {baseline} p50 {p['p50'] / base['p50']:.2f}x p95 "
            f"{p['p95'] / base['p95']:.2f}x p99 {p['p99'] / base['p99']:.2f}x"
        )
        lines.append(
            f"  {name:<14} n={len(measured.everything):<6} p50 {p['p50']:7.2f}  p95 {p['p95']:7.2f}  "
            f"p99 {p['p99']:7.2f} ms{ratio}"
        )
    categories = sorted({c for m in results.values() for c in m.latencies})
    if len(categories) > 1:
        for category in categories:
            cells = []
            for name, measured in results.items():
                p = percentiles(measured.latencies.get(category, []))
                cells.append(f"{name} {p['p50']:.2f}/{p['p95']:.2f}")
            lines.append(f"    {category:<14} p50/p95 ms: " + "   ".join(cells))
    return lines


def throughput_table(
    title: str, results: Mapping[str, Measured], baseline: str, clients: int
) -> list[str]:
    lines = [f"{title}, {clients} concurrent clients ({load_average()})"]
    base = results[baseline].rate
    for name, measured in results.items():
        p = percentiles(measured.everything)
        ratio = "" if name == baseline else f"   {measured.rate / base:.2f}x {baseline}'s rate"
        lines.append(
            f"  {name:<14} {measured.rate:8.1f} req/s  (n={len(measured.everything)}, "
            f"p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms){ratio}"
        )
    return lines


def ratio_line(results: Mapping[str, Measured], slower: str, faster: str) -> str:
    a, b = percentiles(results[slower].everything), percentiles(results[faster].everything)
    return (
        f"  {slower}/{faster}: p50 {a['p50'] / b['p50']:.2f}x, p95 {a['p95'] / b['p95']:.2f}x, "
        f"p99 {a['p99'] / b['p99']:.2f}x"
    )


def rate_ratio_line(results: Mapping[str, Measured], faster: str, slower: str) -> str:
    return f"  {faster}/{slower} throughput: {results[faster].rate / results[slower].rate:.2f}x"
