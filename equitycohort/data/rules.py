"""Program rules that warn but never refuse: team size, executive director,
cohort size."""

from __future__ import annotations

from typing import TYPE_CHECKING

from equitycohort.data.states import state_name

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
    who = f"The {state_name(team['state'])} team"
    out = []
    if leaders != TEAM_SIZE:
        out.append(f"{who} has {leaders} leader{'s' if leaders != 1 else ''}; "
                   f"the program asks for a team of {TEAM_SIZE}.")
    if directors == 0:
        out.append(f"{who} has no executive director among its leaders.")
    elif directors > 1:
        out.append(f"{who} has {directors} leaders marked executive director.")
    return out


def cohort_warnings(ws: Workspace, cohort_id: str) -> list[str]:
    cohort = ws.get("cohorts", cohort_id)
    if cohort is None:
        return []
    teams = ws.scalar("SELECT count(*) FROM teams WHERE cohort_id = ?", (cohort_id,))
    if COHORT_MIN <= teams <= COHORT_MAX:
        return []
    return [f"{cohort['name']} has {teams} state team{'s' if teams != 1 else ''}; "
            f"a cohort is meant to have {COHORT_MIN} to {COHORT_MAX}."]


def warnings_after(ws: Workspace, changes: list[RowChange]) -> list[str]:
    """The warnings that apply to the teams and cohorts a step touched."""
    teams: dict[str, None] = {}
    cohorts: dict[str, None] = {}
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
    out: list[str] = []
    for team_id in teams:
        out += team_warnings(ws, team_id)
    for cohort_id in cohorts:
        out += cohort_warnings(ws, cohort_id)
    return out
