"""The vector store and the embedding consumer on a real PostgreSQL (fake embedder): what is
stored, when a listing is (not) re-embedded, visibility, the start-up check and the backfill."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.matching_reader import SqlMatchingReader
from db.repositories.vector_sql import index_name
from db.repositories.vector_store import SqlVectorStore
from db.tables import embeddings
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole
from domain.listings import OfferStatus
from domain.services import listings as lc
from matching.indexer import backfill
from matching.vectors import FIX_COMMAND, VectorSpace, check_vector_space
from tests.factories import make_offer, make_organization, make_user
from tests.matching_support import FAKE_MODEL, BagOfWordsEmbedder, drain


async def rows(session: AsyncSession) -> list[tuple[str, str, int, bool]]:
    found = await session.execute(
        select(
            embeddings.c.subject_kind,
            embeddings.c.model,
            embeddings.c.dimension,
            embeddings.c.public,
        ).order_by(embeddings.c.subject_kind)
    )
    return [tuple(r) for r in found]  # type: ignore[misc]


async def test_listings_are_embedded_once_and_follow_their_visibility(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    offer = await make_offer(session, owner.user, org, status=OfferStatus.LISTED)
    embedder = BagOfWordsEmbedder()

    await drain(sessions, embedder)
    # The offer and its supplier's portfolio profile, with model and dimension.
    assert await rows(session) == [
        ("offer", FAKE_MODEL, 384, True),
        ("supplier", FAKE_MODEL, 384, True),
    ]
    assert embedder.calls == 1

    # Withdrawn: the vector stays (for duplicate checks) but leaves public kNN, and the
    # supplier, with no public listing left, loses its profile. Nothing is re-embedded.
    await lc.withdraw_offer(
        SqlUnitOfWork(session),
        Actor(email_verified=True, user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}),
        offer_id=offer.id,
        reason=None,
        now=datetime.now(UTC),
    )
    await drain(sessions, embedder)
    assert await rows(session) == [("offer", FAKE_MODEL, 384, False)]
    assert embedder.calls == 1
    reader = SqlMatchingReader(session)
    vector = await reader.query_vector("offer", offer.id, FAKE_MODEL)
    assert vector is not None
    assert await reader.nearest(FAKE_MODEL, vector, ("offer",), 10) == []


async def test_start_up_check_names_the_mismatch_and_the_fix(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    await make_offer(session, owner.user, org, status=OfferStatus.LISTED)
    await drain(sessions, BagOfWordsEmbedder())

    problems = await check_vector_space(session, VectorSpace("all-MiniLM-L6-v2", 384))
    assert [p.message for p in problems] == [
        f"2 stored vectors were made by model '{FAKE_MODEL}' but EMBEDDING_MODEL is "
        "'all-MiniLM-L6-v2'"
    ]
    assert problems[0].fix == FIX_COMMAND == "innovex embed --backfill"
    wrong_dimension = await check_vector_space(session, VectorSpace(FAKE_MODEL, 768))
    assert [p.message for p in wrong_dimension] == [
        f"2 stored vectors of '{FAKE_MODEL}' have dimension 384, the model makes 768",
        f"no HNSW index for model '{FAKE_MODEL}'",
    ]

    # The backfill makes the fake model the only one, with its own index.
    stats = await backfill(sessions, BagOfWordsEmbedder(), FAKE_MODEL)
    assert stats.embedded == 0  # already embedded from the same text
    assert stats.unchanged == 1
    assert await SqlVectorStore(session).has_index(FAKE_MODEL)
    assert index_name(FAKE_MODEL) == "ix_embeddings_hnsw_fake_bag_of_words"
    assert await check_vector_space(session, VectorSpace(FAKE_MODEL, 384)) == []


async def test_backfill_replaces_another_models_vectors(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    await make_offer(session, owner.user, org, status=OfferStatus.LISTED)
    await drain(sessions, BagOfWordsEmbedder(), "old-model")
    embedder = BagOfWordsEmbedder()
    progress: list[tuple[int, int]] = []

    stats = await backfill(
        sessions, embedder, FAKE_MODEL, progress=lambda d, t: progress.append((d, t))
    )
    assert stats.embedded == 1
    assert progress[0] == (0, 1)
    assert progress[-1] == (1, 1)
    models = await session.scalars(select(embeddings.c.model).distinct())
    assert list(models) == [FAKE_MODEL]
    assert await session.scalar(select(func.count()).select_from(embeddings)) == 2
