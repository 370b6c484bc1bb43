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
from equitycohort.ui import dialogs, settings

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
            dialogs.warn(window, "Workspace in use", str(exc))
            return False
        except DamagedError as exc:
            self.offer_repair(path, str(exc))
            return False
        except WorkspaceError as exc:
            dialogs.warn(window, "Cannot open workspace", str(exc))
            if not path.exists():
                settings.forget_workspace(str(path))
            return False
        except OSError as exc:
            dialogs.warn(window, "Cannot open workspace", f"{path.name} could not be opened: {exc.strerror or exc}.")
            return False
        window.set_workspace(ws)
        if ws.notices:
            dialogs.warn(window, "Workspace opened", "\n\n".join(ws.notices))
        if not create:
            QTimer.singleShot(BACKUP_DELAY_MS, lambda: self._begin_daily_backup(ws))
        return True

    def open_dialog(self) -> None:
        ws = self.window.ws
        folder = str(ws.path.parent) if ws else str(paths.data_dir())
        path = dialogs.open_workspace_path(self.window, folder)
        if path:
            self.open_path(path)

    def new_workspace(self) -> None:
        ws = self.window.ws
        folder = ws.path.parent if ws else paths.data_dir()
        path = dialogs.new_workspace_path(self.window, str(folder / f"New workspace{paths.WORKSPACE_SUFFIX}"))
        if path:
            if Path(path).exists():
                dialogs.warn(self.window, "Cannot create workspace",
                             f"{Path(path).name} already exists. Choose another name, or open it with File > Open.")
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
            dialogs.warn(self.window, "Cannot create the demo workspace", str(exc))
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
            empty = menu.addAction("No recent workspaces")
            empty.setEnabled(False)

    # --- copies and checks -----------------------------------------------------

    def save_copy(self) -> None:
        ws = self.window.ws
        if ws is None:
            return
        from equitycohort.data.maintenance import copy_to

        suggested = ws.path.with_name(f"{ws.name} copy{paths.WORKSPACE_SUFFIX}")
        path = dialogs.save_path(self.window, "Save a copy", str(suggested), dialogs.WORKSPACE_FILTER)
        if not path:
            return
        if Path(path).resolve() == ws.path.resolve():
            dialogs.warn(self.window, "Not saved", "Choose another name: the copy cannot replace the workspace itself.")
            return
        try:
            copy_to(ws, Path(path))
        except (OSError, WorkspaceError) as exc:
            dialogs.warn(self.window, "Copy not saved", f"The copy could not be written: {exc}")
            return
        self.window.statusBar().showMessage(f"Copy saved to {path}", 8000)

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
            dialogs.inform(self.window, "Check workspace", f"{ws.name} is healthy: no problems found.",
                           "\n".join(report.lines()))
        else:
            self.offer_repair(ws.path, f"{len(report.problems)} problem(s) found in {ws.name}.",
                              opened=True, details="\n".join(report.lines()))

    def offer_repair(self, path: Path, problem: str, *, opened: bool = False, details: str = "") -> None:
        """Tell of a damaged workspace and offer a repaired copy beside it (never in place)."""
        from equitycohort.data.maintenance import repair_workspace

        path = Path(path)
        text = (f"{problem}\n\nEquity Cohort can make a repaired copy beside it, from everything that can "
                f"still be read; {path.name} itself is left as it is. Your rolling backups are in "
                f"{paths.backups_dir(path)}.")
        if not dialogs.confirm(self.window, "Check workspace" if opened else "Cannot open workspace", text,
                               "Make a Repaired Copy", details=details):
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            repair = repair_workspace(path)
        finally:
            QApplication.restoreOverrideCursor()
        if not repair.made or repair.target is None:
            dialogs.warn(self.window, "No repaired copy", f"No repaired copy was made: {repair.error}.")
            return
        kept, lost = sum(repair.kept.values()), sum(repair.lost.values())
        changed = f"; {len(repair.changes)} change(s) are listed in the details" if repair.changes else ""
        summary = (f"The repaired copy is {repair.target.name}, beside {path.name}: {kept} record(s) carried "
                   f"over, {lost} left out{changed}. Open it now?")
        if dialogs.confirm(self.window, "Repaired copy made", summary, "Open the Repaired Copy",
                           details="\n".join(repair.lines())):
            self.open_path(repair.target)

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
        if backup.damaged and backup.ws is self.window.ws:
            self.offer_repair(backup.ws.path, backup.error or "", opened=True)
        elif backup.error:
            self.window.statusBar().showMessage(
                f"Today's backup could not be made: {backup.error}. Your work is saved; "
                "use File > Save a Copy to keep a copy elsewhere.", 20000)
        elif backup.target is not None:
            log.info("today's backup: %s", backup.target)

    def finish_backup(self) -> None:
        """Wait for today's backup before its workspace closes."""
        if self.backup is not None:
            self.backup.wait()
            self.backup = None
