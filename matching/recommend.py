"""Hybrid ranking over the database: suppliers for a need, opportunities for a fund, needs for
an offer, near-duplicates of a listing.

How a ranking is made
---------------------
1. **Candidates.** The query (a need, a fund thesis, an offer) is embedded by the worker like
   any listing. Candidates are the union of its ``candidate_limit`` nearest public listings in
   pgvector (HNSW, cosine, best chunk per listing) and its ``candidate_limit`` best public
   listings by lexical relevance on the search backend's full-text index
   (`db.repositories.matching`: idf-weighted ``ts_rank`` over the query's rarest terms). For
   supplier ranking, `supplier_candidates` listings from each component (and, when asked, the
   ``profile_candidates`` suppliers whose portfolio profile is nearest: off in requests, on in
   the evaluation) only *find* suppliers; each is then judged on its *whole public portfolio*
   (`SqlMatchingReader.portfolios`: similarities, facts and deals in one statement), not on
   the listing that happened to be retrieved.
2. **Components.** Every listing candidate gets both components exactly (cosine similarity of its
   best chunk, lexical score; "no shared term" stays missing) and **fit checks**
   (`need_checks`, `fund_checks`, `offer_need_checks`): TRL at least the need's minimum (or in
   the fund's range), field, province, IP status, ticket size, and the supplier's track record
   of recorded deals. Each check passes, fails or does not apply (unknown data never fails).
3. **Fusion** follows the research engineer's formula (`matching/fusion.py`,
   notes/matching-research.md). *Listings* (offers for a need, opportunities for a fund,
   needs for an offer): `hybrid_scores`, both relevance components z-scored over the
   candidates, mixed with ``w_sem`` = 0.5, minus ``fit_penalty`` (1 standard deviation) times
   the share of failed checks. *Suppliers*: a supplier's score must be comparable across
   needs, so it is pooled (`pool_suppliers`, default ``max``) from each listing's *raw* cosine
   similarity minus ``SUPPLIER_FIT_PENALTY`` (0.1, about one standard deviation of a need's
   candidate cosines) times the share of failed checks; per-need z-scores were the most
   damaging choice measured on the expert set. Lexical relevance still finds suppliers
   (candidates) and explains them (matched terms); before a need is embedded, suppliers are
   ranked on the hybrid score alone.
4. **Explanations** are built from public facts only: titles of public listings, the
   cosine similarity, the query's words found in the listing's *public* search document, and
   the checks. Confidential text influences similarity (it is embedded) but nothing derived
   from it is ever returned.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final
from uuid import UUID

import numpy as np

from db.repositories.matching import (
    LISTING_KINDS,
    SUPPLIER,
    LexicalHit,
    LexicalTerm,
    ListingFacts,
    QueryVector,
    Similar,
    SqlMatchingReader,
)
from domain.listings import IpStatus
from domain.taxonomy import field_by_code
from domain.text import fold
from matching.fusion import FloatArray, HybridWeights, hybrid_scores, pool_suppliers

DEFAULT_CANDIDATES: Final = 50  # per component; the evaluation used 100 (BENCHMARKS.md)
# Suppliers found by their portfolio profile (kNN over `supplier` vectors) on top of those
# found through their listings. Off in requests: at 100k offers / 20k suppliers the profile
# kNN costs ~60 ms on 2 cores (HNSW iterative scan through a mixed index); `innovex evaluate`
# turns it on so every rated supplier gets a score.
DEFAULT_PROFILE_CANDIDATES: Final = 0
MAX_QUERY_TERMS: Final = 24  # rarest terms of a query used for lexical relevance
BEST_LISTINGS: Final = 3  # listings shown per supplier
DUPLICATE_SIMILARITY: Final = 0.9  # cosine above which a listing is flagged as a likely copy
SUPPLIER_FIT_PENALTY: Final = 0.1  # cosine units: a supplier failing every check loses 0.1
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


# --- fit checks -------------------------------------------------------------------------------


class CheckName(enum.StrEnum):
    TRL = "trl"
    FIELD = "field"
    PROVINCE = "province"
    IP_STATUS = "ip_status"
    TRACK_RECORD = "track_record"
    TICKET_SIZE = "ticket_size"


class CheckOutcome(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"  # the data to decide is missing on either side


@dataclass(frozen=True, slots=True)
class FitCheck:
    name: CheckName
    outcome: CheckOutcome
    detail: str


def _na(name: CheckName, detail: str) -> FitCheck:
    return FitCheck(name, CheckOutcome.NOT_APPLICABLE, detail)


def _verdict(name: CheckName, ok: bool, passed: str, failed: str) -> FitCheck:
    return FitCheck(
        name, CheckOutcome.PASSED if ok else CheckOutcome.FAILED, passed if ok else failed
    )


def check_trl_at_least(trl: int | None, minimum: int | None) -> FitCheck:
    if minimum is None:
        return _na(CheckName.TRL, "no minimum TRL asked")
    if trl is None:
        return _na(CheckName.TRL, "TRL not stated")
    return _verdict(
        CheckName.TRL, trl >= minimum, f"TRL {trl} ≥ {minimum}", f"TRL {trl} < {minimum}"
    )


def check_trl_within(trl: int | None, low: int | None, high: int | None) -> FitCheck:
    if low is None and high is None:
        return _na(CheckName.TRL, "no TRL range set")
    if trl is None:
        return _na(CheckName.TRL, "TRL not stated")
    lo, hi = low or 1, high or 9
    return _verdict(
        CheckName.TRL, lo <= trl <= hi, f"TRL {trl} in {lo}-{hi}", f"TRL {trl} outside {lo}-{hi}"
    )


def _field_family(code: str) -> str:
    found = field_by_code(code)
    if found is None:
        return code
    return found.parent_code or found.code


def check_field(code: str | None, wanted: Iterable[str]) -> FitCheck:
    """Passes when the listing's sector is one wanted, or in the same level-1 field."""
    wanted = tuple(w for w in wanted if w)
    if not wanted:
        return _na(CheckName.FIELD, "no field asked")
    if code is None:
        return _na(CheckName.FIELD, "field not stated")
    families = {_field_family(w) for w in wanted}
    ok = code in wanted or _field_family(code) in families
    return _verdict(CheckName.FIELD, ok, f"field {code} matches", f"field {code} differs")


def check_province(code: str | None, wanted: Iterable[str]) -> FitCheck:
    wanted = tuple(w for w in wanted if w)
    if not wanted:
        return _na(CheckName.PROVINCE, "no province asked")
    if code is None:
        return _na(CheckName.PROVINCE, "province not stated")
    return _verdict(
        CheckName.PROVINCE, code in wanted, f"in {code}", f"in {code}, not {', '.join(wanted)}"
    )


def check_ip(ip_status: str | None) -> FitCheck:
    """Protected technology (patent filed or granted, or a trade secret) can be licensed."""
    if ip_status is None:
        return _na(CheckName.IP_STATUS, "IP status not stated")
    protected = ip_status in {
        IpStatus.GRANTED.value,
        IpStatus.APPLICATION_FILED.value,
        IpStatus.TRADE_SECRET.value,
    }
    return _verdict(CheckName.IP_STATUS, protected, f"IP {ip_status}", "no IP protection declared")


def check_track_record(deals: int) -> FitCheck:
    return _verdict(
        CheckName.TRACK_RECORD,
        deals > 0,
        f"{deals} recorded deal{'s' if deals != 1 else ''}",
        "no recorded deal yet",
    )


def check_ticket(
    price_min: int | None, price_max: int | None, ticket_min: int | None, ticket_max: int | None
) -> FitCheck:
    """The listing's asking range overlaps the fund's ticket range."""
    if ticket_min is None and ticket_max is None:
        return _na(CheckName.TICKET_SIZE, "no ticket size set")
    if price_min is None and price_max is None:
        return _na(CheckName.TICKET_SIZE, "no price stated")
    p_lo, p_hi = price_min or 0, price_max if price_max is not None else math.inf
    t_lo, t_hi = ticket_min or 0, ticket_max if ticket_max is not None else math.inf
    return _verdict(
        CheckName.TICKET_SIZE,
        p_lo <= t_hi and t_lo <= p_hi,
        "asking price within the ticket size",
        "asking price outside the ticket size",
    )


@dataclass(frozen=True, slots=True)
class NeedCriteria:
    min_trl: int | None = None
    field_code: str | None = None
    province_code: str | None = None


@dataclass(frozen=True, slots=True)
class FundCriteria:
    field_codes: tuple[str, ...] = ()
    trl_min: int | None = None
    trl_max: int | None = None
    ticket_min_vnd: int | None = None
    ticket_max_vnd: int | None = None
    province_codes: tuple[str, ...] = ()


def need_checks(need: NeedCriteria, listing: ListingFacts, deals: int) -> tuple[FitCheck, ...]:
    """A supplier's listing against a need."""
    facts = (listing.trl, listing.field_code, listing.province_code, listing.ip_status)
    return _need_checks(need, facts, deals)


@functools.lru_cache(maxsize=4096)
def _need_checks(
    need: NeedCriteria,
    facts: tuple[int | None, str | None, str | None, str | None],
    deals: int,
) -> tuple[FitCheck, ...]:
    # Memoised on the few facts checks read: a need's ~500 portfolio listings share a handful
    # of (TRL, field, province, IP) combinations, and checks are immutable.
    trl, field_code, province_code, ip_status = facts
    return (
        check_trl_at_least(trl, need.min_trl),
        check_field(field_code, (need.field_code,) if need.field_code else ()),
        check_province(province_code, (need.province_code,) if need.province_code else ()),
        check_ip(ip_status),
        check_track_record(deals),
    )


def fund_checks(fund: FundCriteria, listing: ListingFacts) -> tuple[FitCheck, ...]:
    """An initiative or offer against a fund's thesis."""
    return (
        check_trl_within(listing.trl, fund.trl_min, fund.trl_max),
        check_field(listing.field_code, fund.field_codes),
        check_province(listing.province_code, fund.province_codes),
        check_ticket(
            listing.price_min_vnd, listing.price_max_vnd, fund.ticket_min_vnd, fund.ticket_max_vnd
        ),
        check_ip(listing.ip_status),
    )


def offer_need_checks(offer: ListingFacts, need: ListingFacts) -> tuple[FitCheck, ...]:
    """An open need (its facts: `trl` is the need's minimum) against an offer."""
    return (
        check_trl_at_least(offer.trl, need.trl),
        check_field(offer.field_code, (need.field_code,) if need.field_code else ()),
        check_province(offer.province_code, (need.province_code,) if need.province_code else ()),
    )


def fit_value(checks: Iterable[FitCheck]) -> float:
    """Share of the applicable checks that passed; 1 when none applies."""
    known = [
        1.0 if c.outcome is CheckOutcome.PASSED else 0.0
        for c in checks
        if c.outcome is not CheckOutcome.NOT_APPLICABLE
    ]
    return sum(known) / len(known) if known else 1.0


# --- explanations -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A public listing scored for one query: components and checks."""

    facts: ListingFacts
    similarity: float | None = None
    lexical: float | None = None
    matched: tuple[str, ...] = ()  # query lexemes found in the public search document
    checks: tuple[FitCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class MatchedListing:
    """A listing in an answer, with why it is there. Public facts only."""

    kind: str
    id: UUID
    organization_id: UUID
    organization_name: str
    title: str
    score: float
    similarity: float | None
    lexical: float | None
    matched_terms: tuple[str, ...]
    checks: tuple[FitCheck, ...]


@dataclass(frozen=True, slots=True)
class SupplierMatch:
    organization_id: UUID
    organization_name: str
    score: float
    deals: int
    best_listings: tuple[MatchedListing, ...]
    checks: tuple[FitCheck, ...]


def surface_words(query_text: str) -> dict[str, str]:
    """Folded word -> the word as written in the query (first occurrence)."""
    out: dict[str, str] = {}
    for word in _WORD.findall(query_text):
        out.setdefault(fold(word), word)
    return out


def _as_written(matched: Iterable[str], words: Mapping[str, str]) -> tuple[str, ...]:
    """Matched lexemes as the query wrote them, without repeats."""
    return tuple(dict.fromkeys(words.get(t, t) for t in matched))


def explain(candidate: Candidate, score: float, words: Mapping[str, str]) -> MatchedListing:
    f = candidate.facts
    return MatchedListing(
        kind=f.kind,
        id=f.id,
        organization_id=f.organization_id,
        organization_name=f.organization_name,
        title=f.title,
        score=score,
        similarity=candidate.similarity,
        lexical=candidate.lexical,
        matched_terms=_as_written(candidate.matched, words),
        checks=candidate.checks,
    )


def _with_lexical(
    listing: MatchedListing, hit: LexicalHit | None, words: Mapping[str, str]
) -> MatchedListing:
    if hit is None:
        return listing
    return replace(listing, lexical=hit.score, matched_terms=_as_written(hit.matched, words))


def fuse(candidates: Sequence[Candidate], weights: HybridWeights) -> FloatArray:
    """`matching.fusion.hybrid_scores` over the candidates of one query."""
    if not candidates:
        return np.zeros(0)
    sem = np.array([np.nan if c.similarity is None else c.similarity for c in candidates])
    lex = np.array([np.nan if c.lexical is None else c.lexical for c in candidates])
    fit = np.array([fit_value(c.checks) for c in candidates])
    if np.isnan(sem).all() and not np.isnan(lex).all():
        sem, lex = lex, np.full_like(lex, np.nan)  # no vector yet: lexical alone
    lexical = None if np.isnan(lex).all() else lex
    return hybrid_scores(sem, lexical, fit, weights)


def supplier_scores(candidates: Sequence[Candidate], weights: HybridWeights) -> FloatArray:
    """Per-listing scores for supplier pooling: raw cosine minus the fit penalty (comparable
    across needs); NaN for a listing without a vector. Before anything is embedded, the
    hybrid (lexical) score stands in."""
    if not candidates:
        return np.zeros(0)
    sem = np.array([np.nan if c.similarity is None else c.similarity for c in candidates])
    if np.isnan(sem).all():
        return fuse(candidates, weights)
    fit = np.array([fit_value(c.checks) for c in candidates])
    out: FloatArray = sem + SUPPLIER_FIT_PENALTY * (fit - 1.0)
    return out


def _or_lowest(score: float) -> float:
    return -math.inf if math.isnan(score) else score


def rank_listings(
    candidates: Sequence[Candidate], scores: FloatArray, query_text: str, first: int
) -> list[MatchedListing]:
    words = surface_words(query_text)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], str(candidates[i].facts.id)))
    return [explain(candidates[i], float(scores[i]), words) for i in order[:first]]


def rank_suppliers(
    candidates: Sequence[Candidate],
    scores: FloatArray,
    deals: Mapping[UUID, int],
    query_text: str,
    first: int,
) -> list[SupplierMatch]:
    """Pool listing scores per supplier (`pool_suppliers`, the research default: max) and
    explain each supplier by its best listings and the checks of its best listing plus its
    track record. `scores` must be comparable across needs (`supplier_scores`)."""
    if not candidates:
        return []
    owners = [str(c.facts.organization_id) for c in candidates]
    pooled = pool_suppliers(scores, owners)
    words = surface_words(query_text)
    by_owner: dict[str, list[int]] = {}
    for i, owner in enumerate(owners):
        by_owner.setdefault(owner, []).append(i)
    ranked = sorted(pooled, key=lambda o: (-pooled[o], o))[:first]
    out: list[SupplierMatch] = []
    for owner in ranked:
        idx = sorted(
            by_owner[owner],
            key=lambda i: (-_or_lowest(float(scores[i])), str(candidates[i].facts.id)),
        )
        best = tuple(explain(candidates[i], float(scores[i]), words) for i in idx[:BEST_LISTINGS])
        org_id = UUID(owner)
        out.append(
            SupplierMatch(
                organization_id=org_id,
                organization_name=candidates[idx[0]].facts.organization_name,
                score=float(pooled[owner]),
                deals=deals.get(org_id, 0),
                best_listings=best,
                checks=best[0].checks,
            )
        )
    return out


# --- gathering candidates from the database ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """What is matched: the stored vector of a subject (None if not embedded yet) and the
    public text used for lexical relevance and matched terms."""

    vector: QueryVector | None
    text: str


@dataclass
class Matcher:
    """Gathers and scores candidates for one query. SQL lives in `SqlMatchingReader`."""

    reader: SqlMatchingReader
    model: str
    weights: HybridWeights = field(default_factory=HybridWeights)
    candidate_limit: int = DEFAULT_CANDIDATES
    max_query_terms: int = MAX_QUERY_TERMS
    profile_candidates: int = DEFAULT_PROFILE_CANDIDATES

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

    async def _terms(self, query_text: str) -> list[LexicalTerm]:
        terms = await self.reader.analyse(query_text)
        terms.sort(key=lambda t: (-t.idf, t.term))
        return terms[: self.max_query_terms]

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
        # Suppliers are found through their nearest listings, their lexically best listings
        # and (when asked) their nearest portfolio profiles; then each is judged on its whole
        # public portfolio, read with the similarities and the facts in one statement.
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
        ranked = rank_suppliers(
            checked, supplier_scores(checked, self.weights), deals, query.text, first
        )
        shown = [m.id for s in ranked for m in s.best_listings]
        if not terms or not shown:
            return ranked
        hits = {
            h.id: h for h in await self.reader.lexical(terms, LISTING_KINDS, len(shown), ids=shown)
        }
        words = surface_words(query.text)
        return [
            replace(
                s,
                best_listings=tuple(
                    _with_lexical(m, hits.get(m.id), words) for m in s.best_listings
                ),
            )
            for s in ranked
        ]

    async def opportunities_for_fund(
        self,
        query: MatchQuery,
        fund: FundCriteria,
        *,
        fund_organization_id: UUID,
        seeking_statuses: frozenset[str],
        first: int,
    ) -> list[MatchedListing]:
        found = await self.candidates(
            query, LISTING_KINDS, exclude_organizations=(fund_organization_id,)
        )
        checked = [
            replace(c, checks=fund_checks(fund, c.facts))
            for c in found
            if c.facts.status in seeking_statuses
        ]
        return rank_listings(checked, fuse(checked, self.weights), query.text, first)

    async def needs_for_offer(
        self,
        query: MatchQuery,
        offer: ListingFacts,
        *,
        open_statuses: frozenset[str],
        first: int,
    ) -> list[MatchedListing]:
        found = await self.candidates(
            query, ("need",), exclude_organizations=(offer.organization_id,)
        )
        checked = [
            replace(c, checks=offer_need_checks(offer, c.facts))
            for c in found
            if c.facts.status in open_statuses
        ]
        return rank_listings(checked, fuse(checked, self.weights), query.text, first)

    async def similar_listings(
        self, query: MatchQuery, kind: str, listing_id: UUID, first: int
    ) -> list[MatchedListing]:
        """Public listings of the same kind most like this one, by similarity."""
        found = await self.candidates(query, (kind,), exclude_ids=(listing_id,))
        scores = fuse(found, self.weights)
        ranked = rank_listings(found, scores, query.text, len(found))
        ranked.sort(
            key=lambda m: (-(m.similarity if m.similarity is not None else -1.0), str(m.id))
        )
        return ranked[:first]


def supplier_candidates(first: int, candidate_limit: int) -> int:
    """Listings taken from each component to find suppliers for a ranking of `first`.

    A supplier's score is the best cosine of its listings, less at most
    ``SUPPLIER_FIT_PENALTY``; a supplier owning none of the K nearest listings scores below
    the K-th cosine, so it can only enter the first `first` if fit penalties push at least
    that many found suppliers below it. Three listings per place asked (at least 30) leave
    that margin while halving the portfolios read at `first` = 10; never more than
    `candidate_limit`."""
    return min(candidate_limit, max(30, 3 * first))


def is_likely_duplicate(listing: MatchedListing) -> bool:
    return listing.similarity is not None and listing.similarity >= DUPLICATE_SIMILARITY
