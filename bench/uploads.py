"""Uploads: what a 50 MB `uploadAttachment` costs when the file streams after the permission
checks (api/multipart.py) versus Starlette's form parser (the file spooled to a temporary
file before the operation runs), both in one run, in process (no network).

For each parser: a refused upload (no token) and an allowed one (the listing's owner), each
`--repeat` times. Per upload: wall time, process CPU time, and bytes the process wrote with
write() (`wchar` of /proc/self/io: the spool, the staged file and its copy). Figures go to
BENCHMARKS.md.

    .venv/bin/python bench/uploads.py [--mb 50] [--repeat 3]

The scratch database (embedded server, or DATABASE_URL's) and the files are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BOUNDARY = "bench-boundary"
CHUNK = 64 * 1024
PDF_HEAD = b"%PDF-1.7\n"


def _median(values: list[float] | list[int]) -> float:
    ordered = sorted(values)
    return float(ordered[len(ordered) // 2])


def _wchar() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    return 0


def _body(listing_id: str, size: int, seed: int) -> Iterator[bytes]:
    operations = {
        "query": "mutation($input: UploadAttachmentInput!) { uploadAttachment(input: $input) "
        "{ __typename } }",
        "variables": {"input": {"listingId": listing_id, "file": None}},
    }

    def part(name: str, value: str) -> bytes:
        return (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()

    yield (
        part("operations", json.dumps(operations))
        + part("map", json.dumps({"0": ["variables.input.file"]}))
        + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="a.pdf"\r\n\r\n'.encode()
    )
    yield PDF_HEAD + seed.to_bytes(8, "big")  # distinct content: one per hash per listing
    left = size - len(PDF_HEAD) - 8
    while left > 0:
        n = min(CHUNK, left)
        yield b"\0" * n
        left -= n
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


async def _send(app: Any, token: str | None, chunks: Iterator[bytes]) -> str:
    messages: list[Any] = []

    async def receive() -> dict[str, Any]:
        chunk = next(chunks, b"")
        return {"type": "http.request", "body": chunk, "more_body": bool(chunk)}

    async def send(message: Any) -> None:
        messages.append(message)

    headers = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "server": ("bench", 80),
        "client": ("127.0.0.1", 1),
    }
    await app(scope, receive, send)
    raw = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    answer: str = json.loads(raw)["data"]["uploadAttachment"]["__typename"]
    return answer


async def run(url: str, size: int, repeat: int) -> None:
    from cross_web import StarletteRequestAdapter
    from strawberry import relay

    from api.app import InnovexGraphQL, create_app
    from api.deps import ApiDeps
    from api.multipart import StreamingRequestAdapter
    from db.engine import make_engine, make_sessionmaker
    from security.links import HmacLinkSigner
    from storage.filesystem import FilesystemDocumentStore
    from tests.conftest import FAST_HASHER
    from tests.factories import make_initiative, make_organization, make_user

    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        owner = await make_user(session)
        org = await make_organization(session, owner.user)
        initiative = await make_initiative(session, owner.user, org)
    listing = str(relay.GlobalID("Initiative", str(initiative.id)))
    with tempfile.TemporaryDirectory() as files:
        deps = ApiDeps(sessions=sessions, password_hasher=FAST_HASHER, max_body_bytes=256 * 1024)
        deps.document_store = FilesystemDocumentStore(Path(files))
        deps.link_signer = HmacLinkSigner(secrets.token_hex(32))
        app = create_app(deps)
        seed = 0
        print(f"{size // 2**20} MB per upload, {repeat} each; load {os.getloadavg()}")
        for name, adapter in (
            ("streamed", StreamingRequestAdapter),
            ("starlette", StarletteRequestAdapter),
        ):
            InnovexGraphQL.request_adapter_class = adapter  # type: ignore[assignment]
            for case, token in (("refused", None), ("allowed", owner.token)):
                walls, cpus, written = [], [], []
                for _ in range(repeat):
                    seed += 1
                    w0, c0, b0 = time.perf_counter(), time.process_time(), _wchar()
                    answer = await _send(app, token, _body(listing, size, seed))
                    walls.append(time.perf_counter() - w0)
                    cpus.append(time.process_time() - c0)
                    written.append(_wchar() - b0)
                print(
                    f"{name:9} {case:7} {answer:18} wall {_median(walls):.3f} s  "
                    f"cpu {_median(cpus):.3f} s  "
                    f"written {_median(written) / 2**20:.1f} MiB"
                )
        InnovexGraphQL.request_adapter_class = StreamingRequestAdapter  # type: ignore[assignment]
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from db.databases import create_database, drop_database
    from db.embedded import start_embedded
    from innovex.bootstrap import migrate

    # The tests' embedded server: already running while tests run, so no second one starts.
    server = os.environ.get("DATABASE_URL") or start_embedded(
        ROOT / ".data" / "test", database="postgres"
    )
    url = create_database(server, f"innovex_bench_up_{secrets.token_hex(3)}")
    try:
        migrate(url)
        asyncio.run(run(url, args.mb * 2**20, args.repeat))
    finally:
        drop_database(server, url)


if __name__ == "__main__":
    main()
