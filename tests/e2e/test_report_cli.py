"""`innovex report` as an operator runs it: a separate process on a committed database writes
the spreadsheet and the PDF of a month and a quarter; bad arguments stop it with exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import make_sessionmaker
from tests.api.test_statistics import portal_activity, this_month
from tests.conftest import disposing_engine, scratch_database
from tests.report_support import sheets, tables

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report_db(server_url: str) -> Iterator[str]:
    with scratch_database(server_url, prefix="innovex_report") as url:
        yield url


@pytest.fixture
async def committed_session(report_db: str) -> AsyncIterator[AsyncSession]:
    async with (
        disposing_engine(report_db, pool_size=1) as engine,
        make_sessionmaker(engine)() as session,
    ):
        yield session


def report(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "innovex", "report", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


async def test_the_command_writes_the_month_and_quarter_reports(
    report_db: str, committed_session: AsyncSession, tmp_path: Path
) -> None:
    await portal_activity(committed_session)
    await committed_session.commit()
    month = this_month()
    quarter = f"{month[:4]}-Q{(int(month[5:]) - 1) // 3 + 1}"
    for period in (month, quarter):
        done = report(report_db, tmp_path, "--period", period, "--out", str(tmp_path / "out"))
        assert done.returncode == 0, done.stderr
        xlsx = tmp_path / "out" / f"bao-cao-{period}-toan-quoc.xlsx"
        pdf = tmp_path / "out" / f"bao-cao-{period}-toan-quoc.pdf"
        assert str(xlsx) in done.stdout
        assert pdf.read_bytes().startswith(b"%PDF-")
        summary = tables(sheets(xlsx.read_bytes())["Tổng hợp"])["Sáng kiến theo giai đoạn xử lý"]
        assert summary[1][0] == ["Tiếp nhận", 3]
    provincial = report(
        report_db, tmp_path, "--period", month, "--province", "can-tho", "--out", str(tmp_path)
    )
    assert provincial.returncode == 0, provincial.stderr
    book = sheets((tmp_path / f"bao-cao-{month}-can-tho.xlsx").read_bytes())
    assert tables(book["Tổng hợp"])["Sáng kiến theo giai đoạn xử lý"][1][0] == ["Tiếp nhận", 2]


def test_bad_periods_and_codes_stop_the_command_naming_the_argument(
    report_db: str, tmp_path: Path
) -> None:
    for args, named in (
        (["--period", "2026-13"], "period: is not a year, quarter or month (INVALID_FORMAT)"),
        (["--period", "2026-Q3", "--province", "atlantis"], "provinces:"),
        (["--period", "2026-Q3", "--field", "999"], "fieldCodes:"),
    ):
        refused = report(report_db, tmp_path, *args, "--out", str(tmp_path / "x"))
        assert refused.returncode == 2
        assert named in refused.stderr
    assert not (tmp_path / "x").exists()
