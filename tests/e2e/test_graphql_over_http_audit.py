"""The GraphQL-over-HTTP conformance audit of the `graphql-http` npm package (`auditServer`)
against the real server (uvicorn on 127.0.0.1): no errors and no warnings.

The package is installed by `make install` into tests/http_audit/node_modules (gitignored; the
versions are pinned by the committed package-lock.json)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.api_process import serving

pytestmark = pytest.mark.slow

AUDIT_DIR = Path(__file__).resolve().parent.parent / "http_audit"


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed: the GraphQL-over-HTTP audit needs Node.js 18+")
    if not (AUDIT_DIR / "node_modules" / "graphql-http").is_dir():
        pytest.skip(
            "graphql-http is not installed: run `make install` (npm ci in tests/http_audit)"
        )
    return found


@pytest.fixture(scope="module")
def graphql_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(database_url, tmp_path_factory.mktemp("audit-data")) as base:
        yield f"{base}/graphql"


def test_the_graphql_over_http_audit_passes_without_warnings(node: str, graphql_url: str) -> None:
    result = subprocess.run(
        [node, str(AUDIT_DIR / "audit.mjs"), graphql_url],
        cwd=AUDIT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["problems"] == [], json.dumps(report, indent=1, ensure_ascii=False)
    assert report["counts"]["warn"] == 0
    assert report["counts"]["error"] == 0
    assert report["counts"]["ok"] > 50
