"""One writer per workspace: a lock file beside it that names its holder.

The lock is an OS file lock (flock / msvcrt), so the kernel drops it when the
holding process dies, however it dies; a lock file left by a killed process
is then simply taken over.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from equitycohort.data.errors import LockedError


def lock_path(workspace: Path) -> Path:
    return workspace.with_name(workspace.name + ".lock")


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def describe_holder(holder: dict) -> str:
    who = holder.get("user") or "someone"
    host = holder.get("host") or "another computer"
    since = holder.get("since", "")
    try:
        since = dt.datetime.fromisoformat(since).astimezone().strftime("%d %b %Y %H:%M")
    except ValueError:
        pass
    pid = holder.get("pid")
    where = f"by {who} on {host}" + (f" (process {pid})" if pid else "")
    return where + (f" since {since}" if since else "")


class WorkspaceLock:
    def __init__(self, workspace: Path):
        self.path = lock_path(Path(workspace))
        self._fd: int | None = None

    def acquire(self) -> None:
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if not _try_lock(fd):
                holder = self._read_holder(fd)
                os.close(fd)
                raise LockedError(
                    f"This workspace is already open {describe_holder(holder)}. "
                    "Close it there first, then try again.",
                    holder,
                )
            # the file may have been removed by its last holder between our
            # open and our lock; then our lock guards nothing and we retry
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                self._write_holder()
                return
            os.close(fd)
        raise LockedError("Could not take the lock on this workspace; try again.")

    def _read_holder(self, fd: int) -> dict:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            return json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def _write_holder(self) -> None:
        assert self._fd is not None
        holder = {
            "app": "Equity Cohort",
            "user": _user(),
            "host": _host(),
            "pid": os.getpid(),
            "since": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        data = json.dumps(holder).encode("utf-8")
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.write(self._fd, data)

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _host() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename  # what socket.gethostname() gives, without loading sockets (7 ms)
    import socket

    return socket.gethostname()


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
