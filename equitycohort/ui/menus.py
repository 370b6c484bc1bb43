"""The window's menu bar: File, Edit, View and Help, and the shortcuts they carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from equitycohort import APP_NAME
from equitycohort.ui import settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QObject

    from equitycohort.ui.main_window import MainWindow


def make_action(owner: QObject, text: str, slot: Callable, shortcut: QKeySequence | QKeySequence.StandardKey | str |
                None = None, tip: str = "") -> QAction:
    """A menu action: its text, what it does, its shortcut and its status-bar tip."""
    made = QAction(text, owner)
    if shortcut is not None:
        made.setShortcut(QKeySequence(shortcut))
    if tip:
        made.setStatusTip(tip)
    made.triggered.connect(slot)
    return made


def build_menus(window: MainWindow) -> None:
    """The menu bar, its actions kept on the window (the window enables them with a workspace)."""
    menu = window.menuBar().addMenu("&File")
    window.new_action = make_action(window, "&New Workspace…", window.new_workspace, QKeySequence.StandardKey.New)
    window.open_action = make_action(window, "&Open…", window.open_dialog, QKeySequence.StandardKey.Open)
    menu.addAction(window.new_action)
    menu.addAction(window.open_action)
    window.recent_menu = menu.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(lambda: window.files.fill_recent(window.recent_menu))
    menu.addAction(make_action(window, "Open the &Demo Workspace", window.open_demo))
    menu.addSeparator()
    # the export actions are made the first time the menu opens (start-up need not pay for them)
    window._exports = None
    window._export_actions = []
    window.export_menu = menu.addMenu("&Export")
    window.export_menu.aboutToShow.connect(window._fill_export_menu)
    window.import_action = make_action(window, "&Import Roster…", lambda checked=False: window.exports.import_roster(),
                                      tip="Add or update teams and people from a roster CSV")
    menu.addAction(window.import_action)
    menu.addSeparator()
    sharing = (  # with the other facilitators (ui/sharing)
        ("Sh&are My Changes…", lambda checked=False: window.sharing.share_changes(),
         "Write your changes into a file for the other facilitators (it holds private notes)"),
        ("Import Chan&ges…", lambda checked=False: window.sharing.import_dialog(),
         "Merge the changes files of the other facilitators into this workspace"),
        ("Re&view Changes", lambda checked=False: window.sharing.show_review(),
         "The changes an import could not merge, to settle one by one"),
        ("Shared &Folder…", lambda checked=False: window.sharing.choose_shared_folder(),
         "A folder you share with the other facilitators: changes go there on closing, come in on opening"))
    window.sharing_actions = [make_action(window, text, slot, tip=tip) for text, slot, tip in sharing]
    for action in window.sharing_actions:
        menu.addAction(action)
    menu.addSeparator()
    window.copy_action = make_action(window, "Save a &Copy…", window.save_copy, "Ctrl+Shift+S",
                                    "Save a backup copy of this workspace")
    window.check_action = make_action(window, "C&heck Workspace", window.check_workspace)
    menu.addAction(window.copy_action)
    menu.addAction(window.check_action)
    menu.addSeparator()
    menu.addAction(make_action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit))

    edit = window.menuBar().addMenu("&Edit")
    window.undo_action = make_action(window, "&Undo", window.undo, QKeySequence.StandardKey.Undo)
    window.redo_action = make_action(window, "&Redo", window.redo, "Ctrl+Shift+Z")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    edit.addSeparator()
    window.find_action = make_action(window, "&Search Everything…", window.search_everything, QKeySequence.StandardKey.Find)
    edit.addAction(window.find_action)
    window.checkin_action = make_action(window, "Record a &Check-in…", window.record_checkin, "Ctrl+Shift+K",
                                       "Record a call, visit, video or e-mail with a team, from anywhere")
    edit.addAction(window.checkin_action)

    view = window.menuBar().addMenu("&View")
    from equitycohort.ui.main_window import SCREENS

    for i, name in enumerate(SCREENS, start=1):
        view.addAction(make_action(window, f"&{i} {name}", lambda checked=False, n=name: window.go_to(n), f"Ctrl+{i}"))
    view.addSeparator()
    appearance = view.addMenu("&Appearance")
    group = QActionGroup(window)
    current = settings.get(settings.APPEARANCE)
    for key, label in (("system", "Follow the &System"), ("light", "&Light"), ("dark", "&Dark")):
        choice = make_action(window, label, lambda checked=False, k=key: window.set_appearance(k))
        choice.setCheckable(True)
        choice.setChecked(key == current)
        group.addAction(choice)
        appearance.addAction(choice)

    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction(make_action(window, "Open &Log Folder", window.open_log_folder))
    help_menu.addAction(make_action(window, f"&About {APP_NAME}", window.about))
    window.workspace_actions = [window.copy_action, window.check_action, window.undo_action, window.redo_action,
                              window.find_action, window.checkin_action, window.import_action,
                              *window.sharing_actions]
