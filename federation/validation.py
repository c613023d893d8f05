"""Validation against the published standard with `jsonschema` (Draft 2020-12)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from domain.federation.feed import RecordType
from domain.federation.standard import all_schemas

# Schemas are identified by URL; validation resolves them from this registry, never the network.
_BASE = "https://innovex.invalid"


@lru_cache(maxsize=4)
def _validators(base_url: str) -> dict[str, Draft202012Validator]:
    schemas = all_schemas(base_url)
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values()
    )
    return {
        name: Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for name, schema in schemas.items()
    }


class StandardValidator:
    """Implements domain.federation.ports.RecordValidator."""

    def __init__(self, base_url: str = _BASE) -> None:
        self._base_url = base_url

    def errors(self, record_type: str, record: dict[str, Any]) -> list[tuple[str, str]]:
        validator = _validators(self._base_url)[record_type]
        return [
            (".".join(str(p) for p in error.absolute_path), error.message[:300])
            for error in sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        ]

    def feed_item_errors(self, item: dict[str, Any]) -> list[tuple[str, str]]:
        return self.errors("feed-item", item)


def record_types() -> list[str]:
    return [t.value for t in RecordType]
