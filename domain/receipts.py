"""Authorship receipts: proof that given content was submitted at a given time.

On every submission the content is frozen as a version, put in a canonical JSON form and
hashed (SHA-256). The server signs a small statement naming the listing, the version, the
digest and the server time; the submitter keeps the receipt. Anyone can later check the
signature with the published public key, and the server can say whether the digest still
matches the stored version. The content itself is never in the receipt, so a receipt can be
shown around without disclosing confidential text.

Format 2 also lists every attachment of the listing at the time of issue (name, size and
SHA-256), so a receipt covers the files too: a changed or added file no longer matches it.
Receipts of format 1 (no file list) stay verifiable: the signed message of each format is
fixed, and the format is part of it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.audit import canonical_json

RECEIPT_FORMAT_V1 = "innovex-receipt/1"  # content digest only (before files were stored)
RECEIPT_FORMAT = "innovex-receipt/2"  # and the attachments' names, sizes and hashes
FORMATS = frozenset({RECEIPT_FORMAT_V1, RECEIPT_FORMAT})
ALGORITHM = "Ed25519"


@dataclass(frozen=True, slots=True)
class ReceiptFile:
    """An attachment as a receipt names it."""

    name: str
    size_bytes: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "size_bytes": self.size_bytes, "sha256": self.sha256}


def receipt_files(files: Iterable[ReceiptFile]) -> tuple[ReceiptFile, ...]:
    """In a canonical order (by hash, then name), so equal sets of files sign equally."""
    return tuple(sorted(files, key=lambda f: (f.sha256, f.name, f.size_bytes)))


class ReceiptSigner(Protocol):
    @property
    def key_id(self) -> str:
        """Short, stable name of the signing key (a fingerprint of the public key)."""
        ...

    def sign(self, message: bytes) -> bytes: ...

    def verify(self, message: bytes, signature: bytes) -> bool: ...

    def public_key_pem(self) -> str: ...


def canonical_content(content: dict[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8: equal content always gives equal bytes."""
    return canonical_json(content).encode()


def content_digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_content(content)).hexdigest()


@dataclass(frozen=True, slots=True)
class Receipt:
    listing_kind: str
    listing_id: UUID
    version: int
    digest: str  # SHA-256 (hex) of the canonical content
    signed_at: datetime
    key_id: str
    signature: str  # base64 of the Ed25519 signature over `signed_message`
    format: str = RECEIPT_FORMAT_V1
    files: tuple[ReceiptFile, ...] = ()  # format 2: the attachments when it was issued

    def signed_message(self) -> bytes:
        return signed_message(
            listing_kind=self.listing_kind,
            listing_id=self.listing_id,
            version=self.version,
            digest=self.digest,
            signed_at=self.signed_at,
            key_id=self.key_id,
            receipt_format=self.format,
            files=self.files,
        )


def _utc(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("receipt times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def signed_message(
    *,
    listing_kind: str,
    listing_id: UUID,
    version: int,
    digest: str,
    signed_at: datetime,
    key_id: str,
    receipt_format: str = RECEIPT_FORMAT,
    files: Sequence[ReceiptFile] = (),
) -> bytes:
    """Exactly what the server signs: every field of the receipt but the signature."""
    statement: dict[str, Any] = {
        "format": receipt_format,
        "listing_kind": listing_kind,
        "listing_id": str(listing_id),
        "version": version,
        "digest": digest,
        "signed_at": _utc(signed_at),
        "key_id": key_id,
    }
    if receipt_format == RECEIPT_FORMAT:
        statement["files"] = [f.as_json() for f in receipt_files(files)]
    elif receipt_format != RECEIPT_FORMAT_V1 or files:
        raise ValueError("unknown receipt format, or files in a format-1 receipt")
    return canonical_json(statement).encode()


def issue_receipt(
    signer: ReceiptSigner,
    *,
    listing_kind: str,
    listing_id: UUID,
    version: int,
    content: dict[str, Any],
    signed_at: datetime,
    files: Iterable[ReceiptFile] = (),
) -> Receipt:
    digest = content_digest(content)
    ordered = receipt_files(files)
    message = signed_message(
        listing_kind=listing_kind,
        listing_id=listing_id,
        version=version,
        digest=digest,
        signed_at=signed_at,
        key_id=signer.key_id,
        files=ordered,
    )
    return Receipt(
        listing_kind=listing_kind,
        listing_id=listing_id,
        version=version,
        digest=digest,
        signed_at=signed_at,
        key_id=signer.key_id,
        signature=base64.b64encode(signer.sign(message)).decode(),
        format=RECEIPT_FORMAT,
        files=ordered,
    )


def signature_is_genuine(signer: ReceiptSigner, receipt: Receipt) -> bool:
    """True when this server signed exactly these receipt fields."""
    if receipt.key_id != signer.key_id:
        return False
    try:
        raw = base64.b64decode(receipt.signature, validate=True)
        message = receipt.signed_message()
    except (binascii.Error, ValueError):
        return False
    return signer.verify(message, raw)


@dataclass(frozen=True, slots=True)
class ReceiptCheck:
    genuine: bool  # the signature is this server's, over these exact fields
    matches_stored_version: bool  # and the digest/time equal the stored version's


def check_receipt(signer: ReceiptSigner, receipt: Receipt, stored: Receipt | None) -> ReceiptCheck:
    genuine = signature_is_genuine(signer, receipt)
    matches = (
        genuine
        and stored is not None
        and stored.digest == receipt.digest
        and stored.signed_at == receipt.signed_at
        and stored.listing_id == receipt.listing_id
        and stored.version == receipt.version
        and stored.format == receipt.format
        and receipt_files(stored.files) == receipt_files(receipt.files)
    )
    return ReceiptCheck(genuine=genuine, matches_stored_version=matches)
