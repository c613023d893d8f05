"""SQL of the matcher: the pgvector store, kNN, lexical relevance and the facts fit checks need.

Vectors live in `embeddings` (migration 0005) under an untyped `vector` column; every model has
its own partial HNSW index over `embedding::vector(<dimension>)`, so every kNN statement casts
to the model's dimension and names the model as a literal (a bind parameter would keep the
planner from proving the partial index's predicate under a generic plan).

Lexical relevance comes from the search backend's PostgreSQL full-text index
(`search_documents.search_vector`, migration 0004) but not from its `search` call: a search
box ANDs the words typed, while a need is a paragraph that no listing contains word for word.
Here each need is turned into its rarest terms, and a listing scores
``sum_t idf(t) * ts_rank(search_vector, t)`` over the terms it contains: PostgreSQL's own
field-weighted, length-normalised term weight, with the inverse document frequency that
plain `ts_rank` lacks. Document frequencies come from the planner's statistics of the column
(`pg_stats.most_common_elems`) for common terms and from the GIN index for the rest.
"""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final
from uuid import UUID

from cachetools import TTLCache
from sqlalchemy import bindparam, delete, func, insert, null, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Float, Text

from db.tables import (
    connections,
    deal_parties,
    embeddings,
    fund_profiles,
    initiatives,
    needs,
    technology_offers,
)
from domain.listings import INITIATIVE_PUBLIC, NEED_PUBLIC, OFFER_PUBLIC

SUBJECT_KINDS: Final = ("initiative", "offer", "need", "fund")
SUPPLIER: Final = "supplier"
LISTING_KINDS: Final = ("initiative", "offer")
# ts_rank weights for {D, C, B, A}: body/organisation, summary, keywords, title. The search box
# ranks with {0.1, 0.2, 0.4, 1.0}: a typed word in a title is what a searcher means. A need is a
# paragraph matched against whole descriptions, where the summary carries most of the evidence:
# with the search weights, lexical nDCG@10 on scifact was 0.686 (below TF-IDF's 0.772); with
# title = keywords = summary it is 0.790 (BENCHMARKS.md, "Matching"). Body and organisation name
# stay low: an organisation's name is not evidence about a listing.
RANK_WEIGHTS: Final = (0.1, 1.0, 1.0, 1.0)
# ts_rank normalization bit mask: 1 divides by 1 + log(document length).
RANK_NORMALIZATION: Final = 1
_MODEL_NAME = re.compile(r"^[A-Za-z0-9._/@:+-]{1,200}$")
_PUBLIC_STATUSES: Final[dict[str, tuple[str, ...]]] = {
    "initiative": tuple(s.value for s in INITIATIVE_PUBLIC),
    "offer": tuple(s.value for s in OFFER_PUBLIC),
    "need": tuple(s.value for s in NEED_PUBLIC),
}


def model_literal(model: str) -> str:
    """`model` as an SQL string literal; only plain model names are accepted."""
    if not _MODEL_NAME.match(model):
        raise ValueError(f"unsupported embedding model name {model!r}")
    return "'" + model.replace("'", "''") + "'"


def index_name(model: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", model.lower()).strip("_")
    return f"ix_embeddings_hnsw_{slug}"[:63]


def vector_literal(values: Sequence[float]) -> str:
    return "[" + ",".join(f"{v:.7g}" for v in values) + "]"


def parse_vector(value: Any) -> list[float]:
    if isinstance(value, str):
        return [float(x) for x in value.strip("[]").split(",") if x]
    return [float(x) for x in value]


# --- what gets embedded -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubjectRow:
    """A listing or fund thesis as the embedder reads it: every text field, confidential ones
    included (they are embedded, never returned), and whether it is public."""

    kind: str
    id: UUID
    organization_id: UUID
    public: bool
    fields: dict[str, Any]


_TEXT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "initiative": (
        "title",
        "summary",
        "problem",
        "solution",
        "advantages",
        "description",
        "keywords",
    ),
    "offer": ("title", "summary", "description", "terms", "keywords"),
    "need": ("title", "problem_statement", "desired_outcome", "constraints", "keywords"),
    "fund": ("thesis", "field_codes"),
}
_TABLES: Final = {
    "initiative": initiatives,
    "offer": technology_offers,
    "need": needs,
    "fund": fund_profiles,
}


class SqlEmbeddingSource:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def subjects(self, kind: str, ids: Sequence[UUID]) -> list[SubjectRow]:
        table = _TABLES[kind]
        columns = [table.c[name] for name in _TEXT_COLUMNS[kind]]
        status = table.c.status if "status" in table.c else None
        stmt = select(table.c.id, table.c.organization_id, *columns).where(table.c.id.in_(ids))
        if status is not None:
            stmt = stmt.add_columns(status)
        rows = (await self._session.execute(stmt)).mappings().all()
        out: list[SubjectRow] = []
        for row in rows:
            public = kind != "fund" and row["status"] in _PUBLIC_STATUSES[kind]
            out.append(
                SubjectRow(
                    kind=kind,
                    id=row["id"],
                    organization_id=row["organization_id"],
                    public=public,
                    fields={name: row[name] for name in _TEXT_COLUMNS[kind]},
                )
            )
        return out

    async def count(self, kind: str) -> int:
        table = _TABLES[kind]
        return int(await self._session.scalar(select(func.count()).select_from(table)) or 0)

    async def ids(self, kind: str, batch_size: int) -> AsyncIterator[list[UUID]]:
        table = _TABLES[kind]
        last: UUID | None = None
        while True:
            stmt = select(table.c.id).order_by(table.c.id).limit(batch_size)
            if last is not None:
                stmt = stmt.where(table.c.id > last)
            batch = list((await self._session.scalars(stmt)).all())
            if not batch:
                return
            yield batch
            last = batch[-1]


# --- the vector store ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredVectors:
    """One subject's chunks as stored: who made them, from which text."""

    model: str
    text_hash: str
    organization_id: UUID
    public: bool
    chunks: int


@dataclass(frozen=True, slots=True)
class ModelInventory:
    model: str
    dimension: int
    vectors: int


class SqlVectorStore:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def stored(self, kind: str, ids: Sequence[UUID]) -> dict[UUID, StoredVectors]:
        e = embeddings
        rows = await self._session.execute(
            select(
                e.c.subject_id,
                func.min(e.c.model).label("model"),
                func.min(e.c.text_hash).label("text_hash"),
                func.bool_and(e.c.public).label("public"),
                func.min(e.c.organization_id.cast(Text)).label("organization_id"),
                func.count().label("chunks"),
            )
            .where(e.c.subject_kind == kind, e.c.subject_id.in_(ids))
            .group_by(e.c.subject_id)
        )
        return {
            r.subject_id: StoredVectors(
                r.model, r.text_hash, UUID(r.organization_id), r.public, r.chunks
            )
            for r in rows
        }

    async def replace(
        self,
        kind: str,
        subject_id: UUID,
        *,
        organization_id: UUID,
        public: bool,
        model: str,
        text_hash: str,
        vectors: Sequence[Sequence[float]],
    ) -> None:
        await self.delete(kind, [subject_id])
        if not vectors:
            return
        await self._session.execute(
            insert(embeddings),
            [
                {
                    "subject_kind": kind,
                    "subject_id": subject_id,
                    "chunk": i,
                    "organization_id": organization_id,
                    "public": public,
                    "model": model,
                    "dimension": len(vector),
                    "embedding": list(vector),
                    "text_hash": text_hash,
                }
                for i, vector in enumerate(vectors)
            ],
        )

    async def set_visibility(
        self, kind: str, subject_id: UUID, *, organization_id: UUID, public: bool
    ) -> None:
        await self._session.execute(
            update(embeddings)
            .where(embeddings.c.subject_kind == kind, embeddings.c.subject_id == subject_id)
            .values(public=public, organization_id=organization_id)
        )

    async def delete(self, kind: str, ids: Sequence[UUID]) -> None:
        if ids:
            await self._session.execute(
                delete(embeddings).where(
                    embeddings.c.subject_kind == kind, embeddings.c.subject_id.in_(ids)
                )
            )

    async def refresh_supplier_profiles(
        self, organization_ids: Sequence[UUID], *, model: str, dimension: int
    ) -> None:
        """A supplier's profile is the normalised mean of its public offers' and initiatives'
        chunk vectors; an organisation with none has no profile."""
        if not organization_ids:
            return
        await self.delete(SUPPLIER, organization_ids)
        await self._session.execute(
            text(
                f"""
                INSERT INTO embeddings (subject_kind, subject_id, chunk, organization_id, public,
                                        model, dimension, embedding, text_hash)
                SELECT 'supplier', e.organization_id, 0, e.organization_id, true,
                       {model_literal(model)}, {int(dimension)},
                       l2_normalize(avg(e.embedding::vector({int(dimension)}))), 'portfolio'
                FROM embeddings e
                WHERE e.organization_id = ANY(:orgs) AND e.subject_kind IN ('offer', 'initiative')
                  AND e.public AND e.model = {model_literal(model)}
                GROUP BY e.organization_id
                """
            ),
            {"orgs": list(organization_ids)},
        )

    async def organizations_of(self, kind: str, ids: Sequence[UUID]) -> set[UUID]:
        rows = await self._session.scalars(
            select(embeddings.c.organization_id)
            .where(embeddings.c.subject_kind == kind, embeddings.c.subject_id.in_(ids))
            .distinct()
        )
        return set(rows.all())

    async def inventory(self) -> list[ModelInventory]:
        e = embeddings
        rows = await self._session.execute(
            select(e.c.model, e.c.dimension, func.count().label("n"))
            .group_by(e.c.model, e.c.dimension)
            .order_by(e.c.model)
        )
        return [ModelInventory(r.model, r.dimension, r.n) for r in rows]

    async def has_index(self, model: str) -> bool:
        found = await self._session.scalar(
            text("SELECT 1 FROM pg_indexes WHERE tablename = 'embeddings' AND indexname = :name"),
            {"name": index_name(model)},
        )
        return found is not None

    async def create_index(self, model: str, dimension: int) -> None:
        # HNSW builds fast only while the graph fits in maintenance_work_mem (64MB by default:
        # about 100k 384-d vectors take minutes instead of seconds beyond that).
        await self._session.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        await self._session.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS {index_name(model)} ON embeddings USING hnsw "
                f"((embedding::vector({int(dimension)})) vector_cosine_ops) "
                f"WHERE model = {model_literal(model)} AND public"
            )
        )

    async def delete_other_models(self, model: str) -> int:
        result = await self._session.execute(
            delete(embeddings).where(embeddings.c.model != model).returning(embeddings.c.chunk)
        )
        return len(result.all())


# --- reads for ranking --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueryVector:
    vector: list[float]
    dimension: int


@dataclass(frozen=True, slots=True)
class Similar:
    kind: str
    id: UUID
    organization_id: UUID
    similarity: float


@dataclass(frozen=True, slots=True)
class LexicalTerm:
    term: str  # folded lexeme, as in search_vector
    document_frequency: int
    idf: float


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
class Portfolios:
    listings: list[tuple[ListingFacts, float | None]]  # (public facts, similarity or None)
    deals: dict[UUID, int]  # recorded deals per organisation that has any


def _tsquery_of(column: str) -> str:
    """SQL turning a lexeme column into a one-lexeme tsquery, taken literally."""
    return (
        f"CAST('''' || replace(replace({column}, '\\', '\\\\'), '''', '''''') || '''' AS tsquery)"
    )


_LEXEMES_SQL: Final = """
SELECT f.lexeme AS term FROM unnest(to_tsvector('public.innovex_search', :text)) AS f
WHERE char_length(f.lexeme) >= 2 AND f.lexeme !~ '^[0-9]$'
"""

_FREQUENCIES_SQL: Final = f"""
WITH terms AS (SELECT unnest(CAST(:terms AS text[])) AS term),
stats AS MATERIALIZED (  -- once, not once per term (~0.2 ms each: the array is converted)
    SELECT CAST(CAST(s.most_common_elems AS text) AS text[]) AS elems,
           s.most_common_elem_freqs AS freqs
    FROM pg_stats s
    WHERE s.schemaname = current_schema() AND s.tablename = 'search_documents'
      AND s.attname = 'search_vector'
),
total AS (
    SELECT CASE WHEN c.reltuples > 0 THEN c.reltuples::bigint
                ELSE (SELECT count(*) FROM search_documents) END AS n
    FROM pg_class c WHERE c.oid = 'search_documents'::regclass
),
freq AS (
    SELECT t.term, (SELECT s.freqs[array_position(s.elems, t.term)] FROM stats s) AS f
    FROM terms t
)
SELECT fr.term, (SELECT n FROM total) AS n,
       CASE WHEN fr.f IS NOT NULL THEN round(fr.f * (SELECT n FROM total))::bigint
            ELSE (SELECT count(*) FROM search_documents d
                  WHERE d.search_vector @@ {_tsquery_of("fr.term")}) END AS df
FROM freq fr
"""

_LEXICAL_SQL: Final = f"""
WITH q AS (
    SELECT t.term, t.idf, {_tsquery_of("t.term")} AS tq
    FROM unnest(CAST(:terms AS text[]), CAST(:idfs AS float8[])) AS t(term, idf)
)
SELECT d.id, min(d.organization_id) AS organization_id,
       sum(q.idf * ts_rank(CAST(:weights AS float4[]), d.search_vector, q.tq, :norm)) AS score,
       array_agg(q.term ORDER BY q.idf DESC) AS matched
FROM q JOIN search_documents d ON d.search_vector @@ q.tq
WHERE d.kind = ANY(CAST(:kinds AS text[])) __RESTRICT__
GROUP BY d.id
ORDER BY score DESC, d.id
LIMIT :limit
"""


# A lexeme's (document frequency, number of documents), kept by the process between requests.
TermFrequencies = MutableMapping[str, tuple[int, int]]


def term_frequency_cache(ttl_seconds: float = 60.0, size: int = 200_000) -> TermFrequencies:
    """Document frequencies move slowly, and counting them costs ~5 ms a need at 100k
    listings (planner statistics, then a GIN lookup per rarer term): the API keeps them for a
    minute. Words found in no listing are kept too (a need's text has many: without them
    nearly every request counted again); a listing's word new to the exchange therefore adds
    to lexical relevance up to a minute after it is listed (similarity counts at once)."""
    return TTLCache(maxsize=size, ttl=ttl_seconds)


class SqlMatchingReader:
    def __init__(self, session: AsyncSession, frequencies: TermFrequencies | None = None) -> None:
        self._session = session
        self._frequencies: TermFrequencies = {} if frequencies is None else frequencies

    # vectors

    async def query_vector(self, kind: str, subject_id: UUID, model: str) -> QueryVector | None:
        """The subject's vector: the normalised mean of its chunks (None if not embedded)."""
        row = (
            await self._session.execute(
                text(
                    """
                    SELECT min(dimension) AS dimension, count(*) AS n,
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
        return QueryVector(parse_vector(row.v), int(row.dimension))

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
        The search list is `ef_search`, by default the larger of 64 and `limit` (at 100k
        listings, 64 takes ~3 ms where 100 took ~6: the candidates are re-scored exactly)."""
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

    async def portfolios(
        self, model: str, query: QueryVector | None, organization_ids: Sequence[UUID]
    ) -> Portfolios:
        """Every public offer and initiative of the named organisations, with its public facts
        and its best-chunk similarity to `query` (None when it has no vector yet), and each
        organisation's recorded deals: one statement."""
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
                    SELECT organization_id, count(*) AS n FROM deal_parties
                    WHERE organization_id = ANY(:orgs) GROUP BY organization_id
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
                "offer_public": list(_PUBLIC_STATUSES["offer"]),
                "initiative_public": list(_PUBLIC_STATUSES["initiative"]),
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

    async def analyse(self, query_text: str) -> list[LexicalTerm]:
        """The query's distinct lexemes with their document frequency and BM25 idf."""
        if not query_text.strip():
            return []
        lexemes = (await self._session.scalars(text(_LEXEMES_SQL), {"text": query_text})).all()
        known = {t: self._frequencies[t] for t in lexemes if t in self._frequencies}
        unknown = [t for t in lexemes if t not in known]
        if unknown:
            rows = await self._session.execute(
                text(_FREQUENCIES_SQL).bindparams(bindparam("terms", type_=ARRAY(Text))),
                {"terms": unknown},
            )
            for r in rows:
                df, n = max(int(r.df or 0), 0), max(int(r.n or 0), 1)
                known[r.term] = self._frequencies[r.term] = (df, n)
        out: list[LexicalTerm] = []
        for term in lexemes:
            df, n = known[term]
            if df == 0:
                continue  # in no listing: cannot match anything
            idf = math.log1p((n - df + 0.5) / (df + 0.5))
            out.append(LexicalTerm(term, df, idf))
        return out

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
        params: dict[str, Any] = {
            "terms": [t.term for t in terms],
            "idfs": [t.idf for t in terms],
            "kinds": list(kinds),
            "limit": limit,
            "weights": [float(w) for w in weights],
            "norm": int(normalization),
        }
        restrict = ""
        if ids is not None:
            restrict = "AND d.id = ANY(CAST(:doc_ids AS text[]))"
            params["doc_ids"] = [f"{k}:{i}" for k in kinds for i in ids]
        rows = await self._session.execute(
            text(_LEXICAL_SQL.replace("__RESTRICT__", restrict)).bindparams(
                bindparam("terms", type_=ARRAY(Text)), bindparam("idfs", type_=ARRAY(Float))
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
        from db.tables import organizations as o

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
                .where(n.c.id.in_(ids), n.c.status.in_(_PUBLIC_STATUSES["need"]))
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
        t = _TABLES[kind]
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
            .where(t.c.id.in_(ids), t.c.status.in_(_PUBLIC_STATUSES[kind]))
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
            select(deal_parties.c.organization_id, func.count().label("n"))
            .where(deal_parties.c.organization_id.in_(organization_ids))
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
