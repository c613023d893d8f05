"""What the embedder reads: the public projection of a listing (the fields its public search
document holds, search/documents.py) or a fund thesis, and whether it is public. Confidential
fields (an offer's or initiative's description, an initiative's solution) are never read: a
similarity computed from them is a side channel on them (issue 12)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any, Final
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.vector_sql import PUBLIC_STATUSES, SUBJECT_TABLES


@dataclass(frozen=True, slots=True)
class SubjectRow:
    """A listing or fund thesis as the embedder reads it: its public text fields, and whether
    it is public."""

    kind: str
    id: UUID
    organization_id: UUID
    public: bool
    fields: dict[str, Any]


# Body fields of each kind, in the order they are embedded after the title: public fields of
# the search document (search/documents.py); a need's order commitment is left out (public, but
# says nothing about the problem).
PUBLIC_BODY_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "initiative": ("summary", "problem", "advantages", "expected_impact"),
    "offer": ("summary", "terms"),
    "need": ("problem_statement", "desired_outcome", "constraints"),
}
_TEXT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    **{kind: ("title", *body, "keywords") for kind, body in PUBLIC_BODY_FIELDS.items()},
    "fund": ("thesis", "field_codes"),
}


class SqlEmbeddingSource:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def subjects(self, kind: str, ids: Sequence[UUID]) -> list[SubjectRow]:
        table = SUBJECT_TABLES[kind]
        columns = [table.c[name] for name in _TEXT_COLUMNS[kind]]
        status = table.c.status if "status" in table.c else None
        stmt = select(table.c.id, table.c.organization_id, *columns).where(table.c.id.in_(ids))
        if status is not None:
            stmt = stmt.add_columns(status)
        rows = (await self._session.execute(stmt)).mappings().all()
        out: list[SubjectRow] = []
        for row in rows:
            public = kind != "fund" and row["status"] in PUBLIC_STATUSES[kind]
            out.append(
                SubjectRow(
                    kind=kind,
                    id=row["id"],
                    organization_id=row["organization_id"],
                    public=public,
                    fields={name: row[name] for name in _TEXT_COLUMNS[kind]},
                )
            )
        return out

    async def count(self, kind: str) -> int:
        table = SUBJECT_TABLES[kind]
        return int(await self._session.scalar(select(func.count()).select_from(table)) or 0)

    async def ids(self, kind: str, batch_size: int) -> AsyncIterator[list[UUID]]:
        table = SUBJECT_TABLES[kind]
        last: UUID | None = None
        while True:
            stmt = select(table.c.id).order_by(table.c.id).limit(batch_size)
            if last is not None:
                stmt = stmt.where(table.c.id > last)
            batch = list((await self._session.scalars(stmt)).all())
            if not batch:
                return
            yield batch
            last = batch[-1]
