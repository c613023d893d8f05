"""The pgvector store: one row per chunk of a subject, per model, with its visibility."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from db.repositories.vector_sql import index_name, model_literal, parse_vector
from db.tables import embeddings
from domain.matching import SUPPLIER


@dataclass(frozen=True, slots=True)
class StoredVectors:
    """One subject's chunks as stored: who made them, from which text."""

    model: str
    text_hash: str
    organization_id: UUID
    public: bool
    chunks: int
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ModelInventory:
    model: str
    dimension: int
    vectors: int


class SqlVectorStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def stored(self, kind: str, ids: Sequence[UUID]) -> dict[UUID, StoredVectors]:
        e = embeddings
        rows = await self._session.execute(
            select(
                e.c.subject_id,
                func.min(e.c.model).label("model"),
                func.min(e.c.text_hash).label("text_hash"),
                func.bool_and(e.c.public).label("public"),
                func.min(e.c.organization_id.cast(Text)).label("organization_id"),
                func.count().label("chunks"),
                func.min(e.c.language).label("language"),
            )
            .where(e.c.subject_kind == kind, e.c.subject_id.in_(ids))
            .group_by(e.c.subject_id)
        )
        return {
            r.subject_id: StoredVectors(
                r.model, r.text_hash, UUID(r.organization_id), r.public, r.chunks, r.language
            )
            for r in rows
        }

    async def subject_vectors(
        self, kind: str, ids: Sequence[UUID], model: str
    ) -> dict[UUID, tuple[float, ...]]:
        """Each subject's vector by `model`: the normalised mean of its chunks (what search
        backends that keep vectors themselves are given); subjects without one are left out."""
        if not ids:
            return {}
        rows = await self._session.execute(
            text(
                f"""
                SELECT subject_id, CAST(l2_normalize(avg(embedding)) AS text) AS v
                FROM embeddings
                WHERE subject_kind = :kind AND subject_id = ANY(:ids)
                  AND model = {model_literal(model)}
                GROUP BY subject_id
                """
            ),
            {"kind": kind, "ids": list(ids)},
        )
        return {r.subject_id: tuple(parse_vector(r.v)) for r in rows}

    async def replace(
        self,
        kind: str,
        subject_id: UUID,
        *,
        organization_id: UUID,
        public: bool,
        model: str,
        text_hash: str,
        vectors: Sequence[Sequence[float]],
        language: str | None = None,
    ) -> None:
        await self.delete(kind, [subject_id])
        if not vectors:
            return
        await self._session.execute(
            insert(embeddings),
            [
                {
                    "subject_kind": kind,
                    "subject_id": subject_id,
                    "chunk": i,
                    "organization_id": organization_id,
                    "public": public,
                    "model": model,
                    "dimension": len(vector),
                    "embedding": list(vector),
                    "text_hash": text_hash,
                    "language": language,
                }
                for i, vector in enumerate(vectors)
            ],
        )

    async def set_visibility(
        self,
        kind: str,
        subject_id: UUID,
        *,
        organization_id: UUID,
        public: bool,
        language: str | None = None,
    ) -> None:
        await self._session.execute(
            update(embeddings)
            .where(embeddings.c.subject_kind == kind, embeddings.c.subject_id == subject_id)
            .values(public=public, organization_id=organization_id, language=language)
        )

    async def delete(self, kind: str, ids: Sequence[UUID]) -> None:
        if ids:
            await self._session.execute(
                delete(embeddings).where(
                    embeddings.c.subject_kind == kind, embeddings.c.subject_id.in_(ids)
                )
            )

    async def refresh_supplier_profiles(
        self, organization_ids: Sequence[UUID], *, model: str, dimension: int
    ) -> None:
        """A supplier's profile is the normalised mean of its public offers' and initiatives'
        chunk vectors; an organisation with none has no profile."""
        if not organization_ids:
            return
        await self.delete(SUPPLIER, organization_ids)
        await self._session.execute(
            text(
                f"""
                INSERT INTO embeddings (subject_kind, subject_id, chunk, organization_id, public,
                                        model, dimension, embedding, text_hash)
                SELECT 'supplier', e.organization_id, 0, e.organization_id, true,
                       {model_literal(model)}, {int(dimension)},
                       l2_normalize(avg(e.embedding::vector({int(dimension)}))), 'portfolio'
                FROM embeddings e
                WHERE e.organization_id = ANY(:orgs) AND e.subject_kind IN ('offer', 'initiative')
                  AND e.public AND e.model = {model_literal(model)}
                GROUP BY e.organization_id
                """
            ),
            {"orgs": list(organization_ids)},
        )

    async def organizations_of(self, kind: str, ids: Sequence[UUID]) -> set[UUID]:
        rows = await self._session.scalars(
            select(embeddings.c.organization_id)
            .where(embeddings.c.subject_kind == kind, embeddings.c.subject_id.in_(ids))
            .distinct()
        )
        return set(rows.all())

    async def inventory(self) -> list[ModelInventory]:
        e = embeddings
        rows = await self._session.execute(
            select(e.c.model, e.c.dimension, func.count().label("n"))
            .group_by(e.c.model, e.c.dimension)
            .order_by(e.c.model)
        )
        return [ModelInventory(r.model, r.dimension, r.n) for r in rows]

    async def has_index(self, model: str) -> bool:
        found = await self._session.scalar(
            text("SELECT 1 FROM pg_indexes WHERE tablename = 'embeddings' AND indexname = :name"),
            {"name": index_name(model)},
        )
        return found is not None

    async def create_index(self, model: str, dimension: int) -> None:
        # HNSW builds fast only while the graph fits in maintenance_work_mem (64MB by default:
        # about 100k 384-d vectors take minutes instead of seconds beyond that).
        await self._session.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        await self._session.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS {index_name(model)} ON embeddings USING hnsw "
                f"((embedding::vector({int(dimension)})) vector_cosine_ops) "
                f"WHERE model = {model_literal(model)} AND public"
            )
        )

    async def delete_other_models(self, model: str) -> int:
        result = await self._session.execute(
            delete(embeddings).where(embeddings.c.model != model).returning(embeddings.c.chunk)
        )
        return len(result.all())
