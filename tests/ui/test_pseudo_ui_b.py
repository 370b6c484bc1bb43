"""Issue 16, pseudo-locale: every string the Schedule, Workplans, Assessments and Check-ins screens and
their dialogs show comes through the catalog.

Each screen and dialog is built in the pseudo-language ``qps`` on a demo workspace whose typed text is
marked the same way (``pseudo.marked_workspace``); whatever still shows letters outside the markers was
never marked for translation. Text painted by the charts is caught as it is drawn, and the questions of
message boxes as they are asked.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from equitycohort import i18n
from equitycohort.data.checkins import cohort_checkins
from equitycohort.data.cohorts import list_cohorts
from equitycohort.data.errors import ValidationError
from equitycohort.data.schedule import list_sessions
from equitycohort.data.teams import list_teams
from equitycohort.data.workplans import load_workplan
from equitycohort.data.workspace import Workspace, open_workspace
from equitycohort.ui import dialogs
from tests.ui import pseudo
from tests.ui.conftest import Recorder

#: both other branches of issue 16 have landed: nothing is set aside for them any more
FROM_CORE: tuple[str, ...] = ()
FROM_UI_A: dict[str, tuple[str, ...]] = {}

#: shown as they are in every language: Qt's own words (its Spanish comes from qtbase_es.qm, which
#: ui/language.py loads; the pseudo-language has no Qt catalog), the start of a web address, and time
#: zone abbreviations after a session's time (EST, MDT); "" is anywhere
AS_THEY_ARE: dict[str, tuple[str, ...]] = {
    "button": (r"^(Save|Cancel)$",),
    "accessible name": (r"^Scroll (Left|Right)$",),
    "placeholder": (r"^https://$",),
    "": (r"\b[A-Z][A-Z]?[SD]T\b",),
}


_INNERMOST = re.compile(re.escape(i18n.PSEUDO_OPEN) + r"[^" + re.escape(i18n.PSEUDO_OPEN + i18n.PSEUDO_CLOSE)
                        + r"]*" + re.escape(i18n.PSEUDO_CLOSE))


def unnest(text: str) -> str:
    """Marked text inside marked text (a typed name in a translated sentence) taken out from the inside:
    pseudo.leftover's one-level match would leave the end of the outer sentence showing.

    Text shortened to fit ("⟦Session 1: Openi…", a title drawn in a chart) has lost its closing markers:
    they are put back.
    """
    if text.endswith("…"):
        text += i18n.PSEUDO_CLOSE * max(0, text.count(i18n.PSEUDO_OPEN) - text.count(i18n.PSEUDO_CLOSE))
    while True:
        shorter = _INNERMOST.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def still_unmarked(texts: list[tuple[str, str]]) -> list[str]:
    """(where, text) pairs that show letters outside the markers, once FROM_CORE and FROM_UI_A are set aside."""
    found = []
    for where, text in texts:
        rest = unnest(text)
        for pattern in FROM_CORE:
            rest = re.sub(pattern, " ", rest)
        for exempt in (FROM_UI_A, AS_THEY_ARE):
            for kind, patterns in exempt.items():
                if where.endswith(kind):
                    for pattern in patterns:
                        rest = re.sub(pattern, " ", rest)
        if pseudo.leftover(rest):
            found.append(f"{where}: {text!r}")
    return sorted(set(found))


def unmarked(widget: QWidget) -> list[str]:
    pairs = []
    for entry in pseudo.unmarked(widget):
        where, _sep, shown = entry.partition(": ")
        pairs.append((where, ast.literal_eval(shown)))
    return still_unmarked(pairs)


@pytest.fixture
def qps() -> Iterator[None]:
    """The app in the pseudo-language for one test."""
    i18n.set_app_language(i18n.PSEUDO)
    yield
    i18n.set_app_language("en")


@pytest.fixture
def marked(tmp_path, demo_template, qps) -> Iterator[Workspace]:
    """The demo workspace with every typed text marked, open.

    A session's agenda is shown a line at a time (the first four, in the Schedule's detail line), so each
    of its lines is marked on its own.
    """
    path = pseudo.marked_workspace(demo_template, tmp_path / "marked.ecw")
    conn = sqlite3.connect(path)
    with conn:
        for session_id, agenda in conn.execute("SELECT id, agenda FROM sessions WHERE agenda IS NOT NULL").fetchall():
            lines = agenda.removeprefix(i18n.PSEUDO_OPEN).removesuffix(i18n.PSEUDO_CLOSE).splitlines()
            conn.execute("UPDATE sessions SET agenda = ? WHERE id = ?",
                         ("\n".join(f"{i18n.PSEUDO_OPEN}{line}{i18n.PSEUDO_CLOSE}" for line in lines), session_id))
    conn.close()
    ws = open_workspace(path, backups=False)
    yield ws
    ws.close()


def cohort_of(ws: Workspace) -> str:
    return list_cohorts(ws)[0].id


def host(qtbot, ws: Workspace, view_class, cohort: str | None = None):
    """A screen on its own, told of every change, at a laptop's size."""
    view = view_class()
    qtbot.addWidget(view)
    view.set_workspace(ws)
    listener = lambda change: view.changed(change.tables)  # noqa: E731
    ws.subscribe(listener)
    view.set_cohort(cohort if cohort is not None else cohort_of(ws))
    view.resize(1280, 760)
    view.show()
    qtbot.waitExposed(view)
    view.refresh_if_stale()
    return view


class Painted:
    """Every string drawn with QPainter.drawText from Python while in use."""

    def __init__(self, monkeypatch) -> None:
        self.texts: list[str] = []
        original = QPainter.drawText

        def draw_text(painter, *args):
            self.texts.extend(a for a in args if isinstance(a, str))
            return original(painter, *args)

        monkeypatch.setattr(QPainter, "drawText", draw_text)

    def of(self, widget: QWidget) -> list[str]:
        self.texts.clear()
        widget.grab()
        return list(self.texts)


def shown(qtbot, dialog: QWidget) -> QWidget:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


# --- the fixtures themselves ----------------------------------------------------------

def test_the_check_catches_unmarked_text(marked, qtbot):
    """A label left unmarked, or a header still in English, is reported; marked text is not."""
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    layout.addWidget(QLabel(i18n._("Schedule")))
    layout.addWidget(QLabel("Take attendance"))
    assert unmarked(box) == ["label: 'Take attendance'"]
    assert still_unmarked([("table header", "Date"), ("label", "Date")]) == ["label: 'Date'", "table header: 'Date'"]


# --- screens ------------------------------------------------------------------------

def test_schedule_list_timeline_and_attendance(marked, qtbot, monkeypatch):
    from equitycohort.ui.views.schedule.view import ScheduleView

    painted = Painted(monkeypatch)
    view = host(qtbot, marked, ScheduleView)
    assert view.model.rowCount() > 0 and view.detail.text()
    assert unmarked(view) == []
    view.views.setCurrentIndex(1)
    assert still_unmarked([("timeline", t) for t in painted.of(view.timeline)]) == []
    # a past session, to see "not taken" and its attendance
    past = [s for s in list_sessions(marked, cohort_of(marked)) if s.date < dt.date.today().isoformat()]
    view.views.setCurrentIndex(0)
    view.show_record(past[-1].id)
    view.take_attendance()
    assert view.pages.currentWidget() is view.attendance and view.attendance.summary.text()
    assert unmarked(view) == []
    # a mark's name under Edit > Undo
    view.attendance.mark(1, "excused")
    assert marked.undo_label and still_unmarked([("undo", marked.undo_label)]) == []
    view.attendance.mark_rest_present()
    assert marked.undo_label and still_unmarked([("undo", marked.undo_label)]) == []
    view.attendance.mark(1, None)
    assert marked.undo_label and still_unmarked([("undo", marked.undo_label)]) == []
    assert unmarked(view) == []


def test_schedule_without_sessions_or_cohort(tmp_path, qps, qtbot):
    from equitycohort.data.workspace import create_workspace
    from equitycohort.ui.views.schedule.view import ScheduleView

    ws = create_workspace(tmp_path / "empty.ecw", with_framework=False)
    try:
        view = host(qtbot, ws, ScheduleView, cohort="")
        assert unmarked(view) == []
    finally:
        ws.close()


def test_workplans_goals_actions_and_milestones(marked, qtbot, monkeypatch):
    from equitycohort.ui.views.workplans.view import WorkplansView

    painted = Painted(monkeypatch)
    view = host(qtbot, marked, WorkplansView)
    teams = list_teams(marked, cohort_of(marked))
    # the team with the most to show: goals, actions, milestones
    team = max(teams, key=lambda t: (len(load_workplan(marked, t.id).milestones), len(load_workplan(marked, t.id).goals)))
    view.select_team(team.id)
    assert view.goal_model.rowCount() and view.action_model.rowCount()
    assert unmarked(view) == []
    assert still_unmarked([("goal table", t) for t in painted.of(view.goal_table)]) == []
    assert still_unmarked([("team table", t) for t in painted.of(view.team_table)]) == []
    view.tabs.setCurrentIndex(1)
    assert unmarked(view) == []
    for row in range(view.goal_model.rowCount()):  # goals measured and not, with and without indicators
        view.goal_table.selectRow(row)
        assert unmarked(view) == [], row


def test_assessments_growth_heat_map_and_framework(marked, qtbot, monkeypatch):
    from equitycohort.ui.views.assessments.view import AssessmentsView

    painted = Painted(monkeypatch)
    view = host(qtbot, marked, AssessmentsView)
    assert view.round_model.rowCount() >= 2
    assert unmarked(view) == []
    assert still_unmarked([("radar", t) for t in painted.of(view.radar)]) == []
    assert still_unmarked([("radar tooltip", view.radar.tooltip_for(0))]) == []
    view.tabs.setCurrentIndex(1)
    assert unmarked(view) == []
    assert still_unmarked([("heat map", t) for t in painted.of(view.heatmap)]) == []
    assert still_unmarked([("heat map tooltip", view.heatmap.tooltip_for(r, 0)) for r in range(len(view.heatmap.rows))]) == []
    view.tabs.setCurrentIndex(2)
    assert unmarked(view) == []
    # a team with one round only, and one with none
    for team in list_teams(marked, cohort_of(marked)):
        view.select_team(team.id)
        view.tabs.setCurrentIndex(0)
        assert unmarked(view) == [], team.state


def test_assessments_without_a_framework(tmp_path, qps, qtbot):
    from equitycohort.data.workspace import create_workspace
    from equitycohort.ui.views.assessments.view import AssessmentsView

    ws = create_workspace(tmp_path / "empty.ecw", with_framework=False)
    try:
        view = host(qtbot, ws, AssessmentsView, cohort="")
        assert unmarked(view) == []
    finally:
        ws.close()


def test_checkins_list_and_detail(marked, qtbot):
    from equitycohort.ui.views.checkins.view import CheckinsView

    view = host(qtbot, marked, CheckinsView)
    assert view.model.rowCount() > 0
    records = cohort_checkins(marked, cohort_of(marked))
    # one with private notes and next steps, shown in the detail
    rich = next(c for c in records if c.private_notes and c.next_steps)
    view.show_record(rich.id)
    assert view.detail.private_box.isVisibleTo(view.detail)
    assert unmarked(view) == []
    view.team_filter.setCurrentIndex(1)
    assert unmarked(view) == []


# --- dialogs ------------------------------------------------------------------------

def dialog_cases() -> dict[str, Callable]:
    """Each dialog of this half of the UI, built on the marked demo (parent, ws) -> dialog."""
    from equitycohort.ui.views.assessments.dialogs import (
        AssessmentDialog,
        DimensionDialog,
        FrameworkDetailsDialog,
        LevelDialog,
    )
    from equitycohort.ui.views.checkins.form import CheckinDialog
    from equitycohort.ui.views.schedule.dialogs import PlanSessionsDialog, SessionDialog
    from equitycohort.ui.views.workplans.dialogs import ActionDialog, GoalDialog, MilestoneDialog

    def team(ws):
        return list_teams(ws, cohort_of(ws))[0].id

    def framework(ws):
        return ws.rows("SELECT id FROM frameworks")[0]["id"]

    def first(ws, table, where="1"):
        return ws.rows(f"SELECT * FROM {table} WHERE {where} LIMIT 1")[0]  # noqa: S608 - test fixture

    def team_session(ws):
        return first(ws, "sessions", "kind = 'team' AND format = 'in_person'") \
            if ws.rows("SELECT 1 FROM sessions WHERE kind = 'team' AND format = 'in_person'") else first(ws, "sessions")

    def goal_team(ws):
        return first(ws, "goals")["team_id"]

    def round_of(ws):
        return first(ws, "assessments", "round = 'midpoint'")

    return {
        "new session": lambda p, ws: SessionDialog(p, ws, cohort_of(ws)),
        "edit session": lambda p, ws: SessionDialog(p, ws, cohort_of(ws), first(ws, "sessions")),
        "edit team session": lambda p, ws: SessionDialog(p, ws, cohort_of(ws), team_session(ws)),
        "plan sessions": lambda p, ws: PlanSessionsDialog(p, ws, cohort_of(ws)),
        "new goal": lambda p, ws: GoalDialog(p, ws, team(ws)),
        "edit goal": lambda p, ws: GoalDialog(p, ws, goal_team(ws), first(ws, "goals", "target IS NOT NULL")),
        "new action": lambda p, ws: ActionDialog(p, ws, goal_team(ws), first(ws, "goals")["id"]),
        "edit action": lambda p, ws: ActionDialog(p, ws, goal_team(ws), action=first(ws, "actions")),
        "new milestone": lambda p, ws: MilestoneDialog(p, ws, goal_team(ws)),
        "edit milestone": lambda p, ws: MilestoneDialog(p, ws, first(ws, "milestones")["team_id"],
                                                        first(ws, "milestones")),
        "record assessment": lambda p, ws: AssessmentDialog(p, ws, team(ws), framework(ws)),
        "edit assessment round": lambda p, ws: AssessmentDialog(p, ws, round_of(ws)["team_id"], framework(ws),
                                                                round_of(ws)["id"]),
        "framework details": lambda p, ws: FrameworkDetailsDialog(p, ws, framework(ws)),
        "add dimension": lambda p, ws: DimensionDialog(p, ws, framework(ws)),
        "edit dimension": lambda p, ws: DimensionDialog(p, ws, framework(ws), first(ws, "dimensions")["id"]),
        "add level": lambda p, ws: LevelDialog(p, ws, framework(ws)),
        "rename level": lambda p, ws: LevelDialog(p, ws, framework(ws), first(ws, "levels")),
        "record a check-in": lambda p, ws: CheckinDialog(p, ws, cohort_of(ws)),
        "edit check-in": lambda p, ws: CheckinDialog(p, ws, cohort_of(ws), checkin_id=first(ws, "checkins")["id"]),
    }


@pytest.mark.parametrize("name", list(dialog_cases()))
def test_dialog(name, marked, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", Recorder(answer=True))  # closing a form typed in asks first: yes
    dialog = shown(qtbot, dialog_cases()[name](None, marked))
    assert unmarked(dialog) == []


def test_session_dialog_in_person_and_for_a_team(marked, qtbot):
    from equitycohort.ui.views.schedule.dialogs import SessionDialog

    dialog = shown(qtbot, SessionDialog(None, marked, cohort_of(marked)))
    dialog.kind.setCurrentIndex(dialog.kind.findData("team"))
    dialog.format.setCurrentIndex(dialog.format.findData("in_person"))
    assert unmarked(dialog) == []


def test_plan_sessions_flags_problems_and_places(marked, qtbot):
    from equitycohort.ui.views.schedule.dialogs import PlanSessionsDialog

    dialog = shown(qtbot, PlanSessionsDialog(None, marked, cohort_of(marked)))
    dialog.format.setCurrentIndex(dialog.format.findData("in_person"))
    # monthly on the first Monday from July: Labor Day, and the cohort's own sessions
    dialog.nth.setCurrentIndex(dialog.nth.findData(1))
    dialog.weekday.setCurrentIndex(dialog.weekday.findData(0))
    assert any(p.holiday for p in dialog.planned)
    assert dialog.preview_note.text()
    assert unmarked(dialog) == []
    dialog.frequency.setCurrentIndex(dialog.frequency.findData("weekly"))
    dialog.count.setValue(12)
    assert any(p.clashes for p in dialog.planned)
    assert unmarked(dialog) == []
    dialog.zone.setCurrentText("Nowhere/Atlantis")
    dialog.update_preview()
    assert dialog.error.text()
    assert unmarked(dialog) == []


def test_check_in_form_with_steps_and_its_errors(marked, qtbot, monkeypatch):
    from equitycohort.ui.views.checkins.form import CheckinDialog

    monkeypatch.setattr(dialogs, "confirm", Recorder(answer=True))  # closing it discards what was typed
    dialog = shown(qtbot, CheckinDialog(None, marked, cohort_of(marked)))
    dialog.team.setCurrentIndex(1)
    dialog.steps.add_row()
    assert len(dialog.steps.rows) == 2
    dialog.steps.rows[1].description.setText("⟦Call the board⟧")
    dialog.steps.rows[1].due.edit.setText("not a date")
    problems = dialog.unreadable()
    # the form's words around the date field's own reason (ui/fields.py, FROM_UI_A)
    assert [p.field for p in problems] == ["next_steps"]
    message = problems[0].message
    assert message.startswith(i18n.PSEUDO_OPEN) and message.endswith(i18n.PSEUDO_CLOSE), message
    focused = Recorder()
    monkeypatch.setattr(dialog.steps, "focus_row", focused)
    dialog.show_errors(ValidationError(problems))
    assert focused.calls == [(2,)]  # the step is still found by its number in the translated message
    assert unmarked(dialog) == []


# --- questions asked in message boxes ----------------------------------------------------

@pytest.fixture
def asked(monkeypatch) -> Recorder:
    """dialogs.confirm, recorded, answering no."""
    recorder = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "confirm", recorder)
    return recorder


def asked_unmarked(recorder: Recorder) -> list[str]:
    """The title, question and button of every confirmation that are not marked."""
    return still_unmarked([(f"question {i}", text) for i, call in enumerate(recorder.calls)
                           for text in call[1:4]])


def test_the_questions_screens_ask(marked, qtbot, asked):
    from equitycohort.ui.views.assessments.view import AssessmentsView
    from equitycohort.ui.views.checkins.view import CheckinsView
    from equitycohort.ui.views.schedule.view import ScheduleView
    from equitycohort.ui.views.workplans.view import WorkplansView

    schedule = host(qtbot, marked, ScheduleView)
    schedule.delete_session()
    plans = host(qtbot, marked, WorkplansView)
    plans.delete_goal()
    plans.delete_action()
    plans.tabs.setCurrentIndex(1)
    plans.delete_milestone()
    assessments = host(qtbot, marked, AssessmentsView)
    assessments.delete_round()
    assessments.tabs.setCurrentIndex(2)
    assessments.editor.delete_dimension()
    assessments.editor.delete_framework()
    assessments.editor.framework_table.setCurrentIndex(assessments.editor.framework_model.index(0, 2))
    assessments.editor.delete_level()
    checkins = host(qtbot, marked, CheckinsView)
    checkins.delete_selected()
    assert len(asked.calls) == 9
    assert asked_unmarked(asked) == []


def test_discarding_a_check_in_asks_in_the_language(marked, qtbot, asked):
    from equitycohort.ui.views.checkins.form import CheckinDialog

    dialog = shown(qtbot, CheckinDialog(None, marked, cohort_of(marked)))
    dialog.summary.setPlainText("⟦Typed⟧")
    dialog.reject()
    assert len(asked.calls) == 1 and asked_unmarked(asked) == []


def test_choosing_a_level_and_the_framework_file_dialogs(marked, qtbot, monkeypatch):
    from equitycohort.ui.views.assessments.view import AssessmentsView

    view = host(qtbot, marked, AssessmentsView)
    view.tabs.setCurrentIndex(2)
    view.editor.framework_table.setCurrentIndex(view.editor.framework_model.index(0, 1))
    chose, opened, saved = Recorder(None), Recorder(None), Recorder(None)
    monkeypatch.setattr(dialogs, "choose", chose)
    monkeypatch.setattr(dialogs, "open_file", opened)
    monkeypatch.setattr(dialogs, "save_path", saved)
    view.editor.rename_level()
    view.editor.import_framework()
    view.editor.export_framework()
    assert len(chose.calls) == len(opened.calls) == len(saved.calls) == 1
    # (parent, title, label, items) / (parent, title, folder, filter) / (parent, title, suggested path, filter)
    texts = [("choose", t) for t in chose.calls[0][1:3]] + [
        (name, call[0][i]) for name, call in (("open", opened.calls), ("save", saved.calls)) for i in (1, 3)]
    assert still_unmarked(texts) == []


def test_warnings_of_a_framework_not_imported(marked, qtbot, monkeypatch, tmp_path, warned):
    from equitycohort.ui.views.assessments.view import AssessmentsView

    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "dimensions": "no"}', encoding="utf-8")
    view = host(qtbot, marked, AssessmentsView)
    monkeypatch.setattr(dialogs, "open_file", Recorder(str(bad)))
    view.editor.import_framework()
    assert len(warned.calls) == 1
    title, text = warned.calls[0][1], warned.calls[0][2]
    assert pseudo.leftover(title) == ""
    assert pseudo.leftover(text.split("\n", 1)[0]) == ""  # what follows are the data layer's reasons


def test_painted_text_is_caught(qtbot, qps, monkeypatch):
    """The painter check sees what a chart draws (an English word drawn would be found)."""
    from equitycohort.ui.views.charts.radar import RadarChart

    painted = Painted(monkeypatch)
    chart = RadarChart()
    qtbot.addWidget(chart)
    chart.resize(400, 400)
    assert painted.of(chart) == [i18n._("No framework to chart")]
    assert still_unmarked([("radar", "No framework to chart")]) == ["radar: 'No framework to chart'"]


def test_marks_keep_english_as_it_was(qtbot):
    """In English the marked strings read exactly as before (the catalog's source is American English)."""
    from equitycohort.ui.views.attendance import AttendanceTableModel

    model = AttendanceTableModel()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Name", "Role", "Present", "Absent", "Excused", "Attendance", "Absences in a row"]
