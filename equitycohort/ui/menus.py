"""The window's menu bar: File, Edit, View and Help, and the shortcuts they carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from equitycohort import APP_NAME
from equitycohort.i18n import N_, _
from equitycohort.ui import settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QMenu

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
    menu = window.menuBar().addMenu(_("&File"))
    window.new_action = make_action(window, _("&New Workspace…"), window.new_workspace, QKeySequence.StandardKey.New)
    window.open_action = make_action(window, _("&Open…"), window.open_dialog, QKeySequence.StandardKey.Open)
    menu.addAction(window.new_action)
    menu.addAction(window.open_action)
    window.recent_menu = menu.addMenu(_("Open &Recent"))
    window.recent_menu.aboutToShow.connect(lambda: window.files.fill_recent(window.recent_menu))
    menu.addAction(make_action(window, _("Open the &Demo Workspace"), window.open_demo))
    menu.addSeparator()
    # the export actions are made the first time the menu opens (start-up need not pay for them)
    window._exports = None
    window._export_actions = []
    window._size_actions = []
    window.export_menu = menu.addMenu(_("&Export"))
    window.export_menu.aboutToShow.connect(window._fill_export_menu)
    window.import_action = make_action(window, _("&Import Roster…"),
                                       lambda checked=False: window.exports.import_roster(),
                                       tip=_("Add or update teams and people from a roster CSV"))
    menu.addAction(window.import_action)
    menu.addSeparator()
    sharing = (  # with the other facilitators (ui/sharing)
        (_("Sh&are My Changes…"), lambda checked=False: window.sharing.share_changes(),
         _("Write your changes into a file for the other facilitators (it holds private notes)")),
        (_("Import Chan&ges…"), lambda checked=False: window.sharing.import_dialog(),
         _("Merge the changes files of the other facilitators into this workspace")),
        (_("Re&view Changes"), lambda checked=False: window.sharing.show_review(),
         _("The changes an import could not merge, to settle one by one")),
        (_("Shared &Folder…"), lambda checked=False: window.sharing.choose_shared_folder(),
         _("A folder you share with the other facilitators: changes go there on closing, come in on opening")))
    window.sharing_actions = [make_action(window, text, slot, tip=tip) for text, slot, tip in sharing]
    for action in window.sharing_actions:
        menu.addAction(action)
    menu.addSeparator()
    window.copy_action = make_action(window, _("Save a &Copy…"), window.save_copy, "Ctrl+Shift+S",
                                     _("Save a backup copy of this workspace"))
    window.check_action = make_action(window, _("C&heck Workspace"), window.check_workspace)
    window.restore_action = make_action(window, _("Restore from &Backup…"),
                                        lambda checked=False: window.files.restore(),
                                        tip=_("Restore one of this workspace's daily backups into a new file"))
    menu.addAction(window.copy_action)
    menu.addAction(window.check_action)
    menu.addAction(window.restore_action)
    menu.addSeparator()
    menu.addAction(make_action(window, _("&Quit"), window.close, QKeySequence.StandardKey.Quit))

    edit = window.menuBar().addMenu(_("&Edit"))
    window.undo_action = make_action(window, _("&Undo"), window.undo, QKeySequence.StandardKey.Undo)
    window.redo_action = make_action(window, _("&Redo"), window.redo, "Ctrl+Shift+Z")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)
    edit.addSeparator()
    window.find_action = make_action(window, _("&Search Everything…"), window.search_everything,
                                     QKeySequence.StandardKey.Find)
    edit.addAction(window.find_action)
    window.checkin_action = make_action(window, _("Record a &Check-in…"), window.record_checkin, "Ctrl+Shift+K",
                                        _("Record a call, visit, video or e-mail with a team, from anywhere"))
    edit.addAction(window.checkin_action)
    edit.addSeparator()
    edit.addAction(make_action(window, _("&Preferences…"), lambda checked=False: _preferences(window), "Ctrl+,",
                               _("How dates and times are shown, the look, the PDFs' page size")))

    view = window.menuBar().addMenu(_("&View"))
    from equitycohort.ui.main_window import SCREENS

    for i, name in enumerate(SCREENS, start=1):
        # the number is the screen's mnemonic, as its shortcut is Ctrl and the number
        shown = _(name)
        view.addAction(make_action(window, f"&{i} {shown}", lambda checked=False, n=name: window.go_to(n),
                                   f"Ctrl+{i}"))
    view.addSeparator()
    appearance = view.addMenu(_("&Appearance"))
    group = QActionGroup(window)
    current = settings.get(settings.APPEARANCE)
    window.appearance_actions = {}
    for key, label in (("system", _("Follow the &System")), ("light", _("&Light")), ("dark", _("&Dark"))):
        choice = make_action(window, label, lambda checked=False, k=key: window.set_appearance(k))
        choice.setCheckable(True)
        choice.setChecked(key == current)
        group.addAction(choice)
        appearance.addAction(choice)
        window.appearance_actions[key] = choice
    build_language_menu(window, view)

    help_menu = window.menuBar().addMenu(_("&Help"))
    help_menu.addAction(make_action(window, _("&Keyboard Shortcuts"),
                                    lambda checked=False: _help().show_shortcuts(window),
                                    "Ctrl+/", _("Every keyboard shortcut of the app")))
    help_menu.addAction(make_action(window, _("Open &Log Folder"),
                                    lambda checked=False: _help().open_log_folder(window)))
    help_menu.addSeparator()
    help_menu.addAction(make_action(window, _("&About {app}").format(app=APP_NAME),
                                    lambda checked=False: _help().about(window)))
    window.workspace_actions = [window.copy_action, window.check_action, window.restore_action, window.undo_action,
                                window.redo_action, window.find_action, window.checkin_action, window.import_action,
                                *window.sharing_actions]


def build_language_menu(window: MainWindow, view: QMenu) -> None:
    """View > Language: follow the system, or English or Spanish whatever the system says (each named
    in itself); the choice applies the next time the app starts."""
    from equitycohort import i18n
    from equitycohort.ui import language

    menu = view.addMenu(_("La&nguage"))
    group = QActionGroup(window)
    current = language.chosen()
    system = i18n.LANGUAGES[language.system_language()]
    tip = _("Applies the next time Equity Cohort starts")
    window.language_actions = {}
    # each language by its own name, whatever language the screens are in
    for key, label in ((language.SYSTEM, _("Follow the &System ({language})").format(language=system)),
                       ("en", "&English"), ("es", "Es&pañol")):
        choice = make_action(window, label, lambda checked=False, k=key: choose_language(window, k), tip=tip)
        choice.setCheckable(True)
        choice.setChecked(key == current)
        group.addAction(choice)
        menu.addAction(choice)
        window.language_actions[key] = choice


#: what View > Language says of the language the app will speak when it next starts, and of one it keeps
NEXT_START = {"en": N_("Equity Cohort will be in English the next time it starts."),
              "es": N_("Equity Cohort will be in Spanish the next time it starts.")}
STAYS = {"en": N_("Equity Cohort stays in English."), "es": N_("Equity Cohort stays in Spanish.")}


def choose_language(window: MainWindow, key: str) -> None:
    """View > Language: remember the choice, and say that it applies when the app next starts."""
    from equitycohort import i18n
    from equitycohort.ui import dialogs, language

    language.choose(key)
    for other, action in window.language_actions.items():
        action.setChecked(other == language.chosen())
    target = language.next_start()
    if target == i18n.current():
        window.statusBar().showMessage(_(STAYS[target]), 6000)
        return
    said = [_(NEXT_START[target])]
    with i18n.use(target):  # said in the language chosen too, for whoever reads it rather than this one
        said.append(_(NEXT_START[target]))
    if language.overridden():
        said.append(_("The {variable} environment variable is set, though: while it is, it decides the "
                      "language.").format(variable=language.ENVIRONMENT))
    dialogs.inform(window, _("Language"), "\n\n".join(dict.fromkeys(said)))


def _help():
    from equitycohort.ui import help

    return help


def _preferences(window: MainWindow) -> None:
    """Edit > Preferences…: applied to every screen at once."""
    from equitycohort.ui import dialogs, preferences
    from equitycohort.ui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(window, settings.get(settings.APPEARANCE))
    if not dialogs.run_dialog(dialog):
        return
    chosen = dialog.chosen()
    preferences.set_style(bool(chosen["iso_dates"]), bool(chosen["clock_24"]))
    settings.put(settings.PAGE_SIZE, chosen["page_size"])
    window.set_appearance(str(chosen["appearance"]))  # shows every screen anew
