"""Lexical scoring variants on the labelled sets, through the production path (issue 12 item 4).

    .venv/bin/python bench/lexical_study.py --data ../shared/data --sets vi,xling,scifact \
        --out /tmp/lexical [--model scifact=all-MiniLM-L6-v2] [--variants base,exact1,...]

Each set is loaded, indexed and embedded once (vectors from `.data/cache/`, as `innovex
evaluate`), then every need is ranked by the production `Matcher` once per lexical scoring
variant (`db.repositories.lexical_sql.LexicalScoring`). Each variant's candidates go to
`OUT/<variant>/<set>.jsonl`, which `python -m matching.fusion_study --variants OUT` compares
by cross-validation over needs; a line per (set, variant) gives nDCG@10 of the production
fusion and of the lexical component alone.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # ahead of bench/, whose api.py would shadow the api package

from db.databases import create_database, drop_database  # noqa: E402
from db.repositories.lexical_sql import LexicalScoring  # noqa: E402
from innovex.bootstrap import build_embedder, migrate  # noqa: E402
from innovex.embedding_cache import CachedEmbedder  # noqa: E402
from innovex.evaluate import _index, _load, _rank  # noqa: E402
from innovex.settings import Settings  # noqa: E402
from matching.candidates import write_candidates  # noqa: E402
from matching.metrics import evaluate_retrieval, load_needs, load_offers, load_qrels  # noqa: E402
from matching.vectors import model_identity  # noqa: E402

# the candidates (fixed after a first look at exact1 and bm25b0.5 on vi): the rule before, an
# exact-spelling channel at three weights, BM25 length normalisation (b 0.5; 0.25 with exact)
VARIANTS: dict[str, LexicalScoring] = {
    "base": LexicalScoring(),
    "exact0.5": LexicalScoring(exact_weight=0.5),
    "exact1": LexicalScoring(exact_weight=1.0),
    "exact2": LexicalScoring(exact_weight=2.0),
    "exact4": LexicalScoring(exact_weight=4.0),  # added when exact2 came out best of the three
    # added after those: the exact channel weighted by its spelling's own idf
    "exactidf1": LexicalScoring(exact_weight=1.0, exact_idf=True),
    "exactidf2": LexicalScoring(exact_weight=2.0, exact_idf=True),
    "bm25b0.5": LexicalScoring(bm25_b=0.5),
    "bm25b0.25+exact1": LexicalScoring(bm25_b=0.25, exact_weight=1.0),
}


async def _time_lexical(url: str, texts: Sequence[str], variants: Sequence[str]) -> None:
    """Wall time of analyse + the lexical statement (100 best offers) per variant, the variants
    taking turns need by need so that load shifts hit them alike."""
    from db.engine import make_engine, make_sessionmaker
    from db.repositories.matching_reader import SqlMatchingReader

    engine = make_engine(url, pool_size=2)
    sessions = make_sessionmaker(engine)
    spent = dict.fromkeys(variants, 0.0)
    try:
        for round_ in range(2):  # the first round warms caches and is not counted
            for i, query in enumerate(texts):
                order = variants if i % 2 == 0 else list(reversed(variants))
                for variant in order:
                    async with sessions() as session:
                        reader = SqlMatchingReader(session, scoring=VARIANTS[variant])
                        t0 = time.perf_counter()
                        terms = await reader.analyse(query, phrases=True)
                        words = sorted(
                            (t for t in terms if t.document_frequency), key=lambda t: -t.idf
                        )
                        await reader.lexical(words[:40], ("offer",), 100)
                        if round_:
                            spent[variant] += time.perf_counter() - t0
    finally:
        await engine.dispose()
    base = spent[variants[0]]
    for variant, seconds in spent.items():
        sys.stdout.write(
            f"time\t{variant}\t{1000 * seconds / len(texts):.1f} ms per need"
            f"\t{seconds / base:.2f} x {variants[0]}\n"
        )


def study_set(
    server: str,
    name: str,
    data: Path,
    out: Path,
    model_name: str,
    variants: Sequence[str],
    timed: Sequence[str] = (),
) -> None:
    settings = Settings(embedding_model=model_name)
    model = model_identity(settings.embedding_model)
    embedder = CachedEmbedder(build_embedder(settings), model, settings.data_dir / "cache")
    needs = load_needs(data / name / "needs.jsonl")
    offers = load_offers(data / name / "offers.jsonl")
    qrels = load_qrels(data / name / "qrels.tsv")
    url = create_database(server, f"innovex_lexstudy_{secrets.token_hex(4)}")
    try:
        migrate(url)
        need_ids, offer_ids, supplier_ids, askers = asyncio.run(_load(url, needs, offers))
        asyncio.run(_index(url, embedder, model, lambda n: None))
        embedder.save()
        for variant in variants:
            t0 = time.process_time(), time.perf_counter()
            runs, _, dumps = asyncio.run(
                _rank(
                    url,
                    model,
                    need_ids=need_ids,
                    offer_ids=offer_ids,
                    supplier_ids=supplier_ids,
                    askers=askers,
                    top=100,
                    candidates=100,
                    want_offers=True,
                    want_suppliers=False,
                    phrases=16,
                    scoring=VARIANTS[variant],
                )
            )
            write_candidates(out / variant / f"{name}.jsonl", dumps)
            fused = evaluate_retrieval(runs["coverage"], qrels).as_dict()["nDCG@10"]
            alone = evaluate_retrieval(runs["lexical"], qrels).as_dict()["nDCG@10"]
            seconds = time.perf_counter() - t0[1]
            sys.stdout.write(
                f"{name}\t{variant}\tproduction {fused:.4f}\tlexical {alone:.4f}"
                f"\t{seconds:.0f}s wall\n"
            )
            sys.stdout.flush()
        if timed:
            asyncio.run(_time_lexical(url, [n.text or n.title for n in needs], timed))
    finally:
        drop_database(server, url)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sets", default="vi,xling,scifact")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", action="append", default=[], help="SET=EMBEDDING_MODEL")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--time", default="", help="variants to time, e.g. base,exact4")
    args = parser.parse_args(argv)
    models = dict(m.split("=", 1) for m in args.model)
    settings = Settings()
    from db.embedded import start_embedded

    server = settings.database_url or start_embedded(settings.data_dir, database="postgres")
    for name in args.sets.split(","):
        default = Settings().embedding_model
        study_set(
            server,
            name,
            args.data,
            args.out,
            models.get(name, default),
            [v for v in args.variants.split(",") if v],
            [v for v in args.time.split(",") if v],
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
