"""Statistics for operators and observers (their provinces), and the public subset."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.errors import NotAllowed, NotAuthenticated, ValidationError, payload
from api.statistics.types import PublicStatisticsType, StatisticsType
from domain.services import statistics as uc
from domain.statistics import build_query

StatisticsResult = Annotated[
    StatisticsType | ValidationError | NotAuthenticated | NotAllowed,
    strawberry.union("StatisticsResult"),
]
PublicStatisticsResult = Annotated[
    PublicStatisticsType | ValidationError, strawberry.union("PublicStatisticsResult")
]

PERIOD = "A year (2026), quarter (2026-Q3) or month (2026-07), in Vietnamese time."


@strawberry.type
class StatisticsQuery:
    @strawberry.field(
        description="Operators and observers: the funnel by month and quarter, time to "
        "decision, connections, deals and the top fields and provinces. A provincial "
        "operator or observer reads its provinces only (others: NotAllowed OUTSIDE_PROVINCE)."
    )
    @payload
    async def statistics(
        self,
        info: Info,
        period: Annotated[str, strawberry.argument(description=PERIOD)],
        provinces: list[str] | None = None,
        field_codes: list[str] | None = None,
    ) -> StatisticsResult:
        ctx = info.context
        actor = await ctx.actor()
        uc.province_scope(actor)  # refuse before reading the arguments
        query = build_query(period, provinces, field_codes)
        return StatisticsType.from_domain(await uc.statistics(ctx.uow, actor, query))

    @strawberry.field(
        description="Anyone: the portal's results (aggregates only), nationally or for "
        "the given provinces and fields."
    )
    @payload
    async def public_statistics(
        self,
        info: Info,
        period: Annotated[str, strawberry.argument(description=PERIOD)],
        provinces: list[str] | None = None,
        field_codes: list[str] | None = None,
    ) -> PublicStatisticsResult:
        query = build_query(period, provinces, field_codes)
        return PublicStatisticsType.from_domain(await uc.public_statistics(info.context.uow, query))
