"""The one submit step of initiatives and offers: check the move and completeness, freeze the
content as a new version, sign a receipt over it, and record the move."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from domain.accounts import Actor
from domain.listings import Lifecycle, ListingKind
from domain.receipts import Receipt, ReceiptSigner
from domain.services.listings.ports import ListingsUnitOfWork
from domain.services.listings.steps import record_move, stale, store_version


class Submittable(Protocol):
    @property
    def id(self) -> UUID: ...

    @property
    def organization_id(self) -> UUID: ...

    @property
    def status(self) -> Any: ...

    @property
    def revision(self) -> int: ...

    @property
    def content(self) -> Any: ...


L = TypeVar("L", bound=Submittable)
L_co = TypeVar("L_co", covariant=True)
S = TypeVar("S", bound=enum.StrEnum)


class Revisions(Protocol[L_co]):
    """The repository of a listing kind that freezes versions (initiatives, offers)."""

    async def set_status(
        self,
        listing_id: UUID,
        /,
        *,
        expected: Any,
        status: Any,
        at: datetime,
        revision: int | None = None,
    ) -> L_co | None: ...


async def submit_listing(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    listing: L,
    *,
    kind: ListingKind,
    lifecycle: Lifecycle[S],
    target: S,
    check_complete: Callable[[Any], None],
    repository: Revisions[L],
    document: Callable[[L], dict[str, Any]],
    now: datetime,
) -> tuple[L, Receipt]:
    """`check_complete` raises on the listing's content if it lacks what a submission needs;
    `document` is what the receipt's digest is computed over."""
    rule = lifecycle.check(actor, listing.organization_id, listing.status, target)
    check_complete(listing.content)
    version = listing.revision + 1
    moved = await repository.set_status(
        listing.id, expected=listing.status, status=target, at=now, revision=version
    )
    if moved is None:
        raise stale(kind.value)
    receipt = await store_version(
        uow,
        signer,
        actor,
        kind=kind,
        listing_id=listing.id,
        version=version,
        content=document(moved),
        at=now,
    )
    await record_move(
        uow,
        actor,
        kind,
        listing.id,
        from_status=listing.status,
        to_status=target,
        action=rule.action,
        reason=None,
        at=now,
        extra={"version": version, "digest": receipt.digest},
    )
    await uow.commit()
    return moved, receipt
