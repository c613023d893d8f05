"""Fund profiles over GraphQL: who manages them, the funds list, money as whole-number
strings, and public nodes."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import fund_profiles
from domain.accounts import MemberRole, OrganizationKind
from tests.api.listing_support import counts, mutation
from tests.factories import add_member, count, make_organization, make_owner, make_user
from tests.graphql import gid, gql, invalid, not_allowed

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
