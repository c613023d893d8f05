"""Use cases of platform roles: grant and revoke, from the API or the command line.

Admins grant and revoke every role; an operator (central or provincial) may grant and revoke
REVIEWER only, because building a council is part of running the queue while appointing other
staff is not. OPERATOR and OBSERVER may be limited to provinces; a grant with a province adds
that province to the role's scope, a grant without one makes the role central. Every change is
one audit entry (actor None when it comes from the command line).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from domain.accounts import PROVINCE_SCOPED_ROLES, Actor, PlatformRole, User
from domain.errors import (
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
    Validator,
)
from domain.governance_ports import GovernanceUnitOfWork
from domain.provinces import province_by_code
from domain.services.accounts import normalise_email, require_user


@dataclass(frozen=True, slots=True)
class RoleChange:
    role: PlatformRole
    user_id: UUID | None = None
    email: str | None = None  # the command line names users by email
    province_code: str | None = None


@dataclass(frozen=True, slots=True)
class RoleGrant:
    user: User
    role: PlatformRole
    provinces: frozenset[str]  # empty: central


def _may_manage(actor: Actor, role: PlatformRole) -> None:
    require_user(actor)
    if actor.has_role(PlatformRole.ADMIN):
        return
    if role is PlatformRole.REVIEWER and actor.is_operator_somewhere:
        return
    raise NotAllowed(
        NotAllowedCode.MISSING_ROLE,
        "Only admins grant platform roles; operators may grant the reviewer role only.",
    )


def _validate(cmd: RoleChange) -> str | None:
    v = Validator()
    province = (cmd.province_code or "").strip() or None
    if province is not None:
        if cmd.role not in PROVINCE_SCOPED_ROLES:
            v.add(
                "provinceCode",
                ValidationCode.INVALID_COMBINATION,
                f"only {', '.join(sorted(r.name for r in PROVINCE_SCOPED_ROLES))} "
                "may be limited to a province",
            )
        elif province_by_code(province) is None:
            v.add("provinceCode", ValidationCode.INVALID_CHOICE, "is not a known province code")
    v.check()
    return province


async def _target(uow: GovernanceUnitOfWork, cmd: RoleChange) -> User:
    if cmd.user_id is not None:
        found = await uow.users.get(cmd.user_id)
        if found is None:
            raise NotFound("User", cmd.user_id)
        return found
    email = normalise_email(cmd.email or "")
    credentials = await uow.users.find_credentials(email)
    if credentials is None:
        raise NotFound("User", email)
    return credentials[0]


async def grant_platform_role(
    uow: GovernanceUnitOfWork, actor: Actor | None, cmd: RoleChange
) -> RoleGrant:
    """`actor` None: the command line, run by whoever operates the server."""
    province, user, current = await _prepare(uow, actor, cmd)
    held = cmd.role in user.roles
    already = province in current if province is not None else not current
    if held and already:
        raise Conflict(ConflictCode.ALREADY_EXISTS, "The user already holds this role there.")
    if held and province is not None and not current:
        raise Conflict(
            ConflictCode.ALREADY_EXISTS,
            "The user already holds this role centrally; revoke it first to limit it.",
        )
    if province is None:
        await uow.role_scopes.remove(user.id, cmd.role, None)  # a provincial role becomes central
        provinces: frozenset[str] = frozenset()
    else:
        await uow.role_scopes.add(user.id, cmd.role, province)
        provinces = current | {province}
    roles = user.roles | {cmd.role}
    return await _save(
        uow, actor, "granted", cmd, user, province=province, roles=roles, provinces=provinces
    )


async def revoke_platform_role(
    uow: GovernanceUnitOfWork, actor: Actor | None, cmd: RoleChange
) -> RoleGrant:
    """Without a province the role goes entirely; with one, only that province (and the role
    with its last province)."""
    province, user, current = await _prepare(uow, actor, cmd)
    if cmd.role not in user.roles or (province is not None and province not in current):
        raise Conflict(ConflictCode.ROLE_NOT_HELD, "The user does not hold this role there.")
    if cmd.role is PlatformRole.ADMIN and await uow.role_scopes.holders(PlatformRole.ADMIN) <= 1:
        raise Conflict(ConflictCode.LAST_ADMIN, "The platform keeps at least one admin.")
    remaining = current - {province} if province is not None else frozenset()
    await uow.role_scopes.remove(user.id, cmd.role, province)
    roles = user.roles if remaining else user.roles - {cmd.role}
    return await _save(
        uow, actor, "revoked", cmd, user, province=province, roles=roles, provinces=remaining
    )


async def _prepare(
    uow: GovernanceUnitOfWork, actor: Actor | None, cmd: RoleChange
) -> tuple[str | None, User, frozenset[str]]:
    """The checked province, the user and the provinces they hold the role in now (empty:
    central or not held)."""
    if actor is not None:
        _may_manage(actor, cmd.role)
    province = _validate(cmd)
    user = await _target(uow, cmd)
    scopes = await uow.role_scopes.provinces(user.id)
    return province, user, scopes.get(cmd.role, frozenset())


async def _save(
    uow: GovernanceUnitOfWork,
    actor: Actor | None,
    verb: str,
    cmd: RoleChange,
    user: User,
    *,
    province: str | None,
    roles: frozenset[PlatformRole],
    provinces: frozenset[str],
) -> RoleGrant:
    """The user's new roles, one audit entry and the commit."""
    await uow.users.set_roles(user.id, roles)
    await uow.audit.record(
        actor_id=actor.user_id if actor else None,
        action=f"role.{verb}",
        entity_kind="user",
        entity_id=user.id,
        data={"role": cmd.role.value, "province": province, "via": "api" if actor else "cli"},
    )
    await uow.commit()
    return RoleGrant(replace(user, roles=roles), cmd.role, provinces)
