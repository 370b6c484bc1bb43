"""Workplans: measurable goals, actions and milestones; progress is derived.

Progress is never stored: a goal's comes from its baseline, target and current
value, a plan's is the mean of its measurable goals. Reordering and quick
status changes are single undoable steps through the workspace's one door.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from equitycohort import formats
from equitycohort.data.schema import ACTION_STATUSES
from equitycohort.data.workspace import Change, Workspace, done, unchanged
from equitycohort.i18n import N_, _, label


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


def mean_progress(values: list[float | None]) -> float | None:
    """The mean of the measurable values (None when none is)."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


# --- the overdue rules, stated once ----------------------------------------

def _today_iso(today: dt.date | None) -> str:
    return (today or dt.date.today()).isoformat()


def action_overdue(status: str, due_date: str | None, today: dt.date | None = None) -> bool:
    """An action is overdue when it is not done and its due date is before today."""
    return bool(due_date and status != "done" and due_date < _today_iso(today))


def milestone_overdue(due_date: str | None, reached_date: str | None, today: dt.date | None = None) -> bool:
    """A milestone is overdue when it is not reached and its due date has passed."""
    return bool(due_date and not reached_date and due_date < _today_iso(today))


# --- records ---------------------------------------------------------------

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
        return action_overdue(self.status, self.due_date, today)

    @property
    def status_label(self) -> str:
        return label(ACTION_STATUSES, self.status)


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

    @property
    def action_count(self) -> int:
        return len(self.actions)

    def overdue_actions(self, today: dt.date | None = None) -> list[ActionRecord]:
        return [a for a in self.actions if a.overdue(today)]


@dataclass(frozen=True)
class Workplan:
    team_id: str
    goals: tuple[GoalRecord, ...]
    #: milestone rows (dicts), in their order
    milestones: tuple[dict, ...]

    @property
    def progress(self) -> float | None:
        """The mean progress of the measurable goals (None if none is)."""
        return mean_progress([g.progress for g in self.goals])

    @property
    def measurable_goals(self) -> int:
        return sum(1 for g in self.goals if g.progress is not None)

    @property
    def actions(self) -> list[ActionRecord]:
        return [a for g in self.goals for a in g.actions]

    @property
    def action_count(self) -> int:
        return sum(len(g.actions) for g in self.goals)

    @property
    def actions_done(self) -> int:
        return sum(g.actions_done for g in self.goals)

    @property
    def milestones_reached(self) -> int:
        return sum(1 for m in self.milestones if m["reached_date"])

    def status_counts(self) -> dict[str, int]:
        counts = {"not_started": 0, "in_progress": 0, "blocked": 0, "done": 0}
        for action in self.actions:
            counts[action.status] = counts.get(action.status, 0) + 1
        return counts

    def overdue_actions(self, today: dt.date | None = None) -> list[ActionRecord]:
        return [a for a in self.actions if a.overdue(today)]

    def overdue_milestones(self, today: dt.date | None = None) -> list[dict]:
        return [m for m in self.milestones if milestone_overdue(m["due_date"], m["reached_date"], today)]

    def goal(self, goal_id: str) -> GoalRecord | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def action(self, action_id: str) -> ActionRecord | None:
        return next((a for a in self.actions if a.id == action_id), None)


_ACTION_COLUMNS = """a.id, a.goal_id, a.title, a.owner_id, p.name, a.start_date, a.due_date, a.status,
                     a.support_needed, a.partner_id, pa.name, a.position"""


def load_workplan(ws: Workspace, team_id: str) -> Workplan:
    goals = ws.rows("SELECT * FROM goals WHERE team_id = ? ORDER BY position, created, id", (team_id,))
    actions = ws.query(
        f"""SELECT {_ACTION_COLUMNS}
           FROM actions a JOIN goals g ON g.id = a.goal_id
           LEFT JOIN people p ON p.id = a.owner_id
           LEFT JOIN partners pa ON pa.id = a.partner_id
           WHERE g.team_id = ? ORDER BY a.position, a.created, a.id""",
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
        "SELECT * FROM milestones WHERE team_id = ? ORDER BY position, due_date, created, id", (team_id,)))
    return Workplan(team_id, records, milestones)


@dataclass(frozen=True)
class PlanSummary:
    """A team's workplan in figures, for lists of teams."""

    team_id: str
    goals: int = 0
    measurable_goals: int = 0
    progress: float | None = None
    actions: int = 0
    actions_done: int = 0
    overdue_actions: int = 0
    milestones: int = 0
    milestones_reached: int = 0
    overdue_milestones: int = 0


def plan_summaries(ws: Workspace, cohort_id: str, today: dt.date | None = None) -> dict[str, PlanSummary]:
    """Every team of a cohort with its plan's progress and counts, in three queries."""
    day = _today_iso(today)
    teams = [r[0] for r in ws.query("SELECT id FROM teams WHERE cohort_id = ?", (cohort_id,))]
    goal_values: dict[str, list[float | None]] = {t: [] for t in teams}
    for team_id, baseline, target, current in ws.query(
            """SELECT g.team_id, g.baseline, g.target, g.current FROM goals g
               JOIN teams t ON t.id = g.team_id WHERE t.cohort_id = ?""", (cohort_id,)):
        goal_values.setdefault(team_id, []).append(goal_progress(baseline, target, current))
    actions = {r[0]: r[1:] for r in ws.query(
        """SELECT g.team_id, count(a.id), coalesce(sum(a.status = 'done'), 0),
                  coalesce(sum(a.status != 'done' AND a.due_date IS NOT NULL AND a.due_date != ''
                               AND a.due_date < ?), 0)
           FROM actions a JOIN goals g ON g.id = a.goal_id JOIN teams t ON t.id = g.team_id
           WHERE t.cohort_id = ? GROUP BY g.team_id""", (day, cohort_id))}
    milestones = {r[0]: r[1:] for r in ws.query(
        """SELECT m.team_id, count(m.id), coalesce(sum(m.reached_date IS NOT NULL), 0),
                  coalesce(sum(m.reached_date IS NULL AND m.due_date IS NOT NULL AND m.due_date < ?), 0)
           FROM milestones m JOIN teams t ON t.id = m.team_id
           WHERE t.cohort_id = ? GROUP BY m.team_id""", (day, cohort_id))}
    out = {}
    for team_id in teams:
        values = goal_values.get(team_id, [])
        a = actions.get(team_id, (0, 0, 0))
        m = milestones.get(team_id, (0, 0, 0))
        out[team_id] = PlanSummary(
            team_id, len(values), sum(1 for v in values if v is not None), mean_progress(values),
            a[0], a[1], a[2], m[0], m[1], m[2])
    return out


@dataclass(frozen=True)
class TeamAction:
    """An action with the team it belongs to, for lists across teams."""

    team_id: str
    goal_title: str
    action: ActionRecord


def overdue_actions(ws: Workspace, cohort_id: str, today: dt.date | None = None) -> list[TeamAction]:
    """The overdue actions of every team of a cohort, the longest overdue first."""
    rows = ws.query(
        f"""SELECT g.team_id, g.title, {_ACTION_COLUMNS}
           FROM actions a JOIN goals g ON g.id = a.goal_id JOIN teams t ON t.id = g.team_id
           LEFT JOIN people p ON p.id = a.owner_id
           LEFT JOIN partners pa ON pa.id = a.partner_id
           WHERE t.cohort_id = ? AND a.status != 'done' AND a.due_date IS NOT NULL AND a.due_date != ''
             AND a.due_date < ?
           ORDER BY a.due_date, g.position, a.position, a.id""",
        (cohort_id, _today_iso(today)),
    )
    return [TeamAction(r[0], r[1], ActionRecord(*r[2:])) for r in rows]


def team_of(ws: Workspace, table: str, record_id: str) -> str | None:
    """The team a goal, action or milestone (or a team itself) belongs to."""
    if table == "teams":
        return record_id if ws.get("teams", record_id) else None
    if table in ("goals", "milestones"):
        return ws.scalar(f"SELECT team_id FROM {table} WHERE id = ?", (record_id,))
    if table == "actions":
        return ws.scalar("SELECT g.team_id FROM actions a JOIN goals g ON g.id = a.goal_id WHERE a.id = ?",
                         (record_id,))
    raise KeyError(table)


# --- writes: each one undoable step ------------------------------------------

def next_position(ws: Workspace, table: str, parent_field: str, parent_id: str) -> int:
    """The position after the last record under the same parent."""
    last = ws.scalar(f"SELECT max(position) FROM {table} WHERE {parent_field} = ?", (parent_id,))
    return 0 if last is None else last + 1


def add_goal(ws: Workspace, team_id: str, values: dict) -> Change:
    """Add a goal at the end of the team's plan."""
    with ws.operation(_("Add goal")) as op:
        op.insert("goals", {**values, "team_id": team_id,
                            "position": next_position(ws, "goals", "team_id", team_id)})
    return done(op)


def update_goal(ws: Workspace, goal_id: str, values: dict) -> Change:
    """Edit a goal's title, description, indicator and figures."""
    return ws.update("goals", goal_id, values, label=_("Edit goal"))


def delete_goal(ws: Workspace, goal_id: str) -> Change:
    """Delete a goal with its actions; its milestones stay, no longer tied to a goal."""
    return ws.delete("goals", goal_id, label=_("Delete goal"))


def add_action(ws: Workspace, goal_id: str, values: dict) -> Change:
    """Add an action at the end of its goal's list."""
    with ws.operation(_("Add action")) as op:
        op.insert("actions", {**values, "goal_id": goal_id,
                              "position": next_position(ws, "actions", "goal_id", goal_id)})
    return done(op)


def update_action(ws: Workspace, action_id: str, values: dict) -> Change:
    """Edit an action; one moved to another goal goes to the end of that goal's list."""
    old = ws.get("actions", action_id)
    values = dict(values)
    if old and values.get("goal_id") and values["goal_id"] != old["goal_id"]:
        values["position"] = next_position(ws, "actions", "goal_id", values["goal_id"])
    return ws.update("actions", action_id, values, label=_("Edit action"))


def delete_action(ws: Workspace, action_id: str) -> Change:
    return ws.delete("actions", action_id, label=_("Delete action"))


def add_milestone(ws: Workspace, team_id: str, values: dict) -> Change:
    """Add a milestone at the end of the team's list."""
    with ws.operation(_("Add milestone")) as op:
        op.insert("milestones", {**values, "team_id": team_id,
                                 "position": next_position(ws, "milestones", "team_id", team_id)})
    return done(op)


def update_milestone(ws: Workspace, milestone_id: str, values: dict) -> Change:
    return ws.update("milestones", milestone_id, values, label=_("Edit milestone"))


def delete_milestone(ws: Workspace, milestone_id: str) -> Change:
    return ws.delete("milestones", milestone_id, label=_("Delete milestone"))


def _move(ws: Workspace, table: str, parent_field: str, record_id: str, delta: int, label: str) -> Change:
    row = ws.get(table, record_id)
    if row is None or delta == 0:
        return unchanged(label)
    siblings = ws.query(f"SELECT id, position FROM {table} WHERE {parent_field} = ? "
                        "ORDER BY position, created, id", (row[parent_field],))
    order = [s[0] for s in siblings]
    old_index = order.index(record_id)
    new_index = max(0, min(len(order) - 1, old_index + delta))
    if new_index == old_index:
        return unchanged(label)
    order.insert(new_index, order.pop(old_index))
    positions = {s[0]: s[1] for s in siblings}
    with ws.operation(label) as op:
        for index, sibling in enumerate(order):
            if positions[sibling] != index:
                op.update(table, sibling, {"position": index})
        op.record_id = record_id
    return done(op)


def move_goal(ws: Workspace, goal_id: str, delta: int) -> Change:
    """Move a goal up (negative) or down its team's list, renumbering all; unchanged at an end."""
    return _move(ws, "goals", "team_id", goal_id, delta, _("Move goal"))


def move_action(ws: Workspace, action_id: str, delta: int) -> Change:
    """Move an action up (negative) or down its goal's list, renumbering all; unchanged at an end."""
    return _move(ws, "actions", "goal_id", action_id, delta, _("Move action"))


#: the undo label of each quick status change ("Mark action done")
STATUS_CHANGES = {
    "not_started": N_("Mark action not started"),
    "in_progress": N_("Mark action in progress"),
    "blocked": N_("Mark action blocked"),
    "done": N_("Mark action done"),
}


def status_change_label(status: str) -> str:
    if status in STATUS_CHANGES:
        return _(STATUS_CHANGES[status])
    return _("Mark action {status}").format(status=status)


def set_action_status(ws: Workspace, action_id: str, status: str) -> Change:
    """Change an action's status as one step ("Mark action done"); unchanged if it already is."""
    old = ws.get("actions", action_id)
    if old is not None and old["status"] == status:
        return unchanged(status_change_label(status))
    return ws.update("actions", action_id, {"status": status}, label=status_change_label(status))


def set_milestone_reached(ws: Workspace, milestone_id: str, reached: dt.date | str | None) -> Change:
    """Mark a milestone reached on a date, or not reached (None)."""
    value = reached.isoformat() if isinstance(reached, dt.date) else reached
    action = _("Mark milestone reached") if value else _("Mark milestone not reached")
    return ws.update("milestones", milestone_id, {"reached_date": value}, label=action)


def goal_choices(ws: Workspace, team_id: str) -> list[tuple[str, str]]:
    """A team's goals as (id, "N. title") in the plan's order, for pickers."""
    goals = ws.query("SELECT id, title FROM goals WHERE team_id = ? ORDER BY position, created, id", (team_id,))
    return [(g[0], f"{i}. {g[1]}") for i, g in enumerate(goals, start=1)]


def format_figure(value: float | None, unit: str | None = None) -> str:
    if value is None:
        return "–"
    text = formats.number(value)
    return f"{text} {unit}".strip() if unit else text
