"""Errors the data layer raises; each carries a message fit to show a user."""

from __future__ import annotations

from typing import NamedTuple


class WorkspaceError(Exception):
    """A workspace file cannot be used; the message says why in plain words."""

    #: a short machine-readable reason, for tests and the command line
    reason = "error"


class NotFoundError(WorkspaceError):
    reason = "not-found"


class NotSQLiteError(WorkspaceError):
    reason = "not-sqlite"


class ForeignDatabaseError(WorkspaceError):
    reason = "foreign"


class NewerVersionError(WorkspaceError):
    reason = "newer"


class DamagedError(WorkspaceError):
    reason = "damaged"


class ReadOnlyError(WorkspaceError):
    reason = "read-only"


class LockedError(WorkspaceError):
    reason = "locked"

    def __init__(self, message: str, holder: dict | None = None):
        super().__init__(message)
        self.holder = holder or {}


class OwnFileError(WorkspaceError):
    """A command was asked to write over a workspace or a file that belongs to one."""

    reason = "own-file"


class WriteFailedError(WorkspaceError):
    """A write could not be completed (disk full, file gone read-only...).

    Nothing of the write was kept; the workspace is as it was before it.
    """

    reason = "write-failed"


class FieldError(NamedTuple):
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class ValidationError(ValueError):
    """Input refused; ``errors`` names each field and what is wrong with it."""

    def __init__(self, errors: list[FieldError] | FieldError):
        if isinstance(errors, FieldError):
            errors = [errors]
        self.errors = list(errors)
        super().__init__(" ".join(e.message for e in self.errors))

    def for_field(self, field: str) -> str | None:
        for error in self.errors:
            if error.field == field:
                return error.message
        return None
