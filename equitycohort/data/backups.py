"""The rolling backups of a workspace: what each holds, and restoring one into a new file.

A backup is never opened for writing and never copied over the workspace: a
restore makes a new, verified file beside it, so the user can compare the two
and keep either.
"""

from __future__ import annotations

import datetime as dt
import glob
import re
import sqlite3
from pathlib import Path
from typing import NamedTuple

from equitycohort import formats, paths
from equitycohort.data import files
from equitycohort.data.errors import WorkspaceError, WriteFailedError
from equitycohort.data.schema import SCHEMA_VERSION
from equitycohort.i18n import N_, _

_NAME = re.compile(r"-(?P<stamp>\d{4}-\d{2}-\d{2}-\d{6})-(?P<reason>[a-z0-9-]+?)(?:-\d+)?$")

#: how each kind of backup came about, as the user reads it
REASONS = {"daily": N_("Daily"), "manual": N_("Made by hand"), "migration": N_("Before an update")}


class BackupInfo(NamedTuple):
    path: Path
    made: dt.datetime
    #: "daily", "manual" or "migration"
    reason: str
    size: int
    teams: int | None
    checkins: int | None
    #: why it cannot be restored (unreadable, or made by a newer version), else ""
    problem: str = ""

    @property
    def reason_label(self) -> str:
        return _(REASONS[self.reason]) if self.reason in REASONS else self.reason.capitalize()

    @property
    def usable(self) -> bool:
        return not self.problem


def _parse_name(path: Path, stem: str) -> tuple[dt.datetime, str] | None:
    match = _NAME.search(path.stem[len(stem):])
    if match is None:
        return None
    made = dt.datetime.strptime(match["stamp"], "%Y-%m-%d-%H%M%S")
    reason = match["reason"]
    return made, "migration" if reason.startswith("before-v") else reason


def _counts(path: Path) -> tuple[int | None, int | None, str]:
    """Teams and check-ins in a backup, or why it cannot be read."""
    try:
        conn = files.connect_immutable(path)
    except sqlite3.Error as exc:
        return None, None, _("cannot be read ({error})").format(error=files.message(exc))
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return None, None, _("made by a newer version of Equity Cohort")
        teams = conn.execute("SELECT count(*) FROM teams").fetchone()[0]
        checkins = conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
        return teams, checkins, ""
    except sqlite3.Error as exc:
        return None, None, _("damaged ({error})").format(error=files.message(exc))
    finally:
        conn.close()


def list_backups(workspace: Path | str) -> list[BackupInfo]:
    """The backups of a workspace, newest first."""
    workspace = Path(workspace)
    folder = paths.backups_dir(workspace)
    try:
        candidates = list(folder.glob(f"{glob.escape(workspace.stem)}-*{paths.WORKSPACE_SUFFIX}"))
    except OSError:
        return []
    found: list[tuple[int, BackupInfo]] = []
    for path in candidates:
        parsed = _parse_name(path, workspace.stem)
        if parsed is None:
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        made, reason = parsed
        teams, checkins, problem = _counts(path)
        found.append((stat.st_mtime_ns, BackupInfo(path, made, reason, stat.st_size, teams, checkins, problem)))
    # the name's time is to the second; the file's time orders two made within one
    found.sort(key=lambda pair: (pair[1].made, pair[0]), reverse=True)
    return [info for _mtime, info in found]


def restored_name(workspace: Path, made: dt.datetime) -> Path:
    """A new file beside the workspace, named for the backup's time; never an existing file."""
    base = f"{workspace.stem} restored {made:%Y-%m-%d %H%M}"
    target = workspace.with_name(base + paths.WORKSPACE_SUFFIX)
    n = 1
    while target.exists():
        n += 1
        target = workspace.with_name(f"{base} ({n}){paths.WORKSPACE_SUFFIX}")
    return target


def restore_backup(backup: BackupInfo, workspace: Path | str) -> Path:
    """Copy a backup into a new file beside the workspace, verified; the workspace is not touched."""
    from equitycohort.data.maintenance import verified_copy

    workspace = Path(workspace)
    if backup.problem:
        # Translators: {problem} is "cannot be read (…)", "made by a newer version of Equity Cohort" or "damaged (…)"
        raise WorkspaceError(_("The backup of {date} cannot be restored: it is {problem}.").format(
            date=formats.short_date(backup.made.date()), problem=backup.problem))
    target = restored_name(workspace, backup.made)
    if not files.folder_writable(target):
        raise WriteFailedError(_("The restored copy cannot be written beside {name}: the folder {folder} is "
                                 "read-only. Nothing was written.").format(name=workspace.name, folder=target.parent))
    try:
        source = files.connect_immutable(backup.path)
    except sqlite3.Error as exc:
        raise WorkspaceError(_("The backup {name} cannot be read ({error}).").format(
            name=backup.path.name, error=files.message(exc))) from exc
    try:
        return verified_copy(source, target, backup.path.name)
    finally:
        source.close()
