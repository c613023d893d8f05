"""Text folding shared by search and matching: what `innovex_unaccent(lower(...))` does in SQL."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that NFD does not split into base + mark; PostgreSQL's unaccent rules map them so.
_NON_DECOMPOSING = str.maketrans(
    {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o"}
)


def fold(text: str) -> str:
    """Lowercase and strip diacritics (Vietnamese-aware): "Công nghệ Điện" -> "cong nghe dien".

    NFKC first so full-width and compatibility characters become plain ones, then NFD to split
    base letters from tone and vowel marks, then drop the marks. "Đ/đ" is not a base letter
    plus a mark, so it is mapped explicitly.
    """
    text = unicodedata.normalize("NFKC", text).translate(_NON_DECOMPOSING)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


# -- Vietnamese spelling variants ----------------------------------------------------------------
#
# Two spellings of one Vietnamese word are both correct and both common in documents:
# * i or y after a consonant, in open syllables: lí/lý, kĩ/kỹ, mĩ/mỹ, công ti/công ty;
# * the tone mark of the rhymes oa, oe, uy without a final consonant, on either vowel ("old"
#   hòa, thủy, úy and "new" hoà, thuỷ, uý placement).
# Search treats the spellings as one word: queries ask for every spelling of each word, so
# documents match and are highlighted whichever spelling they use, and `canonical` compares
# two spellings in the places that need one form (exact-diacritics ranking, highlights).

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_I_Y_ONSETS = (
    "ph", "th", "tr", "ch", "nh", "kh", "qu",
    "b", "d", "đ", "h", "k", "l", "m", "n", "r", "s", "t", "v", "x",
)  # fmt: skip
_GLIDE_RHYMES = ("oa", "oe", "uy")
_CONSONANTS = frozenset("bcdđghklmnpqrstvx")


def _split_tone(word: str) -> tuple[str, str | None, int]:
    """(the word without its tone mark, the tone mark, index of the toned base letter)."""
    decomposed = unicodedata.normalize("NFD", word)
    base: list[str] = []
    tone: str | None = None
    toned = -1
    for ch in decomposed:
        if ch in TONE_MARKS and tone is None:
            tone = ch
            toned = len(unicodedata.normalize("NFC", "".join(base))) - 1
            continue
        base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)), tone, toned


def _with_tone(base: str, tone: str | None, at: int) -> str:
    if tone is None:
        return base
    return unicodedata.normalize("NFC", base[: at + 1] + tone + base[at + 1 :])


# Words repeat (a snippet's marked words, a query's words): the answer depends on the word only.
@lru_cache(maxsize=16384)
def spellings(word: str) -> tuple[str, ...]:
    """Every accepted spelling of a lowercase Vietnamese word, `canonical(word)` first; a word
    with no alternative spelling (and any non-Vietnamese word) gives itself only.

    "lý" -> ("lí", "lý"); "kỹ" -> ("kĩ", "kỹ"); "hòa" -> ("hoà", "hòa");
    "thuỷ" -> ("thuỷ", "thủy"); "ly" -> ("li", "ly"); "robot" -> ("robot",).
    """
    word = unicodedata.normalize("NFC", word)
    base, tone, toned = _split_tone(word)
    if tone is not None and toned < 0:
        return (word,)
    for onset in _I_Y_ONSETS:
        rest = base[len(onset) :]
        if base.startswith(onset) and rest in ("i", "y"):
            at = len(onset)
            return tuple(dict.fromkeys(_with_tone(onset + vowel, tone, at) for vowel in ("i", "y")))
    if tone is not None:
        for rhyme in _GLIDE_RHYMES:
            onset = base[: -len(rhyme)]
            if (
                base.endswith(rhyme)
                and all(ch in _CONSONANTS for ch in onset)
                and not onset.endswith(("q", "g"))
            ):
                first = len(onset)
                return tuple(
                    dict.fromkeys(
                        (_with_tone(base, tone, first + 1), _with_tone(base, tone, first))
                    )
                )
    return (word,)


@lru_cache(maxsize=16384)
def canonical(word: str) -> str:
    """One spelling per word (lowercase, NFC): i rather than y, tone on the second vowel of
    oa/oe/uy. Two words are the same word exactly when their canonical forms are equal."""
    return spellings(unicodedata.normalize("NFC", word).lower())[0]


def i_y_pairs() -> tuple[tuple[str, str], ...]:
    """The folded syllables spelt with i or y ("li", "ly"), for engines configured with
    synonyms rather than queried with every spelling (Meilisearch)."""
    return tuple(dict.fromkeys((fold(onset) + "i", fold(onset) + "y") for onset in _I_Y_ONSETS))
