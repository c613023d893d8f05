"""Use cases for accounts and organisations."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.accounts import (
    EMAIL_RE,
    PASSWORD_MAX,
    PASSWORD_MIN,
    REGISTRY_CODE_RE,
    Actor,
    IssuedToken,
    Locale,
    MemberRole,
    Organization,
    OrganizationKind,
    User,
)
from domain.errors import (
    AuthErrorCode,
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
    NotAuthenticated,
    NotFound,
    ValidationCode,
    Validator,
)
from domain.events import EntityKind, ListingChanged
from domain.ports import AccountsUnitOfWork, HasOrganizations, PasswordHasher
from domain.provinces import province_by_code


def hash_token(token: str) -> bytes:
    """Tokens are random, so a plain SHA-256 is enough to make the stored value useless."""
    return hashlib.sha256(token.encode()).digest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def require_user(actor: Actor) -> UUID:
    if actor.user_id is None:
        raise NotAuthenticated(AuthErrorCode.TOKEN_MISSING)
    return actor.user_id


def require_verified_email(actor: Actor) -> None:
    """Publishing and connecting need an address the platform can reach."""
    if not actor.email_verified:
        raise NotAllowed(
            NotAllowedCode.EMAIL_NOT_VERIFIED,
            "Verify your email address first (see the message sent at sign-up, or ask for a "
            "new one with resendVerificationEmail).",
        )


@dataclass(frozen=True, slots=True)
class SignUp:
    email: str
    password: str
    display_name: str
    locale: Locale = Locale.VI


async def sign_up(
    uow: AccountsUnitOfWork,
    hasher: PasswordHasher,
    cmd: SignUp,
    *,
    on_created: Callable[[User], Awaitable[None]] | None = None,
) -> User:
    """`on_created` runs in the same transaction (the verification mail is queued there)."""
    v = Validator()
    email = normalise_email(cmd.email)
    if not EMAIL_RE.match(email) or len(email) > 254:
        v.add("email", ValidationCode.INVALID_FORMAT, "is not a valid email address")
    if len(cmd.password) < PASSWORD_MIN:
        v.add("password", ValidationCode.TOO_SHORT, f"needs at least {PASSWORD_MIN} characters")
    elif len(cmd.password) > PASSWORD_MAX:
        v.add("password", ValidationCode.TOO_LONG, f"allows at most {PASSWORD_MAX} characters")
    display_name = v.text("displayName", cmd.display_name, min_len=1, max_len=120)
    if PASSWORD_MIN <= len(cmd.password) <= PASSWORD_MAX:
        weakness = hasher.weakness(cmd.password, (email, email.split("@")[0], display_name))
        if weakness is not None:
            v.add("password", ValidationCode.TOO_WEAK, weakness)
    v.check()
    # Hashed before the duplicate check, so a taken email answers no faster than a free one.
    password_hash = await hasher.hash(cmd.password)
    if await uow.users.email_taken(email):
        raise Conflict(ConflictCode.EMAIL_TAKEN, "An account with this email already exists.")
    user = await uow.users.add(
        email=email,
        display_name=display_name,
        locale=cmd.locale,
        password_hash=password_hash,
    )
    if on_created is not None:
        await on_created(user)
    await uow.commit()
    return user


async def sign_in(
    uow: AccountsUnitOfWork,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    now: datetime,
    ttl: timedelta,
) -> IssuedToken:
    found = await uow.users.find_credentials(normalise_email(email))
    # Same error, and an argon2 verification either way, whether or not the email exists.
    password_hash = found[1] if found else await _DUMMY_HASH.get(hasher)
    if not await hasher.verify(password_hash, password) or found is None:
        raise NotAuthenticated(AuthErrorCode.INVALID_CREDENTIALS, "Wrong email or password.")
    token = secrets.token_urlsafe(32)
    expires_at = now + ttl
    await uow.tokens.add(user_id=found[0].id, token_hash=hash_token(token), expires_at=expires_at)
    await uow.commit()
    return IssuedToken(token=token, user=found[0], expires_at=expires_at)


class _DummyHash:
    """A hash of a random password, computed once per hasher, for timing-safe sign-in."""

    def __init__(self) -> None:
        self._cache: dict[int, str] = {}

    async def get(self, hasher: PasswordHasher) -> str:
        key = id(hasher)
        if key not in self._cache:
            self._cache[key] = await hasher.hash(secrets.token_urlsafe(16))
        return self._cache[key]


_DUMMY_HASH = _DummyHash()


async def sign_out(uow: AccountsUnitOfWork, *, token: str | None, now: datetime) -> None:
    if not token or not await uow.tokens.revoke(hash_token(token), now):
        raise NotAuthenticated(AuthErrorCode.TOKEN_MISSING)
    await uow.commit()


@dataclass(frozen=True, slots=True)
class CreateOrganization:
    name: str
    kind: OrganizationKind
    province_code: str | None = None
    registry_code: str | None = None


async def create_organization(
    uow: AccountsUnitOfWork, actor: Actor, cmd: CreateOrganization
) -> Organization:
    user_id = require_user(actor)
    v = Validator()
    name = v.text("name", cmd.name, min_len=2, max_len=200)
    if cmd.province_code is not None and province_by_code(cmd.province_code) is None:
        v.add("provinceCode", ValidationCode.INVALID_CHOICE, "is not a known province code")
    registry_code = (cmd.registry_code or "").strip() or None
    if registry_code is not None and not REGISTRY_CODE_RE.match(registry_code):
        v.add(
            "registryCode",
            ValidationCode.INVALID_FORMAT,
            "must be 4 to 32 letters, digits or dashes",
        )
    v.check()
    if registry_code is not None and await uow.organizations.registry_code_taken(registry_code):
        raise Conflict(
            ConflictCode.REGISTRY_CODE_TAKEN,
            "An organisation with this registry code already exists.",
        )
    organization = await uow.organizations.add(
        name=name, kind=cmd.kind, province_code=cmd.province_code, registry_code=registry_code
    )
    await uow.organizations.add_member(organization.id, user_id, MemberRole.OWNER)
    await uow.outbox.record(ListingChanged(EntityKind.ORGANIZATION, organization.id))
    await uow.commit()
    return organization


async def existing_organization(uow: HasOrganizations, organization_id: UUID) -> Organization:
    found = await uow.organizations.get(organization_id)
    if found is None:
        raise NotFound("Organization", organization_id)
    return found


async def audit_organization(
    uow: AccountsUnitOfWork, actor: Actor, organization_id: UUID, action: str, **data: object
) -> None:
    """One audit entry about an organisation; ids are written as text so the data stays JSON."""
    await uow.audit.record(
        actor_id=actor.user_id,
        action=f"organization.{action}",
        entity_kind="organization",
        entity_id=organization_id,
        data={k: str(v) if isinstance(v, UUID) else v for k, v in data.items()},
    )


async def require_manager(uow: AccountsUnitOfWork, actor: Actor, organization_id: UUID) -> None:
    """Owners and admins of the organisation, or staff, manage its members."""
    require_user(actor)
    if await uow.organizations.get(organization_id) is None:
        raise NotFound("Organization", organization_id)
    if not (actor.manages(organization_id) or actor.is_staff):
        raise NotAllowed(
            NotAllowedCode.NOT_THE_OWNER,
            "Only the organisation's owners and admins may change its members.",
        )


async def remove_member(
    uow: AccountsUnitOfWork, actor: Actor, *, organization_id: UUID, user_id: UUID
) -> None:
    await require_manager(uow, actor, organization_id)
    # Locked before reading, so the last-owner count below cannot be raced.
    await uow.organizations.lock_members(organization_id)
    membership = await uow.organizations.membership(organization_id, user_id)
    if membership is None:
        raise NotFound("Membership", user_id)
    if membership.role is MemberRole.OWNER:
        if actor.memberships.get(organization_id) is not MemberRole.OWNER and not actor.is_staff:
            raise NotAllowed(NotAllowedCode.NOT_THE_OWNER, "Only an owner may remove an owner.")
        if await uow.organizations.owner_count(organization_id) <= 1:
            raise Conflict(ConflictCode.LAST_OWNER, "An organisation keeps at least one owner.")
    await uow.organizations.remove_member(organization_id, user_id)
    await uow.commit()
