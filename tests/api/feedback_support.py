"""A small world for feedback tests: a decided initiative of a Cần Thơ university, a listed
offer of the same university (Đồng Tháp) with an answered connection from an enterprise, and
the GraphQL documents the tests send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole, Organization, OrganizationKind
from domain.listings import InitiativeStatus, OfferStatus
from domain.services import connections as cc
from tests.factories import (
    SignedInUser,
    add_member,
    make_initiative,
    make_offer,
    make_organization,
    make_user,
)
from tests.graphql import ERRORS, gid

RATE = (
    """mutation($process: RatedProcess!, $s: ID!, $score: Int!, $c: String) {
  rateProcess(input: {process: $process, subjectId: $s, score: $score, comment: $c}) {
    __typename
    ... on ProcessRated { replaced rating { process subjectId score comment } }
    """
    + ERRORS
    + "} }"
)

RATINGS = """query($p: String!, $pr: [String!], $process: RatedProcess) {
  processRatings(period: $p, provinces: $pr, process: $process) {
    __typename
    ... on ProcessRatingPage { ratings { edges { node {
      process subjectId score comment provinceCode } } } }
    ... on ValidationError { fields { path code } }
    ... on NotAuthenticated { authCode: code }
    ... on NotAllowed { notAllowedCode: code }
  }
}"""


@dataclass
class FeedbackWorld:
    owner: SignedInUser  # owner of the university
    member: SignedInUser  # a plain member of it
    seeker: SignedInUser  # owner of the enterprise that asked for the offer
    university: Organization
    enterprise: Organization
    initiative_id: UUID  # accepted by a council, in Cần Thơ
    connection_id: UUID  # accepted

    @property
    def initiative(self) -> str:
        return gid("Initiative", self.initiative_id)

    @property
    def connection(self) -> str:
        return gid("ConnectionRequest", self.connection_id)


async def feedback_world(session: AsyncSession, **initiative: object) -> FeedbackWorld:
    owner = await make_user(session, display_name="Chủ nhiệm")
    member = await make_user(session, display_name="Thành viên")
    university = await make_organization(session, owner.user, kind=OrganizationKind.UNIVERSITY)
    await add_member(session, university, member.user, MemberRole.MEMBER)
    accepted = await make_initiative(
        session, owner.user, university, status=InitiativeStatus.ACCEPTED, **initiative
    )
    offer = await make_offer(session, owner.user, university, status=OfferStatus.LISTED)
    seeker = await make_user(session, display_name="Doanh nghiệp")
    enterprise = await make_organization(session, seeker.user, kind=OrganizationKind.ENTERPRISE)
    connection = await open_connection(session, seeker, enterprise, offer.id)
    await cc.accept_connection(
        SqlUnitOfWork(session), actor_of(owner, university), connection_id=connection
    )
    return FeedbackWorld(
        owner, member, seeker, university, enterprise, accepted.id, connection_id=connection
    )


def actor_of(user: SignedInUser, organization: Organization) -> Actor:
    return Actor(
        email_verified=True, user_id=user.user.id, memberships={organization.id: MemberRole.OWNER}
    )


async def open_connection(
    session: AsyncSession, seeker: SignedInUser, enterprise: Organization, listing_id: UUID
) -> UUID:
    """A pending connection from the enterprise to the listing."""
    found = await cc.request_connection(
        SqlUnitOfWork(session),
        actor_of(seeker, enterprise),
        cc.RequestConnection(
            listing_id=listing_id, requester_organization_id=enterprise.id, acknowledge_nda=True
        ),
    )
    return found.id


def now() -> datetime:
    return datetime.now(UTC)
