"""The facilitators: the community lead's and the planning partners' people who hold check-ins,
and which of them is the user ("this is me"), so new check-ins start as theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from equitycohort.data.partners import list_facilitators
from equitycohort.i18n import N_, _
from equitycohort.ui import preferences
from equitycohort.ui.labels import muted
from equitycohort.ui.models import Column, RecordTableModel
from equitycohort.ui.views.base import (
    button,
    button_row,
    fit_columns,
    record_table,
    select_id,
    selected_record,
)

if TYPE_CHECKING:
    from equitycohort.ui.views.partners import PartnersView

#: after the user's own name (translated where it is shown)
ME_MARK = N_("(me)")


class FacilitatorTableModel(RecordTableModel):
    COL_NAME, COL_ORG, COL_EMAIL, COL_PHONE, COL_CHECKINS, COL_LAST = range(6)
    columns = (
        Column(N_("Name"), lambda p: p["name"] + ("  " + _(ME_MARK) if p.get("me") else ""),
               tooltip=lambda p: _("This is you: new check-ins start with you as their facilitator")
               if p.get("me") else ""),
        Column(N_("Organization"), lambda p: p["partner"] or p["organization"] or ""),
        Column(N_("E-mail"), lambda p: p["email"] or ""),
        Column(N_("Phone"), lambda p: p["phone"] or ""),
        Column(N_("Check-ins"), lambda p: f"{p['checkins']:,}", sort=lambda p: p["checkins"],
               align=Qt.AlignmentFlag.AlignRight),
        Column(N_("Last check-in"), lambda p: preferences.short_date(p["last_checkin"]),
               sort=lambda p: p["last_checkin"] or ""),
    )


class FacilitatorsPane(QWidget):
    """The Facilitators tab of the Partners screen."""

    def __init__(self, view: PartnersView):
        super().__init__()
        self.view = view
        layout = QVBoxLayout(self)
        layout.addWidget(muted(_("The people who hold check-ins with state teams. Mark yourself with “This is me”: "
                                 "new check-ins then start with you as their facilitator, on this computer.")))
        self.add_button = button(_("New &facilitator…"), self.add, _("New facilitator"))
        self.edit_button = button(_("Edit fa&cilitator…"), self.edit, _("Edit facilitator"))
        self.me_button = button(_("This is &me"), self.toggle_me, _("This is me"),
                                _("Mark the selected facilitator as you, on this computer"))
        self.me_button.setCheckable(True)
        layout.addLayout(button_row(self.add_button, self.edit_button, self.me_button))
        self.model = FacilitatorTableModel(self)
        self.table = record_table(self.model, _("Facilitators"), stretch=FacilitatorTableModel.COL_EMAIL)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(self.edit)
        layout.addWidget(self.table, 1)
        self._selected()

    def refresh(self) -> None:
        selected = selected_record(self.table)
        rows = list_facilitators(self.view.ws)
        me = preferences.me_among([r["id"] for r in rows])
        self.model.set_rows([{**r, "me": r["id"] == me} for r in rows])
        fit_columns(self.table, stretch=FacilitatorTableModel.COL_EMAIL)
        keep = selected["id"] if selected else me
        if not (keep and select_id(self.table, self.model, keep)) and rows:
            self.table.selectRow(0)
        self._selected()

    def _selected(self, *args: object) -> None:
        person = selected_record(self.table)
        self.edit_button.setEnabled(person is not None)
        self.me_button.setEnabled(person is not None)
        self.me_button.setChecked(bool(person and person.get("me")))

    def ids(self) -> list[str]:
        return [r["id"] for r in self.model.records()]

    def add(self) -> None:
        from equitycohort.ui.views.teams import PersonDialog

        PersonDialog(self.view, self.view.ws, kind="facilitator").exec()

    def edit(self, *args: object) -> None:
        from equitycohort.ui.views.teams import PersonDialog

        person = selected_record(self.table)
        if person:
            PersonDialog(self.view, self.view.ws, self.view.ws.get("people", person["id"])).exec()

    def toggle_me(self) -> None:
        person = selected_record(self.table)
        if person is None:
            return
        if person.get("me"):
            preferences.clear_me(person["id"])
            note = _("{name} is no longer marked as you.").format(name=person["name"])
        else:
            preferences.set_me(person["id"], self.ids())
            note = _("{name} is you: new check-ins start with you as their facilitator.").format(name=person["name"])
        self.refresh()
        select_id(self.table, self.model, person["id"])
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(note, 8000)
