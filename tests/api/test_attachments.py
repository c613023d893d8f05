"""Attachments' metadata over GraphQL: who may add and remove it (refused first, nothing
changed), when, validation, confidentiality (NDA-gated like a description) and search."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from db.tables import attachments, audit_log, outbox
from domain.accounts import OrganizationKind, PlatformRole
from domain.events import Consumer, EntityKind, ListingChanged
from domain.listings import InitiativeStatus, ListingKind, NeedStatus, OfferStatus
from search.indexer import search_handler
from search.postgres import PostgresSearchIndex
from tests.factories import (
    attachment_metadata,
    count,
    make_attachment,
    make_initiative,
    make_need,
    make_offer,
    make_organization,
    make_owner,
    make_user,
    operator_actor,
)
from tests.graphql import ERRORS, gid, gql

ADD = f"""mutation($input: AddAttachmentInput!) {{
  addAttachment(input: $input) {{
    __typename
    ... on AttachmentAdded {{ attachment {{ id fileName mediaType sizeBytes sha256 caption }} }}
    {ERRORS}
  }}
}}"""
REMOVE = f"""mutation($id: ID!) {{
  removeAttachment(input: {{id: $id}}) {{
    __typename
    ... on AttachmentRemoved {{ removedAttachmentId }}
    {ERRORS}
  }}
}}"""
LISTING = """query($id: ID!) { node(id: $id) {
  ... on Initiative { title attachments { fileName caption sha256 } }
  ... on TechnologyOffer { title attachments { fileName caption sha256 } }
  ... on Need { title attachments { fileName caption sha256 } }
} }"""
NODE = "query($id: ID!) { node(id: $id) { ... on Attachment { fileName caption } } }"

REQUEST = """mutation($input: RequestConnectionInput!) { requestConnection(input: $input) {
  __typename ... on ConnectionChanged { connection { id } } } }"""
ACCEPT = """mutation($id: ID!) { acceptConnection(input: {connectionId: $id}) {
  ... on ConnectionChanged { connection { grantsConfidentialAccess } } } }"""
ACK = """mutation($id: ID!) { acknowledgeNda(input: {connectionId: $id}) {
  ... on ConnectionChanged { connection { grantsConfidentialAccess } } } }"""


async def rows(session: AsyncSession) -> dict[str, int]:
    return {t.name: await count(session, t) for t in (attachments, audit_log, outbox)}


def add_input(listing_id: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "listingId": listing_id,
        "fileName": "so-do-mach-dieu-khien.pdf",
        "mediaType": "application/pdf",
        "sizeBytes": 2_345_678,
        "sha256": hashlib.sha256(b"so do mach").hexdigest().upper(),
        "caption": "Sơ đồ mạch điều khiển",
    }
    values.update(overrides)
    return values


async def test_only_the_owner_organisation_adds_and_removes_attachments(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    initiative = await make_initiative(session, owner.user, org)
    listing_id = gid("Initiative", initiative.id)
    outsider = await make_user(session)
    await make_organization(session, outsider.user)
    reviewer = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))

    # Refused first: anonymous, another organisation, a reviewer not assigned, an operator.
    before = await rows(session)
    refused = [
        (await gql(client, ADD, {"input": add_input(listing_id)}, token=token))["addAttachment"]
        for token in (None, outsider.token, reviewer.token, operator.token)
    ]
    assert [r["__typename"] for r in refused] == [
        "NotAuthenticated",
        "NotFound",
        "NotFound",
        "NotAllowed",
    ]
    assert refused[3]["notAllowedCode"] == "NOT_A_MEMBER"
    assert await rows(session) == before

    added = (await gql(client, ADD, {"input": add_input(listing_id)}, token=owner.token))[
        "addAttachment"
    ]
    assert added["__typename"] == "AttachmentAdded"
    attachment = added["attachment"]
    assert {k: v for k, v in attachment.items() if k != "id"} == {
        "fileName": "so-do-mach-dieu-khien.pdf",
        "mediaType": "application/pdf",
        "sizeBytes": 2_345_678,
        "sha256": hashlib.sha256(b"so do mach").hexdigest(),
        "caption": "Sơ đồ mạch điều khiển",
    }
    after_add = await rows(session)
    assert after_add == {
        "attachments": before["attachments"] + 1,
        "audit_log": before["audit_log"] + 1,
        "outbox": before["outbox"] + len(Consumer),
    }
    entry = (
        await session.execute(select(audit_log).order_by(audit_log.c.seq.desc()).limit(1))
    ).one()
    attachment_uuid = relay.GlobalID.from_id(attachment["id"]).node_id
    assert (entry.action, entry.entity_kind, entry.entity_id) == (
        "initiative.attachment_added",
        "initiative",
        initiative.id,
    )
    assert entry.data == {"attachment_id": attachment_uuid, "status": "draft"}
    events = (
        await session.execute(
            select(outbox.c.payload).order_by(outbox.c.id.desc()).limit(len(Consumer))
        )
    ).scalars()
    assert {(p["kind"], p["entity_id"]) for p in events} == {("initiative", str(initiative.id))}

    # The same content twice is refused.
    again = await gql(client, ADD, {"input": add_input(listing_id)}, token=owner.token)
    assert again["addAttachment"] == {"__typename": "Conflict", "conflictCode": "ALREADY_EXISTS"}

    # Removal, refused first.
    refused = [
        (await gql(client, REMOVE, {"id": attachment["id"]}, token=token))["removeAttachment"]
        for token in (None, outsider.token, reviewer.token)
    ]
    assert [r["__typename"] for r in refused] == ["NotAuthenticated", "NotFound", "NotFound"]
    assert await rows(session) == after_add

    removed = (await gql(client, REMOVE, {"id": attachment["id"]}, token=owner.token))[
        "removeAttachment"
    ]
    assert removed == {"__typename": "AttachmentRemoved", "removedAttachmentId": attachment["id"]}
    assert await rows(session) == {
        "attachments": before["attachments"],
        "audit_log": after_add["audit_log"] + 1,
        "outbox": after_add["outbox"] + len(Consumer),
    }
    gone = await gql(client, REMOVE, {"id": attachment["id"]}, token=owner.token)
    assert gone["removeAttachment"]["__typename"] == "NotFound"


async def test_attachments_change_only_while_the_listing_is_editable_but_operators_may_remove(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    submitted = await make_initiative(
        session,
        owner.user,
        org,
        status=InitiativeStatus.SUBMITTED,
        attachments=[attachment_metadata()],
    )
    listed = await make_offer(session, owner.user, org, status=OfferStatus.LISTED)
    agency = await make_organization(session, owner.user, kind=OrganizationKind.AGENCY)
    open_need = await make_need(session, owner.user, agency, status=NeedStatus.OPEN)
    outsider = await make_user(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))

    before = await rows(session)
    frozen = [
        (await gql(client, ADD, {"input": add_input(gid(t, i))}, token=owner.token))[
            "addAttachment"
        ]
        for t, i in (("Initiative", submitted.id), ("TechnologyOffer", listed.id))
    ]
    assert frozen == [{"__typename": "Conflict", "conflictCode": "INVALID_TRANSITION"}] * 2
    # A public listing is readable, so another organisation is told it is not a member.
    stranger = await gql(
        client, ADD, {"input": add_input(gid("TechnologyOffer", listed.id))}, token=outsider.token
    )
    assert stranger["addAttachment"] == {
        "__typename": "NotAllowed",
        "notAllowedCode": "NOT_A_MEMBER",
    }
    fund = await gql(
        client, ADD, {"input": add_input(gid("FundProfile", listed.id))}, token=owner.token
    )
    assert fund["addAttachment"] == {
        "__typename": "ValidationError",
        "fields": [{"path": ["listingId"], "code": "INVALID_FORMAT"}],
    }
    (attachment,) = (
        await gql(client, LISTING, {"id": gid("Initiative", submitted.id)}, token=owner.token)
    )["node"]["attachments"]
    nodes = (
        await session.execute(
            select(attachments.c.id).where(attachments.c.listing_id == submitted.id)
        )
    ).scalars()
    attachment_id = gid("Attachment", next(iter(nodes)))
    by_owner = await gql(client, REMOVE, {"id": attachment_id}, token=owner.token)
    assert by_owner["removeAttachment"] == {
        "__typename": "Conflict",
        "conflictCode": "INVALID_TRANSITION",
    }
    assert await rows(session) == before

    # An open need still takes clarifications; operators remove in any state.
    on_need = await gql(
        client, ADD, {"input": add_input(gid("Need", open_need.id))}, token=owner.token
    )
    assert on_need["addAttachment"]["__typename"] == "AttachmentAdded"
    by_operator = await gql(client, REMOVE, {"id": attachment_id}, token=operator.token)
    assert by_operator["removeAttachment"]["__typename"] == "AttachmentRemoved"
    assert attachment["fileName"].endswith(".pdf")
    assert await count(session, attachments) == before["attachments"]


async def test_invalid_metadata_and_a_21st_attachment_are_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, org = await make_owner(session)
    offer = await make_offer(session, owner.user, org)
    listing_id = gid("TechnologyOffer", offer.id)
    before = await rows(session)

    cases: list[tuple[dict[str, Any], list[dict[str, Any]]]] = [
        ({"fileName": "../../etc/passwd"}, [{"path": ["fileName"], "code": "INVALID_FORMAT"}]),
        ({"fileName": "thu-muc\\ban-ve.pdf"}, [{"path": ["fileName"], "code": "INVALID_FORMAT"}]),
        ({"fileName": "  "}, [{"path": ["fileName"], "code": "REQUIRED"}]),
        ({"fileName": "a" * 252 + ".pdf"}, [{"path": ["fileName"], "code": "TOO_LONG"}]),
        (
            {"mediaType": "application/x-msdownload"},
            [{"path": ["mediaType"], "code": "INVALID_CHOICE"}],
        ),
        ({"mediaType": "image/svg+xml"}, [{"path": ["mediaType"], "code": "INVALID_CHOICE"}]),
        ({"sizeBytes": 0}, [{"path": ["sizeBytes"], "code": "OUT_OF_RANGE"}]),
        ({"sizeBytes": 50 * 1024 * 1024 + 1}, [{"path": ["sizeBytes"], "code": "OUT_OF_RANGE"}]),
        ({"sha256": "abc123"}, [{"path": ["sha256"], "code": "INVALID_FORMAT"}]),
        ({"sha256": "g" * 64}, [{"path": ["sha256"], "code": "INVALID_FORMAT"}]),
        ({"caption": "x" * 501}, [{"path": ["caption"], "code": "TOO_LONG"}]),
        (
            {"fileName": "a/b", "sizeBytes": -1},
            [
                {"path": ["fileName"], "code": "INVALID_FORMAT"},
                {"path": ["sizeBytes"], "code": "OUT_OF_RANGE"},
            ],
        ),
    ]
    for overrides, fields in cases:
        result = await gql(
            client, ADD, {"input": add_input(listing_id, **overrides)}, token=owner.token
        )
        assert result["addAttachment"] == {"__typename": "ValidationError", "fields": fields}, (
            overrides
        )
    assert await rows(session) == before

    edge = await gql(
        client,
        ADD,
        {"input": add_input(listing_id, fileName="a" * 251 + ".pdf", sizeBytes=50 * 1024 * 1024)},
        token=owner.token,
    )
    assert edge["addAttachment"]["__typename"] == "AttachmentAdded"
    for _ in range(19):
        await make_attachment(session, owner.user, org, ListingKind.OFFER, offer.id)
    full = await rows(session)
    assert full["attachments"] == before["attachments"] + 20
    twenty_first = await gql(
        client,
        ADD,
        {"input": add_input(listing_id, sha256=hashlib.sha256(b"21").hexdigest())},
        token=owner.token,
    )
    assert twenty_first["addAttachment"] == {
        "__typename": "ValidationError",
        "fields": [{"path": ["listingId"], "code": "TOO_LONG"}],
    }
    assert await rows(session) == full


async def test_a_stranger_reads_attachment_metadata_only_after_an_accepted_connection_with_nda(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner, owner_org = await make_owner(session)
    metadata = attachment_metadata(file_name="thong-so-mat.pdf", caption="Thông số mật")
    offer = await make_offer(
        session, owner.user, owner_org, status=OfferStatus.LISTED, attachments=[metadata]
    )
    offer_id = gid("TechnologyOffer", offer.id)
    attachment_id = gid(
        "Attachment",
        next(
            iter(
                (
                    await session.execute(
                        select(attachments.c.id).where(attachments.c.listing_id == offer.id)
                    )
                ).scalars()
            )
        ),
    )
    seeker = await make_user(session)
    seeker_org = await make_organization(session, seeker.user, kind=OrganizationKind.ENTERPRISE)
    visible = [
        {"fileName": "thong-so-mat.pdf", "caption": "Thông số mật", "sha256": metadata.sha256}
    ]

    for token in (None, seeker.token):
        hidden = (await gql(client, LISTING, {"id": offer_id}, token=token))["node"]
        assert hidden == {"title": offer.content.title, "attachments": []}
        assert (await gql(client, NODE, {"id": attachment_id}, token=token))["node"] is None
    owners_view = (await gql(client, LISTING, {"id": offer_id}, token=owner.token))["node"]
    assert owners_view["attachments"] == visible

    request = {
        "listingId": offer_id,
        "requesterOrganizationId": gid("Organization", seeker_org.id),
        "intro": "Quan tâm chuyển giao.",
    }
    cid = (await gql(client, REQUEST, {"input": request}, token=seeker.token))["requestConnection"][
        "connection"
    ]["id"]
    await gql(client, ACCEPT, {"id": cid}, token=owner.token)
    still = (await gql(client, LISTING, {"id": offer_id}, token=seeker.token))["node"]
    assert still["attachments"] == [], "acceptance takes effect with the NDA"

    acknowledged = (await gql(client, ACK, {"id": cid}, token=seeker.token))["acknowledgeNda"]
    assert acknowledged["connection"]["grantsConfidentialAccess"] is True
    after = (await gql(client, LISTING, {"id": offer_id}, token=seeker.token))["node"]
    assert after["attachments"] == visible
    node = (await gql(client, NODE, {"id": attachment_id}, token=seeker.token))["node"]
    assert node == {"fileName": "thong-so-mat.pdf", "caption": "Thông số mật"}


async def test_search_documents_never_hold_attachment_file_names_or_captions(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    marker = "MARKER-7e1d"
    owner, org = await make_owner(session)
    staff = await operator_actor(session)
    secret = attachment_metadata(file_name=f"{marker}-ban-ve.pdf", caption=f"{marker} chú thích")
    initiative = await make_initiative(
        session,
        owner.user,
        org,
        status=InitiativeStatus.PUBLISHED,
        operator=staff,
        attachments=[secret],
    )
    offer = await make_offer(
        session, owner.user, org, status=OfferStatus.LISTED, attachments=[secret]
    )
    agency = await make_organization(session, owner.user, kind=OrganizationKind.AGENCY)
    need = await make_need(session, owner.user, agency, status=NeedStatus.OPEN)
    await make_attachment(session, owner.user, agency, ListingKind.NEED, need.id, secret)

    pending = (
        await session.execute(
            select(outbox.c.payload).where(outbox.c.consumer == Consumer.SEARCH.value)
        )
    ).scalars()
    events = [ListingChanged(EntityKind(p["kind"]), UUID(p["entity_id"])) for p in pending]
    await search_handler(PostgresSearchIndex(sessions))(session, events)

    documents = [
        r[0]
        for r in await session.execute(text("SELECT to_jsonb(d)::text FROM search_documents d"))
    ]
    blob = json.dumps(documents, ensure_ascii=False)
    for title in (initiative.content.title, offer.content.title, need.content.title):
        assert title in blob
    assert marker not in blob
    # Nor does the audit trail.
    trail = (await session.execute(select(audit_log.c.data))).scalars()
    assert marker not in json.dumps(list(trail), ensure_ascii=False)
