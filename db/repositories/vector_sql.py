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


def listing_spreads_sql(model: str, dim: int) -> str:
    """Per need (`:needs`), the spread of its best-chunk similarity to the first `:n` public
    listings of each of `:kinds` in key order (the primary key serves the order), of
    `:language` (any when NULL), the listing `:kind`/`:id` left out."""
    return f"""
    WITH need AS (
        SELECT subject_id, embedding::vector({dim}) AS v FROM embeddings
        WHERE model = {model_literal(model)} AND public AND subject_kind = 'need'
          AND subject_id = ANY(:needs)
    ),
    peer AS MATERIALIZED (  -- once, not once per need
        SELECT p.* FROM unnest(CAST(:kinds AS text[])) AS k(kind)
        CROSS JOIN LATERAL (
            SELECT e.subject_kind, e.subject_id,
                   l2_normalize(avg(e.embedding::vector({dim}))) AS v
            FROM embeddings e
            WHERE e.model = {model_literal(model)} AND e.public
              AND e.subject_kind = k.kind
              AND (CAST(:language AS text) IS NULL OR e.language = :language)
              AND NOT (e.subject_kind = :kind AND e.subject_id = :id)
            GROUP BY e.subject_kind, e.subject_id
            ORDER BY e.subject_kind, e.subject_id
            LIMIT :n
        ) AS p
    ),
    pair AS (
        SELECT need.subject_id AS need_id, max(1 - (peer.v <=> need.v)) AS sim
        FROM need CROSS JOIN peer
        GROUP BY need.subject_id, peer.subject_kind, peer.subject_id
    )
    SELECT need_id, count(*) AS n, avg(sim) AS mean, stddev_pop(sim) AS std
    FROM pair GROUP BY need_id
    """
