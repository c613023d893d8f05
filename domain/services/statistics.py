"""Use cases of oversight: statistics for operators and observers (within their provinces) and
the public subset anyone may read."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from domain.accounts import Actor, PlatformRole
from domain.errors import NotAllowed, NotAllowedCode
from domain.feedback import FeedbackReader, FeedbackStatistics, ProcessRatings
from domain.services.accounts import require_user
from domain.statistics import DecisionTimes, Statistics, StatisticsQuery, StatisticsReader


class StatisticsUnitOfWork(Protocol):
    @property
    def statistics(self) -> StatisticsReader: ...

    @property
    def feedback_statistics(self) -> FeedbackReader: ...


def province_scope(actor: Actor) -> frozenset[str] | None:
    """The provinces an overseer may read; None means every province (central). Refuses
    callers who are neither operators nor observers."""
    require_user(actor)
    if not actor.is_observer:
        raise NotAllowed(
            NotAllowedCode.MISSING_ROLE, "Only operators and observers read the statistics."
        )
    if actor.is_staff:
        return None
    central_observer = PlatformRole.OBSERVER in actor.roles and not actor.provinces_of(
        PlatformRole.OBSERVER
    )
    if central_observer:
        return None
    return actor.provinces_of(PlatformRole.OPERATOR) | actor.provinces_of(PlatformRole.OBSERVER)


def scoped_query(actor: Actor, query: StatisticsQuery) -> StatisticsQuery:
    """The query limited to the caller's provinces; asking for another is refused, not
    silently narrowed."""
    scope = province_scope(actor)
    if scope is None:
        return query
    if query.provinces is None:
        return StatisticsQuery(query.period, scope, query.field_codes)
    if not query.provinces <= scope:
        raise NotAllowed(
            NotAllowedCode.OUTSIDE_PROVINCE,
            "You oversee only your provinces: ask for those, or for none.",
        )
    return query


async def statistics(uow: StatisticsUnitOfWork, actor: Actor, query: StatisticsQuery) -> Statistics:
    q = scoped_query(actor, query)
    shared = await _shared_figures(uow, q)
    return replace(
        shared,
        connections_by_state=await uow.statistics.connections_by_state(q),
        feedback=FeedbackStatistics(await _ratings(uow, q)),
    )


async def public_statistics(uow: StatisticsUnitOfWork, query: StatisticsQuery) -> Statistics:
    """The portal's published results: the same aggregates, without connections (whose
    states say who is negotiating with whom in a small province); rating averages (of enough
    ratings) and the published evaluation rounds."""
    shared = await _shared_figures(uow, query)
    return replace(
        shared,
        feedback=FeedbackStatistics(
            [r.public() for r in await _ratings(uow, query)],
            await uow.feedback_statistics.published_rounds(
                start=query.period.start, end=query.period.end
            ),
        ),
    )


async def _shared_figures(uow: StatisticsUnitOfWork, q: StatisticsQuery) -> Statistics:
    """What overseers and the public both read: the funnel, its top fields and provinces,
    decision times and deals."""
    funnel, fields, provinces = await uow.statistics.funnel(q)
    return Statistics(
        query=q,
        funnel=funnel,
        decisions=await uow.statistics.decision_times(q),
        top_fields=fields,
        top_provinces=provinces,
        deals=await uow.statistics.deals(q),
    )


async def _ratings(uow: StatisticsUnitOfWork, q: StatisticsQuery) -> list[ProcessRatings]:
    return await uow.feedback_statistics.ratings(
        starts_at=q.period.starts_at,
        ends_at=q.period.ends_at,
        provinces=q.provinces,
        field_codes=q.field_codes,
    )


__all__ = ["DecisionTimes", "province_scope", "public_statistics", "scoped_query", "statistics"]
