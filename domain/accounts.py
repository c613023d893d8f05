"""Users, organisations and memberships."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID


class Locale(enum.StrEnum):
    VI = "vi"
    EN = "en"


class PlatformRole(enum.StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    REVIEWER = "reviewer"
    OBSERVER = "observer"  # read-only oversight: aggregates and public data, never confidential


# Roles that may be limited to provinces; the others are national by nature.
PROVINCE_SCOPED_ROLES: frozenset[PlatformRole] = frozenset(
    {PlatformRole.OPERATOR, PlatformRole.OBSERVER}
)


class OrganizationKind(enum.StrEnum):
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    ENTERPRISE = "enterprise"
    STARTUP = "startup"
    AGENCY = "agency"
    FUND = "fund"
    SUPPORT_ORG = "support_org"
    INDIVIDUAL = "individual"


class MemberRole(enum.StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"


EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
REGISTRY_CODE_RE = re.compile(r"^[A-Za-z0-9-]{4,32}$")
PASSWORD_MIN = 10
PASSWORD_MAX = 256


@dataclass(frozen=True, slots=True)
class User:
    id: UUID
    email: str
    display_name: str
    locale: Locale
    roles: frozenset[PlatformRole]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Organization:
    id: UUID
    name: str
    kind: OrganizationKind
    province_code: str | None
    registry_code: str | None
    verified: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Membership:
    organization_id: UUID
    user_id: UUID
    role: MemberRole
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking. Anonymous callers are `Actor.anonymous()`."""

    user_id: UUID | None
    roles: frozenset[PlatformRole] = frozenset()
    memberships: dict[UUID, MemberRole] = field(default_factory=dict)
    # Provinces a scoped role is limited to; a role absent here (or empty) is central.
    role_provinces: dict[PlatformRole, frozenset[str]] = field(default_factory=dict)
    # Publishing and connecting need a verified address; unknown means not verified.
    email_verified: bool = False

    @classmethod
    def anonymous(cls) -> Actor:
        return cls(user_id=None)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has_role(self, *roles: PlatformRole) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_staff(self) -> bool:
        """Admins and central operators run the whole platform. A provincial operator is not
        staff everywhere: each of its powers asks `operates_in` for the province at hand."""
        if PlatformRole.ADMIN in self.roles:
            return True
        return PlatformRole.OPERATOR in self.roles and not self.role_provinces.get(
            PlatformRole.OPERATOR
        )

    def operates_in(self, province_code: str | None) -> bool:
        """The one province check: may this actor use operator powers on a listing or an
        organisation of `province_code`? Admins and central operators everywhere; a provincial
        operator (a provincial department of science and technology) only in its provinces,
        and never on records without a province, which belong to the central operators."""
        if self.is_staff:
            return True
        if PlatformRole.OPERATOR not in self.roles or province_code is None:
            return False
        return province_code in self.role_provinces.get(PlatformRole.OPERATOR, frozenset())

    @property
    def is_operator_somewhere(self) -> bool:
        """Central or provincial operator, or admin: may use the operators' tools at all."""
        return self.has_role(PlatformRole.ADMIN, PlatformRole.OPERATOR)

    @property
    def is_observer(self) -> bool:
        """Reads aggregates and public data; staff oversee as much and more."""
        return self.is_operator_somewhere or PlatformRole.OBSERVER in self.roles

    def provinces_of(self, role: PlatformRole) -> frozenset[str]:
        """The provinces `role` is limited to; empty means central (or not held)."""
        return self.role_provinces.get(role, frozenset())

    def member_of(self, organization_id: UUID) -> bool:
        return organization_id in self.memberships

    def manages(self, organization_id: UUID) -> bool:
        return self.memberships.get(organization_id) in {MemberRole.OWNER, MemberRole.ADMIN}


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """The plain token is shown once, to the caller who signed in; only its hash is stored."""

    token: str
    user: User
    expires_at: datetime
