"""Text preparation for the matcher: what is embedded and what is matched lexically.

Two consumers, two shapes:

* the embedding model sees *natural* text (casing and diacritics kept, they carry meaning for
  the wordpiece tokenizer), built from the public fields of a listing and cut into chunks that
  fit the model's window (all-MiniLM-L6-v2 silently truncates after 256 wordpieces, so the end
  of a long description would otherwise be ignored);
* the lexical matcher sees *folded* tokens: lowercased, Unicode-normalised, Vietnamese
  diacritics removed and "đ" mapped to "d", so "Công nghệ sinh học" matches "cong nghe sinh hoc"
  as typed on a keyboard without an IME. This mirrors PostgreSQL `lower(unaccent(...))`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from domain.text import fold

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)")
_SPACE = re.compile(r"\s+")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words only: dropping them shrinks postings without losing topical signal. Kept small
# on purpose; a domain word wrongly listed here could never match.
ENGLISH_STOPWORDS: frozenset[str] = _word_set(
    """a an and are as at be been but by can could did do does for from had has have how if in
    into is it its may might must no not of on or our so such than that the their them then there
    these they this those to was we were what when where which while who whom why will with would
    you your also been being both each here more most other over only same some very"""
)
# Folded (unaccented) Vietnamese function words: "và, của, các, những, là, cho, với, được, ..."
VIETNAMESE_STOPWORDS: frozenset[str] = _word_set(
    """va cua cac nhung la cho voi duoc trong mot nay khi thi ma de tai tu den nhu co khong
    nhieu da se dang bi boi theo ve ra vao len"""
)
STOPWORDS: frozenset[str] = ENGLISH_STOPWORDS | VIETNAMESE_STOPWORDS
# The same Vietnamese function words as written: folded, "co" (có) is also "cơ" of "hữu cơ".
VIETNAMESE_FUNCTION_WORDS: frozenset[str] = _word_set(
    """và của các những là cho với được trong một này khi thì mà để tại từ đến như có không
    nhiều đã sẽ đang bị bởi theo về ra vào lên"""
)


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


def lexical_tokens(
    text: str, *, stopwords: frozenset[str] = STOPWORDS, min_length: int = 2
) -> list[str]:
    """Folded word tokens for lexical matching, in order, stopwords and 1-letter tokens dropped.

    Pure digits are kept (model numbers, standards such as "9001", years), single characters are
    not (they are mostly list markers and initials).
    """
    return [
        tok for tok in _TOKEN.findall(fold(text)) if len(tok) >= min_length and tok not in stopwords
    ]


def listing_text(title: str, summary: str = "", keywords: Iterable[str] = ()) -> str:
    """The text that represents a listing: title, then summary, then keywords.

    Title first because truncation and chunking keep the beginning; keywords last because they
    are short and repeat the title more often than not. Sentences are joined with ". " so the
    title does not run into the first sentence of the summary. A title that is the summary's
    own opening is left out (notes/vietnamese-matching.md, section 5).
    """
    title, summary = normalize_space(title), normalize_space(summary)
    # a title cut from the summary's opening ("First words…") would be read twice
    parts = [] if _opens_with(summary, title) else [title]
    if summary:
        parts.append(summary)
    kws = [normalize_space(k) for k in keywords if k.strip()]
    if kws:
        parts.append(", ".join(kws))
    parts = [p.rstrip(".") for p in parts if p]
    return ". ".join(parts) + ("." if parts else "")


def _opens_with(summary: str, title: str) -> bool:
    """Whether `summary` opens with `title`: a title cut with an ellipsis from its first words,
    or its whole first sentence or clause (the title adds nothing to the summary)."""
    cut = title.endswith(("…", "..."))
    head = title.rstrip("….").rstrip()
    if not head or not summary.casefold().startswith(head.casefold()):
        return False
    rest = summary[len(head) :]
    return cut or not rest or not (rest[0].isalnum() or rest[0].isspace())


def split_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation followed by whitespace. Good enough for chunking."""
    return [s for s in (normalize_space(x) for x in _SENTENCE_END.split(text)) if s]


def approx_token_count(text: str) -> int:
    """Cheap stand-in for a wordpiece count: scientific English runs ~1.35 wordpieces a word."""
    words = len(text.split())
    return (words * 27 + 19) // 20


def chunk_text(
    text: str,
    *,
    max_tokens: int = 200,
    count_tokens: Callable[[str], int] = approx_token_count,
    prefix: str = "",
) -> list[str]:
    """Cut `text` into chunks of whole sentences that each fit `max_tokens`.

    Sentences are packed greedily in order; a single sentence longer than the budget is cut at
    word boundaries. `prefix` (typically the title) is prepended to every chunk after the
    first, so each chunk still says what it is about; its tokens count against the budget.
    A text that fits returns exactly one chunk equal to the normalised text.
    """
    text = normalize_space(text)
    if not text:
        return [prefix] if prefix else []
    if count_tokens(text) <= max_tokens:
        return [text]
    prefix = normalize_space(prefix)
    head = f"{prefix.rstrip('.')}. " if prefix else ""
    budget_later = max(max_tokens - count_tokens(head), max_tokens // 2)

    pieces: list[str] = []
    for sentence in split_sentences(text):
        pieces.extend(_split_long(sentence, budget_later, count_tokens))

    chunks: list[str] = []
    current: list[str] = []
    for piece in pieces:
        budget = max_tokens if not chunks else budget_later
        candidate = " ".join([*current, piece])
        if current and count_tokens(candidate) > budget:
            chunks.append(" ".join(current))
            current = [piece]
        else:
            current.append(piece)
    if current:
        chunks.append(" ".join(current))
    return [chunks[0], *(head + c for c in chunks[1:])] if head else chunks


def _split_long(sentence: str, budget: int, count_tokens: Callable[[str], int]) -> list[str]:
    if count_tokens(sentence) <= budget:
        return [sentence]
    out: list[str] = []
    current: list[str] = []
    for word in sentence.split():
        if current and count_tokens(" ".join([*current, word])) > budget:
            out.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        out.append(" ".join(current))
    return out
