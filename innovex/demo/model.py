"""What the demo generator produces: lifecycle vocabularies and plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Lifecycle states, in lifecycle order. The domain owns the real state machines; these are the
# names the seeder maps onto them.
INITIATIVE_STATES: tuple[str, ...] = (
    "draft",
    "submitted",
    "screening",
    "under_review",
    "revision_requested",
    "resubmitted",
    "accepted",
    "rejected",
    "published",
    "commercialising",
    "commercialised",
    "withdrawn",
)
OFFER_STATES: tuple[str, ...] = (
    "draft",
    "pending_approval",
    "listed",
    "under_negotiation",
    "transferred",
    "withdrawn",
    "expired",
)
NEED_STATES: tuple[str, ...] = ("draft", "open", "closed", "awarded")
NEED_KINDS: tuple[str, ...] = ("request", "challenge")
ORGANIZATION_KINDS: tuple[str, ...] = (
    "university",
    "research_institute",
    "enterprise",
    "startup",
    "agency",
    "fund",
    "support_org",
    "individual",
)
PERSON_ROLES: tuple[str, ...] = ("operator", "reviewer", "org_admin", "org_member")
IP_STATUSES: tuple[str, ...] = (
    "none",
    "pending",
    "patent",
    "utility_solution",
    "copyright",
    "trade_secret",
)
TRANSFER_MODES: tuple[str, ...] = (
    "licence",
    "assignment",
    "technical_service",
    "joint_venture",
    "capital_contribution",
    "turnkey",
)
LANGUAGES: tuple[str, ...] = ("vi", "en")

EMAIL_DOMAIN = "example.vn"
# Deadlines are computed from this date, not from today, so that output is reproducible.
# Pass `reference_date=date.today()` to get needs that are open "now".
REFERENCE_DATE = date(2026, 6, 1)
MILLION = 1_000_000


@dataclass(frozen=True, slots=True)
class DemoOrganization:
    key: str
    name: str
    kind: str
    province_code: str
    registry_code: str | None  # tax code for companies, budget-unit code for public bodies
    verified: bool


@dataclass(frozen=True, slots=True)
class DemoPerson:
    key: str
    email: str
    display_name: str
    locale: str
    organization_key: str | None  # None for national operators
    role: str


@dataclass(frozen=True, slots=True)
class DemoInitiative:
    key: str
    organization_key: str
    title: str
    summary: str
    description: str
    problem: str
    solution: str
    advantages: str
    field_code: str
    keywords: tuple[str, ...]
    trl: int
    ip_status: str
    ip_number: str | None
    target_users: str
    expected_impact: str
    province_code: str
    language: str
    coauthors: tuple[tuple[str, int], ...]  # (name, share_percent), shares sum to 100
    target_state: str
    submitter_key: str
    topic: str


@dataclass(frozen=True, slots=True)
class DemoOffer:
    key: str
    organization_key: str
    title: str
    summary: str
    description: str
    trl: int
    ip_status: str
    field_code: str
    keywords: tuple[str, ...]
    transfer_modes: tuple[str, ...]
    price_min_vnd: int | None  # both None: price by negotiation ("giá thỏa thuận")
    price_max_vnd: int | None
    terms: str
    province_code: str
    initiative_key: str | None
    target_state: str
    language: str
    owner_key: str
    topic: str


@dataclass(frozen=True, slots=True)
class DemoNeed:
    key: str
    organization_key: str
    kind: str
    title: str
    problem_statement: str
    desired_outcome: str
    constraints: str
    min_trl: int
    budget_min_vnd: int
    budget_max_vnd: int
    deadline: date
    province_code: str
    field_code: str
    prize_vnd: int | None  # challenges only
    order_commitment: str | None  # challenges only
    target_state: str
    language: str
    owner_key: str
    topic: str


@dataclass(frozen=True, slots=True)
class DemoFund:
    key: str
    organization_key: str
    thesis: str
    field_codes: tuple[str, ...]
    trl_min: int
    trl_max: int
    ticket_min_vnd: int
    ticket_max_vnd: int
    province_codes: tuple[str, ...]  # empty: invests nationwide


@dataclass(frozen=True, slots=True)
class DemoDataset:
    seed: int
    reference_date: date
    organizations: tuple[DemoOrganization, ...]
    people: tuple[DemoPerson, ...]
    initiatives: tuple[DemoInitiative, ...]
    offers: tuple[DemoOffer, ...]
    needs: tuple[DemoNeed, ...]
    funds: tuple[DemoFund, ...]
