"""An organisation's limits on API keys and webhook subscriptions: counted in SQL, the revoked
keys not counted, and the refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import api_keys, webhook_subscriptions
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole
from domain.errors import Conflict
from domain.federation.keys import MAX_KEYS_PER_ORGANIZATION, ApiKeyScope
from domain.federation.webhooks import MAX_SUBSCRIPTIONS_PER_ORGANIZATION
from domain.services import federation as fc
from tests.factories import make_organization, make_user


async def _owner_and_organization(session: AsyncSession) -> tuple[Actor, UUID]:
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    return Actor(user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}), org.id


async def _rows(session: AsyncSession, table: Table, org: UUID) -> int:
    """The organisation's rows of `table`, whatever their state."""
    stmt = select(func.count()).where(table.c.organization_id == org)
    return int(await session.scalar(stmt) or 0)


async def test_a_key_past_the_limit_is_refused_and_revoked_keys_do_not_count(
    session: AsyncSession,
) -> None:
    actor, org = await _owner_and_organization(session)
    uow = SqlUnitOfWork(session)

    async def create() -> fc.IssuedApiKey:
        cmd = fc.CreateApiKey(org, "Sàn tỉnh", frozenset({ApiKeyScope.READ_FEED}))
        return await fc.create_api_key(uow, actor, cmd, datetime.now(UTC))

    first = await create()
    for _ in range(MAX_KEYS_PER_ORGANIZATION - 1):
        await create()
    before = await _rows(session, api_keys, org)
    with pytest.raises(Conflict, match="too many active keys"):
        await create()
    assert await _rows(session, api_keys, org) == before
    # A revoked key frees its place.
    await fc.revoke_api_key(uow, actor, first.key.id)
    await create()
    assert await _rows(session, api_keys, org) == before + 1


async def test_a_webhook_past_the_limit_is_refused(session: AsyncSession) -> None:
    actor, org = await _owner_and_organization(session)
    uow = SqlUnitOfWork(session)

    async def register(i: int) -> None:
        cmd = fc.RegisterWebhook(org, f"https://hooks{i}.example.vn/innovex", ["offer.upserted"])
        await fc.register_webhook(uow, actor, None, cmd)

    for i in range(MAX_SUBSCRIPTIONS_PER_ORGANIZATION):
        await register(i)
    with pytest.raises(Conflict, match="too many webhooks"):
        await register(99)
    assert await _rows(session, webhook_subscriptions, org) == MAX_SUBSCRIPTIONS_PER_ORGANIZATION
