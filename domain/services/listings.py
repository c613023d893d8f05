"""Use cases for initiatives, technology offers, needs and fund profiles.

Every use case that changes a listing writes, in one transaction: the change, one audit entry,
one outbox event, and (for a status change) one step of the public timeline. Expected
failures raise before anything is written or are rolled back by the caller.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol, TypeVar
from uuid import UUID

from domain.accounts import EMAIL_RE, Actor, Organization, OrganizationKind
from domain.audit import AuditLog
from domain.errors import (
    Conflict,
    ConflictCode,
    FieldIssue,
    InvalidInput,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
    Validator,
)
from domain.events import ListingChanged
from domain.listings import (
    INITIATIVE_EDITABLE,
    INITIATIVE_LIFECYCLE,
    INITIATIVE_PUBLIC,
    NEED_LIFECYCLE,
    NEED_PUBLIC,
    OFFER_EDITABLE,
    OFFER_LIFECYCLE,
    OFFER_PUBLIC,
    TRL_MAX,
    TRL_MIN,
    CoAuthor,
    FundProfile,
    FundRepository,
    FundThesis,
    Initiative,
    InitiativeContent,
    InitiativeRepository,
    InitiativeStatus,
    ListingKind,
    ListingRecords,
    Need,
    NeedContent,
    NeedKind,
    NeedRepository,
    NeedStatus,
    OfferContent,
    OfferRepository,
    OfferStatus,
    StatusChange,
    TechnologyOffer,
    Transition,
    initiative_document,
    offer_document,
)
from domain.ports import OrganizationRepository, Outbox
from domain.provinces import province_by_code
from domain.receipts import Receipt, ReceiptSigner, issue_receipt
from domain.services.accounts import require_user
from domain.taxonomy import field_by_code

MAX_VND = 10**15  # a quadrillion dong is beyond any transfer price; anything above is a typo
MAX_KEYWORDS = 20
MAX_CO_AUTHORS = 50
REASON_MAX = 2000
OFFER_TERM = timedelta(days=365)  # how long an approved offer stays listed unless renewed
OFFER_MAX_TERM = timedelta(days=3 * 365)
EXPIRY_BATCH = 500


class ListingsUnitOfWork(Protocol):
    # Read-only members, so adapters may hold more specific repository types.
    @property
    def organizations(self) -> OrganizationRepository: ...

    @property
    def initiatives(self) -> InitiativeRepository: ...

    @property
    def offers(self) -> OfferRepository: ...

    @property
    def needs(self) -> NeedRepository: ...

    @property
    def funds(self) -> FundRepository: ...

    @property
    def listing_records(self) -> ListingRecords: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def audit(self) -> AuditLog: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


# --- validation helpers -------------------------------------------------------------------


def _optional_text(v: Validator, path: str, value: str | None, max_len: int) -> str | None:
    return v.text(path, value, min_len=0, max_len=max_len) or None


def _field(v: Validator, path: str, code: str | None) -> str | None:
    code = (code or "").strip() or None
    if code is not None and field_by_code(code) is None:
        v.add(path, ValidationCode.INVALID_CHOICE, "is not a known S&T field code")
    return code


def _province(v: Validator, path: str, code: str | None) -> str | None:
    code = (code or "").strip() or None
    if code is not None and province_by_code(code) is None:
        v.add(path, ValidationCode.INVALID_CHOICE, "is not a known province code")
    return code


def _keywords(v: Validator, path: str, keywords: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for i, word in enumerate(keywords):
        cleaned = " ".join(word.split())
        if not cleaned or len(cleaned) > 60:
            v.add(f"{path}.{i}", ValidationCode.OUT_OF_RANGE, "must be 1 to 60 characters")
            continue
        seen.setdefault(cleaned.casefold(), cleaned)
    if len(seen) > MAX_KEYWORDS:
        v.add(path, ValidationCode.TOO_LONG, f"allows at most {MAX_KEYWORDS} keywords")
    return tuple(seen.values())


def _money_range(
    v: Validator, path_min: str, path_max: str, low: int | None, high: int | None
) -> None:
    for path, value in ((path_min, low), (path_max, high)):
        if value is not None and not 0 <= value <= MAX_VND:
            v.add(path, ValidationCode.OUT_OF_RANGE, f"must be between 0 and {MAX_VND} VND")
    if low is not None and high is not None and low > high:
        v.add(path_max, ValidationCode.INVALID_COMBINATION, f"must not be below {path_min}")


def _contact(
    v: Validator, name: str | None, email: str | None, phone: str | None
) -> tuple[str | None, str | None, str | None]:
    name = _optional_text(v, "contactName", name, 200)
    email = (email or "").strip().lower() or None
    if email is not None and (not EMAIL_RE.match(email) or len(email) > 254):
        v.add("contactEmail", ValidationCode.INVALID_FORMAT, "is not a valid email address")
    phone = (phone or "").strip() or None
    if phone is not None and (len(phone) > 32 or not any(ch.isdigit() for ch in phone)):
        v.add("contactPhone", ValidationCode.INVALID_FORMAT, "is not a valid phone number")
    return name, email, phone


def _ip(v: Validator, content_ip_status: Any, number: str | None) -> str | None:
    number = (number or "").strip() or None
    if content_ip_status.needs_number and number is None:
        v.add("ipNumber", ValidationCode.REQUIRED, "is required for a filed or granted patent")
    if number is not None and len(number) > 64:
        v.add("ipNumber", ValidationCode.TOO_LONG, "allows at most 64 characters")
    return number


def _co_authors(v: Validator, authors: tuple[CoAuthor, ...]) -> tuple[CoAuthor, ...]:
    if len(authors) > MAX_CO_AUTHORS:
        v.add("coAuthors", ValidationCode.TOO_LONG, f"allows at most {MAX_CO_AUTHORS} authors")
    cleaned: list[CoAuthor] = []
    total = Decimal(0)
    for i, author in enumerate(authors):
        name = v.text(f"coAuthors.{i}.name", author.name, min_len=1, max_len=200)
        affiliation = _optional_text(v, f"coAuthors.{i}.affiliation", author.affiliation, 300)
        try:
            share = Decimal(author.share_percent)
            valid = share.is_finite() and share == share.quantize(Decimal("0.01"))
        except InvalidOperation:
            share, valid = Decimal(0), False
        if not valid or not Decimal(0) < share <= Decimal(100):
            v.add(
                f"coAuthors.{i}.sharePercent",
                ValidationCode.OUT_OF_RANGE,
                "must be above 0 and at most 100, with at most two decimals",
            )
        total += share
        cleaned.append(CoAuthor(name, share, affiliation, author.user_id))
    if cleaned and total != Decimal(100):
        v.add(
            "coAuthors",
            ValidationCode.INVALID_COMBINATION,
            f"contribution shares must sum to 100% (they sum to {total}%)",
        )
    return tuple(cleaned)


def clean_initiative(content: InitiativeContent) -> InitiativeContent:
    """Checks what can be checked on a draft; completeness is checked on submission."""
    v = Validator()
    c = content
    cleaned = InitiativeContent(
        title=v.text("title", c.title, min_len=3, max_len=300),
        summary=_optional_text(v, "summary", c.summary, 2000),
        description=_optional_text(v, "description", c.description, 50_000),
        problem=_optional_text(v, "problem", c.problem, 10_000),
        solution=_optional_text(v, "solution", c.solution, 50_000),
        advantages=_optional_text(v, "advantages", c.advantages, 10_000),
        field_code=_field(v, "fieldCode", c.field_code),
        keywords=_keywords(v, "keywords", c.keywords),
        trl=c.trl,
        ip_status=c.ip_status,
        ip_number=_ip(v, c.ip_status, c.ip_number),
        target_users=_optional_text(v, "targetUsers", c.target_users, 5000),
        expected_impact=_optional_text(v, "expectedImpact", c.expected_impact, 10_000),
        province_code=_province(v, "provinceCode", c.province_code),
        language=c.language,
        co_authors=_co_authors(v, c.co_authors),
    )
    v.in_range("trl", c.trl, TRL_MIN, TRL_MAX)
    v.check()
    return cleaned


def _require(issues: list[FieldIssue], path: str, value: object) -> None:
    if value is None or value in ((), ""):
        issues.append(FieldIssue((path,), ValidationCode.REQUIRED, "is required to submit"))


def check_initiative_complete(content: InitiativeContent) -> None:
    issues: list[FieldIssue] = []
    for path, value in (
        ("summary", content.summary),
        ("description", content.description),
        ("problem", content.problem),
        ("solution", content.solution),
        ("advantages", content.advantages),
        ("fieldCode", content.field_code),
        ("trl", content.trl),
        ("coAuthors", content.co_authors),
    ):
        _require(issues, path, value)
    if issues:
        raise InvalidInput(issues)


def clean_offer(content: OfferContent) -> OfferContent:
    v = Validator()
    c = content
    name, email, phone = _contact(v, c.contact_name, c.contact_email, c.contact_phone)
    cleaned = replace(
        c,
        title=v.text("title", c.title, min_len=3, max_len=300),
        summary=_optional_text(v, "summary", c.summary, 2000),
        description=_optional_text(v, "description", c.description, 50_000),
        ip_number=_ip(v, c.ip_status, c.ip_number),
        field_code=_field(v, "fieldCode", c.field_code),
        keywords=_keywords(v, "keywords", c.keywords),
        transfer_modes=tuple(dict.fromkeys(c.transfer_modes)),
        terms=_optional_text(v, "terms", c.terms, 5000),
        province_code=_province(v, "provinceCode", c.province_code),
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
    )
    v.in_range("trl", c.trl, TRL_MIN, TRL_MAX)
    _money_range(v, "priceMinVnd", "priceMaxVnd", c.price_min_vnd, c.price_max_vnd)
    v.check()
    return cleaned


def check_offer_complete(content: OfferContent) -> None:
    issues: list[FieldIssue] = []
    for path, value in (
        ("summary", content.summary),
        ("description", content.description),
        ("fieldCode", content.field_code),
        ("trl", content.trl),
        ("transferModes", content.transfer_modes),
    ):
        _require(issues, path, value)
    if issues:
        raise InvalidInput(issues)


def clean_need(content: NeedContent) -> NeedContent:
    v = Validator()
    c = content
    name, email, phone = _contact(v, c.contact_name, c.contact_email, c.contact_phone)
    cleaned = replace(
        c,
        title=v.text("title", c.title, min_len=3, max_len=300),
        problem_statement=_optional_text(v, "problemStatement", c.problem_statement, 20_000),
        desired_outcome=_optional_text(v, "desiredOutcome", c.desired_outcome, 10_000),
        constraints=_optional_text(v, "constraints", c.constraints, 10_000),
        province_code=_province(v, "provinceCode", c.province_code),
        field_code=_field(v, "fieldCode", c.field_code),
        keywords=_keywords(v, "keywords", c.keywords),
        order_commitment=_optional_text(v, "orderCommitment", c.order_commitment, 5000),
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
    )
    v.in_range("minTrl", c.min_trl, TRL_MIN, TRL_MAX)
    _money_range(v, "budgetMinVnd", "budgetMaxVnd", c.budget_min_vnd, c.budget_max_vnd)
    if c.prize_vnd is not None and not 0 < c.prize_vnd <= MAX_VND:
        v.add("prizeVnd", ValidationCode.OUT_OF_RANGE, f"must be between 1 and {MAX_VND} VND")
    if c.kind is NeedKind.REQUEST:
        if c.prize_vnd is not None:
            v.add("prizeVnd", ValidationCode.INVALID_COMBINATION, "is for challenges only")
        if cleaned.order_commitment is not None:
            v.add("orderCommitment", ValidationCode.INVALID_COMBINATION, "is for challenges only")
    v.check()
    return cleaned


def check_need_complete(content: NeedContent, today: datetime) -> None:
    issues: list[FieldIssue] = []
    for path, value in (
        ("problemStatement", content.problem_statement),
        ("desiredOutcome", content.desired_outcome),
        ("fieldCode", content.field_code),
    ):
        _require(issues, path, value)
    if content.deadline is not None and content.deadline < today.date():
        issues.append(
            FieldIssue(("deadline",), ValidationCode.OUT_OF_RANGE, "must not be in the past")
        )
    if issues:
        raise InvalidInput(issues)


def clean_fund_thesis(content: FundThesis) -> FundThesis:
    v = Validator()
    c = content
    fields: list[str] = []
    for i, code in enumerate(c.field_codes):
        fields.append(_field(v, f"fieldCodes.{i}", code) or "")
    provinces: list[str] = []
    for i, code in enumerate(c.province_codes):
        provinces.append(_province(v, f"provinceCodes.{i}", code) or "")
    cleaned = FundThesis(
        thesis=v.text("thesis", c.thesis, min_len=20, max_len=20_000),
        field_codes=tuple(dict.fromkeys(f for f in fields if f)),
        trl_min=c.trl_min,
        trl_max=c.trl_max,
        ticket_min_vnd=c.ticket_min_vnd,
        ticket_max_vnd=c.ticket_max_vnd,
        province_codes=tuple(dict.fromkeys(p for p in provinces if p)),
    )
    v.in_range("trlMin", c.trl_min, TRL_MIN, TRL_MAX)
    v.in_range("trlMax", c.trl_max, TRL_MIN, TRL_MAX)
    if c.trl_min is not None and c.trl_max is not None and c.trl_min > c.trl_max:
        v.add("trlMax", ValidationCode.INVALID_COMBINATION, "must not be below trlMin")
    _money_range(v, "ticketMinVnd", "ticketMaxVnd", c.ticket_min_vnd, c.ticket_max_vnd)
    v.check()
    return cleaned


def _reason(rule: Transition, reason: str | None) -> str | None:
    v = Validator()
    cleaned = v.text("reason", reason, min_len=1 if rule.reason_required else 0, max_len=REASON_MAX)
    v.check()
    return cleaned or None


# --- shared steps -------------------------------------------------------------------------


class _Owned(Protocol):
    @property
    def id(self) -> UUID: ...

    @property
    def organization_id(self) -> UUID: ...


L = TypeVar("L", bound=_Owned)
S = TypeVar("S", bound=enum.StrEnum)


def _readable_or_not_found(
    actor: Actor, listing: L | None, public: bool, entity: str, key: UUID
) -> L:
    """Someone who may not see a listing learns nothing about it, not even that it exists."""
    if listing is None or not (
        public or actor.is_staff or actor.member_of(listing.organization_id)
    ):
        raise NotFound(entity, key)
    return listing


def _require_member(actor: Actor, organization_id: UUID, what: str) -> None:
    if not actor.member_of(organization_id):
        raise NotAllowed(
            NotAllowedCode.NOT_A_MEMBER, f"Only members of the owning organisation may {what}."
        )


async def _organization(uow: ListingsUnitOfWork, organization_id: UUID) -> Organization:
    org = await uow.organizations.get(organization_id)
    if org is None:
        raise NotFound("Organization", organization_id)
    return org


async def _record(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    kind: ListingKind,
    listing_id: UUID,
    action: str,
    data: dict[str, Any],
) -> None:
    """The audit entry and the outbox event every listing change writes."""
    await uow.audit.record(
        actor_id=actor.user_id,
        action=f"{kind.value}.{action}",
        entity_kind=kind.value,
        entity_id=listing_id,
        data=data,
    )
    await uow.outbox.record(ListingChanged(kind.entity_kind, listing_id))


async def _after_move(
    uow: ListingsUnitOfWork,
    actor: Actor,
    kind: ListingKind,
    listing_id: UUID,
    *,
    from_status: enum.StrEnum | None,
    to_status: enum.StrEnum,
    action: str,
    reason: str | None,
    at: datetime,
    extra: dict[str, Any] | None = None,
) -> None:
    await uow.listing_records.record_status_change(
        kind,
        StatusChange(
            listing_id=listing_id,
            from_status=from_status.value if from_status else None,
            to_status=to_status.value,
            reason=reason,
            at=at,
            actor_id=actor.user_id,
        ),
    )
    data: dict[str, Any] = {
        "from": from_status.value if from_status else None,
        "to": to_status.value,
        "reason": reason,
    }
    await _record(
        uow, actor, kind=kind, listing_id=listing_id, action=action, data={**data, **(extra or {})}
    )


def _stale(entity: str) -> Conflict:
    return Conflict(ConflictCode.STALE, f"The {entity} changed meanwhile; reload and retry.")


async def _store_version(
    uow: ListingsUnitOfWork,
    signer: ReceiptSigner,
    actor: Actor,
    *,
    kind: ListingKind,
    listing_id: UUID,
    version: int,
    content: dict[str, Any],
    at: datetime,
) -> Receipt:
    receipt = issue_receipt(
        signer,
        listing_kind=kind.value,
        listing_id=listing_id,
        version=version,
        content=content,
        signed_at=at,
    )
    await uow.listing_records.add_version(
        kind=kind,
        listing_id=listing_id,
        version=version,
        content=content,
        digest=receipt.digest,
        signature=receipt.signature,
        key_id=receipt.key_id,
        signed_at=at,
        submitted_by=actor.user_id,
    )
    return receipt


# --- initiatives --------------------------------------------------------------------------


async def create_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    organization_id: UUID,
    content: InitiativeContent,
    now: datetime,
) -> Initiative:
    user_id = require_user(actor)
    await _organization(uow, organization_id)
    _require_member(actor, organization_id, "register initiatives for it")
    cleaned = clean_initiative(content)
    initiative = await uow.initiatives.add(
        organization_id=organization_id, created_by=user_id, content=cleaned
    )
    await _after_move(
        uow,
        actor,
        ListingKind.INITIATIVE,
        initiative.id,
        from_status=None,
        to_status=InitiativeStatus.DRAFT,
        action="created",
        reason=None,
        at=now,
    )
    await uow.commit()
    return initiative


async def _initiative(uow: ListingsUnitOfWork, actor: Actor, initiative_id: UUID) -> Initiative:
    require_user(actor)
    found = await uow.initiatives.get(initiative_id, for_update=True)
    public = found is not None and found.status in INITIATIVE_PUBLIC
    return _readable_or_not_found(actor, found, public, "Initiative", initiative_id)


async def update_initiative(
    uow: ListingsUnitOfWork, actor: Actor, *, initiative_id: UUID, content: InitiativeContent
) -> Initiative:
    initiative = await _initiative(uow, actor, initiative_id)
    _require_member(actor, initiative.organization_id, "edit this initiative")
    if initiative.status not in INITIATIVE_EDITABLE:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION,
            "An initiative can be edited only as a draft or when a revision was requested.",
        )
    updated = await uow.initiatives.update_content(initiative_id, clean_initiative(content))
    await _record(
        uow,
        actor,
        kind=ListingKind.INITIATIVE,
        listing_id=initiative_id,
        action="updated",
        data={"status": updated.status.value},
    )
    await uow.commit()
    return updated


async def _submit_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    *,
    initiative_id: UUID,
    target: InitiativeStatus,
    now: datetime,
) -> tuple[Initiative, Receipt]:
    initiative = await _initiative(uow, actor, initiative_id)
    rule = INITIATIVE_LIFECYCLE.check(actor, initiative.organization_id, initiative.status, target)
    check_initiative_complete(initiative.content)
    version = initiative.revision + 1
    moved = await uow.initiatives.set_status(
        initiative_id, expected=initiative.status, status=target, at=now, revision=version
    )
    if moved is None:
        raise _stale("initiative")
    receipt = await _store_version(
        uow,
        signer,
        actor,
        kind=ListingKind.INITIATIVE,
        listing_id=initiative_id,
        version=version,
        content=initiative_document(moved),
        at=now,
    )
    await _after_move(
        uow,
        actor,
        ListingKind.INITIATIVE,
        initiative_id,
        from_status=initiative.status,
        to_status=target,
        action=rule.action,
        reason=None,
        at=now,
        extra={"version": version, "digest": receipt.digest},
    )
    await uow.commit()
    return moved, receipt


async def submit_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    *,
    initiative_id: UUID,
    now: datetime,
) -> tuple[Initiative, Receipt]:
    return await _submit_initiative(
        uow, actor, signer, initiative_id=initiative_id, target=InitiativeStatus.SUBMITTED, now=now
    )


async def resubmit_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    *,
    initiative_id: UUID,
    now: datetime,
) -> tuple[Initiative, Receipt]:
    return await _submit_initiative(
        uow,
        actor,
        signer,
        initiative_id=initiative_id,
        target=InitiativeStatus.RESUBMITTED,
        now=now,
    )


_SUBMISSIONS = frozenset({InitiativeStatus.SUBMITTED, InitiativeStatus.RESUBMITTED})
_UNDER_COUNCIL = frozenset({InitiativeStatus.UNDER_REVIEW, InitiativeStatus.RESUBMITTED})
_COUNCIL_DECISIONS = frozenset(
    {InitiativeStatus.ACCEPTED, InitiativeStatus.REJECTED, InitiativeStatus.REVISION_REQUESTED}
)


async def transition_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    initiative_id: UUID,
    target: InitiativeStatus,
    reason: str | None,
    now: datetime,
    council_decision: bool = False,
) -> Initiative:
    """Every move but (re)submission, which freezes a version and issues a receipt.

    A decision on a reviewed initiative (accept, reject or send back from under_review or
    resubmitted) is the council's: only `decide_initiative`, which checks the score sheets,
    passes `council_decision=True`. Screening may still turn a submission away on its own."""
    if target in _SUBMISSIONS:
        raise InvalidInput(
            [
                FieldIssue(
                    ("to",),
                    ValidationCode.INVALID_CHOICE,
                    "use submitInitiative or resubmitInitiative to submit",
                )
            ]
        )
    initiative = await _initiative(uow, actor, initiative_id)
    rule = INITIATIVE_LIFECYCLE.check(actor, initiative.organization_id, initiative.status, target)
    if (
        target in _COUNCIL_DECISIONS
        and initiative.status in _UNDER_COUNCIL
        and not council_decision
    ):
        raise Conflict(
            ConflictCode.DECISION_NEEDS_COUNCIL,
            "A reviewed initiative is decided with decideInitiative, on the reviewers' scores.",
        )
    public_reason = _reason(rule, reason)
    moved = await uow.initiatives.set_status(
        initiative_id, expected=initiative.status, status=target, at=now
    )
    if moved is None:
        raise _stale("initiative")
    await _after_move(
        uow,
        actor,
        ListingKind.INITIATIVE,
        initiative_id,
        from_status=initiative.status,
        to_status=target,
        action=rule.action,
        reason=public_reason,
        at=now,
    )
    await uow.commit()
    return moved


async def withdraw_initiative(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    initiative_id: UUID,
    reason: str | None,
    now: datetime,
) -> Initiative:
    return await transition_initiative(
        uow,
        actor,
        initiative_id=initiative_id,
        target=InitiativeStatus.WITHDRAWN,
        reason=reason,
        now=now,
    )


# --- technology offers --------------------------------------------------------------------


async def _check_linked_initiative(
    uow: ListingsUnitOfWork, organization_id: UUID, content: OfferContent
) -> None:
    if content.initiative_id is None:
        return
    linked = await uow.initiatives.get(content.initiative_id)
    if linked is None or linked.organization_id != organization_id:
        raise InvalidInput(
            [
                FieldIssue(
                    ("initiativeId",),
                    ValidationCode.INVALID_CHOICE,
                    "must be an initiative of the same organisation",
                )
            ]
        )


async def create_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    organization_id: UUID,
    content: OfferContent,
    now: datetime,
) -> TechnologyOffer:
    user_id = require_user(actor)
    await _organization(uow, organization_id)
    _require_member(actor, organization_id, "list technology offers for it")
    cleaned = clean_offer(content)
    await _check_linked_initiative(uow, organization_id, cleaned)
    offer = await uow.offers.add(
        organization_id=organization_id, created_by=user_id, content=cleaned
    )
    await _after_move(
        uow,
        actor,
        ListingKind.OFFER,
        offer.id,
        from_status=None,
        to_status=OfferStatus.DRAFT,
        action="created",
        reason=None,
        at=now,
    )
    await uow.commit()
    return offer


async def _offer(uow: ListingsUnitOfWork, actor: Actor, offer_id: UUID) -> TechnologyOffer:
    require_user(actor)
    found = await uow.offers.get(offer_id, for_update=True)
    public = found is not None and found.status in OFFER_PUBLIC
    return _readable_or_not_found(actor, found, public, "TechnologyOffer", offer_id)


async def update_offer(
    uow: ListingsUnitOfWork, actor: Actor, *, offer_id: UUID, content: OfferContent
) -> TechnologyOffer:
    offer = await _offer(uow, actor, offer_id)
    _require_member(actor, offer.organization_id, "edit this offer")
    if offer.status not in OFFER_EDITABLE:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "An offer can be edited only as a draft.")
    cleaned = clean_offer(content)
    await _check_linked_initiative(uow, offer.organization_id, cleaned)
    updated = await uow.offers.update_content(offer_id, cleaned)
    await _record(
        uow,
        actor,
        kind=ListingKind.OFFER,
        listing_id=offer_id,
        action="updated",
        data={"status": updated.status.value},
    )
    await uow.commit()
    return updated


async def _move_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    offer: TechnologyOffer,
    target: OfferStatus,
    *,
    reason: str | None,
    now: datetime,
    expires_at: datetime | None = None,
) -> TechnologyOffer:
    rule = OFFER_LIFECYCLE.check(actor, offer.organization_id, offer.status, target)
    public_reason = _reason(rule, reason)
    moved = await uow.offers.set_status(
        offer.id, expected=offer.status, status=target, at=now, expires_at=expires_at
    )
    if moved is None:
        raise _stale("offer")
    await _after_move(
        uow,
        actor,
        ListingKind.OFFER,
        offer.id,
        from_status=offer.status,
        to_status=target,
        action=rule.action,
        reason=public_reason,
        at=now,
    )
    await uow.commit()
    return moved


async def submit_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    signer: ReceiptSigner,
    *,
    offer_id: UUID,
    now: datetime,
) -> tuple[TechnologyOffer, Receipt]:
    offer = await _offer(uow, actor, offer_id)
    target = OfferStatus.PENDING_APPROVAL
    rule = OFFER_LIFECYCLE.check(actor, offer.organization_id, offer.status, target)
    check_offer_complete(offer.content)
    version = offer.revision + 1
    moved = await uow.offers.set_status(
        offer_id, expected=offer.status, status=target, at=now, revision=version
    )
    if moved is None:
        raise _stale("offer")
    receipt = await _store_version(
        uow,
        signer,
        actor,
        kind=ListingKind.OFFER,
        listing_id=offer_id,
        version=version,
        content=offer_document(moved),
        at=now,
    )
    await _after_move(
        uow,
        actor,
        ListingKind.OFFER,
        offer_id,
        from_status=offer.status,
        to_status=target,
        action=rule.action,
        reason=None,
        at=now,
        extra={"version": version, "digest": receipt.digest},
    )
    await uow.commit()
    return moved, receipt


async def approve_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    offer_id: UUID,
    approved: bool,
    reason: str | None,
    now: datetime,
) -> TechnologyOffer:
    """Operators list a pending offer (for OFFER_TERM unless the owner asked for less), or
    return it to its owner as a draft with a public reason."""
    offer = await _offer(uow, actor, offer_id)
    if not approved:
        return await _move_offer(uow, actor, offer, OfferStatus.DRAFT, reason=reason, now=now)
    expires_at = offer.expires_at
    if expires_at is None or expires_at <= now:
        expires_at = now + OFFER_TERM
    return await _move_offer(
        uow, actor, offer, OfferStatus.LISTED, reason=reason, now=now, expires_at=expires_at
    )


async def withdraw_offer(
    uow: ListingsUnitOfWork, actor: Actor, *, offer_id: UUID, reason: str | None, now: datetime
) -> TechnologyOffer:
    offer = await _offer(uow, actor, offer_id)
    return await _move_offer(uow, actor, offer, OfferStatus.WITHDRAWN, reason=reason, now=now)


async def mark_offer_negotiating(
    uow: ListingsUnitOfWork, actor: Actor, *, offer_id: UUID, now: datetime
) -> TechnologyOffer:
    offer = await _offer(uow, actor, offer_id)
    return await _move_offer(uow, actor, offer, OfferStatus.UNDER_NEGOTIATION, reason=None, now=now)


async def mark_offer_transferred(
    uow: ListingsUnitOfWork, actor: Actor, *, offer_id: UUID, reason: str | None, now: datetime
) -> TechnologyOffer:
    offer = await _offer(uow, actor, offer_id)
    return await _move_offer(uow, actor, offer, OfferStatus.TRANSFERRED, reason=reason, now=now)


async def renew_offer(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    offer_id: UUID,
    until: datetime,
    now: datetime,
) -> TechnologyOffer:
    """The owner extends a listed offer, or lists an expired one again, until `until`."""
    offer = await _offer(uow, actor, offer_id)
    _require_member(actor, offer.organization_id, "renew this offer")
    if not now < until <= now + OFFER_MAX_TERM:
        raise InvalidInput(
            [
                FieldIssue(
                    ("until",),
                    ValidationCode.OUT_OF_RANGE,
                    f"must be in the future and at most {OFFER_MAX_TERM.days} days ahead",
                )
            ]
        )
    if offer.status is OfferStatus.EXPIRED:
        return await _move_offer(
            uow, actor, offer, OfferStatus.LISTED, reason=None, now=now, expires_at=until
        )
    if offer.status not in {OfferStatus.LISTED, OfferStatus.UNDER_NEGOTIATION}:
        raise Conflict(
            ConflictCode.INVALID_TRANSITION, "Only a listed or expired offer can be renewed."
        )
    renewed = await uow.offers.set_expiry(offer_id, until)
    await _record(
        uow,
        actor,
        kind=ListingKind.OFFER,
        listing_id=offer_id,
        action="renewed",
        data={"status": offer.status.value, "expires_at": until.isoformat()},
    )
    await uow.commit()
    return renewed


async def expire_due_offers(uow: ListingsUnitOfWork, *, now: datetime) -> int:
    """Scheduled: listed offers past their expiry become expired (system actor, one commit)."""
    system = Actor.anonymous()
    due = await uow.offers.due_for_expiry(now, EXPIRY_BATCH)
    for offer in due:
        rule = OFFER_LIFECYCLE.rule(offer.status, OfferStatus.EXPIRED)
        assert rule is not None
        moved = await uow.offers.set_status(
            offer.id, expected=offer.status, status=OfferStatus.EXPIRED, at=now
        )
        if moved is None:
            continue
        await _after_move(
            uow,
            system,
            ListingKind.OFFER,
            offer.id,
            from_status=offer.status,
            to_status=OfferStatus.EXPIRED,
            action=rule.action,
            reason="The listing period ended.",
            at=now,
        )
    await uow.commit()
    return len(due)


# --- needs --------------------------------------------------------------------------------


async def create_need(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    organization_id: UUID,
    content: NeedContent,
    now: datetime,
) -> Need:
    user_id = require_user(actor)
    await _organization(uow, organization_id)
    _require_member(actor, organization_id, "post needs for it")
    need = await uow.needs.add(
        organization_id=organization_id, created_by=user_id, content=clean_need(content)
    )
    await _after_move(
        uow,
        actor,
        ListingKind.NEED,
        need.id,
        from_status=None,
        to_status=NeedStatus.DRAFT,
        action="created",
        reason=None,
        at=now,
    )
    await uow.commit()
    return need


async def _need(uow: ListingsUnitOfWork, actor: Actor, need_id: UUID) -> Need:
    require_user(actor)
    found = await uow.needs.get(need_id, for_update=True)
    public = found is not None and found.status in NEED_PUBLIC
    return _readable_or_not_found(actor, found, public, "Need", need_id)


async def update_need(
    uow: ListingsUnitOfWork, actor: Actor, *, need_id: UUID, content: NeedContent
) -> Need:
    need = await _need(uow, actor, need_id)
    _require_member(actor, need.organization_id, "edit this need")
    if need.status is not NeedStatus.DRAFT:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "A need can be edited only as a draft.")
    updated = await uow.needs.update_content(need_id, clean_need(content))
    await _record(
        uow,
        actor,
        kind=ListingKind.NEED,
        listing_id=need_id,
        action="updated",
        data={"status": updated.status.value},
    )
    await uow.commit()
    return updated


async def move_need(
    uow: ListingsUnitOfWork,
    actor: Actor,
    *,
    need_id: UUID,
    target: NeedStatus,
    reason: str | None,
    now: datetime,
) -> Need:
    need = await _need(uow, actor, need_id)
    rule = NEED_LIFECYCLE.check(actor, need.organization_id, need.status, target)
    if target is NeedStatus.OPEN:
        check_need_complete(need.content, now)
    public_reason = _reason(rule, reason)
    moved = await uow.needs.set_status(need_id, expected=need.status, status=target, at=now)
    if moved is None:
        raise _stale("need")
    await _after_move(
        uow,
        actor,
        ListingKind.NEED,
        need_id,
        from_status=need.status,
        to_status=target,
        action=rule.action,
        reason=public_reason,
        at=now,
    )
    await uow.commit()
    return moved


# --- fund profiles ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FundProfileSaved:
    profile: FundProfile
    created: bool


async def upsert_fund_profile(
    uow: ListingsUnitOfWork, actor: Actor, *, organization_id: UUID, content: FundThesis
) -> FundProfileSaved:
    require_user(actor)
    org = await _organization(uow, organization_id)
    if not (actor.manages(organization_id) or actor.is_staff):
        raise NotAllowed(
            NotAllowedCode.NOT_THE_OWNER,
            "Only the fund's owners and admins may change its investment thesis.",
        )
    if org.kind is not OrganizationKind.FUND:
        raise InvalidInput(
            [
                FieldIssue(
                    ("organizationId",),
                    ValidationCode.INVALID_CHOICE,
                    "is not an investment fund",
                )
            ]
        )
    cleaned = clean_fund_thesis(content)
    existed = await uow.funds.get_by_organization(organization_id) is not None
    profile = await uow.funds.upsert(organization_id, cleaned)
    await _record(
        uow,
        actor,
        kind=ListingKind.FUND,
        listing_id=profile.id,
        action="updated" if existed else "created",
        data={"organization_id": str(organization_id)},
    )
    await uow.commit()
    return FundProfileSaved(profile, created=not existed)
