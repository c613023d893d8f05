"""Initiatives over GraphQL: creation, editing, submission with an authorship receipt, the
operator's transitions, withdrawal, confidentiality, the public timeline and receipts."""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.tables import (
    audit_log,
    initiative_authors,
    initiatives,
    listing_status_changes,
    listing_versions,
    outbox,
)
from domain.accounts import Actor, PlatformRole
from domain.listings import InitiativeStatus
from domain.receipts import signed_message
from domain.review import DecisionOutcome
from tests.factories import (
    council_decides,
    count,
    make_initiative,
    make_organization,
    make_owner,
    make_user,
)
from tests.graphql import ERRORS, conflict, gid, gql, invalid, not_allowed, not_authenticated

INITIATIVE_FIELDS = """
  id title summary description solution status revision trl ipStatus ipNumber language
  fieldCode field { code nameEn }
  coAuthors { name sharePercent affiliation }
  organization { name }
  statusTimeline { status previousStatus reason }
"""


CREATE = f"""
mutation($input: CreateInitiativeInput!) {{
  createInitiative(input: $input) {{
    __typename
    ... on InitiativeSaved {{ initiative {{ {INITIATIVE_FIELDS} }} }}
    {ERRORS}
  }}
}}"""

UPDATE = f"""
mutation($input: UpdateInitiativeInput!) {{
  updateInitiative(input: $input) {{
    __typename
    ... on InitiativeSaved {{ initiative {{ title status }} }}
    {ERRORS}
  }}
}}"""

RECEIPT = (
    "listingKind listingId version digest signedAt keyId signature algorithm"
    " format files { name sizeBytes sha256 }"
)

SUBMIT = f"""
mutation($id: ID!) {{
  submitInitiative(input: {{id: $id}}) {{
    __typename
    ... on InitiativeSubmitted {{ initiative {{ status revision }} receipt {{ {RECEIPT} }} }}
    {ERRORS}
  }}
}}"""

RESUBMIT = SUBMIT.replace("submitInitiative", "resubmitInitiative")

TRANSITION = f"""
mutation($id: ID!, $to: InitiativeStatus!, $reason: String) {{
  transitionInitiative(input: {{id: $id, to: $to, reason: $reason}}) {{
    __typename
    ... on InitiativeMoved {{ initiative {{ status }} }}
    {ERRORS}
  }}
}}"""

WITHDRAW = f"""
mutation($id: ID!, $reason: String) {{
  withdrawInitiative(input: {{id: $id, reason: $reason}}) {{
    __typename
    ... on InitiativeMoved {{ initiative {{ status }} }}
    {ERRORS}
  }}
}}"""

NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Initiative {{ {INITIATIVE_FIELDS} }} }} }}"

TIMELINE = "query($id: ID!) { initiativeTimeline(id: $id) { status previousStatus reason } }"

VERIFY = """
query($r: ReceiptInput!) { verifyReceipt(receipt: $r) { genuine matchesStoredVersion } }"""


async def counts(session: AsyncSession) -> dict[str, int]:
    tables = (
        initiatives,
        initiative_authors,
        listing_status_changes,
        listing_versions,
        audit_log,
        outbox,
    )
    return {t.name: await count(session, t) for t in tables}


def content(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Máy bóc vỏ hạt điều bán tự động",
        "summary": "Máy bóc vỏ hạt điều giảm tỉ lệ vỡ nhân.",
        "description": "MẬT: bản vẽ cơ cấu dao cắt.",
        "problem": "Tỉ lệ vỡ nhân cao khi bóc thủ công.",
        "solution": "MẬT: cơ cấu định vị hạt bằng khí nén.",
        "advantages": "Năng suất gấp 5 lần.",
        "fieldCode": "203",
        "keywords": ["hạt điều", "cơ khí"],
        "trl": 5,
        "ipStatus": "GRANTED",
        "ipNumber": "2-0001234",
        "provinceCode": "dong-nai",
        "language": "VI",
        "coAuthors": [
            {"name": "Lê Văn Hùng", "sharePercent": "70"},
            {"name": "Đỗ Thị Mai", "sharePercent": "30", "affiliation": "ĐH Bách khoa"},
        ],
    }
    values.update(overrides)
    return values


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


async def test_the_full_review_path_with_receipts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    org = await make_organization(session, owner.user)
    created = await gql(
        client,
        CREATE,
        {"input": {"organizationId": gid("Organization", org.id), "content": content()}},
        token=owner.token,
    )
    node_id = created["createInitiative"]["initiative"]["id"]

    # Only the owner submits; the operator may not.
    before = await counts(session)
    refused = await gql(client, SUBMIT, {"id": node_id}, token=operator.token)
    assert refused["submitInitiative"] == not_allowed("NOT_A_MEMBER")
    assert await counts(session) == before

    submitted = (await gql(client, SUBMIT, {"id": node_id}, token=owner.token))["submitInitiative"]
    assert submitted["__typename"] == "InitiativeSubmitted"
    assert submitted["initiative"] == {"status": "SUBMITTED", "revision": 1}
    receipt = submitted["receipt"]
    assert (receipt["listingKind"], receipt["listingId"], receipt["version"]) == (
        "initiative",
        node_id,
        1,
    )
    assert receipt["algorithm"] == "Ed25519"
    verdict = await gql(
        client, VERIFY, {"r": {k: v for k, v in receipt.items() if k != "algorithm"}}
    )
    assert verdict["verifyReceipt"] == {"genuine": True, "matchesStoredVersion": True}

    # Submitted content is frozen.
    frozen = await gql(
        client,
        UPDATE,
        {"input": {"id": node_id, "content": content(title="Khác")}},
        token=owner.token,
    )
    assert frozen["updateInitiative"] == conflict("INVALID_TRANSITION")

    # The owner cannot move their own initiative into screening.
    self_screen = await gql(
        client, TRANSITION, {"id": node_id, "to": "SCREENING"}, token=owner.token
    )
    assert self_screen["transitionInitiative"] == not_allowed("MISSING_ROLE")
    screened = await gql(
        client, TRANSITION, {"id": node_id, "to": "SCREENING"}, token=operator.token
    )
    assert screened["transitionInitiative"]["initiative"] == {"status": "SCREENING"}

    # A revision request needs a public reason.
    before = await counts(session)
    no_reason = await gql(
        client, TRANSITION, {"id": node_id, "to": "REVISION_REQUESTED"}, token=operator.token
    )
    assert no_reason["transitionInitiative"] == invalid("reason", "REQUIRED")
    assert await counts(session) == before
    sent_back = await gql(
        client,
        TRANSITION,
        {"id": node_id, "to": "REVISION_REQUESTED", "reason": "Bổ sung số liệu thử nghiệm."},
        token=operator.token,
    )
    assert sent_back["transitionInitiative"]["initiative"] == {"status": "REVISION_REQUESTED"}

    edited = await gql(
        client,
        UPDATE,
        {"input": {"id": node_id, "content": content(trl=6)}},
        token=owner.token,
    )
    assert edited["updateInitiative"]["__typename"] == "InitiativeSaved"
    resubmitted = (await gql(client, RESUBMIT, {"id": node_id}, token=owner.token))[
        "resubmitInitiative"
    ]
    assert resubmitted["initiative"] == {"status": "RESUBMITTED", "revision": 2}
    second = resubmitted["receipt"]
    assert second["version"] == 2
    assert second["digest"] != receipt["digest"]  # the content changed (TRL 5 -> 6)

    moved = await gql(
        client, TRANSITION, {"id": node_id, "to": "UNDER_REVIEW"}, token=operator.token
    )
    assert moved["transitionInitiative"]["initiative"] == {"status": "UNDER_REVIEW"}
    # Under review, the decision is the council's: an operator cannot accept by transition.
    before = await counts(session)
    shortcut = await gql(
        client,
        TRANSITION,
        {"id": node_id, "to": "ACCEPTED", "reason": "Không qua hội đồng."},
        token=operator.token,
    )
    assert shortcut["transitionInitiative"] == conflict("DECISION_NEEDS_COUNCIL")
    assert await counts(session) == before
    await council_decides(
        session,
        UUID(relay.GlobalID.from_id(node_id).node_id),
        DecisionOutcome.ACCEPT,
        operator=Actor(email_verified=True, user_id=operator.user.id, roles=operator.user.roles),
        reason="Hội đồng đánh giá đạt.",
    )
    moved = await gql(client, TRANSITION, {"id": node_id, "to": "PUBLISHED"}, token=operator.token)
    assert moved["transitionInitiative"]["initiative"] == {"status": "PUBLISHED"}

    # No withdrawal after a decision.
    late = await gql(client, WITHDRAW, {"id": node_id}, token=owner.token)
    assert late["withdrawInitiative"] == conflict("INVALID_TRANSITION")
    # The owner reports commercialisation.
    for to in ("COMMERCIALISING", "COMMERCIALISED"):
        moved = await gql(client, TRANSITION, {"id": node_id, "to": to}, token=owner.token)
        assert moved["transitionInitiative"]["initiative"] == {"status": to}

    timeline = (await gql(client, TIMELINE, {"id": node_id}))["initiativeTimeline"]
    assert [(s["previousStatus"], s["status"], s["reason"]) for s in timeline] == [
        (None, "draft", None),
        ("draft", "submitted", None),
        ("submitted", "screening", None),
        ("screening", "revision_requested", "Bổ sung số liệu thử nghiệm."),
        ("revision_requested", "resubmitted", None),
        ("resubmitted", "under_review", None),
        ("under_review", "accepted", "Hội đồng đánh giá đạt."),
        ("accepted", "published", None),
        ("published", "commercialising", None),
        ("commercialising", "commercialised", None),
    ]
    # Both receipts still verify against their stored versions.
    for r in (receipt, second):
        verdict = await gql(client, VERIFY, {"r": {k: v for k, v in r.items() if k != "algorithm"}})
        assert verdict["verifyReceipt"] == {"genuine": True, "matchesStoredVersion": True}


async def test_a_tampered_or_unknown_receipt_is_told_apart(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    draft = await make_initiative(session, owner.user, org)
    node_id = gid("Initiative", draft.id)
    receipt = (await gql(client, SUBMIT, {"id": node_id}, token=owner.token))["submitInitiative"][
        "receipt"
    ]
    claim = {k: v for k, v in receipt.items() if k != "algorithm"}

    altered = await gql(client, VERIFY, {"r": claim | {"digest": "0" * 64}})
    assert altered["verifyReceipt"] == {"genuine": False, "matchesStoredVersion": False}
    backdated = await gql(client, VERIFY, {"r": claim | {"signedAt": "2020-01-01T00:00:00+00:00"}})
    assert backdated["verifyReceipt"] == {"genuine": False, "matchesStoredVersion": False}
    never_stored = await gql(client, VERIFY, {"r": claim | {"version": 7}})
    assert never_stored["verifyReceipt"]["matchesStoredVersion"] is False

    # Anyone can check it offline with the published key.
    key = (await gql(client, "{ receiptPublicKey { keyId algorithm pem rawBase64 } }"))[
        "receiptPublicKey"
    ]
    assert (key["keyId"], key["algorithm"]) == (receipt["keyId"], "Ed25519")
    public = load_pem_public_key(key["pem"].encode())
    assert isinstance(public, Ed25519PublicKey)
    from datetime import datetime

    public.verify(
        base64.b64decode(receipt["signature"]),
        signed_message(
            listing_kind="initiative",
            listing_id=draft.id,
            version=1,
            digest=receipt["digest"],
            signed_at=datetime.fromisoformat(receipt["signedAt"]),
            key_id=receipt["keyId"],
        ),
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


async def test_receipts_can_be_fetched_again_by_the_owner_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    stranger = await make_user(session)
    org = await make_organization(session, owner.user)
    published = await make_initiative(session, owner.user, org, status=InitiativeStatus.PUBLISHED)
    query = """query($id: ID!) { node(id: $id) { ... on Initiative {
      receipts { version digest keyId signedAt signature listingKind listingId format
        files { name sizeBytes sha256 } } } } }"""
    node_id = gid("Initiative", published.id)
    assert (await gql(client, query, {"id": node_id}, token=stranger.token))["node"] == {
        "receipts": []
    }
    receipts = (await gql(client, query, {"id": node_id}, token=owner.token))["node"]["receipts"]
    assert [r["version"] for r in receipts] == [1]
    verdict = await gql(client, VERIFY, {"r": receipts[0]})
    assert verdict["verifyReceipt"] == {"genuine": True, "matchesStoredVersion": True}
