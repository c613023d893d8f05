"""The province's receiver of its centre's webhooks: `POST /federation/webhook`.

A delivery is verified with the Standard Webhooks library against FEDERATION_WEBHOOK_SECRET
(signature, and a timestamp within five minutes, so a captured delivery cannot be replayed
later); a valid one wakes the sync (NOTIFY, seen by the worker or `innovex sync`), which pulls
the centre's feed from its cursor. The body is not applied itself: the feed is the one ordered
source of truth, so a lost or repeated webhook changes nothing but how soon the pull happens.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.deps import ApiDeps
from db.federation.signals import SYNC_CHANNEL, notify


def _refused(message: str, status: int) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message}]}, status_code=status)


def webhook_receiver(deps: ApiDeps) -> Callable[[Request], Awaitable[Response]]:
    async def receive(request: Request) -> Response:
        secret = deps.federation_webhook_secret
        if not secret:
            return _refused("This exchange receives no webhooks.", 404)
        body = await request.body()
        try:
            Webhook(secret).verify(body, dict(request.headers), json_parse=False)
        except (WebhookVerificationError, ValueError):
            return _refused("Invalid webhook signature.", 401)
        async with deps.sessions() as session:
            await notify(session, SYNC_CHANNEL)
            await session.commit()
        return Response(status_code=204)

    return receive
