"""Typed error members of mutation payload unions, and the one place that maps domain errors."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar, cast

import strawberry
from graphql import OperationType
from strawberry.types import Info as StrawberryInfo

from api.context import Info
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


def to_payload(error: domain_errors.DomainError) -> ErrorPayload:
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


P = ParamSpec("P")
R = TypeVar("R")


def _info_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Info:
    found = kwargs.get("info")
    if found is None:
        found = next(a for a in args if isinstance(a, StrawberryInfo))
    info: Info = found
    return info


def payload(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """For fields answering a payload union: the resolver returns its success member and
    raises domain errors; an expected failure becomes the matching error member and, in a
    mutation, rolls back whatever it wrote. Anything else propagates, to be masked and logged.

    `R` is the resolver's own annotation (the precise union), so it must list the error
    members the resolver can raise; strawberry refuses a member outside the union.
    """

    @functools.wraps(resolver)
    async def resolve(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await resolver(*args, **kwargs)
        except domain_errors.DomainError as error:
            info = _info_of(args, kwargs)
            # Queries write nothing, and their fields share the session concurrently.
            if info.operation.operation is OperationType.MUTATION:
                await info.context.uow.rollback()
            # The member is one of R's by the contract above; typing cannot express it.
            return cast(R, to_payload(error))

    return resolve
