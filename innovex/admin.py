"""Administrative actions run from the CLI."""

from __future__ import annotations

from datetime import UTC, datetime

from db.uow import SqlUnitOfWork
from domain.accounts import Locale, PlatformRole
from domain.services.accounts import SignUp, normalise_email, sign_up
from domain.services.roles import RoleChange, RoleGrant, grant_platform_role
from innovex.bootstrap import Runtime
from innovex.settings import Settings
from security.passwords import Argon2PasswordHasher


async def create_admin(settings: Settings, *, email: str, display_name: str, password: str) -> bool:
    """Create the user as admin, or promote an existing one. Returns True when created."""
    runtime = Runtime.build(settings)
    try:
        async with runtime.sessions() as session:
            uow = SqlUnitOfWork(session)
            found = await uow.users.find_credentials(normalise_email(email))
            created = found is None
            if found is None:
                user = await sign_up(
                    uow,
                    Argon2PasswordHasher(),
                    SignUp(
                        email=email, password=password, display_name=display_name, locale=Locale.VI
                    ),
                    # The operator who runs this command vouches for the address.
                    on_created=lambda new: uow.mail_accounts.mark_email_verified(
                        new.id, datetime.now(UTC)
                    ),
                )
            else:
                user = found[0]
            if PlatformRole.ADMIN not in user.roles:
                # Through the use case, so the promotion is in the audit chain like any grant.
                await grant_platform_role(
                    uow, None, RoleChange(role=PlatformRole.ADMIN, user_id=user.id)
                )
            return created
    finally:
        await runtime.close()


async def grant_role(
    settings: Settings, *, email: str, role: PlatformRole, province_code: str | None
) -> RoleGrant:
    """`innovex grant-role`: whoever runs the command operates the server, so no actor."""
    runtime = Runtime.build(settings)
    try:
        async with runtime.sessions() as session:
            return await grant_platform_role(
                SqlUnitOfWork(session),
                None,
                RoleChange(role=role, email=email, province_code=province_code),
            )
    finally:
        await runtime.close()
