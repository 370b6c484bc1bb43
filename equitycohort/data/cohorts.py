"""Programs and cohorts as facilitators see them: dates, phase, team count."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.rules import COHORT_MAX, COHORT_MIN
from equitycohort.data.schema import PHASES
from equitycohort.data.workspace import Change, Workspace, done
from equitycohort.i18n import _, label

COHORT_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the end of a shorter month (Aug 31 + 6 = Feb 28).

    The arithmetic of dateutil's relativedelta, here because the landing
    screen needs it at start-up and dateutil costs 6 ms to import.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def default_end_date(start: dt.date) -> dt.date:
    """A cohort runs six months: the same day six months on (clamped to month end)."""
    return add_months(start, COHORT_MONTHS)


class CohortRecord(NamedTuple):
    id: str
    program_id: str
    program_name: str
    name: str
    start_date: str
    end_date: str
    phase: str
    team_count: int
    session_count: int

    @property
    def phase_label(self) -> str:
        return label(PHASES, self.phase)

    @property
    def size_ok(self) -> bool:
        return COHORT_MIN <= self.team_count <= COHORT_MAX

    @property
    def label(self) -> str:
        return f"{self.name} ({self.program_name})"


def list_programs(ws: Workspace) -> list[dict]:
    return ws.rows("SELECT * FROM programs ORDER BY name COLLATE NOCASE")


def list_cohorts(ws: Workspace, program_id: str | None = None, *, cohort_id: str | None = None) -> list[CohortRecord]:
    """Cohorts newest first, with their team and session counts."""
    params: tuple[str, ...]
    if cohort_id:
        where, params = "WHERE c.id = ?", (cohort_id,)
    elif program_id:
        where, params = "WHERE c.program_id = ?", (program_id,)
    else:
        where, params = "", ()
    rows = ws.query(
        f"""SELECT c.id, c.program_id, p.name AS program_name, c.name, c.start_date, c.end_date, c.phase,
                   (SELECT count(*) FROM teams t WHERE t.cohort_id = c.id) AS team_count,
                   (SELECT count(*) FROM sessions s WHERE s.cohort_id = c.id) AS session_count
            FROM cohorts c JOIN programs p ON p.id = c.program_id {where}
            ORDER BY c.start_date DESC, c.name COLLATE NOCASE""",
        params,
    )
    return [CohortRecord(*row) for row in rows]


def get_cohort(ws: Workspace, cohort_id: str) -> CohortRecord | None:
    found = list_cohorts(ws, cohort_id=cohort_id)
    return found[0] if found else None


def suggested_phase(start: dt.date, end: dt.date, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    if today < start:
        return "planning"
    if today <= end:
        return "active"
    return "community"


def cohort_count(ws: Workspace) -> int:
    return ws.count("cohorts")


def add_cohort(ws: Workspace, values: dict, new_program: str | None = None) -> Change:
    """Add a cohort; with ``new_program``, first the program it belongs to, in the same step.

    A problem with the new program's name is reported on the field "program_name".
    """
    with ws.operation(_("Add cohort")) as op:
        values = dict(values)
        if new_program is not None:
            try:
                values["program_id"] = op.insert("programs", {"name": new_program})
            except ValidationError as exc:
                raise ValidationError([FieldError("program_name", e.message.replace(_("Name"), _("Program"), 1))
                                       for e in exc.errors]) from exc
        op.record_id = op.insert("cohorts", values)
    return done(op)


def update_cohort(ws: Workspace, cohort_id: str, values: dict) -> Change:
    return ws.update("cohorts", cohort_id, values, label=_("Edit cohort"))


def delete_cohort(ws: Workspace, cohort_id: str) -> Change:
    """Delete a cohort with its teams, sessions and everything recorded about them."""
    row = ws.get("cohorts", cohort_id)
    return ws.delete("cohorts", cohort_id, _("Delete {name}").format(name=row["name"]) if row else _("Delete cohort"))


def save_program(ws: Workspace, values: dict, program_id: str | None = None) -> Change:
    if program_id:
        return ws.update("programs", program_id, values, label=_("Edit program"))
    return ws.insert("programs", values, label=_("Add program"))


def find_cohort(ws: Workspace, text: str) -> list[dict]:
    """Cohorts matching an id, or a name (any case), for the command line."""
    exact = ws.rows("SELECT * FROM cohorts WHERE id = ?", (text,))
    if exact:
        return exact
    folded = text.strip().casefold()
    return [row for row in ws.rows("SELECT * FROM cohorts ORDER BY start_date")
            if row["name"].casefold() == folded]
