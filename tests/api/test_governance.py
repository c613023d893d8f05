"""Platform roles and the reviewer pool over GraphQL: refused first (nothing changes), then
allowed, and every change in the audit chain."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import audit_log
from domain.accounts import PlatformRole
from domain.listings import InitiativeStatus
from tests.api.matrix_world import build_world
from tests.api.test_permission_matrix import snapshot
from tests.factories import make_user
from tests.graphql import gid, gql

GRANT = """mutation($u: ID!, $r: PlatformRole!, $p: String) {
  grantPlatformRole(input: {userId: $u, role: $r, provinceCode: $p}) {
    __typename ... on PlatformRoleChanged { role provinceCodes held }
    ... on NotAllowed { code } ... on Conflict { conflictCode: code }
    ... on ValidationError { fields { path code } } } }"""
ASSIGN = """mutation($i: ID!, $r: ID!) { assignReviewer(input: {initiativeId: $i, reviewerId: $r}) {
  __typename ... on NotAllowed { code message } } }"""


async def test_only_admins_grant_staff_roles(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await build_world(session)
    admin = await make_user(session, roles=frozenset({PlatformRole.ADMIN}))
    target = await make_user(session)
    variables = {"u": gid("User", target.user.id), "r": "OPERATOR", "p": "can-tho"}
    before = await snapshot(session)
    for actor in ("operator", "provincial operator", "observer", "reviewer"):
        body = await gql(client, GRANT, variables, token=w.token(actor))
        assert body["grantPlatformRole"] == {
            "__typename": "NotAllowed",
            "code": "MISSING_ROLE",
        }
    bad = await gql(client, GRANT, {**variables, "r": "REVIEWER"}, token=admin.token)
    assert bad["grantPlatformRole"]["fields"] == [
        {"path": ["provinceCode"], "code": "INVALID_COMBINATION"}
    ]
    assert await snapshot(session) == before

    body = await gql(client, GRANT, variables, token=admin.token)
    assert body["grantPlatformRole"] == {
        "__typename": "PlatformRoleChanged",
        "role": "OPERATOR",
        "provinceCodes": ["can-tho"],
        "held": True,
    }
    again = await gql(client, GRANT, variables, token=admin.token)
    assert again["grantPlatformRole"]["conflictCode"] == "ALREADY_EXISTS"
    actions = list(
        await session.scalars(
            select(audit_log.c.action).where(audit_log.c.entity_id == target.user.id)
        )
    )
    assert actions == ["role.granted"]


async def test_a_provincial_operator_stays_in_its_province(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await build_world(session)
    elsewhere = await make_user(
        session,
        roles=frozenset({PlatformRole.OPERATOR}),
        provinces={PlatformRole.OPERATOR: "ha-noi"},
    )
    initiative = await w.initiative(InitiativeStatus.UNDER_REVIEW)
    variables = {
        "i": gid("Initiative", initiative.id),
        "r": gid("User", w.users["reviewer"].user.id),
    }
    before = await snapshot(session)
    refused = await gql(client, ASSIGN, variables, token=elsewhere.token)
    assert refused["assignReviewer"]["code"] == "OUTSIDE_PROVINCE"
    hidden = await gql(
        client,
        "query($i: ID!) { suggestedReviewers(initiativeId: $i) { __typename } }",
        {"i": variables["i"]},
        token=elsewhere.token,
    )
    assert hidden["suggestedReviewers"] == {"__typename": "NotFound"}
    assert await snapshot(session) == before

    allowed = await gql(client, ASSIGN, variables, token=w.token("provincial operator"))
    assert allowed["assignReviewer"] == {"__typename": "ReviewerAssigned"}


async def test_conflicted_reviewers_are_excluded_and_cannot_be_assigned(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await build_world(session)
    initiative = await w.initiative(InitiativeStatus.UNDER_REVIEW)
    conflicted = w.users["reviewer"]
    clean = await make_user(
        session, roles=frozenset({PlatformRole.REVIEWER}), display_name="Lê Hoa"
    )
    saved = await gql(
        client,
        """mutation($u: ID!, $o: ID!) { saveReviewerProfile(input: {userId: $u, fieldCodes: ["202"],
            declaredInterestIds: [$o]}) { __typename } }""",
        {"u": gid("User", conflicted.user.id), "o": gid("Organization", w.org.id)},
        token=conflicted.token,
    )
    assert saved["saveReviewerProfile"] == {"__typename": "ReviewerProfileSaved"}

    suggestions = await gql(
        client,
        """query($i: ID!) { suggestedReviewers(initiativeId: $i) { ... on SuggestedReviewers {
            suggested { profile { reviewerId } } excluded { reasons explanation profile { reviewerId } } } } }""",
        {"i": gid("Initiative", initiative.id)},
        token=w.token("operator"),
    )
    found = suggestions["suggestedReviewers"]
    assert [s["profile"]["reviewerId"] for s in found["suggested"]] == [gid("User", clean.user.id)]
    assert found["excluded"] == [
        {
            "reasons": ["DECLARED_INTEREST"],
            "explanation": "The reviewer declared an interest in the submitting organisation.",
            "profile": {"reviewerId": gid("User", conflicted.user.id)},
        }
    ]

    before = await snapshot(session)
    refused = await gql(
        client,
        ASSIGN,
        {"i": gid("Initiative", initiative.id), "r": gid("User", conflicted.user.id)},
        token=w.token("operator"),
    )
    assert refused["assignReviewer"] == {
        "__typename": "NotAllowed",
        "code": "CONFLICT_OF_INTEREST",
        "message": "The reviewer declared an interest in the submitting organisation.",
    }
    assert await snapshot(session) == before
    allowed = await gql(
        client,
        ASSIGN,
        {"i": gid("Initiative", initiative.id), "r": gid("User", clean.user.id)},
        token=w.token("operator"),
    )
    assert allowed["assignReviewer"] == {"__typename": "ReviewerAssigned"}


async def test_reviewers_filters_by_field(client: httpx.AsyncClient, session: AsyncSession) -> None:
    w = await build_world(session)
    await gql(
        client,
        'mutation($u: ID!) { saveReviewerProfile(input: {userId: $u, fieldCodes: ["401"]}) { __typename } }',
        {"u": gid("User", w.users["reviewer"].user.id)},
        token=w.token("operator"),
    )
    query = """query($f: String) { reviewers(field: $f, first: 10) { ... on ReviewerPool {
        reviewers { edges { node { reviewerId fieldCodes available } } } } } }"""
    by_level1 = await gql(client, query, {"f": "4"}, token=w.token("operator"))
    edges = by_level1["reviewers"]["reviewers"]["edges"]
    assert [e["node"] for e in edges] == [
        {
            "reviewerId": gid("User", w.users["reviewer"].user.id),
            "fieldCodes": ["401"],
            "available": True,
        }
    ]
    none = await gql(client, query, {"f": "101"}, token=w.token("operator"))
    assert none["reviewers"]["reviewers"]["edges"] == []
