"""Permission-matrix checks of federation operations (merged into test_permission_matrix)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from db.uow import SqlUnitOfWork
from domain.federation.keys import ApiKeyScope
from domain.services import federation as fc

if TYPE_CHECKING:
    from tests.api.test_permission_matrix import Call, World


async def p_create_api_key(w: World) -> Call:
    from tests.api.test_permission_matrix import Call, gid, typename

    return Call(
        'mutation($org: ID!) { createApiKey(input: {organizationId: $org, label: "Sàn tỉnh", '
        "scopes: [READ_FEED]}) { __typename } }",
        {"org": gid("Organization", w.org.id)},
        "createApiKey",
        typename("ApiKeyIssued"),
    )


async def p_revoke_api_key(w: World) -> Call:
    from tests.api.test_permission_matrix import Call, typename

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
    from tests.api.test_permission_matrix import Call, gid, typename

    return Call(
        "query($org: ID!) { apiKeys(organizationId: $org) { __typename } }",
        {"org": gid("Organization", w.org.id)},
        "apiKeys",
        typename("ApiKeyList"),
    )


async def p_register_webhook(w: World) -> Call:
    from tests.api.test_permission_matrix import Call, gid, typename

    return Call(
        'mutation($org: ID!) { registerWebhook(input: {organizationId: $org, url: "https://'
        'hooks.example.vn/innovex", eventTypes: ["offer.upserted"]}) { __typename } }',
        {"org": gid("Organization", w.org.id)},
        "registerWebhook",
        typename("WebhookRegistered"),
    )


async def p_push_listings(w: World) -> Call:
    from tests.api.test_permission_matrix import Call

    return Call(
        "mutation { pushListings(input: {records: []}) { __typename } }",
        {},
        "pushListings",
        succeeded=lambda v: False,
    )


FEDERATION_PREPARE = {
    "createApiKey": p_create_api_key,
    "revokeApiKey": p_revoke_api_key,
    "apiKeys": p_api_keys,
    "registerWebhook": p_register_webhook,
    "pushListings": p_push_listings,
}
