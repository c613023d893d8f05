"""What the offer, need and fund GraphQL tests share: the row counts a refusal must leave
alone, and a mutation document with its typed error members."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import audit_log, outbox
from tests.factories import count
from tests.graphql import ERRORS


async def counts(session: AsyncSession, *tables: Table) -> list[int]:
    return [await count(session, t) for t in (*tables, audit_log, outbox)]


def mutation(name: str, input_type: str, success: str, fields: str) -> str:
    return f"""mutation($input: {input_type}!) {{ {name}(input: $input) {{
      __typename ... on {success} {{ {fields} }} {ERRORS} }} }}"""
