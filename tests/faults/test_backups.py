"""Backups that can be trusted: each is checked by SQLite's full integrity check
before it takes its place; a damaged workspace is reported and never rotated
over its good backups; a backup cut short by a kill, or by a full disk, leaves
nothing behind (or is cleaned up at the next backup); `check` runs the full
integrity check, and `check --repair` makes a repaired copy beside the file,
never in place.

Index damage is made as the issue met it: a WAL of a later state rolled into a
restored backup (tests/faults/test_side_files.py), which every page survives
and only the indexes do not, so SQLite's quick check passes it.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli, paths
from equitycohort.data import errors, maintenance
from equitycohort.data.maintenance import BackgroundBackup, backup, check_workspace, repair_workspace
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace
from tests.faults.test_side_files import fill, restored_over_a_later_wal  # noqa: F401 - a fixture

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and RLIMIT_FSIZE of POSIX systems")


@pytest.fixture
def index_damaged(restored_over_a_later_wal) -> Path:  # noqa: F811 - the fixture imported above
    """A workspace whose index disagrees with its table: what the old open check let
    through, and a plain SQLite connection folded in."""
    path, _ = restored_over_a_later_wal
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    probe = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        assert probe.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert probe.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    finally:
        probe.close()
    return path


def good_backups(path: Path, days: int = 7) -> list[Path]:
    """A week of daily backups made on earlier days, each a sound copy."""
    folder = paths.private_dir(paths.backups_dir(path))
    made = []
    for day in range(days, 0, -1):
        stamp = (dt.datetime.now() - dt.timedelta(days=day)).strftime("%Y-%m-%d-%H%M%S")
        target = folder / f"{path.stem}-{stamp}-daily.ecw"
        ws = create_workspace(target)
        ws.insert("programs", {"name": f"Good backup {day}"})
        ws.close()
        made.append(target)
    return made


def test_a_damaged_workspace_is_never_rotated_over_its_good_backups(index_damaged):
    path = index_damaged
    week = good_backups(path)
    before = {p: p.read_bytes() for p in week}

    with pytest.raises(errors.DamagedError) as caught:
        open_workspace(path)  # the day's backup is due, and its copy fails the check
    message = str(caught.value)
    assert "restored.ecw is damaged" in message and "none of its earlier backups was removed" in message
    assert {p: p.read_bytes() for p in paths.backups_dir(path).iterdir()} == before

    with open_workspace(path, daily_backup=False) as ws, pytest.raises(errors.DamagedError):
        backup(ws)  # a manual backup, the same
    assert {p: p.read_bytes() for p in paths.backups_dir(path).iterdir()} == before


def test_the_app_hears_of_the_damage_from_its_background_backup(index_damaged):
    path = index_damaged
    week = good_backups(path)
    with open_workspace(path, daily_backup=False) as ws:
        done = []
        job = BackgroundBackup(ws, on_done=lambda target, error: done.append((target, error)))
        assert job.start()
        assert job.wait(timeout=60)
        assert job.damaged and done == [(None, job.error)]
        assert "restored.ecw is damaged" in job.error and "repaired copy" in job.error
    assert sorted(paths.backups_dir(path).iterdir()) == week


def test_rotation_keeps_the_newest_backups_and_each_was_checked(tmp_path):
    path = fill(tmp_path / "work.ecw", names=2)
    week = good_backups(path, days=9)
    with open_workspace(path) as ws:  # today's backup, checked, then the oldest beyond seven go
        today = maintenance.daily_backup(ws) or sorted(paths.backups_dir(path).glob("*-daily.ecw"))[-1]
    kept = sorted(paths.backups_dir(path).glob("*-daily.ecw"))
    assert len(kept) == maintenance.DAILY_KEEP
    assert kept == sorted(week[-6:] + [today])
    for backup_file in kept:
        assert check_workspace(backup_file).healthy


def test_backups_of_a_workspace_whose_name_looks_like_a_pattern_are_rotated(tmp_path):
    """A name with brackets must not be read as a file-name pattern: the rotation
    would never find its backups, and a backup would be made at every open."""
    path = fill(tmp_path / "Team [A].ecw", names=1)
    good_backups(path, days=8)
    with open_workspace(path):
        pass
    assert len(list(paths.backups_dir(path).glob("*-daily.ecw"))) == maintenance.DAILY_KEEP
    with open_workspace(path) as ws:
        assert not maintenance.daily_backup_due(ws)


# --- cut short: a kill, a full disk -------------------------------------------------------------

BACKUP_AND_WAIT = """
import sys
from pathlib import Path
from equitycohort.data import maintenance
from equitycohort.data.workspace import open_read_only

class Halting:
    # copies one page, then waits to be killed: the partial copy is there, not yet in place
    def __init__(self, conn):
        self.conn = conn

    def backup(self, target, **kw):
        def halt(*args):
            print("copying", flush=True)
            sys.stdin.read()
        self.conn.backup(target, pages=1, progress=halt)

with open_read_only(sys.argv[1]) as ws:
    maintenance._copy(Halting(ws.conn), maintenance._new_target(Path(sys.argv[2]), ws.path, "manual"))
"""


def test_a_killed_backup_leaves_a_partial_copy_that_the_next_backup_removes(tmp_path):
    path = fill(tmp_path / "work.ecw")
    folder = tmp_path / "backups"
    folder.mkdir()
    child = subprocess.Popen([sys.executable, "-c", BACKUP_AND_WAIT, str(path), str(folder)], cwd=REPO,
                             text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "copying\n", child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    left = sorted(p.name for p in folder.iterdir())
    assert left and all(name.startswith(".") and ".partial" in name for name in left), left
    # a partial copy of a backup that is still running elsewhere is left alone
    running = folder / f".work-2026-01-01-000000-manual.ecw.{os.getppid()}.partial"
    running.write_bytes(b"in progress")
    with open_read_only(path) as ws:
        made = backup(ws, folder)
    assert sorted(folder.iterdir()) == sorted([made, running])
    assert check_workspace(made).healthy


def test_an_old_partial_copy_is_removed_whatever_its_process(tmp_path):
    path = fill(tmp_path / "work.ecw", names=1)
    folder = paths.private_dir(paths.backups_dir(path))
    stale = folder / f".work-2020-01-01-000000-daily.ecw.{os.getpid()}.partial"
    older_style = folder / ".work-2020-01-01-000000-daily.ecw.partial"
    for leftover in (stale, older_style):
        leftover.write_bytes(b"x" * 4096)
        two_days_ago = (dt.datetime.now() - dt.timedelta(days=2)).timestamp()
        os.utime(leftover, (two_days_ago, two_days_ago))
    with open_workspace(path):  # the day's backup
        pass
    assert not stale.exists() and not older_style.exists()
    assert len(list(folder.glob("*-daily.ecw"))) == 1


def limited(size: int):
    """For a child process: files may not grow past ``size`` bytes (a disk that is full)."""
    def limit():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def run_limited(size: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "equitycohort", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, preexec_fn=limited(size))


@pytest.mark.parametrize("room", [0, 8192, 65536])
def test_a_backup_to_a_full_disk_is_a_plain_message_and_leaves_nothing(tmp_path, room):
    path = fill(tmp_path / "work.ecw")
    before = path.read_bytes()
    folder = tmp_path / "full"
    done = run_limited(room, "backup", str(path), "--to", str(folder))
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr
    assert "could not be written" in done.stderr and "damaged" not in done.stderr
    assert "Nothing was left" in done.stderr
    assert list(folder.iterdir()) == [], "a partial copy was left behind"
    assert path.read_bytes() == before


@pytest.mark.parametrize("room", [0, 512, 65536])
def test_an_import_on_a_full_disk_is_not_damage_and_leaves_no_lock(tmp_path, room):
    """A full disk when the import opens the workspace (its lock, its WAL, the day's
    backup): a plain message, no empty lock file left, the workspace as it was, and
    the next import, with room, works."""
    path = fill(tmp_path / "work.ecw")
    roster = tmp_path / "roster.csv"
    roster.write_text("state,organization,name,role,email,phone,preferred_language,pronouns\n"
                      "IA,Iowa Families,Ana Diaz,Executive Director,ana@example.org,,,\n")
    before = path.read_bytes()
    done = run_limited(room, "import", "roster", str(path), str(roster), "--cohort", "Cohort 1")
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr and "damaged" not in done.stderr
    assert "could not be" in done.stderr
    assert path.read_bytes() == before
    assert not Path(f"{path}.lock").exists(), "an empty lock file was left behind"
    # nothing beside it but SQLite's scratch index (-shm), which holds no data
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("work.ecw") and p.stat().st_size
            and not p.name.endswith("-shm")] == ["work.ecw"]
    assert cli.main(["import", "roster", str(path), str(roster), "--cohort", "Cohort 1"]) == 0
    with open_read_only(path) as ws:
        assert ws.scalar("SELECT count(*) FROM people WHERE email = 'ana@example.org'") == 1


# --- check and repair ---------------------------------------------------------------------------


def test_check_runs_the_full_integrity_check_and_repair_makes_a_copy_beside(index_damaged, capsys):
    path = index_damaged
    before = path.read_bytes()
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "problem: integrity:" in out and "index" in out
    assert path.read_bytes() == before

    assert cli.main(["check", str(path), "--repair"]) == 1
    out = capsys.readouterr().out
    repaired = path.with_name("restored (repaired).ecw")
    assert f"repaired copy: {repaired}" in out and "repaired copy: healthy" in out
    assert path.read_bytes() == before, "repair touched the damaged file"
    assert check_workspace(repaired).healthy
    with open_read_only(repaired) as ws, open_read_only_alone(path) as damaged:
        for table in ("programs", "cohorts", "teams", "people"):
            assert ws.count(table) == damaged.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
    # a second repair makes a second copy; the first is left alone
    report = repair_workspace(path)
    assert report.target == path.with_name("restored (repaired 2).ecw")
    with open_workspace(repaired):  # a repaired copy is a workspace like any other
        pass


def open_read_only_alone(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)


def test_repair_reads_past_a_damaged_page(tmp_path):
    """A leaf page of the people table overwritten: the copy keeps every record SQLite
    can still read, says what could not be read, and is healthy."""
    path = fill(tmp_path / "torn.ecw", names=200)
    conn = sqlite3.connect(path)
    leaves = [r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'people' AND pagetype = 'leaf' ORDER BY pageno")]
    conn.close()
    assert len(leaves) > 10
    data = bytearray(path.read_bytes())
    page = leaves[len(leaves) // 2]
    data[(page - 1) * 4096: page * 4096] = b"\x00" * 4096
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    assert not check_workspace(path).healthy
    repair = repair_workspace(path)
    assert repair.made, repair.lines()
    assert path.read_bytes() == before
    assert repair.after is not None and repair.after.healthy, repair.after.lines()
    assert 150 < repair.kept["people"] < 200, repair.kept
    assert repair.kept["programs"] == 1 and repair.kept["teams"] == 1
    assert any("people: part of the table cannot be read" in change for change in repair.changes)
