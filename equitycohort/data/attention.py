"""What needs a facilitator this week, worked out from the records.

Only cohorts still under way count: planning, active and the community of
practice; a closed cohort asks nothing of anyone.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from equitycohort import formats, i18n
from equitycohort.data.cohorts import add_months
from equitycohort.data.schema import ACTION_STATUSES, CHECKIN_WEEKS, ROUNDS
from equitycohort.data.states import state_name
from equitycohort.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

LIVE_PHASES = ("planning", "active", "community")
UPCOMING_DAYS = 14
#: a check-in due within this many days is listed, so it can be booked
CHECKIN_NOTICE_DAYS = 7
#: the sections, by their English names (the keys of ``attention``'s result; shown through ``_()``)
SECTIONS = (
    N_("Teams not contacted"),
    N_("Check-ins due"),
    N_("Overdue next steps"),
    N_("Overdue workplan actions"),
    N_("Overdue milestones"),
    N_("Sessions without attendance"),
    N_("Assessments due"),
    N_("Coming up in the next 14 days"),
)
#: a short name for each section, for scripts (``equitycohort attention``)
SECTION_KEYS = {
    "Teams not contacted": "not-contacted",
    "Check-ins due": "check-in-due",
    "Overdue next steps": "next-step-overdue",
    "Overdue workplan actions": "action-overdue",
    "Overdue milestones": "milestone-overdue",
    "Sessions without attendance": "attendance-missing",
    "Assessments due": "assessment-due",
    "Coming up in the next 14 days": "coming-up",
}


class AttentionItem(NamedTuple):
    section: str
    title: str
    detail: str
    date: str | None
    #: where it is followed up: "checkins", "workplans", "schedule" or "assessments"
    topic: str
    record_id: str
    cohort_id: str
    #: the kind of record ``record_id`` is (a table name)
    table: str = "teams"
    #: the state of the team it is about, or "" for one about a whole cohort
    team: str = ""


def _live(cohort_id: str | None) -> tuple[str, tuple]:
    marks = ", ".join("?" * len(LIVE_PHASES))
    if cohort_id:
        return f"c.id = ? AND c.phase IN ({marks})", (cohort_id, *LIVE_PHASES)
    return f"c.phase IN ({marks})", LIVE_PHASES


def _ago(day: str, today: dt.date) -> str:
    days = (today - dt.date.fromisoformat(day)).days
    if days < 14:
        return ngettext("{n} day ago", "{n} days ago", days).format(n=days)
    return ngettext("{n} week ago", "{n} weeks ago", days // 7).format(n=days // 7)


def _team(state: str, organization: str) -> str:
    return f"{state_name(state)}: {organization}"


def checkin_weeks(team_weeks: int | None, phase: str) -> int:
    """How often a team is checked in with: its own cadence, else its cohort phase's default."""
    return team_weeks or CHECKIN_WEEKS.get(phase, 4)


def next_checkin_due(start: str, phase: str, team_weeks: int | None, last_date: str | None,
                     planned: str | None) -> tuple[dt.date, str]:
    """When a team's next check-in falls due, and why: the date planned at its
    last check-in, else its cadence after the last one, else the cohort's start."""
    weeks = checkin_weeks(team_weeks, phase)
    if planned:
        return dt.date.fromisoformat(planned), _("planned at the last check-in")
    if last_date:
        return (dt.date.fromisoformat(last_date) + dt.timedelta(weeks=weeks),
                ngettext("every {n} weeks since the last check-in", "every {n} weeks since the last check-in",
                         weeks).format(n=weeks))
    return dt.date.fromisoformat(start), _("no check-in yet")


def attention(ws: Workspace, today: dt.date | None = None, weeks: int = 4,
              cohort_id: str | None = None) -> dict[str, list[AttentionItem]]:
    """Every item that needs attention, by section (sections in a fixed order).

    The queries start from the live cohorts (CROSS JOIN fixes SQLite's join
    order): years of closed cohorts then cost nothing, where scanning every
    next step and action of the workspace took most of the time.
    """
    today = today or dt.date.today()
    iso = today.isoformat()
    where, params = _live(cohort_id)
    out: dict[str, list[AttentionItem]] = {name: [] for name in SECTIONS}

    notice = today + dt.timedelta(days=CHECKIN_NOTICE_DAYS)
    for team_id, state, org, cid, start, phase, team_weeks, last, planned in ws.query(
            f"""SELECT t.id, t.state, t.organization, c.id, c.start_date, c.phase, t.checkin_weeks,
                       k.date, k.next_checkin_date
                FROM cohorts c CROSS JOIN teams t ON t.cohort_id = c.id
                LEFT JOIN checkins k ON k.id = (SELECT k2.id FROM checkins k2 WHERE k2.team_id = t.id
                                                ORDER BY k2.date DESC, k2.created DESC LIMIT 1)
                WHERE {where}""", params):
        # a team on a cadence slower than the six months' (its own, or the community of
        # practice's) is not "not contacted" before its own interval has passed
        cadence = checkin_weeks(team_weeks, phase)
        limit = max(weeks, cadence) if cadence > CHECKIN_WEEKS["active"] else weeks
        cutoff = (today - dt.timedelta(weeks=limit)).isoformat()
        if last is None and start <= cutoff:
            out["Teams not contacted"].append(AttentionItem(
                "Teams not contacted", _team(state, org), _("no check-in recorded yet"), None, "checkins", team_id,
                cid, "teams", state_name(state)))
            continue
        if last is not None and last < cutoff:
            out["Teams not contacted"].append(AttentionItem(
                "Teams not contacted", _team(state, org), _("last check-in {ago}").format(ago=_ago(last, today)), last,
                "checkins", team_id, cid, "teams", state_name(state)))
            continue
        due, why = next_checkin_due(start, phase, team_weeks, last, planned)
        if due <= notice:
            when = (_("overdue since {date}").format(date=formats.short_date(due)) if due < today
                    else _("due today") if due == today else _("due {date}").format(date=formats.short_date(due)))
            out["Check-ins due"].append(AttentionItem(
                "Check-ins due", _team(state, org), f"{when} · {why}", due.isoformat(), "checkins", team_id, cid,
                "teams", state_name(state)))

    for text, due, checkin_id, state, owner, cid in ws.query(
            f"""SELECT n.description, n.due_date, n.checkin_id, t.state, p.name, c.id
                FROM cohorts c CROSS JOIN teams t ON t.cohort_id = c.id CROSS JOIN checkins k ON k.team_id = t.id
                CROSS JOIN next_steps n ON n.checkin_id = k.id LEFT JOIN people p ON p.id = n.owner_id
                WHERE {where} AND n.done = 0 AND n.due_date < ?""", (*params, iso)):
        first_line = text.splitlines()[0] if text else ""
        out["Overdue next steps"].append(AttentionItem(
            "Overdue next steps", first_line, f"{state_name(state)} · " + (owner or _("no owner")), due,
            "checkins", checkin_id, cid, "checkins", state_name(state)))

    for action_id, title, due, status, state, owner, cid in ws.query(
            f"""SELECT a.id, a.title, a.due_date, a.status, t.state, p.name, c.id
                FROM cohorts c CROSS JOIN teams t ON t.cohort_id = c.id CROSS JOIN goals g ON g.team_id = t.id
                CROSS JOIN actions a ON a.goal_id = g.id LEFT JOIN people p ON p.id = a.owner_id
                WHERE {where} AND a.status != 'done' AND a.due_date < ?""", (*params, iso)):
        out["Overdue workplan actions"].append(AttentionItem(
            "Overdue workplan actions", title,
            " · ".join((state_name(state), owner or _("no owner"), i18n.label(ACTION_STATUSES, status).lower())), due,
            "workplans", action_id, cid, "actions", state_name(state)))

    for milestone_id, title, due, state, cid in ws.query(
            f"""SELECT m.id, m.title, m.due_date, t.state, c.id
                FROM cohorts c CROSS JOIN teams t ON t.cohort_id = c.id CROSS JOIN milestones m ON m.team_id = t.id
                WHERE {where} AND m.reached_date IS NULL AND m.due_date < ?""", (*params, iso)):
        out["Overdue milestones"].append(AttentionItem(
            "Overdue milestones", title, f"{state_name(state)} · " + _("not reached"), due, "workplans", milestone_id, cid,
            "milestones", state_name(state)))

    for session_id, title, date, start, cname, cid, state in ws.query(
            f"""SELECT s.id, s.title, s.date, s.start_time, c.name, c.id, t.state FROM sessions s
                JOIN cohorts c ON c.id = s.cohort_id LEFT JOIN teams t ON t.id = s.team_id
                WHERE {where} AND s.status != 'cancelled' AND s.date < ?
                  AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)""", (*params, iso)):
        out["Sessions without attendance"].append(AttentionItem(
            "Sessions without attendance", title, f"{cname} · {formats.clock(start)}", date, "schedule",
            session_id, cid, "sessions", state_name(state) if state else ""))

    horizon = (today + dt.timedelta(days=UPCOMING_DAYS)).isoformat()
    for session_id, title, date, start, cname, cid, state in ws.query(
            f"""SELECT s.id, s.title, s.date, s.start_time, c.name, c.id, t.state FROM sessions s
                JOIN cohorts c ON c.id = s.cohort_id LEFT JOIN teams t ON t.id = s.team_id
                WHERE {where} AND s.status = 'scheduled' AND s.date BETWEEN ? AND ?
                ORDER BY s.date, s.start_time""", (*params, iso, horizon)):
        out["Coming up in the next 14 days"].append(AttentionItem(
            "Coming up in the next 14 days", title, f"{cname} · {formats.clock(start)}", date, "schedule",
            session_id, cid, "sessions", state_name(state) if state else ""))

    out["Assessments due"] = assessments_due(ws, today, cohort_id)
    for section in ("Teams not contacted", "Check-ins due", "Overdue next steps", "Overdue workplan actions",
                    "Overdue milestones", "Sessions without attendance"):
        out[section].sort(key=lambda item: item.date or "")
    return out


def rounds_due(start: dt.date, end: dt.date) -> list[tuple[str, dt.date]]:
    """When each round of self-assessment falls due in a cohort's calendar."""
    return [("baseline", start + dt.timedelta(days=14)),
            ("midpoint", add_months(start, 3)),
            ("end", end)]


def assessments_due(ws: Workspace, today: dt.date, cohort_id: str | None = None) -> list[AttentionItem]:
    """Teams whose latest assessment is older than the round now due."""
    where, params = _live(cohort_id)
    done: dict[str, set[str]] = {}
    for team_id, round_ in ws.query(
            f"""SELECT a.team_id, a.round FROM cohorts c CROSS JOIN teams t ON t.cohort_id = c.id
                CROSS JOIN assessments a ON a.team_id = t.id WHERE {where}""", params):
        done.setdefault(team_id, set()).add(round_)
    items = []
    for team_id, state, org, cid, start, end in ws.query(
            f"""SELECT t.id, t.state, t.organization, c.id, c.start_date, c.end_date
                FROM teams t JOIN cohorts c ON c.id = t.cohort_id WHERE {where}""", params):
        due = [(name, day) for name, day in rounds_due(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
               if day <= today]
        if not due:
            continue
        name, day = due[-1]  # the latest round that has fallen due
        if name not in done.get(team_id, set()):
            items.append(AttentionItem(
                # Translators: {round} is "baseline", "midpoint" or "end"
                "Assessments due", _team(state, org), _("{round} assessment due since {date}").format(
                    round=i18n.label(ROUNDS, name).lower(), date=formats.short_date(day)),
                day.isoformat(), "assessments", team_id, cid, "teams", state_name(state)))
    return sorted(items, key=lambda item: item.date or "")
