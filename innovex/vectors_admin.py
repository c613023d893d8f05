"""Operator commands for vectors: the backfill (`innovex embed --backfill`) and the check."""

from __future__ import annotations

import logging

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from innovex.bootstrap import Runtime, build_embedder, search_vector_model
from innovex.settings import Settings
from matching.indexer import IndexStats, backfill
from matching.vectors import SpaceProblem, VectorSpace, check_vector_space, model_identity

logger = logging.getLogger(__name__)


async def run_backfill(
    settings: Settings, *, console: Console, database_url: str | None = None
) -> IndexStats:
    """Embed every listing and fund thesis that is missing or stale, with a progress bar."""
    runtime = Runtime.build(settings, database_url)
    embedder = build_embedder(settings)
    model = model_identity(settings.embedding_model)
    try:
        with Progress(
            TextColumn(f"[bold]embed[/bold] {model}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("subjects", total=None)

            def report(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            return await backfill(
                runtime.sessions,
                embedder,
                model,
                progress=report,
                search_keeps_vectors=search_vector_model(settings, runtime.search_index)
                is not None,
            )
    finally:
        await runtime.close()


async def vector_problems(
    settings: Settings, *, database_url: str | None = None, load_model: bool = True
) -> list[SpaceProblem]:
    runtime = Runtime.build(settings, database_url)
    model = model_identity(settings.embedding_model)
    dimension = build_embedder(settings).dimension if load_model else None
    try:
        async with runtime.sessions() as session:
            return await check_vector_space(session, VectorSpace(model, dimension))
    finally:
        await runtime.close()
