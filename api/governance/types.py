"""GraphQL types of platform roles and the reviewer pool.

Reviewer profiles are read by operators only (and the reviewer themself): declared interests
and load say who works with whom, which is not public.
"""

from __future__ import annotations

import strawberry
from strawberry import relay

from api.accounts.types import OrganizationType, PlatformRole, UserType, organization_of, user_of
from api.context import Info
from domain import reviewer_pool as domain

ConflictReason = strawberry.enum(domain.ConflictReason, name="ReviewerConflictReason")


@strawberry.type(name="PlatformRoleChanged")
class PlatformRoleChanged:
    user: UserType
    role: PlatformRole  # type: ignore[valid-type]
    province_codes: list[str] = strawberry.field(
        description="Provinces the role is now limited to; empty: central (or revoked)."
    )
    held: bool = strawberry.field(description="Whether the user still holds the role.")


@strawberry.type(name="ReviewerProfile")
class ReviewerProfileType:
    field_codes: list[str]
    languages: list[str]
    open_assignments: int = strawberry.field(description="Assignments not yet scored or recused.")
    available: bool = strawberry.field(
        description=f"Fewer than {domain.MAX_OPEN_ASSIGNMENTS} open assignments."
    )
    entity: strawberry.Private[domain.PoolMember]

    @classmethod
    def from_domain(cls, m: domain.PoolMember) -> ReviewerProfileType:
        return cls(
            field_codes=list(m.profile.field_codes),
            languages=list(m.profile.languages),
            open_assignments=m.open_assignments,
            available=m.available,
            entity=m,
        )

    @strawberry.field
    async def reviewer(self, info: Info) -> UserType | None:
        return await user_of(info, self.entity.profile.user_id)

    @strawberry.field(description="The reviewer's id, for assignReviewer.")
    def reviewer_id(self) -> relay.GlobalID:
        return relay.GlobalID("User", str(self.entity.profile.user_id))

    @strawberry.field
    async def affiliation(self, info: Info) -> OrganizationType | None:
        return await organization_of(info, self.entity.profile.affiliation_id)

    @strawberry.field(description="Organisations the reviewer declared a conflict with.")
    async def declared_interests(self, info: Info) -> list[OrganizationType]:
        out = []
        for organization_id in self.entity.profile.declared_interest_ids:
            found = await organization_of(info, organization_id)
            if found is not None:
                out.append(found)
        return out


@strawberry.type(name="ReviewerSuggestion")
class ReviewerSuggestionType:
    rank: int
    score: float = strawberry.field(
        description="0-1: 0.5 field fit + 0.3 similarity to reviewed work + 0.2 shared terms."
    )
    field_fit: float = strawberry.field(description="1 same sector, 0.5 same level-1 field.")
    similarity: float = strawberry.field(
        description="Best cosine between the initiative and work the reviewer scored."
    )
    matched_terms: list[str]
    most_similar_reviewed_title: str | None
    profile: ReviewerProfileType


@strawberry.type(name="ExcludedReviewer")
class ExcludedReviewerType:
    profile: ReviewerProfileType
    reasons: list[ConflictReason]  # type: ignore[valid-type]
    explanation: str


@strawberry.type(name="SuggestedReviewers")
class SuggestedReviewersType:
    suggested: list[ReviewerSuggestionType]
    excluded: list[ExcludedReviewerType] = strawberry.field(
        description="Reviewers left out for a conflict of interest, with the reasons."
    )

    @classmethod
    def build(
        cls, suggested: list[domain.Suggestion], excluded: list[domain.Excluded]
    ) -> SuggestedReviewersType:
        return cls(
            suggested=[
                ReviewerSuggestionType(
                    rank=i,
                    score=s.score,
                    field_fit=s.field_fit,
                    similarity=s.similarity,
                    matched_terms=list(s.matched_terms),
                    most_similar_reviewed_title=s.most_similar_title,
                    profile=ReviewerProfileType.from_domain(s.member),
                )
                for i, s in enumerate(suggested, start=1)
            ],
            excluded=[
                ExcludedReviewerType(
                    profile=ReviewerProfileType.from_domain(e.member),
                    reasons=list(e.reasons),
                    explanation=domain.conflict_message(e.reasons),
                )
                for e in excluded
            ],
        )
