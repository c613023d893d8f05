"""The worker backs off while the database is down, logging once per change of state."""

from __future__ import annotations

import logging

import pytest

from innovex.worker import Backoff


def test_failures_double_the_wait_up_to_a_ceiling_and_log_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    backoff = Backoff(0.25, ceiling=30.0)
    delays = []
    with caplog.at_level(logging.INFO, logger="innovex.worker"):
        for _ in range(10):
            backoff.failed(ConnectionRefusedError("server closed the connection"))
            delays.append(backoff.delay)
        backoff.succeeded()
        backoff.succeeded()
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0, 30.0]
    assert backoff.delay == 0.25
    assert [r.getMessage() for r in caplog.records] == [
        "worker iteration failed; backing off",
        "worker recovered",
    ]
