"""API keys for machine clients (provincial exchanges, open-data consumers).

A key belongs to an organisation, carries scopes, a label and an expiry. Its secret is
`ixk_<prefix>_<random>`, shown once; only its SHA-256 is stored (the secret is random, so a
plain hash is enough, as for sign-in tokens). The prefix is public and names the key in lists
and logs.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

SECRET_PREFIX = "ixk"
MAX_LABEL = 120
MAX_KEYS_PER_ORGANIZATION = 20
DEFAULT_RATE_PER_MINUTE = 600
MAX_RATE_PER_MINUTE = 60_000


class ApiKeyScope(enum.StrEnum):
    READ_PUBLIC = "read_public"
    READ_FEED = "read_feed"
    WRITE_LISTINGS = "write_listings"
    MANAGE_WEBHOOKS = "manage_webhooks"


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: UUID
    organization_id: UUID
    label: str
    prefix: str
    scopes: frozenset[ApiKeyScope]
    rate_limit_per_minute: int
    expires_at: datetime | None
    created_at: datetime
    created_by: UUID | None
    revoked_at: datetime | None
    rotated_at: datetime | None
    last_used_at: datetime | None

    def active_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True, slots=True)
class IssuedApiKey:
    """The secret is returned once, to the caller that created or rotated the key."""

    key: ApiKey
    secret: str


@dataclass(frozen=True, slots=True)
class KeyPrincipal:
    """A request authenticated by an API key."""

    key_id: UUID
    organization_id: UUID
    scopes: frozenset[ApiKeyScope]
    rate_limit_per_minute: int

    def has(self, scope: ApiKeyScope) -> bool:
        return scope in self.scopes


def new_secret() -> tuple[str, str]:
    """(prefix, secret): the prefix is 8 hex characters, the secret carries 256 random bits."""
    prefix = secrets.token_hex(4)
    return prefix, f"{SECRET_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()
