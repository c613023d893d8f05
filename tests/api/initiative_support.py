"""What the initiative GraphQL tests share: the creation, withdrawal and timeline documents,
a complete content input, and the row counts a refusal must leave alone."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import (
    audit_log,
    initiative_authors,
    initiatives,
    listing_status_changes,
    listing_versions,
    outbox,
)
from tests.factories import count
from tests.graphql import ERRORS

INITIATIVE_FIELDS = """
  id title summary description solution status revision trl ipStatus ipNumber language
  fieldCode field { code nameEn }
  coAuthors { name sharePercent affiliation }
  organization { name }
  statusTimeline { status previousStatus reason }
"""


CREATE = f"""
mutation($input: CreateInitiativeInput!) {{
  createInitiative(input: $input) {{
    __typename
    ... on InitiativeSaved {{ initiative {{ {INITIATIVE_FIELDS} }} }}
    {ERRORS}
  }}
}}"""


WITHDRAW = f"""
mutation($id: ID!, $reason: String) {{
  withdrawInitiative(input: {{id: $id, reason: $reason}}) {{
    __typename
    ... on InitiativeMoved {{ initiative {{ status }} }}
    {ERRORS}
  }}
}}"""


TIMELINE = "query($id: ID!) { initiativeTimeline(id: $id) { status previousStatus reason } }"


async def counts(session: AsyncSession) -> dict[str, int]:
    tables = (
        initiatives,
        initiative_authors,
        listing_status_changes,
        listing_versions,
        audit_log,
        outbox,
    )
    return {t.name: await count(session, t) for t in tables}


def content(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Máy bóc vỏ hạt điều bán tự động",
        "summary": "Máy bóc vỏ hạt điều giảm tỉ lệ vỡ nhân.",
        "description": "MẬT: bản vẽ cơ cấu dao cắt.",
        "problem": "Tỉ lệ vỡ nhân cao khi bóc thủ công.",
        "solution": "MẬT: cơ cấu định vị hạt bằng khí nén.",
        "advantages": "Năng suất gấp 5 lần.",
        "fieldCode": "203",
        "keywords": ["hạt điều", "cơ khí"],
        "trl": 5,
        "ipStatus": "GRANTED",
        "ipNumber": "2-0001234",
        "provinceCode": "dong-nai",
        "language": "VI",
        "coAuthors": [
            {"name": "Lê Văn Hùng", "sharePercent": "70"},
            {"name": "Đỗ Thị Mai", "sharePercent": "30", "affiliation": "ĐH Bách khoa"},
        ],
    }
    values.update(overrides)
    return values
