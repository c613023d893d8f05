"""The GraphiQL playground at GET /graphql (development only), loading nothing from the internet.

Strawberry's built-in page pulls React, GraphiQL and the explorer plugin from unpkg.com, so
without internet it stays on "Loading..." forever. This page is the same GraphiQL set-up
(adapted from strawberry's graphiql.html, MIT) with every script and style served by the app
from the npm packages `make install` puts in web/node_modules (see api/static_assets.py). A
Content-Security-Policy keeps the browser from fetching anything from another origin.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
from pathlib import Path

from starlette.responses import HTMLResponse

from api.static_assets import NODE_MODULES, PackageAssets, PackageFiles

logger = logging.getLogger("innovex.playground")

ASSETS_MOUNT = "/graphql/assets"

PLAYGROUND_PACKAGES = (
    # React 18 is the last major with UMD builds, which GraphiQL 3's UMD build expects as globals.
    PackageFiles("react", ("umd/react.production.min.js",)),
    PackageFiles("react-dom", ("umd/react-dom.production.min.js",)),
    PackageFiles("graphiql", ("graphiql.min.js", "graphiql.min.css")),
    # The plugin package ships no licence file (MIT per its package.json, the graphiql monorepo's
    # notice served with graphiql); its UMD build bundles graphiql-explorer, whose notice this is.
    PackageFiles(
        "@graphiql/plugin-explorer",
        ("dist/index.umd.js", "dist/style.css"),
        licence="node_modules/graphiql-explorer/LICENSE",
    ),
)

# Runs in the page; kept free of interpolation so its CSP hash is a constant.
_BOOT = """
const parameters = Object.fromEntries(new URLSearchParams(window.location.search));
function updateURL(changes) {
  Object.assign(parameters, changes);
  const kept = Object.entries(parameters).filter(([, value]) => Boolean(value));
  history.replaceState(null, "", "?" + new URLSearchParams(kept).toString());
}
const fetchURL = window.location.href.split("?")[0];
const subscriptionURL = new URL(fetchURL);
subscriptionURL.protocol = subscriptionURL.protocol === "https:" ? "wss:" : "ws:";
const fetcher = GraphiQL.createFetcher({ url: fetchURL, subscriptionUrl: subscriptionURL.href });
const explorer = GraphiQLPluginExplorer.explorerPlugin();
const example = "{ organizations(first: 3) { edges { node { name provinceCode } } } }\\n";
function Playground() {
  const [query, setQuery] = React.useState(parameters.q || example);
  const [variables, setVariables] = React.useState(parameters.variables);
  return React.createElement(GraphiQL, {
    fetcher,
    plugins: [explorer],
    query,
    variables,
    defaultEditorToolsVisibility: true,
    inputValueDeprecation: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: true,
    onEditQuery: (value) => { setQuery(value); updateURL({ q: value }); },
    onEditVariables: (value) => { setVariables(value); updateURL({ variables: value }); },
  });
}
ReactDOM.createRoot(document.getElementById("graphiql")).render(React.createElement(Playground));
"""

_BOOT_HASH = base64.b64encode(hashlib.sha256(_BOOT.encode()).digest()).decode()

# Same origin only (ws: for subscriptions on the same host); data: for GraphiQL's inlined fonts
# and icons; the one inline script by its hash.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    f"script-src 'self' 'sha256-{_BOOT_HASH}'; "
    "style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def load_playground_assets(root: Path = NODE_MODULES) -> PackageAssets:
    assets = PackageAssets(PLAYGROUND_PACKAGES, mount=ASSETS_MOUNT, root=root)
    if not assets.ready:
        logger.warning(
            "GraphiQL's browser files are not installed; /graphql shows how to install them",
            extra={"missing": assets.missing, "fix": "make install (runs npm ci in web/)"},
        )
    return assets


def render_playground(assets: PackageAssets) -> HTMLResponse:
    if not assets.ready:
        return _missing_page(assets)
    scripts = [
        assets.url("react", "umd/react.production.min.js"),
        assets.url("react-dom", "umd/react-dom.production.min.js"),
        assets.url("graphiql", "graphiql.min.js"),
        assets.url("@graphiql/plugin-explorer", "dist/index.umd.js"),
    ]
    styles = [
        assets.url("graphiql", "graphiql.min.css"),
        assets.url("@graphiql/plugin-explorer", "dist/style.css"),
    ]
    licences = "\n".join(f"  {p.package}@{p.version}: {p.licence_url}" for p in assets.installed)
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(u)}">' for u in styles)
    tags = "\n".join(f'<script src="{html.escape(u)}"></script>' for u in scripts)
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Innovex GraphiQL</title>
<!-- Served from this server's npm packages; licence notices:
{html.escape(licences)}
-->
{links}
<style>body {{ margin: 0; }} #graphiql {{ height: 100vh; display: flex; }}</style>
</head>
<body>
<div id="graphiql" class="graphiql-container">Loading...</div>
{tags}
<script>{_BOOT}</script>
</body>
</html>
"""
    return HTMLResponse(page, headers={"content-security-policy": CONTENT_SECURITY_POLICY})


def _missing_page(assets: PackageAssets) -> HTMLResponse:
    missing = "".join(f"<li><code>{html.escape(m)}</code></li>" for m in assets.missing)
    page = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Innovex GraphiQL: not installed</title></head>
<body style="font-family: sans-serif; max-width: 48rem; margin: 2rem auto; line-height: 1.5">
<h1>GraphiQL is not installed</h1>
<p>The playground's browser files (React, GraphiQL and its explorer plugin) are served by this
server from npm packages that <code>make install</code> puts in <code>web/node_modules</code> by
running <code>npm ci</code> in <code>web/</code>; it needs Node.js and npm. These are missing:</p>
<ul>{missing}</ul>
<p>Run <code>make install</code> (or <code>cd web &amp;&amp; npm ci</code>) and reload. The API
itself works: POST GraphQL requests to <code>/graphql</code>.</p>
</body>
</html>
"""
    # 503: the page exists but cannot work until the files are installed.
    return HTMLResponse(page, status_code=503)
