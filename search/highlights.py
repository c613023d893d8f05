"""Highlights that respect the user's diacritics, shared by every search backend.

Backends match on folded text, so a query typed "điện mặt trời" also marks "mất" (folded
"mat") and "robot hàn" marks "thời hạn". Where the user typed a word with diacritics, a marked
word that folds to it but is spelt otherwise ("mất" for "mặt") is a different word: its mark is
taken off. Words typed without diacritics, and marks that come from a typo or a synonym, stay.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from domain.text import canonical, fold

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=64)
def _marks(start: str, stop: str) -> re.Pattern[str]:
    """One marked passage (compiled once per pair of sentinels, not per snippet)."""
    return re.compile(re.escape(start) + "(.*?)" + re.escape(stop), re.DOTALL)


@lru_cache(maxsize=64)
def _runs(start: str, stop: str) -> re.Pattern[str]:
    """Adjacent marked words."""
    return re.compile(
        "(?:" + re.escape(start) + r"[^" + re.escape(stop) + r"]*" + re.escape(stop) + r"\s*)+"
    )


@lru_cache(maxsize=16384)
def _folded_canonical(word: str) -> str:
    return canonical(fold(word))


def typed_words(query_text: str) -> dict[str, set[str]]:
    """Folded, spelling-normalised query word -> canonical spellings the user typed with
    diacritics; a word typed without diacritics anywhere maps to an empty set (any spelling)."""
    words: dict[str, set[str]] = {}
    for word in _WORD.findall(unicodedata.normalize("NFC", query_text).lower()):
        key = canonical(fold(word))
        if word == fold(word):
            words[key] = set()
        elif key not in words or words[key]:
            words.setdefault(key, set()).add(canonical(word))
    return words


def keeps_mark(marked: str, typed: dict[str, set[str]]) -> bool:
    for word in _WORD.findall(unicodedata.normalize("NFC", marked).lower()):
        spellings = typed.get(_folded_canonical(word))
        if spellings is None or not spellings or canonical(word) in spellings:
            return True
    return False


def drop_foreign_marks(snippet: str, typed: dict[str, set[str]], start: str, stop: str) -> str:
    """`snippet` without the marks around words spelt with other diacritics than typed."""
    if not any(typed.values()):
        return snippet
    return _marks(start, stop).sub(
        lambda m: m.group(0) if keeps_mark(m.group(1), typed) else m.group(1), snippet
    )


def has_mark(snippets: Iterable[str], start: str) -> bool:
    return any(start in snippet for snippet in snippets)


def prefer_phrase(snippet: str, words: int, start: str, stop: str) -> str:
    """Where a snippet holds the whole query as marked adjacent words, the marks elsewhere
    are taken off: "điện mặt trời" keeps its phrase marked and not a lone "điện" further on."""
    if words < 2:
        return snippet
    mark = _marks(start, stop)
    runs = list(_runs(start, stop).finditer(snippet))
    if not any(len(mark.findall(m.group(0))) >= words for m in runs):
        return snippet
    out: list[str] = []
    at = 0
    for m in runs:
        out.append(snippet[at : m.start()])
        text = m.group(0)
        out.append(text if len(mark.findall(text)) >= words else mark.sub(r"\1", text))
        at = m.end()
    out.append(snippet[at:])
    return "".join(out)


def query_word_count(query_text: str) -> int:
    return len(_WORD.findall(query_text))
