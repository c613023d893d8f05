"""The world every permission-matrix cell runs in: one user per actor of the matrix, the
organisation that owns the listings and another one, and how a cell's call is judged."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole, Organization, OrganizationKind, PlatformRole
from domain.listings import (
    Initiative,
    InitiativeStatus,
    Need,
    NeedStatus,
    OfferStatus,
    TechnologyOffer,
)
from domain.services import review as rc
from tests.factories import (
    SignedInUser,
    add_member,
    make_initiative,
    make_need,
    make_offer,
    make_organization,
    make_user,
)

REFUSALS = {"NotAuthenticated", "NotAllowed", "NotFound"}


def gid(type_name: str, value: UUID) -> str:
    return str(relay.GlobalID(type_name, str(value)))


@dataclass
class World:
    session: AsyncSession
    users: dict[str, SignedInUser]
    org: Organization
    outsider_org: Organization
    operator: Actor

    def token(self, actor: str) -> str | None:
        return None if actor == "anonymous" else self.users[actor].token

    def actor(self, name: str) -> Actor:
        user = self.users[name].user
        memberships = {}
        if name in {"owner", "member"}:
            memberships = {self.org.id: MemberRole.OWNER if name == "owner" else MemberRole.MEMBER}
        elif name == "outsider":
            memberships = {self.outsider_org.id: MemberRole.OWNER}
        return Actor(
            email_verified=True, user_id=user.id, roles=user.roles, memberships=memberships
        )

    # Listings of the organisation, created by its owner; operator steps by the world's operator.
    async def initiative(self, status: InitiativeStatus = InitiativeStatus.DRAFT) -> Initiative:
        owner = self.users["owner"].user
        return await make_initiative(
            self.session, owner, self.org, status=status, operator=self.operator
        )

    async def offer(
        self, status: OfferStatus = OfferStatus.DRAFT, **options: Any
    ) -> TechnologyOffer:
        return await make_offer(
            self.session, self.users["owner"].user, self.org, status=status, **options
        )

    async def need(self, status: NeedStatus = NeedStatus.DRAFT) -> Need:
        return await make_need(self.session, self.users["owner"].user, self.org, status=status)


async def build_world(session: AsyncSession) -> World:
    owner = await make_user(session, display_name="Chủ tổ chức")
    member = await make_user(session, display_name="Thành viên")
    outsider = await make_user(session, display_name="Người ngoài")
    reviewer = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    # Limited to the province of the listings the factories make (can-tho).
    provincial = await make_user(
        session,
        roles=frozenset({PlatformRole.OPERATOR}),
        provinces={PlatformRole.OPERATOR: "can-tho"},
    )
    observer = await make_user(session, roles=frozenset({PlatformRole.OBSERVER}))
    org = await make_organization(session, owner.user, kind=OrganizationKind.UNIVERSITY)
    await add_member(session, org, member.user, MemberRole.MEMBER)
    outsider_org = await make_organization(session, outsider.user, kind=OrganizationKind.ENTERPRISE)
    users = {
        "owner": owner,
        "member": member,
        "outsider": outsider,
        "reviewer": reviewer,
        "operator": operator,
        "provincial operator": provincial,
        "observer": observer,
    }
    return World(
        session,
        users,
        org,
        outsider_org,
        Actor(email_verified=True, user_id=operator.user.id, roles=operator.user.roles),
    )


async def initiative_under_review(w: World) -> tuple[UUID, UUID]:
    """An initiative under review with the reviewer assigned; returns (initiative, assignment)."""
    initiative = await w.initiative(InitiativeStatus.UNDER_REVIEW)
    assignment = await rc.assign_reviewer(
        SqlUnitOfWork(w.session),
        w.operator,
        rc.AssignReviewer(initiative_id=initiative.id, reviewer_id=w.users["reviewer"].user.id),
    )
    return initiative.id, assignment.id


async def initiative_ready_for_decision(w: World) -> UUID:
    initiative_id, first = await initiative_under_review(w)
    second_reviewer = await make_user(w.session, roles=frozenset({PlatformRole.REVIEWER}))
    uow = SqlUnitOfWork(w.session)
    second = await rc.assign_reviewer(
        uow,
        w.operator,
        rc.AssignReviewer(initiative_id=initiative_id, reviewer_id=second_reviewer.user.id),
    )
    from domain.review import Criterion, Recommendation

    for name, assignment in (("reviewer", first), (None, second.id)):
        who = (
            w.actor("reviewer")
            if name
            else Actor(
                email_verified=True,
                user_id=second_reviewer.user.id,
                roles=second_reviewer.user.roles,
            )
        )
        await rc.score_initiative(
            uow,
            who,
            rc.ScoreInitiative(
                assignment_id=assignment,
                scores=dict.fromkeys(Criterion, 4),
                comments="Nhận xét riêng.",
                recommendation=Recommendation.ACCEPT,
            ),
        )
    return initiative_id


@dataclass
class Call:
    document: str
    variables: dict[str, Any]
    path: str  # top-level field of the answer
    succeeded: Callable[[Any], bool]
    refused: Callable[[Any], bool] = lambda v: (
        isinstance(v, dict) and v.get("__typename") in REFUSALS
    )


def typename(expected: str) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, dict) and v.get("__typename") == expected


Prepare = Callable[[World], Awaitable[Call]]
