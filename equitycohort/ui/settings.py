"""Settings declared once: key, default and type. Window state is kept apart
from the user's preferences."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QSettings

from equitycohort import paths


class Setting(NamedTuple):
    key: str
    default: Any
    type: type


# preferences
APPEARANCE = Setting("preferences/appearance", "system", str)  # system | light | dark
PAGE_SIZE = Setting("preferences/page_size", "letter", str)  # letter | a4
ATTENTION_WEEKS = Setting("preferences/attention_weeks", 4, int)
ISO_DATES = Setting("preferences/iso_dates", False, bool)  # 2027-03-09 instead of 3/9/2027
CLOCK_24 = Setting("preferences/clock_24", False, bool)  # 14:30 instead of 2:30 p.m.
#: the language of the screens (View > Language): system | en | es; read at start-up
LANGUAGE = Setting("preferences/language", "system", str)
#: the folder file choosers open in (Documents at first, then the last one used)
LAST_FOLDER = Setting("workspace/last_folder", "", str)
#: the facilitator records that are the user ("this is me"), by id: a copy of a workspace keeps
#: its ids, so the choice holds in every copy of it
ME = Setting("identity/me", [], list)
#: the shared folder of each workspace, as "ORIGIN FOLDER" lines (File > Shared Folder)
SHARED_FOLDERS = Setting("sharing/folders", [], list)
# what was open
LAST_WORKSPACE = Setting("workspace/last", "", str)
RECENT = Setting("workspace/recent", [], list)
LAST_COHORT = Setting("workspace/last_cohort", "", str)
# window state, never mixed with preferences
WINDOW_GEOMETRY = Setting("window/geometry", None, bytes)
WINDOW_STATE = Setting("window/state", None, bytes)

RECENT_MAX = 8


_stores: dict[str, QSettings] = {}


def store() -> QSettings:
    """The settings file, opened once per location."""
    path = paths.config_dir() / "settings.ini"
    key = str(path)
    if key not in _stores:
        # it lists the workspaces used: readable by the user only, whatever the
        # umask (Qt rewrites the file keeping the mode it finds)
        paths.private_dir(path.parent)
        paths.private_file(path)
        _stores[key] = QSettings(key, QSettings.Format.IniFormat)
    return _stores[key]


def get(setting: Setting) -> Any:
    value = store().value(setting.key, setting.default)
    if value is None:
        return setting.default
    try:
        if setting.type is list:
            if isinstance(value, str):
                return [value] if value else []
            return list(value)  # type: ignore[call-overload]  # QSettings hands back a sequence
        if setting.type is bool:
            return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1", "yes")
        if setting.type is bytes:
            return bytes(value) if value else None  # type: ignore[call-overload]  # a QByteArray
        return setting.type(value)
    except (TypeError, ValueError):
        return setting.default


def put(setting: Setting, value: Any) -> None:
    store().setValue(setting.key, value)


def sync() -> bool:
    """Write every settings file now; False if one could not be written."""
    ok = True
    for settings_file in _stores.values():
        settings_file.sync()
        ok = ok and settings_file.status() == QSettings.Status.NoError
    return ok


def remember_workspace(path: str) -> None:
    recent = [p for p in get(RECENT) if p != path]
    put(RECENT, [path, *recent][:RECENT_MAX])
    put(LAST_WORKSPACE, path)


def forget_workspace(path: str) -> None:
    put(RECENT, [p for p in get(RECENT) if p != path])
    if get(LAST_WORKSPACE) == path:
        put(LAST_WORKSPACE, "")
