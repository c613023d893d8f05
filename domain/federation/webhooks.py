"""Webhook subscriptions: a subscriber's URL, secret and event types; deliveries retried with
exponential backoff and the subscription paused after repeated failure.

Deliveries are rows written in the same transaction as the feed item that causes them and sent
by the worker afterwards, so a slow or dead subscriber never blocks or fails the change itself.
Signing follows Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256
over `id.timestamp.body` with the subscription's `whsec_` secret).
"""

from __future__ import annotations

import base64
import enum
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from uuid import UUID

from domain.errors import ValidationCode, Validator
from domain.federation.feed import event_types

MAX_ATTEMPTS = 8
PAUSE_AFTER_FAILURES = 5  # failed attempts in a row of one delivery pause its subscription
BASE_BACKOFF = timedelta(seconds=2)
MAX_BACKOFF = timedelta(hours=1)
MAX_SUBSCRIPTIONS_PER_ORGANIZATION = 10


class SubscriptionStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after MAX_ATTEMPTS


@dataclass(frozen=True, slots=True)
class WebhookSubscription:
    id: UUID
    organization_id: UUID
    url: str
    event_types: tuple[str, ...]
    status: SubscriptionStatus
    consecutive_failures: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class WebhookDelivery:
    id: int
    subscription_id: UUID
    message_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


def new_signing_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: 2 s, 4 s, 8 s … capped at an hour."""
    wait: timedelta = BASE_BACKOFF * (2 ** max(attempts - 1, 0))
    return min(wait, MAX_BACKOFF)


def validate_subscription(
    url: str, types: list[str], secret: str | None, *, allow_http_hosts: frozenset[str]
) -> tuple[str, tuple[str, ...]]:
    """The URL must be https (or http to a host the deployment allows, e.g. 127.0.0.1 in
    tests), event types known and the secret, if given, a `whsec_` base64 secret."""
    v = Validator()
    cleaned = url.strip()
    parts = urlsplit(cleaned)
    if len(cleaned) > 2000 or not parts.hostname:
        v.add("url", ValidationCode.INVALID_FORMAT, "must be an absolute URL")
    elif parts.scheme != "https" and not (
        parts.scheme == "http" and parts.hostname in allow_http_hosts
    ):
        v.add("url", ValidationCode.INVALID_FORMAT, "must use https")
    known = set(event_types())
    chosen = tuple(dict.fromkeys(t.strip() for t in types))
    if not chosen:
        v.add("eventTypes", ValidationCode.REQUIRED, "name at least one event type")
    for t in chosen:
        if t not in known:
            v.add("eventTypes", ValidationCode.INVALID_CHOICE, f"unknown event type {t[:40]!r}")
    if secret is not None:
        try:
            raw = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except ValueError:
            raw = b""
        if not secret.startswith("whsec_") or not 24 <= len(raw) <= 64:
            v.add("secret", ValidationCode.INVALID_FORMAT, "must be whsec_ and 24-64 base64 bytes")
    v.check()
    return cleaned, chosen
