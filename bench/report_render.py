"""Report rendering benchmark: CPU time to draw one periodic report (XLSX + PDF with its
charts) from a statistics value shaped like a busy quarter (10 provinces, 10 fields, every
deal kind in every month), which is what the worker pays per (period, scope).

    .venv/bin/python bench/report_render.py [--runs 10]

CPU time (process_time) of the whole render, not wall time: on a shared machine wall time
is an upper bound; CPU time is what the worker spends.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime

from domain.deals import DealKind
from domain.provinces import PROVINCES
from domain.report_sections import compose
from domain.statistics import (
    DealBucket,
    DecisionTimes,
    FunnelStage,
    PlaceCount,
    StageCounts,
    Statistics,
    build_query,
)
from domain.taxonomy import FIELDS
from reports import render_files


def busy_quarter() -> Statistics:
    q = build_query("2026-Q3", None, None)
    months = q.period.months()
    funnel = [
        StageCounts(s, 900 * (6 - i), dict.fromkeys(months, 300 * (6 - i)))
        for i, s in enumerate(FunnelStage)
    ]
    sectors = [f.code for f in FIELDS if f.parent_code is not None][:10]
    return Statistics(
        q,
        funnel,
        DecisionTimes(1800, 41.5, 97.25),
        [PlaceCount(code, 500 - i, 200 - i) for i, code in enumerate(sectors)],
        [PlaceCount(p.code, 400 - i, 150 - i) for i, p in enumerate(PROVINCES[:10])],
        [
            DealBucket(kind.value, m, p.code, 3, 2_500_000_000, 1)
            for kind in DealKind
            for m in months
            for p in PROVINCES[:10]
        ],
        {"pending": 120, "accepted": 80, "negotiating": 40, "deal": 30, "closed": 12},
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    content = compose(busy_quarter(), datetime(2026, 10, 1, tzinfo=UTC))
    render_files(content)  # warm-up: imports, font parsing
    cpu = []
    sizes: list[int] = []
    for _ in range(args.runs):
        start = time.process_time()
        files = render_files(content)
        cpu.append(time.process_time() - start)
        sizes = [len(f.content) for f in files]
    print(f"load average {os.getloadavg()}")
    print(f"runs {args.runs}: CPU median {sorted(cpu)[len(cpu) // 2]:.3f} s, max {max(cpu):.3f} s")
    print(f"XLSX {sizes[0]} bytes, PDF {sizes[1]} bytes")


if __name__ == "__main__":
    main()
