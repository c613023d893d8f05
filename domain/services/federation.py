"""Use cases of machine access: API keys and webhook subscriptions.

An organisation's owner (or an operator) manages its keys and webhooks; an API key with the
MANAGE_WEBHOOKS scope may manage its own organisation's webhooks. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.accounts import Actor, MemberRole
from domain.errors import (
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
    Validator,
)
from domain.federation.keys import (
    DEFAULT_RATE_PER_MINUTE,
    MAX_KEYS_PER_ORGANIZATION,
    MAX_LABEL,
    MAX_RATE_PER_MINUTE,
    ApiKey,
    ApiKeyScope,
    IssuedApiKey,
    KeyPrincipal,
    hash_secret,
    new_secret,
)
from domain.federation.ports import FederationUnitOfWork
from domain.federation.webhooks import (
    MAX_SUBSCRIPTIONS_PER_ORGANIZATION,
    WebhookSubscription,
    new_signing_secret,
    validate_subscription,
)
from domain.services.accounts import require_user

MAX_KEY_LIFETIME = timedelta(days=730)


def _require_org_owner(actor: Actor, organization_id: UUID) -> UUID:
    user_id = require_user(actor)
    if actor.is_staff or actor.memberships.get(organization_id) is MemberRole.OWNER:
        return user_id
    if actor.member_of(organization_id):
        raise NotAllowed(NotAllowedCode.NOT_THE_OWNER, "Only the organisation's owner may.")
    raise NotAllowed(NotAllowedCode.NOT_A_MEMBER, "You are not a member of this organisation.")


@dataclass(frozen=True, slots=True)
class CreateApiKey:
    organization_id: UUID
    label: str
    scopes: frozenset[ApiKeyScope]
    expires_at: datetime | None = None
    rate_limit_per_minute: int | None = None


async def create_api_key(
    uow: FederationUnitOfWork, actor: Actor, cmd: CreateApiKey, now: datetime
) -> IssuedApiKey:
    user_id = _require_org_owner(actor, cmd.organization_id)
    v = Validator()
    label = v.text("label", cmd.label, max_len=MAX_LABEL)
    if not cmd.scopes:
        v.add("scopes", ValidationCode.REQUIRED, "name at least one scope")
    if cmd.expires_at is not None and not now < cmd.expires_at <= now + MAX_KEY_LIFETIME:
        v.add("expiresAt", ValidationCode.OUT_OF_RANGE, "must be in the future, within 2 years")
    rate = (
        DEFAULT_RATE_PER_MINUTE if cmd.rate_limit_per_minute is None else cmd.rate_limit_per_minute
    )
    v.in_range("rateLimitPerMinute", rate, 1, MAX_RATE_PER_MINUTE)
    v.check()
    if await uow.organizations.get(cmd.organization_id) is None:
        raise NotFound("Organization", cmd.organization_id)
    if await uow.api_keys.count_active(cmd.organization_id) >= MAX_KEYS_PER_ORGANIZATION:
        raise Conflict(ConflictCode.ALREADY_EXISTS, "This organisation has too many active keys.")
    prefix, secret = new_secret()
    key = await uow.api_keys.add(
        organization_id=cmd.organization_id,
        label=label,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        scopes=cmd.scopes,
        rate_limit_per_minute=rate,
        expires_at=cmd.expires_at,
        created_by=user_id,
    )
    await _audit(uow, user_id, "api_key.created", key, scopes=sorted(cmd.scopes))
    await uow.commit()
    return IssuedApiKey(key, secret)


async def _owned_key(uow: FederationUnitOfWork, actor: Actor, key_id: UUID) -> tuple[ApiKey, UUID]:
    require_user(actor)
    key = await uow.api_keys.get(key_id)
    if key is None or not (actor.is_staff or actor.member_of(key.organization_id)):
        raise NotFound("ApiKey", key_id)
    return key, _require_org_owner(actor, key.organization_id)


async def rotate_api_key(uow: FederationUnitOfWork, actor: Actor, key_id: UUID) -> IssuedApiKey:
    """A new secret for the same key (scopes, label, expiry kept); the old one stops working."""
    key, user_id = await _owned_key(uow, actor, key_id)
    if key.revoked_at is not None:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "A revoked key cannot be rotated.")
    prefix, secret = new_secret()
    rotated = await uow.api_keys.set_secret(key.id, prefix, hash_secret(secret))
    await _audit(uow, user_id, "api_key.rotated", rotated)
    await uow.commit()
    return IssuedApiKey(rotated, secret)


async def revoke_api_key(uow: FederationUnitOfWork, actor: Actor, key_id: UUID) -> ApiKey:
    key, user_id = await _owned_key(uow, actor, key_id)
    if key.revoked_at is not None:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "This key is already revoked.")
    revoked = await uow.api_keys.revoke(key.id)
    await _audit(uow, user_id, "api_key.revoked", revoked)
    await uow.commit()
    return revoked


async def list_api_keys(
    uow: FederationUnitOfWork, actor: Actor, organization_id: UUID
) -> list[ApiKey]:
    _require_org_owner(actor, organization_id)
    return await uow.api_keys.list_for(organization_id)


async def _audit(
    uow: FederationUnitOfWork, user_id: UUID | None, action: str, key: ApiKey, **data: object
) -> None:
    await uow.audit.record(
        actor_id=user_id,
        action=action,
        entity_kind="api_key",
        entity_id=key.id,
        data={"organization_id": str(key.organization_id), "prefix": key.prefix, **data},
    )


# --- webhooks -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegisterWebhook:
    organization_id: UUID
    url: str
    event_types: list[str]
    secret: str | None = None


def _webhook_manager(
    actor: Actor, principal: KeyPrincipal | None, organization_id: UUID
) -> UUID | None:
    """The user id acting (None for an API key of this organisation with MANAGE_WEBHOOKS)."""
    if principal is not None and actor.user_id is None:
        if principal.organization_id == organization_id and principal.has(
            ApiKeyScope.MANAGE_WEBHOOKS
        ):
            return None
        raise NotAllowed(NotAllowedCode.MISSING_ROLE, "This key may not manage these webhooks.")
    return _require_org_owner(actor, organization_id)


async def register_webhook(
    uow: FederationUnitOfWork,
    actor: Actor,
    principal: KeyPrincipal | None,
    cmd: RegisterWebhook,
    *,
    allow_http_hosts: frozenset[str] = frozenset(),
) -> tuple[WebhookSubscription, str]:
    """Returns the subscription and its signing secret (shown once)."""
    user_id = _webhook_manager(actor, principal, cmd.organization_id)
    url, types = validate_subscription(
        cmd.url, cmd.event_types, cmd.secret, allow_http_hosts=allow_http_hosts
    )
    if await uow.organizations.get(cmd.organization_id) is None:
        raise NotFound("Organization", cmd.organization_id)
    if await uow.webhooks.count_for(cmd.organization_id) >= MAX_SUBSCRIPTIONS_PER_ORGANIZATION:
        raise Conflict(ConflictCode.ALREADY_EXISTS, "This organisation has too many webhooks.")
    secret = cmd.secret or new_signing_secret()
    subscription = await uow.webhooks.add(
        organization_id=cmd.organization_id,
        url=url,
        secret=secret,
        event_types=types,
        created_by=user_id,
    )
    await _audit_webhook(uow, user_id, "webhook.registered", subscription, event_types=list(types))
    await uow.commit()
    return subscription, secret


async def _owned_subscription(
    uow: FederationUnitOfWork, actor: Actor, principal: KeyPrincipal | None, sub_id: UUID
) -> tuple[WebhookSubscription, UUID | None]:
    subscription = await uow.webhooks.get(sub_id)
    if subscription is None:
        raise NotFound("WebhookSubscription", sub_id)
    if principal is None and not (actor.is_staff or actor.member_of(subscription.organization_id)):
        require_user(actor)
        raise NotFound("WebhookSubscription", sub_id)
    return subscription, _webhook_manager(actor, principal, subscription.organization_id)


async def resume_webhook(
    uow: FederationUnitOfWork, actor: Actor, principal: KeyPrincipal | None, sub_id: UUID
) -> WebhookSubscription:
    subscription, user_id = await _owned_subscription(uow, actor, principal, sub_id)
    resumed = await uow.webhooks.resume(subscription.id)
    await _audit_webhook(uow, user_id, "webhook.resumed", resumed)
    await uow.commit()
    return resumed


async def delete_webhook(
    uow: FederationUnitOfWork, actor: Actor, principal: KeyPrincipal | None, sub_id: UUID
) -> UUID:
    subscription, user_id = await _owned_subscription(uow, actor, principal, sub_id)
    await uow.webhooks.delete(subscription.id)
    await _audit_webhook(uow, user_id, "webhook.deleted", subscription)
    await uow.commit()
    return subscription.id


async def list_webhooks(
    uow: FederationUnitOfWork, actor: Actor, principal: KeyPrincipal | None, organization_id: UUID
) -> list[WebhookSubscription]:
    _webhook_manager(actor, principal, organization_id)
    return await uow.webhooks.list_for(organization_id)


async def _audit_webhook(
    uow: FederationUnitOfWork,
    user_id: UUID | None,
    action: str,
    subscription: WebhookSubscription,
    **data: object,
) -> None:
    await uow.audit.record(
        actor_id=user_id,
        action=action,
        entity_kind="webhook_subscription",
        entity_id=subscription.id,
        data={
            "organization_id": str(subscription.organization_id),
            "url": subscription.url,
            **data,
        },
    )
