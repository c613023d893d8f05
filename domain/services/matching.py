"""Matching use cases: who may ask, what the query is, and the ranking it gets.

================================  ===================================================
use case                          asked by
================================  ===================================================
recommend_suppliers(need)         members of the need's organisation, operators
matched_opportunities(fund)       members of the fund's organisation, operators
matching_needs(offer)             members of the offer's organisation, operators
similar_listings(listing)         members of the listing's organisation, operators
commercialisation_potential       anyone for a public listing; else owner and operators
================================  ===================================================

Answers only ever hold public listings (the reader reads public listings only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar, cast
from uuid import UUID

from domain.accounts import Actor
from domain.errors import NotAllowed, NotAllowedCode, NotFound
from domain.fit_checks import FundCriteria, NeedCriteria
from domain.listings import (
    INITIATIVE_PUBLIC,
    OFFER_PUBLIC,
    Initiative,
    InitiativeStatus,
    Need,
    NeedContent,
    NeedStatus,
    OfferContent,
    OfferStatus,
    TechnologyOffer,
)
from domain.matching import (
    ListingFacts,
    MatchedListing,
    QueryVector,
    SimilaritySpread,
    SupplierMatch,
)
from domain.potential import (
    PULL_MIN_PEERS,
    PULL_NEEDS,
    PULL_SAMPLE,
    Potential,
    combine,
    interest_component,
    ip_component,
    market_pull_component,
    trl_component,
)
from domain.services.listings.ports import ListingRepositories
from domain.services.ranking import Matcher

# Listings a fund may invest in: public initiatives not yet commercialised, listed offers.
SEEKING_INVESTMENT = frozenset(
    {InitiativeStatus.PUBLISHED.value, InitiativeStatus.COMMERCIALISING.value}
    | {OfferStatus.LISTED.value}
)
OPEN_NEEDS = frozenset({NeedStatus.OPEN.value})


# The repositories the matching use cases read subjects from.
MatchingListings = ListingRepositories


@dataclass(frozen=True, slots=True)
class SupplierRecommendations:
    embedded: bool  # False while the need waits for the worker: lexical only
    suppliers: list[SupplierMatch]


@dataclass(frozen=True, slots=True)
class ListingMatches:
    embedded: bool
    listings: list[MatchedListing]


def public_text(*parts: str | Iterable[str] | None) -> str:
    """Public fields as one text, one per line; empty ones left out."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.append(part)
        elif part:
            out.extend(p for p in part if p)
    return "\n".join(out)


def need_public_text(c: NeedContent) -> str:
    return public_text(c.title, c.problem_statement, c.desired_outcome, c.constraints, c.keywords)


def offer_public_text(c: OfferContent) -> str:
    return public_text(c.title, c.summary, c.terms, c.keywords)


def _not_member(what: str) -> NotAllowed:
    return NotAllowed(
        NotAllowedCode.NOT_A_MEMBER, f"Only the {what}'s organisation and operators may ask."
    )


def _owner_or_staff(actor: Actor, organization_id: UUID) -> bool:
    return actor.is_authenticated and (actor.is_staff or actor.member_of(organization_id))


class _Owned(Protocol):
    @property
    def organization_id(self) -> UUID: ...


OwnedT = TypeVar("OwnedT", bound=_Owned)


def _signed_in(actor: Actor, what: str) -> None:
    if not actor.is_authenticated:
        raise _not_member(what)


def _asked_by_owner(actor: Actor, found: OwnedT | None, what: str, key: object) -> OwnedT:
    """`found` when the actor is of its organisation or an operator."""
    if found is None:
        raise NotFound(what.capitalize(), key)
    if not _owner_or_staff(actor, found.organization_id):
        raise _not_member(what)
    return found


async def recommend_suppliers(
    listings: MatchingListings, matcher: Matcher, actor: Actor, need_id: UUID, first: int
) -> SupplierRecommendations:
    _signed_in(actor, "need")
    need = _asked_by_owner(actor, await listings.needs.get(need_id), "need", need_id)
    query = await matcher.query("need", need.id, need_public_text(need.content))
    c = need.content
    found = await matcher.suppliers_for_need(
        query,
        NeedCriteria(c.min_trl, c.field_code, c.province_code),
        need_organization_id=need.organization_id,
        first=first,
    )
    return SupplierRecommendations(embedded=query.vector is not None, suppliers=found)


async def matched_opportunities(
    listings: MatchingListings,
    matcher: Matcher,
    actor: Actor,
    *,
    fund_id: UUID | None = None,
    organization_id: UUID | None = None,
    first: int,
) -> ListingMatches:
    """The fund is named by its profile (`fund_id`) or by its organisation."""
    _signed_in(actor, "fund")
    if fund_id is not None:
        organization_id = await matcher.reader.fund_organization(fund_id)
    fund = (
        await listings.funds.get_by_organization(organization_id)
        if organization_id is not None
        else None
    )
    fund = _asked_by_owner(actor, fund, "fund", fund_id or organization_id)
    t = fund.content
    query = await matcher.query("fund", fund.id, t.thesis)
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
    return ListingMatches(embedded=query.vector is not None, listings=found)


async def matching_needs(
    listings: MatchingListings, matcher: Matcher, actor: Actor, offer_id: UUID, first: int
) -> ListingMatches:
    _signed_in(actor, "offer")
    offer = _asked_by_owner(actor, await listings.offers.get(offer_id), "offer", offer_id)
    query = await matcher.query("offer", offer.id, offer_public_text(offer.content))
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
    return ListingMatches(embedded=query.vector is not None, listings=found)


async def similar_listings(
    listings: MatchingListings,
    matcher: Matcher,
    actor: Actor,
    *,
    kind: str,
    listing_id: UUID,
    first: int,
) -> ListingMatches:
    """`kind`: initiative, offer or need."""
    _signed_in(actor, "listing")
    found: Initiative | TechnologyOffer | Need | None
    if kind == "initiative":
        found = await listings.initiatives.get(listing_id)
    elif kind == "offer":
        found = await listings.offers.get(listing_id)
    else:
        found = await listings.needs.get(listing_id)
    # mypy joins the union to the bound; the value is the one passed in
    listing = cast(
        Initiative | TechnologyOffer | Need, _asked_by_owner(actor, found, "listing", listing_id)
    )
    c = listing.content
    text = public_text(
        c.title,
        getattr(c, "summary", None),
        getattr(c, "problem_statement", None),
        c.keywords,
    )
    query = await matcher.query(kind, listing_id, text)
    ranked = await matcher.similar_listings(query, kind, listing_id, first)
    return ListingMatches(embedded=query.vector is not None, listings=ranked)


async def _open_needs_matched(
    matcher: Matcher, kind: str, listing_id: UUID, organization_id: UUID, vector: QueryVector
) -> tuple[list[tuple[float, SimilaritySpread]], str | None]:
    """The listing's best open needs of other organisations, each with its similarity to
    comparable public listings, and the language those are in (None: any)."""
    reader = matcher.reader
    near = await reader.nearest(matcher.model, vector, ("need",), 4 * PULL_NEEDS)
    open_needs = {
        f.id
        for f in await reader.listing_facts("need", [s.id for s in near])
        if f.status in OPEN_NEEDS and f.organization_id != organization_id
    }
    best = sorted((s for s in near if s.id in open_needs), key=lambda s: -s.similarity)
    best = best[:PULL_NEEDS]
    if not best:
        return [], vector.language

    async def spreads(language: str | None) -> dict[UUID, SimilaritySpread]:
        return await reader.listing_spreads(
            matcher.model,
            [s.id for s in best],
            dimension=vector.dimension,
            language=language,
            exclude=(kind, listing_id),
            sample=PULL_SAMPLE,
        )

    language = vector.language
    found = await spreads(language)
    # Too few listings of its language: compare with listings of any language instead.
    if language is not None and min((r.count for r in found.values()), default=0) < PULL_MIN_PEERS:
        language = None
        found = await spreads(None)
    none = SimilaritySpread(0, 0.0, 0.0)
    return [(s.similarity, found.get(s.id, none)) for s in best], language


async def commercialisation_potential(
    listings: MatchingListings, matcher: Matcher, actor: Actor, kind: str, listing_id: UUID
) -> Potential:
    """`kind`: initiative or offer. A listing the actor may not see is not found; market pull
    needs its stored vector (0 until the worker has embedded it)."""
    listing = await (
        listings.initiatives.get(listing_id)
        if kind == "initiative"
        else listings.offers.get(listing_id)
    )
    if listing is None:
        raise NotFound("Listing", listing_id)
    public = listing.status in (INITIATIVE_PUBLIC if kind == "initiative" else OFFER_PUBLIC)
    if not public and not _owner_or_staff(actor, listing.organization_id):
        raise NotFound("Listing", listing_id)
    reader = matcher.reader
    vector = await reader.query_vector(kind, listing_id, matcher.model)
    matches, language = (
        await _open_needs_matched(matcher, kind, listing_id, listing.organization_id, vector)
        if vector is not None
        else ([], None)
    )
    interest = (await reader.interest_counts([listing_id])).get(listing_id, 0)
    return combine(
        [
            trl_component(listing.content.trl),
            ip_component(listing.content.ip_status.value),
            market_pull_component(matches, language),
            interest_component(interest),
        ]
    )
