"""The province's sync client (rules in domain/federation/sync.py).

One run pushes our own listings changed since the push cursor to the centre (`pushListings`,
a page of our feed at a time), then pulls the centre's feed after the pull cursor
(`GET /feed`), applying each page and its cursor in one transaction. Transient failures (the
centre unreachable, 5xx, 429) are retried with exponential backoff (tenacity) for up to
`retry_seconds`; what a run could not finish, the next run redoes from the saved cursors.
Runs are serialised across processes by a PostgreSQL advisory lock.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tenacity import (
    AsyncRetrying,
    before_sleep_log,
    retry_if_exception_type,
    stop_after_delay,
    wait_exponential_jitter,
)

from db.federation.feed import read_feed
from db.federation.signals import Wakeup
from db.federation.sync import SqlSyncPeers, last_public_records
from db.uow import SqlUnitOfWork
from domain.federation.feed import ChangeOp, RecordType, decode_cursor
from domain.federation.ports import RecordValidator
from domain.federation.sync import (
    OutgoingChange,
    SyncReport,
    incoming,
    latest_per_record,
    outgoing,
    pull_cursor_name,
    push_cursor_name,
)
from domain.services.federation_sync import Peer, apply_pulled

logger = logging.getLogger(__name__)
T = TypeVar("T")

RUN_LOCK = 0x1D_5C  # advisory lock key: one sync run at a time per database
_TYPES = [RecordType.OFFER, RecordType.NEED]
PUSH = """mutation($records: [PushedListingInput!]!) {
  pushListings(input: {records: $records}) {
    __typename
    ... on ListingsPushed { results { externalId outcome } }
    ... on ValidationError { fields { path code } }
    ... on NotAllowed { code message }
    ... on NotAuthenticated { message }
  } }"""


class SyncRefused(Exception):
    """The centre refuses us (bad key, missing scope): retrying will not help."""


class Transient(Exception):
    """An answer worth retrying (5xx, 429, the database behind the centre down)."""


@dataclass(frozen=True, slots=True)
class SyncConfig:
    centre_url: str
    key: str
    peer: Peer
    push_batch: int = 100
    pull_page: int = 500
    retry_seconds: float = 60.0
    interval: float = 60.0


def _check(response: httpx.Response) -> None:
    if response.status_code in {401, 403}:
        raise SyncRefused(f"the centre answered {response.status_code}: check the API key")
    if response.status_code == 429 or response.status_code >= 500:
        raise Transient(f"the centre answered {response.status_code}")
    if response.status_code != 200:
        raise SyncRefused(f"the centre answered {response.status_code}")


class CentreClient:
    def __init__(self, config: SyncConfig, http: httpx.AsyncClient) -> None:
        self._config = config
        self._http = http
        self._headers = {"X-Api-Key": config.key}

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        retrying = AsyncRetrying(
            retry=retry_if_exception_type((httpx.TransportError, Transient)),
            wait=wait_exponential_jitter(multiplier=0.25, max=5.0, jitter=0.25),
            stop=stop_after_delay(self._config.retry_seconds),
            before_sleep=before_sleep_log(logger, logging.WARNING),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await call()
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def push(self, changes: list[OutgoingChange], report: SyncReport) -> None:
        """Push; a refused batch is pushed record by record so one bad record (that the centre's
        standard refuses) is skipped and logged instead of stopping every later change."""
        answer = await self._retrying(lambda: self._push_once(changes))
        kind = answer["__typename"]
        if kind == "ListingsPushed":
            report.pushed += sum(r["outcome"] != "UNCHANGED" for r in answer["results"])
        elif kind == "ValidationError" and len(changes) > 1:
            for change in changes:
                await self.push([change], report)
        elif kind == "ValidationError":
            report.push_refused += 1
            logger.warning(
                "the centre refused a listing",
                extra={"external_id": changes[0].external_id, "fields": answer["fields"]},
            )
        else:
            raise SyncRefused(f"the centre refused the push: {answer}")

    async def _push_once(self, changes: list[OutgoingChange]) -> dict[str, Any]:
        response = await self._http.post(
            f"{self._config.centre_url}/graphql",
            json={"query": PUSH, "variables": {"records": [c.as_input() for c in changes]}},
            headers=self._headers,
        )
        _check(response)
        body = response.json()
        if body.get("errors") or not body.get("data"):
            raise Transient(f"the centre failed the push: {body.get('errors')}")
        result: dict[str, Any] = body["data"]["pushListings"]
        return result

    async def feed_page(self, after: str) -> list[dict[str, Any]]:
        async def once() -> list[dict[str, Any]]:
            params = {"after": after, "limit": str(self._config.pull_page), "types": "offer,need"}
            response = await self._http.get(
                f"{self._config.centre_url}/feed", params=params, headers=self._headers
            )
            _check(response)
            return [json.loads(line) for line in response.text.splitlines() if line.strip()]

        lines: list[dict[str, Any]] = await self._retrying(once)
        return lines


class FederationSync:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        config: SyncConfig,
        validator: RecordValidator,
        *,
        wakeup: Wakeup | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self._sessions = sessions
        self._config = config
        self._validator = validator
        self._wakeup = wakeup
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0))
        self._centre = CentreClient(config, self._http)

    async def run_once(self) -> SyncReport | None:
        """Push, then pull. None when another process is running a sync right now."""
        report = SyncReport()
        async with self._sessions() as session:
            # A session-level lock on a connection kept for the run, in autocommit so that
            # connection is not idle in a transaction while the centre is slow or away.
            lock = await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            if not await lock.scalar(select(func.pg_try_advisory_lock(RUN_LOCK))):
                return None
            try:
                await self.push(report)
                await self.pull(report)
            finally:
                await lock.execute(select(func.pg_advisory_unlock(RUN_LOCK)))
        return report

    async def push(self, report: SyncReport) -> None:
        name = push_cursor_name(self._config.peer.code)
        while True:
            async with self._sessions() as session:
                after = decode_cursor(await SqlSyncPeers(session).cursor(name))
                items = await read_feed(session, after, self._config.push_batch, _TYPES)
                tombstones = [(i.record_id, i.position) for i in items if i.op is ChangeOp.DELETE]
                last = await last_public_records(session, tombstones)
            if not items:
                return
            found = (outgoing(i, last.get((i.record_id, i.position))) for i in items)
            changes = latest_per_record(c for c in found if c is not None)
            if changes:
                await self._centre.push(changes, report)
            async with self._sessions() as session:  # only once the centre has them
                await SqlSyncPeers(session).save_cursor(name, items[-1].cursor)
                await session.commit()
            if len(items) < self._config.push_batch:
                return

    async def pull(self, report: SyncReport) -> None:
        name = pull_cursor_name(self._config.peer.code)
        while True:
            async with self._sessions() as session:
                after = await SqlSyncPeers(session).cursor(name) or ""
            lines = await self._centre.feed_page(after)
            if not lines:
                return
            changes = []
            for line in lines:
                try:
                    change = incoming(line)
                except (KeyError, ValueError, TypeError):
                    report.skipped += 1
                    continue
                if change is not None:
                    changes.append(change)
            async with self._sessions() as session:
                await apply_pulled(
                    SqlUnitOfWork(session),
                    self._config.peer,
                    changes,
                    self._validator,
                    cursor_name=name,
                    cursor=str(lines[-1]["cursor"]),
                    report=report,
                )
            if len(lines) < self._config.pull_page:
                return

    async def serve(self, stopping: asyncio.Event) -> None:
        """Sync every `interval` seconds, and at once when the centre's webhook arrives (the
        receiver NOTIFYs SYNC_CHANNEL), until `stopping` is set."""
        while not stopping.is_set():
            if self._wakeup is not None:
                await self._wakeup.ensure()
            try:
                report = await self.run_once()
            except SyncRefused as refused:
                logger.error("federation sync refused: %s", refused)
            except Exception:  # the next turn redoes it from the saved cursors
                logger.exception("federation sync failed; retrying at the next turn")
            else:
                if report is not None and (report.pushed or report.pulled or report.withdrawn):
                    logger.info("federation sync: %s", report)
            await self._wait(stopping)

    async def _wait(self, stopping: asyncio.Event) -> None:
        stop = asyncio.ensure_future(stopping.wait())
        waits: set[asyncio.Future[Any]] = {stop}
        if self._wakeup is not None:
            waits.add(asyncio.ensure_future(self._wakeup.wait(self._config.interval)))
        await asyncio.wait(waits, timeout=self._config.interval, return_when="FIRST_COMPLETED")
        for future in waits:
            future.cancel()

    async def aclose(self) -> None:
        await self._http.aclose()
        if self._wakeup is not None:
            await self._wakeup.close()
