"""SQL shared by the embedding source, the vector store and the matching reader.

Vectors live in `embeddings` (migration 0005) under an untyped `vector` column; every model has
its own partial HNSW index over `embedding::vector(<dimension>)`, so every kNN statement casts
to the model's dimension and names the model as a literal (a bind parameter would keep the
planner from proving the partial index's predicate under a generic plan).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from db.tables import fund_profiles, initiatives, needs, technology_offers
from domain.listings import INITIATIVE_PUBLIC, NEED_PUBLIC, OFFER_PUBLIC

SUBJECT_KINDS: Final = ("initiative", "offer", "need", "fund")
_MODEL_NAME = re.compile(r"^[A-Za-z0-9._/@:+-]{1,200}$")
PUBLIC_STATUSES: Final[dict[str, tuple[str, ...]]] = {
    "initiative": tuple(s.value for s in INITIATIVE_PUBLIC),
    "offer": tuple(s.value for s in OFFER_PUBLIC),
    "need": tuple(s.value for s in NEED_PUBLIC),
}


SUBJECT_TABLES: Final = {
    "initiative": initiatives,
    "offer": technology_offers,
    "need": needs,
    "fund": fund_profiles,
}


def model_literal(model: str) -> str:
    """`model` as an SQL string literal; only plain model names are accepted."""
    if not _MODEL_NAME.match(model):
        raise ValueError(f"unsupported embedding model name {model!r}")
    return "'" + model.replace("'", "''") + "'"


def index_name(model: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", model.lower()).strip("_")
    return f"ix_embeddings_hnsw_{slug}"[:63]


def vector_literal(values: Sequence[float]) -> str:
    return "[" + ",".join(f"{v:.7g}" for v in values) + "]"


def parse_vector(value: Any) -> list[float]:
    if isinstance(value, str):
        return [float(x) for x in value.strip("[]").split(",") if x]
    return [float(x) for x in value]
