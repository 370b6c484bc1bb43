"""Every question the app asks the user, in one place.

Tests patch this module so that no test ever blocks on a modal dialog.

Qt's dialog classes are looked up when a dialog is shown, not when this
module is imported: PySide builds each class (and its enums) on first use,
and start-up needs none of them.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from PySide6 import QtWidgets

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

WORKSPACE_FILTER = "Equity Cohort workspaces (*.ecw);;All files (*)"
#: changes files carry private notes: every chooser of them says so
CHANGES_FILTER = "Changes files, for facilitators only: they hold private notes (*.ecchanges);;All files (*)"

#: set for unattended runs (--exit-after-startup): messages go to stderr and the
#: log instead of waiting for someone to press OK
non_interactive = False


def _unattended(title: str, text: str) -> bool:
    if non_interactive:
        import logging
        import sys

        logging.getLogger(__name__).warning("%s: %s", title, text)
        print(f"equitycohort: {title}: {text}", file=sys.stderr)
    return non_interactive


def message_box(parent: QWidget | None, title: str, text: str, icon: str = "Information",
                details: str = "") -> QtWidgets.QMessageBox:
    """A message box that shows every text as typed.

    Qt's default (AutoText) renders anything that looks like markup, so a
    goal named ``<b>Grow</b>`` would be shown in bold, and ``<`` or ``&`` in a
    name could vanish. Every box the app shows is made here, as plain text.
    """
    from PySide6.QtCore import Qt

    box = QtWidgets.QMessageBox(parent)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setIcon(getattr(QtWidgets.QMessageBox.Icon, icon))
    if details:
        box.setDetailedText(details)  # detailed text is always plain
    return box


def confirm(parent: QWidget | None, title: str, text: str, action: str = "OK",
            destructive: bool = False, details: str = "") -> bool:
    if _unattended(title, text):
        return False
    box_class = QtWidgets.QMessageBox
    box = message_box(parent, title, text, "Warning" if destructive else "Question", details)
    ok = box.addButton(action, box_class.ButtonRole.DestructiveRole if destructive
                       else box_class.ButtonRole.AcceptRole)
    cancel = box.addButton(box_class.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else ok)
    box.exec()
    return box.clickedButton() is ok


def inform(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    if _unattended(title, text):
        return
    message_box(parent, title, text, "Information", details).exec()


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    if _unattended(title, text):
        return
    message_box(parent, title, text, "Warning", details).exec()


def open_workspace_path(parent: QWidget | None, folder: str = "") -> str | None:
    if non_interactive:
        return None
    path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, "Open workspace", folder, WORKSPACE_FILTER)
    return path or None


def new_workspace_path(parent: QWidget | None, suggested: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, "New workspace", suggested, WORKSPACE_FILTER)
    if path and not path.endswith(".ecw"):
        path += ".ecw"
    return path or None


def save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


def unexpected_error(parent: QWidget | None, exc: BaseException) -> None:
    from equitycohort.ui.error_dialog import ErrorDialog

    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if _unattended("Something went wrong", f"{type(exc).__name__}: {exc} (the log has the details)"):
        return
    ErrorDialog(
        parent, "Something went wrong",
        "Equity Cohort ran into a problem it did not expect. Your saved work is safe: "
        "every change you saw saved is in the workspace file.\n\n"
        "If it happens again, copy the details below and send them to whoever supports the app.",
        details,
    ).exec()


def open_file(parent: QWidget | None, title: str, folder: str, file_filter: str) -> str | None:
    path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, folder, file_filter)
    return path or None


def open_files(parent: QWidget | None, title: str, folder: str, file_filter: str) -> list[str]:
    paths, _ = QtWidgets.QFileDialog.getOpenFileNames(parent, title, folder, file_filter)
    return list(paths)


def choose_folder(parent: QWidget | None, title: str, folder: str) -> str | None:
    return QtWidgets.QFileDialog.getExistingDirectory(parent, title, folder) or None


def choose(parent: QWidget | None, title: str, label: str, items: list[str], current: int = -1) -> int | None:
    """Pick one of ``items`` (``current`` preselected, else none); returns its index, or None when cancelled.

    With nothing preselected the list starts on a prompt, so pressing Enter at
    once never picks the first item on the user's behalf.
    """
    from PySide6.QtWidgets import QInputDialog

    if _unattended(title, label):
        return None
    prompt = "Choose…"
    unique = _distinct(items)
    shown = unique if current >= 0 else [prompt, *unique]
    text, ok = QInputDialog.getItem(parent, title, label, shown, max(current, 0), False)
    if not ok or text not in unique:
        return None
    return unique.index(text)


def _distinct(items: list[str]) -> list[str]:
    """The items, those seen before numbered ("Ohio (2)"), so each can be told apart and found."""
    seen: dict[str, int] = {}
    out = []
    for item in items:
        seen[item] = seen.get(item, 0) + 1
        out.append(item if seen[item] == 1 else f"{item} ({seen[item]})")
    return out


def run_dialog(dialog: QDialog) -> bool:
    """Show a prepared dialog and say whether the user accepted it."""
    if _unattended(dialog.windowTitle(), "not shown in an unattended run"):
        return False
    return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted


def export_done(parent: QWidget | None, path, folder: bool = False) -> None:
    """Tell where an export went and offer to open it."""
    if _unattended("Export finished", f"Saved {'into' if folder else 'as'} {path}"):
        return
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    if _unattended("Export finished", f"Saved {'into' if folder else 'as'} {path}"):
        return
    box = message_box(parent, "Export finished", f"Saved {'into' if folder else 'as'} {path}")
    kind = "folder" if folder else ("PDF" if str(path).lower().endswith(".pdf") else "file")
    open_button = box.addButton(f"Open the {kind}", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
