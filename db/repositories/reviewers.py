"""Province scopes of platform roles, and the reviewer pool: profiles, load, conflict facts and
the reviewed work the suggestion ranks by."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert

from db.pagination import keyset_page
from db.repositories.base import SqlRepository
from db.repositories.matching_reader import SqlMatchingReader
from db.repositories.vector_sql import model_literal, vector_literal
from db.tables import (
    connections,
    deal_parties,
    initiative_authors,
    initiatives,
    memberships,
    organizations,
    platform_role_provinces,
    review_assignments,
    reviewer_profiles,
    users,
)
from domain.accounts import PlatformRole
from domain.reviewer_pool import (
    MAX_OPEN_ASSIGNMENTS,
    ConflictFacts,
    PoolMember,
    ReviewerProfile,
)

# A connection still open (not declined or closed) ties the two organisations together.
_OPEN_CONNECTION = ("pending", "accepted", "negotiating", "deal")


class SqlRoleScopes(SqlRepository):
    async def provinces(self, user_id: UUID) -> dict[PlatformRole, frozenset[str]]:
        rows = await self._session.execute(
            select(platform_role_provinces.c.role, platform_role_provinces.c.province_code).where(
                platform_role_provinces.c.user_id == user_id
            )
        )
        found: dict[PlatformRole, set[str]] = defaultdict(set)
        for row in rows:
            found[PlatformRole(row.role)].add(row.province_code)
        return {role: frozenset(codes) for role, codes in found.items()}

    async def add(self, user_id: UUID, role: PlatformRole, province_code: str) -> None:
        await self._session.execute(
            insert(platform_role_provinces)
            .values(user_id=user_id, role=role.value, province_code=province_code)
            .on_conflict_do_nothing()
        )

    async def remove(self, user_id: UUID, role: PlatformRole, province_code: str | None) -> None:
        """One province of the role, or all of them when `province_code` is None."""
        stmt = platform_role_provinces.delete().where(
            platform_role_provinces.c.user_id == user_id,
            platform_role_provinces.c.role == role.value,
        )
        if province_code is not None:
            stmt = stmt.where(platform_role_provinces.c.province_code == province_code)
        await self._session.execute(stmt)

    async def holders(self, role: PlatformRole) -> int:
        count = await self._session.scalar(
            select(func.count()).where(users.c.roles.contains([role.value]))
        )
        return int(count or 0)


def profile_from_row(row: Any, user_id: UUID) -> ReviewerProfile:
    return ReviewerProfile(
        user_id=user_id,
        field_codes=tuple(row.field_codes or ()),
        affiliation_id=row.affiliation_id,
        declared_interest_ids=tuple(row.declared_interest_ids or ()),
        languages=tuple(row.languages or ()),
    )


@dataclass(frozen=True, slots=True)
class PoolRow:
    """A pool member with the keyset values of its page."""

    member: PoolMember
    created_at: Any
    id: UUID


def _open_load() -> Any:
    return (
        select(func.count())
        .where(
            review_assignments.c.reviewer_id == users.c.id,
            review_assignments.c.status == "assigned",
        )
        .scalar_subquery()
    )


def _pool_statement() -> Any:
    load = _open_load().label("open_assignments")
    return (
        select(
            users.c.id,
            users.c.display_name,
            users.c.created_at,
            reviewer_profiles.c.field_codes,
            reviewer_profiles.c.affiliation_id,
            reviewer_profiles.c.declared_interest_ids,
            reviewer_profiles.c.languages,
            organizations.c.province_code.label("affiliation_province"),
            load,
        )
        .select_from(
            users.outerjoin(reviewer_profiles, reviewer_profiles.c.user_id == users.c.id).outerjoin(
                organizations, organizations.c.id == reviewer_profiles.c.affiliation_id
            )
        )
        .where(users.c.roles.contains([PlatformRole.REVIEWER.value]))
    )


def _member(row: Any) -> PoolMember:
    return PoolMember(
        profile=profile_from_row(row, row.id),
        display_name=row.display_name,
        open_assignments=int(row.open_assignments),
        affiliation_province=row.affiliation_province,
    )


class SqlReviewerPool(SqlRepository):
    async def get_profile(self, user_id: UUID) -> ReviewerProfile | None:
        row = (
            await self._session.execute(
                select(reviewer_profiles).where(reviewer_profiles.c.user_id == user_id)
            )
        ).first()
        return profile_from_row(row, user_id) if row else None

    async def save_profile(self, profile: ReviewerProfile) -> None:
        values = {
            "field_codes": list(profile.field_codes),
            "affiliation_id": profile.affiliation_id,
            "declared_interest_ids": list(profile.declared_interest_ids),
            "languages": list(profile.languages),
        }
        await self._session.execute(
            insert(reviewer_profiles)
            .values(user_id=profile.user_id, **values)
            .on_conflict_do_update(
                index_elements=[reviewer_profiles.c.user_id],
                set_={**values, "updated_at": func.clock_timestamp()},
            )
        )

    async def members(self, user_ids: Sequence[UUID] | None = None) -> list[PoolMember]:
        """Every reviewer (or the named ones), oldest account first."""
        stmt = _pool_statement().order_by(users.c.created_at, users.c.id)
        if user_ids is not None:
            stmt = stmt.where(users.c.id.in_(user_ids))
        return [_member(r) for r in await self._session.execute(stmt)]

    async def page(
        self,
        *,
        field_code: str | None,
        province_code: str | None,
        available: bool | None,
        after: list[Any] | None,
        first: int,
    ) -> list[PoolRow]:
        """Keyset on (account creation, id); returns up to first + 1 rows."""
        stmt = _pool_statement()
        if field_code is not None:
            # A level-1 code finds the reviewers of any of its sectors too.
            stmt = stmt.where(
                or_(
                    reviewer_profiles.c.field_codes.contains([field_code]),
                    func.array_to_string(reviewer_profiles.c.field_codes, ",").op("~")(
                        f"(^|,){field_code}[0-9]{{2}}(,|$)"
                    )
                    if len(field_code) == 1
                    else text("false"),
                )
            )
        if province_code is not None:
            stmt = stmt.where(organizations.c.province_code == province_code)
        if available is not None:
            cond = _open_load() < MAX_OPEN_ASSIGNMENTS
            stmt = stmt.where(cond if available else ~cond)
        rows = await self._session.execute(
            keyset_page(stmt, [users.c.created_at, users.c.id], after, first)
        )
        return [PoolRow(_member(r), r.created_at, r.id) for r in rows]

    async def conflict_facts(
        self, user_ids: Sequence[UUID], *, initiative_id: UUID, submitter_id: UUID
    ) -> dict[UUID, ConflictFacts]:
        """Per reviewer: membership of the submitter, a linked co-authorship, and an open
        connection or a deal between their affiliation and the submitter."""
        if not user_ids:
            return {}
        ids = list(user_ids)
        members = set(
            await self._session.scalars(
                select(memberships.c.user_id).where(
                    memberships.c.organization_id == submitter_id, memberships.c.user_id.in_(ids)
                )
            )
        )
        authors = set(
            await self._session.scalars(
                select(initiative_authors.c.user_id).where(
                    initiative_authors.c.initiative_id == initiative_id,
                    initiative_authors.c.user_id.in_(ids),
                )
            )
        )
        affiliations = dict(
            (
                await self._session.execute(
                    select(reviewer_profiles.c.user_id, reviewer_profiles.c.affiliation_id).where(
                        reviewer_profiles.c.user_id.in_(ids),
                        reviewer_profiles.c.affiliation_id.is_not(None),
                    )
                )
            ).all()
        )
        orgs = list(set(affiliations.values()))
        connected: set[UUID] = set()
        dealt: set[UUID] = set()
        if orgs:
            pairs = await self._session.execute(
                select(
                    connections.c.owner_organization_id, connections.c.requester_organization_id
                ).where(
                    connections.c.status.in_(_OPEN_CONNECTION),
                    or_(
                        and_(
                            connections.c.owner_organization_id == submitter_id,
                            connections.c.requester_organization_id.in_(orgs),
                        ),
                        and_(
                            connections.c.requester_organization_id == submitter_id,
                            connections.c.owner_organization_id.in_(orgs),
                        ),
                    ),
                )
            )
            for owner, requester in pairs:
                connected.add(requester if owner == submitter_id else owner)
            theirs = deal_parties.alias("theirs")
            dealt = set(
                await self._session.scalars(
                    select(deal_parties.c.organization_id)
                    .join(theirs, theirs.c.deal_id == deal_parties.c.deal_id)
                    .where(
                        theirs.c.organization_id == submitter_id,
                        deal_parties.c.organization_id.in_(orgs),
                    )
                )
            )
        return {
            uid: ConflictFacts(
                member_of_submitter=uid in members,
                co_author=uid in authors,
                open_connection=affiliations.get(uid) in connected,
                deal=affiliations.get(uid) in dealt,
            )
            for uid in ids
        }

    async def reviewed_titles(self, user_ids: Sequence[UUID]) -> dict[UUID, list[str]]:
        """Titles of the initiatives each reviewer scored: their track record in words."""
        rows = await self._session.execute(
            select(review_assignments.c.reviewer_id, initiatives.c.title)
            .join(initiatives, initiatives.c.id == review_assignments.c.initiative_id)
            .where(
                review_assignments.c.reviewer_id.in_(list(user_ids)),
                review_assignments.c.status == "scored",
            )
            .order_by(review_assignments.c.created_at)
        )
        found: dict[UUID, list[str]] = defaultdict(list)
        for reviewer_id, title in rows:
            found[reviewer_id].append(title)
        return dict(found)

    async def reviewed_similarity(
        self, user_ids: Sequence[UUID], *, initiative_id: UUID, model: str
    ) -> dict[UUID, tuple[float, str]]:
        """Per reviewer: the best cosine between the initiative's vector and the vectors of
        initiatives they scored, with that initiative's title (reviewers with no embedded
        history are absent). Vectors are the worker's; nothing is embedded here."""
        query = await SqlMatchingReader(self._session).query_vector(
            "initiative", initiative_id, model
        )
        if query is None or not user_ids:
            return {}
        dim = int(query.dimension)
        rows = await self._session.execute(
            text(
                f"""
                SELECT DISTINCT ON (a.reviewer_id) a.reviewer_id, i.title,
                       1 - ((e.embedding::vector({dim})) <=> CAST(:q AS vector({dim}))) AS sim
                FROM review_assignments a
                JOIN initiatives i ON i.id = a.initiative_id
                JOIN embeddings e ON e.subject_kind = 'initiative' AND e.subject_id = i.id
                WHERE a.status = 'scored' AND a.reviewer_id = ANY(:ids)
                  AND a.initiative_id <> :initiative
                  AND e.model = {model_literal(model)} AND e.dimension = {dim}
                ORDER BY a.reviewer_id, sim DESC
                """
            ),
            {"q": vector_literal(query.vector), "ids": list(user_ids), "initiative": initiative_id},
        )
        return {r.reviewer_id: (float(r.sim), r.title) for r in rows}
