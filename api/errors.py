"""Typed error members of mutation payload unions, and the one place that maps domain errors."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from domain import errors as domain_errors

logger = logging.getLogger(__name__)

ValidationCode = strawberry.enum(domain_errors.ValidationCode, name="ValidationCode")
ConflictCode = strawberry.enum(domain_errors.ConflictCode, name="ConflictCode")
NotAllowedCode = strawberry.enum(domain_errors.NotAllowedCode, name="NotAllowedCode")
AuthErrorCode = strawberry.enum(domain_errors.AuthErrorCode, name="AuthErrorCode")


@strawberry.type
class FieldError:
    path: list[str]
    code: ValidationCode  # type: ignore[valid-type]
    message: str


@strawberry.type
class ValidationError:
    message: str
    fields: list[FieldError]


@strawberry.type
class NotAuthenticated:
    message: str
    code: AuthErrorCode  # type: ignore[valid-type]


@strawberry.type
class NotAllowed:
    message: str
    code: NotAllowedCode  # type: ignore[valid-type]


@strawberry.type
class NotFound:
    message: str


@strawberry.type
class Conflict:
    message: str
    code: ConflictCode  # type: ignore[valid-type]


ErrorPayload = ValidationError | NotAuthenticated | NotAllowed | NotFound | Conflict


def to_payload(error: domain_errors.DomainError) -> Any:
    match error:
        case domain_errors.InvalidInput():
            return ValidationError(
                message="The input is not valid.",
                fields=[
                    FieldError(path=list(i.path), code=i.code, message=i.message)
                    for i in error.issues
                ],
            )
        case domain_errors.NotAuthenticated():
            return NotAuthenticated(message=error.message, code=error.code)
        case domain_errors.NotAllowed():
            return NotAllowed(message=error.message, code=error.code)
        case domain_errors.NotFound():
            return NotFound(message=error.message)
        case domain_errors.Conflict():
            return Conflict(message=error.message, code=error.code)
    raise TypeError(f"unmapped domain error {type(error).__name__}")


T = TypeVar("T")


async def run_mutation(
    rollback: Callable[[], Awaitable[None]], action: Callable[[], Awaitable[T]]
) -> T | Any:
    """Run a use case; an expected failure rolls back whatever it wrote and becomes a typed
    payload member. Anything else propagates, to be masked and logged."""
    try:
        return await action()
    except domain_errors.DomainError as error:
        await rollback()
        return to_payload(error)
