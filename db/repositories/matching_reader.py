"""The matching reader (`domain.matching.MatchingReader`): kNN over pgvector, lexical
relevance over the full-text index, and the public facts fit checks need."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, func, null, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Float, Text

from db.repositories.lexical_spellings import exact_query, mean_length, with_exact_gain
from db.repositories.lexical_spellings import spellings as query_spellings
from db.repositories.lexical_sql import (
    COVERED_SQL,
    EXACT_RANK_WEIGHTS,
    FREQUENCIES_SQL,
    LEXEMES_SQL,
    LEXICAL_SCORING,
    LEXICAL_SQL,
    PHRASE_WEIGHT,
    PHRASES_SQL,
    RANK_NORMALIZATION,
    RANK_WEIGHTS,
    LexicalScoring,
    TermFrequencies,
    lexical_sql,
)
from db.repositories.vector_sql import (
    PUBLIC_STATUSES,
    SUBJECT_TABLES,
    listing_spreads_sql,
    model_literal,
    parse_vector,
    vector_literal,
)
from db.tables import connections, deal_parties, deals, fund_profiles, needs, organizations
from domain.matching import (
    LexicalHit,
    LexicalTerm,
    ListingFacts,
    Portfolios,
    QueryVector,
    Similar,
    SimilaritySpread,
)


class SqlMatchingReader:
    def __init__(
        self,
        session: AsyncSession,
        frequencies: TermFrequencies | None = None,
        scoring: LexicalScoring = LEXICAL_SCORING,
    ) -> None:
        self._session = session
        self._frequencies: TermFrequencies = {} if frequencies is None else frequencies
        self._scoring = scoring
        self._lexical_sql = LEXICAL_SQL if scoring == LEXICAL_SCORING else lexical_sql(scoring)

    # vectors

    async def query_vector(self, kind: str, subject_id: UUID, model: str) -> QueryVector | None:
        """The subject's vector: the normalised mean of its chunks (None if not embedded)."""
        row = (
            await self._session.execute(
                text(
                    """
                    SELECT min(dimension) AS dimension, count(*) AS n, min(language) AS language,
                           CAST(l2_normalize(avg(embedding)) AS text) AS v
                    FROM embeddings
                    WHERE subject_kind = :kind AND subject_id = :id AND model = :model
                    """
                ),
                {"kind": kind, "id": subject_id, "model": model},
            )
        ).one()
        if not row.n:
            return None
        return QueryVector(parse_vector(row.v), int(row.dimension), row.language)

    async def nearest(
        self,
        model: str,
        query: QueryVector,
        kinds: Sequence[str],
        limit: int,
        *,
        ef_search: int | None = None,
    ) -> list[Similar]:
        """Public subjects of `kinds` nearest to `query` (best chunk per subject), via HNSW.
        The search list is `ef_search`, by default the larger of 64 and `limit` (a short list
        is enough: the candidates are re-scored exactly)."""
        ef_search = ef_search if ef_search is not None else max(64, limit)
        dim = int(query.dimension)
        await self._session.execute(
            text(
                "SELECT set_config('hnsw.ef_search', :ef, true), "
                "set_config('hnsw.iterative_scan', 'relaxed_order', true)"
            ),
            {"ef": str(ef_search)},
        )
        rows = await self._session.execute(
            text(
                f"""
                SELECT subject_kind, subject_id, organization_id, max(sim) AS sim FROM (
                    SELECT subject_kind, subject_id, organization_id,
                           1 - ((embedding::vector({dim})) <=> CAST(:q AS vector({dim}))) AS sim
                    FROM embeddings
                    WHERE model = {model_literal(model)} AND public
                      AND subject_kind = ANY(CAST(:kinds AS text[]))
                    ORDER BY (embedding::vector({dim})) <=> CAST(:q AS vector({dim}))
                    LIMIT :n
                ) AS knn
                GROUP BY subject_kind, subject_id, organization_id
                """
            ),
            {"q": vector_literal(query.vector), "kinds": list(kinds), "n": limit},
        )
        return [
            Similar(r.subject_kind, r.subject_id, r.organization_id, float(r.sim)) for r in rows
        ]

    async def similarities(
        self, model: str, query: QueryVector, kinds: Sequence[str], *, ids: Sequence[UUID]
    ) -> list[Similar]:
        """Exact best-chunk similarity of the named public subjects."""
        dim = int(query.dimension)
        rows = await self._session.execute(
            text(
                f"""
                SELECT subject_kind, subject_id, organization_id,
                       max(1 - ((embedding::vector({dim})) <=> CAST(:q AS vector({dim})))) AS sim
                FROM embeddings
                WHERE model = {model_literal(model)} AND public
                  AND subject_kind = ANY(CAST(:kinds AS text[])) AND subject_id = ANY(:ids)
                GROUP BY subject_kind, subject_id, organization_id
                """
            ),
            {"q": vector_literal(query.vector), "kinds": list(kinds), "ids": list(ids)},
        )
        return [
            Similar(r.subject_kind, r.subject_id, r.organization_id, float(r.sim)) for r in rows
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
        """Per named public need, mean and population spread of its best-chunk similarity to
        the first `sample` public offers and the first `sample` public initiatives of
        `language` (any when None) in key order, `exclude` left out: one statement."""
        if not need_ids:
            return {}
        rows = await self._session.execute(
            text(listing_spreads_sql(model, int(dimension))),
            {
                "needs": list(need_ids),
                "kinds": ["initiative", "offer"],
                "language": language,
                "kind": exclude[0],
                "id": exclude[1],
                "n": sample,
            },
        )
        return {
            r.need_id: SimilaritySpread(int(r.n), float(r.mean or 0.0), float(r.std or 0.0))
            for r in rows
        }

    async def portfolios(
        self, model: str, query: QueryVector | None, organization_ids: Sequence[UUID]
    ) -> Portfolios:
        """Every public offer and initiative of the named organisations, with its public facts
        and its best-chunk similarity to `query` (None when it has no vector yet), and each
        organisation's confirmed deals: one statement."""
        if not organization_ids:
            return Portfolios([], {})
        dim = int(query.dimension) if query is not None else 0
        similarity = (
            f"""SELECT e.subject_id, max(1 - ((e.embedding::vector({dim}))
                                             <=> CAST(:q AS vector({dim})))) AS sim
                FROM embeddings e
                WHERE e.model = {model_literal(model)} AND e.public
                  AND e.subject_kind IN ('offer', 'initiative')
                  AND e.organization_id = ANY(:orgs)
                GROUP BY e.subject_id"""
            if query is not None
            else "SELECT NULL::uuid AS subject_id, NULL::float8 AS sim WHERE false"
        )
        rows = await self._session.execute(
            text(
                f"""
                WITH sims AS ({similarity}),
                deals AS (
                    SELECT p.organization_id, count(*) AS n FROM deal_parties p
                    JOIN deals k ON k.id = p.deal_id AND k.status = 'confirmed'
                    WHERE p.organization_id = ANY(:orgs) GROUP BY p.organization_id
                )
                SELECT 'offer' AS kind, t.id, t.organization_id, o.name, t.title,
                       t.status, t.trl, t.field_code, t.province_code, t.ip_status,
                       t.price_min_vnd, t.price_max_vnd, s.sim, coalesce(d.n, 0)
                FROM technology_offers t
                JOIN organizations o ON o.id = t.organization_id
                LEFT JOIN sims s ON s.subject_id = t.id
                LEFT JOIN deals d ON d.organization_id = t.organization_id
                WHERE t.organization_id = ANY(:orgs) AND t.status = ANY(:offer_public)
                UNION ALL
                SELECT 'initiative', t.id, t.organization_id, o.name, t.title,
                       t.status, t.trl, t.field_code, t.province_code, t.ip_status,
                       NULL::bigint, NULL::bigint, s.sim, coalesce(d.n, 0)
                FROM initiatives t
                JOIN organizations o ON o.id = t.organization_id
                LEFT JOIN sims s ON s.subject_id = t.id
                LEFT JOIN deals d ON d.organization_id = t.organization_id
                WHERE t.organization_id = ANY(:orgs) AND t.status = ANY(:initiative_public)
                """
            ),
            {
                "orgs": list(organization_ids),
                "offer_public": list(PUBLIC_STATUSES["offer"]),
                "initiative_public": list(PUBLIC_STATUSES["initiative"]),
            }
            | ({"q": vector_literal(query.vector)} if query is not None else {}),
        )
        listings: list[tuple[ListingFacts, float | None]] = []
        deals: dict[UUID, int] = {}
        for kind, id_, org, name, title, status, trl, fc, pc, ip, pmin, pmax, sim, n in rows:
            facts = ListingFacts(kind, id_, org, name, title, status, trl, fc, pc, ip, pmin, pmax)
            listings.append((facts, None if sim is None else float(sim)))
            if n:
                deals[org] = int(n)
        return Portfolios(listings, deals)

    # lexical

    async def analyse(self, query_text: str, *, phrases: bool = False) -> list[LexicalTerm]:
        """The query's distinct lexemes with their document frequency (0: in no listing) and
        BM25 idf; with `phrases`, also its pairs of adjacent lexemes that some document holds
        (as "a b")."""
        if not query_text.strip():
            return []
        lexemes = list((await self._session.scalars(text(LEXEMES_SQL), {"text": query_text})).all())
        pairs: list[str] = []
        if phrases:
            found = await self._session.scalars(text(PHRASES_SQL), {"text": query_text})
            pairs = sorted(found.all())
        known = {t: self._frequencies[t] for t in lexemes + pairs if t in self._frequencies}
        unknown = [t for t in lexemes + pairs if t not in known]
        if unknown:
            rows = await self._session.execute(
                text(FREQUENCIES_SQL).bindparams(bindparam("terms", type_=ARRAY(Text))),
                {"terms": unknown},
            )
            for r in rows:
                df, n = max(int(r.df or 0), 0), max(int(r.n or 0), 1)
                known[r.term] = self._frequencies[r.term] = (df, n)
        spelt = {}
        if self._scoring.exact_weight:
            spelt = await query_spellings(self._session, query_text)
        out: list[LexicalTerm] = []
        for term in lexemes + [p for p in pairs if known[p][0] > 0]:
            df, n = known[term]
            # A term in no listing is kept (df 0): it cannot match, but it says how much of
            # the query the listings' words can cover at all (`lexical_coverage`).
            idf = math.log1p((n - df + 0.5) / (df + 0.5))
            out.append(LexicalTerm(term, df, idf, tuple(sorted(spelt.get(term, ())))))
        if self._scoring.exact_idf:
            out = await with_exact_gain(self._session, self._frequencies, out)
        return out

    async def covered_terms(self, terms: Sequence[str], kinds: Sequence[str]) -> set[str]:
        if not terms or not kinds:
            return set()
        rows = await self._session.scalars(
            text(COVERED_SQL).bindparams(
                bindparam("terms", type_=ARRAY(Text)), bindparam("kinds", type_=ARRAY(Text))
            ),
            {"terms": list(terms), "kinds": list(kinds)},
        )
        return set(rows.all())

    async def lexical(
        self,
        terms: Sequence[LexicalTerm],
        kinds: Sequence[str],
        limit: int,
        *,
        ids: Sequence[UUID] | None = None,
        weights: Sequence[float] = RANK_WEIGHTS,
        normalization: int = RANK_NORMALIZATION,
    ) -> list[LexicalHit]:
        """Best public listings of `kinds` for `terms`: sum over the terms a listing contains
        of idf * ts_rank(weights {D, C, B, A}, ..., normalization)."""
        if not terms:
            return []
        scoring = self._scoring
        params: dict[str, Any] = {
            "terms": [t.term for t in terms],
            "idfs": [t.idf * (PHRASE_WEIGHT if t.is_phrase else 1.0) for t in terms],
            "exacts": [exact_query(t) for t in terms],
            "boosts": [scoring.exact_weight * t.exact_gain for t in terms],
            "kinds": list(kinds),
            "limit": limit,
            "weights": [float(w) for w in weights],
        }
        if scoring.bm25_b is None:
            params["norm"] = int(normalization)
        else:
            params |= {"b": scoring.bm25_b, "k1": scoring.bm25_k1}
            params["mean_length"] = await mean_length(self._session, self._frequencies, kinds)
        if scoring.exact_weight:
            params["exact_weights"] = EXACT_RANK_WEIGHTS
        restrict = ""
        if ids is not None:
            restrict = "AND d.id = ANY(CAST(:doc_ids AS text[]))"
            params["doc_ids"] = [f"{k}:{i}" for k in kinds for i in ids]
        rows = await self._session.execute(
            text(self._lexical_sql.replace("__RESTRICT__", restrict)).bindparams(
                bindparam("terms", type_=ARRAY(Text)),
                bindparam("idfs", type_=ARRAY(Float)),
                bindparam("exacts", type_=ARRAY(Text)),
                bindparam("boosts", type_=ARRAY(Float)),
            ),
            params,
        )
        out: list[LexicalHit] = []
        for r in rows:
            kind, _, raw = str(r.id).partition(":")
            org = UUID(r.organization_id) if r.organization_id else None
            out.append(LexicalHit(kind, UUID(raw), org, float(r.score), tuple(r.matched)))
        return out

    # facts

    async def listing_facts(self, kind: str, ids: Sequence[UUID]) -> list[ListingFacts]:
        """Public facts of the *public* listings among `ids` (others are left out)."""
        if not ids:
            return []
        o = organizations
        if kind == "need":
            n = needs
            rows = await self._session.execute(
                select(
                    n.c.id,
                    n.c.organization_id,
                    o.c.name.label("org_name"),
                    n.c.title,
                    n.c.status,
                    n.c.min_trl,
                    n.c.field_code,
                    n.c.province_code,
                    n.c.budget_min_vnd,
                    n.c.budget_max_vnd,
                    n.c.deadline,
                )
                .join(o, o.c.id == n.c.organization_id)
                .where(n.c.id.in_(ids), n.c.status.in_(PUBLIC_STATUSES["need"]))
            )
            return [
                ListingFacts(
                    kind="need",
                    id=r.id,
                    organization_id=r.organization_id,
                    organization_name=r.org_name,
                    title=r.title,
                    status=r.status,
                    trl=r.min_trl,
                    field_code=r.field_code,
                    province_code=r.province_code,
                    price_min_vnd=r.budget_min_vnd,
                    price_max_vnd=r.budget_max_vnd,
                    deadline=r.deadline,
                )
                for r in rows
            ]
        t = SUBJECT_TABLES[kind]
        price = (
            (t.c.price_min_vnd, t.c.price_max_vnd)
            if kind == "offer"
            else (
                null().label("price_min_vnd"),
                null().label("price_max_vnd"),
            )
        )
        rows = await self._session.execute(
            select(
                t.c.id,
                t.c.organization_id,
                o.c.name.label("org_name"),
                t.c.title,
                t.c.status,
                t.c.trl,
                t.c.field_code,
                t.c.province_code,
                t.c.ip_status,
                *price,
            )
            .join(o, o.c.id == t.c.organization_id)
            .where(t.c.id.in_(ids), t.c.status.in_(PUBLIC_STATUSES[kind]))
        )
        return [
            ListingFacts(
                kind=kind,
                id=r.id,
                organization_id=r.organization_id,
                organization_name=r.org_name,
                title=r.title,
                status=r.status,
                trl=r.trl,
                field_code=r.field_code,
                province_code=r.province_code,
                ip_status=r.ip_status,
                price_min_vnd=r.price_min_vnd,
                price_max_vnd=r.price_max_vnd,
            )
            for r in rows
        ]

    async def deal_counts(self, organization_ids: Sequence[UUID]) -> dict[UUID, int]:
        if not organization_ids:
            return {}
        rows = await self._session.execute(
            # Only deals both sides confirmed make a track record.
            select(deal_parties.c.organization_id, func.count().label("n"))
            .join(deals, deals.c.id == deal_parties.c.deal_id)
            .where(
                deal_parties.c.organization_id.in_(organization_ids),
                deals.c.status == "confirmed",
            )
            .group_by(deal_parties.c.organization_id)
        )
        return {r.organization_id: int(r.n) for r in rows}

    async def interest_counts(self, listing_ids: Sequence[UUID]) -> dict[UUID, int]:
        """Expressions of interest in each listing that were not declined."""
        if not listing_ids:
            return {}
        rows = await self._session.execute(
            select(connections.c.listing_id, func.count().label("n"))
            .where(
                connections.c.listing_id.in_(listing_ids),
                connections.c.status != "declined",
            )
            .group_by(connections.c.listing_id)
        )
        return {r.listing_id: int(r.n) for r in rows}

    async def fund_organization(self, fund_id: UUID) -> UUID | None:
        """The organisation owning the fund profile `fund_id`."""
        found: UUID | None = await self._session.scalar(
            select(fund_profiles.c.organization_id).where(fund_profiles.c.id == fund_id)
        )
        return found
