"""Every file the app and its exports make that holds personal data is readable
by its owner only (0600), in folders of mode 0700, whatever the umask: under
umask 000 (the most open) and 022 (the usual one), each file and folder is
made through the real entry points and then every one of them is looked at.

tests/faults/test_privacy.py covers the workspace, its side files and the
backups under umask 000 one by one; this sweeps everything, exports, the
settings, the log and the repaired copy included.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from equitycohort import cli, paths
from equitycohort.data.maintenance import backup, copy_to
from equitycohort.data.workspace import create_workspace, open_workspace
from equitycohort.export.common import temp_beside, write_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes exist on POSIX systems only")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def every_mode(root: Path) -> dict[str, int]:
    """The mode of every file and folder under ``root`` (not root itself)."""
    return {str(p.relative_to(root)): mode(p) for p in sorted(root.rglob("*"))}


def assert_private(root: Path) -> int:
    """Each folder under ``root`` is 0700 and each file 0600; returns how many were looked at."""
    modes = every_mode(root)
    wrong = {name: oct(m) for name, m in modes.items()
             if m != (0o700 if (root / name).is_dir() else 0o600)}
    assert not wrong, f"not private under {root}: {wrong}"
    return len(modes)


@pytest.fixture(params=[0o000, 0o022], ids=["umask000", "umask022"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@pytest.fixture
def root_logging():
    """Leave the root logger as the test found it (setup_logging adds file handlers)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def filled_workspace(path: Path) -> str:
    from equitycohort.data.demo import populate_demo

    ws = create_workspace(path)
    try:
        populate_demo(ws)
        return ws.rows("SELECT name FROM cohorts ORDER BY start_date DESC LIMIT 1")[0]["name"]
    finally:
        ws.close()


def test_the_app_and_its_exports_make_every_file_private(umask, app_home, tmp_path, capsys, root_logging):
    folder = tmp_path / "work"
    folder.mkdir(mode=0o700)
    path = folder / "programs.ecw"
    cohort = filled_workspace(path)

    # the workspace, opened: its WAL, shared memory and lock, today's backup
    ws = open_workspace(path)
    try:
        ws.insert("programs", {"name": "Written under the umask"})
        assert sorted(p.name for p in folder.iterdir()) == [
            "programs.ecw", "programs.ecw-shm", "programs.ecw-wal", "programs.ecw.lock"]
        assert_private(folder)
        backup(ws)  # a manual backup
        backup(ws, tmp_path / "chosen" / "deeper")  # to a folder of choice, made on the way
        (tmp_path / "copies").mkdir(mode=0o700)
        copy_to(ws, tmp_path / "copies" / "copy.ecw")  # File > Save a Copy
    finally:
        ws.close()
    # the command line: a backup elsewhere, and every export, into folders it makes
    out = tmp_path / "exports"
    out.mkdir(mode=0o700)
    team = ["--team", "IA", "--cohort", cohort]
    assert cli.main(["list", "sessions", str(path), "--cohort", cohort]) == 0
    session = capsys.readouterr().out.split("\t")[0]
    for args in (
        ["backup", str(path), "--to", str(tmp_path / "cli-backups")],
        ["export", "workplan", str(path), *team, "--out", str(out / "made" / "workplan.pdf")],
        ["export", "cohort", str(path), "--cohort", cohort, "--out", str(out / "cohort.pdf")],
        ["export", "session", str(path), "--session", session, "--out", str(out / "session.pdf")],
        ["export", "checkins", str(path), *team, "--out", str(out / "checkins.pdf")],
        ["export", "checkins", str(path), *team, "--internal", "--out", str(out / "internal.pdf")],
        ["export", "calendar", str(path), "--cohort", cohort, "--out", str(out / "calendar.ics")],
        ["export", "roster", str(path), "--cohort", cohort, "--out", str(out / "new" / "roster.csv")],
        ["export", "packets", str(path), "--cohort", cohort, "--out", str(out / "packets" / "cohort")],
    ):
        assert cli.main(args) == 0, (args, capsys.readouterr().err)
    # a repaired copy, and the temporary file an export writes before it takes its place
    damaged = folder / "damaged.ecw"
    damaged.write_bytes(path.read_bytes())
    os.chmod(damaged, 0o600)
    conn = sqlite3.connect(damaged)  # a value the app cannot use: check finds it, repair fixes it
    conn.execute("UPDATE sessions SET timezone = 'Mars/Olympus_Mons'")
    conn.commit()
    conn.close()
    assert cli.main(["check", str(damaged), "--repair"]) == 1
    assert (folder / "damaged (repaired).ecw").exists()
    pending = temp_beside(out / "pending.pdf")
    write_atomic(out / "atomic.csv", b"a,b\n")
    capsys.readouterr()

    # the app's own files: settings, the log (rotated too), under EQUITYCOHORT_HOME
    from equitycohort.ui import app, settings

    app.setup_logging()
    logging.getLogger("equitycohort").info("opened %s", path)
    app.rotate_log()
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            handler.doRollover()
    logging.getLogger("equitycohort").info("after the rollover")
    settings.remember_workspace(str(path))
    assert settings.sync()

    counted = 0
    for root in (folder, tmp_path / "chosen", tmp_path / "copies", tmp_path / "cli-backups", out, app_home):
        counted += assert_private(root)
    assert pending.exists()
    made = every_mode(app_home)
    assert "config/settings.ini" in made and "logs/equitycohort.log" in made and "logs/equitycohort.log.1" in made
    assert any(name.startswith("data/backups/") and name.endswith("-daily.ecw") for name in made)
    packets = [name for name in every_mode(out) if name.startswith("packets/cohort/")]
    assert len(packets) >= 10, packets
    assert counted >= 40


def test_a_folder_the_user_chose_is_left_as_it_is(umask, tmp_path, capsys):
    """An export goes into an existing folder without changing that folder's mode:
    only the folders the app makes are made private."""
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o755)
    path = tmp_path / "w.ecw"
    cohort = filled_workspace(path)
    assert cli.main(["export", "roster", str(path), "--cohort", cohort, "--out", str(folder / "r.csv")]) == 0
    assert mode(folder) == 0o755
    assert mode(folder / "r.csv") == 0o600


def test_private_folders_makes_every_missing_folder_private(umask, tmp_path):
    made = paths.private_folders(tmp_path / "a" / "b" / "c")
    assert made.is_dir()
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700] * 3
    assert paths.private_dir(tmp_path / "a" / "b" / "c") == made
