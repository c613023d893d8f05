"""GraphQL over HTTP: how requests that cannot be executed are answered.

Two kinds of client mistakes, both answered with a JSON GraphQL response and the request id
(added by the HTTP middleware), never a 500:

- the HTTP request is not a GraphQL request (a body that is not a JSON object, invalid UTF-8,
  JSON nested too deeply to decode, a mutation over GET...): an HTTP 4xx with one error;
- a *request error* (the document does not parse or validate, the variables do not coerce, text
  that cannot be stored): the response has no `data` entry (GraphQL spec, "Response"); with
  `Accept: application/graphql-response+json` the status is 400, with `application/json` it stays
  200, as the GraphQL-over-HTTP spec asks of each media type."""

from __future__ import annotations

import json
import logging
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from starlette.responses import JSONResponse
from strawberry.types import ExecutionResult

logger = logging.getLogger("innovex.http")

GRAPHQL_RESPONSE = "application/graphql-response+json"

_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


def wants_graphql_response(accept: str) -> bool:
    return GRAPHQL_RESPONSE in accept


def decode_request_json(data: str | bytes) -> dict[str, Any]:
    """A JSON object, or a 400 that says what is wrong with the body."""
    try:
        decoded = json.loads(data)
    except UnicodeDecodeError as error:
        raise HTTPException(400, "The request body is not valid UTF-8.") from error
    except RecursionError as error:
        raise HTTPException(400, "The request body is nested too deeply.") from error
    except ValueError as error:  # json.JSONDecodeError
        raise HTTPException(400, "Unable to parse request body as JSON") from error
    if not isinstance(decoded, dict):
        raise HTTPException(
            400, "Expected a JSON object with a `query` string (a GraphQL request)."
        )
    return decoded


def request_error_response(error: HTTPException) -> JSONResponse:
    code = _CODES.get(error.status_code, "BAD_REQUEST")
    logger.info("request refused", extra={"status": error.status_code, "reason": error.reason})
    return JSONResponse(
        {"errors": [{"message": error.reason, "extensions": {"code": code}}]},
        status_code=error.status_code,
    )


def is_request_error(result: ExecutionResult) -> bool:
    """True when the operation did not execute because of the request itself: parse,
    validation and variable-coercion errors carry no path; field errors always do. Unexpected
    failures (masked as INTERNAL) are not the client's mistake."""
    if result.data is not None or not result.errors:
        return False
    return all(_is_client_error(error) for error in result.errors)


def _is_client_error(error: GraphQLError) -> bool:
    return error.path is None and (error.extensions or {}).get("code") != "INTERNAL"
