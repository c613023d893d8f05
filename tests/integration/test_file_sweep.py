"""The worker's file sweep: abandoned temporary uploads and kept files without a record go;
uploads in progress, recent files and files that attachments name stay."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.listings import ListingKind
from innovex.bootstrap import scheduled_jobs
from innovex.file_sweep import ORPHAN_AGE, TEMPORARY_AGE, file_jobs
from innovex.settings import Settings
from storage.filesystem import FilesystemDocumentStore
from tests.api.document_helpers import stored_attachment
from tests.factories import make_initiative, make_organization, make_user


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _runtime(tmp_path: Path, sessions: async_sessionmaker[AsyncSession]) -> Any:
    return SimpleNamespace(
        settings=Settings(data_dir=tmp_path, s3_bucket=None),
        sessions=sessions,
        local_mail_url=None,
    )


async def test_the_worker_schedules_the_sweep(
    tmp_path: Path, sessions: async_sessionmaker[AsyncSession]
) -> None:
    names = [job.name for job in scheduled_jobs(_runtime(tmp_path, sessions))]
    assert "sweep_files" in names


async def test_the_sweep_removes_stale_files_and_keeps_live_ones(
    tmp_path: Path, session: AsyncSession, sessions: async_sessionmaker[AsyncSession]
) -> None:
    store = FilesystemDocumentStore(tmp_path / "files")
    owner = await make_user(session)
    org = await make_organization(session, owner.user)
    initiative = await make_initiative(session, owner.user, org)
    # A kept file its attachment names, old: stays.
    named = await stored_attachment(
        session,
        store,
        kind=ListingKind.INITIATIVE,
        listing_id=initiative.id,
        organization_id=org.id,
        added_by=owner.user.id,
    )
    assert named.storage_key is not None
    named_path = store.root / "objects" / named.storage_key[:2] / named.storage_key
    _age(named_path, ORPHAN_AGE * 3)
    # Kept files no attachment names: an old one (a crash after removing its record) goes, a
    # new one (kept a moment ago, its record maybe not yet visible here) stays.
    old_orphan = store.root / "objects" / "ab" / ("ab" + "0" * 30)
    new_orphan = store.root / "objects" / "cd" / ("cd" + "1" * 30)
    for path in (old_orphan, new_orphan):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7 orphan")
    _age(old_orphan, ORPHAN_AGE + 60)
    # Temporary uploads: one abandoned by a crash an hour and more ago, one being written now.
    (store.root / "tmp").mkdir(parents=True, exist_ok=True)
    stale = store.root / "tmp" / "upload-stale"
    fresh = store.root / "tmp" / "upload-fresh"
    stale.write_bytes(b"half an upload")
    fresh.write_bytes(b"an upload in progress")
    _age(stale, TEMPORARY_AGE + 60)
    _age(fresh, 5)

    [job] = file_jobs(_runtime(tmp_path, sessions))
    removed = await job.run()

    assert removed == 2
    assert not stale.exists()
    assert not old_orphan.exists()
    assert fresh.exists()
    assert new_orphan.exists()
    assert named_path.exists()
    # Nothing left to do: running again removes nothing.
    assert await job.run() == 0
