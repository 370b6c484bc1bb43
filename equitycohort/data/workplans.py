"""Workplans: measurable goals, actions and milestones; progress is derived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def goal_progress(baseline: float | None, target: float | None, current: float | None) -> float | None:
    """How far from baseline to target the current value is, 0 to 1.

    None when the goal is not yet measurable (a figure missing). Works for
    goals that go down (target below baseline) as well as up.
    """
    if baseline is None or target is None or current is None:
        return None
    if target == baseline:
        return 1.0 if current == target else 0.0
    share = (current - baseline) / (target - baseline)
    return max(0.0, min(1.0, share))


@dataclass(frozen=True)
class ActionRecord:
    id: str
    goal_id: str
    title: str
    owner_id: str | None
    owner_name: str | None
    start_date: str | None
    due_date: str | None
    status: str
    support_needed: str | None
    partner_id: str | None
    partner_name: str | None
    position: int

    def overdue(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return bool(self.due_date) and self.status != "done" and self.due_date < today.isoformat()


@dataclass(frozen=True)
class GoalRecord:
    id: str
    team_id: str
    title: str
    description: str | None
    indicator: str | None
    unit: str | None
    baseline: float | None
    target: float | None
    current: float | None
    position: int
    actions: tuple[ActionRecord, ...] = field(default_factory=tuple)

    @property
    def progress(self) -> float | None:
        return goal_progress(self.baseline, self.target, self.current)

    @property
    def actions_done(self) -> int:
        return sum(1 for a in self.actions if a.status == "done")


@dataclass(frozen=True)
class Workplan:
    team_id: str
    goals: tuple[GoalRecord, ...]
    milestones: tuple[dict, ...]

    @property
    def progress(self) -> float | None:
        """The mean progress of the measurable goals (None if none is)."""
        values = [g.progress for g in self.goals if g.progress is not None]
        return sum(values) / len(values) if values else None

    @property
    def actions(self) -> list[ActionRecord]:
        return [a for g in self.goals for a in g.actions]

    def status_counts(self) -> dict[str, int]:
        counts = {"not_started": 0, "in_progress": 0, "blocked": 0, "done": 0}
        for action in self.actions:
            counts[action.status] = counts.get(action.status, 0) + 1
        return counts


def load_workplan(ws, team_id: str) -> Workplan:
    goals = ws.rows("SELECT * FROM goals WHERE team_id = ? ORDER BY position, created", (team_id,))
    actions = ws.query(
        """SELECT a.id, a.goal_id, a.title, a.owner_id, p.name, a.start_date, a.due_date, a.status,
                  a.support_needed, a.partner_id, pa.name, a.position
           FROM actions a JOIN goals g ON g.id = a.goal_id
           LEFT JOIN people p ON p.id = a.owner_id
           LEFT JOIN partners pa ON pa.id = a.partner_id
           WHERE g.team_id = ? ORDER BY a.position, a.created""",
        (team_id,),
    )
    by_goal: dict[str, list[ActionRecord]] = {}
    for row in actions:
        by_goal.setdefault(row[1], []).append(ActionRecord(*row))
    records = tuple(
        GoalRecord(
            g["id"], g["team_id"], g["title"], g["description"], g["indicator"], g["unit"],
            g["baseline"], g["target"], g["current"], g["position"], tuple(by_goal.get(g["id"], ())),
        )
        for g in goals
    )
    milestones = tuple(ws.rows(
        "SELECT * FROM milestones WHERE team_id = ? ORDER BY position, due_date, created", (team_id,)))
    return Workplan(team_id, records, milestones)


def format_figure(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip() if unit else text
