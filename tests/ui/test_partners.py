"""Planning partners: adding one with its focus areas, its contacts, editing and deleting."""

from __future__ import annotations

import json

from equitycohort.data.schema import FOCUS_AREAS
from equitycohort.ui import dialogs
from equitycohort.ui.views.partners import ContactTableModel, PartnerDialog, PartnerTableModel
from equitycohort.ui.views.teams import PersonDialog
from tests.ui.conftest import Recorder, click, screen, visible_button


def partners_view(window):
    window.go_to("Partners")
    return screen(window, "Partners")


def cell(table, row, column):
    return table.model().index(row, column).data()


def select_partner(view, name: str) -> None:
    for row in range(view.model.rowCount()):
        if view.model.record(row)["name"] == name:
            view.table.selectRow(row)
            return
    raise AssertionError(f"no partner {name!r}")


def test_empty_workspace_offers_a_first_partner(empty_window):
    view = partners_view(empty_window)
    assert view.empty.isVisible() and not view.split.isVisible()
    assert visible_button(view.empty, "New partner").isEnabled()


def test_add_a_partner_with_focus_areas(empty_window, qtbot, monkeypatch):
    ws = empty_window.ws
    view = partners_view(empty_window)

    def fill(dialog):
        assert dialog.windowTitle() == "New planning partner"
        assert [box.text() for box in dialog.area_boxes] == list(FOCUS_AREAS)
        dialog.fields["name"].setText("Bayou Data Commons")
        dialog.area_boxes[0].click()
        dialog.area_boxes[3].click()
        dialog.other_areas.setText("Rural broadband; Early intervention ")
        dialog.fields["website"].setText("https://bayou.example.org")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(PartnerDialog, "exec", fill)
    click(qtbot, visible_button(view.empty, "New partner"))
    [partner] = ws.rows("SELECT * FROM partners")
    assert partner["name"] == "Bayou Data Commons"
    assert json.loads(partner["focus_areas"]) == [FOCUS_AREAS[0], FOCUS_AREAS[3], "Rural broadband",
                                                  "Early intervention"]
    assert view.split.isVisible() and not view.empty.isVisible()
    assert cell(view.table, 0, PartnerTableModel.COL_NAME) == "Bayou Data Commons"
    assert cell(view.table, 0, PartnerTableModel.COL_FOCUS).startswith(FOCUS_AREAS[0] + "; Communications")
    assert view.partner_title.text() == "Bayou Data Commons"
    assert "https://bayou.example.org" in view.partner_detail.text()
    assert empty_window.undo_action.text() == "&Undo Add planning partner"


def test_partner_dialog_round_trips_its_focus_areas(demo_window, qtbot):
    ws = demo_window.ws
    partner = ws.rows("SELECT * FROM partners WHERE name = 'Harbor & Bridge Institute'")[0]
    dialog = PartnerDialog(demo_window, ws, partner)
    qtbot.addWidget(dialog)
    assert [box.isChecked() for box in dialog.area_boxes] == [False, True, False, False]
    dialog.other_areas.setText("Language access")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    stored = json.loads(ws.get("partners", partner["id"])["focus_areas"])
    assert stored == [FOCUS_AREAS[1], "Language access"]
    again = PartnerDialog(demo_window, ws, ws.get("partners", partner["id"]))
    qtbot.addWidget(again)
    assert again.other_areas.text() == "Language access"


def test_a_bad_website_is_shown_at_its_field(empty_window, qtbot):
    dialog = PartnerDialog(empty_window, empty_window.ws)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["name"].setText("X")
    dialog.fields["website"].setText("not a web address")
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors["website"].isVisible()
    assert dialog.errors["website"].text() == "Website: should be a web address, starting with https://."


def test_add_a_contact_to_a_partner(demo_window, qtbot, monkeypatch):
    ws = demo_window.ws
    view = partners_view(demo_window)
    select_partner(view, "Common Frame Communications")
    assert view.contact_model.rowCount() == 1
    seen = {}

    def fill(dialog):
        seen["kind"] = dialog.fields["kind"].currentData()
        seen["organization"] = dialog.fields["organization"].text()
        dialog.fields["name"].setText("Dana Whitlock")
        dialog.fields["title"].setText("Account Lead")
        dialog.fields["email"].setText("dana@commonframe.example.org")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(PersonDialog, "exec", fill)
    click(qtbot, view.add_contact_button)
    assert seen == {"kind": "partner", "organization": "Common Frame Communications"}
    person = ws.rows("SELECT * FROM people WHERE name = 'Dana Whitlock'")[0]
    partner_id = ws.scalar("SELECT id FROM partners WHERE name = 'Common Frame Communications'")
    assert (person["kind"], person["partner_id"], person["title"]) == ("partner", partner_id, "Account Lead")
    assert view.contact_model.rowCount() == 2
    names = {cell(view.contact_table, r, ContactTableModel.COL_NAME) for r in range(2)}
    assert "Dana Whitlock" in names
    row = next(r for r in range(view.model.rowCount()) if view.model.record(r)["id"] == partner_id)
    assert cell(view.table, row, PartnerTableModel.COL_CONTACTS) == "2"


def test_edit_contact(demo_window, qtbot, monkeypatch):
    ws = demo_window.ws
    view = partners_view(demo_window)
    select_partner(view, "Northstar Data Collaborative")

    def edit(dialog):
        assert dialog.fields["name"].text() == "Priya Raman"
        dialog.fields["phone"].setText("+1 312 555 0199")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(PersonDialog, "exec", edit)
    click(qtbot, view.edit_contact_button)
    assert ws.scalar("SELECT phone FROM people WHERE name = 'Priya Raman'") == "+1 312 555 0199"
    assert cell(view.contact_table, 0, ContactTableModel.COL_PHONE) == "+1 312 555 0199"


def test_delete_partner_keeps_its_contacts(demo_window, qtbot, monkeypatch):
    ws = demo_window.ws
    view = partners_view(demo_window)
    select_partner(view, "Northstar Data Collaborative")
    asked = Recorder(answer=True)
    monkeypatch.setattr(dialogs, "confirm", asked)
    click(qtbot, view.delete_button)
    assert "Northstar Data Collaborative" in asked.texts[0]
    assert ws.scalar("SELECT count(*) FROM partners WHERE name = 'Northstar Data Collaborative'") == 0
    assert ws.scalar("SELECT partner_id FROM people WHERE name = 'Priya Raman'") is None
    assert view.model.rowCount() == 3
    demo_window.undo()
    assert view.model.rowCount() == 4


def test_partners_are_listed_a_to_z(demo_window):
    """Qt's default sort indicator is descending; the partners must still start A to Z."""
    view = partners_view(demo_window)
    names = [view.model.record(r)["name"] for r in range(view.model.rowCount())]
    assert names == sorted(names, key=str.casefold)
