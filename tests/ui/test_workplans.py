"""Workplans: build a plan through the dialogs, mark actions done, see overdue, reorder, undo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLineEdit,
)

from equitycohort.data.teams import add_leader, list_teams
from equitycohort.data.workplans import load_workplan
from equitycohort.data.workspace import open_workspace
from equitycohort.ui import dialogs, theme
from equitycohort.ui.forms import set_combo
from equitycohort.ui.views.workplans.dialogs import ActionDialog, GoalDialog, MilestoneDialog
from equitycohort.ui.views.workplans.models import (
    ActionTableModel,
    GoalTableModel,
    MilestoneTableModel,
    TeamPlanTableModel,
)
from equitycohort.ui.views.workplans.view import WorkplansView
from tests.ui.conftest import Recorder, click, first_cohort

TODAY = dt.date.today()
CTRL = Qt.KeyboardModifier.ControlModifier


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def host(qtbot, ws, cohort_id):
    """The screen on its own, told of every change as the main window would tell it."""
    view = WorkplansView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.set_workspace(ws)
    view.set_cohort(cohort_id)
    listener = lambda change: view.changed(change.tables)  # noqa: E731
    ws.subscribe(listener)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
    return view, listener


@pytest.fixture
def team(ws, cohort):
    team_id = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Children First"}).id
    with ws.operation("Add leaders") as op:
        for i, name in enumerate(("Ana Ruiz", "Ben Okafor", "Chen Li")):
            add_leader(op, team_id, {"name": name}, executive_director=i == 0, position=i)
    return team_id


@pytest.fixture
def view(qtbot, ws, cohort, team):
    screen, listener = host(qtbot, ws, cohort)
    yield screen
    ws.unsubscribe(listener)


@pytest.fixture
def demo_view(qtbot, demo_path):
    ws = open_workspace(demo_path, backups=False)
    screen, listener = host(qtbot, ws, first_cohort(ws))
    yield screen
    ws.unsubscribe(listener)
    ws.close()


def column_texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def new_goal(view, title="Publish policy briefs", figures=("0", "4", "1"), unit="briefs") -> GoalDialog:
    dialog = GoalDialog(view, view.ws, view.selected_team_id())
    dialog.fields["title"].setText(title)
    dialog.fields["indicator"].setText("Briefs with data by race and language")
    dialog.fields["unit"].setText(unit)
    for name, value in zip(("baseline", "target", "current"), figures, strict=True):
        dialog.fields[name].setText(value)
    return dialog


def submit(dialog) -> None:
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted, [e.text() for e in dialog.errors.values() if e.text()]
    dialog.deleteLater()


def new_action(view, title, *, owner="Ben Okafor", start=None, due=None, status=None) -> ActionDialog:
    goal = view.selected_goal()
    dialog = ActionDialog(view, view.ws, goal.team_id, goal.id)
    dialog.fields["title"].setText(title)
    owner_box = dialog.fields["owner_id"]
    owner_box.setCurrentIndex(owner_box.findText(owner))
    for field, value in ((dialog.start, start), (dialog.due, due)):
        if value:
            field.set_value(value)
    if status:
        set_combo(dialog.fields["status"], status)
    return dialog


def build_plan(view):
    submit(new_goal(view))
    submit(new_action(view, "Inventory data sources", start=day(-20), due=day(10)))
    submit(new_action(view, "Draft the first brief", start=day(-10), due=day(30)))


# --- empty states -------------------------------------------------------------

def test_no_teams_then_no_goals(qtbot, ws, cohort):
    view, listener = host(qtbot, ws, cohort)
    assert view.pages.currentWidget() is view.no_teams
    went = []
    view.show_screen.connect(went.append)
    click(qtbot, next(b for b in view.no_teams.findChildren(QAbstractButton) if b.accessibleName() == "Go to Teams"))
    assert went == ["Teams"]

    ws.insert("teams", {"cohort_id": cohort, "state": "MN", "organization": "Minnesota Kids"})
    assert view.pages.currentIndex() == 2
    assert view.goal_pages.currentWidget() is view.no_goals and view.no_goals.isVisible()
    texts = " ".join(label.text() for label in view.no_goals.findChildren(type(view.summary)))
    assert "No goals yet — add the team's first measurable goal" in texts
    assert view.summary.text() == "No goals yet, so nothing to measure."
    ws.unsubscribe(listener)


def test_no_cohort(qtbot, ws):
    view, listener = host(qtbot, ws, None)
    assert view.pages.currentWidget() is view.no_cohort
    ws.unsubscribe(listener)


# --- building a plan and seeing progress move -----------------------------------------

def test_build_a_workplan_and_mark_actions_done(view, qtbot):
    dialog = new_goal(view)
    assert "25%" in dialog.preview.text()  # progress shown while typing the figures
    submit(dialog)
    assert view.goal_pages.currentIndex() == 1
    assert column_texts(view.goal_model, GoalTableModel.COL_PROGRESS) == ["25%"]
    assert column_texts(view.goal_model, GoalTableModel.COL_BASELINE) == ["0 briefs"]
    assert view.meter.value() == 25 and view.meter.accessibleDescription() == "25%"

    submit(new_action(view, "Inventory data sources", start=day(-20), due=day(10)))
    submit(new_action(view, "Draft the first brief", owner="Chen Li", due=day(30)))
    assert column_texts(view.action_model, ActionTableModel.COL_ACTION) == [
        "Inventory data sources", "Draft the first brief"]
    assert column_texts(view.action_model, ActionTableModel.COL_OWNER) == ["Ben Okafor", "Chen Li"]
    assert column_texts(view.goal_model, GoalTableModel.COL_ACTIONS) == ["0 of 2"]
    assert "0 of 2 actions done" in view.summary.text()

    # the first action, by keyboard: the status combo, one step down is "In progress"
    view.action_table.selectRow(0)
    view.status_combo.setFocus()
    qtbot.keyClick(view.status_combo, Qt.Key.Key_Down)
    assert view.ws.get("actions", view.selected_action_id())["status"] == "in_progress"
    assert view.ws.undo_label == "Mark action in progress"
    click(qtbot, view.done_button)
    assert view.ws.undo_label == "Mark action done"
    assert column_texts(view.goal_model, GoalTableModel.COL_ACTIONS) == ["1 of 2"]
    assert "1 of 2 actions done" in view.summary.text()
    assert column_texts(view.action_model, ActionTableModel.COL_STATUS) == ["Done", "Not started"]
    assert view.status_combo.currentData() == "done" and not view.done_button.isEnabled()

    view.action_table.selectRow(1)
    click(qtbot, view.done_button)
    assert "2 of 2 actions done" in view.summary.text()
    assert view.team_model.record(0).plan.actions_done == 2

    # the goal's figure moves on: goal and plan progress follow, never typed
    goal = view.ws.get("goals", view.selected_goal_id())
    edit = GoalDialog(view, view.ws, view.selected_team_id(), goal)
    assert edit.fields["current"].text() == "1"
    edit.fields["current"].setText("3")
    assert "75%" in edit.preview.text()
    submit(edit)
    assert column_texts(view.goal_model, GoalTableModel.COL_PROGRESS) == ["75%"]
    assert view.meter.value() == 75
    assert column_texts(view.team_model, TeamPlanTableModel.COL_PROGRESS) == ["75%"]

    view.ws.undo()
    assert column_texts(view.goal_model, GoalTableModel.COL_PROGRESS) == ["25%"]
    assert view.meter.value() == 25


def test_plan_progress_is_the_mean_of_measurable_goals(view):
    submit(new_goal(view, "Briefs", ("0", "4", "1")))                    # 25%
    submit(new_goal(view, "Waiting list", ("40", "10", "25"), "families"))  # goes down: 50%
    submit(new_goal(view, "Not yet measured", ("0", "8", "")))
    assert column_texts(view.goal_model, GoalTableModel.COL_PROGRESS) == ["25%", "50%", "not measured"]
    assert view.meter.value() == 38
    assert view.summary.text().startswith("Mean of 2 measurable goals")
    view.goal_table.selectRow(2)
    assert "Not measurable yet" in view.goal_detail.text()


def test_add_goal_button_opens_the_dialog_and_selects_the_new_goal(view, qtbot, monkeypatch):
    submit(new_goal(view, "First"))

    def fill_and_save(dialog):
        dialog.fields["title"].setText("Second")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(GoalDialog, "exec", fill_and_save)
    click(qtbot, view.add_goal_button)
    assert column_texts(view.goal_model, GoalTableModel.COL_GOAL) == ["First", "Second"]
    assert view.selected_goal().title == "Second"


# --- errors at the field --------------------------------------------------------

def test_due_before_start_is_shown_at_the_due_date(view):
    submit(new_goal(view))
    dialog = new_action(view, "Backwards", start=day(5), due=day(1))
    dialog.submit()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.errors["due_date"].isVisibleTo(dialog)
    assert dialog.errors["due_date"].text() == "Due date: must not be before the start date."
    assert not dialog.errors["title"].isVisibleTo(dialog)
    assert load_workplan(view.ws, view.selected_team_id()).action_count == 0


def test_goal_figures_must_be_numbers(view):
    dialog = new_goal(view, figures=("none", "4", "1"))
    assert "Worked out once" in dialog.preview.text()
    dialog.submit()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "is not a number" in dialog.errors["baseline"].text()
    dialog.fields["title"].setText("")
    dialog.fields["baseline"].setText("1,000")
    dialog.submit()
    assert dialog.errors["title"].text() == "Goal: cannot be empty."
    assert not dialog.errors["baseline"].isVisibleTo(dialog)


# --- overdue ----------------------------------------------------------------------

def test_an_overdue_action_stands_out_in_colour_and_words(view, qtbot):
    submit(new_goal(view))
    submit(new_action(view, "Late one", start=day(-30), due=day(-2), status="in_progress"))
    submit(new_action(view, "On time", due=day(5)))
    due = column_texts(view.action_model, ActionTableModel.COL_DUE)
    assert "overdue" in due[0] and "overdue" not in due[1]
    index = view.action_model.index(0, ActionTableModel.COL_DUE)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == theme.color("danger_fg")
    assert view.action_model.index(1, ActionTableModel.COL_DUE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "1 action overdue" in view.summary.text()
    assert column_texts(view.team_model, TeamPlanTableModel.COL_OVERDUE) == ["⚠ 1"]
    view.action_table.selectRow(0)
    assert "overdue" in view.action_hint.text()

    click(qtbot, view.done_button)
    assert all("overdue" not in text for text in column_texts(view.action_model, ActionTableModel.COL_DUE))
    assert "overdue" not in view.summary.text()
    assert column_texts(view.team_model, TeamPlanTableModel.COL_OVERDUE) == [""]


def test_milestones_reached_and_overdue(view, qtbot):
    submit(new_goal(view))
    dialog = MilestoneDialog(view, view.ws, view.selected_team_id(), goal_id=view.selected_goal_id())
    dialog.fields["title"].setText("First brief published")
    dialog.due.set_value(day(-1))
    submit(dialog)
    view.tabs.setCurrentIndex(1)
    assert column_texts(view.milestone_model, MilestoneTableModel.COL_GOAL) == ["1. Publish policy briefs"]
    assert "overdue" in column_texts(view.milestone_model, MilestoneTableModel.COL_DUE)[0]
    assert view.tabs.tabText(1) == "Milestones (0 of 1 reached, 1 overdue)"
    click(qtbot, view.reached_button)
    assert column_texts(view.milestone_model, MilestoneTableModel.COL_REACHED)[0].startswith("✓ ")
    assert "overdue" not in column_texts(view.milestone_model, MilestoneTableModel.COL_DUE)[0]
    assert view.tabs.tabText(1) == "Milestones (1 of 1 reached)"
    assert view.reached_button.accessibleName() == "Mark milestone not reached"
    view.ws.undo()
    assert column_texts(view.milestone_model, MilestoneTableModel.COL_REACHED) == ["Not yet"]


# --- order and undo -------------------------------------------------------------------

def test_reorder_goals_by_button_and_keyboard_then_undo(view, qtbot):
    for title in ("A", "B", "C"):
        submit(new_goal(view, title))
    view.goal_table.selectRow(2)
    assert not view.goal_down_button.isEnabled()
    click(qtbot, view.goal_up_button)
    assert column_texts(view.goal_model, GoalTableModel.COL_GOAL) == ["A", "C", "B"]
    assert view.selected_goal().title == "C"
    assert view.ws.undo_label == "Move goal"

    view.goal_table.setFocus()
    qtbot.keyClick(view.goal_table, Qt.Key.Key_Up, CTRL)
    assert column_texts(view.goal_model, GoalTableModel.COL_GOAL) == ["C", "A", "B"]
    assert column_texts(view.goal_model, GoalTableModel.COL_NUMBER) == ["1", "2", "3"]
    assert not view.goal_up_button.isEnabled()
    qtbot.keyClick(view.goal_table, Qt.Key.Key_Up, CTRL)  # already first: nothing happens
    assert column_texts(view.goal_model, GoalTableModel.COL_GOAL) == ["C", "A", "B"]

    view.ws.undo()
    assert column_texts(view.goal_model, GoalTableModel.COL_GOAL) == ["A", "C", "B"]
    view.ws.undo()
    assert column_texts(view.goal_model, GoalTableModel.COL_GOAL) == ["A", "B", "C"]


def test_reorder_actions_by_keyboard_then_undo(view, qtbot):
    submit(new_goal(view))
    for title in ("one", "two", "three"):
        submit(new_action(view, title))
    view.action_table.selectRow(0)
    view.action_table.setFocus()
    qtbot.keyClick(view.action_table, Qt.Key.Key_Down, CTRL)
    assert column_texts(view.action_model, ActionTableModel.COL_ACTION) == ["two", "one", "three"]
    assert view.selected_action().title == "one" and view.ws.undo_label == "Move action"
    click(qtbot, view.action_down_button)
    assert column_texts(view.action_model, ActionTableModel.COL_ACTION) == ["two", "three", "one"]
    assert column_texts(view.goal_model, GoalTableModel.COL_GOAL) == ["Publish policy briefs"]  # goals untouched
    view.ws.undo()
    view.ws.undo()
    assert column_texts(view.action_model, ActionTableModel.COL_ACTION) == ["one", "two", "three"]


def test_delete_goal_asks_first_and_undo_brings_it_back(view, qtbot, monkeypatch):
    build_plan(view)
    refused = Recorder(False)
    monkeypatch.setattr(dialogs, "confirm", refused)
    click(qtbot, view.delete_goal_button)
    assert "and its 2 actions" in refused.texts[0]
    assert view.goal_model.rowCount() == 1
    agreed = Recorder(True)
    monkeypatch.setattr(dialogs, "confirm", agreed)
    click(qtbot, view.delete_goal_button)
    assert view.goal_model.rowCount() == 0 and view.goal_pages.currentWidget() is view.no_goals
    view.ws.undo()
    assert view.goal_model.rowCount() == 1 and view.action_model.rowCount() == 2


def test_delete_action_asks_first(view, qtbot, monkeypatch):
    build_plan(view)
    agreed = Recorder(True)
    monkeypatch.setattr(dialogs, "confirm", agreed)
    view.action_table.selectRow(1)
    click(qtbot, view.delete_action_button)
    assert "Draft the first brief" in agreed.texts[0]
    assert column_texts(view.action_model, ActionTableModel.COL_ACTION) == ["Inventory data sources"]


# --- navigation from other screens -----------------------------------------------------

def test_show_record_selects_the_team_goal_action_or_milestone(demo_view):
    ws = demo_view.ws
    teams = list_teams(ws, demo_view.cohort_id)
    last = teams[-1]
    demo_view.show_record(last.id)
    assert demo_view.selected_team_id() == last.id

    plan = load_workplan(ws, teams[2].id)
    goal = plan.goals[-1]
    action = goal.actions[-1]
    demo_view.show_record(action.id)
    assert demo_view.selected_team_id() == teams[2].id
    assert demo_view.selected_goal_id() == goal.id
    assert demo_view.selected_action_id() == action.id
    assert demo_view.tabs.currentIndex() == 0 and demo_view.action_table.hasFocus()

    demo_view.show_record(plan.goals[0].id)
    assert demo_view.selected_goal_id() == plan.goals[0].id

    milestone = load_workplan(ws, teams[1].id).milestones[-1]
    demo_view.show_record(milestone["id"])
    assert demo_view.selected_team_id() == teams[1].id
    assert demo_view.tabs.currentIndex() == 1
    assert demo_view.selected_milestone_id() == milestone["id"]

    demo_view.show_record("no-such-record")
    assert demo_view.selected_milestone_id() == milestone["id"]


def test_show_record_of_another_cohort_asks_for_that_cohort(demo_view):
    ws = demo_view.ws
    program = ws.scalar("SELECT id FROM programs LIMIT 1")
    other = ws.insert("cohorts", {"program_id": program, "name": "Cohort X",
                                  "start_date": "2026-01-01", "end_date": "2026-06-30"}).id
    team = ws.insert("teams", {"cohort_id": other, "state": "VT", "organization": "Vermont Kids"}).id
    asked = []
    demo_view.context.chosen.connect(lambda what, initiator: asked.append(demo_view.context.cohort_id))
    demo_view.show_record(team)
    assert asked[0] == other  # the context's cohort changed first, then its team
    assert demo_view.cohort_id == other and demo_view.selected_team_id() == team


# --- models, names, keyboard ------------------------------------------------------------

def test_models_pass_the_model_tester(demo_view, qtmodeltester):
    models = [demo_view.team_model, demo_view.goal_model, demo_view.action_model, demo_view.milestone_model]
    for model in models:
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=False)
        qtmodeltester.check(model, force_py=True)
        rows = model.records()
        model.set_rows([])
        model.set_rows(rows)
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                             Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole):
                    model.index(row, column).data(role)
    # the two-line cells read out both lines
    text = demo_view.goal_model.index(0, GoalTableModel.COL_GOAL).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Indicator:" in text


def _own_controls(root):
    """The controls a user tabs to, leaving out Qt's own inner parts (a date edit's line edit...)."""
    for kind in (QAbstractButton, QComboBox, QAbstractItemView, QLineEdit):
        for widget in root.findChildren(kind):
            inner, parent = False, widget.parentWidget()
            while parent is not None and parent is not root:
                inner = inner or isinstance(parent, (QAbstractSpinBox, QComboBox, QCalendarWidget))
                parent = parent.parentWidget()
            if not inner and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                yield widget


def test_every_control_has_an_accessible_name(demo_view):
    controls = list(_own_controls(demo_view))  # shown or not: the other tab, the empty states
    assert len(controls) > 20
    for widget in controls:
        assert widget.accessibleName(), f"{type(widget).__name__} {getattr(widget, 'text', str)()!r}"
    team, goal = demo_view.selected_team_id(), demo_view.selected_goal_id()
    for dialog in (GoalDialog(demo_view, demo_view.ws, team), ActionDialog(demo_view, demo_view.ws, team, goal),
                   MilestoneDialog(demo_view, demo_view.ws, team)):
        for widget in _own_controls(dialog):
            name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
            assert name, f"{type(widget).__name__} in {dialog.windowTitle()}"
        dialog.deleteLater()


def test_tab_order_follows_the_screen(demo_view, qtbot):
    demo_view.team_table.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is seen[0]:
            break
        seen.append(widget)
    order = [demo_view.team_table, demo_view.add_goal_button, demo_view.goal_table, demo_view.add_action_button,
             demo_view.status_combo, demo_view.action_table]
    positions = [seen.index(w) for w in order]
    assert positions == sorted(positions)
