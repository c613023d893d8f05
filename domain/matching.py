"""Ports of the matcher and the values that cross them: the embedder, the reader of stored
vectors, lexical relevance and public listing facts, and the ranker that fuses scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final, Protocol
from uuid import UUID

from domain.fit_checks import FitCheck

SUPPLIER: Final = "supplier"
LISTING_KINDS: Final = ("initiative", "offer")


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors of a fixed dimension."""

    @property
    def model_name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str], *, query: bool = False) -> list[list[float]]:
        """Blocking: callers in async code run it in a worker thread. `query`: the texts ask
        (needs, fund theses) rather than answer (listings); models trained with query and
        passage prefixes (e5) use it, others ignore it."""
        ...


# --- what the reader returns ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueryVector:
    vector: list[float]
    dimension: int
    # of the stored subject's public text (domain/language.py); None when unknown or unstored
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Similar:
    kind: str
    id: UUID
    organization_id: UUID
    similarity: float


@dataclass(frozen=True, slots=True)
class LexicalTerm:
    term: str  # folded lexeme, as in search_vector, or adjacent lexemes joined by a space
    document_frequency: int
    idf: float
    exact: tuple[str, ...] = ()  # the query's own spellings of it, diacritics kept
    exact_gain: float = 1.0  # idf of those spellings over the folded term's idf

    @property
    def is_phrase(self) -> bool:
        return " " in self.term


def lexical_coverage(terms: Sequence[LexicalTerm]) -> float:
    """Share of a query's information (idf mass) carried by words that some listing has.

    An English question against Vietnamese listings shares almost no words with any of them
    (coverage near 0): a lexical score then ranks on a few names and numbers and is mostly
    noise. A query in the listings' language scores near 1. No terms at all: 1 (nothing to
    discount). Language-agnostic: it needs no language detection, only document frequencies.
    """
    words = [t for t in terms if not t.is_phrase]  # a phrase restates its words
    total = sum(t.idf for t in words)
    if total <= 0:
        return 1.0
    return sum(t.idf for t in words if t.document_frequency > 0) / total


def phrase_information(phrase: LexicalTerm, words: Mapping[str, LexicalTerm]) -> LexicalTerm:
    """The phrase weighted by what it says beyond its rarer word: idf(a b) - max(idf(a),
    idf(b)), at least 0. A Vietnamese word written as two syllables ("mặt trời") says much more
    than either syllable; an English pair of rare words ("zinc deficiency") little more than
    its rarer word, which already counts (notes/vietnamese-matching.md, section 5)."""
    known = [words[w].idf for w in phrase.term.split(" ") if w in words]
    rarer = max(known, default=0.0)
    return replace(phrase, idf=max(phrase.idf - rarer, 0.0))


@dataclass(frozen=True, slots=True)
class LexicalHit:
    kind: str
    id: UUID
    organization_id: UUID | None
    score: float
    matched: tuple[str, ...]  # lexemes of the query found in the listing's public text


@dataclass(frozen=True, slots=True)
class ListingFacts:
    """The public facts of a public listing that explanations and fit checks use."""

    kind: str
    id: UUID
    organization_id: UUID
    organization_name: str
    title: str
    status: str
    trl: int | None = None
    field_code: str | None = None
    province_code: str | None = None
    ip_status: str | None = None
    price_min_vnd: int | None = None
    price_max_vnd: int | None = None
    deadline: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SimilaritySpread:
    count: int
    mean: float
    std: float  # population standard deviation


@dataclass(frozen=True, slots=True)
class Portfolios:
    listings: list[tuple[ListingFacts, float | None]]  # (public facts, similarity or None)
    deals: dict[UUID, int]  # recorded deals per organisation that has any


class MatchingReader(Protocol):
    """Reads for ranking. Every answer holds public listings only."""

    async def query_vector(self, kind: str, subject_id: UUID, model: str) -> QueryVector | None:
        """The subject's vector: the normalised mean of its chunks (None if not embedded)."""
        ...

    async def nearest(
        self, model: str, query: QueryVector, kinds: Sequence[str], limit: int
    ) -> list[Similar]:
        """Public subjects of `kinds` nearest to `query` (best chunk per subject)."""
        ...

    async def similarities(
        self, model: str, query: QueryVector, kinds: Sequence[str], *, ids: Sequence[UUID]
    ) -> list[Similar]:
        """Exact best-chunk similarity of the named public subjects."""
        ...

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
        """For each named public need, mean and spread of its similarity to public offers and
        initiatives of `language` (any when None), `exclude` left out, at most `sample` of
        each kind (always the same ones): what a comparable listing scores on that need."""
        ...

    async def portfolios(
        self, model: str, query: QueryVector | None, organization_ids: Sequence[UUID]
    ) -> Portfolios:
        """Every public offer and initiative of the organisations, with its similarity to
        `query` (None without a vector), and each organisation's recorded deals."""
        ...

    async def analyse(self, query_text: str, *, phrases: bool = False) -> list[LexicalTerm]:
        """The query's distinct lexemes with their document frequency and idf; with
        `phrases`, also its pairs of adjacent lexemes found in some document."""
        ...

    async def covered_terms(self, terms: Sequence[str], kinds: Sequence[str]) -> set[str]:
        """The terms that some public document of one of `kinds` holds (the document
        frequencies of `analyse` count every kind, the query's own document included)."""
        ...

    async def lexical(
        self,
        terms: Sequence[LexicalTerm],
        kinds: Sequence[str],
        limit: int,
        *,
        ids: Sequence[UUID] | None = None,
    ) -> list[LexicalHit]:
        """Best public listings of `kinds` for `terms` (only `ids` when given)."""
        ...

    async def listing_facts(self, kind: str, ids: Sequence[UUID]) -> list[ListingFacts]:
        """Public facts of the *public* listings among `ids` (others are left out)."""
        ...

    async def deal_counts(self, organization_ids: Sequence[UUID]) -> dict[UUID, int]: ...

    async def interest_counts(self, listing_ids: Sequence[UUID]) -> dict[UUID, int]:
        """Expressions of interest in each listing that were not declined."""
        ...

    async def fund_organization(self, fund_id: UUID) -> UUID | None:
        """The organisation owning the fund profile `fund_id`."""
        ...


# --- what the ranker takes and gives -----------------------------------------------------------


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


class Ranker(Protocol):
    """Fuses a query's candidates into an explained ranking (numeric work lives in matching/)."""

    def rank_listings(
        self,
        candidates: Sequence[Candidate],
        query_text: str,
        first: int,
        *,
        lexical_coverage: float = 1.0,
    ) -> list[MatchedListing]:
        """The `first` best candidates by hybrid score; `lexical_coverage` (in [0, 1], see
        `lexical_coverage`) scales the weight of the lexical component."""
        ...

    def rank_suppliers(
        self,
        candidates: Sequence[Candidate],
        deals: Mapping[UUID, int],
        query_text: str,
        first: int,
    ) -> list[SupplierMatch]:
        """The `first` best owners of the candidates, scores comparable across queries."""
        ...

    def as_written(self, matched: Iterable[str], query_text: str) -> tuple[str, ...]:
        """Matched lexemes as the query wrote them, without repeats."""
        ...
