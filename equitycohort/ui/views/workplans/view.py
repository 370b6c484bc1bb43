"""The Workplans screen: each team's measurable goals, their actions, and milestones."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.teams import list_teams
from equitycohort.data.workplans import (
    ActionRecord,
    GoalRecord,
    Workplan,
    delete_action,
    delete_goal,
    delete_milestone,
    load_workplan,
    milestone_overdue,
    move_action,
    move_goal,
    plan_summaries,
    set_action_status,
    set_milestone_reached,
    team_of,
)
from equitycohort.i18n import _, ngettext
from equitycohort.ui import dialogs
from equitycohort.ui.context import Context, InView
from equitycohort.ui.forms import set_combo
from equitycohort.ui.labels import heading
from equitycohort.ui.views.base import EmptyState, View, button, fit_columns, select_id, selected_record
from equitycohort.ui.views.workplans.dialogs import ActionDialog, GoalDialog, MilestoneDialog
from equitycohort.ui.views.workplans.models import (
    ActionRow,
    ActionTableModel,
    GoalRow,
    GoalTableModel,
    MilestoneRow,
    MilestoneTableModel,
    TeamPlanRow,
    TeamPlanTableModel,
    goal_text,
    overdue_mark,
    plan_text,
    short_date,
)
from equitycohort.ui.views.workplans.panes import main_page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSplitter, QTableView, QTabWidget

    from equitycohort.ui.views.workplans.progress import ProgressMeter


class WorkplansView(View):
    # the widgets panes.py builds
    split: QSplitter
    team_model: TeamPlanTableModel
    team_table: QTableView
    team_note: QLabel
    team_title: QLabel
    meter: ProgressMeter
    summary: QLabel
    tabs: QTabWidget
    goal_pages: QStackedWidget
    no_goals: EmptyState
    goals_box: QWidget
    add_goal_button: QPushButton
    edit_goal_button: QPushButton
    delete_goal_button: QPushButton
    goal_up_button: QPushButton
    goal_down_button: QPushButton
    goal_model: GoalTableModel
    goal_table: QTableView
    goal_detail: QLabel
    actions_box: QWidget
    actions_title: QLabel
    add_action_button: QPushButton
    edit_action_button: QPushButton
    delete_action_button: QPushButton
    action_up_button: QPushButton
    action_down_button: QPushButton
    status_combo: QComboBox
    done_button: QPushButton
    action_hint: QLabel
    action_model: ActionTableModel
    action_table: QTableView
    goal_split: QSplitter
    add_milestone_button: QPushButton
    edit_milestone_button: QPushButton
    delete_milestone_button: QPushButton
    reached_button: QPushButton
    milestone_model: MilestoneTableModel
    milestone_table: QTableView
    no_milestones: QLabel

    title = "Workplans"
    tables = frozenset({"cohorts", "teams", "team_members", "people", "partners", "goals", "actions", "milestones"})
    cohort_screen = True
    follows_team = True

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.plan: Workplan | None = None
        self.today = dt.date.today()
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading(_("Workplans"))
        layout.addWidget(self.heading)

        self.pages = QStackedWidget()
        self.no_cohort = EmptyState(_("No cohort yet"), _("Create a cohort on the Cohorts screen first; "
                                                          "each of its teams' workplans is kept here."), [])
        self.no_teams = EmptyState(
            _("No teams yet"),
            _("This cohort has no state teams. Add them on the Teams screen; each team's goals, "
              "actions and milestones are then planned and followed here."),
            [button(_("Go to &Teams"), lambda: self.show_screen.emit("Teams"), _("Go to Teams"))])
        self.pages.addWidget(self.no_cohort)
        self.pages.addWidget(self.no_teams)
        self.pages.addWidget(main_page(self))
        layout.addWidget(self.pages, 1)

        for keys, delta in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.move_focused(d))

    # --- refresh ----------------------------------------------------------

    def refresh(self) -> None:
        self.today = dt.date.today()
        cohort = self.ws.get("cohorts", self.cohort_id) if self.cohort_id else None
        if cohort is None:
            self.heading.setText(_("Workplans"))
            self.pages.setCurrentWidget(self.no_cohort)
            self._loading = True
            self.team_model.set_rows([])
            self._loading = False
            self.plan = None
            return
        self.heading.setText(_("Workplans of {cohort}").format(cohort=cohort["name"]))
        teams = list_teams(self.ws, cohort["id"])
        if not teams:
            self.pages.setCurrentWidget(self.no_teams)
            self._loading = True
            self.team_model.set_rows([])
            self._loading = False
            self.plan = None
            return
        self.pages.setCurrentIndex(2)
        summaries = plan_summaries(self.ws, cohort["id"], self.today)
        previous = self.context.team_id or self.selected_team_id()
        self._loading = True
        try:
            self.team_model.set_rows([TeamPlanRow(t, summaries[t.id]) for t in teams])
            fit_columns(self.team_table, stretch=TeamPlanTableModel.COL_TEAM)
            self.team_table.horizontalHeader().resizeSection(TeamPlanTableModel.COL_PROGRESS, 104)
            if not (previous and select_id(self.team_table, self.team_model, previous)):
                self.team_table.selectRow(0)
        finally:
            self._loading = False
        self._show_team()

    def selected_team_id(self) -> str | None:
        row = selected_record(self.team_table)
        return row.id if row else None

    def _team_selected(self, *args) -> None:
        if not self._loading:
            self._show_team()

    def _show_team(self, goal_id: str | None = None, action_id: str | None = None,
                   milestone_id: str | None = None) -> None:
        row = selected_record(self.team_table)
        if row is None:
            self.plan = None
            self.publish()
            return
        goal_id = goal_id or self.selected_goal_id()
        action_id = action_id or self.selected_action_id()
        milestone_id = milestone_id or self.selected_milestone_id()
        plan = self.plan = load_workplan(self.ws, row.id)
        self.team_title.setText(f"{row.team.state_name} · {row.team.organization}")
        self.meter.set_progress(plan.progress)
        self.summary.setText(plan_text(plan, self.today))
        self.goal_pages.setCurrentIndex(1 if plan.goals else 0)

        self._loading = True
        try:
            self.goal_model.set_rows([GoalRow(i, g) for i, g in enumerate(plan.goals, start=1)])
            fit_columns(self.goal_table, stretch=GoalTableModel.COL_GOAL, cap=160)
            self.goal_table.horizontalHeader().resizeSection(GoalTableModel.COL_PROGRESS, 130)
            if not (goal_id and select_id(self.goal_table, self.goal_model, goal_id)) and plan.goals:
                self.goal_table.selectRow(0)
        finally:
            self._loading = False
        self._show_goal(action_id)
        self._show_milestones(plan, milestone_id)
        self.publish()

    def in_view(self) -> InView:
        record: tuple[str, str] | None = None
        if self.tabs.currentIndex() == 1 and self.selected_milestone_id():
            record = ("milestones", self.selected_milestone_id() or "")
        elif self.selected_action_id():
            record = ("actions", self.selected_action_id() or "")
        elif self.selected_goal_id():
            record = ("goals", self.selected_goal_id() or "")
        return InView(cohort=True, team=self.selected_team_id(), record=record)

    def select_team(self, team_id: str) -> None:
        if self._stale:
            self.refresh_if_stale()
        select_id(self.team_table, self.team_model, team_id)

    def selected_goal(self) -> GoalRecord | None:
        row = selected_record(self.goal_table)
        return row.goal if row else None

    def selected_goal_id(self) -> str | None:
        goal = self.selected_goal()
        return goal.id if goal else None

    def _goal_selected(self, *args) -> None:
        if not self._loading:
            self._show_goal()

    def _show_goal(self, action_id: str | None = None) -> None:
        row = selected_record(self.goal_table)
        has = row is not None
        for b in (self.edit_goal_button, self.delete_goal_button, self.add_action_button):
            b.setEnabled(has)
        self.goal_up_button.setEnabled(has and row.number > 1)
        self.goal_down_button.setEnabled(has and row.number < self.goal_model.rowCount())
        previous = selected_record(self.action_table)
        action_id = action_id or (previous.id if previous else None)
        self._loading = True
        try:
            if row is None:
                self.goal_detail.setText("")
                self.actions_title.setText(_("Actions"))
                self.action_model.set_rows([])
            else:
                goal = row.goal
                self.goal_detail.setText(goal_text(goal))
                self.actions_title.setText(_("Actions for goal {number}").format(number=row.number))
                self.actions_title.setToolTip(goal.title)
                self.action_model.set_rows([ActionRow(i, a, a.overdue(self.today))
                                            for i, a in enumerate(goal.actions, start=1)])
                fit_columns(self.action_table, stretch=ActionTableModel.COL_ACTION, cap=160)
                if not (action_id and select_id(self.action_table, self.action_model, action_id)) \
                        and goal.actions:
                    self.action_table.selectRow(0)
        finally:
            self._loading = False
        self._show_action()

    def selected_action(self) -> ActionRecord | None:
        row = selected_record(self.action_table)
        return row.action if row else None

    def selected_action_id(self) -> str | None:
        action = self.selected_action()
        return action.id if action else None

    def _action_selected(self, *args) -> None:
        if not self._loading:
            self._show_action()
            self.publish()

    def _show_action(self) -> None:
        row = selected_record(self.action_table)
        has = row is not None
        for widget in (self.edit_action_button, self.delete_action_button, self.status_combo):
            widget.setEnabled(has)
        self.done_button.setEnabled(has and row.action.status != "done")
        self.action_up_button.setEnabled(has and row.number > 1)
        self.action_down_button.setEnabled(has and row.number < self.action_model.rowCount())
        self.status_combo.blockSignals(True)
        set_combo(self.status_combo, row.action.status if has else "not_started")
        self.status_combo.blockSignals(False)
        if not has:
            goal = self.selected_goal()
            self.action_hint.setText(_("No actions yet: add the first step towards this goal.") if goal else "")
        elif row.overdue:
            self.action_hint.setText(_("{overdue}: due {date} and not done").format(
                overdue=overdue_mark(), date=short_date(row.action.due_date)))
        else:
            self.action_hint.setText("")

    def _show_milestones(self, plan: Workplan, milestone_id: str | None) -> None:
        numbers = {g.id: i for i, g in enumerate(plan.goals, start=1)}
        titles = {g.id: g.title for g in plan.goals}
        rows = [MilestoneRow(m, f"{numbers[m['goal_id']]}. {titles[m['goal_id']]}" if m["goal_id"] in numbers else "",
                             milestone_overdue(m["due_date"], m["reached_date"], self.today))
                for m in plan.milestones]
        self.milestone_model.set_rows(rows)
        fit_columns(self.milestone_table, stretch=MilestoneTableModel.COL_MILESTONE, cap=320)
        if not (milestone_id and select_id(self.milestone_table, self.milestone_model, milestone_id)) and rows:
            self.milestone_table.selectRow(0)
        self.milestone_table.setVisible(bool(rows))
        self.no_milestones.setVisible(not rows)
        late = len(plan.overdue_milestones(self.today))
        if late:
            label = _("Milestones ({reached} of {total} reached, {late} overdue)").format(
                reached=plan.milestones_reached, total=len(rows), late=late)
        else:
            label = _("Milestones ({reached} of {total} reached)").format(reached=plan.milestones_reached,
                                                                          total=len(rows))
        self.tabs.setTabText(1, label if rows else _("Milestones"))
        self._milestone_selected()

    def selected_milestone(self) -> dict | None:
        row = selected_record(self.milestone_table)
        return row.milestone if row else None

    def selected_milestone_id(self) -> str | None:
        milestone = self.selected_milestone()
        return milestone["id"] if milestone else None

    def _milestone_selected(self, *args) -> None:
        milestone = self.selected_milestone()
        for b in (self.edit_milestone_button, self.delete_milestone_button, self.reached_button):
            b.setEnabled(milestone is not None)
        self.add_milestone_button.setEnabled(self.plan is not None)
        reached = bool(milestone and milestone["reached_date"])
        self.reached_button.setText(_("Mark not &reached") if reached else _("Mark &reached"))
        self.reached_button.setAccessibleName(_("Mark milestone not reached") if reached
                                              else _("Mark milestone reached"))
        if not self._loading:
            self.publish()

    # --- navigation -------------------------------------------------------

    def show_record(self, record_id: str, table: str = "") -> None:
        """Select a team, or the goal, action or milestone with this id and its team."""
        if not self.has_workspace:
            return
        found = None
        for kind in ((table,) if table in ("teams", "goals", "actions", "milestones")
                     else ("teams", "goals", "actions", "milestones")):
            team_id = team_of(self.ws, kind, record_id)
            if team_id:
                found = (kind, team_id)
                break
        if found is None:
            return
        table, team_id = found
        self.context.choose_team(team_id)
        self.refresh_if_stale()
        goal_id = action_id = milestone_id = None
        if table == "goals":
            goal_id = record_id
        elif table == "actions":
            action_id = record_id
            goal_id = self.ws.require("actions", record_id)["goal_id"]
        elif table == "milestones":
            milestone_id = record_id
        self._loading = True
        try:
            select_id(self.team_table, self.team_model, team_id)
        finally:
            self._loading = False
        self._show_team(goal_id, action_id, milestone_id)
        if table == "milestones":
            self.tabs.setCurrentIndex(1)
            self.milestone_table.setFocus()
        else:
            self.tabs.setCurrentIndex(0)
            focus = {"actions": self.action_table, "goals": self.goal_table}.get(table, self.team_table)
            focus.setFocus()

    # --- goals --------------------------------------------------------------

    def _team_id(self) -> str | None:
        return self.selected_team_id()

    def add_goal(self) -> None:
        team_id = self._team_id()
        if team_id:
            GoalDialog(self, self.ws, team_id).exec()

    def edit_goal(self, *args) -> None:
        goal = self.selected_goal()
        if goal:
            GoalDialog(self, self.ws, goal.team_id, self.ws.get("goals", goal.id)).exec()

    def delete_goal(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            return
        if goal.actions:
            question = ngettext(
                "Delete the goal “{title}” and its {n} action? Its milestones stay, no longer tied to a goal. "
                "You can undo this with Edit > Undo.",
                "Delete the goal “{title}” and its {n} actions? Its milestones stay, no longer tied to a goal. "
                "You can undo this with Edit > Undo.", goal.action_count).format(title=goal.title, n=goal.action_count)
        else:
            question = _("Delete the goal “{title}”? Its milestones stay, no longer tied to a goal. "
                         "You can undo this with Edit > Undo.").format(title=goal.title)
        if dialogs.confirm(self, _("Delete goal"), question, _("Delete"), destructive=True):
            self.run(delete_goal, goal.id)

    def move_goal(self, delta: int) -> None:
        goal = self.selected_goal()
        if goal:
            self.run(move_goal, goal.id, delta)

    # --- actions ------------------------------------------------------------

    def add_action(self) -> None:
        goal = self.selected_goal()
        if goal:
            ActionDialog(self, self.ws, goal.team_id, goal.id).exec()

    def edit_action(self, *args) -> None:
        action = self.selected_action()
        team_id = self._team_id()
        if action and team_id:
            ActionDialog(self, self.ws, team_id, action=self.ws.get("actions", action.id)).exec()

    def delete_action(self) -> None:
        action = self.selected_action()
        if action and dialogs.confirm(self, _("Delete action"),
                                      _("Delete the action “{title}”? You can undo this with Edit > Undo.").format(
                                          title=action.title),
                                      _("Delete"), destructive=True):
            self.run(delete_action, action.id)

    def move_action(self, delta: int) -> None:
        action = self.selected_action()
        if action:
            self.run(move_action, action.id, delta)

    def move_focused(self, delta: int) -> None:
        """Ctrl+Up / Ctrl+Down: move the goal or the action the keyboard is on."""
        focus = QApplication.focusWidget()
        if focus is None or self.goal_pages.currentIndex() != 1 or self.tabs.currentIndex() != 0:
            return
        if self.actions_box.isAncestorOf(focus):
            self.move_action(delta)
        elif self.goals_box.isAncestorOf(focus):
            self.move_goal(delta)

    def set_status(self, status: str) -> None:
        action = self.selected_action()
        if action:
            self.run(set_action_status, action.id, status)

    def _status_chosen(self, index: int) -> None:
        status = self.status_combo.itemData(index)
        if status:
            self.set_status(status)

    def mark_done(self) -> None:
        self.set_status("done")

    # --- milestones ---------------------------------------------------------

    def add_milestone(self) -> None:
        team_id = self._team_id()
        if team_id:
            MilestoneDialog(self, self.ws, team_id, goal_id=self.selected_goal_id()).exec()

    def edit_milestone(self, *args) -> None:
        milestone = self.selected_milestone()
        if milestone:
            MilestoneDialog(self, self.ws, milestone["team_id"], self.ws.get("milestones", milestone["id"])).exec()

    def delete_milestone(self) -> None:
        milestone = self.selected_milestone()
        if milestone and dialogs.confirm(self, _("Delete milestone"),
                                         _("Delete the milestone “{title}”? You can undo this with Edit > Undo.")
                                         .format(title=milestone["title"]), _("Delete"), destructive=True):
            self.run(delete_milestone, milestone["id"])

    def toggle_reached(self) -> None:
        milestone = self.selected_milestone()
        if milestone:
            self.run(set_milestone_reached, milestone["id"],
                     None if milestone["reached_date"] else self.today)
