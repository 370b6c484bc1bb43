"""Starting the desktop app: logging, the error handler, the first workspace."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from equitycohort import APP_NAME, __version__, paths

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

log = logging.getLogger("equitycohort")


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _open_private(handler: logging.FileHandler):
    """The log file opened for appending, readable by the user only whatever the umask
    (it names workspaces and records): a new file, one rotated in, one made before."""
    fd = os.open(handler.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    if os.name == "posix":
        os.fchmod(fd, 0o600)
    return open(fd, handler.mode, encoding=handler.encoding, errors=handler.errors)


class _StartupLogHandler(logging.FileHandler):
    """Appends to the log file until the window has painted (see rotate_log)."""

    def _open(self):
        return _open_private(self)


def _log_file() -> Path:
    return paths.private_dir(paths.log_dir()) / "equitycohort.log"


def _writes_to(handler: logging.Handler, path: Path) -> bool:
    return isinstance(handler, logging.FileHandler) and handler.baseFilename == os.path.abspath(path)


def _install(handler: logging.Handler) -> None:
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StartupLogHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def setup_logging() -> None:
    """Log to a file in the platform's log folder from the first moment.

    Until the window has painted this is a plain append to the file, because
    ``logging.handlers`` (sockets, pickle, queues) costs start-up about 20 ms;
    ``rotate_log`` then hands over to a rotating log of 1 MB times four.
    """
    target = _log_file()
    if any(_writes_to(h, target) for h in logging.getLogger().handlers):
        return
    _install(_StartupLogHandler(target, encoding="utf-8", delay=True))


def rotate_log() -> None:
    """Switch the log to a rotating file (1 MB, three old files kept)."""
    import logging.handlers

    target = _log_file()
    root = logging.getLogger()
    if any(isinstance(h, logging.handlers.RotatingFileHandler) and _writes_to(h, target) for h in root.handlers):
        return
    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        def _open(self):
            return _open_private(self)

    _install(PrivateRotatingFileHandler(target, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
                                        encoding="utf-8"))


def install_error_handlers(window_getter) -> None:
    """Unexpected errors become a plain dialog and a log entry, never a bare traceback."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def excepthook(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unexpected error", exc_info=(kind, value, tb))
        from equitycohort.ui import dialogs

        try:
            dialogs.unexpected_error(window_getter(), value.with_traceback(tb))
        except Exception:  # the dialog itself failed: the log has the story
            log.exception("could not show the error dialog")

    sys.excepthook = excepthook

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}
    qt_log = logging.getLogger("qt")

    def qt_messages(mode, context, message):
        qt_log.log(levels.get(mode, logging.INFO), message)

    qInstallMessageHandler(qt_messages)


def choose_start_path(arg: str | None) -> tuple[Path, bool]:
    """The workspace to open first, and whether it must be created."""
    from equitycohort.ui import settings

    if arg:
        return Path(arg), False
    last = settings.get(settings.LAST_WORKSPACE)
    if last and Path(last).exists():
        return Path(last), False
    default = paths.default_workspace()
    return default, not default.exists()


def window_icon() -> QIcon:
    """The app icon at each size drawn for it; Qt decodes a file only when that size is shown."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from equitycohort.resources import icon_files

    icon = QIcon()
    for size, path in icon_files():
        icon.addFile(str(path), QSize(size, size))
    return icon


def make_application(argv: list[str]) -> QApplication:
    """The QApplication, which also takes the files macOS asks the app to open.

    Double-clicking a workspace in the Finder (or dropping it on the Dock
    icon) sends the running app a QFileOpenEvent rather than a command-line
    argument. Each file is handed to ``open_file`` once the window has set it,
    and kept in ``pending`` until then.
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    class Application(QApplication):
        def __init__(self, args: list[str]) -> None:
            super().__init__(args)
            self.open_file: Callable[[str], object] | None = None
            self.pending: list[str] = []

        def event(self, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FileOpen:
                path = event.file()  # type: ignore[attr-defined]  # a QFileOpenEvent
                if path:
                    if self.open_file is None:
                        self.pending.append(path)
                    else:
                        self.open_file(path)
                return True
            return super().event(event)

        def set_file_opener(self, open_file: Callable[[str], object]) -> None:
            self.open_file = open_file
            while self.pending:
                open_file(self.pending.pop(0))

    return Application(argv)


def end_process(code: int) -> int:
    """End the process as soon as the window has closed, skipping the teardown.

    By then everything that matters is on disk: every change was written to
    the workspace as it was made (with synchronous=FULL, so the file is safe
    even if the process is killed), the workspace is closed and its lock
    released, today's backup has finished, and the settings and the log are
    written out here. What remains is Python and Qt taking apart thousands of
    objects one by one, about 50 ms that a user waits through on every quit.

    The one thing teardown does for the user is hand the clipboard over:
    when the app owns it, Qt gives what was copied to the system as the
    application is destroyed, so then the normal exit is taken (the code is
    returned for the caller to exit with). So it is under a profiler or a
    coverage tracer, which write their results after the program ends.
    Exit handlers (atexit) registered once Qt was loaded still run, and the
    log is closed; PySide's own, which takes Qt's wrappers apart, does not.
    """
    import atexit

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication) and app.clipboard().ownsClipboard():
        return code
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return code
    from equitycohort.ui import settings

    if not settings.sync():
        log.warning("the settings file could not be written")
    _quick_exit.append(code)
    atexit._run_exitfuncs()  # ends in _exit_before_qt_teardown
    _exit_now(code)


#: the exit code end_process asked for, once it has
_quick_exit: list[int] = []


def _exit_now(code: int) -> NoReturn:
    logging.shutdown()  # flushes and closes the log
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _exit_before_qt_teardown() -> None:
    """Exit handlers run last registered first. This one is registered just after Qt is
    loaded, so when end_process runs them, every handler registered since (temporary
    files' finalizers, a library's own) has run when it is reached; it then ends the
    process before PySide's handler, which takes every Qt wrapper apart (3-4 ms).
    At any other exit it does nothing."""
    if _quick_exit:
        _exit_now(_quick_exit[-1])


def _register_quick_exit() -> None:
    import atexit

    atexit.unregister(_exit_before_qt_teardown)  # once, however often the app starts in a process
    atexit.register(_exit_before_qt_teardown)


def add_fallback_fonts() -> bool:
    """Chinese, Japanese and Korean names show as themselves, not as boxes, on a computer with no
    font for them: the font the PDFs carry for them joins the fonts Qt falls back on (4 ms, after
    the window is up). Returns whether it was added."""
    from PySide6.QtGui import QFontDatabase

    from equitycohort.resources import resource_path

    path = resource_path("fonts", "DroidSansFallback.ttf")
    return path.is_file() and QFontDatabase.addApplicationFont(str(path)) >= 0


def _settle() -> None:
    """Once the window is up: its icon, the rotating log, and garbage collection back on."""
    import gc

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        # Python's QIcon costs start-up 9 ms; the taskbar and the Dock take
        # the icon from the .desktop file, the .exe or the .app meanwhile.
        app.setWindowIcon(window_icon())
    rotate_log()
    add_fallback_fonts()
    gc.freeze()  # what start-up built lives as long as the app: later collections skip it
    gc.enable()


def _open_requested(window, file: str) -> None:
    """A workspace the system asked the running app to open (macOS Finder, Dock)."""
    log.info("asked to open %s", file)
    window.open_path(Path(file))
    window.raise_()
    window.activateWindow()


def run_app(path: str | None = None, *, exit_after_startup: bool = False) -> int:
    import gc

    # Start-up builds many long-lived objects and almost no garbage cycles, so
    # the collector's passes while it runs are wasted (about 13 ms); it is
    # switched back on once the window has painted (``_settle``). Whatever is
    # alive when the app ends is frozen first: re-enabled, the collector would
    # otherwise walk every object start-up made (6-12 ms) on the way out.
    gc.disable()
    try:
        return _run_app(path, exit_after_startup)
    finally:
        gc.freeze()
        gc.enable()


def _run_app(path: str | None, exit_after_startup: bool) -> int:
    setup_logging()
    import threading

    from equitycohort.data import files

    # The integrity check of the first workspace runs while Qt loads.
    if path:
        start, create = Path(path), False
    else:
        start, create = choose_start_path(None)
    early_check = threading.Thread(target=files.precheck, args=(start,), daemon=True)
    if not create:
        early_check.start()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from equitycohort.ui import language, settings, theme

    _register_quick_exit()
    appearance = settings.get(settings.APPEARANCE)
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        arguments = sys.argv[:1] + theme.qt_arguments(appearance)
        # only macOS sends QFileOpenEvent; elsewhere the plain class starts 2 ms sooner
        app = make_application(arguments) if sys.platform == "darwin" else QApplication(arguments)
    # the language before any window: widgets translate their texts as they are made
    log.info("language: %s", language.install(app))
    from equitycohort.ui.main_window import MainWindow

    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Equity Cohort")
    app.setDesktopFileName("equitycohort")
    theme.apply(app, appearance)
    window = MainWindow()
    install_error_handlers(lambda: window)
    if exit_after_startup:
        from equitycohort.ui import dialogs

        dialogs.non_interactive = True
    window.restore_window_state()

    if create:
        paths.private_dir(start.parent)
    else:
        early_check.join()
    opened = window.open_path(start, create=create)
    log.info("started %s %s on %s (opened: %s)", APP_NAME, __version__, start, opened)
    window.show()
    if hasattr(app, "set_file_opener"):
        app.set_file_opener(lambda file: _open_requested(window, file))

    if exit_after_startup:
        class FirstPaint(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint:
                    QTimer.singleShot(0, app.quit)
                    watched.removeEventFilter(self)
                return False

        painter_watch = FirstPaint(window)
        watched = window.current_view() if opened else window
        watched.installEventFilter(painter_watch)
        QTimer.singleShot(10_000, app.quit)  # never hang a benchmark or smoke test
        app.exec()
        window.close()
        return 0 if opened or path is None else 1
    QTimer.singleShot(300, _settle)
    QTimer.singleShot(300, window.warm_up)
    code = app.exec()
    window.close()  # however the loop ended, the workspace is closed and the window's state kept
    return code
