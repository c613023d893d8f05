"""The oversight dashboard at GET /dashboard: KPI tiles, charts by month, province and field,
the funnel and a live feed, in Vietnamese and English. The page is static; every figure comes
from the GraphQL API (`statistics` once signed in, `publicStatistics` before) and the live feed
from the `events` subscription. Chart.js comes from the pinned npm package (web/package.json)
through api/static_assets.py, the page's own script and style from this folder: nothing from
another origin (the Content-Security-Policy says so to the browser)."""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from api.static_assets import NODE_MODULES, PackageAssets, PackageFiles

logger = logging.getLogger("innovex.dashboard")

HERE = Path(__file__).resolve().parent
ASSETS_MOUNT = "/dashboard/assets"
DASHBOARD_PACKAGES = (PackageFiles("chart.js", ("dist/chart.umd.min.js",), licence="LICENSE.md"),)
OWN_FILES = {
    "dashboard.js": "text/javascript; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
}

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

_PAGE = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Innovex — Dashboard</title>
<link rel="stylesheet" href="/dashboard/dashboard.css">
<script src="{chart}"></script>
<script src="/dashboard/dashboard.js"></script>
</head>
<body>
<header>
  <h1 data-t="title"></h1>
  <label><span data-t="period"></span> <input id="period" size="8"></label>
  <button id="refresh" data-t="refresh"></button>
  <button id="lang">VI / EN</button>
  <form id="sign-in">
    <input id="email" type="email" autocomplete="username">
    <input id="password" type="password" autocomplete="current-password">
    <button type="submit" data-t="signIn"></button>
  </form>
  <span id="signed-in" hidden><button id="sign-out" data-t="signOut"></button></span>
  <span id="who"></span>
</header>
<main>
  <div id="status" role="status"></div>
  <section class="tiles">
    <div class="tile"><span data-t="received"></span><b id="kpi-received">…</b></div>
    <div class="tile"><span data-t="published"></span><b id="kpi-published">…</b></div>
    <div class="tile"><span data-t="deals"></span><b id="kpi-deals">…</b></div>
    <div class="tile"><span data-t="dealValue"></span><b id="kpi-value">…</b></div>
    <div class="tile"><span data-t="p50"></span><b id="kpi-p50">…</b></div>
  </section>
  <section class="charts">
    <div class="chart"><h3 data-t="funnel"></h3><canvas id="chart-funnel"></canvas></div>
    <div class="chart"><h3 data-t="byMonth"></h3><canvas id="chart-month"></canvas></div>
    <div class="chart"><h3 data-t="byProvince"></h3><canvas id="chart-province"></canvas></div>
    <div class="chart"><h3 data-t="byField"></h3><canvas id="chart-field"></canvas></div>
  </section>
  <section class="tile"><h3><span data-t="live"></span> <small id="live-state"></small></h3>
    <ul id="feed"></ul></section>
</main>
</body>
</html>
"""

_MISSING = """<!doctype html><html lang="en"><meta charset="utf-8">
<title>Dashboard unavailable</title>
<p>The dashboard's browser files are not installed: run <code>make install</code> (needs npm).</p>
<p>Missing: {missing}</p></html>"""


class Dashboard:
    def __init__(self, root: Path = NODE_MODULES) -> None:
        self.assets = PackageAssets(DASHBOARD_PACKAGES, mount=ASSETS_MOUNT, root=root)
        if not self.assets.ready:
            logger.warning("dashboard files missing", extra={"missing": self.assets.missing})

    def routes(self) -> list[Route]:
        return [
            Route("/dashboard", self.page, methods=["GET", "HEAD"]),
            Route("/dashboard/{name:str}", self.own_file, methods=["GET", "HEAD"]),
            self.assets.route(),
        ]

    async def page(self, request: Request) -> Response:
        headers = {"content-security-policy": CONTENT_SECURITY_POLICY, "cache-control": "no-cache"}
        if not self.assets.ready:
            missing = ", ".join(self.assets.missing)
            return HTMLResponse(_MISSING.format(missing=missing), status_code=503, headers=headers)
        chart = self.assets.url("chart.js", "dist/chart.umd.min.js")
        return HTMLResponse(_PAGE.format(chart=chart), headers=headers)

    async def own_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        media_type = OWN_FILES.get(name)
        if media_type is None:
            return PlainTextResponse("Not Found", status_code=404)
        return Response(
            (HERE / name).read_bytes(),
            media_type=media_type,
            headers={"cache-control": "no-cache", "x-content-type-options": "nosniff"},
        )
