"""The Facilitators list and "this is me": new check-ins start as the user's own."""

from __future__ import annotations

from PySide6.QtCore import Qt

from equitycohort.ui import settings
from equitycohort.ui.views.base import select_id, selected_record
from equitycohort.ui.views.checkins.form import CheckinDialog
from tests.ui.conftest import screen


def facilitators_tab(window):
    view = screen(window, "Partners")
    view.tabs.setCurrentWidget(view.facilitators)
    return view.facilitators


def test_the_facilitators_are_listed_with_their_check_ins(demo_window):
    pane = facilitators_tab(demo_window)
    rows = pane.model.records()
    expected = demo_window.ws.scalar("SELECT count(*) FROM people WHERE kind = 'facilitator'")
    assert len(rows) == expected > 0
    assert sum(r["checkins"] for r in rows) == demo_window.ws.scalar(
        "SELECT count(*) FROM checkins WHERE facilitator_id IS NOT NULL")
    assert pane.model.headerData(4, Qt.Orientation.Horizontal) == "Check-ins"


def test_this_is_me_makes_new_check_ins_mine_and_can_be_undone(demo_window, qtbot):
    pane = facilitators_tab(demo_window)
    rows = pane.model.records()
    me = min(rows, key=lambda r: r["checkins"])  # someone who is not every team's usual facilitator
    select_id(pane.table, pane.model, me["id"])
    pane.me_button.click()
    assert settings.get(settings.ME) == [me["id"]]
    assert selected_record(pane.table)["me"] and pane.me_button.isChecked()
    assert pane.model.index(pane.model.row_of(me["id"]), 0).data().endswith("(me)")
    assert "is you" in demo_window.statusBar().currentMessage()

    cohort = demo_window.current_cohort()
    teams = demo_window.ws.query("SELECT id FROM teams WHERE cohort_id = ?", (cohort,))
    for (team_id,) in teams[:5]:
        form = CheckinDialog(demo_window, demo_window.ws, cohort, team_id=team_id)
        qtbot.addWidget(form)
        assert form.facilitator.currentData() == me["id"]

    # someone else is me now: one "me" per workspace
    other = next(r for r in rows if r["id"] != me["id"])
    select_id(pane.table, pane.model, other["id"])
    pane.me_button.click()
    assert settings.get(settings.ME) == [other["id"]]
    pane.me_button.click()  # and not anymore
    assert settings.get(settings.ME) == []
    form = CheckinDialog(demo_window, demo_window.ws, cohort, team_id=teams[0][0])
    qtbot.addWidget(form)
    usual = demo_window.ws.scalar("SELECT facilitator_id FROM checkins WHERE team_id = ? AND facilitator_id "
                                  "IS NOT NULL ORDER BY date DESC, created DESC LIMIT 1", (teams[0][0],))
    assert form.facilitator.currentData() == usual  # back to whoever held the team's last check-in


def test_me_in_another_workspace_leaves_this_one_alone(demo_window, qtbot):
    settings.put(settings.ME, ["0" * 32])  # the user's record in some other workspace
    pane = facilitators_tab(demo_window)
    assert not any(r["me"] for r in pane.model.records())
    select_id(pane.table, pane.model, pane.model.records()[0]["id"])
    pane.me_button.click()
    assert settings.get(settings.ME) == [pane.model.records()[0]["id"], "0" * 32]


def test_a_new_facilitator_is_added_from_the_list(demo_window, monkeypatch):
    from equitycohort.ui.views.teams import PersonDialog

    pane = facilitators_tab(demo_window)
    before = len(pane.model.records())

    def fill(dialog):
        assert dialog.windowTitle() == "New facilitator"
        assert dialog.fields["kind"].currentData() == "facilitator"
        dialog.fields["name"].setText("Rosa Díaz")
        dialog.submit()
        return 1

    monkeypatch.setattr(PersonDialog, "exec", fill)
    pane.add_button.click()
    assert len(pane.model.records()) == before + 1
    assert selected_record(pane.table)["name"] == "Rosa Díaz"
