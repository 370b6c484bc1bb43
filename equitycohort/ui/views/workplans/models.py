"""The Workplans screen's table models: teams with their plan progress, goals, actions, milestones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt

from equitycohort import i18n
from equitycohort.data.schema import ACTION_STATUSES
from equitycohort.data.teams import TeamRecord
from equitycohort.data.workplans import (
    ActionRecord,
    GoalRecord,
    PlanSummary,
    Workplan,
    format_figure,
)
from equitycohort.i18n import N_, _, ngettext
from equitycohort.ui import preferences
from equitycohort.ui.models import ACCESSIBLE, DISPLAY, Column, RecordTableModel, percent


def overdue_mark() -> str:
    """``⚠ overdue``, after a due date that has passed."""
    return "⚠ " + _("overdue")


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


def _overdue_tooltip(r: TeamPlanRow) -> str:
    actions, milestones = r.plan.overdue_actions, r.plan.overdue_milestones
    return _("{actions} and {milestones} overdue").format(
        actions=ngettext("{n} action", "{n} actions", actions).format(n=actions),
        milestones=ngettext("{n} milestone", "{n} milestones", milestones).format(n=milestones))


class TeamPlanTableModel(RecordTableModel):
    COL_TEAM, COL_PROGRESS, COL_OVERDUE = range(3)
    columns = (
        Column(N_("Team"), lambda r: r.team.state_name, tooltip=lambda r: r.team.label),
        Column(N_("Plan progress"), lambda r: percent(r.plan.progress),
               sort=lambda r: -1 if r.plan.progress is None else r.plan.progress,
               tooltip=lambda r: ngettext("{done} of {n} action done", "{done} of {n} actions done",
                                          r.plan.actions).format(done=r.plan.actions_done, n=r.plan.actions)),
        Column(N_("Overdue"), _overdue_text, sort=lambda r: r.plan.overdue_actions + r.plan.overdue_milestones,
               tone=lambda r: "danger_fg" if _overdue_text(r) else None,
               tooltip=lambda r: _overdue_tooltip(r)),
    )


def _goal_tooltip(r: GoalRow) -> str:
    g = r.goal
    lines = [g.title]
    if g.indicator:
        lines.append(_("Indicator: {indicator}").format(indicator=g.indicator))
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
    return _("Indicator: {indicator}").format(indicator=r.goal.indicator) if r.goal.indicator \
        else _("No indicator yet")


def action_detail(r: ActionRow) -> str:
    a = r.action
    parts = []
    if a.support_needed:
        parts.append(_("Support needed: {support}").format(support=" ".join(a.support_needed.split())))
    if a.partner_name:
        parts.append(_("Partner: {partner}").format(partner=a.partner_name))
    return " · ".join(parts)


class GoalTableModel(TwoLineModel):
    COL_NUMBER, COL_GOAL, COL_BASELINE, COL_TARGET, COL_CURRENT, COL_PROGRESS, COL_ACTIONS = range(7)
    detail_column = COL_GOAL
    right = Qt.AlignmentFlag.AlignRight
    columns = (
        Column("#", lambda r: str(r.number), sort=lambda r: r.number, align=right),
        Column(N_("Goal"), lambda r: r.goal.title, tooltip=_goal_tooltip),
        Column(N_("Baseline"), lambda r: format_figure(r.goal.baseline, r.goal.unit), align=right),
        Column(N_("Target"), lambda r: format_figure(r.goal.target, r.goal.unit), align=right),
        Column(N_("Current"), lambda r: format_figure(r.goal.current, r.goal.unit), align=right),
        Column(N_("Progress"), lambda r: percent(r.goal.progress) if r.goal.progress is not None
               else _("not measured")),
        Column(N_("Actions done"), lambda r: _("{done} of {total}").format(done=r.goal.actions_done,
                                                                          total=r.goal.action_count), align=right),
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
            Column(N_("Action"), lambda r: r.action.title,
                   tooltip=lambda r: "\n".join([r.action.title, *action_detail(r).split(" · ")]).strip()),
            Column(N_("Owner"), lambda r: r.action.owner_name or "–"),
            Column(N_("Start"), lambda r: short_date(r.action.start_date), sort=lambda r: r.action.start_date or ""),
            Column(N_("Due"), lambda r: short_date(r.action.due_date) + (f"  {overdue_mark()}" if r.overdue else ""),
                   sort=lambda r: r.action.due_date or "", tone=late,
                   tooltip=lambda r: _("Overdue: not done and due before today") if r.overdue else ""),
            Column(N_("Status"), lambda r: i18n.label(ACTION_STATUSES, r.action.status),
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
            Column(N_("Milestone"), lambda r: r.milestone["title"]),
            Column(N_("Goal"), lambda r: r.goal_label),
            Column(N_("Due"), lambda r: short_date(r.milestone["due_date"]) + (f"  {overdue_mark()}" if r.overdue else ""),
                   sort=lambda r: r.milestone["due_date"] or "",
                   tone=lambda r: "danger_fg" if r.overdue else None),
            Column(N_("Reached"), lambda r: f"✓ {short_date(r.milestone['reached_date'])}"
                   if r.milestone["reached_date"] else _("Not yet"),
                   sort=lambda r: r.milestone["reached_date"] or "",
                   tone=lambda r: "ok_fg" if r.milestone["reached_date"] else None),
        )


def plan_text(plan: Workplan, today: dt.date) -> str:
    """A plan in a line: how its progress is measured, actions done and overdue, milestones reached."""
    if not plan.goals:
        return _("No goals yet, so nothing to measure.")
    parts = []
    if plan.progress is None:
        parts.append(_("No goal is measurable yet"))
    else:
        parts.append(ngettext("Mean of {n} measurable goal", "Mean of {n} measurable goals",
                              plan.measurable_goals).format(n=plan.measurable_goals))
    parts.append(ngettext("{done} of {n} action done", "{done} of {n} actions done",
                          plan.action_count).format(done=plan.actions_done, n=plan.action_count))
    late = len(plan.overdue_actions(today))
    if late:
        parts.append("⚠ " + ngettext("{n} action overdue", "{n} actions overdue", late).format(n=late))
    if plan.milestones:
        total = len(plan.milestones)
        parts.append(ngettext("{reached} of {n} milestone reached", "{reached} of {n} milestones reached",
                              total).format(reached=plan.milestones_reached, n=total))
    return " · ".join(parts)


def goal_text(goal: GoalRecord) -> str:
    """A goal's indicator and how far it has come, under the list of goals."""
    indicator = _("Indicator: {indicator}").format(indicator=goal.indicator) if goal.indicator \
        else _("No indicator yet")
    if goal.progress is None:
        return _("{indicator}. Not measurable yet: set a baseline, a target and the current value "
                 "(Edit goal) to see its progress.").format(indicator=indicator)
    return _("{indicator} · from {baseline} to {target}, now {current}: {progress} of the way").format(
        indicator=indicator, baseline=format_figure(goal.baseline, goal.unit),
        target=format_figure(goal.target, goal.unit), current=format_figure(goal.current, goal.unit),
        progress=percent(goal.progress))
