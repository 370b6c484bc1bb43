"""Assessments: entering rounds through the entry dialog, growth table and radar, the heat map, the framework editor."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLabel

from equitycohort.data.assessments import save_round, team_rounds
from equitycohort.data.frameworks import DEFAULT_FRAMEWORK, export_framework_json
from equitycohort.data.workspace import create_workspace
from equitycohort.ui import dialogs
from equitycohort.ui.views.assessments.dialogs import AssessmentDialog, DimensionDialog, LevelDialog
from equitycohort.ui.views.assessments.models import FrameworkTableModel, GrowthTableModel, RoundTableModel
from equitycohort.ui.views.assessments.view import AssessmentsView
from equitycohort.ui.views.charts.heatmap import level_ramp
from equitycohort.ui.views.charts.radar import LATEST_STYLE
from tests.ui.conftest import Recorder, click

DESCRIPTORS = [d["descriptors"] for d in DEFAULT_FRAMEWORK["dimensions"]]


def host(qtbot, ws, cohort_id: str | None) -> AssessmentsView:
    """The screen as the main window hosts it: told of every change, shown at a laptop's size."""
    view = AssessmentsView()
    qtbot.addWidget(view)
    view.set_workspace(ws)
    listener = lambda change: view.changed(change.tables)  # noqa: E731
    ws.subscribe(listener)
    view._test_listener = listener
    view.set_cohort(cohort_id)
    view.resize(1100, 720)
    view.show()
    qtbot.waitExposed(view)
    view.refresh_if_stale()
    return view


@pytest.fixture
def made(tmp_path):
    """A new workspace (it carries the default framework) with a cohort of two teams."""
    ws = create_workspace(tmp_path / "assess.ecw")
    program = ws.insert("programs", {"name": "Operationalizing Equity"}).id
    cohort = ws.insert("cohorts", {"program_id": program, "name": "Cohort 1",
                                   "start_date": "2026-01-13", "end_date": "2026-07-13"}).id
    colorado = ws.insert("teams", {"cohort_id": cohort, "state": "CO", "organization": "Colorado Kids"}).id
    arizona = ws.insert("teams", {"cohort_id": cohort, "state": "AZ", "organization": "Arizona Families"}).id
    yield ws, cohort, {"CO": colorado, "AZ": arizona}
    ws.close()


@pytest.fixture
def view(qtbot, made):
    ws, cohort, _teams = made
    v = host(qtbot, ws, cohort)
    yield v
    ws.unsubscribe(v._test_listener)


def open_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def choose_level(qtbot, box: QComboBox, rank: int | None) -> None:
    """Pick a level the way a keyboard user does: focus the box, arrow to it."""
    box.setFocus()
    target = box.findData(rank)
    assert target >= 0, rank
    while box.currentIndex() < target:
        qtbot.keyClick(box, Qt.Key.Key_Down)
    while box.currentIndex() > target:
        qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.currentData() == rank


def save(qtbot, dialog) -> None:
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))


def growth_column(view, column: int) -> list[str]:
    model = view.growth_model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def count_colour(image, colour: QColor, tolerance: int = 24) -> int:
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (abs(c.red() - colour.red()) + abs(c.green() - colour.green())
                    + abs(c.blue() - colour.blue())) <= tolerance:
                found += 1
    return found


# --- entering rounds and seeing growth ---------------------------------------------

def test_enter_two_rounds_and_see_the_growth(view, qtbot, monkeypatch):
    ws = view.ws
    assert view.tabs.currentIndex() == 0 and view.team_picker.currentText() == "Arizona: Arizona Families"
    assert view.round_model.rowCount() == 0
    assert view.radar.series == []
    assert growth_column(view, GrowthTableModel.COL_CHANGE) == ["–"] * 8

    def baseline(dialog: AssessmentDialog) -> bool:
        open_dialog(qtbot, dialog)
        assert dialog.windowTitle() == "Record assessment"
        assert dialog.round.currentData() == "baseline"  # the first round a team records
        dialog.fields["date"].set_value(dt.date(2026, 1, 20))
        first = next(iter(dialog.levels))
        assert dialog.descriptor_labels[first].text() == "Choose a level to see what it means for this dimension."
        choose_level(qtbot, dialog.levels[first], 1)
        assert dialog.descriptor_labels[first].text() == f"Exploring: {DESCRIPTORS[0][1]}"
        choose_level(qtbot, dialog.levels[first], 2)
        assert dialog.descriptor_labels[first].text() == f"Building: {DESCRIPTORS[0][2]}"
        choose_level(qtbot, dialog.levels[first], 1)
        qtbot.keyClicks(dialog.evidence[first], "Values statement only")
        for box in list(dialog.levels.values())[1:]:
            choose_level(qtbot, box, 2)
        save(qtbot, dialog)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "run_dialog", baseline)
    click(qtbot, view.record_button)
    assert ws.undo_label == "Record baseline assessment"
    assert [(r.label, r.date) for r in team_rounds(ws, view.team_id)] == [("Baseline", "2026-01-20")]
    assert [view.round_model.index(0, c).data() for c in range(3)] == ["Baseline", "Jan 20, 2026", "8 of 8"]
    assert len(view.radar.series) == 1
    assert growth_column(view, GrowthTableModel.COL_BASELINE)[:2] == ["1 Exploring", "2 Building"]
    assert growth_column(view, GrowthTableModel.COL_CHANGE) == ["–"] * 8

    # the midpoint, through the dialog constructed directly
    dialog = open_dialog(qtbot, AssessmentDialog(view, ws, view.team_id, view.framework.id))
    assert dialog.round.currentData() == "midpoint"
    dialog.fields["date"].set_value(dt.date(2026, 4, 21))
    boxes = list(dialog.levels.values())
    previous = dialog.findChildren(QLabel)
    assert any(p.text() == "At baseline: 1 Exploring" for p in previous)
    choose_level(qtbot, boxes[0], 2)
    assert dialog.descriptor_labels[next(iter(dialog.levels))].text() == f"Building: {DESCRIPTORS[0][2]}"
    choose_level(qtbot, boxes[1], 1)
    for box in boxes[2:]:
        choose_level(qtbot, box, 2)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert ws.undo_label == "Record midpoint assessment"

    assert growth_column(view, GrowthTableModel.COL_LATEST)[:2] == ["2 Building", "1 Exploring"]
    assert growth_column(view, GrowthTableModel.COL_CHANGE) == ["▲ +1", "▼ −1"] + ["= ±0"] * 6
    assert view.growth_caption.text() == "Baseline (Jan 20, 2026) against Midpoint (Apr 21, 2026)."
    # a second polygon, drawn in the latest round's style
    assert [s.name for s in view.radar.series] == ["Baseline · Jan 20, 2026", "Midpoint · Apr 21, 2026"]
    assert view.radar.series[1].values == (2, 1, 2, 2, 2, 2, 2, 2)
    image = view.radar.grab().toImage()
    assert not image.isNull() and image.width() > 300
    assert count_colour(image, QColor(LATEST_STYLE.light)) > 100

    # one undo takes the whole midpoint away again
    ws.undo()
    assert len(view.radar.series) == 1
    assert growth_column(view, GrowthTableModel.COL_CHANGE) == ["–"] * 8


def test_problems_are_shown_in_the_dialog_next_to_their_field(view, qtbot):
    dialog = open_dialog(qtbot, AssessmentDialog(view, view.ws, view.team_id, view.framework.id))
    dialog.round.setCurrentIndex(dialog.round.findData("custom"))
    assert dialog.label.isVisible()
    save(qtbot, dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.errors["label"].isVisible()
    assert dialog.errors["label"].text() == "Round name: give a custom round a name."
    assert dialog.banner.isVisible()
    assert dialog.banner.text() == "Ratings: choose a level for at least one dimension."
    qtbot.keyClicks(dialog.label, "Retreat")
    choose_level(qtbot, next(iter(dialog.levels.values())), 3)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert view.ws.undo_label == "Record “Retreat” assessment"
    assert view.round_model.index(0, RoundTableModel.COL_RATED).data() == "1 of 8"


def test_a_rating_problem_shows_on_its_dimension_row(view, qtbot):
    dialog = open_dialog(qtbot, AssessmentDialog(view, view.ws, view.team_id, view.framework.id))
    first = next(iter(dialog.levels))
    choose_level(qtbot, dialog.levels[first], 2)
    dialog.evidence[first].setPlainText("bad \x01 character")
    save(qtbot, dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    error = dialog.errors[f"evidence:{first}"]
    assert error.isVisible() and error.text().startswith("Equity in the policy agenda: Evidence: contains")
    assert error.accessibleName() == "Equity in the policy agenda problem"
    assert view.ws.count("assessments") == 0


def test_edit_and_delete_a_round(view, qtbot, monkeypatch, made):
    ws, _cohort, teams = made
    dims = [d for d, _ in view.framework.dimensions]
    save_round(ws, teams["AZ"], view.framework.id, "baseline", "2026-01-20", {d: (1, "") for d in dims})
    save_round(ws, teams["AZ"], view.framework.id, "midpoint", "2026-04-20", {d: (1, "") for d in dims})
    assert view.round_model.rowCount() == 2
    rect = view.round_table.visualRect(view.round_model.index(1, 0))
    click_at = rect.center()
    qtbot.mouseClick(view.round_table.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    assert view.edit_round_button.isEnabled()

    def raise_first(dialog: AssessmentDialog) -> bool:
        open_dialog(qtbot, dialog)
        assert dialog.windowTitle() == "Edit assessment round"
        assert dialog.round.currentData() == "midpoint" and dialog.levels[dims[0]].currentData() == 1
        choose_level(qtbot, dialog.levels[dims[0]], 3)
        save(qtbot, dialog)
        return True

    monkeypatch.setattr(dialogs, "run_dialog", raise_first)
    click(qtbot, view.edit_round_button)
    assert ws.undo_label == "Edit midpoint assessment"
    assert growth_column(view, GrowthTableModel.COL_CHANGE)[0] == "▲ +2"

    confirm = Recorder(True)
    monkeypatch.setattr(dialogs, "confirm", confirm)
    click(qtbot, view.delete_round_button)
    assert "Delete the midpoint round of Apr 20, 2026 with its 8 ratings" in confirm.texts[0]
    assert view.round_model.rowCount() == 1 and len(view.radar.series) == 1
    ws.undo()
    assert view.round_model.rowCount() == 2


def test_show_record_selects_the_team(view, qtbot, made):
    ws, _cohort, teams = made
    view.tabs.setCurrentIndex(2)
    view.show_record(teams["CO"])
    assert view.tabs.currentIndex() == 0
    assert view.team_picker.currentData() == teams["CO"]
    assert view.team_picker.currentText() == "Colorado: Colorado Kids"


def test_show_record_of_a_team_in_another_cohort_switches_cohort(view, qtbot, made):
    ws, cohort, _teams = made
    program = ws.get("cohorts", cohort)["program_id"]
    later = ws.insert("cohorts", {"program_id": program, "name": "Cohort 2",
                                  "start_date": "2027-01-12", "end_date": "2027-07-12"}).id
    iowa = ws.insert("teams", {"cohort_id": later, "state": "IA", "organization": "Iowa Kids"}).id
    with qtbot.waitSignal(view.context.chosen) as chosen:
        view.show_record(iowa)
    assert "cohort" in chosen.args[0]
    assert view.cohort_id == later and view.team_picker.currentData() == iowa
    assert view.heading.text() == "Self-assessments of Cohort 2"


# --- the cohort heat map ----------------------------------------------------------------

def test_heat_map_cells_print_level_and_change(view, qtbot, made):
    ws, _cohort, teams = made
    fw = view.framework
    dims = [d for d, _ in fw.dimensions]
    save_round(ws, teams["CO"], fw.id, "baseline", "2026-01-20", {d: (2, "") for d in dims})
    save_round(ws, teams["CO"], fw.id, "midpoint", "2026-04-20",
               {**{d: (3, "") for d in dims}, dims[1]: (1, ""), dims[2]: (2, "")})
    save_round(ws, teams["AZ"], fw.id, "baseline", "2026-01-22", {dims[0]: (4, "")})
    view.tabs.setCurrentIndex(1)
    heat = view.heatmap
    assert {r.label: [c.text for c in r.cells] for r in heat.rows} == {
        "Arizona": ["4"] + ["–"] * 7,
        "Colorado": ["3 (+1)", "1 (−1)", "2 (±0)"] + ["3 (+1)"] * 5,
    }
    assert heat.columns[0] == "Equity in the policy agenda"
    assert heat.tooltip_for(1, 1) == ("Colorado, 2. Shared language and understanding: baseline 2 Building → "
                                      "latest 1 Exploring (−1)")
    assert view.cohort_summary.text().startswith("2 teams; 1 with a round after their baseline.")
    assert not heat.grab().toImage().isNull()
    # a single-hue ramp, lighter to darker as the level rises (in light mode)
    ramp = level_ramp(4, dark=False)
    assert [c.lightness() for c in ramp] == sorted((c.lightness() for c in ramp), reverse=True)

    # keyboard: into the map, down to Colorado, Enter opens its growth
    heat.setFocus()
    qtbot.keyClick(heat, Qt.Key.Key_Down)
    assert heat.current == (1, 0)
    qtbot.keyClick(heat, Qt.Key.Key_Return)
    assert view.tabs.currentIndex() == 0 and view.team_picker.currentData() == teams["CO"]


def test_heat_map_for_a_cohort_without_teams(qtbot, tmp_path):
    ws = create_workspace(tmp_path / "x.ecw")
    program = ws.insert("programs", {"name": "P"}).id
    cohort = ws.insert("cohorts", {"program_id": program, "name": "Empty",
                                   "start_date": "2026-01-13", "end_date": "2026-07-13"}).id
    view = host(qtbot, ws, cohort)
    assert view.team_pages.currentWidget() is view.team_empty and view.team_empty.isVisible()
    view.tabs.setCurrentIndex(1)
    assert view.cohort_pages.currentWidget() is view.cohort_empty and view.cohort_empty.isVisible()
    ws.unsubscribe(view._test_listener)
    ws.close()


# --- frameworks ---------------------------------------------------------------------------

def test_no_framework_offers_the_default_one(qtbot, tmp_path):
    ws = create_workspace(tmp_path / "bare.ecw", with_framework=False)
    view = host(qtbot, ws, None)
    assert view.body.currentWidget() is view.no_framework and view.no_framework.isVisible()
    [add] = [b for b in view.no_framework.findChildren(type(view.record_button))
             if b.accessibleName() == "Add the default framework"]
    click(qtbot, add)
    assert view.body.currentWidget() is view.tabs
    assert view.framework_picker.currentText() == "Equity Journey Framework"
    assert ws.undo_label == "Add default framework"
    ws.undo()
    assert view.body.currentWidget() is view.no_framework
    ws.unsubscribe(view._test_listener)
    ws.close()


def framework_cells(view, column: int) -> list[str]:
    model = view.editor.framework_model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_framework_editor_edits_with_undo(view, qtbot, monkeypatch):
    ws = view.ws
    view.tabs.setCurrentIndex(2)
    model = view.editor.framework_model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "#", "Dimension", "1 Exploring", "2 Building", "3 Practicing", "4 Leading"]
    assert framework_cells(view, 2)[0] == DESCRIPTORS[0][1]

    # add a dimension with its descriptors through the dialog
    def add(dialog: DimensionDialog) -> bool:
        open_dialog(qtbot, dialog)
        qtbot.keyClicks(dialog.fields["name"], "Budget and resources")
        dialog.fields["descriptor:1"].setPlainText("No budget line for equity work.")
        dialog.fields["descriptor:4"].setPlainText("Equity work is funded every year.")
        save(qtbot, dialog)
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "run_dialog", add)
    click(qtbot, view.editor.add_dimension_button)
    assert ws.undo_label == "Add dimension Budget and resources"
    assert framework_cells(view, 1)[-1] == "Budget and resources"
    assert framework_cells(view, 0)[-1] == "9"
    assert (framework_cells(view, 2)[-1], framework_cells(view, 3)[-1]) == ("No budget line for equity work.", "")
    assert view.editor.framework_table.currentIndex().row() == 8

    # reorder it up one, then delete it (confirmed), then undo the delete
    click(qtbot, view.editor.up_button)
    assert framework_cells(view, 1)[7:] == ["Budget and resources", "Community voice and lived experience"]
    assert view.editor.framework_table.currentIndex().row() == 7
    confirm = Recorder(True)
    monkeypatch.setattr(dialogs, "confirm", confirm)
    click(qtbot, view.editor.delete_dimension_button)
    assert "Delete the dimension “Budget and resources” with its descriptors?" in confirm.texts[0]
    assert "Budget and resources" not in framework_cells(view, 1)
    ws.undo()
    assert framework_cells(view, 1)[7] == "Budget and resources"

    # rename the level of the selected column
    view.editor.framework_table.setCurrentIndex(model.index(0, FrameworkTableModel.FIRST_LEVEL + 1))

    def rename(dialog: LevelDialog) -> bool:
        open_dialog(qtbot, dialog)
        assert dialog.windowTitle() == "Rename level 2"
        dialog.fields["name"].setText("Developing")
        save(qtbot, dialog)
        return True

    monkeypatch.setattr(dialogs, "run_dialog", rename)
    click(qtbot, view.editor.rename_level_button)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "2 Developing"
    ws.undo()
    assert model.headerData(3, Qt.Orientation.Horizontal) == "2 Building"


def test_double_click_edits_a_descriptor(view, qtbot, monkeypatch):
    view.tabs.setCurrentIndex(2)
    model = view.editor.framework_model
    seen = []

    def edit(dialog: DimensionDialog) -> bool:
        open_dialog(qtbot, dialog)
        seen.append(dialog.windowTitle())
        dialog.fields["descriptor:3"].setPlainText("Rewritten practising text.")
        save(qtbot, dialog)
        return True

    monkeypatch.setattr(dialogs, "run_dialog", edit)
    index = model.index(1, FrameworkTableModel.FIRST_LEVEL + 2)
    view.editor.framework_table.scrollTo(index)
    rect = view.editor.framework_table.visualRect(index)
    qtbot.mouseClick(view.editor.framework_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.editor.framework_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert seen == ["Edit dimension"]
    assert model.index(1, FrameworkTableModel.FIRST_LEVEL + 2).data() == "Rewritten practising text."
    assert view.ws.undo_label == "Edit dimension"


def test_export_and_import_a_framework(view, qtbot, monkeypatch, tmp_path):
    ws = view.ws
    view.tabs.setCurrentIndex(2)
    target = tmp_path / "shared framework"
    monkeypatch.setattr(dialogs, "save_path", Recorder(str(target)))
    click(qtbot, view.editor.export_button)
    written = tmp_path / "shared framework.json"
    assert json.loads(written.read_text(encoding="utf-8"))["name"] == "Equity Journey Framework"
    assert view.editor.framework_status.text() == f"Exported “Equity Journey Framework” to {written}."

    spec = json.loads(written.read_text(encoding="utf-8"))
    spec["name"] = "Our adapted framework"
    spec["licence"] = "CC BY-SA 4.0"
    adapted = tmp_path / "adapted.json"
    adapted.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", Recorder(str(adapted)))
    click(qtbot, view.editor.import_button)
    assert ws.undo_label == "Import framework Our adapted framework"
    assert view.framework_picker.currentText() == "Our adapted framework"
    assert view.framework_picker.count() == 2
    assert view.editor.framework_title.text() == "Our adapted framework"
    assert "License: CC BY-SA 4.0" in view.editor.framework_meta.text()
    assert view.editor.framework_status.text().startswith("Imported “Our adapted framework” from adapted.json.")
    assert export_framework_json(ws, view.framework.id).replace("Our adapted framework", "Equity Journey Framework") \
        .replace("CC BY-SA 4.0", "CC BY 4.0") == written.read_text(encoding="utf-8")


def test_a_bad_framework_file_is_refused_with_its_reasons(view, qtbot, monkeypatch, tmp_path, warned):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "", "levels": [{"rank": 1, "name": "A"}, {"rank": 1, "name": "B"}],
                               "dimensions": [{"name": "D", "descriptors": {"7": "x"}}]}), encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", Recorder(str(bad)))
    view.tabs.setCurrentIndex(2)
    click(qtbot, view.editor.import_button)
    [text] = warned.texts
    assert text.startswith("bad.json was not imported:")
    assert "• Name: is missing or empty." in text
    assert "• Levels: rank 1 appears more than once." in text
    assert "describes level 7" in text
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\xff\xfe not text")
    monkeypatch.setattr(dialogs, "open_file", Recorder(str(broken)))
    click(qtbot, view.editor.import_button)
    assert warned.texts[-1] == "broken.json is not a UTF-8 text file."
    assert view.framework_picker.count() == 1


def test_a_framework_in_use_is_not_deleted(view, qtbot, monkeypatch, made, warned):
    ws, _cohort, teams = made
    save_round(ws, teams["CO"], view.framework.id, "baseline", "2026-01-20",
               {view.framework.dimensions[0][0]: (2, "")})
    monkeypatch.setattr(dialogs, "confirm", Recorder(True))
    view.tabs.setCurrentIndex(2)
    click(qtbot, view.editor.delete_framework_button)
    assert warned.texts and "delete those first" in warned.texts[0]
    assert ws.count("frameworks") == 1


# --- models and accessibility -------------------------------------------------------------

def test_models_pass_the_model_tester(view, qtbot, qtmodeltester, made):
    ws, _cohort, teams = made
    dims = [d for d, _ in view.framework.dimensions]
    save_round(ws, teams["AZ"], view.framework.id, "baseline", "2026-01-20", {d: (1, "") for d in dims})
    save_round(ws, teams["AZ"], view.framework.id, "end", "2026-07-20", {d: (3, "") for d in dims})
    for model in (view.round_model, view.growth_model, view.editor.framework_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)
        for column in range(model.columnCount()):
            model.sort(column, Qt.SortOrder.DescendingOrder)
    view.editor.framework_model.set_framework([(1, "Only")], [])
    qtmodeltester.check(view.editor.framework_model, force_py=True)


def test_every_control_has_an_accessible_name(view, qtbot):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QLineEdit,
        QPlainTextEdit,
        QWidget,
    )

    dialog = open_dialog(qtbot, AssessmentDialog(view, view.ws, view.team_id, view.framework.id))
    for tab in range(3):
        view.tabs.setCurrentIndex(tab)
        for root in (view, dialog):
            for widget in root.findChildren(QWidget):
                if not widget.isVisible() or widget.objectName().startswith("qt_"):
                    continue
                if isinstance(widget, QAbstractButton):
                    assert widget.accessibleName() or widget.text(), widget
                elif isinstance(widget, (QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox)) or (
                        isinstance(widget, QAbstractItemView) and type(widget).__name__ != "QHeaderView"):
                    assert widget.accessibleName(), widget
    assert view.radar.accessibleName() == "Growth chart"
    assert view.heatmap.accessibleName() == "Cohort heat map"
    assert dialog.levels[view.framework.dimensions[0][0]].accessibleName() == \
        "Level for Equity in the policy agenda"


def test_light_and_dark_both_paint(view, qtbot):
    from PySide6.QtWidgets import QApplication

    from equitycohort.ui import theme

    try:
        for mode in ("dark", "light"):
            theme.apply(QApplication.instance(), mode)
            for tab in range(3):
                view.tabs.setCurrentIndex(tab)
                assert not view.grab().isNull()
    finally:
        theme.apply(QApplication.instance(), "light")


def test_names_that_look_like_html_are_shown_as_typed(view, qtbot, made):
    from tests.ui.conftest import shown_text

    ws, cohort, teams = made
    markup = "Ana <b>& Co</b>"
    ws.update("cohorts", cohort, {"name": markup})
    ws.update("teams", teams["AZ"], {"organization": markup})
    fw = view.framework
    dims = [d for d, _ in fw.dimensions]
    ws.update("frameworks", fw.id, {"name": markup, "source": markup})
    save_round(ws, teams["AZ"], fw.id, "custom", "2026-02-01", {dims[0]: (1, "")}, label=markup)
    save_round(ws, teams["AZ"], fw.id, "midpoint", "2026-04-01", {dims[0]: (2, "")})
    assert shown_text(view.heading) == f"Self-assessments of {markup}"
    assert markup in shown_text(view.framework_note)
    assert shown_text(view.growth_caption).startswith(f"{markup} (Feb 1, 2026) against Midpoint")
    view.tabs.setCurrentIndex(2)
    assert shown_text(view.editor.framework_title) == markup
    dialog = open_dialog(qtbot, AssessmentDialog(view, ws, teams["AZ"], fw.id))
    intro = dialog.findChildren(QLabel)
    assert any(shown_text(label).startswith(f"Arizona: {markup} · {markup}.") for label in intro)
    assert any(shown_text(label) == "At midpoint: 2 Building" for label in intro)
