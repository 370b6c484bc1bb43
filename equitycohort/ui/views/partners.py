"""Planning partners: who gives customized support in which focus area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QSplitter, QTabWidget, QVBoxLayout, QWidget

from equitycohort.data.partners import (
    delete_partner,
    focus_areas,
    list_partners,
    partner_contacts,
    save_partner,
)
from equitycohort.data.schema import FOCUS_AREAS
from equitycohort.i18n import N_, _
from equitycohort.ui import dialogs
from equitycohort.ui.context import Context
from equitycohort.ui.forms import FormDialog, line, text_box, text_of
from equitycohort.ui.labels import heading, muted
from equitycohort.ui.models import Column, RecordTableModel
from equitycohort.ui.views.base import (
    EmptyState,
    View,
    button,
    button_row,
    fit_columns,
    record_table,
    select_id,
    selected_record,
)
from equitycohort.ui.views.teams import PersonDialog

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change


def area_label(area: str) -> str:
    """A focus area as shown: one of the program's in the app's language, one a user typed as typed."""
    return _(area) if area in FOCUS_AREAS else area


def areas_text(partner: dict) -> str:
    return "; ".join(area_label(area) for area in focus_areas(partner))


class PartnerTableModel(RecordTableModel):
    COL_NAME, COL_FOCUS, COL_CONTACTS = range(3)
    columns = (
        Column(N_("Partner"), lambda p: p["name"]),
        Column(N_("Focus areas"), areas_text),
        Column(N_("Contacts"), lambda p: str(p["contacts"]), sort=lambda p: p["contacts"],
               align=Qt.AlignmentFlag.AlignRight),
    )


class ContactTableModel(RecordTableModel):
    COL_NAME, COL_TITLE, COL_EMAIL, COL_PHONE = range(4)
    columns = (
        Column(N_("Name"), lambda p: p["name"]),
        Column(N_("Job title"), lambda p: p["title"] or ""),
        Column(N_("E-mail"), lambda p: p["email"] or ""),
        Column(N_("Phone"), lambda p: p["phone"] or ""),
    )


class PartnerDialog(FormDialog):
    def __init__(self, parent, ws, partner: dict | None = None):
        super().__init__(parent, _("Edit planning partner") if partner else _("New planning partner"))
        self.ws, self.partner = ws, partner
        p = partner or {}
        self.add_field("name", _("&Name"), line(p.get("name")))
        chosen = focus_areas(p)
        #: a box for each of the program's focus areas, in FOCUS_AREAS' order (whose English names are stored)
        self.area_boxes: list[QCheckBox] = []
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        for area in FOCUS_AREAS:
            check = QCheckBox(_(area))
            check.setChecked(area in chosen)
            self.area_boxes.append(check)
            column.addWidget(check)
        others = [a for a in chosen if a not in FOCUS_AREAS]
        self.other_areas = QLineEdit("; ".join(others))
        self.other_areas.setPlaceholderText(_("Other focus areas, separated by semicolons"))
        self.other_areas.setAccessibleName(_("Other focus areas"))
        column.addWidget(self.other_areas)
        self.add_field("focus_areas", _("&Focus areas"), box)
        box.setAccessibleName(_("Focus areas"))
        self.add_field("website", _("&Website"), line(p.get("website"), "https://"))
        self.add_field("notes", _("N&otes"), text_box(p.get("notes"), height=60)).setMaximumHeight(90)
        self.finish_layout()

    def values(self) -> dict:
        areas = [area for area, check in zip(FOCUS_AREAS, self.area_boxes, strict=True) if check.isChecked()]
        areas += [a.strip() for a in self.other_areas.text().split(";") if a.strip()]
        return {
            "name": text_of(self.fields["name"]),
            "focus_areas": areas,
            "website": text_of(self.fields["website"]) or None,
            "notes": text_of(self.fields["notes"]),
        }

    def save(self) -> Change:
        return save_partner(self.ws, self.values(), self.partner["id"] if self.partner else None)


class PartnersView(View):
    title = "Partners"
    tables = frozenset({"partners", "people", "checkins"})

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        from equitycohort.ui.views.facilitators import FacilitatorsPane

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Partners and facilitators"))
        partners_page = QWidget()
        self.facilitators = FacilitatorsPane(self)
        self.tabs.addTab(partners_page, _("Planning pa&rtners"))
        self.tabs.addTab(self.facilitators, _("F&acilitators"))
        outer.addWidget(self.tabs)
        layout = QVBoxLayout(partners_page)
        layout.addWidget(heading(_("Planning partners")))
        layout.addWidget(muted(_("Organizations giving customized support to state teams in a focus area.")))
        self.add_button = button(_("&New partner…"), self.add_partner, _("New partner"))
        self.edit_button = button(_("&Edit…"), self.edit_partner, _("Edit partner"))
        self.delete_button = button(_("&Delete…"), self.delete_partner, _("Delete partner"))
        layout.addLayout(button_row(self.add_button, self.edit_button, self.delete_button))

        self.model = PartnerTableModel(self)
        self.table = record_table(self.model, _("Planning partners"), stretch=PartnerTableModel.COL_FOCUS)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(self.edit_partner)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(8, 0, 0, 0)
        self.partner_title = heading("")
        side.addWidget(self.partner_title)
        self.partner_detail = muted()
        self.partner_detail.setAccessibleName(_("Partner details"))
        self.partner_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side.addWidget(self.partner_detail)
        self.add_contact_button = button(_("Add &contact…"), self.add_contact, _("Add contact"))
        self.edit_contact_button = button(_("Edit c&ontact…"), self.edit_contact, _("Edit contact"))
        side.addLayout(button_row(self.add_contact_button, self.edit_contact_button))
        self.contact_model = ContactTableModel(self)
        self.contact_table = record_table(self.contact_model, _("Partner contacts"),
                                          stretch=ContactTableModel.COL_EMAIL)
        self.contact_table.activated.connect(self.edit_contact)
        side.addWidget(self.contact_table, 1)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.table)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        layout.addWidget(self.split, 1)
        self.empty = EmptyState(_("No planning partners yet"),
                                _("Add the organizations that support state teams: data, immigrant and refugee "
                                  "communities, racial-equity policy, communications."),
                                [button(_("New &partner…"), self.add_partner, _("New partner"))])
        layout.addWidget(self.empty, 1)

    def refresh(self) -> None:
        self.facilitators.refresh()
        selected = selected_record(self.table)
        partners = list_partners(self.ws)
        self.model.set_rows(partners)
        self.split.setVisible(bool(partners))
        self.empty.setVisible(not partners)
        fit_columns(self.table, stretch=PartnerTableModel.COL_FOCUS, keep=(PartnerTableModel.COL_CONTACTS,))
        if not (selected and select_id(self.table, self.model, selected["id"])) and partners:
            self.table.selectRow(0)
        self._selected()

    def _selected(self, *args) -> None:
        partner = selected_record(self.table)
        for b in (self.edit_button, self.delete_button, self.add_contact_button):
            b.setEnabled(partner is not None)
        if partner is None:
            self.partner_title.setText("")
            self.partner_detail.setText("")
            self.contact_model.set_rows([])
        else:
            self.partner_title.setText(partner["name"])
            areas = areas_text(partner)
            lines = [_("Focus: {areas}").format(areas=areas) if areas else _("Focus: none set")]
            if partner["website"]:
                lines.append(partner["website"])
            if partner["notes"]:
                lines.append(partner["notes"][:400])
            self.partner_detail.setText("\n".join(lines))
            self.contact_model.set_rows(partner_contacts(self.ws, partner["id"]))
            fit_columns(self.contact_table, stretch=ContactTableModel.COL_EMAIL, keep=(ContactTableModel.COL_PHONE,))
        self.edit_contact_button.setEnabled(self.contact_model.rowCount() > 0)
        if self.contact_model.rowCount():
            self.contact_table.selectRow(0)

    def show_record(self, record_id: str, table: str = "") -> None:
        self.refresh_if_stale()
        if select_id(self.table, self.model, record_id):
            self.tabs.setCurrentIndex(0)
        elif select_id(self.facilitators.table, self.facilitators.model, record_id):
            self.tabs.setCurrentIndex(1)

    def add_partner(self) -> None:
        PartnerDialog(self, self.ws).exec()

    def edit_partner(self, *args) -> None:
        partner = selected_record(self.table)
        if partner:
            PartnerDialog(self, self.ws, self.ws.get("partners", partner["id"])).exec()

    def delete_partner(self) -> None:
        partner = selected_record(self.table)
        if partner and dialogs.confirm(
                self, _("Delete planning partner"),
                _("Delete {partner}? Its contacts stay in the people directory, and sessions and "
                  "actions it supported lose the link. You can undo this with Edit > Undo.").format(
                      partner=partner["name"]),
                _("Delete"), destructive=True):
            self.run(delete_partner, partner["id"])

    def add_contact(self) -> None:
        partner = selected_record(self.table)
        if partner is None:
            return
        dialog = PersonDialog(self, self.ws, kind="partner")
        dialog.fields["partner_id"].setCurrentIndex(dialog.fields["partner_id"].findData(partner["id"]))
        dialog.fields["kind"].setCurrentIndex(dialog.fields["kind"].findData("partner"))
        dialog.fields["organization"].setText(partner["name"])
        dialog.exec()

    def edit_contact(self, *args) -> None:
        contact = selected_record(self.contact_table)
        if contact:
            PersonDialog(self, self.ws, self.ws.get("people", contact["id"])).exec()
