"""Start-up: the window, its navigation and status line, the welcome state, the first workspace."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt

from equitycohort import paths
from equitycohort.data.cohorts import list_cohorts
from equitycohort.data.workspace import create_workspace
from equitycohort.ui import main_window, settings
from equitycohort.ui.app import choose_start_path
from tests.ui.conftest import buttons_named, click, screen, visible_button

SCREENS = ["Attention", "Cohorts", "Schedule", "Teams", "Workplans", "Assessments", "Check-ins", "Partners"]


def test_navigation_lists_the_screens_in_order_with_accessible_names(demo_window):
    nav = demo_window.nav
    texts = [nav.item(i).text() for i in range(nav.count())]
    assert texts == SCREENS
    for i in range(nav.count()):
        assert nav.item(i).data(Qt.ItemDataRole.AccessibleTextRole) == nav.item(i).text()
    assert nav.accessibleName() == "Navigation"


def test_title_and_status_bar_show_the_workspace(demo_window, demo_path):
    assert "demo" in demo_window.windowTitle()
    assert demo_window.windowTitle().startswith(demo_window.ws.name)
    assert demo_window.path_label.text() == str(demo_path)
    assert demo_window.saved_label.text() == "All changes saved"
    assert demo_window.path_label.isVisible() and demo_window.saved_label.isVisible()


def test_status_bar_still_says_saved_after_an_edit(demo_window):
    cohort = list_cohorts(demo_window.ws)[0]
    demo_window.ws.update("cohorts", cohort.id, {"notes": "edited"}, label="Edit cohort")
    assert demo_window.saved_label.text() == "All changes saved"
    assert "Edit cohort: saved." in demo_window.statusBar().currentMessage()


def test_every_entry_opens_its_screen(demo_window):
    for i, name in enumerate(SCREENS):
        demo_window.nav.setCurrentRow(i)
        view = demo_window.current_view()
        assert view.accessibleName() == name and view.isVisible()
        assert demo_window.stack.currentWidget() is view
        # the cohort picker shows on the screens about one cohort
        assert demo_window.cohort_picker.isVisible() == (name in main_window.COHORT_SCREENS)


def test_empty_workspace_shows_the_welcome_state(empty_window):
    view = screen(empty_window, "Cohorts")
    assert empty_window.current_view() is view
    assert view.empty.isVisible()
    assert visible_button(empty_window, "New cohort").isEnabled()
    assert visible_button(empty_window, "Open the demo workspace").isEnabled()
    assert not empty_window.cohort_picker.isVisible()


def test_welcome_demo_button_opens_the_demo_workspace(empty_window, qtbot, app_home):
    click(qtbot, visible_button(empty_window, "Open the demo workspace"))
    expected = paths.data_dir() / "Demo workspace.ecw"
    assert expected.is_relative_to(app_home)
    assert empty_window.ws is not None and empty_window.ws.path == expected
    assert expected.exists()
    assert len(list_cohorts(empty_window.ws)) == 1
    assert empty_window.path_label.text() == str(expected)
    assert empty_window.windowTitle().startswith("Demo workspace")
    # the cohorts table now lists the demo cohort instead of the welcome page
    view = screen(empty_window, "Cohorts")
    assert not view.empty.isVisible() and view.table.isVisible()
    assert view.model.rowCount() == 1
    assert settings.get(settings.LAST_WORKSPACE) == str(expected)


def test_demo_button_opens_an_existing_demo_file_again(empty_window, qtbot):
    click(qtbot, visible_button(empty_window, "Open the demo workspace"))
    first = empty_window.ws.path
    empty_window.close_workspace()
    # with no workspace open, the window offers the same button on its own page
    click(qtbot, visible_button(empty_window, "Open the demo workspace"))
    assert empty_window.ws is not None and empty_window.ws.path == first
    assert len(list_cohorts(empty_window.ws)) == 1


def test_no_workspace_page_offers_open_new_and_demo(empty_window):
    empty_window.close_workspace()
    assert empty_window.no_workspace.isVisible()
    assert empty_window.windowTitle() == "Equity Cohort"
    for name in ("Open workspace", "New workspace", "Open the demo workspace"):
        assert buttons_named(empty_window.no_workspace, name)
    assert not empty_window.undo_action.isEnabled()
    assert not empty_window.check_action.isEnabled()


def test_choose_start_path_prefers_the_last_workspace_else_the_default(tmp_path):
    default = paths.default_workspace()
    assert choose_start_path(None) == (default, True)
    last = tmp_path / "last.ecw"
    create_workspace(last).close()
    settings.put(settings.LAST_WORKSPACE, str(last))
    assert choose_start_path(None) == (last, False)
    # a last workspace that has gone falls back to the default
    last.unlink()
    assert choose_start_path(None) == (default, True)
    # an explicit path always wins, and is never created
    assert choose_start_path(str(tmp_path / "given.ecw")) == (tmp_path / "given.ecw", False)


def test_choose_start_path_reuses_an_existing_default(tmp_path):
    default = paths.default_workspace()
    default.parent.mkdir(parents=True)
    create_workspace(default).close()
    assert choose_start_path(None) == (default, False)


#: --exit-after-startup has its own 10 s safety timer; a run longer than this has hung
STARTUP_TIMEOUT = 12


def _run(args: list[str], home: Path, timeout: float = STARTUP_TIMEOUT) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EQUITYCOHORT_HOME": str(home)}
    try:
        return subprocess.run([sys.executable, "-m", "equitycohort", *args], env=env, capture_output=True,
                              text=True, timeout=timeout, cwd=Path(__file__).resolve().parents[2])
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(
            f"`equitycohort {' '.join(args)}` did not exit within {timeout}s: it is stuck "
            "(e.g. in a modal message box that nobody will close)") from exc


def test_exit_after_startup_opens_paints_and_remembers(demo_path, app_home):
    started = time.monotonic()
    result = _run(["--exit-after-startup", str(demo_path)], app_home)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 10, f"--exit-after-startup took {elapsed:.1f}s; its own safety timer is 10s"
    assert "Traceback" not in result.stderr
    assert settings.get(settings.LAST_WORKSPACE) == str(demo_path)
    assert str(demo_path) in settings.get(settings.RECENT)
    assert settings.get(settings.WINDOW_GEOMETRY) is not None
    # the process ends without Python's teardown: what it leaves must already be on disk
    assert "started Equity Cohort" in (app_home / "logs" / "equitycohort.log").read_text(encoding="utf-8")
    beside = sorted(p.name for p in demo_path.parent.iterdir() if p.name.startswith(demo_path.name))
    assert beside == [demo_path.name], "the workspace was left open (lock file or WAL beside it)"


def test_exit_after_startup_without_a_path_creates_the_default(app_home):
    result = _run(["--exit-after-startup"], app_home)
    assert result.returncode == 0, result.stderr
    default = app_home / "data" / "My programs.ecw"
    assert default.exists()
    assert settings.get(settings.LAST_WORKSPACE) == str(default)


def test_exit_after_startup_on_a_missing_file_exits_1_without_hanging(tmp_path, app_home):
    """BUG: run_app opens the workspace before the 10 s safety timer is armed, and a refused
    file makes MainWindow.open_path show a modal dialogs.warn box, so a smoke test or
    benchmark on a missing, foreign or locked file hangs for ever instead of exiting 1
    (which run_app's `return 0 if opened or path is None else 1` means to do)."""
    # a refused file needs no data loaded and no paint: it answers in about a second
    result = _run(["--exit-after-startup", str(tmp_path / "missing.ecw")], app_home, timeout=6)
    assert result.returncode == 1


def test_quitting_while_the_app_owns_the_clipboard_takes_the_normal_exit(qapp, monkeypatch):
    """Qt hands what was copied to the system as the application is destroyed; the quick exit
    would lose it, so with the clipboard ours the exit code is returned for a normal exit."""
    from PySide6.QtGui import QClipboard

    from equitycohort.ui.app import end_process

    monkeypatch.setattr(QClipboard, "ownsClipboard", lambda self: True)
    assert end_process(3) == 3  # returned: the process (this test run) goes on


def test_under_a_profiler_the_normal_exit_is_taken(qapp):
    """cProfile and coverage write their results after the program ends."""
    from equitycohort.ui.app import end_process

    previous = sys.getprofile()
    sys.setprofile(lambda frame, event, arg: None)
    try:
        code = end_process(4)
    finally:
        sys.setprofile(previous)
    assert code == 4


def test_names_in_chinese_japanese_and_korean_have_a_font_to_fall_back_on(qapp):
    from PySide6.QtGui import QFontDatabase

    from equitycohort.ui.app import add_fallback_fonts

    assert add_fallback_fonts()
    assert "Droid Sans Fallback" in QFontDatabase.families()


def test_the_quick_exit_runs_later_exit_handlers_then_ends_before_qts_teardown(tmp_path, app_home):
    """Exit handlers registered once Qt is loaded (a temporary file's finalizer, a library's) still
    run and the log is flushed; the process then ends before PySide's handler, registered earlier,
    takes every wrapper apart."""
    script = tmp_path / "quit.py"
    script.write_text(f"""
import atexit, logging, sys
from pathlib import Path
folder = Path({str(tmp_path)!r})
atexit.register(lambda: (folder / "registered-before-qt").write_text("ran"))
from PySide6.QtWidgets import QApplication
from equitycohort.ui import app as ui_app
ui_app._register_quick_exit()
qt = QApplication([])
atexit.register(lambda: (folder / "registered-after-qt").write_text("ran"))
handler = logging.FileHandler(folder / "log.txt", delay=True)
logging.getLogger().addHandler(handler)
logging.getLogger().warning("the last line before the quick exit")
ui_app.end_process(5)
print("not reached")
""", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EQUITYCOHORT_HOME": str(app_home)}
    result = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=30,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 5, result.stderr
    assert "not reached" not in result.stdout
    assert (tmp_path / "registered-after-qt").read_text() == "ran"
    assert not (tmp_path / "registered-before-qt").exists()
    assert "the last line before the quick exit" in (tmp_path / "log.txt").read_text()
