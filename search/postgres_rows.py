"""Writing search documents to PostgreSQL: the row payload, upsert SQL and the vocabulary."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from datetime import UTC
from typing import Any, Final

from domain.search import SearchDocument
from search.postgres_statement import clean

COLUMNS: Final = (
    "id",
    "kind",
    "title",
    "summary",
    "keywords",
    "body",
    "language",
    "field_code",
    "trl",
    "province",
    "ip_status",
    "transfer_modes",
    "status",
    "organization_id",
    "organization_name",
    "organization_kind",
    "organization_verified",
    "updated_at",
)
RECORD_TYPES: Final = {
    "keywords": "text[]",
    "transfer_modes": "text[]",
    "trl": "integer",
    "organization_verified": "boolean",
    "updated_at": "timestamptz",
}
RECORDSET = ", ".join(f"{c} {RECORD_TYPES.get(c, 'text')}" for c in COLUMNS)
UPDATE_SET = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c != "id")

INSERT_SQL: Final = f"""
INSERT INTO search_documents ({", ".join(COLUMNS)})
SELECT {", ".join(COLUMNS)}
FROM jsonb_to_recordset(CAST(:documents AS jsonb)) AS r({RECORDSET})
"""
UPSERT_SQL: Final = INSERT_SQL + f"ON CONFLICT (id) DO UPDATE SET {UPDATE_SET}"

# Vocabulary for typo tolerance: every folded word of four letters or more (a five-letter word
# with one typo may be a four-letter word). Terms of deleted documents stay: a stale term only
# widens a typo expansion to a word that matches nothing.
TERMS_OF_SQL: Final = """
INSERT INTO search_terms (term)
SELECT DISTINCT w.lexeme
FROM search_documents d, unnest(d.search_vector) AS w
WHERE d.id = ANY(CAST(:ids AS text[])) AND char_length(w.lexeme) >= 4
ORDER BY 1
ON CONFLICT DO NOTHING
"""
ALL_TERMS_SQL: Final = """
INSERT INTO search_terms (term)
SELECT DISTINCT w.lexeme
FROM search_documents d, unnest(d.search_vector) AS w
WHERE char_length(w.lexeme) >= 4
ON CONFLICT DO NOTHING
"""


def row_payload(document: SearchDocument) -> dict[str, Any]:
    moment = document.updated_at
    if moment is not None and moment.tzinfo is None:  # documents carry UTC
        moment = moment.replace(tzinfo=UTC)
    return {
        "id": document.id,
        "kind": document.kind.value,
        "title": nfc(document.title),
        "summary": nfc(document.summary),
        "keywords": [nfc(k) for k in document.keywords],
        "body": nfc(document.body),
        "language": document.language,
        "field_code": document.field_code,
        "trl": document.trl,
        "province": document.province,
        "ip_status": document.ip_status,
        "transfer_modes": list(document.transfer_modes),
        "status": document.status,
        "organization_id": document.organization_id,
        "organization_name": None
        if document.organization_name is None
        else nfc(document.organization_name),
        "organization_kind": document.organization_kind,
        "organization_verified": document.organization_verified,
        "updated_at": None if moment is None else moment.isoformat(),
    }


def nfc(value: str) -> str:
    # One spelling per character: "ệ" typed as e + two combining marks becomes one code point.
    return clean(unicodedata.normalize("NFC", value))


def last_per_id(documents: Sequence[SearchDocument]) -> list[SearchDocument]:
    """One row per id (the last wins): ON CONFLICT cannot touch a row twice in one statement."""
    return list({document.id: document for document in documents}.values())


def chunks(items: Sequence[SearchDocument], size: int) -> Iterator[Sequence[SearchDocument]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
