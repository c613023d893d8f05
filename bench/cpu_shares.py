"""Who uses the cores while a contender runs alone: its server processes, PostgreSQL, the client.

`serve --workers 2` can only beat one process if the machine has a core the first process
leaves idle. Sampling each group's CPU time (psutil) around a closed-loop run says how much of
the machine is left: when one API process, PostgreSQL and the bench client already use the
cores, a second API process can only share them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import psutil


def family(pid: int) -> list[psutil.Process]:
    """A process and all its descendants (uvicorn's workers, a server's children)."""
    try:
        parent = psutil.Process(pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def this_process() -> list[psutil.Process]:
    # Without its children: the servers a bench starts are its children, counted apart.
    return [psutil.Process()]


def postgres() -> list[psutil.Process]:
    # Every PostgreSQL process of the machine: the backends serving the run among them.
    return [p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]


def cpu_seconds(processes: Sequence[psutil.Process]) -> dict[int, float]:
    seconds = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        seconds[process.pid] = times.user + times.system
    return seconds


async def shares(
    run: Callable[[], Awaitable[Any]], groups: Mapping[str, Callable[[], list[psutil.Process]]]
) -> tuple[float, dict[str, float]]:
    """(wall seconds of `run`, each group's CPU as a share of all the machine's cores)."""
    members = {name: find() for name, find in groups.items()}
    before = {name: cpu_seconds(processes) for name, processes in members.items()}
    started = time.perf_counter()
    await run()
    wall = time.perf_counter() - started
    cores = os.cpu_count() or 1
    used = {}
    for name, processes in members.items():
        after = cpu_seconds(processes)
        # A process that left during the run is not counted; one that came is counted whole.
        spent = sum(after[pid] - before[name].get(pid, 0.0) for pid in after)
        used[name] = spent / (wall * cores)
    return wall, used


def line(contender: str, rate: float, used: Mapping[str, float]) -> str:
    parts = ", ".join(f"{name} {share:.0%}" for name, share in used.items())
    total = sum(used.values())
    return f"  {contender}: {rate:.1f} req/s; CPU of all cores: {parts}; together {total:.0%}"
