"""Lexical coverage of each labelled set's needs (issue 12): the share of a need's idf mass
carried by words that some offer of the set has (`domain.matching.lexical_coverage`), with
the research harness's folded tokens. Needs ../shared/data (skips with a message otherwise).

    .venv/bin/python -m matching.coverage [DATA_DIR]
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from domain.matching import LexicalTerm, lexical_coverage
from matching.evaluation import DEFAULT_DATA_DIR
from matching.metrics import load_eval_set
from matching.scorers import need_text, offer_text
from matching.text import lexical_tokens


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA_DIR
    if not data.is_dir():
        print(f"no labelled sets at {data}: nothing to measure")  # noqa: T201
        return 0
    print("| set | needs | coverage p10 | median | p90 | share < 0.5 |")  # noqa: T201
    print("|---|---|---|---|---|---|")  # noqa: T201
    for name in ("scifact", "expert", "vi", "xling"):
        folder = data / name
        if not folder.is_dir():
            continue
        s = load_eval_set(folder)
        df: Counter[str] = Counter()
        for offer in s.offers:
            df.update(set(lexical_tokens(offer_text(offer))))
        n = len(s.offers)
        cov = []
        for need in s.needs:
            terms = [
                LexicalTerm(t, df[t], math.log1p((n - df[t] + 0.5) / (df[t] + 0.5)))
                for t in set(lexical_tokens(need_text(need)))
            ]
            cov.append(lexical_coverage(terms))
        c = np.asarray(cov)
        p10, p50, p90 = np.percentile(c, [10, 50, 90])
        print(  # noqa: T201
            f"| {name} | {len(c)} | {p10:.2f} | {p50:.2f} | {p90:.2f} | {np.mean(c < 0.5):.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
