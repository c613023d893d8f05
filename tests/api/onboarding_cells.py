"""Permission-matrix cells of onboarding with consent: invitations and join requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from db.uow import SqlUnitOfWork
from domain.accounts import Actor
from domain.services import onboarding as oc
from tests.api.matrix_world import REFUSALS, Call, Prepare, World, typename
from tests.factories import make_user
from tests.graphql import gid


async def _invite_outsider(w: World) -> UUID:
    """An invitation of the outsider's email to the organisation."""
    invitation = await oc.invite_member(
        SqlUnitOfWork(w.session),
        w.actor("owner"),
        oc.InviteMember(w.org.id, w.users["outsider"].user.email),
        now=datetime.now(UTC),
    )
    return invitation.id


async def _join_request(w: World) -> UUID:
    newcomer = await make_user(w.session, display_name="Người xin gia nhập")
    request = await oc.request_to_join(
        SqlUnitOfWork(w.session),
        Actor(user_id=newcomer.user.id),
        oc.RequestToJoin(w.org.id, "Xin gia nhập"),
    )
    return request.id


async def p_invite_member(w: World) -> Call:
    return Call(
        'mutation($org: ID!) { inviteMember(input: {organizationId: $org, email: "newcomer@example.vn"}) { __typename } }',
        {"org": gid("Organization", w.org.id)},
        "inviteMember",
        typename("InvitationSent"),
    )


async def p_accept_invitation(w: World) -> Call:
    return Call(
        "mutation($id: ID!) { acceptInvitation(input: {id: $id}) { __typename } }",
        {"id": gid("Invitation", await _invite_outsider(w))},
        "acceptInvitation",
        typename("InvitationAccepted"),
    )


async def p_decline_invitation(w: World) -> Call:
    return Call(
        "mutation($id: ID!) { declineInvitation(input: {id: $id}) { __typename } }",
        {"id": gid("Invitation", await _invite_outsider(w))},
        "declineInvitation",
        typename("InvitationAnswered"),
    )


async def p_revoke_invitation(w: World) -> Call:
    return Call(
        "mutation($id: ID!) { revokeInvitation(input: {id: $id}) { __typename } }",
        {"id": gid("Invitation", await _invite_outsider(w))},
        "revokeInvitation",
        typename("InvitationAnswered"),
    )


def _refused_or_already_member(v: Any) -> bool:
    return isinstance(v, dict) and (
        v.get("__typename") in REFUSALS
        or (v.get("__typename") == "Conflict" and v.get("code") == "ALREADY_MEMBER")
    )


async def p_request_to_join(w: World) -> Call:
    return Call(
        'mutation($org: ID!) { requestToJoin(input: {organizationId: $org, message: "Xin chào"}) { __typename ... on Conflict { code } } }',
        {"org": gid("Organization", w.org.id)},
        "requestToJoin",
        typename("JoinRequested"),
        refused=_refused_or_already_member,
    )


async def p_answer_join_request(w: World) -> Call:
    return Call(
        "mutation($id: ID!) { answerJoinRequest(input: {id: $id, approve: true}) { __typename } }",
        {"id": gid("JoinRequest", await _join_request(w))},
        "answerJoinRequest",
        typename("JoinRequestAnswered"),
    )


async def p_my_invitations(w: World) -> Call:
    await _invite_outsider(w)
    return Call("{ myInvitations { __typename } }", {}, "myInvitations", typename("Invitations"))


async def p_my_join_requests(w: World) -> Call:
    await _join_request(w)
    return Call("{ myJoinRequests { __typename } }", {}, "myJoinRequests", typename("JoinRequests"))


async def p_pending_invitations(w: World) -> Call:
    await _invite_outsider(w)
    return Call(
        "query($org: ID!) { pendingInvitations(organizationId: $org) { __typename "
        "... on Invitations { items { email } } } }",
        {"org": gid("Organization", w.org.id)},
        "pendingInvitations",
        lambda v: v["__typename"] == "Invitations" and len(v["items"]) == 1,
    )


async def p_pending_join_requests(w: World) -> Call:
    await _join_request(w)
    return Call(
        "query($org: ID!) { pendingJoinRequests(organizationId: $org) { __typename "
        "... on JoinRequests { items { message } } } }",
        {"org": gid("Organization", w.org.id)},
        "pendingJoinRequests",
        lambda v: v["__typename"] == "JoinRequests" and len(v["items"]) == 1,
    )


ONBOARDING_CELLS: dict[str, Prepare] = {
    "inviteMember": p_invite_member,
    "acceptInvitation": p_accept_invitation,
    "declineInvitation": p_decline_invitation,
    "revokeInvitation": p_revoke_invitation,
    "myInvitations": p_my_invitations,
    "pendingInvitations": p_pending_invitations,
    "requestToJoin": p_request_to_join,
    "answerJoinRequest": p_answer_join_request,
    "myJoinRequests": p_my_join_requests,
    "pendingJoinRequests": p_pending_join_requests,
}
