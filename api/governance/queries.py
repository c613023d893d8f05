"""Queries of the reviewer pool, for operators."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import NotAllowed, NotAuthenticated, NotFound, ValidationError, payload
from api.governance.types import ReviewerProfileType, SuggestedReviewersType
from api.relay import Connection, build_connection, page_request, parse_global_id
from db.repositories.reviewers import PoolRow
from domain.errors import ValidationCode, Validator
from domain.provinces import province_by_code
from domain.services import reviewers as uc
from domain.taxonomy import field_by_code
from matching.vectors import VectorSpace


@strawberry.type(name="ReviewerPool")
class ReviewerPoolType:
    reviewers: Connection[ReviewerProfileType]


ReviewersResult = Annotated[
    ReviewerPoolType | ValidationError | NotAuthenticated | NotAllowed,
    strawberry.union("ReviewersResult"),
]
SuggestedReviewersResult = Annotated[
    SuggestedReviewersType | ValidationError | NotAuthenticated | NotAllowed | NotFound,
    strawberry.union("SuggestedReviewersResult"),
]


def _pool_key(row: PoolRow) -> list[str]:
    return [row.created_at.isoformat(), str(row.id)]


@strawberry.type
class GovernanceQuery:
    @strawberry.field(
        description="Operators: the reviewer pool, filtered by field of expertise (a level-1 "
        "code finds its sectors too), the affiliation's province and availability."
    )
    @payload
    async def reviewers(
        self,
        info: Info,
        field: str | None = None,
        province: str | None = None,
        available: bool | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ReviewersResult:
        ctx = info.context
        uc.require_pool_access(await ctx.actor())
        v = Validator()
        if field is not None and field_by_code(field) is None:
            v.add("field", ValidationCode.INVALID_CHOICE, "is not a field code")
        if province is not None and province_by_code(province) is None:
            v.add("province", ValidationCode.INVALID_CHOICE, "is not a known province code")
        v.check()
        scope = f"reviewers:{field}:{province}:{available}"
        page = page_request(scope, first, after)
        rows = await ctx.uow.reviewer_pool.page(
            field_code=field,
            province_code=province,
            available=available,
            after=page.after,
            first=page.first,
        )
        return ReviewerPoolType(
            reviewers=build_connection(
                scope,
                rows,
                page.first,
                node=lambda r: ReviewerProfileType.from_domain(r.member),
                key=_pool_key,
            )
        )

    @strawberry.field(
        description="Operators of the initiative's province: reviewers ranked for it, and the "
        "ones excluded for a conflict of interest with their reasons."
    )
    @payload
    async def suggested_reviewers(
        self, info: Info, initiative_id: relay.GlobalID, first: int = 10
    ) -> SuggestedReviewersResult:
        ctx = info.context
        space = ctx.deps.vector_space or VectorSpace.default()
        found = await uc.suggest_reviewers(
            ctx.uow,
            await ctx.actor(),
            parse_global_id(initiative_id, "Initiative", "initiativeId"),
            first=first,
            model=space.model,
        )
        return SuggestedReviewersType.build(found.suggested, found.excluded)
