"""Administrative actions run from the CLI."""

from __future__ import annotations

from db.uow import SqlUnitOfWork
from domain.accounts import Locale, PlatformRole
from domain.services.accounts import SignUp, normalise_email, sign_up
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
                )
            else:
                user = found[0]
            await uow.users.set_roles(user.id, user.roles | {PlatformRole.ADMIN})
            await uow.commit()
            return created
    finally:
        await runtime.close()
