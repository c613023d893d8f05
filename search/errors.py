"""Failures of a search backend, whatever the engine behind it.

Callers (the indexer, the GraphQL resolvers, the CLI) catch `SearchBackendError` only; the
engine's own exceptions never leave an adapter.
"""

from __future__ import annotations


class SearchBackendError(Exception):
    """A search backend refused or failed an operation.

    `operation` says what the adapter was doing ("upsert", "rebuild", ...). When the failure is
    an asynchronous engine task that ended badly, `task_uid`, `task_status` and `code` identify
    it (for Meilisearch: the task uid, its final status and the error code of the task).
    """

    def __init__(
        self,
        operation: str,
        message: str,
        *,
        task_uid: int | None = None,
        task_status: str | None = None,
        code: str | None = None,
    ) -> None:
        self.operation = operation
        self.message = message
        self.task_uid = task_uid
        self.task_status = task_status
        self.code = code
        super().__init__(f"{operation}: {message}")
