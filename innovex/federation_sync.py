"""`innovex sync`: the province's sync with its centre in a process of its own."""

from __future__ import annotations

import asyncio
import signal

from domain.federation.sync import SyncReport
from innovex.bootstrap import Runtime, federation_sync
from innovex.settings import Settings


class NotConfigured(Exception):
    pass


async def run_sync(settings: Settings, *, once: bool) -> SyncReport | None:
    """One push and pull (`once`), or until SIGINT/SIGTERM: every FEDERATION_SYNC_SECONDS
    and whenever the centre's webhook arrives."""
    if not settings.federation_centre_url or not settings.federation_centre_key:
        raise NotConfigured("set FEDERATION_CENTRE_URL and FEDERATION_CENTRE_KEY")
    runtime = Runtime.build(settings)
    sync = federation_sync(runtime)
    assert sync is not None
    try:
        if once:
            report: SyncReport | None = await sync.run_once()
            return report
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        await sync.serve(stopping)
        return None
    finally:
        await sync.aclose()
        await runtime.close()
