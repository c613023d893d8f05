"""Technology offers, needs/challenges and fund profiles over GraphQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import audit_log, fund_profiles, needs, outbox, technology_offers
from db.uow import SqlUnitOfWork
from domain.accounts import MemberRole, OrganizationKind, PlatformRole
from domain.listings import InitiativeStatus, NeedKind, NeedStatus, OfferStatus
from tests.factories import (
    add_member,
    count,
    make_initiative,
    make_need,
    make_offer,
    make_organization,
    make_owner,
    make_user,
)
from tests.graphql import ERRORS, conflict, gid, gql, invalid, not_allowed

OFFER_FIELDS = """id title status priceMinVnd priceMaxVnd transferModes expiresAt description
  contact { name email phone } initiative { title } organization { name }"""


async def counts(session: AsyncSession, *tables: Table) -> list[int]:
    return [await count(session, t) for t in (*tables, audit_log, outbox)]


def mutation(name: str, input_type: str, success: str, fields: str) -> str:
    return f"""mutation($input: {input_type}!) {{ {name}(input: $input) {{
      __typename ... on {success} {{ {fields} }} {ERRORS} }} }}"""


CREATE_OFFER = mutation(
    "createOffer", "CreateOfferInput", "OfferSaved", f"offer {{ {OFFER_FIELDS} }}"
)
SUBMIT_OFFER = mutation(
    "submitOffer", "ListingIdInput", "OfferSubmitted", "offer { status } receipt { version digest }"
)
APPROVE_OFFER = mutation(
    "approveOffer", "ApproveOfferInput", "OfferMoved", "offer { status expiresAt }"
)
NEGOTIATING = mutation("markOfferNegotiating", "ListingIdInput", "OfferMoved", "offer { status }")
TRANSFERRED = mutation(
    "markOfferTransferred", "ListingReasonInput", "OfferMoved", "offer { status }"
)
RENEW = mutation("renewOffer", "RenewOfferInput", "OfferMoved", "offer { status expiresAt }")
OFFER_NODE = (
    f"query($id: ID!) {{ node(id: $id) {{ ... on TechnologyOffer {{ {OFFER_FIELDS} }} }} }}"
)


def offer_input(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Quy trình ủ phân hữu cơ từ phụ phẩm cà phê",
        "summary": "Ủ nhanh 21 ngày bằng chế phẩm vi sinh.",
        "description": "MẬT: chủng vi sinh và tỉ lệ phối trộn.",
        "trl": 7,
        "fieldCode": "406",
        "transferModes": ["LICENCE", "CONSULTING"],
        "priceMinVnd": "800000000",
        "priceMaxVnd": "12000000000",  # beyond a 32-bit Int
        "provinceCode": "dak-lak",
        "contactName": "Ngô Văn Tâm",
        "contactEmail": "Tam@Example.VN",
        "contactPhone": "0912 345 678",
    }
    values.update(overrides)
    return values


async def test_an_offer_goes_from_draft_to_listed_to_transferred(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    stranger = await make_user(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    org = await make_organization(session, owner.user, name="Viện Khoa học Tây Nguyên")
    published = await make_initiative(session, owner.user, org, status=InitiativeStatus.PUBLISHED)
    org_id = gid("Organization", org.id)
    before = await counts(session, technology_offers)

    denied = await gql(
        client,
        CREATE_OFFER,
        {"input": {"organizationId": org_id, "content": offer_input()}},
        token=stranger.token,
    )
    assert denied["createOffer"] == not_allowed("NOT_A_MEMBER")
    reversed_range = await gql(
        client,
        CREATE_OFFER,
        {
            "input": {
                "organizationId": org_id,
                "content": offer_input(priceMinVnd="9000000000", priceMaxVnd="1000"),
            }
        },
        token=owner.token,
    )
    assert reversed_range["createOffer"] == invalid("priceMaxVnd", "INVALID_COMBINATION")
    assert await counts(session, technology_offers) == before

    created = await gql(
        client,
        CREATE_OFFER,
        {
            "input": {
                "organizationId": org_id,
                "content": offer_input(initiativeId=gid("Initiative", published.id)),
            }
        },
        token=owner.token,
    )
    offer = created["createOffer"]["offer"]
    assert offer | {"id": None} == {
        "id": None,
        "title": "Quy trình ủ phân hữu cơ từ phụ phẩm cà phê",
        "status": "DRAFT",
        "priceMinVnd": "800000000",
        "priceMaxVnd": "12000000000",
        "transferModes": ["LICENCE", "CONSULTING"],
        "expiresAt": None,
        "description": "MẬT: chủng vi sinh và tỉ lệ phối trộn.",
        "contact": {"name": "Ngô Văn Tâm", "email": "tam@example.vn", "phone": "0912 345 678"},
        "initiative": {"title": published.content.title},
        "organization": {"name": "Viện Khoa học Tây Nguyên"},
    }
    offer_id = offer["id"]
    assert (await gql(client, OFFER_NODE, {"id": offer_id}))["node"] is None  # draft

    submitted = await gql(client, SUBMIT_OFFER, {"input": {"id": offer_id}}, token=owner.token)
    assert submitted["submitOffer"]["offer"] == {"status": "PENDING_APPROVAL"}
    assert submitted["submitOffer"]["receipt"]["version"] == 1

    before = await counts(session, technology_offers)
    not_operator = await gql(client, APPROVE_OFFER, {"input": {"id": offer_id}}, token=owner.token)
    assert not_operator["approveOffer"] == not_allowed("MISSING_ROLE")
    assert await counts(session, technology_offers) == before
    approved = await gql(client, APPROVE_OFFER, {"input": {"id": offer_id}}, token=operator.token)
    assert approved["approveOffer"]["offer"]["status"] == "LISTED"
    expires = datetime.fromisoformat(approved["approveOffer"]["offer"]["expiresAt"])
    assert timedelta(days=364) < expires - datetime.now(UTC) <= timedelta(days=365)

    public = (await gql(client, OFFER_NODE, {"id": offer_id}, token=stranger.token))["node"]
    assert (public["status"], public["description"], public["contact"]) == ("LISTED", None, None)
    assert public["priceMaxVnd"] == "12000000000"

    negotiating = await gql(client, NEGOTIATING, {"input": {"id": offer_id}}, token=owner.token)
    assert negotiating["markOfferNegotiating"]["offer"] == {"status": "UNDER_NEGOTIATION"}
    transferred = await gql(
        client,
        TRANSFERRED,
        {"input": {"id": offer_id, "reason": "Chuyển giao cho HTX Cà phê Ea Tu."}},
        token=owner.token,
    )
    assert transferred["markOfferTransferred"]["offer"] == {"status": "TRANSFERRED"}
    renew = await gql(
        client,
        RENEW,
        {"input": {"id": offer_id, "until": (datetime.now(UTC) + timedelta(days=30)).isoformat()}},
        token=owner.token,
    )
    assert renew["renewOffer"] == conflict("INVALID_TRANSITION")


async def test_an_offer_may_only_link_its_own_organisations_initiative(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    other = await make_user(session)
    org = await make_organization(session, owner.user)
    other_org = await make_organization(session, other.user)
    foreign = await make_initiative(
        session, other.user, other_org, status=InitiativeStatus.PUBLISHED
    )
    before = await counts(session, technology_offers)
    result = await gql(
        client,
        CREATE_OFFER,
        {
            "input": {
                "organizationId": gid("Organization", org.id),
                "content": offer_input(initiativeId=gid("Initiative", foreign.id)),
            }
        },
        token=owner.token,
    )
    assert result["createOffer"] == invalid("initiativeId", "INVALID_CHOICE")
    assert await counts(session, technology_offers) == before


async def test_offers_are_renewed_by_their_owner_within_limits(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    stranger = await make_user(session)
    org = await make_organization(session, owner.user)
    offer = await make_offer(session, owner.user, org, status=OfferStatus.LISTED)
    offer_id = gid("TechnologyOffer", offer.id)
    until = datetime.now(UTC) + timedelta(days=500)
    before = await counts(session, technology_offers)
    denied = await gql(
        client, RENEW, {"input": {"id": offer_id, "until": until.isoformat()}}, token=stranger.token
    )
    assert denied["renewOffer"] == not_allowed("NOT_A_MEMBER")
    too_far = await gql(
        client,
        RENEW,
        {"input": {"id": offer_id, "until": (until + timedelta(days=3 * 365)).isoformat()}},
        token=owner.token,
    )
    assert too_far["renewOffer"]["__typename"] == "ValidationError"
    assert await counts(session, technology_offers) == before
    renewed = await gql(
        client, RENEW, {"input": {"id": offer_id, "until": until.isoformat()}}, token=owner.token
    )
    assert renewed["renewOffer"]["offer"]["status"] == "LISTED"
    assert datetime.fromisoformat(renewed["renewOffer"]["offer"]["expiresAt"]) == until


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


UPSERT_FUND = mutation(
    "upsertFundProfile",
    "UpsertFundProfileInput",
    "FundProfileSaved",
    "created fundProfile { thesis fieldCodes trlMin trlMax ticketMinVnd ticketMaxVnd "
    "provinceCodes fields { code } organization { name } }",
)


def fund_input(org_id: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organizationId": org_id,
        "thesis": "Đầu tư giai đoạn hạt giống vào công nghệ nông nghiệp và nước sạch.",
        "fieldCodes": ["406", "207"],
        "trlMin": 4,
        "trlMax": 7,
        "ticketMinVnd": "2000000000",
        "ticketMaxVnd": "25000000000",
        "provinceCodes": ["can-tho", "dong-thap"],
    }
    values.update(overrides)
    return values


async def test_fund_profiles_belong_to_fund_organisations_and_are_managed_by_admins(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await make_user(session)
    analyst = await make_user(session)
    fund = await make_organization(
        session, partner.user, name="Quỹ Đổi mới Mekong", kind=OrganizationKind.FUND
    )
    await add_member(session, fund, analyst.user, MemberRole.MEMBER)
    university = await make_organization(session, partner.user)
    fund_id = gid("Organization", fund.id)
    before = await counts(session, fund_profiles)

    not_admin = await gql(client, UPSERT_FUND, {"input": fund_input(fund_id)}, token=analyst.token)
    assert not_admin["upsertFundProfile"] == not_allowed("NOT_THE_OWNER")
    not_a_fund = await gql(
        client,
        UPSERT_FUND,
        {"input": fund_input(gid("Organization", university.id))},
        token=partner.token,
    )
    assert not_a_fund["upsertFundProfile"] == invalid("organizationId", "INVALID_CHOICE")
    bad_range = await gql(
        client, UPSERT_FUND, {"input": fund_input(fund_id, trlMin=8, trlMax=3)}, token=partner.token
    )
    assert bad_range["upsertFundProfile"]["fields"] == [
        {"path": ["trlMax"], "code": "INVALID_COMBINATION"}
    ]
    assert await counts(session, fund_profiles) == before

    created = await gql(client, UPSERT_FUND, {"input": fund_input(fund_id)}, token=partner.token)
    assert created["upsertFundProfile"] == {
        "__typename": "FundProfileSaved",
        "created": True,
        "fundProfile": {
            "thesis": "Đầu tư giai đoạn hạt giống vào công nghệ nông nghiệp và nước sạch.",
            "fieldCodes": ["406", "207"],
            "trlMin": 4,
            "trlMax": 7,
            "ticketMinVnd": "2000000000",
            "ticketMaxVnd": "25000000000",
            "provinceCodes": ["can-tho", "dong-thap"],
            "fields": [{"code": "406"}, {"code": "207"}],
            "organization": {"name": "Quỹ Đổi mới Mekong"},
        },
    }
    updated = await gql(
        client, UPSERT_FUND, {"input": fund_input(fund_id, trlMax=9)}, token=partner.token
    )
    assert updated["upsertFundProfile"]["created"] is False
    assert await count(session, fund_profiles) == before[0] + 1

    query = """query($f: FundFilter) { funds(filter: $f) { edges { node { trlMax
      organization { name } } } } }"""
    assert (await gql(client, query, {"f": {"fieldCode": "207", "trl": 9}}))["funds"]["edges"] == [
        {"node": {"trlMax": 9, "organization": {"name": "Quỹ Đổi mới Mekong"}}}
    ]
    assert (await gql(client, query, {"f": {"fieldCode": "301"}}))["funds"]["edges"] == []


async def test_money_must_be_a_whole_number_string(client: httpx.AsyncClient) -> None:
    body = await gql(
        client,
        'mutation { upsertFundProfile(input: {organizationId: "x", thesis: "x", '
        'ticketMinVnd: "12.5"}) { __typename } }',
        expect_errors=True,
    )
    assert "VND" in body["errors"][0]["message"]


WITHDRAW_OFFER = mutation(
    "withdrawOffer",
    "ListingReasonInput",
    "OfferMoved",
    "offer { status statusTimeline { reason } }",
)


async def test_an_operator_returns_an_offer_with_a_public_reason_and_the_owner_withdraws_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    org = await make_organization(session, owner.user)
    pending = await make_offer(session, owner.user, org, status=OfferStatus.PENDING_APPROVAL)
    offer_id = gid("TechnologyOffer", pending.id)
    before = await counts(session, technology_offers)
    silent = await gql(
        client, APPROVE_OFFER, {"input": {"id": offer_id, "approved": False}}, token=operator.token
    )
    assert silent["approveOffer"] == invalid("reason", "REQUIRED")
    assert await counts(session, technology_offers) == before
    returned = await gql(
        client,
        APPROVE_OFFER,
        {
            "input": {
                "id": offer_id,
                "approved": False,
                "reason": "Thiếu bằng chứng sở hữu trí tuệ.",
            }
        },
        token=operator.token,
    )
    assert returned["approveOffer"]["offer"] == {"status": "DRAFT", "expiresAt": None}
    operator_withdraws = await gql(
        client, WITHDRAW_OFFER, {"input": {"id": offer_id}}, token=operator.token
    )
    assert operator_withdraws["withdrawOffer"] == not_allowed("NOT_A_MEMBER")
    withdrawn = await gql(
        client,
        WITHDRAW_OFFER,
        {"input": {"id": offer_id, "reason": "Tự phát triển tiếp."}},
        token=owner.token,
    )
    assert withdrawn["withdrawOffer"]["offer"]["status"] == "WITHDRAWN"
    reasons = [s["reason"] for s in withdrawn["withdrawOffer"]["offer"]["statusTimeline"]]
    assert reasons == [None, None, "Thiếu bằng chứng sở hữu trí tuệ.", "Tự phát triển tiếp."]


async def test_fund_profiles_resolve_as_public_nodes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner, fund = await make_owner(session, kind=OrganizationKind.FUND)
    saved = await gql(
        client,
        mutation(
            "upsertFundProfile", "UpsertFundProfileInput", "FundProfileSaved", "fundProfile { id }"
        ),
        {"input": fund_input(gid("Organization", fund.id))},
        token=partner.token,
    )
    node_id = saved["upsertFundProfile"]["fundProfile"]["id"]
    node = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on FundProfile { trlMin } } }",
        {"id": node_id},
    )
    assert node["node"] == {"trlMin": 4}
