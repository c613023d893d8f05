"""Matching over GraphQL: who may ask, and that nothing confidential ever comes back. The
world asked about is in matching_world."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from db.tables import embeddings
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole
from domain.services import listings as lc
from tests.api.matching_world import (
    MATCHING_NEEDS,
    OPPORTUNITIES,
    POTENTIAL,
    RECOMMEND,
    SECRET,
    SIMILAR,
    World,
    gid,
)
from tests.factories import make_need, make_organization, make_user
from tests.graphql import gql
from tests.matching_support import drain


async def test_recommended_suppliers_is_denied_to_anonymous_and_strangers(
    client: httpx.AsyncClient, world: World, session: AsyncSession
) -> None:
    before = await session.scalar(select(func.count()).select_from(embeddings))
    anonymous = (await gql(client, RECOMMEND, {"id": world.need_id}))["recommendedSuppliers"]
    assert anonymous["__typename"] == "NotAllowed"
    assert anonymous["code"] == "NOT_A_MEMBER"
    stranger = (await gql(client, RECOMMEND, {"id": world.need_id}, token=world.stranger.token))[
        "recommendedSuppliers"
    ]
    assert stranger["__typename"] == "NotAllowed"
    # A supplier cannot read who else was recommended for someone's need either.
    supplier = (await gql(client, RECOMMEND, {"id": world.need_id}, token=world.hydro.token))[
        "recommendedSuppliers"
    ]
    assert supplier["__typename"] == "NotAllowed"
    assert await session.scalar(select(func.count()).select_from(embeddings)) == before


async def test_no_answer_ever_contains_confidential_text(
    client: httpx.AsyncClient, world: World
) -> None:
    # Confidential text is never embedded (scores are shown to people without access) ...
    assert world.embedder.texts
    assert not any(SECRET in t for t in world.embedder.texts)
    # ... and no answer, to anyone, carries it.
    calls = [
        (RECOMMEND, world.need_id, world.asker.token),
        (RECOMMEND, world.need_id, world.operator.token),
        (OPPORTUNITIES, world.fund_id, world.fund_member.token),
        (MATCHING_NEEDS, world.flood_offer_id, world.hydro.token),
        (SIMILAR, world.flood_offer_id, world.hydro.token),
        (SIMILAR, world.need_id, world.asker.token),
        (SIMILAR, world.initiative_id, world.hydro.token),
        (POTENTIAL, world.flood_offer_id, None),
        (POTENTIAL, world.initiative_id, None),
    ]
    for query, subject, token in calls:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": {"id": subject}},
            headers={"Authorization": f"Bearer {token}"} if token else {},
        )
        assert response.status_code == 200
        assert "errors" not in response.json(), response.text
        assert SECRET not in response.text
        assert "secret@example.vn" not in response.text


async def test_a_listing_that_stops_being_public_leaves_the_answers(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    offer_id = UUID(relay.GlobalID.from_id(world.flood_offer_id).node_id)
    await lc.withdraw_offer(
        SqlUnitOfWork(session),
        Actor(
            email_verified=True,
            user_id=world.hydro.user.id,
            memberships={world.hydro_org_id: MemberRole.OWNER},
        ),
        offer_id=offer_id,
        reason=None,
        now=datetime.now(UTC),
    )
    await drain(sessions, world.embedder)
    result = (await gql(client, RECOMMEND, {"id": world.need_id}, token=world.asker.token))[
        "recommendedSuppliers"
    ]
    assert "IoT water level sensor for flood warning" not in json.dumps(result)


async def _guess_similarity(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    guess: str,
) -> tuple[float, float]:
    """An outsider writes `guess` into a draft need of their own and asks for suppliers:
    (hydro's score, the flood offer's similarity)."""
    prober = await make_user(session)
    org = await make_organization(session, prober.user, name=f"Prober {guess[:12]}")
    need = await make_need(session, prober.user, org, title=guess, problem_statement=guess)
    await drain(sessions, world.embedder)
    result = (await gql(client, RECOMMEND, {"id": gid("Need", need.id)}, token=prober.token))[
        "recommendedSuppliers"
    ]
    assert result["__typename"] == "RecommendedSuppliers", result
    hydro = next(
        s for s in result["suppliers"] if s["organization"]["name"] == "Hydrology Sensors JSC"
    )
    listing = next(
        b for b in hydro["bestListings"] if b["title"] == "IoT water level sensor for flood warning"
    )
    return hydro["score"], listing["similarity"]


async def test_a_draft_need_cannot_confirm_a_guess_of_a_confidential_description(
    client: httpx.AsyncClient,
    world: World,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # Given the flood offer's confidential description "Circuit design <SECRET> and firmware
    # keys.", an outsider tries the right guess and a wrong one of the same shape.
    right = await _guess_similarity(
        client, session, sessions, world, f"Circuit design {SECRET} and firmware keys."
    )
    wrong = await _guess_similarity(
        client, session, sessions, world, "Circuit design MNO-CONFIDENTIAL-5580 and firmware keys."
    )
    # Then the scores shown cannot tell them apart: they come from public text only.
    assert right == pytest.approx(wrong, abs=1e-9)
