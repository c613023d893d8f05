"""Operator commands for search: the outbox state and a full reindex."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from db.outbox import outbox_health, requeue_parked
from domain.events import Consumer
from innovex.bootstrap import Runtime, search_vector_model
from innovex.settings import Settings


async def outbox_report(
    settings: Settings, *, requeue: list[Consumer], database_url: str | None = None
) -> dict[str, dict[str, int]]:
    """Requeue the parked events of `requeue`, then return pending/parked per consumer."""
    runtime = Runtime.build(settings, database_url)
    try:
        async with runtime.sessions() as session:
            for consumer in requeue:
                await requeue_parked(session, consumer)
            health = await outbox_health(session)
            await session.commit()
    finally:
        await runtime.close()
    return {c.value: health.get(c.value, {"pending": 0, "parked": 0}) for c in Consumer}


def print_outbox(report: dict[str, dict[str, int]], console: Console) -> None:
    table = Table(title="Outbox")
    table.add_column("consumer")
    table.add_column("pending", justify="right")
    table.add_column("parked", justify="right")
    for consumer, counts in report.items():
        table.add_row(consumer, str(counts["pending"]), str(counts["parked"]))
    console.print(table)


async def reindex(settings: Settings, *, console: Console, database_url: str | None = None) -> int:
    """Rebuild the search index from the database, with a progress bar."""
    from search.indexer import reindex as rebuild

    runtime = Runtime.build(settings, database_url)
    try:
        with Progress(
            TextColumn("[bold]reindex[/bold]"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            task = progress.add_task("documents", total=None)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            return await rebuild(
                runtime.sessions,
                runtime.search_index,
                progress=report,
                vector_model=search_vector_model(runtime.settings, runtime.search_index),
            )
    finally:
        await runtime.close()
