"""Opening files at the window: refused files are left as they were, a held workspace names its holder,
and the File menu's commands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from equitycohort.data.cohorts import list_cohorts
from equitycohort.data.workspace import create_workspace, open_workspace
from equitycohort.ui import dialogs, settings
from tests.ui.conftest import Recorder, screen


def snapshot(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes and the names of everything beside it."""
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


def not_sqlite(path: Path) -> str:
    path.write_bytes(b"Quarterly notes\n" + bytes(range(256)) * 8)
    return "is not an Equity Cohort workspace: it is not a database file at all"


def foreign(path: Path) -> str:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    return "is a database of some other application, not an Equity Cohort workspace"


def empty(path: Path) -> str:
    path.write_bytes(b"")
    return "is an empty file"


def truncated(path: Path) -> str:
    ws = create_workspace(path)
    ws.checkpoint()
    ws.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    return "is damaged"


@pytest.mark.parametrize("make", [not_sqlite, foreign, empty, truncated], ids=lambda f: f.__name__)
def test_a_refused_file_is_explained_and_left_as_it_was(demo_window, tmp_path, warned, monkeypatch, make):
    offered = Recorder(answer=False)  # a damaged file: a repaired copy is offered, and declined here
    monkeypatch.setattr(dialogs, "confirm", offered)
    bad = tmp_path / "elsewhere" / "notes.ecw"
    bad.parent.mkdir()
    expected = make(bad)
    before = snapshot(bad)
    assert demo_window.open_path(bad) is False
    calls = warned.calls + offered.calls
    assert len(calls) == 1
    assert calls[0][1] == "Cannot open workspace"
    text = calls[0][2]
    assert "notes.ecw" in text and expected in text
    assert bool(offered.calls) == (make is truncated)
    if offered.calls:
        assert offered.calls[0][3] == "Make a Repaired Copy" and "left as it is" in text
    assert snapshot(bad) == before  # byte for byte, and no side files left beside it
    # the window still shows the workspace it had
    assert demo_window.ws is not None and demo_window.ws.path.name == "demo.ecw"
    assert demo_window.windowTitle().startswith("demo")
    assert screen(demo_window, "Cohorts").model.rowCount() == 1
    assert str(bad) not in settings.get(settings.RECENT)


def test_a_refused_file_on_an_empty_window_opens_nothing(qtbot, tmp_path, warned):
    from equitycohort.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    bad = tmp_path / "bad.ecw"
    not_sqlite(bad)
    before = snapshot(bad)
    assert window.open_path(bad) is False
    assert window.ws is None and window.no_workspace.isVisibleTo(window)
    assert snapshot(bad) == before


def test_a_missing_file_is_forgotten_from_recent(demo_window, tmp_path, warned):
    gone = tmp_path / "gone.ecw"
    create_workspace(gone).close()
    settings.remember_workspace(str(gone))
    gone.unlink()
    assert demo_window.open_path(gone) is False
    assert "There is no file at" in warned.texts[0]
    assert str(gone) not in settings.get(settings.RECENT)


def test_a_workspace_held_elsewhere_names_its_holder_and_opens_nothing(demo_window, tmp_path, warned):
    held_path = tmp_path / "held.ecw"
    create_workspace(held_path).close()
    held = open_workspace(held_path)
    try:
        assert demo_window.open_path(held_path) is False
        assert warned.calls[0][1] == "Workspace in use"
        text = warned.texts[0]
        assert text.startswith("This workspace is already open by ")
        assert "Close it there first" in text
        assert demo_window.ws.path.name == "demo.ecw"
        assert demo_window.path_label.text().endswith("demo.ecw")
        assert screen(demo_window, "Cohorts").model.rowCount() == 1
    finally:
        held.close()
    # once let go, it opens
    assert demo_window.open_path(held_path) is True
    assert demo_window.ws.path == held_path


def test_opening_the_open_workspace_again_changes_nothing(demo_window, demo_path, warned):
    ws = demo_window.ws
    assert demo_window.open_path(demo_path) is True
    assert demo_window.ws is ws and warned.calls == []


def test_file_open_uses_the_chooser(demo_window, tmp_path, monkeypatch):
    other = tmp_path / "other.ecw"
    create_workspace(other).close()
    chooser = Recorder(answer=str(other))
    monkeypatch.setattr(dialogs, "open_workspace_path", chooser)
    demo_window.open_action.trigger()
    assert len(chooser.calls) == 1
    assert demo_window.ws.path == other
    assert settings.get(settings.RECENT)[:2] == [str(other), str(tmp_path / "demo.ecw")]
    # cancelling the chooser changes nothing
    monkeypatch.setattr(dialogs, "open_workspace_path", Recorder(answer=None))
    demo_window.open_action.trigger()
    assert demo_window.ws.path == other


def test_new_workspace(demo_window, tmp_path, monkeypatch, warned):
    target = tmp_path / "fresh.ecw"
    monkeypatch.setattr(dialogs, "new_workspace_path", Recorder(answer=str(target)))
    demo_window.new_action.trigger()
    assert demo_window.ws.path == target and target.exists()
    assert list_cohorts(demo_window.ws) == []
    assert screen(demo_window, "Cohorts").empty.isVisible()
    # an existing file is never replaced
    demo_window.close_workspace()
    before = target.read_bytes()
    demo_window.new_workspace()
    assert "already exists" in warned.texts[0]
    assert target.read_bytes() == before


def test_open_recent_lists_recent_workspaces(demo_window, tmp_path):
    other = tmp_path / "other.ecw"
    create_workspace(other).close()
    demo_window.open_path(other)
    demo_window.recent_menu.aboutToShow.emit()
    actions = demo_window.recent_menu.actions()
    assert [a.statusTip() for a in actions[:2]] == [str(other), str(tmp_path / "demo.ecw")]
    assert actions[0].text() == "&1 other.ecw"
    actions[1].trigger()
    assert demo_window.ws.path.name == "demo.ecw"


def test_open_recent_shows_file_names_as_typed(demo_window, tmp_path):
    """BUG: MainWindow._fill_recent builds each entry's text as f"&{i} {name}" without escaping
    "&" in the file name, so "R&D plans.ecw" shows as "RD plans.ecw" with D underlined as a
    mnemonic (it should double the ampersand: "R&&D plans.ecw")."""
    odd = tmp_path / "R&D plans.ecw"
    create_workspace(odd).close()
    demo_window.open_path(odd)
    demo_window.recent_menu.aboutToShow.emit()
    assert demo_window.recent_menu.actions()[0].text() == "&1 R&&D plans.ecw"


def test_save_a_copy(demo_window, tmp_path, monkeypatch, warned):
    target = tmp_path / "copy.ecw"
    monkeypatch.setattr(dialogs, "save_path", Recorder(answer=str(target)))
    demo_window.copy_action.trigger()
    assert target.exists()
    with open_workspace(target, backups=False) as copy:
        assert len(list_cohorts(copy)) == 1
    assert "Copy saved to" in demo_window.statusBar().currentMessage()
    # never over the workspace itself
    monkeypatch.setattr(dialogs, "save_path", Recorder(answer=str(demo_window.ws.path)))
    demo_window.copy_action.trigger()
    assert "cannot replace the workspace itself" in warned.texts[0]


def test_check_workspace_reports_a_healthy_file(demo_window, informed):
    demo_window.check_action.trigger()
    assert informed.calls[0][1] == "Check workspace"
    assert informed.texts[0] == "demo is healthy: no problems found."
    assert informed.calls[0][3]  # the details of the report


def test_about(demo_window, informed):
    from equitycohort.ui import help

    help.about(demo_window)
    assert "Equity Cohort" in informed.texts[0]


def test_quit_closes_the_window_and_its_workspace(demo_window, demo_path):
    ws = demo_window.ws
    quit_action = next(a for a in demo_window.menuBar().actions()[0].menu().actions() if a.text() == "&Quit")
    quit_action.trigger()
    assert not demo_window.isVisible()
    assert demo_window.ws is None and ws.conn is None
    # the lock is gone: another process (here, this test) can open it
    open_workspace(demo_path, backups=False).close()


def _daily_backups(path: Path) -> list[Path]:
    from equitycohort import paths

    folder = paths.backups_dir(path)
    return sorted(folder.glob("*-daily.ecw")) if folder.exists() else []


def test_todays_backup_is_made_in_the_background_once_the_window_is_up(qtbot, demo_path):
    from equitycohort.data.workspace import open_read_only
    from equitycohort.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backup_done, timeout=10_000) as ended:
        assert window.open_path(demo_path)
        assert _daily_backups(demo_path) == []  # opening did not wait for it
        window.show()
    [job] = ended.args
    assert job.error is None and _daily_backups(demo_path) == [job.target]
    with open_read_only(job.target) as copy:
        assert copy.count("teams") == window.ws.count("teams")
    window.close_workspace()
    # reopening the same day makes no second one
    assert window.open_path(demo_path)
    qtbot.waitUntil(lambda: window.files.backup is None and window.ws is not None, timeout=2000)
    window.close_workspace()
    assert len(_daily_backups(demo_path)) == 1


def test_a_failed_backup_is_said_in_the_status_bar_and_the_workspace_stays_open(qtbot, demo_path, monkeypatch):
    from equitycohort.data import maintenance
    from equitycohort.ui.main_window import MainWindow

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(maintenance, "_copy", full_disk)
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backup_done, timeout=10_000):
        assert window.open_path(demo_path)
        window.show()
    message = window.statusBar().currentMessage()
    assert "Today's backup could not be made: No space left on device" in message
    assert "File > Save a Copy" in message
    assert window.ws is not None and window.saved_label.text() == "All changes saved"
    window.close_workspace()
    assert _daily_backups(demo_path) == []


# --- damage: a repaired copy offered, never made in place ---------------------------------------


def unusable_time_zone(path: Path) -> None:
    """A value another program wrote that the app cannot use: `check` finds it."""
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sessions SET timezone = 'Mars/Olympus_Mons' WHERE rowid = (SELECT min(rowid) FROM sessions)")
    conn.commit()
    conn.close()


def test_check_workspace_offers_a_repaired_copy_and_opens_it(demo_window, demo_path, monkeypatch, informed):
    demo_window.close_workspace()
    unusable_time_zone(demo_path)
    assert demo_window.open_path(demo_path)
    offered = Recorder(answer=True)
    monkeypatch.setattr(dialogs, "confirm", offered)
    demo_window.check_workspace()
    first, second = offered.calls
    assert first[1] == "Check workspace" and first[3] == "Make a Repaired Copy"
    assert "1 problem(s) found in demo" in first[2] and "left as it is" in first[2]
    repaired = demo_path.with_name("demo (repaired).ecw")
    assert second[1] == "Repaired copy made" and repaired.name in second[2]
    assert demo_window.ws.path == repaired  # opened at the user's word
    assert demo_window.windowTitle().startswith("demo (repaired)")
    from equitycohort.data.maintenance import check_workspace

    assert check_workspace(repaired).healthy
    assert not check_workspace(demo_path).healthy  # the original was left as it was


def test_a_declined_repair_changes_nothing(demo_window, demo_path, monkeypatch):
    demo_window.close_workspace()
    unusable_time_zone(demo_path)
    assert demo_window.open_path(demo_path)
    offered = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "confirm", offered)
    demo_window.check_workspace()
    assert len(offered.calls) == 1
    assert not demo_path.with_name("demo (repaired).ecw").exists()
    assert demo_window.ws.path == demo_path


def test_a_workspace_refused_as_damaged_can_be_repaired_from_the_open(demo_window, tmp_path, monkeypatch):
    bad = tmp_path / "elsewhere" / "cut.ecw"
    bad.parent.mkdir()
    ws = create_workspace(bad)
    program = ws.insert("programs", {"name": "Kept through the repair"}).id
    ws.insert("cohorts", {"program_id": program, "name": "Cohort 9", "start_date": "2026-01-13",
                          "end_date": "2026-07-13"})
    ws.close()
    conn = sqlite3.connect(bad)
    conn.execute("DROP TABLE milestones")
    conn.commit()
    conn.close()
    before = bad.read_bytes()
    offered = Recorder(answer=True)
    monkeypatch.setattr(dialogs, "confirm", offered)
    assert demo_window.open_path(bad) is False
    assert offered.calls[0][1] == "Cannot open workspace" and "milestones" in offered.calls[0][2]
    assert bad.read_bytes() == before
    assert demo_window.ws.path == bad.with_name("cut (repaired).ecw")
    assert [c.name for c in list_cohorts(demo_window.ws)] == ["Cohort 9"]


def test_a_side_file_set_aside_at_open_is_told(demo_window, tmp_path, warned):
    path = tmp_path / "with-journal.ecw"
    create_workspace(path).close()
    journal = Path(f"{path}-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(600))  # a journal header, from elsewhere
    assert demo_window.open_path(path)
    assert warned.calls[0][1] == "Workspace opened"
    assert "with-journal.ecw-journal" in warned.texts[0] and "set aside" in warned.texts[0]
    assert not journal.exists()


def test_a_damaged_workspace_found_by_the_background_backup_is_said(qtbot, demo_path, monkeypatch):
    from equitycohort.data import maintenance
    from equitycohort.ui.main_window import MainWindow

    def damaged(source, target):
        error = maintenance.DamagedError("the copy fails the integrity check")
        error.problem = "row 3 missing from index idx_teams_cohort_id"
        raise error

    monkeypatch.setattr(maintenance, "_copy", damaged)
    offered = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "confirm", offered)
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backup_done, timeout=10_000):
        assert window.open_path(demo_path)
        window.show()
    [call] = offered.calls
    assert call[1] == "Check workspace" and "demo.ecw is damaged (row 3 missing from index" in call[2]
    assert "none of its earlier backups was removed" in call[2]
    assert window.ws is not None and window.ws.path == demo_path
    window.close_workspace()


# --- where file choosers open; files that cannot be opened -----------------------------------------

def test_file_choosers_open_in_documents_then_where_the_user_went_last(demo_window, tmp_path, monkeypatch):
    from equitycohort.ui import preferences

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(preferences, "documents_folder", lambda: documents)
    elsewhere = tmp_path / "shared drive"
    elsewhere.mkdir()
    other = elsewhere / "other.ecw"
    create_workspace(other).close()
    chooser = Recorder(answer=str(other))
    monkeypatch.setattr(dialogs, "open_workspace_path", chooser)
    demo_window.open_action.trigger()
    assert chooser.calls[0][1] == str(documents)  # first time: Documents
    copy = Recorder(answer=None)
    monkeypatch.setattr(dialogs, "save_path", copy)
    demo_window.save_copy()
    assert copy.calls[0][2] == str(elsewhere / "other copy.ecw")  # then: the folder used last
    # a folder since removed (a USB stick taken out) falls back to Documents
    settings.put(settings.LAST_FOLDER, str(tmp_path / "unplugged"))
    demo_window.save_copy()
    assert copy.calls[1][2] == str(documents / "other copy.ecw")


def test_a_file_the_system_cannot_open_is_named_with_its_path(qtbot, tmp_path, monkeypatch, warned):
    from PySide6.QtGui import QDesktopServices

    made = tmp_path / "Iowa workplan.pdf"
    made.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    assert dialogs.open_path(None, made) is False
    assert warned.calls[0][1] == "Cannot open" and str(made) in warned.texts[0]
    made.unlink()
    assert dialogs.open_path(None, made) is False
    assert "no longer there" in warned.texts[1] and str(made) in warned.texts[1]
