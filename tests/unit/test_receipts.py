"""Authorship receipts: canonical digests, Ed25519 signatures, tamper detection."""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from domain.receipts import (
    check_receipt,
    content_digest,
    issue_receipt,
    signature_is_genuine,
)
from security.receipts import Ed25519ReceiptSigner

SECRET = "s" * 48
CONTENT = {"title": "Máy lọc nước mặn", "trl": 5, "keywords": ["nước", "lọc"]}
AT = datetime(2026, 11, 23, 9, 30, 0, 123456, tzinfo=UTC)


def _receipt(signer: Ed25519ReceiptSigner):  # type: ignore[no-untyped-def]
    return issue_receipt(
        signer,
        listing_kind="initiative",
        listing_id=uuid4(),
        version=1,
        content=CONTENT,
        signed_at=AT,
    )


def test_digest_ignores_key_order_but_not_content() -> None:
    reordered = {"keywords": ["nước", "lọc"], "trl": 5, "title": "Máy lọc nước mặn"}
    assert content_digest(CONTENT) == content_digest(reordered)
    assert content_digest(CONTENT) != content_digest({**CONTENT, "trl": 6})
    # Known answer: sha256 of the canonical form, so anyone can recompute it.
    import hashlib

    canonical = '{"keywords":["nước","lọc"],"title":"Máy lọc nước mặn","trl":5}'
    assert content_digest(CONTENT) == hashlib.sha256(canonical.encode()).hexdigest()


def test_the_key_is_stable_for_a_secret_and_differs_between_secrets() -> None:
    a, b = Ed25519ReceiptSigner.from_secret(SECRET), Ed25519ReceiptSigner.from_secret(SECRET)
    assert a.key_id == b.key_id
    assert a.public_key_pem() == b.public_key_pem()
    assert Ed25519ReceiptSigner.from_secret("t" * 48).key_id != a.key_id


def test_a_receipt_verifies_with_the_published_public_key_alone() -> None:
    signer = Ed25519ReceiptSigner.from_secret(SECRET)
    receipt = _receipt(signer)
    public = load_pem_public_key(signer.public_key_pem().encode())
    assert isinstance(public, Ed25519PublicKey)
    public.verify(base64.b64decode(receipt.signature), receipt.signed_message())  # no raise
    assert signature_is_genuine(signer, receipt)


def test_any_altered_field_breaks_the_signature() -> None:
    signer = Ed25519ReceiptSigner.from_secret(SECRET)
    receipt = _receipt(signer)
    altered = [
        dataclasses.replace(receipt, digest=content_digest({**CONTENT, "trl": 9})),
        dataclasses.replace(receipt, signed_at=AT - timedelta(days=1)),
        dataclasses.replace(receipt, version=2),
        dataclasses.replace(receipt, listing_id=uuid4()),
        dataclasses.replace(receipt, listing_kind="offer"),
        dataclasses.replace(receipt, signature="not base64!"),
        dataclasses.replace(receipt, signature=base64.b64encode(b"\0" * 64).decode()),
    ]
    for bad in altered:
        assert not signature_is_genuine(signer, bad), bad
    # Another server's key does not vouch for it.
    assert not signature_is_genuine(Ed25519ReceiptSigner.from_secret("t" * 48), receipt)


def test_the_same_instant_in_another_timezone_is_the_same_receipt() -> None:
    signer = Ed25519ReceiptSigner.from_secret(SECRET)
    receipt = _receipt(signer)
    shifted = dataclasses.replace(receipt, signed_at=AT.astimezone(timezone(timedelta(hours=7))))
    assert signature_is_genuine(signer, shifted)


def test_check_reports_genuine_and_stored_match_separately() -> None:
    signer = Ed25519ReceiptSigner.from_secret(SECRET)
    receipt = _receipt(signer)
    assert check_receipt(signer, receipt, receipt).matches_stored_version
    unknown = check_receipt(signer, receipt, None)
    assert (unknown.genuine, unknown.matches_stored_version) == (True, False)
    forged = dataclasses.replace(receipt, digest="0" * 64)
    assert check_receipt(signer, forged, receipt) == check_receipt(signer, forged, None)
    assert not check_receipt(signer, forged, receipt).genuine
