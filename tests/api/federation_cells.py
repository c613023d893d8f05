"""Permission-matrix checks of federation operations (merged into test_permission_matrix)."""

from __future__ import annotations

from datetime import UTC, datetime

from db.uow import SqlUnitOfWork
from domain.federation.keys import ApiKeyScope
from domain.services import federation as fc
from tests.api.matrix_world import Call, Prepare, World, typename
from tests.graphql import gid


def _on_organization(w: World, document: str, path: str, success: str) -> Call:
    """A call whose only variable `$org` is the world's organisation."""
    return Call(document, {"org": gid("Organization", w.org.id)}, path, typename(success))


async def p_create_api_key(w: World) -> Call:
    return _on_organization(
        w,
        'mutation($org: ID!) { createApiKey(input: {organizationId: $org, label: "Sàn tỉnh", '
        "scopes: [READ_FEED]}) { __typename } }",
        "createApiKey",
        "ApiKeyIssued",
    )


async def p_revoke_api_key(w: World) -> Call:
    issued = await fc.create_api_key(
        SqlUnitOfWork(w.session),
        w.actor("owner"),
        fc.CreateApiKey(w.org.id, "Sàn tỉnh", frozenset({ApiKeyScope.READ_FEED})),
        datetime.now(UTC),
    )
    return Call(
        "mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }",
        {"id": str(issued.key.id)},
        "revokeApiKey",
        typename("ApiKeyRevoked"),
    )


async def p_api_keys(w: World) -> Call:
    return _on_organization(
        w,
        "query($org: ID!) { apiKeys(organizationId: $org) { __typename } }",
        "apiKeys",
        "ApiKeyList",
    )


async def p_register_webhook(w: World) -> Call:
    return _on_organization(
        w,
        'mutation($org: ID!) { registerWebhook(input: {organizationId: $org, url: "https://'
        'hooks.example.vn/innovex", eventTypes: ["offer.upserted"]}) { __typename } }',
        "registerWebhook",
        "WebhookRegistered",
    )


async def p_push_listings(w: World) -> Call:
    return Call(
        "mutation { pushListings(input: {records: []}) { __typename } }",
        {},
        "pushListings",
        succeeded=lambda v: False,
    )


FEDERATION_PREPARE: dict[str, Prepare] = {
    "createApiKey": p_create_api_key,
    "revokeApiKey": p_revoke_api_key,
    "apiKeys": p_api_keys,
    "registerWebhook": p_register_webhook,
    "pushListings": p_push_listings,
}
