"""Text folding shared by search and matching: what `innovex_unaccent(lower(...))` does in SQL."""

from __future__ import annotations

import unicodedata

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
