"""Who may download a stored file, on both download paths: asking for a link
(`attachmentDownloadLink`) and using one (`GET /files/<token>`). Denied first: every refused
actor is tried before the allowed ones, and a refused actor gets no bytes even with a link the
API never gave them (signed with the real key), because the download checks access again.

Every file is as confidential as a description, whatever the listing's state: the file of a
listed (public) offer and the file of an initiative under review alike are readable only by the
owner organisation, operators, assigned non-recused reviewers and connection parties whose NDA
is accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import ApiDeps
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, PlatformRole
from domain.attachments import Attachment
from domain.documents import DownloadGrant
from domain.listings import ListingKind, OfferStatus
from domain.services import connections as cc
from domain.services import review as rc
from security.links import HmacLinkSigner
from storage.filesystem import FilesystemDocumentStore
from tests.api.document_helpers import LINK, LINK_SECRET, stored_attachment, use_files
from tests.api.matrix_world import World, build_world, initiative_under_review
from tests.factories import SignedInUser, make_offer, make_organization, make_user
from tests.graphql import gid, gql

MARKER = "BAOMAT-7f3a"  # in file names and content: must never reach a refused caller
CONTENT = b"%PDF-1.7\n% " + MARKER.encode() + b"\n%%EOF\n"


@pytest.fixture
def files(tmp_path: Path, api_deps: ApiDeps) -> FilesystemDocumentStore:
    return use_files(tmp_path, api_deps)


@dataclass
class Access:
    world: World
    users: dict[str, SignedInUser | None]
    offer_file: Attachment  # of a listed offer: a public listing
    review_file: Attachment  # of an initiative under review
    connection_id: UUID  # from the partner's organisation to the offer, accepted, no NDA yet

    def actor(self, name: str) -> Actor:
        if name == "NDA partner":
            return self.world.actor("outsider")  # the owner of the requester organisation
        return self.world.actor(name)


async def access_world(session: AsyncSession, store: FilesystemDocumentStore) -> Access:
    w = await build_world(session)
    owner = w.users["owner"].user
    stranger = await make_user(session, display_name="Tổ chức khác")
    await make_organization(session, stranger.user)
    recused = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
    offer = await make_offer(session, owner, w.org, status=OfferStatus.LISTED)
    initiative_id, _ = await initiative_under_review(w)
    uow = SqlUnitOfWork(session)
    assignment = await rc.assign_reviewer(
        uow, w.operator, rc.AssignReviewer(initiative_id=initiative_id, reviewer_id=recused.user.id)
    )
    recused_actor = Actor(email_verified=True, user_id=recused.user.id, roles=recused.user.roles)
    await rc.declare_conflict(
        uow, recused_actor, rc.DeclareConflict(assignment.id, "Tôi từng cộng tác với tác giả.")
    )
    connection = await cc.request_connection(
        uow,
        w.actor("outsider"),
        cc.RequestConnection(listing_id=offer.id, requester_organization_id=w.outsider_org.id),
    )
    await cc.accept_connection(uow, w.actor("owner"), connection_id=connection.id)
    common = {"organization_id": w.org.id, "added_by": owner.id, "content": CONTENT}
    offer_file = await stored_attachment(
        session,
        store,
        kind=ListingKind.OFFER,
        listing_id=offer.id,
        file_name=f"hop-dong-{MARKER}.pdf",
        **common,  # type: ignore[arg-type]
    )
    review_file = await stored_attachment(
        session,
        store,
        kind=ListingKind.INITIATIVE,
        listing_id=initiative_id,
        file_name=f"ban-ve-{MARKER}.pdf",
        **common,  # type: ignore[arg-type]
    )
    users: dict[str, SignedInUser | None] = {
        "anonymous": None,
        "another organisation": stranger,
        "NDA partner": w.users["outsider"],
        "recused reviewer": recused,
        **{k: v for k, v in w.users.items() if k != "outsider"},
    }
    return Access(w, users, offer_file, review_file, connection.id)


def _token(access: Access, name: str) -> str | None:
    user = access.users[name]
    return user.token if user else None


async def _denied(
    client: httpx.AsyncClient,
    access: Access,
    name: str,
    attachment: Attachment,
    signer: HmacLinkSigner,
) -> None:
    answer = await gql(
        client, LINK, {"id": gid("Attachment", attachment.id)}, token=_token(access, name)
    )
    link = answer["attachmentDownloadLink"]
    expected = "NotAuthenticated" if name == "anonymous" else "NotFound"
    assert link["__typename"] == expected, (name, link)
    assert MARKER not in str(answer)
    user = access.users[name]
    if user is None:
        return
    # A link the API refused to make, signed with its key: the download itself refuses too.
    grant = DownloadGrant(attachment.id, user.user.id, datetime.now(UTC) + timedelta(minutes=5))
    response = await client.get(f"/files/{signer.sign(grant)}")
    assert response.status_code == 404, (name, response.text)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert MARKER.encode() not in response.content


async def _allowed(
    client: httpx.AsyncClient, access: Access, name: str, attachment: Attachment
) -> None:
    answer = await gql(
        client, LINK, {"id": gid("Attachment", attachment.id)}, token=_token(access, name)
    )
    link = answer["attachmentDownloadLink"]
    assert link["__typename"] == "DownloadLink", (name, link)
    response = await client.get(link["url"])
    assert response.status_code == 200, (name, response.text)
    assert response.content == CONTENT
    assert response.headers["cache-control"] == "private, no-store"


async def test_the_file_of_a_public_offer_denied_first_then_allowed(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    access = await access_world(session, files)
    signer = HmacLinkSigner(LINK_SECRET)
    for name in (
        "anonymous",
        "another organisation",
        "NDA partner",  # connection accepted, NDA not yet acknowledged
        "reviewer",  # reviews initiatives, not this offer
        "recused reviewer",
        "provincial operator",
        "observer",
    ):
        await _denied(client, access, name, access.offer_file, signer)
    for name in ("owner", "member", "operator"):
        await _allowed(client, access, name, access.offer_file)

    # The partner acknowledges the NDA: the same accepted connection now opens the file.
    await cc.acknowledge_nda(
        SqlUnitOfWork(session), access.actor("NDA partner"), connection_id=access.connection_id
    )
    await _allowed(client, access, "NDA partner", access.offer_file)


async def test_the_file_of_an_initiative_under_review_denied_first_then_allowed(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    access = await access_world(session, files)
    signer = HmacLinkSigner(LINK_SECRET)
    await cc.acknowledge_nda(  # an NDA with another listing opens nothing here
        SqlUnitOfWork(session), access.actor("NDA partner"), connection_id=access.connection_id
    )
    for name in (
        "anonymous",
        "another organisation",
        "NDA partner",
        "recused reviewer",
        "provincial operator",
        "observer",
    ):
        await _denied(client, access, name, access.review_file, signer)
    for name in ("owner", "member", "operator", "reviewer"):
        await _allowed(client, access, name, access.review_file)


async def test_forged_tampered_expired_and_unknown_links_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    access = await access_world(session, files)
    owner = access.users["owner"]
    assert owner is not None
    now = datetime.now(UTC)
    genuine = HmacLinkSigner(LINK_SECRET).sign(
        DownloadGrant(access.offer_file.id, owner.user.id, now + timedelta(minutes=5))
    )
    payload, mac = genuine.split(".")
    other_user = HmacLinkSigner(LINK_SECRET).sign(  # the payload of another grant, same mac
        DownloadGrant(access.offer_file.id, uuid4(), now + timedelta(minutes=5))
    )
    forged = {
        "another key": HmacLinkSigner("a different secret " * 3).sign(
            DownloadGrant(access.offer_file.id, owner.user.id, now + timedelta(minutes=5))
        ),
        "tampered mac": payload + "." + mac[:-2] + ("AA" if mac[-2:] != "AA" else "BB"),
        "swapped payload": other_user.split(".")[0] + "." + mac,
        "no mac": payload,
        "garbage": "not-a-link",
        "path trick": "..%2F..%2Fsecret_key",
    }
    for what, token in forged.items():
        response = await client.get(f"/files/{token}")
        assert response.status_code in {403, 404}, (what, response.status_code)
        assert MARKER.encode() not in response.content
        if response.status_code == 403:
            assert response.json()["errors"][0]["extensions"]["code"] == "LINK_INVALID"

    expired = HmacLinkSigner(LINK_SECRET).sign(
        DownloadGrant(access.offer_file.id, owner.user.id, now - timedelta(seconds=1))
    )
    response = await client.get(f"/files/{expired}")
    assert response.status_code == 410
    assert response.json()["errors"][0]["extensions"]["code"] == "LINK_EXPIRED"

    unknown = HmacLinkSigner(LINK_SECRET).sign(
        DownloadGrant(uuid4(), owner.user.id, now + timedelta(minutes=5))
    )
    assert (await client.get(f"/files/{unknown}")).status_code == 404
    # The genuine link still works: none of the above spent or blocked it.
    assert (await client.get(f"/files/{genuine}")).content == CONTENT


async def test_a_link_sent_with_another_users_token_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, files: FilesystemDocumentStore
) -> None:
    access = await access_world(session, files)
    owner, member = access.users["owner"], access.users["member"]
    assert owner is not None
    assert member is not None
    answer = await gql(
        client, LINK, {"id": gid("Attachment", access.offer_file.id)}, token=owner.token
    )
    url = answer["attachmentDownloadLink"]["url"]
    # The member may read the file too, but this link is the owner's.
    for token in (member.token, "not-a-token"):
        response = await client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 403
        assert response.json()["errors"][0]["extensions"]["code"] == "LINK_NOT_YOURS"
        assert MARKER.encode() not in response.content
    mine = await client.get(url, headers={"Authorization": f"Bearer {owner.token}"})
    assert mine.content == CONTENT
    # Followed by a browser (no token), the link is a capability for its few minutes.
    assert (await client.get(url)).content == CONTENT
