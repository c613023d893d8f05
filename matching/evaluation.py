"""Offline evaluation harness for the matcher.

The harness separates *candidate scoring* from *ranking*:

* a `CandidateScorer` turns (needs, offers) into a score matrix, one row per need, one column
  per offer, NaN where the component did not retrieve the offer. The in-memory scorers here
  (`DenseScorer`, `BM25Scorer`, `TfidfScorer`, `TsRankScorer`) stand in for the production
  path; a pgvector kNN + PostgreSQL full-text scorer plugs in by implementing the same
  Protocol (run the SQL per need, fill the retrieved columns, leave the rest NaN);
* `rank_offers` scores with the given components and fuses them (`fuse`, built on
  `matching.fusion`) into a run;
* `rank_suppliers` pools offer scores into supplier scores per need.

`python -m matching.evaluation` reproduces the numbers in notes/matching-research.md. The data
folder defaults to ../shared/data relative to the project root; the harness exits with a clear
message when it is absent (the labelled sets are never copied into the repository).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from domain.matching import Embedder
from matching.fusion import (
    DEFAULT_LSE_TEMPERATURE,
    DEFAULT_POOLING,
    DEFAULT_TOP_K,
    FloatArray,
    HybridWeights,
    Pooling,
    hybrid_scores,
    normalise_rows,
    pool_suppliers,
    rrf,
    standardise_global,
)
from matching.metrics import (
    EvalNeed,
    EvalOffer,
    EvalSet,
    evaluate_retrieval,
    load_eval_set,
    pairwise_loss,
    write_run,
)
from matching.text import chunk_text, lexical_tokens, listing_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data"
DEFAULT_CACHE_DIR = PROJECT_ROOT / ".data" / "cache"

ChunkPooling = Literal["truncate", "max", "mean"]
# PostgreSQL's default ts_rank weights for the classes D, C, B, A
TS_CLASS_WEIGHTS: Mapping[str, float] = {"D": 0.1, "C": 0.2, "B": 0.4, "A": 1.0}


class CandidateScorer(Protocol):
    """One relevance component: scores every (need, offer) pair it retrieves."""

    @property
    def name(self) -> str: ...

    def score(self, needs: Sequence[EvalNeed], offers: Sequence[EvalOffer]) -> FloatArray:
        """(len(needs), len(offers)) matrix, higher = more relevant, NaN = not retrieved."""
        ...


def need_text(need: EvalNeed) -> str:
    """A need's text as matched: title then body (just the title when they are the same)."""
    if not need.text.strip() or need.text.strip() == need.title.strip():
        return need.title
    return listing_text(need.title, need.text)


def offer_text(offer: EvalOffer) -> str:
    return listing_text(offer.title, offer.text)


# --------------------------------------------------------------------------------------------
# Dense (embedding) scoring


def embed_cached(
    embedder: Embedder, texts: Sequence[str], cache_dir: Path | None
) -> NDArray[np.float32]:
    """Embed `texts`, reusing `cache_dir/emb-<hash>.npy` keyed on model name and texts."""
    if cache_dir is None:
        return np.asarray(embedder.embed(texts), dtype=np.float32)
    digest = hashlib.sha256(embedder.model_name.encode())
    for text in texts:
        digest.update(b"\x00" + text.encode())
    path = cache_dir / f"emb-{digest.hexdigest()[:24]}.npy"
    if path.exists():
        cached: NDArray[np.float32] = np.load(path)
        return cached
    arr = np.asarray(embedder.embed(texts), dtype=np.float32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, arr)
    return arr


@dataclass
class DenseScorer:
    """Cosine similarity of need and offer embeddings.

    ``chunking="truncate"`` embeds each offer once (the model cuts it at its window);
    ``"max"``/``"mean"`` cut long offers into title-prefixed chunks of at most
    ``max_tokens`` wordpieces (`matching.text.chunk_text`) and pool chunk similarities.
    """

    embedder: Embedder
    cache_dir: Path | None = DEFAULT_CACHE_DIR
    chunking: ChunkPooling = "truncate"
    max_tokens: int = 200
    count_tokens: Callable[[str], int] | None = None

    @property
    def name(self) -> str:
        return f"dense[{self.chunking}]"

    def score(self, needs: Sequence[EvalNeed], offers: Sequence[EvalOffer]) -> FloatArray:
        q = embed_cached(self.embedder, [need_text(n) for n in needs], self.cache_dir)
        if self.chunking == "truncate":
            d = embed_cached(self.embedder, [offer_text(o) for o in offers], self.cache_dir)
            return (q @ d.T).astype(np.float64)
        chunks: list[str] = []
        owner: list[int] = []
        for i, offer in enumerate(offers):
            kwargs = {} if self.count_tokens is None else {"count_tokens": self.count_tokens}
            parts = chunk_text(
                offer_text(offer), max_tokens=self.max_tokens, prefix=offer.title, **kwargs
            )
            chunks.extend(parts)
            owner.extend([i] * len(parts))
        d = embed_cached(self.embedder, chunks, self.cache_dir)
        sims = (q @ d.T).astype(np.float64)
        owners = np.asarray(owner)
        out = np.empty((len(needs), len(offers)), dtype=np.float64)
        if self.chunking == "max":
            out.fill(-np.inf)
            np.maximum.at(out.T, owners, sims.T)
        else:
            out.fill(0.0)
            np.add.at(out.T, owners, sims.T)
            out /= np.bincount(owners, minlength=len(offers))[None, :]
        return out


# --------------------------------------------------------------------------------------------
# Lexical scoring


def _term_matrix(
    docs: Sequence[list[str]], vocab: dict[str, int], *, grow: bool
) -> sparse.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    for r, toks in enumerate(docs):
        for tok in toks:
            c = vocab.get(tok)
            if c is None:
                if not grow:
                    continue
                c = vocab[tok] = len(vocab)
            rows.append(r)
            cols.append(c)
    data = np.ones(len(rows), dtype=np.float64)
    m = sparse.csr_matrix((data, (rows, cols)), shape=(len(docs), len(vocab)))
    m.sum_duplicates()
    return m


def _offer_tokens(offer: EvalOffer, title_repeat: int) -> list[str]:
    return lexical_tokens(offer.title) * title_repeat + lexical_tokens(offer.text)


@dataclass
class BM25Scorer:
    """Okapi BM25 (Robertson & Zaragoza 2009) over folded tokens, with Lucene's idf.

    score(q, d) = sum over distinct query terms t in d of
        idf(t) * tf(t,d) * (k1 + 1) / (tf(t,d) + k1 * (1 - b + b * |d| / avgdl)),
    idf(t) = log(1 + (N - df + 0.5) / (df + 0.5)). ``title_repeat`` counts title words that
    many times: the poor man's BM25F, like a weight-A title in a PostgreSQL tsvector.
    """

    k1: float = 1.2
    b: float = 0.75
    title_repeat: int = 1

    @property
    def name(self) -> str:
        return "bm25"

    def score(self, needs: Sequence[EvalNeed], offers: Sequence[EvalOffer]) -> FloatArray:
        vocab: dict[str, int] = {}
        tf = _term_matrix([_offer_tokens(o, self.title_repeat) for o in offers], vocab, grow=True)
        n_docs = tf.shape[0]
        doc_len = np.asarray(tf.sum(axis=1)).ravel()
        avgdl = float(doc_len.mean()) if n_docs else 1.0
        df = np.bincount(tf.indices, minlength=tf.shape[1]).astype(np.float64)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        tf_coo = tf.tocoo()
        denom = tf_coo.data + self.k1 * (1 - self.b + self.b * doc_len[tf_coo.row] / avgdl)
        weights = tf_coo.data * (self.k1 + 1) / denom * idf[tf_coo.col]
        w = sparse.csr_matrix((weights, (tf_coo.row, tf_coo.col)), shape=tf.shape)
        q = _term_matrix([lexical_tokens(need_text(n)) for n in needs], vocab, grow=False)
        q.data[:] = 1.0  # distinct query terms
        out: FloatArray = (q @ w.T).toarray()
        out[out == 0] = np.nan  # no shared term: not retrieved
        return out


@dataclass
class TfidfScorer:
    """Cosine of sublinear-tf, smoothed-idf TF-IDF vectors (scikit-learn's TfidfVectorizer)."""

    @property
    def name(self) -> str:
        return "tfidf"

    def score(self, needs: Sequence[EvalNeed], offers: Sequence[EvalOffer]) -> FloatArray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(analyzer=lexical_tokens, sublinear_tf=True)
        d = vec.fit_transform([offer_text(o) for o in offers])
        q = vec.transform([need_text(n) for n in needs])
        out: FloatArray = (q @ d.T).toarray()
        out[out == 0] = np.nan
        return out


@dataclass
class TsRankScorer:
    """Emulation of PostgreSQL ``ts_rank(tsvector, tsquery, normalization)`` for an OR query.

    Mirrors `calc_rank_or` in src/backend/utils/adt/tsrank.c: a tsvector where title words
    carry weight class A and body words class ``body_class``; for each query term present in
    the document, with the weights w_1..w_n of its positions in order,
        term = (w_max + sum_j w_j / j**2 - w_max / j_max**2) / (pi**2 / 6),
    the rank is the mean of term over the query's terms (absent terms give 0), then divided by
    1 + log(document length) when ``normalization`` has bit 1. There is no idf: a common word
    counts as much as a rare one, which is the main gap to BM25 (see the research notes).
    ``max_query_terms`` keeps only the query's rarest terms (by document frequency), the
    workaround that gives ts_rank an idf through query construction.
    """

    body_class: Literal["A", "B", "C", "D"] = "B"
    normalization: int = 1
    max_query_terms: int | None = None

    @property
    def name(self) -> str:
        k = "" if self.max_query_terms is None else f",rare{self.max_query_terms}"
        return f"ts_rank[n{self.normalization}{k}]"

    def score(self, needs: Sequence[EvalNeed], offers: Sequence[EvalOffer]) -> FloatArray:
        w_title = TS_CLASS_WEIGHTS["A"]
        w_body = TS_CLASS_WEIGHTS[self.body_class]
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        doc_len = np.zeros(len(offers))
        for r, offer in enumerate(offers):
            positions: dict[str, list[float]] = {}
            title, body = lexical_tokens(offer.title), lexical_tokens(offer.text)
            for tok in title:
                positions.setdefault(tok, []).append(w_title)
            for tok in body:
                positions.setdefault(tok, []).append(w_body)
            doc_len[r] = len(title) + len(body)
            for tok, ws in positions.items():
                rows.append(r)
                cols.append(vocab.setdefault(tok, len(vocab)))
                vals.append(_ts_term_rank(ws))
        t = sparse.csr_matrix((vals, (rows, cols)), shape=(len(offers), len(vocab)))
        df = np.bincount(t.indices, minlength=t.shape[1])
        qrows: list[int] = []
        qcols: list[int] = []
        sizes = np.zeros(len(needs))
        for r, need in enumerate(needs):
            terms = list(dict.fromkeys(lexical_tokens(need_text(need))))
            sizes[r] = max(len(terms), 1)
            known = [vocab[x] for x in terms if x in vocab]
            if self.max_query_terms is not None:
                known = sorted(known, key=lambda c: df[c])[: self.max_query_terms]
                sizes[r] = max(min(len(terms), self.max_query_terms), 1)
            qrows.extend([r] * len(known))
            qcols.extend(known)
        q = sparse.csr_matrix((np.ones(len(qrows)), (qrows, qcols)), shape=(len(needs), len(vocab)))
        out: FloatArray = (q @ t.T).toarray() / sizes[:, None]
        if self.normalization & 1:
            out /= 1.0 + np.log(np.maximum(doc_len, 1.0))[None, :]
        out[out == 0] = np.nan
        return out


def _ts_term_rank(weights: Sequence[float]) -> float:
    w_max = max(weights)
    j_max = weights.index(w_max) + 1
    res = sum(w / (j * j) for j, w in enumerate(weights, start=1))
    return (w_max + res - w_max / (j_max * j_max)) / (math.pi**2 / 6)


# --------------------------------------------------------------------------------------------
# Ranking


def restrict_to_top(scores: FloatArray, depth: int | None) -> FloatArray:
    """Keep each row's `depth` best scores and set the rest to NaN (a kNN / LIMIT cut-off)."""
    if depth is None or depth >= scores.shape[1]:
        return scores.copy()
    filled = np.where(np.isfinite(scores), scores, -np.inf)
    keep = np.argpartition(-filled, depth - 1, axis=1)[:, :depth]
    out = np.full_like(scores, np.nan)
    rows = np.arange(scores.shape[0])[:, None]
    out[rows, keep] = scores[rows, keep]
    return out


@dataclass(frozen=True, slots=True)
class Fusion:
    """How component matrices become one offer-score matrix.

    ``kind="hybrid"``: `matching.fusion.hybrid_scores` per need (normalised weighted sum);
    ``kind="rrf"``: reciprocal rank fusion; ``kind="single"``: the first component as is.
    ``depth`` simulates the production candidate generation: each component only retrieves
    its own top ``depth`` per need (pgvector kNN ``LIMIT``, full-text ``LIMIT``); the union is
    what gets fused and normalised. None = every offer is a candidate.
    """

    kind: Literal["hybrid", "rrf", "single"] = "hybrid"
    weights: HybridWeights = field(default_factory=HybridWeights)
    rrf_k: int = 60
    depth: int | None = None


def fuse(components: Sequence[FloatArray], fusion: Fusion) -> FloatArray:
    """Fuse aligned (needs x offers) matrices, ``[semantic]`` or ``[semantic, lexical]``.

    Offers retrieved by no component come out NaN (not ranked).
    """
    if not components:
        raise ValueError("no component to fuse")
    parts = [restrict_to_top(c, fusion.depth) for c in components]
    retrieved = np.logical_or.reduce([np.isfinite(p) for p in parts])
    if fusion.kind == "single" or len(parts) == 1:
        out = parts[0]
    elif fusion.kind == "rrf":
        out = np.vstack([rrf([p[i] for p in parts], fusion.rrf_k) for i in range(len(parts[0]))])
    else:
        sem, lex = parts[0], parts[1]
        if fusion.depth is not None:
            # the semantic score of a lexical-only candidate is known in production too
            # (its vector is one lookup away), so only the candidate set is restricted
            sem = np.where(retrieved, components[0], np.nan)
        out = np.vstack(
            [hybrid_scores(sem[i], lex[i], None, fusion.weights) for i in range(len(sem))]
        )
    return np.where(retrieved, out, np.nan)


def to_run(
    needs: Sequence[EvalNeed], offers: Sequence[EvalOffer], scores: FloatArray
) -> dict[str, dict[str, float]]:
    """Score matrix -> run; NaN / inf cells (not retrieved) are left out."""
    run: dict[str, dict[str, float]] = {}
    for i, need in enumerate(needs):
        row = scores[i]
        run[need.id] = {o.id: float(row[j]) for j, o in enumerate(offers) if np.isfinite(row[j])}
    return run


def rank_offers(
    needs: Sequence[EvalNeed],
    offers: Sequence[EvalOffer],
    scorers: Sequence[CandidateScorer],
    fusion: Fusion = Fusion(),
) -> dict[str, dict[str, float]]:
    """Score with each component (``[semantic]`` or ``[semantic, lexical]``), fuse, rank."""
    return to_run(needs, offers, fuse([s.score(needs, offers) for s in scorers], fusion))


def rank_suppliers(
    needs: Sequence[EvalNeed],
    offers: Sequence[EvalOffer],
    scores: FloatArray,
    pooling: Pooling = DEFAULT_POOLING,
    *,
    temperature: float = DEFAULT_LSE_TEMPERATURE,
    top_k: int = DEFAULT_TOP_K,
) -> dict[str, dict[str, float]]:
    """Pool each need's offer scores into supplier scores (`matching.fusion.pool_suppliers`).

    Pass scores that are comparable *across* needs (raw cosine, or `standardise_global`):
    per-need normalisation erases how well a need fits a supplier in absolute terms.
    """
    suppliers = [o.supplier for o in offers]
    return {
        need.id: pool_suppliers(scores[i], suppliers, pooling, temperature=temperature, top_k=top_k)
        for i, need in enumerate(needs)
    }


# --------------------------------------------------------------------------------------------
# Command line


def _line(label: str, values: Mapping[str, float]) -> str:
    cells = "  ".join(f"{k}={v:.4f}" for k, v in values.items())
    return f"  {label:<46} {cells}"


def _retrieval_table(s: EvalSet, systems: Mapping[str, FloatArray], runs: Path | None) -> list[str]:
    lines = [f"{s.name}: {len(s.needs)} needs, {len(s.offers)} offers (offer retrieval)"]
    for label, matrix in systems.items():
        run = to_run(s.needs, s.offers, matrix)
        m = evaluate_retrieval(run, s.qrels)
        lines.append(_line(label, {"nDCG@10": m.ndcg_at_10, "R@10": m.recall_at_10, "MRR": m.mrr}))
        if runs is not None:
            write_run(runs / f"{s.name}.{_slug(label)}.tsv", run, top_k=100)
    return lines


def _supplier_table(
    s: EvalSet, systems: Mapping[str, dict[str, dict[str, float]]], runs: Path | None
) -> list[str]:
    n_sup = len({o.supplier for o in s.offers})
    lines = [f"{s.name}: {len(s.needs)} needs, {n_sup} suppliers (supplier ranking, loss)"]
    for label, run in systems.items():
        lines.append(
            _line(
                label,
                {
                    "pooled": pairwise_loss(run, s.qrels, average="pooled"),
                    "per-supplier": pairwise_loss(run, s.qrels, average="supplier"),
                },
            )
        )
        if runs is not None:
            write_run(runs / f"{s.name}.{_slug(label)}.tsv", run)
    return lines


def _slug(label: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in label).strip("-")


def evaluate_offers(
    s: EvalSet, embedder: Embedder, cache: Path | None, *, chunked: bool
) -> dict[str, FloatArray]:
    """The offer-retrieval systems of the research notes, by label."""
    dense = DenseScorer(embedder, cache).score(s.needs, s.offers)
    bm25 = BM25Scorer().score(s.needs, s.offers)
    tfidf = TfidfScorer().score(s.needs, s.offers)
    ts = TsRankScorer().score(s.needs, s.offers)
    hybrid = Fusion()
    systems: dict[str, FloatArray] = {
        "dense (MiniLM, truncated)": dense,
        "bm25": bm25,
        "tfidf cosine": tfidf,
        "ts_rank (emulated, title A, body B)": ts,
        "rrf(dense, bm25)": fuse([dense, bm25], Fusion(kind="rrf")),
        "hybrid z(dense)+z(bm25) w=0.5 [chosen]": fuse([dense, bm25], hybrid),
        "hybrid minmax w=0.5": fuse(
            [dense, bm25], Fusion(weights=HybridWeights(normalisation="minmax"))
        ),
        "hybrid w=0.5, top-100 per component": fuse(
            [dense, bm25], Fusion(weights=HybridWeights(), depth=100)
        ),
        "hybrid z(dense)+z(tfidf) w=0.5": fuse([dense, tfidf], hybrid),
        "hybrid z(dense)+z(ts_rank) w=0.5": fuse([dense, ts], hybrid),
    }
    if chunked:
        count = getattr(embedder, "tokenize_count", None)
        for pool in ("max", "mean"):
            chunks = DenseScorer(embedder, cache, chunking=pool, count_tokens=count)
            m = chunks.score(s.needs, s.offers)
            systems[f"dense chunked, {pool} over chunks"] = m
            systems[f"hybrid w=0.5, dense chunked {pool}"] = fuse([m, bm25], hybrid)
    return systems


def evaluate_suppliers(
    s: EvalSet, embedder: Embedder, cache: Path | None
) -> dict[str, dict[str, dict[str, float]]]:
    """The supplier-ranking systems of the research notes, by label."""
    dense = DenseScorer(embedder, cache).score(s.needs, s.offers)
    bm25 = BM25Scorer().score(s.needs, s.offers)
    tfidf = TfidfScorer().score(s.needs, s.offers)

    def sup(
        m: FloatArray, pooling: Pooling, *, temperature: float = 0.05, top_k: int = 3
    ) -> dict[str, dict[str, float]]:
        return rank_suppliers(s.needs, s.offers, m, pooling, temperature=temperature, top_k=top_k)

    return {
        "dense max [chosen]": sup(dense, "max"),
        "dense mean": sup(dense, "mean"),
        "dense top-3 mean": sup(dense, "topk", top_k=3),
        "dense lse t=0.02": sup(dense, "lse", temperature=0.02),
        "dense lse t=0.05": sup(dense, "lse", temperature=0.05),
        "dense lse t=0.1": sup(dense, "lse", temperature=0.1),
        "tfidf max": sup(np.nan_to_num(tfidf), "max"),
        "bm25 max": sup(np.nan_to_num(bm25), "max"),
        "per-need z(dense) max": sup(normalise_rows(dense), "max"),
        "per-need hybrid z w=0.5 max": sup(fuse([dense, bm25], Fusion()), "max"),
        "global z(dense)+z(bm25) w=0.8 max": sup(
            0.8 * standardise_global(dense) + 0.2 * standardise_global(bm25), "max"
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Offline evaluation of the matcher.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    parser.add_argument("--runs", type=Path, default=None, help="write run files here")
    parser.add_argument(
        "--chunked", action="store_true", help="also chunked offers (slow the first time)"
    )
    args = parser.parse_args(argv)
    missing = [n for n in ("scifact", "expert") if not (args.data / n).is_dir()]
    if missing:
        sys.stderr.write(f"evaluation data {missing} not found under {args.data}; skipping\n")
        return 2

    from matching.embedder import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    scifact = load_eval_set(args.data / "scifact")
    lines = _retrieval_table(
        scifact, evaluate_offers(scifact, embedder, args.cache, chunked=args.chunked), args.runs
    )
    expert = load_eval_set(args.data / "expert")
    lines += _supplier_table(expert, evaluate_suppliers(expert, embedder, args.cache), args.runs)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
