"""Every action acts on what the facilitator is looking at.

A team picked on any team screen is the team File > Export and the quick
check-in act on; a session picked on Schedule is the session its packet and
Attendance show. A hidden screen's old selection never decides, and an action
with nothing on screen asks, preselecting the likeliest answer.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from equitycohort.data.cohorts import list_cohorts
from equitycohort.data.schedule import list_sessions
from equitycohort.data.states import state_name
from equitycohort.data.teams import list_teams
from equitycohort.ui import dialogs
from equitycohort.ui.forms import set_combo
from equitycohort.ui.views.base import select_id
from tests.ui.conftest import Recorder, first_cohort, screen
from tests.ui.test_exports import LanguageAsked, SavePath, run_export


@pytest.fixture(autouse=True)
def languages(monkeypatch) -> LanguageAsked:
    """A team's document asks its language: the one preselected is taken."""
    recorder = LanguageAsked()
    monkeypatch.setattr(dialogs, "document_language", recorder)
    return recorder


@pytest.fixture
def save_path(monkeypatch) -> SavePath:
    recorder = SavePath()  # answers None: the export is cancelled once its file name is suggested
    monkeypatch.setattr(dialogs, "save_path", recorder)
    return recorder


@pytest.fixture
def chose(monkeypatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(dialogs, "choose", recorder)
    return recorder


@pytest.fixture
def quick_forms(monkeypatch) -> list:
    """The check-in forms the quick entry opens (each closed unsaved)."""
    opened: list = []

    def run_dialog(dialog):
        opened.append(dialog)
        return False

    monkeypatch.setattr(dialogs, "run_dialog", run_dialog)
    return opened


def a_team_not_first(window) -> tuple[str, str]:
    """The id and state name of a team of Cohort 1 that is not the first in any list."""
    teams = list_teams(window.ws, first_cohort(window.ws))
    team = teams[2]
    return team.id, team.state_name


def pick_team(window, screen_name: str, team_id: str) -> None:
    """Choose a team the way a user does on each team screen."""
    view = screen(window, screen_name)
    if screen_name in ("Teams", "Workplans"):
        assert select_id(view.team_table, view.team_model, team_id)
    elif screen_name == "Check-ins":
        set_combo(view.team_filter, team_id)
    elif screen_name == "Assessments":
        view.tabs.setCurrentIndex(0)
        set_combo(view.team_picker, team_id)
    assert window.context.team_in_view() == team_id


TEAM_SCREENS = ["Teams", "Workplans", "Check-ins", "Assessments"]


@pytest.mark.parametrize("screen_name", TEAM_SCREENS)
def test_exports_and_the_quick_check_in_act_on_the_team_picked(demo_window, screen_name, save_path, chose,
                                                               quick_forms):
    team_id, state = a_team_not_first(demo_window)
    pick_team(demo_window, screen_name, team_id)

    run_export(demo_window, "Team Workplan (PDF)")
    run_export(demo_window, "Check-in History for the Team (PDF)")
    run_export(demo_window, "Check-in History with Private Notes (PDF)")
    assert chose.calls == [], "the team on screen is used without asking"
    names = [s.rsplit("/", 1)[-1] for s in save_path.suggested]
    assert names[0].startswith(f"{state} workplan")
    assert names[1] == f"{state} check-ins.pdf"
    assert names[2] == f"{state} check-ins - facilitators only.pdf"

    demo_window.record_checkin()
    [form] = quick_forms
    assert form.team.currentData() == team_id
    assert form.summary.hasFocus() or not form.isVisible()  # the team is settled: typing starts at the summary


def test_the_workplan_on_screen_is_exported_though_teams_was_never_opened(demo_window, save_path, chose):
    """The report that started it: Ohio on Workplans, File > Export wrote the Teams screen's first team."""
    assert dict.get(demo_window.views, "Teams") is None or not demo_window.views["Teams"].isVisible()
    team_id, state = a_team_not_first(demo_window)
    pick_team(demo_window, "Workplans", team_id)
    run_export(demo_window, "Team Workplan (PDF)")
    assert save_path.suggested[0].rsplit("/", 1)[-1].startswith(f"{state} workplan")


@pytest.mark.parametrize("source", TEAM_SCREENS)
def test_a_team_picked_on_one_team_screen_is_shown_on_the_others(demo_window, source):
    team_id, _state = a_team_not_first(demo_window)
    pick_team(demo_window, source, team_id)
    for other in TEAM_SCREENS:
        screen(demo_window, other)
        assert demo_window.context.team_in_view() == team_id, f"{other} after picking on {source}"


def test_a_hidden_screens_selection_is_not_used_where_no_team_is_on_screen(demo_window, save_path, chose):
    team_id, _state = a_team_not_first(demo_window)
    pick_team(demo_window, "Teams", team_id)
    screen(demo_window, "Attention")  # no team on this screen
    assert demo_window.context.team_in_view() is None
    chose.answer = None  # the user cancels the question
    run_export(demo_window, "Team Workplan (PDF)")
    assert save_path.suggested == [], "nothing is exported without a team on screen or chosen"
    ((_parent, title, _label, items, current),) = [c for c in chose.calls if c[1] == "Choose a team"]
    teams = list_teams(demo_window.ws, first_cohort(demo_window.ws))
    assert items == [t.label for t in teams]
    assert teams[current].id == team_id  # the team last looked at is preselected


def test_the_quick_check_in_off_a_team_screen_asks_to_confirm_the_team(demo_window, quick_forms):
    team_id, _state = a_team_not_first(demo_window)
    pick_team(demo_window, "Workplans", team_id)
    screen(demo_window, "Partners")
    demo_window.record_checkin()
    [form] = quick_forms
    assert form.team.currentData() == team_id
    assert form.team.hasFocus() or form.focusWidget() is form.team


def test_a_session_picked_on_schedule_drives_its_packet_and_attendance(demo_window, save_path, chose):
    ws = demo_window.ws
    sessions = list_sessions(ws, first_cohort(ws))
    chosen = sessions[1]
    schedule = screen(demo_window, "Schedule")
    assert select_id(schedule.table, schedule.model, chosen.id)
    assert demo_window.context.session_in_view() == chosen.id

    run_export(demo_window, "Session Packet with Sign-in Sheet (PDF)")
    assert chose.calls == []
    assert save_path.suggested[0].rsplit("/", 1)[-1].startswith(f"{chosen.date} ")

    schedule.take_attendance()
    assert schedule.attendance.session_id == chosen.id
    assert demo_window.context.session_in_view() == chosen.id
    assert chosen.title in schedule.attendance.title.text()


def test_cohort_exports_off_a_cohort_screen_ask_for_the_cohort(demo_window, save_path, chose):
    screen(demo_window, "Attention")
    chose.answer = None
    run_export(demo_window, "Cohort Summary (PDF)")
    [(_parent, title, _label, items, current)] = chose.calls
    cohorts = list_cohorts(demo_window.ws)
    assert title == "Choose a cohort" and items == [c.label for c in cohorts]
    assert cohorts[current].id == demo_window.context.cohort_id
    assert save_path.suggested == []


def test_opening_a_record_makes_its_team_current(demo_window):
    ws = demo_window.ws
    teams = list_teams(ws, first_cohort(ws))
    goal = ws.rows("SELECT g.id FROM goals g WHERE g.team_id = ? LIMIT 1", (teams[3].id,))[0]["id"]
    demo_window.open_record("goals", goal)
    view = demo_window.current_view()
    assert view.accessibleName() == "Workplans"
    assert view.selected_team_id() == teams[3].id and view.selected_goal_id() == goal
    assert demo_window.context.team_in_view() == teams[3].id
    screen(demo_window, "Check-ins")
    assert demo_window.context.team_in_view() == teams[3].id


# --- a change that was saved is saved, whatever a screen does with it ----------------------------

def test_a_listener_that_raises_does_not_turn_a_saved_check_in_into_a_failure(demo_window, qtbot, monkeypatch):
    ws = demo_window.ws

    def broken(change):
        raise RuntimeError("a screen failed to redraw")

    ws.subscribe(broken)
    demo_window.context.add_listener(lambda change, initiator: broken(change))
    team_id, _state = a_team_not_first(demo_window)
    pick_team(demo_window, "Check-ins", team_id)
    before = ws.count("checkins")
    forms = []

    def run_dialog(dialog):
        forms.append(dialog)
        dialog.summary.setPlainText("Talked through the survey")
        dialog.submit()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "run_dialog", run_dialog)
    saved = screen(demo_window, "Check-ins").quick_entry()
    assert saved is not None, "the form reports the check-in saved"
    [form] = forms
    assert form.result() == form.DialogCode.Accepted and not form.isVisible()
    assert not form.banner.isVisible()
    assert ws.count("checkins") == before + 1, "saved once, not twice"
    assert ws.undo_label == "Add check-in"
    ws.unsubscribe(broken)


# --- user text is shown as typed in every question --------------------------------------------

GROW = "<b>Grow</b>"


@pytest.fixture
def boxes(monkeypatch) -> list:
    """Every message box shown: its text format and text; each answered Cancel."""
    shown: list = []

    def exec_(box):
        shown.append((box.textFormat(), box.text()))
        return int(QMessageBox.StandardButton.Cancel)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def test_a_goal_named_like_markup_appears_literally_in_every_confirmation(demo_window, boxes):
    from PySide6.QtCore import Qt

    from equitycohort.data.frameworks import add_level, save_dimension
    from equitycohort.data.workplans import add_action, add_goal, add_milestone

    ws = demo_window.ws
    team_id, _state = a_team_not_first(demo_window)
    goal = add_goal(ws, team_id, {"title": GROW}).id
    action = add_action(ws, goal, {"title": GROW}).id
    milestone = add_milestone(ws, team_id, {"title": GROW}).id
    partner = ws.insert("partners", {"name": GROW}).id
    session = ws.insert("sessions", {"cohort_id": first_cohort(ws), "title": GROW, "date": "2026-05-05"}).id

    workplans = screen(demo_window, "Workplans")
    demo_window.open_record("goals", goal)
    workplans.delete_goal()
    demo_window.open_record("actions", action)
    workplans.delete_action()
    demo_window.open_record("milestones", milestone)
    workplans.delete_milestone()
    demo_window.open_record("partners", partner)
    demo_window.current_view().delete_partner()
    demo_window.open_record("sessions", session)
    demo_window.current_view().delete_session()
    assessments = screen(demo_window, "Assessments")
    framework = assessments.framework.id
    dimension = save_dimension(ws, framework, GROW).id
    add_level(ws, framework, GROW)
    assessments.tabs.setCurrentIndex(2)
    row = assessments.editor.framework_model.row_of(dimension)
    assessments.editor.framework_table.setCurrentIndex(assessments.editor.framework_model.index(row, 1))
    assessments.editor.delete_dimension()

    assert len(boxes) == 6
    for text_format, text in boxes:
        assert text_format == Qt.TextFormat.PlainText
        assert GROW in text, text
    # nothing was deleted: every question was answered Cancel
    assert ws.get("goals", goal) and ws.get("actions", action) and ws.get("milestones", milestone)
    assert ws.get("partners", partner) and ws.get("sessions", session) and ws.get("dimensions", dimension)


@pytest.mark.parametrize("ask", ["confirm", "inform", "warn"])
def test_every_message_box_of_the_dialogs_module_is_plain_text(qtbot, boxes, ask):
    from PySide6.QtCore import Qt

    getattr(dialogs, ask)(None, "Title", f"The goal “{GROW}” & <i>more</i>")
    [(text_format, text)] = boxes
    assert text_format == Qt.TextFormat.PlainText and text == f"The goal “{GROW}” & <i>more</i>"


def test_state_names_are_what_the_exports_suggest(demo_window):
    """A sanity check of the helper above: the third team's state is not the first team's."""
    teams = list_teams(demo_window.ws, first_cohort(demo_window.ws))
    assert teams[2].state_name == state_name(teams[2].state) != teams[0].state_name
