"""Matching queries: suppliers for a need, opportunities for a fund, needs for an offer,
near-duplicates of a listing, and the commercialisation potential.

Who may ask (checked here, before anything is ranked):

================================  ===================================================
query                             asked by
================================  ===================================================
recommendedSuppliers(needId)      members of the need's organisation, operators
matchedOpportunities(fundId)      members of the fund's organisation, operators
matchingNeeds(offerId)            members of the offer's organisation, operators
similarListings(id)               members of the listing's organisation, operators
commercialisationPotential(id)    anyone for a public listing; else owner and operators
================================  ===================================================

Answers only ever hold public listings (`matching.recommend`).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from api.context import Info
from api.errors import FieldError, NotAllowed, NotFound, ValidationError
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
from db.repositories.matching import ListingFacts, SqlMatchingReader
from domain.accounts import Actor
from domain.errors import NotAllowedCode, ValidationCode
from domain.listings import (
    INITIATIVE_PUBLIC,
    OFFER_PUBLIC,
    InitiativeStatus,
    Need,
    NeedStatus,
    OfferStatus,
    TechnologyOffer,
)
from matching.potential import commercialisation_potential
from matching.recommend import (
    FundCriteria,
    Matcher,
    MatchQuery,
    NeedCriteria,
    is_likely_duplicate,
)
from matching.vectors import VectorSpace

MAX_FIRST = 50
# Listings a fund may invest in: public initiatives not yet commercialised, listed offers.
SEEKING_INVESTMENT = frozenset(
    {InitiativeStatus.PUBLISHED.value, InitiativeStatus.COMMERCIALISING.value}
    | {OfferStatus.LISTED.value}
)
OPEN_NEEDS = frozenset({NeedStatus.OPEN.value})
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


def _not_allowed(what: str) -> NotAllowed:
    return NotAllowed(
        message=f"Only the {what}'s organisation and operators may ask.",
        code=NotAllowedCode.NOT_A_MEMBER,
    )


def _owner_or_staff(actor: Actor, organization_id: UUID) -> bool:
    return actor.is_authenticated and (actor.is_staff or actor.member_of(organization_id))


def _matcher(info: Info) -> Matcher:
    deps = info.context.deps
    space = deps.vector_space or VectorSpace.default()
    return Matcher(SqlMatchingReader(info.context.session, deps.term_frequencies), space.model)


def _join(*parts: Any) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, tuple | list):
            out.extend(str(p) for p in part if p)
        elif part:
            out.append(str(part))
    return "\n".join(out)


def need_public_text(need: Need) -> str:
    c = need.content
    return _join(c.title, c.problem_statement, c.desired_outcome, c.constraints, c.keywords)


def offer_public_text(offer: TechnologyOffer) -> str:
    c = offer.content
    return _join(c.title, c.summary, c.terms, c.keywords)


async def _query(matcher: Matcher, kind: str, subject_id: UUID, public_text: str) -> MatchQuery:
    vector = await matcher.reader.query_vector(kind, subject_id, matcher.model)
    return MatchQuery(vector=vector, text=public_text)


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
        if (bad := _check_first(first)) is not None:
            return bad
        parsed = _uuid(need_id, {"Need": "need"}, "needId")
        if isinstance(parsed, ValidationError):
            return parsed
        actor = await info.context.actor_or_anonymous()
        if not actor.is_authenticated:
            return _not_allowed("need")
        need = await info.context.uow.needs.get(parsed[1])
        if need is None:
            return NotFound(message="No such need.")
        if not _owner_or_staff(actor, need.organization_id):
            return _not_allowed("need")
        matcher = _matcher(info)
        query = await _query(matcher, "need", need.id, need_public_text(need))
        c = need.content
        found = await matcher.suppliers_for_need(
            query,
            NeedCriteria(c.min_trl, c.field_code, c.province_code),
            need_organization_id=need.organization_id,
            first=first,
        )
        return RecommendedSuppliers(
            embedded=query.vector is not None,
            suppliers=[
                SupplierRecommendationType(
                    rank=i + 1,
                    score=round(s.score, 4),
                    deal_count=s.deals,
                    best_listings=[MatchedListingType.from_domain(m) for m in s.best_listings],
                    checks=[FitCheckType.from_domain(c) for c in s.checks],
                    _organization_id=s.organization_id,
                )
                for i, s in enumerate(found)
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
        if (bad := _check_first(first)) is not None:
            return bad
        parsed = _uuid(fund_id, {"FundProfile": "fund", "Organization": "org"}, "fundId")
        if isinstance(parsed, ValidationError):
            return parsed
        actor = await info.context.actor_or_anonymous()
        if not actor.is_authenticated:
            return _not_allowed("fund")
        matcher = _matcher(info)
        kind, raw = parsed
        organization_id = raw if kind == "org" else await matcher.reader.fund_organization(raw)
        fund = (
            await info.context.uow.funds.get_by_organization(organization_id)
            if organization_id is not None
            else None
        )
        if fund is None:
            return NotFound(message="No such fund.")
        if not _owner_or_staff(actor, fund.organization_id):
            return _not_allowed("fund")
        t = fund.content
        query = await _query(matcher, "fund", fund.id, t.thesis)
        found = await matcher.opportunities_for_fund(
            query,
            FundCriteria(
                field_codes=t.field_codes,
                trl_min=t.trl_min,
                trl_max=t.trl_max,
                ticket_min_vnd=t.ticket_min_vnd,
                ticket_max_vnd=t.ticket_max_vnd,
                province_codes=t.province_codes,
            ),
            fund_organization_id=fund.organization_id,
            seeking_statuses=SEEKING_INVESTMENT,
            first=first,
        )
        return MatchedOpportunities(
            embedded=query.vector is not None,
            opportunities=[MatchedListingType.from_domain(m) for m in found],
        )

    @strawberry.field(
        description="Open needs an offer could answer. For the offer's organisation and operators."
    )
    async def matching_needs(
        self, info: Info, offer_id: relay.GlobalID, first: int = 10
    ) -> MatchingNeedsResult:
        if (bad := _check_first(first)) is not None:
            return bad
        parsed = _uuid(offer_id, {"TechnologyOffer": "offer"}, "offerId")
        if isinstance(parsed, ValidationError):
            return parsed
        actor = await info.context.actor_or_anonymous()
        if not actor.is_authenticated:
            return _not_allowed("offer")
        offer = await info.context.uow.offers.get(parsed[1])
        if offer is None:
            return NotFound(message="No such offer.")
        if not _owner_or_staff(actor, offer.organization_id):
            return _not_allowed("offer")
        matcher = _matcher(info)
        query = await _query(matcher, "offer", offer.id, offer_public_text(offer))
        c = offer.content
        facts = ListingFacts(
            kind="offer",
            id=offer.id,
            organization_id=offer.organization_id,
            organization_name="",
            title=c.title,
            status=offer.status.value,
            trl=c.trl,
            field_code=c.field_code,
            province_code=c.province_code,
            ip_status=c.ip_status.value,
        )
        found = await matcher.needs_for_offer(query, facts, open_statuses=OPEN_NEEDS, first=first)
        return MatchingNeeds(
            embedded=query.vector is not None,
            needs=[MatchedListingType.from_domain(m) for m in found],
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
        if (bad := _check_first(first)) is not None:
            return bad
        parsed = _uuid(id, _KINDS, "id")
        if isinstance(parsed, ValidationError):
            return parsed
        actor = await info.context.actor_or_anonymous()
        if not actor.is_authenticated:
            return _not_allowed("listing")
        kind, listing_id = parsed
        uow = info.context.uow
        listing = await {
            "initiative": uow.initiatives.get,
            "offer": uow.offers.get,
            "need": uow.needs.get,
        }[kind](listing_id)
        if listing is None:
            return NotFound(message="No such listing.")
        if not _owner_or_staff(actor, listing.organization_id):
            return _not_allowed("listing")
        c: Any = listing.content
        text = _join(
            c.title,
            getattr(c, "summary", None),
            getattr(c, "problem_statement", None),
            c.keywords,
        )
        matcher = _matcher(info)
        query = await _query(matcher, kind, listing_id, text)
        found = await matcher.similar_listings(query, kind, listing_id, first)
        return SimilarListings(
            embedded=query.vector is not None,
            listings=[
                SimilarListingType(
                    listing=MatchedListingType.from_domain(m),
                    likely_duplicate=is_likely_duplicate(m),
                )
                for m in found
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
        parsed = _uuid(
            listing_id, {"Initiative": "initiative", "TechnologyOffer": "offer"}, "listingId"
        )
        if isinstance(parsed, ValidationError):
            return parsed
        kind, raw = parsed
        uow = info.context.uow
        listing = await (uow.initiatives.get(raw) if kind == "initiative" else uow.offers.get(raw))
        if listing is None:
            return NotFound(message="No such listing.")
        public = listing.status in (INITIATIVE_PUBLIC if kind == "initiative" else OFFER_PUBLIC)
        actor = await info.context.actor_or_anonymous()
        if not public and not _owner_or_staff(actor, listing.organization_id):
            return NotFound(message="No such listing.")
        matcher = _matcher(info)
        result = await commercialisation_potential(
            matcher.reader,
            matcher.model,
            kind=kind,
            listing_id=raw,
            organization_id=listing.organization_id,
            trl=listing.content.trl,
            ip_status=listing.content.ip_status.value,
        )
        return CommercialisationPotential(
            listing_id=listing_id,
            score=result.score,
            components=[PotentialComponentType.from_domain(c) for c in result.components],
        )
