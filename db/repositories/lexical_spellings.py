"""The query's own spellings for the matcher's exact-diacritics channel, and the document
statistics BM25 scoring reads (notes/vietnamese-matching.md, section 9). Kept with the term
frequencies (`lexical_sql.term_frequency_cache`) under keys no lexeme can take."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from db.repositories.lexical_sql import (
    EXACT_FREQUENCIES_SQL,
    MEAN_LENGTH_SQL,
    SPELLINGS_SQL,
    TermFrequencies,
    tsquery_literal,
)
from domain.matching import LexicalTerm
from domain.text import fold
from domain.text import spellings as accepted_spellings


def exact_query(term: LexicalTerm) -> str:
    """The tsquery of the term's spellings in the query ('' when it has none)."""
    return " | ".join(f"({tsquery_literal(s.split(' '))})" for s in term.exact)


async def with_exact_gain(
    session: AsyncSession, frequencies: TermFrequencies, terms: list[LexicalTerm]
) -> list[LexicalTerm]:
    """Each spelt term's idf(spelling) / idf(folded): "mặt" is rarer than "mat" (mặt, mất,
    mắt, mát ...), so its exact match says more (kept with the term frequencies)."""
    spelt = {f"\x00exact {exact_query(t)}": t for t in terms if t.exact and t.document_frequency}
    unknown = [k for k in spelt if k not in frequencies]
    if unknown:
        rows = await session.execute(
            text(EXACT_FREQUENCIES_SQL).bindparams(
                bindparam("terms", type_=ARRAY(Text)),
                bindparam("exacts", type_=ARRAY(Text)),
            ),
            {
                "terms": [spelt[k].term for k in unknown],
                "exacts": [exact_query(spelt[k]) for k in unknown],
            },
        )
        for r in rows:
            key = unknown[int(r.i) - 1]
            frequencies[key] = (int(r.df), frequencies[spelt[key].term][1])
    out = []
    for term in terms:
        key = f"\x00exact {exact_query(term)}"
        if key in spelt and term.idf > 0:
            df, n = frequencies[key]
            exact_idf = math.log1p((n - df + 0.5) / (df + 0.5))
            term = replace(term, exact_gain=exact_idf / term.idf)  # noqa: PLW2901
        out.append(term)
    return out


async def spellings(session: AsyncSession, query_text: str) -> dict[str, set[str]]:
    """Folded term -> the query's own spellings of it (words and adjacent pairs), each with its
    accepted variants (hòa/hoà, thủy/thuỷ: one word), for a query typed with diacritics; empty
    for one typed without (nothing to prefer)."""
    if fold(query_text) == unicodedata.normalize("NFKC", query_text).lower():
        return {}
    rows = (await session.execute(text(SPELLINGS_SQL), {"text": query_text})).all()
    at = {int(r.pos): (str(r.folded), str(r.exact)) for r in rows}
    out: dict[str, set[str]] = {}
    for pos, (folded, exact) in at.items():
        out.setdefault(folded, set()).update(accepted_spellings(exact))
        if pos + 1 in at:
            after_folded, after_exact = at[pos + 1]
            out.setdefault(f"{folded} {after_folded}", set()).update(
                f"{a} {b}"
                for a in accepted_spellings(exact)
                for b in accepted_spellings(after_exact)
            )
    return out


async def mean_length(
    session: AsyncSession, frequencies: TermFrequencies, kinds: Sequence[str]
) -> float:
    """Mean distinct lexemes per document of `kinds`, kept with the term frequencies."""
    key = "\x00length " + " ".join(sorted(kinds))
    if key not in frequencies:
        row = (
            await session.execute(
                text(MEAN_LENGTH_SQL).bindparams(bindparam("kinds", type_=ARRAY(Text))),
                {"kinds": list(kinds)},
            )
        ).one()
        frequencies[key] = (int(row.total), int(row.n))
    total, n = frequencies[key]
    return max(total / n, 1.0) if n else 1.0
