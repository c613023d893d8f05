"""The review over GraphQL: assignment, conflicts, scores, the decision, and who sees what."""

from __future__ import annotations

import json

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from db.audit import SqlAuditLog
from db.tables import audit_log, review_assignments, review_decisions, review_scores
from domain.accounts import PlatformRole
from domain.listings import InitiativeStatus
from tests.conftest import StatementCounter
from tests.factories import (
    SignedInUser,
    count,
    make_initiative,
    make_organization,
    make_owner,
    make_user,
)
from tests.graphql import conflict, gid, gql, invalid, not_allowed

ASSIGN = """mutation($initiative: ID!, $reviewer: ID!) {
  assignReviewer(input: {initiativeId: $initiative, reviewerId: $reviewer}) {
    __typename
    ... on ReviewerAssigned { assignment { id status reviewer { displayName } } }
    ... on ValidationError { fields { path code } }
    ... on NotAllowed { notAllowedCode: code }
    ... on Conflict { conflictCode: code }
  }
}"""

RECUSE = """mutation($assignment: ID!) {
  declareConflictOfInterest(input: {assignmentId: $assignment, note: "Tôi từng hướng dẫn tác giả."}) {
    __typename
    ... on ConflictOfInterestDeclared { assignment { status } }
    ... on NotFound { message }
  }
}"""

SCORE = """mutation($input: ScoreInitiativeInput!) {
  scoreInitiative(input: $input) {
    __typename
    ... on InitiativeScored { assignment { status } scoreSheet { weightedScore recommendation } }
    ... on ValidationError { fields { path code } }
    ... on NotFound { message }
  }
}"""

DECIDE = """mutation($initiative: ID!, $outcome: ReviewDecisionOutcome!, $reason: String!) {
  decideInitiative(input: {initiativeId: $initiative, outcome: $outcome, publicReason: $reason}) {
    __typename
    ... on InitiativeDecided { decision { outcome publicReason } }
    ... on NotAllowed { notAllowedCode: code }
    ... on Conflict { conflictCode: code }
    ... on ValidationError { fields { path code } }
  }
}"""

CONFIDENTIAL = """query($id: ID!) { node(id: $id) { ... on Initiative { title description solution status } } }"""

REVIEW = """query($id: ID!) { initiativeReview(initiativeId: $id) {
  decisions { outcome publicReason }
  assignments { status reviewer { displayName } conflictNote scoreSheet { comments novelty } }
} }"""

PRIVATE_COMMENT = "Bình luận riêng: số liệu thử nghiệm còn mỏng."


async def reviewer(session: AsyncSession, name: str) -> SignedInUser:
    return await make_user(session, display_name=name, roles=frozenset({PlatformRole.REVIEWER}))


def score_input(assignment: str, **scores: int) -> dict[str, object]:
    return {
        "input": {
            "assignmentId": assignment,
            "scores": {
                "novelty": 4,
                "feasibility": 4,
                "impact": 3,
                "commercialPotential": 3,
                **scores,
            },
            "comments": PRIVATE_COMMENT,
            "recommendation": "ACCEPT",
        }
    }


async def test_review_from_assignment_to_decision(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    submitter = await make_user(session, display_name="Người nộp")
    org = await make_organization(session, submitter.user)
    initiative = await make_initiative(
        session, submitter.user, org, status=InitiativeStatus.UNDER_REVIEW
    )
    initiative_id = gid("Initiative", initiative.id)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    alice = await reviewer(session, "Phản biện Alice")
    bao = await reviewer(session, "Phản biện Bảo")
    chi = await reviewer(session, "Phản biện Chi")
    plain = await make_user(session, display_name="Không phải phản biện")

    # Denied first: the submitter may not assign, and nothing is written.
    before = (await count(session, review_assignments), await count(session, audit_log))
    denied = await gql(
        client,
        ASSIGN,
        {"initiative": initiative_id, "reviewer": gid("User", alice.user.id)},
        token=submitter.token,
    )
    assert denied["assignReviewer"] == not_allowed("MISSING_ROLE")
    not_a_reviewer = await gql(
        client,
        ASSIGN,
        {"initiative": initiative_id, "reviewer": gid("User", plain.user.id)},
        token=operator.token,
    )
    assert not_a_reviewer["assignReviewer"] == invalid("reviewerId", "INVALID_CHOICE")
    assert (await count(session, review_assignments), await count(session, audit_log)) == before

    # Before the assignment the reviewer reads no confidential field.
    hidden = (await gql(client, CONFIDENTIAL, {"id": initiative_id}, token=alice.token))["node"]
    assert hidden is None or hidden["description"] is None

    assignments: dict[str, str] = {}
    for who in (alice, bao):
        result = (
            await gql(
                client,
                ASSIGN,
                {"initiative": initiative_id, "reviewer": gid("User", who.user.id)},
                token=operator.token,
            )
        )["assignReviewer"]
        assert result["__typename"] == "ReviewerAssigned"
        assert result["assignment"]["status"] == "ASSIGNED"
        assignments[who.user.display_name] = result["assignment"]["id"]
    again = await gql(
        client,
        ASSIGN,
        {"initiative": initiative_id, "reviewer": gid("User", alice.user.id)},
        token=operator.token,
    )
    assert again["assignReviewer"] == conflict("ALREADY_EXISTS")

    # Assigned reviewers read the confidential fields.
    shown = (await gql(client, CONFIDENTIAL, {"id": initiative_id}, token=alice.token))["node"]
    assert shown["description"] == initiative.content.description
    assert shown["solution"] == initiative.content.solution
    inbox = await gql(client, "{ notifications { nodes { kind text } } }", token=alice.token)
    assert inbox["notifications"]["nodes"] == [
        {
            "kind": "REVIEW_ASSIGNED",
            "text": f"You were assigned to review the initiative “{initiative.content.title}”.",
        }
    ]

    # Nobody has scored: no decision yet.
    pending = await gql(
        client,
        DECIDE,
        {"initiative": initiative_id, "outcome": "ACCEPT", "reason": "Sáng kiến đạt yêu cầu."},
        token=operator.token,
    )
    assert pending["decideInitiative"] == conflict("REVIEWS_PENDING")

    # Bảo declares a conflict: his access ends, and one reviewer is not a council.
    recused = await gql(
        client, RECUSE, {"assignment": assignments["Phản biện Bảo"]}, token=bao.token
    )
    assert recused["declareConflictOfInterest"] == {
        "__typename": "ConflictOfInterestDeclared",
        "assignment": {"status": "RECUSED"},
    }
    operator_inbox = await gql(
        client, "{ notifications { nodes { kind subjectId } } }", token=operator.token
    )
    assert operator_inbox["notifications"]["nodes"][0] == {
        "kind": "REVIEWER_RECUSED",
        "subjectId": initiative_id,
    }
    after = (await gql(client, CONFIDENTIAL, {"id": initiative_id}, token=bao.token))["node"]
    assert after is None or after["description"] is None
    scored = (
        await gql(client, SCORE, score_input(assignments["Phản biện Alice"]), token=alice.token)
    )["scoreInitiative"]
    assert scored == {
        "__typename": "InitiativeScored",
        "assignment": {"status": "SCORED"},
        "scoreSheet": {"weightedScore": 3.55, "recommendation": "ACCEPT"},
    }
    too_few = await gql(
        client,
        DECIDE,
        {"initiative": initiative_id, "outcome": "ACCEPT", "reason": "Sáng kiến đạt yêu cầu."},
        token=operator.token,
    )
    assert too_few["decideInitiative"] == conflict("NOT_ENOUGH_REVIEWERS")

    # A replacement is assigned; a bad score sheet changes nothing.
    chi_assignment = (
        await gql(
            client,
            ASSIGN,
            {"initiative": initiative_id, "reviewer": gid("User", chi.user.id)},
            token=operator.token,
        )
    )["assignReviewer"]["assignment"]["id"]
    scores_before = await count(session, review_scores)
    bad = (await gql(client, SCORE, score_input(chi_assignment, novelty=6), token=chi.token))[
        "scoreInitiative"
    ]
    assert bad == {
        "__typename": "ValidationError",
        "fields": [{"path": ["scores", "novelty"], "code": "OUT_OF_RANGE"}],
    }
    stolen = (await gql(client, SCORE, score_input(chi_assignment), token=alice.token))[
        "scoreInitiative"
    ]
    assert stolen["__typename"] == "NotFound"
    assert await count(session, review_scores) == scores_before
    assert (await gql(client, SCORE, score_input(chi_assignment), token=chi.token))[
        "scoreInitiative"
    ]["__typename"] == "InitiativeScored"

    # The submitter may not decide; the operator's reason must be meaningful.
    decisions_before = await count(session, review_decisions)
    not_staff = await gql(
        client,
        DECIDE,
        {"initiative": initiative_id, "outcome": "ACCEPT", "reason": "Tự chấp thuận cho mình."},
        token=submitter.token,
    )
    assert not_staff["decideInitiative"] == not_allowed("MISSING_ROLE")
    short = await gql(
        client,
        DECIDE,
        {"initiative": initiative_id, "outcome": "ACCEPT", "reason": "ok"},
        token=operator.token,
    )
    assert short["decideInitiative"]["__typename"] == "ValidationError"
    assert await count(session, review_decisions) == decisions_before

    reason = "Hội đồng đánh giá cao tính mới và khả năng áp dụng."
    decided = await gql(
        client,
        DECIDE,
        {"initiative": initiative_id, "outcome": "ACCEPT", "reason": reason},
        token=operator.token,
    )
    assert decided["decideInitiative"] == {
        "__typename": "InitiativeDecided",
        "decision": {"outcome": "ACCEPT", "publicReason": reason},
    }
    status = (await gql(client, CONFIDENTIAL, {"id": initiative_id}, token=submitter.token))[
        "node"
    ]["status"]
    assert status == "ACCEPTED"

    # The submitter sees the decision and its reason, and nothing of the council.
    seen = await gql(client, REVIEW, {"id": initiative_id}, token=submitter.token)
    assert seen["initiativeReview"] == {
        "decisions": [{"outcome": "ACCEPT", "publicReason": reason}],
        "assignments": [],
    }
    for assignment_id in assignments.values():
        node = await gql(
            client,
            "query($id: ID!) { node(id: $id) { ... on ReviewAssignment { status } } }",
            {"id": assignment_id},
            token=submitter.token,
        )
        assert node["node"] is None
    submitter_inbox = await gql(
        client, "{ notifications { nodes { kind text } } }", token=submitter.token
    )
    everything = json.dumps([seen, submitter_inbox], ensure_ascii=False)
    for secret in ("Phản biện", PRIVATE_COMMENT, "hướng dẫn tác giả"):
        assert secret not in everything
    assert submitter_inbox["notifications"]["nodes"] == [
        {
            "kind": "INITIATIVE_DECIDED",
            "text": f"Your initiative “{initiative.content.title}” was accepted. "
            "See the decision for the reason.",
        }
    ]

    # The trail: one entry per change, and the conflict note and comments stay out of it.
    trail = await SqlAuditLog(session).for_entity("initiative", initiative.id)
    review_actions = [e.action for e in trail if e.action.startswith("review.")]
    assert review_actions == [
        "review.assigned",
        "review.assigned",
        "review.recused",
        "review.scored",
        "review.assigned",
        "review.scored",
    ]
    assert trail[-1].action == "initiative.accepted"
    assert trail[-1].data["reason"] == reason
    audit_text = json.dumps([e.data for e in trail], ensure_ascii=False)
    assert PRIVATE_COMMENT not in audit_text
    assert "hướng dẫn tác giả" not in audit_text

    # Operators see the whole council, conflict notes and private comments included.
    council = (await gql(client, REVIEW, {"id": initiative_id}, token=operator.token))[
        "initiativeReview"
    ]["assignments"]
    assert [(a["status"], a["reviewer"]["displayName"]) for a in council] == [
        ("SCORED", "Phản biện Alice"),
        ("RECUSED", "Phản biện Bảo"),
        ("SCORED", "Phản biện Chi"),
    ]
    assert council[0]["scoreSheet"] == {"comments": PRIVATE_COMMENT, "novelty": 4}
    assert council[1]["conflictNote"] == "Tôi từng hướng dẫn tác giả."


async def test_a_decision_respects_the_initiative_lifecycle(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Screening takes reviewers, but nothing is accepted straight from screening."""
    submitter, org = await make_owner(session)
    initiative = await make_initiative(
        session, submitter.user, org, status=InitiativeStatus.SCREENING
    )
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    for name in ("R1", "R2"):
        who = await reviewer(session, name)
        assignment = (
            await gql(
                client,
                ASSIGN,
                {
                    "initiative": gid("Initiative", initiative.id),
                    "reviewer": gid("User", who.user.id),
                },
                token=operator.token,
            )
        )["assignReviewer"]["assignment"]["id"]
        await gql(client, SCORE, score_input(assignment), token=who.token)
    before = await count(session, review_decisions)
    result = await gql(
        client,
        DECIDE,
        {
            "initiative": gid("Initiative", initiative.id),
            "outcome": "ACCEPT",
            "reason": "Đủ điều kiện công nhận.",
        },
        token=operator.token,
    )
    assert result["decideInitiative"] == conflict("INVALID_TRANSITION")
    assert await count(session, review_decisions) == before


MY_ASSIGNMENTS = """query($first: Int) { myReviewAssignments(first: $first) {
  edges { node { status initiative { title description } reviewer { displayName }
                 scoreSheet { weightedScore } } }
} }"""


async def test_my_assignments_cost_the_same_statements_whatever_the_page_size(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    submitter, org = await make_owner(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    me = await reviewer(session, "Phản biện Dũng")
    for _ in range(5):
        initiative = await make_initiative(
            session, submitter.user, org, status=InitiativeStatus.UNDER_REVIEW
        )
        await gql(
            client,
            ASSIGN,
            {"initiative": gid("Initiative", initiative.id), "reviewer": gid("User", me.user.id)},
            token=operator.token,
        )

    async def statements(first: int) -> int:
        with count_queries.counting():
            data = await gql(client, MY_ASSIGNMENTS, {"first": first}, token=me.token)
        edges = data["myReviewAssignments"]["edges"]
        assert len(edges) == first
        assert all(e["node"]["initiative"]["description"] for e in edges)
        return count_queries.count

    assert await statements(1) == await statements(5)
