"""Counting answered matching queries for the statistics, off the request's session."""

from __future__ import annotations

import logging
from uuid import UUID

from api.context import Info
from db.repositories.matching_usage import SqlMatchingUsage
from domain.matching_usage import MatchingQueryName, MatchingUse

logger = logging.getLogger("innovex.matching")


async def record_use(info: Info, query: MatchingQueryName, kind: str, subject_id: UUID) -> None:
    """Its own short transaction: the request session may serve parallel fields and is never
    committed by a query. A failure is logged, never the caller's error."""
    use = MatchingUse(query=query, subject_kind=kind, subject_id=subject_id)
    try:
        async with info.context.deps.sessions() as session:
            await SqlMatchingUsage(session).record(use)
            await session.commit()
    except Exception:
        logger.exception("matching usage not recorded", extra={"query": query.value})
