"""The PostgreSQL search statement: filters, candidate pool, order, snippets and facets."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from domain.search import FACETS, SearchQuery, SearchSort
from search.postgres_analysis import Analysis

# Matches ranked and faceted per search at most (Meilisearch's maxTotalHits defaults to 1000):
# beyond it the total is reported as this bound, marked not exhaustive.
MAX_CANDIDATES: Final = 1000
# ts_rank weights for {D, C, B, A}: body/organisation, summary, keywords, title.
RANK_WEIGHTS: Final = "{0.1, 0.2, 0.4, 1.0}"
SNIPPET_OPTIONS: Final = 'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
WHOLE_OPTIONS: Final = "HighlightAll=true"
# ts_headline marks matches with these private-use characters; the snippet is HTML-escaped and
# only then are they turned into <mark> tags, so a title holding markup cannot inject any.
START: Final = "\ue000"
STOP: Final = "\ue001"
MARK_OPEN: Final = "<mark>"
MARK_CLOSE: Final = "</mark>"


def in_list(name: str, values: Sequence[str], where: list[str], params: dict[str, Any]) -> None:
    # One value as `=`: the planner always puts an equality into the GIN index condition, but
    # may leave `= ANY(...)` to the heap when it underestimates the words' rows (it multiplies
    # the syllables' frequencies, and Vietnamese syllables of one word always come together).
    if len(values) == 1:
        where.append(f"d.{name} = CAST(:{name} AS text)")
        params[name] = values[0]
    elif values:
        where.append(f"d.{name} = ANY(CAST(:{name} AS text[]))")
        params[name] = list(values)


def filters(query: SearchQuery, params: dict[str, Any]) -> list[str]:
    criteria = query.filter
    where: list[str] = []
    in_list("kind", [kind.value for kind in query.kinds], where, params)
    in_list("field_code", criteria.field_codes, where, params)
    in_list("province", criteria.provinces, where, params)
    in_list("ip_status", criteria.ip_statuses, where, params)
    in_list("status", criteria.statuses, where, params)
    in_list("organization_kind", criteria.organization_kinds, where, params)
    if criteria.transfer_modes:
        where.append("d.transfer_modes && CAST(:transfer_modes AS text[])")
        params["transfer_modes"] = list(criteria.transfer_modes)
    if criteria.trl_min is not None:
        where.append("d.trl >= :trl_min")
        params["trl_min"] = int(criteria.trl_min)
    if criteria.trl_max is not None:
        where.append("d.trl <= :trl_max")
        params["trl_max"] = int(criteria.trl_max)
    return where


# The result order, column by column.
ORDER: Final[Mapping[SearchSort, tuple[tuple[str, str], ...]]] = {
    SearchSort.RELEVANCE: (("score", " DESC"), ("updated_at", " DESC NULLS LAST"), ("id", "")),
    SearchSort.NEWEST: (("updated_at", " DESC NULLS LAST"), ("id", "")),
    SearchSort.TRL_DESC: (("trl", " DESC NULLS LAST"), ("score", " DESC"), ("id", "")),
    SearchSort.TITLE: (("title_key", ""), ("title", ""), ("id", "")),
}


def order_by(sort: SearchSort, qualifier: str = "") -> str:
    """`sort`'s ORDER BY list; `qualifier` names the columns' table where a join needs it."""
    return ", ".join(f"{qualifier}{column}{direction}" for column, direction in ORDER[sort])


def order_keys(sort: SearchSort) -> str:
    """The columns `sort` reads besides id and score, carried to the page."""
    return ", ".join(c for c, _ in ORDER[sort] if c not in ("id", "score"))


SCALAR_FACETS: Final = tuple(f for f in FACETS if f != "transfer_modes")


CANDIDATE_ORDER: Final[Mapping[SearchSort, str]] = {
    SearchSort.RELEVANCE: "",
    SearchSort.NEWEST: "ORDER BY updated_at DESC NULLS LAST, id",
    SearchSort.TRL_DESC: "ORDER BY trl DESC NULLS LAST, tier + text_rank DESC, id",
    SearchSort.TITLE: "ORDER BY title_key, title, id",
}
# Lexical tiers, in Meilisearch's rule order: every word without a typo, then the query's
# words next to each other (share of adjacent pairs found adjacent), then the user's
# diacritics; ts_rank (below 1) orders within a tier.
STRICT_TIER: Final = 8
PROXIMITY_TIER: Final = 4
EXACT_TIER: Final = 2
# Hybrid: reciprocal-rank fusion of the lexical and the semantic rank, scaled below 1 so that
# it orders within a lexical tier and never lifts a listing over a better tier.
RRF_K: Final = 60
RRF_SCALE: Final = 30
COLUMNS: Final = (
    "d.id, d.kind, d.field_code, d.province, d.trl, d.ip_status, d.transfer_modes, d.status, "
    "d.organization_kind, d.updated_at, d.organization_id, d.title, "
    "coalesce(d.family, d.id) AS family"
)
# Folding a title costs as much as ranking the row: only the title order needs it.
TITLE_KEY: Final = ", innovex_unaccent(lower(d.title)) AS title_key"


def columns(sort: SearchSort) -> str:
    return COLUMNS + (TITLE_KEY if sort is SearchSort.TITLE else "")


@dataclass(frozen=True, slots=True)
class Semantic:
    """How the statement reads vectors: `model`'s stored vectors, the `neighbours` nearest to
    the query, kept from `min_similarity` on and within `window` of the nearest one (cosine
    scales differ between models: MiniLM spreads unrelated texts near 0, e5 near 0.75)."""

    model: str
    neighbours: int
    min_similarity: float
    window: float


def lexical_score(analysis: Analysis, params: dict[str, Any]) -> tuple[str, str]:
    """(tier, rank) SQL expressions of a matched row."""
    params["q"] = analysis.full
    rank = f"ts_rank('{RANK_WEIGHTS}', d.search_vector, CAST(:q AS tsquery), 32)"
    tiers: list[str] = []
    if analysis.strict is not None:
        params["strict"] = analysis.strict
        tiers.append(f"{STRICT_TIER} * (d.search_vector @@ CAST(:strict AS tsquery))::int")
    if analysis.pairs:
        tests = []
        for number, pair in enumerate(analysis.pairs):
            params[f"pair{number}"] = pair
            tests.append(f"(d.search_vector @@ CAST(:pair{number} AS tsquery))::int")
        share = f"({' + '.join(tests)})::float8 / {len(analysis.pairs)}"
        tiers.append(f"{PROXIMITY_TIER} * {share}")
    if analysis.exact is not None:
        params["exact"] = analysis.exact
        tiers.append(f"{EXACT_TIER} * (d.exact_vector @@ CAST(:exact AS tsquery))::int")
    return (" + ".join(tiers) if tiers else "0.0"), rank


def highlight_sql(analysis: Analysis, params: dict[str, Any]) -> str:
    if analysis.full is None:
        return "'{}'::jsonb"
    # A document holding the whole query as a phrase is highlighted on the phrase only:
    # "điện mặt trời" marks the rooftop-solar phrase, not "mất điện" further on.
    query = "CAST(:q AS tsquery)"
    if analysis.phrase is not None:
        params["phrase"] = analysis.phrase
        query = (
            "CASE WHEN d.search_vector @@ CAST(:phrase AS tsquery) "
            "THEN CAST(:phrase AS tsquery) ELSE CAST(:q AS tsquery) END"
        )
    headline = (
        "ts_headline('public.innovex_search', {column}, " + query + ", "
        "'StartSel={start}, StopSel={stop}, {options}')"
    )

    def snippet(column: str, options: str) -> str:
        return headline.format(column=column, start=START, stop=STOP, options=options)

    fields = {
        "title": snippet("d.title", WHOLE_OPTIONS),
        "keywords": snippet("array_to_string(d.keywords, ', ')", WHOLE_OPTIONS),
        "summary": snippet("d.summary", SNIPPET_OPTIONS),
        "body": snippet("d.body", SNIPPET_OPTIONS),
        "organization_name": snippet("coalesce(d.organization_name, '')", WHOLE_OPTIONS),
    }
    pairs = ", ".join(f"'{name}', {expression}" for name, expression in fields.items())
    return f"jsonb_build_object({pairs})"


def semantic_sql(
    query: SearchQuery, semantic: Semantic, where: list[str], params: dict[str, Any]
) -> str:
    """CTEs `lexical_ranked` (lexical rows ranked) and `semantic` (nearest public listings),
    fused into `fused`: the lexical rows, then listings found by their vector only."""
    assert query.embedding is not None
    dim = len(query.embedding.vector)
    params["qv"] = "[" + ",".join(f"{v:.7g}" for v in query.embedding.vector) + "]"
    params["neighbours"] = semantic.neighbours
    params["min_similarity"] = semantic.min_similarity
    params["window"] = semantic.window
    kinds = [k.value for k in query.kinds] or ["initiative", "offer", "need"]
    params["vector_kinds"] = [k for k in kinds if k != "organization"]
    model = "'" + semantic.model.replace("'", "''") + "'"
    filters_sql = " AND ".join(where) if where else "true"
    distance = f"(e.embedding::vector({dim})) <=> CAST(:qv AS vector({dim}))"
    return f"""
lexical_ranked AS (
    SELECT l.*, row_number() OVER (ORDER BY l.tier + l.text_rank DESC, l.id) AS lexical_rank
    FROM lexical l
),
semantic AS MATERIALIZED (
    SELECT n.id, n.similarity, row_number() OVER (ORDER BY n.similarity DESC, n.id)
           AS semantic_rank
    FROM (
        SELECT k.id, max(k.similarity) AS similarity, max(max(k.similarity)) OVER () AS best
        FROM (
            SELECT e.subject_kind || ':' || e.subject_id AS id, 1 - ({distance}) AS similarity
            FROM embeddings e
            WHERE e.model = {model} AND e.public
              AND e.subject_kind = ANY(CAST(:vector_kinds AS text[]))
            ORDER BY {distance}
            LIMIT :neighbours
        ) AS k
        GROUP BY k.id
    ) AS n
    WHERE n.similarity >= :min_similarity AND n.similarity >= n.best - :window
),
fused AS (
    SELECT r.*, s.semantic_rank FROM lexical_ranked r LEFT JOIN semantic s ON s.id = r.id
    UNION ALL
    SELECT {columns(query.sort)}, 0.0 AS tier, 0.0 AS text_rank, NULL::bigint AS lexical_rank,
           s.semantic_rank
    FROM semantic s JOIN search_documents d ON d.id = s.id
    WHERE {filters_sql} AND NOT EXISTS (SELECT FROM lexical l WHERE l.id = s.id)
),"""


def search_sql(
    query: SearchQuery,
    analysis: Analysis,
    params: dict[str, Any],
    max_candidates: int,
    semantic: Semantic | None = None,
) -> str:
    where = filters(query, params)
    filter_only = list(where)
    if analysis.full is not None:
        where.insert(0, "d.search_vector @@ CAST(:q AS tsquery)")
        tier, rank = lexical_score(analysis, params)
    else:
        tier, rank = "0.0", "0.0"
    where_sql = " AND ".join(where) if where else "true"
    params["limit"] = max(query.limit, 0)
    params["offset"] = max(query.offset, 0)
    highlights = highlight_sql(analysis, params)
    grouping = ", ".join(f"({f})" for f in SCALAR_FACETS)
    facet_columns = ", ".join(f"{f}::text" for f in SCALAR_FACETS)
    # Bounded work: at most `max_candidates` matches are ranked and faceted (one more is
    # fetched to tell whether there were more). Ranking by relevance takes them in index order
    # and stops there; the other orders take the first ones in their own order (an index scan
    # on updated_at for the newest, a top-N sort otherwise), so their pages are exact.
    params["candidates"] = max_candidates + 1
    params["max_candidates"] = max_candidates
    candidate_order = CANDIDATE_ORDER[query.sort]
    if query.sort is SearchSort.RELEVANCE and analysis.full is None:
        candidate_order = CANDIDATE_ORDER[SearchSort.NEWEST]  # every score is 0
    hybrid = semantic is not None and query.embedding is not None and analysis.full is not None
    if hybrid:
        assert semantic is not None
        fusion = semantic_sql(query, semantic, filter_only, params)
        score = (
            f"tier + {RRF_SCALE} * (coalesce(1.0 / ({RRF_K} + lexical_rank), 0)"
            f" + coalesce(1.0 / ({RRF_K} + semantic_rank), 0))"
        )
        source = "fused"
    else:
        fusion = ""
        score = "tier + text_rank"
        source = "lexical"
    order = order_by(query.sort)
    page_order = order_by(query.sort, "p.")
    keys = order_keys(query.sort)
    return f"""
WITH lexical AS MATERIALIZED (
    SELECT * FROM (
        SELECT {columns(query.sort)}, {tier} AS tier, {rank} AS text_rank
        FROM search_documents d
        WHERE {where_sql}
    ) AS x
    {candidate_order}
    LIMIT :candidates
),{fusion}
matched AS MATERIALIZED (
    SELECT c.*, {score} AS score, row_number() OVER () AS candidate FROM {source} AS c
),
pool AS (
    SELECT * FROM matched WHERE candidate <= :max_candidates
),
folded AS (
    -- A family's best-placed match is its hit; its other matches are folded under it. One
    -- sort (family, then the result order) serves both windows; the page is a top-N.
    SELECT id, score, {keys},
           first_value(id) OVER (PARTITION BY family ORDER BY {order}) AS leader,
           count(*) OVER (PARTITION BY family) - 1 AS similar_count
    FROM pool
),
page AS (
    SELECT id, score, {keys}, similar_count FROM folded
    WHERE leader = id
    ORDER BY {order}
    LIMIT :limit OFFSET :offset
),
facet_rows AS (
    SELECT {facet_columns}, count(*) AS n
    FROM pool
    GROUP BY GROUPING SETS ({grouping})
)
SELECT
    (SELECT count(*) FROM matched) AS total,
    (SELECT count(*) FROM folded WHERE leader <> id) AS folded,
    (SELECT coalesce(jsonb_agg(jsonb_build_array(d.id, d.kind, d.title, p.score, {highlights},
                                                 p.similar_count, d.organization_verified)
                               ORDER BY {page_order}), '[]'::jsonb)
     FROM page p JOIN search_documents d ON d.id = p.id) AS hits,
    (SELECT coalesce(jsonb_agg(to_jsonb(f)), '[]'::jsonb) FROM facet_rows f) AS scalar_facets,
    (SELECT coalesce(jsonb_object_agg(mode, n), '{{}}'::jsonb)
     FROM (SELECT mode, count(*) AS n FROM pool, unnest(transfer_modes) AS mode
           GROUP BY mode) AS t) AS transfer_modes
"""


def marked(snippet: str) -> str:
    return html.escape(snippet, quote=False).replace(START, MARK_OPEN).replace(STOP, MARK_CLOSE)


def clean(value: str) -> str:
    """Document text without our highlight sentinels (so no document can fake a mark)."""
    return value.replace(START, "").replace(STOP, "")


def facets(scalar_rows: Sequence[Mapping[str, Any]], modes: Mapping[str, int]) -> Any:
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for row in scalar_rows:
        for name in SCALAR_FACETS:
            value = row.get(name)
            if value is not None:
                counts[name][str(value)] = int(row["n"])
                break
    counts["transfer_modes"] = {str(k): int(v) for k, v in modes.items()}
    return {
        name: dict(sorted(values.items(), key=lambda pair: (-pair[1], pair[0])))
        for name, values in counts.items()
    }
