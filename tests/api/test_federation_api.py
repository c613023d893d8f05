"""Federation over HTTP: reference data, API keys (create, use, rotate, revoke, rate limit),
pushes of federated listings, the published schemas and the open-data feed endpoint."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import ApiDeps
from db.tables import (
    api_keys,
    audit_log,
    federated_records,
    technology_offers,
    webhook_deliveries,
)
from domain.listings import OfferStatus
from tests.conftest import StatementCounter
from tests.factories import make_offer, make_owner
from tests.graphql import data_of, gid, gql

CREATE = """mutation($org: ID!, $scopes: [ApiKeyScope!]!, $rate: Int) {
  createApiKey(input: {organizationId: $org, label: "Sàn Đà Nẵng", scopes: $scopes,
                       rateLimitPerMinute: $rate}) {
    __typename
    ... on ApiKeyIssued { secret apiKey { id prefix scopes } }
    ... on ValidationError { fields { path code } }
  } }"""

CHANGES = "{ changes(first: 5) { __typename ... on Changes { endCursor hasMore } } }"


async def owner_and_org(session: AsyncSession) -> tuple[Any, Any]:
    owner, org = await make_owner(session, name="Sàn giao dịch KH&CN Đà Nẵng")
    return owner, org


async def create_key(
    client: httpx.AsyncClient,
    token: str,
    org_id: object,
    scopes: list[str],
    rate: int | None = None,
) -> dict[str, Any]:
    data = await gql(
        client,
        CREATE,
        {"org": gid("Organization", org_id), "scopes": scopes, "rate": rate},
        token=token,
    )
    result: dict[str, Any] = data["createApiKey"]
    return result


async def test_provinces_carry_official_codes_and_fields_are_listed(
    client: httpx.AsyncClient,
) -> None:
    data = await gql(client, "{ provinces { code officialCode nameVi } fields(level: 1) { code } }")
    assert len(data["provinces"]) == 34
    assert {"code": "da-nang", "officialCode": "48", "nameVi": "Đà Nẵng"} in data["provinces"]
    assert [f["code"] for f in data["fields"]] == ["1", "2", "3", "4", "5", "6"]


async def test_a_key_is_shown_once_stored_hashed_and_works_until_revoked(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await owner_and_org(session)
    issued = await create_key(client, owner.token, org.id, ["READ_FEED"])
    assert issued["__typename"] == "ApiKeyIssued"
    secret = issued["secret"]
    assert secret.startswith(f"ixk_{issued['apiKey']['prefix']}_")
    stored = (await session.execute(select(api_keys.c.secret_hash))).scalars().all()
    assert secret not in stored
    assert len(stored) == 1

    ok = await client.post("/graphql", json={"query": CHANGES}, headers={"X-Api-Key": secret})
    assert ok.json()["data"]["changes"]["__typename"] == "Changes"
    feed = await client.get("/feed", headers={"Authorization": f"ApiKey {secret}"})
    assert feed.status_code == 200
    used = await session.scalar(select(api_keys.c.last_used_at))
    assert used is not None

    key_id = issued["apiKey"]["id"]
    rotated = await gql(
        client,
        "mutation($id: ID!) { rotateApiKey(id: $id) { ... on ApiKeyIssued { secret } } }",
        {"id": key_id},
        token=owner.token,
    )
    new_secret = rotated["rotateApiKey"]["secret"]
    old = await client.post("/graphql", json={"query": CHANGES}, headers={"X-Api-Key": secret})
    assert old.status_code == 401
    new = await client.post("/graphql", json={"query": CHANGES}, headers={"X-Api-Key": new_secret})
    assert new.status_code == 200

    await gql(
        client,
        "mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }",
        {"id": key_id},
        token=owner.token,
    )
    gone = await client.get("/feed", headers={"X-Api-Key": new_secret})
    assert gone.status_code == 401
    actions = (
        (
            await session.execute(
                select(audit_log.c.action).where(audit_log.c.entity_kind == "api_key")
            )
        )
        .scalars()
        .all()
    )
    assert actions == ["api_key.created", "api_key.rotated", "api_key.revoked"]
    assert all(secret not in json.dumps(r) for r in actions)


async def test_bad_key_input_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await owner_and_org(session)
    before = await session.scalar(select(func.count()).select_from(api_keys))
    refused = await create_key(client, owner.token, org.id, [], rate=0)
    assert refused["__typename"] == "ValidationError"
    assert {f["path"][0] for f in refused["fields"]} == {"scopes", "rateLimitPerMinute"}
    assert await session.scalar(select(func.count()).select_from(api_keys)) == before


async def test_a_key_has_its_own_rate_limit_and_anonymous_feed_a_lower_one(
    client: httpx.AsyncClient, session: AsyncSession, api_deps: ApiDeps
) -> None:
    owner, org = await owner_and_org(session)
    secret = (await create_key(client, owner.token, org.id, ["READ_FEED"], rate=2))["secret"]
    codes = [
        (await client.get("/feed", headers={"X-Api-Key": secret})).status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    api_deps.open_data_rate_per_minute = 2
    anonymous = [(await client.get("/feed")).status_code for _ in range(3)]
    assert anonymous == [200, 200, 429]


PUSH = """mutation($records: [PushedListingInput!]!) {
  pushListings(input: {records: $records}) {
    __typename
    ... on ListingsPushed { results { externalId outcome listingId } }
    ... on ValidationError { fields { path code } }
    ... on NotAllowed { code }
  } }"""


def pushed_offer(updated: datetime, title: str = "Máy sấy lạnh từ Đà Nẵng") -> dict[str, Any]:
    return {
        "kind": "OFFER",
        "externalId": "dn-offer-1",
        "updatedAt": updated.isoformat(),
        "record": {
            "status": "listed",
            "language": "vi",
            "title": {"vi": title},
            "summary": {"vi": "Sấy bơm nhiệt cho nông sản miền Trung."},
            "terms": None,
            "keywords": ["sấy lạnh"],
            "fieldCode": "211",
            "provinceCode": "da-nang",
            "provinceOfficialCode": "48",
            "trl": 7,
            "ipStatus": "granted",
            "transferModes": ["licence"],
            "priceMinVnd": 100,
            "priceMaxVnd": 200,
            "expiresAt": None,
            "createdAt": "2026-01-01T00:00:00+00:00",
            "updatedAt": updated.isoformat(),
        },
    }


async def push(client: httpx.AsyncClient, secret: str, records: list[Any]) -> dict[str, Any]:
    response = await client.post(
        "/graphql",
        json={"query": PUSH, "variables": {"records": records}},
        headers={"X-Api-Key": secret},
    )
    result: dict[str, Any] = data_of(response)["pushListings"]
    return result


async def test_pushes_are_idempotent_newer_wins_and_bad_records_write_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await owner_and_org(session)
    reader = (await create_key(client, owner.token, org.id, ["READ_FEED"]))["secret"]
    writer = (await create_key(client, owner.token, org.id, ["WRITE_LISTINGS"]))["secret"]
    t0 = datetime(2026, 5, 1, tzinfo=UTC)

    denied = await push(client, reader, [pushed_offer(t0)])
    assert denied == {"__typename": "NotAllowed", "code": "MISSING_ROLE"}

    bad = pushed_offer(t0)
    bad["record"]["trl"] = 12
    bad["record"]["description"] = "mật"  # not part of the standard: refused
    refused = await push(client, writer, [bad])
    assert refused["__typename"] == "ValidationError"
    assert await session.scalar(select(func.count()).select_from(federated_records)) == 0

    first = await push(client, writer, [pushed_offer(t0)])
    assert first["results"][0]["outcome"] == "CREATED"
    again = await push(client, writer, [pushed_offer(t0)])
    assert again["results"][0]["outcome"] == "UNCHANGED"
    newer = await push(client, writer, [pushed_offer(t0 + timedelta(hours=1), "Tiêu đề mới")])
    assert newer["results"][0]["outcome"] == "UPDATED"
    older = await push(client, writer, [pushed_offer(t0 - timedelta(hours=1), "Cũ")])
    assert older["results"][0]["outcome"] == "UNCHANGED"
    title = await session.scalar(select(technology_offers.c.title))
    assert title == "Tiêu đề mới"
    assert await session.scalar(select(func.count()).select_from(federated_records)) == 1


async def test_published_schemas_are_valid_2020_12_and_indexed(
    client: httpx.AsyncClient,
) -> None:
    index = (await client.get("/schemas/v1/")).json()
    assert set(index["schemas"]) == {
        "initiative",
        "offer",
        "need",
        "organization",
        "deal",
        "feed-item",
    }
    for name in index["schemas"]:
        response = await client.get(f"/schemas/v1/{name}.json")
        assert response.status_code == 200
        schema = response.json()
        Draft202012Validator.check_schema(schema)
        fields = set(schema.get("properties", {}))
        assert not fields & {"description", "contactEmail", "solution", "attachments"}
    context = (await client.get("/schemas/v1/context.jsonld")).json()
    assert context["@context"]["title"]["@container"] == "@language"
    catalog = (await client.get("/open-data/catalog.jsonld")).json()
    assert catalog["@type"] == "dcat:Catalog"
    assert len(catalog["dcat:dataset"]) == 5


OFFERS_WITH_PROVENANCE = """{ technologyOffers(first: 20) { edges { node {
  title provenance { sourceCode sourceName externalId sourceUpdatedAt } } } } }"""


async def test_pushed_listings_show_their_provenance_and_local_ones_none(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    owner, org = await owner_and_org(session)
    await make_offer(session, owner.user, org, status=OfferStatus.LISTED, title="Máy cục bộ")
    writer = (await create_key(client, owner.token, org.id, ["WRITE_LISTINGS"]))["secret"]
    t0 = datetime(2026, 5, 1, tzinfo=UTC)
    records = [pushed_offer(t0, f"Máy sấy {n}") for n in range(3)]
    for n, record in enumerate(records):
        record["externalId"] = f"dn-offer-{n}"
    assert (await push(client, writer, records))["__typename"] == "ListingsPushed"

    with count_queries.counting():
        data = await gql(client, OFFERS_WITH_PROVENANCE)

    shown = {e["node"]["title"]: e["node"]["provenance"] for e in data["technologyOffers"]["edges"]}
    assert shown["Máy cục bộ"] is None
    assert shown["Máy sấy 1"] == {
        "sourceCode": str(org.id),
        "sourceName": "Sàn giao dịch KH&CN Đà Nẵng",
        "externalId": "dn-offer-1",
        "sourceUpdatedAt": t0.isoformat(),
    }
    # One statement for every listing's provenance, not one per listing.
    assert sum("federated_records" in s for s in count_queries.statements) == 1


REGISTER = """mutation($org: ID!, $url: String!) {
  registerWebhook(input: {organizationId: $org, url: $url, eventTypes: ["offer.upserted"]}) {
    ... on WebhookRegistered { subscription { id } } } }"""

SUBSCRIPTIONS = """query($org: ID!) { webhookSubscriptions(organizationId: $org, deliveries: 2) {
  __typename ... on WebhookSubscriptionList { subscriptions { url
    recentDeliveries { messageId status } } } } }"""


async def test_webhook_subscriptions_list_recent_deliveries_in_one_statement(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    owner, org = await owner_and_org(session)
    org_gid = gid("Organization", org.id)
    ids = {}
    for name in ("a", "b", "c"):
        data = await gql(
            client, REGISTER, {"org": org_gid, "url": f"http://127.0.0.1/{name}"}, token=owner.token
        )
        ids[name] = data["registerWebhook"]["subscription"]["id"]
    # Three deliveries to a, one to b, none to c
    for n, name in enumerate(["a", "a", "a", "b"]):
        await session.execute(
            webhook_deliveries.insert().values(
                subscription_id=ids[name],
                message_id=f"msg_{n}",
                event_type="offer.upserted",
                feed_position=n + 1,
                payload={},
                status="delivered" if n else "pending",
            )
        )
    await session.commit()

    with count_queries.counting():
        data = await gql(client, SUBSCRIPTIONS, {"org": org_gid}, token=owner.token)

    listed = {
        s["url"].rsplit("/", 1)[1]: [d["messageId"] for d in s["recentDeliveries"]]
        for s in data["webhookSubscriptions"]["subscriptions"]
    }
    assert listed == {"a": ["msg_2", "msg_1"], "b": ["msg_3"], "c": []}
    assert sum("webhook_deliveries" in s for s in count_queries.statements) == 1
