"""A lost database is "unavailable, retry shortly", not an unexpected error.

When PostgreSQL restarts or is unreachable, every resolver that touches it fails. Those
failures are the database's state, not bugs: they are answered with a GraphQL error whose
`extensions.code` is DATABASE_UNAVAILABLE and a retry hint, logged as one warning line (no
traceback per request), and a response with no data at all gets HTTP 503 with Retry-After.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError

logger = logging.getLogger(__name__)

CODE = "DATABASE_UNAVAILABLE"
RETRY_AFTER_SECONDS = 5
MESSAGE = f"The database is unavailable; retry in {RETRY_AFTER_SECONDS} seconds."

# SQLSTATE classes and codes that mean "no usable server": 08 connection exceptions,
# 57P01-57P03 admin/crash shutdown and "cannot connect now" (starting up or recovering).
_UNAVAILABLE_STATES = ("08", "57P01", "57P02", "57P03")


def _is_lost(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, (ConnectionError, FileNotFoundError, TimeoutError)):
        # Refused, reset, or the Unix socket is gone: the server is down or restarting.
        return True
    sqlstate = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(sqlstate, str) and sqlstate.startswith(_UNAVAILABLE_STATES):
        return True
    # asyncpg's "connection was closed in the middle of operation" and its InterfaceError on
    # a connection the server dropped carry no SQLSTATE.
    name = type(error).__name__
    return name in {"ConnectionDoesNotExistError", "InterfaceError"} and "closed" in str(error)


def is_database_unavailable(error: BaseException | None) -> bool:
    """True when `error` or anything in its cause chain says the server is gone."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if _is_lost(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def unavailable_error(error: GraphQLError, request_id: str | None) -> GraphQLError:
    logger.warning(
        "database unavailable",
        extra={"request_id": request_id, "error": str(error.original_error)[:200]},
    )
    return GraphQLError(
        MESSAGE,
        nodes=error.nodes,
        path=error.path,
        extensions={
            "code": CODE,
            "retryAfterSeconds": RETRY_AFTER_SECONDS,
            "requestId": request_id,
        },
    )


def whole_request_unavailable(response_data: Any) -> bool:
    """No field answered and every error is DATABASE_UNAVAILABLE: the request as a whole
    failed for want of the database (HTTP 503)."""
    if not isinstance(response_data, dict):
        return False
    errors = response_data.get("errors") or []
    data = response_data.get("data")
    no_data = data is None or (isinstance(data, dict) and all(v is None for v in data.values()))
    return (
        bool(errors)
        and no_data
        and all((e.get("extensions") or {}).get("code") == CODE for e in errors)
    )
