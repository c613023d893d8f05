"""The published metadata standard, version 1: a JSON Schema (2020-12) for every public record
type and for the feed item that carries it, and a JSON-LD context mapping fields to schema.org
and DCAT/Dublin Core terms.

Free text is a language map (`{"vi": "…", "en": "…"}`, BCP 47 tags as keys), so a record can
carry both languages and JSON-LD reads it with `@container: @language`. Only public fields are
listed, and every object schema closes with `additionalProperties: false`: a confidential field
(description, solution, contact details, attachments, review notes) cannot appear in a valid
record. The projection in db/ builds exactly these fields.
"""

from __future__ import annotations

from typing import Any

from domain.federation.feed import RecordType, event_types

VERSION = "v1"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"

_UUID = {"type": "string", "format": "uuid"}
_TIME = {"type": "string", "format": "date-time"}
_DATE = {"type": "string", "format": "date"}
_TRL = {"type": ["integer", "null"], "minimum": 1, "maximum": 9}
_VND = {"type": ["integer", "null"], "minimum": 0}
_LANG_MAP = {
    "type": "object",
    "description": "Text by language: keys are BCP 47 language tags (vi, en).",
    "propertyNames": {"pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
    "additionalProperties": {"type": "string"},
    "minProperties": 1,
}
_OPT_LANG_MAP = {"anyOf": [_LANG_MAP, {"type": "null"}]}
_CODE = {"type": ["string", "null"], "maxLength": 32}
_SOURCE = {
    "anyOf": [
        {"type": "null"},
        {
            "type": "object",
            "description": "Provenance of a record pushed by a federated exchange.",
            "properties": {
                "exchange": {"type": "string", "maxLength": 64},
                "exchangeName": {"type": "string"},
                "externalId": {"type": "string", "maxLength": 200},
                "updatedAt": _TIME,
            },
            "required": ["exchange", "exchangeName", "externalId"],
            "additionalProperties": False,
        },
    ]
}

_LISTING_COMMON: dict[str, Any] = {
    "id": _UUID,
    "status": {"type": "string"},
    "organizationId": _UUID,
    "language": {"type": "string", "pattern": "^[a-z]{2}$"},
    "title": _LANG_MAP,
    "keywords": {"type": "array", "items": {"type": "string"}},
    "fieldCode": _CODE,
    "provinceCode": _CODE,
    "provinceOfficialCode": {"type": ["string", "null"], "pattern": "^[0-9]{2}$"},
    "createdAt": _TIME,
    "updatedAt": _TIME,
    "source": _SOURCE,
}

_PROPERTIES: dict[RecordType, dict[str, Any]] = {
    RecordType.INITIATIVE: {
        **_LISTING_COMMON,
        "summary": _OPT_LANG_MAP,
        "problem": _OPT_LANG_MAP,
        "advantages": _OPT_LANG_MAP,
        "expectedImpact": _OPT_LANG_MAP,
        "trl": _TRL,
        "ipStatus": {"type": "string"},
    },
    RecordType.OFFER: {
        **_LISTING_COMMON,
        "summary": _OPT_LANG_MAP,
        "terms": _OPT_LANG_MAP,
        "trl": _TRL,
        "ipStatus": {"type": "string"},
        "transferModes": {"type": "array", "items": {"type": "string"}},
        "priceMinVnd": _VND,
        "priceMaxVnd": _VND,
        "expiresAt": {"anyOf": [_TIME, {"type": "null"}]},
    },
    RecordType.NEED: {
        **_LISTING_COMMON,
        "needKind": {"type": "string", "enum": ["request", "challenge"]},
        "problemStatement": _OPT_LANG_MAP,
        "desiredOutcome": _OPT_LANG_MAP,
        "constraints": _OPT_LANG_MAP,
        "orderCommitment": _OPT_LANG_MAP,
        "minTrl": _TRL,
        "budgetMinVnd": _VND,
        "budgetMaxVnd": _VND,
        "prizeVnd": _VND,
        "deadline": {"anyOf": [_DATE, {"type": "null"}]},
    },
    RecordType.ORGANIZATION: {
        "id": _UUID,
        "name": {"type": "string", "minLength": 1},
        "kind": {"type": "string"},
        "registryCode": {"type": ["string", "null"]},
        "provinceCode": _CODE,
        "provinceOfficialCode": {"type": ["string", "null"], "pattern": "^[0-9]{2}$"},
        "verified": {"const": True},
        "createdAt": _TIME,
    },
    RecordType.DEAL: {
        "id": _UUID,
        "dealKind": {"type": "string"},
        "signedOn": _DATE,
        "partyIds": {"type": "array", "items": _UUID, "minItems": 1},
        "createdAt": _TIME,
    },
}

_TITLES = {
    RecordType.INITIATIVE: "Initiative (sáng kiến)",
    RecordType.OFFER: "Technology offer (chào bán công nghệ)",
    RecordType.NEED: "Technology need or challenge (nhu cầu công nghệ / bài toán)",
    RecordType.ORGANIZATION: "Verified organisation",
    RecordType.DEAL: "Recorded deal (hợp đồng chuyển giao)",
}


def record_fields(record_type: RecordType) -> dict[str, Any]:
    """Field name -> JSON Schema of every public field of a record type, in order."""
    return dict(_PROPERTIES[record_type])


def schema_url(base_url: str, name: str) -> str:
    return f"{base_url.rstrip('/')}/schemas/{VERSION}/{name}.json"


def record_schema(record_type: RecordType, base_url: str) -> dict[str, Any]:
    properties = _PROPERTIES[record_type]
    required = [k for k in properties if k != "source"]
    return {
        "$schema": DIALECT,
        "$id": schema_url(base_url, record_type.value),
        "title": _TITLES[record_type],
        "description": "Public projection of an Innovex record (open data, "
        f"{LICENCE_NAME}). Confidential fields are never part of it.",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def feed_item_schema(base_url: str) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "$id": schema_url(base_url, "feed-item"),
        "title": "Change feed item",
        "type": "object",
        "properties": {
            "cursor": {"type": "string", "pattern": "^[0-9]+$"},
            "type": {"enum": [t.value for t in RecordType]},
            "id": _UUID,
            "op": {"enum": ["upsert", "delete"]},
            "event": {"enum": event_types()},
            "committedAt": _TIME,
            "schema": {"type": "string", "format": "uri"},
            "record": {"type": ["object", "null"]},
        },
        "required": ["cursor", "type", "id", "op", "event", "committedAt", "schema", "record"],
        "additionalProperties": False,
        "allOf": [
            {
                "if": {"properties": {"type": {"const": t.value}, "op": {"const": "upsert"}}},
                "then": {"properties": {"record": {"$ref": schema_url(base_url, t.value)}}},
            }
            for t in RecordType
        ]
        + [
            {
                "if": {"properties": {"op": {"const": "delete"}}},
                "then": {"properties": {"record": {"type": "null"}}},
            }
        ],
    }


def schema_index(base_url: str) -> dict[str, Any]:
    names = [t.value for t in RecordType] + ["feed-item"]
    return {
        "version": VERSION,
        "dialect": DIALECT,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "context": f"{base_url.rstrip('/')}/schemas/{VERSION}/context.jsonld",
        "schemas": {name: schema_url(base_url, name) for name in names},
    }


def all_schemas(base_url: str) -> dict[str, dict[str, Any]]:
    out = {t.value: record_schema(t, base_url) for t in RecordType}
    out["feed-item"] = feed_item_schema(base_url)
    return out


def _lang(term: str) -> dict[str, str]:
    return {"@id": term, "@container": "@language"}


def jsonld_context() -> dict[str, Any]:
    """Field names to schema.org, DCAT and Dublin Core terms."""
    return {
        "@context": {
            "@version": 1.1,
            "schema": "https://schema.org/",
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "ix": "https://innovex.gov.vn/ns/v1#",
            "id": "@id",
            "type": "@type",
            "title": _lang("dct:title"),
            "name": "schema:name",
            "summary": _lang("dct:abstract"),
            "problem": _lang("ix:problem"),
            "advantages": _lang("ix:advantages"),
            "expectedImpact": _lang("ix:expectedImpact"),
            "terms": _lang("schema:termsOfService"),
            "problemStatement": _lang("dct:description"),
            "desiredOutcome": _lang("ix:desiredOutcome"),
            "constraints": _lang("ix:constraints"),
            "orderCommitment": _lang("ix:orderCommitment"),
            "keywords": "dcat:keyword",
            "language": "dct:language",
            "status": "ix:status",
            "organizationId": {"@id": "dct:publisher", "@type": "@id"},
            "partyIds": {"@id": "schema:participant", "@type": "@id"},
            "fieldCode": "dct:subject",
            "provinceCode": "dct:spatial",
            "provinceOfficialCode": "schema:addressRegion",
            "createdAt": {"@id": "dct:issued", "@type": "xsd:dateTime"},
            "updatedAt": {"@id": "dct:modified", "@type": "xsd:dateTime"},
            "expiresAt": {"@id": "schema:expires", "@type": "xsd:dateTime"},
            "signedOn": {"@id": "schema:startDate", "@type": "xsd:date"},
            "deadline": {"@id": "schema:endDate", "@type": "xsd:date"},
            "trl": "ix:technologyReadinessLevel",
            "minTrl": "ix:minimumTechnologyReadinessLevel",
            "ipStatus": "ix:intellectualPropertyStatus",
            "transferModes": "ix:transferMode",
            "priceMinVnd": "schema:minPrice",
            "priceMaxVnd": "schema:maxPrice",
            "budgetMinVnd": "ix:budgetMinVnd",
            "budgetMaxVnd": "ix:budgetMaxVnd",
            "prizeVnd": "ix:prizeVnd",
            "needKind": "ix:needKind",
            "dealKind": "ix:dealKind",
            "kind": "ix:organizationKind",
            "registryCode": "schema:taxID",
            "verified": "ix:verified",
            "source": "dct:source",
            "exchange": "ix:exchange",
            "exchangeName": "schema:name",
            "externalId": "dct:identifier",
            "initiative": "ix:Initiative",
            "offer": "schema:Offer",
            "need": "schema:Demand",
            "organization": "schema:Organization",
            "deal": "ix:Deal",
        }
    }
