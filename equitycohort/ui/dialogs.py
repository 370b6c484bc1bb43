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

from equitycohort.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

#: translated where a file chooser shows it
WORKSPACE_FILTER = N_("Equity Cohort workspaces (*.ecw);;All files (*)")
#: changes files carry private notes: every chooser of them says so
CHANGES_FILTER = N_("Changes files, for facilitators only: they hold private notes (*.ecchanges);;All files (*)")

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


def confirm(parent: QWidget | None, title: str, text: str, action: str = "",
            destructive: bool = False, details: str = "") -> bool:
    """Ask before doing something; ``action`` names the button that does it (OK by default)."""
    if _unattended(title, text):
        return False
    box_class = QtWidgets.QMessageBox
    box = message_box(parent, title, text, "Warning" if destructive else "Question", details)
    ok = box.addButton(action or _("OK"), box_class.ButtonRole.DestructiveRole if destructive
                       else box_class.ButtonRole.AcceptRole)
    cancel = box.addButton(box_class.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else ok)
    box.exec()
    return box.clickedButton() is ok


def ask(parent: QWidget | None, title: str, text: str, actions: list[str], details: str = "",
        icon: str = "Question") -> int | None:
    """Offer several actions (the first is the default); returns the index of the one chosen, None for Cancel."""
    if _unattended(title, text):
        return None
    box = message_box(parent, title, text, icon, details)
    buttons = [box.addButton(action, QtWidgets.QMessageBox.ButtonRole.AcceptRole) for action in actions]
    box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(buttons[0])
    box.exec()
    clicked = box.clickedButton()
    return next((i for i, button in enumerate(buttons) if button is clicked), None)


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
    path, _filter = QtWidgets.QFileDialog.getOpenFileName(parent, _("Open workspace"), folder, _(WORKSPACE_FILTER))
    return path or None


def new_workspace_path(parent: QWidget | None, suggested: str) -> str | None:
    path, _filter = QtWidgets.QFileDialog.getSaveFileName(parent, _("New workspace"), suggested,
                                                          _(WORKSPACE_FILTER))
    if path and not path.endswith(".ecw"):
        path += ".ecw"
    return path or None


def save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
    path, _filter = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


def unexpected_error(parent: QWidget | None, exc: BaseException) -> None:
    from equitycohort.ui.error_dialog import ErrorDialog

    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if _unattended(_("Something went wrong"), _("{error} (the log has the details)").format(
            error=f"{type(exc).__name__}: {exc}")):
        return
    ErrorDialog(
        parent, _("Something went wrong"),
        _("Equity Cohort ran into a problem it did not expect. Your saved work is safe: "
          "every change you saw saved is in the workspace file.\n\n"
          "If it happens again, copy the details below and send them to whoever supports the app."),
        details,
    ).exec()


def open_file(parent: QWidget | None, title: str, folder: str, file_filter: str) -> str | None:
    path, _filter = QtWidgets.QFileDialog.getOpenFileName(parent, title, folder, file_filter)
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
    if _unattended(title, label):
        return None
    return _pick(parent, title, label, items, current)


def _pick(parent: QWidget | None, title: str, label: str, items: list[str], current: int) -> int | None:
    from PySide6.QtWidgets import QInputDialog

    prompt = _("Choose…")
    unique = _distinct(items)
    shown = unique if current >= 0 else [prompt, *unique]
    text, ok = QInputDialog.getItem(parent, title, label, shown, max(current, 0), False)
    if not ok or text not in unique:
        return None
    return unique.index(text)


def language_dialog(parent: QWidget | None, title: str, text: str, choices: dict[str, str],
                    current: str) -> QtWidgets.QInputDialog:
    """The question of ``document_language``, ready to show."""
    from PySide6.QtWidgets import QInputDialog, QLabel

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(text)
    dialog.setComboBoxEditable(False)
    dialog.setComboBoxItems(list(choices.values()))
    dialog.setTextValue(choices.get(current, next(iter(choices.values()))))
    dialog.setOption(QInputDialog.InputDialogOption.UseListViewForComboBoxItems, False)
    for label in dialog.findChildren(QLabel):  # a sentence or two: wrapped, not one long line
        label.setWordWrap(True)
        label.setMinimumWidth(420)
    return dialog


def document_language(parent: QWidget | None, title: str, text: str, choices: dict[str, str],
                      current: str) -> str | None:
    """The language to make a document in: ``choices`` maps codes to names, ``current`` is preselected
    (Enter takes it); returns the code chosen, or None when cancelled."""
    if _unattended(title, text):
        return None
    dialog = language_dialog(parent, title, text, choices, current)
    if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        return None
    chosen = dialog.textValue()
    return next((code for code, name in choices.items() if name == chosen), None)


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
    if _unattended(dialog.windowTitle(), _("not shown in an unattended run")):
        return False
    return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted


def export_done(parent: QWidget | None, path, folder: bool = False) -> None:
    """Tell where an export went and offer to open it."""
    saved = (_("Saved into {path}") if folder else _("Saved as {path}")).format(path=path)
    if _unattended(_("Export finished"), saved):
        return
    box = message_box(parent, _("Export finished"), saved)
    opens = _("Open the folder") if folder else (
        _("Open the PDF") if str(path).lower().endswith(".pdf") else _("Open the file"))
    open_button = box.addButton(opens, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_button:
        open_path(parent, path)


def open_path(parent: QWidget | None, path) -> bool:
    """Open a file or folder in the program the system uses for it; say so, with the path, when that fails."""
    from pathlib import Path

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    target = Path(str(path))
    if not target.exists():
        warn(parent, _("Cannot open"), _("{path} is no longer there: it was moved or deleted.").format(path=target))
        return False
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
        return True
    text = (_("The folder {path} could not be opened: no program on this computer is set to open it. "
              "It is saved there; open it from your file manager.") if target.is_dir() else
            _("The file {path} could not be opened: no program on this computer is set to open it. "
              "It is saved there; open it from your file manager."))
    warn(parent, _("Cannot open"), text.format(path=target))
    return False


def copy_text(text: str) -> None:
    """Put text on the clipboard."""
    QtWidgets.QApplication.clipboard().setText(text)
