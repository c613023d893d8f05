"""Candidate dumps: each need's production candidates with their two component scores and the
need's lexical coverage, written by `innovex evaluate --candidates-out` so that fusion rules
can be compared offline on exactly what the matcher retrieved (`matching.fusion_study`).

One JSON object per line: ``{"need": id, "coverage": c, "items": [[item, sim, lex], ...]}``
where ``sim`` or ``lex`` is null when the component has no score (no vector, no shared term).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matching.fusion import FloatArray


@dataclass(frozen=True, slots=True)
class NeedCandidates:
    need: str
    coverage: float
    items: tuple[str, ...]
    similarity: FloatArray  # NaN where missing
    lexical: FloatArray  # NaN where missing


def _number(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def need_candidates(
    need: str, coverage: float, rows: Iterable[tuple[str, float | None, float | None]]
) -> NeedCandidates:
    listed = list(rows)
    return NeedCandidates(
        need=need,
        coverage=float(coverage),
        items=tuple(r[0] for r in listed),
        similarity=np.array([_number(r[1]) for r in listed], dtype=np.float64),
        lexical=np.array([_number(r[2]) for r in listed], dtype=np.float64),
    )


def _or_null(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 6)


def write_candidates(path: Path, dumps: Iterable[NeedCandidates]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for d in sorted(dumps, key=lambda d: d.need):
            items = [
                [item, _or_null(s), _or_null(lx)]
                for item, s, lx in zip(d.items, d.similarity, d.lexical, strict=True)
            ]
            line = {"need": d.need, "coverage": round(d.coverage, 6), "items": items}
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def read_candidates(path: Path) -> list[NeedCandidates]:
    out: list[NeedCandidates] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                rows = [(str(i), s, lx) for i, s, lx in row["items"]]
                out.append(need_candidates(str(row["need"]), float(row["coverage"]), rows))
    return out
