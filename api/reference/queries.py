"""Reference data, open to everyone: provinces (slug and official code) and S&T fields."""

from __future__ import annotations

import strawberry

from domain.fields import from_fields
from domain.provinces import PROVINCES
from domain.taxonomy import FIELDS


@strawberry.type(name="Province")
class ProvinceType:
    code: str = strawberry.field(description="Stable ASCII slug used across the API and feed.")
    official_code: str = strawberry.field(
        description="Two-digit code of Quyết định 19/2025/QĐ-TTg (national table of units)."
    )
    name_vi: str
    name_en: str
    kind: str = strawberry.field(description="`city` (centrally run) or `province`.")
    merged_from: list[str] = strawberry.field(
        description="Former units (before 1 July 2025) whose territory this unit took over."
    )


@strawberry.type(name="ScienceField")
class ScienceFieldType:
    code: str
    parent_code: str | None
    level: int
    name_vi: str
    name_en: str


_PROVINCES = [from_fields(ProvinceType, p, merged_from=list(p.merged_from)) for p in PROVINCES]
_FIELDS = [from_fields(ScienceFieldType, f) for f in FIELDS]


@strawberry.type
class ReferenceQuery:
    @strawberry.field(description="The 34 provincial-level units in force since 1 July 2025.")
    def provinces(self) -> list[ProvinceType]:
        return _PROVINCES

    @strawberry.field(
        description="The S&T field taxonomy: level-1 fields and level-2 sectors, in code order."
    )
    def fields(self, level: int | None = None) -> list[ScienceFieldType]:
        return [f for f in _FIELDS if level is None or f.level == level]
