"""Onboarding with consent over GraphQL: invitations (invite, accept, decline, expire, revoke)
and join requests (request, approve, decline). Refusals come first and change nothing."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.relay import to_base64

from db.tables import audit_log, memberships, notifications
from domain.accounts import MemberRole
from tests.api.test_permission_matrix import snapshot
from tests.factories import SignedInUser, add_member, make_organization, make_owner, make_user
from tests.graphql import ERRORS, conflict, gql, not_allowed

INVITE = (
    """mutation($org: ID!, $email: String!, $role: MemberRole! = MEMBER) {
  inviteMember(input: {organizationId: $org, email: $email, role: $role}) {
    __typename
    ... on InvitationSent { invitation { id email role status createdAt expiresAt answeredAt
      organization { name } } }"""
    + ERRORS
    + "} }"
)
ACCEPT = (
    """mutation($id: ID!) { acceptInvitation(input: {id: $id}) { __typename
    ... on InvitationAccepted { membership { role organization { name } user { displayName } } }"""
    + ERRORS
    + "} }"
)
DECLINE = (
    """mutation($id: ID!) { declineInvitation(input: {id: $id}) { __typename
    ... on InvitationAnswered { invitation { status } }"""
    + ERRORS
    + "} }"
)
REVOKE = (
    """mutation($id: ID!) { revokeInvitation(input: {id: $id}) { __typename
    ... on InvitationAnswered { invitation { status } }"""
    + ERRORS
    + "} }"
)
MY_INVITATIONS = """query($pendingOnly: Boolean! = true) { myInvitations(pendingOnly: $pendingOnly) {
  __typename ... on Invitations { items { id role status organization { name } } } } }"""
PENDING_INVITATIONS = """query($org: ID!) { pendingInvitations(organizationId: $org) {
  __typename ... on Invitations { items { email role status } } ... on NotAllowed { code } } }"""
REQUEST = (
    """mutation($org: ID!, $message: String! = "") {
  requestToJoin(input: {organizationId: $org, message: $message}) { __typename
    ... on JoinRequested { request { id message status user { displayName } } }"""
    + ERRORS
    + "} }"
)
ANSWER = (
    """mutation($id: ID!, $approve: Boolean!, $role: MemberRole! = MEMBER) {
  answerJoinRequest(input: {id: $id, approve: $approve, role: $role}) { __typename
    ... on JoinRequestAnswered { request { status answeredAt } }"""
    + ERRORS
    + "} }"
)
MY_REQUESTS = """{ myJoinRequests { __typename ... on JoinRequests {
  items { status message organization { name } } } } }"""
PENDING_REQUESTS = """query($org: ID!) { pendingJoinRequests(organizationId: $org) {
  __typename ... on JoinRequests { items { id message user { displayName } } }
  ... on NotAllowed { code } } }"""


async def _kinds(session: AsyncSession, user: SignedInUser) -> list[str]:
    rows = await session.execute(
        select(notifications.c.kind)
        .where(notifications.c.user_id == user.user.id)
        .order_by(notifications.c.created_at)
    )
    return list(rows.scalars())


async def _is_member(session: AsyncSession, org_id: Any, user: SignedInUser) -> str | None:
    role: str | None = await session.scalar(
        select(memberships.c.role).where(
            memberships.c.organization_id == org_id, memberships.c.user_id == user.user.id
        )
    )
    return role


async def _audit_actions(session: AsyncSession) -> list[str]:
    rows = await session.execute(
        select(audit_log.c.action)
        .where(audit_log.c.action.like("organization.%"))
        .order_by(audit_log.c.seq)
    )
    return list(rows.scalars())


async def _invite(
    client: httpx.AsyncClient, owner: SignedInUser, org_gid: str, email: str, role: str = "MEMBER"
) -> dict[str, Any]:
    """The invitation the organisation's owner sends to `email`."""
    variables = {"org": org_gid, "email": email, "role": role}
    sent = await gql(client, INVITE, variables, token=owner.token)
    invitation: dict[str, Any] = sent["inviteMember"]["invitation"]
    return invitation


async def test_an_invitation_is_accepted_only_by_the_holder_of_the_email(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, display_name="Chủ")
    member = await make_user(session)
    invitee = await make_user(session, email="lan@example.vn", display_name="Trần Thị Lan")
    stranger = await make_user(session)
    org = await make_organization(session, owner.user, name="Viện Công nghệ Sinh học")
    await add_member(session, org, member.user, MemberRole.MEMBER)
    org_gid = to_base64("Organization", org.id)

    # Denied first: anonymous, a plain member and a stranger cannot invite; nothing changes.
    before = await snapshot(session)
    for token, typename in ((None, "NotAuthenticated"), (member.token, "NotAllowed")):
        answer = await gql(client, INVITE, {"org": org_gid, "email": "lan@example.vn"}, token=token)
        assert answer["inviteMember"]["__typename"] == typename
    refused = await gql(
        client, INVITE, {"org": org_gid, "email": "lan@example.vn"}, token=stranger.token
    )
    assert refused["inviteMember"] == not_allowed("NOT_THE_OWNER")
    # A bad email is a ValidationError.
    bad = await gql(client, INVITE, {"org": org_gid, "email": "not-an-email"}, token=owner.token)
    assert bad["inviteMember"]["fields"] == [{"path": ["email"], "code": "INVALID_FORMAT"}]
    assert await snapshot(session) == before

    sent = (
        await gql(client, INVITE, {"org": org_gid, "email": " Lan@Example.vn "}, token=owner.token)
    )["inviteMember"]
    invitation = sent["invitation"]
    assert sent["__typename"] == "InvitationSent"
    assert (invitation["email"], invitation["role"], invitation["status"]) == (
        "lan@example.vn",
        "MEMBER",
        "PENDING",
    )
    assert await _kinds(session, invitee) == ["invitation_received"]
    listed = await gql(client, MY_INVITATIONS, token=invitee.token)
    assert listed["myInvitations"]["items"] == [
        {
            "id": invitation["id"],
            "role": "MEMBER",
            "status": "PENDING",
            "organization": {"name": "Viện Công nghệ Sinh học"},
        }
    ]
    assert (await gql(client, MY_INVITATIONS, token=stranger.token))["myInvitations"] == {
        "__typename": "Invitations",
        "items": [],
    }
    pending = await gql(client, PENDING_INVITATIONS, {"org": org_gid}, token=owner.token)
    assert pending["pendingInvitations"]["items"] == [
        {"email": "lan@example.vn", "role": "MEMBER", "status": "PENDING"}
    ]
    hidden = await gql(client, PENDING_INVITATIONS, {"org": org_gid}, token=member.token)
    assert hidden["pendingInvitations"] == {"__typename": "NotAllowed", "code": "NOT_THE_OWNER"}

    # Somebody else cannot answer it, not even the owner who sent it; nothing changes.
    before = await snapshot(session)
    for token in (stranger.token, owner.token, member.token):
        for document, path in ((ACCEPT, "acceptInvitation"), (DECLINE, "declineInvitation")):
            answer = await gql(client, document, {"id": invitation["id"]}, token=token)
            assert answer[path]["__typename"] == "NotFound"
    anonymous = await gql(client, ACCEPT, {"id": invitation["id"]})
    assert anonymous["acceptInvitation"]["__typename"] == "NotAuthenticated"
    assert await snapshot(session) == before

    accepted = await gql(client, ACCEPT, {"id": invitation["id"]}, token=invitee.token)
    assert accepted["acceptInvitation"] == {
        "__typename": "InvitationAccepted",
        "membership": {
            "role": "MEMBER",
            "organization": {"name": "Viện Công nghệ Sinh học"},
            "user": {"displayName": "Trần Thị Lan"},
        },
    }
    assert await _is_member(session, org.id, invitee) == "member"
    assert await _kinds(session, owner) == ["membership_answered"]
    assert await _kinds(session, member) == []  # managers only
    again = await gql(client, ACCEPT, {"id": invitation["id"]}, token=invitee.token)
    assert again["acceptInvitation"]["conflictCode"] == "INVALID_TRANSITION"
    assert (await gql(client, MY_INVITATIONS, token=invitee.token))["myInvitations"]["items"] == []
    assert await _audit_actions(session) == [
        "organization.member_invited",
        "organization.invitation_accepted",
    ]


async def test_declining_and_revoking_leave_no_membership(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    invitee = await make_user(session, email="binh@example.vn")
    org_gid = to_base64("Organization", org.id)
    first = (await _invite(client, owner, org_gid, "binh@example.vn"))["id"]
    declined = await gql(client, DECLINE, {"id": first}, token=invitee.token)
    assert declined["declineInvitation"] == {
        "__typename": "InvitationAnswered",
        "invitation": {"status": "DECLINED"},
    }
    assert await _is_member(session, org.id, invitee) is None

    second = (await _invite(client, owner, org_gid, "binh@example.vn", "ADMIN"))["id"]
    # Denied first: the invitee cannot revoke it; nothing changes.
    before = await snapshot(session)
    refused = await gql(client, REVOKE, {"id": second}, token=invitee.token)
    assert refused["revokeInvitation"]["__typename"] == "NotAllowed"
    assert await snapshot(session) == before
    revoked = await gql(client, REVOKE, {"id": second}, token=owner.token)
    assert revoked["revokeInvitation"]["invitation"] == {"status": "REVOKED"}
    late = await gql(client, ACCEPT, {"id": second}, token=invitee.token)
    assert late["acceptInvitation"]["conflictCode"] == "INVALID_TRANSITION"
    twice = await gql(client, REVOKE, {"id": second}, token=owner.token)
    assert twice["revokeInvitation"]["conflictCode"] == "INVALID_TRANSITION"
    assert await _is_member(session, org.id, invitee) is None
    assert await _audit_actions(session) == [
        "organization.member_invited",
        "organization.invitation_declined",
        "organization.member_invited",
        "organization.invitation_revoked",
    ]


async def test_an_expired_invitation_answers_expired_and_inviting_again_renews_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    invitee = await make_user(session, email="cuong@example.vn")
    org_gid = to_base64("Organization", org.id)
    sent = await _invite(client, owner, org_gid, "cuong@example.vn")
    await session.execute(
        text("UPDATE invitations SET expires_at = clock_timestamp() - interval '1 second'")
    )

    before = await snapshot(session)
    for document, path in ((ACCEPT, "acceptInvitation"), (DECLINE, "declineInvitation")):
        answer = await gql(client, document, {"id": sent["id"]}, token=invitee.token)
        assert answer[path] == conflict("EXPIRED")
    assert await snapshot(session) == before
    listed = (await gql(client, MY_INVITATIONS, token=invitee.token))["myInvitations"]["items"]
    assert [i["status"] for i in listed] == ["EXPIRED"]
    assert await _is_member(session, org.id, invitee) is None

    # Inviting the same email again renews the same invitation for 14 days.
    renewed = await _invite(client, owner, org_gid, "cuong@example.vn")
    assert renewed["id"] == sent["id"]
    assert renewed["status"] == "PENDING"
    accepted = await gql(client, ACCEPT, {"id": sent["id"]}, token=invitee.token)
    assert accepted["acceptInvitation"]["__typename"] == "InvitationAccepted"


def _shape(value: Any) -> Any:
    """The answer with the values that differ by nature (ids, the email, times) blanked."""
    if isinstance(value, dict):
        return {
            k: "…" if k in {"id", "email", "createdAt", "expiresAt"} else _shape(v)
            for k, v in value.items()
        }
    return value


async def test_inviting_does_not_tell_whether_an_email_has_an_account(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    stranger = await make_user(session)
    await make_user(session, email="known@example.vn")
    org_gid = to_base64("Organization", org.id)

    # Refused callers get the same refusal for a known and an unknown email.
    for token in (None, stranger.token):
        known = await gql(
            client, INVITE, {"org": org_gid, "email": "known@example.vn"}, token=token
        )
        ghost = await gql(
            client, INVITE, {"org": org_gid, "email": "ghost@example.vn"}, token=token
        )
        assert known == ghost

    known = await gql(
        client, INVITE, {"org": org_gid, "email": "known@example.vn"}, token=owner.token
    )
    ghost = await gql(
        client, INVITE, {"org": org_gid, "email": "ghost@example.vn"}, token=owner.token
    )
    assert known["inviteMember"]["__typename"] == "InvitationSent"
    assert _shape(known) == _shape(ghost)
    assert known["inviteMember"]["invitation"]["email"] == "known@example.vn"
    assert ghost["inviteMember"]["invitation"]["email"] == "ghost@example.vn"
    pending = await gql(client, PENDING_INVITATIONS, {"org": org_gid}, token=owner.token)
    statuses = [i["status"] for i in pending["pendingInvitations"]["items"]]
    assert statuses == ["PENDING", "PENDING"]

    # The unknown email signs up later: the invitation is waiting for it.
    newcomer = await make_user(session, email="ghost@example.vn")
    mine = (await gql(client, MY_INVITATIONS, token=newcomer.token))["myInvitations"]["items"]
    assert [i["id"] for i in mine] == [ghost["inviteMember"]["invitation"]["id"]]
    accepted = await gql(client, ACCEPT, {"id": mine[0]["id"]}, token=newcomer.token)
    assert accepted["acceptInvitation"]["__typename"] == "InvitationAccepted"


async def test_a_join_request_is_answered_by_the_organisation_managers(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    admin = await make_user(session)
    member = await make_user(session)
    requester = await make_user(session, display_name="Lê Văn Dũng")
    org = await make_organization(session, owner.user, name="Công ty CP Năng lượng Xanh")
    await add_member(session, org, admin.user, MemberRole.ADMIN)
    await add_member(session, org, member.user, MemberRole.MEMBER)
    org_gid = to_base64("Organization", org.id)

    # Denied first: anonymous cannot ask; a member is already one; nothing changes.
    before = await snapshot(session)
    anonymous = await gql(client, REQUEST, {"org": org_gid})
    assert anonymous["requestToJoin"]["__typename"] == "NotAuthenticated"
    already = await gql(client, REQUEST, {"org": org_gid}, token=member.token)
    assert already["requestToJoin"]["conflictCode"] == "ALREADY_MEMBER"
    too_long = await gql(
        client, REQUEST, {"org": org_gid, "message": "x" * 1001}, token=requester.token
    )
    assert too_long["requestToJoin"]["__typename"] == "ValidationError"
    assert await snapshot(session) == before

    asked = (
        await gql(
            client, REQUEST, {"org": org_gid, "message": "Tôi là kỹ sư."}, token=requester.token
        )
    )["requestToJoin"]
    assert asked["request"]["status"] == "PENDING"
    assert await _kinds(session, owner) == ["join_requested"]
    assert await _kinds(session, admin) == ["join_requested"]
    assert await _kinds(session, member) == []
    duplicate = await gql(client, REQUEST, {"org": org_gid}, token=requester.token)
    assert duplicate["requestToJoin"]["conflictCode"] == "ALREADY_EXISTS"
    mine = await gql(client, MY_REQUESTS, token=requester.token)
    assert mine["myJoinRequests"]["items"] == [
        {
            "status": "PENDING",
            "message": "Tôi là kỹ sư.",
            "organization": {"name": "Công ty CP Năng lượng Xanh"},
        }
    ]
    pending = await gql(client, PENDING_REQUESTS, {"org": org_gid}, token=admin.token)
    assert pending["pendingJoinRequests"]["items"] == [
        {
            "id": asked["request"]["id"],
            "message": "Tôi là kỹ sư.",
            "user": {"displayName": "Lê Văn Dũng"},
        }
    ]

    # Denied first: the requester, a plain member, and an admin making an owner; no change.
    before = await snapshot(session)
    request_id = asked["request"]["id"]
    for token in (requester.token, member.token):
        refused = await gql(client, ANSWER, {"id": request_id, "approve": True}, token=token)
        assert refused["answerJoinRequest"]["notAllowedCode"] == "NOT_THE_OWNER"
    owner_by_admin = await gql(
        client, ANSWER, {"id": request_id, "approve": True, "role": "OWNER"}, token=admin.token
    )
    assert owner_by_admin["answerJoinRequest"]["notAllowedCode"] == "NOT_THE_OWNER"
    assert await snapshot(session) == before

    approved = await gql(
        client, ANSWER, {"id": request_id, "approve": True, "role": "ADMIN"}, token=admin.token
    )
    assert approved["answerJoinRequest"]["request"]["status"] == "APPROVED"
    assert await _is_member(session, org.id, requester) == "admin"
    assert await _kinds(session, requester) == ["membership_answered"]
    again = await gql(client, ANSWER, {"id": request_id, "approve": False}, token=owner.token)
    assert again["answerJoinRequest"]["conflictCode"] == "INVALID_TRANSITION"
    assert await _audit_actions(session) == [
        "organization.join_requested",
        "organization.join_request_approved",
    ]


async def test_a_declined_join_request_adds_nobody(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    requester = await make_user(session)
    org_gid = to_base64("Organization", org.id)
    asked = await gql(client, REQUEST, {"org": org_gid}, token=requester.token)
    request_id = asked["requestToJoin"]["request"]["id"]
    declined = await gql(client, ANSWER, {"id": request_id, "approve": False}, token=owner.token)
    assert declined["answerJoinRequest"]["request"]["status"] == "DECLINED"
    assert await _is_member(session, org.id, requester) is None
    assert await _kinds(session, requester) == ["membership_answered"]
    # A declined request may be followed by a new one.
    anew = await gql(client, REQUEST, {"org": org_gid}, token=requester.token)
    assert anew["requestToJoin"]["__typename"] == "JoinRequested"
    statuses = (await gql(client, MY_REQUESTS, token=requester.token))["myJoinRequests"]["items"]
    assert [s["status"] for s in statuses] == ["PENDING", "DECLINED"]
    count = await session.scalar(select(func.count()).select_from(memberships))
    assert count == 1
