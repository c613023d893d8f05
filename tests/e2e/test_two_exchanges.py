"""Two exchanges, end to end: a national centre and a province, each `innovex serve
--with-worker` on its own database of the embedded server (127.0.0.1 only), plus the
province's `innovex sync`. The province pushes its listings, pulls the centre's feed and
receives its webhooks; then the sync process and the centre are killed (SIGKILL) in the
middle of a sync and restarted, and both sides must hold exactly the other's public listings:
nothing lost, nothing duplicated."""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import pytest

from db.engine import libpq_url, make_engine, make_sessionmaker
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, MemberRole
from domain.federation.keys import ApiKeyScope
from domain.listings import NeedStatus
from domain.services import federation as fc
from domain.services import listings as lc
from innovex.probe import wait_until_healthy
from tests.conftest import scratch_database
from tests.e2e.api_process import free_port
from tests.factories import (
    make_organization,
    make_user,
    need_content,
    offer_content,
    operator_actor,
    receipt_signer,
)
from tests.federation.conftest import MARKER

pytestmark = pytest.mark.slow

PROVINCE_ORG = "Sở KH&CN Đà Nẵng"
MORE_OFFERS, MORE_NEEDS = 20, 10  # added on each side before the kills
MORE = MORE_OFFERS + MORE_NEEDS
EVENTS = ["offer.upserted", "offer.deleted", "need.upserted", "need.deleted"]


class Databases:
    """Both exchanges' databases, through one event loop and one connection each (the test
    polls them often)."""

    def __init__(self, centre: str, province: str) -> None:
        self.urls = {"centre": centre, "province": province}
        self.runner = asyncio.Runner()
        self.connections = {
            name: self.runner.run(asyncpg.connect(libpq_url(url)))
            for name, url in self.urls.items()
        }

    def fetch(self, side: str, sql: str, *args: object) -> list[Any]:
        return list(self.runner.run(self.connections[side].fetch(sql, *args)))

    def own_public_ids(self, side: str) -> set[str]:
        """Public offers and needs of an exchange that are its own (not pushed or pulled)."""
        rows = self.fetch(
            side,
            "SELECT id::text FROM technology_offers WHERE status = 'listed' "
            "UNION ALL SELECT id::text FROM needs WHERE status = 'open' "
            "EXCEPT SELECT entity_id::text FROM federated_records",
        )
        return {r[0] for r in rows}

    def copies(self, side: str, source: str | None = None) -> list[str]:
        """External ids of listings copied from another exchange (a list: repeats show)."""
        rows = self.fetch(
            side,
            "SELECT f.external_id FROM federated_records f "
            "LEFT JOIN technology_offers o ON o.id = f.entity_id "
            "LEFT JOIN needs n ON n.id = f.entity_id "
            "WHERE ($1::text IS NULL OR f.source = $1) AND (o.id IS NOT NULL OR n.id IS NOT NULL)",
            source,
        )
        return [r[0] for r in rows]

    def add_listings(
        self, side: str, org_name: str, offers: int, needs: int, **content: object
    ) -> UUID:
        """Public listings of a new organisation, through the real use cases."""
        return self.runner.run(_add_listings(self.urls[side], org_name, offers, needs, content))

    def province_account(self, province_url: str, whsec: str) -> tuple[str, str]:
        """On the centre: the province's organisation, its API key (returned) and its webhook
        subscription to `province_url`; and the organisation's id."""
        return self.runner.run(_province_account(self.urls["centre"], province_url, whsec))

    def close(self) -> None:
        for connection in self.connections.values():
            self.runner.run(connection.close())
        self.runner.close()


async def _add_listings(
    url: str, org_name: str, offers: int, needs: int, content: dict[str, object]
) -> UUID:
    engine = make_engine(url, pool_size=2)
    try:
        async with make_sessionmaker(engine)() as s:
            uow = SqlUnitOfWork(s)
            owner = await make_user(s)
            org = await make_organization(s, owner.user, name=org_name, province_code=None)
            member = Actor(
                email_verified=True, user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}
            )
            operator = await operator_actor(s)
            now = datetime.now(UTC)
            for _ in range(offers):
                offer = await lc.create_offer(
                    uow, member, organization_id=org.id, content=offer_content(**content), now=now
                )
                await lc.submit_offer(uow, member, receipt_signer(), offer_id=offer.id, now=now)
                await lc.approve_offer(
                    uow, operator, offer_id=offer.id, approved=True, reason=None, now=now
                )
            for _ in range(needs):
                need = await lc.create_need(
                    uow,
                    member,
                    organization_id=org.id,
                    content=need_content(prize_vnd=None, order_commitment=None),
                    now=now,
                )
                await lc.move_need(
                    uow, member, need_id=need.id, target=NeedStatus.OPEN, reason=None, now=now
                )
            return org.id
    finally:
        await engine.dispose()


async def _province_account(centre_url: str, province_url: str, whsec: str) -> tuple[str, str]:
    engine = make_engine(centre_url, pool_size=2)
    try:
        async with make_sessionmaker(engine)() as s:
            owner = await make_user(s, email="san@danang.gov.vn")
            org = await make_organization(s, owner.user, name=PROVINCE_ORG, province_code="da-nang")
            actor = Actor(
                email_verified=True, user_id=owner.user.id, memberships={org.id: MemberRole.OWNER}
            )
            scopes = {ApiKeyScope.READ_FEED, ApiKeyScope.WRITE_LISTINGS}
            issued = await fc.create_api_key(
                SqlUnitOfWork(s),
                actor,
                fc.CreateApiKey(org.id, "sync", frozenset(scopes), rate_limit_per_minute=60_000),
                datetime.now(UTC),
            )
            await fc.register_webhook(
                SqlUnitOfWork(s),
                actor,
                None,
                fc.RegisterWebhook(org.id, f"{province_url}/federation/webhook", EVENTS, whsec),
                allow_http_hosts=frozenset({"127.0.0.1"}),
            )
            return issued.secret, str(org.id)
    finally:
        await engine.dispose()


class Process:
    """A process of ours, its stderr in a log file; killed with SIGKILL or stopped with SIGINT."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self.env = env
        with log.open("a") as out:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "innovex", *args],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=out,
            )

    def kill(self) -> None:
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGINT)
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


def environment(url: str, data_dir: Path, port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DATA_DIR": str(data_dir),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        # The smaller bundled model, one thread: the workers embed every listing too.
        "EMBEDDING_MODEL": "all-MiniLM-L6-v2",
        "OMP_NUM_THREADS": "1",
        "SEARCH_SEMANTIC": "false",
        **extra,
    }


def serving(*processes: Process) -> None:
    for process in processes:
        port = process.env["PORT"]
        wait_until_healthy(f"http://127.0.0.1:{port}", process.popen, seconds=90, log=process.log)


def wait_for(what: str, check: Callable[[], bool], seconds: float, poll: float = 0.1) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")
        time.sleep(poll)
    return time.monotonic() - started


@pytest.fixture
def db(server_url: str) -> Iterator[Databases]:
    with (
        scratch_database(server_url, prefix="innovex_e2e_centre") as centre,
        scratch_database(server_url, prefix="innovex_e2e_province") as province,
    ):
        databases = Databases(centre, province)
        try:
            yield databases
        finally:
            databases.close()


def test_province_and_centre_converge_through_pushes_pulls_webhooks_and_kill_9(
    db: Databases, tmp_path: Path
) -> None:
    started = time.monotonic()
    marks: list[tuple[str, float]] = []

    def mark(phase: str) -> None:
        marks.append((phase, round(time.monotonic() - started, 1)))

    centre_port, province_port = free_port(), free_port()
    centre, province = f"http://127.0.0.1:{centre_port}", f"http://127.0.0.1:{province_port}"
    whsec = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    # Given the centre with its own listings, the province with its own (a confidential
    # marker in their descriptions), and on the centre the province's organisation with an
    # API key and a webhook subscription to the province's receiver
    db.add_listings("centre", "Viện Công nghệ quốc gia", offers=3, needs=2)
    db.add_listings("province", "Trường Đại học Đà Nẵng", offers=3, needs=1, description=MARKER)
    key, province_org = db.province_account(province, whsec)
    centre_env = environment(
        db.urls["centre"], tmp_path / "centre", centre_port, EXCHANGE_NAME="Sàn quốc gia"
    )
    province_env = environment(
        db.urls["province"],
        tmp_path / "province",
        province_port,
        FEDERATION_WEBHOOK_SECRET=whsec,
        EXCHANGE_NAME="Sàn Đà Nẵng",
    )
    sync_env = {
        **province_env,
        "FEDERATION_CENTRE_URL": centre,
        "FEDERATION_CENTRE_KEY": key,
        # In the first phase only the start and the centre's webhooks make it sync.
        "FEDERATION_SYNC_SECONDS": "600",
        "FEDERATION_PUSH_BATCH": "5",
        "FEDERATION_PULL_PAGE": "5",
        "FEDERATION_RETRY_SECONDS": "90",
    }
    processes: list[Process] = []

    def start(args: list[str], env: dict[str, str], log: str) -> Process:
        process = Process(args, env, tmp_path / log)
        processes.append(process)
        return process

    def converged() -> bool:
        return sorted(db.copies("centre", province_org)) == sorted(
            db.own_public_ids("province")
        ) and sorted(db.copies("province", "centre")) == sorted(db.own_public_ids("centre"))

    try:
        # When both exchanges and the province's sync start together (the sync retries
        # until the centre answers)
        centre_process = start(["serve", "--with-worker"], centre_env, "centre.log")
        province_process = start(["serve", "--with-worker"], province_env, "province.log")
        sync = start(["sync"], sync_env, "sync.log")
        serving(centre_process, province_process)
        mark("both exchanges serving")
        # Then the province's 4 reach the centre and the centre's 5 reach the province
        wait_for("the first sync", converged, 90)
        assert len(db.copies("centre")) == 4
        assert len(db.copies("province")) == 5
        mark("first sync converged")

        # When the centre lists one more offer, its webhook wakes the province's sync (whose
        # timer is 10 minutes away)
        db.add_listings("centre", "Viện Hàn lâm", offers=1, needs=0)
        wait_for("the webhook-driven pull", lambda: len(db.copies("province")) == 6, 30)
        # (the centre marks the delivery once the receiver has answered: possibly after the pull)
        wait_for(
            "the webhook marked delivered",
            lambda: (
                db.fetch(
                    "centre", "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'"
                )[0][0]
                >= 1
            ),
            30,
        )
        mark("webhook-driven pull")

        # When both sides add listings, and the sync (every second now) and then the centre
        # are killed with SIGKILL in the middle of it
        sync.kill()
        db.add_listings("centre", "Viện Cơ khí", offers=MORE_OFFERS, needs=MORE_NEEDS)
        db.add_listings("province", "Viện Sinh học", offers=MORE_OFFERS, needs=MORE_NEEDS)
        fast = {**sync_env, "FEDERATION_SYNC_SECONDS": "1"}
        sync = start(["sync"], fast, "sync.log")
        total = 4 + MORE
        wait_for(
            "a partial push",
            lambda: 4 < len(db.copies("centre", province_org)) < total,
            60,
            poll=0.05,
        )
        centre_process.kill()  # mid-push: the sync retries against a dead centre
        assert len(db.copies("centre", province_org)) < total
        mark("centre killed mid-push")
        centre_process = start(["serve", "--with-worker"], centre_env, "centre.log")
        serving(centre_process)  # on the same port
        mark("centre restarted")
        wait_for("a partial pull", lambda: 6 < len(db.copies("province")) < 6 + MORE, 60, poll=0.05)
        sync.kill()  # mid-pull
        assert len(db.copies("province")) < 6 + MORE
        mark("sync killed mid-pull")
        sync = start(["sync"], fast, "sync.log")

        # Then both sides converge: each holds exactly the other's public listings, once
        wait_for("convergence after kill -9", converged, 90, poll=0.5)
        mark("converged after kill -9")
        on_centre = db.copies("centre", province_org)
        on_province = db.copies("province", "centre")
        assert len(on_centre) == len(set(on_centre)) == 4 + MORE
        assert len(on_province) == len(set(on_province)) == 6 + MORE
        # no echo: nothing of the province came back to it
        assert not set(on_province) & db.own_public_ids("province")
        # the confidential descriptions never left the province
        leaked = db.fetch(
            "centre",
            "SELECT count(*) FROM technology_offers WHERE description LIKE $1",
            f"%{MARKER}%",
        )[0][0]
        assert leaked == 0
        # and the province shows where each pulled offer comes from
        shown = httpx.post(
            f"{province}/graphql",
            json={
                "query": "{ technologyOffers(first: 100) { edges { node { provenance { "
                "sourceCode sourceName } } } } }"
            },
            timeout=30,
        ).json()["data"]["technologyOffers"]["edges"]
        sources = [e["node"]["provenance"] for e in shown if e["node"]["provenance"]]
        assert len(sources) == 4 + MORE_OFFERS
        assert {s["sourceCode"] for s in sources} == {"centre"}
    finally:
        for process in reversed(processes):
            process.stop()
    print("phases (s since start):", marks)
