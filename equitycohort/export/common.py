"""What several exports share: looking up a team or cohort, safe file names."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from equitycohort.data.cohorts import CohortRecord, get_cohort
from equitycohort.data.states import state_name
from equitycohort.data.teams import TeamRecord, get_team

#: progress(done, total, what): called as an export moves on
Progress = Callable[[int, int, str], None]


def escape(text: str) -> str:
    """Text made safe inside reportlab Paragraph markup: & < > become entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notify(progress: Progress | None, done: int, total: int, what: str) -> None:
    if progress is not None:
        progress(done, total, what)


def temp_beside(path: Path) -> Path:
    """A fresh name in the same folder, to write to before replacing ``path``."""
    return path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")  # not uuid: it loads platform


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Write a whole file or nothing: to a temporary name, then renamed over ``path``.

    ``private`` files (personal data, such as rosters) are readable by their owner only.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600 if private else 0o666)
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


class ExportError(ValueError):
    """An export cannot be made (no such team, cohort or session); the message says why."""


@dataclass(frozen=True)
class TeamInfo:
    team: TeamRecord
    cohort: CohortRecord

    @property
    def state_line(self) -> str:
        return f"{state_name(self.team.state)} ({self.team.state})"


def team_info(ws, team_id: str) -> TeamInfo:
    team = get_team(ws, team_id)
    if team is None:
        raise ExportError(f"There is no state team with id {team_id}.")
    cohort = get_cohort(ws, team.cohort_id)
    assert cohort is not None
    return TeamInfo(team, cohort)


def cohort_record(ws, cohort_id: str) -> CohortRecord:
    cohort = get_cohort(ws, cohort_id)
    if cohort is None:
        raise ExportError(f"There is no cohort with id {cohort_id}.")
    return cohort


def today_or(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def date_span(start: str, end: str) -> str:
    from equitycohort.export.pdf import short_date

    return f"{short_date(start)} – {short_date(end)}"


_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                  *(f"LPT{i}" for i in range(1, 10))}


def safe_name(text: str, *, limit: int = 80, fallback: str = "export") -> str:
    """A file or folder name that is valid on Windows, macOS and Linux.

    Path separators and reserved characters become spaces or dashes, runs of
    spaces collapse, trailing dots and spaces go, reserved Windows device
    names get an underscore, and the name is kept short.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = _RESERVED.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip().strip(".").strip()
    if len(text) > limit:
        text = text[:limit].rstrip(" .-")
    if not text:
        text = fallback
    if text.split(".")[0].upper() in _WINDOWS_NAMES:
        text = "_" + text
    return text


def team_folder_name(team: TeamRecord) -> str:
    """"IA - Iowa Children First"."""
    return safe_name(f"{team.state} - {team.organization}", fallback=team.state)
