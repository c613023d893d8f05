"""Queries of the review."""

from __future__ import annotations

import strawberry
from strawberry import relay

from api.context import Info
from api.relay import Connection, build_connection, page_request, parse_global_id
from api.review.types import InitiativeReviewType, ReviewAssignmentType
from domain.services.accounts import require_user


@strawberry.type
class ReviewQuery:
    @strawberry.field(
        description="The review of an initiative the caller may read (null otherwise)."
    )
    async def initiative_review(
        self, info: Info, initiative_id: relay.GlobalID
    ) -> InitiativeReviewType | None:
        initiative_uuid = parse_global_id(initiative_id, "Initiative", "initiativeId")
        actor = await info.context.actor_or_anonymous()
        found = await info.context.loaders.initiative_by_id(actor).load(initiative_uuid)
        return InitiativeReviewType(initiative_id=found.id) if found else None

    @strawberry.field(description="The signed-in reviewer's assignments, newest first.")
    async def my_review_assignments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ReviewAssignmentType]:
        user_id = require_user(await info.context.actor())
        scope = "my_review_assignments"
        page = page_request(scope, first, after)
        found = await info.context.uow.review.reviewer_page(
            user_id, after=page.after, first=page.first
        )
        return build_connection(
            scope,
            found,
            page.first,
            node=ReviewAssignmentType.from_domain,
        )
