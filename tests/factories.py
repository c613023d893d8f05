"""Typed factories: build users and organisations through the real use cases and repositories."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.uow import SqlUnitOfWork
from domain.accounts import (
    Actor,
    Locale,
    MemberRole,
    Organization,
    OrganizationKind,
    PlatformRole,
    User,
)
from domain.attachments import Attachment, AttachmentMetadata
from domain.listings import (
    CoAuthor,
    Initiative,
    InitiativeContent,
    InitiativeStatus,
    IpStatus,
    ListingKind,
    Need,
    NeedContent,
    NeedKind,
    NeedStatus,
    OfferContent,
    OfferStatus,
    TechnologyOffer,
    TransferMode,
)
from domain.review import Criterion, DecisionOutcome, Recommendation
from domain.services import accounts as uc
from domain.services import attachments as ac
from domain.services import listings as lc
from domain.services import review as rc

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class SignedInUser:
    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def count(session: AsyncSession, table: Table) -> int:
    """How many rows `table` holds: a refusal must leave it as it was."""
    return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def make_user(
    session: AsyncSession,
    *,
    email: str | None = None,
    display_name: str = "Nguyễn Văn An",
    roles: frozenset[PlatformRole] = frozenset(),
    provinces: dict[PlatformRole, str] | None = None,
    password: str = PASSWORD,
    token_ttl: timedelta = timedelta(days=1),
    unverified: bool = False,
) -> SignedInUser:
    """`provinces` limits a scoped role (operator, observer) to one province."""
    from tests.conftest import FAST_HASHER

    uow = SqlUnitOfWork(session)
    user = await uc.sign_up(
        uow,
        FAST_HASHER,
        uc.SignUp(
            email=email or f"user{next(_seq)}@example.vn",
            password=password,
            display_name=display_name,
            locale=Locale.VI,
        ),
        # Verified, as most tests need; tests of verification sign up through the API.
        on_created=None
        if unverified
        else lambda new: uow.mail_accounts.mark_email_verified(new.id, datetime.now(UTC)),
    )
    if roles:
        await uow.users.set_roles(user.id, roles)
        for role, province in (provinces or {}).items():
            await uow.role_scopes.add(user.id, role, province)
        await uow.commit()
        user = (await uow.users.get(user.id)) or user
    issued = await uc.sign_in(
        uow, FAST_HASHER, email=user.email, password=password, now=datetime.now(UTC), ttl=token_ttl
    )
    return SignedInUser(user=user, token=issued.token)


async def make_organization(
    session: AsyncSession,
    owner: User,
    *,
    name: str | None = None,
    kind: OrganizationKind = OrganizationKind.UNIVERSITY,
    province_code: str | None = "ha-noi",
    verified: bool = False,
) -> Organization:
    uow = SqlUnitOfWork(session)
    actor = Actor(email_verified=True, user_id=owner.id)
    created = await uc.create_organization(
        uow,
        actor,
        uc.CreateOrganization(
            name=name or f"Viện Nghiên cứu số {next(_seq)}", kind=kind, province_code=province_code
        ),
    )
    if not verified:
        return created
    # Straight to the repository: tests of other features need a verified party, not the
    # verification workflow (tests/api/test_verification.py covers that).
    done = await uow.organizations.set_verified(created.id, True)
    await uow.commit()
    return done


def member_actor(user: User, organization: Organization) -> Actor:
    """The user acting as a (verified) member of the organisation, without a token."""
    return Actor(
        email_verified=True, user_id=user.id, memberships={organization.id: MemberRole.MEMBER}
    )


async def make_owner(
    session: AsyncSession, **organization: Any
) -> tuple[SignedInUser, Organization]:
    """A signed-in user and an organisation they own: where most tests start."""
    owner = await make_user(session)
    return owner, await make_organization(session, owner.user, **organization)


async def add_member(
    session: AsyncSession,
    organization: Organization,
    user: User,
    role: MemberRole = MemberRole.MEMBER,
) -> None:
    uow = SqlUnitOfWork(session)
    await uow.organizations.add_member(organization.id, user.id, role)
    await uow.commit()


# --- listings -------------------------------------------------------------------------------

RECEIPT_SECRET = "test receipt secret, not for production use!"


def receipt_signer():  # type: ignore[no-untyped-def]
    from security.receipts import Ed25519ReceiptSigner

    return Ed25519ReceiptSigner.from_secret(RECEIPT_SECRET)


def attachment_metadata(**overrides: object) -> AttachmentMetadata:
    n = next(_seq)
    values: dict[str, object] = {
        "file_name": f"ban-ve-ky-thuat-{n}.pdf",
        "media_type": "application/pdf",
        "size_bytes": 1_048_576 + n,
        "sha256": hashlib.sha256(f"tài liệu {n}".encode()).hexdigest(),
        "caption": f"Bản vẽ kỹ thuật số {n}",
    }
    values.update(overrides)
    return AttachmentMetadata(**values)  # type: ignore[arg-type]


async def make_attachment(
    session: AsyncSession,
    owner: User,
    organization: Organization,
    kind: ListingKind,
    listing_id: UUID,
    metadata: AttachmentMetadata | None = None,
) -> Attachment:
    actor = member_actor(owner, organization)
    return await ac.add_attachment(
        SqlUnitOfWork(session),
        actor,
        listing_kind=kind,
        listing_id=listing_id,
        metadata=metadata or attachment_metadata(),
    )


def initiative_content(**overrides: object) -> InitiativeContent:
    """A complete initiative, ready to submit."""
    values: dict[str, object] = {
        "title": f"Hệ thống lọc nước nhiễm mặn quy mô hộ gia đình {next(_seq)}",
        "summary": "Thiết bị lọc nước mặn dùng năng lượng mặt trời cho vùng ven biển.",
        "description": "Chi tiết kỹ thuật mật: màng lọc RO cải tiến, sơ đồ mạch điều khiển.",
        "problem": "Xâm nhập mặn ở Đồng bằng sông Cửu Long làm thiếu nước sinh hoạt.",
        "solution": "Giải pháp mật: bơm áp thấp kết hợp màng lọc tái sinh.",
        "advantages": "Chi phí thấp hơn 40% so với máy RO thương mại.",
        "field_code": "207",
        "keywords": ("nước mặn", "lọc nước"),
        "trl": 6,
        "ip_status": IpStatus.APPLICATION_FILED,
        "ip_number": "1-2025-01234",
        "target_users": "Hộ gia đình ven biển",
        "expected_impact": "10.000 hộ có nước sạch",
        "province_code": "can-tho",
        "co_authors": (
            CoAuthor("Nguyễn Văn An", Decimal("60")),
            CoAuthor("Trần Thị Bình", Decimal("40"), affiliation="ĐH Cần Thơ"),
        ),
    }
    values.update(overrides)
    return InitiativeContent(**values)  # type: ignore[arg-type]


async def operator_actor(session: AsyncSession) -> Actor:
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    return Actor(email_verified=True, user_id=operator.user.id, roles=operator.user.roles)


async def council_decides(
    session: AsyncSession,
    initiative_id: UUID,
    outcome: DecisionOutcome,
    *,
    operator: Actor,
    reason: str = "Hội đồng đánh giá đạt.",
) -> Initiative:
    """Two reviewers are assigned, both score, and the operator decides: the only way a
    reviewed initiative is accepted, rejected or sent back."""
    uow = SqlUnitOfWork(session)
    recommendation = {
        DecisionOutcome.ACCEPT: Recommendation.ACCEPT,
        DecisionOutcome.REJECT: Recommendation.REJECT,
        DecisionOutcome.REQUEST_REVISION: Recommendation.REVISE,
    }[outcome]
    for _ in range(2):
        reviewer = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
        assignment = await rc.assign_reviewer(
            uow,
            operator,
            rc.AssignReviewer(initiative_id=initiative_id, reviewer_id=reviewer.user.id),
        )
        await rc.score_initiative(
            uow,
            Actor(email_verified=True, user_id=reviewer.user.id, roles=reviewer.user.roles),
            rc.ScoreInitiative(
                assignment_id=assignment.id,
                scores=dict.fromkeys(Criterion, 4),
                comments="Nhận xét riêng của phản biện.",
                recommendation=recommendation,
            ),
        )
    await rc.decide_initiative(
        uow,
        operator,
        rc.DecideInitiative(initiative_id=initiative_id, outcome=outcome, public_reason=reason),
        now=datetime.now(UTC),
    )
    found = await uow.initiatives.get(initiative_id)
    assert found is not None
    return found


_INITIATIVE_PATH: dict[InitiativeStatus, tuple[InitiativeStatus, ...]] = {
    InitiativeStatus.DRAFT: (),
    InitiativeStatus.SUBMITTED: (InitiativeStatus.SUBMITTED,),
    InitiativeStatus.SCREENING: (InitiativeStatus.SUBMITTED, InitiativeStatus.SCREENING),
    InitiativeStatus.UNDER_REVIEW: (
        InitiativeStatus.SUBMITTED,
        InitiativeStatus.SCREENING,
        InitiativeStatus.UNDER_REVIEW,
    ),
    InitiativeStatus.REVISION_REQUESTED: (
        InitiativeStatus.SUBMITTED,
        InitiativeStatus.SCREENING,
        InitiativeStatus.REVISION_REQUESTED,
    ),
    InitiativeStatus.ACCEPTED: (
        InitiativeStatus.SUBMITTED,
        InitiativeStatus.SCREENING,
        InitiativeStatus.UNDER_REVIEW,
        InitiativeStatus.ACCEPTED,
    ),
    InitiativeStatus.PUBLISHED: (
        InitiativeStatus.SUBMITTED,
        InitiativeStatus.SCREENING,
        InitiativeStatus.UNDER_REVIEW,
        InitiativeStatus.ACCEPTED,
        InitiativeStatus.PUBLISHED,
    ),
}


async def make_initiative(
    session: AsyncSession,
    owner: User,
    organization: Organization,
    *,
    status: InitiativeStatus = InitiativeStatus.DRAFT,
    operator: Actor | None = None,
    attachments: Sequence[AttachmentMetadata] = (),
    **content: object,
) -> Initiative:
    """An initiative of `organization`, created by `owner` (with `attachments` added while a
    draft) and moved to `status` through the real use cases (operator steps by a stand-in
    operator actor)."""
    uow = SqlUnitOfWork(session)
    actor = member_actor(owner, organization)
    now = datetime.now(UTC)
    initiative = await lc.create_initiative(
        uow,
        actor,
        organization_id=organization.id,
        content=initiative_content(**content),
        now=now,
    )
    for metadata in attachments:
        await make_attachment(
            session, owner, organization, ListingKind.INITIATIVE, initiative.id, metadata
        )
    staff = operator
    if staff is None and len(_INITIATIVE_PATH[status]) > 1:
        staff = await operator_actor(session)
    for step in _INITIATIVE_PATH[status]:
        if step is InitiativeStatus.SUBMITTED:
            initiative, _ = await lc.submit_initiative(
                uow, actor, receipt_signer(), initiative_id=initiative.id, now=now
            )
        elif step is InitiativeStatus.ACCEPTED:
            assert staff is not None
            initiative = await council_decides(
                session, initiative.id, DecisionOutcome.ACCEPT, operator=staff
            )
        else:
            assert staff is not None
            initiative = await lc.transition_initiative(
                uow,
                staff,
                initiative_id=initiative.id,
                target=step,
                reason="Đạt yêu cầu." if step is not InitiativeStatus.PUBLISHED else None,
                now=now,
            )
    return initiative


def offer_content(**overrides: object) -> OfferContent:
    values: dict[str, object] = {
        "title": f"Công nghệ sấy lạnh nông sản {next(_seq)}",
        "summary": "Máy sấy bơm nhiệt giữ màu và vitamin cho trái cây.",
        "description": "Bản vẽ và thông số mật của buồng sấy.",
        "trl": 7,
        "field_code": "211",
        "keywords": ("sấy lạnh",),
        "transfer_modes": (TransferMode.LICENCE, TransferMode.CONSULTING),
        "terms": "Phí chuyển giao một lần cộng phí bản quyền 3%.",
        "price_min_vnd": 500_000_000,
        "price_max_vnd": 5_000_000_000,
        "province_code": "dong-thap",
        "contact_name": "Phạm Văn Cường",
        "contact_email": "cuong@example.vn",
        "contact_phone": "+84 90 123 4567",
    }
    values.update(overrides)
    return OfferContent(**values)  # type: ignore[arg-type]


async def make_offer(
    session: AsyncSession,
    owner: User,
    organization: Organization,
    *,
    status: OfferStatus = OfferStatus.DRAFT,
    attachments: Sequence[AttachmentMetadata] = (),
    **content: object,
) -> TechnologyOffer:
    uow = SqlUnitOfWork(session)
    actor = member_actor(owner, organization)
    now = datetime.now(UTC)
    offer = await lc.create_offer(
        uow, actor, organization_id=organization.id, content=offer_content(**content), now=now
    )
    for metadata in attachments:
        await make_attachment(session, owner, organization, ListingKind.OFFER, offer.id, metadata)
    if status is OfferStatus.DRAFT:
        return offer
    offer, _ = await lc.submit_offer(uow, actor, receipt_signer(), offer_id=offer.id, now=now)
    if status is OfferStatus.PENDING_APPROVAL:
        return offer
    offer = await lc.approve_offer(
        uow, await operator_actor(session), offer_id=offer.id, approved=True, reason=None, now=now
    )
    assert status is OfferStatus.LISTED, "extend make_offer for other states"
    return offer


def need_content(**overrides: object) -> NeedContent:
    values: dict[str, object] = {
        "title": f"Giải pháp giám sát độ mặn theo thời gian thực {next(_seq)}",
        "kind": NeedKind.CHALLENGE,
        "problem_statement": "Cần cảnh báo sớm xâm nhập mặn cho các trạm bơm.",
        "desired_outcome": "Mạng cảm biến 50 điểm, cảnh báo qua SMS.",
        "constraints": "Chi phí vận hành dưới 20 triệu đồng/tháng.",
        "min_trl": 6,
        "budget_min_vnd": 2_000_000_000,
        "budget_max_vnd": 8_000_000_000,
        "province_code": "vinh-long",
        "field_code": "202",
        "prize_vnd": 500_000_000,
        "order_commitment": "Đặt hàng 50 trạm nếu thử nghiệm đạt.",
        "contact_name": "Sở KH&CN Vĩnh Long",
        "contact_email": "khcn@vinhlong.gov.vn",
        "contact_phone": "0270 3822 000",
    }
    values.update(overrides)
    return NeedContent(**values)  # type: ignore[arg-type]


async def make_need(
    session: AsyncSession,
    owner: User,
    organization: Organization,
    *,
    status: NeedStatus = NeedStatus.DRAFT,
    **content: object,
) -> Need:
    uow = SqlUnitOfWork(session)
    actor = member_actor(owner, organization)
    now = datetime.now(UTC)
    need = await lc.create_need(
        uow, actor, organization_id=organization.id, content=need_content(**content), now=now
    )
    if status is NeedStatus.DRAFT:
        return need
    if need.content.prize_vnd is not None or need.content.order_commitment:
        # A challenge with a prize or an order is published by a verified organisation only.
        await uow.organizations.set_verified(organization.id, True)
    need = await lc.move_need(
        uow, actor, need_id=need.id, target=NeedStatus.OPEN, reason=None, now=now
    )
    assert status is NeedStatus.OPEN, "extend make_need for other states"
    return need
