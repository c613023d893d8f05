"""Search queries: `search` (full text, filters, facets, snippets) and `suggest`.

Search results page by offset. A cursor holds the position of an edge and is scoped to a
fingerprint of the query (text, kinds, filter, sort): a cursor from another query is refused.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Annotated, Any

import strawberry

from api.context import Info
from api.errors import ValidationError, payload
from api.relay import MAX_PAGE, PageInfo, decode_cursor, invalid_input
from api.search.types import (
    Facet,
    FacetValue,
    SearchEdge,
    SearchFacet,
    SearchFilterInput,
    SearchHit,
    SearchKind,
    SearchResults,
    SearchSort,
    SearchUnavailable,
    Suggestion,
    Suggestions,
)
from domain import search as domain
from domain.errors import FieldIssue, InvalidInput, ValidationCode
from domain.listings import TRL_MAX, TRL_MIN
from domain.provinces import province_by_code
from domain.taxonomy import field_by_code, sectors_of
from search.errors import SearchBackendError

# A backend failure is answered as SearchUnavailable; the log line is how an operator learns
# of it (a tsquery the backend rejects looks the same to the caller as a server that is down).
logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_PREFIX_LENGTH = 100
MAX_SUGGESTIONS = 20
MAX_VALUES_PER_CRITERION = 50
MAX_OFFSET = 5000  # deeper than this, narrow the query instead

SearchPayload = Annotated[
    SearchResults | ValidationError | SearchUnavailable, strawberry.union("SearchPayload")
]
SuggestPayload = Annotated[
    Suggestions | ValidationError | SearchUnavailable, strawberry.union("SuggestPayload")
]


class _Issues:
    def __init__(self) -> None:
        self.issues: list[FieldIssue] = []

    def add(self, path: tuple[str, ...], code: ValidationCode, message: str) -> None:
        self.issues.append(FieldIssue(path, code, message))

    def raise_any(self) -> None:
        """Every problem of the input at once, as one InvalidInput (a ValidationError)."""
        if self.issues:
            raise InvalidInput(self.issues)


def _field_codes(codes: Sequence[str], issues: _Issues) -> tuple[str, ...]:
    expanded: list[str] = []
    for code in codes:
        if field_by_code(code) is None:
            issues.add(
                ("filter", "fieldCodes"), ValidationCode.INVALID_CHOICE, f"unknown field {code!r}"
            )
            continue
        expanded.append(code)
        expanded.extend(sector.code for sector in sectors_of(code))
    return tuple(dict.fromkeys(expanded))


def _criterion(name: str, values: Sequence[Any] | None, issues: _Issues) -> tuple[str, ...]:
    if not values:
        return ()
    if len(values) > MAX_VALUES_PER_CRITERION:
        issues.add(
            ("filter", name),
            ValidationCode.TOO_LONG,
            f"at most {MAX_VALUES_PER_CRITERION} values",
        )
    return tuple(dict.fromkeys(str(getattr(v, "value", v)) for v in values))


def _filter(given: SearchFilterInput | None, issues: _Issues) -> domain.SearchFilter:
    if given is None:
        return domain.SearchFilter()
    for name, value in (("trlMin", given.trl_min), ("trlMax", given.trl_max)):
        if value is not None and not TRL_MIN <= value <= TRL_MAX:
            issues.add(
                ("filter", name),
                ValidationCode.OUT_OF_RANGE,
                f"must be between {TRL_MIN} and {TRL_MAX}",
            )
    if given.trl_min is not None and given.trl_max is not None and given.trl_min > given.trl_max:
        issues.add(
            ("filter", "trlMax"), ValidationCode.INVALID_COMBINATION, "must not be below trlMin"
        )
    provinces = _criterion("provinces", given.provinces, issues)
    for code in provinces:
        if province_by_code(code) is None:
            issues.add(
                ("filter", "provinces"), ValidationCode.INVALID_CHOICE, f"unknown province {code!r}"
            )
    return domain.SearchFilter(
        field_codes=_field_codes(_criterion("fieldCodes", given.field_codes, issues), issues),
        trl_min=given.trl_min,
        trl_max=given.trl_max,
        provinces=provinces,
        ip_statuses=_criterion("ipStatuses", given.ip_statuses, issues),
        transfer_modes=_criterion("transferModes", given.transfer_modes, issues),
        statuses=_criterion("statuses", given.statuses, issues),
        organization_kinds=_criterion("organizationKinds", given.organization_kinds, issues),
    )


def _fingerprint(query: domain.SearchQuery) -> str:
    """Identifies what a query asks for (not which page), for cursor scopes."""
    shape = {
        "text": " ".join(query.text.split()).casefold(),
        "kinds": sorted(kind.value for kind in query.kinds),
        "filter": {
            name: sorted(value) if isinstance(value, tuple) else value
            for name, value in (
                (n, getattr(query.filter, n)) for n in domain.SearchFilter.__dataclass_fields__
            )
        },
        "sort": query.sort.value,
    }
    raw = json.dumps(shape, sort_keys=True, ensure_ascii=False)
    return "search:" + hashlib.sha256(raw.encode()).hexdigest()[:24]


def _facets(distribution: dict[str, dict[str, int]]) -> list[Facet]:
    return [
        Facet(
            name=SearchFacet(name),
            values=[FacetValue(value=value, count=count) for value, count in values.items()],
        )
        for name, values in distribution.items()
    ]


def _search_index(info: Info) -> domain.SearchIndex:
    return info.context.deps.require_search_index()


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Full-text search over public listings and organisations, with typo "
        "tolerance, Vietnamese with or without diacritics, filters, facets and snippets."
    )
    @payload
    async def search(
        self,
        info: Info,
        query: str = "",
        kinds: list[SearchKind] | None = None,  # type: ignore[valid-type]
        filter: SearchFilterInput | None = None,
        sort: SearchSort = domain.SearchSort.RELEVANCE,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
    ) -> SearchPayload:
        issues = _Issues()
        text = query.strip()
        if len(query) > MAX_QUERY_LENGTH:
            issues.add(
                ("query",), ValidationCode.TOO_LONG, f"at most {MAX_QUERY_LENGTH} characters"
            )
            text = ""
        criteria = _filter(filter, issues)
        size = 20 if first is None else first
        if not 1 <= size <= MAX_PAGE:
            issues.add(("first",), ValidationCode.OUT_OF_RANGE, f"must be between 1 and {MAX_PAGE}")
        if not text and not kinds and criteria == domain.SearchFilter() and not issues.issues:
            issues.add(("query",), ValidationCode.REQUIRED, "type something or choose a filter")
        issues.raise_any()
        request = domain.SearchQuery(
            text=text,
            kinds=tuple(dict.fromkeys(kinds or ())),
            filter=criteria,
            sort=domain.SearchSort(sort),
            limit=size,
        )
        scope = _fingerprint(request)
        offset = 0
        if after:
            values = decode_cursor(scope, after)
            position = values[0] if len(values) == 1 else None
            if not isinstance(position, int) or isinstance(position, bool) or position < 0:
                raise invalid_input(
                    ("after",), ValidationCode.INVALID_FORMAT, "is not a valid cursor"
                )
            if position >= MAX_OFFSET:
                raise invalid_input(
                    ("after",), ValidationCode.OUT_OF_RANGE, "is too deep; narrow the query"
                )
            offset = position + 1
        request = domain.SearchQuery(
            text=request.text,
            kinds=request.kinds,
            filter=request.filter,
            sort=request.sort,
            limit=min(size, MAX_OFFSET + MAX_PAGE - offset),
            offset=offset,
        )
        try:
            result = await _search_index(info).search(request)
        except SearchBackendError as error:
            logger.warning("search failed: %s", error)
            return SearchUnavailable(message="Search is unavailable; try again shortly.")
        edges = [
            SearchEdge(_scope=scope, _position=offset + i, node=SearchHit.from_domain(hit))
            for i, hit in enumerate(result.hits)
        ]
        return SearchResults(
            edges=edges,
            page_info=PageInfo(
                has_next_page=offset + len(edges) < result.total,
                end_cursor=edges[-1].encoded_cursor() if edges else None,
            ),
            total_count=result.total,
            total_count_is_exact=result.exhaustive,
            facets=_facets(result.facets),
            processing_ms=result.processing_ms,
        )

    @strawberry.field(description="Search-as-you-type: titles whose words start as typed.")
    @payload
    async def suggest(
        self,
        info: Info,
        prefix: str,
        kinds: list[SearchKind] | None = None,  # type: ignore[valid-type]
        first: int = 8,
    ) -> SuggestPayload:
        issues = _Issues()
        if len(prefix) > MAX_PREFIX_LENGTH:
            issues.add(
                ("prefix",), ValidationCode.TOO_LONG, f"at most {MAX_PREFIX_LENGTH} characters"
            )
        if not 1 <= first <= MAX_SUGGESTIONS:
            issues.add(
                ("first",), ValidationCode.OUT_OF_RANGE, f"must be between 1 and {MAX_SUGGESTIONS}"
            )
        issues.raise_any()
        try:
            found = await _search_index(info).suggest(
                prefix, tuple(dict.fromkeys(kinds or ())), limit=first
            )
        except SearchBackendError as error:
            logger.warning("suggest failed: %s", error)
            return SearchUnavailable(message="Search is unavailable; try again shortly.")
        return Suggestions(suggestions=[Suggestion.from_domain(s) for s in found])
