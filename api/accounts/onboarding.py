"""Onboarding with consent: invitations an owner sends and the invitee answers, and join
requests a user sends and the owners answer (domain/onboarding.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from api.accounts.types import (
    MemberRole,
    MembershipType,
    OrganizationType,
    UserType,
    known_organization,
    known_user,
    organization_id_of,
)
from api.context import Info
from api.errors import ErrorPayload, NotAuthenticated, payload
from api.relay import parse_global_id
from domain import accounts
from domain import onboarding as domain
from domain.fields import from_fields
from domain.services import onboarding as uc

InvitationStatus = strawberry.enum(domain.InvitationStatus, name="InvitationStatus")
JoinRequestStatus = strawberry.enum(domain.JoinRequestStatus, name="JoinRequestStatus")


def _gid(type_name: str, value: UUID) -> strawberry.ID:
    return strawberry.ID(str(relay.GlobalID(type_name, str(value))))


@strawberry.type(
    name="Invitation",
    description="An invitation of an email to an organisation; seen by the organisation's "
    "owners and admins and by the holder of the email.",
)
class InvitationType:
    id: strawberry.ID
    email: str
    role: MemberRole  # type: ignore[valid-type]
    status: InvitationStatus = strawberry.field(  # type: ignore[valid-type]
        description="EXPIRED once a pending invitation is past `expiresAt`."
    )
    created_at: datetime
    expires_at: datetime
    answered_at: datetime | None
    _organization_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, i: domain.Invitation, now: datetime) -> InvitationType:
        return from_fields(
            cls,
            i,
            id=_gid("Invitation", i.id),
            status=i.status_at(now),
            _organization_id=i.organization_id,
        )

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        return await known_organization(info, self._organization_id)


@strawberry.type(
    name="JoinRequest",
    description="A user's request to join an organisation; seen by the requester and the "
    "organisation's owners and admins.",
)
class JoinRequestType:
    id: strawberry.ID
    message: str
    status: JoinRequestStatus  # type: ignore[valid-type]
    created_at: datetime
    answered_at: datetime | None
    _organization_id: strawberry.Private[UUID]
    _user_id: strawberry.Private[UUID]

    @classmethod
    def from_domain(cls, r: domain.JoinRequest) -> JoinRequestType:
        return from_fields(
            cls,
            r,
            id=_gid("JoinRequest", r.id),
            _organization_id=r.organization_id,
            _user_id=r.user_id,
        )

    @strawberry.field
    async def organization(self, info: Info) -> OrganizationType:
        return await known_organization(info, self._organization_id)

    @strawberry.field(description="The requester (public profile).")
    async def user(self, info: Info) -> UserType:
        return await known_user(info, self._user_id)


# --- inputs and payloads --------------------------------------------------------------------


@strawberry.input
class InviteMemberInput:
    organization_id: relay.GlobalID
    email: str
    role: MemberRole = accounts.MemberRole.MEMBER  # type: ignore[valid-type]


@strawberry.input
class InvitationInput:
    id: relay.GlobalID


@strawberry.input
class RequestToJoinInput:
    organization_id: relay.GlobalID
    message: str = ""


@strawberry.input
class AnswerJoinRequestInput:
    id: relay.GlobalID
    approve: bool
    role: MemberRole = accounts.MemberRole.MEMBER  # type: ignore[valid-type]


@strawberry.type(
    description="The answer to every allowed invitation, whether or not the email has an "
    "account: it never says which."
)
class InvitationSent:
    invitation: InvitationType


@strawberry.type
class InvitationAccepted:
    membership: MembershipType


@strawberry.type
class InvitationAnswered:
    invitation: InvitationType


@strawberry.type
class JoinRequested:
    request: JoinRequestType


@strawberry.type
class JoinRequestAnswered:
    request: JoinRequestType


@strawberry.type
class Invitations:
    items: list[InvitationType]


@strawberry.type
class JoinRequests:
    items: list[JoinRequestType]


InviteMemberResult = Annotated[
    InvitationSent | ErrorPayload, strawberry.union("InviteMemberResult")
]
AcceptInvitationResult = Annotated[
    InvitationAccepted | ErrorPayload, strawberry.union("AcceptInvitationResult")
]
AnswerInvitationResult = Annotated[
    InvitationAnswered | ErrorPayload, strawberry.union("AnswerInvitationResult")
]
RequestToJoinResult = Annotated[
    JoinRequested | ErrorPayload, strawberry.union("RequestToJoinResult")
]
AnswerJoinRequestResult = Annotated[
    JoinRequestAnswered | ErrorPayload, strawberry.union("AnswerJoinRequestResult")
]
MyInvitationsResult = Annotated[
    Invitations | NotAuthenticated, strawberry.union("MyInvitationsResult")
]
MyJoinRequestsResult = Annotated[
    JoinRequests | NotAuthenticated, strawberry.union("MyJoinRequestsResult")
]
PendingInvitationsResult = Annotated[
    Invitations | ErrorPayload, strawberry.union("PendingInvitationsResult")
]
PendingJoinRequestsResult = Annotated[
    JoinRequests | ErrorPayload, strawberry.union("PendingJoinRequestsResult")
]


@strawberry.type
class OnboardingMutation:
    @strawberry.mutation(
        description="An organisation's owners and admins invite an email with a role (only an "
        "owner invites an owner). The answer is the same whether or not the email has an "
        "account; inviting it again renews the invitation for 14 days."
    )
    @payload
    async def invite_member(self, info: Info, input: InviteMemberInput) -> InviteMemberResult:
        ctx = info.context
        cmd = uc.InviteMember(organization_id_of(input.organization_id), input.email, input.role)
        invitation = await ctx.act(uc.invite_member, cmd, now=ctx.now())
        return InvitationSent(invitation=InvitationType.from_domain(invitation, ctx.now()))

    @strawberry.mutation(description="The invitee, signed in with the invited email, joins.")
    @payload
    async def accept_invitation(self, info: Info, input: InvitationInput) -> AcceptInvitationResult:
        ctx = info.context
        invitation_id = parse_global_id(input.id, "Invitation")
        membership = await ctx.act(uc.accept_invitation, invitation_id=invitation_id, now=ctx.now())
        ctx.forget_actor()  # the caller is now a member
        return InvitationAccepted(membership=MembershipType.from_domain(membership))

    @strawberry.mutation(description="The invitee, signed in with the invited email, declines.")
    @payload
    async def decline_invitation(
        self, info: Info, input: InvitationInput
    ) -> AnswerInvitationResult:
        ctx = info.context
        invitation_id = parse_global_id(input.id, "Invitation")
        found = await ctx.act(uc.decline_invitation, invitation_id=invitation_id, now=ctx.now())
        return InvitationAnswered(invitation=InvitationType.from_domain(found, ctx.now()))

    @strawberry.mutation(description="The organisation's owners and admins withdraw it.")
    @payload
    async def revoke_invitation(self, info: Info, input: InvitationInput) -> AnswerInvitationResult:
        ctx = info.context
        invitation_id = parse_global_id(input.id, "Invitation")
        found = await ctx.act(uc.revoke_invitation, invitation_id=invitation_id)
        return InvitationAnswered(invitation=InvitationType.from_domain(found, ctx.now()))

    @strawberry.mutation(description="A signed-in user asks to join, with an optional message.")
    @payload
    async def request_to_join(self, info: Info, input: RequestToJoinInput) -> RequestToJoinResult:
        cmd = uc.RequestToJoin(organization_id_of(input.organization_id), input.message)
        request = await info.context.act(uc.request_to_join, cmd)
        return JoinRequested(request=JoinRequestType.from_domain(request))

    @strawberry.mutation(
        description="The organisation's owners and admins approve (with a role; only an owner "
        "makes an owner) or decline a join request."
    )
    @payload
    async def answer_join_request(
        self, info: Info, input: AnswerJoinRequestInput
    ) -> AnswerJoinRequestResult:
        cmd = uc.AnswerJoinRequest(
            parse_global_id(input.id, "JoinRequest"), input.approve, input.role
        )
        request = await info.context.act(uc.answer_join_request, cmd)
        return JoinRequestAnswered(request=JoinRequestType.from_domain(request))


@strawberry.type
class OnboardingQuery:
    @strawberry.field(
        description="Invitations addressed to the signed-in user's email, newest first "
        "(pending ones unless `pendingOnly` is false)."
    )
    @payload
    async def my_invitations(self, info: Info, pending_only: bool = True) -> MyInvitationsResult:
        ctx = info.context
        found = await ctx.act(uc.my_invitations, pending_only=pending_only)
        now = ctx.now()
        return Invitations(items=[InvitationType.from_domain(i, now) for i in found])

    @strawberry.field(description="The signed-in user's join requests, newest first.")
    @payload
    async def my_join_requests(self, info: Info) -> MyJoinRequestsResult:
        found = await info.context.act(uc.my_join_requests)
        return JoinRequests(items=[JoinRequestType.from_domain(r) for r in found])

    @strawberry.field(description="An organisation's pending invitations, for its managers.")
    @payload
    async def pending_invitations(
        self, info: Info, organization_id: relay.GlobalID
    ) -> PendingInvitationsResult:
        ctx = info.context
        found = await ctx.act(
            uc.pending_invitations, organization_id=organization_id_of(organization_id)
        )
        now = ctx.now()
        return Invitations(items=[InvitationType.from_domain(i, now) for i in found])

    @strawberry.field(description="An organisation's pending join requests, for its managers.")
    @payload
    async def pending_join_requests(
        self, info: Info, organization_id: relay.GlobalID
    ) -> PendingJoinRequestsResult:
        found = await info.context.act(
            uc.pending_join_requests, organization_id=organization_id_of(organization_id)
        )
        return JoinRequests(items=[JoinRequestType.from_domain(r) for r in found])
