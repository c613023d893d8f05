"""Repositories for initiatives, technology offers, needs, fund profiles and what is kept about
every listing (status timeline, submitted versions, confidential-access grants).

What an actor may read is part of each statement (`readable_clause`), never filtered after the
rows are fetched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Select,
    Table,
    Text,
    and_,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY as PG_ARRAY
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by, insert
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from db.pagination import keyset_page
from db.repositories.connections import connection_grant
from db.repositories.review import reviewer_grant
from db.tables import (
    fund_profiles,
    initiative_authors,
    initiatives,
    listing_status_changes,
    listing_versions,
    needs,
    technology_offers,
)
from domain.accounts import Actor, Locale
from domain.listings import (
    INITIATIVE_PUBLIC,
    NEED_PUBLIC,
    OFFER_PUBLIC,
    CoAuthor,
    FundProfile,
    FundThesis,
    Initiative,
    InitiativeContent,
    InitiativeStatus,
    IpStatus,
    ListingFilter,
    ListingKind,
    Need,
    NeedContent,
    NeedKind,
    NeedStatus,
    OfferContent,
    OfferStatus,
    StatusChange,
    StoredVersion,
    TechnologyOffer,
    TransferMode,
)

# --- visibility -----------------------------------------------------------------------------


def granted_clause(actor: Actor, listing_id: ColumnElement[Any]) -> ColumnElement[bool]:
    """True for listings the actor was granted access to (assigned non-recused reviewer, party
    of an accepted connection): EXISTS subqueries over the review and connection tables."""
    if actor.user_id is None:
        return false()
    return or_(
        reviewer_grant(actor.user_id, listing_id), connection_grant(actor.user_id, listing_id)
    )


def readable_clause(
    table: Table, actor: Actor, public_statuses: frozenset[Any]
) -> ColumnElement[bool]:
    """Rows the actor may read: public states for everyone; everything for the owner
    organisation's members; everything but drafts for operators (a draft is its authors' alone
    until submitted); granted listings for their grantees."""
    if actor.is_authenticated and actor.is_staff:
        staff: list[ColumnElement[bool]] = [table.c.status != "draft"]
        if actor.memberships:
            staff.append(table.c.organization_id.in_(list(actor.memberships)))
        return or_(*staff)
    clauses: list[ColumnElement[bool]] = [
        table.c.status.in_(sorted(s.value for s in public_statuses))
    ]
    if actor.memberships:
        clauses.append(table.c.organization_id.in_(list(actor.memberships)))
    if actor.is_authenticated:
        clauses.append(granted_clause(actor, table.c.id))
    return or_(*clauses)


def _filtered(stmt: Select[Any], table: Table, actor: Actor, f: ListingFilter) -> Select[Any]:
    if f.statuses:
        stmt = stmt.where(table.c.status.in_(list(f.statuses)))
    if f.field_code is not None:
        code = f.field_code
        # A level-1 field ("2") matches itself and its sectors ("201".."299").
        stmt = stmt.where(
            or_(table.c.field_code == code, table.c.field_code.startswith(code))
            if len(code) == 1
            else table.c.field_code == code
        )
    if f.province_code is not None:
        stmt = stmt.where(table.c.province_code == f.province_code)
    if f.organization_id is not None:
        stmt = stmt.where(table.c.organization_id == f.organization_id)
    trl = table.c.min_trl if table is needs else table.c.trl if "trl" in table.c else None
    if trl is not None and f.trl_min is not None:
        stmt = stmt.where(trl >= f.trl_min)
    if trl is not None and f.trl_max is not None:
        stmt = stmt.where(trl <= f.trl_max)
    if f.mine:
        stmt = stmt.where(table.c.organization_id.in_(list(actor.memberships) or [None]))
    if f.need_kind is not None and table is needs:
        stmt = stmt.where(table.c.kind == f.need_kind.value)
    return stmt


def _newest_first(table: Table) -> list[ColumnElement[Any]]:
    return [table.c.created_at, table.c.id]


# --- initiatives ----------------------------------------------------------------------------

# Co-authors come with their initiative, in the same statement, in position order.
_AUTHORS = (
    select(
        func.coalesce(
            func.jsonb_agg(
                aggregate_order_by(
                    func.jsonb_build_object(
                        "name",
                        initiative_authors.c.name,
                        "affiliation",
                        initiative_authors.c.affiliation,
                        "user_id",
                        initiative_authors.c.user_id,
                        "share_percent",
                        cast(initiative_authors.c.share_percent, Text),
                    ),
                    initiative_authors.c.position,
                )
            ),
            cast(literal("[]"), JSONB),
        )
    )
    .where(initiative_authors.c.initiative_id == initiatives.c.id)
    .scalar_subquery()
    .label("co_authors")
)


def _co_authors(raw: list[dict[str, Any]]) -> tuple[CoAuthor, ...]:
    return tuple(
        CoAuthor(
            name=a["name"],
            share_percent=Decimal(a["share_percent"]),
            affiliation=a["affiliation"],
            user_id=UUID(a["user_id"]) if a["user_id"] else None,
        )
        for a in raw
    )


def initiative_from_row(row: Any) -> Initiative:
    return Initiative(
        id=row.id,
        organization_id=row.organization_id,
        created_by=row.created_by,
        content=InitiativeContent(
            title=row.title,
            summary=row.summary,
            description=row.description,
            problem=row.problem,
            solution=row.solution,
            advantages=row.advantages,
            field_code=row.field_code,
            keywords=tuple(row.keywords),
            trl=row.trl,
            ip_status=IpStatus(row.ip_status),
            ip_number=row.ip_number,
            target_users=row.target_users,
            expected_impact=row.expected_impact,
            province_code=row.province_code,
            language=Locale(row.language),
            co_authors=_co_authors(row.co_authors),
        ),
        status=InitiativeStatus(row.status),
        revision=row.revision,
        created_at=row.created_at,
        updated_at=row.updated_at,
        status_changed_at=row.status_changed_at,
    )


def _initiative_values(c: InitiativeContent) -> dict[str, Any]:
    return {
        "title": c.title,
        "summary": c.summary,
        "description": c.description,
        "problem": c.problem,
        "solution": c.solution,
        "advantages": c.advantages,
        "field_code": c.field_code,
        "keywords": list(c.keywords),
        "trl": c.trl,
        "ip_status": c.ip_status.value,
        "ip_number": c.ip_number,
        "target_users": c.target_users,
        "expected_impact": c.expected_impact,
        "province_code": c.province_code,
        "language": c.language.value,
    }


class SqlInitiativeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _select(self) -> Select[Any]:
        return select(initiatives, _AUTHORS)

    async def _one(self, initiative_id: UUID) -> Initiative:
        row = (
            await self._session.execute(self._select().where(initiatives.c.id == initiative_id))
        ).one()
        return initiative_from_row(row)

    async def _replace_authors(self, initiative_id: UUID, authors: Sequence[CoAuthor]) -> None:
        await self._session.execute(
            initiative_authors.delete().where(initiative_authors.c.initiative_id == initiative_id)
        )
        if authors:
            await self._session.execute(
                initiative_authors.insert(),
                [
                    {
                        "initiative_id": initiative_id,
                        "position": i,
                        "name": a.name,
                        "affiliation": a.affiliation,
                        "user_id": a.user_id,
                        "share_percent": a.share_percent,
                    }
                    for i, a in enumerate(authors)
                ],
            )

    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: InitiativeContent
    ) -> Initiative:
        new_id = await self._session.scalar(
            initiatives.insert()
            .values(
                organization_id=organization_id,
                created_by=created_by,
                **_initiative_values(content),
            )
            .returning(initiatives.c.id)
        )
        assert new_id is not None
        await self._replace_authors(new_id, content.co_authors)
        return await self._one(new_id)

    async def get(self, initiative_id: UUID, *, for_update: bool = False) -> Initiative | None:
        stmt = self._select().where(initiatives.c.id == initiative_id)
        if for_update:
            stmt = stmt.with_for_update(of=initiatives)
        row = (await self._session.execute(stmt)).first()
        return initiative_from_row(row) if row else None

    async def get_many_readable(self, actor: Actor, ids: Sequence[UUID]) -> list[Initiative]:
        rows = await self._session.execute(
            self._select().where(
                initiatives.c.id.in_(list(ids)),
                readable_clause(initiatives, actor, INITIATIVE_PUBLIC),
            )
        )
        return [initiative_from_row(r) for r in rows]

    async def list_page(
        self, actor: Actor, *, where: ListingFilter, after: list[Any] | None, first: int
    ) -> list[Initiative]:
        """Newest first, keyset on (created_at, id); returns up to first + 1 rows."""
        stmt = self._select().where(readable_clause(initiatives, actor, INITIATIVE_PUBLIC))
        stmt = _filtered(stmt, initiatives, actor, where)
        page = keyset_page(stmt, _newest_first(initiatives), after, first, descending=True)
        return [initiative_from_row(r) for r in await self._session.execute(page)]

    async def update_content(self, initiative_id: UUID, content: InitiativeContent) -> Initiative:
        await self._session.execute(
            update(initiatives)
            .where(initiatives.c.id == initiative_id)
            .values(**_initiative_values(content), updated_at=func.clock_timestamp())
        )
        await self._replace_authors(initiative_id, content.co_authors)
        return await self._one(initiative_id)

    async def set_status(
        self,
        initiative_id: UUID,
        *,
        expected: InitiativeStatus,
        status: InitiativeStatus,
        at: datetime,
        revision: int | None = None,
    ) -> Initiative | None:
        values: dict[str, Any] = {"status": status.value, "status_changed_at": at}
        if revision is not None:
            values["revision"] = revision
        moved = await self._session.scalar(
            update(initiatives)
            .where(initiatives.c.id == initiative_id, initiatives.c.status == expected.value)
            .values(**values)
            .returning(initiatives.c.id)
        )
        return await self._one(initiative_id) if moved else None


# --- technology offers ----------------------------------------------------------------------


def offer_from_row(row: Any) -> TechnologyOffer:
    return TechnologyOffer(
        id=row.id,
        organization_id=row.organization_id,
        created_by=row.created_by,
        content=OfferContent(
            title=row.title,
            summary=row.summary,
            description=row.description,
            trl=row.trl,
            ip_status=IpStatus(row.ip_status),
            ip_number=row.ip_number,
            field_code=row.field_code,
            keywords=tuple(row.keywords),
            transfer_modes=tuple(TransferMode(m) for m in row.transfer_modes),
            terms=row.terms,
            price_min_vnd=row.price_min_vnd,
            price_max_vnd=row.price_max_vnd,
            province_code=row.province_code,
            initiative_id=row.initiative_id,
            contact_name=row.contact_name,
            contact_email=row.contact_email,
            contact_phone=row.contact_phone,
        ),
        status=OfferStatus(row.status),
        revision=row.revision,
        expires_at=row.expires_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        status_changed_at=row.status_changed_at,
    )


def _offer_values(c: OfferContent) -> dict[str, Any]:
    return {
        "title": c.title,
        "summary": c.summary,
        "description": c.description,
        "trl": c.trl,
        "ip_status": c.ip_status.value,
        "ip_number": c.ip_number,
        "field_code": c.field_code,
        "keywords": list(c.keywords),
        "transfer_modes": [m.value for m in c.transfer_modes],
        "terms": c.terms,
        "price_min_vnd": c.price_min_vnd,
        "price_max_vnd": c.price_max_vnd,
        "province_code": c.province_code,
        "initiative_id": c.initiative_id,
        "contact_name": c.contact_name,
        "contact_email": c.contact_email,
        "contact_phone": c.contact_phone,
    }


class SqlOfferRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, *, organization_id: UUID, created_by: UUID, content: OfferContent
    ) -> TechnologyOffer:
        row = (
            await self._session.execute(
                technology_offers.insert()
                .values(
                    organization_id=organization_id,
                    created_by=created_by,
                    **_offer_values(content),
                )
                .returning(*technology_offers.c)
            )
        ).one()
        return offer_from_row(row)

    async def get(self, offer_id: UUID, *, for_update: bool = False) -> TechnologyOffer | None:
        stmt = select(technology_offers).where(technology_offers.c.id == offer_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._session.execute(stmt)).first()
        return offer_from_row(row) if row else None

    async def get_many_readable(self, actor: Actor, ids: Sequence[UUID]) -> list[TechnologyOffer]:
        rows = await self._session.execute(
            select(technology_offers).where(
                technology_offers.c.id.in_(list(ids)),
                readable_clause(technology_offers, actor, OFFER_PUBLIC),
            )
        )
        return [offer_from_row(r) for r in rows]

    async def list_page(
        self, actor: Actor, *, where: ListingFilter, after: list[Any] | None, first: int
    ) -> list[TechnologyOffer]:
        stmt = select(technology_offers).where(
            readable_clause(technology_offers, actor, OFFER_PUBLIC)
        )
        stmt = _filtered(stmt, technology_offers, actor, where)
        page = keyset_page(stmt, _newest_first(technology_offers), after, first, descending=True)
        return [offer_from_row(r) for r in await self._session.execute(page)]

    async def update_content(self, offer_id: UUID, content: OfferContent) -> TechnologyOffer:
        row = (
            await self._session.execute(
                update(technology_offers)
                .where(technology_offers.c.id == offer_id)
                .values(**_offer_values(content), updated_at=func.clock_timestamp())
                .returning(*technology_offers.c)
            )
        ).one()
        return offer_from_row(row)

    async def set_status(
        self,
        offer_id: UUID,
        *,
        expected: OfferStatus,
        status: OfferStatus,
        at: datetime,
        revision: int | None = None,
        expires_at: datetime | None = None,
    ) -> TechnologyOffer | None:
        values: dict[str, Any] = {"status": status.value, "status_changed_at": at}
        if revision is not None:
            values["revision"] = revision
        if expires_at is not None:
            values["expires_at"] = expires_at
        row = (
            await self._session.execute(
                update(technology_offers)
                .where(
                    technology_offers.c.id == offer_id,
                    technology_offers.c.status == expected.value,
                )
                .values(**values)
                .returning(*technology_offers.c)
            )
        ).first()
        return offer_from_row(row) if row else None

    async def set_expiry(self, offer_id: UUID, expires_at: datetime) -> TechnologyOffer:
        row = (
            await self._session.execute(
                update(technology_offers)
                .where(technology_offers.c.id == offer_id)
                .values(expires_at=expires_at)
                .returning(*technology_offers.c)
            )
        ).one()
        return offer_from_row(row)

    async def due_for_expiry(self, now: datetime, limit: int) -> list[TechnologyOffer]:
        rows = await self._session.execute(
            select(technology_offers)
            .where(
                technology_offers.c.status == OfferStatus.LISTED.value,
                technology_offers.c.expires_at <= now,
            )
            .order_by(technology_offers.c.expires_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [offer_from_row(r) for r in rows]


# --- needs ----------------------------------------------------------------------------------


def need_from_row(row: Any) -> Need:
    return Need(
        id=row.id,
        organization_id=row.organization_id,
        created_by=row.created_by,
        content=NeedContent(
            title=row.title,
            kind=NeedKind(row.kind),
            problem_statement=row.problem_statement,
            desired_outcome=row.desired_outcome,
            constraints=row.constraints,
            min_trl=row.min_trl,
            budget_min_vnd=row.budget_min_vnd,
            budget_max_vnd=row.budget_max_vnd,
            deadline=row.deadline,
            province_code=row.province_code,
            field_code=row.field_code,
            keywords=tuple(row.keywords),
            prize_vnd=row.prize_vnd,
            order_commitment=row.order_commitment,
            contact_name=row.contact_name,
            contact_email=row.contact_email,
            contact_phone=row.contact_phone,
        ),
        status=NeedStatus(row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        status_changed_at=row.status_changed_at,
    )


def _need_values(c: NeedContent) -> dict[str, Any]:
    return {
        "title": c.title,
        "kind": c.kind.value,
        "problem_statement": c.problem_statement,
        "desired_outcome": c.desired_outcome,
        "constraints": c.constraints,
        "min_trl": c.min_trl,
        "budget_min_vnd": c.budget_min_vnd,
        "budget_max_vnd": c.budget_max_vnd,
        "deadline": c.deadline,
        "province_code": c.province_code,
        "field_code": c.field_code,
        "keywords": list(c.keywords),
        "prize_vnd": c.prize_vnd,
        "order_commitment": c.order_commitment,
        "contact_name": c.contact_name,
        "contact_email": c.contact_email,
        "contact_phone": c.contact_phone,
    }


class SqlNeedRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, *, organization_id: UUID, created_by: UUID, content: NeedContent) -> Need:
        row = (
            await self._session.execute(
                needs.insert()
                .values(
                    organization_id=organization_id, created_by=created_by, **_need_values(content)
                )
                .returning(*needs.c)
            )
        ).one()
        return need_from_row(row)

    async def get(self, need_id: UUID, *, for_update: bool = False) -> Need | None:
        stmt = select(needs).where(needs.c.id == need_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._session.execute(stmt)).first()
        return need_from_row(row) if row else None

    async def get_many_readable(self, actor: Actor, ids: Sequence[UUID]) -> list[Need]:
        rows = await self._session.execute(
            select(needs).where(
                needs.c.id.in_(list(ids)), readable_clause(needs, actor, NEED_PUBLIC)
            )
        )
        return [need_from_row(r) for r in rows]

    async def list_page(
        self, actor: Actor, *, where: ListingFilter, after: list[Any] | None, first: int
    ) -> list[Need]:
        stmt = select(needs).where(readable_clause(needs, actor, NEED_PUBLIC))
        stmt = _filtered(stmt, needs, actor, where)
        page = keyset_page(stmt, _newest_first(needs), after, first, descending=True)
        return [need_from_row(r) for r in await self._session.execute(page)]

    async def update_content(self, need_id: UUID, content: NeedContent) -> Need:
        row = (
            await self._session.execute(
                update(needs)
                .where(needs.c.id == need_id)
                .values(**_need_values(content), updated_at=func.clock_timestamp())
                .returning(*needs.c)
            )
        ).one()
        return need_from_row(row)

    async def set_status(
        self, need_id: UUID, *, expected: NeedStatus, status: NeedStatus, at: datetime
    ) -> Need | None:
        row = (
            await self._session.execute(
                update(needs)
                .where(needs.c.id == need_id, needs.c.status == expected.value)
                .values(status=status.value, status_changed_at=at)
                .returning(*needs.c)
            )
        ).first()
        return need_from_row(row) if row else None


# --- fund profiles --------------------------------------------------------------------------


def fund_from_row(row: Any) -> FundProfile:
    return FundProfile(
        id=row.id,
        organization_id=row.organization_id,
        content=FundThesis(
            thesis=row.thesis,
            field_codes=tuple(row.field_codes),
            trl_min=row.trl_min,
            trl_max=row.trl_max,
            ticket_min_vnd=row.ticket_min_vnd,
            ticket_max_vnd=row.ticket_max_vnd,
            province_codes=tuple(row.province_codes),
        ),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class SqlFundRepository:
    """Fund profiles are public: a fund publishes its thesis to be matched."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_by_organization(self, organization_id: UUID) -> FundProfile | None:
        row = (
            await self._session.execute(
                select(fund_profiles).where(fund_profiles.c.organization_id == organization_id)
            )
        ).first()
        return fund_from_row(row) if row else None

    async def get_many(self, ids: Sequence[UUID]) -> list[FundProfile]:
        rows = await self._session.execute(
            select(fund_profiles).where(fund_profiles.c.id.in_(list(ids)))
        )
        return [fund_from_row(r) for r in rows]

    async def list_page(
        self,
        *,
        after: list[Any] | None,
        first: int,
        field_code: str | None = None,
        province_code: str | None = None,
        trl: int | None = None,
    ) -> list[FundProfile]:
        stmt = select(fund_profiles)
        if field_code is not None:
            stmt = stmt.where(fund_profiles.c.field_codes.contains([field_code]))
        if province_code is not None:
            stmt = stmt.where(fund_profiles.c.province_codes.contains([province_code]))
        if trl is not None:
            stmt = stmt.where(
                and_(
                    or_(fund_profiles.c.trl_min.is_(None), fund_profiles.c.trl_min <= trl),
                    or_(fund_profiles.c.trl_max.is_(None), fund_profiles.c.trl_max >= trl),
                )
            )
        page = keyset_page(stmt, _newest_first(fund_profiles), after, first, descending=True)
        return [fund_from_row(r) for r in await self._session.execute(page)]

    async def upsert(self, organization_id: UUID, content: FundThesis) -> FundProfile:
        values = {
            "thesis": content.thesis,
            "field_codes": list(content.field_codes),
            "trl_min": content.trl_min,
            "trl_max": content.trl_max,
            "ticket_min_vnd": content.ticket_min_vnd,
            "ticket_max_vnd": content.ticket_max_vnd,
            "province_codes": list(content.province_codes),
        }
        stmt = insert(fund_profiles).values(organization_id=organization_id, **values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[fund_profiles.c.organization_id],
            set_={**values, "updated_at": func.clock_timestamp()},
        )
        row = (await self._session.execute(stmt.returning(*fund_profiles.c))).one()
        return fund_from_row(row)


# --- timeline, versions, grants -------------------------------------------------------------


def status_change_from_row(row: Any) -> StatusChange:
    return StatusChange(
        listing_id=row.listing_id,
        from_status=row.from_status,
        to_status=row.to_status,
        reason=row.reason,
        at=row.at,
        actor_id=row.actor_id,
    )


class SqlListingRecords:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record_status_change(self, kind: ListingKind, change: StatusChange) -> None:
        await self._session.execute(
            listing_status_changes.insert().values(
                listing_kind=kind.value,
                listing_id=change.listing_id,
                from_status=change.from_status,
                to_status=change.to_status,
                reason=change.reason,
                actor_id=change.actor_id,
                at=change.at,
            )
        )

    async def timelines(self, listing_ids: Sequence[UUID]) -> dict[UUID, list[StatusChange]]:
        """The public timeline of each listing, oldest step first. Readable by anyone."""
        rows = await self._session.execute(
            select(listing_status_changes)
            .where(listing_status_changes.c.listing_id.in_(list(listing_ids)))
            .order_by(listing_status_changes.c.listing_id, listing_status_changes.c.id)
        )
        grouped: dict[UUID, list[StatusChange]] = defaultdict(list)
        for row in rows:
            grouped[row.listing_id].append(status_change_from_row(row))
        return grouped

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
            )
        )

    async def stored_version(self, listing_id: UUID, version: int) -> StoredVersion | None:
        row = (
            await self._session.execute(
                select(
                    listing_versions.c.listing_kind,
                    listing_versions.c.listing_id,
                    listing_versions.c.version,
                    listing_versions.c.digest,
                    listing_versions.c.signed_at,
                    listing_versions.c.key_id,
                    listing_versions.c.signature,
                ).where(
                    listing_versions.c.listing_id == listing_id,
                    listing_versions.c.version == version,
                )
            )
        ).first()
        if row is None:
            return None
        return StoredVersion(
            listing_kind=row.listing_kind,
            listing_id=row.listing_id,
            version=row.version,
            digest=row.digest,
            signed_at=row.signed_at,
            key_id=row.key_id,
            signature=row.signature,
        )

    async def versions_of(self, listing_ids: Sequence[UUID]) -> dict[UUID, list[StoredVersion]]:
        """The submitted versions of each listing, oldest first (receipt fields only)."""
        rows = await self._session.execute(
            select(
                listing_versions.c.listing_kind,
                listing_versions.c.listing_id,
                listing_versions.c.version,
                listing_versions.c.digest,
                listing_versions.c.signed_at,
                listing_versions.c.key_id,
                listing_versions.c.signature,
            )
            .where(listing_versions.c.listing_id.in_(list(listing_ids)))
            .order_by(listing_versions.c.listing_id, listing_versions.c.version)
        )
        grouped: dict[UUID, list[StoredVersion]] = defaultdict(list)
        for r in rows:
            grouped[r.listing_id].append(
                StoredVersion(
                    listing_kind=r.listing_kind,
                    listing_id=r.listing_id,
                    version=r.version,
                    digest=r.digest,
                    signed_at=r.signed_at,
                    key_id=r.key_id,
                    signature=r.signature,
                )
            )
        return grouped

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
