"""Batch packets: for every team of a cohort a folder with its own documents.

    OUT/
      Cohort 1 - Cohort summary.pdf
      IA - Iowa Children First/
        IA - Workplan.pdf
        IA - Check-in history.pdf      (never the facilitators' copy)
        Cohort 1 - Calendar.ics        (cohort-wide sessions and Iowa's own)
      MN - .../

Each team's documents (and their file names) are in the team's language
(``data.teams.document_language``): its own setting, else its leaders'; the
cohort summary, for facilitators and funders, in the language asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import i18n
from equitycohort.data.teams import document_language, list_teams
from equitycohort.export.calendar import calendar_bytes
from equitycohort.export.checkins import export_checkin_history
from equitycohort.export.cohort import export_cohort_summary
from equitycohort.export.common import (
    SAFE_NAME_BYTES,
    Progress,
    cohort_record,
    fit_bytes,
    make_folder,
    notify,
    safe_name,
    team_folder_name,
    today_or,
    write_atomic,
)
from equitycohort.export.workplan import export_workplan
from equitycohort.i18n import _

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace


@dataclass
class PacketResult:
    folder: Path
    files: list[Path] = field(default_factory=list)


def export_packets(ws: Workspace, cohort_id: str, out_dir: Path | str, *, page_size: str = "letter",
                   today: dt.date | None = None, progress: Progress | None = None,
                   lang: str | None = None) -> PacketResult:
    """Write every team's packet, each in the team's language, and the cohort summary, in ``lang``
    (default: the current language), under ``out_dir``."""
    from equitycohort.export.pdf import check_page_size

    check_page_size(page_size)
    today = today_or(today)
    cohort = cohort_record(ws, cohort_id)
    teams = list_teams(ws, cohort_id)
    out = make_folder(Path(out_dir))
    result = PacketResult(out)
    total = 1 + 3 * len(teams)
    done = 0
    cohort_file = safe_name(cohort.name, limit=60, fallback="Cohort")

    def step(path: Path) -> None:
        nonlocal done
        done += 1
        result.files.append(path)
        notify(progress, done, total, str(path.relative_to(out)))

    notify(progress, 0, total, _("Starting"))
    with i18n.use(lang):
        summary = out / _("{cohort} - Cohort summary.pdf").format(cohort=cohort_file)
        step(export_cohort_summary(ws, cohort_id, summary, page_size=page_size, today=today))
    used: set[str] = set()
    for team in teams:
        name = team_folder_name(team)
        if name.casefold() in used:  # two names that differ only by reserved characters
            name = safe_name(f"{fit_bytes(name, SAFE_NAME_BYTES - 7)} {team.id[:6]}")
        used.add(name.casefold())
        folder = make_folder(out / name)
        with i18n.use(document_language(ws, team.id)):
            step(export_workplan(ws, team.id, folder / _("{state} - Workplan.pdf").format(state=team.state),
                                 page_size=page_size, today=today))
            step(export_checkin_history(ws, team.id,
                                        folder / _("{state} - Check-in history.pdf").format(state=team.state),
                                        internal=False, page_size=page_size, today=today))
            # the team's own calendar: cohort-wide sessions and its own, never another team's
            step(write_atomic(folder / _("{cohort} - Calendar.ics").format(cohort=cohort_file),
                              calendar_bytes(ws, cohort_id, team_id=team.id)))
    return result
