"""The Starlette application: /graphql, /healthz, /readyz, with the HTTP-level limits."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from cross_web import HTTPException
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET

from api.context import Context, SessionHolder
from api.dashboard.page import Dashboard
from api.deps import ApiDeps
from api.downloads import download_endpoint
from api.federation.gate import ApiKeyGate
from api.federation.routes import routes as open_data_routes
from api.http_errors import (
    decode_request_json,
    is_request_error,
    request_error_response,
    wants_graphql_response,
)
from api.multipart import BodyTooLarge, StreamingRequestAdapter
from api.playground import load_playground_assets, render_playground
from api.reports.routes import report_download_endpoint
from api.request_id import current_request_id, set_request_id
from api.schema import app_schema
from api.static_assets import PackageAssets
from api.unavailable import RETRY_AFTER_SECONDS, whole_request_unavailable
from db.migration_state import current_heads, expected_heads
from db.outbox import outbox_health
from domain.attachments import SIZE_MAX_BYTES
from domain.errors import NotAuthenticated

logger = logging.getLogger("innovex.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"


class InnovexGraphQL(GraphQL[Context, None]):
    # Multipart files are read by their resolvers, after the permission checks (api/multipart).
    request_adapter_class = StreamingRequestAdapter

    def __init__(self, deps: ApiDeps, playground: PackageAssets | None = None) -> None:
        super().__init__(
            app_schema(production=deps.production),
            graphql_ide=None if deps.production or playground is None else "graphiql",
            allow_queries_via_get=True,
            # Uploads need a bearer token, which a cross-site form cannot send, and the
            # multipart spec's requests are not simple requests from scripts either.
            multipart_uploads_enabled=True,
        )
        self.deps = deps
        self.playground = playground

    async def render_graphql_ide(self, request: Any) -> Response:
        # Strawberry's own page loads its scripts from a CDN; this one from this server.
        assert self.playground is not None  # the IDE is off without it
        return render_playground(self.playground)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        holder = SessionHolder(self.deps)
        scope.setdefault("state", {})["innovex_session"] = holder
        try:
            await super().__call__(scope, receive, send)
        finally:
            await holder.close()

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        except HTTPException as exc:
            # A JSON GraphQL response (the middleware adds the request id), not plain text.
            return request_error_response(exc)

    def decode_json(self, data: str | bytes) -> object:
        return decode_request_json(data)

    async def execute_single(self, *args: Any, **kwargs: Any) -> Any:
        try:
            result = await super().execute_single(*args, **kwargs)
        except HTTPException as exc:
            # GraphQL over HTTP: a mutation sent with GET is a 405, not a 400.
            if exc.status_code == 400 and "not allowed when using GET" in exc.reason:
                raise HTTPException(405, exc.reason) from exc
            raise
        request = kwargs["request"]
        if is_request_error(result) and wants_graphql_response(request.headers.get("accept", "")):
            kwargs["sub_response"].status_code = 400
        return result

    async def process_result(self, request: Any, result: Any) -> Any:
        response = await super().process_result(request, result)
        if is_request_error(result):
            # The operation never started: no `data` entry (GraphQL spec, "Response").
            response.pop("data", None)
        return response

    def create_response(self, response_data: Any, sub_response: Any) -> Any:
        response = super().create_response(response_data, sub_response)
        if whole_request_unavailable(response_data):
            response.status_code = 503
            response.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        return response

    async def on_ws_connect(self, context: Context) -> Any:
        # The token travels in `connection_init`; a bad one closes the socket (4403), none
        # subscribes anonymously. The session served the token only: release it now.
        try:
            await context.actor()
        except NotAuthenticated as error:
            raise ConnectionRejectionError from error
        finally:
            await context.holder.close()
        return UNSET

    async def get_context(self, request: Any, response: Any) -> Context:
        return Context(request=request, deps=self.deps, holder=request.state.innovex_session)


class HttpLimits:
    """Request id, body size limit, GraphQL-over-HTTP media type and an access log line."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, max_upload_bytes: int = 0) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max(max_upload_bytes, max_body_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = headers.get("x-request-id", "")[:64] or uuid.uuid4().hex
        set_request_id(request_id)
        started = time.perf_counter()
        status = {"code": 0}

        # File uploads (multipart) may be as large as a document; anything else stays small.
        limit = (
            self.max_upload_bytes
            if headers.get("content-type", "").startswith("multipart/form-data")
            else self.max_body_bytes
        )
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._too_large(scope, receive, send, request_id)
            return

        wants_graphql_response = GRAPHQL_RESPONSE in headers.get("accept", "")
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                raw = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"
                ]
                raw.append((b"x-request-id", request_id.encode()))
                if wants_graphql_response:
                    raw = [
                        (
                            k,
                            GRAPHQL_RESPONSE.encode()
                            if k.lower() == b"content-type" and v.startswith(b"application/json")
                            else v,
                        )
                        for k, v in raw
                    ]
                message["headers"] = raw
            await send(message)

        try:
            await self.app(scope, limited_receive, send_wrapper)
        except BodyTooLarge:
            await self._too_large(scope, receive, send, request_id)
            status["code"] = 413
        finally:
            logger.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status["code"],
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "request_id": request_id,
                },
            )

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        response = JSONResponse(
            {"errors": [{"message": f"Request body exceeds {self.max_body_bytes} bytes."}]},
            status_code=413,
            headers={"x-request-id": request_id},
        )
        await response(scope, receive, send)


def create_app(deps: ApiDeps, *, playground: PackageAssets | None = None) -> Starlette:
    """`playground` overrides where GraphiQL's files come from (tests); production has none."""
    if deps.production:
        playground = None
    elif playground is None:
        playground = load_playground_assets()
    graphql = InnovexGraphQL(deps, playground)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        checks: dict[str, Any] = {}
        ok = True
        try:
            async with deps.sessions() as session:
                await session.execute(text("SELECT 1"))
                heads = await current_heads(session)
                expected = expected_heads()
                at_head = heads == expected
                checks["database"] = {"ok": True}
                checks["migrations"] = {
                    "ok": at_head,
                    "current": sorted(heads),
                    "head": sorted(expected),
                }
                ok = ok and at_head
                if at_head:
                    outbox = await outbox_health(session)
                    parked = sum(c["parked"] for c in outbox.values())
                    checks["outbox"] = {"ok": parked == 0, "consumers": outbox}
                    ok = ok and parked == 0
        except Exception as exc:  # readiness reports, it never raises
            logger.warning("readiness check failed", extra={"error": repr(exc)})
            checks["database"] = {"ok": False, "error": type(exc).__name__}
            ok = False
        for name, check in deps.readiness_checks.items():
            try:
                passed, detail = await check()
            except Exception as exc:  # a broken dependency is "not ready", not a 500
                passed, detail = False, type(exc).__name__
            checks[name] = {"ok": passed, "detail": detail}
            ok = ok and passed
        return JSONResponse(
            {
                "status": "ready" if ok else "not ready",
                "checks": checks,
                "requestId": current_request_id(),
            },
            status_code=200 if ok else 503,
        )

    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/files/{token}", download_endpoint(deps), methods=["GET"]),
        Route("/reports/{token}", report_download_endpoint(deps), methods=["GET"]),
    ]
    routes += open_data_routes(deps)
    if playground is not None:
        routes.append(playground.route())
    routes.extend(Dashboard().routes())
    app = Starlette(routes=routes)
    # Inside HttpLimits: a request has its id and body limit before its key is checked.
    app.add_middleware(ApiKeyGate, deps=deps)
    app.add_middleware(
        HttpLimits,
        max_body_bytes=deps.max_body_bytes,
        # A 50 MB document and the multipart envelope around it.
        max_upload_bytes=SIZE_MAX_BYTES + 1024 * 1024 if deps.document_store else 0,
    )
    return app
