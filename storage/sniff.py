"""The type of a document, from its bytes (not the name or the declared type)."""

from __future__ import annotations

import filetype

from domain.attachments import ALLOWED_MEDIA_TYPES

SNIFF_BYTES = 8192
_TEXT_TYPES = {"txt": "text/plain", "csv": "text/csv"}
_ALIASES = {"text/rtf": "application/rtf"}


def sniff_media_type(head: bytes, file_name: str) -> str | None:
    """An allowed media type the content really has, or None. Binary formats are recognised
    by their signatures; plain text and CSV (which have none) only when the name says so and
    the bytes are UTF-8 text without control characters."""
    kind = filetype.guess(head)
    if kind is not None:
        mime = _ALIASES.get(kind.mime, kind.mime)
        return mime if mime in ALLOWED_MEDIA_TYPES else None
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in _TEXT_TYPES or not _is_text(head):
        return None
    return _TEXT_TYPES[extension]


def _is_text(head: bytes) -> bool:
    try:
        # The head may end inside a multi-byte character.
        text = (
            head.decode("utf-8") if len(head) < SNIFF_BYTES else head[:-4].decode("utf-8", "strict")
        )
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\r\n" for c in text)
