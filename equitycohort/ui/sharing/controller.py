"""File > Share My Changes, Import Changes, Review Changes and Shared Folder,
dropping changes files on the window, and the shared folder's two moments: the
changes file written when a workspace closes, the new ones offered when it opens."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from equitycohort.i18n import N_, _, ngettext
from equitycohort.ui import dialogs, settings

if TYPE_CHECKING:
    from equitycohort.data.sharing.changesfile import ChangesFile
    from equitycohort.data.sharing.exchange import ImportReport
    from equitycohort.data.workspace import Change, Workspace
    from equitycohort.identity import Identity
    from equitycohort.ui.main_window import MainWindow
    from equitycohort.ui.sharing.review import ReviewPanel

log = logging.getLogger(__name__)

SUFFIX = ".ecchanges"
#: new changes in the shared folder are offered this long after a workspace opens, once the window painted
OFFER_DELAY_MS = 300
PRIVATE = N_("Changes files hold private notes: share them with the other facilitators only, never with a state "
             "team.")


class SharingController(QObject):
    """The sharing actions of one window."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._panel: ReviewPanel | None = None
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        window.context.add_listener(self._changed)

    @property
    def ws(self) -> Workspace | None:
        return self.window.ws

    # --- who is sharing -----------------------------------------------------------

    def identity(self) -> Identity | None:
        """The user's identity, asked for (and kept) the first time it is needed."""
        from equitycohort import identity
        from equitycohort.ui.sharing.identity_form import IdentityDialog

        kept = identity.current()
        if kept.complete:
            return kept
        dialog = IdentityDialog(self.window, kept)
        return dialog.identity if dialogs.run_dialog(dialog) else None

    def _author(self, person: Identity):
        from equitycohort.data.sharing.changesfile import Author

        return Author(person.id, person.name, person.organization)

    # --- sharing --------------------------------------------------------------------

    def share_changes(self) -> None:
        ws = self.ws
        if ws is None:
            return
        from equitycohort.data.errors import WorkspaceError
        from equitycohort.data.sharing.exchange import export_changes, pending_count, share_file_name

        person = self.identity()
        if person is None:
            return
        everything = False
        if pending_count(ws, person.id) == 0:
            if not dialogs.confirm(self.window, _("Share my changes"),
                                   _("You have made no changes since you last shared them. Write all of your "
                                     "changes again, for someone who missed a file?"), _("Write All My Changes")):
                return
            everything = True
        folder = Path(settings.get(settings.LAST_FOLDER) or ws.path.parent)
        target = dialogs.save_path(self.window, _("Share my changes (for facilitators only: they hold private notes)"),
                                   str(folder / share_file_name(self._author(person))), _(dialogs.CHANGES_FILTER))
        if not target:
            return
        path = Path(target) if target.lower().endswith(SUFFIX) else Path(target + SUFFIX)
        try:
            report = export_changes(ws, path, self._author(person), everything=everything, allow_empty=True)
        except (OSError, WorkspaceError) as exc:
            dialogs.warn(self.window, _("Changes not shared"),
                         _("The changes file could not be written: {error}").format(error=exc))
            return
        settings.put(settings.LAST_FOLDER, str(path.parent))
        done = _("Your changes are in {file}: {new} new, {updated} updated, {deleted} deleted.").format(
            file=path.name, new=report.new, updated=report.updated, deleted=report.deleted)
        self.window.statusBar().showMessage(done + " " + _(PRIVATE), 15000)

    # --- importing ---------------------------------------------------------------------

    def import_dialog(self) -> None:
        ws = self.ws
        if ws is None:
            return
        folder = self.shared_folder() or settings.get(settings.LAST_FOLDER) or str(ws.path.parent)
        paths = dialogs.open_files(self.window, _("Import changes from other facilitators (they hold private notes)"),
                                   str(folder), _(dialogs.CHANGES_FILTER))
        if paths:
            settings.put(settings.LAST_FOLDER, str(Path(paths[0]).parent))
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path] | list[ChangesFile]) -> list[ImportReport]:
        """Preview the files, then import each as one undoable step; the reports of those imported."""
        ws = self.ws
        if ws is None or not paths:
            return []
        from equitycohort.data.sharing.changesfile import ChangesFileError, read_changes_file
        from equitycohort.data.sharing.exchange import preview_imports
        from equitycohort.ui.sharing.preview import ImportPreviewDialog

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            files = [p if not isinstance(p, Path) else read_changes_file(p) for p in paths]
            previews = preview_imports(ws, files)
        except ChangesFileError as exc:
            QApplication.restoreOverrideCursor()
            dialogs.warn(self.window, _("Cannot import changes"), str(exc))
            return []
        QApplication.restoreOverrideCursor()
        if not dialogs.run_dialog(ImportPreviewDialog(self.window, files, previews)):
            return []
        done: list[ImportReport] = []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for cf in files:
                if self.window.context.run(self.window, self._import_one, cf, done) is None:
                    break
        finally:
            QApplication.restoreOverrideCursor()
        if done:
            self.window.statusBar().showMessage(" · ".join(r.summary for r in done), 15000)
            if any(r.conflicts for r in done):
                self.show_review()
        return done

    @staticmethod
    def _import_one(ws: Workspace, cf: ChangesFile, done: list[ImportReport]) -> Change:
        from equitycohort.data.sharing.exchange import import_changes

        report = import_changes(ws, cf)
        done.append(report)
        assert report.change is not None
        return report.change

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Changes files dropped on the window are imported (after their preview)."""
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.Drop):
            paths = _dropped(event)
            if paths and self.ws is not None:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                if event.type() == QEvent.Type.Drop:
                    self.import_files(paths)
                return True
        return False

    # --- reviewing ------------------------------------------------------------------------

    @property
    def panel(self) -> ReviewPanel:
        if self._panel is None:
            from equitycohort.ui.sharing.review import ReviewPanel

            self._panel = ReviewPanel(self.window)
            self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._panel)
            self._panel.visibilityChanged.connect(self._panel_shown)
        return self._panel

    def _panel_shown(self, shown: bool) -> None:
        if shown and self._panel is not None:
            self._panel.refresh()

    def show_review(self) -> None:
        self.panel.show()
        self.panel.raise_()
        self.panel.refresh()

    def _changed(self, change: Change, initiator: object | None) -> None:
        if self._panel is not None and self._panel.isVisible():
            self._panel.refresh()

    # --- the shared folder -------------------------------------------------------------------

    def shared_folder(self) -> str | None:
        """The shared folder chosen for this workspace (any copy of it), if any."""
        chosen = settings.get(settings.SHARED_FOLDERS)
        if self.ws is None or not chosen:  # most people share none: opening need not load the sharing code
            return None
        from equitycohort.data.sharing.store import origin

        mine = origin(self.ws)
        for line in chosen:
            key, _sep, folder = str(line).partition(" ")
            if key == mine and folder:
                return folder
        return None

    def set_shared_folder(self, folder: str | None) -> None:
        from equitycohort.data.sharing.store import origin

        assert self.ws is not None
        mine = origin(self.ws)
        kept = [line for line in settings.get(settings.SHARED_FOLDERS) if not str(line).startswith(mine + " ")]
        settings.put(settings.SHARED_FOLDERS, [*kept, f"{mine} {folder}"] if folder else kept)

    def choose_shared_folder(self) -> None:
        if self.ws is None:
            return
        current = self.shared_folder()
        text = _("Pick a folder you and the other facilitators share (Dropbox, OneDrive, Google Drive, Syncthing, "
                 "a USB stick). When this workspace closes, your changes are written there; when it opens, new "
                 "changes from the others are offered. The workspace file itself stays where it is, never in "
                 "the shared folder.") + " " + _(PRIVATE)
        if current:
            text = _("Changes are shared through {folder}.").format(folder=current) + "\n\n" + text
        if not dialogs.confirm(self.window, _("Shared folder"), text, _("Choose a Folder…")):
            return
        if self.identity() is None:
            return
        folder = dialogs.choose_folder(self.window, _("Shared folder (changes files hold private notes)"),
                                       current or str(Path.home()))
        if not folder:
            return
        if Path(folder).resolve() == self.ws.path.parent.resolve():
            dialogs.warn(self.window, _("Shared folder"), _("Choose another folder than the workspace's own: the "
                                                          "workspace file must not sit in a synced folder."))
            return
        self.set_shared_folder(folder)
        self.window.statusBar().showMessage(_("Changes are now shared through {folder}.").format(folder=folder), 8000)

    def workspace_opened(self) -> None:
        """Once the window has painted: offer the changes of the others waiting in the shared folder."""
        if self._panel is not None and self._panel.isVisible():
            self._panel.refresh()
        if self.ws is not None:
            from equitycohort.data.sharing import open_count

            waiting = open_count(self.ws)
            if waiting:
                self.window.statusBar().showMessage(ngettext(
                    "{n} change from other facilitators to review: File > Review Changes.",
                    "{n} changes from other facilitators to review: File > Review Changes.", waiting).format(
                        n=waiting), 15000)
        if self.shared_folder() is not None:
            from PySide6.QtCore import QTimer

            opened = self.ws

            def offer() -> None:
                if self.ws is opened:
                    self.offer_waiting()

            QTimer.singleShot(OFFER_DELAY_MS, offer)

    def offer_waiting(self) -> None:
        """Offer the changes from the others that wait in the shared folder."""
        folder = self.shared_folder()
        ws = self.ws
        if folder is None or ws is None:
            return
        from equitycohort.data.sharing.exchange import waiting_in
        from equitycohort.data.sharing.store import author_id

        waiting, problems = waiting_in(ws, Path(folder), author_id(ws))
        for problem in problems:
            log.warning("shared folder: %s", problem)
        if not waiting:
            return
        people = sorted({cf.author.label for cf in waiting})
        count = len(waiting)
        if dialogs.confirm(self.window, _("New changes to import"), ngettext(
                "{n} new changes file in your shared folder, from {people}. See what they change, and import them?",
                "{n} new changes files in your shared folder, from {people}. See what they change, and import them?",
                count).format(n=count, people="; ".join(people)), _("Review and Import…")):
            self.import_files(list(waiting))

    def workspace_closing(self) -> None:
        """Write this person's changes into the shared folder as the workspace closes."""
        folder = self.shared_folder()
        ws = self.ws
        if folder is None or ws is None or ws.read_only:
            return
        from equitycohort import identity
        from equitycohort.data.errors import WorkspaceError
        from equitycohort.data.sharing.exchange import export_changes, pending_count, share_file_name

        person = identity.load()
        if person is None or not person.complete or pending_count(ws, person.id) == 0:
            return
        try:
            export_changes(ws, Path(folder) / share_file_name(self._author(person)), self._author(person))
        except (OSError, WorkspaceError) as exc:
            log.warning("the changes could not be written to the shared folder: %s", exc)
            dialogs.warn(self.window, _("Changes not shared"), _(
                "Your changes could not be written to the shared folder {folder}: {error}. They are safe in the "
                "workspace; use File > Share My Changes once the folder is there again.").format(
                    folder=folder, error=exc))


def _dropped(event: QEvent) -> list[Path]:
    mime = event.mimeData() if hasattr(event, "mimeData") else None
    if mime is None or not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return paths if paths and all(p.suffix.lower() == SUFFIX for p in paths) else []
