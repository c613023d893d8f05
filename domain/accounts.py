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
        """Operators and admins run the platform."""
        return self.has_role(PlatformRole.ADMIN, PlatformRole.OPERATOR)

    def operates_in(self, province_code: str | None) -> bool:
        """May this operator act on an organisation or listing of `province_code`? The one
        domain rule for provincial scope; every operator and admin for now (central scope),
        narrowed when operators get province scopes."""
        del province_code
        return self.is_staff

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
