"""Market pull of the commercialisation potential on the demo data, with the real default model
(issue 12, item 5): its distribution per language, and the same listing in Vietnamese and in
English (every demo topic's two texts).

    .venv/bin/python bench/market_pull.py [--keep]

Loads the demo into a scratch database on the embedded server, embeds its public listings with
the bundled e5 (vectors cached in `.data/cache/`; the worker's `index_subjects`, which detects
each listing's language), then asks the production use case for every public offer and
initiative. On the same similarities it computes the rules production used before: the raw
cosine rule (the mean over the five best open needs of (cosine - 0.30) / 0.40 clipped to
[0, 1]) and the listing-side standing (how many spreads a need lies above the listing's
similarity to the other public needs; notes/vietnamese-matching.md, section 6). The translated
pairs are not stored: each text is embedded, its language detected and the reader asked as
the use case asks it (a new organisation's offer, so no need is its own).
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BEFORE_FLOOR, BEFORE_FULL = 0.30, 0.70
NEEDS_SAMPLE = 2000  # the listing-side rule's background of public needs


def before_pull(similarities: Sequence[float]) -> float:
    best = sorted(similarities, reverse=True)[:5]
    return (
        sum(min(max((s - BEFORE_FLOOR) / (BEFORE_FULL - BEFORE_FLOOR), 0.0), 1.0) for s in best) / 5
    )


def listing_side_pull(similarities: Sequence[float], spread: tuple[int, float, float]) -> float:
    """Section 6's rule: each need's standing above the listing's other public needs (the
    need left out of their mean and spread), (z - 2) / 4 clipped, mean over five."""
    count, mu, sd = spread
    strengths = []
    for s in sorted(similarities, reverse=True)[:5]:
        others = count - 1
        if others < 5:
            strengths.append(0.0)
            continue
        mean = (mu * count - s) / others
        var = (count * (sd**2 + mu**2) - s**2) / others - mean**2
        std = math.sqrt(max(var, 0.0))
        z = (s - mean) / std if std > 1e-9 else 2.0
        strengths.append(min(max((z - 2.0) / 4.0, 0.0), 1.0))
    return sum(strengths) / 5


async def needs_spread(
    session: Any, model: str, vector: Sequence[float]
) -> tuple[int, float, float]:
    from sqlalchemy import text

    from db.repositories.vector_sql import model_literal, vector_literal

    dim = len(vector)
    row = (
        await session.execute(
            text(
                f"""
                SELECT count(*) AS n, avg(sim) AS mean, stddev_pop(sim) AS std FROM (
                    SELECT max(1 - ((embedding::vector({dim})) <=> CAST(:q AS vector({dim}))))
                           AS sim
                    FROM embeddings
                    WHERE model = {model_literal(model)} AND public AND subject_kind = 'need'
                    GROUP BY subject_kind, subject_id ORDER BY subject_kind, subject_id LIMIT :n
                ) AS background
                """
            ),
            {"q": vector_literal(vector), "n": NEEDS_SAMPLE},
        )
    ).one()
    return int(row.n), float(row.mean or 0.0), float(row.std or 0.0)


def describe(values: Sequence[float]) -> str:
    if not values:
        return "none"
    import numpy as np

    v = np.asarray(values)
    full = sum(1 for v in values if v >= 0.999)
    zero = sum(1 for v in values if v <= 0.001)
    return (
        f"n {len(values)}, mean {v.mean():.3f}, p10 {np.quantile(v, 0.1):.2f}, "
        f"median {np.median(v):.2f}, p90 {np.quantile(v, 0.9):.2f}, max {v.max():.2f}, "
        f"= 1: {full}, = 0: {zero}"
    )


async def pair_pull(
    reader: Any, model: str, title: str, summary: str, vector: list[float]
) -> float:
    """The production rule for a text that is not stored: as `_open_needs_matched` asks."""
    from domain.language import detect_language
    from domain.matching import QueryVector, SimilaritySpread
    from domain.potential import PULL_MIN_PEERS, PULL_NEEDS, PULL_SAMPLE, market_pull_component
    from domain.services.matching import OPEN_NEEDS

    q = QueryVector(vector, len(vector))
    near = await reader.nearest(model, q, ("need",), 4 * PULL_NEEDS)
    facts = await reader.listing_facts("need", [s.id for s in near])
    open_ids = {f.id for f in facts if f.status in OPEN_NEEDS}
    best = sorted((s for s in near if s.id in open_ids), key=lambda s: -s.similarity)[:PULL_NEEDS]
    language: str | None = detect_language(title, summary)
    found: dict[UUID, SimilaritySpread] = {}
    for attempt in (language, None):
        language = attempt
        found = await reader.listing_spreads(
            model,
            [s.id for s in best],
            dimension=len(vector),
            language=language,
            exclude=("offer", uuid4()),
            sample=PULL_SAMPLE,
        )
        if min((r.count for r in found.values()), default=0) >= PULL_MIN_PEERS:
            break
    none = SimilaritySpread(0, 0.0, 0.0)
    matches = [(s.similarity, found.get(s.id, none)) for s in best]
    return market_pull_component(matches, language).value


async def run(url: str) -> None:
    from sqlalchemy import text

    from db.engine import make_sessionmaker
    from db.repositories.embedding_source import SubjectRow
    from db.repositories.matching_reader import SqlMatchingReader
    from db.uow import SqlUnitOfWork
    from domain.accounts import Actor, PlatformRole
    from domain.language import VIETNAMESE
    from domain.matching import QueryVector
    from domain.potential import PULL_NEEDS
    from domain.services import matching as uc
    from domain.services.matching import OPEN_NEEDS
    from domain.services.ranking import Matcher
    from innovex.demo.catalogue import topics
    from innovex.demo.content import generate_demo
    from innovex.evaluate import CachedEmbedder
    from matching.embedder import BundledE5Embedder
    from matching.recommend import HybridRanker
    from matching.vectors import VectorSpace, subject_text
    from tests.conftest import disposing_engine
    from tests.demo_search import embed_public_demo, load_demo

    model = VectorSpace.default().model
    embedder = CachedEmbedder(BundledE5Embedder(ROOT / ".data"), model, ROOT / ".data" / "cache")
    staff = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR}))
    async with disposing_engine(url, pool_size=2) as engine:
        sessions = make_sessionmaker(engine)
        started = time.perf_counter()
        await load_demo(engine, sessions)
        embedded = await embed_public_demo(sessions, embedder, model)
        print(
            f"demo loaded, {embedded} public listings embedded in "
            f"{time.perf_counter() - started:.0f} s ({embedder.computed} not cached)"
        )
        demo = generate_demo()
        language = {o.title: o.language for o in (*demo.offers, *demo.initiatives)}
        # (kind, demo language, detected language, before, listing-side, need-side)
        rows: list[tuple[str, str, str, float, float, float]] = []
        async with sessions() as session:
            reader = SqlMatchingReader(session)
            matcher = Matcher(reader, HybridRanker(), model)
            uow = SqlUnitOfWork(session)
            timings: list[float] = []
            for kind, repo in (("offer", uow.offers), ("initiative", uow.initiatives)):
                found = await session.execute(
                    text(
                        "SELECT subject_id, language FROM embeddings WHERE subject_kind = :k"
                        " AND public AND model = :m ORDER BY 1"
                    ),
                    {"k": kind, "m": model},
                )
                for listing_id, detected in found.all():
                    listing = await repo.get(listing_id)
                    assert listing is not None
                    vector = await reader.query_vector(kind, listing_id, model)
                    assert vector is not None
                    near = await reader.nearest(model, vector, ("need",), 4 * PULL_NEEDS)
                    facts = await reader.listing_facts("need", [s.id for s in near])
                    open_ids = {
                        f.id
                        for f in facts
                        if f.status in OPEN_NEEDS and f.organization_id != listing.organization_id
                    }
                    sims = [s.similarity for s in near if s.id in open_ids]
                    spread = await needs_spread(session, model, vector.vector)
                    t0 = time.perf_counter()
                    after = await uc.commercialisation_potential(
                        uow, matcher, staff, kind, listing_id
                    )
                    timings.append(time.perf_counter() - t0)
                    pull = next(c for c in after.components if c.name == "market_pull")
                    rows.append(
                        (
                            kind,
                            language[listing.content.title],
                            detected,
                            before_pull(sims),
                            listing_side_pull(sims, spread),
                            pull.value,
                        )
                    )
            # every topic's Vietnamese and English offer text, embedded as the worker would
            pairs: list[tuple[str, tuple[float, float, float], tuple[float, float, float]]] = []
            for topic in topics():
                values = {}
                for lang in ("vi", "en"):
                    t = topic.text(lang)
                    row = SubjectRow(
                        "offer",
                        uuid4(),
                        uuid4(),
                        True,
                        {
                            "title": t.title,
                            "summary": t.summary,
                            "terms": None,
                            "keywords": t.keywords,
                        },
                    )
                    [vector] = embedder.embed([subject_text(row)[1]])
                    q = QueryVector(vector, len(vector))
                    near = await reader.nearest(model, q, ("need",), 4 * PULL_NEEDS)
                    facts = await reader.listing_facts("need", [s.id for s in near])
                    open_ids = {f.id for f in facts if f.status in OPEN_NEEDS}
                    sims = [s.similarity for s in near if s.id in open_ids]
                    spread = await needs_spread(session, model, vector)
                    values[lang] = (
                        before_pull(sims),
                        listing_side_pull(sims, spread),
                        await pair_pull(reader, model, t.title, t.summary, vector),
                    )
                pairs.append((topic.slug, values["vi"], values["en"]))
    if embedder.computed:
        embedder.save()
    Path("/tmp/market_pull.json").write_text(json.dumps({"rows": rows, "pairs": pairs}))  # noqa: ASYNC240
    wrong = [(r[1], r[2]) for r in rows if (r[2] == VIETNAMESE) != (r[1] == "vi")]
    print(f"\ndetected language vs the demo's labels: {len(rows) - len(wrong)}/{len(rows)} agree")
    print("\nmarket pull of the public demo listings (demo language labels)")
    for index, rule in ((3, "raw cosine (before)"), (4, "listing-side"), (5, "need-side (now)")):
        print(f"  {rule}")
        for lang in ("vi", "en", None):
            sel = [r[index] for r in rows if lang is None or r[1] == lang]
            print(f"    {lang or 'all':3} {describe(sel)}")
    print("\nthe same offer in Vietnamese and in English, per demo topic (|vi - en|)")
    for index, rule in ((0, "raw cosine (before)"), (1, "listing-side"), (2, "need-side (now)")):
        gaps = [abs(p[1][index] - p[2][index]) for p in pairs]
        within = sum(1 for g in gaps if g <= 0.1)
        print(
            f"  {rule}: mean gap {sum(gaps) / len(gaps):.3f}, max {max(gaps):.3f}, "
            f"within 0.1: {within}/{len(gaps)}; "
            f"mean vi {sum(p[1][index] for p in pairs) / len(pairs):.3f}, "
            f"en {sum(p[2][index] for p in pairs) / len(pairs):.3f}"
        )
    worst = sorted(pairs, key=lambda p: -abs(p[1][2] - p[2][2]))[:5]
    print(
        "  largest gaps now: "
        + "; ".join(f"{p[0]} vi {p[1][2]:.2f} en {p[2][2]:.2f}" for p in worst)
    )
    timings.sort()
    print(
        f"\nuse case per listing: median {1000 * timings[len(timings) // 2]:.1f} ms, "
        f"max {1000 * timings[-1]:.1f} ms (demo size, loaded machine)"
    )


def main() -> None:
    from db.databases import drop_database
    from db.embedded import start_embedded
    from tests.conftest import create_migrated_database

    keep = "--keep" in sys.argv  # keep the scratch database for further analysis
    server = start_embedded(ROOT / ".data", database="postgres")
    url = create_migrated_database(server, prefix="innovex_bench_pull")
    try:
        asyncio.run(run(url))
    finally:
        if keep:
            print(f"kept {url}")
        else:
            drop_database(server, url)


if __name__ == "__main__":
    main()
