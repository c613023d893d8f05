"""Attachments' metadata. Confidential: `readable_clause` puts the rule of
`domain.listings.can_read_confidential` into the statement for callers that look attachments
up by id; lists per listing are guarded by the caller (the GraphQL field's permission)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import delete, exists, false, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from db.repositories.base import SqlRepository
from db.repositories.listings import granted_clause
from db.rows import from_row
from db.tables import attachments, organizations
from domain.accounts import Actor
from domain.attachments import Attachment, AttachmentMetadata
from domain.listings import ListingKind


def attachment_from_row(row: Any) -> Attachment:
    return from_row(
        Attachment,
        row,
        listing_kind=ListingKind(row.listing_kind),
        metadata=from_row(AttachmentMetadata, row),
    )


def readable_clause(actor: Actor) -> ColumnElement[bool]:
    """Attachments whose metadata the actor may read: operators, the owner organisation's
    members, and those granted access to the listing."""
    if not actor.is_authenticated:
        return false()
    if actor.is_staff:
        return true()
    clauses: list[ColumnElement[bool]] = [granted_clause(actor, attachments.c.listing_id)]
    if actor.memberships:
        clauses.append(attachments.c.organization_id.in_(list(actor.memberships)))
    return or_(*clauses)


class SqlAttachmentRepository(SqlRepository):
    async def add(
        self,
        *,
        listing_kind: ListingKind,
        listing_id: UUID,
        organization_id: UUID,
        metadata: AttachmentMetadata,
        added_by: UUID,
        storage_key: str | None = None,
    ) -> Attachment:
        row = (
            await self._session.execute(
                attachments.insert()
                .values(
                    listing_kind=listing_kind.value,
                    listing_id=listing_id,
                    organization_id=organization_id,
                    file_name=metadata.file_name,
                    media_type=metadata.media_type,
                    size_bytes=metadata.size_bytes,
                    sha256=metadata.sha256,
                    caption=metadata.caption,
                    added_by=added_by,
                    storage_key=storage_key,
                )
                .returning(*attachments.c)
            )
        ).one()
        return attachment_from_row(row)

    async def get(self, attachment_id: UUID) -> Attachment | None:
        row = (
            await self._session.execute(
                select(attachments).where(attachments.c.id == attachment_id)
            )
        ).first()
        return attachment_from_row(row) if row else None

    async def get_many_readable(self, actor: Actor, ids: Sequence[UUID]) -> list[Attachment]:
        rows = await self._session.execute(
            select(attachments).where(attachments.c.id.in_(list(ids)), readable_clause(actor))
        )
        return [attachment_from_row(r) for r in rows]

    async def count_for(self, listing_id: UUID) -> int:
        found = await self._session.scalar(
            select(func.count())
            .select_from(attachments)
            .where(attachments.c.listing_id == listing_id)
        )
        return int(found or 0)

    async def has_content(self, listing_id: UUID, sha256: str) -> bool:
        found = await self._session.scalar(
            select(
                exists().where(
                    attachments.c.listing_id == listing_id, attachments.c.sha256 == sha256
                )
            )
        )
        return bool(found)

    async def remove(self, attachment_id: UUID) -> bool:
        removed = await self._session.scalar(
            delete(attachments).where(attachments.c.id == attachment_id).returning(attachments.c.id)
        )
        return removed is not None

    async def stored_bytes(self, organization_id: UUID) -> int:
        await self._session.execute(
            select(organizations.c.id)
            .where(organizations.c.id == organization_id)
            .with_for_update()
        )
        found = await self._session.scalar(
            select(func.coalesce(func.sum(attachments.c.size_bytes), 0)).where(
                attachments.c.organization_id == organization_id,
                attachments.c.storage_key.is_not(None),
            )
        )
        return int(found or 0)

    async def of_listings(self, listing_ids: Sequence[UUID]) -> dict[UUID, list[Attachment]]:
        return await self._grouped(
            select(attachments)
            .where(attachments.c.listing_id.in_(list(listing_ids)))
            .order_by(attachments.c.listing_id, attachments.c.created_at, attachments.c.id),
            lambda row: row.listing_id,
            attachment_from_row,
        )
