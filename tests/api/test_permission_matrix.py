"""The permission matrix, cell by cell: every (operation, actor) pair of tests/permission_matrix.py
runs in its own transaction. A refused actor gets a typed refusal (or reads null/empty for a
confidential field) and the database is byte-for-byte unchanged; an allowed actor succeeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import ApiDeps
from db.uow import SqlUnitOfWork
from domain.deals import DealKind
from domain.listings import InitiativeStatus, NeedStatus, OfferStatus
from domain.services import connections as cc
from domain.services import deals as dc
from domain.services import verification as vc
from tests.api.document_cells import DOCUMENT_CELLS
from tests.api.document_helpers import use_files
from tests.api.federation_cells import FEDERATION_PREPARE
from tests.api.feedback_cells import FEEDBACK_CELLS
from tests.api.governance_cells import GOVERNANCE_CELLS
from tests.api.matrix_world import (
    Call,
    Prepare,
    World,
    build_world,
    initiative_ready_for_decision,
    initiative_under_review,
    send_call,
    snapshot,
    typename,
)
from tests.api.onboarding_cells import ONBOARDING_CELLS
from tests.api.report_cells import REPORT_CELLS
from tests.factories import (
    attachment_metadata,
)
from tests.graphql import gid
from tests.permission_matrix import ACTORS, MATRIX, render_markdown


async def p_create_organization(w: World) -> Call:
    return Call(
        'mutation { createOrganization(input: {name: "Tổ chức mới", kind: STARTUP}) { __typename } }',
        {},
        "createOrganization",
        typename("OrganizationCreated"),
    )


async def p_verify_organization(w: World) -> Call:
    return Call(
        "mutation($org: ID!) { verifyOrganization(input: {organizationId: $org}) { __typename } }",
        {"org": gid("Organization", w.org.id)},
        "verifyOrganization",
        typename("OrganizationVerified"),
    )


async def p_members(w: World) -> Call:
    return Call(
        "query($id: ID!) { node(id: $id) { ... on Organization { members { role } } } }",
        {"id": gid("Organization", w.org.id)},
        "node",
        succeeded=lambda v: len(v["members"]) == 2,
        refused=lambda v: v["members"] == [],
    )


async def p_create_initiative(w: World) -> Call:
    return Call(
        'mutation($org: ID!) { createInitiative(input: {organizationId: $org, content: {title: "Sáng kiến mới"}}) { __typename } }',
        {"org": gid("Organization", w.org.id)},
        "createInitiative",
        typename("InitiativeSaved"),
    )


async def p_draft_node(w: World) -> Call:
    initiative = await w.initiative()
    return Call(
        "query($id: ID!) { node(id: $id) { ... on Initiative { title status } } }",
        {"id": gid("Initiative", initiative.id)},
        "node",
        succeeded=lambda v: v is not None and v["status"] == "DRAFT",
        refused=lambda v: v is None,
    )


async def p_submit_initiative(w: World) -> Call:
    initiative = await w.initiative()
    return Call(
        "mutation($id: ID!) { submitInitiative(input: {id: $id}) { __typename } }",
        {"id": gid("Initiative", initiative.id)},
        "submitInitiative",
        typename("InitiativeSubmitted"),
    )


async def p_withdraw_initiative(w: World) -> Call:
    initiative = await w.initiative(InitiativeStatus.SUBMITTED)
    return Call(
        'mutation($id: ID!) { withdrawInitiative(input: {id: $id, reason: "Rút hồ sơ."}) { __typename } }',
        {"id": gid("Initiative", initiative.id)},
        "withdrawInitiative",
        typename("InitiativeMoved"),
    )


async def p_transition_initiative(w: World) -> Call:
    initiative = await w.initiative(InitiativeStatus.SUBMITTED)
    return Call(
        "mutation($id: ID!) { transitionInitiative(input: {id: $id, to: SCREENING}) { __typename } }",
        {"id": gid("Initiative", initiative.id)},
        "transitionInitiative",
        typename("InitiativeMoved"),
    )


async def p_description(w: World) -> Call:
    initiative_id, _ = await initiative_under_review(w)
    return Call(
        "query($id: ID!) { node(id: $id) { ... on Initiative { title description } } }",
        {"id": gid("Initiative", initiative_id)},
        "node",
        succeeded=lambda v: v is not None and bool(v["description"]),
        # Outsiders do not even see an initiative under review (NotFound-as-null) or read null.
        refused=lambda v: v is None or v["description"] is None,
    )


async def p_timeline(w: World) -> Call:
    initiative = await w.initiative(InitiativeStatus.SUBMITTED)
    return Call(
        "query($id: ID!) { initiativeTimeline(id: $id) { status } }",
        {"id": gid("Initiative", initiative.id)},
        "initiativeTimeline",
        succeeded=lambda v: [s["status"] for s in v] == ["draft", "submitted"],
    )


async def p_assign_reviewer(w: World) -> Call:
    initiative = await w.initiative(InitiativeStatus.UNDER_REVIEW)
    return Call(
        "mutation($i: ID!, $r: ID!) { assignReviewer(input: {initiativeId: $i, reviewerId: $r}) { __typename } }",
        {"i": gid("Initiative", initiative.id), "r": gid("User", w.users["reviewer"].user.id)},
        "assignReviewer",
        typename("ReviewerAssigned"),
    )


async def p_score(w: World) -> Call:
    _, assignment = await initiative_under_review(w)
    return Call(
        """mutation($a: ID!) { scoreInitiative(input: {assignmentId: $a,
            scores: {novelty: 4, feasibility: 4, impact: 5, commercialPotential: 3},
            comments: "Riêng tư.", recommendation: ACCEPT}) { __typename } }""",
        {"a": gid("ReviewAssignment", assignment)},
        "scoreInitiative",
        typename("InitiativeScored"),
    )


async def p_decide(w: World) -> Call:
    initiative_id = await initiative_ready_for_decision(w)
    return Call(
        """mutation($i: ID!) { decideInitiative(input: {initiativeId: $i, outcome: ACCEPT,
            publicReason: "Hội đồng đánh giá đạt."}) { __typename } }""",
        {"i": gid("Initiative", initiative_id)},
        "decideInitiative",
        typename("InitiativeDecided"),
    )


async def p_create_offer(w: World) -> Call:
    return Call(
        'mutation($org: ID!) { createOffer(input: {organizationId: $org, content: {title: "Công nghệ mới"}}) { __typename } }',
        {"org": gid("Organization", w.org.id)},
        "createOffer",
        typename("OfferSaved"),
    )


async def p_approve_offer(w: World) -> Call:
    offer = await w.offer(OfferStatus.PENDING_APPROVAL)
    return Call(
        "mutation($id: ID!) { approveOffer(input: {id: $id}) { __typename } }",
        {"id": gid("TechnologyOffer", offer.id)},
        "approveOffer",
        typename("OfferMoved"),
    )


async def p_create_need(w: World) -> Call:
    return Call(
        'mutation($org: ID!) { createNeed(input: {organizationId: $org, content: {title: "Nhu cầu mới"}}) { __typename } }',
        {"org": gid("Organization", w.org.id)},
        "createNeed",
        typename("NeedSaved"),
    )


async def p_publish_need(w: World) -> Call:
    # The need carries a prize: only a verified organisation publishes it.
    await SqlUnitOfWork(w.session).organizations.set_verified(w.org.id, True)
    need = await w.need()
    return Call(
        "mutation($id: ID!) { publishNeed(input: {id: $id}) { __typename } }",
        {"id": gid("Need", need.id)},
        "publishNeed",
        typename("NeedMoved"),
    )


async def p_request_connection(w: World) -> Call:
    offer = await w.offer(OfferStatus.LISTED)
    return Call(
        """mutation($l: ID!, $org: ID!) { requestConnection(input: {listingId: $l,
            requesterOrganizationId: $org, intro: "Quan tâm.", acknowledgeNda: true}) { __typename } }""",
        {"l": gid("TechnologyOffer", offer.id), "org": gid("Organization", w.outsider_org.id)},
        "requestConnection",
        typename("ConnectionChanged"),
    )


async def p_accept_connection(w: World) -> Call:
    offer = await w.offer(OfferStatus.LISTED)
    connection = await cc.request_connection(
        SqlUnitOfWork(w.session),
        w.actor("outsider"),
        cc.RequestConnection(
            listing_id=offer.id, requester_organization_id=w.outsider_org.id, acknowledge_nda=True
        ),
    )
    return Call(
        "mutation($c: ID!) { acceptConnection(input: {connectionId: $c}) { __typename } }",
        {"c": gid("ConnectionRequest", connection.id)},
        "acceptConnection",
        typename("ConnectionChanged"),
    )


async def accepted_connection(w: World) -> UUID:
    """An accepted connection from the outsider's organisation to the organisation's offer,
    both organisations verified (deals need it)."""
    uow = SqlUnitOfWork(w.session)
    for org in (w.org, w.outsider_org):
        await uow.organizations.set_verified(org.id, True)
    offer = await w.offer(OfferStatus.LISTED)
    connection = await cc.request_connection(
        uow,
        w.actor("outsider"),
        cc.RequestConnection(
            listing_id=offer.id, requester_organization_id=w.outsider_org.id, acknowledge_nda=True
        ),
    )
    await cc.accept_connection(uow, w.actor("owner"), connection_id=connection.id)
    return connection.id


async def p_record_deal(w: World) -> Call:
    connection_id = await accepted_connection(w)
    return Call(
        'mutation($c: ID!) { recordDeal(input: {connectionId: $c, kind: LICENCE, signedOn: "2026-11-20"}) { __typename } }',
        {"c": gid("ConnectionRequest", connection_id)},
        "recordDeal",
        typename("DealRecorded"),
    )


async def pending_deal(w: World) -> UUID:
    connection_id = await accepted_connection(w)
    await dc.record_deal(
        SqlUnitOfWork(w.session),
        w.actor("outsider"),
        dc.RecordDeal(connection_id, kind=DealKind.LICENCE, signed_on=date(2026, 11, 20)),
    )
    return connection_id


async def p_confirm_deal(w: World) -> Call:
    connection_id = await pending_deal(w)
    return Call(
        "mutation($c: ID!) { confirmDeal(input: {connectionId: $c}) { __typename } }",
        {"c": gid("ConnectionRequest", connection_id)},
        "confirmDeal",
        typename("DealAnswered"),
    )


async def p_dispute_deal(w: World) -> Call:
    connection_id = await pending_deal(w)
    return Call(
        'mutation($c: ID!) { disputeDeal(input: {connectionId: $c, reason: "Sai giá trị"}) { __typename } }',
        {"c": gid("ConnectionRequest", connection_id)},
        "disputeDeal",
        typename("DealAnswered"),
    )


async def p_award_need(w: World) -> Call:
    need = await w.need(NeedStatus.OPEN)
    return Call(
        'mutation($n: ID!, $o: ID!) { awardNeed(input: {id: $n, winnerOrganizationId: $o, reason: "Giải nhất"}) { __typename } }',
        {"n": gid("Need", need.id), "o": gid("Organization", w.outsider_org.id)},
        "awardNeed",
        typename("NeedMoved"),
    )


async def p_request_verification(w: World) -> Call:
    return Call(
        "mutation($o: ID!) { requestOrganizationVerification(input: {organizationId: $o, "
        'registryCode: "0312345678", documents: [{fileName: "giay-phep.pdf", '
        'mediaType: "application/pdf", sizeBytes: 1000, sha256: "' + "a" * 64 + '"}]}) '
        "{ __typename } }",
        {"o": gid("Organization", w.org.id)},
        "requestOrganizationVerification",
        typename("VerificationRequested"),
    )


async def p_reject_verification(w: World) -> Call:
    await vc.request_verification(
        SqlUnitOfWork(w.session),
        w.actor("owner"),
        vc.RequestVerification(w.org.id, "0312345678", (attachment_metadata(caption=None),)),
    )
    return Call(
        'mutation($o: ID!) { rejectOrganizationVerification(input: {organizationId: $o, publicReason: "Mã số không khớp"}) { __typename } }',
        {"o": gid("Organization", w.org.id)},
        "rejectOrganizationVerification",
        typename("VerificationRejected"),
    )


async def p_recommended_suppliers(w: World) -> Call:
    need = await w.need(NeedStatus.OPEN)
    return Call(
        "query($n: ID!) { recommendedSuppliers(needId: $n) { __typename } }",
        {"n": gid("Need", need.id)},
        "recommendedSuppliers",
        typename("RecommendedSuppliers"),
    )


async def p_matching_needs(w: World) -> Call:
    offer = await w.offer(OfferStatus.LISTED)
    return Call(
        "query($o: ID!) { matchingNeeds(offerId: $o) { __typename } }",
        {"o": gid("TechnologyOffer", offer.id)},
        "matchingNeeds",
        typename("MatchingNeeds"),
    )


async def p_audit(w: World) -> Call:
    return Call(
        "{ auditChainStatus { __typename } }", {}, "auditChainStatus", typename("AuditChainStatus")
    )


async def p_set_digest(w: World) -> Call:
    return Call(
        "mutation { setDigestFrequency(input: {frequency: WEEKLY}) { __typename } }",
        {},
        "setDigestFrequency",
        typename("MailSettings"),
    )


async def p_resend_verification(w: World) -> Call:
    return Call(
        "mutation { resendVerificationEmail { __typename } }",
        {},
        "resendVerificationEmail",
        typename("VerificationEmailQueued"),
    )


async def p_deals(w: World) -> Call:
    return Call("{ dealsSummary { __typename } }", {}, "dealsSummary", typename("DealsSummary"))


PREPARE: dict[str, Prepare] = {
    "createOrganization": p_create_organization,
    **ONBOARDING_CELLS,
    "verifyOrganization": p_verify_organization,
    "Organization.members": p_members,
    "createInitiative": p_create_initiative,
    "node (a draft initiative)": p_draft_node,
    "submitInitiative": p_submit_initiative,
    "withdrawInitiative": p_withdraw_initiative,
    "transitionInitiative": p_transition_initiative,
    "Initiative.description": p_description,
    "initiativeTimeline": p_timeline,
    "assignReviewer": p_assign_reviewer,
    "scoreInitiative": p_score,
    "decideInitiative": p_decide,
    "createOffer": p_create_offer,
    "approveOffer": p_approve_offer,
    **DOCUMENT_CELLS,
    "setDigestFrequency": p_set_digest,
    "resendVerificationEmail": p_resend_verification,
    "createNeed": p_create_need,
    "publishNeed": p_publish_need,
    "requestConnection": p_request_connection,
    "acceptConnection": p_accept_connection,
    "recommendedSuppliers": p_recommended_suppliers,
    "matchingNeeds": p_matching_needs,
    "auditChainStatus": p_audit,
    "dealsSummary": p_deals,
    **GOVERNANCE_CELLS,
    **REPORT_CELLS,
    "recordDeal": p_record_deal,
    "confirmDeal": p_confirm_deal,
    "disputeDeal": p_dispute_deal,
    "awardNeed": p_award_need,
    "requestOrganizationVerification": p_request_verification,
    "rejectOrganizationVerification": p_reject_verification,
    **FEDERATION_PREPARE,
    **FEEDBACK_CELLS,
}


CELLS = [(cell.operation, actor) for cell in MATRIX for actor in ACTORS]


@pytest.mark.parametrize(("operation", "actor"), CELLS, ids=[f"{o}-{a}" for o, a in CELLS])
async def test_cell(
    operation: str,
    actor: str,
    client: httpx.AsyncClient,
    session: AsyncSession,
    tmp_path: Path,
    api_deps: ApiDeps,
) -> None:
    cell = next(c for c in MATRIX if c.operation == operation)
    world = await build_world(session)
    world.store = use_files(tmp_path, api_deps)  # uploads and downloads keep files here
    call = await PREPARE[operation](world)
    before = await snapshot(session)
    body = await send_call(client, call, world.token(actor))
    assert "errors" not in body, body
    answer = body["data"][call.path]
    if actor in cell.allowed:
        assert call.succeeded(answer), answer
        assert call.follow is None or await call.follow(client, answer), answer
    else:
        assert call.refused(answer), answer
        assert await snapshot(session) == before, "a refused call changed the database"


def test_every_operation_in_the_matrix_has_a_check() -> None:
    assert {c.operation for c in MATRIX} == set(PREPARE)


def test_the_readme_shows_this_matrix() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert render_markdown() in readme, (
        "README's permission matrix is stale: paste render_markdown()"
    )
