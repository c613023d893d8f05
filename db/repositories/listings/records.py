"""What is kept about every listing: status timeline, submitted versions, confidential-access
grants."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY as PG_ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID

from db.repositories.base import SqlRepository
from db.repositories.listings.visibility import (
    granted_clause,
)
from db.rows import from_row
from db.tables import (
    attachments,
    listing_status_changes,
    listing_versions,
)
from domain.accounts import Actor
from domain.fields import field_values
from domain.listings import (
    ListingKind,
    StatusChange,
    StoredVersion,
)
from domain.receipts import RECEIPT_FORMAT, RECEIPT_FORMAT_V1, ReceiptFile


def status_change_from_row(row: Any) -> StatusChange:
    return from_row(StatusChange, row)


# What a receipt shows of a submitted version (not its content).
_RECEIPT_FIELDS = (
    listing_versions.c.listing_kind,
    listing_versions.c.listing_id,
    listing_versions.c.version,
    listing_versions.c.digest,
    listing_versions.c.signed_at,
    listing_versions.c.key_id,
    listing_versions.c.signature,
    listing_versions.c.files,
)


def stored_version_from_row(row: Any) -> StoredVersion:
    if row.files is None:  # signed before receipts named files
        return from_row(StoredVersion, row, format=RECEIPT_FORMAT_V1, files=())
    files = tuple(ReceiptFile(**f) for f in row.files)
    return from_row(StoredVersion, row, format=RECEIPT_FORMAT, files=files)


def _listing_id(row: Any) -> UUID:
    listing_id: UUID = row.listing_id
    return listing_id


class SqlListingRecords(SqlRepository):
    async def record_status_change(self, kind: ListingKind, change: StatusChange) -> None:
        await self._session.execute(
            listing_status_changes.insert().values(listing_kind=kind.value, **field_values(change))
        )

    async def timelines(self, listing_ids: Sequence[UUID]) -> dict[UUID, list[StatusChange]]:
        """The public timeline of each listing, oldest step first. Readable by anyone."""
        return await self._grouped(
            select(listing_status_changes)
            .where(listing_status_changes.c.listing_id.in_(list(listing_ids)))
            .order_by(listing_status_changes.c.listing_id, listing_status_changes.c.id),
            _listing_id,
            status_change_from_row,
        )

    async def add_version(
        self,
        *,
        kind: ListingKind,
        listing_id: UUID,
        version: int,
        content: dict[str, Any],
        digest: str,
        signature: str,
        key_id: str,
        signed_at: datetime,
        submitted_by: UUID | None,
        files: Sequence[ReceiptFile] = (),
    ) -> None:
        await self._session.execute(
            listing_versions.insert().values(
                listing_kind=kind.value,
                listing_id=listing_id,
                version=version,
                content=content,
                digest=digest,
                signature=signature,
                key_id=key_id,
                signed_at=signed_at,
                submitted_by=submitted_by,
                files=[f.as_json() for f in files],
            )
        )

    async def attached_files(self, listing_id: UUID) -> list[ReceiptFile]:
        rows = await self._session.execute(
            select(attachments.c.file_name, attachments.c.size_bytes, attachments.c.sha256).where(
                attachments.c.listing_id == listing_id
            )
        )
        return [ReceiptFile(r.file_name, r.size_bytes, r.sha256) for r in rows]

    async def stored_version(self, listing_id: UUID, version: int) -> StoredVersion | None:
        return await self._first(
            select(*_RECEIPT_FIELDS).where(
                listing_versions.c.listing_id == listing_id,
                listing_versions.c.version == version,
            ),
            stored_version_from_row,
        )

    async def versions_of(self, listing_ids: Sequence[UUID]) -> dict[UUID, list[StoredVersion]]:
        """The submitted versions of each listing, oldest first (receipt fields only)."""
        return await self._grouped(
            select(*_RECEIPT_FIELDS)
            .where(listing_versions.c.listing_id.in_(list(listing_ids)))
            .order_by(listing_versions.c.listing_id, listing_versions.c.version),
            _listing_id,
            stored_version_from_row,
        )

    async def confidential_grants(self, actor: Actor, listing_ids: Sequence[UUID]) -> set[UUID]:
        if not actor.is_authenticated or not listing_ids:
            return set()
        ids_param = literal(list(dict.fromkeys(listing_ids)), PG_ARRAY(PG_UUID(as_uuid=True)))
        candidate = (
            func.unnest(ids_param).table_valued("listing_id").render_derived(name="candidate")
        )
        rows = await self._session.execute(
            select(candidate.c.listing_id).where(granted_clause(actor, candidate.c.listing_id))
        )
        return {r[0] for r in rows}
