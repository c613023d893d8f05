"""The worker's sweep of stored files: uploads a crash left in the temporary directory, and
kept files whose attachment record is gone (a crash between removing the record and the file).
A request that is still uploading refreshes its temporary file with every chunk, so only files
untouched for TEMPORARY_AGE are taken."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from db.tables import attachments
from storage.filesystem import FilesystemDocumentStore

if TYPE_CHECKING:
    from innovex.bootstrap import Runtime

logger = logging.getLogger(__name__)

TEMPORARY_AGE = 3600.0  # seconds; far longer than a 50 MB upload takes
ORPHAN_AGE = 86400.0
SWEEP_EVERY = 900.0


async def sweep_files(runtime: Runtime, store: Any) -> int:
    removed = int(await asyncio.to_thread(store.sweep_temporary, TEMPORARY_AGE))
    if isinstance(store, FilesystemDocumentStore):  # a bucket's orphans: its lifecycle rules
        async with runtime.sessions() as session:
            keys = set(
                (
                    await session.scalars(
                        select(attachments.c.storage_key).where(
                            attachments.c.storage_key.is_not(None)
                        )
                    )
                ).all()
            )
        removed += await asyncio.to_thread(store.sweep_orphans, keys, ORPHAN_AGE)
    if removed:
        logger.info("swept stored files", extra={"removed": removed})
    return removed


def file_jobs(runtime: Runtime) -> list[Any]:
    from innovex.bootstrap import build_document_store
    from innovex.worker import ScheduledJob

    store = build_document_store(runtime.settings)

    async def sweep() -> int:
        return await sweep_files(runtime, store)

    return [ScheduledJob("sweep_files", every=SWEEP_EVERY, run=sweep)]
