"""The CLI and the server as an operator runs them: separate processes, real HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from innovex.probe import wait_until_healthy
from tests.conftest import unmigrated_database
from tests.e2e.api_process import free_port, interrupt, serving

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def empty_database(server_url: str) -> Iterator[str]:
    with unmigrated_database(server_url, f"innovex_e2e_{os.getpid()}") as url:
        yield url


def cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "innovex", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def env(empty_database: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data_dir = tmp_path_factory.mktemp("data")
    return {
        **os.environ,
        "DATABASE_URL": empty_database,
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
        "PORT": str(free_port()),
    }


def test_invalid_settings_stop_the_cli_with_the_variable_named(env: dict[str, str]) -> None:
    result = cli({**env, "ENV": "staging"}, "migrate")
    assert result.returncode == 2
    assert "ENV" in result.stderr


def test_migrate_create_admin_serve_and_stop(env: dict[str, str], tmp_path: Path) -> None:
    migrated = cli(env, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    created = cli(env, "create-admin", "root@example.vn", "--password", "admin password 1")
    assert created.returncode == 0, created.stderr
    assert "created admin root@example.vn" in created.stdout
    again = cli(env, "create-admin", "root@example.vn", "--password", "admin password 1")
    assert "promoted admin" in again.stdout  # idempotent

    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "innovex", "serve", "--with-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        wait_until_healthy(base, server, seconds=60, log=tmp_path / "server.log")

        ready = httpx.get(f"{base}/readyz", timeout=5)
        assert ready.status_code == 200, ready.text
        sign_in = httpx.post(
            f"{base}/graphql",
            json={
                "query": 'mutation { signIn(input: {email: "root@example.vn", password: "admin password 1"}) { ... on SignedIn { token } } }'
            },
            timeout=10,
        )
        token = sign_in.json()["data"]["signIn"]["token"]
        me = httpx.post(
            f"{base}/graphql",
            json={"query": "{ me { ... on User { email roles } } }"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert me.json() == {"data": {"me": {"email": "root@example.vn", "roles": ["ADMIN"]}}}
    finally:
        code = interrupt(server, 20)
        log.close()
    assert code == 0


def test_db_url_prints_the_configured_url(env: dict[str, str]) -> None:
    result = cli(env, "db-url")
    assert result.returncode == 0
    assert result.stdout.strip() == env["DATABASE_URL"]


def test_schema_check_passes_on_the_committed_schema(env: dict[str, str]) -> None:
    result = cli(env, "schema", "--check")
    assert result.returncode == 0, result.stderr


def test_seed_demo_loads_once(env: dict[str, str]) -> None:
    assert cli(env, "migrate").returncode == 0
    first = cli(env, "seed", "--demo", timeout=600)
    assert first.returncode == 0, first.stderr
    assert "demo data loaded" in first.stdout
    second = cli(env, "seed", "--demo", timeout=120)
    assert second.returncode == 0, second.stderr
    assert "demo data already present" in second.stdout


def test_ctrl_c_closes_the_database_pool_without_errors(
    env: dict[str, str], tmp_path: Path
) -> None:
    """uvicorn raises the SIGINT it caught again once it has stopped; asyncio.run turns it into a
    cancellation of the server's task, which cut the pool's closing short: one ERROR with a
    traceback per pooled connection at every Ctrl-C (and every SIGINT a supervisor sends)."""
    assert cli(env, "migrate").returncode == 0
    query = {"query": "{ technologyOffers(first: 5) { edges { node { id } } } }"}
    with (
        serving(env["DATABASE_URL"], tmp_path, clean_stop=True) as base,
        httpx.Client(base_url=base, timeout=10) as client,
    ):
        for _ in range(5):  # the pool holds a connection or more from here on
            assert client.post("/graphql", json=query).status_code == 200
