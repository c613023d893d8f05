"""Cleaning what owners write: drafts are checked field by field, submissions for
completeness. Expected failures raise InvalidInput naming every field at fault."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.accounts import EMAIL_RE
from domain.errors import (
    FieldIssue,
    InvalidInput,
    ValidationCode,
    Validator,
)
from domain.listings import (
    TRL_MAX,
    TRL_MIN,
    CoAuthor,
    FundThesis,
    InitiativeContent,
    NeedContent,
    NeedKind,
    OfferContent,
    Transition,
)
from domain.provinces import province_by_code
from domain.taxonomy import field_by_code

MAX_VND = 10**15  # a quadrillion dong is beyond any transfer price; anything above is a typo
MAX_KEYWORDS = 20
MAX_CO_AUTHORS = 50
REASON_MAX = 2000

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


def _missing(content: object, *names: str) -> list[FieldIssue]:
    """A REQUIRED issue for each named field left empty, under the API's camelCase name."""
    return [
        FieldIssue((_camel(name),), ValidationCode.REQUIRED, "is required to submit")
        for name in names
        if getattr(content, name) in (None, (), "")
    ]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


# What a submission needs besides a title, by content field.
_INITIATIVE_REQUIRED = (
    "summary",
    "description",
    "problem",
    "solution",
    "advantages",
    "field_code",
    "trl",
    "co_authors",
)
_OFFER_REQUIRED = ("summary", "description", "field_code", "trl", "transfer_modes")
_NEED_REQUIRED = ("problem_statement", "desired_outcome", "field_code")


def check_initiative_complete(content: InitiativeContent) -> None:
    if issues := _missing(content, *_INITIATIVE_REQUIRED):
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
    if issues := _missing(content, *_OFFER_REQUIRED):
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
    issues = _missing(content, *_NEED_REQUIRED)
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


def clean_reason(rule: Transition, reason: str | None) -> str | None:
    v = Validator()
    cleaned = v.text("reason", reason, min_len=1 if rule.reason_required else 0, max_len=REASON_MAX)
    v.check()
    return cleaned or None
