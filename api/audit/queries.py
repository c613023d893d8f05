"""Queries over the audit log, for operators."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.audit.types import AuditChainStatusType
from api.context import Info
from api.errors import NotAllowed, NotAuthenticated, payload
from domain import errors as domain_errors
from domain.services.accounts import require_user

AuditChainStatusResult = Annotated[
    AuditChainStatusType | NotAuthenticated | NotAllowed,
    strawberry.union("AuditChainStatusResult"),
]


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Operators: verify the hash chain of the whole audit log.")
    @payload
    async def audit_chain_status(self, info: Info) -> AuditChainStatusResult:
        ctx = info.context
        actor = await ctx.actor()
        require_user(actor)
        if not actor.is_staff:
            raise domain_errors.NotAllowed(
                domain_errors.NotAllowedCode.MISSING_ROLE,
                "Only operators may verify the audit log.",
            )
        return AuditChainStatusType.from_domain(await ctx.uow.audit.verify())
