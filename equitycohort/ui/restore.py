"""File > Restore from Backup…: pick one of the rolling backups and restore it into a new file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from equitycohort import formats, paths
from equitycohort.data.backups import BackupInfo, list_backups, restore_backup
from equitycohort.data.errors import WorkspaceError
from equitycohort.i18n import N_, _
from equitycohort.ui import dialogs, preferences, theme
from equitycohort.ui.geometry import fit_dialog
from equitycohort.ui.labels import heading, muted

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

COLUMNS = (N_("Made"), N_("Kind"), N_("Size"), N_("Teams"), N_("Check-ins"), N_("Note"))


class RestoreDialog(QDialog):
    """The backups of one workspace, newest first; the one chosen is restored into a new file."""

    def __init__(self, parent: QWidget | None, workspace: Path, backups: list[BackupInfo]):
        super().__init__(parent)
        self.backups = backups
        self.setWindowTitle(_("Restore from Backup"))
        fit_dialog(self, 720, 420)
        self.setMaximumWidth(960)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Backups of {workspace}").format(workspace=workspace.name)))
        layout.addWidget(muted(_(
            "The backup you choose is copied into a new file beside {workspace}; {workspace} itself "
            "is not changed, so you can compare the two and keep either. Equity Cohort keeps a backup of "
            "each of the last seven days you worked, and the last few made by hand or before an update.").format(
                workspace=workspace.name)))

        self.list = QTreeWidget()
        self.list.setAccessibleName(_("Backups"))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setHeaderLabels([_(title) for title in COLUMNS])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for column in (2, 3, 4):  # numbers and their headers line up on the right
            self.list.headerItem().setTextAlignment(column, right)
        danger = theme.color("danger_fg")
        self.items: list[QTreeWidgetItem] = []
        for backup in backups:
            counts = ("", "") if backup.teams is None else (f"{backup.teams:,}", f"{backup.checkins:,}")
            item = QTreeWidgetItem([preferences.date_and_time(backup.made), _(backup.reason_label),
                                    formats.file_size(backup.size), *counts,
                                    _("Cannot be restored: {problem}").format(problem=backup.problem)
                                    if backup.problem else ""])
            for column in (2, 3, 4):
                item.setTextAlignment(column, right)
            item.setToolTip(0, str(backup.path))
            if backup.problem:
                item.setForeground(5, danger)
            self.items.append(item)
        self.list.addTopLevelItems(self.items)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(_("Restore a copy"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemActivated.connect(lambda *_args: self.accept() if self.restore_button.isEnabled() else None)
        layout.addWidget(self.list, 1)

        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        first_usable = next((i for i, b in enumerate(backups) if b.usable), None)
        if first_usable is not None:  # the newest good backup is the usual choice
            self.list.setCurrentItem(self.items[first_usable])
        self.list.setFocus()

    def _current_changed(self, *_args: object) -> None:
        chosen = self.chosen()
        self.restore_button.setEnabled(chosen is not None and chosen.usable)

    def chosen(self) -> BackupInfo | None:
        current = self.list.currentItem()
        return self.backups[self.items.index(current)] if current in self.items else None


def restore_from_backup(parent: QWidget | None, workspace: Path, open_path) -> Path | None:
    """Ask which backup of ``workspace`` to restore, restore it beside it, and offer to open it.

    ``open_path`` opens the restored file in the window; returns the restored file, if one was made.
    """
    workspace = Path(workspace)
    backups = list_backups(workspace)
    if not backups:
        dialogs.inform(parent, _("No backups yet"),
                       _("{workspace} has no backups yet. Equity Cohort makes one each day you work in a "
                         "workspace, in {folder}.").format(workspace=workspace.name,
                                                           folder=paths.backups_dir(workspace)))
        return None
    dialog = RestoreDialog(parent, workspace, backups)
    if not dialogs.run_dialog(dialog):
        return None
    chosen = dialog.chosen()
    if chosen is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        target = restore_backup(chosen, workspace)
    except WorkspaceError as exc:
        QApplication.restoreOverrideCursor()
        dialogs.warn(parent, _("Not restored"), str(exc))
        return None
    QApplication.restoreOverrideCursor()
    if dialogs.confirm(parent, _("Backup restored"),
                       _("The backup of {made} is restored as {copy}, beside {workspace}, which is unchanged. "
                         "Open the restored copy now?").format(made=preferences.date_and_time(chosen.made),
                                                               copy=target.name, workspace=workspace.name),
                       _("Open the Restored Copy")):
        open_path(target)
    return target
