"""The caches each API process keeps over database data are stale for a bounded time only.

With several API processes (`innovex serve --workers N`) a write made through one process (or
the worker) is not announced to the caches of the others; each cache instead forgets its
entries after a fixed time. Two instances on one database stand for two processes here, and a
fake clock shows the bound: stale until just before it, fresh just after.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.lexical_sql import term_frequency_cache
from db.repositories.matching_reader import SqlMatchingReader
from domain.search import DocumentKind, SearchDocument, SearchFilter, SearchQuery
from search.postgres import PostgresSearchIndex


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def offer(number: int, title: str, field: str) -> SearchDocument:
    return SearchDocument(
        id=f"offer:00000000-0000-4000-8000-{number:012x}",
        kind=DocumentKind.OFFER,
        title=title,
        field_code=field,
        status="listed",
    )


async def test_typo_expansion_sees_another_process_words_within_the_analysis_ttl(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    clock = Clock()
    writer = PostgresSearchIndex(sessions)  # the worker's process
    reader = PostgresSearchIndex(sessions, analysis_ttl=30.0, clock=clock)  # an API process
    misspelt = SearchQuery("quasiphotonix", filter=SearchFilter(field_codes=("stale-1",)))
    assert (await reader.search(misspelt)).hits == []  # analysed: no vocabulary word near it

    await writer.upsert([offer(1, "Quasiphotonic sensor array", "stale-1")])
    clock.now += 29.9
    stale = await reader.search(misspelt)
    clock.now += 0.2
    fresh = await reader.search(misspelt)
    another_process = await PostgresSearchIndex(sessions).search(misspelt)

    assert stale.hits == []
    assert [h.title for h in fresh.hits] == ["Quasiphotonic sensor array"]
    assert [h.title for h in another_process.hits] == ["Quasiphotonic sensor array"]


async def test_document_frequencies_follow_another_process_writes_within_a_minute(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    clock = Clock()
    frequencies = term_frequency_cache(ttl_seconds=60.0, timer=clock)
    index = PostgresSearchIndex(sessions)
    await index.upsert([offer(1, "Zymolytic reactor for cassava waste", "stale-2")])

    async with sessions() as session:
        before = {
            t.term: t.document_frequency
            for t in await SqlMatchingReader(session, frequencies).analyse("zymolytic")
        }
    await index.upsert([offer(2, "Zymolytic digester for rice straw", "stale-2")])
    clock.now += 59.9
    async with sessions() as session:
        stale = {
            t.term: t.document_frequency
            for t in await SqlMatchingReader(session, frequencies).analyse("zymolytic")
        }
    clock.now += 0.2
    async with sessions() as session:
        fresh = {
            t.term: t.document_frequency
            for t in await SqlMatchingReader(session, frequencies).analyse("zymolytic")
        }

    assert before == {"zymolytic": 1}
    assert stale == {"zymolytic": 1}
    assert fresh == {"zymolytic": 2}
