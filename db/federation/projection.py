"""The public projection of every record type, as the standard's JSON (domain/federation/
standard.py): read column by column from an allow-list, never `SELECT *`, so a confidential
column (description, solution, contacts, attachments, review notes) cannot reach the feed,
the exports or a webhook. Records outside their public states have no projection."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import (
    deal_parties,
    deals,
    federated_records,
    initiatives,
    needs,
    organizations,
    technology_offers,
)
from domain.federation.feed import RecordType
from domain.listings import INITIATIVE_PUBLIC, NEED_PUBLIC, OFFER_PUBLIC
from domain.provinces import province_by_code

_LISTING_TABLES = {
    RecordType.INITIATIVE: (initiatives, INITIATIVE_PUBLIC),
    RecordType.OFFER: (technology_offers, OFFER_PUBLIC),
    RecordType.NEED: (needs, NEED_PUBLIC),
}
# Public text columns -> standard field (language maps).
_TEXT = {
    RecordType.INITIATIVE: {
        "summary": "summary",
        "problem": "problem",
        "advantages": "advantages",
        "expected_impact": "expectedImpact",
    },
    RecordType.OFFER: {"summary": "summary", "terms": "terms"},
    RecordType.NEED: {
        "problem_statement": "problemStatement",
        "desired_outcome": "desiredOutcome",
        "constraints": "constraints",
        "order_commitment": "orderCommitment",
    },
}
_PLAIN = {
    RecordType.INITIATIVE: {"trl": "trl", "ip_status": "ipStatus"},
    RecordType.OFFER: {
        "trl": "trl",
        "ip_status": "ipStatus",
        "transfer_modes": "transferModes",
        "price_min_vnd": "priceMinVnd",
        "price_max_vnd": "priceMaxVnd",
        "expires_at": "expiresAt",
    },
    RecordType.NEED: {
        "kind": "needKind",
        "min_trl": "minTrl",
        "budget_min_vnd": "budgetMinVnd",
        "budget_max_vnd": "budgetMaxVnd",
        "prize_vnd": "prizeVnd",
        "deadline": "deadline",
    },
}
_COMMON = (
    "id",
    "organization_id",
    "title",
    "keywords",
    "field_code",
    "province_code",
    "status",
    "created_at",
    "updated_at",
)


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _official(province_code: str | None) -> str | None:
    province = province_by_code(province_code) if province_code else None
    return province.official_code if province else None


def _lang(language: str, text: str | None) -> dict[str, str] | None:
    return {language: text} if text and text.strip() else None


def _source(row: Any) -> dict[str, Any] | None:
    if row.fr_source is None:
        return None
    return {
        "exchange": row.fr_source,
        "exchangeName": row.fr_source_name,
        "externalId": row.fr_external_id,
        "updatedAt": row.fr_updated_at.isoformat(),
    }


def _listing_statement(record_type: RecordType) -> Select[Any]:
    table, public = _LISTING_TABLES[record_type]
    columns = [table.c[name] for name in _COMMON]
    columns += [table.c[name] for name in _TEXT[record_type]]
    columns += [table.c[name] for name in _PLAIN[record_type]]
    if record_type is RecordType.INITIATIVE:
        columns.append(table.c.language)
    return (
        select(
            *columns,
            federated_records.c.source.label("fr_source"),
            federated_records.c.source_name.label("fr_source_name"),
            federated_records.c.external_id.label("fr_external_id"),
            federated_records.c.source_updated_at.label("fr_updated_at"),
        )
        .select_from(
            table.outerjoin(federated_records, federated_records.c.entity_id == table.c.id)
        )
        .where(table.c.status.in_([s.value for s in public]))
    )


def _listing_record(record_type: RecordType, row: Any) -> dict[str, Any]:
    language = getattr(row, "language", None) or "vi"
    record: dict[str, Any] = {
        "id": str(row.id),
        "status": row.status,
        "organizationId": str(row.organization_id),
        "language": language,
        "title": {language: row.title},
        "keywords": list(row.keywords or []),
        "fieldCode": row.field_code,
        "provinceCode": row.province_code,
        "provinceOfficialCode": _official(row.province_code),
        "createdAt": row.created_at.isoformat(),
        "updatedAt": row.updated_at.isoformat(),
        "source": _source(row),
    }
    for column, name in _TEXT[record_type].items():
        record[name] = _lang(language, getattr(row, column))
    for column, name in _PLAIN[record_type].items():
        record[name] = _json(getattr(row, column))
    return record


def _organization_statement() -> Select[Any]:
    return select(
        organizations.c.id,
        organizations.c.name,
        organizations.c.kind,
        organizations.c.registry_code,
        organizations.c.province_code,
        organizations.c.created_at,
    ).where(organizations.c.verified.is_(True))


def _organization_record(row: Any) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "name": row.name,
        "kind": row.kind,
        "registryCode": row.registry_code,
        "provinceCode": row.province_code,
        "provinceOfficialCode": _official(row.province_code),
        "verified": True,
        "createdAt": row.created_at.isoformat(),
    }


async def _deal_records(
    session: AsyncSession, ids: Sequence[UUID] | None, after: UUID | None, limit: int
) -> list[tuple[UUID, dict[str, Any]]]:
    # A deal is public once the other party confirmed it: pending and disputed ones are claims.
    stmt = select(deals.c.id, deals.c.kind, deals.c.signed_on, deals.c.created_at).where(
        deals.c.status == "confirmed"
    )
    if ids is not None:
        stmt = stmt.where(deals.c.id.in_(ids))
    if after is not None:
        stmt = stmt.where(deals.c.id > after)
    rows = (await session.execute(stmt.order_by(deals.c.id).limit(limit))).all()
    if not rows:
        return []
    parties: dict[UUID, list[str]] = {}
    for p in await session.execute(
        select(deal_parties.c.deal_id, deal_parties.c.organization_id)
        .where(deal_parties.c.deal_id.in_([r.id for r in rows]))
        .order_by(deal_parties.c.deal_id, deal_parties.c.position)
    ):
        parties.setdefault(p.deal_id, []).append(str(p.organization_id))
    return [
        (
            r.id,
            {
                "id": str(r.id),
                "dealKind": r.kind,
                "signedOn": r.signed_on.isoformat(),
                "partyIds": parties.get(r.id, []),
                "createdAt": r.created_at.isoformat(),
            },
        )
        for r in rows
        if parties.get(r.id)
    ]


async def public_records(
    session: AsyncSession, record_type: RecordType, ids: Sequence[UUID]
) -> dict[UUID, dict[str, Any]]:
    """The public projection of each of `ids` that is public now; others are absent."""
    if not ids:
        return {}
    if record_type is RecordType.DEAL:
        return dict(await _deal_records(session, ids, None, len(ids)))
    if record_type is RecordType.ORGANIZATION:
        rows = await session.execute(_organization_statement().where(organizations.c.id.in_(ids)))
        return {r.id: _organization_record(r) for r in rows}
    table, _ = _LISTING_TABLES[record_type]
    rows = await session.execute(_listing_statement(record_type).where(table.c.id.in_(ids)))
    return {r.id: _listing_record(record_type, r) for r in rows}


async def all_public_records(
    session: AsyncSession, record_type: RecordType, batch: int = 2000
) -> AsyncIterator[list[dict[str, Any]]]:
    """Every public record of a type, in id order, batch by batch (for exports)."""
    after: UUID | None = None
    while True:
        if record_type is RecordType.DEAL:
            pairs = await _deal_records(session, None, after, batch)
            got = [record for _, record in pairs]
            last = pairs[-1][0] if pairs else None
        elif record_type is RecordType.ORGANIZATION:
            stmt = _organization_statement()
            if after is not None:
                stmt = stmt.where(organizations.c.id > after)
            rows = (await session.execute(stmt.order_by(organizations.c.id).limit(batch))).all()
            got = [_organization_record(r) for r in rows]
            last = rows[-1].id if rows else None
        else:
            table, _ = _LISTING_TABLES[record_type]
            stmt = _listing_statement(record_type)
            if after is not None:
                stmt = stmt.where(table.c.id > after)
            rows = (await session.execute(stmt.order_by(table.c.id).limit(batch))).all()
            got = [_listing_record(record_type, r) for r in rows]
            last = rows[-1].id if rows else None
        if last is None:
            return
        if got:
            yield got
        after = last
