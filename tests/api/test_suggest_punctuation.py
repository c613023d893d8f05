"""`suggest` with a prefix that ends in a space or punctuation, or holds tsquery syntax."""

from __future__ import annotations

import logging

import httpx
import pytest

from api.deps import ApiDeps
from domain.search import DocumentKind, SearchIndex
from search.errors import SearchBackendError
from tests.api.test_search import SUGGEST, doc, tag
from tests.graphql import gql


@pytest.fixture
def index(api_deps: ApiDeps) -> SearchIndex:
    found = api_deps.search_index
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("{w} máy ", ["máy gặt", "máy sấy lúa"]),  # a finished word: exact, no prefix
        ("{w} máy sấy.", ["máy sấy lúa"]),
        ("{w} lũ?", ["cảnh báo lũ"]),
        ("{w} IoT.", ["IoT đo mực nước"]),
        # tsquery syntax is text, not operators: "m" is a whole word here, found by no title
        # word, so the answer comes from the typo fallback (trigram similarity).
        ("{w} m:*", None),
        ("{w} m", ["IoT đo mực nước", "máy gặt", "máy sấy lúa"]),
        ("{w} 'máy' & !|", ["máy gặt", "máy sấy lúa"]),
    ],
)
async def test_suggest_after_a_space_or_punctuation_answers_suggestions(
    client: httpx.AsyncClient, index: SearchIndex, typed: str, expected: list[str]
) -> None:
    word = tag()
    await index.upsert(
        [
            doc(1, DocumentKind.OFFER, f"{word} máy sấy lúa"),
            doc(2, DocumentKind.OFFER, f"{word} máy gặt"),
            doc(3, DocumentKind.NEED, f"{word} cảnh báo lũ"),
            doc(4, DocumentKind.OFFER, f"{word} IoT đo mực nước"),
        ]
    )
    data = await gql(client, SUGGEST, {"prefix": typed.format(w=word), "first": 8})
    result = data["suggest"]
    assert result["__typename"] == "Suggestions", result
    if expected is not None:
        titles = sorted(s["title"].removeprefix(f"{word} ") for s in result["suggestions"])
        assert titles == expected


class _BrokenSuggest:
    async def suggest(self, *args: object, **kwargs: object) -> object:
        raise SearchBackendError("suggest", "syntax error in tsquery")


async def test_a_suggest_failure_is_logged(
    client: httpx.AsyncClient, api_deps: ApiDeps, caplog: pytest.LogCaptureFixture
) -> None:
    api_deps.search_index = _BrokenSuggest()
    with caplog.at_level(logging.WARNING):
        data = await gql(client, SUGGEST, {"prefix": "rob", "first": 5})
    assert data["suggest"]["__typename"] == "SearchUnavailable"
    assert any("syntax error in tsquery" in r.getMessage() for r in caplog.records)
