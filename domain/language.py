"""The language of a listing's public text, as matching needs it: Vietnamese or not.

Vietnamese marks most syllables with a tone or a modified vowel, and many of its marked
letters (ă ơ ư đ, the hook above, the dot below, tones on â ê ô) exist in no Western European
alphabet. The share of letters carrying one of those separates Vietnamese from English,
French, German or Spanish without a model: >= 0.049 on 6 629 Vietnamese texts of
../shared/data (median 0.19; demo offers and initiatives 0.13-0.31), exactly 0 for the other
languages. Counting every Vietnamese-marked letter instead (é, à, ô included) would put
French titles at 0.13-0.15, level with Vietnamese ones full of English terms (notes/
vietnamese-matching.md, section 10). Vietnamese typed without accents ("he thong tuoi nho
giot") carries none and is labelled `OTHER`: the rule's known limit, accepted because such
listings are rare on the portal and are then compared with the non-Vietnamese ones.
"""

from __future__ import annotations

import unicodedata
from typing import Final

VIETNAMESE: Final = "vi"
# Not "en": nothing here recognises English, only the absence of Vietnamese letters.
OTHER: Final = "other"
LANGUAGES: Final = (VIETNAMESE, OTHER)

# Lower-case Vietnamese letters (NFC) whose mark no Western European alphabet uses: Vietnamese
# marked letters minus à á â ã è é ê ì í ò ó ô õ ù ú ý (French, Spanish, Portuguese, Italian).
VIETNAMESE_ONLY_LETTERS: Final = frozenset("ảạăằắẳẵặầấẩẫậđẻẽẹềếểễệỉĩịỏọồốổỗộơờớởỡợủũụưừứửữựỳỷỹỵ")
# Below the least Vietnamese text measured (0.049) by a third; Romanian's ă alone gives ~0.01.
VIETNAMESE_SHARE: Final = 0.03


def vietnamese_share(text: str) -> float:
    """Share of the letters of `text` (after NFC) that only Vietnamese writes."""
    letters = [c for c in unicodedata.normalize("NFC", text).lower() if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c in VIETNAMESE_ONLY_LETTERS) / len(letters)


def detect_language(*parts: str | None) -> str:
    """`VIETNAMESE` or `OTHER` for the joined `parts` (a title and a summary)."""
    text = " ".join(p for p in parts if p)
    return VIETNAMESE if vietnamese_share(text) >= VIETNAMESE_SHARE else OTHER
