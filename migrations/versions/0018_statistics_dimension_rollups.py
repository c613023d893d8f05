"""Statistics: the monthly funnel rolled up once more, by province alone and by field alone.

`stats_funnel_monthly` (0011) has a row per month, state, province and field: a national year is
~72,000 of them, summed three ways per request (by month, by province, by field). The two views
here hold the same counts per month and state with one place dimension each (a few thousand
rows a year); db/repositories/statistics.py reads each grouping from the smallest rollup that
can answer it under the request's filters. Both are summed from `stats_funnel_monthly` and
refreshed right after it, concurrently, by the worker.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 19:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEWS = {"province": "stats_funnel_province_monthly", "field": "stats_funnel_field_monthly"}


def upgrade() -> None:
    for dimension, view in VIEWS.items():
        column = f"{dimension}_code"
        op.execute(
            f"""CREATE MATERIALIZED VIEW {view} AS
            SELECT month, status, {column}, sum(n)::bigint AS n
            FROM stats_funnel_monthly GROUP BY 1, 2, 3"""
        )
        op.execute(
            f"CREATE UNIQUE INDEX uq_{view} ON {view} (month, status, {column}) NULLS NOT DISTINCT"
        )
        # Covering: a period's rows come from the index alone.
        op.execute(f"CREATE INDEX ix_{view}_month ON {view} (month) INCLUDE (status, {column}, n)")


def downgrade() -> None:
    for view in VIEWS.values():
        op.execute(f"DROP MATERIALIZED VIEW {view}")
