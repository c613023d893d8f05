"""The GraphQL schema: every context's queries and mutations, with the limits and caches."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.accounts.mail import MailMutation, MailQuery
from api.accounts.mutations import AccountsMutation
from api.accounts.onboarding import OnboardingMutation, OnboardingQuery
from api.accounts.queries import AccountsQuery
from api.accounts.types import MembershipType, OrganizationType, UserType
from api.accounts.verification import VerificationMutation
from api.audit.queries import AuditQuery
from api.connections.deals import DealsMutation
from api.connections.mutations import ConnectionsMutation
from api.connections.queries import ConnectionsQuery
from api.connections.types import CONNECTION_TYPES
from api.expensive_fields import OneExpensiveFieldPerDocument
from api.federation.mutations import FederationMutation
from api.federation.queries import FederationQuery
from api.feedback.mutations import FeedbackMutation
from api.feedback.queries import FeedbackQuery
from api.governance.mutations import GovernanceMutation
from api.governance.queries import GovernanceQuery
from api.innovex_schema import InnovexSchema
from api.listings.mutations import LISTINGS_MUTATIONS
from api.listings.mutations.documents import DocumentsMutation, DocumentsQuery
from api.listings.queries import ListingsQuery
from api.listings.types import LISTING_TYPES, SCALARS
from api.live.subscriptions import LiveSubscription
from api.matching.queries import MatchingQuery
from api.mutation_faults import nullable_fields
from api.notifications.mutations import NotificationsMutation
from api.notifications.queries import NotificationsQuery
from api.notifications.types import NotificationType
from api.reference.queries import ReferenceQuery
from api.reports.queries import ReportsQuery
from api.request_id import current_request_id
from api.review.mutations import ReviewMutation
from api.review.queries import ReviewQuery
from api.review.types import ReviewAssignmentType
from api.search.queries import SearchQuery
from api.statistics.queries import StatisticsQuery
from api.unavailable import is_database_unavailable, unavailable_error
from api.unstorable_text import RejectUnstorableText
from api.validation import CachedValidation
from domain.errors import DomainError, InvalidInput

logger = logging.getLogger("innovex.api")

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000


QUERIES: tuple[type, ...] = (
    AccountsQuery,
    OnboardingQuery,
    MailQuery,
    DocumentsQuery,
    SearchQuery,
    ListingsQuery,
    MatchingQuery,
    ReviewQuery,
    GovernanceQuery,
    ConnectionsQuery,
    NotificationsQuery,
    AuditQuery,
    ReferenceQuery,
    FederationQuery,
    StatisticsQuery,
    ReportsQuery,
    FeedbackQuery,
)
MUTATIONS: tuple[type, ...] = (
    AccountsMutation,
    OnboardingMutation,
    VerificationMutation,
    MailMutation,
    DocumentsMutation,
    *LISTINGS_MUTATIONS,
    ReviewMutation,
    GovernanceMutation,
    ConnectionsMutation,
    DealsMutation,
    NotificationsMutation,
    FederationMutation,
    FeedbackMutation,
)


class InnovexMaskErrors(MaskErrors):
    """Unexpected errors become 'Unexpected error' with the request id (and are logged in full);
    expected domain errors keep their safe message and carry a code in `extensions`."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = current_request_id()
        logger.error(
            "unexpected error in resolver",
            exc_info=error.original_error,
            extra={"path": error.path, "request_id": request_id},
        )
        masked = super().anonymise_error(error)
        masked.message = f"Unexpected error (request id {request_id})."
        masked.extensions = {"code": "INTERNAL", "requestId": request_id}
        return masked

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        out = []
        for error in errors:
            original = error.original_error
            if isinstance(original, DomainError):
                extensions: dict[str, object] = {"code": type(original).__name__.upper()}
                if isinstance(original, InvalidInput):
                    extensions["fields"] = [
                        # The enum's name, as payloads' ValidationCode spells it.
                        {"path": list(i.path), "code": i.code.name, "message": i.message}
                        for i in original.issues
                    ]
                error.extensions = extensions
                out.append(error)
            elif is_database_unavailable(original):
                out.append(unavailable_error(error, current_request_id()))
            elif self.should_mask_error(error):
                out.append(self.anonymise_error(error))
            else:
                out.append(error)
        return out


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


_LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
    OneExpensiveFieldPerDocument,
]


def build_schema(*, production: bool) -> strawberry.Schema:
    # Factories, so every request gets fresh extension instances.
    extensions: list[Callable[[], SchemaExtension]] = [
        # The limits' validation rules are built once: fresh rule classes per request would
        # make every request miss the validation cache (its key includes the rules).
        lambda: AddValidationRules(_LIMIT_RULES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: InnovexMaskErrors(should_mask_error=_should_mask),
        # Fresh instances share strawberry's module-level LRU caches across requests.
        lambda: ParserCache(maxsize=512),
        # Shares one module-level LRU cache across requests, like strawberry's ValidationCache.
        lambda: CachedValidation(hide_suggestions=production),
        # After the validation cache: it refuses valid documents only (see the module).
        RejectUnstorableText,
    ]
    if production:
        extensions.append(DisableIntrospection)

    # relay.node() binds to one schema, so each schema gets its own root types.
    @strawberry.type
    class NodeQuery:
        node: relay.Node | None = relay.node()

    return InnovexSchema(
        hide_suggestions=production,
        query=merge_types("Query", (NodeQuery, *QUERIES)),
        mutation=nullable_fields(merge_types("Mutation", MUTATIONS)),
        subscription=merge_types("Subscription", (LiveSubscription,)),
        types=[
            UserType,
            OrganizationType,
            MembershipType,
            *LISTING_TYPES,
            ReviewAssignmentType,
            NotificationType,
            *CONNECTION_TYPES,
        ],
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=production, scalar_map=SCALARS),
    )


@functools.cache
def app_schema(*, production: bool) -> strawberry.Schema:
    """The schema every app of an environment serves: built once per process (a build takes
    ~0.2 s, and tests build an app per test). Strawberry keeps no per-app state in it."""
    return build_schema(production=production)


# The schema as exported to schema.graphql (identical in both environments but for introspection).
schema = app_schema(production=False)
