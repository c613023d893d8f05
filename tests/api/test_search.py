"""`search` and `suggest` over GraphQL: results, snippets, facets, paging, and bad input."""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from api.deps import ApiDeps
from domain.search import DocumentKind, SearchDocument, SearchIndex
from tests.factories import make_organization, make_user
from tests.graphql import gql

SEARCH = """
query($query: String!, $kinds: [SearchKind!], $filter: SearchFilterInput, $sort: SearchSort!,
      $first: Int, $after: String) {
  search(query: $query, kinds: $kinds, filter: $filter, sort: $sort, first: $first,
         after: $after) {
    __typename
    ... on SearchResults {
      totalCount
      totalCountIsExact
      processingMs
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id kind entityId title highlights { field snippet } } }
      facets { name values { value count } }
    }
    ... on ValidationError { fields { path code message } }
  }
}"""

SUGGEST = """
query($prefix: String!, $kinds: [SearchKind!], $first: Int!) {
  suggest(prefix: $prefix, kinds: $kinds, first: $first) {
    __typename
    ... on Suggestions { suggestions { id kind title } }
    ... on ValidationError { fields { path code } }
  }
}"""

BASE = datetime(2025, 9, 1, tzinfo=UTC)


def tag() -> str:
    """A word no other test uses. It starts with "zq" so that a one-letter prefix a test
    types ("m", "r") never also matches the tag word itself."""
    return "zq" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


def doc(number: int, kind: DocumentKind, title: str, **fields: Any) -> SearchDocument:
    fields.setdefault("status", "listed")
    fields.setdefault("updated_at", BASE + timedelta(hours=number))
    return SearchDocument(
        id=f"{kind.value}:00000000-0000-4000-8000-{number:012x}", kind=kind, title=title, **fields
    )


@pytest.fixture
def index(api_deps: ApiDeps) -> SearchIndex:
    return api_deps.require_search_index()


async def search(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    variables.setdefault("sort", "RELEVANCE")
    data = await gql(client, SEARCH, {"query": query, **variables})
    result: dict[str, Any] = data["search"]
    return result


async def test_search_returns_hits_with_snippets_facets_total_and_time(
    client: httpx.AsyncClient, index: SearchIndex
) -> None:
    word = tag()
    await index.upsert(
        [
            doc(
                1, DocumentKind.OFFER, f"Hệ thống cảnh báo lũ sớm {word}", province="ha-noi", trl=7
            ),
            doc(2, DocumentKind.NEED, f"Cần cảnh báo sạt lở {word}", province="hue", trl=5),
            doc(3, DocumentKind.OFFER, f"Máy sấy cà phê {word}", province="hue", trl=7),
        ]
    )

    result = await search(client, f"canh bao {word}")

    assert result["__typename"] == "SearchResults"
    assert result["totalCount"] == 2
    assert result["totalCountIsExact"] is True
    assert result["processingMs"] >= 0
    titles = [edge["node"]["title"] for edge in result["edges"]]
    assert sorted(titles) == sorted(
        [f"Hệ thống cảnh báo lũ sớm {word}", f"Cần cảnh báo sạt lở {word}"]
    )
    first = result["edges"][0]["node"]
    title_snippet = next(h["snippet"] for h in first["highlights"] if h["field"] == "title")
    assert "<mark>cảnh</mark> <mark>báo</mark>" in title_snippet
    facets = {f["name"]: {v["value"]: v["count"] for v in f["values"]} for f in result["facets"]}
    assert facets["KIND"] == {"offer": 1, "need": 1}
    assert facets["PROVINCE"] == {"ha-noi": 1, "hue": 1}
    assert facets["TRL"] == {"5": 1, "7": 1}


async def test_filters_narrow_results_and_facets(
    client: httpx.AsyncClient, index: SearchIndex
) -> None:
    word = tag()
    await index.upsert(
        [
            doc(
                1,
                DocumentKind.OFFER,
                f"{word} một",
                province="ha-noi",
                trl=3,
                transfer_modes=("licence",),
                ip_status="granted",
            ),
            doc(
                2,
                DocumentKind.OFFER,
                f"{word} hai",
                province="can-tho",
                trl=6,
                transfer_modes=("consulting",),
                ip_status="none",
            ),
            doc(3, DocumentKind.NEED, f"{word} ba", province="can-tho", trl=8, status="open"),
        ]
    )

    by_trl = await search(client, word, filter={"trlMin": 5, "provinces": ["can-tho"]})
    by_mode = await search(
        client,
        word,
        kinds=["OFFER"],
        filter={"transferModes": ["LICENCE"], "ipStatuses": ["GRANTED"]},
    )
    by_status = await search(client, word, filter={"statuses": ["OPEN"]})

    assert sorted(e["node"]["title"] for e in by_trl["edges"]) == [f"{word} ba", f"{word} hai"]
    assert [e["node"]["title"] for e in by_mode["edges"]] == [f"{word} một"]
    assert [e["node"]["kind"] for e in by_status["edges"]] == ["NEED"]
    facets = {f["name"]: {v["value"]: v["count"] for v in f["values"]} for f in by_trl["facets"]}
    assert facets["PROVINCE"] == {"can-tho": 2}


async def test_cursors_page_through_the_same_query(
    client: httpx.AsyncClient, index: SearchIndex
) -> None:
    word = tag()
    await index.upsert(
        [doc(n, DocumentKind.OFFER, f"{word} {letter}") for n, letter in enumerate("abcde", 1)]
    )

    pages = []
    after = None
    while True:
        page = await search(client, word, sort="TITLE", first=2, after=after)
        pages.append([e["node"]["title"] for e in page["edges"]])
        assert page["totalCount"] == 5
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert pages == [[f"{word} a", f"{word} b"], [f"{word} c", f"{word} d"], [f"{word} e"]]


async def test_suggest_completes_title_words(client: httpx.AsyncClient, index: SearchIndex) -> None:
    word = tag()
    await index.upsert(
        [
            doc(1, DocumentKind.OFFER, f"{word} máy sấy lúa"),
            doc(2, DocumentKind.NEED, f"{word} máy sấy hải sản"),
            doc(3, DocumentKind.OFFER, f"{word} máy gặt"),
        ]
    )

    data = await gql(client, SUGGEST, {"prefix": f"{word} may sa", "kinds": ["OFFER"], "first": 5})

    assert data["suggest"]["suggestions"] == [
        {
            "id": str(relay.GlobalID("TechnologyOffer", "00000000-0000-4000-8000-000000000001")),
            "kind": "OFFER",
            "title": f"{word} máy sấy lúa",
        }
    ]


# -- bad input: a typed error, never a 500 ---------------------------------------------------


def issues(result: dict[str, Any]) -> list[tuple[list[str], str]]:
    assert result["__typename"] == "ValidationError"
    return [(f["path"], f["code"]) for f in result["fields"]]


async def test_an_empty_query_without_a_filter_is_refused(client: httpx.AsyncClient) -> None:
    result = await search(client, "   ")

    assert issues(result) == [(["query"], "REQUIRED")]


async def test_a_ten_thousand_character_query_is_refused(client: httpx.AsyncClient) -> None:
    result = await search(client, "lũ " * 3334)

    assert issues(result) == [(["query"], "TOO_LONG")]


async def test_trl_twelve_is_out_of_range(client: httpx.AsyncClient) -> None:
    result = await search(client, "robot", filter={"trlMax": 12})

    assert issues(result) == [(["filter", "trlMax"], "OUT_OF_RANGE")]


async def test_trl_range_upside_down_is_refused(client: httpx.AsyncClient) -> None:
    result = await search(client, "robot", filter={"trlMin": 7, "trlMax": 3})

    assert issues(result) == [(["filter", "trlMax"], "INVALID_COMBINATION")]


async def test_unknown_province_and_field_are_refused(client: httpx.AsyncClient) -> None:
    result = await search(
        client, "robot", filter={"provinces": ["atlantis"], "fieldCodes": ["999"]}
    )

    assert sorted(issues(result)) == [
        (["filter", "fieldCodes"], "INVALID_CHOICE"),
        (["filter", "provinces"], "INVALID_CHOICE"),
    ]


@pytest.mark.parametrize(
    ("variables", "enum"),
    [
        ({"kinds": ["PATENT"]}, "SearchKind"),
        ({"filter": {"transferModes": ["BARTER"]}}, "SearchTransferMode"),
        ({"filter": {"statuses": ["DRAFT"]}}, "PublicStatus"),
        ({"sort": "POPULARITY"}, "SearchSort"),
    ],
)
async def test_unknown_enum_values_are_refused_before_searching(
    client: httpx.AsyncClient, variables: dict[str, Any], enum: str
) -> None:
    body = await gql(
        client,
        SEARCH,
        {"query": "robot", "sort": "RELEVANCE", **variables},
        expect_errors=True,
    )

    [error] = body["errors"]
    assert enum in error["message"]
    assert body.get("data") is None


async def test_a_cursor_from_another_query_is_refused(
    client: httpx.AsyncClient, index: SearchIndex
) -> None:
    word = tag()
    await index.upsert([doc(n, DocumentKind.OFFER, f"{word} {n}") for n in range(1, 4)])
    page = await search(client, word, first=1)
    cursor = page["pageInfo"]["endCursor"]

    other_text = await search(client, f"{word} 2", first=1, after=cursor)
    other_filter = await search(client, word, first=1, after=cursor, filter={"trlMin": 2})
    garbage = await search(client, word, first=1, after="not-a-cursor")
    same = await search(client, word, first=1, after=cursor)

    assert issues(other_text) == [(["after"], "INVALID_FORMAT")]
    assert issues(other_filter) == [(["after"], "INVALID_FORMAT")]
    assert issues(garbage) == [(["after"], "INVALID_FORMAT")]
    assert same["__typename"] == "SearchResults"


async def test_first_beyond_the_cap_is_refused(client: httpx.AsyncClient) -> None:
    result = await search(client, "robot", first=1000)

    assert issues(result) == [(["first"], "OUT_OF_RANGE")]


async def test_suggest_refuses_a_long_prefix(client: httpx.AsyncClient) -> None:
    data = await gql(client, SUGGEST, {"prefix": "a" * 10_000, "first": 5})

    assert data["suggest"]["__typename"] == "ValidationError"
    assert data["suggest"]["fields"] == [{"path": ["prefix"], "code": "TOO_LONG"}]


class _BrokenIndex:
    """A search backend that is down."""

    async def search(self, query: object) -> object:
        from search.errors import SearchBackendError

        raise SearchBackendError("search", "connection refused")

    async def suggest(self, *args: object, **kwargs: object) -> object:
        from search.errors import SearchBackendError

        raise SearchBackendError("suggest", "connection refused")


async def test_a_backend_failure_is_a_typed_answer_not_a_500(
    client: httpx.AsyncClient, api_deps: ApiDeps
) -> None:
    api_deps.search_index = _BrokenIndex()

    result = await search(client, "robot")
    suggestions = await gql(client, SUGGEST, {"prefix": "rob", "first": 5})

    assert result["__typename"] == "SearchUnavailable"
    assert suggestions["suggest"]["__typename"] == "SearchUnavailable"


class _BoundedIndex(_BrokenIndex):
    """A backend that stopped counting at its bound (Meilisearch's maxTotalHits, say)."""

    async def search(self, *args: object, **kwargs: object) -> object:
        from domain.search import FACETS, SearchResult

        return SearchResult(
            hits=[],
            total=1000,
            facets={name: {} for name in FACETS},
            processing_ms=1.0,
            exhaustive=False,
        )


async def test_a_bounded_total_says_it_is_not_exact(
    client: httpx.AsyncClient, api_deps: ApiDeps
) -> None:
    api_deps.search_index = _BoundedIndex()

    result = await search(client, "robot")

    assert (result["totalCount"], result["totalCountIsExact"]) == (1000, False)


async def test_a_search_hit_id_is_a_global_id_that_node_opens(
    client: httpx.AsyncClient, index: SearchIndex, session: AsyncSession
) -> None:
    owner = await make_user(session)
    organization = await make_organization(session, owner.user, name=f"Viện {tag()}")
    word = tag()
    await index.upsert(
        [
            SearchDocument(
                id=f"organization:{organization.id}",
                kind=DocumentKind.ORGANIZATION,
                title=f"{organization.name} {word}",
                status="listed",
                updated_at=BASE,
            )
        ]
    )
    [edge] = (await search(client, word))["edges"]
    hit_id = edge["node"]["id"]
    assert hit_id == str(relay.GlobalID("Organization", str(organization.id)))
    opened = await gql(
        client, "query($id: ID!) { node(id: $id) { ... on Organization { name } } }", {"id": hit_id}
    )
    assert opened["node"] == {"name": organization.name}
    [suggestion] = (
        await gql(client, SUGGEST, {"prefix": word, "kinds": ["ORGANIZATION"], "first": 5})
    )["suggest"]["suggestions"]
    assert suggestion["id"] == hit_id
