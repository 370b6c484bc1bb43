"""File > Export and Import Roster: the app's side of the export package.

A progress dialog appears only if an export takes longer than a blink, and
the result offers to open the file.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from equitycohort.data.errors import ValidationError, WorkspaceError
from equitycohort.ui import dialogs, preferences, settings, theme
from equitycohort.ui.geometry import fit_dialog

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace
    from equitycohort.ui.context import Context

log = logging.getLogger(__name__)

PDF_FILTER = "PDF documents (*.pdf)"
XLSX_FILTER = "Excel workbooks (*.xlsx)"
CSV_FILTER = "CSV files (*.csv)"
ROSTER_FILTER = "Rosters (*.csv *.txt *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx);;All files (*)"


class ExportController(QObject):
    """Builds the export actions and runs them for the window's current selection."""

    #: emitted with the written path (or None) when an export ends
    export_finished = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.busy = False

    # --- menu ------------------------------------------------------------

    def build_menu(self, menu: QMenu) -> list[QAction]:
        items = [
            ("Team &Workplan (PDF)…", self.export_workplan),
            ("&Cohort Summary (PDF)…", self.export_cohort),
            ("&Session Packet with Sign-in Sheet (PDF)…", self.export_session),
            ("Check-in &History for the Team (PDF)…", lambda: self.export_checkins(False)),
            ("Check-in History with &Private Notes (PDF)…", lambda: self.export_checkins(True)),
            None,
            ("Cohort Ca&lendar (.ics)…", self.export_calendar),
            ("&Roster (CSV)…", lambda: self.export_roster(CSV_FILTER)),
            None,
            ("Team Wor&kplan (Excel)…", self.export_workplan_xlsx),
            ("Cohort A&ttendance (Excel)…", self.export_attendance),
            ("Roster (E&xcel)…", lambda: self.export_roster(XLSX_FILTER)),
            ("Blank Roster Te&mplate (Excel)…", lambda: self.export_template(XLSX_FILTER)),
            ("Blank Roster Template (CS&V)…", lambda: self.export_template(CSV_FILTER)),
            None,
            ("Packets for &Every Team…", self.export_packets),
        ]
        actions = []
        for item in items:
            if item is None:
                menu.addSeparator()
                continue
            action = QAction(item[0], self)
            action.triggered.connect(item[1])
            menu.addAction(action)
            actions.append(action)
        return actions

    # --- what the export is about ---------------------------------------

    @property
    def ws(self) -> Workspace:
        assert self.window.ws is not None, "File > Export is enabled only with a workspace open"
        return self.window.ws

    @property
    def context(self) -> Context:
        return self.window.context

    def _cohort(self, doing: str = "export") -> dict | None:
        """The cohort on screen; on a screen not about one cohort, asked (the current one preselected)."""
        from equitycohort.data.cohorts import list_cohorts

        cohort_id = self.context.cohort_in_view()
        if cohort_id is None:
            cohorts = list_cohorts(self.ws)
            if not cohorts:
                if doing == "import":
                    dialogs.warn(self.window, "No cohort to import into",
                                 "Create a cohort first: a roster adds teams and people to a cohort.")
                else:
                    dialogs.warn(self.window, "Nothing to export",
                                 "Create a cohort first: exports are made for a cohort.")
                return None
            current = next((i for i, c in enumerate(cohorts) if c.id == self.context.cohort_id), 0)
            index = dialogs.choose(self.window, "Choose a cohort",
                                   "Import into which cohort?" if doing == "import" else "Export for which cohort?",
                                   [c.label for c in cohorts], current)
            if index is None:
                return None
            cohort_id = cohorts[index].id
        return self.ws.get("cohorts", cohort_id)

    def _current_cohort(self) -> dict | None:
        cohort = self.ws.get("cohorts", self.context.cohort_id) if self.context.cohort_id else None
        if cohort is None:
            dialogs.warn(self.window, "Nothing to export", "Create a cohort first: exports are made for a cohort.")
        return cohort

    def _team(self) -> dict | None:
        """The team on screen; else asked, among the current cohort's teams (the current team preselected)."""
        from equitycohort.data.teams import list_teams

        on_screen = self.context.team_in_view()
        if on_screen:
            return self.ws.get("teams", on_screen)
        cohort = self._current_cohort()
        if cohort is None:
            return None
        teams = list_teams(self.ws, cohort["id"])
        if not teams:
            dialogs.warn(self.window, "Nothing to export", f"{cohort['name']} has no state teams yet.")
            return None
        current = next((i for i, t in enumerate(teams) if t.id == self.context.team_id), -1)
        index = dialogs.choose(self.window, "Choose a team", f"Export for which state team of {cohort['name']}?",
                               [t.label for t in teams], current)
        return self.ws.get("teams", teams[index].id) if index is not None else None

    def _session(self) -> dict | None:
        """The session on screen; else asked (the current session, else the next one, preselected)."""
        from equitycohort.data.schedule import list_sessions

        on_screen = self.context.session_in_view()
        if on_screen:
            return self.ws.get("sessions", on_screen)
        cohort = self._current_cohort()
        if cohort is None:
            return None
        sessions = list_sessions(self.ws, cohort["id"])
        if not sessions:
            dialogs.warn(self.window, "Nothing to export", f"{cohort['name']} has no sessions yet.")
            return None
        today = dt.date.today().isoformat()
        current = next((i for i, s in enumerate(sessions) if s.id == self.context.session_id),
                       next((i for i, s in enumerate(sessions) if s.date >= today), len(sessions) - 1))
        labels = [f"{preferences.day_with_weekday(s.date)} {preferences.session_time(s)} · {s.title}"
                  for s in sessions]
        index = dialogs.choose(self.window, "Choose a session", f"Export the packet of which session of "
                               f"{cohort['name']}?", labels, current)
        return self.ws.get("sessions", sessions[index].id) if index is not None else None

    def _target(self, title: str, name: str, file_filter: str) -> Path | None:
        from equitycohort.export import safe_name

        suffix = Path(name).suffix
        suggested = str(preferences.start_folder() / (safe_name(Path(name).stem) + suffix))
        path = dialogs.save_path(self.window, title, suggested, file_filter)
        if not path:
            return None
        target = Path(path)
        if suffix and target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        return target

    def _page_size(self) -> str:
        return settings.get(settings.PAGE_SIZE)

    # --- the exports ------------------------------------------------------

    def export_workplan(self) -> None:
        from equitycohort.data.states import state_name

        team = self._team()
        if team is None:
            return
        cohort = self.ws.require("cohorts", team["cohort_id"])
        target = self._target("Export team workplan", f"{state_name(team['state'])} workplan - {cohort['name']}.pdf",
                              PDF_FILTER)
        if target:
            self.run("Team workplan", target, lambda ws, progress: _export("export_workplan")(
                ws, team["id"], target, page_size=self._page_size(), progress=progress))

    def export_cohort(self) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        target = self._target("Export cohort summary", f"{cohort['name']} summary.pdf", PDF_FILTER)
        if target:
            self.run("Cohort summary", target, lambda ws, progress: _export("export_cohort_summary")(
                ws, cohort["id"], target, page_size=self._page_size(), progress=progress))

    def export_session(self) -> None:
        session = self._session()
        if session is None:
            return
        target = self._target("Export session packet",
                                          f"{session['date']} {session['title']} packet.pdf", PDF_FILTER)
        if target:
            self.run("Session packet", target, lambda ws, progress: _export("export_session_packet")(
                ws, session["id"], target, page_size=self._page_size(), progress=progress))

    def export_checkins(self, internal: bool) -> None:
        from equitycohort.data.states import state_name

        team = self._team()
        if team is None:
            return
        name = f"{state_name(team['state'])} check-ins{' - facilitators only' if internal else ''}.pdf"
        target = self._target("Export check-in history", name, PDF_FILTER)
        if target:
            self.run("Check-in history", target, lambda ws, progress: _export("export_checkin_history")(
                ws, team["id"], target, internal=internal, page_size=self._page_size(), progress=progress))

    def export_calendar(self) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        target = self._target("Export calendar", f"{cohort['name']} sessions.ics",
                                         "Calendar files (*.ics)")
        if target:
            self.run("Calendar", target, lambda ws, progress: _export("export_calendar")(
                ws, cohort["id"], target, progress=progress))

    def export_workplan_xlsx(self) -> None:
        from equitycohort.data.states import state_name

        team = self._team()
        if team is None:
            return
        cohort = self.ws.require("cohorts", team["cohort_id"])
        target = self._target("Export team workplan", f"{state_name(team['state'])} workplan - {cohort['name']}.xlsx",
                              XLSX_FILTER)
        if target:
            self.run("Team workplan", target, lambda ws, progress: _export("export_workplan_xlsx")(
                ws, team["id"], target, progress=progress))

    def export_attendance(self) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        target = self._target("Export attendance", f"{cohort['name']} attendance.xlsx", XLSX_FILTER)
        if target:
            self.run("Attendance", target, lambda ws, progress: _export("export_attendance")(
                ws, cohort["id"], target, progress=progress))

    def export_roster(self, file_filter: str = CSV_FILTER) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        suffix = ".xlsx" if file_filter == XLSX_FILTER else ".csv"
        target = self._target("Export roster", f"{cohort['name']} roster{suffix}", file_filter)
        if target:
            self.run("Roster", target, lambda ws, progress: _export("export_roster")(
                ws, cohort["id"], target, progress=progress))

    def export_template(self, file_filter: str) -> None:
        """A blank roster for teams to fill in and send back (File > Import Roster reads it)."""
        suffix = ".xlsx" if file_filter == XLSX_FILTER else ".csv"
        target = self._target("Export blank roster template", f"Roster template{suffix}", file_filter)
        if target:
            self.run("Roster template", target, lambda ws, progress: _export("export_roster_template")(
                target, progress=progress))

    def export_packets(self) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        folder = dialogs.choose_folder(self.window, "Export packets into which folder?",
                                       str(preferences.start_folder()))
        if not folder:
            return
        from equitycohort.export import safe_name

        target = Path(folder) / safe_name(f"{cohort['name']} packets")
        self.run("Packets", target, lambda ws, progress: _export("export_packets")(
            ws, cohort["id"], target, page_size=self._page_size(), progress=progress).folder, folder_result=True)

    # --- running -----------------------------------------------------------

    def run(self, what: str, target: Path, work: Callable, folder_result: bool = False) -> None:
        """Run ``work(ws, progress)``, showing progress if it takes more than a blink.

        Exports run on the GUI thread (PySide's import hooks are not safe for
        a worker thread importing reportlab while the event loop runs); the
        progress callback keeps the window painted meanwhile.
        """
        if self.busy:
            return
        self.busy = True
        progress = QProgressDialog(f"Exporting {what.lower()}…", "", 0, 0, self.window)
        progress.setWindowTitle("Exporting")
        progress.setCancelButton(None)
        progress.setMinimumDuration(400)  # appears only for exports slower than a blink
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoClose(False)

        def report(done: int, total: int, text: str) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            progress.setLabelText(text)
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

        from equitycohort.export import ExportError

        result, error = None, None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = work(self.ws, report)
        except (ExportError, WorkspaceError, ValidationError) as exc:
            error = str(exc)
        except OSError as exc:
            where = "The folder" if folder_result else "The file"
            error = (f"{where} {target} could not be written ({exc.strerror or exc}). "
                     "Choose another folder and try again.")
        finally:
            QApplication.restoreOverrideCursor()
            progress.close()
            progress.deleteLater()
            self.busy = False
        if error:
            dialogs.warn(self.window, "Export failed", error)
            self.export_finished.emit(None)
            return
        preferences.remember_folder(target)  # where the next file chooser opens
        self.window.statusBar().showMessage(f"{what} exported to {result}", 8000)
        self.export_finished.emit(result)
        dialogs.export_done(self.window, Path(str(result)), folder=folder_result)

    # --- roster import ------------------------------------------------------

    def import_roster(self) -> None:
        from equitycohort.data.roster import apply_import, plan_import

        cohort = self._cohort("import")
        if cohort is None:
            return
        path = dialogs.open_file(self.window, "Import roster", str(preferences.start_folder()), ROSTER_FILTER)
        if not path:
            return
        preferences.remember_folder(path)
        try:
            plan = plan_import(self.ws, cohort["id"], Path(path))
        except OSError as exc:
            dialogs.warn(self.window, "Cannot read roster", f"{Path(path).name} could not be read: {exc.strerror or exc}.")
            return
        preview = RosterPreviewDialog(self.window, plan, Path(path).name, cohort["name"])
        if not dialogs.run_dialog(preview):
            return
        try:
            done = apply_import(self.ws, plan)
        except (ValidationError, WorkspaceError) as exc:
            dialogs.warn(self.window, "Roster not imported", str(exc))
            return
        self.window.statusBar().showMessage(done.report()[-1], 10000)


def _export(name: str):
    import equitycohort.export as export

    return getattr(export, name)


class RosterPreviewDialog(QDialog):
    """What an import would change, row by row, before anything is written."""

    def __init__(self, parent, plan, file_name: str, cohort_name: str):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Import roster")
        fit_dialog(self, 820, 520)
        layout = QVBoxLayout(self)
        head = QLabel(f"<b>{_html(file_name)}</b> into <b>{_html(cohort_name)}</b>")
        layout.addWidget(head)
        summary = QLabel()
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)  # notes name the file's columns as typed
        summary.setAccessibleName("Import summary")
        layout.addWidget(summary)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName("Roster rows")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.teams = QLabel()
        self.teams.setWordWrap(True)
        self.teams.setTextFormat(Qt.TextFormat.PlainText)
        self.teams.setAccessibleName("Teams afterwards")
        self.teams.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.teams)
        self.teams.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        notes = " ".join(plan.notes)
        if plan.problems:
            self.table.setHorizontalHeaderLabels([plan.unit.capitalize(), "Problem", "", ""])
            self.table.setColumnCount(2)
            self.table.setRowCount(len(plan.problems))
            danger = theme.color("danger_fg")
            for i, problem in enumerate(plan.problems):
                self.table.setItem(i, 0, QTableWidgetItem(str(problem.line)))
                item = QTableWidgetItem(problem.message)
                item.setForeground(danger)
                self.table.setItem(i, 1, item)
            summary.setText(f"{len(plan.problems)} row(s) need fixing in the file; nothing will be imported "
                            f"until every row is valid. {notes}".strip())
            self.import_button.setEnabled(False)
            return
        self.table.setHorizontalHeaderLabels([plan.unit.capitalize(), "Team", "Person", "What will happen"])
        self.table.setRowCount(len(plan.rows))
        warn = theme.color("warning_fg")
        for i, row in enumerate(plan.rows):
            what = row.summary + (f" ({', '.join(sorted(row.changes))})" if row.changes else "")
            for kept in row.kept:  # a value the file degraded: the workspace's stays, and why
                what += f"; keeps the {kept.field.replace('_', ' ')} as it is: {kept.reason}"
            for col, text in enumerate((str(row.row.line), f"{row.row.state} {row.row.organization}",
                                        row.name, what)):
                item = QTableWidgetItem(text)
                if row.kept:
                    item.setToolTip("\n".join(k.describe() for k in row.kept))
                    if col == 3:
                        item.setForeground(warn)
                self.table.setItem(i, col, item)
        counts = ", ".join(f"{n} {action}" for action, n in plan.counts().items()) or "nothing"
        summary.setText(f"{len(plan.rows)} row(s): {counts}. The import is one step you can undo. {notes}".strip())
        if plan.teams:
            self.teams.setText("Teams afterwards:\n" + "\n".join(team.describe() for team in plan.teams))
            self.teams.show()
        self.import_button.setText(f"Import {len(plan.rows)} row{'s' if len(plan.rows) != 1 else ''}")
        self.import_button.setEnabled(plan.changes_anything)


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=False)
