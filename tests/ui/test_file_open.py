"""macOS hands a double-clicked workspace to the running app as a QFileOpenEvent."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

# Its own process: the QApplication of the tests is pytest-qt's, not the app's.
SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent
    from equitycohort.ui.app import make_application

    app = make_application(["equitycohort", "-platform", "offscreen"])
    QCoreApplication.sendEvent(app, QFileOpenEvent("/tmp/early.ecw"))  # before the window is up
    opened = []
    app.set_file_opener(opened.append)
    print("after set_file_opener:", opened)
    handled = QCoreApplication.sendEvent(app, QFileOpenEvent("/tmp/Cohort 2.ecw"))
    print("handled:", handled, opened)
    print("pending:", app.pending)
""")


def test_files_macos_asks_to_open_reach_the_window_once_it_is_up(tmp_path):
    env = {**os.environ, "EQUITYCOHORT_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "after set_file_opener: ['/tmp/early.ecw']",
        "handled: True ['/tmp/early.ecw', '/tmp/Cohort 2.ecw']",
        "pending: []",
    ]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no window stack
def test_an_open_request_switches_the_window_to_that_workspace(demo_window, tmp_path):
    from equitycohort.data.workspace import create_workspace
    from equitycohort.ui.app import _open_requested

    other = tmp_path / "other.ecw"
    create_workspace(other).close()
    _open_requested(demo_window, str(other))
    assert demo_window.ws.path == other
