"""Open-data HTTP endpoints: the NDJSON change feed, the published schemas, the DCAT catalogue
and the export files. All public: the projection they serve holds no confidential field."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.deps import ApiDeps
from api.federation.receiver import webhook_receiver
from db.federation.feed import feed_item_json, read_feed
from domain.errors import InvalidInput
from domain.federation.feed import RecordType, decode_cursor
from domain.federation.keys import ApiKeyScope, KeyPrincipal
from domain.federation.standard import all_schemas, jsonld_context, schema_index
from federation.exports import dcat_catalog, read_manifest

FEED_PAGE = 1000
FEED_MAX_ITEMS = 100_000
JSON_LD = "application/ld+json"
SCHEMA_JSON = "application/schema+json"


def base_url(deps: ApiDeps, request: Request) -> str:
    return (deps.public_base_url or str(request.base_url)).rstrip("/")


def _bad_request(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status)


def _principal(request: Request) -> KeyPrincipal | None:
    principal: KeyPrincipal | None = request.scope.get("state", {}).get("api_key")
    return principal


def _types(raw: str | None) -> list[RecordType] | None:
    if not raw:
        return None
    return [RecordType(t.strip()) for t in raw.split(",") if t.strip()]


def routes(deps: ApiDeps) -> list[Route]:
    async def feed(request: Request) -> Response:
        principal = _principal(request)
        if principal is not None and not (
            principal.has(ApiKeyScope.READ_FEED) or principal.has(ApiKeyScope.READ_PUBLIC)
        ):
            return _bad_request("This API key may not read the feed.", 403)
        try:
            after = decode_cursor(request.query_params.get("after"))
            limit_raw = request.query_params.get("limit", str(FEED_MAX_ITEMS))
            if not limit_raw.isdigit() or not 1 <= int(limit_raw) <= FEED_MAX_ITEMS:
                return _bad_request(f"limit must be between 1 and {FEED_MAX_ITEMS}.")
            types = _types(request.query_params.get("types"))
        except (InvalidInput, ValueError):
            return _bad_request("after must be a feed cursor; types a list of record types.")
        limit = int(limit_raw)
        base = base_url(deps, request)

        async def lines() -> AsyncIterator[bytes]:
            position, sent = after, 0
            while sent < limit:
                async with deps.sessions() as session:
                    items = await read_feed(session, position, min(FEED_PAGE, limit - sent), types)
                if not items:
                    return
                yield "".join(
                    json.dumps(feed_item_json(i, base), ensure_ascii=False, separators=(",", ":"))
                    + "\n"
                    for i in items
                ).encode()
                position, sent = items[-1].position, sent + len(items)

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    async def schemas_index(request: Request) -> Response:
        return JSONResponse(schema_index(base_url(deps, request)))

    async def schema(request: Request) -> Response:
        name = request.path_params["name"]
        found = all_schemas(base_url(deps, request)).get(name)
        if found is None:
            return _bad_request("No such schema.", 404)
        return JSONResponse(found, media_type=SCHEMA_JSON)

    async def context(request: Request) -> Response:
        return JSONResponse(jsonld_context(), media_type=JSON_LD)

    async def catalog(request: Request) -> Response:
        manifest = read_manifest(deps.open_data_dir) if deps.open_data_dir else None
        body: dict[str, Any] = dcat_catalog(base_url(deps, request), manifest, deps.exchange_name)
        return JSONResponse(body, media_type=JSON_LD)

    async def export_file(request: Request) -> Response:
        name: str = request.path_params["name"]
        allowed = {f"{t.value}.{ext}" for t in RecordType for ext in ("jsonl", "csv")}
        allowed.add("manifest.json")
        directory: Path | None = deps.open_data_dir
        if name not in allowed or directory is None or not (directory / name).exists():
            return _bad_request("No such export file (the worker writes them daily).", 404)
        media = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}.get(
            name.rsplit(".", 1)[-1], "application/json"
        )
        return FileResponse(directory / name, media_type=media)

    return [
        Route("/federation/webhook", webhook_receiver(deps), methods=["POST"]),
        Route("/feed", feed),
        Route("/schemas/v1/", schemas_index),
        Route("/schemas/v1/context.jsonld", context),
        Route("/schemas/v1/{name}.json", schema),
        Route("/open-data/catalog.jsonld", catalog),
        Route("/open-data/files/{name}", export_file),
    ]
