"""Short-lived signed download links: HMAC-SHA256 over (attachment, user, expiry), with a key
derived from SECRET_KEY, so every API process accepts the links of every other."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from uuid import UUID

from domain.documents import BadLink, DownloadGrant, ExpiredLink


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class HmacLinkSigner:
    # Another purpose derives another key: a report link never opens an attachment.
    def __init__(self, secret: str, purpose: bytes = b"innovex download links") -> None:
        self._key = hashlib.sha256(purpose + b"\0" + secret.encode()).digest()

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()

    def sign(self, grant: DownloadGrant) -> str:
        payload = b"%s.%s.%d" % (
            grant.attachment_id.hex.encode(),
            grant.user_id.hex.encode(),
            int(grant.expires_at.timestamp()),
        )
        return f"{_b64(payload)}.{_b64(self._mac(payload))}"

    def verify(self, token: str, now: datetime) -> DownloadGrant:
        try:
            encoded, signature = token.split(".")
            payload = _unb64(encoded)
            if not hmac.compare_digest(self._mac(payload), _unb64(signature)):
                raise BadLink
            attachment, user, expires = payload.decode().split(".")
            grant = DownloadGrant(
                UUID(hex=attachment), UUID(hex=user), datetime.fromtimestamp(int(expires), UTC)
            )
        except (ValueError, UnicodeDecodeError) as error:
            raise BadLink from error
        if grant.expires_at <= now:
            raise ExpiredLink
        return grant
