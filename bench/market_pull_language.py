"""Market pull with a need-side, same-language reference (issue 12 item 5): the offline study
that preceded the production rule (adopted in `pull5`; bench/market_pull.py measures that one):
notes/vietnamese-matching.md, section 10.

    .venv/bin/python bench/market_pull.py --keep      # prints the kept database's URL
    .venv/bin/python bench/market_pull_language.py postgresql+asyncpg://...kept URL...

For a listing L of language g and an open need N, N's standing is how many spreads cos(L, N)
lies above cos(L', N) over the public listings L' of language g (mean and spread from the
need's side), so the offset e5 puts between a need's language and a listing's cancels. The
value is then the production one: the mean over the five best open needs of (standing - 2) / 4
clipped to [0, 1]. Languages are the demo's own labels; unlike production, the listing stays
in its own reference and its organisation's needs are not left out.
"""

import asyncio
import sys
from pathlib import Path
from uuid import uuid4

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from db.engine import make_engine  # noqa: E402
from db.repositories.embedding_source import SubjectRow  # noqa: E402
from innovex.demo.catalogue import topics  # noqa: E402
from innovex.demo.content import generate_demo  # noqa: E402
from innovex.evaluate import CachedEmbedder  # noqa: E402
from matching.embedder import BundledE5Embedder  # noqa: E402
from matching.vectors import VectorSpace, subject_text  # noqa: E402

URL = sys.argv[1]
FLOOR, FULL, K = 2.0, 6.0, 5


async def load():
    eng = make_engine(URL, pool_size=1)
    async with eng.connect() as c:
        model = VectorSpace.default().model
        rows = (
            await c.execute(
                text("""
          SELECT e.subject_kind k, e.subject_id id, e.organization_id org, CAST(e.embedding AS text) v,
                 coalesce(o.title, i.title, n.title) title, n.status nstatus
          FROM embeddings e LEFT JOIN technology_offers o ON e.subject_kind='offer' AND o.id=e.subject_id
          LEFT JOIN initiatives i ON e.subject_kind='initiative' AND i.id=e.subject_id
          LEFT JOIN needs n ON e.subject_kind='need' AND n.id=e.subject_id
          WHERE e.public AND e.model=:m AND e.subject_kind IN ('offer','initiative','need')"""),
                {"m": model},
            )
        ).all()
    await eng.dispose()
    return model, rows


def vec(s):
    return np.array([float(x) for x in s.strip("[]").split(",")])


def main():
    from db.embedded import start_embedded

    start_embedded(ROOT / ".data", database="postgres")
    model, rows = asyncio.run(load())
    demo = generate_demo()
    lang = {o.title: o.language for o in (*demo.offers, *demo.initiatives)}
    listings = [r for r in rows if r.k != "need"]
    needs = [r for r in rows if r.k == "need"]
    listing_vectors = np.vstack([vec(r.v) for r in listings])
    need_vectors = np.vstack([vec(r.v) for r in needs])
    llang = np.array([lang.get(r.title, "vi") for r in listings])
    open_ = np.array([r.nstatus == "open" for r in needs])
    sims = listing_vectors @ need_vectors.T  # listings x needs
    # need-side reference per listing language: mean/sd over listings of that language
    ref = {}
    for g in ("vi", "en"):
        sel = sims[llang == g]
        ref[g] = (sel.mean(axis=0), sel.std(axis=0))

    def pull(sims_row, g, exclude_self=None):
        mu, sd = ref[g]
        z = (sims_row - mu) / sd
        z = np.where(open_, z, -np.inf)
        best = np.sort(z)[::-1][:K]
        st = np.clip((best - FLOOR) / (FULL - FLOOR), 0, 1)
        st[~np.isfinite(best)] = 0
        return st.sum() / K

    vals = np.array([pull(sims[i], llang[i]) for i in range(len(listings))])
    for g in ("vi", "en", None):
        v = vals if g is None else vals[llang == g]
        print(
            g or "all",
            f"n {len(v)} mean {v.mean():.3f} p10 {np.quantile(v, 0.1):.2f} median {np.median(v):.2f} p90 {np.quantile(v, 0.9):.2f} max {v.max():.2f} =1 {(v >= 0.999).sum()} =0 {(v <= 0.001).sum()}",
        )
    emb = CachedEmbedder(BundledE5Embedder(ROOT / ".data"), model, ROOT / ".data" / "cache")
    gaps = []
    for t in topics():
        out = {}
        for g in ("vi", "en"):
            tt = t.text(g)
            row = SubjectRow(
                "offer",
                uuid4(),
                uuid4(),
                True,
                {"title": tt.title, "summary": tt.summary, "terms": None, "keywords": tt.keywords},
            )
            [v] = emb.embed([subject_text(row)[1]])
            out[g] = pull(np.asarray(v) @ need_vectors.T, g)
        gaps.append((t.slug, out["vi"], out["en"], abs(out["vi"] - out["en"])))
    g = np.array([x[3] for x in gaps])
    print(
        f"pairs: mean gap {g.mean():.3f} max {g.max():.3f} within 0.1: {(g <= 0.1).sum()}/{len(g)}; mean vi {np.mean([x[1] for x in gaps]):.3f} en {np.mean([x[2] for x in gaps]):.3f}"
    )
    print("worst", sorted(gaps, key=lambda x: -x[3])[:5])


if __name__ == "__main__":
    main()
