"""Initiatives over GraphQL: submission with an authorship receipt, editing, the operator's
transitions and the council's decision, and checking receipts."""

from __future__ import annotations

import base64
from uuid import UUID

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from domain.accounts import Actor, PlatformRole
from domain.listings import InitiativeStatus
from domain.receipts import signed_message
from domain.review import DecisionOutcome
from tests.api.initiative_support import CREATE, TIMELINE, WITHDRAW, content, counts
from tests.factories import (
    council_decides,
    make_initiative,
    make_organization,
    make_owner,
    make_user,
)
from tests.graphql import ERRORS, conflict, gid, gql, invalid, not_allowed

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


VERIFY = """
query($r: ReceiptInput!) { verifyReceipt(receipt: $r) { genuine matchesStoredVersion } }"""


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
