"""Check-ins: the quick form by keyboard only, the list per team and across the cohort,
the detail pane with its private notes, edit, delete and undo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from equitycohort.data.checkins import get_checkin, save_checkin
from equitycohort.formats import day_with_weekday
from equitycohort.ui import dialogs
from equitycohort.ui.views.base import selected_record
from equitycohort.ui.views.checkins.form import CheckinDialog
from equitycohort.ui.views.checkins.models import PRIVATE_LABEL, CheckinTableModel
from equitycohort.ui.views.checkins.view import CheckinsView
from tests.ui.conftest import Recorder

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TODAY = dt.date.today()
SUMMARY = "Talked through the data plan <b>& the survey — équipe 日本語"
PRIVATE = "Director seems stretched; ask gently <i>next time</i> — מנהלת"
STEP = "Send the survey draft <b>& 調査票"


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


@pytest.fixture
def people(ws, cohort):
    """Two teams of the cohort (Iowa with two leaders), a facilitator and a partner."""
    iowa = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Children First"}).id
    mexico = ws.insert("teams", {"cohort_id": cohort, "state": "NM", "organization": "Nuevo México Unido"}).id
    ids = {"iowa": iowa, "mexico": mexico}
    for position, name in enumerate(("Ana Lima", "Bao Tran")):
        person = ws.insert("people", {"name": name}).id
        ws.insert("team_members", {"team_id": iowa, "person_id": person, "position": position,
                                   "is_executive_director": int(position == 0)})
        ids[name.split()[0].lower()] = person
    ids["dana"] = ws.insert("people", {"name": "Dana Okafor", "kind": "facilitator"}).id
    ids["partner"] = ws.insert("partners", {"name": "Data Partners"}).id
    return ids


@pytest.fixture
def view(qtbot, ws, cohort, people):
    """The Check-ins screen on its own, told of every change as the main window would."""
    screen = CheckinsView()
    qtbot.addWidget(screen)
    listener = lambda change: screen.changed(change.tables)  # noqa: E731
    ws.subscribe(listener)
    screen.set_workspace(ws)
    screen.set_cohort(cohort)
    screen.resize(1200, 760)
    screen.show()
    qtbot.waitExposed(screen)
    yield screen
    ws.unsubscribe(listener)


@pytest.fixture
def history(ws, people):
    """Three check-ins: two with Iowa (the older with private notes), one with New Mexico."""
    old = save_checkin(ws, {"team_id": people["iowa"], "date": days_ago(40), "mode": "visit",
                            "facilitator_id": people["dana"], "summary": "Kick-off visit.\nMet the board.",
                            "wins": "Board approved stipends.", "private_notes": PRIVATE,
                            "next_checkin_date": days_ago(12)},
                       [{"description": "Share the glossary", "owner_id": people["ana"], "due_date": days_ago(30)},
                        {"description": "Book the data partner", "owner_id": people["dana"],
                         "due_date": days_ago(20), "done": True}]).id
    recent = save_checkin(ws, {"team_id": people["iowa"], "date": days_ago(10), "mode": "call",
                               "summary": "Quick call about the survey.", "next_checkin_date": days_ago(-18)}, []).id
    mexico = save_checkin(ws, {"team_id": people["mexico"], "date": days_ago(5), "mode": "video",
                               "partner_id": people["partner"], "summary": "Policy brief review."}, []).id
    return {"old": old, "recent": recent, "mexico": mexico}


def focused():
    return QApplication.focusWidget()


def type_text(qtbot, text: str) -> None:
    """Type into the focused widget, key by key; non-ASCII keys carry their text as a keyboard layout would."""
    for char in text:
        widget = focused()
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier)


def key(qtbot, code, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), code, modifier)


def show_dialog(qtbot, dialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)


def shown_ids(view) -> list[str]:
    return [r.id for r in view.model.records()]


# --- the quick form, by keyboard only --------------------------------------------

def test_record_a_check_in_by_keyboard_only(view, ws, people, qtbot, monkeypatch):
    view.team_filter.setCurrentIndex(view.team_filter.findData(people["iowa"]))

    def fill_in(dialog: CheckinDialog) -> bool:
        show_dialog(qtbot, dialog)
        # the team shown on the screen is chosen, today's date, the usual defaults
        assert dialog.team.currentData() == people["iowa"]
        assert dialog.date.date() == dt.date.today() and dialog.mode.currentData() == "call"
        # the cursor starts where the typing starts
        assert focused() is dialog.summary
        type_text(qtbot, SUMMARY)
        key(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.wins
        type_text(qtbot, "Board approved stipends")
        key(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.challenges
        type_text(qtbot, "Survey response < 20% in rural counties")
        key(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.support
        type_text(qtbot, "An introduction to the analyst")
        key(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.private
        type_text(qtbot, PRIVATE)
        key(qtbot, Qt.Key.Key_Tab)
        first = dialog.steps.rows[0]
        assert focused() is first.description
        type_text(qtbot, STEP)
        key(qtbot, Qt.Key.Key_Tab)
        assert focused() is first.owner
        type_text(qtbot, "Bao")  # a closed list picks by the first letters typed
        assert first.owner.currentData() == people["bao"]
        # back to the step, Enter starts the next one
        key(qtbot, Qt.Key.Key_Tab, SHIFT)
        assert focused() is first.description
        key(qtbot, Qt.Key.Key_Return)
        assert len(dialog.steps.rows) == 2 and focused() is dialog.steps.rows[1].description
        type_text(qtbot, "Book the data partner")
        key(qtbot, Qt.Key.Key_Return)
        assert len(dialog.steps.rows) == 3 and focused() is dialog.steps.rows[2].description
        # Backspace in an empty step takes it away again
        key(qtbot, Qt.Key.Key_Backspace)
        assert len(dialog.steps.rows) == 2 and focused() is dialog.steps.rows[1].description
        # on through the second step, the Add button, to the next check-in
        for expected in (dialog.steps.rows[1].owner, dialog.steps.rows[1].due, dialog.steps.rows[1].remove,
                         dialog.steps.add_button, dialog.next_date):
            key(qtbot, Qt.Key.Key_Tab)
            assert focused() is getattr(expected, "edit", expected)  # a date field types into its line
        assert dialog.next_date.date() == dt.date.today() + dt.timedelta(days=28)
        key(qtbot, Qt.Key.Key_Return, CTRL)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "run_dialog", fill_in)
    checkin_id = view.quick_entry()
    assert checkin_id is not None
    assert ws.undo_label == "Add check-in"

    row = ws.get("checkins", checkin_id)
    assert row["team_id"] == people["iowa"] and row["date"] == TODAY.isoformat() and row["mode"] == "call"
    assert row["summary"] == SUMMARY and row["private_notes"] == PRIVATE
    assert row["wins"] == "Board approved stipends"
    assert row["challenges"] == "Survey response < 20% in rural counties"
    assert row["support_requested"] == "An introduction to the analyst"
    assert row["next_checkin_date"] == (TODAY + dt.timedelta(weeks=4)).isoformat()
    steps = get_checkin(ws, checkin_id).next_steps
    assert [(s.description, s.owner_id, s.due_date, s.done) for s in steps] == [
        (STEP, people["bao"], (TODAY + dt.timedelta(days=14)).isoformat(), False),
        ("Book the data partner", None, (TODAY + dt.timedelta(days=14)).isoformat(), False),
    ]
    # the list shows it, selected, with the typed text exactly
    assert selected_record(view.table).id == checkin_id
    assert view.model.index(0, CheckinTableModel.COL_SUMMARY).data() == SUMMARY
    assert view.detail.summary.text.text() == SUMMARY
    assert view.detail.private_text.text() == PRIVATE

    ws.undo()
    assert ws.get("checkins", checkin_id) is None and ws.count("next_steps") == 0
    assert checkin_id not in shown_ids(view)


def test_remove_a_step_and_pick_the_team_by_keyboard(view, ws, people, qtbot, monkeypatch):
    def fill_in(dialog: CheckinDialog) -> bool:
        show_dialog(qtbot, dialog)
        # no team chosen yet: the cursor starts on the team
        assert dialog.team.currentData() is None and focused() is dialog.team
        type_text(qtbot, "New")
        assert dialog.team.currentData() == people["mexico"]
        key(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.date.edit
        for _ in range(3):
            key(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.mode
        type_text(qtbot, "V")
        assert dialog.mode.currentData() in ("video", "visit")
        key(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "Short video call")
        for _ in range(5):
            key(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.steps.rows[0].description
        type_text(qtbot, "Keep me")
        key(qtbot, Qt.Key.Key_Return)
        type_text(qtbot, "Drop me")
        for _ in range(3):
            key(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.steps.rows[1].remove
        assert focused().accessibleName() == "Remove next step 2"
        key(qtbot, Qt.Key.Key_Space)
        assert [r.description.text() for r in dialog.steps.rows] == ["Keep me"]
        assert focused() is dialog.steps.rows[0].description
        # Alt+N adds a step from anywhere in the form; left blank, it is not a step
        key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: len(dialog.steps.rows) == 2)  # a mnemonic clicks after a short animation
        assert focused() is dialog.steps.rows[1].description
        key(qtbot, Qt.Key.Key_Enter, CTRL)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "run_dialog", fill_in)
    view.team_filter.setCurrentIndex(0)
    view.table.clearSelection()
    checkin_id = view.quick_entry()
    record = get_checkin(ws, checkin_id)
    assert record.team_id == people["mexico"] and record.summary == "Short video call"
    assert [s.description for s in record.next_steps] == ["Keep me"]


def test_escape_cancels_and_asks_only_when_something_was_typed(view, ws, people, qtbot, monkeypatch):
    asked = Recorder(False)
    monkeypatch.setattr(dialogs, "confirm", asked)
    dialog = CheckinDialog(view, ws, view.cohort_id, team_id=people["iowa"])
    show_dialog(qtbot, dialog)
    key(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected and asked.calls == []

    dialog = CheckinDialog(view, ws, view.cohort_id, team_id=people["iowa"])
    show_dialog(qtbot, dialog)
    type_text(qtbot, "Half a thought")
    key(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked.calls) == 1  # kept: the user said no
    asked.answer = True
    key(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert ws.count("checkins") == 0


def test_errors_are_shown_at_their_fields(view, ws, people, qtbot):
    dialog = CheckinDialog(view, ws, view.cohort_id)
    show_dialog(qtbot, dialog)
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors["team_id"].isVisible() and "choose the team" in dialog.errors["team_id"].text()
    assert focused() is dialog.team

    dialog.team.setCurrentIndex(dialog.team.findData(people["iowa"]))
    dialog.next_date.set_value(dialog.date.date() - dt.timedelta(days=1))
    dialog.steps.rows[0].owner.setCurrentIndex(1)  # an owner, but no description
    dialog.submit()
    assert dialog.isVisible() and ws.count("checkins") == 0
    assert not dialog.errors["team_id"].isVisible()
    assert "Next check-in: must not be before" in dialog.errors["next_checkin_date"].text()
    assert dialog.errors["next_steps"].text() == "Next step 1: cannot be empty."
    assert focused() is dialog.next_date.edit

    dialog.next_date.set_value(dialog.date.date())
    dialog.submit()
    assert focused() is dialog.steps.rows[0].description
    dialog.steps.rows[0].description.setText("Now described")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted and ws.count("next_steps") == 1


def test_dates_at_their_defaults_follow_the_check_in_date(view, ws, people, qtbot):
    dialog = CheckinDialog(view, ws, view.cohort_id, team_id=people["iowa"])
    qtbot.addWidget(dialog)
    dialog.date.set_value(dt.date(2026, 3, 2))
    assert dialog.next_date.date() == dt.date(2026, 3, 30)
    assert dialog.steps.rows[0].due.date() == dt.date(2026, 3, 16)
    dialog.next_date.set_value(dt.date(2026, 5, 1))  # chosen by hand: stays
    dialog.date.set_value(dt.date(2026, 3, 3))
    assert dialog.next_date.date() == dt.date(2026, 5, 1)
    assert dialog.steps.rows[0].due.date() == dt.date(2026, 3, 17)


def test_an_empty_date_by_keyboard(view, ws, people, qtbot):
    dialog = CheckinDialog(view, ws, view.cohort_id, team_id=people["iowa"])
    show_dialog(qtbot, dialog)
    dialog.next_date.setFocus()
    key(qtbot, Qt.Key.Key_A, CTRL)
    key(qtbot, Qt.Key.Key_Delete)
    assert dialog.next_date.edit.text() == "" and dialog.values()["next_checkin_date"] is None
    assert dialog.next_date.problem() is None  # it may be left empty
    key(qtbot, Qt.Key.Key_Up)  # from empty, Up starts at the default, not in 1900
    assert dialog.next_date.date() == dialog.date.date() + dt.timedelta(days=28)


def test_owners_follow_the_team(view, ws, people, qtbot):
    dialog = CheckinDialog(view, ws, view.cohort_id, team_id=people["iowa"])
    qtbot.addWidget(dialog)
    owner = dialog.steps.rows[0].owner
    names = [owner.itemText(i) for i in range(owner.count())]
    assert names == ["No owner", "Ana Lima", "Bao Tran", "Dana Okafor (facilitator)"]
    owner.setCurrentIndex(owner.findData(people["dana"]))
    dialog.team.setCurrentIndex(dialog.team.findData(people["mexico"]))
    assert [owner.itemText(i) for i in range(owner.count())] == ["No owner", "Dana Okafor (facilitator)"]
    assert owner.currentData() == people["dana"]


# --- the list and the detail ---------------------------------------------------------

def test_the_list_is_newest_first_and_filters_by_team(view, history, people):
    view.refresh()
    assert view.team_filter.itemText(0) == "All teams"
    assert shown_ids(view) == [history["mexico"], history["recent"], history["old"]]
    assert not view.table.isColumnHidden(CheckinTableModel.COL_TEAM)
    assert view.model.index(0, CheckinTableModel.COL_TEAM).data() == "New Mexico"
    assert view.model.index(0, CheckinTableModel.COL_WHO).data() == "Data Partners"
    assert view.model.index(2, CheckinTableModel.COL_SUMMARY).data() == "Kick-off visit."
    assert view.model.index(2, CheckinTableModel.COL_STEPS).data() == "1 open, 1 overdue"
    assert view.model.index(2, CheckinTableModel.COL_WHO).data() == "Dana Okafor"
    # the next check-in planned at the latest check-in with a team is the one that can be late
    assert view.model.index(2, CheckinTableModel.COL_NEXT).data() == \
        day_with_weekday(days_ago(12))
    assert "3 check-ins" in view.count_label.text() and "1 overdue" in view.count_label.text()

    view.team_filter.setCurrentIndex(view.team_filter.findData(people["iowa"]))
    assert shown_ids(view) == [history["recent"], history["old"]]
    assert view.table.isColumnHidden(CheckinTableModel.COL_TEAM)
    view.team_filter.setCurrentIndex(view.team_filter.findData(people["mexico"]))
    assert shown_ids(view) == [history["mexico"]]
    view.team_filter.setCurrentIndex(0)
    assert len(shown_ids(view)) == 3


def test_a_team_without_check_ins_says_so(view, ws, people, history):
    ws.delete("checkins", history["mexico"])
    view.team_filter.setCurrentIndex(view.team_filter.findData(people["mexico"]))
    assert view.empty_team.isVisible() and not view.split.isVisible() and view.toolbar.isVisible()
    view.team_filter.setCurrentIndex(0)
    assert view.split.isVisible() and not view.empty_team.isVisible()


def test_empty_cohort_and_no_cohort(qtbot, ws, cohort):
    screen = CheckinsView()
    qtbot.addWidget(screen)
    screen.set_workspace(ws)
    screen.show()
    screen.refresh_if_stale()
    assert screen.no_cohort.isVisible() and not screen.toolbar.isVisible()
    screen.set_cohort(cohort)
    assert screen.no_teams.isVisible() and not screen.no_cohort.isVisible()
    ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Children First"})
    screen.changed(frozenset({"teams"}))
    assert screen.empty_all.isVisible() and screen.toolbar.isVisible()


def test_private_notes_are_shown_labelled_private(view, history):
    view.show_record(history["old"])
    detail = view.detail
    assert selected_record(view.table).id == history["old"]
    assert detail.private_box.isVisible()
    assert detail.private_title.text() == PRIVATE_LABEL == "Private — facilitators only"
    assert detail.private_text.text() == PRIVATE
    assert detail.private_text.textFormat() == Qt.TextFormat.PlainText  # <i> is shown, not obeyed
    assert detail.summary.text.text() == "Kick-off visit.\nMet the board."
    assert detail.wins.isVisible() and not detail.challenges.isVisible()
    assert "Visit" in detail.title.text() and "Dana Okafor" in detail.meta.text()
    assert list(detail.step_checks) == [s.id for s in get_checkin(view.ws, history["old"]).next_steps]

    assert "overdue" not in detail.next_checkin.text()  # past, but a later check-in was held

    view.show_record(history["recent"])  # no private notes: no private box
    assert not detail.private_box.isVisible()
    assert detail.steps_box.isVisible() and detail.step_checks == {}


def test_mark_a_next_step_done_from_the_detail(view, ws, history, qtbot):
    view.show_record(history["old"])
    step = get_checkin(ws, history["old"]).next_steps[0]
    check = view.detail.step_checks[step.id]
    assert not check.isChecked() and check.accessibleName() == "Done: Share the glossary"
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert get_checkin(ws, history["old"]).next_steps[0].done
    assert ws.undo_label == "Mark next step done"
    # redrawn, with the focus kept on the step
    new_check = view.detail.step_checks[step.id]
    assert new_check.isChecked() and focused() is new_check
    assert view.model.index(view.model.row_of(history["old"]), CheckinTableModel.COL_STEPS).data() == "All done"
    ws.undo()
    assert not view.detail.step_checks[step.id].isChecked()


def test_a_next_check_in_past_with_none_since_stands_out(view, ws, history):
    ws.update("checkins", history["mexico"], {"next_checkin_date": days_ago(1)})
    row = view.model.row_of(history["mexico"])
    assert view.model.index(row, CheckinTableModel.COL_NEXT).data().startswith("⚠ ")
    assert view.model.index(row, CheckinTableModel.COL_NEXT).data(Qt.ItemDataRole.ToolTipRole)
    view.show_record(history["mexico"])
    assert view.detail.next_checkin.text().endswith("overdue, none held since")


def test_show_record_switches_the_filter(view, history, people):
    view.team_filter.setCurrentIndex(view.team_filter.findData(people["iowa"]))
    view.show_record(history["mexico"])
    assert view.team_filter.currentData() == people["mexico"]
    assert selected_record(view.table).id == history["mexico"]
    view.show_record(people["iowa"])  # a team: its check-ins
    assert view.team_filter.currentData() == people["iowa"]
    assert shown_ids(view) == [history["recent"], history["old"]]
    view.team_filter.setCurrentIndex(0)
    view.show_record(history["old"])  # all teams shown: the filter stays
    assert view.team_filter.currentData() is None and selected_record(view.table).id == history["old"]


def test_quick_entry_preselects_the_given_or_selected_team(view, history, people, monkeypatch):
    seen = []

    def look(dialog):
        seen.append(dialog.team.currentData())
        return False

    monkeypatch.setattr(dialogs, "run_dialog", look)
    assert view.quick_entry(people["mexico"]) is None
    view.show_record(history["old"])
    view.quick_entry()
    assert seen == [people["mexico"], people["iowa"]]


def test_edit_replaces_the_steps_and_undo_restores(view, ws, history, monkeypatch, qtbot):
    view.show_record(history["old"])

    def edit(dialog: CheckinDialog) -> bool:
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Edit check-in"
        assert dialog.summary.toPlainText() == "Kick-off visit.\nMet the board."
        assert [r.description.text() for r in dialog.steps.rows] == ["Share the glossary", "Book the data partner"]
        dialog.summary.setPlainText("Kick-off visit, edited <b>&")
        dialog.steps.remove_row(dialog.steps.rows[0])
        dialog.steps.add_row().description.setText("A new step")
        dialog.submit()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "run_dialog", edit)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Return)  # Enter on a row opens it, as a double click does
    assert ws.undo_label == "Edit check-in"
    record = get_checkin(ws, history["old"])
    assert record.summary == "Kick-off visit, edited <b>&"
    assert [(s.description, s.done) for s in record.next_steps] == [("Book the data partner", True), ("A new step", False)]
    assert view.detail.summary.text.text() == "Kick-off visit, edited <b>&"

    ws.undo()
    record = get_checkin(ws, history["old"])
    assert record.summary == "Kick-off visit.\nMet the board."
    assert [s.description for s in record.next_steps] == ["Share the glossary", "Book the data partner"]
    assert view.detail.summary.text.text() == "Kick-off visit.\nMet the board."


def test_delete_asks_first_and_undo_restores(view, ws, history, monkeypatch):
    view.show_record(history["old"])
    declined = Recorder(False)
    monkeypatch.setattr(dialogs, "confirm", declined)
    view.delete_selected()
    assert ws.get("checkins", history["old"]) is not None
    assert "Iowa team and its 2 next steps" in declined.texts[0]

    agreed = Recorder(True)
    monkeypatch.setattr(dialogs, "confirm", agreed)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Delete)  # the Delete key does the same
    assert len(agreed.calls) == 1
    assert ws.get("checkins", history["old"]) is None and ws.count("next_steps") == 0
    assert ws.undo_label == "Delete check-in"
    assert history["old"] not in shown_ids(view)
    assert selected_record(view.table) is not None  # the neighbour is selected

    ws.undo()
    assert history["old"] in shown_ids(view)
    assert len(get_checkin(ws, history["old"]).next_steps) == 2


def test_quick_entry_without_teams_explains(qtbot, ws, cohort, informed):
    screen = CheckinsView()
    qtbot.addWidget(screen)
    screen.set_workspace(ws)
    screen.set_cohort(cohort)
    assert screen.quick_entry() is None
    assert "Teams screen" in informed.texts[0]


def test_table_model(qtmodeltester, ws, history):
    from equitycohort.data.checkins import cohort_checkins

    model = CheckinTableModel()
    model.set_rows(cohort_checkins(ws, ws.get("teams", get_checkin(ws, history["old"]).team_id)["cohort_id"]))
    qtmodeltester.check(model)
    model.sort(CheckinTableModel.COL_STEPS, Qt.SortOrder.DescendingOrder)
    assert model.record(0).id == history["old"]
    qtmodeltester.check(model)
