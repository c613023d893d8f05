"""Needs and challenges over GraphQL: posted, opened, closed and awarded, and the needs list."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import needs
from db.uow import SqlUnitOfWork
from domain.accounts import OrganizationKind
from domain.listings import NeedKind, NeedStatus, OfferStatus
from tests.api.listing_support import counts, mutation
from tests.factories import make_need, make_offer, make_organization, make_owner, make_user
from tests.graphql import gid, gql, invalid, not_allowed

NEED_FIELDS = """id kind title status prizeVnd budgetMaxVnd orderCommitment constraints
  contact { email } statusTimeline { status reason }"""


CREATE_NEED = mutation("createNeed", "CreateNeedInput", "NeedSaved", f"need {{ {NEED_FIELDS} }}")


PUBLISH_NEED = mutation("publishNeed", "ListingIdInput", "NeedMoved", "need { status }")


CLOSE_NEED = mutation("closeNeed", "ListingReasonInput", "NeedMoved", "need { status }")


AWARD_NEED = mutation(
    "awardNeed",
    "AwardNeedInput",
    "NeedMoved",
    "need { status award { winner { name } offerId } "
    "statusTimeline { reason award { winner { name } } } }",
)


NEED_NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Need {{ {NEED_FIELDS} }} }} }}"


def need_input(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Bài toán: cảnh báo sạt lở đất vùng núi",
        "kind": "CHALLENGE",
        "problemStatement": "Sạt lở gây thiệt hại nặng mùa mưa.",
        "desiredOutcome": "Hệ thống cảnh báo trước 6 giờ.",
        "constraints": "Không có điện lưới tại điểm đo.",
        "minTrl": 5,
        "budgetMinVnd": "1000000000",
        "budgetMaxVnd": "30000000000",
        "fieldCode": "105",
        "provinceCode": "lao-cai",
        "prizeVnd": "2000000000",
        "orderCommitment": "Đặt hàng triển khai 20 xã.",
        "contactEmail": "sokhcn@laocai.gov.vn",
    }
    values.update(overrides)
    return values


async def test_a_challenge_is_posted_opened_closed_and_awarded(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    official = await make_user(session)
    agency = await make_organization(
        session, official.user, name="Sở KH&CN Lào Cai", kind=OrganizationKind.AGENCY
    )
    supplier = await make_user(session)
    agency_id = gid("Organization", agency.id)
    before = await counts(session, needs)
    prize_on_request = await gql(
        client,
        CREATE_NEED,
        {"input": {"organizationId": agency_id, "content": need_input(kind="REQUEST")}},
        token=official.token,
    )
    assert prize_on_request["createNeed"] == {
        "__typename": "ValidationError",
        "fields": [
            {"path": ["prizeVnd"], "code": "INVALID_COMBINATION"},
            {"path": ["orderCommitment"], "code": "INVALID_COMBINATION"},
        ],
    }
    assert await counts(session, needs) == before

    created = await gql(
        client,
        CREATE_NEED,
        {"input": {"organizationId": agency_id, "content": need_input()}},
        token=official.token,
    )
    need = created["createNeed"]["need"]
    assert (need["kind"], need["status"], need["prizeVnd"], need["budgetMaxVnd"]) == (
        "CHALLENGE",
        "DRAFT",
        "2000000000",
        "30000000000",
    )
    need_id = need["id"]
    assert (await gql(client, NEED_NODE, {"id": need_id}, token=supplier.token))["node"] is None

    denied = await gql(client, PUBLISH_NEED, {"input": {"id": need_id}}, token=supplier.token)
    assert denied["publishNeed"]["__typename"] == "NotFound"
    # A prize and an order commitment wait for the agency's verification.
    unverified = await gql(client, PUBLISH_NEED, {"input": {"id": need_id}}, token=official.token)
    assert unverified["publishNeed"] == not_allowed("ORGANIZATION_UNVERIFIED")
    uow = SqlUnitOfWork(session)
    await uow.organizations.set_verified(agency.id, True)
    await uow.commit()
    opened = await gql(client, PUBLISH_NEED, {"input": {"id": need_id}}, token=official.token)
    assert opened["publishNeed"]["need"] == {"status": "OPEN"}
    seen = (await gql(client, NEED_NODE, {"id": need_id}, token=supplier.token))["node"]
    assert (seen["status"], seen["constraints"], seen["contact"]) == (
        "OPEN",
        "Không có điện lưới tại điểm đo.",
        None,
    )
    owner_view = (await gql(client, NEED_NODE, {"id": need_id}, token=official.token))["node"]
    assert owner_view["contact"] == {"email": "sokhcn@laocai.gov.vn"}

    closed = await gql(client, CLOSE_NEED, {"input": {"id": need_id}}, token=official.token)
    assert closed["closeNeed"]["need"] == {"status": "CLOSED"}
    winner = await make_organization(session, supplier.user, name="Viện Địa chất")
    winner_offer = await make_offer(session, supplier.user, winner, status=OfferStatus.LISTED)
    stranger_offer = await make_offer(session, official.user, agency, status=OfferStatus.LISTED)
    award = {"id": need_id, "winnerOrganizationId": gid("Organization", winner.id)}
    before = await counts(session, needs)
    for bad in (
        {**award, "reason": ""},
        {**award, "reason": "Giải nhất.", "offerId": gid("TechnologyOffer", stranger_offer.id)},
        {**award, "reason": "Giải nhất.", "winnerOrganizationId": agency_id},
    ):
        refused = await gql(client, AWARD_NEED, {"input": bad}, token=official.token)
        assert refused["awardNeed"]["__typename"] == "ValidationError"
    by_supplier = await gql(
        client, AWARD_NEED, {"input": {**award, "reason": "Tự trao."}}, token=supplier.token
    )
    assert by_supplier["awardNeed"]["__typename"] == "NotAllowed"
    assert await counts(session, needs) == before
    awarded = await gql(
        client,
        AWARD_NEED,
        {
            "input": {
                **award,
                "reason": "Giải nhất: Viện Địa chất.",
                "offerId": gid("TechnologyOffer", winner_offer.id),
            }
        },
        token=official.token,
    )
    assert awarded["awardNeed"]["need"]["status"] == "AWARDED"
    assert awarded["awardNeed"]["need"]["award"] == {
        "winner": {"name": "Viện Địa chất"},
        "offerId": gid("TechnologyOffer", winner_offer.id),
    }
    assert awarded["awardNeed"]["need"]["statusTimeline"][-1] == {
        "reason": "Giải nhất: Viện Địa chất.",
        "award": {"winner": {"name": "Viện Địa chất"}},
    }
    # The award is public: anyone reads the timeline with its winner.
    public = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on Need { award { winner { name } } } } }",
        {"id": need_id},
    )
    assert public["node"]["award"] == {"winner": {"name": "Viện Địa chất"}}


async def test_needs_list_filters_by_kind_and_a_draft_cannot_be_opened_incomplete(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    official, agency = await make_owner(session, kind=OrganizationKind.AGENCY)
    await make_need(session, official.user, agency, status=NeedStatus.OPEN)
    await make_need(
        session,
        official.user,
        agency,
        status=NeedStatus.OPEN,
        kind=NeedKind.REQUEST,
        prize_vnd=None,
        order_commitment=None,
    )
    incomplete = await make_need(
        session,
        official.user,
        agency,
        kind=NeedKind.REQUEST,
        prize_vnd=None,
        order_commitment=None,
        problem_statement=None,
    )
    query = "{ needs(filter: {kind: CHALLENGE}) { edges { node { kind status } } } }"
    assert (await gql(client, query))["needs"]["edges"] == [
        {"node": {"kind": "CHALLENGE", "status": "OPEN"}}
    ]
    refused = await gql(
        client, PUBLISH_NEED, {"input": {"id": gid("Need", incomplete.id)}}, token=official.token
    )
    assert refused["publishNeed"] == invalid("problemStatement", "REQUIRED")
