"""What the app remembers, its light and dark looks, and its handler for the unexpected."""

from __future__ import annotations

import logging
import logging.handlers
import sys

import pytest
from PySide6 import QtCore
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication

from equitycohort.data.cohorts import list_cohorts
from equitycohort.data.workspace import create_workspace
from equitycohort.ui import app as app_module
from equitycohort.ui import dialogs, settings, theme
from equitycohort.ui.main_window import SCREENS, MainWindow
from tests.ui.conftest import Recorder, screen


def test_closing_the_window_saves_its_geometry_and_the_next_one_restores_it(demo_window, qtbot):
    assert settings.get(settings.WINDOW_GEOMETRY) is None
    demo_window.resize(1100, 700)
    demo_window.close()
    assert settings.get(settings.WINDOW_GEOMETRY) is not None
    assert settings.get(settings.WINDOW_STATE) is not None
    again = MainWindow()
    qtbot.addWidget(again)
    area = QRect(0, 0, 1920, 1040)
    again.restore_window_state(area)
    # as it was left, not the first window's 1366x860 (Qt narrows it to the 800-pixel offscreen screen)
    assert again.height() == 700 and again.width() <= 1100


#: the available area (screen less task bar) of a 1366x768 laptop, and of a 1920x1080 one at 150 % scaling
LAPTOP = QRect(0, 0, 1366, 728)
SCALED = QRect(0, 0, 1280, 688)


@pytest.mark.parametrize("area", [LAPTOP, SCALED, QRect(0, 0, 2560, 1400)], ids=["1366x768", "150%", "large"])
def test_a_first_window_fits_the_screen_with_its_status_bar(qtbot, area):
    window = MainWindow()
    qtbot.addWidget(window)
    window.restore_window_state(area)
    frame = window.geometry().adjusted(-8, -32, 8, 8)  # with a title bar and frame around it
    assert area.contains(frame), (window.geometry(), area)
    assert window.minimumWidth() <= area.width() and window.minimumHeight() <= area.height() - 40
    if area.width() >= 1600:
        assert window.size() == QSize(1366, 860)  # the preferred size where there is room
    # the status bar, where saves, undo and backup failures are said, is inside the window
    assert window.statusBar().geometry().bottom() <= window.height()


def test_a_window_saved_on_a_big_screen_is_brought_back_onto_a_small_one(qtbot):
    big = MainWindow()
    qtbot.addWidget(big)
    big.restore_window_state(QRect(0, 0, 2560, 1400))
    big.setGeometry(1300, 500, 1200, 850)
    settings.put(settings.WINDOW_GEOMETRY, big.saveGeometry())
    small = MainWindow()
    qtbot.addWidget(small)
    small.restore_window_state(LAPTOP)
    assert small.width() <= LAPTOP.width() and small.height() <= LAPTOP.height() - 40
    assert LAPTOP.contains(small.geometry().topLeft()) and LAPTOP.contains(small.geometry().bottomRight())


def test_opened_workspaces_are_remembered_newest_first(demo_window, demo_path, tmp_path):
    assert settings.get(settings.LAST_WORKSPACE) == str(demo_path)
    assert settings.get(settings.RECENT) == [str(demo_path)]
    paths = []
    for i in range(settings.RECENT_MAX + 2):
        path = tmp_path / f"w{i}.ecw"
        create_workspace(path).close()
        demo_window.open_path(path)
        paths.append(str(path))
    recent = settings.get(settings.RECENT)
    assert recent == list(reversed(paths))[: settings.RECENT_MAX]
    assert settings.get(settings.LAST_WORKSPACE) == paths[-1]
    # reopening moves a file to the top without duplicating it
    demo_window.open_path(paths[-3])
    recent = settings.get(settings.RECENT)
    assert recent[0] == paths[-3] and recent.count(paths[-3]) == 1


def test_closing_the_window_keeps_the_recent_files(demo_window, demo_path):
    demo_window.close()
    assert settings.get(settings.RECENT) == [str(demo_path)]
    assert settings.get(settings.LAST_WORKSPACE) == str(demo_path)


def test_the_chosen_cohort_is_remembered(make_window, demo_path, empty_window):
    ws = empty_window.ws
    program = ws.insert("programs", {"name": "P"}).id
    for n, start in ((1, "2026-01-06"), (2, "2026-07-07")):
        ws.insert("cohorts", {"program_id": program, "name": f"Cohort {n}", "start_date": start,
                              "end_date": f"{int(start[:4]) + 1}-01-01"})
    older = next(c.id for c in list_cohorts(ws) if c.name == "Cohort 1")
    picker = empty_window.cohort_picker
    picker.setCurrentIndex(picker.findData(older))
    assert settings.get(settings.LAST_COHORT) == older
    path = ws.path
    empty_window.close()
    window = make_window(path)
    assert window.current_cohort() == older


@pytest.fixture
def restore_theme():
    yield
    theme.apply(QApplication.instance(), "light")


@pytest.mark.usefixtures("restore_theme")
def test_the_window_follows_the_system_going_dark_unless_a_look_was_chosen(demo_window, monkeypatch):
    hints = QApplication.styleHints()
    demo_window.set_appearance("system")
    monkeypatch.setattr(theme, "system_prefers_dark", lambda: False)
    theme.apply(QApplication.instance(), "system")
    assert not theme.is_dark()

    monkeypatch.setattr(theme, "system_prefers_dark", lambda: True)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark()
    assert QApplication.palette().window().color().lightness() < 80

    demo_window.set_appearance("light")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark()
    assert settings.get(settings.APPEARANCE) == "light"


@pytest.mark.usefixtures("restore_theme")
def test_appearance_menu_switches_light_and_dark_and_is_remembered(demo_window):
    view = screen(demo_window, "Schedule")
    demo_window.set_appearance("dark")
    assert theme.is_dark()
    assert settings.get(settings.APPEARANCE) == "dark"
    window_colour = QApplication.palette().window().color()
    assert window_colour.lightness() < 80
    assert not view.grab().isNull()
    demo_window.set_appearance("light")
    assert not theme.is_dark()
    assert QApplication.palette().window().color().lightness() > 180
    assert settings.get(settings.APPEARANCE) == "light"


@pytest.mark.usefixtures("restore_theme")
@pytest.mark.parametrize(("appearance", "size"), [("light", QSize(1280, 800)), ("dark", QSize(1366, 768))],
                         ids=["light-1280x800", "dark-1366x768"])
@pytest.mark.parametrize("which", ["demo_window", "empty_window"])
def test_every_screen_paints(request, appearance, size, which):
    window = request.getfixturevalue(which)
    window.set_appearance(appearance)
    window.resize(size)
    for name in SCREENS:
        screen(window, name)
        image = window.grab()
        assert not image.isNull() and image.size() == size


def test_unexpected_errors_become_a_plain_dialog_and_a_log_entry(window, monkeypatch, app_home):
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", list(root.handlers))
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    qt_handlers = []
    monkeypatch.setattr(QtCore, "qInstallMessageHandler", qt_handlers.append)
    shown = Recorder()
    monkeypatch.setattr(dialogs, "unexpected_error", shown)

    app_module.setup_logging()
    app_module.install_error_handlers(lambda: window)
    try:
        raise ValueError("the unexpected")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert len(shown.calls) == 1
    parent, exc = shown.calls[0]
    assert parent is window and isinstance(exc, ValueError) and str(exc) == "the unexpected"
    [qt_handler] = qt_handlers
    qt_handler(QtCore.QtMsgType.QtWarningMsg, None, "a message from Qt")

    new = [h for h in logging.getLogger().handlers if isinstance(h, logging.FileHandler)]
    for handler in new:
        handler.flush()
    log = (app_home / "logs" / "equitycohort.log").read_text(encoding="utf-8")
    assert "unexpected error" in log and "ValueError: the unexpected" in log
    assert "a message from Qt" in log
    for handler in new:
        handler.close()


def test_the_log_appends_from_the_start_and_rotates_once_the_window_is_up(monkeypatch, app_home):
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    monkeypatch.setattr(root, "level", root.level)
    logger = logging.getLogger("equitycohort.test")
    log_file = app_home / "logs" / "equitycohort.log"

    app_module.setup_logging()
    app_module.setup_logging()  # a second call adds nothing
    assert len(root.handlers) == 1 and not isinstance(root.handlers[0], logging.handlers.RotatingFileHandler)
    logger.info("before the first paint")

    app_module.rotate_log()
    app_module.rotate_log()
    [rotating] = root.handlers
    assert isinstance(rotating, logging.handlers.RotatingFileHandler)
    assert rotating.maxBytes == app_module.LOG_MAX_BYTES and rotating.backupCount == app_module.LOG_BACKUPS
    logger.info("after the first paint")
    rotating.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "before the first paint" in text and "after the first paint" in text
    assert text.index("before the first paint") < text.index("after the first paint")

    logger.info("x" * app_module.LOG_MAX_BYTES)  # past the limit: the next record starts a new file
    logger.info("in the new file")
    rotating.flush()
    assert "in the new file" in log_file.read_text(encoding="utf-8")
    old = sorted(log_file.parent.glob("equitycohort.log.*"))
    assert [p.name for p in old] == ["equitycohort.log.1", "equitycohort.log.2"]
    assert "before the first paint" in old[1].read_text(encoding="utf-8")
    rotating.close()


def test_error_dialog_shows_details_to_copy(window, qtbot):
    try:
        raise RuntimeError("disk on fire")
    except RuntimeError as exc:
        error = exc
    shown = []

    def capture(dialog):
        shown.append(dialog)
        return 0

    from PySide6.QtWidgets import QDialog

    from equitycohort.ui.error_dialog import ErrorDialog

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ErrorDialog, "exec", capture)
        dialogs.unexpected_error(window, error)
    [dialog] = shown
    qtbot.addWidget(dialog)
    assert isinstance(dialog, QDialog)
    assert dialog.windowTitle() == "Something went wrong"
    details = dialog.details.toPlainText()
    assert "RuntimeError: disk on fire" in details and "Traceback" in details
    assert dialog.details.isReadOnly()
    from PySide6.QtWidgets import QPushButton

    copy_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy details")
    copy_button.click()
    assert QApplication.clipboard().text() == details


def test_a_live_switch_recolors_every_widget_that_carries_a_color(demo_window):
    """The navigation list (a style sheet), muted notes and tinted labels take the new look at once."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QLabel

    from equitycohort.ui import theme
    from equitycohort.ui.labels import MutedLabel

    for name in ("Workplans", "Check-ins", "Assessments"):
        screen(demo_window, name)

    def colors():
        nav = demo_window.nav.palette().color(QPalette.ColorRole.Base).name()
        muted = {label.palette().color(QPalette.ColorRole.WindowText).name()
                 for label in demo_window.findChildren(MutedLabel)}
        tinted = {label.palette().color(QPalette.ColorRole.WindowText).name()
                  for label in demo_window.findChildren(QLabel) if label.property("tone") == "danger_fg"}
        return nav, muted, tinted

    demo_window.set_appearance("light")
    light_nav, light_muted, _ = colors()
    demo_window.set_appearance("dark")
    dark_nav, dark_muted, dark_tinted = colors()
    assert theme.is_dark()
    assert dark_nav != light_nav and QColorLightness(dark_nav) < 0.3
    assert dark_muted == {theme.TOKENS["muted_fg"][1]}
    assert dark_tinted <= {theme.TOKENS["danger_fg"][1]}
    demo_window.set_appearance("light")
    assert colors()[1] == light_muted == {theme.TOKENS["muted_fg"][0]}


def QColorLightness(name: str) -> float:  # noqa: N802 - reads like the Qt call it wraps
    from PySide6.QtGui import QColor

    return QColor(name).lightnessF()
