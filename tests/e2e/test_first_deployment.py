"""A first deployment as a newcomer runs it: an EMPTY database (no demo data), the command line
for the admin and the roles, GraphQL for everything else, until an initiative is published.

Bounded: the whole walk must finish within 90 s; the server listens on 127.0.0.1 only and is
stopped (SIGINT, then killed) whatever happens."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

from tests.conftest import unmigrated_database
from tests.e2e.api_process import interrupt
from tests.e2e.test_cli_and_server import cli, free_port

pytestmark = pytest.mark.slow

BUDGET_S = 90
PASSWORD = "mật khẩu đủ dài 1"


@pytest.fixture
def env(server_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    with unmigrated_database(server_url, f"innovex_first_{os.getpid()}") as url:
        yield {
            **os.environ,
            "DATABASE_URL": url,
            "DATA_DIR": str(tmp_path / "data"),
            "LOG_LEVEL": "WARNING",
            "HOST": "127.0.0.1",
            "PORT": str(free_port()),
        }


class Api:
    def __init__(self, base: str, database_url: str | None = None) -> None:
        self.base = base
        self.database_url = database_url

    def verify_email(self, email: str) -> None:
        """As the person would: the worker's drainer sends the queued mail to a real SMTP
        server, and the code in the message is given to verifyEmail."""
        import re
        import tempfile

        from tests.e2e.mail_delivery import deliver_queued_mail

        assert self.database_url
        with tempfile.TemporaryDirectory() as mail_dir:
            kept = deliver_queued_mail(self.database_url, Path(mail_dir))
        [message] = [m for m in kept if m.recipient == email]
        token = re.search(r"token=([A-Za-z0-9_-]+)", message.body)
        assert token, message.body
        verified = self(
            "mutation($t: String!) { verifyEmail(input: {token: $t}) { __typename } }",
            t=token.group(1),
        )
        assert verified["verifyEmail"]["__typename"] == "EmailVerified", verified

    def __call__(self, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = httpx.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables},
            headers=headers,
            timeout=30,
        ).json()
        assert "errors" not in answer, answer
        data: dict[str, Any] = answer["data"]
        return data

    def sign_up_and_in(self, email: str, name: str) -> str:
        signed_up = self(
            "mutation($e: String!, $p: String!, $n: String!) { signUp(input: {email: $e, "
            "password: $p, displayName: $n}) { __typename } }",
            e=email,
            p=PASSWORD,
            n=name,
        )
        assert signed_up["signUp"]["__typename"] == "SignedUp", signed_up
        self.verify_email(email)
        return self.sign_in(email, PASSWORD)

    def sign_in(self, email: str, password: str) -> str:
        found = self(
            "mutation($e: String!, $p: String!) { signIn(input: {email: $e, password: $p}) "
            "{ __typename ... on SignedIn { token } } }",
            e=email,
            p=password,
        )
        assert found["signIn"]["__typename"] == "SignedIn", found
        token: str = found["signIn"]["token"]
        return token


def _start(env: dict[str, str], log: IO[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "innovex", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def _wait_healthy(server: subprocess.Popen[bytes], base: str, log: Path, deadline: float) -> None:
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert server.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "server did not start in time"
        time.sleep(0.3)


def test_from_an_empty_database_to_a_published_initiative(
    env: dict[str, str], tmp_path: Path
) -> None:
    deadline = time.monotonic() + BUDGET_S
    assert cli(env, "migrate", timeout=60).returncode == 0
    admin = subprocess.run(
        [sys.executable, "-m", "innovex", "create-admin", "admin@example.vn", "--password-stdin"],
        env=env,
        input="admin password 1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert admin.returncode == 0, admin.stderr
    assert "created admin admin@example.vn" in admin.stdout

    log = tmp_path / "server.log"
    log_file = log.open("w")
    server = _start(env, log_file)
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        _wait_healthy(server, base, log, deadline)
        walk(Api(base, env["DATABASE_URL"]), env)
        assert time.monotonic() < deadline, f"the walk took more than {BUDGET_S} s"
    finally:
        interrupt(server, 20)
        log_file.close()


def walk(api: Api, env: dict[str, str]) -> None:
    scientist = api.sign_up_and_in("lan@example.vn", "Trần Thị Lan")
    reviewer_tokens = {
        email: api.sign_up_and_in(email, name)
        for email, name in (("hoa@example.vn", "Lê Thị Hoa"), ("minh@example.vn", "Võ Văn Minh"))
    }
    operator = api.sign_up_and_in("so-khcn@example.vn", "Sở KH&CN Cần Thơ")

    # A new account is not a reviewer until someone says so: the command line does.
    for email in reviewer_tokens:
        granted = cli(env, "grant-role", email, "reviewer", timeout=60)
        assert granted.returncode == 0, granted.stderr
        assert f"granted reviewer to {email} (central)" in granted.stdout
    granted = cli(env, "grant-role", "so-khcn@example.vn", "operator", "--province", "can-tho")
    assert granted.returncode == 0, granted.stderr
    assert "(can-tho)" in granted.stdout

    org = api(
        'mutation { createOrganization(input: {name: "Viện Công nghệ Môi trường", '
        'kind: RESEARCH_INSTITUTE, provinceCode: "can-tho"}) { __typename '
        "... on OrganizationCreated { organization { id } } } }",
        scientist,
    )["createOrganization"]["organization"]["id"]
    saved = api(
        """mutation($org: ID!) { createInitiative(input: {organizationId: $org, content: {
            title: "Hệ thống cảnh báo lũ sớm bằng cảm biến mực nước IoT",
            summary: "Cảnh báo lũ cho xã vùng trũng bằng cảm biến mực nước giá rẻ.",
            description: "Chi tiết mạch đo và thuật toán (bảo mật).",
            problem: "Xã vùng trũng nhận tin lũ quá muộn.",
            solution: "Cảm biến siêu âm gửi mực nước qua LoRa (bảo mật).",
            advantages: "Rẻ, tự cấp nguồn bằng pin mặt trời.", fieldCode: "202", trl: 6,
            provinceCode: "can-tho", keywords: ["cảnh báo lũ", "IoT", "cảm biến"],
            coAuthors: [{name: "Trần Thị Lan", sharePercent: "100"}]}}) {
          __typename ... on InitiativeSaved { initiative { id } }
          ... on ValidationError { fields { path message } } } }""",
        scientist,
        org=org,
    )["createInitiative"]
    assert saved["__typename"] == "InitiativeSaved", saved
    initiative = saved["initiative"]["id"]
    submitted = api(
        "mutation($id: ID!) { submitInitiative(input: {id: $id}) { __typename "
        "... on ValidationError { fields { path message } } } }",
        scientist,
        id=initiative,
    )["submitInitiative"]
    assert submitted["__typename"] == "InitiativeSubmitted", submitted

    move = (
        "mutation($id: ID!, $to: InitiativeStatus!) { transitionInitiative(input: {id: $id, "
        "to: $to}) { __typename ... on InitiativeMoved { initiative { status } } } }"
    )
    for status in ("SCREENING", "UNDER_REVIEW"):
        moved = api(move, operator, id=initiative, to=status)["transitionInitiative"]
        assert moved == {"__typename": "InitiativeMoved", "initiative": {"status": status}}

    # One reviewer declares expertise in the initiative's field; the suggestion ranks them first.
    hoa = api("{ me { ... on User { id } } }", reviewer_tokens["hoa@example.vn"])["me"]["id"]
    profile = api(
        'mutation($u: ID!) { saveReviewerProfile(input: {userId: $u, fieldCodes: ["202"], '
        'languages: ["vi"]}) { __typename } }',
        reviewer_tokens["hoa@example.vn"],
        u=hoa,
    )["saveReviewerProfile"]
    assert profile == {"__typename": "ReviewerProfileSaved"}
    suggested = api(
        "query($i: ID!) { suggestedReviewers(initiativeId: $i, first: 5) { __typename "
        "... on SuggestedReviewers { suggested { rank score profile { reviewerId } } "
        "excluded { reasons } } } }",
        operator,
        i=initiative,
    )["suggestedReviewers"]
    assert suggested["__typename"] == "SuggestedReviewers", suggested
    ranked = [s["profile"]["reviewerId"] for s in suggested["suggested"]]
    assert len(ranked) == 2, suggested
    assert ranked[0] == hoa, suggested
    assert suggested["excluded"] == []

    for reviewer_id in ranked:
        assigned = api(
            "mutation($i: ID!, $r: ID!) { assignReviewer(input: {initiativeId: $i, "
            "reviewerId: $r}) { __typename } }",
            operator,
            i=initiative,
            r=reviewer_id,
        )["assignReviewer"]
        assert assigned == {"__typename": "ReviewerAssigned"}

    for token in reviewer_tokens.values():
        [assignment] = api("{ myReviewAssignments(first: 5) { edges { node { id } } } }", token)[
            "myReviewAssignments"
        ]["edges"]
        scored = api(
            """mutation($a: ID!) { scoreInitiative(input: {assignmentId: $a,
                scores: {novelty: 4, feasibility: 4, impact: 5, commercialPotential: 3},
                comments: "Khả thi, cần thử nghiệm mùa lũ.", recommendation: ACCEPT}) {
              __typename } }""",
            token,
            a=assignment["node"]["id"],
        )["scoreInitiative"]
        assert scored == {"__typename": "InitiativeScored"}

    decided = api(
        """mutation($i: ID!) { decideInitiative(input: {initiativeId: $i, outcome: ACCEPT,
            publicReason: "Hội đồng đánh giá cao tính mới và khả năng áp dụng."}) {
          __typename } }""",
        operator,
        i=initiative,
    )["decideInitiative"]
    assert decided == {"__typename": "InitiativeDecided"}
    published = api(move, operator, id=initiative, to="PUBLISHED")["transitionInitiative"]
    assert published["initiative"]["status"] == "PUBLISHED", published

    # Anyone can now read it.
    public = api(
        "query($id: ID!) { node(id: $id) { ... on Initiative { status } } }", id=initiative
    )
    assert public == {"node": {"status": "PUBLISHED"}}
