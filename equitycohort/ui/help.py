"""Help > Keyboard Shortcuts: every shortcut of the menus (read from them, so the list is never
out of date) and the keys that work on the screens themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from equitycohort import i18n
from equitycohort.i18n import N_, _
from equitycohort.ui.geometry import fit_dialog
from equitycohort.ui.labels import muted

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

class Keys(NamedTuple):
    """Keys alone, such as ``Ctrl+Enter``: named in English as written, in another language as Qt names
    them there (as in the menus' shortcuts), from their portable names (``PgUp / PgDown``)."""

    text: str
    portable: str = ""

    def shown(self) -> str:
        if i18n.current() == "en":
            return self.text
        native = QKeySequence.SequenceFormat.NativeText
        return " / ".join(QKeySequence(part).toString(native) for part in (self.portable or self.text).split(" / "))


#: the keys that work inside a screen or a field, not from a menu (translated where they are shown,
#: all but the plain names of keys)
ON_SCREENS: tuple[tuple[str, tuple[tuple[str | Keys, str], ...]], ...] = (
    (N_("Everywhere"), (
        (Keys("Tab / Shift+Tab"), N_("Move between fields, lists and buttons")),
        (N_("Alt+underlined letter"), N_("Use a button or go to a field")),
        (N_("Down or Enter in the search field"), N_("Move into the search results")),
        (N_("Esc in the search results"), N_("Close them")),
    )),
    (N_("Lists"), (
        (Keys("Enter"), N_("Open the selected record (a team, a session, a check-in …)")),
        (Keys("Home / End"), N_("First or last row")),
        (N_("Delete in the check-ins list"), N_("Delete the selected check-in, after asking")),
    )),
    (N_("Check-in form"), (
        (Keys("Ctrl+Enter"), N_("Save the check-in")),
        (N_("Enter in a next step"), N_("Add another next step below it")),
        (N_("Backspace in an empty next step"), N_("Remove it")),
    )),
    (N_("Attendance"), (
        (Keys("P / A / E"), N_("Mark the selected person present, absent or excused")),
        (Keys("Delete", "Del"), N_("Clear the selected person's attendance")),
    )),
    (N_("Workplans"), (
        (Keys("Ctrl+Up / Ctrl+Down"), N_("Move the selected goal or action up or down")),
    )),
    (N_("Timeline and growth charts"), (
        (N_("Arrow keys"), N_("Move between events or cells")),
        (Keys("Enter"), N_("Open what is selected")),
    )),
    (N_("Date fields"), (
        (Keys("Up / Down"), N_("Next or previous day")),
        (Keys("Page Up / Page Down", "PgUp / PgDown"), N_("Next or previous month")),
        (Keys("Alt+Down"), N_("Open the calendar")),
        (N_("Type a date"), N_("3/9/2027, 2027-03-09, Mar 9 2027 or Mar 9")),
    )),
    (N_("Time fields"), (
        (N_("Type a time"), N_("2:30 pm, 1430 or 14:30")),
    )),
)


def menu_shortcuts(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu, [(keys, command)]) for every menu action that has a shortcut, in menu order."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []

    def walk(menu: QMenu, path: str, rows: list[tuple[str, str]]) -> None:
        for action in menu.actions():
            sub = action.menu()
            label = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
            if sub is not None:
                walk(sub, f"{path} > {label}", rows)  # type: ignore[arg-type]
            elif not action.isSeparator():
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
                if keys:
                    rows.append((keys, f"{path} > {label}"))

    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        title = top.text().replace("&", "")
        rows: list[tuple[str, str]] = []
        walk(menu, title, rows)  # type: ignore[arg-type]
        if rows:
            groups.append((_("{menu} menu").format(menu=title), rows))
    return groups


class ShortcutsDialog(QDialog):
    """Every shortcut, grouped, with a filter."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle(_("Keyboard Shortcuts"))
        fit_dialog(self, 780, 560)  # the longest command in Spanish fits
        layout = QVBoxLayout(self)
        layout.addWidget(muted(_("Every command of the menus and every screen can be reached from the keyboard. "
                                 "Menus open with Alt and their underlined letter.")))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter shortcuts"))
        self.filter.setAccessibleName(_("Filter shortcuts"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Keyboard shortcuts"))
        self.tree.setHeaderLabels([_("Keys"), _("What they do")])
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.groups: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        on_screens = [(_(title), [(keys.shown() if isinstance(keys, Keys) else _(keys), _(what))
                                  for keys, what in rows]) for title, rows in ON_SCREENS]
        for title, rows in [*menu_shortcuts(window), *on_screens]:
            group = QTreeWidgetItem([title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            children = [QTreeWidgetItem([keys, what]) for keys, what in rows]
            for child in children:  # whole, should a narrow window cut it short
                child.setToolTip(1, child.text(1))
            group.addChildren(children)
            self.tree.addTopLevelItem(group)
            self.groups.append((group, children))
        self.tree.expandAll()
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter.setFocus()

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for group, children in self.groups:
            shown = 0
            for child in children:
                hit = not needle or needle in child.text(0).casefold() or needle in child.text(1).casefold() \
                    or needle in group.text(0).casefold()
                child.setHidden(not hit)
                shown += hit
            group.setHidden(shown == 0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what) of every row shown."""
        out = []
        for group, children in self.groups:
            if group.isHidden():
                continue
            for child in children:
                if not child.isHidden():
                    out.append((group.text(0), child.text(0), child.text(1)))
        return out


def show_shortcuts(window: QMainWindow) -> None:
    from equitycohort.ui import dialogs

    dialogs.run_dialog(ShortcutsDialog(window))


def open_log_folder(window: QMainWindow) -> None:
    from equitycohort import paths
    from equitycohort.ui import dialogs

    folder = paths.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    dialogs.open_path(window, folder)


def about(window: QMainWindow) -> None:
    from equitycohort import APP_NAME, __version__
    from equitycohort.ui import dialogs

    dialogs.inform(window, _("About {app}").format(app=APP_NAME),
                   f"{APP_NAME} {__version__}\n\n"
                   + _("For the facilitators of cohort learning programs: cohorts, schedules, attendance, teams, "
                       "workplans, check-ins and partners, in one file that works offline.") + "\n\n"
                   + _("Free and open-source software under the MIT License."))
