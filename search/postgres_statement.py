"""The PostgreSQL search statement: filters, candidate pool, order, snippets and facets."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
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
    if values:
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


ORDER: Final[Mapping[SearchSort, str]] = {
    SearchSort.RELEVANCE: "score DESC, updated_at DESC NULLS LAST, id",
    SearchSort.NEWEST: "updated_at DESC NULLS LAST, id",
    SearchSort.TRL_DESC: "trl DESC NULLS LAST, score DESC, id",
    SearchSort.TITLE: "sort_title, title, id",
}

SCALAR_FACETS: Final = tuple(f for f in FACETS if f != "transfer_modes")


CANDIDATE_ORDER: Final[Mapping[SearchSort, str]] = {
    SearchSort.RELEVANCE: "",
    SearchSort.NEWEST: "ORDER BY d.updated_at DESC NULLS LAST, d.id",
    SearchSort.TRL_DESC: "ORDER BY d.trl DESC NULLS LAST, score DESC, d.id",
    SearchSort.TITLE: "ORDER BY sort_title, d.title, d.id",
}


def search_sql(
    query: SearchQuery, analysis: Analysis, params: dict[str, Any], max_candidates: int
) -> str:
    where = filters(query, params)
    if analysis.full is not None:
        where.insert(0, "d.search_vector @@ CAST(:q AS tsquery)")
        params["q"] = analysis.full
        score_parts = [f"ts_rank('{RANK_WEIGHTS}', d.search_vector, CAST(:q AS tsquery), 32)"]
        if analysis.strict is not None:
            params["strict"] = analysis.strict
            score_parts.append("4 * (d.search_vector @@ CAST(:strict AS tsquery))::int")
        if analysis.exact is not None:
            params["exact"] = analysis.exact
            score_parts.append("2 * (d.exact_vector @@ CAST(:exact AS tsquery))::int")
        score = " + ".join(score_parts)
    else:
        score = "0.0"
    sort_title = (
        "innovex_unaccent(lower(d.title)) AS sort_title, d.title,"
        if query.sort is SearchSort.TITLE
        else ""
    )
    where_sql = " AND ".join(where) if where else "true"
    params["limit"] = max(query.limit, 0)
    params["offset"] = max(query.offset, 0)
    if analysis.full is not None:
        headline = (
            "ts_headline('public.innovex_search', {column}, CAST(:q AS tsquery), "
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
        highlights = f"jsonb_build_object({pairs})"
    else:
        highlights = "'{}'::jsonb"
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
    return f"""
WITH matched AS MATERIALIZED (
    SELECT c.*, row_number() OVER () AS candidate
    FROM (
        SELECT d.id, d.kind, d.field_code, d.province, d.trl, d.ip_status, d.transfer_modes,
               d.status, d.organization_kind, d.updated_at, {sort_title}
               {score} AS score
        FROM search_documents d
        WHERE {where_sql}
        {candidate_order}
        LIMIT :candidates
    ) AS c
),
pool AS (
    SELECT * FROM matched WHERE candidate <= :max_candidates
),
page AS (
    SELECT id, score, row_number() OVER (ORDER BY {ORDER[query.sort]}) AS position
    FROM pool
    ORDER BY {ORDER[query.sort]}
    LIMIT :limit OFFSET :offset
),
facet_rows AS (
    SELECT {facet_columns}, count(*) AS n
    FROM pool
    GROUP BY GROUPING SETS ({grouping})
)
SELECT
    (SELECT count(*) FROM matched) AS total,
    (SELECT coalesce(jsonb_agg(jsonb_build_array(d.id, d.kind, d.title, p.score, {highlights},
                                                 d.organization_verified)
                               ORDER BY p.position), '[]'::jsonb)
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
