"""The reviewer pool: who may review, in what, with which interests, and how busy.

A reviewer is a user holding the platform role `reviewer`; the profile says what an operator
needs to pick a council: fields of expertise (codes of domain/taxonomy.py), an affiliation (an
organisation), declared interests (organisations the reviewer declares a conflict with),
languages, and the current load (open assignments, counted, never stored).

Conflicts are decided here, from facts the repository gathers, so `assignReviewer` and
`suggestedReviewers` give the same answer for the same reviewer.

Ranking for an initiative (public text only: title, summary, keywords, field) mixes three
signals, each on 0..1, because none is enough alone on a young platform:

| signal    | weight | what |
|-----------|-------:|------|
| field     |    0.5 | 1: the initiative's sector is an expertise; 0.5: its level-1 field is |
| semantic  |    0.3 | best cosine between the initiative's vector and work the reviewer scored |
| lexical   |    0.2 | share of the initiative's folded terms found in the expertise text |

A reviewer with no history has no semantic signal; the field carries most weight because it is
what the reviewer declared. Ties go to the less loaded reviewer.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.errors import ValidationCode, Validator
from domain.taxonomy import field_by_code
from domain.text import fold

# More open assignments than this and a reviewer is not `available`.
MAX_OPEN_ASSIGNMENTS = 5
MAX_FIELDS = 10
MAX_INTERESTS = 50
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")  # ISO 639-1/-3 codes

FIELD_WEIGHT = 0.5
SEMANTIC_WEIGHT = 0.3
LEXICAL_WEIGHT = 0.2


class ConflictReason(enum.StrEnum):
    AFFILIATION = "affiliation"  # affiliated with, or a member of, the submitter's organisation
    CO_AUTHOR = "co_author"  # a co-author of the initiative, linked to the reviewer's account
    OPEN_CONNECTION = "open_connection"  # affiliation has an open connection with the submitter
    DEAL = "deal"  # affiliation recorded a deal with the submitter
    DECLARED_INTEREST = "declared_interest"  # the reviewer declared the submitter an interest


CONFLICT_MESSAGES: dict[ConflictReason, str] = {
    ConflictReason.AFFILIATION: "is affiliated with the submitting organisation",
    ConflictReason.CO_AUTHOR: "is a co-author of the initiative",
    ConflictReason.OPEN_CONNECTION: "is affiliated with an organisation in an open connection "
    "with the submitting organisation",
    ConflictReason.DEAL: "is affiliated with an organisation that has a deal with the "
    "submitting organisation",
    ConflictReason.DECLARED_INTEREST: "declared an interest in the submitting organisation",
}


@dataclass(frozen=True, slots=True)
class ReviewerProfile:
    user_id: UUID
    field_codes: tuple[str, ...] = ()
    affiliation_id: UUID | None = None
    declared_interest_ids: tuple[UUID, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PoolMember:
    """A reviewer as the pool lists them: the profile (empty when none was written) and load."""

    profile: ReviewerProfile
    display_name: str
    open_assignments: int
    affiliation_province: str | None = None

    @property
    def available(self) -> bool:
        return self.open_assignments < MAX_OPEN_ASSIGNMENTS


@dataclass(frozen=True, slots=True)
class ConflictFacts:
    """What the repository found about one reviewer and one submitting organisation."""

    member_of_submitter: bool
    co_author: bool
    open_connection: bool
    deal: bool


def conflicts_of(
    profile: ReviewerProfile, submitter_id: UUID, facts: ConflictFacts
) -> tuple[ConflictReason, ...]:
    """Every reason this reviewer may not review an initiative of `submitter_id`, in a fixed
    order (empty when there is none)."""
    reasons: list[ConflictReason] = []
    if profile.affiliation_id == submitter_id or facts.member_of_submitter:
        reasons.append(ConflictReason.AFFILIATION)
    if facts.co_author:
        reasons.append(ConflictReason.CO_AUTHOR)
    if facts.open_connection:
        reasons.append(ConflictReason.OPEN_CONNECTION)
    if facts.deal:
        reasons.append(ConflictReason.DEAL)
    if submitter_id in profile.declared_interest_ids:
        reasons.append(ConflictReason.DECLARED_INTEREST)
    return tuple(reasons)


def conflict_message(reasons: Sequence[ConflictReason]) -> str:
    return "The reviewer " + "; ".join(CONFLICT_MESSAGES[r] for r in reasons) + "."


@dataclass(frozen=True, slots=True)
class ProfileInput:
    field_codes: Sequence[str]
    affiliation_id: UUID | None
    declared_interest_ids: Sequence[UUID]
    languages: Sequence[str]


def validate_profile(user_id: UUID, data: ProfileInput) -> ReviewerProfile:
    v = Validator()
    codes = tuple(dict.fromkeys(c.strip() for c in data.field_codes))
    if len(codes) > MAX_FIELDS:
        v.add("fieldCodes", ValidationCode.TOO_LONG, f"allows at most {MAX_FIELDS} fields")
    for code in codes:
        if field_by_code(code) is None:
            v.add("fieldCodes", ValidationCode.INVALID_CHOICE, f"{code!r} is not a field code")
    languages = tuple(dict.fromkeys(lang.strip().lower() for lang in data.languages))
    for lang in languages:
        if not LANGUAGE_RE.match(lang):
            v.add("languages", ValidationCode.INVALID_FORMAT, f"{lang!r} is not a language code")
    interests = tuple(dict.fromkeys(data.declared_interest_ids))
    if len(interests) > MAX_INTERESTS:
        v.add(
            "declaredInterestIds",
            ValidationCode.TOO_LONG,
            f"allows at most {MAX_INTERESTS} organisations",
        )
    v.check()
    return ReviewerProfile(
        user_id=user_id,
        field_codes=codes,
        affiliation_id=data.affiliation_id,
        declared_interest_ids=interests,
        languages=languages,
    )


# --- ranking ---------------------------------------------------------------------------------

_WORD = re.compile(r"\w{3,}")


def terms(text: str) -> frozenset[str]:
    """Folded words of three letters or more: enough to match Vietnamese syllables and
    English words alike without a stemmer."""
    return frozenset(_WORD.findall(fold(text)))


def expertise_text(profile: ReviewerProfile, reviewed_titles: Iterable[str]) -> str:
    """The words a reviewer's expertise is known by: field names in both languages and the
    titles of initiatives they scored."""
    parts: list[str] = []
    for code in profile.field_codes:
        found = field_by_code(code)
        if found is not None:
            parts += [found.name_vi, found.name_en]
    parts += list(reviewed_titles)
    return " ".join(parts)


def field_fit(expertise: Iterable[str], field_code: str | None) -> float:
    if not field_code:
        return 0.0
    codes = set(expertise)
    if field_code in codes:
        return 1.0
    if field_code[0] in codes or any(c[0] == field_code[0] for c in codes):
        return 0.5
    return 0.0


@dataclass(frozen=True, slots=True)
class InitiativeProfile:
    """The public side of the initiative a council is sought for."""

    id: UUID
    organization_id: UUID
    province_code: str | None
    field_code: str | None
    public_text: str
    co_author_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    member: PoolMember
    score: float
    field_fit: float
    similarity: float  # best cosine against work the reviewer scored; 0 without history
    matched_terms: tuple[str, ...]
    most_similar_title: str | None


@dataclass(frozen=True, slots=True)
class Excluded:
    member: PoolMember
    reasons: tuple[ConflictReason, ...]


def score_reviewer(
    member: PoolMember,
    initiative: InitiativeProfile,
    *,
    reviewed_titles: Sequence[str],
    similarity: float,
    most_similar_title: str | None,
) -> Suggestion:
    wanted = terms(initiative.public_text)
    known = terms(expertise_text(member.profile, reviewed_titles))
    matched = tuple(sorted(wanted & known))
    lexical = len(matched) / len(wanted) if wanted else 0.0
    fit = field_fit(member.profile.field_codes, initiative.field_code)
    semantic = max(0.0, min(1.0, similarity))
    score = FIELD_WEIGHT * fit + SEMANTIC_WEIGHT * semantic + LEXICAL_WEIGHT * lexical
    return Suggestion(
        member=member,
        score=round(score, 4),
        field_fit=fit,
        similarity=round(semantic, 4),
        matched_terms=matched[:10],
        most_similar_title=most_similar_title,
    )


def rank(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    return sorted(
        suggestions,
        key=lambda s: (-s.score, s.member.open_assignments, str(s.member.profile.user_id)),
    )
