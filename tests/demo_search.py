"""The demo dataset loaded into a database of its own, indexed and embedded once, for search
tests that ask what a user of the demo would ask."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from innovex.demo.content import generate_demo
from innovex.seed import load_dataset
from security.receipts import Ed25519ReceiptSigner
from tests.matching_support import FAKE_MODEL, BagOfWordsEmbedder, drain


async def load_demo(engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
    data = generate_demo(reference_date=date(2026, 11, 1))
    async with sessions() as session:
        await load_dataset(session, data, Ed25519ReceiptSigner.from_secret("s" * 40))
        await session.commit()
    while await drain(sessions, BagOfWordsEmbedder(), FAKE_MODEL):
        pass
