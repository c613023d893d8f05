"""Use cases of onboarding with consent (domain/onboarding.py): invitations and join requests.

Each writes its change, exactly one audit entry (ids and codes; never the invited email, which
stays on the invitation) and the notifications it causes, then commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.accounts import EMAIL_RE, Actor, MemberRole, Membership
from domain.errors import (
    Conflict,
    ConflictCode,
    NotAllowed,
    NotAllowedCode,
    NotFound,
    ValidationCode,
    Validator,
)
from domain.exchange_ports import NotificationRepository
from domain.notifications import (
    NewNotification,
    NotificationKind,
    invitation_received_text,
    join_requested_text,
    membership_answered_text,
)
from domain.onboarding import (
    INVITATION_TTL,
    MESSAGE_MAX,
    Invitation,
    InvitationRepository,
    InvitationStatus,
    JoinRequest,
    JoinRequestRepository,
    JoinRequestStatus,
)
from domain.ports import AccountsUnitOfWork
from domain.services.accounts import (
    audit_organization,
    existing_organization,
    normalise_email,
    require_manager,
    require_user,
)


class OnboardingUnitOfWork(AccountsUnitOfWork, Protocol):
    @property
    def invitations(self) -> InvitationRepository: ...

    @property
    def join_requests(self) -> JoinRequestRepository: ...

    @property
    def notifications(self) -> NotificationRepository: ...


def _owner_for_owner_role(actor: Actor, organization_id: UUID, role: MemberRole) -> None:
    if role is MemberRole.OWNER and actor.memberships.get(organization_id) is not MemberRole.OWNER:
        raise NotAllowed(NotAllowedCode.NOT_THE_OWNER, "Only an owner may make another owner.")


async def _add_member(
    uow: OnboardingUnitOfWork, organization_id: UUID, user_id: UUID, role: MemberRole
) -> Membership:
    await uow.organizations.lock_members(organization_id)
    if await uow.organizations.membership(organization_id, user_id) is not None:
        raise Conflict(ConflictCode.ALREADY_MEMBER, "This user is already a member.")
    return await uow.organizations.add_member(organization_id, user_id, role)


async def _tell_managers(
    uow: OnboardingUnitOfWork, actor: Actor, organization_id: UUID, subject_id: UUID, text: str
) -> None:
    assert actor.user_id is not None
    await uow.notifications.add_for_members(
        organization_id,
        NewNotification(
            user_id=actor.user_id,
            kind=NotificationKind.MEMBERSHIP_ANSWERED,
            subject_kind="organization",
            subject_id=subject_id,
            text=text,
        ),
        except_user=actor.user_id,
        managers_only=True,
    )


# --- invitations ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InviteMember:
    organization_id: UUID
    email: str
    role: MemberRole = MemberRole.MEMBER


async def invite_member(
    uow: OnboardingUnitOfWork, actor: Actor, cmd: InviteMember, *, now: datetime
) -> Invitation:
    """Invite an email. Nothing here asks whether the email has an account, so the answer is
    the same either way; inviting an email with a pending invitation renews it."""
    user_id = require_user(actor)
    await require_manager(uow, actor, cmd.organization_id)
    _owner_for_owner_role(actor, cmd.organization_id, cmd.role)
    email = normalise_email(cmd.email)
    v = Validator()
    if not EMAIL_RE.match(email) or len(email) > 254:
        v.add("email", ValidationCode.INVALID_FORMAT, "is not a valid email address")
    v.check()
    organization = await existing_organization(uow, cmd.organization_id)
    expires_at = now + INVITATION_TTL
    pending = await uow.invitations.pending_for(organization.id, email)
    if pending is None:
        invitation = await uow.invitations.add(
            organization_id=organization.id,
            email=email,
            role=cmd.role,
            invited_by=user_id,
            expires_at=expires_at,
        )
    else:
        invitation = await uow.invitations.renew(
            pending.id, role=cmd.role, invited_by=user_id, expires_at=expires_at
        )
    # An insert from a select on the email: one statement whether or not it finds someone.
    await uow.notifications.add_for_email(
        email,
        NewNotification(
            user_id=user_id,
            kind=NotificationKind.INVITATION_RECEIVED,
            subject_kind="invitation",
            subject_id=invitation.id,
            text=invitation_received_text(organization.name, cmd.role.value),
        ),
    )
    await audit_organization(
        uow,
        actor,
        organization.id,
        "member_invited" if pending is None else "invitation_renewed",
        invitation_id=invitation.id,
        role=cmd.role.value,
    )
    await uow.commit()
    return invitation


async def _addressed_to_caller(
    uow: OnboardingUnitOfWork, actor: Actor, invitation_id: UUID, now: datetime
) -> Invitation:
    """The invitation, locked, if it is addressed to the caller's email and still open.
    Anyone else learns nothing about it, not even that it exists."""
    user_id = require_user(actor)
    user = await uow.users.get(user_id)
    invitation = await uow.invitations.get_for_update(invitation_id)
    if invitation is None or user is None or invitation.email != normalise_email(user.email):
        raise NotFound("Invitation", invitation_id)
    if invitation.expired(now):
        raise Conflict(ConflictCode.EXPIRED, "This invitation has expired; ask for a new one.")
    if invitation.status is not InvitationStatus.PENDING:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "This invitation was already answered.")
    return invitation


async def _announce_answer(
    uow: OnboardingUnitOfWork,
    actor: Actor,
    invitation: Invitation,
    *,
    outcome: str,
    action: str,
    **data: object,
) -> None:
    """The organisation's managers hear how the invitee answered; the audit log keeps it."""
    organization = await existing_organization(uow, invitation.organization_id)
    await _tell_managers(
        uow,
        actor,
        organization.id,
        invitation.id,
        membership_answered_text(organization.name, outcome),
    )
    await audit_organization(
        uow, actor, organization.id, action, invitation_id=invitation.id, **data
    )


async def accept_invitation(
    uow: OnboardingUnitOfWork, actor: Actor, *, invitation_id: UUID, now: datetime
) -> Membership:
    invitation = await _addressed_to_caller(uow, actor, invitation_id, now)
    assert actor.user_id is not None
    membership = await _add_member(uow, invitation.organization_id, actor.user_id, invitation.role)
    await uow.invitations.answer(
        invitation.id, status=InvitationStatus.ACCEPTED, answered_by=actor.user_id
    )
    await _announce_answer(
        uow,
        actor,
        invitation,
        outcome="accepted",
        action="invitation_accepted",
        role=invitation.role.value,
    )
    await uow.commit()
    return membership


async def decline_invitation(
    uow: OnboardingUnitOfWork, actor: Actor, *, invitation_id: UUID, now: datetime
) -> Invitation:
    invitation = await _addressed_to_caller(uow, actor, invitation_id, now)
    assert actor.user_id is not None
    declined = await uow.invitations.answer(
        invitation.id, status=InvitationStatus.DECLINED, answered_by=actor.user_id
    )
    await _announce_answer(
        uow, actor, invitation, outcome="invitation_declined", action="invitation_declined"
    )
    await uow.commit()
    return declined


async def revoke_invitation(
    uow: OnboardingUnitOfWork, actor: Actor, *, invitation_id: UUID
) -> Invitation:
    user_id = require_user(actor)
    invitation = await uow.invitations.get_for_update(invitation_id)
    if invitation is None:
        raise NotFound("Invitation", invitation_id)
    await require_manager(uow, actor, invitation.organization_id)
    if invitation.status is not InvitationStatus.PENDING:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "This invitation was already answered.")
    revoked = await uow.invitations.answer(
        invitation.id, status=InvitationStatus.REVOKED, answered_by=user_id
    )
    await audit_organization(
        uow, actor, invitation.organization_id, "invitation_revoked", invitation_id=invitation.id
    )
    await uow.commit()
    return revoked


async def my_invitations(
    uow: OnboardingUnitOfWork, actor: Actor, *, pending_only: bool = True
) -> list[Invitation]:
    user_id = require_user(actor)
    user = await uow.users.get(user_id)
    if user is None:
        return []
    email = normalise_email(user.email)
    return await uow.invitations.addressed_to(email, pending_only=pending_only)


async def pending_invitations(
    uow: OnboardingUnitOfWork, actor: Actor, *, organization_id: UUID
) -> list[Invitation]:
    await require_manager(uow, actor, organization_id)
    return await uow.invitations.pending_of(organization_id)


# --- join requests --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestToJoin:
    organization_id: UUID
    message: str = ""


async def request_to_join(
    uow: OnboardingUnitOfWork, actor: Actor, cmd: RequestToJoin
) -> JoinRequest:
    user_id = require_user(actor)
    v = Validator()
    message = v.text("message", cmd.message, min_len=0, max_len=MESSAGE_MAX)
    v.check()
    organization = await existing_organization(uow, cmd.organization_id)
    if await uow.organizations.membership(organization.id, user_id) is not None:
        raise Conflict(ConflictCode.ALREADY_MEMBER, "You are already a member.")
    if await uow.join_requests.pending_for(organization.id, user_id) is not None:
        raise Conflict(ConflictCode.ALREADY_EXISTS, "Your request already awaits an answer.")
    request = await uow.join_requests.add(
        organization_id=organization.id, user_id=user_id, message=message or ""
    )
    await uow.notifications.add_for_members(
        organization.id,
        NewNotification(
            user_id=user_id,
            kind=NotificationKind.JOIN_REQUESTED,
            subject_kind="join_request",
            subject_id=request.id,
            text=join_requested_text(organization.name),
        ),
        except_user=user_id,
        managers_only=True,
    )
    await audit_organization(uow, actor, organization.id, "join_requested", request_id=request.id)
    await uow.commit()
    return request


@dataclass(frozen=True, slots=True)
class AnswerJoinRequest:
    request_id: UUID
    approve: bool
    role: MemberRole = MemberRole.MEMBER


async def answer_join_request(
    uow: OnboardingUnitOfWork, actor: Actor, cmd: AnswerJoinRequest
) -> JoinRequest:
    user_id = require_user(actor)
    request = await uow.join_requests.get_for_update(cmd.request_id)
    if request is None:
        raise NotFound("JoinRequest", cmd.request_id)
    await require_manager(uow, actor, request.organization_id)
    if cmd.approve:
        _owner_for_owner_role(actor, request.organization_id, cmd.role)
    if request.status is not JoinRequestStatus.PENDING:
        raise Conflict(ConflictCode.INVALID_TRANSITION, "This request was already answered.")
    if cmd.approve:
        await _add_member(uow, request.organization_id, request.user_id, cmd.role)
    status = JoinRequestStatus.APPROVED if cmd.approve else JoinRequestStatus.DECLINED
    answered = await uow.join_requests.answer(request.id, status=status, answered_by=user_id)
    organization = await existing_organization(uow, request.organization_id)
    await uow.notifications.add(
        [
            NewNotification(
                user_id=request.user_id,
                kind=NotificationKind.MEMBERSHIP_ANSWERED,
                subject_kind="join_request",
                subject_id=request.id,
                text=membership_answered_text(organization.name, status.value),
            )
        ]
    )
    await audit_organization(
        uow,
        actor,
        organization.id,
        f"join_request_{status.value}",
        request_id=request.id,
        role=cmd.role.value if cmd.approve else None,
    )
    await uow.commit()
    return answered


async def my_join_requests(uow: OnboardingUnitOfWork, actor: Actor) -> list[JoinRequest]:
    return await uow.join_requests.of_user(require_user(actor))


async def pending_join_requests(
    uow: OnboardingUnitOfWork, actor: Actor, *, organization_id: UUID
) -> list[JoinRequest]:
    await require_manager(uow, actor, organization_id)
    return await uow.join_requests.pending_of(organization_id)
