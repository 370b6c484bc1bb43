"""Programs and their cohorts: phase, dates, team count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QStackedLayout, QVBoxLayout, QWidget

from equitycohort import i18n
from equitycohort.data.cohorts import (
    add_cohort,
    cohort_count,
    default_end_date,
    delete_cohort,
    list_cohorts,
    list_programs,
    save_program,
    suggested_phase,
    update_cohort,
)
from equitycohort.data.rules import COHORT_MAX, COHORT_MIN, cohort_warnings
from equitycohort.data.schema import PHASES
from equitycohort.i18n import N_, _, ngettext
from equitycohort.ui import dialogs, preferences
from equitycohort.ui.context import Context, InView
from equitycohort.ui.forms import (
    FormDialog,
    combo,
    date_edit,
    date_value,
    day_of,
    line,
    set_combo,
    text_box,
    text_of,
)
from equitycohort.ui.labels import WarningBanner, heading, muted
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

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change

#: the program's name (a proper name: the same in every language)
DEFAULT_PROGRAM = "Operationalizing Equity"


def _teams_text(c) -> str:
    return f"{c.team_count}" if c.size_ok else f"{c.team_count}  ⚠"


class CohortTableModel(RecordTableModel):
    COL_PROGRAM, COL_NAME, COL_PHASE, COL_START, COL_END, COL_TEAMS, COL_SESSIONS = range(7)
    columns = (
        Column(N_("Program"), lambda c: c.program_name),
        Column(N_("Cohort"), lambda c: c.name),
        Column(N_("Phase"), lambda c: i18n.label(PHASES, c.phase), sort=lambda c: list(PHASES).index(c.phase)),
        Column(N_("Starts"), lambda c: preferences.short_date(c.start_date), sort=lambda c: c.start_date),
        Column(N_("Ends"), lambda c: preferences.short_date(c.end_date), sort=lambda c: c.end_date),
        Column(N_("Teams"), _teams_text, sort=lambda c: c.team_count, align=Qt.AlignmentFlag.AlignRight,
               tone=lambda c: None if c.size_ok else "warning_fg",
               tooltip=lambda c: "" if c.size_ok else _("A cohort is meant to have {least} to {most} teams.").format(
                   least=COHORT_MIN, most=COHORT_MAX)),
        Column(N_("Sessions"), lambda c: str(c.session_count), sort=lambda c: c.session_count,
               align=Qt.AlignmentFlag.AlignRight),
    )


class ProgramDialog(FormDialog):
    def __init__(self, parent, ws, program: dict | None = None):
        super().__init__(parent, _("Edit program") if program else _("New program"))
        self.ws, self.program = ws, program
        p = program or {}
        self.add_field("name", _("&Name"), line(p.get("name"), _("e.g. {example}").format(example=DEFAULT_PROGRAM)))
        self.add_field("organization", _("&Organization"), line(p.get("organization"), _("who runs it")))
        self.add_field("description", _("&Description"), text_box(p.get("description")))
        self.finish_layout()

    def values(self) -> dict:
        return {name: text_of(widget) for name, widget in self.fields.items()}

    def save(self) -> Change:
        return save_program(self.ws, self.values(), self.program["id"] if self.program else None)


class CohortDialog(FormDialog):
    """New or edited cohort; the end date follows the start until edited."""

    def __init__(self, parent, ws, cohort: dict | None = None, program_id: str | None = None):
        super().__init__(parent, _("Edit cohort") if cohort else _("New cohort"))
        self.ws, self.cohort = ws, cohort
        c = cohort or {}
        programs = list_programs(ws)
        self.new_program = not programs
        if self.new_program:
            self.add_field("program_name", _("&Program"), line(DEFAULT_PROGRAM),
                           _("The program this cohort belongs to; it is created with the cohort."))
        else:
            box = combo([(p["id"], p["name"]) for p in programs], c.get("program_id") or program_id)
            self.add_field("program_id", _("&Program"), box)
        count = cohort_count(ws)
        self.add_field("name", _("&Name"), line(c.get("name") or (
            "" if cohort else _("Cohort {n}").format(n=count + 1))))
        self.start = self.add_field("start_date", _("&Start date"), date_edit(c.get("start_date")))
        end_default = c.get("end_date") or default_end_date(day_of(self.start)).isoformat()
        self.end = self.add_field("end_date", _("&End date"), date_edit(end_default),
                                  _("Six months after the start unless you change it."))
        self.phase = self.add_field("phase", _("P&hase"), combo(i18n.labels(PHASES), c.get("phase") or "planning"))
        self.add_field("notes", _("N&otes"), text_box(c.get("notes"), height=70)).setMaximumHeight(110)
        self._end_touched = bool(cohort)
        self.start.changed.connect(self._start_moved)
        self.end.changed.connect(self._end_edited)
        self.finish_layout()

    def _start_moved(self) -> None:
        start = day_of(self.start)
        if not self._end_touched:
            self.end.blockSignals(True)
            self.end.set_value(default_end_date(start))
            self.end.blockSignals(False)
        if not self.cohort:
            set_combo(self.phase, suggested_phase(start, day_of(self.end)))

    def _end_edited(self) -> None:
        self._end_touched = True

    def values(self) -> dict:
        values = {
            "name": text_of(self.fields["name"]),
            "start_date": date_value(self.start),
            "end_date": date_value(self.end),
            "phase": self.phase.currentData(),
            "notes": text_of(self.fields["notes"]),
        }
        if not self.new_program:
            values["program_id"] = self.fields["program_id"].currentData()
        return values

    def save(self) -> Change:
        values = self.values()
        if self.cohort:
            return update_cohort(self.ws, self.cohort["id"], values)
        return add_cohort(self.ws, values, text_of(self.fields["program_name"]) if self.new_program else None)


class CohortsView(View):
    title = "Cohorts"
    tables = frozenset({"programs", "cohorts", "teams", "sessions"})
    demo_requested = Signal()

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.model = CohortTableModel(self)
        self.table = record_table(self.model, _("Cohorts"), stretch=CohortTableModel.COL_NAME)
        self.table.sortByColumn(CohortTableModel.COL_START, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(self.edit_cohort)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.new_program_button = button(_("New &program…"), self.add_program)
        self.new_cohort_button = button(_("&New cohort…"), self.add_cohort)
        self.edit_button = button(_("&Edit…"), self.edit_cohort, _("Edit cohort"))
        self.delete_button = button(_("&Delete…"), self.delete_cohort, _("Delete cohort"))
        self.copy_button = button(_("Copy &addresses"), self.copy_addresses, _("Copy the cohort's e-mail addresses"),
                                  _("Copy the e-mail addresses of every leader of the cohort's teams"))
        self.program_filter = QComboBox()
        self.program_filter.setAccessibleName(_("Show program"))
        self.program_filter.currentIndexChanged.connect(self._filter_program)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        top = button_row(heading(_("Cohorts")))
        self.program_label = QLabel(_("Pro&gram:"))
        self.program_label.setBuddy(self.program_filter)
        top.addWidget(self.program_label)
        top.addWidget(self.program_filter)
        layout.addLayout(top)
        layout.addLayout(button_row(self.new_cohort_button, self.new_program_button, self.edit_button,
                                    self.delete_button, self.copy_button))
        layout.addWidget(self.table, 1)
        self.detail = muted()
        self.detail.setAccessibleName(_("Cohort details"))
        self.banner = WarningBanner()
        layout.addWidget(self.banner)
        layout.addWidget(self.detail)

        self.empty = EmptyState(
            _("Welcome to Equity Cohort"),
            _("Set up your first cohort: its dates, then its state teams and their leaders, then the "
              "six-month session calendar. Or open the demo workspace to look around with a cohort "
              "of seven fictional state teams."),
            [button(_("&New cohort…"), self.add_cohort, _("New cohort")),
             button(_("Open the &demo workspace"), self.demo_requested.emit, _("Open the demo workspace"))],
        )
        self.stack = QStackedLayout(self)
        self.stack.addWidget(page)
        self.stack.addWidget(self.empty)

    def refresh(self) -> None:
        selected = self.cohort_id
        all_cohorts = list_cohorts(self.ws)
        program_id = self.program_filter.currentData()
        cohorts = [c for c in all_cohorts if not program_id or c.program_id == program_id]
        self.model.set_rows(cohorts)
        programs = list_programs(self.ws)
        self.program_filter.blockSignals(True)
        current = self.program_filter.currentData()
        self.program_filter.clear()
        self.program_filter.addItem(_("All programs"), None)
        for p in programs:
            self.program_filter.addItem(p["name"], p["id"])
        set_combo(self.program_filter, current)
        self.program_filter.blockSignals(False)
        self.program_filter.setVisible(len(programs) > 1)
        self.program_label.setVisible(len(programs) > 1)
        self.stack.setCurrentIndex(0 if all_cohorts else 1)
        fit_columns(self.table, stretch=CohortTableModel.COL_NAME)
        if not (selected and select_id(self.table, self.model, selected)) and cohorts:
            self.table.selectRow(0)
        self._selection_changed()

    def _filter_program(self) -> None:
        if self.has_workspace:
            self.refresh()

    def _selection_changed(self, *args) -> None:
        cohort = selected_record(self.table)
        self.edit_button.setEnabled(cohort is not None)
        self.delete_button.setEnabled(cohort is not None)
        self.copy_button.setEnabled(cohort is not None)
        if cohort is None:
            self.detail.setText("")
            self.banner.set_warnings([])
            return
        self.detail.setText(" · ".join((
            cohort.name, cohort.program_name, i18n.label(PHASES, cohort.phase),
            _("{start} to {end}").format(start=preferences.short_date(cohort.start_date),
                                         end=preferences.short_date(cohort.end_date)),
            ngettext("{n} team", "{n} teams", cohort.team_count).format(n=cohort.team_count),
            ngettext("{n} session", "{n} sessions", cohort.session_count).format(n=cohort.session_count))))
        self.banner.set_warnings(cohort_warnings(self.ws, cohort.id))
        if self.isVisible():  # the cohort the user picks here is the current one
            self.context.choose_cohort(cohort.id, self)
            self.publish()

    def in_view(self) -> InView:
        return InView(cohort=selected_record(self.table) is not None)

    def cohort_changed(self) -> None:
        """The picker chose another cohort: select it here (it is in the list already)."""
        if self.has_workspace and self.cohort_id and not self._stale:
            if select_id(self.table, self.model, self.cohort_id):
                return
        super().cohort_changed()

    def show_record(self, record_id: str, table: str = "") -> None:
        self.refresh_if_stale()
        select_id(self.table, self.model, record_id)

    def add_program(self) -> None:
        ProgramDialog(self, self.ws).exec()

    def add_cohort(self) -> None:
        CohortDialog(self, self.ws, program_id=self.program_filter.currentData()).exec()

    def reveal(self, change: Change) -> None:
        """A cohort made here becomes the current cohort, selected in the list."""
        if change.id and self.has_workspace and self.ws.get("cohorts", change.id):
            self.context.choose_cohort(change.id, None)
            self.show_record(change.id)

    def edit_cohort(self, *args) -> None:
        cohort = selected_record(self.table)
        if cohort:
            CohortDialog(self, self.ws, self.ws.get("cohorts", cohort.id)).exec()

    def copy_addresses(self) -> None:
        from equitycohort.ui.mail import copy_cohort_addresses

        cohort = selected_record(self.table)
        if cohort is not None:
            copy_cohort_addresses(self, self.ws, cohort.id)

    def delete_cohort(self) -> None:
        cohort = selected_record(self.table)
        if cohort is None:
            return
        text = _("Delete {cohort}, with its {teams} teams, {sessions} sessions and everything recorded about them? "
                 "You can undo this with Edit > Undo.").format(cohort=cohort.name, teams=cohort.team_count,
                                                               sessions=cohort.session_count)
        if dialogs.confirm(self, _("Delete cohort"), text, _("Delete"), destructive=True):
            self.run(delete_cohort, cohort.id)
