"""Mail over GraphQL with a real SMTP server: email verification (needed to publish and to
connect), password reset, digests; queued in the transaction and sent by the worker's drainer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from db.repositories.notifications import SqlNotificationRepository
from db.tables import auth_tokens, email_tokens, initiatives, mail_outbox, users
from db.uow import SqlUnitOfWork
from domain.accounts import Locale
from domain.mail import DigestFrequency
from domain.notifications import NewNotification, NotificationKind, review_assigned_text
from domain.services import mail_accounts as mail_uc
from innovex.mail import SmtpMailSender, SmtpTarget, free_port
from tests.factories import PASSWORD, make_initiative, make_organization, make_user
from tests.graphql import ERRORS, gql, invalid, not_allowed
from tests.mail_support import Mailbox, code_in

SIGN_UP = """mutation($email: String!, $locale: Locale!) { signUp(input: {email: $email,
  password: "một mật khẩu thật dài 2026", displayName: "Trần Thị Lan", locale: $locale}) {
  __typename } }"""
SIGN_IN = """mutation($email: String!, $password: String!) { signIn(input: {email: $email,
  password: $password}) { __typename ... on SignedIn { token } } }"""
VERIFY = f"""mutation($token: String!) {{ verifyEmail(input: {{token: $token}}) {{
  __typename ... on EmailVerified {{ verified }} {ERRORS} }} }}"""
RESEND = f"""mutation {{ resendVerificationEmail {{ __typename
  ... on VerificationEmailQueued {{ sent }} {ERRORS} }} }}"""
REQUEST_RESET = """mutation($email: String!) { requestPasswordReset(input: {email: $email}) {
  __typename ... on PasswordResetRequested { message } } }"""
RESET = f"""mutation($token: String!, $password: String!) {{ resetPassword(input: {{
  token: $token, newPassword: $password}}) {{ __typename
  ... on PasswordReset {{ revokedSessions }} {ERRORS} }} }}"""
SETTINGS = f"""{{ myMailSettings {{ __typename ... on MailSettings {{ emailVerified digestFrequency }}
  {ERRORS} }} }}"""
SET_DIGEST = f"""mutation($f: DigestFrequency!) {{ setDigestFrequency(input: {{frequency: $f}}) {{
  __typename ... on MailSettings {{ digestFrequency }} {ERRORS} }} }}"""
SUBMIT = f"""mutation($id: ID!) {{ submitInitiative(input: {{id: $id}}) {{ __typename
  ... on InitiativeSubmitted {{ initiative {{ status }} }} {ERRORS} }} }}"""
ME = "{ me { __typename } }"


async def _queued(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(mail_outbox)) or 0)


async def test_sign_up_queues_a_verification_mail_the_worker_sends_and_the_code_verifies(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    mailbox: Mailbox,
) -> None:
    # when: someone signs up
    await gql(client, SIGN_UP, {"email": "lan@example.vn", "locale": "VI"})

    # then: the message is queued, not sent inside the request
    assert await _queued(session) == 1
    assert mailbox.messages() == []

    # when: the worker drains the mail outbox
    assert await mailbox.drainer(sessions).drain() == 1
    assert await _queued(session) == 0
    [message] = mailbox.to("lan@example.vn")
    assert message.subject == "Xác minh địa chỉ email của bạn"
    assert "Xin chào Trần Thị Lan" in message.body
    token = code_in(message.body)
    # the token is stored hashed, never as sent
    stored = (await session.execute(select(email_tokens.c.token_hash))).scalars().all()
    assert token.encode() not in stored

    signed_in = await gql(
        client, SIGN_IN, {"email": "lan@example.vn", "password": "một mật khẩu thật dài 2026"}
    )
    bearer = signed_in["signIn"]["token"]
    assert (await gql(client, SETTINGS, token=bearer))["myMailSettings"] == {
        "__typename": "MailSettings",
        "emailVerified": False,
        "digestFrequency": "DAILY",
    }

    # a wrong code is a typed error and changes nothing
    wrong = await gql(client, VERIFY, {"token": "not-a-real-code"})
    assert wrong["verifyEmail"] == invalid("token", "INVALID_FORMAT")
    assert (await gql(client, SETTINGS, token=bearer))["myMailSettings"]["emailVerified"] is False

    assert (await gql(client, VERIFY, {"token": token}))["verifyEmail"] == {
        "__typename": "EmailVerified",
        "verified": True,
    }
    assert (await gql(client, SETTINGS, token=bearer))["myMailSettings"]["emailVerified"] is True
    # single use
    again = await gql(client, VERIFY, {"token": token})
    assert again["verifyEmail"]["__typename"] == "ValidationError"
    # nothing more to verify: no new message
    assert (await gql(client, RESEND, token=bearer))["resendVerificationEmail"]["sent"] is False
    assert await _queued(session) == 0


async def test_a_taken_email_answers_alike_and_queues_nothing(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_user(session, email="taken@example.vn")
    answer = await gql(client, SIGN_UP, {"email": "taken@example.vn", "locale": "EN"})
    assert answer["signUp"]["__typename"] == "SignedUp"
    assert await _queued(session) == 0


async def test_mail_operations_refuse_anonymous_callers_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    before = await session.scalar(select(func.count()).select_from(users))
    for query, name in ((RESEND, "resendVerificationEmail"), (SETTINGS, "myMailSettings")):
        assert (await gql(client, query))[name]["__typename"] == "NotAuthenticated"
    refused = await gql(client, SET_DIGEST, {"f": "WEEKLY"})
    assert refused["setDigestFrequency"]["__typename"] == "NotAuthenticated"
    assert await _queued(session) == 0
    assert await session.scalar(select(func.count()).select_from(users)) == before
    assert await session.scalar(select(func.count()).select_from(email_tokens)) == 0


async def test_an_unverified_email_may_not_submit_until_verified(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    mailbox: Mailbox,
) -> None:
    owner = await make_user(session, unverified=True, email="chua@example.vn")
    org = await make_organization(session, owner.user)
    initiative = await make_initiative(session, owner.user, org)
    node_id = str(relay.GlobalID("Initiative", str(initiative.id)))

    refused = await gql(client, SUBMIT, {"id": node_id}, token=owner.token)
    assert refused["submitInitiative"] == not_allowed("EMAIL_NOT_VERIFIED")
    status = await session.scalar(
        select(initiatives.c.status).where(initiatives.c.id == initiative.id)
    )
    assert status == "draft"

    assert (await gql(client, RESEND, token=owner.token))["resendVerificationEmail"]["sent"] is True
    await mailbox.drainer(sessions).drain()
    [message] = mailbox.to("chua@example.vn")
    await gql(client, VERIFY, {"token": code_in(message.body)})

    allowed = await gql(client, SUBMIT, {"id": node_id}, token=owner.token)
    assert allowed["submitInitiative"]["initiative"]["status"] == "SUBMITTED"


async def test_password_reset_answers_alike_works_once_and_signs_out_everywhere(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    mailbox: Mailbox,
) -> None:
    user = await make_user(session, email="reset@example.vn")
    second = await gql(client, SIGN_IN, {"email": "reset@example.vn", "password": PASSWORD})
    assert second["signIn"]["__typename"] == "SignedIn"

    unknown = await gql(client, REQUEST_RESET, {"email": "nobody@example.vn"})
    assert await _queued(session) == 0
    known = await gql(client, REQUEST_RESET, {"email": "Reset@Example.vn "})
    assert unknown["requestPasswordReset"] == known["requestPasswordReset"]
    assert await _queued(session) == 1
    await mailbox.drainer(sessions).drain()
    [message] = mailbox.to("reset@example.vn")
    assert message.subject == "Đặt lại mật khẩu"
    token = code_in(message.body)

    # a weak password is refused and does not spend the code
    weak = await gql(client, RESET, {"token": token, "password": "1234567890"})
    assert weak["resetPassword"]["__typename"] == "ValidationError"
    assert (await gql(client, ME, token=user.token))["me"]["__typename"] == "User"

    new_password = "một mật khẩu mới rất dài 99"
    done = await gql(client, RESET, {"token": token, "password": new_password})
    assert done["resetPassword"] == {"__typename": "PasswordReset", "revokedSessions": 2}
    assert (await gql(client, ME, token=user.token))["me"]["__typename"] == "NotAuthenticated"
    live = await session.scalar(
        select(func.count())
        .select_from(auth_tokens)
        .where(auth_tokens.c.user_id == user.user.id, auth_tokens.c.revoked_at.is_(None))
    )
    assert live == 0
    reused = await gql(client, RESET, {"token": token, "password": "một mật khẩu khác nữa 77"})
    assert reused["resetPassword"]["__typename"] == "ValidationError"
    old = await gql(
        client, SIGN_IN, {"email": "reset@example.vn", "password": PASSWORD}, expect_errors=True
    )
    assert old["data"]["signIn"]["__typename"] == "NotAuthenticated"
    new = await gql(client, SIGN_IN, {"email": "reset@example.vn", "password": new_password})
    assert new["signIn"]["__typename"] == "SignedIn"


async def test_an_expired_reset_code_is_refused(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    user = await make_user(session, email="late@example.vn")
    uow = SqlUnitOfWork(session)
    past = datetime.now(UTC) - timedelta(hours=2)
    await mail_uc.request_password_reset(
        uow, email="late@example.vn", now=past, links=mail_uc.MailLinks("http://x")
    )
    body = (await session.execute(select(mail_outbox.c.body))).scalar_one()
    refused = await gql(
        client, RESET, {"token": code_in(body), "password": "một mật khẩu mới rất dài 99"}
    )
    assert refused["resetPassword"]["__typename"] == "ValidationError"
    assert (await gql(client, ME, token=user.token))["me"]["__typename"] == "User"


async def test_failed_sends_are_retried_later_and_then_delivered(
    session: AsyncSession, sessions: async_sessionmaker[AsyncSession], mailbox: Mailbox
) -> None:
    from db.mail_outbox import MailOutboxDrainer

    uow = SqlUnitOfWork(session)
    await make_user(session, email="retry@example.vn")
    await mail_uc.request_password_reset(
        uow, email="retry@example.vn", now=datetime.now(UTC), links=mail_uc.MailLinks("http://x")
    )
    nowhere = SmtpMailSender(SmtpTarget.from_url(f"smtp://127.0.0.1:{free_port()}"), "x@x.vn")
    stats = await MailOutboxDrainer(sessions, nowhere, base_backoff=timedelta(0)).drain_once()
    assert (stats.sent, stats.failed) == (0, 1)
    row = (await session.execute(select(mail_outbox))).one()
    assert row.attempts == 1
    assert row.last_error
    assert await mailbox.drainer(sessions).drain() == 1
    assert len(mailbox.to("retry@example.vn")) == 1


async def test_digest_in_the_users_language_without_confidential_text(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    mailbox: Mailbox,
) -> None:
    marker = "BÍ-MẬT-7f3a"
    owner = await make_user(session, email="digest@example.vn")
    org = await make_organization(session, owner.user)
    initiative = await make_initiative(
        session, owner.user, org, title="Máy gặt lúa mini", description=f"Chi tiết {marker}"
    )
    english = await make_user(session, email="weekly@example.vn")
    await session.execute(users.update().where(users.c.id == english.user.id).values(locale="en"))
    assert (await gql(client, SET_DIGEST, {"f": "WEEKLY"}, token=english.token))[
        "setDigestFrequency"
    ]["digestFrequency"] == "WEEKLY"
    quiet = await make_user(session, email="off@example.vn")
    await gql(client, SET_DIGEST, {"f": "OFF"}, token=quiet.token)
    notes = SqlNotificationRepository(session)
    for person in (owner, english, quiet):
        await notes.add(
            [
                NewNotification(
                    person.user.id,
                    NotificationKind.REVIEW_ASSIGNED,
                    "initiative",
                    initiative.id,
                    review_assigned_text("Máy gặt lúa mini"),
                )
            ]
        )
    await session.commit()
    uow = SqlUnitOfWork(session)

    # a day later: the daily user gets one, the weekly one not yet
    assert (
        await mail_uc.send_due_digests(uow, now=datetime.now(UTC) + timedelta(days=1, minutes=1))
        == 1
    )
    # a week later: the weekly user too; the daily one has nothing new; "off" never
    assert await mail_uc.send_due_digests(uow, now=datetime.now(UTC) + timedelta(days=8)) == 1
    await mailbox.drainer(sessions).drain()

    [vi] = mailbox.to("digest@example.vn")
    assert vi.subject == "Bản tin hằng ngày: 1 thông báo mới"
    assert "Máy gặt lúa mini" in vi.body
    [en] = mailbox.to("weekly@example.vn")
    assert en.subject == "Your weekly digest: 1 new notifications"
    assert mailbox.to("off@example.vn") == []
    for message in mailbox.messages():
        assert marker not in message.body
        assert marker not in message.subject


def test_innovex_mail_lists_kept_messages_newest_first(mailbox: Mailbox) -> None:
    import asyncio

    from typer.testing import CliRunner

    from domain.mail import OutgoingMail
    from innovex.cli import app

    async def send_two() -> None:
        await mailbox.sender.send(OutgoingMail("a@example.vn", "Thư thứ nhất", "một"))
        await mailbox.sender.send(OutgoingMail("b@example.vn", "Second", "two"))

    asyncio.run(send_two())
    result = CliRunner().invoke(app, ["mail"], env={"DATA_DIR": str(mailbox.data_dir)})
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert "b@example.vn  Second" in lines[0]
    assert "a@example.vn  Thư thứ nhất" in lines[1]
    shown = CliRunner().invoke(
        app, ["mail", "--show", "2"], env={"DATA_DIR": str(mailbox.data_dir)}
    )
    assert "một" in shown.output


def test_digest_frequencies_have_periods() -> None:
    assert DigestFrequency.OFF.period is None
    assert Locale.EN.value == "en"
