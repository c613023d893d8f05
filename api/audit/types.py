"""GraphQL types of the audit log."""

from __future__ import annotations

import strawberry

from domain.audit import ChainStatus
from domain.fields import from_fields


@strawberry.type(name="AuditChainStatus", description="The result of walking the audit chain.")
class AuditChainStatusType:
    ok: bool
    entries_checked: int
    first_broken_seq: int | None = strawberry.field(
        description="The first entry that does not hold, when the chain is broken."
    )
    reason: str | None

    @classmethod
    def from_domain(cls, status: ChainStatus) -> AuditChainStatusType:
        return from_fields(cls, status)
