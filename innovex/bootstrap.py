"""Build adapters from settings. The only module that knows every other package."""

from __future__ import annotations

from innovex.settings import Settings


def resolve_database_url(settings: Settings) -> str:
    """DATABASE_URL if set, else the embedded server (started on demand) under data_dir."""
    if settings.database_url:
        return settings.database_url
    from db.embedded import start_embedded

    return start_embedded(settings.data_dir)
