"""Initiatives over GraphQL: creation, confidentiality, the public timeline, withdrawal and
the filtered list."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import audit_log
from domain.accounts import PlatformRole
from domain.listings import InitiativeStatus
from tests.api.initiative_support import (
    CREATE,
    INITIATIVE_FIELDS,
    TIMELINE,
    WITHDRAW,
    content,
    counts,
)
from tests.factories import make_initiative, make_organization, make_owner, make_user
from tests.graphql import gid, gql, not_allowed, not_authenticated

NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Initiative {{ {INITIATIVE_FIELDS} }} }} }}"


async def test_creating_an_initiative_needs_membership_and_valid_content(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, display_name="Chủ")
    stranger = await make_user(session)
    org = await make_organization(session, owner.user, name="Viện Cơ khí")
    org_id = gid("Organization", org.id)
    before = await counts(session)

    anonymous = await gql(
        client, CREATE, {"input": {"organizationId": org_id, "content": content()}}
    )
    assert anonymous["createInitiative"] == not_authenticated("TOKEN_MISSING")
    denied = await gql(
        client,
        CREATE,
        {"input": {"organizationId": org_id, "content": content()}},
        token=stranger.token,
    )
    assert denied["createInitiative"] == not_allowed("NOT_A_MEMBER")
    invalid = await gql(
        client,
        CREATE,
        {
            "input": {
                "organizationId": org_id,
                "content": content(
                    trl=10,
                    fieldCode="999",
                    ipNumber=None,
                    coAuthors=[
                        {"name": "A", "sharePercent": "60"},
                        {"name": "B", "sharePercent": "30.5"},
                    ],
                ),
            }
        },
        token=owner.token,
    )
    assert invalid["createInitiative"]["__typename"] == "ValidationError"
    assert sorted((tuple(f["path"]), f["code"]) for f in invalid["createInitiative"]["fields"]) == [
        (("coAuthors",), "INVALID_COMBINATION"),
        (("fieldCode",), "INVALID_CHOICE"),
        (("ipNumber",), "REQUIRED"),
        (("trl",), "OUT_OF_RANGE"),
    ]
    assert await counts(session) == before

    created = await gql(
        client,
        CREATE,
        {"input": {"organizationId": org_id, "content": content()}},
        token=owner.token,
    )
    initiative = created["createInitiative"]["initiative"]
    assert initiative | {"id": None} == {
        "id": None,
        "title": "Máy bóc vỏ hạt điều bán tự động",
        "summary": "Máy bóc vỏ hạt điều giảm tỉ lệ vỡ nhân.",
        "description": "MẬT: bản vẽ cơ cấu dao cắt.",
        "solution": "MẬT: cơ cấu định vị hạt bằng khí nén.",
        "status": "DRAFT",
        "revision": 0,
        "trl": 5,
        "ipStatus": "GRANTED",
        "ipNumber": "2-0001234",
        "language": "VI",
        "fieldCode": "203",
        "field": {"code": "203", "nameEn": "Mechanical engineering"},
        "coAuthors": [
            {"name": "Lê Văn Hùng", "sharePercent": "70.00", "affiliation": None},
            {"name": "Đỗ Thị Mai", "sharePercent": "30.00", "affiliation": "ĐH Bách khoa"},
        ],
        "organization": {"name": "Viện Cơ khí"},
        "statusTimeline": [{"status": "draft", "previousStatus": None, "reason": None}],
    }
    after = await counts(session)
    assert after["initiatives"] == before["initiatives"] + 1
    assert after["audit_log"] == before["audit_log"] + 1
    assert after["outbox"] > before["outbox"]


async def test_drafts_are_hidden_but_their_timeline_is_public(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    stranger = await make_user(session)
    org = await make_organization(session, owner.user)
    draft = await make_initiative(session, owner.user, org)
    node_id = gid("Initiative", draft.id)

    assert (await gql(client, NODE, {"id": node_id}))["node"] is None
    assert (await gql(client, NODE, {"id": node_id}, token=stranger.token))["node"] is None
    listed = await gql(client, "{ initiatives { edges { node { id } } } }", token=stranger.token)
    assert listed["initiatives"]["edges"] == []
    mine = (await gql(client, NODE, {"id": node_id}, token=owner.token))["node"]
    assert mine["title"] == draft.content.title
    # The public timeline: anyone, even for a draft; no reviewer names in it.
    assert (await gql(client, TIMELINE, {"id": node_id}))["initiativeTimeline"] == [
        {"status": "draft", "previousStatus": None, "reason": None}
    ]


async def test_confidential_fields_are_null_for_the_public_once_published(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    stranger = await make_user(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    org = await make_organization(session, owner.user)
    published = await make_initiative(session, owner.user, org, status=InitiativeStatus.PUBLISHED)
    node_id = gid("Initiative", published.id)

    for token in (None, stranger.token):
        seen = (await gql(client, NODE, {"id": node_id}, token=token))["node"]
        assert (seen["title"], seen["summary"], seen["status"]) == (
            published.content.title,
            published.content.summary,
            "PUBLISHED",
        )
        assert (seen["description"], seen["solution"]) == (None, None)
    for token in (owner.token, operator.token):
        seen = (await gql(client, NODE, {"id": node_id}, token=token))["node"]
        assert (seen["description"], seen["solution"]) == (
            published.content.description,
            published.content.solution,
        )


async def test_withdrawal_before_a_decision_records_the_public_reason(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    colleague = await make_user(session)
    stranger = await make_user(session)
    org = await make_organization(session, owner.user)
    from tests.factories import add_member

    await add_member(session, org, colleague.user)
    under_review = await make_initiative(
        session, owner.user, org, status=InitiativeStatus.UNDER_REVIEW
    )
    node_id = gid("Initiative", under_review.id)
    before = await counts(session)
    hidden = await gql(client, WITHDRAW, {"id": node_id}, token=stranger.token)
    assert hidden["withdrawInitiative"]["__typename"] == "NotFound"
    assert await counts(session) == before

    withdrawn = await gql(
        client,
        WITHDRAW,
        {"id": node_id, "reason": "Chuyển sang đăng ký sáng chế."},
        token=colleague.token,
    )
    assert withdrawn["withdrawInitiative"]["initiative"] == {"status": "WITHDRAWN"}
    last = (await gql(client, TIMELINE, {"id": node_id}))["initiativeTimeline"][-1]
    assert last == {
        "status": "withdrawn",
        "previousStatus": "under_review",
        "reason": "Chuyển sang đăng ký sáng chế.",
    }
    entry = (
        await session.execute(
            select(audit_log.c.action, audit_log.c.data).order_by(audit_log.c.seq.desc()).limit(1)
        )
    ).one()
    assert (entry.action, entry.data) == (
        "initiative.withdrawn",
        {"from": "under_review", "to": "withdrawn", "reason": "Chuyển sang đăng ký sáng chế."},
    )


async def test_listing_filters_and_cursor_scope(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    from tests.factories import operator_actor

    staff = await operator_actor(session)
    made = {}
    for code, trl in (("207", 4), ("211", 7), ("301", 8)):
        made[code] = await make_initiative(
            session,
            owner.user,
            org,
            status=InitiativeStatus.PUBLISHED,
            operator=staff,
            field_code=code,
            trl=trl,
        )
    await make_initiative(session, owner.user, org, field_code="207")  # a draft
    query = """query($f: InitiativeFilter, $after: String) {
      initiatives(first: 1, filter: $f, after: $after) {
        edges { node { fieldCode } } pageInfo { hasNextPage endCursor } } }"""
    engineering = {"fieldCode": "2", "trlMin": 5}
    page = (await gql(client, query, {"f": engineering}))["initiatives"]
    assert [e["node"]["fieldCode"] for e in page["edges"]] == ["211"]
    assert page["pageInfo"]["hasNextPage"] is False
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(client, query, {"f": {"fieldCode": "2"}, "after": after}))["initiatives"]
        seen += [e["node"]["fieldCode"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["211", "207"]  # newest first; the draft is not public
    mine = await gql(
        client,
        "{ initiatives(filter: {mine: true}) { edges { node { status } } } }",
        token=owner.token,
    )
    assert sorted(e["node"]["status"] for e in mine["initiatives"]["edges"]) == [
        "DRAFT",
        "PUBLISHED",
        "PUBLISHED",
        "PUBLISHED",
    ]
    # A cursor from one filter is refused by another.
    foreign = await gql(
        client, query, {"f": {"fieldCode": "3"}, "after": after}, expect_errors=True
    )
    assert foreign["errors"][0]["extensions"]["fields"][0]["path"] == ["after"]
