"""No N+1: a page of initiatives with co-authors (and their users), organisation, field,
public timeline and attachments costs the same few statements whatever the page size."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts import PlatformRole
from domain.listings import CoAuthor, InitiativeStatus, OfferStatus
from tests.conftest import StatementCounter
from tests.factories import (
    attachment_metadata,
    make_initiative,
    make_offer,
    make_organization,
    make_owner,
    make_user,
    operator_actor,
)
from tests.graphql import gql

MAX_STATEMENTS = 6

PAGE = """query($first: Int!) {
  initiatives(first: $first) {
    edges { node {
      id title summary description trl status
      field { code nameVi nameEn }
      coAuthors { name sharePercent user { displayName } }
      organization { name kind }
      statusTimeline { status previousStatus at reason }
      attachments { id fileName mediaType sizeBytes sha256 caption }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def _statements(
    client: httpx.AsyncClient, counter: StatementCounter, query: str, first: int, token: str
) -> tuple[int, int]:
    with counter.counting():
        data = await gql(client, query, {"first": first}, token=token)
    return len(next(iter(data.values()))["edges"]), counter.count


async def test_a_page_of_initiatives_costs_the_same_statements_for_10_and_50(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    reader = await make_user(session)
    staff = await operator_actor(session)
    orgs = []
    for i in range(5):
        owner = await make_user(session, display_name=f"Tác giả {i}")
        orgs.append((owner, await make_organization(session, owner.user)))
    for n in range(50):
        owner, org = orgs[n % len(orgs)]
        await make_initiative(
            session,
            owner.user,
            org,
            status=InitiativeStatus.PUBLISHED,
            operator=staff,
            field_code=("207", "211", "301")[n % 3],
            co_authors=(
                CoAuthor("Khách mời", Decimal("25")),
                CoAuthor(owner.user.display_name, Decimal("75"), user_id=owner.user.id),
            ),
            attachments=[attachment_metadata(), attachment_metadata()],
        )

    # A stranger (attachments hidden, one grant lookup) and an operator (attachments loaded).
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    for token in (reader.token, operator.token):
        ten = await _statements(client, count_queries, PAGE, 10, token)
        fifty = await _statements(client, count_queries, PAGE, 50, token)
        assert (ten[0], fifty[0]) == (10, 50)
        assert ten[1] == fifty[1], count_queries.statements
        assert fifty[1] <= MAX_STATEMENTS, count_queries.statements
    operators_page = await gql(client, PAGE, {"first": 50}, token=operator.token)
    assert all(
        len(edge["node"]["attachments"]) == 2 for edge in operators_page["initiatives"]["edges"]
    )


@pytest.mark.parametrize("as_member", [False, True])
async def test_a_page_of_offers_with_confidential_fields_does_not_grow_with_its_size(
    client: httpx.AsyncClient,
    session: AsyncSession,
    count_queries: StatementCounter,
    as_member: bool,
) -> None:
    owner = await make_user(session)
    reader = owner if as_member else await make_user(session)
    org = await make_organization(session, owner.user)
    for _ in range(12):
        await make_offer(session, owner.user, org, status=OfferStatus.LISTED)
    query = """query($first: Int!) { technologyOffers(first: $first) { edges { node {
      title description contact { email } organization { name } field { code }
      statusTimeline { status } attachments { fileName } } } } }"""
    small = await _statements(client, count_queries, query, 3, reader.token)
    large = await _statements(client, count_queries, query, 12, reader.token)
    assert (small[0], large[0]) == (3, 12)
    assert small[1] == large[1] <= MAX_STATEMENTS, count_queries.statements


async def test_pages_of_needs_and_funds_do_not_grow_with_their_size(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    from db.uow import SqlUnitOfWork
    from domain.accounts import Actor, MemberRole, OrganizationKind
    from domain.listings import FundThesis, NeedStatus
    from domain.services import listings as lc
    from tests.factories import make_need

    reader = await make_user(session)
    for i in range(6):
        owner, agency = await make_owner(session, kind=OrganizationKind.AGENCY)
        await make_need(session, owner.user, agency, status=NeedStatus.OPEN)
        fund = await make_organization(session, owner.user, kind=OrganizationKind.FUND)
        await lc.upsert_fund_profile(
            SqlUnitOfWork(session),
            Actor(
                email_verified=True, user_id=owner.user.id, memberships={fund.id: MemberRole.OWNER}
            ),
            organization_id=fund.id,
            content=FundThesis(thesis=f"Quỹ số {i}: đầu tư công nghệ sạch giai đoạn sớm."),
        )
    needs_query = """query($first: Int!) { needs(first: $first) { edges { node {
      title contact { email } organization { name } field { code } statusTimeline { status }
      attachments { fileName }
    } } } }"""
    funds_query = """query($first: Int!) { funds(first: $first) { edges { node {
      thesis fields { code } organization { name } } } } }"""
    for query in (needs_query, funds_query):
        small = await _statements(client, count_queries, query, 2, reader.token)
        large = await _statements(client, count_queries, query, 6, reader.token)
        assert (small[0], large[0]) == (2, 6)
        assert small[1] == large[1] <= MAX_STATEMENTS, count_queries.statements
