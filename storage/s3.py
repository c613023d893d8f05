"""Files in an S3-compatible bucket (AWS S3, MinIO, Ceph…) with boto3, in worker threads.
Uploads are staged on local disk first (size, hash and type are checked before anything
reaches the bucket); keeping one uploads it under its key and removes the local copy."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import boto3

from domain.documents import StagedFile
from storage.filesystem import CHUNK, FilesystemDocumentStore


class S3DocumentStore:
    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None,
        region: str | None,
        staging_dir: Path,
        client: Any = None,
    ) -> None:
        self._bucket = bucket
        self._client = client or boto3.client("s3", endpoint_url=endpoint_url, region_name=region)
        self._staging = FilesystemDocumentStore(staging_dir.parent)

    async def stage(self, chunks: AsyncIterator[bytes], *, max_bytes: int) -> StagedFile:
        return await self._staging.stage(chunks, max_bytes=max_bytes)

    async def keep(self, staged: StagedFile, key: str) -> None:
        await asyncio.to_thread(self._client.upload_file, staged.handle, self._bucket, key)
        await self._staging.discard(staged)

    async def discard(self, staged: StagedFile) -> None:
        await self._staging.discard(staged)

    async def read(self, key: str) -> AsyncIterator[bytes]:
        found = await asyncio.to_thread(self._client.get_object, Bucket=self._bucket, Key=key)
        body = found["Body"]
        try:
            while chunk := await asyncio.to_thread(body.read, CHUNK):
                yield chunk
        finally:
            body.close()

    def sweep_temporary(self, older_than_seconds: float = 3600.0) -> int:
        """Staged uploads abandoned by a crash (the bucket's own are never partial)."""
        return self._staging.sweep_temporary(older_than_seconds)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._client.delete_object, Bucket=self._bucket, Key=key)
