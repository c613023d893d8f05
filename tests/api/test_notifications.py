"""The notification inbox over GraphQL: keyset pages, unread filter, marking read."""

from __future__ import annotations

from uuid import UUID, uuid4

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.tables import audit_log, notifications
from db.uow import SqlUnitOfWork
from domain.notifications import NewNotification, NotificationKind
from tests.conftest import StatementCounter
from tests.factories import count, make_user
from tests.graphql import gql, invalid, not_authenticated

INBOX = """query($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    edges { cursor node { id kind text unread subjectId } }
    pageInfo { hasNextPage endCursor }
  }
  unreadNotificationCount
}"""

MARK = """mutation($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) {
    __typename
    ... on NotificationsMarkedRead { marked unreadCount }
    ... on ValidationError { fields { path code } }
    ... on NotAuthenticated { authCode: code }
    ... on NotFound { message }
  }
}"""


async def give(session: AsyncSession, user_id: UUID, n: int) -> None:
    uow = SqlUnitOfWork(session)
    await uow.notifications.add(
        [
            NewNotification(
                user_id,
                NotificationKind.MESSAGE_RECEIVED,
                "connection",
                uuid4(),
                f"Tin nhắn mới số {i}",
            )
            for i in range(n)
        ]
    )
    await uow.commit()


async def test_inbox_pages_newest_first_and_only_shows_my_notifications(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    me = await make_user(session)
    other = await make_user(session)
    await give(session, me.user.id, 5)
    await give(session, other.user.id, 2)

    anonymous = await gql(client, INBOX, {"first": 2}, expect_errors=True)
    assert anonymous["errors"][0]["extensions"]["code"] == "NOTAUTHENTICATED"

    seen: list[str] = []
    after = None
    while True:
        data = await gql(client, INBOX, {"first": 2, "after": after}, token=me.token)
        page = data["notifications"]
        seen += [e["node"]["text"] for e in page["edges"]]
        assert data["unreadNotificationCount"] == 5
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"Tin nhắn mới số {i}" for i in reversed(range(5))]
    node = page["edges"][0]["node"]
    assert node["kind"] == "MESSAGE_RECEIVED"
    assert relay.GlobalID.from_id(node["subjectId"]).type_name == "ConnectionRequest"


async def test_mark_read_checks_input_and_ownership_before_changing_anything(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    me = await make_user(session)
    other = await make_user(session)
    await give(session, me.user.id, 3)
    await give(session, other.user.id, 1)
    mine = (await gql(client, INBOX, {"first": 10}, token=me.token))["notifications"]["edges"]
    theirs = (await gql(client, INBOX, {"first": 10}, token=other.token))["notifications"]
    their_id = theirs["edges"][0]["node"]["id"]
    audit_before = await count(session, audit_log)

    anonymous = await gql(client, MARK, {"input": {"all": True}})
    assert anonymous["markNotificationsRead"] == not_authenticated("TOKEN_MISSING")
    both = await gql(
        client, MARK, {"input": {"all": True, "ids": [mine[0]["node"]["id"]]}}, token=me.token
    )
    assert both["markNotificationsRead"] == invalid("ids", "INVALID_COMBINATION")
    foreign = await gql(
        client, MARK, {"input": {"ids": [mine[0]["node"]["id"], their_id]}}, token=me.token
    )
    assert foreign["markNotificationsRead"]["__typename"] == "NotFound"
    unread = await session.scalar(select(func.count()).where(notifications.c.read_at.is_(None)))
    assert unread == 4
    assert await count(session, audit_log) == audit_before

    one = await gql(client, MARK, {"input": {"ids": [mine[0]["node"]["id"]]}}, token=me.token)
    assert one["markNotificationsRead"] == {
        "__typename": "NotificationsMarkedRead",
        "marked": 1,
        "unreadCount": 2,
    }
    only_unread = (await gql(client, INBOX, {"unreadOnly": True}, token=me.token))["notifications"][
        "edges"
    ]
    assert [e["node"]["id"] for e in only_unread] == [e["node"]["id"] for e in mine[1:]]
    everything = await gql(client, MARK, {"input": {"all": True}}, token=me.token)
    assert everything["markNotificationsRead"] == {
        "__typename": "NotificationsMarkedRead",
        "marked": 2,
        "unreadCount": 0,
    }
    assert await count(session, audit_log) == audit_before + 2
    # The other user's notification is untouched.
    other_unread = (await gql(client, INBOX, {}, token=other.token))["unreadNotificationCount"]
    assert other_unread == 1


async def test_inbox_costs_the_same_statements_whatever_the_page_size(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    me = await make_user(session)
    await give(session, me.user.id, 12)

    async def statements(first: int) -> int:
        with count_queries.counting():
            data = await gql(client, INBOX, {"first": first}, token=me.token)
        assert len(data["notifications"]["edges"]) == first
        return count_queries.count

    assert await statements(2) == await statements(10)
