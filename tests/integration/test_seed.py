"""The demo data set loads through the real use cases and covers every state."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.audit import SqlAuditLog
from db.tables import (
    connection_messages,
    connections,
    deals,
    fund_profiles,
    initiatives,
    needs,
    organizations,
    review_assignments,
    review_decisions,
    technology_offers,
    users,
)
from innovex.demo.content import INITIATIVE_STATES, NEED_STATES, OFFER_STATES, generate_demo
from innovex.seed import load_dataset
from security.receipts import Ed25519ReceiptSigner


async def states(session: AsyncSession, table) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rows = await session.execute(select(table.c.status, func.count()).group_by(table.c.status))
    return {r[0]: r[1] for r in rows}


@pytest.mark.slow
async def test_demo_data_covers_every_state_and_keeps_the_audit_chain(
    session: AsyncSession,
) -> None:
    data = generate_demo(reference_date=date.today())
    await load_dataset(session, data, Ed25519ReceiptSigner.from_secret("s" * 40))

    assert set(await states(session, initiatives)) == set(INITIATIVE_STATES)
    assert set(await states(session, technology_offers)) == set(OFFER_STATES)
    assert set(await states(session, needs)) == set(NEED_STATES)
    assert sum((await states(session, initiatives)).values()) == 150
    assert sum((await states(session, technology_offers)).values()) == 150
    assert sum((await states(session, needs)).values()) == 60
    assert await session.scalar(select(func.count()).select_from(fund_profiles)) == 10
    assert await session.scalar(select(func.count()).select_from(users)) == len(data.people)
    assert await session.scalar(select(func.count()).select_from(organizations)) >= 60
    provinces = await session.scalar(
        select(func.count(func.distinct(organizations.c.province_code)))
    )
    assert provinces is not None
    assert provinces >= 10
    # Reviews, connections in every state, messages and deals.
    assert await session.scalar(select(func.count()).select_from(review_assignments)) >= 100
    assert await session.scalar(select(func.count()).select_from(review_decisions)) >= 50
    assert set(await states(session, connections)) == {
        "pending",
        "declined",
        "accepted",
        "negotiating",
        "deal",
    }
    assert await session.scalar(select(func.count()).select_from(connection_messages)) >= 20
    assert await session.scalar(select(func.count()).select_from(deals)) >= 5
    # Every state change went through the use cases, so the audit chain holds.
    status = await SqlAuditLog(session).verify()
    assert status.ok
    assert status.entries_checked > 1000
