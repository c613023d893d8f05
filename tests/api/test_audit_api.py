"""auditChainStatus over GraphQL: operators only."""

from __future__ import annotations

from uuid import uuid4

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.audit import SqlAuditLog
from domain.accounts import PlatformRole
from tests.factories import make_user
from tests.graphql import gql, not_allowed, not_authenticated

STATUS = """{ auditChainStatus {
  __typename
  ... on AuditChainStatus { ok entriesChecked firstBrokenSeq reason }
  ... on NotAuthenticated { authCode: code }
  ... on NotAllowed { notAllowedCode: code }
} }"""


async def test_audit_chain_status_is_for_operators_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    log = SqlAuditLog(session)
    entries = [
        await log.record(
            actor_id=None,
            action="need.step",
            entity_kind="need",
            entity_id=uuid4(),
            data={"i": i},
        )
        for i in range(3)
    ]
    await session.commit()

    anonymous = (await gql(client, STATUS))["auditChainStatus"]
    assert anonymous == not_authenticated("TOKEN_MISSING")
    plain = await make_user(session)
    denied = (await gql(client, STATUS, token=plain.token))["auditChainStatus"]
    assert denied == not_allowed("MISSING_ROLE")

    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    allowed = (await gql(client, STATUS, token=operator.token))["auditChainStatus"]
    assert allowed == {
        "__typename": "AuditChainStatus",
        "ok": True,
        "entriesChecked": await log.count(),
        "firstBrokenSeq": None,
        "reason": None,
    }
    assert allowed["entriesChecked"] >= len(entries)

    # Someone bypassing the append-only trigger is caught at the edited entry.
    await session.execute(text("SET LOCAL session_replication_role = replica"))
    await session.execute(
        text("UPDATE audit_log SET data = '{\"i\": 99}'::jsonb WHERE seq = :s"),
        {"s": entries[1].seq},
    )
    await session.execute(text("SET LOCAL session_replication_role = origin"))
    await session.commit()
    broken = (await gql(client, STATUS, token=operator.token))["auditChainStatus"]
    assert broken["ok"] is False
    assert broken["firstBrokenSeq"] == entries[1].seq
    assert broken["reason"] == "entry content was altered"
