"""What lies beside a workspace: SQLite's -journal and -wal, the lock. A side
file that does not belong to the workspace is set aside (renamed, kept byte
for byte, reported), never rolled in; a read-only command never touches one; a
pipe or a device in place of any of them never makes a command wait; a
workspace on a folder that cannot be written, with its edits still in its
-wal, is "read-only", never "damaged", and the advice to copy it names the -wal.

tests/faults/test_damaged.py covers an orphan WAL without its file and a newer
format in the WAL; tests/faults/test_closing.py a WAL that completes a file cut
short by a checkpoint.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli, paths
from equitycohort.data import errors
from equitycohort.data.maintenance import backup, check_workspace
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace
from tests.faults.children import file_digest
from tests.faults.test_damaged import killed_with_writes_in_its_wal

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes, signals and file modes of POSIX systems")


def fill(path: Path, names: int = 30) -> Path:
    ws = create_workspace(path)
    program = ws.insert("programs", {"name": "Program"}).id
    cohort = ws.insert("cohorts", {"program_id": program, "name": "Cohort 1", "start_date": "2026-01-13",
                                   "end_date": "2026-07-13"}).id
    ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Families"})
    for n in range(names):
        ws.insert("people", {"name": f"Person {n}", "email": f"p{n}@example.org", "notes": "n" * 1500})
    ws.close()
    return path


def beside(path: Path) -> dict[str, bytes]:
    """Every file beside the workspace (SQLite's scratch -shm aside), by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir())
            if p.name.startswith(path.name) and not p.name.endswith("-shm") and p.is_file()}


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The command line in a process of its own, so that a hang fails the test instead of stopping it."""
    return subprocess.run([sys.executable, "-m", "equitycohort", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


# --- a -journal that is not the workspace's -------------------------------------------

KILLED_IN_A_TRANSACTION = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 5")  # spill to the file mid-transaction: the journal is hot
conn.execute("CREATE TABLE u (y)")
for n in range(200):
    conn.execute("INSERT INTO u VALUES (randomblob(3000))")
conn.execute("BEGIN")
conn.execute("UPDATE u SET y = randomblob(3000)")
os.kill(os.getpid(), 9)
"""


@pytest.fixture(scope="module")
def hot_journal(tmp_path_factory) -> bytes:
    """The hot journal another database's killed transaction left (a rollback would apply it)."""
    other = tmp_path_factory.mktemp("journal") / "other.db"
    subprocess.run([sys.executable, "-c", KILLED_IN_A_TRANSACTION, str(other)], check=False)
    journal = Path(f"{other}-journal")
    assert journal.stat().st_size > 100_000, "the killed transaction should leave a hot journal"
    return journal.read_bytes()


def test_a_hot_journal_beside_a_workspace_is_set_aside_never_rolled_in(tmp_path, hot_journal, capsys):
    path = fill(tmp_path / "work.ecw")
    content = file_digest(path)
    Path(f"{path}-journal").write_bytes(hot_journal)
    files = beside(path)

    # the read-only commands read the workspace as it is, and change nothing
    assert cli.main(["info", str(path)]) == 0
    assert "people: 30" in capsys.readouterr().out
    assert cli.main(["export", "roster", str(path), "--cohort", "Cohort 1", "--out", str(tmp_path / "r.csv")]) == 0
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "work.ecw-journal" in out and "does not belong" in out and "Traceback" not in out
    assert beside(path) == files, "a read-only command touched the workspace or its journal"

    with open_workspace(path, backups=False) as ws:
        assert ws.scalar("PRAGMA integrity_check") == "ok"
        assert ws.count("people") == 30
        [notice] = ws.notices
        assert "work.ecw-journal" in notice and "set aside" in notice
    kept = [name for name in beside(path) if name.startswith("work.ecw-journal-set-aside-")]
    assert len(kept) == 1, beside(path)
    assert (tmp_path / kept[0]).read_bytes() == hot_journal, "the journal was not kept as it was"
    assert not Path(f"{path}-journal").exists()
    assert file_digest(path) == content, "the journal was rolled into the workspace"
    assert check_workspace(path).healthy


def test_a_journal_beside_a_damaged_file_in_rollback_mode_leaves_both_as_they_are(tmp_path, hot_journal):
    """A backup copy (rollback-journal mode) put in place, damaged, with a journal
    beside it: the app cannot tell whose the journal is, so both stay as they are."""
    source = fill(tmp_path / "source.ecw")
    with open_workspace(source, backups=False) as ws:
        copy = backup(ws, tmp_path / "copies")
    path = tmp_path / "restored.ecw"
    data = bytearray(copy.read_bytes())
    assert data[18] == 1, "a backup is in rollback-journal mode"
    data[4096 * 2: 4096 * 3] = b"\xa5" * 4096  # a page of the tables, overwritten
    path.write_bytes(bytes(data))
    Path(f"{path}-journal").write_bytes(hot_journal)
    files = beside(path)

    with pytest.raises(errors.DamagedError) as caught:
        open_workspace(path, backups=False)
    assert "restored.ecw-journal" in str(caught.value) and "left as they are" in str(caught.value)
    assert beside(path) == files


# --- a -wal that is not the workspace's ----------------------------------------------------

ADD_TEAM_NOTES = """
import sys
from equitycohort.data.workspace import open_workspace
ws = open_workspace(sys.argv[1], backups=False)
team = ws.rows("SELECT id FROM teams WHERE state = 'NE'")[0]["id"]
ws.update("teams", team, {"notes": "Edited after the backup; only the table's page changes"})
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def restored_over_a_later_wal(tmp_path) -> tuple[Path, str]:
    """The issue's case: a backup B taken; a team added (its table page and its
    indexes change) and checkpointed; the team edited (only its table page) and the
    app killed, the edit left in the WAL; then B copied back over the file. The WAL's
    table page now lists a team that B's indexes do not: every page reads, only the
    indexes disagree, which SQLite's quick check does not look at."""
    path = fill(tmp_path / "restored.ecw")
    with open_workspace(path, backups=False) as ws:
        copy = backup(ws, tmp_path / "backups")
        cohort = ws.rows("SELECT id FROM cohorts")[0]["id"]
        ws.insert("teams", {"cohort_id": cohort, "state": "NE", "organization": "Nebraska Action"})
    child = subprocess.Popen([sys.executable, "-c", ADD_TEAM_NOTES, str(path)], cwd=REPO, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "ready\n", child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    shutil.copyfile(copy, path)  # the restore
    return path, file_digest_alone(copy)


def file_digest_alone(path: Path) -> str:
    """The digest of a file read by itself (side files ignored)."""
    from tests.faults.children import digest

    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        return digest(conn)
    finally:
        conn.close()


def test_a_wal_of_a_later_state_passes_the_quick_check_but_not_the_full_one(restored_over_a_later_wal):
    """The case really is the one the quick check misses (what opening used to rely on)."""
    path, _ = restored_over_a_later_wal
    work = path.with_name("look.ecw")
    shutil.copyfile(path, work)
    shutil.copyfile(f"{path}-wal", f"{work}-wal")
    conn = sqlite3.connect(work)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    finally:
        conn.close()


def test_a_wal_that_does_not_belong_is_refused_by_every_read_only_command(restored_over_a_later_wal, tmp_path,
                                                                          capsys):
    path, _ = restored_over_a_later_wal
    files = beside(path)
    backups = paths.backups_dir(path)

    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "restored.ecw-wal beside the workspace does not belong to it" in out
    for args in (["backup", str(path)], ["info", str(path)],
                 ["export", "roster", str(path), "--cohort", "Cohort 1", "--out", str(tmp_path / "r.csv")]):
        assert cli.main(args) == 2, args
        err = capsys.readouterr().err
        assert "restored.ecw-wal" in err and "does not belong" in err and "Traceback" not in err
    assert not (tmp_path / "r.csv").exists()
    assert not backups.exists() or not any(backups.iterdir()), "a copy of the mixture was written"
    assert beside(path) == files


def test_a_wal_that_does_not_belong_is_set_aside_and_the_workspace_opens_as_restored(restored_over_a_later_wal):
    path, restored = restored_over_a_later_wal
    wal = Path(f"{path}-wal").read_bytes()
    with open_workspace(path, backups=False) as ws:
        [notice] = ws.notices
        assert "restored.ecw-wal" in notice and "set aside" in notice
        assert ws.scalar("PRAGMA integrity_check") == "ok"
        assert ws.scalar("SELECT count(*) FROM teams WHERE state = 'NE'") == 0  # as the backup had it
    kept = [p for p in path.parent.iterdir() if p.name.startswith("restored.ecw-wal-set-aside-")]
    assert len(kept) == 1 and kept[0].read_bytes() == wal
    assert file_digest(path) == restored
    assert check_workspace(path).healthy


def test_a_wal_left_by_a_killed_app_is_its_own_and_is_read(tmp_path, capsys):
    """The WAL of the workspace's own crash belongs: read by the read-only commands
    (nothing changed), folded in by the next open (not set aside)."""
    path = fill(tmp_path / "crashed.ecw", names=3)
    killed_with_writes_in_its_wal(path, "Unsaved")
    files = beside(path)
    assert cli.main(["info", str(path)]) == 0
    assert "people: 43" in capsys.readouterr().out
    assert cli.main(["check", str(path)]) == 0
    assert beside(path) == files
    with open_workspace(path, backups=False) as ws:
        assert ws.notices == []
        assert ws.count("people") == 43


# --- a pipe or a device where a file should be ------------------------------------------------


@pytest.mark.parametrize("where", ["workspace", "-wal", "-journal", ".lock", "-shm"])
def test_a_named_pipe_never_makes_a_command_wait(tmp_path, where):
    path = tmp_path / "pipe.ecw"
    if where == "workspace":
        os.mkfifo(path)
    else:
        fill(path, names=2)
        os.mkfifo(f"{path}{where}")
    before = beside(path) if where != "workspace" else {}
    commands = [["info", str(path)], ["check", str(path)], ["backup", str(path), "--to", str(tmp_path / "b")],
                ["export", "roster", str(path), "--cohort", "Cohort 1", "--out", str(tmp_path / "r.csv")],
                ["import", "roster", str(path), str(tmp_path / "none.csv"), "--cohort", "Cohort 1"],
                [str(path), "--exit-after-startup"]]
    (tmp_path / "none.csv").write_text("state,organization,name,role,email,phone,preferred_language,pronouns\n")
    for args in commands:
        done = run_cli(*args)  # times out (fails) rather than waits forever
        said = done.stdout + done.stderr
        assert "Traceback" not in said, (args, said)
        # a read-only command never opens the lock file: with a pipe there, it reads as usual
        reads_only = args[0] in ("info", "check", "backup", "export")
        if where == ".lock" and reads_only:
            assert done.returncode == 0, (args, said)
            continue
        assert done.returncode != 0, (args, said)
        assert "named pipe" in said or ("lock" in said and "not a regular file" in said), (args, said)
    if where != "workspace":
        assert beside(path) == before


def test_a_device_is_not_a_workspace(capsys):
    for args in (["info", "/dev/zero"], ["check", "/dev/null"]):
        assert cli.main(args) == 2
        err = capsys.readouterr().err
        assert "a device, not a workspace file" in err


# --- a folder that cannot be written -------------------------------------------------------------


@contextlib.contextmanager
def unwritable(folder: Path):
    """Make ``folder`` refuse new files, as a read-only disk does: its mode for an
    ordinary user; for root (whom modes do not stop), the immutable attribute."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)],
                                                     capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder read-only for root here (no immutable attribute)")
    try:
        try:
            (folder / "probe").touch()
        except OSError:
            pass
        else:
            (folder / "probe").unlink()
            pytest.skip("the immutable attribute does not stop new files here")
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_folder_with_the_edits_in_the_wal_is_read_only_not_damaged(tmp_path, capsys):
    folder = tmp_path / "usb"
    folder.mkdir()
    path = fill(folder / "trip.ecw", names=3)
    killed_with_writes_in_its_wal(path, "Unsaved")
    Path(f"{path}-shm").unlink()  # a copy made by a file manager: the file and its WAL
    Path(f"{path}.lock").unlink(missing_ok=True)
    files = beside(path)
    with unwritable(folder):
        with pytest.raises(errors.ReadOnlyError) as caught:
            open_workspace(path)
        message = str(caught.value)
        assert "trip.ecw-wal" in message and "Copy it together with trip.ecw-wal" in message
        assert "damaged" not in message
        with pytest.raises(errors.ReadOnlyError) as caught:
            open_read_only(path)
        assert "trip.ecw-wal" in str(caught.value) and "Nothing is damaged" in str(caught.value)
        assert cli.main(["info", str(path)]) == 2
        err = capsys.readouterr().err
        assert "trip.ecw-wal" in err and "Nothing is damaged" in err and "trip.ecw is damaged" not in err
        assert beside(path) == files
    with open_read_only(path) as ws:  # copied where it can be written (here: the folder again)
        assert ws.count("people") == 43


def test_the_advice_for_a_read_only_file_names_its_wal(tmp_path):
    path = fill(tmp_path / "locked.ecw", names=2)
    killed_with_writes_in_its_wal(path, "Unsaved")
    os.chmod(path, 0o444)
    with pytest.raises(errors.ReadOnlyError) as caught:
        open_workspace(path)
    assert "Copy it together with locked.ecw-wal" in str(caught.value)


def test_opening_with_a_leftover_wal_copies_nothing_into_the_temporary_folder(tmp_path, monkeypatch):
    """SQLite judges the file and its WAL where they lie, through a read-only
    connection: no copy of the workspace (people's names, private notes) is made in
    the temporary folder, where a kill would have left it for good."""
    import tempfile

    path = fill(tmp_path / "crashed.ecw", names=3)
    killed_with_writes_in_its_wal(path, "Unsaved")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))

    def refuse(*args, **kwargs):
        raise AssertionError("a copy was about to be made in the temporary folder")

    for maker in ("mkdtemp", "mkstemp", "TemporaryDirectory", "NamedTemporaryFile"):
        monkeypatch.setattr(tempfile, maker, refuse)
    assert check_workspace(path).healthy
    with open_read_only(path) as ws:
        assert ws.count("people") == 43
    with open_workspace(path, backups=False) as ws:
        assert ws.count("people") == 43
    assert list(temporary.iterdir()) == []
