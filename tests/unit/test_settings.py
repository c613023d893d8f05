"""Settings come from the environment; invalid ones fail at start naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from innovex.settings import Environment, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "ENV",
        "DATABASE_URL",
        "MEILI_URL",
        "SECRET_KEY",
        "LOG_LEVEL",
        "EMBEDDING_MODEL",
        "PORT",
        "SEARCH_SEMANTIC",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))


def test_defaults_run_on_a_laptop() -> None:
    settings = load_settings()
    assert settings.env is Environment.DEVELOPMENT
    assert settings.database_url is None
    assert settings.meili_url is None
    assert settings.embedding_model is None
    assert not settings.is_production


def test_development_generates_a_secret_once_and_reuses_it(tmp_path: Path) -> None:
    first = load_settings().resolved_secret_key
    second = load_settings().resolved_secret_key
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_requires_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENV", "production")
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings()
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    assert load_settings().is_production


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ENV", "staging"),
        ("DATABASE_URL", "mysql://localhost/x"),
        ("LOG_LEVEL", "LOUD"),
        ("PORT", "99999"),
        ("SECRET_KEY", "short"),
    ],
)
def test_an_invalid_setting_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert name in str(raised.value)


def test_dotenv_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("MEILI_URL=http://127.0.0.1:7700\nLOG_LEVEL=debug\n")
    settings = load_settings()
    assert settings.meili_url == "http://127.0.0.1:7700"
    assert settings.log_level == "DEBUG"


async def test_meilisearch_documents_carry_vectors_only_with_semantic_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from innovex.bootstrap import build_search_index, search_vector_model
    from search.meilisearch import MeilisearchIndex

    monkeypatch.setenv("MEILI_URL", "http://127.0.0.1:7700")
    settings = load_settings()
    index = build_search_index(settings, sessions=None)  # type: ignore[arg-type]
    assert isinstance(index, MeilisearchIndex)
    assert search_vector_model(settings, index) == "multilingual-e5-small-q4"
    await index.aclose()

    monkeypatch.setenv("SEARCH_SEMANTIC", "false")
    settings = load_settings()
    lexical = build_search_index(settings, sessions=None)  # type: ignore[arg-type]
    assert search_vector_model(settings, lexical) is None
    await lexical.aclose()  # type: ignore[attr-defined]
