"""The permission matrix: one table, checked cell by cell by tests/api/test_permission_matrix.py
and rendered into the README (a test keeps the two equal).

Actors:
- anonymous: no token
- outsider: the owner of another organisation
- member: a plain member of the organisation that owns the listing
- owner: the owner of that organisation
- reviewer: a platform reviewer (assigned to the initiative where the operation is a review one)
- operator: platform operator
"""

from __future__ import annotations

from dataclasses import dataclass

ACTORS = ("anonymous", "outsider", "member", "owner", "reviewer", "operator")


@dataclass(frozen=True)
class Cell:
    operation: str  # a GraphQL mutation or query, or Type.field for a confidential field
    allowed: frozenset[str]
    note: str = ""


def _cell(operation: str, *allowed: str, note: str = "") -> Cell:
    return Cell(operation, frozenset(allowed), note)


MATRIX: tuple[Cell, ...] = (
    _cell("createOrganization", "outsider", "member", "owner", "reviewer", "operator"),
    _cell("addMember", "owner", "operator"),
    _cell("verifyOrganization", "operator"),
    _cell("Organization.members", "member", "owner", "operator", note="others read an empty list"),
    _cell("createInitiative", "member", "owner"),
    _cell("node (a draft initiative)", "member", "owner", note="others, operators too, read null"),
    _cell("submitInitiative", "member", "owner"),
    _cell("withdrawInitiative", "member", "owner"),
    _cell("transitionInitiative", "operator", note="screening, review start, publication"),
    _cell(
        "Initiative.description",
        "member",
        "owner",
        "reviewer",
        "operator",
        note="assigned, non-recused reviewers; others read null",
    ),
    _cell("initiativeTimeline", *ACTORS, note="public, even before publication"),
    _cell("assignReviewer", "operator"),
    _cell("scoreInitiative", "reviewer", note="the assigned reviewer only"),
    _cell("decideInitiative", "operator"),
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
    _cell("createNeed", "member", "owner"),
    _cell("publishNeed", "member", "owner"),
    _cell("requestConnection", "outsider", note="on behalf of their own organisation"),
    _cell("acceptConnection", "member", "owner", note="the listing's organisation"),
    _cell("recommendedSuppliers", "member", "owner", "operator", note="the need's organisation"),
    _cell("matchingNeeds", "member", "owner", "operator", note="the offer's organisation"),
    _cell("auditChainStatus", "operator"),
    _cell("dealsSummary", "operator"),
    _cell("createApiKey", "owner", "operator", note="keys for machine clients; secret shown once"),
    _cell("revokeApiKey", "owner", "operator"),
    _cell("apiKeys", "owner", "operator", note="the organisation's keys, never their secrets"),
    _cell("registerWebhook", "owner", "operator", note="also an API key with MANAGE_WEBHOOKS"),
    _cell("pushListings", note="only an API key with WRITE_LISTINGS"),
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
