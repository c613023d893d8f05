"""Use case of the province's pull: apply a page of the centre's feed, and its cursor, in one
transaction (rules in domain/federation/sync.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.errors import InvalidInput
from domain.events import ListingChanged
from domain.federation.inbound import PushedKind, PushedRecord, PushOutcome
from domain.federation.ports import FederationUnitOfWork, RecordValidator
from domain.federation.sync import IncomingChange, SyncReport, echoes
from domain.services.inbound import ENTITY_OF, parse_records, upsert_records


@dataclass(frozen=True, slots=True)
class Peer:
    """The exchange pulled from, as this one names it."""

    code: str
    name: str


async def apply_pulled(
    uow: FederationUnitOfWork,
    peer: Peer,
    changes: Sequence[IncomingChange],
    validator: RecordValidator,
    *,
    cursor_name: str,
    cursor: str,
    report: SyncReport,
) -> None:
    """Upsert the page's listings as the peer's, withdraw its tombstones, skip our own
    listings coming back and items that break the standard, then save `cursor`: all or
    nothing."""
    organization_id = await uow.sync_peers.organization_of(peer.code, peer.name)
    own = await uow.sync_peers.own_listing_ids([c.origin_id for c in changes if c.origin_id])
    skip = echoes(changes, own)
    latest: dict[tuple[PushedKind, str], IncomingChange] = {}
    for change in changes:
        if change.position in skip:
            report.skipped += 1
            continue
        latest.pop((change.kind, change.external_id), None)  # a later item of a record wins
        latest[(change.kind, change.external_id)] = change
    upserts: list[PushedRecord] = []
    for change in latest.values():
        if change.record is None:
            entity_id = await uow.federated.withdraw(
                peer.code, change.external_id, change.updated_at
            )
            if entity_id is not None:
                await uow.outbox.record(ListingChanged(ENTITY_OF[change.kind], entity_id))
                report.withdrawn += 1
            continue
        raw = (change.kind.value, change.external_id, change.updated_at, change.pushed_record())
        try:
            upserts.extend(parse_records([raw], validator))
        except InvalidInput:
            report.skipped += 1  # one bad item must not stop the province's copy forever
    if upserts:
        results = await upsert_records(
            uow,
            source=peer.code,
            source_name=peer.name,
            organization_id=organization_id,
            records=upserts,
        )
        report.pulled += sum(r.outcome is not PushOutcome.UNCHANGED for r in results)
    await uow.sync_peers.save_cursor(cursor_name, cursor)
    await uow.commit()
