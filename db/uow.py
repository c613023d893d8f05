"""The unit of work: one session, the repositories over it, and one commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from db.audit import SqlAuditLog
from db.federation.access import SqlApiKeyRepository, SqlWebhookRepository
from db.federation.inbound import SqlFederatedListings
from db.federation.sync import SqlSyncPeers
from db.outbox import SqlOutbox
from db.repositories.accounts import (
    SqlOrganizationRepository,
    SqlTokenRepository,
    SqlUserRepository,
)
from db.repositories.attachments import SqlAttachmentRepository
from db.repositories.awards import SqlNeedAwardRepository
from db.repositories.connections import (
    SqlConnectionRepository,
    SqlDealRepository,
    SqlListingLookup,
)
from db.repositories.feedback import (
    SqlEvaluationRoundRepository,
    SqlFeedbackStatistics,
    SqlRatingRepository,
)
from db.repositories.listings import (
    SqlFundRepository,
    SqlInitiativeRepository,
    SqlListingRecords,
    SqlNeedRepository,
    SqlOfferRepository,
)
from db.repositories.mail import (
    SqlEmailTokenRepository,
    SqlMailAccountRepository,
    SqlMailQueue,
)
from db.repositories.matching_usage import SqlMatchingUsage
from db.repositories.notifications import SqlNotificationRepository
from db.repositories.onboarding import SqlInvitationRepository, SqlJoinRequestRepository
from db.repositories.reports import SqlReportRepository
from db.repositories.review import SqlReviewRepository
from db.repositories.reviewers import SqlReviewerPool, SqlRoleScopes
from db.repositories.statistics import SqlStatisticsReader
from db.repositories.verifications import SqlVerificationRepository


class SqlUnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.users = SqlUserRepository(session)
        self.tokens = SqlTokenRepository(session)
        self.organizations = SqlOrganizationRepository(session)
        self.outbox = SqlOutbox(session)
        self.audit = SqlAuditLog(session)
        self.initiatives = SqlInitiativeRepository(session)
        self.offers = SqlOfferRepository(session)
        self.needs = SqlNeedRepository(session)
        self.funds = SqlFundRepository(session)
        self.listing_records = SqlListingRecords(session)
        self.attachments = SqlAttachmentRepository(session)
        self.listing_lookup = SqlListingLookup(session)
        self.review = SqlReviewRepository(session)
        self.connections = SqlConnectionRepository(session)
        self.deals = SqlDealRepository(session)
        self.need_awards = SqlNeedAwardRepository(session)
        self.verifications = SqlVerificationRepository(session)
        self.notifications = SqlNotificationRepository(session)
        self.invitations = SqlInvitationRepository(session)
        self.join_requests = SqlJoinRequestRepository(session)
        self.role_scopes = SqlRoleScopes(session)
        self.reviewer_pool = SqlReviewerPool(session)
        self.api_keys = SqlApiKeyRepository(session)
        self.webhooks = SqlWebhookRepository(session)
        self.federated = SqlFederatedListings(session)
        self.sync_peers = SqlSyncPeers(session)
        self.statistics = SqlStatisticsReader(session)
        self.reports = SqlReportRepository(session)
        self.feedback_statistics = SqlFeedbackStatistics(session)
        self.matching_usage = SqlMatchingUsage(session)
        self.ratings = SqlRatingRepository(session)
        self.evaluation_rounds = SqlEvaluationRoundRepository(session)
        self.email_tokens = SqlEmailTokenRepository(session)
        self.mail = SqlMailQueue(session)
        self.mail_accounts = SqlMailAccountRepository(session)

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
