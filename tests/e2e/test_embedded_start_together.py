"""Processes that start the embedded PostgreSQL together (`serve --workers N`, parallel test
workers) all get a working server with its settings applied: none connects to it while another
restarts it to apply them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

START_AND_ASK = """
import asyncio, sys
from pathlib import Path
import asyncpg
from db.embedded import start_embedded

url = start_embedded(Path(sys.argv[1]), database="postgres")

async def ask() -> None:
    conn = await asyncpg.connect(url)
    try:
        print(await conn.fetchval("SHOW shared_buffers"), await conn.fetchval("SELECT 1 + 1"))
    finally:
        await conn.close()

asyncio.run(ask())
"""


def test_three_processes_starting_a_fresh_server_together_all_use_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", START_AND_ASK, str(data_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    answers = []
    for starter in starters:
        out, err = starter.communicate(timeout=240)
        assert starter.returncode == 0, err[-2000:]
        answers.append(out.split())
    # Each one reached the server, and the first start's restart applied shared_buffers.
    assert answers == [["1GB", "2"]] * 3
