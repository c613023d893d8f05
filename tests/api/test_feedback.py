"""Users' ratings of the processes they went through, over GraphQL on a real PostgreSQL:
refusals first (nothing changes), typed errors, one rating per user and subject (re-rating
replaces it and is audited), comments for overseers of the province only."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from db.audit import SqlAuditLog
from db.uow import SqlUnitOfWork
from domain.accounts import PlatformRole
from domain.listings import InitiativeStatus, OfferStatus
from domain.services import listings as lc
from tests.api.feedback_support import RATE, RATINGS, feedback_world, now, open_connection
from tests.api.test_permission_matrix import snapshot
from tests.api.test_statistics import this_month
from tests.conftest import StatementCounter
from tests.factories import make_initiative, make_offer, make_user, operator_actor
from tests.graphql import gid, gql


async def test_only_participants_may_rate_and_a_refusal_changes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await feedback_world(session)
    outsider = await make_user(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    observer = await make_user(session, roles=frozenset({PlatformRole.OBSERVER}))
    reviewer = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
    before = await snapshot(session)
    anonymous = await gql(client, RATE, {"process": "SUBMISSION", "s": w.initiative, "score": 5})
    assert anonymous["rateProcess"] == {
        "__typename": "NotAuthenticated",
        "authCode": "TOKEN_MISSING",
    }
    refusals = [
        (caller, process, subject)
        for caller in (outsider, operator, observer, reviewer)
        for process, subject in (
            ("SUBMISSION", w.initiative),
            ("REVIEW", w.initiative),
            ("CONNECTION", w.connection),
        )
    ]
    # The enterprise went through the connection, not the university's initiative.
    refusals += [(w.seeker, "SUBMISSION", w.initiative), (w.seeker, "REVIEW", w.initiative)]
    for caller, process, subject in refusals:
        answer = await gql(
            client, RATE, {"process": process, "s": subject, "score": 1}, token=caller.token
        )
        assert answer["rateProcess"] == {
            "__typename": "NotAllowed",
            "notAllowedCode": "NOT_A_MEMBER",
        }, (caller.user.display_name, process)
    assert await snapshot(session) == before

    for caller, process, subject in (
        (w.owner, "SUBMISSION", w.initiative),
        (w.member, "REVIEW", w.initiative),
        (w.owner, "CONNECTION", w.connection),
        (w.seeker, "CONNECTION", w.connection),
    ):
        answer = await gql(
            client, RATE, {"process": process, "s": subject, "score": 4}, token=caller.token
        )
        assert answer["rateProcess"] == {
            "__typename": "ProcessRated",
            "replaced": False,
            "rating": {"process": process, "subjectId": subject, "score": 4, "comment": None},
        }


async def test_undecided_processes_and_bad_input_are_typed_errors_that_change_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await feedback_world(session)
    under_review = await make_initiative(
        session, w.owner.user, w.university, status=InitiativeStatus.UNDER_REVIEW
    )
    screened_out = await make_initiative(
        session, w.owner.user, w.university, status=InitiativeStatus.SCREENING
    )
    await lc.transition_initiative(
        SqlUnitOfWork(session),
        await operator_actor(session),
        initiative_id=screened_out.id,
        target=InitiativeStatus.REJECTED,
        reason="Ngoài phạm vi.",
        now=now(),
    )
    other_offer = await make_offer(session, w.owner.user, w.university, status=OfferStatus.LISTED)
    pending = await open_connection(session, w.seeker, w.enterprise, other_offer.id)
    before = await snapshot(session)
    cases = [
        # No decision yet; rejected at screening, so no council reviewed it; not answered yet.
        (w.owner, "SUBMISSION", gid("Initiative", under_review.id), 5, None,
         {"__typename": "Conflict", "conflictCode": "NOT_DECIDED"}),
        (w.owner, "REVIEW", gid("Initiative", screened_out.id), 5, None,
         {"__typename": "Conflict", "conflictCode": "NOT_DECIDED"}),
        (w.seeker, "CONNECTION", gid("ConnectionRequest", pending), 5, None,
         {"__typename": "Conflict", "conflictCode": "NOT_DECIDED"}),
        (w.owner, "SUBMISSION", w.initiative, 0, None,
         {"__typename": "ValidationError", "fields": [{"path": ["score"], "code": "OUT_OF_RANGE"}]}),
        (w.owner, "SUBMISSION", w.initiative, 6, "x" * 4001,
         {"__typename": "ValidationError", "fields": [
             {"path": ["score"], "code": "OUT_OF_RANGE"},
             {"path": ["comment"], "code": "TOO_LONG"}]}),
        (w.owner, "CONNECTION", w.initiative, 3, None,
         {"__typename": "ValidationError",
          "fields": [{"path": ["subjectId"], "code": "INVALID_FORMAT"}]}),
    ]  # fmt: skip
    for caller, process, subject, score, comment, expected in cases:
        answer = await gql(
            client,
            RATE,
            {"process": process, "s": subject, "score": score, "c": comment},
            token=caller.token,
        )
        assert answer["rateProcess"] == expected, (process, score)
    missing = await gql(
        client,
        RATE,
        {"process": "SUBMISSION", "s": gid("Initiative", w.connection_id), "score": 3},
        token=w.owner.token,
    )
    assert missing["rateProcess"]["__typename"] == "NotFound"
    # The screened-out initiative has a decision of its own: its submission may be rated.
    rated = await gql(
        client,
        RATE,
        {"process": "SUBMISSION", "s": gid("Initiative", screened_out.id), "score": 2},
        token=w.owner.token,
    )
    assert rated["rateProcess"]["__typename"] == "ProcessRated"
    assert await snapshot(session) != before


async def test_rating_again_replaces_the_rating_and_the_audit_log_keeps_both(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await feedback_world(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    first = await gql(
        client,
        RATE,
        {"process": "CONNECTION", "s": w.connection, "score": 2, "c": "Phản hồi chậm."},
        token=w.seeker.token,
    )
    assert first["rateProcess"]["replaced"] is False
    again = await gql(
        client,
        RATE,
        {"process": "CONNECTION", "s": w.connection, "score": 5, "c": "  "},
        token=w.seeker.token,
    )
    assert again["rateProcess"]["replaced"] is True
    assert again["rateProcess"]["rating"]["score"] == 5
    assert again["rateProcess"]["rating"]["comment"] is None
    listed = await gql(client, RATINGS, {"p": this_month()}, token=operator.token)
    nodes = [e["node"] for e in listed["processRatings"]["ratings"]["edges"]]
    assert nodes == [
        {
            "process": "CONNECTION",
            "subjectId": w.connection,
            "score": 5,
            "comment": None,
            "provinceCode": "dong-thap",
        }
    ]
    rating_id = await session.scalar(text("SELECT id FROM process_ratings"))
    trail = await SqlAuditLog(session).for_entity("process_rating", rating_id)
    assert [(e.action, e.data["score"], e.data["previous_score"]) for e in trail] == [
        ("feedback.rated", 2, None),
        ("feedback.re_rated", 5, 2),
    ]
    assert all("Phản hồi" not in str(e.data) for e in trail)


async def test_overseers_read_comments_of_their_provinces_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    w = await feedback_world(session)
    hanoi = await make_initiative(
        session, w.owner.user, w.university, status=InitiativeStatus.ACCEPTED,
        province_code="ha-noi",
    )  # fmt: skip
    for subject, comment in (
        (w.initiative, "Cần Thơ nhanh."),
        (gid("Initiative", hanoi.id), "Hà Nội chậm."),
    ):
        answer = await gql(
            client, RATE, {"process": "SUBMISSION", "s": subject, "score": 3, "c": comment},
            token=w.owner.token,
        )  # fmt: skip
        assert answer["rateProcess"]["__typename"] == "ProcessRated"
    can_tho = await make_user(
        session,
        roles=frozenset({PlatformRole.OBSERVER}),
        provinces={PlatformRole.OBSERVER: "can-tho"},
    )
    central = await make_user(session, roles=frozenset({PlatformRole.OBSERVER}))
    scientist = await make_user(session)
    month = this_month()
    assert (await gql(client, RATINGS, {"p": month}))["processRatings"] == {
        "__typename": "NotAuthenticated",
        "authCode": "TOKEN_MISSING",
    }
    for caller in (scientist, w.owner):
        refused = await gql(client, RATINGS, {"p": month}, token=caller.token)
        assert refused["processRatings"] == {
            "__typename": "NotAllowed",
            "notAllowedCode": "MISSING_ROLE",
        }
    outside = await gql(client, RATINGS, {"p": month, "pr": ["ha-noi"]}, token=can_tho.token)
    assert outside["processRatings"] == {
        "__typename": "NotAllowed",
        "notAllowedCode": "OUTSIDE_PROVINCE",
    }

    def comments(answer: dict[str, object]) -> list[tuple[str, str]]:
        edges = answer["processRatings"]["ratings"]["edges"]  # type: ignore[index]
        return sorted((e["node"]["provinceCode"], e["node"]["comment"]) for e in edges)

    mine = await gql(client, RATINGS, {"p": month}, token=can_tho.token)
    assert comments(mine) == [("can-tho", "Cần Thơ nhanh.")]
    everything = await gql(
        client, RATINGS, {"p": month, "process": "SUBMISSION"}, token=central.token
    )
    assert comments(everything) == [("can-tho", "Cần Thơ nhanh."), ("ha-noi", "Hà Nội chậm.")]
    none = await gql(client, RATINGS, {"p": month, "process": "REVIEW"}, token=central.token)
    assert comments(none) == []


PAGE = """query($p: String!, $after: String) {
  processRatings(period: $p, first: 2, after: $after) {
    __typename
    ... on ProcessRatingPage { ratings { pageInfo { hasNextPage endCursor }
                                         edges { node { process score } } } }
    ... on ValidationError { fields { path code } }
  }
}"""


async def test_process_ratings_page_by_cursor_in_a_fixed_number_of_statements(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    w = await feedback_world(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))

    async def page(after: str | None) -> tuple[dict[str, Any], int]:
        with count_queries.counting():
            answer = await gql(
                client, PAGE, {"p": this_month(), "after": after}, token=operator.token
            )
        return answer["processRatings"], count_queries.count

    _, empty = await page(None)
    for token, process, subject, score in (
        (w.owner.token, "SUBMISSION", w.initiative, 5),
        (w.member.token, "REVIEW", w.initiative, 3),
        (w.seeker.token, "CONNECTION", w.connection, 1),
    ):
        await gql(client, RATE, {"process": process, "s": subject, "score": score}, token=token)
    first, statements = await page(None)
    assert statements == empty
    # Newest first: the connection was rated last.
    assert [e["node"] for e in first["ratings"]["edges"]] == [
        {"process": "CONNECTION", "score": 1},
        {"process": "REVIEW", "score": 3},
    ]
    assert first["ratings"]["pageInfo"]["hasNextPage"] is True
    rest, _ = await page(first["ratings"]["pageInfo"]["endCursor"])
    assert [e["node"] for e in rest["ratings"]["edges"]] == [{"process": "SUBMISSION", "score": 5}]
    assert rest["ratings"]["pageInfo"]["hasNextPage"] is False
    bad, _ = await page("not-a-cursor")
    assert bad == {
        "__typename": "ValidationError",
        "fields": [{"path": ["after"], "code": "INVALID_FORMAT"}],
    }
