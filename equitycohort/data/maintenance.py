"""Backups and the workspace check: the care a file needs over the years."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from equitycohort import paths
from equitycohort.data import files
from equitycohort.data.errors import DamagedError, WorkspaceError
from equitycohort.data.schema import KINDS, SCHEMA_VERSION
from equitycohort.data.validation import parse_date

log = logging.getLogger(__name__)

DAILY_KEEP = 7
OTHER_KEEP = 5


def _new_target(dest_dir: Path, workspace: Path, reason: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    target = dest_dir / f"{workspace.stem}-{stamp}-{reason}{paths.WORKSPACE_SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = dest_dir / f"{workspace.stem}-{stamp}-{reason}-{n}{paths.WORKSPACE_SUFFIX}"
    return target


def backup(ws, dest_dir: Path | None = None, reason: str = "manual") -> Path:
    """A consistent copy of the workspace through SQLite's backup API."""
    dest_dir = Path(dest_dir) if dest_dir else paths.backups_dir(ws.path)
    if dest_dir == paths.backups_dir(ws.path):
        paths.private_dir(dest_dir)
    else:
        dest_dir.mkdir(parents=True, exist_ok=True)
    target = _new_target(dest_dir, ws.path, reason)
    copy_to(ws, target)
    if dest_dir == paths.backups_dir(ws.path):
        _prune(dest_dir, ws.path.stem)
    return target


def copy_to(ws, target: Path) -> Path:
    """Write a consistent, self-contained copy of the workspace to ``target``.

    The copy is made beside the target and moved into place only when whole,
    so an existing file there is replaced only by a complete copy.
    """
    return _copy(ws.conn, target)


def _copy(source: sqlite3.Connection, target: Path) -> Path:
    target = Path(target)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        dest = sqlite3.connect(str(partial))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _prune(folder: Path, stem: str) -> None:
    backups = sorted(folder.glob(f"{stem}-*{paths.WORKSPACE_SUFFIX}"))
    daily = [b for b in backups if b.stem.endswith("-daily")]
    other = [b for b in backups if not b.stem.endswith("-daily")]
    for old in daily[:-DAILY_KEEP] + other[:-OTHER_KEEP]:
        try:
            old.unlink()
        except OSError:
            pass


def daily_backup_due(ws) -> bool:
    """Whether today's backup is still to be made (not for a workspace with nothing in it)."""
    folder = paths.backups_dir(ws.path)
    today = dt.date.today().strftime("%Y-%m-%d")
    if folder.exists() and any(folder.glob(f"{ws.path.stem}-{today}-*-daily{paths.WORKSPACE_SUFFIX}")):
        return False
    return not (ws.count("programs") == 0 and ws.count("people") == 0)


def daily_backup(ws) -> Path | None:
    """Back up once per day of use; returns the new backup, if one was made."""
    if not daily_backup_due(ws):
        return None
    return backup(ws, reason="daily")


class BackgroundBackup:
    """Today's backup, copied in a thread so that opening a workspace never waits for it.

    ``start`` fixes what the copy will hold: it opens a second, read-only
    connection and begins a read transaction there, so the copy is the
    workspace as it was at that moment even if the app writes meanwhile
    (WAL lets one connection write while another reads). The thread touches
    only that connection and the backups folder.
    """

    def __init__(self, ws, on_done: Callable[[Path | None, str | None], None] | None = None):
        self.ws = ws
        self.on_done = on_done
        self.target: Path | None = None
        self.error: str | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Begin the copy if today's backup is due; False when there is nothing to do."""
        if not daily_backup_due(self.ws):
            return False
        folder = paths.private_dir(paths.backups_dir(self.ws.path))
        target = _new_target(folder, self.ws.path, "daily")
        source = sqlite3.connect(files.uri(self.ws.path, mode="ro"), uri=True, isolation_level=None,
                                 check_same_thread=False, timeout=5)
        try:
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot begins here
        except sqlite3.Error:
            source.close()
            raise
        self._thread = threading.Thread(target=self._run, args=(source, target, folder),
                                        name="daily backup", daemon=True)
        self._thread.start()
        return True

    def _run(self, source: sqlite3.Connection, target: Path, folder: Path) -> None:
        try:
            _copy(source, target)
            _prune(folder, self.ws.path.stem)
            self.target = target
        except (OSError, sqlite3.Error) as exc:
            self.error = getattr(exc, "strerror", None) or str(exc)
            log.warning("today's backup of %s could not be made: %s", self.ws.path, exc)
        finally:
            source.close()
        if self.on_done is not None:
            self.on_done(self.target, self.error)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the copy to end; True once it has (or never started)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.running


@dataclass
class CheckReport:
    path: Path
    readable: bool = True
    schema_version: int | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.readable and not self.problems

    @property
    def exit_code(self) -> int:
        return 2 if not self.readable else (1 if self.problems else 0)

    def lines(self) -> list[str]:
        out = [f"workspace: {self.path}"]
        if self.schema_version is not None:
            out.append(f"schema version: {self.schema_version} (this app: {SCHEMA_VERSION})")
        out += self.notes
        if not self.readable:
            out.append("status: not a readable workspace")
        elif self.problems:
            out.append(f"status: {len(self.problems)} problem(s) found")
        else:
            out.append("status: healthy")
        out += [f"problem: {p}" for p in self.problems]
        return out


def check_workspace(path: Path | str) -> CheckReport:
    """Read-only health check: integrity, foreign keys, schema, values."""
    path = Path(path)
    report = CheckReport(path)
    try:
        header = files.read_header(path)
        files.check_ours(path, header)
    except DamagedError as exc:
        report.problems.append(str(exc))
        return report
    except WorkspaceError as exc:
        report.readable = False
        report.problems.append(str(exc))
        return report
    report.schema_version = header.user_version
    try:
        conn = files.connect_read_only(path)
    except sqlite3.Error as exc:
        report.readable = False
        report.problems.append(f"cannot be opened: {exc}")
        return report
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:  # a newer format may still sit in the WAL
            report.readable = False
            report.schema_version = version
            report.problems.append(
                f"{path.name} was saved by a newer version of Equity Cohort (workspace format {version}; "
                f"this version reads up to {SCHEMA_VERSION}).")
            return report
        _check_contents(conn, report)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        report.problems.append(f"the file is damaged: {files._message(exc)}")
    finally:
        conn.close()
    return report


def _check_contents(conn: sqlite3.Connection, report: CheckReport) -> None:
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(50)")]
    if integrity != ["ok"]:
        report.problems += [f"integrity: {line}" for line in integrity]
        return
    report.notes.append("integrity: ok")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for kind in KINDS.values():
        if kind.table not in tables:
            report.problems.append(f"schema: table {kind.table} is missing")
            continue
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({kind.table})")}
        missing = {"id", "created", "modified", *kind.field_names} - columns
        if missing:
            report.problems.append(f"schema: {kind.table} lacks {', '.join(sorted(missing))}")
    if report.problems:
        return
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchmany(50):
        report.problems.append(f"{table} row {rowid} points to a missing {parent} record")
    for kind in KINDS.values():
        for f in kind.fields:
            _check_values(conn, kind.table, f, report)
    if "search_index" in tables:
        from equitycohort.data.search import KINDS as INDEXED

        expected = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in INDEXED)
        indexed = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
        if indexed != expected:
            report.problems.append(f"search index: {indexed} entries for {expected} records (out of date)")
    bad = conn.execute(
        "SELECT count(*) FROM ratings r JOIN assessments a ON a.id = r.assessment_id "
        "WHERE r.level NOT IN (SELECT rank FROM levels l WHERE l.framework_id = a.framework_id)"
    ).fetchone()[0]
    if bad:
        report.problems.append(f"ratings: {bad} rating(s) outside their framework's levels")


def _check_values(conn, table, f, report) -> None:
    if f.type == "choice":
        marks = ", ".join("?" * len(f.choices))
        n = conn.execute(
            f"SELECT count(*) FROM {table} WHERE {f.name} IS NOT NULL AND {f.name} NOT IN ({marks})",
            tuple(f.choices)).fetchone()[0]
        if n:
            report.problems.append(f"{table}.{f.name}: {n} unknown value(s)")
    elif f.type == "date":
        bad = 0
        for (value,) in conn.execute(f"SELECT {f.name} FROM {table} WHERE {f.name} IS NOT NULL"):
            try:
                parse_date(value)
            except (ValueError, TypeError):
                bad += 1
        if bad:
            report.problems.append(f"{table}.{f.name}: {bad} value(s) not a real date")
    elif f.required:
        n = conn.execute(f"SELECT count(*) FROM {table} WHERE {f.name} IS NULL").fetchone()[0]
        if n:
            report.problems.append(f"{table}.{f.name}: {n} empty value(s)")
    elif f.type == "json":
        bad = 0
        for (value,) in conn.execute(f"SELECT {f.name} FROM {table} WHERE {f.name} IS NOT NULL"):
            try:
                json.loads(value)
            except ValueError:
                bad += 1
        if bad:
            report.problems.append(f"{table}.{f.name}: {bad} value(s) unreadable")
