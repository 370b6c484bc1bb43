"""Program rules that warn but never refuse: team size, executive director,
cohort size."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from equitycohort import formats
from equitycohort.data.states import state_name
from equitycohort.i18n import _, ngettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import RowChange, Workspace

TEAM_SIZE = 3
COHORT_MIN, COHORT_MAX = 6, 8


def team_warnings(ws: Workspace, team_id: str) -> list[str]:
    team = ws.get("teams", team_id)
    if team is None:
        return []
    leaders, directors = ws.query(
        "SELECT count(*), coalesce(sum(is_executive_director), 0) FROM team_members WHERE team_id = ?",
        (team_id,),
    )[0]
    state = state_name(team["state"])
    out = []
    if leaders != TEAM_SIZE:
        out.append(ngettext("The {state} team has {count} leader; the program asks for a team of {size}.",
                            "The {state} team has {count} leaders; the program asks for a team of {size}.",
                            leaders).format(state=state, count=leaders, size=TEAM_SIZE))
    if directors == 0:
        out.append(_("The {state} team has no executive director among its leaders.").format(state=state))
    elif directors > 1:
        out.append(_("The {state} team has {count} leaders marked executive director.").format(
            state=state, count=directors))
    return out


def cohort_warnings(ws: Workspace, cohort_id: str) -> list[str]:
    cohort = ws.get("cohorts", cohort_id)
    if cohort is None:
        return []
    teams = ws.scalar("SELECT count(*) FROM teams WHERE cohort_id = ?", (cohort_id,))
    if COHORT_MIN <= teams <= COHORT_MAX:
        return []
    return [ngettext("{cohort} has {count} state team; a cohort is meant to have {low} to {high}.",
                     "{cohort} has {count} state teams; a cohort is meant to have {low} to {high}.", teams).format(
        cohort=cohort["name"], count=teams, low=COHORT_MIN, high=COHORT_MAX)]


def session_warnings(ws: Workspace, session: dict) -> list[str]:
    """A session planned after its cohort has ended."""
    cohort = ws.get("cohorts", session["cohort_id"])
    if cohort is None or session["date"] <= cohort["end_date"]:
        return []
    return [_("“{title}” is on {date}, after {cohort} ends ({end}).").format(
        title=session["title"], date=formats.short_date(session["date"]), cohort=cohort["name"],
        end=formats.short_date(cohort["end_date"]))]


def attendance_warnings(ws: Workspace, session_id: str, today: dt.date | None = None) -> list[str]:
    """Attendance taken for a session that has not been held yet."""
    session = ws.get("sessions", session_id)
    today = today or dt.date.today()
    if session is None or session["date"] <= today.isoformat():
        return []
    return [_("Attendance was recorded for “{title}”, which is not until {date}.").format(
        title=session["title"], date=formats.short_date(session["date"]))]


def assessment_warnings(ws: Workspace, assessment: dict) -> list[str]:
    """A self-assessment dated before its cohort began or after the community of practice
    could plausibly hold one (a year after the cohort ended)."""
    team = ws.get("teams", assessment["team_id"])
    cohort = ws.get("cohorts", team["cohort_id"]) if team else None
    if cohort is None:
        return []
    late = (dt.date.fromisoformat(cohort["end_date"]) + dt.timedelta(days=365)).isoformat()
    if cohort["start_date"] <= assessment["date"] <= late:
        return []
    return [_("The assessment is dated {date}, outside {cohort} ({start} to {end}).").format(
        date=formats.short_date(assessment["date"]), cohort=cohort["name"],
        start=formats.short_date(cohort["start_date"]), end=formats.short_date(cohort["end_date"]))]


def warnings_after(ws: Workspace, changes: list[RowChange]) -> list[str]:
    """The warnings that apply to what a step touched: its teams, cohorts, sessions, attendance, assessments."""
    teams: dict[str, None] = {}
    cohorts: dict[str, None] = {}
    out: list[str] = []
    attended: dict[str, None] = {}
    for change in changes:
        if change.after is not None and (change.before is None or change.before != change.after):
            if change.table == "sessions" and (change.before is None
                                               or change.before["date"] != change.after["date"]):
                out += session_warnings(ws, change.after)
            elif change.table == "attendance":
                attended[change.after["session_id"]] = None
            elif change.table == "assessments" and (change.before is None
                                                    or change.before["date"] != change.after["date"]):
                out += assessment_warnings(ws, change.after)
    for session_id in attended:
        out += attendance_warnings(ws, session_id)
    for change in changes:
        for row in (change.after, change.before):
            if not row:
                continue
            if change.table == "team_members":
                teams[row["team_id"]] = None
            elif change.table == "teams":
                cohorts[row["cohort_id"]] = None
                if change.after and not change.before:
                    teams[row["id"]] = None
    for team_id in teams:
        out += team_warnings(ws, team_id)
    for cohort_id in cohorts:
        out += cohort_warnings(ws, cohort_id)
    return out
