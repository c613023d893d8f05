"""GraphiQL works without internet: headless Chromium opens /graphql on `innovex serve`, the
editor renders, a typed query runs and its data shows, and no request leaves 127.0.0.1.

Needs Debian's chromium and web/node_modules (`make install`). Where either is absent the test
skips, unless INNOVEX_REQUIRE_BROWSER=1 (set by .ci/run, which installs chromium), where it fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import httpx
import pytest

from api.static_assets import NODE_MODULES
from tests.conftest import create_migrated_database, drop_database
from tests.e2e.api_process import serving

if TYPE_CHECKING:  # playwright is imported only where the browser is there
    from playwright.sync_api import Browser, Playwright, Route

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUERY = "{ receiptPublicKey { keyId algorithm } }"


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless chromium: Debian's, else the one on PATH."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
        args=CHROMIUM_ARGS,
        timeout=20_000,
    )


class OnlyThisMachine:
    """Handles every request of a page: 127.0.0.1 goes through, any other host is aborted and
    kept, since the pages must work without internet."""

    def __init__(self) -> None:
        self.requested: list[str] = []
        self.blocked: list[str] = []

    def __call__(self, route: Route) -> None:
        url = route.request.url
        self.requested.append(url)
        if urlparse(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def missing_prerequisite() -> str | None:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        return "chromium is not installed (apt-get install chromium)"
    if not (NODE_MODULES / "graphiql" / "package.json").exists():
        return "web/node_modules is not installed (make install runs npm ci in web/)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def server(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`innovex serve` (development mode) on a free port of 127.0.0.1, on a migrated scratch
    database; stopped with SIGINT at the end."""
    reason = missing_prerequisite()
    if reason:
        if os.environ.get("INNOVEX_REQUIRE_BROWSER") == "1":
            pytest.fail(f"INNOVEX_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    url = create_migrated_database(server_url, prefix="innovex_playground")
    data_dir = tmp_path_factory.mktemp("playground-data")
    try:
        with serving(url, data_dir, ENV="development") as base:
            yield base
    finally:
        drop_database(server_url, url)


def test_graphiql_renders_and_runs_a_query_with_no_request_leaving_the_machine(
    server: str,
) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    expected_key_id = httpx.post(f"{server}/graphql", json={"query": QUERY}, timeout=10).json()[
        "data"
    ]["receiptPublicKey"]["keyId"]
    local = OnlyThisMachine()
    page_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context()
            context.set_default_timeout(15_000)
            context.route("**/*", local)
            page = context.new_page()
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on(
                "console",
                lambda message: (
                    page_errors.append(message.text) if message.type == "error" else None
                ),
            )

            page.goto(f"{server}/graphql")
            editor = page.locator(".graphiql-query-editor .CodeMirror")
            editor.wait_for(state="visible")
            editor.click()
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            # insert_text sends input events: CodeMirror's bracket auto-closing (a keypress
            # handler) would otherwise double every closing brace typed.
            page.keyboard.insert_text(QUERY)
            page.locator(".graphiql-execute-button").click()
            result = page.locator(".graphiql-response .CodeMirror")
            result.get_by_text(expected_key_id).wait_for()
            shown = result.inner_text()
        except PlaywrightError as error:
            # Say why: a blocked CDN request or a script error explains a page that never renders.
            pytest.fail(f"{error.message}\nblocked: {local.blocked}\nerrors: {page_errors}")
        finally:
            browser.close()

    assert '"receiptPublicKey"' in shown
    assert '"algorithm": "Ed25519"' in shown
    assert local.blocked == []
    assert any(urlparse(u).path.startswith("/graphql/assets/") for u in local.requested)
    assert page_errors == []
