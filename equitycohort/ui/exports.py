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
    QApplication,
    QMenu,
    QProgressDialog,
)

from equitycohort import i18n
from equitycohort.data.errors import ValidationError, WorkspaceError
from equitycohort.i18n import N_, _
from equitycohort.ui import dialogs, preferences, settings

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace
    from equitycohort.ui.context import Context

log = logging.getLogger(__name__)

# file choosers' filters, translated where a chooser shows them
PDF_FILTER = N_("PDF documents (*.pdf)")
XLSX_FILTER = N_("Excel workbooks (*.xlsx)")
CSV_FILTER = N_("CSV files (*.csv)")
ICS_FILTER = N_("Calendar files (*.ics)")
ROSTER_FILTER = N_("Rosters (*.csv *.txt *.xlsx);;CSV files (*.csv);;Excel workbooks (*.xlsx);;All files (*)")


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
            (_("Team &Workplan (PDF)…"), self.export_workplan),
            (_("&Cohort Summary (PDF)…"), self.export_cohort),
            (_("&Session Packet with Sign-in Sheet (PDF)…"), self.export_session),
            (_("Check-in &History for the Team (PDF)…"), lambda: self.export_checkins(False)),
            (_("Check-in History with &Private Notes (PDF)…"), lambda: self.export_checkins(True)),
            None,
            (_("Cohort Ca&lendar (.ics)…"), self.export_calendar),
            (_("&Roster (CSV)…"), lambda: self.export_roster(CSV_FILTER)),
            None,
            (_("Team Wor&kplan (Excel)…"), self.export_workplan_xlsx),
            (_("Cohort A&ttendance (Excel)…"), self.export_attendance),
            (_("Roster (E&xcel)…"), lambda: self.export_roster(XLSX_FILTER)),
            (_("Blank Roster Te&mplate (Excel)…"), lambda: self.export_template(XLSX_FILTER)),
            (_("Blank Roster Template (CS&V)…"), lambda: self.export_template(CSV_FILTER)),
            None,
            (_("Packets for &Every Team…"), self.export_packets),
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
                    dialogs.warn(self.window, _("No cohort to import into"),
                                 _("Create a cohort first: a roster adds teams and people to a cohort."))
                else:
                    dialogs.warn(self.window, _("Nothing to export"),
                                 _("Create a cohort first: exports are made for a cohort."))
                return None
            current = next((i for i, c in enumerate(cohorts) if c.id == self.context.cohort_id), 0)
            index = dialogs.choose(self.window, _("Choose a cohort"),
                                   _("Import into which cohort?") if doing == "import"
                                   else _("Export for which cohort?"),
                                   [_("{cohort} ({program})").format(cohort=c.name, program=c.program_name)
                                    for c in cohorts], current)
            if index is None:
                return None
            cohort_id = cohorts[index].id
        return self.ws.get("cohorts", cohort_id)

    def _current_cohort(self) -> dict | None:
        cohort = self.ws.get("cohorts", self.context.cohort_id) if self.context.cohort_id else None
        if cohort is None:
            dialogs.warn(self.window, _("Nothing to export"), _("Create a cohort first: exports are made for a cohort."))
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
            dialogs.warn(self.window, _("Nothing to export"),
                         _("{cohort} has no state teams yet.").format(cohort=cohort["name"]))
            return None
        current = next((i for i, t in enumerate(teams) if t.id == self.context.team_id), -1)
        index = dialogs.choose(self.window, _("Choose a team"),
                               _("Export for which state team of {cohort}?").format(cohort=cohort["name"]),
                               [f"{t.state_name}: {t.organization}" for t in teams], current)
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
            dialogs.warn(self.window, _("Nothing to export"),
                         _("{cohort} has no sessions yet.").format(cohort=cohort["name"]))
            return None
        today = dt.date.today().isoformat()
        current = next((i for i, s in enumerate(sessions) if s.id == self.context.session_id),
                       next((i for i, s in enumerate(sessions) if s.date >= today), len(sessions) - 1))
        labels = [f"{preferences.day_with_weekday(s.date)} {preferences.session_time(s)} · {s.title}"
                  for s in sessions]
        index = dialogs.choose(self.window, _("Choose a session"),
                               _("Export the packet of which session of {cohort}?").format(cohort=cohort["name"]),
                               labels, current)
        return self.ws.get("sessions", sessions[index].id) if index is not None else None

    def _language(self, team: dict, title: str, question: str, *, for_team: bool = True) -> str | None:
        """The language to make a team's document in, asked with the team's own preselected (the app's
        for a document only facilitators read); None when cancelled. ``question`` names the team's
        ``{state}`` and its documents' ``{language}``."""
        from equitycohort.data.schema import LANGUAGES
        from equitycohort.data.states import state_name
        from equitycohort.data.teams import document_language

        own = document_language(self.ws, team["id"])
        names = i18n.labels(LANGUAGES)
        current = own if for_team else (i18n.current() if i18n.current() in names else "en")
        text = question.format(state=state_name(team["state"]), language=names.get(own, own))
        return dialogs.document_language(self.window, title, text, names, current)

    def _target(self, title: str, name: str, file_filter: str) -> Path | None:
        from equitycohort.export import safe_name

        suffix = Path(name).suffix
        suggested = str(preferences.start_folder() / (safe_name(Path(name).stem) + suffix))
        path = dialogs.save_path(self.window, title, suggested, _(file_filter))
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
        title = _("Export team workplan")
        lang = self._language(team, title, _(
            "The {state} team's documents are in {language} (set with Edit team… on the Teams screen). "
            "Make this workplan in:"))
        if lang is None:
            return
        cohort = self.ws.require("cohorts", team["cohort_id"])
        with i18n.use(lang):  # the file is named in the document's language
            name = _("{state} workplan - {cohort}.pdf").format(state=state_name(team["state"]), cohort=cohort["name"])
        target = self._target(title, name, PDF_FILTER)
        if target:
            self.run(_("Exporting team workplan…"), _("Team workplan exported to {path}"), target, lambda ws, progress: _export("export_workplan")(
                ws, team["id"], target, page_size=self._page_size(), progress=progress, lang=lang))

    def export_cohort(self) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        target = self._target(_("Export cohort summary"), _("{cohort} summary.pdf").format(cohort=cohort["name"]),
                              PDF_FILTER)
        if target:
            self.run(_("Exporting cohort summary…"), _("Cohort summary exported to {path}"), target,
                     lambda ws, progress: _export("export_cohort_summary")(
                         ws, cohort["id"], target, page_size=self._page_size(), progress=progress,
                         lang=i18n.current()))

    def export_session(self) -> None:
        session = self._session()
        if session is None:
            return
        target = self._target(_("Export session packet"), _("{date} {session} packet.pdf").format(
            date=session["date"], session=session["title"]), PDF_FILTER)
        if target:
            self.run(_("Exporting session packet…"), _("Session packet exported to {path}"), target,
                     lambda ws, progress: _export("export_session_packet")(
                         ws, session["id"], target, page_size=self._page_size(), progress=progress,
                         lang=i18n.current()))

    def export_checkins(self, internal: bool) -> None:
        from equitycohort.data.states import state_name

        team = self._team()
        if team is None:
            return
        title = _("Export check-in history")
        question = (_("This check-in history with private notes is for facilitators only; the {state} team's "
                      "own documents are in {language}. Make it in:") if internal else
                    _("The {state} team's documents are in {language} (set with Edit team… on the Teams screen). "
                      "Make this check-in history in:"))
        lang = self._language(team, title, question, for_team=not internal)
        if lang is None:
            return
        with i18n.use(lang):
            name = (_("{state} check-ins - facilitators only.pdf") if internal
                    else _("{state} check-ins.pdf")).format(state=state_name(team["state"]))
        target = self._target(title, name, PDF_FILTER)
        if target:
            self.run(_("Exporting check-in history…"), _("Check-in history exported to {path}"), target,
                     lambda ws, progress: _export("export_checkin_history")(
                         ws, team["id"], target, internal=internal, page_size=self._page_size(),
                         progress=progress, lang=lang))

    def export_calendar(self) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        target = self._target(_("Export calendar"), _("{cohort} sessions.ics").format(cohort=cohort["name"]),
                              ICS_FILTER)
        if target:
            self.run(_("Exporting calendar…"), _("Calendar exported to {path}"), target, lambda ws, progress: _export("export_calendar")(
                ws, cohort["id"], target, progress=progress, lang=i18n.current()))

    def export_workplan_xlsx(self) -> None:
        from equitycohort.data.states import state_name

        team = self._team()
        if team is None:
            return
        title = _("Export team workplan")
        lang = self._language(team, title, _(
            "The {state} team's documents are in {language} (set with Edit team… on the Teams screen). "
            "Make this editable workplan in:"))
        if lang is None:
            return
        cohort = self.ws.require("cohorts", team["cohort_id"])
        with i18n.use(lang):
            name = _("{state} workplan - {cohort}.xlsx").format(state=state_name(team["state"]),
                                                                 cohort=cohort["name"])
        target = self._target(title, name, XLSX_FILTER)
        if target:
            self.run(_("Exporting team workplan…"), _("Team workplan exported to {path}"), target,
                     lambda ws, progress: _export("export_workplan_xlsx")(
                         ws, team["id"], target, progress=progress, lang=lang))

    def export_attendance(self) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        target = self._target(_("Export attendance"), _("{cohort} attendance.xlsx").format(cohort=cohort["name"]),
                              XLSX_FILTER)
        if target:
            self.run(_("Exporting attendance…"), _("Attendance exported to {path}"), target, lambda ws, progress: _export("export_attendance")(
                ws, cohort["id"], target, progress=progress, lang=i18n.current()))

    def export_roster(self, file_filter: str = CSV_FILTER) -> None:
        cohort = self._cohort()
        if cohort is None:
            return
        name = (_("{cohort} roster.xlsx") if file_filter == XLSX_FILTER else _("{cohort} roster.csv"))
        target = self._target(_("Export roster"), name.format(cohort=cohort["name"]), file_filter)
        if target:
            self.run(_("Exporting roster…"), _("Roster exported to {path}"), target, lambda ws, progress: _export("export_roster")(
                ws, cohort["id"], target, progress=progress, lang=i18n.current()))

    def export_template(self, file_filter: str) -> None:
        """A blank roster for teams to fill in and send back (File > Import Roster reads it)."""
        name = _("Roster template.xlsx") if file_filter == XLSX_FILTER else _("Roster template.csv")
        target = self._target(_("Export blank roster template"), name, file_filter)
        if target:
            self.run(_("Exporting roster template…"), _("Roster template exported to {path}"), target,
                     lambda ws, progress: _export("export_roster_template")(
                         target, progress=progress, lang=i18n.current()))

    def export_packets(self) -> None:
        """Every team's documents, each in the team's own language (the export knows each team's)."""
        cohort = self._cohort()
        if cohort is None:
            return
        folder = dialogs.choose_folder(self.window, _("Export packets into which folder?"),
                                       str(preferences.start_folder()))
        if not folder:
            return
        from equitycohort.export import safe_name

        target = Path(folder) / safe_name(_("{cohort} packets").format(cohort=cohort["name"]))
        self.run(_("Exporting packets…"), _("Packets exported to {path}"), target, lambda ws, progress: _export("export_packets")(
            ws, cohort["id"], target, page_size=self._page_size(), progress=progress).folder, folder_result=True)

    # --- running -----------------------------------------------------------

    def run(self, doing: str, done: str, target: Path, work: Callable, folder_result: bool = False) -> None:
        """Run ``work(ws, progress)``, showing progress (``doing``) if it takes more than a blink;
        ``done`` says where the result went (its ``{path}``) in the status bar.

        Exports run on the GUI thread (PySide's import hooks are not safe for
        a worker thread importing reportlab while the event loop runs); the
        progress callback keeps the window painted meanwhile.
        """
        if self.busy:
            return
        self.busy = True
        progress = QProgressDialog(doing, "", 0, 0, self.window)
        progress.setWindowTitle(_("Exporting"))
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
            error = (_("The folder {path} could not be written ({reason}). Choose another folder and try again.")
                     if folder_result else
                     _("The file {path} could not be written ({reason}). Choose another folder and try again.")
                     ).format(path=target, reason=exc.strerror or exc)
        finally:
            QApplication.restoreOverrideCursor()
            progress.close()
            progress.deleteLater()
            self.busy = False
        if error:
            dialogs.warn(self.window, _("Export failed"), error)
            self.export_finished.emit(None)
            return
        preferences.remember_folder(target)  # where the next file chooser opens
        self.window.statusBar().showMessage(done.format(path=result), 8000)
        self.export_finished.emit(result)
        dialogs.export_done(self.window, Path(str(result)), folder=folder_result)

    # --- roster import ------------------------------------------------------

    def import_roster(self) -> None:
        from equitycohort.data.roster import apply_import, plan_import

        cohort = self._cohort("import")
        if cohort is None:
            return
        path = dialogs.open_file(self.window, _("Import roster"), str(preferences.start_folder()), _(ROSTER_FILTER))
        if not path:
            return
        preferences.remember_folder(path)
        try:
            plan = plan_import(self.ws, cohort["id"], Path(path))
        except OSError as exc:
            dialogs.warn(self.window, _("Cannot read roster"), _("{file} could not be read: {reason}.").format(
                file=Path(path).name, reason=exc.strerror or exc))
            return
        from equitycohort.ui.roster_preview import RosterPreviewDialog

        preview = RosterPreviewDialog(self.window, plan, Path(path).name, cohort["name"])
        if not dialogs.run_dialog(preview):
            return
        try:
            done = apply_import(self.ws, plan)
        except (ValidationError, WorkspaceError) as exc:
            dialogs.warn(self.window, _("Roster not imported"), str(exc))
            return
        self.window.statusBar().showMessage(done.report()[-1], 10000)


def _export(name: str) -> Callable:
    """An export function of the export package, made in the language given as ``lang``."""
    import equitycohort.export as export

    function = getattr(export, name)

    def made_in(*args: object, lang: str | None = None, **kwargs: object) -> object:
        # Until every export function takes ``lang`` (the export package is getting it), one that does
        # not is run in that language all the same: its strings are translated into the current one.
        import inspect

        parameters = inspect.signature(function).parameters
        if lang is not None and ("lang" in parameters or any(
                p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())):
            kwargs["lang"] = lang
        with i18n.use(lang):
            return function(*args, **kwargs)

    return made_in
