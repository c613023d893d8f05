"""Market pull of the commercialisation potential on the demo data, with the real default model
(issue 12, item 5): its distribution per language, and the same listing in Vietnamese and in
English (every demo topic's two texts).

    .venv/bin/python bench/market_pull.py

Loads the demo into a scratch database on the embedded server, embeds its public listings with
the bundled e5 (vectors cached in `.data/cache/`), then asks the production use case for every
public offer and initiative. "before" is the raw-cosine rule it replaced (the mean over the
five best open needs of (cosine - 0.30) / 0.40 clipped to [0, 1]) on the same similarities.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BEFORE_FLOOR, BEFORE_FULL = 0.30, 0.70


def before_pull(similarities: Sequence[float]) -> float:
    best = sorted(similarities, reverse=True)[:5]
    return (
        sum(min(max((s - BEFORE_FLOOR) / (BEFORE_FULL - BEFORE_FLOOR), 0.0), 1.0) for s in best) / 5
    )


def describe(values: Sequence[float]) -> str:
    if not values:
        return "none"
    import numpy as np

    v = np.asarray(values)
    full = sum(1 for v in values if v >= 0.999)
    zero = sum(1 for v in values if v <= 0.001)
    return (
        f"n {len(values)}, mean {v.mean():.3f}, p10 {np.quantile(v, 0.1):.2f}, "
        f"median {np.median(v):.2f}, p90 {np.quantile(v, 0.9):.2f}, "
        f"= 1: {full} ({full / len(values):.0%}), = 0: {zero} ({zero / len(values):.0%})"
    )


async def run(url: str) -> None:
    from db.engine import make_sessionmaker
    from db.repositories.embedding_source import SubjectRow
    from db.repositories.matching_reader import SqlMatchingReader
    from db.uow import SqlUnitOfWork
    from domain.accounts import Actor, PlatformRole
    from domain.matching import QueryVector
    from domain.potential import PULL_NEEDS, PULL_SAMPLE, market_pull_component
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
    if True:
        async with disposing_engine(url, pool_size=2) as engine:
            sessions = make_sessionmaker(engine)
            started = time.perf_counter()
            await load_demo(engine, sessions)
            embedded = await embed_public_demo(sessions, embedder, model)
            embedder.save()
            print(
                f"demo loaded, {embedded} public listings embedded in "
                f"{time.perf_counter() - started:.0f} s"
            )
            demo = generate_demo()
            language = {o.title: o.language for o in (*demo.offers, *demo.initiatives)}
            rows: list[tuple[str, str, float, float]] = []  # (kind, language, before, after)
            async with sessions() as session:
                reader = SqlMatchingReader(session)
                matcher = Matcher(reader, HybridRanker(), model)
                uow = SqlUnitOfWork(session)
                for kind, repo in (("offer", uow.offers), ("initiative", uow.initiatives)):
                    ids = await reader_ids(session, kind, model)
                    for listing_id in ids:
                        listing = await repo.get(listing_id)
                        assert listing is not None
                        vector = await reader.query_vector(kind, listing_id, model)
                        assert vector is not None
                        near = await reader.nearest(model, vector, ("need",), 4 * PULL_NEEDS)
                        facts = await reader.listing_facts("need", [s.id for s in near])
                        open_ids = {
                            f.id
                            for f in facts
                            if f.status in OPEN_NEEDS
                            and f.organization_id != listing.organization_id
                        }
                        sims = [s.similarity for s in near if s.id in open_ids]
                        after = await uc.commercialisation_potential(
                            uow, matcher, staff, kind, listing_id
                        )
                        pull = next(c for c in after.components if c.name == "market_pull")
                        rows.append(
                            (kind, language[listing.content.title], before_pull(sims), pull.value)
                        )
                # every topic's Vietnamese and English offer text, embedded as the worker would
                pairs: list[tuple[str, float, float, float, float]] = []
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
                        spread = await reader.similarity_spread(
                            model, q, ("need",), sample=PULL_SAMPLE
                        )
                        values[lang] = (
                            before_pull(sims),
                            market_pull_component(sims, spread).value,
                        )
                    pairs.append((topic.slug, *values["vi"], *values["en"]))
                embedder.save()
    Path("/tmp/market_pull.json").write_text(json.dumps({"rows": rows, "pairs": pairs}))  # noqa: ASYNC240
    print("\nmarket pull of the public demo listings (production use case)")
    for lang in ("vi", "en", None):
        sel = [r for r in rows if lang is None or r[1] == lang]
        name = lang or "all"
        print(f"  {name:3} before: {describe([r[2] for r in sel])}")
        print(f"  {name:3} after:  {describe([r[3] for r in sel])}")
    print("\nthe same offer in Vietnamese and in English, per demo topic (|vi - en|)")
    for label, a, b in (("before", 1, 3), ("after", 2, 4)):
        gaps = [abs(p[a] - p[b]) for p in pairs]
        within = sum(1 for g in gaps if g <= 0.1)
        print(
            f"  {label}: mean {sum(gaps) / len(gaps):.3f}, max {max(gaps):.3f}, "
            f"within 0.1: {within}/{len(gaps)}; mean vi {sum(p[a] for p in pairs) / len(pairs):.3f}, "
            f"mean en {sum(p[b] for p in pairs) / len(pairs):.3f}"
        )
    worst = sorted(pairs, key=lambda p: -abs(p[2] - p[4]))[:5]
    print(
        "  largest gaps after: " + "; ".join(f"{p[0]} vi {p[2]:.2f} en {p[4]:.2f}" for p in worst)
    )


async def reader_ids(session, kind: str, model: str) -> list:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    rows = await session.execute(
        text(
            "SELECT subject_id FROM embeddings WHERE subject_kind = :k AND public"
            " AND model = :m ORDER BY 1"
        ),
        {"k": kind, "m": model},
    )
    return [r.subject_id for r in rows]


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
