"""Recognising a workspace file before SQLite is allowed to touch it.

Everything here only reads: a file that is refused is left byte for byte as
it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import NamedTuple

from equitycohort.data.errors import (
    DamagedError,
    ForeignDatabaseError,
    NewerVersionError,
    NotFoundError,
    NotSQLiteError,
    ReadOnlyError,
)
from equitycohort.data.schema import APPLICATION_ID, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"


class FileHeader(NamedTuple):
    size: int
    page_size: int
    pages: int | None
    user_version: int
    application_id: int


def read_header(path: Path) -> FileHeader:
    """The SQLite header of ``path``; raises a plain-language error otherwise."""
    path = Path(path)
    if not path.exists():
        raise NotFoundError(f"There is no file at {path}.")
    if path.is_dir():
        raise NotSQLiteError(f"{path} is a folder, not a workspace file.")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except PermissionError as exc:
        raise ReadOnlyError(f"{path.name} cannot be read: permission denied.") from exc
    size = path.stat().st_size
    if size == 0:
        raise NotSQLiteError(f"{path.name} is an empty file, not an Equity Cohort workspace.")
    if not header.startswith(SQLITE_MAGIC):
        raise NotSQLiteError(
            f"{path.name} is not an Equity Cohort workspace: it is not a database file at all."
        )
    if len(header) < 100:
        raise DamagedError(f"{path.name} is damaged: the file is cut short ({size} bytes).")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedError(f"{path.name} is damaged: its header is not valid.")
    # file format versions (1 legacy, 2 WAL) and the fixed payload fractions:
    # anything else makes SQLite treat the file as read-only or unreadable
    if header[18] not in (1, 2) or header[19] not in (1, 2) or header[21:24] != b"\x40\x20\x20":
        raise DamagedError(f"{path.name} is damaged: its header is not valid.")
    change_counter = header[24:28]
    pages = int.from_bytes(header[28:32], "big")
    valid_for = header[92:96]
    pages_known = pages > 0 and change_counter == valid_for
    if pages_known and size < pages * page_size:
        raise DamagedError(
            f"{path.name} is damaged: the file is cut short "
            f"({size:,} of {pages * page_size:,} bytes are there)."
        )
    if size % page_size:
        raise DamagedError(f"{path.name} is damaged: its length is not whole pages.")
    return FileHeader(
        size=size,
        page_size=page_size,
        pages=pages if pages_known else None,
        user_version=int.from_bytes(header[60:64], "big"),
        application_id=int.from_bytes(header[68:72], "big"),
    )


def check_ours(path: Path, header: FileHeader) -> None:
    """Refuse a SQLite file of another application or of a newer app version."""
    if header.application_id != APPLICATION_ID:
        raise ForeignDatabaseError(
            f"{Path(path).name} is a database of some other application, "
            "not an Equity Cohort workspace. It was left as it is."
        )
    if header.user_version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"{Path(path).name} was saved by a newer version of Equity Cohort "
            f"(workspace format {header.user_version}; this version reads up to "
            f"{SCHEMA_VERSION}). Update the app to open it; the file was left as it is."
        )


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
    return not os.access(path.parent, os.W_OK)


def uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return Path(path).resolve().as_uri() + (f"?{query}" if query else "")


def connect_immutable(path: Path) -> sqlite3.Connection:
    """A connection that reads the main file only: no locks, no side files."""
    return sqlite3.connect(uri(path, mode="ro", immutable="1"), uri=True, check_same_thread=False)


_checked: dict[tuple, list[str]] = {}


def _identity(path: Path) -> tuple | None:
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return (str(Path(path).resolve()), st.st_size, st.st_mtime_ns, st.st_ino)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no side files when it can.

    With no WAL beside the file and no process holding its lock, nothing is
    uncommitted, so the file is read as immutable (no -wal or -shm made).
    Otherwise another process may be writing: read through the WAL.
    """
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    lock = path.with_name(path.name + ".lock")
    if wal.exists() or lock.exists():
        return sqlite3.connect(uri(path, mode="ro"), uri=True, isolation_level=None,
                               check_same_thread=False, timeout=5)
    return sqlite3.connect(uri(path, mode="ro", immutable="1"), uri=True, isolation_level=None,
                           check_same_thread=False)


def quick_check(path: Path) -> list[str]:
    """Problems PRAGMA quick_check reports in the main file ([] when healthy).

    A result is remembered for the file as it is (size, time, inode), so a
    check started early (see ``precheck``) is not repeated when opening.
    """
    key = _identity(path)
    if key is not None and key in _checked:
        return _checked.pop(key)
    return _quick_check(path)


def precheck(path: Path) -> None:
    """Run the quick check now, to be reused by the next open of the same file."""
    key = _identity(path)
    if key is None:
        return
    try:
        header = read_header(path)
        check_ours(path, header)
    except Exception:  # the real open reports what is wrong
        return
    result = _quick_check(path)
    if _identity(path) == key:
        _checked[key] = result


def _quick_check(path: Path) -> list[str]:
    try:
        conn = connect_immutable(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return [_message(exc)]
    return [] if rows == ["ok"] else rows


def _message(exc: Exception) -> str:
    # SQLite's messages about a damaged schema may quote bytes that are not UTF-8
    return "the file's contents cannot be read" if isinstance(exc, UnicodeDecodeError) else str(exc)


def leftover_wal_problems(path: Path) -> list[str]:
    """Problems of the file as it would be with the -wal beside it applied.

    After a crash the WAL holds the last edits and belongs with the file. A
    WAL left beside a file copied into its place (a restored backup, say)
    does not, and applying it would corrupt that file. The check runs on
    copies, so the file and the WAL stay exactly as they are.
    """
    import shutil
    import tempfile

    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return []
    with tempfile.TemporaryDirectory(prefix="equitycohort-check-") as folder:
        copy = Path(folder) / "workspace.ecw"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        try:
            conn = sqlite3.connect(str(copy))
            try:
                rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            finally:
                conn.close()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            return [_message(exc)]
    if rows != ["ok"]:
        return rows
    return [f"newer:{version}"] if version > SCHEMA_VERSION else []
