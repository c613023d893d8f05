"""Matching queries: suppliers for a need, opportunities for a fund, needs for an offer,
near-duplicates of a listing, and the commercialisation potential. Each resolver parses its
arguments, calls the use case (`domain.services.matching`, which says who may ask) and maps
the answer; answers only ever hold public listings.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import FieldError, NotFound, ValidationError, to_payload
from api.matching.types import (
    CommercialisationPotential,
    CommercialisationPotentialResult,
    FitCheckType,
    MatchedListingType,
    MatchedOpportunities,
    MatchedOpportunitiesResult,
    MatchingNeeds,
    MatchingNeedsResult,
    PotentialComponentType,
    RecommendedSuppliers,
    RecommendedSuppliersResult,
    SimilarListings,
    SimilarListingsResult,
    SimilarListingType,
    SupplierRecommendationType,
)
from db.repositories.matching_reader import SqlMatchingReader
from domain import errors as domain_errors
from domain.accounts import Actor
from domain.errors import ValidationCode
from domain.services import matching as use_cases
from domain.services.ranking import Matcher, is_likely_duplicate
from matching.recommend import HybridRanker
from matching.vectors import VectorSpace

MAX_FIRST = 50
_KINDS = {"Initiative": "initiative", "TechnologyOffer": "offer", "Need": "need"}


def _invalid(path: str, code: ValidationCode, message: str) -> ValidationError:
    return ValidationError(
        message="The input is not valid.",
        fields=[FieldError(path=[path], code=code, message=message)],
    )


def _check_first(first: int) -> ValidationError | None:
    if 1 <= first <= MAX_FIRST:
        return None
    return _invalid("first", ValidationCode.OUT_OF_RANGE, f"must be between 1 and {MAX_FIRST}")


def _uuid(global_id: relay.GlobalID, types: dict[str, str], path: str) -> tuple[str, UUID] | Any:
    kind = types.get(global_id.type_name)
    if kind is None:
        wanted = " or ".join(types)
        return _invalid(path, ValidationCode.INVALID_FORMAT, f"is not the id of a {wanted}")
    try:
        return kind, UUID(global_id.node_id)
    except ValueError:
        return _invalid(path, ValidationCode.INVALID_FORMAT, "is not a valid id")


async def _ask(
    info: Info, first: int | None, global_id: relay.GlobalID, types: dict[str, str], path: str
) -> tuple[str, UUID, Actor] | ValidationError:
    """The checked arguments and who asks, or what is wrong with the arguments."""
    if first is not None and (bad := _check_first(first)) is not None:
        return bad
    parsed = _uuid(global_id, types, path)
    if isinstance(parsed, ValidationError):
        return parsed
    kind, raw = parsed
    return kind, raw, await info.context.actor_or_anonymous()


def _failure(error: domain_errors.DomainError, what: str) -> Any:
    """A use case's refusal as a payload member; a listing one may not see reads as absent."""
    if isinstance(error, domain_errors.NotFound):
        return NotFound(message=f"No such {what}.")
    return to_payload(error)


def _matcher(info: Info) -> Matcher:
    space: VectorSpace = info.context.deps.extras.get("vector_space") or VectorSpace.default()
    frequencies = info.context.deps.extras.get("term_frequencies")
    reader = SqlMatchingReader(info.context.session, frequencies)
    return Matcher(reader, HybridRanker(), space.model)


@strawberry.type
class MatchingQuery:
    @strawberry.field(
        description=(
            "Supplier organisations ranked for a need, each explained by its best-matching "
            "public listings. For the need's organisation and operators."
        )
    )
    async def recommended_suppliers(
        self, info: Info, need_id: relay.GlobalID, first: int = 10
    ) -> RecommendedSuppliersResult:
        asked = await _ask(info, first, need_id, {"Need": "need"}, "needId")
        if isinstance(asked, ValidationError):
            return asked
        _, raw, actor = asked
        try:
            found = await use_cases.recommend_suppliers(
                info.context.uow, _matcher(info), actor, raw, first
            )
        except domain_errors.DomainError as error:
            return _failure(error, "need")
        return RecommendedSuppliers(
            embedded=found.embedded,
            suppliers=[
                SupplierRecommendationType(
                    rank=i + 1,
                    score=round(s.score, 4),
                    deal_count=s.deals,
                    best_listings=[MatchedListingType.from_domain(m) for m in s.best_listings],
                    checks=[FitCheckType.from_domain(c) for c in s.checks],
                    _organization_id=s.organization_id,
                )
                for i, s in enumerate(found.suppliers)
            ],
        )

    @strawberry.field(
        description=(
            "Initiatives and offers seeking investment that fit a fund's thesis, TRL range, "
            "ticket size and provinces. For the fund's members and operators."
        )
    )
    async def matched_opportunities(
        self, info: Info, fund_id: relay.GlobalID, first: int = 10
    ) -> MatchedOpportunitiesResult:
        types = {"FundProfile": "fund", "Organization": "org"}
        asked = await _ask(info, first, fund_id, types, "fundId")
        if isinstance(asked, ValidationError):
            return asked
        kind, raw, actor = asked
        try:
            found = await use_cases.matched_opportunities(
                info.context.uow,
                _matcher(info),
                actor,
                fund_id=raw if kind == "fund" else None,
                organization_id=raw if kind == "org" else None,
                first=first,
            )
        except domain_errors.DomainError as error:
            return _failure(error, "fund")
        return MatchedOpportunities(
            embedded=found.embedded,
            opportunities=[MatchedListingType.from_domain(m) for m in found.listings],
        )

    @strawberry.field(
        description="Open needs an offer could answer. For the offer's organisation and operators."
    )
    async def matching_needs(
        self, info: Info, offer_id: relay.GlobalID, first: int = 10
    ) -> MatchingNeedsResult:
        asked = await _ask(info, first, offer_id, {"TechnologyOffer": "offer"}, "offerId")
        if isinstance(asked, ValidationError):
            return asked
        _, raw, actor = asked
        try:
            found = await use_cases.matching_needs(
                info.context.uow, _matcher(info), actor, raw, first
            )
        except domain_errors.DomainError as error:
            return _failure(error, "offer")
        return MatchingNeeds(
            embedded=found.embedded,
            needs=[MatchedListingType.from_domain(m) for m in found.listings],
        )

    @strawberry.field(
        description=(
            "Public listings of the same kind most similar to this one, to flag likely "
            "duplicates when it is submitted. For its organisation and operators."
        )
    )
    async def similar_listings(
        self, info: Info, id: relay.GlobalID, first: int = 5
    ) -> SimilarListingsResult:
        asked = await _ask(info, first, id, _KINDS, "id")
        if isinstance(asked, ValidationError):
            return asked
        kind, listing_id, actor = asked
        try:
            found = await use_cases.similar_listings(
                info.context.uow,
                _matcher(info),
                actor,
                kind=kind,
                listing_id=listing_id,
                first=first,
            )
        except domain_errors.DomainError as error:
            return _failure(error, "listing")
        return SimilarListings(
            embedded=found.embedded,
            listings=[
                SimilarListingType(
                    listing=MatchedListingType.from_domain(m),
                    likely_duplicate=is_likely_duplicate(m),
                )
                for m in found.listings
            ],
        )

    @strawberry.field(
        description=(
            "Commercialisation potential (0-100) of an initiative or offer, with its "
            "components. Public listings: anyone; others: their organisation and operators."
        )
    )
    async def commercialisation_potential(
        self, info: Info, listing_id: relay.GlobalID
    ) -> CommercialisationPotentialResult:
        types = {"Initiative": "initiative", "TechnologyOffer": "offer"}
        asked = await _ask(info, None, listing_id, types, "listingId")
        if isinstance(asked, ValidationError):
            return asked
        kind, raw, actor = asked
        try:
            result = await use_cases.commercialisation_potential(
                info.context.uow, _matcher(info), actor, kind, raw
            )
        except domain_errors.DomainError as error:
            return _failure(error, "listing")
        return CommercialisationPotential(
            listing_id=listing_id,
            score=result.score,
            components=[PotentialComponentType.from_domain(c) for c in result.components],
        )
