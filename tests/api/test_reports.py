"""Periodic reports on a real PostgreSQL: refusals first; every number of a report equals the
`statistics` query for the same period and scope; the same data gives the same report; no
confidential field reaches a report; the worker's job keeps each closed month and quarter
once; listing and signed downloads within the reader's provinces; typed errors."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.deps import ApiDeps
from db.repositories.reports import SqlReportRepository
from db.uow import SqlUnitOfWork
from domain.accounts import PlatformRole
from domain.report_sections import STAGE_VI
from domain.reports import (
    ReportFile,
    ReportFormat,
    ReportKind,
    StoredReport,
    closed_periods,
)
from domain.services import reports as uc
from domain.statistics import PORTAL_TZ, FunnelStage, Period, build_query
from innovex.reports import generate_due_reports
from reports import ReportFileRenderer, render_files
from security.links import HmacLinkSigner
from storage.filesystem import FilesystemDocumentStore
from tests.api.test_permission_matrix import snapshot
from tests.api.test_statistics import MARKER, portal_activity, this_month
from tests.conftest import StatementCounter
from tests.factories import make_user
from tests.graphql import ERRORS, gql
from tests.report_support import all_text, sheets, tables

STATS = """query($p: String!, $pr: [String!]) { statistics(period: $p, provinces: $pr) {
  ... on Statistics {
    funnel { stage total byMonth { bucket count } }
    decisionTime { decided p50Days p90Days }
    connectionsByState { state count }
    deals { count valueVnd byKind { key count valueVnd undisclosed }
            byMonth { key count valueVnd undisclosed } byProvince { key count valueVnd undisclosed } }
    topFields { code nameVi received published }
    topProvinces { code nameVi received published }
  } } }"""
REPORTS = """query($p: String, $s: String, $first: Int) {
  reports(period: $p, scope: $s, first: $first) { __typename
    ... on ReportList { reports { nodes { id period kind scope scopeNameVi periodNameVi
          files { format mediaType fileName sizeBytes sha256 } } } }
    ... on ValidationError { fields { path code } }
    ... on NotAuthenticated { authCode: code }
    ... on NotAllowed { notAllowedCode: code } } }"""
LINK = f"""query($id: ID!, $f: ReportFormat!) {{ reportDownloadLink(id: $id, format: $f) {{
  __typename ... on DownloadLink {{ url sha256 sizeBytes }} {ERRORS} }} }}"""
SECRET = "test-secret-" * 4  # the report signer of tests/conftest.py


async def report_xlsx(session: AsyncSession, period: str, provinces: list[str] | None) -> bytes:
    query = build_query(period, provinces, None)
    content = await uc.compose_report(SqlUnitOfWork(session), query, datetime.now(UTC))
    return next(f.content for f in render_files(content) if f.format is ReportFormat.XLSX)


def deal_rows(groups: list[dict[str, Any]]) -> list[list[int]]:
    return [[g["count"], int(g["valueVnd"]), g["undisclosed"]] for g in groups]


@pytest.mark.parametrize("provinces", [None, ["can-tho"]])
async def test_every_number_of_a_report_is_the_statistics_querys_for_that_scope(
    client: httpx.AsyncClient, session: AsyncSession, provinces: list[str] | None
) -> None:
    await portal_activity(session)
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    month = this_month()
    stats = (await gql(client, STATS, {"p": month, "pr": provinces}, token=operator.token))[
        "statistics"
    ]
    book = sheets(await report_xlsx(session, month, provinces))

    summary = {
        row[0]: row[1] for row in tables(book["Tổng hợp"])["Sáng kiến theo giai đoạn xử lý"][1]
    }
    for stage in stats["funnel"]:
        assert summary[STAGE_VI[FunnelStage(stage["stage"].lower())]] == stage["total"]
    assert (
        summary["Có quyết định cuối cùng (chấp thuận hoặc từ chối)"]
        == stats["decisionTime"]["decided"]
    )
    assert summary["Giao dịch đã được hai bên xác nhận"] == stats["deals"]["count"]
    assert summary["Giá trị giao dịch đã công bố (đồng)"] == int(stats["deals"]["valueVnd"])
    assert summary["Tiếp nhận"] == (3 if provinces is None else 2)  # the data is not empty

    monthly = {row[0]: row[1:-1] for row in tables(book["Theo tháng"])["Theo tháng"][1]}
    for stage in stats["funnel"]:
        label = STAGE_VI[FunnelStage(stage["stage"].lower())]
        assert monthly[label] == [b["count"] for b in stage["byMonth"]]

    provinces_table = tables(book["Theo tỉnh"])
    assert next(iter(provinces_table.values()))[1] == [
        [p["code"], p["nameVi"], p["received"], p["published"]] for p in stats["topProvinces"]
    ]
    fields_table = tables(book["Theo lĩnh vực"])
    assert next(iter(fields_table.values()))[1] == [
        [p["code"], p["nameVi"], p["received"], p["published"]] for p in stats["topFields"]
    ]

    deals = tables(book["Giao dịch"])
    for title, key in (
        ("Theo loại giao dịch", "byKind"),
        ("Theo tháng ký", "byMonth"),
        ("Theo tỉnh, thành phố", "byProvince"),
    ):
        assert [row[1:] for row in deals[title][1]] == deal_rows(stats["deals"][key])
    assert len(deals["Theo loại giao dịch"][1]) == (1 if provinces is None else 0)

    times = {
        row[0]: row[1] if len(row) > 1 else None
        for row in next(iter(tables(book["Thời gian xử lý"]).values()))[1]
    }
    decided = stats["decisionTime"]
    assert [times["Số quyết định trong kỳ"], times["Trung vị (p50), ngày"]] == [
        decided["decided"],
        decided["p50Days"],
    ]
    assert times["Phân vị 90 (p90), ngày"] == decided["p90Days"]

    connections = next(iter(tables(book["Kết nối"]).values()))[1]
    assert [row[1] for row in connections] == [c["count"] for c in stats["connectionsByState"]]


async def test_the_same_data_gives_the_same_report_and_no_confidential_field(
    session: AsyncSession,
) -> None:
    await portal_activity(session)
    query = build_query(this_month(), None, None)
    uow = SqlUnitOfWork(session)
    at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    first = render_files(await uc.compose_report(uow, query, at))
    again = render_files(await uc.compose_report(uow, query, at))
    later = render_files(await uc.compose_report(uow, query, at + timedelta(hours=5)))
    # The same data and generation time: byte for byte the same spreadsheet and PDF.
    assert [f.content for f in first] == [f.content for f in again]
    # Generated later: the same cell values but the generation time on the cover.
    one, other = sheets(first[0].content), sheets(later[0].content)
    cover, later_cover = one.pop("Thông tin"), other.pop("Thông tin")
    assert one == other
    assert cover[:-1] == later_cover[:-1]
    assert cover[-1][0] == later_cover[-1][0] == "Thời điểm lập"
    assert cover[-1][1] != later_cover[-1][1]
    # The marker is in every confidential field of the data; the PDF is drawn from the same
    # composed content as the spreadsheet, which holds no text but aggregates and names.
    content = await uc.compose_report(uow, query, at)
    assert MARKER not in all_text(first[0].content)
    assert MARKER not in repr(content)
    assert first[1].content.startswith(b"%PDF-")


@pytest.fixture
def store(tmp_path: Path, api_deps: ApiDeps) -> FilesystemDocumentStore:
    files = FilesystemDocumentStore(tmp_path / "files")
    api_deps.document_store = files
    api_deps.link_signer = HmacLinkSigner(SECRET)  # attachments' links, under their own key
    api_deps.public_url = "http://testserver"
    return files


def after_this_month() -> datetime:
    """Five minutes into next month, Hà Nội time: this month has closed."""
    today = datetime.now(PORTAL_TZ)
    first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return datetime(first.year, first.month, 1, 0, 5, tzinfo=PORTAL_TZ)


async def test_reports_are_refused_to_callers_without_an_oversight_role(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    scientist = await make_user(session)
    reviewer = await make_user(session, roles=frozenset({PlatformRole.REVIEWER}))
    before = await snapshot(session)
    fake = "UmVwb3J0OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=="
    assert (await gql(client, REPORTS, {}))["reports"] == {
        "__typename": "NotAuthenticated",
        "authCode": "TOKEN_MISSING",
    }
    for caller in (scientist, reviewer):
        for document, variables, path in (
            (REPORTS, {}, "reports"),
            (LINK, {"id": fake, "f": "XLSX"}, "reportDownloadLink"),
        ):
            answer = (await gql(client, document, variables, token=caller.token))[path]
            assert answer == {"__typename": "NotAllowed", "notAllowedCode": "MISSING_ROLE"}
    assert await snapshot(session) == before


async def test_the_worker_keeps_each_closed_period_once_and_overseers_download_their_own(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessions: async_sessionmaker[AsyncSession],
    store: FilesystemDocumentStore,
) -> None:
    await portal_activity(session)
    await session.commit()
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    observer = await make_user(
        session,
        roles=frozenset({PlatformRole.OBSERVER}),
        provinces={PlatformRole.OBSERVER: "can-tho"},
    )
    await session.commit()
    now = after_this_month()
    periods = [p.label for p in closed_periods(now)]
    assert periods[0] == this_month()

    # The national report and one for the province someone oversees, for each closed period.
    made = await generate_due_reports(sessions, store, now, concurrently=False)
    assert made == 4
    kept = [p for p in store.root.rglob("*") if p.is_file()]
    assert len(kept) == 8  # a spreadsheet and a PDF each
    # Again (a restart, or the next turn of the job): nothing new.
    assert await generate_due_reports(sessions, store, now, concurrently=False) == 0
    assert len([p for p in store.root.rglob("*") if p.is_file()]) == 8

    listed = (await gql(client, REPORTS, {}, token=operator.token))["reports"]
    nodes = listed["reports"]["nodes"]
    assert sorted((n["period"], n["scope"]) for n in nodes) == sorted(
        (p, s) for p in periods for s in ("national", "can-tho")
    )
    national = next(n for n in nodes if n["scope"] == "national" and n["period"] == periods[0])
    assert national["kind"] == "MONTHLY"
    assert national["scopeNameVi"] == "Toàn quốc"
    assert [f["format"] for f in national["files"]] == ["PDF", "XLSX"]
    assert national["files"][1]["fileName"] == f"bao-cao-{periods[0]}-toan-quoc.xlsx"

    # A provincial observer lists its province's reports, not the national ones.
    mine = (await gql(client, REPORTS, {}, token=observer.token))["reports"]
    assert {n["scope"] for n in mine["reports"]["nodes"]} == {"can-tho"}
    assert len(mine["reports"]["nodes"]) == 2
    asked = (await gql(client, REPORTS, {"s": "national"}, token=observer.token))["reports"]
    assert asked == {"__typename": "NotAllowed", "notAllowedCode": "OUTSIDE_PROVINCE"}
    refused = (await gql(client, LINK, {"id": national["id"], "f": "XLSX"}, token=observer.token))[
        "reportDownloadLink"
    ]
    assert refused["__typename"] == "NotFound"

    link = (await gql(client, LINK, {"id": national["id"], "f": "XLSX"}, token=operator.token))[
        "reportDownloadLink"
    ]
    assert link["__typename"] == "DownloadLink"
    got = await client.get(link["url"].removeprefix("http://testserver"))
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert (
        hashlib.sha256(got.content).hexdigest() == link["sha256"] == national["files"][1]["sha256"]
    )
    summary = tables(sheets(got.content)["Tổng hợp"])["Sáng kiến theo giai đoạn xử lý"][1]
    assert summary[0] == ["Tiếp nhận", 3]

    own = next(n for n in mine["reports"]["nodes"] if n["period"] == periods[0])
    pdf_link = (await gql(client, LINK, {"id": own["id"], "f": "PDF"}, token=observer.token))[
        "reportDownloadLink"
    ]
    pdf = await client.get(pdf_link["url"].removeprefix("http://testserver"))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert "attachment" in pdf.headers["content-disposition"]

    # The same grant signed with the attachments' key opens nothing here.
    token = link["url"].rsplit("/", 1)[1]
    grant = HmacLinkSigner(SECRET, b"innovex report links").verify(token, datetime.now(UTC))
    forged = HmacLinkSigner(SECRET).sign(grant)
    answer = await client.get(f"/reports/{forged}")
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["extensions"]["code"] == "LINK_INVALID"
    assert (await client.get(f"/files/{token}")).status_code == 403


async def test_bad_periods_scopes_and_ids_are_typed_errors(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    observer = await make_user(session, roles=frozenset({PlatformRole.OBSERVER}))
    before = await snapshot(session)
    for variables, path, code in (
        ({"p": "2026-13"}, ["period"], "INVALID_FORMAT"),
        ({"p": "Q3-2026"}, ["period"], "INVALID_FORMAT"),
        ({"s": "atlantis"}, ["scope"], "INVALID_CHOICE"),
        ({"first": 500}, ["first"], "OUT_OF_RANGE"),
    ):
        answer = (await gql(client, REPORTS, variables, token=observer.token))["reports"]
        assert answer == {"__typename": "ValidationError", "fields": [{"path": path, "code": code}]}
    not_a_report = "T3JnYW5pemF0aW9uOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=="
    answer = (await gql(client, LINK, {"id": not_a_report, "f": "PDF"}, token=observer.token))[
        "reportDownloadLink"
    ]
    assert answer == {
        "__typename": "ValidationError",
        "fields": [{"path": ["id"], "code": "INVALID_FORMAT"}],
    }
    missing = "UmVwb3J0OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA=="
    answer = (await gql(client, LINK, {"id": missing, "f": "PDF"}, token=observer.token))[
        "reportDownloadLink"
    ]
    assert answer["__typename"] == "NotFound"
    assert (await client.get("/reports/not-a-token")).status_code == 404  # no store in this app
    assert await snapshot(session) == before


async def test_listing_reports_costs_a_fixed_number_of_statements(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: StatementCounter
) -> None:
    operator = await make_user(session, roles=frozenset({PlatformRole.OPERATOR}))
    repository = SqlReportRepository(session)

    async def add(period: str, scope: str) -> None:
        files = [ReportFile(uuid4(), f, uuid4().hex, "0" * 64, 10) for f in ReportFormat]
        await repository.add(
            StoredReport(uuid4(), period, ReportKind.MONTHLY, scope, datetime.now(UTC), files)
        )

    async def statements() -> tuple[int, int]:
        with count_queries.counting():
            answer = await gql(client, REPORTS, {"first": 50}, token=operator.token)
        return count_queries.count, len(answer["reports"]["reports"]["nodes"])

    await add("2026-07", "national")
    one = await statements()
    for month in range(1, 13):
        for scope in ("national", "can-tho", "ha-noi"):
            await add(f"2025-{month:02d}", scope)
    many = await statements()
    assert (one[1], many[1]) == (1, 37)
    assert many[0] == one[0]


async def test_a_report_another_worker_is_making_is_skipped_not_made_twice(
    engine: AsyncEngine, session: AsyncSession, tmp_path: Path
) -> None:
    store = FilesystemDocumentStore(tmp_path / "files")
    period = Period.parse("2026-07")
    key = text("SELECT hashtext('report:2026-07:national')")

    async def generate() -> StoredReport | None:
        return await uc.generate_report(
            SqlUnitOfWork(session),
            store,
            ReportFileRenderer(),
            period=period,
            scope="national",
            now=datetime.now(UTC),
        )

    async with engine.connect() as other:  # the other worker, holding the claim
        lock = await other.scalar(key)
        await other.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock})
        made = await generate()
        await other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock})
    assert made is None
    assert not await SqlReportRepository(session).exists("2026-07", "national")
    assert not store.root.exists()
    # Once the claim is released, the report is made.
    again = await generate()
    assert again is not None
    assert [f.format for f in again.files] == [ReportFormat.XLSX, ReportFormat.PDF]
