"""Near-duplicate folding in the PostgreSQL engine: an organisation's listings with nearly the
same title (and the same numbers in it) are one hit, counted under the best-placed one."""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.search import DocumentKind, SearchDocument, SearchQuery, SearchSort
from search.postgres import PostgresSearchIndex

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
