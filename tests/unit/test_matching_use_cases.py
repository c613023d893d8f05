"""Matching use cases on a fake reader and fake repositories (no database, no model): who may
ask, what is read, and the ranking the fused scores give."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.accounts import Actor, MemberRole, PlatformRole
from domain.errors import NotAllowed, NotAllowedCode, NotFound
from domain.fit_checks import CheckName, CheckOutcome
from domain.listings import (
    IpStatus,
    Need,
    NeedContent,
    NeedStatus,
    OfferContent,
    OfferStatus,
    TechnologyOffer,
)
from domain.matching import (
    LexicalHit,
    LexicalTerm,
    ListingFacts,
    Portfolios,
    QueryVector,
    Similar,
    SimilaritySpread,
)
from domain.services import matching as uc
from domain.services.ranking import Matcher
from matching.recommend import SUPPLIER_FIT_PENALTY, HybridRanker

NOW = datetime(2025, 1, 1, tzinfo=UTC)
MODEL = "fake-model"


@dataclass
class FakeReader:
    """Public listings with a preset similarity to every query; records what was asked."""

    vectors: dict[UUID, QueryVector] = field(default_factory=dict)
    listings: dict[UUID, tuple[ListingFacts, float | None]] = field(default_factory=dict)
    deals: dict[UUID, int] = field(default_factory=dict)
    interest: dict[UUID, int] = field(default_factory=dict)
    terms: list[LexicalTerm] = field(default_factory=list)
    hits: dict[UUID, LexicalHit] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    # per need: (language, similarity) of each comparable public listing
    peers: dict[UUID, list[tuple[str, float]]] = field(default_factory=dict)

    def _public(self, kinds: Sequence[str]) -> list[tuple[ListingFacts, float]]:
        return [(f, s) for f, s in self.listings.values() if f.kind in kinds and s is not None]

    async def query_vector(self, kind: str, subject_id: UUID, model: str) -> QueryVector | None:
        self.calls.append("query_vector")
        return self.vectors.get(subject_id)

    async def nearest(
        self, model: str, query: QueryVector, kinds: Sequence[str], limit: int
    ) -> list[Similar]:
        self.calls.append("nearest")
        found = sorted(self._public(kinds), key=lambda p: -p[1])[:limit]
        return [Similar(f.kind, f.id, f.organization_id, s) for f, s in found]

    async def similarities(
        self, model: str, query: QueryVector, kinds: Sequence[str], *, ids: Sequence[UUID]
    ) -> list[Similar]:
        self.calls.append("similarities")
        return [
            Similar(f.kind, f.id, f.organization_id, s)
            for f, s in self._public(kinds)
            if f.id in ids
        ]

    async def listing_spreads(
        self,
        model: str,
        need_ids: Sequence[UUID],
        *,
        dimension: int,
        language: str | None,
        exclude: tuple[str, UUID],
        sample: int,
    ) -> dict[UUID, SimilaritySpread]:
        self.calls.append(f"listing_spreads:{language}")
        out: dict[UUID, SimilaritySpread] = {}
        for need_id in need_ids:
            sims = [s for g, s in self.peers.get(need_id, []) if language in (None, g)][:sample]
            if sims:
                out[need_id] = SimilaritySpread(
                    len(sims), statistics.fmean(sims), statistics.pstdev(sims)
                )
        return out

    async def portfolios(
        self, model: str, query: QueryVector | None, organization_ids: Sequence[UUID]
    ) -> Portfolios:
        self.calls.append("portfolios")
        listings = [
            (f, s)
            for f, s in self.listings.values()
            if f.organization_id in organization_ids and f.kind in ("offer", "initiative")
        ]
        deals = {o: n for o, n in self.deals.items() if o in organization_ids}
        return Portfolios(listings, deals)

    async def analyse(self, query_text: str, *, phrases: bool = False) -> list[LexicalTerm]:
        self.calls.append("analyse")
        return list(self.terms)

    async def covered_terms(self, terms: Sequence[str], kinds: Sequence[str]) -> set[str]:
        self.calls.append("covered_terms")
        return {t.term for t in self.terms if t.term in terms and t.document_frequency > 0}

    async def lexical(
        self,
        terms: Sequence[LexicalTerm],
        kinds: Sequence[str],
        limit: int,
        *,
        ids: Sequence[UUID] | None = None,
    ) -> list[LexicalHit]:
        self.calls.append("lexical")
        if not terms:
            return []
        hits = [h for h in self.hits.values() if h.kind in kinds and (ids is None or h.id in ids)]
        return sorted(hits, key=lambda h: -h.score)[:limit]

    async def listing_facts(self, kind: str, ids: Sequence[UUID]) -> list[ListingFacts]:
        self.calls.append("listing_facts")
        return [f for f, _ in self.listings.values() if f.kind == kind and f.id in ids]

    async def deal_counts(self, organization_ids: Sequence[UUID]) -> dict[UUID, int]:
        self.calls.append("deal_counts")
        return {o: n for o, n in self.deals.items() if o in organization_ids}

    async def interest_counts(self, listing_ids: Sequence[UUID]) -> dict[UUID, int]:
        self.calls.append("interest_counts")
        return {i: n for i, n in self.interest.items() if i in listing_ids}

    async def fund_organization(self, fund_id: UUID) -> UUID | None:
        self.calls.append("fund_organization")
        return None


@dataclass
class FakeRepository:
    rows: dict[UUID, Any] = field(default_factory=dict)

    async def get(self, key: UUID, *, for_update: bool = False) -> Any:
        return self.rows.get(key)

    async def get_by_organization(self, organization_id: UUID) -> Any:
        return next((r for r in self.rows.values() if r.organization_id == organization_id), None)


@dataclass
class FakeListings:
    initiatives: FakeRepository = field(default_factory=FakeRepository)
    offers: FakeRepository = field(default_factory=FakeRepository)
    needs: FakeRepository = field(default_factory=FakeRepository)
    funds: FakeRepository = field(default_factory=FakeRepository)


def need(org: UUID, **content: Any) -> Need:
    return Need(
        id=uuid4(),
        organization_id=org,
        created_by=None,
        content=NeedContent(title="Flood sensor", **content),
        status=NeedStatus.OPEN,
        created_at=NOW,
        updated_at=NOW,
        status_changed_at=NOW,
    )


def offer(org: UUID, status: OfferStatus = OfferStatus.LISTED, **content: Any) -> TechnologyOffer:
    return TechnologyOffer(
        id=uuid4(),
        organization_id=org,
        created_by=None,
        content=OfferContent(title="Water level sensor", **content),
        status=status,
        revision=1,
        expires_at=None,
        created_at=NOW,
        updated_at=NOW,
        status_changed_at=NOW,
    )


def listed(org: UUID, title: str, kind: str = "offer", **kw: Any) -> ListingFacts:
    return ListingFacts(kind, uuid4(), org, f"Org {title}", title, kw.pop("status", "listed"), **kw)


def member(org: UUID) -> Actor:
    return Actor(email_verified=True, user_id=uuid4(), memberships={org: MemberRole.MEMBER})


def matcher(reader: FakeReader) -> Matcher:
    return Matcher(reader, HybridRanker(), MODEL)


async def test_anonymous_and_outsiders_may_not_ask_and_nothing_is_ranked() -> None:
    asker = uuid4()
    listings = FakeListings()
    n = need(asker)
    listings.needs.rows[n.id] = n
    reader = FakeReader()

    with pytest.raises(NotAllowed) as anonymous:
        await uc.recommend_suppliers(listings, matcher(reader), Actor.anonymous(), n.id, 5)
    with pytest.raises(NotAllowed) as outsider:
        await uc.recommend_suppliers(listings, matcher(reader), member(uuid4()), n.id, 5)

    assert anonymous.value.code is NotAllowedCode.NOT_A_MEMBER
    assert outsider.value.message == "Only the need's organisation and operators may ask."
    assert reader.calls == []


async def test_a_missing_need_is_not_found() -> None:
    with pytest.raises(NotFound):
        await uc.recommend_suppliers(
            FakeListings(), matcher(FakeReader()), member(uuid4()), uuid4(), 5
        )


async def test_suppliers_are_ranked_by_their_best_listing_less_failed_checks() -> None:
    asker, hydro, lab, other = uuid4(), uuid4(), uuid4(), uuid4()
    n = need(asker, min_trl=6)
    listings = FakeListings()
    listings.needs.rows[n.id] = n
    gauge = listed(hydro, "Flood gauge", trl=7)
    sensor = listed(hydro, "Rain sensor", trl=7)
    early = listed(lab, "Lab prototype", trl=3)
    mine = listed(asker, "Our own offer", trl=9)
    cream = listed(other, "Skin cream", trl=9)
    reader = FakeReader(
        vectors={n.id: QueryVector([1.0, 0.0], 2)},
        listings={
            gauge.id: (gauge, 0.82),
            sensor.id: (sensor, 0.6),
            early.id: (early, 0.84),
            mine.id: (mine, 0.99),
            cream.id: (cream, 0.1),
        },
        deals={hydro: 2},
    )

    found = await uc.recommend_suppliers(listings, matcher(reader), member(asker), n.id, 2)

    assert found.embedded is True
    assert [s.organization_id for s in found.suppliers] == [hydro, lab]
    best = found.suppliers[0]
    assert [m.title for m in best.best_listings] == ["Flood gauge", "Rain sensor"]
    assert best.deals == 2
    assert {c.name: c.outcome for c in best.checks}[CheckName.TRACK_RECORD] is CheckOutcome.PASSED
    # The lab fails both checks that apply (TRL, track record): a full penalty.
    assert found.suppliers[1].score == pytest.approx(0.84 - SUPPLIER_FIT_PENALTY)
    assert "portfolios" in reader.calls


async def test_before_the_need_is_embedded_suppliers_come_from_lexical_relevance() -> None:
    asker, hydro = uuid4(), uuid4()
    n = need(asker)
    listings = FakeListings()
    listings.needs.rows[n.id] = n
    gauge = listed(hydro, "Flood gauge")
    reader = FakeReader(
        listings={gauge.id: (gauge, None)},
        terms=[LexicalTerm("flood", 1, 2.0)],
        hits={gauge.id: LexicalHit("offer", gauge.id, hydro, 1.5, ("flood",))},
    )

    found = await uc.recommend_suppliers(listings, matcher(reader), member(asker), n.id, 5)

    assert found.embedded is False
    [supplier] = found.suppliers
    assert supplier.organization_id == hydro
    assert supplier.best_listings[0].matched_terms == ("Flood",)
    assert "portfolios" not in reader.calls


async def test_matching_needs_keeps_open_needs_of_other_organisations() -> None:
    seller, buyer = uuid4(), uuid4()
    o = offer(seller, trl=7, field_code="202")
    listings = FakeListings()
    listings.offers.rows[o.id] = o
    fits = listed(buyer, "Dam monitoring", kind="need", status="open", trl=6)
    closed = listed(buyer, "Old tender", kind="need", status="closed")
    reader = FakeReader(
        vectors={o.id: QueryVector([1.0], 1)},
        listings={fits.id: (fits, 0.7), closed.id: (closed, 0.9)},
    )

    found = await uc.matching_needs(listings, matcher(reader), member(seller), o.id, 5)

    assert [m.title for m in found.listings] == ["Dam monitoring"]
    assert {c.name: c.outcome for c in found.listings[0].checks}[CheckName.TRL] is (
        CheckOutcome.PASSED
    )


async def test_potential_of_a_hidden_listing_reads_as_absent() -> None:
    seller = uuid4()
    draft = offer(seller, status=OfferStatus.DRAFT)
    listings = FakeListings()
    listings.offers.rows[draft.id] = draft
    reader = FakeReader()

    with pytest.raises(NotFound):
        await uc.commercialisation_potential(
            listings, matcher(reader), Actor.anonymous(), "offer", draft.id
        )
    assert reader.calls == []


async def test_potential_counts_open_needs_of_others_and_interest() -> None:
    seller, buyer = uuid4(), uuid4()
    o = offer(seller, trl=9, ip_status=IpStatus.GRANTED)
    listings = FakeListings()
    listings.offers.rows[o.id] = o
    strong = listed(buyer, "Dam monitoring", kind="need", status="open")
    own = listed(seller, "Our need", kind="need", status="open")
    # forty comparable Vietnamese listings score 0.29-0.31 on the strong need: at 0.7 the offer
    # stands 40 spreads above them, a full-strength match; forty English ones score higher
    vi_peers = [("vi", 0.29 + 0.02 * (i % 2)) for i in range(40)]
    reader = FakeReader(
        vectors={o.id: QueryVector([1.0], 1, "vi")},
        listings={strong.id: (strong, 0.7), own.id: (own, 0.7)},
        interest={o.id: 3},
        peers={strong.id: [*vi_peers, *[("other", 0.69)] * 40], own.id: vi_peers},
    )
    staff = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR}))

    result = await uc.commercialisation_potential(listings, matcher(reader), staff, "offer", o.id)

    parts = {c.name: c for c in result.components}
    assert parts["trl"].value == 1.0
    assert parts["ip_status"].value == 1.0
    assert parts["market_pull"].value == pytest.approx(0.2)  # the own need is left out
    assert parts["market_pull"].detail.endswith("comparable listings in Vietnamese)")
    assert "listing_spreads:vi" in reader.calls
    assert parts["interest"].detail == "3 expressions of interest"


async def test_potential_compares_with_any_language_when_its_own_has_too_few() -> None:
    seller, buyer = uuid4(), uuid4()
    o = offer(seller)
    listings = FakeListings()
    listings.offers.rows[o.id] = o
    need = listed(buyer, "Dam monitoring", kind="need", status="open")
    reader = FakeReader(
        vectors={o.id: QueryVector([1.0], 1, "other")},
        listings={need.id: (need, 0.7)},
        peers={need.id: [("other", 0.3)] * 3 + [("vi", 0.29 + 0.02 * (i % 2)) for i in range(40)]},
    )
    staff = Actor(email_verified=True, user_id=uuid4(), roles=frozenset({PlatformRole.OPERATOR}))

    result = await uc.commercialisation_potential(listings, matcher(reader), staff, "offer", o.id)

    pull = next(c for c in result.components if c.name == "market_pull")
    assert [c for c in reader.calls if c.startswith("listing_spreads")] == [
        "listing_spreads:other",
        "listing_spreads:None",
    ]
    assert pull.value == pytest.approx(0.2)
    assert pull.detail.endswith("comparable listings in any language)")


def test_need_text_joins_public_fields_only() -> None:
    c = NeedContent(
        title="Flood sensor",
        problem_statement="Rivers rise fast",
        constraints=None,
        keywords=("flood", "", "iot"),
    )
    assert uc.need_public_text(c) == "Flood sensor\nRivers rise fast\nflood\niot"
