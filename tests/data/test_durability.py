"""Durability: WAL and foreign keys, backups, private file modes, and no
acknowledged write lost when the process is killed in the middle of writing."""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import paths
from equitycohort.data.maintenance import DAILY_KEEP, backup, check_workspace
from equitycohort.data.schema import KINDS
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace

REPO = Path(__file__).resolve().parents[2]


def counts(ws) -> dict[str, int]:
    return {table: ws.count(table) for table in KINDS}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fill(ws) -> None:
    with ws.operation("Fill") as op:
        program = op.insert("programs", {"name": "Program"})
        cohort = op.insert("cohorts", {"program_id": program, "name": "Cohort", "start_date": "2026-01-01",
                                       "end_date": "2026-06-30"})
        for state in ("IA", "NE", "KS"):
            team = op.insert("teams", {"cohort_id": cohort, "state": state, "organization": state})
            for n in range(3):
                person = op.insert("people", {"name": f"{state} leader {n}"})
                op.insert("team_members", {"team_id": team, "person_id": person,
                                           "is_executive_director": int(n == 0)})
            goal = op.insert("goals", {"team_id": team, "title": "Goal"})
            op.insert("actions", {"goal_id": goal, "title": "Action"})
        session = op.insert("sessions", {"cohort_id": cohort, "title": "Kickoff", "date": "2026-01-15"})
        for person in op.created:
            if ws.get("people", person):
                op.insert("attendance", {"session_id": session, "person_id": person, "status": "present"})


@pytest.fixture
def closed_workspace(tmp_path) -> Path:
    path = tmp_path / "durable.ecw"
    ws = create_workspace(path)
    fill(ws)
    ws.close()
    return path


# --- connection settings and file modes -----------------------------------


def check_pragmas(ws) -> None:
    assert ws.scalar("PRAGMA journal_mode") == "wal"
    assert ws.scalar("PRAGMA foreign_keys") == 1
    assert ws.scalar("PRAGMA synchronous") == 2  # FULL: a commit is on disk when it returns


def test_new_workspace_uses_wal_and_foreign_keys(ws):
    check_pragmas(ws)


def test_reopened_workspace_uses_wal_and_foreign_keys(closed_workspace):
    with open_workspace(closed_workspace) as ws:
        check_pragmas(ws)


def test_foreign_keys_are_enforced_by_sqlite_too(ws):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        ws.conn.execute(
            "INSERT INTO cohorts (id, program_id, name, start_date, end_date, phase, created, modified) "
            "VALUES ('c', 'missing', 'C', '2026-01-01', '2026-02-01', 'active', 'x', 'x')")


def test_new_workspace_file_is_private(tmp_path):
    old = os.umask(0)
    try:
        ws = create_workspace(tmp_path / "private.ecw")
    finally:
        os.umask(old)
    ws.close()
    assert mode(tmp_path / "private.ecw") == 0o600


def test_workspace_records_its_identity(ws):
    from equitycohort.data.schema import APPLICATION_ID, SCHEMA_VERSION

    assert ws.schema_version == SCHEMA_VERSION
    assert ws.scalar("PRAGMA application_id") == APPLICATION_ID
    assert ws.scalar("SELECT value FROM meta WHERE key = 'created'")


# --- backups ----------------------------------------------------------------


def test_backup_is_a_readable_private_copy_with_the_same_records(ws):
    fill(ws)
    expected = counts(ws)

    copy = backup(ws)

    assert copy.exists()
    assert copy.parent == paths.backups_dir(ws.path)
    assert mode(copy) == 0o600
    assert mode(copy.parent) == 0o700
    for side in ("-wal", "-shm", "-journal"):
        assert not Path(str(copy) + side).exists()
    with open_read_only(copy) as reader:
        assert counts(reader) == expected
        assert reader.rows("SELECT * FROM teams ORDER BY id") == ws.rows("SELECT * FROM teams ORDER BY id")
    assert check_workspace(copy).healthy


def test_backup_to_a_folder_of_choice(ws, tmp_path):
    fill(ws)
    copy = backup(ws, tmp_path / "elsewhere")
    assert copy.parent == tmp_path / "elsewhere"
    with open_read_only(copy) as reader:
        assert counts(reader) == counts(ws)


def test_two_backups_in_the_same_second_do_not_collide(ws):
    fill(ws)
    first, second = backup(ws), backup(ws)
    assert first != second and first.exists() and second.exists()


def daily_backups(path: Path) -> list[Path]:
    folder = paths.backups_dir(path)
    return sorted(folder.glob("*-daily.ecw")) if folder.exists() else []


def test_daily_backup_is_made_once_per_day_of_use(closed_workspace):
    assert daily_backups(closed_workspace) == []
    for _ in range(2):
        with open_workspace(closed_workspace) as ws:
            expected = counts(ws)
    backups = daily_backups(closed_workspace)
    assert len(backups) == 1
    assert dt.date.today().strftime("%Y-%m-%d") in backups[0].name
    assert mode(backups[0]) == 0o600
    with open_read_only(backups[0]) as reader:
        assert counts(reader) == expected


def test_an_empty_workspace_gets_no_daily_backup(tmp_path):
    path = tmp_path / "empty.ecw"
    create_workspace(path).close()
    open_workspace(path).close()
    assert daily_backups(path) == []


def test_no_backup_when_asked_for_none(closed_workspace):
    open_workspace(closed_workspace, backups=False).close()
    assert daily_backups(closed_workspace) == []


def test_old_daily_backups_are_pruned(closed_workspace):
    folder = paths.private_dir(paths.backups_dir(closed_workspace))
    stem = closed_workspace.stem
    for day in range(1, 11):
        (folder / f"{stem}-2020-01-{day:02d}-120000-daily.ecw").write_bytes(b"old")
    open_workspace(closed_workspace).close()
    kept = daily_backups(closed_workspace)
    assert len(kept) == DAILY_KEEP
    assert dt.date.today().strftime("%Y-%m-%d") in kept[-1].name
    assert kept[0].name == f"{stem}-2020-01-05-120000-daily.ecw"


def test_the_background_backup_holds_the_workspace_as_it_was_when_it_started(closed_workspace, monkeypatch):
    import threading

    from equitycohort.data import maintenance

    written = threading.Event()
    real_copy = maintenance._copy

    def copy_after_the_write(source, target):
        assert written.wait(timeout=30)
        return real_copy(source, target)

    monkeypatch.setattr(maintenance, "_copy", copy_after_the_write)
    with open_workspace(closed_workspace, daily_backup=False) as ws:
        assert daily_backups(closed_workspace) == []
        before = counts(ws)
        done = []
        job = maintenance.BackgroundBackup(ws, on_done=lambda target, error: done.append((target, error)))
        assert job.start()
        with ws.operation("Add a program") as op:  # written before the copy reads a page
            op.insert("programs", {"name": "Written after the backup began"})
        written.set()
        assert job.wait(timeout=30)
        assert counts(ws)["programs"] == before["programs"] + 1
        [(target, error)] = done
        assert error is None and target == job.target
        assert daily_backups(closed_workspace) == [target]
        assert mode(target) == 0o600
        with open_read_only(target) as reader:
            assert counts(reader) == before
        assert not maintenance.BackgroundBackup(ws).start()  # one a day


def test_the_background_backup_skips_an_empty_workspace(tmp_path):
    from equitycohort.data.maintenance import BackgroundBackup

    path = tmp_path / "empty.ecw"
    create_workspace(path).close()
    with open_workspace(path, daily_backup=False) as ws:
        job = BackgroundBackup(ws)
        assert not job.start() and job.wait() and not job.running
    assert daily_backups(path) == []


def test_a_failed_background_backup_is_reported_and_leaves_nothing_behind(closed_workspace, monkeypatch):
    from equitycohort.data import maintenance

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(maintenance, "_copy", full_disk)
    with open_workspace(closed_workspace, daily_backup=False) as ws:
        before = counts(ws)
        done = []
        job = maintenance.BackgroundBackup(ws, on_done=lambda target, error: done.append((target, error)))
        assert job.start() and job.wait(timeout=30)
        assert done == [(None, "No space left on device")] and job.error == "No space left on device"
        assert counts(ws) == before
    assert daily_backups(closed_workspace) == []
    assert list(paths.backups_dir(closed_workspace).iterdir()) == []


def test_opening_without_the_daily_backup_leaves_it_to_the_caller(closed_workspace):
    open_workspace(closed_workspace, daily_backup=False).close()
    assert daily_backups(closed_workspace) == []


def test_backups_of_two_workspaces_with_the_same_name_are_kept_apart(tmp_path):
    a, b = tmp_path / "a" / "same.ecw", tmp_path / "b" / "same.ecw"
    assert paths.backups_dir(a) != paths.backups_dir(b)


# --- killed in the middle of writing ------------------------------------------

WRITER = """
import sys
from equitycohort.data.workspace import open_workspace
ws = open_workspace(sys.argv[1])
prefix = sys.argv[2]
n = 0
while True:
    n += 1
    name = f"{prefix}p{n}"
    ws.insert("programs", {"name": name, "description": "x" * (n * 37 % 5000)})
    print(name, flush=True)
"""


def acknowledged_before_kill(path: Path, prefix: str, kill_after: int) -> list[str]:
    """Run a writer, SIGKILL it once it has acknowledged ``kill_after`` writes."""
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), prefix], cwd=REPO, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    acked: list[str] = []
    try:
        while len(acked) < kill_after:
            line = child.stdout.readline()
            assert line.endswith("\n"), f"writer stopped early: {child.stderr.read()}"
            acked.append(line.strip())
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        # read through the same buffered stream: lines the writer printed before the kill may
        # already sit in its buffer, where communicate() (which reads the raw pipe) would miss them
        rest = child.stdout.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    # a line cut short by the kill was not acknowledged
    acked += rest.split("\n")[:-1]
    return acked


@pytest.mark.slow
def test_no_acknowledged_write_is_lost_when_the_writer_is_killed(closed_workspace):
    with open_read_only(closed_workspace) as reader:
        before = {r["name"] for r in reader.rows("SELECT name FROM programs")}
    for round_no, kill_after in enumerate((1, 9, 30, 17, 44)):
        prefix = f"r{round_no}-"
        acked = acknowledged_before_kill(closed_workspace, prefix, kill_after)
        assert acked[:kill_after] == [f"{prefix}p{n}" for n in range(1, kill_after + 1)]

        report = check_workspace(closed_workspace)
        assert report.healthy, report.lines()

        with open_workspace(closed_workspace) as ws:
            names = {r["name"] for r in ws.rows("SELECT name FROM programs")}
            assert ws.scalar("PRAGMA integrity_check") == "ok"
        written = {n for n in names if n.startswith(prefix)}
        assert set(acked) <= written
        # at most the one write in flight when the kill came is there unacknowledged
        assert len(written) - len(acked) in (0, 1)
        assert written == {f"{prefix}p{n}" for n in range(1, len(written) + 1)}
        assert before <= names
        before = names
    assert check_workspace(closed_workspace).healthy


def test_a_reader_does_not_block_the_writer(closed_workspace):
    """open_read_only keeps no lock: a writer can open while it is open."""
    reader = open_read_only(closed_workspace)
    try:
        with open_workspace(closed_workspace) as ws:
            ws.insert("programs", {"name": "While reading"})
        assert reader.count("programs") == 2
    finally:
        reader.close()


CREATE_AND_HOLD = """
import sys
from equitycohort.data.workspace import create_workspace
ws = create_workspace(sys.argv[1])
ws.insert("programs", {"name": "precious"})
print("ready", flush=True)
sys.stdin.read()
"""


def test_a_new_workspace_killed_before_it_was_closed_reopens_with_its_data(tmp_path):
    """Until its first checkpoint, a new workspace's schema and identity live in
    the WAL; a crash then must not make the file look like another app's."""
    path = tmp_path / "new.ecw"
    child = subprocess.Popen([sys.executable, "-c", CREATE_AND_HOLD, str(path)], cwd=REPO, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "ready\n", child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL

    with open_workspace(path) as ws:
        assert [r["name"] for r in ws.rows("SELECT name FROM programs")] == ["precious"]
    assert check_workspace(path).healthy
