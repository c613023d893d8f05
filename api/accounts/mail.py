"""Email verification, password reset and digest preferences over GraphQL. Mail itself is
queued in the transaction and sent by the worker."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import Info
from api.errors import ErrorPayload, payload
from api.throttle import Throttled, client_address
from domain import mail as domain_mail
from domain.services import mail_accounts as mail_uc
from domain.services.accounts import require_user

DigestFrequency = strawberry.enum(
    domain_mail.DigestFrequency, description="How often notifications are mailed as a digest."
)


@strawberry.input
class VerifyEmailInput:
    token: str = strawberry.field(description="The code from the verification message.")


@strawberry.input
class RequestPasswordResetInput:
    email: str


@strawberry.input
class ResetPasswordInput:
    token: str = strawberry.field(description="The code from the reset message.")
    new_password: str


@strawberry.input
class SetDigestFrequencyInput:
    frequency: DigestFrequency  # type: ignore[valid-type]


@strawberry.type
class EmailVerified:
    verified: bool


@strawberry.type(description="Sent, unless the address is already verified (sent is false).")
class VerificationEmailQueued:
    sent: bool


@strawberry.type(
    description="The same answer whether or not the email has an account: if it has, a "
    "message with a single-use code (valid for one hour) is on its way."
)
class PasswordResetRequested:
    message: str


@strawberry.type(description="The new password works; every session was signed out.")
class PasswordReset:
    revoked_sessions: int


@strawberry.type
class MailSettings:
    email_verified: bool
    digest_frequency: DigestFrequency  # type: ignore[valid-type]


VerifyEmailResult = Annotated[EmailVerified | ErrorPayload, strawberry.union("VerifyEmailResult")]
ResendVerificationEmailResult = Annotated[
    VerificationEmailQueued | ErrorPayload, strawberry.union("ResendVerificationEmailResult")
]
RequestPasswordResetResult = Annotated[
    PasswordResetRequested | Throttled | ErrorPayload,
    strawberry.union("RequestPasswordResetResult"),
]
ResetPasswordResult = Annotated[
    PasswordReset | Throttled | ErrorPayload, strawberry.union("ResetPasswordResult")
]
SetDigestFrequencyResult = Annotated[
    MailSettings | ErrorPayload, strawberry.union("SetDigestFrequencyResult")
]
MailSettingsResult = Annotated[MailSettings | ErrorPayload, strawberry.union("MailSettingsResult")]


def _links(info: Info) -> mail_uc.MailLinks:
    return mail_uc.MailLinks(public_url=info.context.deps.public_url)


async def _settings(info: Info) -> MailSettings:
    user_id = require_user(await info.context.actor())
    found = await info.context.uow.mail_accounts.contact(user_id)
    frequency = await info.context.uow.mail_accounts.digest_of(user_id)
    return MailSettings(email_verified=bool(found and found[1]), digest_frequency=frequency)


@strawberry.type
class MailQuery:
    @strawberry.field(description="Whether your email is verified, and your digest frequency.")
    @payload
    async def my_mail_settings(self, info: Info) -> MailSettingsResult:
        return await _settings(info)


@strawberry.type
class MailMutation:
    @strawberry.mutation(description="Verify your email with the code sent at sign-up.")
    @payload
    async def verify_email(self, info: Info, input: VerifyEmailInput) -> VerifyEmailResult:
        ctx = info.context
        await mail_uc.verify_email(ctx.uow, token=input.token, now=ctx.now())
        return EmailVerified(verified=True)

    @strawberry.mutation(description="Send a new verification message to your address.")
    @payload
    async def resend_verification_email(self, info: Info) -> ResendVerificationEmailResult:
        ctx = info.context
        sent = await ctx.act(mail_uc.resend_verification, now=ctx.now(), links=_links(info))
        return VerificationEmailQueued(sent=sent)

    @strawberry.mutation(description="Mail a password-reset code, if the email has an account.")
    @payload
    async def request_password_reset(
        self, info: Info, input: RequestPasswordResetInput
    ) -> RequestPasswordResetResult:
        ctx = info.context
        throttled = await ctx.deps.password_throttle.attempt(
            client_address(ctx.request), "reset:" + input.email.strip().lower()
        )
        if throttled is not None:
            return throttled
        await mail_uc.request_password_reset(
            ctx.uow, email=input.email, now=ctx.now(), links=_links(info)
        )
        return PasswordResetRequested(
            message="If this email has an account, a reset code is on its way."
        )

    @strawberry.mutation(description="Set a new password with a reset code; signs out everywhere.")
    @payload
    async def reset_password(self, info: Info, input: ResetPasswordInput) -> ResetPasswordResult:
        ctx = info.context
        throttled = await ctx.deps.password_throttle.attempt(
            client_address(ctx.request), "reset-token"
        )
        if throttled is not None:
            return throttled
        revoked = await mail_uc.reset_password(
            ctx.uow,
            ctx.deps.password_hasher,
            token=input.token,
            new_password=input.new_password,
            now=ctx.now(),
        )
        return PasswordReset(revoked_sessions=revoked)

    @strawberry.mutation(description="Mail your unread notifications daily, weekly, or never.")
    @payload
    async def set_digest_frequency(
        self, info: Info, input: SetDigestFrequencyInput
    ) -> SetDigestFrequencyResult:
        await info.context.act(
            mail_uc.set_digest_frequency,
            frequency=domain_mail.DigestFrequency(input.frequency),
        )
        return await _settings(info)
