"""Near-duplicate folding in the PostgreSQL engine: an organisation's listings with nearly the
same title (and the same numbers in it) are one hit, counted under the best-placed one."""

from __future__ import annotations

import dataclasses
import secrets
import string
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.search import DocumentKind, SearchDocument, SearchQuery, SearchSort
from search.postgres import PostgresSearchIndex
from search.postgres_families import trigrams

BASE = datetime(2026, 1, 1, tzinfo=UTC)


def offer(title: str, organization: str, hours: int) -> SearchDocument:
    return SearchDocument(
        id=f"offer:{uuid4()}",
        kind=DocumentKind.OFFER,
        title=title,
        status="listed",
        organization_id=organization,
        updated_at=BASE + timedelta(hours=hours),
    )


async def test_siblings_fold_into_the_best_placed_one_and_numbers_keep_them_apart(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    word = "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
    ours, theirs = str(uuid4()), str(uuid4())
    documents = [
        offer(f"Kho lạnh {word} bảo quản nông sản", ours, 5),  # newest: the leader
        offer(f"Kho lạnh {word} bảo quản nông sản.", ours, 4),
        offer(f"Kho lạnh {word} bảo quản nông sản!", ours, 3),
        offer(f"Kho lạnh {word} bảo quản nông sản số 2", ours, 2),  # other numbers: its own hit
        offer(f"Kho lạnh {word} bảo quản nông sản", theirs, 1),  # another organisation
        offer(f"Máy sấy {word} bơm nhiệt", ours, 0),  # not similar
    ]
    index = PostgresSearchIndex(sessions)
    await index.upsert(documents)

    result = await index.search(SearchQuery(text=word, sort=SearchSort.NEWEST, limit=10))

    shown = [(hit.id, hit.similar_count) for hit in result.hits]
    assert shown == [
        (documents[0].id, 2),
        (documents[3].id, 0),
        (documents[4].id, 0),
        (documents[5].id, 0),
    ]
    assert result.total == 4
    # Paging skips the folded ones too.
    second = await index.search(SearchQuery(text=word, sort=SearchSort.NEWEST, limit=2, offset=2))
    assert [hit.id for hit in second.hits] == [documents[4].id, documents[5].id]


async def test_families_follow_retitles_deletions_and_rebuilds(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    word = "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
    ours = str(uuid4())
    # A chain: short ~ middle and middle ~ long, but short and long are not alike.
    short = offer(f"Máy sấy lúa {word}", ours, 3)
    middle = offer(f"Máy sấy lúa {word} bơm nhiệt", ours, 2)
    long = offer(f"Máy sấy lúa {word} bơm nhiệt công suất lớn", ours, 1)
    index = PostgresSearchIndex(sessions)
    await index.upsert([short, middle, long])

    async def shown() -> list[tuple[str, int]]:
        result = await index.search(SearchQuery(text=word, sort=SearchSort.NEWEST, limit=10))
        return [(hit.id, hit.similar_count) for hit in result.hits]

    assert await shown() == [(short.id, 2)]
    # The link leaves: the chain splits.
    await index.delete([middle.id])
    assert await shown() == [(short.id, 0), (long.id, 0)]
    # It comes back under another title: still apart; retitled into the chain: one hit again.
    other = dataclasses.replace(middle, title=f"Dịch vụ {word} kiểm định")
    await index.upsert([other])
    assert [hit for hit, _ in await shown()] == [short.id, middle.id, long.id]
    await index.upsert([middle])
    assert await shown() == [(short.id, 2)]

    # A rebuild settles the families of everything it writes.
    async def everything() -> AsyncIterator[list[SearchDocument]]:
        yield [short, middle]
        yield [long]

    await index.rebuild(everything())
    assert await shown() == [(short.id, 2)]


async def test_title_similarity_is_pg_trgm_similarity(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    titles = [
        "kho lanh bao quan nong san",
        "kho lanh bao quan nong san so 2",
        "may say lua bom nhiet",
        "may say lua, bom-nhiet!",
        "he thong iot do muc nuoc",
        "iot do muc nuoc song",
        "robot han",
        "",
    ]
    pairs = [(a, b) for a in titles for b in titles]
    async with sessions() as session:
        expected = (
            (
                await session.execute(
                    text(
                        "SELECT similarity(a, b) FROM unnest(CAST(:a AS text[]), CAST(:b AS text[])) AS p(a, b)"
                    ),
                    {"a": [a for a, _ in pairs], "b": [b for _, b in pairs]},
                )
            )
            .scalars()
            .all()
        )
    ours = [jaccard(trigrams(a), trigrams(b)) for a, b in pairs]
    assert ours == pytest.approx(expected, abs=1e-6)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """pg_trgm's similarity of two trigram sets: shared over all (0 when either is empty)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)
