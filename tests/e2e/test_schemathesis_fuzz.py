"""A bounded schemathesis pass over the GraphQL schema against the real server, anonymous and
signed in: every generated query and mutation is answered without a server error (5xx).

Runs in a scratch database (fuzzed mutations write). `make fuzz` runs it alone;
FUZZ_MAX_EXAMPLES (default 25) bounds the examples per root field."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import create_migrated_database, drop_database
from tests.e2e.api_process import serving

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]

ROOT = Path(__file__).resolve().parent.parent.parent
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "25")
SEED = os.environ.get("FUZZ_SEED", "1313")


@pytest.fixture(scope="module")
def st() -> str:
    found = shutil.which("st", path=str(Path(sys.executable).parent))  # the venv's CLI
    if found is None:
        pytest.skip("schemathesis is not installed: pip install -e '.[dev]'")
    return found


@pytest.fixture(scope="module")
def base_url(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = create_migrated_database(server_url, prefix="innovex_fuzz")
    try:
        with serving(url, tmp_path_factory.mktemp("fuzz-data")) as base:
            yield base
    finally:
        drop_database(server_url, url)


@pytest.fixture(scope="module")
def token(base_url: str) -> str:
    """Signed in before any fuzzing: fuzzed signIn calls exhaust the address's sign-in budget."""
    return sign_in(base_url)


def sign_in(base: str) -> str:
    credentials = {"email": "fuzz@example.vn", "password": "fuzz-ca-tra 7 song Hau"}
    httpx.post(
        f"{base}/graphql",
        json={
            "query": "mutation($i: SignUpInput!) { signUp(input: $i) { __typename } }",
            "variables": {"i": {**credentials, "displayName": "Fuzz"}},
        },
        timeout=30,
    )
    signed_in = httpx.post(
        f"{base}/graphql",
        json={
            "query": "mutation($i: SignInInput!) { signIn(input: $i) { ... on SignedIn { token } } }",
            "variables": {"i": credentials},
        },
        timeout=30,
    )
    token: str = signed_in.json()["data"]["signIn"]["token"]
    return token


def run_schemathesis(st: str, url: str, report: Path, *headers: str) -> str:
    args = [
        st,
        "run",
        url,
        "--checks",
        "no_server_error",
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        SEED,
        "--phases",
        "fuzzing",  # the only phase schemathesis runs for GraphQL
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        "--no-color",
    ]
    for header in headers:
        args += ["-H", header]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.e2e.schemathesis_hooks"}
    result = subprocess.run(
        args, capture_output=True, text=True, timeout=900, check=False, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize("who", ["anonymous", "signed-in"])
def test_fuzzed_graphql_requests_never_get_a_server_error(
    st: str, base_url: str, token: str, who: str, tmp_path: Path
) -> None:
    headers = [f"Authorization: Bearer {token}"] if who == "signed-in" else []
    output = run_schemathesis(st, f"{base_url}/graphql", tmp_path / "junit.xml", *headers)
    summary = [line for line in output.splitlines() if "passed" in line or "failed" in line]
    print(who, *summary[-3:], sep="\n")  # the figures for the report
