"""The world every permission-matrix cell runs in: one user per actor of the matrix, the
organisation that owns the listings and another one (and a file store), how a cell's call is
sent (JSON, or a GraphQL multipart request when it carries files) and how it is judged."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import metadata
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


@dataclass
class World:
    session: AsyncSession
    users: dict[str, SignedInUser]
    org: Organization
    outsider_org: Organization
    operator: Actor
    store: Any = None  # the FilesystemDocumentStore the API keeps files in, when the test has one

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
    # Multipart key -> (variable path, file name, content): sent as a GraphQL multipart request.
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    # For an allowed actor, after the answer: e.g. follow a download link (True when it worked).
    follow: Callable[[httpx.AsyncClient, Any], Awaitable[bool]] | None = None


async def send_call(client: httpx.AsyncClient, call: Call, token: str | None) -> dict[str, Any]:
    """The whole response body of a cell's call."""
    if not call.files:
        from tests.graphql import gql

        return await gql(client, call.document, call.variables, token=token, expect_errors=True)
    operations = {"query": call.document, "variables": call.variables}
    response = await client.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({key: [path] for key, (path, _, _) in call.files.items()}),
        },
        files={key: (name, content) for key, (_, name, content) in call.files.items()},
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def typename(expected: str) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, dict) and v.get("__typename") == expected


Prepare = Callable[[World], Awaitable[Call]]


async def snapshot(session: AsyncSession) -> dict[str, str]:
    """A digest of every table's content: any insert, update or delete changes it."""
    digests = {}
    for table in metadata.sorted_tables:
        digests[table.name] = await session.scalar(
            text(
                f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table.name} t"
            )
        )
    return digests
