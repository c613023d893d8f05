"""The permission matrix: one table, checked cell by cell by tests/api/test_permission_matrix.py
and rendered into the README (a test keeps the two equal).

Actors:
- anonymous: no token
- outsider: the owner of another organisation
- member: a plain member of the organisation that owns the listing
- owner: the owner of that organisation
- reviewer: a platform reviewer (assigned to the initiative where the operation is a review one)
- operator: platform operator (central; admins likewise)
- provincial operator: an operator limited to the listing's province (can-tho)
- observer: read-only oversight (e.g. a ministry department)
"""

from __future__ import annotations

from dataclasses import dataclass

ACTORS = (
    "anonymous",
    "outsider",
    "member",
    "owner",
    "reviewer",
    "operator",
    "provincial operator",
    "observer",
)
SIGNED_IN = ACTORS[1:]


@dataclass(frozen=True)
class Cell:
    operation: str  # a GraphQL mutation or query, or Type.field for a confidential field
    allowed: frozenset[str]
    note: str = ""


def _cell(operation: str, *allowed: str, note: str = "") -> Cell:
    return Cell(operation, frozenset(allowed), note)


MATRIX: tuple[Cell, ...] = (
    _cell("createOrganization", *SIGNED_IN),
    _cell(
        "inviteMember",
        "owner",
        "operator",
        note="owners and admins; the same answer whether or not the email has an account",
    ),
    _cell("acceptInvitation", "outsider", note="the holder of the invited email, signed in"),
    _cell("declineInvitation", "outsider", note="the holder of the invited email, signed in"),
    _cell("revokeInvitation", "owner", "operator", note="while pending"),
    _cell("myInvitations", *SIGNED_IN, note="invitations to the caller's own email"),
    _cell("pendingInvitations", "owner", "operator", note="the organisation's, for its managers"),
    _cell(
        "requestToJoin",
        "outsider",
        "reviewer",
        "operator",
        "provincial operator",
        "observer",
        note="any signed-in non-member; members read ALREADY_MEMBER",
    ),
    _cell("answerJoinRequest", "owner", "operator", note="approve with a role, or decline"),
    _cell("myJoinRequests", *SIGNED_IN, note="the caller's own requests"),
    _cell("pendingJoinRequests", "owner", "operator", note="the organisation's, for its managers"),
    _cell("requestOrganizationVerification", "owner", note="owners and admins of the organisation"),
    _cell("verifyOrganization", "operator", note="an operator of its province"),
    _cell("rejectOrganizationVerification", "operator", note="with a public reason"),
    _cell("Organization.members", "member", "owner", "operator", note="others read an empty list"),
    _cell("createInitiative", "member", "owner"),
    _cell("node (a draft initiative)", "member", "owner", note="others, operators too, read null"),
    _cell("submitInitiative", "member", "owner"),
    _cell("withdrawInitiative", "member", "owner"),
    _cell(
        "transitionInitiative",
        "operator",
        "provincial operator",
        note="screening, review start, publication",
    ),
    _cell(
        "Initiative.description",
        "member",
        "owner",
        "reviewer",
        "operator",
        note="assigned, non-recused reviewers; others (provincial operators too, for now) read null",
    ),
    _cell("initiativeTimeline", *ACTORS, note="public, even before publication"),
    _cell("assignReviewer", "operator", "provincial operator", note="no conflict of interest"),
    _cell("scoreInitiative", "reviewer", note="the assigned reviewer only"),
    _cell("decideInitiative", "operator", "provincial operator"),
    _cell("createOffer", "member", "owner"),
    _cell("approveOffer", "operator"),
    _cell("addAttachment", "member", "owner", note="the listing's organisation, while editable"),
    _cell("removeAttachment", "member", "owner", "operator", note="operators moderate"),
    _cell(
        "TechnologyOffer.attachments",
        "member",
        "owner",
        "operator",
        note="parties of an accepted connection too; others read an empty list",
    ),
    _cell(
        "uploadAttachment (multipart)",
        "member",
        "owner",
        note="the listing's organisation, while editable; refused before a byte is read",
    ),
    _cell(
        "attachmentDownloadLink, then GET /files/…",
        "member",
        "owner",
        "operator",
        note="who may read the attachment (assigned reviewers, NDA partners too); checked again at GET",
    ),
    _cell("setDigestFrequency", *SIGNED_IN, note="one's own preference"),
    _cell("resendVerificationEmail", *SIGNED_IN, note="to one's own address"),
    _cell("createNeed", "member", "owner"),
    _cell("publishNeed", "member", "owner"),
    _cell("requestConnection", "outsider", note="on behalf of their own organisation"),
    _cell("acceptConnection", "member", "owner", note="the listing's organisation"),
    _cell("recommendedSuppliers", "member", "owner", "operator", note="the need's organisation"),
    _cell("matchingNeeds", "member", "owner", "operator", note="the offer's organisation"),
    _cell("auditChainStatus", "operator"),
    _cell(
        "dealsSummary",
        "operator",
        "provincial operator",
        "observer",
        note="an aggregate of confirmed deals",
    ),
    _cell(
        "statistics",
        "operator",
        "provincial operator",
        "observer",
        note="aggregates; provincial roles read their provinces only",
    ),
    _cell("publicStatistics", *ACTORS, note="the portal's published results"),
    _cell(
        "reports",
        "operator",
        "provincial operator",
        "observer",
        note="periodic reports; provincial roles list their provinces' reports only",
    ),
    _cell(
        "reportDownloadLink (a national report)",
        "operator",
        "observer",
        note="provincial roles read NotFound: their provinces' reports only",
    ),
    _cell(
        "grantPlatformRole (REVIEWER)",
        "operator",
        "provincial operator",
        note="admins grant every role, operators REVIEWER only",
    ),
    _cell("revokePlatformRole (REVIEWER)", "operator", "provincial operator"),
    _cell(
        "saveReviewerProfile",
        "reviewer",
        "operator",
        "provincial operator",
        note="the reviewer's own profile",
    ),
    _cell("reviewers", "operator", "provincial operator"),
    _cell(
        "suggestedReviewers",
        "operator",
        "provincial operator",
        note="provincial: initiatives of its provinces",
    ),
    _cell(
        "recordDeal", "outsider", "member", "owner", note="either party, its organisation verified"
    ),
    _cell("confirmDeal", "member", "owner", note="the party that did not record it"),
    _cell("disputeDeal", "member", "owner", note="the party that did not record it"),
    _cell("awardNeed", "member", "owner", note="the need's organisation names the winner"),
    _cell("createApiKey", "owner", "operator", note="keys for machine clients; secret shown once"),
    _cell("revokeApiKey", "owner", "operator"),
    _cell("apiKeys", "owner", "operator", note="the organisation's keys, never their secrets"),
    _cell("registerWebhook", "owner", "operator", note="also an API key with MANAGE_WEBHOOKS"),
    _cell("pushListings", note="only an API key with WRITE_LISTINGS"),
    _cell(
        "rateProcess (SUBMISSION, REVIEW)",
        "member",
        "owner",
        note="the initiative's organisation, once decided (REVIEW: by a council)",
    ),
    _cell(
        "rateProcess (CONNECTION)",
        "outsider",
        "member",
        "owner",
        note="members of either party, once the owner answered",
    ),
    _cell(
        "processRatings",
        "operator",
        "provincial operator",
        "observer",
        note="with private comments; provincial roles read their provinces only",
    ),
    _cell("recordEvaluationRound", "operator", note="central operators; a period of 3-6 months"),
    _cell(
        "publishEvaluationRound", "operator", note="the summary becomes public, not the findings"
    ),
    _cell(
        "evaluationRounds",
        "operator",
        "provincial operator",
        "observer",
        note="every round with its findings",
    ),
)


def render_markdown() -> str:
    head = "| operation / field | " + " | ".join(ACTORS) + " | note |"
    rule = "|---|" + "---|" * len(ACTORS) + "---|"
    rows = [
        f"| `{c.operation}` | "
        + " | ".join("✓" if a in c.allowed else "—" for a in ACTORS)
        + f" | {c.note} |"
        for c in MATRIX
    ]
    return "\n".join([head, rule, *rows])
