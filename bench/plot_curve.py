"""Draw the search scaling curve of BENCHMARKS.md from bench/curve.csv (figures copied from
bench/search.py runs): one-client p95 and 4-client throughput of both engines by size.

    .venv/bin/python bench/plot_curve.py [--csv bench/curve.csv] [--out bench/scaling.png]
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=HERE / "curve.csv")
    parser.add_argument("--out", type=Path, default=HERE / "scaling.png")
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series: dict[str, list[dict[str, str]]] = defaultdict(list)
    with args.csv.open(newline="") as handle:
        for row in csv.DictReader(handle):
            series[row["engine"]].append(row)
    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(10, 4))
    names = {"postgres": "search, PostgreSQL", "tantivy": "search, tantivy (peer)"}
    for number, (engine, rows) in enumerate(sorted(series.items())):
        for axes, column in ((latency, "one_client_p95_ms"), (throughput, "four_clients_rps")):
            points = [(int(r["listings"]), float(r[column])) for r in rows if r[column]]
            if points:  # the statistics bench has no 4-client run
                label = names.get(engine, engine)
                axes.plot(*zip(*points, strict=True), "o-", label=label, color=f"C{number}")
    for axes, title in (
        (latency, "one client, p95 (ms)"),
        (throughput, "4 clients, requests/s"),
    ):
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("listings")
        axes.set_title(title)
        axes.grid(True, which="both", alpha=0.3)
        axes.legend()
    figure.suptitle(
        "By size: search, recommendedSuppliers, statistics (2-core VM, see BENCHMARKS.md)"
    )
    figure.tight_layout()
    figure.savefig(args.out, dpi=90)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
