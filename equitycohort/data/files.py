"""Recognising a workspace file, and the files beside it, before SQLite may touch it.

Everything here only reads, except ``set_aside``, which renames a side file
that does not belong to its workspace (it is kept, never deleted). A file
that is refused is left byte for byte as it was.

SQLite decides what SQLite can decide: whether a workspace and the WAL
beside it make a sound database is judged by SQLite's own integrity check,
through a read-only connection, never from header fields that a checkpoint
cut short (by a kill or a full disk) legitimately leaves out of step.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import stat
import sys
from pathlib import Path
from typing import NamedTuple

from equitycohort.data.errors import (
    DamagedError,
    ForeignDatabaseError,
    NewerVersionError,
    NotFoundError,
    NotSQLiteError,
    OwnFileError,
    ReadOnlyError,
    WorkspaceError,
)
from equitycohort.data.schema import APPLICATION_ID, SCHEMA_VERSION
from equitycohort.formats import number
from equitycohort.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
#: the files SQLite keeps beside a database, named after it
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
#: what the app keeps beside a workspace: SQLite's side files and the lock
OWN_SUFFIXES = (*SIDE_SUFFIXES, ".lock")
#: a side file set aside is renamed with this between its name and a time stamp
SET_ASIDE = "-set-aside-"


class FileHeader(NamedTuple):
    size: int
    page_size: int
    pages: int | None
    user_version: int
    application_id: int
    #: the header's file format bytes say WAL (2), not rollback journal (1)
    wal_mode: bool = True
    #: the header counts more pages than the file holds while a WAL lies
    #: beside it: a checkpoint cut short, which the WAL completes
    short: bool = False


def real_path(path: Path | str) -> Path:
    """The file a path names, through any symbolic links (as SQLite resolves it)."""
    return Path(os.path.realpath(path))


def side_path(path: Path | str, suffix: str) -> Path:
    """A file SQLite (or the app) keeps beside a workspace: "-wal", "-shm", "-journal", ".lock"."""
    real = real_path(path)
    return real.with_name(real.name + suffix)


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _read_start(path: Path, count: int) -> tuple[bytes, os.stat_result]:
    """The first bytes of a regular file, opened so that a pipe or a device
    put in its place can never block the caller."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                 | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotSQLiteError(_not_a_file(path.name, st.st_mode))
        return os.read(fd, count), st
    finally:
        os.close(fd)


def _not_a_file(name: str, mode: int) -> str:
    # Translators: {kind} is "a named pipe", "a device", "a socket" or "not a regular file"
    return _("{name} is {kind}, not a workspace file.").format(name=name, kind=_kind_of(mode))


def read_header(path: Path) -> FileHeader:
    """The SQLite header of ``path``; raises a plain-language error otherwise."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise NotFoundError(_("There is no file at {path}.").format(path=path)) from None
    except PermissionError as exc:
        raise ReadOnlyError(_("{name} cannot be read: permission denied.").format(name=path.name)) from exc
    except OSError as exc:
        raise NotFoundError(_("{path} cannot be used: {error}.").format(path=path, error=exc.strerror or exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise NotSQLiteError(_("{path} is a folder, not a workspace file.").format(path=path))
    if not stat.S_ISREG(st.st_mode):
        raise NotSQLiteError(_not_a_file(path.name, st.st_mode))
    try:
        header, st = _read_start(path, 100)
    except PermissionError as exc:
        raise ReadOnlyError(_("{name} cannot be read: permission denied.").format(name=path.name)) from exc
    except FileNotFoundError:
        raise NotFoundError(_("There is no file at {path}.").format(path=path)) from None
    except OSError as exc:
        raise NotSQLiteError(_("{name} cannot be read: {error}.").format(name=path.name,
                                                                       error=exc.strerror or exc)) from exc
    size = st.st_size
    if size == 0:
        raise NotSQLiteError(_("{name} is an empty file, not an Equity Cohort workspace.").format(name=path.name))
    if not header.startswith(SQLITE_MAGIC):
        raise NotSQLiteError(_("{name} is not an Equity Cohort workspace: it is not a database file at all.").format(
            name=path.name))
    if len(header) < 100:
        raise DamagedError(_("{name} is damaged: the file is cut short ({size} bytes).").format(
            name=path.name, size=size))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedError(_("{name} is damaged: its header is not valid.").format(name=path.name))
    # file format versions (1 legacy, 2 WAL) and the fixed payload fractions:
    # anything else makes SQLite treat the file as read-only or unreadable
    if header[18] not in (1, 2) or header[19] not in (1, 2) or header[21:24] != b"\x40\x20\x20":
        raise DamagedError(_("{name} is damaged: its header is not valid.").format(name=path.name))
    change_counter = header[24:28]
    pages = int.from_bytes(header[28:32], "big")
    valid_for = header[92:96]
    pages_known = pages > 0 and change_counter == valid_for
    # A checkpoint writes page 1 (with the new page count) before the pages that
    # make the file grow; killed, or stopped by a full disk (which may take half a
    # page), in between, it leaves the file short of its header's count, and the
    # WAL beside it still holds every page. SQLite then reads them from the WAL:
    # with a WAL there, SQLite judges the two together (see ``judge``).
    cut_short = pages_known and size < pages * page_size
    short = bool((cut_short or size % page_size) and _regular_size(side_path(path, "-wal")))
    if cut_short and not short:
        raise DamagedError(_("{name} is damaged: the file is cut short ({size} of {expected} bytes are there).").format(
            name=path.name, size=number(size), expected=number(pages * page_size)))
    if size % page_size and not short:
        raise DamagedError(_("{name} is damaged: its length is not whole pages.").format(name=path.name))
    return FileHeader(
        size=size,
        page_size=page_size,
        pages=pages if pages_known else None,
        user_version=int.from_bytes(header[60:64], "big"),
        application_id=int.from_bytes(header[68:72], "big"),
        wal_mode=header[18] == 2,
        short=short,
    )


def _regular_size(path: Path) -> int:
    """The size of a regular file, 0 when there is none (or it is something else)."""
    try:
        st = os.lstat(path)
    except OSError:
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


def check_ours(path: Path, header: FileHeader) -> None:
    """Refuse a SQLite file of another application or of a newer app version."""
    if header.application_id != APPLICATION_ID:
        raise ForeignDatabaseError(_(
            "{name} is a database of some other application, not an Equity Cohort workspace. It was left as "
            "it is.").format(name=Path(path).name))
    if header.user_version > SCHEMA_VERSION:
        raise NewerVersionError(_(
            "{name} was saved by a newer version of Equity Cohort (workspace format {version}; this version "
            "reads up to {supported}). Update the app to open it; the file was left as it is.").format(
                name=Path(path).name, version=header.user_version, supported=SCHEMA_VERSION))


def is_ours(path: Path) -> bool:
    """Whether ``path`` is an Equity Cohort workspace file (judged by its header alone)."""
    try:
        header, _stat = _read_start(Path(path), 100)
    except (OSError, WorkspaceError):
        return False
    return (header.startswith(SQLITE_MAGIC) and len(header) == 100
            and int.from_bytes(header[68:72], "big") == APPLICATION_ID)


def is_read_only(path: Path) -> bool:
    """True when the file or its folder cannot be written.

    The owner-write bit is checked as well as access(), so that a file marked
    read-only is treated as such even for an administrator.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    if os.name == "posix" and not mode & stat.S_IWUSR:
        return True
    if not os.access(path, os.W_OK):
        return True
    return not folder_writable(path)


def folder_writable(path: Path) -> bool:
    """Whether files can be made beside ``path`` (its folder is writable, on a
    disk mounted for writing)."""
    folder = real_path(path).parent
    if hasattr(os, "statvfs"):
        try:
            if os.statvfs(folder).f_flag & os.ST_RDONLY:
                return False
        except OSError:
            return False
    return os.access(folder, os.W_OK)


def copy_advice(path: Path) -> str:
    """How to copy a workspace elsewhere without leaving its latest edits behind (a sentence)."""
    path = Path(path)
    if _regular_size(side_path(path, "-wal")):
        return _("Copy it together with {name}-wal beside it (which holds its latest edits) to a folder you can "
                 "write to, then open the copy.").format(name=path.name)
    return _("Copy it to a folder you can write to (or change its permissions), then open it again.")


def uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return real_path(path).as_uri() + (f"?{query}" if query else "")


def connect_immutable(path: Path) -> sqlite3.Connection:
    """A connection that reads the main file only: no locks, no side files."""
    return sqlite3.connect(uri(path, mode="ro", immutable="1"), uri=True, check_same_thread=False)


def _connect_through_wal(path: Path) -> sqlite3.Connection:
    """A read-only connection that reads the WAL too (it may make the -shm, SQLite's scratch index)."""
    return sqlite3.connect(uri(path, mode="ro"), uri=True, isolation_level=None,
                           check_same_thread=False, timeout=5)


# --- side files ----------------------------------------------------------------------


class SideFiles(NamedTuple):
    """What lies beside a workspace."""

    #: the -wal, when there is one with something in it
    wal: Path | None
    #: a -journal (a workspace in WAL mode never has one of its own)
    journal: Path | None


def side_files(path: Path) -> SideFiles:
    """The side files of a workspace; refuses a side file that is not a regular file
    (a pipe or a device there would make SQLite wait forever)."""
    path = Path(path)
    found: dict[str, Path | None] = {}
    for suffix in SIDE_SUFFIXES:
        side = side_path(path, suffix)
        try:
            st = os.lstat(side)
        except OSError:
            found[suffix] = None
            continue
        if not stat.S_ISREG(st.st_mode):
            raise DamagedError(_(
                "Beside {name} lies {side}, which is {kind}, not a file SQLite could use. Both were left as they "
                "are: move {side} away to open the workspace.").format(name=path.name, side=side.name,
                                                                      kind=_kind_of(st.st_mode)))
        found[suffix] = side if st.st_size or suffix != "-wal" else None
    return SideFiles(wal=found["-wal"], journal=found["-journal"])


def set_aside(side: Path) -> Path:
    """Rename a side file that does not belong to its workspace, keeping it, so
    that SQLite never rolls it in; returns its new name."""
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    target = side.with_name(f"{side.name}{SET_ASIDE}{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = side.with_name(f"{side.name}{SET_ASIDE}{stamp}-{n}")
    os.rename(side, target)
    return target


def lock_held(path: Path) -> bool:
    """Whether a live process holds the workspace's lock (then a WAL beside it is
    that process's, in use, not a leftover). Only probes: creates nothing."""
    lock = side_path(path, ".lock")
    try:
        fd = os.open(lock, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        if sys.platform == "win32":  # pragma: no cover - Windows only (a check mypy understands)
            return True
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


# --- what SQLite makes of a workspace ------------------------------------------------------


class Verdict(NamedTuple):
    """SQLite's judgement of a workspace as opening would find it."""

    #: what is wrong ([] when sound)
    problems: list[str]
    #: "none" (no WAL), "fits" (file and WAL make a sound database), "foreign" (the
    #: file alone is sound, with its WAL it is not: the WAL is not this file's),
    #: "live" (a running app holds the WAL; not judged), "unknown"
    wal: str = "none"
    #: the format version as read through the WAL (None when not read)
    version: int | None = None


_checked: dict[tuple, Verdict] = {}


def _identity(path: Path) -> tuple | None:
    """The workspace and its side files as they are now (for reusing a check)."""
    out: list[tuple[str, int, int, int] | None] = []
    for name in (real_path(path), *(side_path(path, s) for s in ("-wal", "-journal"))):
        try:
            st = os.stat(name)
        except OSError:
            out.append(None)
            continue
        out.append((str(name), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(out) if out[0] is not None else None


def _sqlite_check(conn: sqlite3.Connection, full: bool) -> tuple[list[str], int]:
    """(problems, user_version) of a connection, by SQLite's own check."""
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}(20)")]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return [message(exc)], 0
    return ([] if rows == ["ok"] else rows), version


def check_alone(path: Path, full: bool = False) -> list[str]:
    """Problems SQLite finds in the main file by itself, side files ignored ([] when sound)."""
    try:
        conn = connect_immutable(path)
    except sqlite3.Error as exc:
        return [message(exc)]
    try:
        return _sqlite_check(conn, full)[0]
    finally:
        conn.close()


def check_through_wal(path: Path) -> tuple[list[str], int]:
    """(problems, user_version) of the workspace read with the WAL beside it, by the
    full integrity check (a WAL of another copy can leave every page readable and
    only the indexes wrong). Reads only; SQLite may make the -shm."""
    try:
        conn = _connect_through_wal(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if "unable to open" in str(exc) and not folder_writable(path):
            raise wal_unreadable_here(path) from exc
        return [message(exc)], 0
    except sqlite3.Error as exc:
        return [message(exc)], 0
    try:
        return _sqlite_check(conn, True)
    finally:
        conn.close()


def wal_unreadable_here(path: Path) -> ReadOnlyError:
    """The error for a workspace whose latest edits, in its -wal, cannot be read where
    it lies: SQLite needs to make its -shm beside it, in a folder that cannot be written."""
    path = Path(path)
    return ReadOnlyError(_(
        "{name} cannot be read where it is: its latest edits are still in {name}-wal beside it, and reading them "
        "needs a small file SQLite cannot make in that folder (a read-only disk or folder). Nothing is "
        "damaged. {advice}").format(name=path.name, advice=copy_advice(path)))


def judge(path: Path, header: FileHeader, *, full: bool = False, locked_by_us: bool = False) -> Verdict:
    """What SQLite makes of the workspace and the WAL beside it; changes nothing.

    With no WAL the main file is checked alone (quick_check, or the full
    integrity check if ``full``). With a WAL nobody is using, the two are
    checked together by the full integrity check, and if they fail together
    the file is checked alone, to tell a WAL that does not belong from damage.
    A WAL held by a running app (its lock is held, ``locked_by_us`` false) is
    that app's, in use: not judged.
    """
    path = Path(path)
    key = (_identity(path), full, locked_by_us)
    if key[0] is not None and key in _checked:
        return _checked.pop(key)
    sides = side_files(path)
    if sides.wal is None:
        if header.short:
            return Verdict([_("the file is cut short, and no WAL beside it holds the rest")], "none")
        return Verdict(check_alone(path, full), "none")
    if not locked_by_us and lock_held(path):
        return Verdict([], "live")
    if not side_path(path, "-shm").exists() and not folder_writable(path):
        raise wal_unreadable_here(path)
    problems, version = check_through_wal(path)
    if not problems:
        return Verdict([], "fits", version)
    if not header.short and not check_alone(path, full=True):
        return Verdict([], "foreign", None)
    return Verdict(problems, "unknown", None)


def precheck(path: Path) -> None:
    """Judge a workspace now (in a thread, while the app loads), to be reused by the
    next open of the same file as it is."""
    path = Path(path)
    key = _identity(path)
    if key is None:
        return
    try:
        header = read_header(path)
        check_ours(path, header)
        # the app's open holds the lock while it judges; so does this early look
        verdict = judge(path, header, locked_by_us=True)
    except Exception:  # the real open reports what is wrong
        return
    if _identity(path) == key:
        _checked[(key, False, True)] = verdict


def quick_check(path: Path) -> list[str]:
    """Problems PRAGMA quick_check reports in the main file alone ([] when healthy)."""
    return check_alone(path)


def message(exc: Exception) -> str:
    """SQLite's message, readable: its messages about a damaged schema may quote
    bytes that are not UTF-8."""
    return _("the file's contents cannot be read") if isinstance(exc, UnicodeDecodeError) else str(exc)


_message = message


# --- reading while another process may write -------------------------------------------------


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no side files when it can.

    With no WAL beside the file and no process holding its lock, nothing is
    uncommitted, so the file is read as immutable (no -wal or -shm made; a
    -journal, never a WAL-mode workspace's own, is ignored). Otherwise another
    process may be writing, or a crash left edits in the WAL: read through it.
    """
    path = Path(path)
    sides = side_files(path)
    if sides.wal is None and not lock_held(path):
        return sqlite3.connect(uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None,
                               check_same_thread=False)
    if sides.journal is not None:
        raise DamagedError(_(
            "Beside {name} lies a leftover {side} that does not belong to it. Both were left as they are; open "
            "{name} in the app once (it sets the leftover file aside), then try again.").format(
                name=path.name, side=sides.journal.name))
    if not side_path(path, "-shm").exists() and not folder_writable(path):
        raise wal_unreadable_here(path)
    return _connect_through_wal(path)


# --- never writing over a workspace ------------------------------------------------------------

#: workspaces open in this process (their real paths), so that no export or
#: copy is ever written over one of them or the files beside them
_open_workspaces: dict[int, Path] = {}


def register_open(key: int, path: Path) -> None:
    _open_workspaces[key] = real_path(path)


def unregister_open(key: int) -> None:
    _open_workspaces.pop(key, None)


def refuse_own_file(target: Path | str, *, workspaces: bool = True) -> None:
    """Refuse to write ``target`` when it is a workspace open in this process or a
    file of one (its -wal, -shm, -journal, lock), in the app's backups, or (with
    ``workspaces``, for exports) any workspace or a file beside one: an export or a
    copy never replaces them. Raises OwnFileError naming what the file is."""
    from equitycohort import paths

    target = Path(target)
    real = real_path(target)
    try:
        st: os.stat_result | None = os.stat(target)
    except OSError:
        st = None
    for workspace in list(_open_workspaces.values()):
        mine = [workspace, *(side_path(workspace, s) for s in OWN_SUFFIXES)]
        for own in mine:
            same = real == own
            if not same and st is not None:
                try:
                    same = os.path.samestat(st, os.stat(own))
                except OSError:
                    same = False
            if same:
                if own == workspace:
                    message = _("{name} is the workspace being read; choose another file name. Nothing was "
                                "written.")
                else:
                    message = _("{name} is a file of the workspace {workspace} (its {suffix}); choose another "
                                "file name. Nothing was written.")
                raise OwnFileError(message.format(name=target.name, workspace=workspace.name,
                                                  suffix=own.name[len(workspace.name):]))
    backups = paths.data_dir() / "backups"
    try:
        inside_backups = real.is_relative_to(real_path(backups))
    except ValueError:  # pragma: no cover - paths on another drive (Windows)
        inside_backups = False
    if inside_backups:
        raise OwnFileError(_("{name} would go among the workspaces' rolling backups; choose another folder. "
                             "Nothing was written.").format(name=target.name))
    if not workspaces:
        return
    if st is not None and stat.S_ISREG(st.st_mode) and is_ours(target):
        raise OwnFileError(_("{name} is an Equity Cohort workspace; choose another file name: an export never "
                             "replaces a workspace. Nothing was written.").format(name=target.name))
    for suffix in OWN_SUFFIXES:
        if real.name.endswith(suffix) and len(real.name) > len(suffix):
            base = real.with_name(real.name[: -len(suffix)])
            if is_ours(base):
                raise OwnFileError(_("{name} belongs to the workspace {workspace} beside it; choose another file "
                                     "name. Nothing was written.").format(name=target.name, workspace=base.name))


def disk_reason(exc: BaseException, folder: Path | None = None) -> str:
    """A plain reason for a failed write: the disk is full, read-only, or an I/O error."""
    number = getattr(exc, "errno", None)
    text = str(exc).lower()
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or "full" in text:
        return _("the disk is full")
    if number == errno.EFBIG:
        return _("the file cannot grow any larger on this disk")
    if number in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text:
        return _("the disk or folder cannot be written")
    if folder is not None:
        import shutil

        try:
            if shutil.disk_usage(folder).free < 1024 * 1024:
                return _("the disk is full")
        except OSError:
            pass
    if "i/o" in text or number == errno.EIO:
        return _("the disk could not be written (an input/output error)")
    return _("the file could not be written ({error})").format(error=getattr(exc, "strerror", None) or exc)
