"""Bilingual synonym groups shared by every search backend.

Each group lists terms a user may type for the same concept, in Vietnamese and English. A query
for any term of a group also matches documents that use another one. Keep groups small and
unambiguous: a synonym widens every search that uses it.
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("lũ", "lũ lụt", "ngập lụt", "flood", "flooding"),
    ("nước mặn", "xâm nhập mặn", "salinity", "saltwater intrusion"),
    ("ai", "trí tuệ nhân tạo", "artificial intelligence"),
    ("iot", "internet vạn vật", "internet of things"),
    ("năng lượng tái tạo", "renewable energy"),
    ("năng lượng mặt trời", "điện mặt trời", "solar energy", "solar power"),
    ("hạn hán", "drought"),
    ("sạt lở", "landslide"),
)


def synonym_map(groups: tuple[tuple[str, ...], ...] = SYNONYM_GROUPS) -> dict[str, list[str]]:
    """Every term of a group mapped to the other terms of its group (multi-way synonyms)."""
    mapping: dict[str, list[str]] = {}
    for group in groups:
        for term in group:
            others = [other for other in group if other != term]
            known = mapping.setdefault(term, [])
            known.extend(other for other in others if other not in known)
    return mapping
