"""Demo people, their roles, the marker organisation and the organisations they run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from db.uow import SqlUnitOfWork
from domain.accounts import Locale, MemberRole, OrganizationKind, PlatformRole
from domain.services import accounts as accounts_uc
from domain.services import verification as verification_uc
from innovex.demo.model import DemoDataset
from innovex.seeding.state import DEMO_PASSWORD, MARKER_REGISTRY_CODE, Loaded, OneHashHasher


async def people_and_organizations(
    uow: SqlUnitOfWork,
    data: DemoDataset,
    loaded: Loaded,
    task: Callable[[str, int], Callable[[], None]],
) -> None:
    hasher = OneHashHasher()
    step = task("people", len(data.people))
    for person in data.people:
        user = await accounts_uc.sign_up(
            uow,
            hasher,
            accounts_uc.SignUp(
                email=person.email,
                password=DEMO_PASSWORD,
                display_name=person.display_name,
                locale=Locale(person.locale),
            ),
            # Demo addresses (example.vn) cannot receive mail: they count as verified.
            on_created=lambda new: uow.mail_accounts.mark_email_verified(new.id, datetime.now(UTC)),
        )
        loaded.users[person.key] = user.id
        role = {"operator": PlatformRole.OPERATOR, "reviewer": PlatformRole.REVIEWER}.get(
            person.role
        )
        if role is PlatformRole.REVIEWER:
            loaded.reviewer_orgs[person.key] = person.organization_key
        if role is not None:
            loaded.roles[person.key] = frozenset({role})
            await uow.users.set_roles(user.id, frozenset({role}))
        step()
    # The marker: a platform organisation whose presence means "demo data loaded".
    first_operator = next(p for p in data.people if p.role == "operator")
    marker = await accounts_uc.create_organization(
        uow,
        loaded.actor(first_operator.key),
        accounts_uc.CreateOrganization(
            name="Cổng Sáng kiến Quốc gia (dữ liệu mẫu)",
            kind=OrganizationKind.SUPPORT_ORG,
            province_code="ha-noi",
            registry_code=MARKER_REGISTRY_CODE,
        ),
    )
    loaded.memberships.setdefault(loaded.users[first_operator.key], {})[marker.id] = (
        MemberRole.OWNER
    )

    step = task("organisations", len(data.organizations))
    admins = {p.organization_key: p for p in data.people if p.role == "org_admin"}
    for org in data.organizations:
        admin = admins[org.key]
        created = await accounts_uc.create_organization(
            uow,
            loaded.actor(admin.key),
            accounts_uc.CreateOrganization(
                name=org.name,
                kind=OrganizationKind(org.kind),
                province_code=org.province_code,
                registry_code=org.registry_code,
            ),
        )
        loaded.organizations[org.key] = created.id
        loaded.memberships.setdefault(loaded.users[admin.key], {})[created.id] = MemberRole.OWNER
        if org.verified:
            await verification_uc.verify_organization(
                uow, loaded.actor(first_operator.key), organization_id=created.id, verified=True
            )
        step()
    for person in data.people:
        if person.role == "org_member" and person.organization_key:
            org_id = loaded.organizations[person.organization_key]
            await uow.organizations.add_member(org_id, loaded.users[person.key], MemberRole.MEMBER)
            loaded.memberships.setdefault(loaded.users[person.key], {})[org_id] = MemberRole.MEMBER
    await uow.commit()
