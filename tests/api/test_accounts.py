"""Sign-up, sign-in, me, sign-out and organisations over GraphQL."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import auth_tokens, memberships, organizations, users
from domain.accounts import PlatformRole
from tests.factories import PASSWORD, count, make_organization, make_user
from tests.graphql import conflict, gql, not_allowed, not_authenticated

SIGN_UP = """
mutation($input: SignUpInput!) {
  signUp(input: $input) {
    __typename
    ... on SignedUp { email message }
    ... on ValidationError { fields { path code } }
  }
}"""

SIGN_IN = """
mutation($email: String!, $password: String!) {
  signIn(input: {email: $email, password: $password}) {
    __typename
    ... on SignedIn { token expiresAt user { email } }
    ... on NotAuthenticated { code message }
  }
}"""

ME = "{ me { __typename ... on User { id email displayName roles memberships { role organization { name } } } ... on NotAuthenticated { code } } }"

CREATE_ORG = """
mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    __typename
    ... on OrganizationCreated { organization { id name kind provinceCode verified members { role user { displayName } } } }
    ... on ValidationError { fields { path code } }
    ... on NotAuthenticated { authCode: code }
    ... on Conflict { conflictCode: code }
  }
}"""


async def test_sign_up_sign_in_me_and_sign_out(client: httpx.AsyncClient) -> None:
    data = await gql(
        client,
        SIGN_UP,
        {
            "input": {
                "email": " Lan.Tran@Example.VN ",
                "password": "mật khẩu đủ dài",
                "displayName": "Trần Thị Lan",
                "locale": "EN",
            }
        },
    )
    # The answer is the same whether or not the email had an account (see the test below).
    assert data["signUp"] == {
        "__typename": "SignedUp",
        "email": "lan.tran@example.vn",
        "message": "If this email had no account, it has one now: sign in with it.",
    }

    signed_in = (
        await gql(client, SIGN_IN, {"email": "lan.tran@example.vn", "password": "mật khẩu đủ dài"})
    )["signIn"]
    assert signed_in["__typename"] == "SignedIn"
    token = signed_in["token"]

    me = (await gql(client, ME, token=token))["me"]
    assert me == {
        "__typename": "User",
        "id": me["id"],
        "email": "lan.tran@example.vn",
        "displayName": "Trần Thị Lan",
        "roles": [],
        "memberships": [],
    }

    out = await gql(client, "mutation { signOut { __typename } }", token=token)
    assert out["signOut"]["__typename"] == "SignedOut"
    after = (await gql(client, ME, token=token))["me"]
    assert after == {"__typename": "NotAuthenticated", "code": "TOKEN_REVOKED"}


async def test_bad_sign_up_input_is_refused_field_by_field_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    before = await count(session, users)
    data = await gql(
        client,
        SIGN_UP,
        {"input": {"email": "not-an-email", "password": "short", "displayName": "  "}},
    )
    result = data["signUp"]
    assert result["__typename"] == "ValidationError"
    assert sorted((tuple(f["path"]), f["code"]) for f in result["fields"]) == [
        (("displayName",), "REQUIRED"),
        (("email",), "INVALID_FORMAT"),
        (("password",), "TOO_SHORT"),
    ]
    assert await count(session, users) == before


async def test_sign_up_with_a_taken_email_answers_as_with_a_free_one_and_writes_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, email="an@example.vn")
    before = await count(session, users)
    taken = await gql(
        client,
        SIGN_UP,
        {"input": {"email": "AN@example.vn", "password": PASSWORD, "displayName": "An"}},
    )
    assert await count(session, users) == before
    free = await gql(
        client,
        SIGN_UP,
        {"input": {"email": "AN2@example.vn", "password": PASSWORD, "displayName": "An"}},
    )
    assert await count(session, users) == before + 1
    assert taken["signUp"] == {
        **free["signUp"],
        "email": "an@example.vn",
    }
    assert free["signUp"]["email"] == "an2@example.vn"


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, email="binh@example.vn")
    tokens_before = await count(session, auth_tokens)
    wrong = (
        await gql(client, SIGN_IN, {"email": "binh@example.vn", "password": "wrong password!"})
    )["signIn"]
    unknown = (
        await gql(client, SIGN_IN, {"email": "nobody@example.vn", "password": "wrong password!"})
    )["signIn"]
    assert (
        wrong
        == unknown
        == {
            "__typename": "NotAuthenticated",
            "code": "INVALID_CREDENTIALS",
            "message": "Wrong email or password.",
        }
    )
    assert await count(session, auth_tokens) == tokens_before


async def test_expired_token_is_refused_with_its_own_code(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    expired = await make_user(session, token_ttl=timedelta(seconds=-1))
    me = (await gql(client, ME, token=expired.token))["me"]
    assert me == {"__typename": "NotAuthenticated", "code": "TOKEN_EXPIRED"}
    before = await count(session, organizations)
    data = await gql(
        client, CREATE_ORG, {"input": {"name": "Viện X", "kind": "UNIVERSITY"}}, token=expired.token
    )
    assert data["createOrganization"] == not_authenticated("TOKEN_EXPIRED")
    assert await count(session, organizations) == before


async def test_create_organization_makes_the_creator_its_owner(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    anonymous = await gql(
        client,
        CREATE_ORG,
        {"input": {"name": "Viện Công nghệ Môi trường", "kind": "RESEARCH_INSTITUTE"}},
    )
    assert anonymous["createOrganization"] == not_authenticated("TOKEN_MISSING")
    assert await count(session, organizations) == 0

    owner = await make_user(session, display_name="Lê Minh")
    created = (
        await gql(
            client,
            CREATE_ORG,
            {
                "input": {
                    "name": "Viện Công nghệ Môi trường",
                    "kind": "RESEARCH_INSTITUTE",
                    "provinceCode": "can-tho",
                }
            },
            token=owner.token,
        )
    )["createOrganization"]
    assert created["__typename"] == "OrganizationCreated"
    org = created["organization"]
    assert (org["name"], org["kind"], org["provinceCode"], org["verified"]) == (
        "Viện Công nghệ Môi trường",
        "RESEARCH_INSTITUTE",
        "can-tho",
        False,
    )
    assert org["members"] == [{"role": "OWNER", "user": {"displayName": "Lê Minh"}}]


async def test_create_organization_validates_province_and_registry_code(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    data = await gql(
        client,
        CREATE_ORG,
        {
            "input": {
                "name": "X",
                "kind": "STARTUP",
                "provinceCode": "atlantis",
                "registryCode": "bad code!",
            }
        },
        token=owner.token,
    )
    result = data["createOrganization"]
    assert result["__typename"] == "ValidationError"
    assert sorted(f["path"][0] for f in result["fields"]) == [
        "name",
        "provinceCode",
        "registryCode",
    ]
    assert await count(session, organizations) == 0


INVITE_MEMBER = """
mutation($org: ID!, $email: String!, $role: MemberRole!) {
  inviteMember(input: {organizationId: $org, email: $email, role: $role}) {
    __typename
    ... on InvitationSent { invitation { id role } }
    ... on NotAllowed { notAllowedCode: code }
  }
}"""

ACCEPT_INVITATION = """
mutation($id: ID!) {
  acceptInvitation(input: {id: $id}) {
    __typename
    ... on InvitationAccepted { membership { role user { displayName } } }
    ... on Conflict { conflictCode: code }
  }
}"""

REMOVE_MEMBER = """
mutation($org: ID!, $user: ID!) {
  removeMember(input: {organizationId: $org, userId: $user}) {
    __typename
    ... on MemberRemoved { organization { members { role user { displayName } } } }
    ... on NotAllowed { notAllowedCode: code }
    ... on Conflict { conflictCode: code }
  }
}"""


async def _global_id(client: httpx.AsyncClient, token: str) -> str:
    me = (await gql(client, ME, token=token))["me"]
    return str(me["id"])


async def test_members_are_managed_by_owners_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, display_name="Chủ")
    member = await make_user(session, email="thanh.vien@example.vn", display_name="Thành viên")
    stranger = await make_user(session, display_name="Người lạ")
    org = (
        await gql(
            client,
            CREATE_ORG,
            {"input": {"name": "Công ty CP Nước sạch", "kind": "ENTERPRISE"}},
            token=owner.token,
        )
    )["createOrganization"]["organization"]
    before = await count(session, memberships)

    # Denied first: a stranger cannot invite anyone, and nothing changes.
    denied = await gql(
        client,
        INVITE_MEMBER,
        {"org": org["id"], "email": "thanh.vien@example.vn", "role": "MEMBER"},
        token=stranger.token,
    )
    assert denied["inviteMember"] == not_allowed("NOT_THE_OWNER")
    assert await count(session, memberships) == before
    # A stranger does not see the member list either.
    query = "query($id: ID!) { node(id: $id) { ... on Organization { name members { role } } } }"
    assert (await gql(client, query, {"id": org["id"]}, token=stranger.token))["node"] == {
        "name": "Công ty CP Nước sạch",
        "members": [],
    }

    # Members join by consent: the owner invites, the holder of the email accepts.
    invited = await gql(
        client,
        INVITE_MEMBER,
        {"org": org["id"], "email": "thanh.vien@example.vn", "role": "MEMBER"},
        token=owner.token,
    )
    invitation_id = invited["inviteMember"]["invitation"]["id"]
    assert await count(session, memberships) == before
    added = await gql(client, ACCEPT_INVITATION, {"id": invitation_id}, token=member.token)
    assert added["acceptInvitation"] == {
        "__typename": "InvitationAccepted",
        "membership": {"role": "MEMBER", "user": {"displayName": "Thành viên"}},
    }
    again = await gql(
        client,
        INVITE_MEMBER,
        {"org": org["id"], "email": "thanh.vien@example.vn", "role": "MEMBER"},
        token=owner.token,
    )
    second = again["inviteMember"]["invitation"]["id"]
    already = await gql(client, ACCEPT_INVITATION, {"id": second}, token=member.token)
    assert already["acceptInvitation"] == conflict("ALREADY_MEMBER")

    # The member now sees the list; a plain member cannot remove the owner.
    owner_id = await _global_id(client, owner.token)
    member_id = await _global_id(client, member.token)
    refused = await gql(
        client, REMOVE_MEMBER, {"org": org["id"], "user": owner_id}, token=member.token
    )
    assert refused["removeMember"] == not_allowed("NOT_THE_OWNER")
    last_owner = await gql(
        client, REMOVE_MEMBER, {"org": org["id"], "user": owner_id}, token=owner.token
    )
    assert last_owner["removeMember"] == conflict("LAST_OWNER")
    removed = await gql(
        client, REMOVE_MEMBER, {"org": org["id"], "user": member_id}, token=owner.token
    )
    assert removed["removeMember"] == {
        "__typename": "MemberRemoved",
        "organization": {"members": [{"role": "OWNER", "user": {"displayName": "Chủ"}}]},
    }


VERIFY = """
mutation($org: ID!) {
  verifyOrganization(input: {organizationId: $org}) {
    __typename
    ... on OrganizationVerified { organization { verified } }
    ... on NotAllowed { code }
  }
}"""


async def test_only_operators_verify_organizations(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    org = await make_organization(session, owner.user)
    from strawberry import relay

    org_id = str(relay.GlobalID("Organization", str(org.id)))
    denied = await gql(client, VERIFY, {"org": org_id}, token=owner.token)
    assert denied["verifyOrganization"] == {"__typename": "NotAllowed", "code": "MISSING_ROLE"}
    assert (
        await session.scalar(select(organizations.c.verified).where(organizations.c.id == org.id))
        is False
    )
    allowed = await gql(client, VERIFY, {"org": org_id}, token=operator.token)
    assert allowed["verifyOrganization"] == {
        "__typename": "OrganizationVerified",
        "organization": {"verified": True},
    }


async def test_organizations_connection_pages_with_keyset_cursors(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session)
    names = [f"Tổ chức {i:02d}" for i in range(5)]
    for name in names:
        await make_organization(session, owner.user, name=name, province_code="da-nang")
    query = """query($after: String) { organizations(first: 2, after: $after, provinceCode: "da-nang") {
        edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = (await gql(client, query, {"after": after}))["organizations"]
        seen += [e["node"]["name"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == names


async def test_bad_pagination_arguments_are_typed_errors(client: httpx.AsyncClient) -> None:
    too_many = await gql(
        client, "{ organizations(first: 101) { edges { cursor } } }", expect_errors=True
    )
    assert too_many["errors"][0]["extensions"]["code"] == "INVALIDINPUT"
    assert too_many["errors"][0]["extensions"]["fields"][0]["path"] == ["first"]
    foreign = await gql(
        client,
        '{ organizations(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }',
        expect_errors=True,
    )
    assert foreign["errors"][0]["extensions"]["fields"][0]["path"] == ["after"]
