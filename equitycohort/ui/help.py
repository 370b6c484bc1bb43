"""Help > Keyboard Shortcuts: every shortcut of the menus (read from them, so the list is never
out of date) and the keys that work on the screens themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

from equitycohort.ui.geometry import fit_dialog
from equitycohort.ui.labels import muted

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

#: the keys that work inside a screen or a field, not from a menu
ON_SCREENS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Everywhere", (
        ("Tab / Shift+Tab", "Move between fields, lists and buttons"),
        ("Alt+underlined letter", "Use a button or go to a field"),
        ("Down or Enter in the search field", "Move into the search results"),
        ("Esc in the search results", "Close them"),
    )),
    ("Lists", (
        ("Enter", "Open the selected record (a team, a session, a check-in …)"),
        ("Home / End", "First or last row"),
        ("Delete in the check-ins list", "Delete the selected check-in, after asking"),
    )),
    ("Check-in form", (
        ("Ctrl+Enter", "Save the check-in"),
        ("Enter in a next step", "Add another next step below it"),
        ("Backspace in an empty next step", "Remove it"),
    )),
    ("Attendance", (
        ("P / A / E", "Mark the selected person present, absent or excused"),
        ("Delete", "Clear the selected person's attendance"),
    )),
    ("Workplans", (
        ("Ctrl+Up / Ctrl+Down", "Move the selected goal or action up or down"),
    )),
    ("Timeline and growth charts", (
        ("Arrow keys", "Move between events or cells"),
        ("Enter", "Open what is selected"),
    )),
    ("Date fields", (
        ("Up / Down", "Next or previous day"),
        ("Page Up / Page Down", "Next or previous month"),
        ("Alt+Down", "Open the calendar"),
        ("Type a date", "3/9/2027, 2027-03-09, Mar 9 2027 or Mar 9"),
    )),
    ("Time fields", (
        ("Type a time", "2:30 pm, 1430 or 14:30"),
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
            groups.append((f"{title} menu", rows))
    return groups


class ShortcutsDialog(QDialog):
    """Every shortcut, grouped, with a filter."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard Shortcuts")
        fit_dialog(self, 640, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(muted("Every command of the menus and every screen can be reached from the keyboard. "
                                 "Menus open with Alt and their underlined letter."))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter shortcuts")
        self.filter.setAccessibleName("Filter shortcuts")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        layout.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setHeaderLabels(["Keys", "What they do"])
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.groups: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for title, rows in [*menu_shortcuts(window), *((t, list(r)) for t, r in ON_SCREENS)]:
            group = QTreeWidgetItem([title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            children = [QTreeWidgetItem([keys, what]) for keys, what in rows]
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

    dialogs.inform(window, f"About {APP_NAME}",
                   f"{APP_NAME} {__version__}\n\nFor the facilitators of cohort learning programs: cohorts, "
                   "schedules, attendance, teams, workplans, check-ins and partners, in one file that works "
                   "offline.\n\nFree and open-source software under the MIT License.")
