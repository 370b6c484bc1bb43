"""Floor for start-up: a bare PySide6 window process.

Creates a QApplication and a QMainWindow of the app's default size, shows it
and quits on its first paint, the way `equitycohort PATH --exit-after-startup`
does (a filter on the central widget's first Paint event, then quit).
"""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class FirstPaint(QObject):
    def __init__(self, app, parent=None):
        super().__init__(parent)
        self.app = app

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.app.quit)
            watched.removeEventFilter(self)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    central = QWidget()
    window.setCentralWidget(central)
    watch = FirstPaint(app, window)
    central.installEventFilter(watch)
    window.show()
    QTimer.singleShot(10_000, app.quit)
    app.exec()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
