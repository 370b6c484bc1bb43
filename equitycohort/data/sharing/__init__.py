"""Sharing changes between offline copies of one workspace.

Facilitators each keep a copy of the workspace on their own laptop and send
each other *changes files* (``.ecchanges``): SQLite session-extension
changesets (made and applied through apsw) with a small manifest. Importing
merges field by field, the same way whatever order files arrive in and however
often; what a merge could not keep is listed for review.

- ``registers``: who last wrote each group of fields, and when (a hybrid
  logical clock), and which writes that writer had seen.
- ``journal``: every local write records its author and time, and keeps the
  registers, in the write's own transaction.
- ``settle``: what a copy shows follows from what it holds: a record whose
  parent is gone, that clashes with another, or that would break a rule is
  kept but not shown, the same way in every copy.
- ``changesfile``: the ``.ecchanges`` file itself.
- ``exchange``: Share My Changes and Import Changes.
- ``conflicts``: the Review changes list and its resolutions.

apsw embeds its own SQLite. It only ever opens in-memory scratch databases:
the workspace file is read and written by the app's own connection alone, so
two SQLite libraries never hold the file at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: where the conflicts an import could not merge wait for review
CONFLICTS_TABLE = "sync_conflicts"


def open_count(ws: Workspace) -> int:
    """How many conflicts wait for review: asked at every opening, so without loading the merge code."""
    return ws.scalar(f"SELECT count(*) FROM {CONFLICTS_TABLE} WHERE resolved IS NULL") or 0
