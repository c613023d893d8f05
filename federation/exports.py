"""Open-data bulk exports: every public record type as JSONL and CSV, with a manifest naming
the licence, the generation time, the feed cursor the snapshot matches (a consumer loads the
export, then follows the feed from that cursor) and each file's size and SHA-256.

Everything is read in one REPEATABLE READ snapshot, from the public projection only. Files are
written beside their final names and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.federation.feed import feed_head
from db.federation.projection import all_public_records
from domain.federation.feed import RecordType
from domain.federation.standard import (
    LICENCE_NAME,
    LICENCE_URL,
    record_fields,
    record_schema,
    schema_url,
)

MANIFEST = "manifest.json"


def csv_columns(record_type: RecordType) -> list[str]:
    return list(record_fields(record_type))


def csv_cell(value: Any) -> str:
    """Lists and language maps as JSON; null as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_row_to_record(record_type: RecordType, row: dict[str, str]) -> dict[str, Any]:
    """Read a CSV row back into a record (how a consumer, and the tests, check it)."""
    props = record_fields(record_type)
    out: dict[str, Any] = {}
    for name, cell in row.items():
        spec = json.dumps(props[name])
        if cell == "":
            out[name] = [] if name == "keywords" else None
        elif '"object"' in spec or '"array"' in spec:
            out[name] = json.loads(cell)
        elif '"integer"' in spec:
            out[name] = int(cell)
        elif name == "verified":
            out[name] = cell == "true"
        else:
            out[name] = cell
    return out


def _atomic_write(path: Path, data: bytes) -> dict[str, Any]:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


async def _collect(session: AsyncSession, record_type: RecordType) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    async for batch in all_public_records(session, record_type):
        records.extend(batch)
    return records


async def write_exports(
    sessions: async_sessionmaker[AsyncSession], out_dir: Path, base_url: str
) -> dict[str, Any]:
    """Write every export and the manifest; returns the manifest."""
    generated_at = datetime.now(UTC).isoformat()
    snapshot: dict[RecordType, list[dict[str, Any]]] = {}
    async with sessions() as session, session.begin():
        await session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        position = await feed_head(session)
        for record_type in RecordType:
            snapshot[record_type] = await _collect(session, record_type)
    return await asyncio.to_thread(_write_all, out_dir, base_url, snapshot, generated_at, position)


def _write_all(
    out_dir: Path,
    base_url: str,
    snapshot: dict[RecordType, list[dict[str, Any]]],
    generated_at: str,
    position: int,
) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, Any] = {}
    for record_type, records in snapshot.items():
        jsonl = "".join(
            json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records
        ).encode()
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=csv_columns(record_type))
        writer.writeheader()
        for r in records:
            writer.writerow({k: csv_cell(r.get(k)) for k in csv_columns(record_type)})
        name = record_type.value
        files[f"{name}.jsonl"] = {
            "type": name,
            "mediaType": "application/x-ndjson",
            "records": len(records),
            "schema": schema_url(base_url, name),
            **_atomic_write(out_dir / f"{name}.jsonl", jsonl),
        }
        files[f"{name}.csv"] = {
            "type": name,
            "mediaType": "text/csv",
            "records": len(records),
            "schema": schema_url(base_url, name),
            **_atomic_write(out_dir / f"{name}.csv", buffer.getvalue().encode()),
        }
    manifest = {
        "title": "Innovex open data: public records",
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "generatedAt": generated_at,
        "feedCursor": str(position),
        "files": files,
    }
    _atomic_write(out_dir / MANIFEST, json.dumps(manifest, indent=2).encode())
    return manifest


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    path = out_dir / MANIFEST
    if not path.exists():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def dcat_catalog(base_url: str, manifest: dict[str, Any] | None, publisher: str) -> dict[str, Any]:
    """The DCAT catalogue (JSON-LD) of the exports, the feed and the schemas."""
    base = base_url.rstrip("/")
    datasets = []
    for record_type in RecordType:
        name = record_type.value
        distributions: list[dict[str, Any]] = []
        for ext, media in (("jsonl", "application/x-ndjson"), ("csv", "text/csv")):
            entry = (manifest or {}).get("files", {}).get(f"{name}.{ext}", {})
            distributions.append(
                {
                    "@type": "dcat:Distribution",
                    "dcat:downloadURL": {"@id": f"{base}/open-data/files/{name}.{ext}"},
                    "dcat:mediaType": media,
                    "dct:conformsTo": {"@id": schema_url(base, name)},
                    "dcat:byteSize": entry.get("bytes"),
                    "spdx:checksum": entry.get("sha256"),
                }
            )
        distributions.append(
            {
                "@type": "dcat:Distribution",
                "dcat:accessURL": {"@id": f"{base}/feed?types={name}"},
                "dcat:mediaType": "application/x-ndjson",
                "dct:description": "Change feed (NDJSON, resumable by cursor).",
            }
        )
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "@id": f"{base}/open-data/datasets/{name}",
                "dct:title": record_schema(record_type, base)["title"],
                "dct:license": {"@id": LICENCE_URL},
                "dct:modified": (manifest or {}).get("generatedAt"),
                "dct:conformsTo": {"@id": schema_url(base, name)},
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "spdx": "http://spdx.org/rdf/terms#",
        },
        "@type": "dcat:Catalog",
        "@id": f"{base}/open-data/catalog.jsonld",
        "dct:title": f"{publisher}: open data",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": publisher},
        "dct:license": {"@id": LICENCE_URL},
        "dct:modified": (manifest or {}).get("generatedAt"),
        "dcat:dataset": datasets,
    }
