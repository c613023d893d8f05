"""Use cases of oversight: statistics for operators and observers (within their provinces) and
the public subset anyone may read."""

from __future__ import annotations

from typing import Protocol

from domain.accounts import Actor, PlatformRole
from domain.errors import NotAllowed, NotAllowedCode
from domain.services.accounts import require_user
from domain.statistics import DecisionTimes, Statistics, StatisticsQuery, StatisticsReader


class StatisticsUnitOfWork(Protocol):
    @property
    def statistics(self) -> StatisticsReader: ...


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
    funnel, fields, provinces = await uow.statistics.funnel(q)
    return Statistics(
        query=q,
        funnel=funnel,
        decisions=await uow.statistics.decision_times(q),
        top_fields=fields,
        top_provinces=provinces,
        deals=await uow.statistics.deals(q),
        connections_by_state=await uow.statistics.connections_by_state(q),
    )


async def public_statistics(uow: StatisticsUnitOfWork, query: StatisticsQuery) -> Statistics:
    """The portal's published results: the same aggregates, without connections (whose
    states say who is negotiating with whom in a small province)."""
    funnel, fields, provinces = await uow.statistics.funnel(query)
    return Statistics(
        query=query,
        funnel=funnel,
        decisions=await uow.statistics.decision_times(query),
        top_fields=fields,
        top_provinces=provinces,
        deals=await uow.statistics.deals(query),
    )


__all__ = ["DecisionTimes", "province_scope", "public_statistics", "scoped_query", "statistics"]
