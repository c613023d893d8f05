"""Listings pushed by a federated exchange with an API key (rules in domain/federation/inbound).

All records of a push are validated first; one invalid record refuses the whole push and
writes nothing. Valid ones are upserted by (source, external id) and announced on the outbox,
so they are indexed, embedded, matched and published on the feed like local listings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.errors import NotAllowed, NotAllowedCode, ValidationCode, Validator
from domain.events import EntityKind, ListingChanged
from domain.federation.inbound import (
    PushedKind,
    PushedRecord,
    PushOutcome,
    PushResult,
    check_batch_shape,
    check_content,
    check_identity,
    local_status,
    should_apply,
)
from domain.federation.keys import ApiKeyScope, KeyPrincipal
from domain.federation.ports import FederationUnitOfWork, RecordValidator

ENTITY_OF = {PushedKind.OFFER: EntityKind.OFFER, PushedKind.NEED: EntityKind.NEED}


def parse_records(
    raw: Sequence[tuple[str, str, datetime, dict[str, Any]]], validator: RecordValidator
) -> list[PushedRecord]:
    """(kind, external id, updatedAt, record) -> checked records; raises InvalidInput."""
    check_batch_shape(len(raw))
    v = Validator()
    out: list[PushedRecord] = []
    seen: set[tuple[str, str]] = set()
    for index, (kind_name, external_id, updated_at, record) in enumerate(raw):
        try:
            kind = PushedKind(kind_name)
        except ValueError:
            v.add(f"records.{index}.kind", ValidationCode.INVALID_CHOICE, "must be offer or need")
            continue
        check_identity(v, index, external_id, kind, record.get("status"))
        check_content(v, index, kind, record)
        if (kind.value, external_id) in seen:
            v.add(f"records.{index}.externalId", ValidationCode.INVALID_COMBINATION, "repeated")
        seen.add((kind.value, external_id))
        # The standard's record has the local id and provenance, which the pusher cannot know.
        candidate = {
            **record,
            "id": "00000000-0000-0000-0000-000000000000",
            "organizationId": "00000000-0000-0000-0000-000000000000",
            "source": None,
        }
        for path, message in validator.errors(kind.value, candidate):
            v.add(
                f"records.{index}.record.{path}".rstrip("."), ValidationCode.INVALID_FORMAT, message
            )
        out.append(PushedRecord(kind, external_id, updated_at, record))
    v.check()
    return out


async def push_listings(
    uow: FederationUnitOfWork,
    principal: KeyPrincipal | None,
    records: Sequence[PushedRecord],
) -> list[PushResult]:
    if principal is None or not principal.has(ApiKeyScope.WRITE_LISTINGS):
        raise NotAllowed(
            NotAllowedCode.MISSING_ROLE, "Push with an API key that may write listings."
        )
    organization = await uow.organizations.get(principal.organization_id)
    assert organization is not None  # keys are deleted with their organisation
    source = str(organization.id)
    results = await upsert_records(
        uow,
        source=source,
        source_name=organization.name,
        organization_id=organization.id,
        records=records,
    )
    changed = [r for r in results if r.outcome is not PushOutcome.UNCHANGED]
    if changed:
        await uow.audit.record(
            actor_id=None,
            action="federation.pushed",
            entity_kind="api_key",
            entity_id=principal.key_id,
            data={
                "organization_id": source,
                "created": sum(r.outcome is PushOutcome.CREATED for r in changed),
                "updated": sum(r.outcome is PushOutcome.UPDATED for r in changed),
            },
        )
    await uow.commit()
    return results


async def upsert_records(
    uow: FederationUnitOfWork,
    *,
    source: str,
    source_name: str,
    organization_id: UUID,
    records: Sequence[PushedRecord],
) -> list[PushResult]:
    """Create or update each record of `source` (newer by the source's clock wins) and
    announce the changed ones on the outbox; the caller commits."""
    stored = await uow.federated.stored(source, [r.external_id for r in records])
    results: list[PushResult] = []
    for record in records:
        existing = stored.get(record.external_id)
        if existing is None:
            entity_id = await uow.federated.create(
                source=source,
                source_name=source_name,
                organization_id=organization_id,
                kind=record.kind,
                external_id=record.external_id,
                updated_at=record.updated_at,
                record=record.record,
                status=record.local_status,
            )
            outcome = PushOutcome.CREATED
        else:
            entity_id, stored_at, held = existing
            if not should_apply(stored_at, record.updated_at):
                results.append(PushResult(record.external_id, PushOutcome.UNCHANGED, entity_id))
                continue
            await uow.federated.update(
                source=source,
                entity_id=entity_id,
                kind=record.kind,
                external_id=record.external_id,
                updated_at=record.updated_at,
                record=record.record,
                status=local_status(record.local_status, held=held),
            )
            outcome = PushOutcome.UPDATED
        await uow.outbox.record(ListingChanged(ENTITY_OF[record.kind], entity_id))
        results.append(PushResult(record.external_id, outcome, entity_id))
    return results
