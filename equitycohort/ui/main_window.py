"""The main window: navigation, the current cohort, menus, undo, the status line.

The window owns the one context (what the user is looking at) that every
screen sets and every action reads, and opens any record on its screen.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
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

from equitycohort import APP_NAME, i18n
from equitycohort.data.schema import PHASES
from equitycohort.i18n import N_, _
from equitycohort.ui import dialogs, settings, theme
from equitycohort.ui.context import Context
from equitycohort.ui.geometry import MINIMUM, restore_window
from equitycohort.ui.labels import plain
from equitycohort.ui.menus import build_menus, make_action
from equitycohort.ui.sharing.controller import SharingController
from equitycohort.ui.views.base import EmptyState, View, button
from equitycohort.ui.workspace_files import WorkspaceFiles

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from equitycohort.data.workspace import Change, Workspace
    from equitycohort.ui.exports import ExportController
    from equitycohort.ui.search import SearchResults
    from equitycohort.ui.views.checkins.view import CheckinsView

log = logging.getLogger(__name__)

#: the screens by their English names, which stay their ids; the navigation shows each translated
SCREENS = (N_("Attention"), N_("Cohorts"), N_("Schedule"), N_("Teams"), N_("Workplans"), N_("Assessments"),
           N_("Check-ins"), N_("Partners"))
COHORT_SCREENS = {"Schedule", "Teams", "Workplans", "Assessments", "Check-ins"}
#: where each screen's class lives (imported only when the screen is first shown)
SCREEN_CLASSES = {
    "Attention": ("attention", "AttentionView"),
    "Cohorts": ("cohorts", "CohortsView"),
    "Schedule": ("schedule.view", "ScheduleView"),
    "Teams": ("teams", "TeamsView"),
    "Workplans": ("workplans.view", "WorkplansView"),
    "Assessments": ("assessments.view", "AssessmentsView"),
    "Check-ins": ("checkins.view", "CheckinsView"),
    "Partners": ("partners", "PartnersView"),
}
#: the screen that shows each kind of record
SCREEN_OF = {
    "checkins": "Check-ins", "goals": "Workplans", "actions": "Workplans", "milestones": "Workplans",
    "assessments": "Assessments", "sessions": "Schedule", "people": "Teams", "teams": "Teams",
    "partners": "Partners", "cohorts": "Cohorts", "programs": "Cohorts",
}
#: the screen where each topic of the Attention list is followed up
TOPIC_SCREENS = {"checkins": "Check-ins", "workplans": "Workplans", "schedule": "Schedule",
                 "assessments": "Assessments"}


class _Screens(dict):
    """Built screens by name; asking for one not built yet builds it."""

    def __init__(self, build):
        super().__init__()
        self._build = build

    def __missing__(self, name: str) -> View:
        return self._build(name)


class MainWindow(QMainWindow):
    # the widgets menus.py builds
    new_action: QAction
    open_action: QAction
    recent_menu: QMenu
    _exports: ExportController | None
    export_menu: QMenu
    import_action: QAction
    copy_action: QAction
    check_action: QAction
    restore_action: QAction
    appearance_actions: dict[str, QAction]
    language_actions: dict[str, QAction]
    undo_action: QAction
    redo_action: QAction
    find_action: QAction
    checkin_action: QAction
    workspace_actions: list[QAction]
    sharing_actions: list[QAction]
    _export_actions: list[QAction]
    _size_actions: list[QAction]

    def __init__(self) -> None:
        super().__init__()
        self.ws: Workspace | None = None
        self.context = Context(self)
        self.context.add_listener(self._on_change)
        self.context.chosen.connect(self._context_chosen)
        self.files = WorkspaceFiles(self)
        self.backup_done = self.files.backup_done
        self.sharing = SharingController(self)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(MINIMUM)
        self.views: dict[str, View] = _Screens(self.view)
        self._build_views()
        build_menus(self)
        self._build_status()
        self._show_no_workspace()
        QApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    # --- layout ----------------------------------------------------------

    def _build_views(self) -> None:
        self.nav = QListWidget()
        self.nav.setAccessibleName(_("Navigation"))
        self.nav.setFixedWidth(184)
        self.nav.setSpacing(1)
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.nav.setFont(font)
        self.nav.setStyleSheet("QListWidget { padding-top: 8px; } QListWidget::item { padding-left: 14px; }")
        for name in SCREENS:
            item = QListWidgetItem(_(name))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, _(name))
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
        self.cohort_picker.setAccessibleName(_("Current cohort"))
        self.cohort_picker.setMinimumWidth(280)
        self.cohort_picker.currentIndexChanged.connect(self._picker_changed)
        self.picker_label = QLabel(_("&Cohort:"))
        self.picker_label.setBuddy(self.cohort_picker)
        from equitycohort.ui.search import SearchController, SearchField

        self.search_field = SearchField()
        self.search = SearchController(self, self.search_field)
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
            _("No workspace is open"),
            _("A workspace is one file holding your programs, cohorts, teams and their records. "
              "Open one, start a new one, or look around in the demo workspace."),
            [button(_("&Open workspace…"), self.open_dialog, _("Open workspace")),
             button(_("&New workspace…"), self.new_workspace, _("New workspace")),
             button(_("Open the &demo workspace"), self.open_demo, _("Open the demo workspace"))])
        self.central = QStackedWidget()
        self.central.addWidget(self.workspace_page)
        self.central.addWidget(self.no_workspace)
        self.setCentralWidget(self.central)

    def view(self, name: str) -> View:
        """The screen called ``name``, built on first use."""
        view = dict.get(self.views, name)
        if view is None:
            view = self._make_view(name)
            view.setAccessibleName(_(name))
            view.open_record.connect(self.open_record)
            view.show_screen.connect(self.go_to)
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
        view: View = getattr(importlib.import_module(f"equitycohort.ui.views.{module}"), cls)(self.context)
        if name == "Cohorts":
            view.demo_requested.connect(self.open_demo)  # type: ignore[attr-defined]
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
        return make_action(self, text, slot, shortcut, tip)

    @property
    def exports(self) -> ExportController:
        """File > Export and Import Roster (made on first use)."""
        if self._exports is None:
            from equitycohort.ui.exports import ExportController

            self._exports = ExportController(self)
        return self._exports

    def _fill_export_menu(self) -> None:
        if not self._export_actions:
            self._export_actions = self.exports.build_menu(self.export_menu)
            self.export_menu.addSeparator()
            sizes = self.export_menu.addMenu(_("Page Si&ze"))
            size_group = QActionGroup(self)
            for key, label in (("letter", _("US &Letter")), ("a4", _("&A4"))):
                action = self._action(label, lambda checked=False, k=key: settings.put(settings.PAGE_SIZE, k))
                action.setCheckable(True)
                action.setData(key)
                size_group.addAction(action)
                sizes.addAction(action)
            self._size_actions = size_group.actions()
        for action in self._size_actions:  # Preferences may have changed it since
            action.setChecked(settings.get(settings.PAGE_SIZE) == action.data())
        for action in self._export_actions:
            action.setEnabled(self.ws is not None)

    def _build_status(self) -> None:
        self.path_label = plain(QLabel())
        self.path_label.setAccessibleName(_("Workspace file"))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(_("Save status"))
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)

    # --- workspace -------------------------------------------------------

    def set_workspace(self, ws: Workspace) -> None:
        """Show a newly opened workspace, closing the one shown before."""
        self.close_workspace()
        self.ws = ws
        self.context.set_workspace(ws)
        for view in self.views.values():
            view.workspace_opened()
        settings.remember_workspace(str(ws.path))
        self.setWindowTitle(_("{workspace} — {app}").format(workspace=ws.name, app=APP_NAME))
        self.path_label.setText(str(ws.path))
        self.saved_label.setText(_("All changes saved"))
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
        self.sharing.workspace_opened()

    def close_workspace(self) -> None:
        if self.ws is None:
            return
        self.files.finish_backup()  # today's backup is finished before its workspace closes
        self.sharing.workspace_closing()
        ws, self.ws = self.ws, None
        self.context.set_workspace(None)
        try:
            ws.close()
        except Exception:  # closing must never stop the app from closing
            log.exception("closing the workspace failed")
        self._show_no_workspace()

    def _show_no_workspace(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.path_label.setText("")
        self.saved_label.setText("")
        self.central.setCurrentWidget(self.no_workspace)
        for action in self.workspace_actions:
            action.setEnabled(False)
        self.search_field.clear()

    # the File menu's workspace actions (their work is in workspace_files)

    def open_path(self, path: str | Path, *, create: bool = False) -> bool:
        return self.files.open_path(path, create=create)

    def open_dialog(self) -> None:
        self.files.open_dialog()

    def new_workspace(self) -> None:
        self.files.new_workspace()

    def open_demo(self) -> None:
        self.files.open_demo()

    def save_copy(self) -> None:
        self.files.save_copy()

    def check_workspace(self) -> None:
        self.files.check_workspace()

    def offer_repair(self, path: Path, problem: str, *, opened: bool = False, details: str = "") -> None:
        self.files.offer_repair(path, problem, opened=opened, details=details)

    # --- cohorts and screens ---------------------------------------------

    def _fill_cohorts(self, select: str | None = None) -> None:
        from equitycohort.data.cohorts import list_cohorts

        current = select or self.context.cohort_id
        cohorts = list_cohorts(self.ws) if self.ws else []
        self.cohort_picker.blockSignals(True)
        self.cohort_picker.clear()
        for c in cohorts:
            self.cohort_picker.addItem(f"{c.name} · {c.program_name} · {i18n.label(PHASES, c.phase)}", c.id)
        index = self.cohort_picker.findData(current)
        self.cohort_picker.setCurrentIndex(index if index >= 0 else (0 if cohorts else -1))
        self.cohort_picker.blockSignals(False)
        self._picker_changed()

    def _picker_changed(self) -> None:
        cohort_id = self.cohort_picker.currentData()
        self.context.choose_cohort(cohort_id, self)
        if cohort_id:
            settings.put(settings.LAST_COHORT, cohort_id)

    def _context_chosen(self, what: frozenset[str], initiator: object) -> None:
        """A screen chose another cohort (or a record of one): the picker follows."""
        if "cohort" not in what or initiator is self:
            return
        cohort_id = self.context.cohort_id
        index = self.cohort_picker.findData(cohort_id)
        if index < 0 and cohort_id:
            self._fill_cohorts(cohort_id)
            return
        self.cohort_picker.blockSignals(True)
        self.cohort_picker.setCurrentIndex(index)
        self.cohort_picker.blockSignals(False)
        if cohort_id:
            settings.put(settings.LAST_COHORT, cohort_id)

    def set_cohort(self, cohort_id: str) -> None:
        self.context.choose_cohort(cohort_id, None)

    def current_cohort(self) -> str | None:
        return self.context.cohort_id

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

    def open_record(self, table: str, record_id: str, screen: str = "") -> None:
        """Show any record on its screen (or on ``screen``), making its cohort and team current."""
        if self.ws is None:
            return
        from equitycohort.data.search import locate

        place = locate(self.ws, table, record_id)
        if place.cohort_id:
            self.context.choose_cohort(place.cohort_id, self)
        if place.team_id:
            self.context.choose_team(place.team_id, self)
        if place.session_id:
            self.context.choose_session(place.session_id, self)
        name = TOPIC_SCREENS.get(screen, screen) or SCREEN_OF.get(place.table, "Cohorts")
        self.search.hide_page()
        self.go_to(name)
        self.view(name).show_record(place.id, place.table)

    def current_view(self) -> View:
        return self.view(SCREENS[max(0, self.nav.currentRow())])

    # --- edits -----------------------------------------------------------

    def _on_change(self, change: Change, initiator: object | None) -> None:
        if change.tables & {"programs", "cohorts"}:
            self._fill_cohorts()
        self._update_undo()
        if not change.changed:
            return
        self.saved_label.setText(_("All changes saved"))
        if change.warnings:
            self.statusBar().showMessage(_("{change}: saved. ⚠ {warnings}").format(
                change=change.label, warnings=" ".join(change.warnings)), 10000)
        else:
            self.statusBar().showMessage(_("{change}: saved.").format(change=change.label), 4000)

    def _update_undo(self) -> None:
        undo = self.ws.undo_label if self.ws else None
        redo = self.ws.redo_label if self.ws else None
        self.undo_action.setText(_("&Undo {change}").format(change=undo) if undo else _("&Undo"))
        self.redo_action.setText(_("&Redo {change}").format(change=redo) if redo else _("&Redo"))
        self.undo_action.setEnabled(bool(undo))
        self.redo_action.setEnabled(bool(redo))

    def undo(self) -> None:
        if self.ws and self.ws.undo_label:
            self.context.run(self, lambda ws: ws.undo())

    def redo(self) -> None:
        if self.ws and self.ws.redo_label:
            self.context.run(self, lambda ws: ws.redo())

    def search_everything(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def record_checkin(self) -> None:
        """The quick check-in form: for the team on screen, else asking (the current team preselected)."""
        if self.ws is None or not self.context.cohort_id:
            dialogs.warn(self, _("No cohort yet"), _("Create a cohort and its teams first; check-ins are with a team."))
            return
        on_screen = self.context.team_in_view()
        checkins = cast("CheckinsView", self.view("Check-ins"))
        checkins.quick_entry(on_screen or self.context.team_id, confirm_team=on_screen is None)

    @property
    def search_results(self) -> SearchResults:
        """The page of search results (made at the first search)."""
        return self.search.results

    # --- preferences and window state ------------------------------------

    def set_appearance(self, appearance: str) -> None:
        settings.put(settings.APPEARANCE, appearance)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, appearance)
        for key, action in self.appearance_actions.items():
            action.setChecked(key == appearance)
        self.refresh_all()

    def refresh_all(self) -> None:
        """Show every screen anew (a preference changed): the one on screen now, the others when shown."""
        for view in self.views.values():
            view._stale = True
        if self.ws is not None:
            self.current_view().refresh_if_stale()

    def _system_scheme_changed(self, *_args) -> None:
        """The system went light or dark: follow it, unless the user chose a look."""
        if settings.get(settings.APPEARANCE) == "system":
            self.set_appearance("system")

    def restore_window_state(self, area: QRect | None = None) -> None:
        """The window as it was left, inside the screen it opens on (see ui/geometry.py)."""
        restore_window(self, area)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.put(settings.WINDOW_GEOMETRY, self.saveGeometry())
        settings.put(settings.WINDOW_STATE, self.saveState())
        self.close_workspace()
        super().closeEvent(event)
