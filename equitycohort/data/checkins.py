"""Check-ins with state teams, and their next steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from equitycohort.data.schema import CHECKIN_MODES


@dataclass(frozen=True)
class NextStep:
    id: str
    description: str
    owner_id: str | None
    owner_name: str | None
    due_date: str | None
    done: bool

    def overdue(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return bool(self.due_date) and not self.done and self.due_date < today.isoformat()


@dataclass(frozen=True)
class CheckinRecord:
    id: str
    team_id: str
    date: str
    mode: str
    facilitator_name: str | None
    partner_name: str | None
    summary: str | None
    wins: str | None
    challenges: str | None
    support_requested: str | None
    private_notes: str | None
    next_checkin_date: str | None
    next_steps: tuple[NextStep, ...] = field(default_factory=tuple)

    @property
    def mode_label(self) -> str:
        return CHECKIN_MODES.get(self.mode, self.mode)


_SQL = """
SELECT c.id, c.team_id, c.date, c.mode, p.name, pa.name, c.summary, c.wins, c.challenges,
       c.support_requested, c.private_notes, c.next_checkin_date
FROM checkins c LEFT JOIN people p ON p.id = c.facilitator_id LEFT JOIN partners pa ON pa.id = c.partner_id
"""


def team_checkins(ws, team_id: str) -> list[CheckinRecord]:
    """A team's check-ins, newest first, with their next steps."""
    rows = ws.query(_SQL + " WHERE c.team_id = ? ORDER BY c.date DESC, c.created DESC", (team_id,))
    steps: dict[str, list[NextStep]] = {}
    for r in ws.query(
        """SELECT n.checkin_id, n.id, n.description, n.owner_id, p.name, n.due_date, n.done
           FROM next_steps n JOIN checkins c ON c.id = n.checkin_id LEFT JOIN people p ON p.id = n.owner_id
           WHERE c.team_id = ? ORDER BY n.position, n.created""", (team_id,)):
        steps.setdefault(r[0], []).append(NextStep(r[1], r[2], r[3], r[4], r[5], bool(r[6])))
    return [CheckinRecord(*row, next_steps=tuple(steps.get(row[0], ()))) for row in rows]


def last_checkin_dates(ws, cohort_id: str) -> dict[str, str | None]:
    """team id -> date of its latest check-in (None if never)."""
    return dict(ws.query(
        "SELECT t.id, max(c.date) FROM teams t LEFT JOIN checkins c ON c.team_id = t.id "
        "WHERE t.cohort_id = ? GROUP BY t.id", (cohort_id,)))


def checkin_counts(ws, cohort_id: str) -> dict[str, int]:
    return dict(ws.query(
        "SELECT t.id, count(c.id) FROM teams t LEFT JOIN checkins c ON c.team_id = t.id "
        "WHERE t.cohort_id = ? GROUP BY t.id", (cohort_id,)))
