"""File menu actions on workspace files: open, new, the demo, recent files, a copy, a check.

Opening goes through the data layer's checks (a bad file is refused with a
plain message and left untouched); the window shows what was opened.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMenu

from equitycohort import paths
from equitycohort.data.errors import DamagedError, LockedError, WorkspaceError
from equitycohort.i18n import _
from equitycohort.ui import dialogs, preferences, settings

if TYPE_CHECKING:
    from equitycohort.data.maintenance import BackgroundBackup
    from equitycohort.data.workspace import Workspace
    from equitycohort.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: today's backup starts this long after a workspace opens, once the window has painted
BACKUP_DELAY_MS = 250


class WorkspaceFiles(QObject):
    """Opens and creates workspace files for a window, and keeps today's backup."""

    #: today's backup ended (a maintenance.BackgroundBackup: its target, or its error)
    backup_done = Signal(object)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.backup: BackgroundBackup | None = None
        self.backup_done.connect(self._backup_ended)

    # --- opening -------------------------------------------------------------

    def open_path(self, path: str | Path, *, create: bool = False) -> bool:
        from equitycohort.data.workspace import create_workspace, open_workspace

        window = self.window
        path = Path(path)
        if window.ws is not None and window.ws.path.resolve() == path.resolve():
            return True
        try:
            ws = create_workspace(path) if create else open_workspace(path, daily_backup=False)
        except LockedError as exc:
            dialogs.warn(window, _("Workspace in use"), str(exc))
            return False
        except DamagedError as exc:
            self.offer_repair(path, str(exc))
            return False
        except WorkspaceError as exc:
            dialogs.warn(window, _("Cannot open workspace"), str(exc))
            if not path.exists():
                settings.forget_workspace(str(path))
            return False
        except OSError as exc:
            dialogs.warn(window, _("Cannot open workspace"), _("{file} could not be opened: {reason}.").format(
                file=path.name, reason=exc.strerror or exc))
            return False
        window.set_workspace(ws)
        if ws.notices:
            dialogs.warn(window, _("Workspace opened"), "\n\n".join(ws.notices))
        if not create:
            QTimer.singleShot(BACKUP_DELAY_MS, lambda: self._begin_daily_backup(ws))
        return True

    def open_dialog(self) -> None:
        path = dialogs.open_workspace_path(self.window, str(preferences.start_folder()))
        if path:
            preferences.remember_folder(path)
            self.open_path(path)

    def new_workspace(self) -> None:
        folder = preferences.start_folder()
        path = dialogs.new_workspace_path(self.window, str(folder / (_("New workspace") + paths.WORKSPACE_SUFFIX)))
        if path:
            preferences.remember_folder(path)
            if Path(path).exists():
                dialogs.warn(self.window, _("Cannot create workspace"),
                             _("{file} already exists. Choose another name, or open it with File > Open.").format(
                                 file=Path(path).name))
                return
            self.open_path(path, create=True)

    def open_demo(self) -> None:
        path = paths.data_dir() / f"Demo workspace{paths.WORKSPACE_SUFFIX}"
        if path.exists():
            self.open_path(path)
            return
        from equitycohort.data.demo import populate_demo
        from equitycohort.data.workspace import create_workspace

        path.parent.mkdir(parents=True, exist_ok=True)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ws = create_workspace(path)
            populate_demo(ws)
        except WorkspaceError as exc:
            dialogs.warn(self.window, _("Cannot create the demo workspace"), str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.window.set_workspace(ws)

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        recent = settings.get(settings.RECENT)
        for i, path in enumerate(recent, start=1):
            name = Path(path).name.replace("&", "&&")  # a file name is not a mnemonic
            action = menu.addAction(f"&{i} {name}")
            action.triggered.connect(lambda checked=False, p=path: self.open_path(p))
            action.setStatusTip(path)
            action.setEnabled(Path(path).exists())
        if not recent:
            empty = menu.addAction(_("No recent workspaces"))
            empty.setEnabled(False)

    # --- copies and checks -----------------------------------------------------

    def save_copy(self) -> None:
        ws = self.window.ws
        if ws is None:
            return
        from equitycohort.data.maintenance import copy_to

        suggested = preferences.start_folder() / (_("{workspace} copy").format(workspace=ws.name)
                                                  + paths.WORKSPACE_SUFFIX)
        path = dialogs.save_path(self.window, _("Save a copy"), str(suggested), _(dialogs.WORKSPACE_FILTER))
        if not path:
            return
        preferences.remember_folder(path)
        if Path(path).resolve() == ws.path.resolve():
            dialogs.warn(self.window, _("Not saved"),
                         _("Choose another name: the copy cannot replace the workspace itself."))
            return
        try:
            copy_to(ws, Path(path))
        except (OSError, WorkspaceError) as exc:
            dialogs.warn(self.window, _("Copy not saved"), _("The copy could not be written: {error}").format(error=exc))
            return
        self.window.statusBar().showMessage(_("Copy saved to {path}").format(path=path), 8000)

    def check_workspace(self) -> None:
        ws = self.window.ws
        if ws is None:
            return
        from equitycohort.data.maintenance import check_workspace

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = check_workspace(ws.path)
        finally:
            QApplication.restoreOverrideCursor()
        if report.healthy:
            dialogs.inform(self.window, _("Check workspace"),
                           _("{workspace} is healthy: no problems found.").format(workspace=ws.name),
                           "\n".join(report.lines()))
        else:
            self.offer_repair(ws.path, _("{n} problem(s) found in {workspace}.").format(
                n=len(report.problems), workspace=ws.name), opened=True, details="\n".join(report.lines()))

    def offer_repair(self, path: Path, problem: str, *, opened: bool = False, details: str = "") -> None:
        """Tell of a damaged workspace and offer a repaired copy beside it (never in place), or
        one of its backups restored into a new file."""
        from equitycohort.data.backups import list_backups
        from equitycohort.data.maintenance import repair_workspace

        path = Path(path)
        title = _("Check workspace") if opened else _("Cannot open workspace")
        backups = [b for b in list_backups(path) if b.usable]
        if backups:
            text = problem + "\n\n" + _(
                "Equity Cohort can make a repaired copy beside it, from everything that can still be read, or "
                "restore one of its {n} backup(s) (the newest from {newest}) into a new file. {file} itself is "
                "left as it is.").format(n=len(backups), newest=preferences.date_and_time(backups[0].made),
                                         file=path.name)
            choice = dialogs.ask(self.window, title, text, [_("Make a Repaired Copy"), _("Restore from Backup…")],
                                 details, icon="Warning")
            if choice == 1:
                self.restore(path)
            if choice != 0:
                return
        else:
            text = problem + "\n\n" + _(
                "Equity Cohort can make a repaired copy beside it, from everything that can still be read; "
                "{file} itself is left as it is. It has no backups yet.").format(file=path.name)
            if not dialogs.confirm(self.window, title, text, _("Make a Repaired Copy"), details=details):
                return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            repair = repair_workspace(path)
        finally:
            QApplication.restoreOverrideCursor()
        if not repair.made or repair.target is None:
            dialogs.warn(self.window, _("No repaired copy"),
                         _("No repaired copy was made: {reason}.").format(reason=repair.error))
            return
        kept, lost = sum(repair.kept.values()), sum(repair.lost.values())
        summary = (_("The repaired copy is {copy}, beside {file}: {kept} record(s) carried over, {lost} left "
                     "out; {changes} change(s) are listed in the details. Open it now?") if repair.changes else
                   _("The repaired copy is {copy}, beside {file}: {kept} record(s) carried over, {lost} left "
                     "out. Open it now?")).format(copy=repair.target.name, file=path.name, kept=kept, lost=lost,
                                                  changes=len(repair.changes))
        if dialogs.confirm(self.window, _("Repaired copy made"), summary, _("Open the Repaired Copy"),
                           details="\n".join(repair.lines())):
            self.open_path(repair.target)

    def restore(self, path: Path | None = None) -> None:
        """File > Restore from Backup…: a backup of the workspace (the open one, or ``path``) into a new file."""
        from equitycohort.ui.restore import restore_from_backup

        ws = self.window.ws
        workspace = Path(path) if path is not None else (ws.path if ws is not None else None)
        if workspace is not None:
            restore_from_backup(self.window, workspace, self.open_path)

    # --- today's backup --------------------------------------------------------

    def _begin_daily_backup(self, ws: Workspace) -> None:
        """Today's backup, copied in the background from the workspace as it is now."""
        if ws is not self.window.ws or self.backup is not None:
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
            self.backup = backup

    def _backup_ended(self, backup: BackgroundBackup) -> None:
        if backup is self.backup:
            self.backup = None
        ws = self.window.ws
        if backup.damaged and ws is not None and backup.ws is ws:
            self.offer_repair(ws.path, backup.error or "", opened=True)
        elif backup.error:
            self.window.statusBar().showMessage(
                _("Today's backup could not be made: {error}. Your work is saved; "
                  "use File > Save a Copy to keep a copy elsewhere.").format(error=backup.error), 20000)
        elif backup.target is not None:
            log.info("today's backup: %s", backup.target)

    def finish_backup(self) -> None:
        """Wait for today's backup before its workspace closes."""
        if self.backup is not None:
            self.backup.wait()
            self.backup = None
