"""The main window: navigation, the current cohort, menus, undo, the status line."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort import APP_NAME, __version__, paths
from equitycohort.data.errors import DamagedError, LockedError, WorkspaceError
from equitycohort.ui import dialogs, settings, theme
from equitycohort.ui.views.base import EmptyState, View, button

log = logging.getLogger(__name__)

SCREENS = ("Attention", "Cohorts", "Schedule", "Teams", "Workplans", "Assessments", "Check-ins", "Partners")
COHORT_SCREENS = {"Schedule", "Teams", "Workplans", "Assessments", "Check-ins"}
#: where each screen's class lives (imported only when the screen is first shown)
SCREEN_CLASSES = {
    "Attention": ("attention", "AttentionView"),
    "Cohorts": ("cohorts", "CohortsView"),
    "Schedule": ("schedule", "ScheduleView"),
    "Teams": ("teams", "TeamsView"),
    "Workplans": ("workplans", "WorkplansView"),
    "Assessments": ("assessments", "AssessmentsView"),
    "Check-ins": ("checkins", "CheckinsView"),
    "Partners": ("partners", "PartnersView"),
}


class _Screens(dict):
    """Built screens by name; asking for one not built yet builds it."""

    def __init__(self, build):
        super().__init__()
        self._build = build

    def __missing__(self, name: str) -> View:
        return self._build(name)


#: today's backup starts this long after a workspace opens, once the window has painted
BACKUP_DELAY_MS = 250


class MainWindow(QMainWindow):
    #: today's backup ended (a maintenance.BackgroundBackup: its target, or its error)
    backup_done = Signal(object)

    def __init__(self):
        super().__init__()
        self.ws = None
        self._backup = None
        self.backup_done.connect(self._backup_ended)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(960, 600))
        self.views: dict[str, View] = _Screens(self.view)
        self._build_views()
        self._build_menus()
        self._build_status()
        self._show_no_workspace()
        QApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    # --- layout ----------------------------------------------------------

    def _build_views(self) -> None:
        self.nav = QListWidget()
        self.nav.setAccessibleName("Navigation")
        self.nav.setFixedWidth(184)
        self.nav.setSpacing(1)
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.nav.setFont(font)
        self.nav.setStyleSheet("QListWidget { padding-top: 8px; } QListWidget::item { padding-left: 14px; }")
        for name in SCREENS:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, name)
            item.setSizeHint(QSize(160, 34))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._screen_changed)

        # Screens are built the first time they are shown, so start-up pays
        # only for the first one; a blank page holds each one's place.
        self.stack = QStackedWidget()
        self._places = {name: QWidget() for name in SCREENS}
        for name in SCREENS:
            self.stack.addWidget(self._places[name])

        self.cohort_picker = QComboBox()
        self.cohort_picker.setAccessibleName("Current cohort")
        self.cohort_picker.setMinimumWidth(280)
        self.cohort_picker.currentIndexChanged.connect(self._picker_changed)
        self.picker_label = QLabel("&Cohort:")
        self.picker_label.setBuddy(self.cohort_picker)
        from equitycohort.ui.search import SearchController, SearchField, SearchResults

        self.search_field = SearchField()
        self.search_results = SearchResults()
        self.stack.addWidget(self.search_results)
        self.search = SearchController(self, self.search_field, self.search_results)
        bar = QHBoxLayout()
        bar.addWidget(self.search_field)
        bar.addStretch(1)
        bar.addWidget(self.picker_label)
        bar.addWidget(self.cohort_picker)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 10, 16, 10)
        column.addLayout(bar)
        column.addWidget(self.stack, 1)

        self.workspace_page = QWidget()
        row = QHBoxLayout(self.workspace_page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(content, 1)

        self.no_workspace = EmptyState(
            "No workspace is open",
            "A workspace is one file holding your programs, cohorts, teams and their records. "
            "Open one, start a new one, or look around in the demo workspace.",
            [button("&Open workspace…", self.open_dialog, "Open workspace"),
             button("&New workspace…", self.new_workspace, "New workspace"),
             button("Open the &demo workspace", self.open_demo, "Open the demo workspace")])
        self.central = QStackedWidget()
        self.central.addWidget(self.workspace_page)
        self.central.addWidget(self.no_workspace)
        self.setCentralWidget(self.central)

    def view(self, name: str) -> View:
        """The screen called ``name``, built on first use."""
        view = dict.get(self.views, name)
        if view is None:
            view = self._make_view(name)
            view.setAccessibleName(name)
            view.cohort_chosen.connect(self.set_cohort)
            view.navigate.connect(self.go_to)
            if self.ws is not None:
                view.set_workspace(self.ws)
                view.set_cohort(self.cohort_picker.currentData())
            self.views[name] = view
            place = self._places[name]
            index = self.stack.indexOf(place)
            self.stack.insertWidget(index, view)
            self.stack.removeWidget(place)
            place.deleteLater()
        return view

    def _make_view(self, name: str) -> View:
        import importlib

        module, cls = SCREEN_CLASSES[name]
        view = getattr(importlib.import_module(f"equitycohort.ui.views.{module}"), cls)()
        if name == "Cohorts":
            view.demo_requested.connect(self.open_demo)
        return view

    def warm_up(self) -> None:
        """After the first paint, prepare the rest at idle so first visits are quick.

        Holiday tables load in a thread; screens are built one per event-loop
        turn so the window stays responsive meanwhile.
        """
        import threading

        from PySide6.QtCore import QTimer

        from equitycohort.data.schedule import warm_holidays

        threading.Thread(target=warm_holidays, daemon=True).start()
        pending = [name for name in SCREENS if dict.get(self.views, name) is None]

        def build_next():
            if pending and self.isVisible():
                self.view(pending.pop(0))
                QTimer.singleShot(0, build_next)

        QTimer.singleShot(0, build_next)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        self.new_action = self._action("&New Workspace…", self.new_workspace, QKeySequence.StandardKey.New)
        self.open_action = self._action("&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        menu.addAction(self.new_action)
        menu.addAction(self.open_action)
        self.recent_menu = menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addAction(self._action("Open the &Demo Workspace", self.open_demo))
        menu.addSeparator()
        # the export actions are made the first time the menu opens (start-up need not pay for them)
        self._exports = None
        self._export_actions: list[QAction] = []
        self.export_menu = menu.addMenu("&Export")
        self.export_menu.aboutToShow.connect(self._fill_export_menu)
        self.import_action = self._action("&Import Roster…", lambda checked=False: self.exports.import_roster(),
                                          tip="Add or update teams and people from a roster CSV")
        menu.addAction(self.import_action)
        menu.addSeparator()
        self.copy_action = self._action("Save a &Copy…", self.save_copy, "Ctrl+Shift+S",
                                        "Save a backup copy of this workspace")
        self.check_action = self._action("C&heck Workspace", self.check_workspace)
        menu.addAction(self.copy_action)
        menu.addAction(self.check_action)
        menu.addSeparator()
        menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action("&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action("&Redo", self.redo, "Ctrl+Shift+Z")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self.find_action = self._action("&Search Everything…", self.find, QKeySequence.StandardKey.Find)
        edit.addAction(self.find_action)
        self.checkin_action = self._action("Record a &Check-in…", self.record_checkin, "Ctrl+Shift+K",
                                           "Record a call, visit, video or e-mail with a team, from anywhere")
        edit.addAction(self.checkin_action)

        view = self.menuBar().addMenu("&View")
        for i, name in enumerate(SCREENS, start=1):
            view.addAction(self._action(f"&{i} {name}", lambda checked=False, n=name: self.go_to(n), f"Ctrl+{i}"))
        view.addSeparator()
        appearance = view.addMenu("&Appearance")
        group = QActionGroup(self)
        current = settings.get(settings.APPEARANCE)
        for key, label in (("system", "Follow the &System"), ("light", "&Light"), ("dark", "&Dark")):
            action = self._action(label, lambda checked=False, k=key: self.set_appearance(k))
            action.setCheckable(True)
            action.setChecked(key == current)
            group.addAction(action)
            appearance.addAction(action)

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("Open &Log Folder", self.open_log_folder))
        help_menu.addAction(self._action(f"&About {APP_NAME}", self.about))
        self.workspace_actions = [self.copy_action, self.check_action, self.undo_action, self.redo_action,
                                  self.find_action, self.checkin_action, self.import_action]

    @property
    def exports(self):
        """File > Export and Import Roster (made on first use)."""
        if self._exports is None:
            from equitycohort.ui.exports import ExportController

            self._exports = ExportController(self)
        return self._exports

    def _fill_export_menu(self) -> None:
        if not self._export_actions:
            self._export_actions = self.exports.build_menu(self.export_menu)
            self.export_menu.addSeparator()
            sizes = self.export_menu.addMenu("Page Si&ze")
            size_group = QActionGroup(self)
            for key, label in (("letter", "US &Letter"), ("a4", "&A4")):
                action = self._action(label, lambda checked=False, k=key: settings.put(settings.PAGE_SIZE, k))
                action.setCheckable(True)
                action.setChecked(settings.get(settings.PAGE_SIZE) == key)
                size_group.addAction(action)
                sizes.addAction(action)
        for action in self._export_actions:
            action.setEnabled(self.ws is not None)

    def _build_status(self) -> None:
        self.path_label = QLabel()
        self.path_label.setAccessibleName("Workspace file")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Save status")
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)

    # --- workspace -------------------------------------------------------

    def set_workspace(self, ws) -> None:
        """Show a newly opened workspace, closing the one shown before."""
        self.close_workspace()
        self.ws = ws
        ws.subscribe(self._on_change)
        for view in self.views.values():
            view.set_workspace(ws)
        settings.remember_workspace(str(ws.path))
        self.setWindowTitle(f"{ws.name} — {APP_NAME}")
        self.path_label.setText(str(ws.path))
        self.saved_label.setText("All changes saved")
        self.central.setCurrentWidget(self.workspace_page)
        for action in self.workspace_actions:
            action.setEnabled(True)
        self._fill_cohorts(settings.get(settings.LAST_COHORT))
        has_cohorts = self.cohort_picker.count() > 0
        # Attention is where a working day starts; an empty workspace starts at Cohorts
        start = "Attention" if has_cohorts else "Cohorts"
        if self.nav.currentRow() == SCREENS.index(start):
            self._screen_changed(self.nav.currentRow())
        else:
            self.nav.setCurrentRow(SCREENS.index(start))
        self.view(start).refresh_if_stale()
        self._update_undo()

    def close_workspace(self) -> None:
        if self.ws is None:
            return
        if self._backup is not None:
            self._backup.wait()  # today's backup is finished before its workspace closes
            self._backup = None
        self.ws.unsubscribe(self._on_change)
        try:
            self.ws.close()
        except Exception:  # closing must never stop the app from closing
            log.exception("closing the workspace failed")
        self.ws = None
        self._show_no_workspace()

    def _show_no_workspace(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.path_label.setText("")
        self.saved_label.setText("")
        self.central.setCurrentWidget(self.no_workspace)
        for action in self.workspace_actions:
            action.setEnabled(False)
        self.search_field.clear()

    def open_path(self, path: str | Path, *, create: bool = False) -> bool:
        from equitycohort.data.workspace import create_workspace, open_workspace

        path = Path(path)
        if self.ws is not None and self.ws.path.resolve() == path.resolve():
            return True
        try:
            ws = create_workspace(path) if create else open_workspace(path, daily_backup=False)
        except LockedError as exc:
            dialogs.warn(self, "Workspace in use", str(exc))
            return False
        except DamagedError as exc:
            self.offer_repair(path, str(exc))
            return False
        except WorkspaceError as exc:
            dialogs.warn(self, "Cannot open workspace", str(exc))
            if not path.exists():
                settings.forget_workspace(str(path))
            return False
        except OSError as exc:
            dialogs.warn(self, "Cannot open workspace", f"{path.name} could not be opened: {exc.strerror or exc}.")
            return False
        self.set_workspace(ws)
        if ws.notices:
            dialogs.warn(self, "Workspace opened", "\n\n".join(ws.notices))
        if not create:
            QTimer.singleShot(BACKUP_DELAY_MS, lambda: self._begin_daily_backup(ws))
        return True

    def _begin_daily_backup(self, ws) -> None:
        """Today's backup, copied in the background from the workspace as it is now."""
        if ws is not self.ws or self._backup is not None:
            return
        from equitycohort.data.maintenance import BackgroundBackup

        backup = BackgroundBackup(ws)
        backup.on_done = lambda target, error: self.backup_done.emit(backup)  # from the copying thread
        try:
            started = backup.start()
        except (OSError, sqlite3.Error) as exc:
            log.warning("today's backup could not be started: %s", exc)
            backup.error = getattr(exc, "strerror", None) or str(exc)
            self._backup_ended(backup)
            return
        if started:
            self._backup = backup

    def _backup_ended(self, backup) -> None:
        if backup is self._backup:
            self._backup = None
        if backup.damaged and backup.ws is self.ws:
            self.offer_repair(backup.ws.path, backup.error or "", opened=True)
        elif backup.error:
            self.statusBar().showMessage(f"Today's backup could not be made: {backup.error}. Your work is saved; "
                                         "use File > Save a Copy to keep a copy elsewhere.", 20000)
        elif backup.target is not None:
            log.info("today's backup: %s", backup.target)

    def open_dialog(self) -> None:
        folder = str(self.ws.path.parent) if self.ws else str(paths.data_dir())
        path = dialogs.open_workspace_path(self, folder)
        if path:
            self.open_path(path)

    def new_workspace(self) -> None:
        folder = self.ws.path.parent if self.ws else paths.data_dir()
        path = dialogs.new_workspace_path(self, str(folder / f"New workspace{paths.WORKSPACE_SUFFIX}"))
        if path:
            if Path(path).exists():
                dialogs.warn(self, "Cannot create workspace",
                             f"{Path(path).name} already exists. Choose another name, or open it with File > Open.")
                return
            self.open_path(path, create=True)

    def open_demo(self) -> None:
        path = paths.data_dir() / f"Demo workspace{paths.WORKSPACE_SUFFIX}"
        if not path.exists():
            from equitycohort.data.demo import populate_demo
            from equitycohort.data.workspace import create_workspace

            path.parent.mkdir(parents=True, exist_ok=True)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                ws = create_workspace(path)
                populate_demo(ws)
            except WorkspaceError as exc:
                dialogs.warn(self, "Cannot create the demo workspace", str(exc))
                return
            finally:
                QApplication.restoreOverrideCursor()
            self.set_workspace(ws)
            return
        self.open_path(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = settings.get(settings.RECENT)
        for i, path in enumerate(recent, start=1):
            name = Path(path).name.replace("&", "&&")  # a file name is not a mnemonic
            action = self._action(f"&{i} {name}", lambda checked=False, p=path: self.open_path(p))
            action.setStatusTip(path)
            action.setEnabled(Path(path).exists())
            self.recent_menu.addAction(action)
        if not recent:
            empty = self.recent_menu.addAction("No recent workspaces")
            empty.setEnabled(False)

    def save_copy(self) -> None:
        if self.ws is None:
            return
        from equitycohort.data.maintenance import copy_to

        suggested = self.ws.path.with_name(f"{self.ws.name} copy{paths.WORKSPACE_SUFFIX}")
        path = dialogs.save_path(self, "Save a copy", str(suggested), dialogs.WORKSPACE_FILTER)
        if not path:
            return
        if Path(path).resolve() == self.ws.path.resolve():
            dialogs.warn(self, "Not saved", "Choose another name: the copy cannot replace the workspace itself.")
            return
        try:
            copy_to(self.ws, Path(path))
        except (OSError, WorkspaceError) as exc:
            dialogs.warn(self, "Copy not saved", f"The copy could not be written: {exc}")
            return
        self.statusBar().showMessage(f"Copy saved to {path}", 8000)

    def check_workspace(self) -> None:
        if self.ws is None:
            return
        from equitycohort.data.maintenance import check_workspace

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = check_workspace(self.ws.path)
        finally:
            QApplication.restoreOverrideCursor()
        if report.healthy:
            dialogs.inform(self, "Check workspace", f"{self.ws.name} is healthy: no problems found.",
                           "\n".join(report.lines()))
        else:
            self.offer_repair(self.ws.path, f"{len(report.problems)} problem(s) found in {self.ws.name}.",
                              opened=True, details="\n".join(report.lines()))

    def offer_repair(self, path: Path, problem: str, *, opened: bool = False, details: str = "") -> None:
        """Tell of a damaged workspace and offer a repaired copy beside it (never in place)."""
        from equitycohort.data.maintenance import repair_workspace

        path = Path(path)
        text = (f"{problem}\n\nEquity Cohort can make a repaired copy beside it, from everything that can "
                f"still be read; {path.name} itself is left as it is. Your rolling backups are in "
                f"{paths.backups_dir(path)}.")
        if not dialogs.confirm(self, "Check workspace" if opened else "Cannot open workspace", text,
                               "Make a Repaired Copy", details=details):
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            repair = repair_workspace(path)
        finally:
            QApplication.restoreOverrideCursor()
        if not repair.made:
            dialogs.warn(self, "No repaired copy", f"No repaired copy was made: {repair.error}.")
            return
        assert repair.target is not None
        kept, lost = sum(repair.kept.values()), sum(repair.lost.values())
        changed = f"; {len(repair.changes)} change(s) are listed in the details" if repair.changes else ""
        summary = (f"The repaired copy is {repair.target.name}, beside {path.name}: {kept} record(s) carried "
                   f"over, {lost} left out{changed}. Open it now?")
        if dialogs.confirm(self, "Repaired copy made", summary, "Open the Repaired Copy",
                           details="\n".join(repair.lines())):
            self.open_path(repair.target)

    # --- cohorts and screens ---------------------------------------------

    def _fill_cohorts(self, select: str | None = None) -> None:
        from equitycohort.data.cohorts import list_cohorts

        current = select or self.cohort_picker.currentData()
        cohorts = list_cohorts(self.ws) if self.ws else []
        self.cohort_picker.blockSignals(True)
        self.cohort_picker.clear()
        for c in cohorts:
            self.cohort_picker.addItem(f"{c.name} · {c.program_name} · {c.phase_label}", c.id)
        index = self.cohort_picker.findData(current)
        self.cohort_picker.setCurrentIndex(index if index >= 0 else (0 if cohorts else -1))
        self.cohort_picker.blockSignals(False)
        self._apply_cohort(self.cohort_picker.currentData())

    def _picker_changed(self) -> None:
        self._apply_cohort(self.cohort_picker.currentData())

    def _apply_cohort(self, cohort_id: str | None) -> None:
        for view in self.views.values():
            view.set_cohort(cohort_id)
        if cohort_id:
            settings.put(settings.LAST_COHORT, cohort_id)

    def set_cohort(self, cohort_id: str) -> None:
        index = self.cohort_picker.findData(cohort_id)
        if index < 0:
            self._fill_cohorts(cohort_id)
        elif index != self.cohort_picker.currentIndex():
            self.cohort_picker.setCurrentIndex(index)

    def current_cohort(self) -> str | None:
        return self.cohort_picker.currentData()

    def _screen_changed(self, row: int) -> None:
        if row < 0:
            return
        name = SCREENS[row]
        self.stack.setCurrentWidget(self.view(name))
        visible = name in COHORT_SCREENS and self.cohort_picker.count() > 0
        self.cohort_picker.setVisible(visible)
        self.picker_label.setVisible(visible)

    def go_to(self, name: str, record_id: str = "") -> None:
        if name in SCREENS:
            if self.nav.currentRow() == SCREENS.index(name):
                self._screen_changed(self.nav.currentRow())
            self.nav.setCurrentRow(SCREENS.index(name))
            if record_id:
                self.view(name).show_record(record_id)

    def current_view(self) -> View:
        return self.view(SCREENS[max(0, self.nav.currentRow())])

    # --- edits -----------------------------------------------------------

    def _on_change(self, change) -> None:
        if change.tables & {"programs", "cohorts"}:
            self._fill_cohorts()
        for view in self.views.values():
            view.changed(change.tables)
        self._update_undo()
        self.saved_label.setText("All changes saved")
        if change.warnings:
            self.statusBar().showMessage(f"{change.label}: saved. ⚠ " + " ".join(change.warnings), 10000)
        else:
            self.statusBar().showMessage(f"{change.label}: saved.", 4000)

    def _update_undo(self) -> None:
        undo = self.ws.undo_label if self.ws else None
        redo = self.ws.redo_label if self.ws else None
        self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")
        self.undo_action.setEnabled(bool(undo))
        self.redo_action.setEnabled(bool(redo))

    def undo(self) -> None:
        if self.ws and self.ws.undo_label:
            self._guarded(self.ws.undo)

    def redo(self) -> None:
        if self.ws and self.ws.redo_label:
            self._guarded(self.ws.redo)

    def _guarded(self, action) -> None:
        try:
            action()
        except WorkspaceError as exc:
            dialogs.warn(self, "Not saved", str(exc))

    def find(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def record_checkin(self) -> None:
        """The quick check-in form, for the team in view if there is one."""
        if self.ws is None or not self.current_cohort():
            dialogs.warn(self, "No cohort yet", "Create a cohort and its teams first; check-ins are with a team.")
            return
        team_id = None
        teams = dict.get(self.views, "Teams")
        if teams is not None and self.current_view() is teams:
            team_id = teams.selected_team_id()
        self.view("Check-ins").quick_entry(team_id)

    def show_search_results(self) -> None:
        self.stack.setCurrentWidget(self.search_results)
        self.cohort_picker.setVisible(False)
        self.picker_label.setVisible(False)

    def hide_search_results(self) -> None:
        if self.stack.currentWidget() is self.search_results:
            self._screen_changed(self.nav.currentRow())

    # --- preferences and window state ------------------------------------

    def set_appearance(self, appearance: str) -> None:
        settings.put(settings.APPEARANCE, appearance)
        theme.apply(QApplication.instance(), appearance)
        for view in self.views.values():
            view._stale = True
        self.current_view().refresh_if_stale()

    def _system_scheme_changed(self, *_args) -> None:
        """The system went light or dark: follow it, unless the user chose a look."""
        if settings.get(settings.APPEARANCE) == "system":
            self.set_appearance("system")

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.log_dir())))

    def about(self) -> None:
        dialogs.inform(self, f"About {APP_NAME}",
                       f"{APP_NAME} {__version__}\n\nFor the facilitators of cohort learning programs: "
                       "cohorts, schedules, attendance, teams and partners, in one file that works offline.")

    def restore_window_state(self) -> None:
        geometry = settings.get(settings.WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.get(settings.WINDOW_STATE)
        if state:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.put(settings.WINDOW_GEOMETRY, self.saveGeometry())
        settings.put(settings.WINDOW_STATE, self.saveState())
        self.close_workspace()
        super().closeEvent(event)
