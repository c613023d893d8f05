"""What the API needs from the outside world, handed in by the composition root."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.throttle import PasswordThrottle
from db.live import EventHub
from db.repositories.lexical_sql import TermFrequencies
from domain.documents import DocumentStore, LinkSigner
from domain.ports import Clock, PasswordHasher
from domain.receipts import ReceiptSigner
from domain.search import SearchIndex
from matching.vectors import VectorSpace


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class NotConfigured(RuntimeError):
    """A resolver needs an adapter this deployment was built without: masked as unexpected."""


@dataclass(slots=True)
class ApiDeps:
    sessions: async_sessionmaker[AsyncSession]
    password_hasher: PasswordHasher
    production: bool = False
    token_ttl: timedelta = timedelta(days=30)
    max_body_bytes: int = 256 * 1024
    # Stored documents: None where a deployment (or a test app) keeps no files.
    document_store: DocumentStore | None = None
    link_signer: LinkSigner | None = None
    # Report links carry a report file's id in DownloadGrant.attachment_id, under their own key.
    report_link_signer: LinkSigner | None = None
    storage_quota_bytes: int = 2 * 1024**3
    download_link_ttl: timedelta = timedelta(minutes=5)
    # Where links in mail point (PUBLIC_URL).
    public_url: str = "http://127.0.0.1:8000"
    clock: Clock = field(default_factory=SystemClock)
    password_throttle: PasswordThrottle = field(default_factory=PasswordThrottle)
    # Extra readiness checks (name -> coroutine returning (ok, detail)); the database check
    # is built in.
    readiness_checks: dict[str, Callable[[], Awaitable[tuple[bool, Any]]]] = field(
        default_factory=dict
    )
    # Adapters of later contexts; None where a deployment (or a test app) runs without them.
    search_index: SearchIndex | None = None
    receipt_signer: ReceiptSigner | None = None
    # The model whose stored vectors matching compares; None means the bundled default.
    vector_space: VectorSpace | None = None
    # Shared across requests so document frequencies are counted once a minute, not per ask.
    term_frequencies: TermFrequencies | None = None
    # Federation and open data (issue 14).
    public_base_url: str | None = None  # None: the request's own base URL
    open_data_dir: Path | None = None  # where the worker writes the daily exports
    open_data_rate_per_minute: int = 120  # per client IP without an API key
    webhook_http_hosts: frozenset[str] = frozenset({"127.0.0.1", "localhost"})
    exchange_name: str = "Innovex"
    # The `whsec_` secret of this exchange's subscription at its centre (FEDERATION_WEBHOOK_
    # SECRET); None: POST /federation/webhook answers 404.
    federation_webhook_secret: str | None = None
    # Live events (subscriptions) through LISTEN/NOTIFY; None: subscriptions are unavailable.
    event_hub: EventHub | None = None

    def require_search_index(self) -> SearchIndex:
        if self.search_index is None:
            raise NotConfigured("no search index configured")
        return self.search_index

    def require_event_hub(self) -> EventHub:
        if self.event_hub is None:
            raise NotConfigured("no event hub configured")
        return self.event_hub

    def require_documents(self) -> tuple[DocumentStore, LinkSigner]:
        if self.document_store is None or self.link_signer is None:
            raise NotConfigured("no document store configured")
        return self.document_store, self.link_signer

    def require_report_links(self) -> LinkSigner:
        if self.report_link_signer is None:
            raise NotConfigured("no report link signer configured")
        return self.report_link_signer

    def require_receipt_signer(self) -> ReceiptSigner:
        if self.receipt_signer is None:
            raise NotConfigured("no receipt signer configured")
        return self.receipt_signer
