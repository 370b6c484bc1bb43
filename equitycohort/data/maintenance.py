"""Backups and the workspace check: the care a file needs over the years."""

from __future__ import annotations

import datetime as dt
import glob
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import paths
from equitycohort.data import files
from equitycohort.data.errors import DamagedError, ValidationError, WorkspaceError, WriteFailedError
from equitycohort.data.schema import KINDS, SCHEMA_VERSION
from equitycohort.data.validation import clean_row, shown
from equitycohort.i18n import _, ngettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

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


def backup(ws: Workspace, dest_dir: Path | None = None, reason: str = "manual") -> Path:
    """A consistent copy of the workspace through SQLite's backup API, verified by
    SQLite's full integrity check before it takes its place among the backups.

    A workspace whose copy fails the check is damaged: no backup is kept, none of
    its earlier backups is removed, and a DamagedError says so.
    """
    own_folder = paths.backups_dir(ws.path)
    dest_dir = Path(dest_dir) if dest_dir else own_folder
    if dest_dir == own_folder:
        paths.private_dir(dest_dir)
    else:
        paths.private_folders(dest_dir)
    target = _new_target(dest_dir, ws.path, reason)
    _copy(ws.conn, target, ws.path.name)
    if dest_dir == own_folder:
        _prune(dest_dir, ws.path.stem)
    return target


def copy_to(ws: Workspace, target: Path) -> Path:
    """Write a consistent, self-contained, verified copy of the workspace to ``target``.

    The copy is made beside the target and moved into place only when whole
    and sound, so an existing file there is replaced only by a good copy; never
    the workspace itself or a file of it.
    """
    files.refuse_own_file(target, workspaces=False)  # an earlier copy may be replaced, never the workspace
    return _copy(ws.conn, target, ws.path.name)


#: a partial copy left by a killed backup is removed once this old (or its process is gone)
PARTIAL_MAX_AGE = dt.timedelta(days=1)
_PARTIAL = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.partial(-journal)?")
_OLD_PARTIAL = re.compile(r"\..+\.partial(-journal)?")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # pragma: no cover - signal 0 would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_partials(folder: Path) -> list[Path]:
    """Remove the hidden partial copies that killed backups left in ``folder``
    (their process is gone, or they are a day old); returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    now = dt.datetime.now().timestamp()
    for entry in entries:
        match = _PARTIAL.fullmatch(entry.name)
        if match is None and not _OLD_PARTIAL.fullmatch(entry.name):
            continue
        try:
            age = now - entry.lstat().st_mtime
        except OSError:
            continue
        alive = match is not None and _process_alive(int(match["pid"]))
        old_style_fresh = match is None and age < 3600
        if (alive or old_style_fresh) and age < PARTIAL_MAX_AGE.total_seconds():
            continue
        try:
            entry.unlink()
            removed.append(entry)
        except OSError:
            pass
    if removed:
        log.info("removed %d partial copies left by interrupted backups in %s", len(removed), folder)
    return removed


def _copy(source: sqlite3.Connection, target: Path, name: str = "") -> Path:
    target = Path(target)
    name = name or target.name
    remove_stale_partials(target.parent)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    leftovers = (partial, partial.with_name(partial.name + "-journal"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        dest = sqlite3.connect(str(partial))
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            problems = [r[0] for r in dest.execute("PRAGMA integrity_check(5)")]
        finally:
            dest.close()
        if problems != ["ok"]:
            error = DamagedError(_damaged_copy(name, problems[0]))
            error.problem = problems[0]  # type: ignore[attr-defined]
            raise error
        os.replace(partial, target)
    except sqlite3.Error as exc:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        text = str(exc).lower()
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            raise DamagedError(_("{name} could not be copied: it is damaged ({error}). Nothing was written.").format(
                name=name, error=files.message(exc))) from exc
        raise WriteFailedError(_copy_failed(exc, target)) from exc
    except OSError as exc:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        raise WriteFailedError(_copy_failed(exc, target)) from exc
    except BaseException:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        raise
    return target


#: a copy verified by SQLite's integrity check before it takes its place (used by restores too)
verified_copy = _copy


def _copy_failed(exc: BaseException, target: Path) -> str:
    return _("The copy could not be written: {reason}. Nothing was left in {folder}; the workspace is as it "
             "was.").format(reason=files.disk_reason(exc, target.parent), folder=target.parent)


def _damaged_copy(name: str, problem: str) -> str:
    return _("{name} is damaged ({problem}): the copy just made of it fails SQLite's integrity check, so it "
             "was not kept, and none of its earlier backups was removed. Open one of them, or make a repaired "
             "copy (File > Check Workspace in the app, or `equitycohort check --repair`).").format(
                 name=name, problem=problem)


def _prune(folder: Path, stem: str) -> None:
    """Keep the newest backups of each kind. Every backup here was verified before it
    took its place, so the newest, always kept, is a good one."""
    backups = sorted(folder.glob(f"{glob.escape(stem)}-*{paths.WORKSPACE_SUFFIX}"))
    daily = [b for b in backups if b.stem.endswith("-daily")]
    other = [b for b in backups if not b.stem.endswith("-daily")]
    for old in daily[:-DAILY_KEEP] + other[:-OTHER_KEEP]:
        try:
            old.unlink()
        except OSError:
            pass


def daily_backup_due(ws: Workspace) -> bool:
    """Whether today's backup is still to be made (not for a workspace with nothing in it)."""
    folder = paths.backups_dir(ws.path)
    today = dt.date.today().strftime("%Y-%m-%d")
    if folder.exists() and any(folder.glob(f"{glob.escape(ws.path.stem)}-{today}-*-daily{paths.WORKSPACE_SUFFIX}")):
        return False
    return not (ws.count("programs") == 0 and ws.count("people") == 0)


def daily_backup(ws: Workspace) -> Path | None:
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

    def __init__(self, ws: Workspace, on_done: Callable[[Path | None, str | None], None] | None = None) -> None:
        self.ws = ws
        self.on_done = on_done
        self.target: Path | None = None
        self.error: str | None = None
        #: the copy failed SQLite's integrity check: the workspace itself is damaged
        self.damaged = False
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
        except DamagedError as exc:
            problem = getattr(exc, "problem", None)
            self.error = _damaged_copy(self.ws.path.name, problem) if problem else str(exc)
            self.damaged = True
            log.error("today's backup of %s was not kept: %s", self.ws.path, exc)
        except WriteFailedError as exc:
            self.error = files.disk_reason(exc.__cause__ or exc, folder)
            log.warning("today's backup of %s could not be made: %s", self.ws.path, exc)
        except (OSError, sqlite3.Error, WorkspaceError) as exc:
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
    #: the repaired copy made by ``check --repair``, if one was made
    repaired: RepairReport | None = None

    @property
    def healthy(self) -> bool:
        return self.readable and not self.problems

    @property
    def exit_code(self) -> int:
        return 2 if not self.readable else (1 if self.problems else 0)

    def lines(self) -> list[str]:
        out = [_("workspace: {path}").format(path=self.path)]
        if self.schema_version is not None:
            out.append(_("schema version: {version} (this app: {supported})").format(
                version=self.schema_version, supported=SCHEMA_VERSION))
        out += self.notes
        if not self.readable:
            out.append(_("status: not a readable workspace"))
        elif self.problems:
            out.append(ngettext("status: {count} problem(s) found", "status: {count} problem(s) found",
                                len(self.problems)).format(count=len(self.problems)))
        else:
            out.append(_("status: healthy"))
        out += [_("problem: {problem}").format(problem=p) for p in self.problems]
        if self.repaired is not None:
            out += self.repaired.lines()
        return out


#: problems listed about the values of records, at most (the rest are counted)
VALUE_PROBLEMS_LISTED = 50


def check_workspace(path: Path | str) -> CheckReport:
    """Read-only health check: SQLite's full integrity check (through the WAL when one
    lies beside the file), the files beside it, the schema, references, and every
    stored value as the write door would judge it, naming each record at fault.
    Nothing is written."""
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
        conn = _checked_connection(path, header, report)
    except WorkspaceError as exc:
        report.problems.append(str(exc))
        return report
    if conn is None:
        return report
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        report.schema_version = version
        if version > SCHEMA_VERSION:  # a newer format may still sit in the WAL
            report.readable = False
            report.problems.append(_(
                "{name} was saved by a newer version of Equity Cohort (workspace format {version}; this version "
                "reads up to {supported}).").format(name=path.name, version=version, supported=SCHEMA_VERSION))
            return report
        _check_contents(conn, report)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        report.problems.append(_("the file is damaged: {error}").format(error=files.message(exc)))
    finally:
        conn.close()
    return report


def _checked_connection(path: Path, header: files.FileHeader, report: CheckReport) -> sqlite3.Connection | None:
    """A read-only connection to the workspace as opening it would find it, once
    SQLite's full integrity check passed on it; None (with the problems in the
    report) when it did not."""
    sides = files.side_files(path)
    if sides.journal is not None:
        report.problems.append(_(
            "a leftover {side} lies beside the workspace; it does not belong to it (the app keeps workspaces in "
            "WAL mode, which has no journal). Opening the workspace in the app sets it aside; the workspace was "
            "checked without it.").format(side=sides.journal.name))
    if sides.wal is None or sides.journal is not None:
        if sides.wal is not None:
            report.problems.append(_("{side} beside it was not read: the leftover journal comes first.").format(
                side=sides.wal.name))
        problems = files.check_alone(path, full=True)
        if problems:
            report.problems += [_("integrity: {problem}").format(problem=line) for line in problems]
            return None
        report.notes.append(_("integrity: ok"))
        return files.connect_immutable(path)
    problems, _version = files.check_through_wal(path)
    if not problems:
        report.notes.append(_("integrity: ok (with the edits in {side} that are not yet in the file)").format(
            side=sides.wal.name))
        return sqlite3.connect(files.uri(path, mode="ro"), uri=True, isolation_level=None, timeout=5)
    if not header.short and not files.check_alone(path, full=True):
        report.problems.append(_(
            "{side} beside the workspace does not belong to it: read with it, the workspace fails SQLite's "
            "integrity check ({problem}), while the file alone is sound. Opening the workspace in the app sets "
            "the -wal aside; the workspace was checked without it.").format(side=sides.wal.name, problem=problems[0]))
        report.notes.append(_("integrity: ok (the file alone)"))
        return files.connect_immutable(path)
    report.problems += [_("integrity: {problem}").format(problem=line) for line in problems]
    return None


def _check_contents(conn: sqlite3.Connection, report: CheckReport) -> None:
    from equitycohort.data.workspace import schema_problems

    schema = schema_problems(conn)
    if schema:
        report.problems += [_("schema: {problem}").format(problem=line) for line in schema]
        return
    for table, rowid, parent, _key in conn.execute("PRAGMA foreign_key_check").fetchmany(50):
        report.problems.append(_("{table} row {row} points to a missing {parent} record").format(
            table=table, row=rowid, parent=parent))
    value_problems: list[str] = []
    for kind in KINDS.values():
        _check_records(conn, kind, value_problems)
    report.problems += value_problems[:VALUE_PROBLEMS_LISTED]
    if len(value_problems) > VALUE_PROBLEMS_LISTED:
        more = len(value_problems) - VALUE_PROBLEMS_LISTED
        report.problems.append(ngettext("... and {count} more value the app cannot use",
                                        "... and {count} more values the app cannot use", more).format(count=more))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "search_index" in tables:
        from equitycohort.data.search import KINDS as INDEXED

        expected = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in INDEXED)
        indexed = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
        if indexed != expected:
            report.problems.append(_("search index: {indexed} entries for {expected} records (out of date)").format(
                indexed=indexed, expected=expected))
    bad = conn.execute(
        "SELECT count(*) FROM ratings r JOIN assessments a ON a.id = r.assessment_id "
        "WHERE r.level NOT IN (SELECT rank FROM levels l WHERE l.framework_id = a.framework_id)"
    ).fetchone()[0]
    if bad:
        report.problems.append(ngettext("ratings: {count} rating(s) outside their framework's levels",
                                        "ratings: {count} rating(s) outside their framework's levels", bad).format(
            count=bad))


def record_name(kind, row: dict) -> str:
    """A record as a message names it: 'session "Board retreat" (id 3f2a9c1e)'."""
    title = row.get(kind.title_field) if kind.title_field else None
    ident = row.get("id")
    ident = ident if isinstance(ident, str) else repr(ident)
    if isinstance(title, str) and title.strip():
        # Translators: {kind} is a kind of record ("session"), {title} its title, {id} its id
        return _("{kind} “{title}” (id {id})").format(kind=_(kind.singular), title=shown(title, 40),
                                                     id=shown(ident, 36))
    return _("{kind} (id {id})").format(kind=_(kind.singular), id=shown(ident, 36))


def _stored_rows(conn: sqlite3.Connection, kind) -> Iterator[tuple[dict, list[str]]]:
    """Each stored row of a kind as text and numbers, with the names of the fields
    whose text is not valid UTF-8 (read with replacement characters)."""
    columns = ["id", *kind.field_names]
    factory = conn.text_factory
    conn.text_factory = bytes
    try:
        cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {kind.table}")
        for values in cursor:
            row: dict = {}
            broken: list[str] = []
            for name, value in zip(columns, values, strict=True):
                if isinstance(value, bytes):
                    try:
                        value = value.decode("utf-8")
                    except UnicodeDecodeError:
                        value = value.decode("utf-8", "replace")
                        broken.append(name)
                row[name] = value
            yield row, broken
    finally:
        conn.text_factory = factory


def _check_records(conn: sqlite3.Connection, kind, problems: list[str]) -> None:
    """Every record of a kind judged as the write door judges a value: what the door
    would refuse (a time zone, a duration, a date, text that is not UTF-8...), the
    exports and screens cannot use either."""
    labels = {f.name: _(f.label) for f in kind.fields} | {"id": _("Id")}
    for row, broken in _stored_rows(conn, kind):
        name = record_name(kind, row)
        for column in broken:
            problems.append(_("{record}: {field}: holds text that is not valid UTF-8 (damaged text)").format(
                record=name, field=labels[column]))
        if len(problems) > VALUE_PROBLEMS_LISTED * 4:
            problems.append("...")
            return
        try:
            clean_row(kind, {k: v for k, v in row.items() if k != "id"})
        except ValidationError as exc:
            problems += [_("{record}: {problem}").format(record=name, problem=error.message) for error in exc.errors]


# --- a repaired copy ---------------------------------------------------------------------

#: what a required text that could not be read becomes in a repaired copy
LOST_TEXT = "(lost in repair)"
#: changes listed in a repair report, at most (the rest are counted)
REPAIR_CHANGES_LISTED = 40


@dataclass
class RepairReport:
    """What ``repair_workspace`` made: the copy, and what it could not carry over as it was."""

    source: Path
    target: Path | None = None
    #: records carried over, by table
    kept: dict[str, int] = field(default_factory=dict)
    #: records left out, by table
    lost: dict[str, int] = field(default_factory=dict)
    #: what was changed or left out, record by record
    changes: list[str] = field(default_factory=list)
    error: str | None = None
    #: the check of the repaired copy
    after: CheckReport | None = None

    @property
    def made(self) -> bool:
        return self.target is not None and self.error is None

    def note(self, change: str) -> None:
        self.changes.append(change)

    def lines(self) -> list[str]:
        if self.error:
            return [_("repair: no repaired copy was made: {error}").format(error=self.error)]
        assert self.target is not None
        kept = sum(self.kept.values())
        lost = sum(self.lost.values())
        out = [_("repaired copy: {path}").format(path=self.target),
               ngettext("repair: {kept} record(s) carried over, {lost} left out; {name} itself was left as it is",
                        "repair: {kept} record(s) carried over, {lost} left out; {name} itself was left as it is",
                        kept).format(kept=kept, lost=lost, name=self.source.name)]
        out += [_("repair: {change}").format(change=c) for c in self.changes[:REPAIR_CHANGES_LISTED]]
        if len(self.changes) > REPAIR_CHANGES_LISTED:
            more = len(self.changes) - REPAIR_CHANGES_LISTED
            out.append(ngettext("repair: ... and {count} more change", "repair: ... and {count} more changes",
                                more).format(count=more))
        if self.after is not None:
            problems = len(self.after.problems)
            out.append(_("repaired copy: healthy") if self.after.healthy else ngettext(
                "repaired copy: {count} problem(s) remain", "repaired copy: {count} problem(s) remain",
                problems).format(count=problems))
        return out


def repaired_name(path: Path) -> Path:
    """A new name beside ``path`` for its repaired copy: "NAME (repaired).ecw"."""
    path = Path(path)
    stem = path.stem
    target = path.with_name(f"{stem} (repaired){paths.WORKSPACE_SUFFIX}")
    n = 1
    while target.exists() or any(Path(f"{target}{s}").exists() for s in files.OWN_SUFFIXES):
        n += 1
        target = path.with_name(f"{stem} (repaired {n}){paths.WORKSPACE_SUFFIX}")
    return target


def repair_workspace(path: Path | str) -> RepairReport:
    """Make a repaired copy beside a damaged workspace from what SQLite can still read.

    The workspace is never changed: it is read read-only (through its WAL when
    the two are sound together, else the file alone). The copy is a new
    workspace holding every record that can be read, each value checked as the
    write door checks it: a value that cannot be used becomes empty or its
    default, text that is not UTF-8 is read with replacement characters, a
    record whose required value or parent is lost is left out. Each change is
    listed in the report, and the copy is checked once made.
    """
    from equitycohort.data.workspace import create_workspace, now_iso

    path = Path(path)
    report = RepairReport(path)
    try:
        header = files.read_header(path)
        files.check_ours(path, header)
    except DamagedError:
        header = None  # SQLite may still read what the header check refuses
    except WorkspaceError as exc:
        report.error = str(exc)
        return report
    try:
        source = _repair_source(path, header, report)
    except (WorkspaceError, sqlite3.Error) as exc:
        report.error = _("{name} cannot be read at all ({error})").format(
            name=path.name, error=files.message(exc) if isinstance(exc, sqlite3.Error) else exc)
        return report
    target = repaired_name(path)
    try:
        copy = create_workspace(target, with_framework=False)
    except (WorkspaceError, OSError) as exc:
        source.close()
        report.error = _("the copy could not be made beside {name}: {error}").format(
            name=path.name, error=getattr(exc, "strerror", None) or exc)
        return report
    try:
        copy.conn.execute("BEGIN IMMEDIATE")
        kept_ids: dict[str, set[str]] = {}
        for kind in KINDS.values():
            kept_ids[kind.table] = _carry_over(source, copy.conn, kind, kept_ids, report, now_iso())
        copy.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('repaired_from', ?)",
                          (str(path),))
        _carry_origin(source, copy.conn)
        copy.conn.execute("COMMIT")
        copy.checkpoint()
    except (sqlite3.Error, OSError) as exc:
        copy.close()
        for leftover in (target, *(Path(f"{target}{s}") for s in files.SIDE_SUFFIXES)):
            leftover.unlink(missing_ok=True)
        report.error = _("the copy could not be written: {reason}").format(reason=files.disk_reason(exc, target.parent))
        return report
    finally:
        source.close()
    copy.close()
    report.target = target
    report.after = check_workspace(target)
    log.info("repaired copy of %s made as %s", path, target)
    return report


def _carry_origin(source: sqlite3.Connection, dest: sqlite3.Connection) -> None:
    """The repaired copy is still a copy of the same workspace: it keeps its origin, so the
    other facilitators' changes files still import into it (data/sharing)."""
    try:
        row = source.execute("SELECT value FROM meta WHERE key = 'origin'").fetchone()
    except sqlite3.Error:
        return
    if row and isinstance(row[0], str) and len(row[0]) == 32:
        dest.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('origin', ?)", (row[0],))


def _repair_source(path: Path, header: files.FileHeader | None, report: RepairReport) -> sqlite3.Connection:
    """The best read-only view of a damaged workspace: with its WAL when SQLite finds
    the two sound together (or the file alone is no better), else the file alone."""
    sides = files.side_files(path)
    if sides.wal is not None and sides.journal is None:
        problems, _version = files.check_through_wal(path)
        short = header is None or header.short
        if problems and not short and not files.check_alone(path, full=True):
            report.note(_("{side} does not belong to the workspace; it was not read").format(side=sides.wal.name))
            conn = files.connect_immutable(path)
        else:
            conn = sqlite3.connect(files.uri(path, mode="ro"), uri=True, isolation_level=None, timeout=5)
    else:
        if sides.journal is not None:
            report.note(_("the leftover {side} does not belong to the workspace; it was not read").format(
                side=sides.journal.name))
        conn = files.connect_immutable(path)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _readable_rows(conn: sqlite3.Connection, table: str, columns: list[str],
                   report: RepairReport) -> Iterator[tuple]:
    """The rows of a table SQLite can read, in rowid order, stepping over damaged
    pages (a lookup by rowid past a damaged leaf can still reach the next one)."""
    after = None
    skip = 1
    failures = 0
    sql = f"SELECT rowid, {', '.join(columns)} FROM {table} WHERE rowid > ? ORDER BY rowid"
    while True:
        try:
            for row in conn.execute(sql, (-(2**63) if after is None else after,)):
                after = row[0]
                skip = 1
                yield row[1:]
            return
        except sqlite3.DatabaseError as exc:
            failures += 1
            if failures == 1:
                report.note(_("{table}: part of the table cannot be read ({error}); what could be read was "
                              "kept").format(table=table, error=files.message(exc)))
            if failures > 64 or after is None and failures > 1:
                return
            after = (after or 0) + skip
            skip *= 2


def _carry_over(source: sqlite3.Connection, dest: sqlite3.Connection, kind, kept_ids: dict[str, set[str]],
                report: RepairReport, stamp: str) -> set[str]:
    """Copy one kind's readable records into the repaired copy; returns the ids kept."""
    table = kind.table
    kept: set[str] = set()
    try:
        available = {r[1] for r in source.execute(f"PRAGMA table_info({table})")}
    except sqlite3.DatabaseError:
        available = set()
    if "id" not in available:
        report.note((_("{table}: the table cannot be read; its records are lost") if available
                     else _("{table}: the table is missing; its records are lost")).format(table=table))
        report.lost[table] = 0
        return kept
    wanted = [c for c in ("id", *kind.field_names, "created", "modified") if c in available]
    missing = [f.label for f in kind.fields if f.name not in available]
    if missing:
        report.note(ngettext("{table}: the column(s) {columns} are missing; those values are lost",
                             "{table}: the column(s) {columns} are missing; those values are lost",
                             len(missing)).format(table=table, columns=", ".join(missing)))
    columns = ("id", *kind.field_names, "created", "modified")
    insert = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})")
    factory = source.text_factory
    source.text_factory = bytes
    lost = 0
    try:
        for values in _readable_rows(source, table, wanted, report):
            row = dict(zip(wanted, values, strict=True))
            for name, value in list(row.items()):
                if isinstance(value, bytes):
                    try:
                        row[name] = value.decode("utf-8")
                    except UnicodeDecodeError:
                        row[name] = value.decode("utf-8", "replace")
                        if name in kind.field_names:
                            report.note(_("{record}: {field}: damaged text kept with replacement characters").format(
                                record=record_name(kind, row), field=_(kind.field(name).label)))
            fixed = _repaired_row(kind, row, kept_ids, report)
            if fixed is not None and table == "ratings" and not dest.execute(
                    "SELECT 1 FROM levels l JOIN assessments a ON a.framework_id = l.framework_id "
                    "WHERE a.id = ? AND l.rank = ?", (fixed["assessment_id"], fixed["level"])).fetchone():
                report.note(_("{record}: left out, its level {level} is not one of its framework's levels").format(
                    record=record_name(kind, row), level=fixed["level"]))
                fixed = None
            if fixed is None:
                lost += 1
                continue
            created = row.get("created") if isinstance(row.get("created"), str) else stamp
            modified = row.get("modified") if isinstance(row.get("modified"), str) else stamp
            try:
                dest.execute(insert, (fixed["id"], *(fixed[f] for f in kind.field_names), created, modified))
            except sqlite3.IntegrityError:
                report.note(_("{record}: left out, it repeats another record").format(record=record_name(kind, row)))
                lost += 1
                continue
            kept.add(fixed["id"])
    finally:
        source.text_factory = factory
    report.kept[table] = len(kept)
    report.lost[table] = lost
    return kept


def _repaired_row(kind, row: dict, kept_ids: dict[str, set[str]], report: RepairReport) -> dict | None:
    """A row fit for the write door, or None when it cannot be kept (the change noted)."""
    from equitycohort.data.validation import check_id, clean_value

    name = record_name(kind, row)
    try:
        out: dict = {"id": check_id(row.get("id"))}
    except ValidationError:
        report.note(_("{record}: left out, its id cannot be read").format(record=name))
        return None
    for f in kind.fields:
        value = row.get(f.name, f.default)
        if f.type == "ref" and value is not None and value not in kept_ids.get(f.ref or "", set()):
            if f.required:
                report.note(_("{record}: left out, its {field} was lost").format(record=name, field=_(f.label).lower()))
                return None
            report.note(_("{record}: {field}: the record it named was lost; left empty").format(
                record=name, field=_(f.label)))
            out[f.name] = None
            continue
        cleaned, problem = clean_value(f, value)
        if problem is None:
            out[f.name] = cleaned
            continue
        if not f.required:
            report.note(_("{record}: {problem} Left empty.").format(record=name, problem=problem))
            out[f.name] = None
        elif f.default is not None:
            out[f.name] = clean_value(f, f.default)[0]
            report.note(_("{record}: {problem} Set to {value}, the default.").format(
                record=name, problem=problem, value=shown(out[f.name])))
        elif f.type in ("line", "text"):
            out[f.name] = LOST_TEXT
            report.note(_("{record}: {problem} Set to “{value}”.").format(record=name, problem=problem,
                                                                          value=LOST_TEXT))
        else:
            report.note(_("{record}: left out: {problem}").format(record=name, problem=problem))
            return None
    return out
