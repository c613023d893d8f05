"""The S3 document store against a real S3-compatible endpoint, when one is configured
(S3_TEST_BUCKET, with S3_ENDPOINT_URL and the usual AWS_* credentials); skipped otherwise."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.s3 import S3DocumentStore

BUCKET = os.environ.get("S3_TEST_BUCKET")
pytestmark = pytest.mark.skipif(
    not BUCKET, reason="no S3 endpoint configured (set S3_TEST_BUCKET and S3_ENDPOINT_URL)"
)


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def test_keep_read_delete(tmp_path: Path) -> None:
    assert BUCKET
    store = S3DocumentStore(
        BUCKET,
        endpoint_url=os.environ.get("S3_ENDPOINT_URL"),
        region=os.environ.get("S3_REGION"),
        staging_dir=tmp_path / "tmp",
    )
    data = b"%PDF-1.7 test"
    staged = await store.stage(_chunks(data), max_bytes=1024)
    assert staged.sha256 == hashlib.sha256(data).hexdigest()
    key = "0123456789abcdef0123456789abcdef"
    await store.keep(staged, key)
    assert not await asyncio.to_thread(Path(staged.handle).exists)
    assert b"".join([c async for c in store.read(key)]) == data
    await store.delete(key)
