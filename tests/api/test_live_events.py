"""Live events over WebSocket (graphql-transport-ws) from two app instances sharing one
database: an event committed through one process reaches the subscribers of both, each seeing
what its role may see; a bad token is refused at connection_init; no confidential field
travels."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from api.app import create_app
from api.deps import ApiDeps
from db.live import hub_for_url
from domain.accounts import OrganizationKind, PlatformRole
from domain.listings import InitiativeStatus
from tests.conftest import FAST_HASHER, committed_database
from tests.factories import make_initiative, make_organization, make_user
from tests.live_support import next_event, serving_app, subscribed, wait_for_listeners

committed_url, engine, sessions = committed_database("innovex_live")

MARKER = "MẬT-live-51c2"


@pytest.fixture
async def two_servers(
    committed_url: str, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[tuple[list[str], list[object]]]:
    hubs = [hub_for_url(committed_url), hub_for_url(committed_url)]
    urls = []
    async with contextlib_stack() as stack:
        for hub in hubs:
            deps = ApiDeps(sessions=sessions, password_hasher=FAST_HASHER, event_hub=hub)
            urls.append(await stack.enter_async_context(serving_app(create_app(deps))))
        yield urls, hubs
        for hub in hubs:
            await hub.close()


def contextlib_stack() -> contextlib.AsyncExitStack:
    return contextlib.AsyncExitStack()


async def test_a_bad_token_is_refused_at_connection_init(two_servers) -> None:  # type: ignore[no-untyped-def]
    urls, _ = two_servers
    async with connect(urls[0], subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer nope"}})
        )
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_events_reach_both_processes_and_each_subscriber_sees_its_share(
    two_servers,
    sessions: async_sessionmaker[AsyncSession],  # type: ignore[no-untyped-def]
) -> None:
    urls, hubs = two_servers
    async with sessions() as session:
        owner = await make_user(session, display_name="Nhà sáng chế")
        org = await make_organization(session, owner.user, kind=OrganizationKind.UNIVERSITY)
        operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
        observer = await make_user(session, roles=frozenset({PlatformRole.OBSERVER}))
        elsewhere = await make_user(
            session,
            roles=frozenset({PlatformRole.OPERATOR}),
            provinces={PlatformRole.OPERATOR: "ha-noi"},
        )
        outsider = await make_user(session)
        await session.commit()

    async with (
        subscribed(urls[0]) as anonymous,
        subscribed(urls[1], operator.token) as staff,
        subscribed(urls[0], owner.token) as member,
        subscribed(urls[1], observer.token) as overseer,
        subscribed(urls[0], elsewhere.token) as other_province,
        subscribed(urls[1], outsider.token) as stranger,
    ):
        await wait_for_listeners(hubs, 6)
        # Given an initiative submitted in Cần Thơ and committed by another connection...
        async with sessions() as session:
            initiative = await make_initiative(
                session,
                owner.user,
                org,
                status=InitiativeStatus.SUBMITTED,
                description=f"Mô tả {MARKER}",
                solution=f"Giải pháp {MARKER}",
            )
            await session.commit()
        # ...the operator (process B) and the organisation's member (process A) see it.
        seen_by_staff = await next_event(staff)
        assert seen_by_staff["kind"] == "SUBMISSION"
        assert seen_by_staff["title"] == initiative.content.title
        assert seen_by_staff["provinceCode"] == "can-tho"
        assert (await next_event(member))["title"] == initiative.content.title
        seen_by_overseer = await next_event(overseer)
        assert seen_by_overseer["kind"] == "SUBMISSION"
        assert seen_by_overseer["title"] is None  # overseers count, they do not read titles

        # When another initiative goes all the way to publication, everyone sees that.
        async with sessions() as session:
            published = await make_initiative(
                session, owner.user, org, status=InitiativeStatus.PUBLISHED, description=MARKER
            )
            await session.commit()
        received: list[dict[str, object]] = []
        for ws in (anonymous, other_province, stranger):
            # Their first event is the publication: the submission and decision never reached them.
            event = await next_event(ws)
            assert event["kind"] == "PUBLICATION", event
            assert event["title"] == published.content.title
            received.append(event)
        staff_kinds = [(await next_event(staff))["kind"] for _ in range(3)]
        assert staff_kinds == ["SUBMISSION", "DECISION", "PUBLICATION"]
        received.extend([seen_by_staff, seen_by_overseer])
        assert MARKER not in json.dumps(received, ensure_ascii=False)
