"""Use cases of the reviewer pool: keep a profile, find who is free to review, suggest a
council for an initiative with every conflict of interest excluded and explained."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.accounts import Actor, PlatformRole
from domain.errors import NotAllowed, NotAllowedCode, NotFound, ValidationCode, Validator
from domain.listings import Initiative, InitiativeStatus
from domain.reviewer_pool import (
    Excluded,
    InitiativeProfile,
    ProfileInput,
    ReviewerProfile,
    Suggestion,
    rank,
    score_reviewer,
    validate_profile,
)
from domain.services.accounts import require_user
from domain.services.review import ReviewUnitOfWork, conflicts_for

MAX_SUGGESTIONS = 50


def require_pool_access(actor: Actor) -> None:
    """Operators, central or provincial, and admins look for reviewers."""
    require_user(actor)
    if not actor.is_operator_somewhere:
        raise NotAllowed(NotAllowedCode.MISSING_ROLE, "Only operators may browse reviewers.")


async def save_reviewer_profile(
    uow: ReviewUnitOfWork, actor: Actor, user_id: UUID, data: ProfileInput
) -> ReviewerProfile:
    """The reviewer keeps their own profile; operators may keep it for them."""
    caller = require_user(actor)
    if caller != user_id and not actor.is_operator_somewhere:
        raise NotAllowed(
            NotAllowedCode.MISSING_ROLE, "Only the reviewer and operators may change a profile."
        )
    user = await uow.users.get(user_id)
    if user is None:
        raise NotFound("User", user_id)
    if PlatformRole.REVIEWER not in user.roles:
        v = Validator()
        v.add("userId", ValidationCode.INVALID_CHOICE, "is not a reviewer")
        v.check()
    profile = validate_profile(user_id, data)
    for organization_id in (profile.affiliation_id, *profile.declared_interest_ids):
        if organization_id is not None and await uow.organizations.get(organization_id) is None:
            raise NotFound("Organization", organization_id)
    await uow.reviewer_pool.save_profile(profile)
    # Declared interests name organisations: ids only, like every audit entry.
    await uow.audit.record(
        actor_id=caller,
        action="reviewer.profile_saved",
        entity_kind="user",
        entity_id=user_id,
        data={
            "field_codes": list(profile.field_codes),
            "affiliation_id": str(profile.affiliation_id) if profile.affiliation_id else None,
            "declared_interest_ids": [str(i) for i in profile.declared_interest_ids],
            "languages": list(profile.languages),
        },
    )
    await uow.commit()
    return profile


def initiative_profile(initiative: Initiative) -> InitiativeProfile:
    """Public text only: a suggestion must not depend on the confidential description."""
    c = initiative.content
    return InitiativeProfile(
        id=initiative.id,
        organization_id=initiative.organization_id,
        province_code=c.province_code,
        field_code=c.field_code,
        public_text=" ".join([c.title, c.summary or "", " ".join(c.keywords)]),
        co_author_names=tuple(a.name for a in c.co_authors),
    )


@dataclass(frozen=True, slots=True)
class ReviewerSuggestions:
    suggested: list[Suggestion]
    excluded: list[Excluded]


async def load_operated_initiative(
    uow: ReviewUnitOfWork, actor: Actor, initiative_id: UUID
) -> Initiative:
    """An initiative past its draft, in a province the actor operates (others read missing)."""
    require_user(actor)
    found = await uow.initiatives.get(initiative_id)
    if (
        found is None
        or found.status is InitiativeStatus.DRAFT
        or not actor.operates_in(found.content.province_code)
    ):
        raise NotFound("Initiative", initiative_id)
    return found


async def suggest_reviewers(
    uow: ReviewUnitOfWork, actor: Actor, initiative_id: UUID, *, first: int, model: str
) -> ReviewerSuggestions:
    require_pool_access(actor)
    v = Validator()
    v.in_range("first", first, 1, MAX_SUGGESTIONS)
    v.check()
    initiative = await load_operated_initiative(uow, actor, initiative_id)
    current = {
        a.reviewer_id
        for a in await uow.review.assignments_for(initiative.id, initiative.revision)
        if a.active
    }
    members = [m for m in await uow.reviewer_pool.members() if m.profile.user_id not in current]
    conflicts = await conflicts_for(uow, initiative, members)
    free = [m for m in members if not conflicts[m.profile.user_id]]
    ids = [m.profile.user_id for m in free]
    titles = await uow.reviewer_pool.reviewed_titles(ids)
    similar = await uow.reviewer_pool.reviewed_similarity(
        ids, initiative_id=initiative.id, model=model
    )
    target = initiative_profile(initiative)
    ranked = rank(
        score_reviewer(
            m,
            target,
            reviewed_titles=titles.get(m.profile.user_id, []),
            similarity=similar.get(m.profile.user_id, (0.0, None))[0],
            most_similar_title=similar.get(m.profile.user_id, (0.0, None))[1],
        )
        for m in free
    )
    excluded = [
        Excluded(m, conflicts[m.profile.user_id]) for m in members if conflicts[m.profile.user_id]
    ]
    return ReviewerSuggestions(suggested=ranked[:first], excluded=excluded)
