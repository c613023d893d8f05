"""Near-duplicate families, computed when documents are written instead of per search.

An organisation's listings whose folded titles are nearly the same (pg_trgm similarity ≥
NEAR_DUPLICATE_TITLE) and hold the same numbers ("Kho lạnh số 1" and "số 2" stay apart) form
one family: the connected components of that similarity within the organisation. A search
shows the best-placed member of each family among its matches and counts the others as
"n similar". Comparing candidates pairwise per search cost O(k²) trigram comparisons per
organisation on every broad query; here each family is settled once per write.

`family` is NULL for a document that heads its own family alone, or is an organisation, or has
no organisation; otherwise it is the smallest id of its family, the same for every member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

NEAR_DUPLICATE_TITLE: Final = Fraction(3, 5)
_ABOVE, _BELOW = NEAR_DUPLICATE_TITLE.numerator, NEAR_DUPLICATE_TITLE.denominator
# Organisations read per statement when many are settled at once (a rebuild).
SETTLE_BATCH: Final = 500
# pg_trgm's word characters: letters and digits; everything else separates words.
_WORD: Final = re.compile(r"[^\W_]+")
_NOT_DIGITS: Final = re.compile(r"[^0-9]+")

MEMBERS_SQL: Final = """
SELECT id, organization_id, innovex_unaccent(lower(title)) AS title_key, family
FROM search_documents
WHERE organization_id = ANY(CAST(:organizations AS text[])) AND kind <> 'organization'
"""
KEYS_SQL: Final = """
SELECT id, organization_id, innovex_unaccent(lower(title)) AS title_key
FROM search_documents
WHERE id = ANY(CAST(:ids AS text[])) AND kind <> 'organization' AND organization_id IS NOT NULL
"""
UPDATE_SQL: Final = """
UPDATE search_documents d SET family = v.family
FROM unnest(CAST(:ids AS text[]), CAST(:families AS text[])) AS v(id, family)
WHERE d.id = v.id AND d.family IS DISTINCT FROM v.family
"""
# One lock for all writers of families: index writes are few and already serialised by the
# indexer; a lock per organisation would exhaust the lock table on a batch of thousands.
LOCK_SQL: Final = "SELECT pg_advisory_xact_lock(hashtext('search-families'))"


def trigrams(title_key: str) -> frozenset[str]:
    """pg_trgm's trigrams of a lowercased text: each word padded with two spaces before and
    one after, every three consecutive characters."""
    grams: set[str] = set()
    for word in _WORD.findall(title_key):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def numbers(title_key: str) -> str:
    return _NOT_DIGITS.sub(" ", title_key)


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    organization_id: str
    title_key: str


def families(members: Iterable[Member]) -> dict[str, str | None]:
    """Each member's family: the smallest id of its connected component, None when alone."""
    groups: dict[tuple[str, str], list[Member]] = {}
    for member in members:
        groups.setdefault((member.organization_id, numbers(member.title_key)), []).append(member)
    found: dict[str, str | None] = {}
    for group in groups.values():
        found.update(_components(group))
    return found


def _components(group: Sequence[Member]) -> dict[str, str | None]:
    ids = [m.id for m in group]
    if len(group) == 1:
        return {ids[0]: None}
    # Imported here: scipy.sparse takes ~0.5 s to import, which every process start would pay.
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    # Shared trigrams of every pair at once: a member × trigram incidence matrix times itself.
    vocabulary: dict[str, int] = {}
    members, grams = [], []
    for number, member in enumerate(group):
        for gram in trigrams(member.title_key):
            members.append(number)
            grams.append(vocabulary.setdefault(gram, len(vocabulary)))
    incidence = sparse.csr_array(
        (np.ones(len(members), dtype=np.int32), (members, grams)),
        shape=(len(group), max(len(vocabulary), 1)),
    )
    shared = (incidence @ incidence.T).toarray()
    sizes = np.diag(shared)
    union = sizes[:, None] + sizes[None, :] - shared
    # In whole numbers, as pg_trgm's float4 quotient compared with 0.6 decides an exact 3/5.
    alike = (shared * _BELOW >= union * _ABOVE) & (union > 0)
    _, labels = connected_components(sparse.csr_array(alike), directed=False)
    components: dict[int, list[str]] = {}
    for member_id, label in zip(ids, labels, strict=True):
        components.setdefault(int(label), []).append(member_id)
    result: dict[str, str | None] = {}
    for members_of in components.values():
        family = min(members_of) if len(members_of) > 1 else None
        result.update(dict.fromkeys(members_of, family))
    return result


async def keys(session: AsyncSession, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(organisation, folded title) of the listed documents that can belong to a family."""
    rows = (await session.execute(text(KEYS_SQL), {"ids": list(ids)})).all()
    return {row.id: (row.organization_id, row.title_key) for row in rows}


def touched(
    before: Mapping[str, tuple[str, str]], after: Mapping[str, tuple[str, str]]
) -> set[str]:
    """Organisations whose families may have changed: a member came, went or was retitled."""
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    return {pair[0] for key in changed for pair in (before.get(key), after.get(key)) if pair}


async def settle(session: AsyncSession, organizations: Iterable[str]) -> None:
    """Recompute the families of these organisations' documents, in the caller's transaction.
    The lock serialises writers: each reads the rows the one before it committed."""
    wanted = sorted(set(organizations))
    if not wanted:
        return
    await session.execute(text(LOCK_SQL))
    for start in range(0, len(wanted), SETTLE_BATCH):
        await _settle(session, wanted[start : start + SETTLE_BATCH])


async def _settle(session: AsyncSession, organizations: list[str]) -> None:
    rows = (await session.execute(text(MEMBERS_SQL), {"organizations": organizations})).all()
    found = families(Member(r.id, r.organization_id, r.title_key) for r in rows)
    changes = [(r.id, found[r.id]) for r in rows if r.family != found[r.id]]
    if changes:
        await session.execute(
            text(UPDATE_SQL),
            {"ids": [c[0] for c in changes], "families": [c[1] for c in changes]},
        )
