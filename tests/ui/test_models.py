"""Every table model passes Qt's model tester with the demo's rows loaded."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from equitycohort.data.schedule import list_sessions
from equitycohort.ui.models import RecordTableModel
from equitycohort.ui.views.attendance import AttendanceTableModel
from equitycohort.ui.views.cohorts import CohortTableModel
from equitycohort.ui.views.partners import ContactTableModel, PartnerTableModel
from equitycohort.ui.views.schedule.models import SessionTableModel
from equitycohort.ui.views.teams import LeaderTableModel, PeopleTableModel, TeamTableModel
from tests.ui.conftest import screen


def loaded_model(window, kind):
    """The window's own model of ``kind``, showing demo rows."""
    if kind is CohortTableModel:
        return screen(window, "Cohorts").model
    if kind in (TeamTableModel, LeaderTableModel, PeopleTableModel):
        view = screen(window, "Teams")
        window.go_to("Teams")
        view.tabs.setCurrentIndex(1)
        return {TeamTableModel: view.team_model, LeaderTableModel: view.leader_model,
                PeopleTableModel: view.people_model}[kind]
    if kind is SessionTableModel:
        window.go_to("Schedule")
        return screen(window, "Schedule").model
    if kind in (PartnerTableModel, ContactTableModel):
        window.go_to("Partners")
        view = screen(window, "Partners")
        return view.model if kind is PartnerTableModel else view.contact_model
    if kind is AttendanceTableModel:
        window.go_to("Schedule")
        view = screen(window, "Schedule")
        held = next(s for s in list_sessions(window.ws, window.current_cohort()) if s.status == "held")
        view.show_record(held.id)
        view.take_attendance()
        return view.attendance.model
    raise AssertionError(kind)


MODELS = [CohortTableModel, TeamTableModel, LeaderTableModel, PeopleTableModel, SessionTableModel,
          PartnerTableModel, ContactTableModel, AttendanceTableModel]


@pytest.mark.parametrize("kind", MODELS, ids=lambda k: k.__name__)
def test_model_passes_the_model_tester(demo_window, qtmodeltester, kind):
    model = loaded_model(demo_window, kind)
    assert isinstance(model, kind)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=False)
    # every cell answers the roles the views ask for without raising
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                         Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                         Qt.ItemDataRole.TextAlignmentRole):
                model.data(index, role)


@pytest.mark.parametrize("kind", MODELS, ids=lambda k: k.__name__)
def test_model_passes_the_python_model_tester(demo_window, qtmodeltester, kind):
    qtmodeltester.check(loaded_model(demo_window, kind), force_py=True)


@pytest.mark.parametrize("kind", [k for k in MODELS if issubclass(k, RecordTableModel)], ids=lambda k: k.__name__)
def test_record_models_survive_reload_and_sort(demo_window, qtmodeltester, kind):
    """The tester keeps watching while the rows are replaced, emptied and sorted."""
    model = loaded_model(demo_window, kind)
    rows = model.records()
    qtmodeltester.check(model, force_py=True)
    model.set_rows([])
    assert model.rowCount() == 0
    model.set_rows(rows)
    for column in {0, 1, model.columnCount() - 1}:
        model.sort(column, Qt.SortOrder.AscendingOrder)
        model.sort(column, Qt.SortOrder.DescendingOrder)
    assert sorted(map(id, model.records())) == sorted(map(id, rows))
