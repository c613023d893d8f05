"""The hand-written demo material, read from the JSON files beside this module.

Topics, organisations, funds, names and offer/need phrasing are data, not code: they live in
`topics.json`, `organizations.json`, `names.json` and `phrases.json` (package data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from innovex.demo.model import LANGUAGES

Pools = dict[str, dict[str, tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class TopicText:
    title: str
    summary: str
    problem: str
    solution: str
    advantages: str
    users: str
    impact: str
    need_title: str
    need_problem: str
    need_outcome: str
    keywords: tuple[str, ...]
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    field_code: str
    provinces: tuple[str, ...]
    trl: tuple[int, int]
    price_million: tuple[int, int]  # the usual transfer price range
    kind: str  # device | software | process: picks fitting constraints and terms
    vi: TopicText
    en: TopicText

    def text(self, language: str) -> TopicText:
        return self.en if language == "en" else self.vi


@dataclass(frozen=True, slots=True)
class OrganizationSource:
    name: str
    kind: str
    province_code: str
    topics: tuple[str, ...]  # the topics it supplies or seeks


@dataclass(frozen=True, slots=True)
class FundSource:
    name: str  # also the name of the fund's organisation
    thesis: str
    field_codes: tuple[str, ...]
    trl: tuple[int, int]
    ticket_million: tuple[int, int]
    province_codes: tuple[str, ...]  # empty: invests nationwide


@dataclass(frozen=True, slots=True)
class Names:
    family: dict[str, int]  # family name -> weight
    middle_male: tuple[str, ...]
    middle_female: tuple[str, ...]
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]
    foreign: tuple[str, ...]
    academic_titles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Phrases:
    """Offer and need boilerplate by language: "any" fits every topic, others a topic kind."""

    package: Pools
    terms: Pools
    constraints: Pools
    order_commitment: dict[str, tuple[str, ...]]


def _read(name: str) -> Any:
    return json.loads(files("innovex.demo").joinpath(name).read_text(encoding="utf-8"))


def _pair(values: list[int]) -> tuple[int, int]:
    low, high = values
    return low, high


def _text(raw: dict[str, Any]) -> TopicText:
    return TopicText(
        **{k: v for k, v in raw.items() if k not in ("keywords", "variants")},
        keywords=tuple(raw["keywords"]),
        variants=tuple(raw["variants"]),
    )


@cache
def topics() -> tuple[Topic, ...]:
    out = []
    for raw in _read("topics.json"):
        missing = [lang for lang in LANGUAGES if lang not in raw]
        if missing:
            raise ValueError(f"topic {raw['slug']}: missing {missing}")
        out.append(
            Topic(
                slug=raw["slug"],
                field_code=raw["field"],
                provinces=tuple(raw["provinces"]),
                trl=_pair(raw["trl"]),
                price_million=_pair(raw["price_million"]),
                kind=raw["kind"],
                vi=_text(raw["vi"]),
                en=_text(raw["en"]),
            )
        )
    return tuple(out)


@cache
def _organizations_file() -> Any:
    return _read("organizations.json")


def organizations() -> tuple[OrganizationSource, ...]:
    return tuple(
        OrganizationSource(o["name"], o["kind"], o["province"], tuple(o["topics"]))
        for o in _organizations_file()["organizations"]
    )


def supplier_kinds() -> tuple[str, ...]:
    return tuple(_organizations_file()["supplier_kinds"])


def seeker_kinds() -> tuple[str, ...]:
    return tuple(_organizations_file()["seeker_kinds"])


def funds() -> tuple[FundSource, ...]:
    return tuple(
        FundSource(
            name=f["name"],
            thesis=f["thesis"],
            field_codes=tuple(f["fields"]),
            trl=_pair(f["trl"]),
            ticket_million=_pair(f["ticket_million"]),
            province_codes=tuple(f["provinces"]),
        )
        for f in _organizations_file()["funds"]
    )


@cache
def names() -> Names:
    raw = _read("names.json")
    return Names(
        family=dict(raw["family"]),
        **{k: tuple(v) for k, v in raw.items() if k != "family"},
    )


def _pools(raw: dict[str, dict[str, list[str]]]) -> Pools:
    return {lang: {kind: tuple(v) for kind, v in by_kind.items()} for lang, by_kind in raw.items()}


@cache
def phrases() -> Phrases:
    raw = _read("phrases.json")
    return Phrases(
        package=_pools(raw["package"]),
        terms=_pools(raw["terms"]),
        constraints=_pools(raw["constraints"]),
        order_commitment={lang: tuple(v) for lang, v in raw["order_commitment"].items()},
    )
