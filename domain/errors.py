"""Expected failures of use cases. The API turns each into a typed payload member."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class ValidationCode(enum.StrEnum):
    REQUIRED = "required"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    INVALID_FORMAT = "invalid_format"
    OUT_OF_RANGE = "out_of_range"
    INVALID_CHOICE = "invalid_choice"
    INVALID_COMBINATION = "invalid_combination"
    TOO_WEAK = "too_weak"


class ConflictCode(enum.StrEnum):
    EMAIL_TAKEN = "email_taken"
    REGISTRY_CODE_TAKEN = "registry_code_taken"
    ALREADY_MEMBER = "already_member"
    LAST_OWNER = "last_owner"
    INVALID_TRANSITION = "invalid_transition"
    ALREADY_EXISTS = "already_exists"
    STALE = "stale"
    NOT_ENOUGH_REVIEWERS = "not_enough_reviewers"
    REVIEWS_PENDING = "reviews_pending"
    DECISION_NEEDS_COUNCIL = "decision_needs_council"
    ROLE_NOT_HELD = "role_not_held"
    LAST_ADMIN = "last_admin"
    EXPIRED = "expired"
    STORAGE_QUOTA_EXCEEDED = "storage_quota_exceeded"
    # Feedback on a process waits for its decision (or, for a connection, an answer).
    NOT_DECIDED = "not_decided"


class NotAllowedCode(enum.StrEnum):
    MISSING_ROLE = "missing_role"
    NOT_A_MEMBER = "not_a_member"
    NOT_THE_OWNER = "not_the_owner"
    CONFLICT_OF_INTEREST = "conflict_of_interest"
    # The organisation is not verified yet: it may draft and submit, not commit money.
    ORGANIZATION_UNVERIFIED = "organization_unverified"
    # Recording a deal and confirming it take the two different parties.
    SAME_PARTY = "same_party"
    OUTSIDE_PROVINCE = "outside_province"
    EMAIL_NOT_VERIFIED = "email_not_verified"


class AuthErrorCode(enum.StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    TOKEN_EXPIRED = "token_expired"
    TOKEN_REVOKED = "token_revoked"
    TOKEN_MISSING = "token_missing"
    INVALID_API_KEY = "invalid_api_key"


@dataclass(frozen=True, slots=True)
class FieldIssue:
    path: tuple[str, ...]
    code: ValidationCode
    message: str


class DomainError(Exception):
    """Base of every expected failure. Messages are safe to show to the caller: they never
    contain confidential content."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    def __init__(self, issues: Iterable[FieldIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(f"{'.'.join(i.path)}: {i.message}" for i in self.issues))


class NotAuthenticated(DomainError):
    def __init__(self, code: AuthErrorCode, message: str = "Sign in first.") -> None:
        super().__init__(message)
        self.code = code


class NotAllowed(DomainError):
    def __init__(self, code: NotAllowedCode, message: str = "You may not do this.") -> None:
        super().__init__(message)
        self.code = code


class NotFound(DomainError):
    def __init__(self, entity: str, key: object) -> None:
        super().__init__(f"{entity} {key} was not found.")
        self.entity = entity


class Conflict(DomainError):
    def __init__(self, code: ConflictCode, message: str) -> None:
        super().__init__(message)
        self.code = code


class Validator:
    """Collects field issues so a caller sees every problem with its input at once."""

    def __init__(self) -> None:
        self.issues: list[FieldIssue] = []

    def add(self, path: str, code: ValidationCode, message: str) -> None:
        self.issues.append(FieldIssue(tuple(path.split(".")), code, message))

    def text(self, path: str, value: str | None, *, min_len: int = 1, max_len: int = 10_000) -> str:
        stripped = (value or "").strip()
        if min_len > 0 and not stripped:
            self.add(path, ValidationCode.REQUIRED, "is required")
        elif len(stripped) < min_len:
            self.add(path, ValidationCode.TOO_SHORT, f"needs at least {min_len} characters")
        elif len(stripped) > max_len:
            self.add(path, ValidationCode.TOO_LONG, f"allows at most {max_len} characters")
        return stripped

    def in_range(self, path: str, value: int | None, low: int, high: int) -> None:
        if value is not None and not low <= value <= high:
            self.add(path, ValidationCode.OUT_OF_RANGE, f"must be between {low} and {high}")

    def check(self) -> None:
        if self.issues:
            raise InvalidInput(self.issues)
