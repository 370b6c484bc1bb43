"""The main window's place on the screen: a first size that fits, a remembered one kept on screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

from equitycohort.ui import settings

#: the first size of the window, when the screen has room for it
PREFERRED = QSize(1366, 860)
#: the smallest size every screen stays usable at (less where a screen is smaller still)
MINIMUM = QSize(1100, 600)
#: about what a title bar and frame add around the window
FRAME = QSize(16, 40)


def restore_window(window: QMainWindow, area: QRect | None = None) -> None:
    """The window as it was left, kept inside the screen it opens on; a first window fits that screen.

    ``area`` is the screen's available area (without task bar or dock); by
    default the one of the screen the window is on.
    """
    if area is None:
        screen = window.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
    # the title bar and frame come on top of the window's own size
    room = QSize(max(area.width() - FRAME.width(), 480), max(area.height() - FRAME.height(), 360))
    window.setMinimumSize(QSize(min(MINIMUM.width(), room.width()), min(MINIMUM.height(), room.height())))
    geometry = settings.get(settings.WINDOW_GEOMETRY)
    if not (geometry and window.restoreGeometry(geometry)):
        window.resize(PREFERRED.boundedTo(room))
        window.move(area.center() - window.rect().center())
    if window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room))
    frame = window.geometry()
    x = min(max(frame.x(), area.left()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.top() + FRAME.height() - 8), area.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
    state = settings.get(settings.WINDOW_STATE)
    if state:
        window.restoreState(state)



def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """Size a dialog as wished, within the screen it opens on (its title bar and the task bar included)."""
    parent = dialog.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    room = QSize(area.width() - FRAME.width(), int(area.height() * 0.92) - FRAME.height())
    dialog.resize(QSize(width, height).boundedTo(room))
