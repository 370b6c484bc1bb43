"""The Workplans screen's table models: teams with their plan progress, goals, actions, milestones."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from equitycohort.data.teams import TeamRecord
from equitycohort.data.workplans import (
    ActionRecord,
    GoalRecord,
    PlanSummary,
    format_figure,
)
from equitycohort.ui import preferences
from equitycohort.ui.models import ACCESSIBLE, DISPLAY, Column, RecordTableModel, percent, plural

OVERDUE = "⚠ overdue"


def short_date(value: str | None) -> str:
    return preferences.short_date(value)


@dataclass(frozen=True)
class TeamPlanRow:
    team: TeamRecord
    plan: PlanSummary

    @property
    def id(self) -> str:
        return self.team.id


@dataclass(frozen=True)
class GoalRow:
    number: int
    goal: GoalRecord

    @property
    def id(self) -> str:
        return self.goal.id


@dataclass(frozen=True)
class ActionRow:
    number: int
    action: ActionRecord
    overdue: bool

    @property
    def id(self) -> str:
        return self.action.id


@dataclass(frozen=True)
class MilestoneRow:
    milestone: dict
    goal_label: str
    overdue: bool

    @property
    def id(self) -> str:
        return self.milestone["id"]


def _overdue_text(r: TeamPlanRow) -> str:
    late = r.plan.overdue_actions + r.plan.overdue_milestones
    return f"⚠ {late}" if late else ""


class TeamPlanTableModel(RecordTableModel):
    COL_TEAM, COL_PROGRESS, COL_OVERDUE = range(3)
    columns = (
        Column("Team", lambda r: r.team.state_name, tooltip=lambda r: r.team.label),
        Column("Plan progress", lambda r: percent(r.plan.progress),
               sort=lambda r: -1 if r.plan.progress is None else r.plan.progress,
               tooltip=lambda r: f"{r.plan.actions_done} of {r.plan.actions} actions done"),
        Column("Overdue", _overdue_text, sort=lambda r: r.plan.overdue_actions + r.plan.overdue_milestones,
               tone=lambda r: "danger_fg" if _overdue_text(r) else None,
               tooltip=lambda r: (f"{plural(r.plan.overdue_actions, 'action')} and "
                                  f"{plural(r.plan.overdue_milestones, 'milestone')} overdue")),
    )


def _goal_tooltip(r: GoalRow) -> str:
    g = r.goal
    lines = [g.title]
    if g.indicator:
        lines.append(f"Indicator: {g.indicator}")
    if g.description:
        lines.append(g.description)
    return "\n".join(lines)


class TwoLineModel(RecordTableModel):
    """A model whose ``detail_column`` carries a second line, read out with the first."""

    detail_column = -1

    def detail(self, record) -> str:
        return ""

    def data(self, index, role=DISPLAY):
        if int(role) == ACCESSIBLE and index.column() == self.detail_column and 0 <= index.row() < self.rowCount():
            record = self.record(index.row())
            extra = self.detail(record)
            text = self.columns[index.column()].text(record)
            return f"{text}. {extra}" if extra else text
        return super().data(index, role)


def goal_detail(r: GoalRow) -> str:
    return f"Indicator: {r.goal.indicator}" if r.goal.indicator else "No indicator yet"


def action_detail(r: ActionRow) -> str:
    a = r.action
    parts = []
    if a.support_needed:
        parts.append("Support needed: " + " ".join(a.support_needed.split()))
    if a.partner_name:
        parts.append(f"Partner: {a.partner_name}")
    return " · ".join(parts)


class GoalTableModel(TwoLineModel):
    COL_NUMBER, COL_GOAL, COL_BASELINE, COL_TARGET, COL_CURRENT, COL_PROGRESS, COL_ACTIONS = range(7)
    detail_column = COL_GOAL
    right = Qt.AlignmentFlag.AlignRight
    columns = (
        Column("#", lambda r: str(r.number), sort=lambda r: r.number, align=right),
        Column("Goal", lambda r: r.goal.title, tooltip=_goal_tooltip),
        Column("Baseline", lambda r: format_figure(r.goal.baseline, r.goal.unit), align=right),
        Column("Target", lambda r: format_figure(r.goal.target, r.goal.unit), align=right),
        Column("Current", lambda r: format_figure(r.goal.current, r.goal.unit), align=right),
        Column("Progress", lambda r: percent(r.goal.progress) if r.goal.progress is not None else "not measured"),
        Column("Actions done", lambda r: f"{r.goal.actions_done} of {r.goal.action_count}", align=right),
    )

    def detail(self, record) -> str:
        return goal_detail(record)


class ActionTableModel(TwoLineModel):
    COL_NUMBER, COL_ACTION, COL_OWNER, COL_START, COL_DUE, COL_STATUS = range(6)
    detail_column = COL_ACTION

    def __init__(self, parent=None):
        super().__init__(parent)
        late = lambda r: "danger_fg" if r.overdue else None  # noqa: E731
        self.columns = (
            Column("#", lambda r: str(r.number), sort=lambda r: r.number, align=Qt.AlignmentFlag.AlignRight),
            Column("Action", lambda r: r.action.title,
                   tooltip=lambda r: "\n".join([r.action.title, *action_detail(r).split(" · ")]).strip()),
            Column("Owner", lambda r: r.action.owner_name or "–"),
            Column("Start", lambda r: short_date(r.action.start_date), sort=lambda r: r.action.start_date or ""),
            Column("Due", lambda r: short_date(r.action.due_date) + (f"  {OVERDUE}" if r.overdue else ""),
                   sort=lambda r: r.action.due_date or "", tone=late,
                   tooltip=lambda r: "Overdue: not done and due before today" if r.overdue else ""),
            Column("Status", lambda r: r.action.status_label,
                   tone=lambda r: "danger_fg" if r.overdue else
                   ("warning_fg" if r.action.status == "blocked" else
                    ("ok_fg" if r.action.status == "done" else None))),
        )

    def detail(self, record) -> str:
        return action_detail(record)


class MilestoneTableModel(RecordTableModel):
    COL_MILESTONE, COL_GOAL, COL_DUE, COL_REACHED = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns = (
            Column("Milestone", lambda r: r.milestone["title"]),
            Column("Goal", lambda r: r.goal_label),
            Column("Due", lambda r: short_date(r.milestone["due_date"]) + (f"  {OVERDUE}" if r.overdue else ""),
                   sort=lambda r: r.milestone["due_date"] or "",
                   tone=lambda r: "danger_fg" if r.overdue else None),
            Column("Reached", lambda r: f"✓ {short_date(r.milestone['reached_date'])}"
                   if r.milestone["reached_date"] else "Not yet",
                   sort=lambda r: r.milestone["reached_date"] or "",
                   tone=lambda r: "ok_fg" if r.milestone["reached_date"] else None),
        )
