"""The ranking flow of the matcher: gather public candidates through the reader port, check
their fit, and let the ranker fuse and explain them.

1. **Candidates.** A query (a need, a fund thesis, an offer) has the stored vector the worker
   made for it and its public text. Candidates are the union of its ``candidate_limit``
   nearest public listings and its ``candidate_limit`` lexically best public listings (the
   query's rarest terms); each gets both components exactly ("no shared term" stays missing).
   For suppliers, `supplier_candidates` listings from each component (and, when asked, the
   ``profile_candidates`` nearest portfolio profiles: off in requests, on in the evaluation)
   only *find* suppliers; each is then judged on its *whole public portfolio*.
2. **Fit checks** (`domain.fit_checks`) are attached to every candidate.
3. **Fusion** and explanations are the ranker's (`matching.recommend`): listings by the
   hybrid score, suppliers by pooled cosine less a fit penalty, comparable across needs.
   Before a need is embedded, suppliers are ranked on the hybrid (lexical) score alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final
from uuid import UUID

from domain.fit_checks import (
    FitCheck,
    FundCriteria,
    NeedCriteria,
    fund_checks,
    need_checks,
    offer_need_checks,
)
from domain.matching import (
    LISTING_KINDS,
    SUPPLIER,
    Candidate,
    LexicalHit,
    LexicalTerm,
    ListingFacts,
    MatchedListing,
    MatchingReader,
    QueryVector,
    Ranker,
    Similar,
    SupplierMatch,
    lexical_coverage,
    phrase_information,
)

DEFAULT_CANDIDATES: Final = 50  # per component; the evaluation uses more (BENCHMARKS.md)
# Suppliers found by their portfolio profile as well as through their listings: off in
# requests because the profile kNN is the slowest read (notes/matching-research.md);
# `innovex evaluate` turns it on so every rated supplier gets a score.
DEFAULT_PROFILE_CANDIDATES: Final = 0
MAX_QUERY_TERMS: Final = 24  # rarest terms of a query used for lexical relevance
MAX_QUERY_PHRASES: Final = 16  # and rarest pairs of adjacent terms (0: words only)
DUPLICATE_SIMILARITY: Final = 0.9  # cosine above which a listing is flagged as a likely copy


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """What is matched: the stored vector of a subject (None if not embedded yet) and the
    public text used for lexical relevance and matched terms."""

    vector: QueryVector | None
    text: str


@dataclass
class Matcher:
    """Gathers, checks and ranks candidates for one query."""

    reader: MatchingReader
    ranker: Ranker
    model: str
    candidate_limit: int = DEFAULT_CANDIDATES
    max_query_terms: int = MAX_QUERY_TERMS
    max_query_phrases: int = MAX_QUERY_PHRASES
    profile_candidates: int = DEFAULT_PROFILE_CANDIDATES
    _analysis: dict[str, list[LexicalTerm]] = field(default_factory=dict, repr=False)

    async def query(self, kind: str, subject_id: UUID, public_text: str) -> MatchQuery:
        vector = await self.reader.query_vector(kind, subject_id, self.model)
        return MatchQuery(vector=vector, text=public_text)

    async def candidates(
        self,
        query: MatchQuery,
        kinds: Sequence[str],
        *,
        exclude_ids: Iterable[UUID] = (),
        exclude_organizations: Iterable[UUID] = (),
    ) -> list[Candidate]:
        """Public listings of `kinds` with both components (checks left empty)."""
        excluded_ids = set(exclude_ids)
        excluded_orgs = set(exclude_organizations)
        sims: dict[UUID, Similar] = {}
        if query.vector is not None:
            for s in await self.reader.nearest(
                self.model, query.vector, kinds, self.candidate_limit
            ):
                sims[s.id] = s
        terms = await self._terms(query.text)
        lex: dict[UUID, LexicalHit] = {
            h.id: h for h in await self.reader.lexical(terms, kinds, self.candidate_limit)
        }
        wanted = (set(sims) | set(lex)) - excluded_ids
        missing_sim = sorted(wanted - set(sims))
        if missing_sim and query.vector is not None:
            for s in await self.reader.similarities(
                self.model, query.vector, kinds, ids=missing_sim
            ):
                sims[s.id] = s
        missing_lex = sorted(wanted - set(lex))
        if missing_lex and terms:
            for h in await self.reader.lexical(terms, kinds, len(missing_lex), ids=missing_lex):
                lex[h.id] = h
        out: list[Candidate] = []
        for kind in kinds:
            ids = sorted(i for i in wanted if (sims[i].kind if i in sims else lex[i].kind) == kind)
            for facts in await self.reader.listing_facts(kind, ids):
                if facts.organization_id in excluded_orgs:
                    continue
                sim, hit = sims.get(facts.id), lex.get(facts.id)
                out.append(
                    Candidate(
                        facts=facts,
                        similarity=None if sim is None else sim.similarity,
                        lexical=None if hit is None else hit.score,
                        matched=() if hit is None else hit.matched,
                    )
                )
        return out

    async def _analysed(self, query_text: str) -> list[LexicalTerm]:
        if query_text not in self._analysis:
            self._analysis[query_text] = await self.reader.analyse(
                query_text, phrases=self.max_query_phrases > 0
            )
        return self._analysis[query_text]

    async def _terms(self, query_text: str) -> list[LexicalTerm]:
        """The query's rarest terms and phrases that some listing has (others cannot match)."""
        terms = [t for t in await self._analysed(query_text) if t.document_frequency > 0]
        by_term = {t.term: t for t in terms if not t.is_phrase}
        terms = [phrase_information(t, by_term) if t.is_phrase else t for t in terms]
        terms.sort(key=lambda t: (-t.idf, t.term))
        words = [t for t in terms if not t.is_phrase][: self.max_query_terms]
        phrases = [t for t in terms if t.is_phrase and t.idf > 0]
        return words + phrases[: self.max_query_phrases]

    async def coverage(self, query: MatchQuery, kinds: Sequence[str]) -> float:
        """`domain.matching.lexical_coverage` of the query's text over documents of `kinds`:
        a term only the query's own document (a need is indexed too) or other kinds hold
        covers nothing (notes/vietnamese-matching.md, section 3)."""
        terms = await self._analysed(query.text)
        seen = [t.term for t in terms if t.document_frequency > 0 and not t.is_phrase]
        covered = await self.reader.covered_terms(seen, kinds) if seen else set()
        return lexical_coverage(
            [t if t.term in covered else replace(t, document_frequency=0) for t in terms]
        )

    async def suppliers_for_need(
        self,
        query: MatchQuery,
        need: NeedCriteria,
        *,
        need_organization_id: UUID,
        first: int,
    ) -> list[SupplierMatch]:
        if query.vector is None:
            # Not embedded yet: suppliers of the lexically best listings, on lexical scores.
            found = await self.candidates(
                query, LISTING_KINDS, exclude_organizations=(need_organization_id,)
            )
            deals = await self.reader.deal_counts(sorted({c.facts.organization_id for c in found}))
            checked = [
                replace(c, checks=need_checks(need, c.facts, deals.get(c.facts.organization_id, 0)))
                for c in found
            ]
            return await self._rank_suppliers(checked, deals, query, first, terms=None)
        # Found through nearest listings, lexically best listings and (when asked) nearest
        # portfolio profiles; judged on the whole public portfolio, read in one statement.
        limit = supplier_candidates(first, self.candidate_limit)
        nearest = await self.reader.nearest(self.model, query.vector, LISTING_KINDS, limit)
        terms = await self._terms(query.text)
        lexical = await self.reader.lexical(terms, LISTING_KINDS, limit)
        profiles = (
            await self.reader.nearest(
                self.model, query.vector, (SUPPLIER,), self.profile_candidates
            )
            if self.profile_candidates > 0
            else []
        )
        orgs = {s.organization_id for s in nearest} | {p.organization_id for p in profiles}
        orgs |= {h.organization_id for h in lexical if h.organization_id}
        orgs.discard(need_organization_id)
        portfolios = await self.reader.portfolios(self.model, query.vector, sorted(orgs))
        deals = portfolios.deals
        found = [
            Candidate(
                facts=facts,
                similarity=sim,
                checks=need_checks(need, facts, deals.get(facts.organization_id, 0)),
            )
            for facts, sim in portfolios.listings
        ]
        return await self._rank_suppliers(found, deals, query, first, terms=terms)

    async def _rank_suppliers(
        self,
        checked: list[Candidate],
        deals: Mapping[UUID, int],
        query: MatchQuery,
        first: int,
        *,
        terms: list[LexicalTerm] | None,
    ) -> list[SupplierMatch]:
        """Score and pool checked candidates; with `terms`, the lexical component and matched
        terms are read afterwards for the listings shown only (a supplier's score uses the
        cosine alone)."""
        ranked = self.ranker.rank_suppliers(checked, deals, query.text, first)
        shown = [m.id for s in ranked for m in s.best_listings]
        if not terms or not shown:
            return ranked
        hits = {
            h.id: h for h in await self.reader.lexical(terms, LISTING_KINDS, len(shown), ids=shown)
        }
        return [
            replace(
                s,
                best_listings=tuple(
                    self._with_lexical(m, hits.get(m.id), query.text) for m in s.best_listings
                ),
            )
            for s in ranked
        ]

    def _with_lexical(
        self, listing: MatchedListing, hit: LexicalHit | None, query_text: str
    ) -> MatchedListing:
        if hit is None:
            return listing
        matched = self.ranker.as_written(hit.matched, query_text)
        return replace(listing, lexical=hit.score, matched_terms=matched)

    async def opportunities_for_fund(
        self,
        query: MatchQuery,
        fund: FundCriteria,
        *,
        fund_organization_id: UUID,
        seeking_statuses: frozenset[str],
        first: int,
    ) -> list[MatchedListing]:
        return await self._checked_ranking(
            query,
            LISTING_KINDS,
            owner=fund_organization_id,
            statuses=seeking_statuses,
            check=lambda facts: fund_checks(fund, facts),
            first=first,
        )

    async def needs_for_offer(
        self,
        query: MatchQuery,
        offer: ListingFacts,
        *,
        open_statuses: frozenset[str],
        first: int,
    ) -> list[MatchedListing]:
        return await self._checked_ranking(
            query,
            ("need",),
            owner=offer.organization_id,
            statuses=open_statuses,
            check=lambda facts: offer_need_checks(offer, facts),
            first=first,
        )

    async def _checked_ranking(
        self,
        query: MatchQuery,
        kinds: Sequence[str],
        *,
        owner: UUID,
        statuses: frozenset[str],
        check: Callable[[ListingFacts], tuple[FitCheck, ...]],
        first: int,
    ) -> list[MatchedListing]:
        """Candidates of others in one of `statuses`, checked, by hybrid score."""
        found = await self.candidates(query, kinds, exclude_organizations=(owner,))
        checked = [replace(c, checks=check(c.facts)) for c in found if c.facts.status in statuses]
        coverage = await self.coverage(query, kinds)
        return self.ranker.rank_listings(checked, query.text, first, lexical_coverage=coverage)

    async def similar_listings(
        self, query: MatchQuery, kind: str, listing_id: UUID, first: int
    ) -> list[MatchedListing]:
        """Public listings of the same kind most like this one, by similarity."""
        found = await self.candidates(query, (kind,), exclude_ids=(listing_id,))
        coverage = await self.coverage(query, (kind,))
        ranked = self.ranker.rank_listings(found, query.text, len(found), lexical_coverage=coverage)
        ranked.sort(
            key=lambda m: (-(m.similarity if m.similarity is not None else -1.0), str(m.id))
        )
        return ranked[:first]


def supplier_candidates(first: int, candidate_limit: int) -> int:
    """Listings taken from each component to find suppliers for a ranking of `first`.

    A supplier owning none of the K nearest listings scores below the K-th cosine, so it can
    only enter the first `first` if fit penalties push at least that many found suppliers
    below it. Three listings per place asked (at least 30) leave that margin while keeping
    the portfolios read small; never more than `candidate_limit`."""
    return min(candidate_limit, max(30, 3 * first))


def is_likely_duplicate(listing: MatchedListing) -> bool:
    return listing.similarity is not None and listing.similarity >= DUPLICATE_SIMILARITY
