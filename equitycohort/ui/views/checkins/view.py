"""The Check-ins screen: each follow-up with a state team, by team or across the cohort."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.checkins import (
    CheckinRecord,
    checkin_team,
    cohort_checkins,
    delete_checkin,
    set_next_step_done,
    team_checkins,
)
from equitycohort.data.states import state_name
from equitycohort.data.teams import cohort_has_teams, list_teams
from equitycohort.i18n import _, ngettext
from equitycohort.ui import dialogs
from equitycohort.ui.context import Context, InView
from equitycohort.ui.forms import (
    set_combo,
)
from equitycohort.ui.labels import ElidedLabel, heading, tint
from equitycohort.ui.views.base import (
    EmptyState,
    View,
    button,
    fit_columns,
    record_table,
    select_id,
    selected_record,
)

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change

from equitycohort.ui.views.checkins.detail import CheckinDetail
from equitycohort.ui.views.checkins.form import CheckinDialog
from equitycohort.ui.views.checkins.models import QUICK_ENTRY_KEYS, CheckinTableModel, day_text


class CheckinsView(View):
    title = "Check-ins"
    tables = frozenset({"checkins", "next_steps", "teams", "team_members", "people", "partners", "cohorts"})
    cohort_screen = True
    follows_team = True

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._teams: list = []
        self._pending: str | None = None
        self._pending_row: int | None = None
        self._focus_step: str | None = None
        self._loading = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading(_("Check-ins"))
        layout.addWidget(self.heading)

        self.toolbar = QWidget()
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(8)
        self.team_filter = QComboBox()
        self.team_filter.setAccessibleName(_("Show the check-ins of"))
        self.team_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.team_filter.setMinimumContentsLength(34)  # long names are cut here, shown whole in the list
        self.team_filter.currentIndexChanged.connect(self._filter_changed)
        filter_label = QLabel(_("&Team:"))
        filter_label.setBuddy(self.team_filter)
        self.new_button = button(_("&Record a check-in…"), self.quick_entry, _("Record a check-in"),
                                 _("The quick form for a call, visit, video call or e-mail ({keys})").format(
                                     keys=QUICK_ENTRY_KEYS))
        self.edit_button = button(_("&Edit…"), self.edit_checkin, _("Edit check-in"))
        self.delete_button = button(_("&Delete…"), self.delete_selected, _("Delete check-in"))
        self.email_button = button(_("E-&mail the team…"), self.email_selected, _("E-mail the check-in to the team"),
                                   _("Draft an e-mail to the team's leaders with this check-in's summary for the team "
                                     "and its next steps (never the private notes)"))
        self.count_label = ElidedLabel()
        tint(self.count_label, "muted_fg")
        for widget in (filter_label, self.team_filter, self.new_button, self.edit_button, self.delete_button,
                       self.email_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.count_label, 1)
        layout.addWidget(self.toolbar)

        self.model = CheckinTableModel(self)
        self.table = record_table(self.model, _("Check-ins"), stretch=CheckinTableModel.COL_SUMMARY)
        self.table.sortByColumn(CheckinTableModel.COL_DATE, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(self.edit_checkin)
        for keys, slot in ((QKeySequence.StandardKey.Delete, self.delete_selected),
                           (QKeySequence(Qt.Key.Key_Return), self.edit_checkin),
                           (QKeySequence(Qt.Key.Key_Enter), self.edit_checkin)):
            shortcut = QShortcut(QKeySequence(keys), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.detail = CheckinDetail()
        self.detail.step_toggled.connect(self.set_step_done)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 4)
        self.split.setStretchFactor(1, 5)
        self.split.setSizes([280, 350])
        self.split.setChildrenCollapsible(False)
        layout.addWidget(self.split, 1)

        self.no_cohort = EmptyState(_("No cohort yet"), _("Create a cohort on the Cohorts screen first; "
                                                          "the check-ins with its state teams are recorded here."), [])
        self.no_teams = EmptyState(
            _("No state teams yet"),
            _("Check-ins are recorded with a cohort's state teams. Add the teams on the Teams screen first."),
            [button(_("Go to &Teams"), lambda: self.show_screen.emit("Teams"), _("Go to Teams"))])
        self.empty_all = EmptyState(
            _("No check-ins yet"),
            _("After each call, visit, video call or e-mail with a team, record what was said, the wins and "
              "challenges, and the next steps agreed. The quick form opens from any screen with {keys}.").format(
                keys=QUICK_ENTRY_KEYS),
            [button(_("Record a &check-in…"), self.quick_entry, _("Record a check-in"))])
        self.empty_team = EmptyState(
            _("No check-ins with this team yet"),
            _("Record the first one now, or choose All teams above to see the rest of the cohort."),
            [button(_("Record a &check-in…"), self.quick_entry, _("Record a check-in with this team"))])
        for page in (self.no_cohort, self.no_teams, self.empty_all, self.empty_team):
            page.setVisible(False)
            layout.addWidget(page, 1)

    # --- loading ---------------------------------------------------------

    def workspace_opened(self) -> None:
        super().workspace_opened()
        self._pending = self._pending_row = None

    def refresh(self) -> None:
        cohort = self.ws.get("cohorts", self.cohort_id) if self.cohort_id else None
        self._teams = list_teams(self.ws, cohort["id"]) if cohort else []
        self.heading.setText(_("Check-ins of {cohort}").format(cohort=cohort["name"]) if cohort else _("Check-ins"))
        chosen = self.team_filter.currentData()
        self.team_filter.blockSignals(True)
        self.team_filter.clear()
        self.team_filter.addItem(_("All teams"), None)
        for team in self._teams:
            self.team_filter.addItem(team.label, team.id)
        set_combo(self.team_filter, chosen)
        self.team_filter.blockSignals(False)
        self._load()

    def _filter_changed(self, *args) -> None:
        if self.has_workspace and self.cohort_id:
            self._load()
            self.publish()

    def _load(self) -> None:
        cohort_id = self.cohort_id if self.cohort_id and self.ws.get("cohorts", self.cohort_id) else None
        has_cohort = cohort_id is not None
        team_id = self.team_filter.currentData()
        if not has_cohort:
            records = []
        elif team_id:
            records = team_checkins(self.ws, team_id)
        else:
            records = cohort_checkins(self.ws, cohort_id) if cohort_id else []
        selected = selected_record(self.table)
        keep = self._pending or (selected.id if selected else None)
        row = self._pending_row if self._pending_row is not None else -1
        self._pending = self._pending_row = None
        self._loading = True  # the selection changes several times below: show the detail once
        try:
            self._fill(records, team_id, keep, row, has_cohort)
        finally:
            self._loading = False
        self._selected()

    def _fill(self, records: list[CheckinRecord], team_id: str | None, keep: str | None, row: int,
              has_cohort: bool) -> None:
        self.model.today = dt.date.today()
        self.model.set_rows(records)
        self.table.setColumnHidden(CheckinTableModel.COL_TEAM, bool(team_id))
        fit_columns(self.table, stretch=CheckinTableModel.COL_SUMMARY, cap=220,
                    keep=(CheckinTableModel.COL_DATE, CheckinTableModel.COL_STEPS, CheckinTableModel.COL_NEXT))
        header = self.table.horizontalHeader()
        who = CheckinTableModel.COL_WHO  # names with a partner run long: leave the room to the summary
        header.resizeSection(who, min(header.sectionSize(who), 180))
        if not (keep and select_id(self.table, self.model, keep)) and records:
            self.table.selectRow(min(max(row, 0), len(records) - 1))
            self.table.scrollTo(self.model.index(self.table.currentIndex().row(), 0))

        self.no_cohort.setVisible(not has_cohort)
        self.no_teams.setVisible(has_cohort and not self._teams)
        self.toolbar.setVisible(bool(self._teams))
        self.split.setVisible(bool(records))
        self.empty_all.setVisible(bool(self._teams) and not records and not team_id)
        self.empty_team.setVisible(bool(self._teams) and not records and bool(team_id))
        self.new_button.setEnabled(bool(self._teams))
        self._count(records)

    def _count(self, records: list[CheckinRecord]) -> None:
        today = self.model.today
        open_ = sum(c.open_steps() for c in records)
        overdue = sum(c.overdue_steps(today) for c in records)
        text = ngettext("{n} check-in", "{n} check-ins", len(records)).format(n=len(records))
        if open_ and overdue:
            text += " · " + ngettext("{n} next step open, {overdue} overdue", "{n} next steps open, {overdue} overdue",
                                     open_).format(n=open_, overdue=overdue)
        elif open_:
            text += " · " + ngettext("{n} next step open", "{n} next steps open", open_).format(n=open_)
        self.count_label.setText(text)

    def _selected(self, *args) -> None:
        if self._loading:
            return
        checkin = selected_record(self.table)
        self.edit_button.setEnabled(checkin is not None)
        self.delete_button.setEnabled(checkin is not None)
        self.email_button.setEnabled(checkin is not None)
        self.detail.show_checkin(checkin, self.model.today, focus_step=self._focus_step,
                                 late=checkin is not None and checkin.id in self.model.late)
        self.publish()

    def in_view(self) -> InView:
        """The team whose check-ins are listed, else the team of the check-in selected."""
        checkin = selected_record(self.table) if self.split.isVisible() else None
        team = self.team_filter.currentData() or (checkin.team_id if checkin else None)
        return InView(cohort=True, team=team, record=("checkins", checkin.id) if checkin else None)

    def follow_team(self) -> None:
        """A team chosen elsewhere: its check-ins, unless the list shows every team (then its latest)."""
        team = self.context.team_id
        if team and team != self._seen_team and team != self.in_view().team:
            latest = next((r for r in self.model.records() if r.team_id == team), None) \
                if self.team_filter.currentData() is None else None
            if latest is not None:
                select_id(self.table, self.model, latest.id)
            else:
                self.select_team(team)
        self._seen_team = team

    def select_team(self, team_id: str) -> None:
        if self._stale:
            self.refresh_if_stale()
        set_combo(self.team_filter, team_id)

    # --- navigation -------------------------------------------------------

    def show_record(self, record_id: str, table: str = "") -> None:
        """Select a check-in (showing its team if the list is filtered), or filter to a team."""
        if not self.has_workspace:
            return
        checkin = self.ws.get("checkins", record_id) if table != "teams" else None
        team_id = checkin["team_id"] if checkin else record_id
        team = self.ws.get("teams", team_id)
        if team is None:
            return
        self.context.choose_team(team_id)
        if self._stale:
            self._stale = False
            self.refresh()
        if checkin is None or self.team_filter.currentData() not in (None, team_id):
            self._pending = record_id if checkin else None
            set_combo(self.team_filter, team_id)  # reloads the list
        if checkin:
            select_id(self.table, self.model, record_id)
        self.table.setFocus()

    # --- actions -----------------------------------------------------------

    def quick_entry(self, team_id: str | None = None, confirm_team: bool = False) -> str | None:
        """Open the quick form for a new check-in; returns its id once saved.

        The team is the one given, else the one this screen shows (when it is
        on screen). With ``confirm_team`` the form starts on its team field, so
        a team preselected but not on screen is seen before anything is typed.
        """
        if not self.has_workspace:
            return None
        if not cohort_has_teams(self.ws, self.cohort_id):
            dialogs.inform(self, _("Record a check-in"),
                           _("Check-ins are recorded with a cohort's state teams: choose a cohort that has "
                             "teams, or add its teams on the Teams screen first."))
            return None
        if not isinstance(team_id, str):  # a button's clicked(bool)
            team_id = self.in_view().team if self.isVisible() else None
        dialog = CheckinDialog(self, self.ws, str(self.cohort_id), team_id=team_id)
        if confirm_team:
            dialog.team.setFocus()
        if not dialogs.run_dialog(dialog) or dialog.change is None:
            return None
        return dialog.change.id

    def reveal(self, change: Change) -> None:
        if change.id and change.tables & {"checkins"} and self.has_workspace \
                and self.ws.get("checkins", change.id) is not None:
            self._reveal(change.id)

    def email_selected(self) -> None:
        from equitycohort.ui.mail import email_checkin

        checkin = selected_record(self.table)
        if checkin is not None:
            email_checkin(self, self.ws, checkin.id)

    def edit_checkin(self, *args) -> bool:
        checkin = selected_record(self.table)
        if checkin is None:
            return False
        return dialogs.run_dialog(CheckinDialog(self, self.ws, str(self.cohort_id), checkin_id=checkin.id))

    def _reveal(self, checkin_id: str) -> None:
        """Show a check-in just saved, now or when the screen is next shown."""
        if self.isVisible():
            self.show_record(checkin_id)
        else:
            self._pending = checkin_id
            filtered = self.team_filter.currentData()
            team = checkin_team(self.ws, checkin_id)
            if filtered and filtered != team:
                self.team_filter.blockSignals(True)
                set_combo(self.team_filter, team)
                self.team_filter.blockSignals(False)
                self._stale = True

    def delete_selected(self, *args) -> None:
        checkin = selected_record(self.table)
        if checkin is None:
            return
        steps = len(checkin.next_steps)
        if steps:
            question = ngettext(
                "Delete the check-in of {date} with the {state} team and its {n} next step? "
                "You can undo this with Edit > Undo.",
                "Delete the check-in of {date} with the {state} team and its {n} next steps? "
                "You can undo this with Edit > Undo.", steps).format(
                    date=day_text(checkin.date), state=state_name(checkin.state), n=steps)
        else:
            question = _("Delete the check-in of {date} with the {state} team? You can undo this with Edit > Undo."
                         ).format(date=day_text(checkin.date), state=state_name(checkin.state))
        if dialogs.confirm(self, _("Delete check-in"), question, _("Delete"), destructive=True):
            self._pending_row = self.table.currentIndex().row()
            self.run(delete_checkin, checkin.id)

    def set_step_done(self, step_id: str, done: bool) -> None:
        self._focus_step = step_id  # for the redraw the change brings
        try:
            self.run(set_next_step_done, step_id, done)
            self._selected()  # also puts a box back as it was if the change was refused
        finally:
            self._focus_step = None
