"""UI fixtures: a main window on a demo or an empty workspace, and no modal dialog ever blocks.

Every ``exec`` of a dialog, message box or menu, and every native file chooser,
fails the test at once unless the test patched it: a UI test can never hang
waiting for a click that will not come.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from equitycohort.data.demo import populate_demo
from equitycohort.data.workspace import create_workspace
from equitycohort.ui import dialogs

#: what the offscreen platform says whenever a dialog is shown; not the app's doing
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


class UnexpectedModal(AssertionError):
    """A modal dialog was opened without the test patching it."""


def _refuse(what: str):
    def refuse(*args, **kwargs):
        raise UnexpectedModal(f"{what} was called un-patched: a real user would now be stuck in a modal dialog. "
                              "Patch it (monkeypatch) in the test.")
    return refuse


@pytest.fixture(autouse=True)
def fresh_preferences(app_home):
    """Each test reads the date and time style from its own settings file."""
    from equitycohort.ui import preferences

    preferences.forget()
    yield
    preferences.forget()


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """Make every blocking dialog call fail the test loudly instead of hanging."""
    monkeypatch.setattr(QDialog, "exec", _refuse("QDialog.exec"))
    monkeypatch.setattr(QMessageBox, "exec", _refuse("QMessageBox.exec"))
    for static in ("information", "warning", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, static, _refuse(f"QMessageBox.{static}"))
    for static in ("getOpenFileName", "getSaveFileName", "getExistingDirectory", "getOpenFileNames"):
        monkeypatch.setattr(QFileDialog, static, _refuse(f"QFileDialog.{static}"))
    for static in ("getItem", "getText", "getInt", "getDouble", "getMultiLineText"):
        monkeypatch.setattr(QInputDialog, static, _refuse(f"QInputDialog.{static}"))
    monkeypatch.setattr(QMenu, "exec", _refuse("QMenu.exec"))


class Recorder:
    """Stands in for a function of ``equitycohort.ui.dialogs``; remembers each call."""

    def __init__(self, answer=None):
        self.calls: list[tuple] = []
        self.answer = answer

    def __call__(self, *args, **kwargs):
        self.calls.append(args)
        return self.answer

    @property
    def texts(self) -> list[str]:
        """The message of each call (the argument after the parent and the title)."""
        return [call[2] for call in self.calls]


@pytest.fixture
def warned(monkeypatch) -> Recorder:
    """dialogs.warn, recorded."""
    recorder = Recorder()
    monkeypatch.setattr(dialogs, "warn", recorder)
    return recorder


@pytest.fixture
def informed(monkeypatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(dialogs, "inform", recorder)
    return recorder


def _make_window(qtbot):
    from equitycohort.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    return window


def _show(qtbot, window) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


@pytest.fixture
def make_window(qtbot):
    """Open windows on a path; each one's workspace is closed at teardown."""
    made = []

    def make(path, *, create: bool = False):
        window = _make_window(qtbot)
        made.append(window)
        assert window.open_path(path, create=create)
        _show(qtbot, window)
        return window

    yield make
    for window in made:
        window.close_workspace()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One demo workspace built per run; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.ecw"
    ws = create_workspace(path)
    populate_demo(ws)
    ws.checkpoint()
    ws.close()
    return path


@pytest.fixture
def demo_path(tmp_path, demo_template):
    path = tmp_path / "demo.ecw"
    path.write_bytes(demo_template.read_bytes())
    return path


@pytest.fixture
def demo_window(make_window, demo_path):
    """The main window on a copy of the demo workspace, shown and active."""
    return make_window(demo_path)


@pytest.fixture
def empty_window(make_window, tmp_path):
    """The main window on a new, empty workspace."""
    return make_window(tmp_path / "empty.ecw", create=True)


@pytest.fixture
def window(empty_window):
    return empty_window


# --- helpers ---------------------------------------------------------------

def buttons_named(root: QWidget, name: str) -> list:
    from PySide6.QtWidgets import QAbstractButton

    return [b for b in root.findChildren(QAbstractButton) if b.accessibleName() == name]


def visible_button(root: QWidget, name: str):
    found = [b for b in buttons_named(root, name) if b.isVisible()]
    assert len(found) == 1, f"expected one visible button named {name!r}, found {len(found)}"
    return found[0]


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def first_cohort(ws) -> str:
    from equitycohort.data.cohorts import list_cohorts

    return next(c.id for c in list_cohorts(ws) if c.name == "Cohort 1")


def shown_text(label) -> str:
    """The text a QLabel puts on screen: its text, or what its rich-text rendering reads."""
    from PySide6 import QtGui
    from PySide6.QtGui import QTextDocument

    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def screen(window, name: str):
    """Go to a screen through the navigation, as a user would, and return its view."""
    window.nav.setCurrentRow([window.nav.item(i).text() for i in range(window.nav.count())].index(name))
    view = window.current_view()
    assert view.accessibleName() == name and view.isVisible()
    return view
