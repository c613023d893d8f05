"""`innovex export`: write the open-data exports now (the worker also does it daily)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from innovex.bootstrap import Runtime
from innovex.settings import Settings


async def export_now(settings: Settings, out_dir: Path | None = None) -> dict[str, Any]:
    from federation.exports import write_exports

    runtime = Runtime.build(settings)
    try:
        return await write_exports(
            runtime.sessions, out_dir or settings.open_data_dir, settings.base_url
        )
    finally:
        await runtime.close()
