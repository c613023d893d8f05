"""`innovex seed --demo`: the bilingual demo data set, loaded through the real use cases.

Everything goes through the same use cases as the API (so lifecycles, receipts, audit entries
and outbox events are all real), inside ONE outer transaction: use-case commits only release
savepoints, and the data set appears whole or not at all. A marker organisation makes the
command idempotent.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import make_sessionmaker
from db.tables import organizations
from db.uow import SqlUnitOfWork
from domain.accounts import Actor, Locale, MemberRole, OrganizationKind, PlatformRole
from domain.connections import DeclineReason
from domain.deals import DealKind
from domain.listings import (
    CoAuthor,
    FundThesis,
    InitiativeContent,
    InitiativeStatus,
    IpStatus,
    NeedContent,
    NeedKind,
    NeedStatus,
    OfferContent,
    OfferStatus,
    TransferMode,
)
from domain.review import Criterion, DecisionOutcome, Recommendation
from domain.services import accounts as accounts_uc
from domain.services import connections as connections_uc
from domain.services import listings as listings_uc
from domain.services import review as review_uc
from innovex.bootstrap import Runtime
from innovex.demo.content import DemoDataset, DemoInitiative, DemoNeed, DemoOffer, generate_demo
from innovex.receipts import Ed25519ReceiptSigner
from innovex.security import Argon2PasswordHasher
from innovex.settings import Settings

DEMO_PASSWORD = "innovex-demo-2026"
MARKER_REGISTRY_CODE = "DEMO-SEED-0001"


class _OneHashHasher:
    """Every demo user has the same password: hash it once (argon2 is slow on purpose)."""

    def __init__(self) -> None:
        self._real = Argon2PasswordHasher()
        self._hash: str | None = None

    async def hash(self, password: str) -> str:
        if password != DEMO_PASSWORD:
            return await self._real.hash(password)
        if self._hash is None:
            self._hash = await self._real.hash(DEMO_PASSWORD)
        return self._hash

    async def verify(self, password_hash: str, password: str) -> bool:
        return await self._real.verify(password_hash, password)

    def weakness(self, password: str, user_inputs: Sequence[str]) -> str | None:
        return self._real.weakness(password, user_inputs)


@dataclass
class _Loaded:
    users: dict[str, UUID] = field(default_factory=dict)
    roles: dict[str, frozenset[PlatformRole]] = field(default_factory=dict)
    organizations: dict[str, UUID] = field(default_factory=dict)
    memberships: dict[UUID, dict[UUID, MemberRole]] = field(default_factory=dict)
    initiatives: dict[str, UUID] = field(default_factory=dict)
    offers: dict[str, UUID] = field(default_factory=dict)
    needs: dict[str, UUID] = field(default_factory=dict)
    reviewer_orgs: dict[str, str | None] = field(default_factory=dict)  # reviewer -> affiliation

    def actor(self, person_key: str) -> Actor:
        user_id = self.users[person_key]
        return Actor(
            user_id=user_id,
            roles=self.roles.get(person_key, frozenset()),
            memberships=dict(self.memberships.get(user_id, {})),
        )


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int], Callable[[], None]]]:
    if not enabled:
        yield lambda _label, _total: lambda: None
        return
    with Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ) as bar:

        def task(label: str, total: int) -> Callable[[], None]:
            task_id = bar.add_task(label, total=total)
            return lambda: bar.advance(task_id)

        yield task


async def seed_demo(
    settings: Settings, *, progress: bool = False, database_url: str | None = None
) -> bool:
    """Load the demo data set unless it is there already. Returns True when loaded."""
    runtime = Runtime.build(settings, database_url)
    try:
        async with runtime.engine.connect() as conn:
            transaction = await conn.begin()
            already = await conn.scalar(
                select(organizations.c.id).where(
                    organizations.c.registry_code == MARKER_REGISTRY_CODE
                )
            )
            if already is not None:
                await transaction.rollback()
                return False
            sessions = make_sessionmaker(conn, join_transaction_mode="create_savepoint")
            async with sessions() as session:
                signer = Ed25519ReceiptSigner.from_secret(settings.resolved_secret_key)
                await load_dataset(
                    session,
                    generate_demo(reference_date=date.today()),
                    signer,
                    progress=progress,
                )
            await transaction.commit()
            return True
    finally:
        await runtime.close()


async def load_dataset(
    session: AsyncSession, data: DemoDataset, signer: Any, *, progress: bool = False
) -> _Loaded:
    uow = SqlUnitOfWork(session)
    loaded = _Loaded()
    rng = random.Random(data.seed)  # noqa: S311 - reproducible demo data
    now = datetime.now(UTC)
    with _progress(progress) as task:
        await _people_and_organizations(uow, data, loaded, task)
        step = task("initiatives", len(data.initiatives))
        for item in data.initiatives:
            await _initiative(uow, signer, loaded, item, now=now, rng=rng)
            step()
        step = task("technology offers", len(data.offers))
        ip_numbers = {i.key: i.ip_number for i in data.initiatives}
        for offer in data.offers:
            await _offer(
                uow, signer, loaded, offer, now=now, ip_number=_offer_ip_number(offer, ip_numbers)
            )
            step()
        step = task("needs and challenges", len(data.needs))
        for need in data.needs:
            await _need(uow, loaded, need, now)
            step()
        step = task("funds", len(data.funds))
        for fund in data.funds:
            org_id = loaded.organizations[fund.organization_key]
            owner = next(p for p in data.people if p.organization_key == fund.organization_key)
            await listings_uc.upsert_fund_profile(
                uow,
                loaded.actor(owner.key),
                organization_id=org_id,
                content=FundThesis(
                    thesis=fund.thesis,
                    field_codes=fund.field_codes,
                    trl_min=fund.trl_min,
                    trl_max=fund.trl_max,
                    ticket_min_vnd=fund.ticket_min_vnd,
                    ticket_max_vnd=fund.ticket_max_vnd,
                    province_codes=fund.province_codes,
                ),
            )
            step()
        await _exchange(uow, data, loaded, rng, now=now, task=task)
    return loaded


async def _people_and_organizations(
    uow: SqlUnitOfWork,
    data: DemoDataset,
    loaded: _Loaded,
    task: Callable[[str, int], Callable[[], None]],
) -> None:
    hasher = _OneHashHasher()
    step = task("people", len(data.people))
    for person in data.people:
        user = await accounts_uc.sign_up(
            uow,
            hasher,
            accounts_uc.SignUp(
                email=person.email,
                password=DEMO_PASSWORD,
                display_name=person.display_name,
                locale=Locale(person.locale),
            ),
        )
        loaded.users[person.key] = user.id
        role = {"operator": PlatformRole.OPERATOR, "reviewer": PlatformRole.REVIEWER}.get(
            person.role
        )
        if role is PlatformRole.REVIEWER:
            loaded.reviewer_orgs[person.key] = person.organization_key
        if role is not None:
            loaded.roles[person.key] = frozenset({role})
            await uow.users.set_roles(user.id, frozenset({role}))
        step()
    # The marker: a platform organisation whose presence means "demo data loaded".
    first_operator = next(p for p in data.people if p.role == "operator")
    marker = await accounts_uc.create_organization(
        uow,
        loaded.actor(first_operator.key),
        accounts_uc.CreateOrganization(
            name="Cổng Sáng kiến Quốc gia (dữ liệu mẫu)",
            kind=OrganizationKind.SUPPORT_ORG,
            province_code="ha-noi",
            registry_code=MARKER_REGISTRY_CODE,
        ),
    )
    loaded.memberships.setdefault(loaded.users[first_operator.key], {})[marker.id] = (
        MemberRole.OWNER
    )

    step = task("organisations", len(data.organizations))
    admins = {p.organization_key: p for p in data.people if p.role == "org_admin"}
    for org in data.organizations:
        admin = admins[org.key]
        created = await accounts_uc.create_organization(
            uow,
            loaded.actor(admin.key),
            accounts_uc.CreateOrganization(
                name=org.name,
                kind=OrganizationKind(org.kind),
                province_code=org.province_code,
                registry_code=org.registry_code,
            ),
        )
        loaded.organizations[org.key] = created.id
        loaded.memberships.setdefault(loaded.users[admin.key], {})[created.id] = MemberRole.OWNER
        if org.verified:
            await accounts_uc.verify_organization(
                uow, loaded.actor(first_operator.key), organization_id=created.id, verified=True
            )
        step()
    for person in data.people:
        if person.role == "org_member" and person.organization_key:
            org_id = loaded.organizations[person.organization_key]
            await uow.organizations.add_member(org_id, loaded.users[person.key], MemberRole.MEMBER)
            loaded.memberships.setdefault(loaded.users[person.key], {})[org_id] = MemberRole.MEMBER
    await uow.commit()


def _operator_key(loaded: _Loaded) -> str:
    return next(k for k, r in loaded.roles.items() if PlatformRole.OPERATOR in r)


# The demo content speaks Vietnamese IP law (patent, utility solution, copyright...) and trade
# practice; the domain keeps the coarser vocabulary.
_IP = {
    "none": IpStatus.NONE,
    "pending": IpStatus.APPLICATION_FILED,
    "patent": IpStatus.GRANTED,
    "utility_solution": IpStatus.GRANTED,
    "copyright": IpStatus.GRANTED,
    "trade_secret": IpStatus.TRADE_SECRET,
}
_TRANSFER = {
    "licence": TransferMode.LICENCE,
    "assignment": TransferMode.ASSIGNMENT,
    "capital_contribution": TransferMode.ASSIGNMENT,  # technology contributed as capital
    "joint_venture": TransferMode.JOINT_DEVELOPMENT,
    "technical_service": TransferMode.CONSULTING,
    "turnkey": TransferMode.PRODUCT_SALE,
}


def _offer_ip_number(offer: DemoOffer, data_ip: dict[str, str | None]) -> str | None:
    """Offers carry no number in the demo content: reuse the linked initiative's, else make a
    plausible one (a filed application or a granted patent/utility solution)."""
    if _IP[offer.ip_status] not in {IpStatus.APPLICATION_FILED, IpStatus.GRANTED}:
        return None
    if offer.initiative_key and data_ip.get(offer.initiative_key):
        return data_ip[offer.initiative_key]
    serial = int(hashlib.sha256(offer.key.encode()).hexdigest()[:6], 16) % 90000 + 10000
    if offer.ip_status == "pending":
        return f"1-2025-{serial:05d}"
    return f"{'2' if offer.ip_status == 'utility_solution' else '1'}-00{serial:05d}"


def _modes(names: tuple[str, ...]) -> tuple[TransferMode, ...]:
    return tuple(dict.fromkeys(_TRANSFER[n] for n in names))


# Public reasons an operator gives, in the language of the listing.
_REASONS = {
    "vi": {
        "revision": "Đề nghị bổ sung số liệu thử nghiệm thực địa và làm rõ chi phí triển khai.",
        "accepted": "Hội đồng đánh giá cao tính mới và khả năng áp dụng thực tiễn.",
        "rejected": "Giải pháp trùng với sáng kiến đã được công nhận; chưa chứng minh tính mới.",
        "withdrawn": "Tác giả rút hồ sơ để hoàn thiện thêm.",
    },
    "en": {
        "revision": "Please add field-trial data and clarify deployment costs.",
        "accepted": "The council rated the novelty and practical applicability highly.",
        "rejected": "Overlaps an initiative already recognised; novelty not demonstrated.",
        "withdrawn": "The authors withdrew the submission to improve it.",
    },
}

# The path from draft to each target state, as (status, who) steps after creation.
_I = InitiativeStatus
_INITIATIVE_PATHS: dict[str, list[InitiativeStatus]] = {
    "draft": [],
    "submitted": [_I.SUBMITTED],
    "screening": [_I.SUBMITTED, _I.SCREENING],
    "under_review": [_I.SUBMITTED, _I.SCREENING, _I.UNDER_REVIEW],
    "revision_requested": [_I.SUBMITTED, _I.SCREENING, _I.UNDER_REVIEW, _I.REVISION_REQUESTED],
    "resubmitted": [
        _I.SUBMITTED,
        _I.SCREENING,
        _I.UNDER_REVIEW,
        _I.REVISION_REQUESTED,
        _I.RESUBMITTED,
    ],
    "accepted": [_I.SUBMITTED, _I.SCREENING, _I.UNDER_REVIEW, _I.ACCEPTED],
    "rejected": [_I.SUBMITTED, _I.SCREENING, _I.UNDER_REVIEW, _I.REJECTED],
    "published": [_I.SUBMITTED, _I.SCREENING, _I.UNDER_REVIEW, _I.ACCEPTED, _I.PUBLISHED],
    "commercialising": [
        _I.SUBMITTED,
        _I.SCREENING,
        _I.UNDER_REVIEW,
        _I.ACCEPTED,
        _I.PUBLISHED,
        _I.COMMERCIALISING,
    ],
    "commercialised": [
        _I.SUBMITTED,
        _I.SCREENING,
        _I.UNDER_REVIEW,
        _I.ACCEPTED,
        _I.PUBLISHED,
        _I.COMMERCIALISING,
        _I.COMMERCIALISED,
    ],
    "withdrawn": [_I.SUBMITTED, _I.SCREENING, _I.WITHDRAWN],
}


async def _initiative(
    uow: SqlUnitOfWork,
    signer: Any,
    loaded: _Loaded,
    item: DemoInitiative,
    *,
    now: datetime,
    rng: random.Random,
) -> None:
    owner = loaded.actor(item.submitter_key)
    operator = loaded.actor(_operator_key(loaded))
    org_id = loaded.organizations[item.organization_key]
    path = _INITIATIVE_PATHS[item.target_state]
    # Spread the history over the past months, oldest steps first.
    at = now - timedelta(days=rng.randint(20, 300))
    created = await listings_uc.create_initiative(
        uow,
        owner,
        organization_id=org_id,
        content=InitiativeContent(
            title=item.title,
            summary=item.summary,
            description=item.description,
            problem=item.problem,
            solution=item.solution,
            advantages=item.advantages,
            field_code=item.field_code,
            keywords=item.keywords,
            trl=item.trl,
            ip_status=_IP[item.ip_status],
            ip_number=item.ip_number,
            target_users=item.target_users,
            expected_impact=item.expected_impact,
            province_code=item.province_code,
            language=Locale(item.language),
            co_authors=tuple(CoAuthor(name=n, share_percent=Decimal(s)) for n, s in item.coauthors),
        ),
        now=at,
    )
    loaded.initiatives[item.key] = created.id
    reasons = _REASONS[item.language]
    for index, target in enumerate(path):
        at += timedelta(days=rng.randint(2, 15), hours=rng.randint(0, 8))
        at = min(at, now)
        if target in _DECISIONS and path[index - 1] is _I.UNDER_REVIEW:
            await _council(uow, loaded, item, created.id, rng, decide=_DECISIONS[target], at=at)
        elif target is _I.SUBMITTED:
            await listings_uc.submit_initiative(
                uow, owner, signer, initiative_id=created.id, now=at
            )
        elif target is _I.RESUBMITTED:
            await listings_uc.resubmit_initiative(
                uow, owner, signer, initiative_id=created.id, now=at
            )
        else:
            by_owner = target in {_I.WITHDRAWN, _I.COMMERCIALISING, _I.COMMERCIALISED}
            reason = {
                _I.REVISION_REQUESTED: reasons["revision"],
                _I.ACCEPTED: reasons["accepted"],
                _I.REJECTED: reasons["rejected"],
                _I.WITHDRAWN: reasons["withdrawn"],
            }.get(target)
            await listings_uc.transition_initiative(
                uow,
                owner if by_owner else operator,
                initiative_id=created.id,
                target=target,
                reason=reason,
                now=at,
            )
            if target is _I.UNDER_REVIEW and path[-1] is _I.UNDER_REVIEW:
                await _council(uow, loaded, item, created.id, rng, decide=None, at=at)


_O = OfferStatus
_OFFER_PATHS: dict[str, list[OfferStatus]] = {
    "draft": [],
    "pending_approval": [_O.PENDING_APPROVAL],
    "listed": [_O.PENDING_APPROVAL, _O.LISTED],
    "under_negotiation": [_O.PENDING_APPROVAL, _O.LISTED, _O.UNDER_NEGOTIATION],
    "transferred": [_O.PENDING_APPROVAL, _O.LISTED, _O.UNDER_NEGOTIATION, _O.TRANSFERRED],
    "withdrawn": [_O.PENDING_APPROVAL, _O.LISTED, _O.WITHDRAWN],
    "expired": [_O.PENDING_APPROVAL, _O.LISTED, _O.EXPIRED],
}


async def _offer(
    uow: SqlUnitOfWork,
    signer: Any,
    loaded: _Loaded,
    offer: DemoOffer,
    *,
    now: datetime,
    ip_number: str | None,
) -> None:
    owner = loaded.actor(offer.owner_key)
    operator = loaded.actor(_operator_key(loaded))
    # An expired offer was approved more than a listing term ago; the others recently.
    start = now - timedelta(days=500 if offer.target_state == "expired" else 40)
    created = await listings_uc.create_offer(
        uow,
        owner,
        organization_id=loaded.organizations[offer.organization_key],
        content=OfferContent(
            title=offer.title,
            summary=offer.summary,
            description=offer.description,
            trl=offer.trl,
            ip_status=_IP[offer.ip_status],
            ip_number=ip_number,
            field_code=offer.field_code,
            keywords=offer.keywords,
            transfer_modes=_modes(offer.transfer_modes),
            terms=offer.terms,
            price_min_vnd=offer.price_min_vnd,
            price_max_vnd=offer.price_max_vnd,
            province_code=offer.province_code,
            initiative_id=loaded.initiatives.get(offer.initiative_key)
            if offer.initiative_key
            else None,
        ),
        now=start,
    )
    loaded.offers[offer.key] = created.id
    at = start
    for target in _OFFER_PATHS[offer.target_state]:
        at += timedelta(days=3)
        if target is _O.PENDING_APPROVAL:
            await listings_uc.submit_offer(uow, owner, signer, offer_id=created.id, now=at)
        elif target is _O.LISTED:
            await listings_uc.approve_offer(
                uow, operator, offer_id=created.id, approved=True, reason=None, now=at
            )
        elif target is _O.UNDER_NEGOTIATION:
            await listings_uc.mark_offer_negotiating(uow, owner, offer_id=created.id, now=at)
        elif target is _O.TRANSFERRED:
            await listings_uc.mark_offer_transferred(
                uow, owner, offer_id=created.id, reason="Đã ký hợp đồng chuyển giao.", now=at
            )
        elif target is _O.WITHDRAWN:
            await listings_uc.withdraw_offer(
                uow,
                owner,
                offer_id=created.id,
                reason="Tạm dừng chào bán để nâng cấp sản phẩm.",
                now=at,
            )
        elif target is _O.EXPIRED:
            await listings_uc.expire_due_offers(uow, now=now)


async def _need(uow: SqlUnitOfWork, loaded: _Loaded, need: DemoNeed, now: datetime) -> None:
    owner = loaded.actor(need.owner_key)
    created = await listings_uc.create_need(
        uow,
        owner,
        organization_id=loaded.organizations[need.organization_key],
        content=NeedContent(
            title=need.title,
            kind=NeedKind(need.kind),
            problem_statement=need.problem_statement,
            desired_outcome=need.desired_outcome,
            constraints=need.constraints,
            min_trl=need.min_trl,
            budget_min_vnd=need.budget_min_vnd,
            budget_max_vnd=need.budget_max_vnd,
            deadline=need.deadline,
            province_code=need.province_code,
            field_code=need.field_code,
            prize_vnd=need.prize_vnd,
            order_commitment=need.order_commitment,
        ),
        now=min(
            now - timedelta(days=30),
            datetime.combine(need.deadline, datetime.min.time(), tzinfo=UTC) - timedelta(days=50),
        ),
    )
    loaded.needs[need.key] = created.id
    path = {
        "draft": [],
        "open": [NeedStatus.OPEN],
        "closed": [NeedStatus.OPEN, NeedStatus.CLOSED],
        "awarded": [NeedStatus.OPEN, NeedStatus.CLOSED, NeedStatus.AWARDED],
    }[need.target_state]
    # Published well before its deadline; closed (and awarded) after it when it has passed.
    deadline = datetime.combine(need.deadline, datetime.min.time(), tzinfo=UTC)
    at = min(now - timedelta(days=23), deadline - timedelta(days=45))
    for target in path:
        if target is not NeedStatus.OPEN:
            at = min(max(at + timedelta(days=5), deadline + timedelta(days=1)), now)
        reason = "Đã chọn được giải pháp phù hợp nhất." if target is NeedStatus.AWARDED else None
        await listings_uc.move_need(
            uow, owner, need_id=created.id, target=target, reason=reason, now=at
        )


_DECISIONS = {
    _I.ACCEPTED: DecisionOutcome.ACCEPT,
    _I.REJECTED: DecisionOutcome.REJECT,
    _I.REVISION_REQUESTED: DecisionOutcome.REQUEST_REVISION,
}
_RECOMMENDATION = {
    DecisionOutcome.ACCEPT: Recommendation.ACCEPT,
    DecisionOutcome.REJECT: Recommendation.REJECT,
    DecisionOutcome.REQUEST_REVISION: Recommendation.REVISE,
}
_COMMENTS = (
    "Giải pháp có tính mới rõ ràng; cần bổ sung số liệu thử nghiệm ở quy mô lớn hơn.",
    "Khả năng áp dụng cao tại địa phương; chi phí đầu tư ban đầu còn lớn.",
    "The method is sound; the commercial route needs a named pilot customer.",
    "Tài liệu mô tả đầy đủ; đề nghị làm rõ quyền sở hữu trí tuệ của đồng tác giả.",
)


async def _council(
    uow: SqlUnitOfWork,
    loaded: _Loaded,
    item: DemoInitiative,
    initiative_id: UUID,
    rng: random.Random,
    *,
    decide: DecisionOutcome | None,
    at: datetime,
) -> None:
    """Two (sometimes three, one recusing) reviewers from other organisations; with `decide`,
    everyone scores and the operator decides; without, the review is left in progress."""
    operator = loaded.actor(_operator_key(loaded))
    candidates = [k for k, o in loaded.reviewer_orgs.items() if o != item.organization_key]
    chosen = rng.sample(candidates, 3 if rng.random() < 0.2 else 2)
    assignments = []
    for reviewer_key in chosen:
        assignment = await review_uc.assign_reviewer(
            uow,
            operator,
            review_uc.AssignReviewer(
                initiative_id=initiative_id, reviewer_id=loaded.users[reviewer_key]
            ),
        )
        assignments.append((reviewer_key, assignment.id))
    if len(assignments) == 3:  # the third declares a conflict of interest
        reviewer_key, assignment_id = assignments.pop()
        await review_uc.declare_conflict(
            uow,
            loaded.actor(reviewer_key),
            review_uc.DeclareConflict(
                assignment_id=assignment_id, note="Từng hợp tác với nhóm tác giả."
            ),
        )
    scoring = assignments if decide is not None else assignments[:1]
    for reviewer_key, assignment_id in scoring:
        recommendation = _RECOMMENDATION[decide] if decide else rng.choice(list(Recommendation))
        await review_uc.score_initiative(
            uow,
            loaded.actor(reviewer_key),
            review_uc.ScoreInitiative(
                assignment_id=assignment_id,
                scores={
                    c: rng.randint(3, 5)
                    if decide is not DecisionOutcome.REJECT
                    else rng.randint(1, 3)
                    for c in Criterion
                },
                comments=rng.choice(_COMMENTS),
                recommendation=recommendation,
            ),
        )
    if decide is not None:
        reasons = _REASONS[item.language]
        reason = {
            DecisionOutcome.ACCEPT: reasons["accepted"],
            DecisionOutcome.REJECT: reasons["rejected"],
            DecisionOutcome.REQUEST_REVISION: reasons["revision"],
        }[decide]
        await review_uc.decide_initiative(
            uow,
            operator,
            review_uc.DecideInitiative(
                initiative_id=initiative_id, outcome=decide, public_reason=reason
            ),
            now=at,
        )


_INTROS = (
    "Đơn vị chúng tôi quan tâm đến công nghệ này để triển khai thí điểm tại địa phương.",
    "We would like to discuss a licence for our production line.",
    "Chúng tôi muốn tìm hiểu thêm về chi phí chuyển giao và hỗ trợ kỹ thuật.",
    "Quỹ quan tâm đầu tư giai đoạn thương mại hóa, mong được trao đổi thêm.",
)
_MESSAGES = (
    (
        "Xin gửi quý đơn vị tài liệu kỹ thuật sơ bộ sau khi ký NDA.",
        "Cảm ơn, chúng tôi sẽ phản hồi trong tuần.",
    ),
    (
        "Could you share the pilot results from last season?",
        "Attached in the data room; happy to set up a call.",
    ),
    (
        "Đề xuất lịch khảo sát hiện trường vào tuần sau.",
        "Đồng ý, chúng tôi sẽ cử hai kỹ sư tham gia.",
    ),
)
_SEEKER_KINDS = {"agency", "enterprise", "startup"}
_SUPPLIER_KINDS = {"university", "research_institute", "startup", "enterprise"}


async def _exchange(
    uow: SqlUnitOfWork,
    data: DemoDataset,
    loaded: _Loaded,
    rng: random.Random,
    *,
    now: datetime,
    task: Callable[[str, int], Callable[[], None]],
) -> None:
    """Connections on public listings: interest in offers, investment in initiatives, proposals
    to needs; each accepted, declined, negotiating or closed with a deal, with messages."""
    admins = {p.organization_key: p.key for p in data.people if p.role == "org_admin"}
    kinds = {o.key: o.kind for o in data.organizations}
    seekers = [k for k, kind in kinds.items() if kind in _SEEKER_KINDS]
    suppliers = [k for k, kind in kinds.items() if kind in _SUPPLIER_KINDS]
    funds = [f.organization_key for f in data.funds]
    plans: list[
        tuple[UUID, str, str, str, DealKind]
    ] = []  # listing, owner org, requester org, owner person, deal
    # Initiatives first: a deal on an offer may move its initiative on.
    for item in data.initiatives:
        if (
            item.target_state in {"published", "commercialising"}  # commercialised: no requests
            and rng.random() < 0.5
        ):
            requester = rng.choice(funds)
            plans.append(
                (
                    loaded.initiatives[item.key],
                    item.organization_key,
                    requester,
                    item.submitter_key,
                    DealKind.INVESTMENT,
                )
            )
    for offer in data.offers:
        if offer.target_state in {"listed", "under_negotiation"} and rng.random() < 0.6:
            requester = rng.choice([k for k in seekers if k != offer.organization_key])
            plans.append(
                (
                    loaded.offers[offer.key],
                    offer.organization_key,
                    requester,
                    offer.owner_key,
                    DealKind.LICENCE,
                )
            )
    for need in data.needs:
        if need.target_state == "open" and rng.random() < 0.7:
            requester = rng.choice([k for k in suppliers if k != need.organization_key])
            plans.append(
                (
                    loaded.needs[need.key],
                    need.organization_key,
                    requester,
                    need.owner_key,
                    DealKind.PROCUREMENT,
                )
            )
    step = task("connections", len(plans))
    for n, (listing_id, _owner_org, requester_org, owner_key, deal_kind) in enumerate(plans):
        requester = loaded.actor(admins[requester_org])
        owner = loaded.actor(owner_key)
        connection = await connections_uc.request_connection(
            uow,
            requester,
            connections_uc.RequestConnection(
                listing_id=listing_id,
                requester_organization_id=loaded.organizations[requester_org],
                intro=rng.choice(_INTROS),
                acknowledge_nda=n % 4 != 0,
            ),
        )
        outcome = n % 5  # 0 pending, 1 declined, 2 accepted, 3 negotiating, 4 deal
        if outcome == 1:
            await connections_uc.decline_connection(
                uow,
                owner,
                connections_uc.DeclineConnection(
                    connection_id=connection.id,
                    reason=rng.choice([r for r in DeclineReason if r is not DeclineReason.OTHER]),
                    note="Cảm ơn quý đơn vị, hiện chưa phù hợp với kế hoạch của chúng tôi.",
                ),
            )
        elif outcome >= 2:
            if connection.nda_acknowledged_at is None:
                await connections_uc.acknowledge_nda(uow, requester, connection_id=connection.id)
            await connections_uc.accept_connection(uow, owner, connection_id=connection.id)
            ask, answer = rng.choice(_MESSAGES)
            await connections_uc.post_message(
                uow, requester, connections_uc.PostMessage(connection.id, ask)
            )
            await connections_uc.post_message(
                uow, owner, connections_uc.PostMessage(connection.id, answer)
            )
            if outcome >= 3:
                await connections_uc.start_negotiation(uow, requester, connection_id=connection.id)
            if outcome == 4:
                await connections_uc.record_deal(
                    uow,
                    owner,
                    connections_uc.RecordDeal(
                        connection_id=connection.id,
                        kind=deal_kind,
                        signed_on=(now - timedelta(days=rng.randint(1, 60))).date(),
                        value_vnd=rng.choice([None, rng.randint(2, 80) * 50_000_000]),
                    ),
                )
        step()
