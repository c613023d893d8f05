"""Listings pushed by federated exchanges, stored as ordinary offers and needs of the pushing
exchange's organisation, with their provenance in `federated_records`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import federated_records, needs, technology_offers
from domain.federation.inbound import Provenance, PushedKind


def _text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if not isinstance(value, dict) or not value:
        return None
    language = record.get("language") or "vi"
    return str(value.get(language) or next(iter(value.values())))


def _columns(kind: PushedKind, record: dict[str, Any], status: str) -> dict[str, Any]:
    common = {
        "title": (_text(record, "title") or "")[:300],
        "keywords": list(record.get("keywords") or []),
        "field_code": record.get("fieldCode"),
        "province_code": record.get("provinceCode"),
        "status": status,
        "updated_at": func.clock_timestamp(),
    }
    if kind is PushedKind.OFFER:
        expires = record.get("expiresAt")
        return {
            **common,
            "summary": _text(record, "summary"),
            "terms": _text(record, "terms"),
            "trl": record.get("trl"),
            "ip_status": record.get("ipStatus") or "none",
            "transfer_modes": list(record.get("transferModes") or []),
            "price_min_vnd": record.get("priceMinVnd"),
            "price_max_vnd": record.get("priceMaxVnd"),
            "expires_at": datetime.fromisoformat(expires) if expires else None,
        }
    deadline = record.get("deadline")
    return {
        **common,
        "kind": record.get("needKind") or "request",
        "problem_statement": _text(record, "problemStatement"),
        "desired_outcome": _text(record, "desiredOutcome"),
        "constraints": _text(record, "constraints"),
        "order_commitment": _text(record, "orderCommitment"),
        "min_trl": record.get("minTrl"),
        "budget_min_vnd": record.get("budgetMinVnd"),
        "budget_max_vnd": record.get("budgetMaxVnd"),
        "prize_vnd": record.get("prizeVnd"),
        "deadline": date.fromisoformat(deadline) if deadline else None,
    }


def _table(kind: PushedKind) -> Any:
    return technology_offers if kind is PushedKind.OFFER else needs


def _keyed(source: str, external_id: str) -> tuple[Any, Any]:
    """The one federated_records row of a source's record."""
    return (
        federated_records.c.source == source,
        federated_records.c.external_id == external_id,
    )


class SqlFederatedListings:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def stored(
        self, source: str, external_ids: Sequence[str]
    ) -> dict[str, tuple[UUID, datetime, bool]]:
        # Pushes from one source queue here, so two first pushes of a record cannot both
        # insert it; pushes from different sources do not wait for each other.
        await self._session.execute(
            select(func.pg_advisory_xact_lock(func.hashtext("federation:" + source)))
        )
        rows = await self._session.execute(
            select(
                federated_records.c.external_id,
                federated_records.c.entity_id,
                federated_records.c.source_updated_at,
                federated_records.c.held,
            ).where(
                federated_records.c.source == source,
                federated_records.c.external_id.in_(list(external_ids)),
            )
        )
        return {r.external_id: (r.entity_id, r.source_updated_at, r.held) for r in rows}

    async def create(
        self,
        *,
        source: str,
        source_name: str,
        organization_id: UUID,
        kind: PushedKind,
        external_id: str,
        updated_at: datetime,
        record: dict[str, Any],
        status: str,
    ) -> UUID:
        table = _table(kind)
        entity_id: UUID = (
            await self._session.execute(
                table.insert()
                .values(organization_id=organization_id, **_columns(kind, record, status))
                .returning(table.c.id)
            )
        ).scalar_one()
        await self._session.execute(
            federated_records.insert().values(
                source=source,
                external_id=external_id,
                record_type=kind.value,
                entity_id=entity_id,
                source_name=source_name,
                source_updated_at=updated_at,
            )
        )
        return entity_id

    async def update(
        self,
        *,
        source: str,
        entity_id: UUID,
        kind: PushedKind,
        external_id: str,
        updated_at: datetime,
        record: dict[str, Any],
        status: str,
    ) -> None:
        table = _table(kind)
        columns = _columns(kind, record, status)
        current = await self._session.scalar(select(table.c.status).where(table.c.id == entity_id))
        if current != status:
            columns["status_changed_at"] = func.clock_timestamp()
        await self._session.execute(update(table).where(table.c.id == entity_id).values(**columns))
        await self._seen(source, external_id, updated_at)

    async def _seen(self, source: str, external_id: str, updated_at: datetime) -> None:
        """Remember the source's time of the record: an older push is then a replay."""
        await self._session.execute(
            update(federated_records)
            .where(*_keyed(source, external_id))
            .values(source_updated_at=updated_at)
        )

    async def withdraw(self, source: str, external_id: str, updated_at: datetime) -> UUID | None:
        row = (
            await self._session.execute(
                select(
                    federated_records.c.entity_id,
                    federated_records.c.record_type,
                    federated_records.c.source_updated_at,
                )
                .where(*_keyed(source, external_id))
                .with_for_update()
            )
        ).one_or_none()
        if row is None or row.source_updated_at >= updated_at:
            return None  # never stored here, or a replay
        table = _table(PushedKind(row.record_type))
        await self._session.execute(
            update(table)
            .where(table.c.id == row.entity_id, table.c.status != "withdrawn")
            .values(
                status="withdrawn",
                status_changed_at=func.clock_timestamp(),
                updated_at=func.clock_timestamp(),
            )
        )
        await self._seen(source, external_id, updated_at)
        entity_id: UUID = row.entity_id
        return entity_id


async def provenance_of(
    session: AsyncSession, entity_ids: Sequence[UUID]
) -> dict[UUID, Provenance]:
    """Provenance of each of `entity_ids` that came from another exchange (one statement)."""
    if not entity_ids:
        return {}
    rows = await session.execute(
        select(federated_records).where(federated_records.c.entity_id.in_(list(entity_ids)))
    )
    return {
        r.entity_id: Provenance(
            entity_id=r.entity_id,
            source_code=r.source,
            source_name=r.source_name,
            external_id=r.external_id,
            source_updated_at=r.source_updated_at,
        )
        for r in rows
    }
