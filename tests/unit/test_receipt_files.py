"""Receipts of format 2 sign the attachments' names, sizes and hashes; format 1 receipts (signed
before) keep verifying."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from uuid import uuid4

from domain.receipts import (
    RECEIPT_FORMAT,
    RECEIPT_FORMAT_V1,
    Receipt,
    ReceiptFile,
    check_receipt,
    content_digest,
    issue_receipt,
    signature_is_genuine,
    signed_message,
)
from security.receipts import Ed25519ReceiptSigner

SIGNER = Ed25519ReceiptSigner.from_secret("s" * 48)
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PLAN = ReceiptFile("ban-ve.pdf", 2048, hashlib.sha256(b"ban ve").hexdigest())
PHOTO = ReceiptFile("anh-mau.png", 999, hashlib.sha256(b"anh").hexdigest())


def _issue(*files: ReceiptFile) -> Receipt:
    return issue_receipt(
        SIGNER,
        listing_kind="initiative",
        listing_id=uuid4(),
        version=1,
        content={"title": "Máy lọc nước"},
        signed_at=AT,
        files=files,
    )


def test_the_signed_statement_lists_every_file_in_a_canonical_order() -> None:
    receipt = _issue(PLAN, PHOTO)
    assert receipt.format == RECEIPT_FORMAT
    statement = json.loads(receipt.signed_message())
    assert statement["format"] == "innovex-receipt/2"
    expected = sorted([PLAN, PHOTO], key=lambda f: f.sha256)
    assert statement["files"] == [
        {"name": f.name, "size_bytes": f.size_bytes, "sha256": f.sha256} for f in expected
    ]
    # The order files are given in does not matter; the set does.
    again = dataclasses.replace(receipt, files=(PHOTO, PLAN))
    assert signature_is_genuine(SIGNER, again)


def test_a_changed_added_removed_or_renamed_file_breaks_the_signature() -> None:
    receipt = _issue(PLAN)
    changed = ReceiptFile(PLAN.name, PLAN.size_bytes, hashlib.sha256(b"sua").hexdigest())
    tampered = [
        dataclasses.replace(receipt, files=(changed,)),
        dataclasses.replace(receipt, files=(PLAN, PHOTO)),
        dataclasses.replace(receipt, files=()),
        dataclasses.replace(receipt, files=(dataclasses.replace(PLAN, name="khac.pdf"),)),
        dataclasses.replace(receipt, files=(dataclasses.replace(PLAN, size_bytes=2049),)),
        # Passing it off as a format-1 receipt (which names no files) fails as well.
        dataclasses.replace(receipt, format=RECEIPT_FORMAT_V1, files=()),
        dataclasses.replace(receipt, format="innovex-receipt/9"),
    ]
    for bad in tampered:
        assert not signature_is_genuine(SIGNER, bad), bad
        assert not check_receipt(SIGNER, bad, receipt).matches_stored_version


def test_a_receipt_with_files_verifies_offline_with_the_public_key() -> None:
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    receipt = _issue(PLAN)
    public = load_pem_public_key(SIGNER.public_key_pem().encode())
    message = signed_message(
        listing_kind=receipt.listing_kind,
        listing_id=receipt.listing_id,
        version=1,
        digest=receipt.digest,
        signed_at=AT,
        key_id=SIGNER.key_id,
        files=[PLAN],
    )
    public.verify(base64.b64decode(receipt.signature), message)  # type: ignore[union-attr]


def test_a_format_1_receipt_still_verifies_and_matches_its_stored_version() -> None:
    listing_id = uuid4()
    digest = content_digest({"title": "Máy lọc nước"})
    # Exactly the statement format 1 signed (before files existed).
    v1_message = json.dumps(
        {
            "digest": digest,
            "format": "innovex-receipt/1",
            "key_id": SIGNER.key_id,
            "listing_id": str(listing_id),
            "listing_kind": "initiative",
            "signed_at": AT.isoformat(timespec="microseconds"),
            "version": 1,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    old = Receipt(
        listing_kind="initiative",
        listing_id=listing_id,
        version=1,
        digest=digest,
        signed_at=AT,
        key_id=SIGNER.key_id,
        signature=base64.b64encode(SIGNER.sign(v1_message)).decode(),
    )
    assert old.format == RECEIPT_FORMAT_V1
    assert old.signed_message() == v1_message
    assert check_receipt(SIGNER, old, old).matches_stored_version
    # A format-1 receipt cannot be given files after the fact.
    assert not signature_is_genuine(SIGNER, dataclasses.replace(old, files=(PLAN,)))
