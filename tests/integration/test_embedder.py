"""The sentence-transformers adapter with the real bundled all-MiniLM-L6-v2 (offline)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from domain.matching import Embedder
from matching.embedder import SentenceTransformerEmbedder, default_model_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


def test_default_model_is_the_bundled_minilm(embedder: SentenceTransformerEmbedder) -> None:
    assert os.path.isdir(default_model_path())
    assert embedder.model_ref == default_model_path()
    assert embedder.model_name == "model"  # basename of the bundled directory
    port: Embedder = embedder  # the adapter satisfies the domain port
    assert port.dimension == 384
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_vectors_are_normalised_and_batched(embedder: SentenceTransformerEmbedder) -> None:
    texts = [f"technology offer number {i}" for i in range(70)]  # more than one batch of 32
    vectors = np.asarray(embedder.embed(texts))
    assert vectors.shape == (70, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(70), abs=1e-5)
    assert embedder.embed([]) == []


def test_related_pair_scores_higher_than_unrelated(embedder: SentenceTransformerEmbedder) -> None:
    need, related, unrelated = embedder.embed(
        [
            "Drip irrigation system that saves water for coffee farms",
            "Water-efficient micro-irrigation technology for coffee plantations",
            "A blockchain ledger for tracking shipping container invoices",
        ]
    )
    related_sim = float(np.dot(need, related))
    unrelated_sim = float(np.dot(need, unrelated))
    assert related_sim > unrelated_sim + 0.2


def test_model_window_and_token_count(embedder: SentenceTransformerEmbedder) -> None:
    assert embedder.max_seq_length == 256
    assert embedder.tokenize_count("irrigation") >= 1
