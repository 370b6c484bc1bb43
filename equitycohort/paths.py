"""Where the app keeps its own files: default workspace, backups, logs, settings, cache.

``EQUITYCOHORT_HOME`` puts them all under one folder (tests and portable use).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "EquityCohort"
WORKSPACE_SUFFIX = ".ecw"


def _home() -> Path | None:
    home = os.environ.get("EQUITYCOHORT_HOME")
    return Path(home) if home else None


def data_dir() -> Path:
    home = _home()
    if home:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home()
    if home:
        return home / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def config_dir() -> Path:
    home = _home()
    if home:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def cache_dir() -> Path:
    """Files the app can rebuild at any time (parsed fonts): safe to delete."""
    home = _home()
    if home:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False))


def default_workspace() -> Path:
    return data_dir() / f"My programs{WORKSPACE_SUFFIX}"


def backups_dir(workspace: Path) -> Path:
    """The rolling backups of one workspace, kept apart from other files'."""
    import hashlib  # loads OpenSSL: 10 ms that start-up does not need to pay

    resolved = str(Path(workspace).resolve())
    digest = hashlib.sha1(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return data_dir() / "backups" / f"{Path(workspace).stem}-{digest}"


def private_folders(path: Path) -> Path:
    """Make a folder and any missing folder above it, each readable by its owner
    only whatever the umask; folders that were there already are left as they are."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        if os.name == "posix":
            os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask; this is not
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)  # raises the plain error (a file in the way)
    return path


def private_dir(path: Path) -> Path:
    """Make a folder of the app's own (and any missing folder above it) readable by its
    owner only (where permissions exist), closing it again if it was opened up."""
    private_folders(path)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty and readable by its owner only if it is not there, or make
    it so if it is (a file the app rewrites in place keeps the mode it finds)."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return path  # the writer that follows reports what is wrong
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return path


def replace_private(target: Path, data: bytes) -> None:
    """Write a file of the app's own whole or not at all: to a temporary name in a private
    folder, readable by its owner only, then renamed over ``target``. Raises OSError."""
    target = Path(target)
    folder = private_dir(target.parent)
    tmp = folder / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
