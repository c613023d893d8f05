"""The oversight dashboard in a browser: headless Chromium opens /dashboard on `innovex serve`,
signs in as an operator with the form, the charts render figures read from `statistics` (the
same numbers a GraphQL client gets), and a need published through GraphQL by another client
appears in the live feed within 2 s. Nothing is loaded from another host. A screenshot is saved
in the test's tmp dir.

Needs Debian's chromium and web/node_modules, like tests/e2e/test_playground_browser.py (whose
launch approach this copies): skipped without them unless INNOVEX_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from strawberry import relay

from api.static_assets import NODE_MODULES
from domain.statistics import PORTAL_TZ
from tests.conftest import create_migrated_database, drop_database
from tests.e2e.api_process import serving
from tests.e2e.test_playground_browser import (
    OnlyThisMachine,
    launch_chromium,
    missing_prerequisite,
)

pytestmark = pytest.mark.slow

STATS = """query($p: String!) { statistics(period: $p) { ... on Statistics {
  funnel { stage total } deals { count } topProvinces { code received } } } }"""
CREATE_NEED = """mutation($input: CreateNeedInput!) { createNeed(input: $input) {
  __typename ... on NeedSaved { need { id } } } }"""
PUBLISH_NEED = """mutation($input: ListingIdInput!) { publishNeed(input: $input) {
  __typename ... on NeedMoved { need { status } } } }"""
NEED_TITLE = "Bài toán trực tiếp: cảm biến độ mặn cho ruộng lúa"
NEED = {
    "title": NEED_TITLE,
    "kind": "REQUEST",
    "problemStatement": "Xâm nhập mặn làm giảm năng suất lúa.",
    "desiredOutcome": "Cảm biến đo độ mặn gửi cảnh báo qua điện thoại.",
    "minTrl": 5,
    "budgetMinVnd": "100000000",
    "budgetMaxVnd": "900000000",
    "fieldCode": "105",
    "provinceCode": "can-tho",
    "contactEmail": "sokhcn@cantho.gov.vn",
}


async def _seed(url: str) -> dict[str, Any]:
    """Real accounts and a published initiative, committed through the real use cases."""
    from db.engine import make_engine, make_sessionmaker
    from db.repositories.statistics import SqlStatisticsReader
    from domain.accounts import OrganizationKind, PlatformRole
    from domain.listings import InitiativeStatus
    from tests.factories import PASSWORD, make_initiative, make_organization, make_user

    engine = make_engine(url, pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:
            operator = await make_user(
                session, email="dieu-hanh@example.vn", roles=frozenset({PlatformRole.OPERATOR})
            )
            owner = await make_user(session, display_name="Sở KH&CN")
            org = await make_organization(session, owner.user, kind=OrganizationKind.AGENCY)
            for _ in range(3):
                await make_initiative(session, owner.user, org, status=InitiativeStatus.PUBLISHED)
            await make_initiative(
                session, owner.user, org, status=InitiativeStatus.SUBMITTED, province_code="hue"
            )
            await session.commit()
            await SqlStatisticsReader(session).refresh()
            await session.commit()
            return {
                "operator_email": operator.user.email,
                "password": PASSWORD,
                "operator_token": operator.token,
                "owner_token": owner.token,
                "org_id": str(relay.GlobalID("Organization", str(org.id))),
            }
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def served(
    server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, Any]]]:
    reason = missing_prerequisite()
    if reason is None and not (NODE_MODULES / "chart.js" / "package.json").exists():
        reason = "chart.js is not installed in web/node_modules (make install)"
    if reason:
        if os.environ.get("INNOVEX_REQUIRE_BROWSER") == "1":
            pytest.fail(f"INNOVEX_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    url = create_migrated_database(server_url, prefix="innovex_dashboard")
    seeded = asyncio.run(_seed(url))
    data_dir = tmp_path_factory.mktemp("dashboard-data")
    try:
        with serving(url, data_dir, ENV="development") as base:
            yield base, seeded
    finally:
        drop_database(server_url, url)


def _gql(base: str, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
        timeout=20,
    )
    body = response.json()
    assert "errors" not in body, body
    return dict(body["data"])


def test_the_dashboard_charts_real_figures_and_shows_a_live_event(
    served: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    base, seeded = served
    year = str(datetime.now(PORTAL_TZ).year)
    expected = _gql(base, STATS, {"p": year}, seeded["operator_token"])["statistics"]
    funnel = [f["total"] for f in expected["funnel"]]
    assert funnel[0] == 4  # received: the four seeded initiatives
    local = OnlyThisMachine()
    page_errors: list[str] = []

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 1100})
            context.set_default_timeout(15_000)
            context.route("**/*", local)
            page = context.new_page()
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.goto(f"{base}/dashboard")
            page.locator("body[data-loaded]").wait_for(state="attached")
            page.fill("#email", seeded["operator_email"])
            page.fill("#password", seeded["password"])
            page.click("#sign-in button[type=submit]")
            page.locator("#sign-out").wait_for(state="visible")
            page.locator("body[data-live=ready]").wait_for(state="attached")
            page.wait_for_function(
                "(n) => document.getElementById('kpi-received').textContent === String(n)",
                arg=funnel[0],
            )
            shown_funnel = json.loads(
                page.locator("#chart-funnel").get_attribute("data-points") or "[]"
            )
            shown_provinces = json.loads(
                page.locator("#chart-province").get_attribute("data-points") or "[]"
            )
            drawn = page.evaluate(
                "() => Chart.getChart('chart-funnel').data.datasets[0].data.length"
            )

            # An event created through GraphQL by another client...
            created = _gql(
                base,
                CREATE_NEED,
                {
                    "input": {
                        "organizationId": seeded["org_id"],
                        "content": NEED,
                    }
                },
                seeded["owner_token"],
            )["createNeed"]
            assert created["__typename"] == "NeedSaved", created
            started = time.monotonic()
            published = _gql(
                base, PUBLISH_NEED, {"input": {"id": created["need"]["id"]}}, seeded["owner_token"]
            )["publishNeed"]
            assert published["__typename"] == "NeedMoved", published
            # ...appears in the live feed within 2 s.
            page.locator("#feed li", has_text=NEED_TITLE).wait_for(timeout=2_000)
            latency = time.monotonic() - started
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
            page.click("#lang")
            page.wait_for_function("() => document.documentElement.lang === 'en'")
            english_title = page.locator("h1").inner_text()
        except PlaywrightError as error:
            pytest.fail(f"{error.message}\nblocked: {local.blocked}\nerrors: {page_errors}")
        finally:
            browser.close()

    assert shown_funnel == funnel
    assert shown_provinces == [p["received"] for p in expected["topProvinces"]]
    assert drawn == 6
    assert latency < 2.0
    assert english_title == "Innovation oversight dashboard"
    assert (tmp_path / "dashboard.png").stat().st_size > 10_000
    assert local.blocked == []
    assert page_errors == []
