"""Authorship receipts cover the files: a submission's receipt names every attachment (name,
size, SHA-256) under its signature, and verification tells a tampered file list from a genuine
one and a listing whose files changed since from one whose files did not. Receipts signed
before files were named (format 1) still verify."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import listing_versions
from domain.listings import InitiativeStatus, ListingKind
from domain.receipts import content_digest
from tests.factories import (
    attachment_metadata,
    make_attachment,
    make_initiative,
    make_owner,
    operator_actor,
    receipt_signer,
)
from tests.graphql import ERRORS, gid, gql

RECEIPT = """listingKind listingId version digest signedAt keyId signature format
  files { name sizeBytes sha256 }"""
SUBMIT = f"""mutation($id: ID!) {{ submitInitiative(input: {{id: $id}}) {{ __typename
  ... on InitiativeSubmitted {{ receipt {{ {RECEIPT} }} }} {ERRORS} }} }}"""
RESUBMIT = SUBMIT.replace("submitInitiative", "resubmitInitiative")
RECEIPTS = f"""query($id: ID!) {{ node(id: $id) {{ ... on Initiative {{ receipts {{ {RECEIPT} }} }} }} }}"""
VERIFY = """query($r: ReceiptInput!) { verifyReceipt(receipt: $r) {
  genuine matchesStoredVersion filesUnchanged } }"""


async def verify(client: httpx.AsyncClient, claim: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(client, VERIFY, {"r": claim}))["verifyReceipt"]
    return result


def _file(meta: Any) -> dict[str, Any]:
    return {"name": meta.file_name, "sizeBytes": meta.size_bytes, "sha256": meta.sha256}


async def test_a_receipt_names_the_files_and_a_tampered_list_is_not_genuine(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    plan, photo = attachment_metadata(), attachment_metadata(file_name="anh.png")
    draft = await make_initiative(session, owner.user, org, attachments=[plan, photo])
    submitted = await gql(client, SUBMIT, {"id": gid("Initiative", draft.id)}, token=owner.token)
    receipt = submitted["submitInitiative"]["receipt"]
    assert receipt["format"] == "innovex-receipt/2"
    assert sorted(receipt["files"], key=lambda f: f["sha256"]) == sorted(
        [_file(plan), _file(photo)], key=lambda f: f["sha256"]
    )
    assert await verify(client, receipt) == {
        "genuine": True,
        "matchesStoredVersion": True,
        "filesUnchanged": True,
    }

    first, second = receipt["files"]
    refused = {"genuine": False, "matchesStoredVersion": False, "filesUnchanged": None}
    changed = receipt | {"files": [first | {"sha256": "0" * 64}, second]}
    added = receipt | {"files": [*receipt["files"], _file(attachment_metadata())]}
    dropped = receipt | {"files": [first]}
    renamed = receipt | {"files": [first | {"name": "khac.pdf"}, second]}
    as_format_1 = {k: v for k, v in receipt.items() if k not in {"files", "format"}}
    for claim in (changed, added, dropped, renamed, as_format_1):
        assert await verify(client, claim) == refused, claim

    # The owner's stored copy of the receipt is the same, files included.
    stored = await gql(client, RECEIPTS, {"id": gid("Initiative", draft.id)}, token=owner.token)
    assert stored["node"]["receipts"] == [receipt]


async def test_verification_tells_when_the_files_changed_after_the_receipt(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    plan = attachment_metadata()
    initiative = await make_initiative(
        session, owner.user, org, status=InitiativeStatus.REVISION_REQUESTED, attachments=[plan]
    )
    node_id = gid("Initiative", initiative.id)
    [first] = (await gql(client, RECEIPTS, {"id": node_id}, token=owner.token))["node"]["receipts"]
    assert first["files"] == [_file(plan)]
    assert (await verify(client, first))["filesUnchanged"] is True

    # A revision adds a file: the first receipt is still genuine, but no longer the files.
    extra = attachment_metadata(file_name="phu-luc.pdf")
    await make_attachment(session, owner.user, org, ListingKind.INITIATIVE, initiative.id, extra)
    assert await verify(client, first) == {
        "genuine": True,
        "matchesStoredVersion": True,
        "filesUnchanged": False,
    }
    resubmitted = await gql(client, RESUBMIT, {"id": node_id}, token=owner.token)
    second = resubmitted["resubmitInitiative"]["receipt"]
    assert (second["version"], len(second["files"])) == (2, 2)
    assert (await verify(client, second))["filesUnchanged"] is True


async def test_an_operator_removing_a_file_shows_in_verification(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from db.uow import SqlUnitOfWork
    from domain.services import attachments as ac

    owner, org = await make_owner(session)
    initiative = await make_initiative(session, owner.user, org, status=InitiativeStatus.SUBMITTED)
    node_id = gid("Initiative", initiative.id)
    draft_with_file = await make_initiative(
        session, owner.user, org, attachments=[attachment_metadata()]
    )
    submitted = await gql(
        client, SUBMIT, {"id": gid("Initiative", draft_with_file.id)}, token=owner.token
    )
    receipt = submitted["submitInitiative"]["receipt"]
    [attachment] = (await SqlUnitOfWork(session).attachments.of_listings([draft_with_file.id]))[
        draft_with_file.id
    ]
    await ac.remove_attachment(
        SqlUnitOfWork(session), await operator_actor(session), attachment_id=attachment.id
    )
    assert await verify(client, receipt) == {
        "genuine": True,
        "matchesStoredVersion": True,
        "filesUnchanged": False,
    }
    # A receipt of a listing without files names none, and says so.
    [plain] = (await gql(client, RECEIPTS, {"id": node_id}, token=owner.token))["node"]["receipts"]
    assert (plain["format"], plain["files"]) == ("innovex-receipt/2", [])


async def test_a_receipt_signed_before_files_were_named_still_verifies(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    initiative = await make_initiative(
        session, owner.user, org, attachments=[attachment_metadata()]
    )
    signer = receipt_signer()
    content = {"title": "Nội dung đã nộp năm ngoái"}
    at = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
    # Exactly what format 1 signed, stored as a migrated row is (files NULL).
    statement = json.dumps(
        {
            "digest": content_digest(content),
            "format": "innovex-receipt/1",
            "key_id": signer.key_id,
            "listing_id": str(initiative.id),
            "listing_kind": "initiative",
            "signed_at": at.isoformat(timespec="microseconds"),
            "version": 7,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    signature = base64.b64encode(signer.sign(statement)).decode()
    await session.execute(
        listing_versions.insert().values(
            listing_kind="initiative",
            listing_id=initiative.id,
            version=7,
            content=content,
            digest=content_digest(content),
            signature=signature,
            key_id=signer.key_id,
            signed_at=at,
            files=None,
        )
    )
    await session.commit()
    node_id = gid("Initiative", initiative.id)
    [old] = (await gql(client, RECEIPTS, {"id": node_id}, token=owner.token))["node"]["receipts"]
    assert (old["format"], old["files"]) == ("innovex-receipt/1", [])
    expected = {"genuine": True, "matchesStoredVersion": True, "filesUnchanged": None}
    assert await verify(client, old) == expected
    # An old client that knows neither `format` nor `files` verifies it the same way.
    legacy = {k: v for k, v in old.items() if k not in {"format", "files"}}
    assert await verify(client, legacy) == expected


async def test_an_offers_receipt_names_its_files_too(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from tests.factories import make_offer

    owner, org = await make_owner(session)
    dossier = attachment_metadata(file_name="ho-so-chuyen-giao.pdf")
    offer = await make_offer(session, owner.user, org, attachments=[dossier])
    submit = f"""mutation($id: ID!) {{ submitOffer(input: {{id: $id}}) {{ __typename
      ... on OfferSubmitted {{ receipt {{ {RECEIPT} }} }} {ERRORS} }} }}"""
    answer = await gql(client, submit, {"id": gid("TechnologyOffer", offer.id)}, token=owner.token)
    receipt = answer["submitOffer"]["receipt"]
    assert (receipt["format"], receipt["files"]) == ("innovex-receipt/2", [_file(dossier)])
    assert await verify(client, receipt) == {
        "genuine": True,
        "matchesStoredVersion": True,
        "filesUnchanged": True,
    }
