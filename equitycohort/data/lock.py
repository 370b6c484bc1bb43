"""One writer per workspace: a lock file beside it that names its holder, and a
lock on the workspace file itself that follows the file, whatever its name.

The lock file is an OS file lock (flock / msvcrt), so the kernel drops it when
the holding process dies, however it dies; a lock file left by a killed
process is then simply taken over. It lies beside the file's real path, so a
symbolic link leads to the same lock.

A file has other names too (a hard link, another mount of the same folder),
so where the system has them (Linux) the workspace file itself carries an
open-file-description lock on one byte of SQLite's lock page, a byte SQLite
never locks: any second opener of the same file (device and inode), through
any name, is refused. Unlike a classic POSIX lock it is not dropped when some
other descriptor of the file is closed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import struct
import sys
from pathlib import Path

from equitycohort.data.errors import LockedError, WriteFailedError
from equitycohort.i18n import _

#: a byte of SQLite's lock page that SQLite itself never locks (it uses the
#: 512 bytes from 0x40000000); inside the page for every page size from 1024
IDENTITY_BYTE = 0x40000000 + 0x300


def lock_path(workspace: Path) -> Path:
    real = Path(os.path.realpath(workspace))
    return real.with_name(real.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only (a check mypy understands)
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


def _identity_lock(fd: int) -> bool | None:
    """Take the open-file-description lock on the workspace file: True when
    taken, False when another opener holds it, None where the system has no such
    locks (then the lock file beside the real path is the only guard)."""
    if not sys.platform.startswith("linux") or struct.calcsize("l") != 8:
        return None
    import fcntl

    command = getattr(fcntl, "F_OFD_SETLK", None)
    if command is None:  # pragma: no cover - older Linux Pythons
        return None
    # struct flock on 64-bit Linux: type, whence, (padding), start, length, pid, (padding)
    request = struct.pack("hh4xqqi4x", fcntl.F_WRLCK, os.SEEK_SET, IDENTITY_BYTE, 1, 0)
    try:
        fcntl.fcntl(fd, command, request)
    except OSError:
        return False
    return True


def describe_holder(holder: dict) -> str:
    """"by ana on laptop-3 (process 4242) since 28 Nov 2026 15:31": who holds a workspace."""
    from equitycohort import formats

    who = holder.get("user") or _("someone")
    host = holder.get("host") or _("another computer")
    since = holder.get("since", "")
    try:
        moment = dt.datetime.fromisoformat(since).astimezone()
        since = (f"{formats.short_date(moment.date())} {formats.clock(moment.time())}" if formats.babel_locale()
                 else moment.strftime("%d %b %Y %H:%M"))
    except (TypeError, ValueError):
        since = ""
    pid = holder.get("pid")
    if pid and since:
        text = _("by {user} on {host} (process {pid}) since {since}")
    elif pid:
        text = _("by {user} on {host} (process {pid})")
    elif since:
        text = _("by {user} on {host} since {since}")
    else:
        text = _("by {user} on {host}")
    return text.format(user=who, host=host, pid=pid, since=since)


class WorkspaceLock:
    def __init__(self, workspace: Path):
        self.workspace = Path(workspace)
        self.path = lock_path(Path(workspace))
        self._fd: int | None = None
        self._file_fd: int | None = None
        #: (device, inode) of the workspace file this lock holds, once bound
        self.identity: tuple[int, int] | None = None

    def acquire(self) -> None:
        """Take the lock file, and the lock on the workspace file if it exists."""
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except OSError as exc:
                raise self._cannot(exc) from exc
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise LockedError(_("{name} beside the workspace is not a lock file of this app (it is not a "
                                    "regular file); move it away, then try again.").format(name=self.path.name))
            if not _try_lock(fd):
                holder = self._read_holder(fd)
                os.close(fd)
                # Translators: {holder} is "by ana on laptop-3 (process 4242) since …"
                raise LockedError(_("This workspace is already open {holder}. Close it there first, then try "
                                    "again.").format(holder=describe_holder(holder)), holder)
            # the file may have been removed by its last holder between our
            # open and our lock; then our lock guards nothing and we retry
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                try:
                    self._write_holder()
                    if self.workspace.exists():
                        self.bind()
                except BaseException:
                    self.release()
                    raise
                return
            os.close(fd)
        raise LockedError(_("Could not take the lock on this workspace; try again."))

    def bind(self) -> None:
        """Lock the workspace file itself (by device and inode): call once it exists."""
        if self._file_fd is not None:
            return
        real = Path(os.path.realpath(self.workspace))
        try:
            fd = os.open(real, os.O_RDWR | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            # cannot be opened for writing: then it cannot be written through
            # this name either, and the open that follows says why
            try:
                st = os.stat(real)
                self.identity = (st.st_dev, st.st_ino)
            except OSError:
                pass
            return
        st = os.fstat(fd)
        taken = _identity_lock(fd)
        if taken is False:
            os.close(fd)
            raise LockedError(_(
                "This workspace is already open under another name (a link or another path to the same file). "
                "Close it there first, then try again."))
        self.identity = (st.st_dev, st.st_ino)
        if taken:
            self._file_fd = fd
        else:
            os.close(fd)

    def _cannot(self, exc: OSError) -> WriteFailedError:
        from equitycohort.data.files import disk_reason

        return WriteFailedError(_(
            "{name} could not be opened for writing: {reason} (its lock file {lock} could not be written). Nothing "
            "was changed.").format(name=self.workspace.name, reason=disk_reason(exc, self.path.parent),
                                   lock=self.path.name))

    def _read_holder(self, fd: int) -> dict:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            holder = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        except (OSError, ValueError):
            return {}
        return holder if isinstance(holder, dict) else {}

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
        try:
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            if os.write(self._fd, data) != len(data):
                raise OSError(28, "No space left on device")
        except OSError as exc:
            raise self._cannot(exc) from exc

    def release(self) -> None:
        if self._file_fd is not None:
            os.close(self._file_fd)
            self._file_fd = None
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
    """Who holds the lock, found as getpass.getuser() finds it, without loading getpass (and termios)."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if user := os.environ.get(variable):
            return user
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, AttributeError, KeyError, OSError):  # Windows has no pwd, nor os.getuid
        return "unknown"
