"""Technology offers over GraphQL: from draft to listed to transferred, renewal, and the
operator's return with a public reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import technology_offers
from domain.accounts import PlatformRole
from domain.listings import InitiativeStatus, OfferStatus
from tests.api.listing_support import counts, mutation
from tests.factories import make_initiative, make_offer, make_organization, make_user
from tests.graphql import conflict, gid, gql, invalid, not_allowed

OFFER_FIELDS = """id title status priceMinVnd priceMaxVnd transferModes expiresAt description
  contact { name email phone } initiative { title } organization { name }"""


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
