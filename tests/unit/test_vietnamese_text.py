"""Vietnamese spellings that are one word, and highlights that follow the user's diacritics."""

from __future__ import annotations

import pytest

from domain.text import canonical, spellings
from search.highlights import drop_foreign_marks, prefer_phrase, typed_words
from search.postgres_analysis import Synonyms, compile_analysis


@pytest.mark.parametrize(
    ("one", "other"),
    [("lí", "lý"), ("kĩ", "kỹ"), ("mĩ", "mỹ"), ("công ti", "công ty"), ("hoà", "hòa"),
     ("thuỷ", "thủy"), ("uý", "úy"), ("khoẻ", "khỏe"), ("quí", "quý"), ("li", "ly")],
)  # fmt: skip
def test_both_spellings_are_the_same_word(one: str, other: str) -> None:
    assert [canonical(w) for w in one.split()] == [canonical(w) for w in other.split()]
    assert set(spellings(one.rsplit(maxsplit=1)[-1])) == set(
        spellings(other.rsplit(maxsplit=1)[-1])
    )


@pytest.mark.parametrize("word", ["hoàn", "thuyền", "ý", "y", "huy", "mặt", "robot", "energy"])
def test_words_without_a_second_spelling_stay_alone(word: str) -> None:
    assert spellings(word) == (word,)


def test_different_tones_or_vowels_are_different_words() -> None:
    assert canonical("mặt") != canonical("mất")
    assert canonical("hàn") != canonical("hạn")
    assert canonical("lý") != canonical("ly")


def test_a_query_asks_for_every_spelling_of_its_words() -> None:
    analysis = compile_analysis(["xu", "li"], {}, ["xử", "lí"], Synonyms.build({}))

    assert analysis.full == "'xu' & ('li' | 'ly')"
    assert analysis.exact == "'xử' & ('lí' | 'lý')"
    assert analysis.pairs == ("'xu' <-> ('li' | 'ly')",)


def test_marks_on_words_spelt_otherwise_than_typed_are_taken_off() -> None:
    typed = typed_words("robot hàn")

    assert drop_foreign_marks("[Robot] thời [hạn] [hàn]", typed, "[", "]") == (
        "[Robot] thời hạn [hàn]"
    )


def test_a_word_typed_without_diacritics_keeps_every_mark() -> None:
    assert drop_foreign_marks("[hạn] [hàn]", typed_words("robot han"), "[", "]") == "[hạn] [hàn]"


def test_where_the_phrase_is_marked_lone_marks_are_taken_off() -> None:
    snippet = "mất [điện] lưới; [điện] [mặt] [trời] mái nhà"

    assert prefer_phrase(snippet, 3, "[", "]") == "mất điện lưới; [điện] [mặt] [trời] mái nhà"
    assert prefer_phrase("[điện] và [mặt] [trời]", 3, "[", "]") == "[điện] và [mặt] [trời]"
