"""The Workplans screen's layout: the team list, the plan with its goals and actions, the milestones.

Each builder makes one pane and keeps its widgets on the screen (declared on
``WorkplansView``), whose methods they are wired to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort import i18n
from equitycohort.data.schema import ACTION_STATUSES
from equitycohort.i18n import _
from equitycohort.ui.forms import combo
from equitycohort.ui.labels import muted, plain, section_title
from equitycohort.ui.views.base import EmptyState, button, button_row, record_table
from equitycohort.ui.views.workplans.models import (
    ActionTableModel,
    GoalTableModel,
    MilestoneTableModel,
    TeamPlanTableModel,
    TwoLineModel,
    action_detail,
    goal_detail,
)
from equitycohort.ui.views.workplans.progress import ProgressDelegate, ProgressMeter, TwoLineDelegate

if TYPE_CHECKING:
    from equitycohort.ui.views.workplans.view import WorkplansView


def arrow(text: str, slot: Callable[[], object], accessible: str, tip: str) -> QPushButton:
    """A small button that moves a row (its name and tip say which way and which key does it too)."""
    made = button(text, slot, accessible, tip)
    made.setFixedWidth(made.fontMetrics().horizontalAdvance("↓") + 28)
    return made


def ordered_table(model: TwoLineModel, name: str, detail_of) -> QTableView:
    """A table in the plan's order (not sortable by header), its main column in two lines."""
    table = record_table(model, name, stretch=model.detail_column)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the number column: the plan's order
    table.setSortingEnabled(False)
    table.horizontalHeader().setSortIndicatorShown(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().lineSpacing() * 2 + 14)
    table.setItemDelegateForColumn(model.detail_column, TwoLineDelegate(detail_of, table))
    return table


def main_page(view: WorkplansView) -> QWidget:
    page = QWidget()
    split = QSplitter(Qt.Orientation.Horizontal)
    split.setChildrenCollapsible(False)
    split.addWidget(team_pane(view))
    split.addWidget(plan_pane(view))
    split.setStretchFactor(0, 0)
    split.setStretchFactor(1, 1)
    split.setSizes([300, 800])
    view.split = split
    row = QVBoxLayout(page)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(split)
    return page

def team_pane(view: WorkplansView) -> QWidget:
    pane = QWidget()
    pane.setMinimumWidth(250)
    column = QVBoxLayout(pane)
    column.setContentsMargins(0, 0, 8, 0)
    view.team_model = TeamPlanTableModel(view)
    view.team_table = record_table(view.team_model, _("Teams and their plan progress"),
                                   stretch=TeamPlanTableModel.COL_TEAM)
    view.team_table.setItemDelegateForColumn(TeamPlanTableModel.COL_PROGRESS,
                                             ProgressDelegate(lambda r: r.plan.progress, view.team_table))
    view.team_table.sortByColumn(TeamPlanTableModel.COL_TEAM, Qt.SortOrder.AscendingOrder)
    view.team_table.selectionModel().selectionChanged.connect(view._team_selected)
    label = section_title(_("&Teams"))
    label.setAccessibleName(_("Teams"))
    label.setBuddy(view.team_table)
    column.addWidget(label)
    column.addWidget(view.team_table, 1)
    view.team_note = muted(_("Overdue counts actions and milestones past their due date."))
    column.addWidget(view.team_note)
    return pane

def plan_pane(view: WorkplansView) -> QWidget:
    pane = QWidget()
    column = QVBoxLayout(pane)
    column.setContentsMargins(8, 0, 0, 0)
    view.team_title = section_title("")
    view.team_title.setWordWrap(True)
    column.addWidget(view.team_title)
    summary = QHBoxLayout()
    view.meter = ProgressMeter(_("Plan progress"))
    view.meter.setMaximumWidth(300)
    view.summary = plain(QLabel())
    view.summary.setWordWrap(True)
    view.summary.setAccessibleName(_("Plan summary"))
    view.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    summary.addWidget(QLabel(_("Plan progress")))
    summary.addWidget(view.meter)
    summary.addSpacing(8)
    summary.addWidget(view.summary, 1)
    column.addLayout(summary)

    view.tabs = QTabWidget()
    view.tabs.setAccessibleName(_("Workplan"))
    view.tabs.setDocumentMode(True)
    view.tabs.addTab(goals_page(view), _("Goals and actions"))
    view.tabs.addTab(milestones_page(view), _("Milestones"))
    column.addWidget(view.tabs, 1)
    return pane

def goals_page(view: WorkplansView) -> QWidget:
    view.goal_pages = QStackedWidget()
    view.no_goals = EmptyState(
        _("No workplan yet"),
        _("No goals yet — add the team's first measurable goal: what it will count (the indicator), "
          "where it starts and where it aims to be. Progress is worked out from those figures."),
        [button(_("Add the first &goal…"), view.add_goal, _("Add the first goal"))])
    view.goal_pages.addWidget(view.no_goals)

    view.goals_box = QWidget()
    goals = QVBoxLayout(view.goals_box)
    goals.setContentsMargins(0, 6, 0, 0)
    view.add_goal_button = button(_("Add &goal…"), view.add_goal, _("Add goal"))
    view.edit_goal_button = button(_("Edit g&oal…"), view.edit_goal, _("Edit goal"))
    view.delete_goal_button = button(_("Delete goal…"), view.delete_goal, _("Delete goal"))
    view.goal_up_button = arrow("↑", lambda: view.move_goal(-1), _("Move goal up"),
                                 _("Move the selected goal up (Ctrl+Up)"))
    view.goal_down_button = arrow("↓", lambda: view.move_goal(+1), _("Move goal down"),
                                   _("Move the selected goal down (Ctrl+Down)"))
    row = QHBoxLayout()
    row.addWidget(section_title(_("Goals")))
    row.addSpacing(12)
    row.addLayout(button_row(view.add_goal_button, view.edit_goal_button, view.delete_goal_button,
                             view.goal_up_button, view.goal_down_button), 1)
    goals.addLayout(row)
    view.goal_model = GoalTableModel(view)
    view.goal_table = ordered_table(view.goal_model, _("Goals"), goal_detail)
    view.goal_table.setItemDelegateForColumn(GoalTableModel.COL_PROGRESS,
                                             ProgressDelegate(lambda r: r.goal.progress, view.goal_table))
    view.goal_table.selectionModel().selectionChanged.connect(view._goal_selected)
    view.goal_table.activated.connect(view.edit_goal)
    goals.addWidget(view.goal_table, 1)
    view.goal_detail = muted()
    view.goal_detail.setAccessibleName(_("Selected goal"))
    view.goal_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    goals.addWidget(view.goal_detail)

    view.actions_box = QWidget()
    actions = QVBoxLayout(view.actions_box)
    actions.setContentsMargins(0, 6, 0, 0)
    view.actions_title = section_title(_("Actions"))
    view.add_action_button = button(_("Add &action…"), view.add_action, _("Add action"))
    view.edit_action_button = button(_("Ed&it…"), view.edit_action, _("Edit action"), _("Edit the selected action"))
    view.delete_action_button = button(_("Delete…"), view.delete_action, _("Delete action"),
                                       _("Delete the selected action"))
    view.action_up_button = arrow("↑", lambda: view.move_action(-1), _("Move action up"),
                                   _("Move the selected action up (Ctrl+Up)"))
    view.action_down_button = arrow("↓", lambda: view.move_action(+1), _("Move action down"),
                                     _("Move the selected action down (Ctrl+Down)"))
    row = QHBoxLayout()
    row.addWidget(view.actions_title, 1)
    row.addLayout(button_row(view.add_action_button, view.edit_action_button, view.delete_action_button,
                             view.action_up_button, view.action_down_button, stretch_first=True))
    actions.addLayout(row)
    view.status_combo = combo(i18n.labels(ACTION_STATUSES))
    view.status_combo.setAccessibleName(_("Status of the selected action"))
    view.status_combo.activated.connect(view._status_chosen)
    status_label = QLabel(_("Stat&us of the selected action:"))
    status_label.setBuddy(view.status_combo)
    view.done_button = button(_("Mark &done"), view.mark_done, _("Mark action done"))
    status_row = QHBoxLayout()
    status_row.addWidget(status_label)
    status_row.addWidget(view.status_combo)
    status_row.addWidget(view.done_button)
    status_row.addSpacing(12)
    view.action_hint = muted()
    view.action_hint.setAccessibleName(_("About the selected action"))
    status_row.addWidget(view.action_hint, 1)
    actions.addLayout(status_row)
    view.action_model = ActionTableModel(view)
    view.action_table = ordered_table(view.action_model, _("Actions"), action_detail)
    view.action_table.selectionModel().selectionChanged.connect(view._action_selected)
    view.action_table.activated.connect(view.edit_action)
    actions.addWidget(view.action_table, 1)

    split = QSplitter(Qt.Orientation.Vertical)
    split.setChildrenCollapsible(False)
    split.addWidget(view.goals_box)
    split.addWidget(view.actions_box)
    split.setStretchFactor(0, 2)
    split.setStretchFactor(1, 3)
    view.goal_pages.addWidget(split)
    view.goal_split = split
    return view.goal_pages

def milestones_page(view: WorkplansView) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 6, 0, 0)
    view.add_milestone_button = button(_("Add &milestone…"), view.add_milestone, _("Add milestone"))
    view.edit_milestone_button = button(_("Edit milestone…"), view.edit_milestone, _("Edit milestone"))
    view.delete_milestone_button = button(_("Delete milestone…"), view.delete_milestone, _("Delete milestone"))
    view.reached_button = button(_("Mark &reached"), view.toggle_reached, _("Mark milestone reached"))
    column.addLayout(button_row(view.add_milestone_button, view.edit_milestone_button,
                                view.delete_milestone_button, view.reached_button))
    view.milestone_model = MilestoneTableModel(view)
    view.milestone_table = record_table(view.milestone_model, _("Milestones"), MilestoneTableModel.COL_MILESTONE)
    view.milestone_table.selectionModel().selectionChanged.connect(view._milestone_selected)
    view.milestone_table.activated.connect(view.edit_milestone)
    column.addWidget(view.milestone_table, 1)
    view.no_milestones = muted(_("No milestones yet: add the moments that show the plan is on track, "
                                 "such as “First brief published”."))
    column.addWidget(view.no_milestones)
    return page
