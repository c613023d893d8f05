"""Permission-matrix cells of platform roles and the reviewer pool."""

from __future__ import annotations

from domain.accounts import PlatformRole
from domain.listings import InitiativeStatus
from tests.api.matrix_world import Call, Prepare, World, typename
from tests.factories import make_user
from tests.graphql import gid


async def p_grant_reviewer(w: World) -> Call:
    newcomer = await make_user(w.session, display_name="Phản biện mới")
    return Call(
        "mutation($u: ID!) { grantPlatformRole(input: {userId: $u, role: REVIEWER}) { __typename } }",
        {"u": gid("User", newcomer.user.id)},
        "grantPlatformRole",
        typename("PlatformRoleChanged"),
    )


async def p_revoke_reviewer(w: World) -> Call:
    leaving = await make_user(w.session, roles=frozenset({PlatformRole.REVIEWER}))
    return Call(
        "mutation($u: ID!) { revokePlatformRole(input: {userId: $u, role: REVIEWER}) { __typename } }",
        {"u": gid("User", leaving.user.id)},
        "revokePlatformRole",
        typename("PlatformRoleChanged"),
    )


async def p_save_profile(w: World) -> Call:
    return Call(
        """mutation($u: ID!, $o: ID!) { saveReviewerProfile(input: {userId: $u,
            fieldCodes: ["202"], affiliationId: $o, languages: ["vi", "en"]}) { __typename } }""",
        {
            "u": gid("User", w.users["reviewer"].user.id),
            "o": gid("Organization", w.outsider_org.id),
        },
        "saveReviewerProfile",
        typename("ReviewerProfileSaved"),
    )


async def p_reviewers(w: World) -> Call:
    return Call("{ reviewers(first: 5) { __typename } }", {}, "reviewers", typename("ReviewerPool"))


async def p_suggested(w: World) -> Call:
    initiative = await w.initiative(InitiativeStatus.UNDER_REVIEW)
    return Call(
        "query($i: ID!) { suggestedReviewers(initiativeId: $i) { __typename } }",
        {"i": gid("Initiative", initiative.id)},
        "suggestedReviewers",
        typename("SuggestedReviewers"),
    )


async def p_statistics(w: World) -> Call:
    return Call(
        '{ statistics(period: "2026") { __typename } }', {}, "statistics", typename("Statistics")
    )


async def p_public_statistics(w: World) -> Call:
    return Call(
        '{ publicStatistics(period: "2026") { __typename } }',
        {},
        "publicStatistics",
        typename("PublicStatistics"),
    )


GOVERNANCE_CELLS: dict[str, Prepare] = {
    "statistics": p_statistics,
    "publicStatistics": p_public_statistics,
    "grantPlatformRole (REVIEWER)": p_grant_reviewer,
    "revokePlatformRole (REVIEWER)": p_revoke_reviewer,
    "saveReviewerProfile": p_save_profile,
    "reviewers": p_reviewers,
    "suggestedReviewers": p_suggested,
}
