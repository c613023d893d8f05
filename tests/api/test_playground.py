"""The GraphiQL page at /graphql loads every file from this server (api/playground.py,
api/static_assets.py); tests/e2e/test_playground_browser.py runs it in a real browser."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.deps import ApiDeps
from api.playground import PLAYGROUND_PACKAGES, load_playground_assets
from api.static_assets import NODE_MODULES, PackageAssets

HTML = {"accept": "text/html"}


def fake_node_modules(root: Path) -> Path:
    """The packages the page declares, with tiny files: what `npm ci` lays out, minus the bulk."""
    for spec in PLAYGROUND_PACKAGES:
        directory = root / spec.package
        directory.mkdir(parents=True)
        (directory / "package.json").write_text(json.dumps({"version": "1.2.3"}))
        for name in (*spec.files, spec.licence):
            (directory / name).parent.mkdir(parents=True, exist_ok=True)
            (directory / name).write_text(f"/* {spec.package}/{name} */")
    (root / "react" / "index.js").write_text("not declared, not served")
    return root


async def get(app_deps: ApiDeps, assets: PackageAssets | None, *paths: str) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=create_app(app_deps, playground=assets))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return [await client.get(path, headers=HTML) for path in paths]


def page_urls(page: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)


async def test_the_page_loads_its_scripts_and_styles_from_this_server_only(
    api_deps: ApiDeps, tmp_path: Path
) -> None:
    assets = load_playground_assets(fake_node_modules(tmp_path))
    [page] = await get(api_deps, assets, "/graphql")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    urls = page_urls(page.text)
    assert urls == [
        "/graphql/assets/graphiql@1.2.3/graphiql.min.css",
        "/graphql/assets/@graphiql/plugin-explorer@1.2.3/dist/style.css",
        "/graphql/assets/react@1.2.3/umd/react.production.min.js",
        "/graphql/assets/react-dom@1.2.3/umd/react-dom.production.min.js",
        "/graphql/assets/graphiql@1.2.3/graphiql.min.js",
        "/graphql/assets/@graphiql/plugin-explorer@1.2.3/dist/index.umd.js",
    ]
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "connect-src 'self' ws: wss:" in csp
    assert "https:" not in csp.replace("wss:", "")


async def test_declared_files_and_licences_are_served_and_nothing_else(
    api_deps: ApiDeps, tmp_path: Path
) -> None:
    assets = load_playground_assets(fake_node_modules(tmp_path))
    script, style, licence, undeclared, manifest, traversal = await get(
        api_deps,
        assets,
        "/graphql/assets/react@1.2.3/umd/react.production.min.js",
        "/graphql/assets/graphiql@1.2.3/graphiql.min.css",
        "/graphql/assets/@graphiql/plugin-explorer@1.2.3/node_modules/graphiql-explorer/LICENSE",
        "/graphql/assets/react@1.2.3/index.js",
        "/graphql/assets/react@1.2.3/package.json",
        "/graphql/assets/react@1.2.3/../../../../pyproject.toml",
    )

    assert script.status_code == 200
    assert script.text == "/* react/umd/react.production.min.js */"
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert script.headers["x-content-type-options"] == "nosniff"
    assert style.headers["content-type"] == "text/css; charset=utf-8"
    assert licence.status_code == 200
    assert licence.headers["content-type"] == "text/plain; charset=utf-8"
    assert [undeclared.status_code, manifest.status_code, traversal.status_code] == [404] * 3


async def test_without_installed_files_the_page_says_what_is_missing_and_the_api_works(
    api_deps: ApiDeps, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = fake_node_modules(tmp_path)
    (root / "graphiql" / "graphiql.min.js").unlink()
    with caplog.at_level(logging.WARNING, logger="innovex.playground"):
        partial = load_playground_assets(root)
        empty = load_playground_assets(tmp_path / "nothing")
    [page] = await get(api_deps, partial, "/graphql")
    [nothing_page] = await get(api_deps, empty, "/graphql")
    transport = httpx.ASGITransport(app=create_app(api_deps, playground=empty))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        query = await client.post("/graphql", json={"query": "{ __typename }"})

    assert page.status_code == 503
    assert "GraphiQL is not installed" in page.text
    assert "<code>graphiql/graphiql.min.js</code>" in page.text
    assert "make install" in page.text
    assert "<script" not in page.text
    assert nothing_page.status_code == 503
    assert "react (package not installed in" in nothing_page.text
    warnings = [r for r in caplog.records if r.name == "innovex.playground"]
    assert len(warnings) == 2
    assert warnings[0].missing == ["graphiql/graphiql.min.js"]  # type: ignore[attr-defined]
    assert query.json() == {"data": {"__typename": "Query"}}


async def test_production_has_no_playground_and_serves_no_assets(
    api_deps: ApiDeps, tmp_path: Path
) -> None:
    api_deps.production = True
    assets = load_playground_assets(fake_node_modules(tmp_path))
    page, script = await get(
        api_deps, assets, "/graphql", "/graphql/assets/react@1.2.3/umd/react.production.min.js"
    )

    assert "graphiql" not in page.text.lower()
    assert "content-security-policy" not in page.headers
    assert script.status_code == 404


async def test_the_installed_packages_provide_every_file_the_page_loads(
    client: httpx.AsyncClient,
) -> None:
    if not (NODE_MODULES / "graphiql" / "package.json").exists():
        reason = "web/node_modules is not installed (make install runs npm ci in web/)"
        if os.environ.get("INNOVEX_REQUIRE_BROWSER") == "1":  # CI: never skip
            pytest.fail(reason)
        pytest.skip(reason)
    page = await client.get("/graphql", headers=HTML)
    assert page.status_code == 200, page.text
    for url in page_urls(page.text):
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000, url
