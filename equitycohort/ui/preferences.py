"""The user's choices of how dates and times are shown, read once and kept at hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import formats
from equitycohort.formats import Style
from equitycohort.ui import settings

if TYPE_CHECKING:
    from equitycohort.data.schedule import SessionRecord

_style: Style | None = None


def style() -> Style:
    """US dates and a 12-hour clock unless the user chose ISO dates or a 24-hour clock."""
    global _style
    if _style is None:
        _style = Style(iso_dates=settings.get(settings.ISO_DATES), clock_24=settings.get(settings.CLOCK_24))
    return _style


def set_style(iso_dates: bool, clock_24: bool) -> None:
    global _style
    settings.put(settings.ISO_DATES, iso_dates)
    settings.put(settings.CLOCK_24, clock_24)
    _style = Style(iso_dates, clock_24)


def forget() -> None:
    """Read the settings again next time (a test's own settings file, say)."""
    global _style
    _style = None


# --- dates and times in the chosen style -------------------------------------------

def short_date(day: dt.date | str | None) -> str:
    """``Mar 9, 2027`` (or ``2027-03-09``)."""
    return formats.short_date(day, style())


def day_with_weekday(day: dt.date | str | None) -> str:
    """``Tue, Mar 9, 2027`` (or ``Tue 2027-03-09``)."""
    return formats.day_with_weekday(day, style())


def long_date(day: dt.date | str | None) -> str:
    """``Tuesday, March 9, 2027``."""
    return formats.long_date(day, style())


def session_time(session: SessionRecord) -> str:
    """``1:00–2:30 p.m. EST``: start to end in the session's own time zone."""
    from equitycohort.data.schedule import zone_abbreviation

    span = formats.time_range(session.start_time, session.ends.time().strftime("%H:%M"), style())
    return f"{span} {zone_abbreviation(session.date, session.start_time, session.timezone)}"


# --- where file choosers open ---------------------------------------------------------

def documents_folder() -> Path:
    """The user's Documents folder (the home folder where there is none)."""
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder() -> Path:
    """Where a file chooser opens: the last folder the user chose, else Documents."""
    last = settings.get(settings.LAST_FOLDER)
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember_folder(path: Path | str, *, is_folder: bool = False) -> None:
    """Open the next file chooser where this file (or folder) was."""
    chosen = Path(path)
    settings.put(settings.LAST_FOLDER, str(chosen if is_folder else chosen.parent))


def date_and_time(moment: dt.datetime) -> str:
    """``Nov 28, 2026, 3:01 p.m.`` (or ``2026-11-28 15:01``)."""
    when = formats.clock(moment.time(), style())
    return f"{short_date(moment.date())}{' ' if style().iso_dates else ', '}{when}"


# --- who the user is, among a workspace's facilitators ------------------------------------

def me_among(person_ids: list[str]) -> str | None:
    """The user's own facilitator record among these ("this is me"), if they chose one."""
    mine = settings.get(settings.ME)
    return next((pid for pid in person_ids if pid in mine), None)


def set_me(person_id: str, among: list[str]) -> None:
    """Make ``person_id`` the user, in place of another of ``among`` (the same workspace's facilitators)."""
    mine = [pid for pid in settings.get(settings.ME) if pid not in among]
    settings.put(settings.ME, [person_id, *mine][:50])


def clear_me(person_id: str) -> None:
    settings.put(settings.ME, [pid for pid in settings.get(settings.ME) if pid != person_id])
