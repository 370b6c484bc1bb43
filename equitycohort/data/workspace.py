"""A workspace: one SQLite file, opened safely, written only through one door.

``Workspace.operation(label)`` is that door. Inside it, ``insert``, ``update``
and ``delete`` validate, write in a single transaction and record each row's
before and after, so the whole operation can be undone and redone as one step
with a human label ("Undo Add check-in").
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from equitycohort.data import files
from equitycohort.data.errors import (
    DamagedError,
    FieldError,
    NotFoundError,
    ReadOnlyError,
    ValidationError,
    WorkspaceError,
    WriteFailedError,
)
from equitycohort.data.lock import WorkspaceLock
from equitycohort.data.schema import KINDS, SCHEMA_VERSION, references_to
from equitycohort.data.translations import drop_outdated
from equitycohort.data.validation import check_delete, check_id, check_rules, check_values, clean_row
from equitycohort.i18n import _, ngettext

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

UNDO_LIMIT = 200


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def new_id() -> str:
    import uuid  # imported on first write, not at start-up (uuid brings platform along)

    return uuid.uuid4().hex


class RowChange(NamedTuple):
    table: str
    id: str
    before: dict | None
    after: dict | None


class Step:
    """One undoable step: the rows one operation changed, in order."""

    __slots__ = ("label", "changes")

    def __init__(self, label: str, changes: list[RowChange] | None = None):
        self.label = label
        self.changes: list[RowChange] = changes if changes is not None else []

    def __repr__(self) -> str:
        return f"Step({self.label!r}, {len(self.changes)} changes)"

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(c.table for c in self.changes)


class Change(NamedTuple):
    """What one write, undo or redo did; returned to the caller and sent to every listener."""

    label: str
    tables: frozenset[str]
    #: the records the operation created, in order
    ids: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    #: "do", "undo" or "redo"
    direction: str = "do"
    #: the record the operation is about (the one created or edited), when it names one
    record_id: str | None = None

    @property
    def id(self) -> str | None:
        """The record the operation is about: the one it names, else the first it created."""
        return self.record_id or (self.ids[0] if self.ids else None)

    @property
    def changed(self) -> bool:
        """Whether anything was written (an edit that changes nothing writes nothing)."""
        return bool(self.tables)


class Operation:
    """The writes of one undoable step; made by ``Workspace.operation``."""

    def __init__(self, ws: Workspace, label: str) -> None:
        self._ws = ws
        self.step = Step(label)
        self.created: list[str] = []
        self.warnings: list[str] = []
        #: the record the operation is about, for the caller to select (set by the writer)
        self.record_id: str | None = None
        #: what the operation did, once it has committed
        self.change: Change | None = None
        #: whether its writes are this user's edits, to share with other copies
        #: (False for a merge of changes from others, which keeps its own record)
        self.journaled = True

    @property
    def label(self) -> str:
        return self.step.label

    def insert(self, table: str, values: dict) -> str:
        kind = KINDS[table]
        check_values(kind, values)
        row_id = values.get("id")
        row_id = new_id() if row_id is None or row_id == "" else check_id(row_id)
        row = clean_row(kind, {k: v for k, v in values.items() if k != "id"})
        check_rules(table, row, self._ws.get, self._ws.query, row_id)
        stamp = now_iso()
        full = {"id": row_id, **row, "created": stamp, "modified": stamp}
        self._ws._write_row(table, row_id, full, insert_only=True)
        self.step.changes.append(RowChange(table, row_id, None, full))
        self.created.append(row_id)
        return row_id

    def update(self, table: str, row_id: str, values: dict) -> None:
        kind = KINDS[table]
        check_values(kind, values)
        old = self._ws.get(table, check_id(row_id))
        if old is None:
            raise ValidationError(FieldError("id", gone(kind.singular)))
        merged = {name: old[name] for name in kind.field_names}
        merged.update(values)
        row = clean_row(kind, merged)
        if "translations" in row and "translations" not in values:
            row["translations"] = drop_outdated(kind, old, row)
        if all(row[name] == old[name] for name in kind.field_names):
            return
        check_rules(table, row, self._ws.get, self._ws.query, row_id, old)
        new = {**old, **row, "modified": now_iso()}
        self._ws._write_row(table, row_id, new)
        self.step.changes.append(RowChange(table, row_id, old, new))

    def delete(self, table: str, row_id: str) -> None:
        old = self._ws.get(table, check_id(row_id))
        if old is None:
            return
        check_delete(table, old, self._ws.query)
        for child_table, ref in references_to(table):
            children = self._ws.query(
                f"SELECT * FROM {child_table} WHERE {ref.name} = ?", (row_id,))
            if not children:
                continue
            if ref.on_delete == "restrict":
                # Translators: {kind} and {other} are kinds of record ("framework", "assessment"); the
                # English says "(s)" in both forms, a translation may tell one from many
                raise ValidationError(FieldError("id", ngettext(
                    "This {kind} is used by {count} {other}(s); delete those first.",
                    "This {kind} is used by {count} {other}(s); delete those first.", len(children)).format(
                        kind=_(KINDS[table].singular), count=len(children),
                        other=_(KINDS[child_table].singular))))
            for child in children:
                if ref.on_delete == "cascade":
                    self.delete(child_table, child["id"])
                else:
                    before = dict(child)
                    new = {**before, ref.name: None, "modified": now_iso()}
                    self._ws._write_row(child_table, before["id"], new)
                    self.step.changes.append(RowChange(child_table, before["id"], before, new))
        self._ws._write_row(table, row_id, None)
        self.step.changes.append(RowChange(table, row_id, dict(old), None))

    def warn(self, message: str) -> None:
        self.warnings.append(message)


Listener = Callable[[Change], None]


class Workspace:
    """An open workspace file. Use ``open_workspace`` or ``create_workspace``."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool,
                 lock: WorkspaceLock | None = None):
        self.path = Path(path)
        self.conn = conn
        self.conn.row_factory = sqlite3.Row
        self.read_only = read_only
        self._lock = lock
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._listeners: list[Listener] = []
        self._in_operation = False
        #: the identity id this session's edits are recorded under (None: the user's own, from settings)
        self.author: str | None = None
        #: what opening found and did that the user should hear of (a side file set aside)
        self.notices: list[str] = []
        #: (device, inode) of the file opened: a file moved or replaced is noticed before a write
        self._identity = lock.identity if lock is not None and lock.identity else _identity(self.path)
        #: where SQLite keeps the WAL (beside the real path, as it was when opened)
        self._wal_path = files.side_path(self.path, "-wal") if not read_only else None
        files.register_open(id(self), self.path)
        weakref.finalize(self, files.unregister_open, id(self))

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the file, for migrations (imported only when needed)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # --- reading ---------------------------------------------------------

    @property
    def name(self) -> str:
        return self.path.stem

    def get(self, table: str, row_id: str) -> dict | None:
        if table not in KINDS:
            raise KeyError(table)
        row_id = check_id(row_id)
        row = self._read(lambda: self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone())
        return dict(row) if row else None

    def require(self, table: str, row_id: str) -> dict:
        """A record that must exist; a plain refusal if it was deleted meanwhile."""
        row = self.get(table, row_id)
        if row is None:
            raise ValidationError(FieldError("id", gone(KINDS[table].singular)))
        return row

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        return self._read(lambda: self.conn.execute(sql, tuple(params)).fetchall())

    def rows(self, sql: str, params: tuple | list = ()) -> list[dict]:
        return self._read(lambda: [dict(r) for r in self.conn.execute(sql, tuple(params))])

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        """The first value of the first row (of whatever type SQLite holds there), or None."""
        row = self._read(lambda: self.conn.execute(sql, tuple(params)).fetchone())
        return row[0] if row else None

    def _read(self, read: Callable[[], _T]) -> _T:
        """Run a read; text that is not valid UTF-8 (written by another program, or
        damage) is read with replacement characters rather than failing every
        screen and export that meets it. Fast until the first such value."""
        try:
            return read()
        except sqlite3.OperationalError as exc:
            if "decode" not in str(exc) or self.conn.text_factory is _lenient_text:
                raise
        log.warning("%s holds text that is not valid UTF-8; it is read with replacement characters "
                    "(`equitycohort check` names the records)", self.path.name)
        self.conn.text_factory = _lenient_text
        return read()

    def count(self, table: str) -> int:
        return self.scalar(f"SELECT count(*) FROM {table}")

    @property
    def schema_version(self) -> int:
        return self.scalar("PRAGMA user_version")

    # --- the write door --------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def operation(self, label: str) -> Iterator[Operation]:
        """One undoable step: all its writes land together or not at all."""
        if self.read_only:
            raise ReadOnlyError(_("This workspace is open read-only; it cannot be changed."))
        if self._in_operation:
            raise RuntimeError("operations do not nest")
        op = Operation(self, label)
        self._in_operation = True
        try:
            with self._transaction():
                yield op
                if op.journaled and op.step.changes:
                    self._journal(op.step.changes)
        finally:
            self._in_operation = False
        if op.step.changes:
            self._undo.append(op.step)
            del self._undo[:-UNDO_LIMIT]
            self._redo.clear()
        op.change = self._announce(op.step, "do", tuple(op.created), tuple(op.warnings), op.record_id)

    def insert(self, table: str, values: dict, label: str | None = None) -> Change:
        # Translators: an action in Edit > Undo; {kind} is a kind of record ("check-in", "goal")
        with self.operation(label or _("Add {kind}").format(kind=_(KINDS[table].singular))) as op:
            op.insert(table, values)
        return done(op)

    def update(self, table: str, row_id: str, values: dict, label: str | None = None) -> Change:
        with self.operation(label or _("Edit {kind}").format(kind=_(KINDS[table].singular))) as op:
            op.update(table, row_id, values)
            op.record_id = row_id
        return done(op)

    def delete(self, table: str, row_id: str, label: str | None = None) -> Change:
        with self.operation(label or _("Delete {kind}").format(kind=_(KINDS[table].singular))) as op:
            op.delete(table, row_id)
        return done(op)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> Change | None:
        if not self._undo:
            return None
        step = self._undo[-1]
        self._replay([RowChange(c.table, c.id, c.after, c.before) for c in reversed(step.changes)])
        self._redo.append(self._undo.pop())
        return self._announce(step, "undo")

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        step = self._redo[-1]
        self._replay(list(step.changes))
        self._undo.append(self._redo.pop())
        return self._announce(step, "redo")

    def bulk_load(self, tables: dict[str, list[dict]]) -> int:
        """Validate and insert many new rows at once, parents before children.

        For building new content (the demo, imports into a fresh file): it
        is one transaction but not an undo step. Returns the rows written.
        """
        written = 0
        stamp = now_iso()
        with self._transaction():
            for table, rows in tables.items():
                if not rows:
                    continue
                kind = KINDS[table]
                columns = ("id", *kind.field_names, "created", "modified")
                values = []
                for row in rows:
                    clean = clean_row(kind, {k: v for k, v in row.items() if k != "id"})
                    values.append((row.get("id") or new_id(), *clean.values(), stamp, stamp))
                placeholders = ", ".join("?" * len(columns))
                self.conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", values)
                written += len(values)
        self._undo.clear()
        self._redo.clear()
        self._announce(Step(_("Load records"), [RowChange(t, "", None, None) for t in tables]), "do")
        return written

    # --- internals -------------------------------------------------------

    def _check_still_there(self) -> None:
        """Refuse to write when the file was moved, renamed or replaced while open:
        the connection would write to a file no longer at the path the user opened."""
        now = _identity(self.path)
        if now == self._identity:
            return
        if now is None:
            message = _("The change was not saved: {name} was moved, renamed or deleted by another program "
                        "while it was open here, so nothing more is written to it. Use File > Save a Copy to "
                        "keep what is open here, then close the workspace and open the file again.")
        else:
            message = _("The change was not saved: {name} was replaced by another file by another program "
                        "while it was open here, so nothing more is written to it. Use File > Save a Copy to "
                        "keep what is open here, then close the workspace and open the file again.")
        raise WriteFailedError(message.format(name=self.path.name))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._check_still_there()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _write_failed(exc) from exc
        try:
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            yield
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    log.exception("rollback failed")
            if isinstance(exc, sqlite3.IntegrityError):
                raise ValidationError(FieldError("", _("The change breaks a rule of the workspace ({error}).").format(
                    error=exc))) from exc
            if isinstance(exc, sqlite3.Error):
                raise _write_failed(exc) from exc
            raise

    def _write_row(self, table: str, row_id: str, row: dict | None, insert_only: bool = False) -> None:
        if row is None:
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            return
        columns = list(row)
        placeholders = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
        if not insert_only:
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
            sql += f" ON CONFLICT(id) DO UPDATE SET {updates}"
        self.conn.execute(sql, [row[c] for c in columns])

    def _replay(self, changes: list[RowChange]) -> None:
        """Write each change's ``after`` (undo passes the changes inverted): an edit like any other."""
        with self._transaction():
            for change in changes:
                self._write_row(change.table, change.id, change.after)
            self._journal(changes, replay=True)

    def _journal(self, changes: list[RowChange], replay: bool = False) -> None:
        """Record the user's edits for sharing, in the same transaction (data/sharing/journal.py)."""
        from equitycohort.data.sharing.journal import record_local

        record_local(self, changes, replay=replay)

    def _announce(self, step: Step, direction: str, ids: tuple[str, ...] = (),
                  warnings: tuple[str, ...] = (), record_id: str | None = None) -> Change:
        """Tell every listener what a committed step did.

        This runs after COMMIT: the write has happened whatever a listener
        does, so a listener that fails is logged and the others still hear.
        """
        if direction == "do" and step.changes:
            from equitycohort.data.rules import warnings_after

            try:
                warnings = tuple(warnings) + tuple(warnings_after(self, step.changes))
            except Exception:  # a warning is advice: never let it hide a committed write
                log.exception("working out the warnings after %r failed", step.label)
        # Translators: {action} is the name of what is undone or redone ("Add check-in")
        label = {"do": step.label, "undo": _("Undo {action}").format(action=step.label),
                 "redo": _("Redo {action}").format(action=step.label)}[direction]
        change = Change(label, step.tables, ids, warnings, direction, record_id)
        for listener in list(self._listeners):
            try:
                listener(change)
            except Exception:
                log.exception("a listener failed after %r; the change itself is saved", label)
        return change

    def checkpoint(self) -> None:
        if not self.read_only:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        if self.conn is not None:
            moved = not self.read_only and _identity(self.path) != self._identity
            try:
                if moved:
                    self._keep_edits_after_a_move()
                self.conn.close()
            finally:
                self.conn = None  # type: ignore[assignment]
                files.unregister_open(id(self))
                if self._lock:
                    self._lock.release()
            if moved:
                self._tidy_after_a_move()

    def _keep_edits_after_a_move(self) -> None:
        """The file was moved or replaced while open. SQLite does not checkpoint a moved
        file as it closes, and its WAL, named after where the file was, would be left
        behind with the latest edits: they are written into the file now, wherever it went."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            log.exception("the edits of %s, moved while open, could not be checkpointed", self.path)
        log.warning("%s was moved or replaced while open; its edits were written into the file it opened",
                    self.path)

    def _tidy_after_a_move(self) -> None:
        """Remove the emptied WAL (and its -shm) left where a moved file was, so that
        nothing seems left over there; only when no file took its place."""
        if self._wal_path is None or self._wal_path.with_name(self._wal_path.name[:-4]).exists():
            return
        try:
            if self._wal_path.stat().st_size == 0:
                self._wal_path.unlink()
                self._wal_path.with_name(self._wal_path.name[:-4] + "-shm").unlink(missing_ok=True)
        except OSError:
            pass

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def gone(singular: str) -> str:
    """"This check-in no longer exists.": a record deleted meanwhile, by its kind (``Kind.singular``)."""
    # Translators: {kind} is a kind of record ("check-in", "goal")
    return _("This {kind} no longer exists.").format(kind=_(singular))


def done(op: Operation) -> Change:
    """What a data-layer writer returns: the change its operation made, after the commit."""
    if op.change is None:
        raise RuntimeError("an operation's change is known only once its block has ended")
    return op.change


def unchanged(label: str) -> Change:
    """What a writer returns when there was nothing to write (a move past the end, say)."""
    return Change(label, frozenset())


_T = TypeVar("_T")


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _write_failed(exc: sqlite3.Error) -> WriteFailedError:
    text = str(exc).lower()
    if "full" in text:
        reason = _("the disk is full")
    elif "readonly" in text or "read-only" in text:
        reason = _("the file can no longer be written (it has become read-only)")
    elif "locked" in text or "busy" in text:
        reason = _("another program is using the file")
    else:
        reason = _("the file could not be written ({error})").format(error=exc)
    return WriteFailedError(_("The change was not saved: {reason}. The workspace is as it was before.").format(
        reason=reason))


# --- opening and creating ------------------------------------------------

def _connect(path: Path, *, wal: bool = True) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=5)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_workspace(path: Path | str, *, backups: bool = True, daily_backup: bool = True) -> Workspace:
    """Open a workspace for reading and writing, or raise a WorkspaceError.

    A refused file is not written to: it is recognised from its header, and
    judged by SQLite through a read-only connection, before anything opens it
    for writing. A side file that does not belong to it (a -journal, which a
    workspace in WAL mode never has, or a -wal of another copy) is set aside,
    kept under a new name and named in ``ws.notices``, never rolled in.
    ``backups`` makes the backup before a migration and today's backup;
    ``daily_backup=False`` leaves today's to the caller (the app makes it in
    the background with maintenance.BackgroundBackup).
    """
    path = Path(path)
    header = files.read_header(path)
    files.check_ours(path, header)
    if files.is_read_only(path):
        raise ReadOnlyError(_("{name} is read-only, so changes could not be saved. {advice}").format(
            name=path.name, advice=files.copy_advice(path)))
    lock = WorkspaceLock(path)
    lock.acquire()
    notices: list[str] = []
    try:
        header = files.read_header(path)  # again, now that no other app of ours can change it
        _set_aside_journal(path, header, notices)
        verdict = files.judge(path, header, locked_by_us=True)
        if verdict.wal == "foreign":
            wal = files.side_path(path, "-wal")
            kept = files.set_aside(wal)
            notices.append(_(
                "A leftover {side} lay beside {name} that does not belong to it (opened with it, the workspace "
                "would have been damaged). It was set aside as {kept}, and the workspace opened as last saved "
                "in its own file.").format(side=wal.name, name=path.name, kept=kept.name))
            log.warning("set aside %s as %s", wal, kept)
            header = files.read_header(path)
        elif verdict.problems:
            raise DamagedError(_damaged_message(path, verdict.problems[0]))
        if verdict.version is not None and verdict.version > SCHEMA_VERSION:
            files.check_ours(path, files.FileHeader(0, 0, None, verdict.version, header.application_id))
        problems = _schema_problems_before_opening(path, header, verdict)
        if problems:
            raise DamagedError(_damaged_message(path, problems[0]))
        conn = _open_connection(path)
        ws = Workspace(path, conn, read_only=False, lock=lock)
        ws.notices = notices
    except BaseException:
        lock.release()
        raise
    try:
        if _prepare(ws, header, backups, daily_backup):
            problems = schema_problems(ws.conn)  # as migrated
            if problems:
                raise DamagedError(_damaged_message(path, problems[0]))
    except sqlite3.Error as exc:
        ws.close()
        raise _open_failed(path, exc) from exc
    except BaseException:
        ws.close()
        raise
    return ws


def _damaged_message(path: Path, problem: str) -> str:
    return _("{name} is damaged ({problem}). It was left as it is. Open one of its backups, or make a "
             "repaired copy from what can still be read (File > Check Workspace in the app, or "
             "`equitycohort check --repair`).").format(name=path.name, problem=problem)


def _set_aside_journal(path: Path, header: files.FileHeader, notices: list[str]) -> None:
    """A -journal beside a workspace is never its own: the app keeps workspaces in
    WAL mode (only a new one is built in rollback mode, before its first record).
    Rolled back into the file, another database's journal damages it, so it is set
    aside; when the file without it is not sound, both are left for the user."""
    journal = files.side_files(path).journal
    if journal is None:
        return
    if not header.wal_mode:
        problems = files.check_alone(path, full=True)
        if problems:
            raise DamagedError(_(
                "{name} is damaged ({problem}), and a leftover {side} lies beside it. Both were left as they "
                "are. Open one of its backups, or make a repaired copy (File > Check Workspace in the app, or "
                "`equitycohort check --repair`).").format(name=path.name, problem=problems[0], side=journal.name))
    kept = files.set_aside(journal)
    notices.append(_(
        "A leftover {side} lay beside {name} that does not belong to it (rolled back into the workspace, it "
        "would have damaged it). It was set aside as {kept}; the workspace is as last saved.").format(
            side=journal.name, name=path.name, kept=kept.name))
    log.warning("set aside %s as %s", journal, kept)


def _open_connection(path: Path) -> sqlite3.Connection:
    try:
        return _connect(path)
    except sqlite3.Error as exc:
        raise _open_failed(path, exc) from exc


def _open_failed(path: Path, exc: sqlite3.Error) -> WorkspaceError:
    """What to tell when SQLite cannot open or prepare a file: a disk that is full or
    cannot be written is not damage."""
    text = str(exc).lower()
    if any(word in text for word in ("i/o", "full", "readonly", "read-only", "unable to open")):
        return WriteFailedError(_(
            "{name} could not be opened for writing: {reason}. The workspace was left as it is; try again once "
            "there is room on the disk.").format(name=path.name, reason=files.disk_reason(exc, path.parent)))
    return DamagedError(_("{name} could not be prepared for use ({error}). It was left as it is.").format(
        name=path.name, error=files.message(exc)))


def _schema_problems_before_opening(path: Path, header: files.FileHeader, verdict: files.Verdict) -> list[str]:
    """schema_problems of a file at this app's format, read-only (through the WAL
    if it fits), before a connection that could write is made."""
    version = verdict.version if verdict.version is not None else header.user_version
    if version != SCHEMA_VERSION:
        return []  # an older file is checked once migrated
    try:
        if verdict.wal in ("fits", "live"):
            conn = sqlite3.connect(files.uri(path, mode="ro"), uri=True, timeout=5)
        else:
            conn = files.connect_immutable(path)
        try:
            return schema_problems(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [files.message(exc)]


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """Tables or columns of the records that the file lacks ([] when all are there)."""
    factory = conn.text_factory
    conn.text_factory = _lenient_text  # a damaged name in the schema is reported, not raised
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        problems = []
        for kind in KINDS.values():
            if kind.table not in tables:
                problems.append(_("the table of {kind} records ({table}) is missing").format(
                    kind=_(kind.singular), table=kind.table))
                continue
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info({kind.table})")}
            missing = {"id", "created", "modified", *kind.field_names} - columns
            if missing:
                problems.append(ngettext("the table {table} lacks the column(s) {columns}",
                                         "the table {table} lacks the column(s) {columns}", len(missing)).format(
                    table=kind.table, columns=", ".join(sorted(missing))))
        return problems
    finally:
        conn.text_factory = factory


def _prepare(ws: Workspace, header: files.FileHeader, backups: bool, daily: bool = True) -> bool:
    """Version checks, migrations and the daily backup of a workspace just opened;
    True when it was migrated."""
    # the header read before may predate a WAL not yet checkpointed
    if ws.schema_version > SCHEMA_VERSION:
        files.check_ours(ws.path, files.FileHeader(0, 0, None, ws.schema_version, header.application_id))
    if ws.schema_version < SCHEMA_VERSION:
        if backups:
            from equitycohort.data.maintenance import backup

            backup(ws, reason=f"before-v{SCHEMA_VERSION}")
        _migrate(ws)
        return True
    if backups and daily:
        from equitycohort.data.maintenance import daily_backup

        daily_backup(ws)
    return False


def open_read_only(path: Path | str) -> Workspace:
    """Open a workspace only to read it (reports, exports, info); no lock.

    Nothing is written: a WAL that a crash left beside the file is read with
    it once SQLite finds the two sound together; one that does not belong is
    refused (the app sets it aside when it opens the file).
    """
    path = Path(path)
    header = files.read_header(path)
    files.check_ours(path, header)
    if header.user_version < SCHEMA_VERSION:
        raise WorkspaceError(_("{name} uses an older workspace format; open it in the app once to update it.").format(
            name=path.name))
    sides = files.side_files(path)
    if sides.wal is not None and sides.journal is None:
        verdict = files.judge(path, header)
        if verdict.wal == "foreign":
            raise DamagedError(_(
                "Beside {name} lies a leftover {name}-wal that does not belong to it (read with it, the workspace "
                "looks damaged). Both were left as they are; open {name} in the app once (it sets the leftover "
                "file aside), then try again.").format(name=path.name))
        if verdict.problems:
            raise DamagedError(_damaged_message(path, verdict.problems[0]))
    try:
        conn = files.connect_read_only(path)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        problems = schema_problems(conn) if version == SCHEMA_VERSION else []
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if sides.wal is not None and not files.folder_writable(path):
            raise files.wal_unreadable_here(path) from exc
        raise DamagedError(_("{name} could not be read ({error}).").format(
            name=path.name, error=files.message(exc))) from exc
    if version > SCHEMA_VERSION:  # a newer format may still sit in the WAL
        conn.close()
        files.check_ours(path, files.FileHeader(0, 0, None, version, header.application_id))
    if problems:
        conn.close()
        raise DamagedError(_damaged_message(path, problems[0]))
    return Workspace(path, conn, read_only=True)


def create_workspace(path: Path | str, *, with_framework: bool = True) -> Workspace:
    """Create a new workspace; refuses to replace an existing file.

    It starts with the default self-assessment framework, so teams can be
    assessed at once (``with_framework=False`` for a truly empty file).
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise WorkspaceError(_("{path} already exists.").format(path=path))
    for side in ("-wal", "-shm", "-journal"):
        if path.with_name(path.name + side).exists():
            raise WorkspaceError(_("A leftover file {side} lies where the new workspace would go; move it "
                                   "away first.").format(side=path.name + side))
    if not path.parent.is_dir():
        raise NotFoundError(_("The folder {folder} does not exist.").format(folder=path.parent))
    lock = WorkspaceLock(path)
    lock.acquire()
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        lock.bind()
        # Build the schema in rollback-journal mode, so that the header that
        # marks the file as ours (application id, version) is in the main
        # file itself before any record is written; only then switch to WAL.
        conn = _connect(path, wal=False)
        ws = Workspace(path, conn, read_only=False, lock=lock)
    except BaseException:
        lock.release()
        raise
    try:
        _migrate(ws)
        ws.conn.execute("INSERT INTO meta (key, value) VALUES ('created', ?)", (now_iso(),))
        ws.conn.execute("PRAGMA journal_mode = WAL")
        if with_framework:
            from equitycohort.data.frameworks import DEFAULT_FRAMEWORK, framework_rows

            ws.bulk_load(framework_rows(DEFAULT_FRAMEWORK))
    except BaseException:
        ws.close()
        raise
    return ws


def _migrate(ws: Workspace) -> None:
    from equitycohort.data.migrations import VERSIONS, migrations

    try:
        migrations.apply(ws.db)
        # the version follows the migrations recorded as applied, even if the
        # header's copy of it was damaged
        applied = [m.name for m in migrations.applied(ws.db)]
        version = max((VERSIONS.get(name, 0) for name in applied), default=0)
        if version and ws.schema_version != version:
            ws.conn.execute(f"PRAGMA user_version = {int(version)}")
    except sqlite3.Error as exc:
        raise _write_failed(exc) from exc
