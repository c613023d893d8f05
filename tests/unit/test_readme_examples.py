"""Every GraphQL example in the README parses and validates against the schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from api.schema import schema

README = Path(__file__).resolve().parents[2] / "README.md"


def examples() -> list[str]:
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.S)
    documents: list[str] = []
    for block in blocks:
        # Operations are separated by blank lines; comment lines are dropped.
        for chunk in re.split(r"\n\s*\n", block):
            lines = [ln for ln in chunk.splitlines() if not ln.lstrip().startswith("#")]
            if any(ln.strip() for ln in lines):
                documents.append("\n".join(lines))
    return documents


def test_the_readme_has_examples() -> None:
    assert len(examples()) >= 15


@pytest.mark.parametrize("document", examples())
def test_example_is_valid_against_the_schema(document: str) -> None:
    errors = validate(schema._schema, parse(document))
    assert errors == [], [e.message for e in errors]
