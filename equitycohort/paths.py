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


def private_dir(path: Path) -> Path:
    """Make a folder readable by its owner only (where permissions exist)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path
