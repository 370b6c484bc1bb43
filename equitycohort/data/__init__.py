"""The data layer: the workspace file and every rule about its records.

Nothing here imports Qt; the desktop app and the command line are both thin
layers over it.
"""

from equitycohort.data.errors import (
    FieldError,
    LockedError,
    ValidationError,
    WorkspaceError,
    WriteFailedError,
)
from equitycohort.data.workspace import (
    Change,
    Workspace,
    create_workspace,
    open_read_only,
    open_workspace,
)

__all__ = [
    "Change",
    "FieldError",
    "LockedError",
    "ValidationError",
    "Workspace",
    "WorkspaceError",
    "WriteFailedError",
    "create_workspace",
    "open_read_only",
    "open_workspace",
]
