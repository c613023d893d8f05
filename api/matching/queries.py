"""Matching queries: suppliers for a need, opportunities for a fund, needs for an offer,
near-duplicates of a listing, and the commercialisation potential. Each resolver parses its
arguments, calls the use case (`domain.services.matching`, which says who may ask) and maps
the answer; answers only ever hold public listings.
"""

from __future__ import annotations

from uuid import UUID

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import NotFound, payload
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
from api.matching.usage import record_use
from api.relay import invalid_input
from db.repositories.matching_reader import SqlMatchingReader
from domain import errors as domain_errors
from domain.accounts import Actor
from domain.errors import ValidationCode
from domain.matching_usage import MatchingQueryName as Q
from domain.services import matching as use_cases
from domain.services.ranking import Matcher, is_likely_duplicate
from matching.recommend import HybridRanker
from matching.vectors import VectorSpace

MAX_FIRST = 50
_KINDS = {"Initiative": "initiative", "TechnologyOffer": "offer", "Need": "need"}


def _uuid(global_id: relay.GlobalID, types: dict[str, str], path: str) -> tuple[str, UUID]:
    kind = types.get(global_id.type_name)
    if kind is None:
        wanted = " or ".join(types)
        raise invalid_input((path,), ValidationCode.INVALID_FORMAT, f"is not the id of a {wanted}")
    try:
        return kind, UUID(global_id.node_id)
    except ValueError as error:
        raise invalid_input((path,), ValidationCode.INVALID_FORMAT, "is not a valid id") from error


async def _ask(
    info: Info, first: int | None, global_id: relay.GlobalID, types: dict[str, str], path: str
) -> tuple[str, UUID, Actor]:
    """The checked arguments and who asks; raises InvalidInput for bad arguments."""
    if first is not None and not 1 <= first <= MAX_FIRST:
        raise invalid_input(
            ("first",), ValidationCode.OUT_OF_RANGE, f"must be between 1 and {MAX_FIRST}"
        )
    kind, raw = _uuid(global_id, types, path)
    return kind, raw, await info.context.actor_or_anonymous()


def _no_such(what: str) -> NotFound:
    """A listing one may not see reads as absent, with the message of a missing one."""
    return NotFound(message=f"No such {what}.")


def _matcher(info: Info) -> Matcher:
    deps = info.context.deps
    space = deps.vector_space or VectorSpace.default()
    reader = SqlMatchingReader(info.context.session, deps.term_frequencies)
    return Matcher(reader, HybridRanker(), space.model)


@strawberry.type
class MatchingQuery:
    @strawberry.field(
        description=(
            "Supplier organisations ranked for a need, each explained by its best-matching "
            "public listings. For the need's organisation and operators."
        )
    )
    @payload
    async def recommended_suppliers(
        self, info: Info, need_id: relay.GlobalID, first: int = 10
    ) -> RecommendedSuppliersResult:
        _, raw, actor = await _ask(info, first, need_id, {"Need": "need"}, "needId")
        try:
            found = await use_cases.recommend_suppliers(
                info.context.uow, _matcher(info), actor, raw, first
            )
        except domain_errors.NotFound:
            return _no_such("need")
        await record_use(info, Q.RECOMMENDED_SUPPLIERS, "need", raw)
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
    @payload
    async def matched_opportunities(
        self, info: Info, fund_id: relay.GlobalID, first: int = 10
    ) -> MatchedOpportunitiesResult:
        types = {"FundProfile": "fund", "Organization": "org"}
        kind, raw, actor = await _ask(info, first, fund_id, types, "fundId")
        try:
            found = await use_cases.matched_opportunities(
                info.context.uow,
                _matcher(info),
                actor,
                fund_id=raw if kind == "fund" else None,
                organization_id=raw if kind == "org" else None,
                first=first,
            )
        except domain_errors.NotFound:
            return _no_such("fund")
        await record_use(info, Q.MATCHED_OPPORTUNITIES, kind, raw)
        return MatchedOpportunities(
            embedded=found.embedded,
            opportunities=[MatchedListingType.from_domain(m) for m in found.listings],
        )

    @strawberry.field(
        description="Open needs an offer could answer. For the offer's organisation and operators."
    )
    @payload
    async def matching_needs(
        self, info: Info, offer_id: relay.GlobalID, first: int = 10
    ) -> MatchingNeedsResult:
        _, raw, actor = await _ask(info, first, offer_id, {"TechnologyOffer": "offer"}, "offerId")
        try:
            found = await use_cases.matching_needs(
                info.context.uow, _matcher(info), actor, raw, first
            )
        except domain_errors.NotFound:
            return _no_such("offer")
        await record_use(info, Q.MATCHING_NEEDS, "offer", raw)
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
    @payload
    async def similar_listings(
        self, info: Info, id: relay.GlobalID, first: int = 5
    ) -> SimilarListingsResult:
        kind, listing_id, actor = await _ask(info, first, id, _KINDS, "id")
        try:
            found = await use_cases.similar_listings(
                info.context.uow,
                _matcher(info),
                actor,
                kind=kind,
                listing_id=listing_id,
                first=first,
            )
        except domain_errors.NotFound:
            return _no_such("listing")
        await record_use(info, Q.SIMILAR_LISTINGS, kind, listing_id)
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
    @payload
    async def commercialisation_potential(
        self, info: Info, listing_id: relay.GlobalID
    ) -> CommercialisationPotentialResult:
        types = {"Initiative": "initiative", "TechnologyOffer": "offer"}
        kind, raw, actor = await _ask(info, None, listing_id, types, "listingId")
        try:
            result = await use_cases.commercialisation_potential(
                info.context.uow, _matcher(info), actor, kind, raw
            )
        except domain_errors.NotFound:
            return _no_such("listing")
        await record_use(info, Q.COMMERCIALISATION_POTENTIAL, kind, raw)
        return CommercialisationPotential(
            listing_id=listing_id,
            score=result.score,
            components=[PotentialComponentType.from_domain(c) for c in result.components],
        )
