"""Candidate scorers of the offline evaluation: each turns (needs, offers) into a score
matrix, one row per need, one column per offer, NaN where the component did not retrieve the
offer. The in-memory scorers (`DenseScorer`, `BM25Scorer`, `TfidfScorer`, `TsRankScorer`)
stand in for the production path; a pgvector kNN + PostgreSQL full-text scorer plugs in by
implementing the same Protocol.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from domain.matching import Embedder
from matching.fusion import FloatArray
from matching.metrics import EvalNeed, EvalOffer
from matching.text import chunk_text, lexical_tokens, listing_text

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / ".data" / "cache"

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
    embedder: Embedder, texts: Sequence[str], cache_dir: Path | None, *, query: bool = False
) -> NDArray[np.float32]:
    """Embed `texts`, reusing `cache_dir/emb-<hash>.npy` keyed on model, role and texts."""
    if cache_dir is None:
        return np.asarray(embedder.embed(texts, query=query), dtype=np.float32)
    digest = hashlib.sha256(embedder.model_name.encode() + (b"\x01q" if query else b""))
    for text in texts:
        digest.update(b"\x00" + text.encode())
    path = cache_dir / f"emb-{digest.hexdigest()[:24]}.npy"
    if path.exists():
        cached: NDArray[np.float32] = np.load(path)
        return cached
    arr = np.asarray(embedder.embed(texts, query=query), dtype=np.float32)
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
        q = embed_cached(self.embedder, [need_text(n) for n in needs], self.cache_dir, query=True)
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
