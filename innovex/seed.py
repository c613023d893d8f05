"""`innovex seed --demo`: the bilingual demo data set, loaded through the real use cases.

Everything goes through the same use cases as the API (so lifecycles, receipts, audit entries
and outbox events are all real), inside ONE outer transaction: use-case commits only release
savepoints, and the data set appears whole or not at all. A marker organisation makes the
command idempotent.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import make_sessionmaker
from db.tables import organizations
from db.uow import SqlUnitOfWork
from domain.fields import from_fields
from domain.listings import FundThesis
from domain.services import listings as listings_uc
from innovex.bootstrap import Runtime
from innovex.demo.content import generate_demo
from innovex.demo.model import DemoDataset
from innovex.seeding.exchange import exchange
from innovex.seeding.listings import load_initiative, load_need, load_offer, offer_ip_number
from innovex.seeding.people import people_and_organizations
from innovex.seeding.state import MARKER_REGISTRY_CODE, Loaded
from innovex.settings import Settings
from security.receipts import Ed25519ReceiptSigner


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int], Callable[[], None]]]:
    if not enabled:
        yield lambda _label, _total: lambda: None
        return
    with Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ) as bar:

        def task(label: str, total: int) -> Callable[[], None]:
            task_id = bar.add_task(label, total=total)
            return lambda: bar.advance(task_id)

        yield task


async def seed_demo(
    settings: Settings, *, progress: bool = False, database_url: str | None = None
) -> bool:
    """Load the demo data set unless it is there already. Returns True when loaded."""
    runtime = Runtime.build(settings, database_url)
    try:
        async with runtime.engine.connect() as conn:
            transaction = await conn.begin()
            already = await conn.scalar(
                select(organizations.c.id).where(
                    organizations.c.registry_code == MARKER_REGISTRY_CODE
                )
            )
            if already is not None:
                await transaction.rollback()
                return False
            sessions = make_sessionmaker(conn, join_transaction_mode="create_savepoint")
            async with sessions() as session:
                signer = Ed25519ReceiptSigner.from_secret(settings.resolved_secret_key)
                await load_dataset(
                    session,
                    generate_demo(reference_date=date.today()),
                    signer,
                    progress=progress,
                )
            await transaction.commit()
            return True
    finally:
        await runtime.close()


async def load_dataset(
    session: AsyncSession, data: DemoDataset, signer: Any, *, progress: bool = False
) -> Loaded:
    uow = SqlUnitOfWork(session)
    loaded = Loaded()
    rng = random.Random(data.seed)  # noqa: S311 - reproducible demo data
    now = datetime.now(UTC)
    with _progress(progress) as task:
        await people_and_organizations(uow, data, loaded, task)
        step = task("initiatives", len(data.initiatives))
        for item in data.initiatives:
            await load_initiative(uow, signer, loaded, item, now=now, rng=rng)
            step()
        step = task("technology offers", len(data.offers))
        ip_numbers = {i.key: i.ip_number for i in data.initiatives}
        for offer in data.offers:
            await load_offer(
                uow, signer, loaded, offer, now=now, ip_number=offer_ip_number(offer, ip_numbers)
            )
            step()
        step = task("needs and challenges", len(data.needs))
        for need in data.needs:
            await load_need(uow, loaded, need, now)
            step()
        step = task("funds", len(data.funds))
        for fund in data.funds:
            org_id = loaded.organizations[fund.organization_key]
            owner = next(p for p in data.people if p.organization_key == fund.organization_key)
            await listings_uc.upsert_fund_profile(
                uow,
                loaded.actor(owner.key),
                organization_id=org_id,
                content=from_fields(FundThesis, fund),
            )
            step()
        await exchange(uow, data, loaded, rng, now=now, task=task)
    return loaded
