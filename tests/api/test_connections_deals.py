"""Connections, NDA-gated confidential access, message threads and deals over GraphQL."""

from __future__ import annotations

import json
from uuid import UUID

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.audit import SqlAuditLog
from db.tables import audit_log, connection_messages, connections, deals
from db.uow import SqlUnitOfWork
from domain.accounts import OrganizationKind, PlatformRole
from domain.listings import InitiativeStatus, NeedStatus, OfferStatus
from tests.conftest import StatementCounter
from tests.factories import (
    count,
    make_initiative,
    make_need,
    make_offer,
    make_organization,
    make_owner,
    make_user,
)
from tests.graphql import conflict, gid, gql, invalid, not_allowed, not_authenticated

REQUEST = """mutation($input: RequestConnectionInput!) {
  requestConnection(input: $input) {
    __typename
    ... on ConnectionChanged { connection { id kind status ndaAcknowledged grantsConfidentialAccess
      listing { kind title } requesterOrganization { name } } }
    ... on ValidationError { fields { path code } }
    ... on NotAllowed { notAllowedCode: code }
    ... on NotFound { message }
    ... on Conflict { conflictCode: code }
  }
}"""

CHANGE = """
  __typename
  ... on ConnectionChanged { connection { status ndaAcknowledged grantsConfidentialAccess
    declineReason declineNote } }
  ... on ValidationError { fields { path code } }
  ... on NotAllowed { notAllowedCode: code }
  ... on NotFound { message }
  ... on Conflict { conflictCode: code }
"""
ACCEPT = f"mutation($id: ID!) {{ acceptConnection(input: {{connectionId: $id}}) {{ {CHANGE} }} }}"
ACK = f"mutation($id: ID!) {{ acknowledgeNda(input: {{connectionId: $id}}) {{ {CHANGE} }} }}"
NEGOTIATE = (
    f"mutation($id: ID!) {{ startNegotiation(input: {{connectionId: $id}}) {{ {CHANGE} }} }}"
)
DECLINE = f"""mutation($id: ID!, $reason: DeclineReason!, $note: String) {{
  declineConnection(input: {{connectionId: $id, reason: $reason, note: $note}}) {{ {CHANGE} }} }}"""

POST = """mutation($id: ID!, $body: String!) {
  postConnectionMessage(input: {connectionId: $id, body: $body}) {
    __typename
    ... on ConnectionMessagePosted { connectionMessage { body author { displayName } } }
    ... on NotFound { message }
    ... on NotAllowed { notAllowedCode: code }
  }
}"""

DEAL = """mutation($input: RecordDealInput!) {
  recordDeal(input: $input) {
    __typename
    ... on DealRecorded { deal { kind valueVnd signedOn status parties { name }
      recordedByOrganization { name } } connection { status } }
    ... on ValidationError { fields { path code } }
    ... on NotAllowed { notAllowedCode: code }
    ... on Conflict { conflictCode: code }
  }
}"""

ANSWER = """
    __typename
    ... on DealAnswered { deal { status disputeReason } connection { status } }
    ... on ValidationError { fields { path code } }
    ... on NotAllowed { notAllowedCode: code }
    ... on NotFound { message }
    ... on Conflict { conflictCode: code }
"""
CONFIRM = f"mutation($id: ID!) {{ confirmDeal(input: {{connectionId: $id}}) {{ {ANSWER} }} }}"
DISPUTE = f"""mutation($id: ID!, $reason: String!) {{
  disputeDeal(input: {{connectionId: $id, reason: $reason}}) {{ {ANSWER} }} }}"""

SUMMARY = """{ dealsSummary(since: "2026-01-01") {
  __typename
  ... on DealsSummary { count totalValueVnd byKind { kind count totalValueVnd undisclosed } }
  ... on NotAuthenticated { authCode: code }
  ... on NotAllowed { notAllowedCode: code }
} }"""

OFFER = """query($id: ID!) { node(id: $id) { ... on TechnologyOffer {
  title description contact { name email } } } }"""

THREAD = """query($id: ID!) { node(id: $id) { ... on ConnectionRequest {
  status messages { nodes { body author { displayName } } } } } }"""

BODY = "Chúng tôi muốn thử nghiệm tại nhà máy Long An, giá dự kiến 12 tỷ."


async def make_verified(session: AsyncSession, organization_id: UUID) -> None:
    uow = SqlUnitOfWork(session)
    await uow.organizations.set_verified(organization_id, True)
    await uow.commit()


async def test_a_stranger_reads_confidential_fields_only_after_acceptance_and_the_nda(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, display_name="Chủ công nghệ")
    owner_org = await make_organization(session, owner.user, name="Viện Cơ điện Nông nghiệp")
    offer = await make_offer(session, owner.user, owner_org, status=OfferStatus.LISTED)
    offer_id = gid("TechnologyOffer", offer.id)
    seeker = await make_user(session, display_name="Bên tìm")
    seeker_org = await make_organization(
        session, seeker.user, name="Công ty Nông sản Xanh", kind=OrganizationKind.ENTERPRISE
    )
    stranger = await make_user(session, display_name="Người lạ")
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))

    before = (await gql(client, OFFER, {"id": offer_id}, token=seeker.token))["node"]
    assert before == {"title": offer.content.title, "description": None, "contact": None}

    # Denied first: a stranger cannot request on the seeker organisation's behalf.
    request = {
        "listingId": offer_id,
        "requesterOrganizationId": gid("Organization", seeker_org.id),
        "intro": "Quan tâm chuyển giao.",
    }
    rows = (await count(session, connections), await count(session, audit_log))
    denied = await gql(client, REQUEST, {"input": request}, token=stranger.token)
    assert denied["requestConnection"] == not_allowed("NOT_A_MEMBER")
    own = await gql(
        client,
        REQUEST,
        {"input": {**request, "requesterOrganizationId": gid("Organization", owner_org.id)}},
        token=owner.token,
    )
    assert own["requestConnection"] == invalid("requesterOrganizationId", "INVALID_COMBINATION")
    assert (await count(session, connections), await count(session, audit_log)) == rows

    created = (await gql(client, REQUEST, {"input": request}, token=seeker.token))[
        "requestConnection"
    ]
    assert created["__typename"] == "ConnectionChanged"
    connection = created["connection"]
    assert {k: connection[k] for k in ("kind", "status", "ndaAcknowledged")} == {
        "kind": "INTEREST",
        "status": "PENDING",
        "ndaAcknowledged": False,
    }
    assert connection["listing"] == {"kind": "offer", "title": offer.content.title}
    cid = connection["id"]
    duplicate = await gql(client, REQUEST, {"input": request}, token=seeker.token)
    assert duplicate["requestConnection"] == conflict("ALREADY_EXISTS")
    owner_inbox = await gql(client, "{ notifications { nodes { kind text } } }", token=owner.token)
    assert owner_inbox["notifications"]["nodes"] == [
        {
            "kind": "CONNECTION_REQUESTED",
            "text": f"An organisation is interested in “{offer.content.title}”.",
        }
    ]

    # Only the owner side answers.
    self_accept = await gql(client, ACCEPT, {"id": cid}, token=seeker.token)
    assert self_accept["acceptConnection"] == not_allowed("NOT_A_MEMBER")
    accepted = (await gql(client, ACCEPT, {"id": cid}, token=owner.token))["acceptConnection"]
    assert accepted["connection"]["status"] == "ACCEPTED"
    assert accepted["connection"]["grantsConfidentialAccess"] is False
    still_hidden = (await gql(client, OFFER, {"id": offer_id}, token=seeker.token))["node"]
    assert still_hidden["description"] is None, "acceptance takes effect with the NDA"

    acknowledged = (await gql(client, ACK, {"id": cid}, token=seeker.token))["acknowledgeNda"]
    assert acknowledged["connection"]["grantsConfidentialAccess"] is True
    after = (await gql(client, OFFER, {"id": offer_id}, token=seeker.token))["node"]
    assert after == {
        "title": offer.content.title,
        "description": offer.content.description,
        "contact": {"name": offer.content.contact_name, "email": offer.content.contact_email},
    }
    outsider = (await gql(client, OFFER, {"id": offer_id}, token=stranger.token))["node"]
    assert outsider["description"] is None

    # The thread: the two parties write, operators read, outsiders see nothing.
    messages_before = await count(session, connection_messages)
    intruder = await gql(client, POST, {"id": cid, "body": "Xin chào"}, token=stranger.token)
    assert intruder["postConnectionMessage"]["__typename"] == "NotFound"
    moderator = await gql(client, POST, {"id": cid, "body": "Xin chào"}, token=operator.token)
    assert moderator["postConnectionMessage"] == not_allowed("NOT_A_MEMBER")
    assert await count(session, connection_messages) == messages_before
    posted = await gql(client, POST, {"id": cid, "body": BODY}, token=seeker.token)
    assert posted["postConnectionMessage"] == {
        "__typename": "ConnectionMessagePosted",
        "connectionMessage": {"body": BODY, "author": {"displayName": "Bên tìm"}},
    }
    assert (await gql(client, THREAD, {"id": cid}, token=stranger.token))["node"] is None
    for reader in (owner, operator):
        thread = (await gql(client, THREAD, {"id": cid}, token=reader.token))["node"]
        assert thread["messages"]["nodes"] == [{"body": BODY, "author": {"displayName": "Bên tìm"}}]
    owner_inbox = await gql(client, "{ notifications { nodes { kind text } } }", token=owner.token)
    newest = owner_inbox["notifications"]["nodes"][0]
    assert newest == {
        "kind": "MESSAGE_RECEIVED",
        "text": f"New message in the connection about “{offer.content.title}”.",
    }
    assert "Long An" not in json.dumps(owner_inbox, ensure_ascii=False)

    # Negotiation, then the deal.
    assert (await gql(client, NEGOTIATE, {"id": cid}, token=owner.token))["startNegotiation"][
        "connection"
    ]["status"] == "NEGOTIATING"
    deal_input = {
        "connectionId": cid,
        "kind": "LICENCE",
        "signedOn": "2026-11-20",
        "valueVnd": "12500000000",
    }
    deals_before = await count(session, deals)
    not_party = await gql(client, DEAL, {"input": deal_input}, token=stranger.token)
    assert not_party["recordDeal"]["__typename"] == "NotFound"
    # An unverified organisation records no deal.
    unverified = await gql(client, DEAL, {"input": deal_input}, token=owner.token)
    assert unverified["recordDeal"] == not_allowed("ORGANIZATION_UNVERIFIED")
    nothing_to_answer = await gql(client, CONFIRM, {"id": cid}, token=seeker.token)
    assert nothing_to_answer["confirmDeal"] == conflict("INVALID_TRANSITION")
    await make_verified(session, owner_org.id)
    negative = await gql(
        client, DEAL, {"input": {**deal_input, "valueVnd": "-5"}}, token=owner.token
    )
    assert negative["recordDeal"] == invalid("valueVnd", "OUT_OF_RANGE")
    assert await count(session, deals) == deals_before

    recorded = (await gql(client, DEAL, {"input": deal_input}, token=owner.token))["recordDeal"]
    assert recorded == {
        "__typename": "DealRecorded",
        "deal": {
            "kind": "LICENCE",
            "valueVnd": "12500000000",
            "signedOn": "2026-11-20",
            "status": "PENDING",
            "parties": [{"name": "Công ty Nông sản Xanh"}, {"name": "Viện Cơ điện Nông nghiệp"}],
            "recordedByOrganization": {"name": "Viện Cơ điện Nông nghiệp"},
        },
        "connection": {"status": "NEGOTIATING"},
    }
    twice = await gql(client, DEAL, {"input": deal_input}, token=owner.token)
    assert twice["recordDeal"] == conflict("ALREADY_EXISTS")
    # Refused first: the recording side, operators and strangers do not answer.
    rows = (await count(session, deals), await count(session, audit_log))
    for token, refusal in (
        (owner.token, "NotAllowed"),
        (operator.token, "NotAllowed"),
        (stranger.token, "NotFound"),
    ):
        assert (await gql(client, CONFIRM, {"id": cid}, token=token))["confirmDeal"][
            "__typename"
        ] == refusal
        answer = await gql(client, DISPUTE, {"id": cid, "reason": "Sai"}, token=token)
        assert answer["disputeDeal"]["__typename"] == refusal
    blank = await gql(client, DISPUTE, {"id": cid, "reason": "  "}, token=seeker.token)
    assert blank["disputeDeal"] == invalid("reason", "REQUIRED")
    assert (await count(session, deals), await count(session, audit_log)) == rows
    # A pending deal counts nowhere.
    pending = (await gql(client, SUMMARY, token=operator.token))["dealsSummary"]
    assert pending["count"] == 0

    # The seeker disputes the value; the owner records a corrected deal; the seeker confirms.
    disputed = await gql(
        client, DISPUTE, {"id": cid, "reason": "Giá trị hợp đồng là 12 tỷ."}, token=seeker.token
    )
    assert disputed["disputeDeal"] == {
        "__typename": "DealAnswered",
        "deal": {"status": "DISPUTED", "disputeReason": "Giá trị hợp đồng là 12 tỷ."},
        "connection": {"status": "NEGOTIATING"},
    }
    corrected = await gql(client, DEAL, {"input": deal_input}, token=owner.token)
    assert corrected["recordDeal"]["deal"]["status"] == "PENDING"
    confirmed = await gql(client, CONFIRM, {"id": cid}, token=seeker.token)
    assert confirmed["confirmDeal"] == {
        "__typename": "DealAnswered",
        "deal": {"status": "CONFIRMED", "disputeReason": None},
        "connection": {"status": "DEAL"},
    }
    again = await gql(client, DEAL, {"input": deal_input}, token=owner.token)
    assert again["recordDeal"] == conflict("INVALID_TRANSITION")

    # The deal feeds the operators' summary, which others may not read.
    assert (await gql(client, SUMMARY))["dealsSummary"] == not_authenticated("TOKEN_MISSING")
    assert (await gql(client, SUMMARY, token=owner.token))["dealsSummary"] == not_allowed(
        "MISSING_ROLE"
    )
    summary = (await gql(client, SUMMARY, token=operator.token))["dealsSummary"]
    assert summary["count"] == 1
    assert summary["totalValueVnd"] == "12500000000"
    licence = next(k for k in summary["byKind"] if k["kind"] == "LICENCE")
    assert licence == {
        "kind": "LICENCE",
        "count": 1,
        "totalValueVnd": "12500000000",
        "undisclosed": 0,
    }
    # One audit entry per change, with ids and codes but no message text.
    trail = await SqlAuditLog(session).for_entity(
        "connection", UUID(relay.GlobalID.from_id(cid).node_id)
    )
    assert [e.action for e in trail] == [
        "connection.requested",
        "connection.accepted",
        "connection.nda_acknowledged",
        "connection.message_posted",
        "connection.negotiating",
        "connection.deal_recorded",
        "connection.deal_disputed",
        "connection.deal_recorded",
        "connection.deal_confirmed",
    ]
    assert "Long An" not in json.dumps([e.data for e in trail], ensure_ascii=False)
    # Access lasts while the deal stands.
    assert (await gql(client, OFFER, {"id": offer_id}, token=seeker.token))["node"][
        "description"
    ] == offer.content.description


async def test_funds_and_suppliers_connect_and_declines_carry_a_coded_reason(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    inventor, lab = await make_owner(session)
    initiative = await make_initiative(
        session, inventor.user, lab, status=InitiativeStatus.PUBLISHED
    )
    investor, fund = await make_owner(session, kind=OrganizationKind.FUND)
    agency_user, agency = await make_owner(session, kind=OrganizationKind.AGENCY)
    need = await make_need(session, agency_user.user, agency, status=NeedStatus.OPEN)

    interest = (
        await gql(
            client,
            REQUEST,
            {
                "input": {
                    "listingId": gid("Initiative", initiative.id),
                    "requesterOrganizationId": gid("Organization", fund.id),
                    "acknowledgeNda": True,
                }
            },
            token=investor.token,
        )
    )["requestConnection"]["connection"]
    assert (interest["kind"], interest["ndaAcknowledged"]) == ("INVESTMENT", True)
    proposal = (
        await gql(
            client,
            REQUEST,
            {
                "input": {
                    "listingId": gid("Need", need.id),
                    "requesterOrganizationId": gid("Organization", lab.id),
                    "intro": "Đề xuất mạng cảm biến độ mặn.",
                }
            },
            token=inventor.token,
        )
    )["requestConnection"]["connection"]
    assert proposal["kind"] == "PROPOSAL"

    no_note = await gql(
        client, DECLINE, {"id": interest["id"], "reason": "OTHER"}, token=inventor.token
    )
    assert no_note["declineConnection"] == invalid("note", "REQUIRED")
    declined = (
        await gql(
            client,
            DECLINE,
            {"id": interest["id"], "reason": "TOO_EARLY", "note": "Cần thêm một vụ thử."},
            token=inventor.token,
        )
    )["declineConnection"]["connection"]
    assert (declined["status"], declined["declineReason"], declined["declineNote"]) == (
        "DECLINED",
        "TOO_EARLY",
        "Cần thêm một vụ thử.",
    )
    assert declined["grantsConfidentialAccess"] is False
    investor_inbox = await gql(
        client, "{ notifications { nodes { kind text } } }", token=investor.token
    )
    [answer] = investor_inbox["notifications"]["nodes"]
    assert answer["kind"] == "CONNECTION_ANSWERED"
    assert "Cần thêm" not in answer["text"]
    again = await gql(client, ACCEPT, {"id": interest["id"]}, token=inventor.token)
    assert again["acceptConnection"] == conflict("INVALID_TRANSITION")


LIST = """query($first: Int) { connections(first: $first) { edges { node {
  status listing { title kind } requesterOrganization { name } ownerOrganization { name }
  deal { kind parties { name } } messages(first: 5) { nodes { body } } } } } }"""


async def test_connection_list_costs_the_same_statements_whatever_the_page_size(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    owner, owner_org = await make_owner(session, verified=True)
    for _ in range(4):
        seeker, seeker_org = await make_owner(session, kind=OrganizationKind.ENTERPRISE)
        offer = await make_offer(session, owner.user, owner_org, status=OfferStatus.LISTED)
        created = await gql(
            client,
            REQUEST,
            {
                "input": {
                    "listingId": gid("TechnologyOffer", offer.id),
                    "requesterOrganizationId": gid("Organization", seeker_org.id),
                    "acknowledgeNda": True,
                }
            },
            token=seeker.token,
        )
        cid = created["requestConnection"]["connection"]["id"]
        await gql(client, ACCEPT, {"id": cid}, token=owner.token)
        await gql(
            client,
            DEAL,
            {"input": {"connectionId": cid, "kind": "PROCUREMENT", "signedOn": "2026-10-01"}},
            token=owner.token,
        )

    async def statements(first: int) -> int:
        with count_queries.counting():
            data = await gql(client, LIST, {"first": first}, token=owner.token)
        edges = data["connections"]["edges"]
        assert len(edges) == first
        assert all(len(e["node"]["deal"]["parties"]) == 2 for e in edges)
        return count_queries.count

    assert await statements(1) == await statements(4)


NODE = """query($id: ID!) { node(id: $id) { __typename
  ... on ConnectionMessage { id body } ... on Deal { id kind } } }"""


async def test_messages_and_deals_have_global_ids_that_node_opens_for_the_parties_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, owner_org = await make_owner(session, verified=True)
    offer = await make_offer(session, owner.user, owner_org, status=OfferStatus.LISTED)
    seeker, seeker_org = await make_owner(session, kind=OrganizationKind.ENTERPRISE)
    stranger = await make_user(session)
    request = {
        "listingId": gid("TechnologyOffer", offer.id),
        "requesterOrganizationId": gid("Organization", seeker_org.id),
        "intro": "Quan tâm chuyển giao.",
    }
    created = await gql(client, REQUEST, {"input": request}, token=seeker.token)
    cid = created["requestConnection"]["connection"]["id"]
    await gql(client, ACCEPT, {"id": cid}, token=owner.token)
    posted = await gql(
        client,
        """mutation($id: ID!) { postConnectionMessage(input: {connectionId: $id, body: "Chào"}) {
          ... on ConnectionMessagePosted { connectionMessage { id } } } }""",
        {"id": cid},
        token=seeker.token,
    )
    message_id = posted["postConnectionMessage"]["connectionMessage"]["id"]
    recorded = await gql(
        client,
        """mutation($input: RecordDealInput!) { recordDeal(input: $input) {
          ... on DealRecorded { deal { id } } } }""",
        {"input": {"connectionId": cid, "kind": "LICENCE", "signedOn": "2026-11-20"}},
        token=owner.token,
    )
    deal_id = recorded["recordDeal"]["deal"]["id"]

    assert relay.GlobalID.from_id(message_id).type_name == "ConnectionMessage"
    assert relay.GlobalID.from_id(deal_id).type_name == "Deal"
    for outsider in (None, stranger.token):
        assert (await gql(client, NODE, {"id": message_id}, token=outsider))["node"] is None
        assert (await gql(client, NODE, {"id": deal_id}, token=outsider))["node"] is None
    for party in (seeker, owner):
        message = (await gql(client, NODE, {"id": message_id}, token=party.token))["node"]
        assert message == {"__typename": "ConnectionMessage", "id": message_id, "body": "Chào"}
        deal = (await gql(client, NODE, {"id": deal_id}, token=party.token))["node"]
        assert deal == {"__typename": "Deal", "id": deal_id, "kind": "LICENCE"}
