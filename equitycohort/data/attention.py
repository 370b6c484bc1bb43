"""What needs a facilitator this week, worked out from the records.

Only cohorts still under way count: planning, active and the community of
practice; a closed cohort asks nothing of anyone.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from equitycohort.data.cohorts import add_months
from equitycohort.data.states import state_name

LIVE_PHASES = ("planning", "active", "community")
UPCOMING_DAYS = 14
SECTIONS = (
    "Teams not contacted",
    "Overdue next steps",
    "Overdue workplan actions",
    "Sessions without attendance",
    "Assessments due",
    "Coming up in the next 14 days",
)


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


def _live(cohort_id: str | None) -> tuple[str, tuple]:
    marks = ", ".join("?" * len(LIVE_PHASES))
    if cohort_id:
        return f"c.id = ? AND c.phase IN ({marks})", (cohort_id, *LIVE_PHASES)
    return f"c.phase IN ({marks})", LIVE_PHASES


def _ago(day: str, today: dt.date) -> str:
    days = (today - dt.date.fromisoformat(day)).days
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} ago"
    return f"{days // 7} weeks ago"


def _team(state: str, organization: str) -> str:
    return f"{state_name(state)}: {organization}"


def attention(ws, today: dt.date | None = None, weeks: int = 4, cohort_id: str | None = None) -> dict[str, list[AttentionItem]]:
    """Every item that needs attention, by section (sections in a fixed order).

    The queries start from the live cohorts (CROSS JOIN fixes SQLite's join
    order): years of closed cohorts then cost nothing, where scanning every
    next step and action of the workspace took most of the time.
    """
    today = today or dt.date.today()
    iso = today.isoformat()
    where, params = _live(cohort_id)
    out: dict[str, list[AttentionItem]] = {name: [] for name in SECTIONS}

    cutoff = (today - dt.timedelta(weeks=weeks)).isoformat()
    for team_id, state, org, cid, start, last in ws.query(
            f"""SELECT t.id, t.state, t.organization, c.id, c.start_date,
                       (SELECT max(k.date) FROM checkins k WHERE k.team_id = t.id)
                FROM teams t JOIN cohorts c ON c.id = t.cohort_id WHERE {where}""", params):
        if last is None and start <= cutoff:
            out["Teams not contacted"].append(AttentionItem(
                "Teams not contacted", _team(state, org), "no check-in recorded yet", None, "checkins", team_id, cid, "teams"))
        elif last is not None and last < cutoff:
            out["Teams not contacted"].append(AttentionItem(
                "Teams not contacted", _team(state, org), f"last check-in {_ago(last, today)} ({last})", last,
                "checkins", team_id, cid, "teams"))

    for text, due, checkin_id, state, owner, cid in ws.query(
            f"""SELECT n.description, n.due_date, n.checkin_id, t.state, p.name, c.id
                FROM cohorts c CROSS JOIN teams t ON t.cohort_id = c.id CROSS JOIN checkins k ON k.team_id = t.id
                CROSS JOIN next_steps n ON n.checkin_id = k.id LEFT JOIN people p ON p.id = n.owner_id
                WHERE {where} AND n.done = 0 AND n.due_date < ?""", (*params, iso)):
        first_line = text.splitlines()[0] if text else ""
        out["Overdue next steps"].append(AttentionItem(
            "Overdue next steps", first_line, f"{state_name(state)} · {owner or 'no owner'} · due {due}", due,
            "checkins", checkin_id, cid, "checkins"))

    for action_id, title, due, status, state, owner, cid in ws.query(
            f"""SELECT a.id, a.title, a.due_date, a.status, t.state, p.name, c.id
                FROM cohorts c CROSS JOIN teams t ON t.cohort_id = c.id CROSS JOIN goals g ON g.team_id = t.id
                CROSS JOIN actions a ON a.goal_id = g.id LEFT JOIN people p ON p.id = a.owner_id
                WHERE {where} AND a.status != 'done' AND a.due_date < ?""", (*params, iso)):
        out["Overdue workplan actions"].append(AttentionItem(
            "Overdue workplan actions", title,
            f"{state_name(state)} · {owner or 'no owner'} · due {due} · {status.replace('_', ' ')}", due,
            "workplans", action_id, cid, "actions"))

    for session_id, title, date, start, cname, cid in ws.query(
            f"""SELECT s.id, s.title, s.date, s.start_time, c.name, c.id FROM sessions s
                JOIN cohorts c ON c.id = s.cohort_id
                WHERE {where} AND s.status != 'cancelled' AND s.date < ?
                  AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)""", (*params, iso)):
        out["Sessions without attendance"].append(AttentionItem(
            "Sessions without attendance", title, f"{cname} · {date} {start}", date, "schedule", session_id, cid,
            "sessions"))

    horizon = (today + dt.timedelta(days=UPCOMING_DAYS)).isoformat()
    for session_id, title, date, start, cname, cid in ws.query(
            f"""SELECT s.id, s.title, s.date, s.start_time, c.name, c.id FROM sessions s
                JOIN cohorts c ON c.id = s.cohort_id
                WHERE {where} AND s.status = 'scheduled' AND s.date BETWEEN ? AND ?
                ORDER BY s.date, s.start_time""", (*params, iso, horizon)):
        out["Coming up in the next 14 days"].append(AttentionItem(
            "Coming up in the next 14 days", title, f"{cname} · {date} {start}", date, "schedule", session_id, cid,
            "sessions"))

    out["Assessments due"] = assessments_due(ws, today, cohort_id)
    for section in ("Teams not contacted", "Overdue next steps", "Overdue workplan actions",
                    "Sessions without attendance"):
        out[section].sort(key=lambda item: item.date or "")
    return out


def rounds_due(start: dt.date, end: dt.date) -> list[tuple[str, dt.date]]:
    """When each round of self-assessment falls due in a cohort's calendar."""
    return [("baseline", start + dt.timedelta(days=14)),
            ("midpoint", add_months(start, 3)),
            ("end", end)]


def assessments_due(ws, today: dt.date, cohort_id: str | None = None) -> list[AttentionItem]:
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
                "Assessments due", _team(state, org), f"{name} assessment due since {day.isoformat()}",
                day.isoformat(), "assessments", team_id, cid, "teams"))
    return sorted(items, key=lambda item: item.date or "")
