"""What several exports share: looking up a team or cohort, safe file names."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort.data.cohorts import CohortRecord, get_cohort
from equitycohort.data.files import refuse_own_file
from equitycohort.data.states import state_name
from equitycohort.data.teams import TeamRecord, get_team
from equitycohort.i18n import _

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: progress(done, total, what): called as an export moves on
Progress = Callable[[int, int, str], None]


def escape(text: str) -> str:
    """Text made safe inside reportlab Paragraph markup: & < > become entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notify(progress: Progress | None, done: int, total: int, what: str) -> None:
    if progress is not None:
        progress(done, total, what)


def temp_beside(path: Path) -> Path:
    """A fresh, empty file in the same folder, readable by its owner only, to write
    to before it replaces ``path`` (the mode it is made with is the one the export
    keeps, whatever the umask: documents hold people's names and notes).

    Refuses a ``path`` that is a workspace or a file of one (OwnFileError): no
    export is ever written over them.
    """
    path = Path(path)
    refuse_own_file(path)
    # the temporary name stays within the 255 bytes a file name may have
    stem = fit_bytes(path.name, NAME_BYTES - 16)
    while True:
        tmp = path.with_name(f".{stem}.{os.urandom(4).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            continue
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        os.close(fd)
        return tmp


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Write a whole file or nothing: to a temporary name, then renamed over ``path``.

    Every export is readable by its owner only (see ``temp_beside``); ``private``
    says so where it matters most (rosters with e-mail addresses and phones).
    """
    path = Path(path)
    make_folder(path.parent)
    tmp = temp_beside(path)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def make_folder(path: Path) -> Path:
    """A folder for exports; any folder it makes is readable by its owner only."""
    from equitycohort.paths import private_folders

    return private_folders(Path(path))


class ExportError(ValueError):
    """An export cannot be made (no such team, cohort or session); the message says why."""


@dataclass(frozen=True)
class TeamInfo:
    team: TeamRecord
    cohort: CohortRecord

    @property
    def state_line(self) -> str:
        return f"{state_name(self.team.state)} ({self.team.state})"


def team_info(ws: Workspace, team_id: str) -> TeamInfo:
    team = get_team(ws, team_id)
    if team is None:
        raise ExportError(_("There is no state team with id {id}.").format(id=team_id))
    cohort = get_cohort(ws, team.cohort_id)
    assert cohort is not None
    return TeamInfo(team, cohort)


def cohort_record(ws: Workspace, cohort_id: str) -> CohortRecord:
    cohort = get_cohort(ws, cohort_id)
    if cohort is None:
        raise ExportError(_("There is no cohort with id {id}.").format(id=cohort_id))
    return cohort


def today_or(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def date_span(start: str, end: str) -> str:
    from equitycohort.export.pdf import short_date

    return f"{short_date(start)} – {short_date(end)}"


_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: format characters that show nothing (bidi controls, zero-width spaces and joiners,
#: the byte-order mark...): in a file name they hide or reverse what is shown
_INVISIBLE = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                        r"\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]")
_WINDOWS_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                  *(f"LPT{i}" for i in range(1, 10))}
#: the longest file name most file systems take, in bytes of UTF-8
NAME_BYTES = 255
#: the longest name safe_name gives: room left for what callers add (" - Check-in history.pdf")
SAFE_NAME_BYTES = 150


def fit_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, at a character boundary and
    never inside a character sequence (an accent, an emoji joined by ZWJ)."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= limit:
        return text
    cut = data[:limit].decode("utf-8", "ignore")
    # drop a trailing joiner, variation selector or combining mark left dangling
    while cut and (unicodedata.combining(cut[-1]) or cut[-1] in "\u200d\ufe0e\ufe0f"
                   or 0x1F3FB <= ord(cut[-1]) <= 0x1F3FF):
        cut = cut[:-1]
    return cut


def safe_name(text: str, *, limit: int = 80, fallback: str = "export") -> str:
    """A file or folder name that is valid on Windows, macOS and Linux.

    Path separators and reserved characters become spaces or dashes, invisible
    characters (bidi controls, zero-width characters) go, runs of spaces
    collapse, trailing dots and spaces go, reserved Windows device names get an
    underscore, and the name is kept short: at most ``limit`` characters and
    SAFE_NAME_BYTES bytes, so that what callers add still fits.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = _INVISIBLE.sub("", text)
    text = _RESERVED.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip().strip(".").strip()
    if len(text) > limit:
        text = text[:limit].rstrip(" .-")
    text = fit_bytes(text, SAFE_NAME_BYTES).rstrip(" .-")
    if not text:
        text = fallback
    if text.split(".")[0].upper() in _WINDOWS_NAMES:
        text = "_" + text
    return text


def team_folder_name(team: TeamRecord) -> str:
    """"IA - Iowa Children First"."""
    return safe_name(f"{team.state} - {team.organization}", fallback=team.state)
