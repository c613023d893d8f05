"""Rules of feedback without I/O: the 3-6 month period of an evaluation round, the score and
comment of a rating, and what the public reads of the aggregates."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.feedback import (
    ProcessRatings,
    RatedProcess,
    add_months,
    clean_rating,
    clean_round,
)


def test_adding_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (date(2026, 1, 1), date(2026, 3, 31), True),  # three months, both days included
        (date(2026, 1, 1), date(2026, 6, 30), True),  # six
        (date(2026, 1, 1), date(2026, 3, 30), False),
        (date(2026, 1, 1), date(2026, 7, 1), False),
        (date(2025, 11, 30), date(2026, 2, 27), True),  # ends the day before 28 February
        (date(2026, 6, 30), date(2026, 1, 1), False),
    ],
)
def test_a_round_lasts_three_to_six_months(start: date, end: date, ok: bool) -> None:
    if ok:
        assert clean_round("Viện Đánh giá", start, end, "Phát hiện", "Tóm tắt").period_end == end
    else:
        with pytest.raises(InvalidInput) as raised:
            clean_round("Viện Đánh giá", start, end, "Phát hiện", "Tóm tắt")
        assert [i.path for i in raised.value.issues] == [("periodEnd",)]


def test_a_rating_has_a_score_of_one_to_five_and_a_blank_comment_is_none() -> None:
    assert clean_rating(1, "  ") is None
    assert clean_rating(5, " Tốt. ") == "Tốt."
    with pytest.raises(InvalidInput) as raised:
        clean_rating(6, "x" * 4001)
    assert [i.path for i in raised.value.issues] == [("score",), ("comment",)]
    assert "x" * 20 not in str(raised.value)


def test_the_public_reads_no_average_of_fewer_than_three_ratings() -> None:
    spread = {1: 0, 2: 1, 3: 0, 4: 1, 5: 0}
    two = ProcessRatings(RatedProcess.REVIEW, 2, 3.0, spread, commented=2)
    assert (two.public().average, two.public().distribution, two.public().commented) == (
        None,
        {},
        0,
    )
    three = ProcessRatings(RatedProcess.REVIEW, 3, 3.33, {**spread, 3: 1}, commented=1)
    assert three.public().average == 3.33
