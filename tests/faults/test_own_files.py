"""A workspace is one file, whatever it is called: the one-writer lock follows
the file (device and inode), not the name it was opened by; a file moved or
replaced under the app is noticed before the next write; and no command ever
writes over the workspace it reads, a file of it (-wal, -shm, lock), its
backups, or another workspace.

tests/data/test_lock.py covers the lock by one name: a second opener is told
who holds it, a lock left by a killed process is taken over.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli, paths
from equitycohort.data import errors
from equitycohort.data.maintenance import backup, check_workspace, copy_to
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace
from equitycohort.export import export_roster
from tests.faults.children import file_digest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="links and inodes of POSIX systems")

HOLD = """
import sys
from equitycohort.data.workspace import open_workspace
ws = open_workspace(sys.argv[1], backups=False)
ws.insert("programs", {"name": "written by the holder"})
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def workspace(tmp_path) -> Path:
    path = tmp_path / "real" / "shared.ecw"
    path.parent.mkdir()
    ws = create_workspace(path)
    program = ws.insert("programs", {"name": "Program"}).id
    ws.insert("cohorts", {"program_id": program, "name": "Cohort 1", "start_date": "2026-01-13",
                          "end_date": "2026-07-13"})
    ws.close()
    return path


def other_names(path: Path, tmp_path: Path) -> dict[str, Path]:
    link = tmp_path / "link.ecw"
    link.symlink_to(path)
    hard = path.with_name("hard.ecw")
    os.link(path, hard)
    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(path.parent, target_is_directory=True)
    return {"symbolic link": link, "hard link": hard, "link to its folder": folder_link / path.name}


def test_a_second_opener_by_another_name_is_refused_in_the_same_process(workspace, tmp_path):
    names = other_names(workspace, tmp_path)
    with open_workspace(workspace, backups=False):
        for name in names.values():
            with pytest.raises(errors.LockedError, match="already open"):
                open_workspace(name, backups=False)
    for what, name in names.items():  # and the other way round
        with open_workspace(name, backups=False):
            with pytest.raises(errors.LockedError, match="already open"):
                open_workspace(workspace, backups=False)
            others = [n for w, n in names.items() if w != what]
            for other in others:
                with pytest.raises(errors.LockedError):
                    open_workspace(other, backups=False)


def test_the_app_and_the_command_line_never_both_write_through_two_names(workspace, tmp_path, capsys):
    """The issue's case: one app holds the file through a hard link, the command line
    imports through the real name; both would write, and Undo in one would revert the
    other's changes. The second is refused, and the file keeps only the holder's write."""
    hard = other_names(workspace, tmp_path)["hard link"]
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(hard)], cwd=REPO, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "ready\n", child.stderr.read()
        roster = tmp_path / "roster.csv"
        roster.write_text("state,organization,name,role,email,phone,preferred_language,pronouns\n"
                          "IA,Iowa Families,Ana Diaz,Executive Director,ana@example.org,,,\n")
        assert cli.main(["import", "roster", str(workspace), str(roster), "--cohort", "Cohort 1"]) == 2
        err = capsys.readouterr().err
        assert "already open" in err and "another name" in err
        with pytest.raises(errors.LockedError):
            open_workspace(tmp_path / "real" / ".." / "real" / "shared.ecw", backups=False)
    finally:
        child.kill()
        child.communicate()
    with open_read_only(hard) as ws:  # SQLite keeps the WAL beside the name a file was opened by
        assert ws.count("teams") == 0
        assert ws.scalar("SELECT count(*) FROM programs WHERE name = 'written by the holder'") == 1


def test_a_lock_left_by_a_killed_holder_of_another_name_is_taken_over(workspace, tmp_path):
    hard = other_names(workspace, tmp_path)["hard link"]
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(hard)], cwd=REPO, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout.readline() == "ready\n", child.stderr.read()
    child.kill()
    child.communicate()
    open_workspace(workspace, backups=False).close()  # the lock on the file went with its process
    with open_workspace(hard, backups=False) as ws:  # and the holder's write is in its WAL
        assert ws.scalar("SELECT count(*) FROM programs WHERE name = 'written by the holder'") == 1


# --- moved or replaced while open ------------------------------------------------------------------


def test_a_file_replaced_while_open_is_noticed_before_the_next_write(workspace, tmp_path):
    ws = open_workspace(workspace, backups=False)
    try:
        ws.insert("programs", {"name": "Saved before the swap"})
        replacement = tmp_path / "replacement.ecw"
        copy_to(ws, replacement)
        copy_bytes = replacement.read_bytes()
        os.replace(replacement, workspace)  # a sync tool or a file manager puts another file in its place
        with pytest.raises(errors.WriteFailedError) as caught:
            ws.insert("programs", {"name": "Would go to the file no longer there"})
        message = str(caught.value)
        assert "shared.ecw was replaced by another file" in message and "Save a Copy" in message
        assert ws.undo_label == "Add program"
        with pytest.raises(errors.WriteFailedError):
            ws.undo()
        saved = copy_to(ws, tmp_path / "kept.ecw")  # what was open here can still be kept
    finally:
        ws.close()
    assert workspace.read_bytes() == copy_bytes, "the file put in place was written to"
    with open_read_only(saved) as kept:
        assert kept.scalar("SELECT count(*) FROM programs WHERE name = 'Saved before the swap'") == 1


def test_a_file_moved_while_open_is_noticed_before_the_next_write(workspace, tmp_path):
    ws = open_workspace(workspace, backups=False)
    try:
        ws.insert("programs", {"name": "Saved before the move"})
        moved = workspace.with_name("renamed.ecw")
        os.rename(workspace, moved)
        with pytest.raises(errors.WriteFailedError, match="moved, renamed or deleted"):
            ws.insert("programs", {"name": "After the move"})
    finally:
        ws.close()
    # the edits made before the move went with the file; nothing is left where it was
    assert sorted(p.name for p in workspace.parent.iterdir()) == ["renamed.ecw"]
    with open_read_only(moved) as ws:
        assert ws.scalar("SELECT count(*) FROM programs WHERE name = 'Saved before the move'") == 1
        assert ws.scalar("SELECT count(*) FROM programs WHERE name = 'After the move'") == 0
    assert check_workspace(moved).healthy


# --- never written over ---------------------------------------------------------------------------


def own_targets(path: Path) -> dict[str, Path]:
    return {"the workspace": path, "its -wal": Path(f"{path}-wal"), "its -shm": Path(f"{path}-shm"),
            "its lock": Path(f"{path}.lock"), "its journal name": Path(f"{path}-journal")}


@pytest.mark.parametrize("kind,out", [("roster", "csv"), ("calendar", "ics"), ("cohort", "pdf")])
def test_an_export_never_writes_over_the_workspace_or_a_file_of_it(workspace, tmp_path, capsys, kind, out):
    holder = open_workspace(workspace, backups=False)  # the app has it open: a WAL, a lock and a -shm
    try:
        holder.insert("programs", {"name": "In the WAL"})
        files = {p.name: p.read_bytes() for p in workspace.parent.iterdir() if not p.name.endswith("-shm")}
        link = tmp_path / "alias.out"
        link.symlink_to(workspace)
        targets = {**own_targets(workspace), "a link to it": link,
                   "it through another path": tmp_path / "real" / ".." / "real" / "shared.ecw"}
        for what, target in targets.items():
            assert cli.main(["export", kind, str(workspace), "--cohort", "Cohort 1", "--out", str(target)]) == 2, what
            err = capsys.readouterr().err
            assert "choose another" in err and "Nothing was written" in err, (what, err)
        assert {p.name: p.read_bytes() for p in workspace.parent.iterdir() if not p.name.endswith("-shm")} == files
        assert link.is_symlink()
        holder.insert("programs", {"name": "Still writing"})
    finally:
        holder.close()
    assert check_workspace(workspace).healthy


def test_an_export_never_writes_over_another_workspace_or_a_backup(workspace, tmp_path, capsys):
    other = tmp_path / "other.ecw"
    create_workspace(other).close()
    with open_workspace(workspace) as ws:  # today's backup
        kept = backup(ws)
    before = {other: other.read_bytes(), kept: kept.read_bytes()}
    for target in (other, Path(f"{other}-wal"), kept, paths.backups_dir(workspace) / "new.csv"):
        assert cli.main(["export", "roster", str(workspace), "--cohort", "Cohort 1", "--out", str(target)]) == 2
        err = capsys.readouterr().err
        assert "choose another" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in before} == before
    assert not (paths.backups_dir(workspace) / "new.csv").exists()
    assert not Path(f"{other}-wal").exists()


def test_in_the_app_an_export_or_a_copy_never_replaces_the_open_workspace(workspace, tmp_path):
    with open_workspace(workspace, backups=False) as ws:
        ws.insert("programs", {"name": "Open in the app"})
        digest = file_digest(workspace)
        cohort = ws.rows("SELECT id FROM cohorts")[0]["id"]
        for target in own_targets(workspace).values():
            with pytest.raises(errors.OwnFileError):
                export_roster(ws, cohort, target)
            with pytest.raises(errors.OwnFileError):
                copy_to(ws, target)
        assert file_digest(workspace) == digest
        ws.insert("programs", {"name": "Written after"})
    assert check_workspace(workspace).healthy


def test_a_backup_to_a_folder_that_is_a_file_or_the_workspace_says_so(workspace, capsys):
    before = workspace.read_bytes()
    assert cli.main(["backup", str(workspace), "--to", str(workspace)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "shared.ecw" in err
    assert workspace.read_bytes() == before


def test_save_a_copy_may_replace_an_earlier_copy_but_never_the_workspace(workspace, tmp_path):
    earlier = tmp_path / "copy.ecw"
    with open_workspace(workspace, backups=False) as ws:
        copy_to(ws, earlier)
        ws.insert("programs", {"name": "After the first copy"})
        copy_to(ws, earlier)  # File > Save a Copy again, over the first: the user chose it
        with pytest.raises(errors.OwnFileError):
            copy_to(ws, workspace)
    with open_read_only(earlier) as copy:
        assert copy.scalar("SELECT count(*) FROM programs WHERE name = 'After the first copy'") == 1


def test_packets_never_go_into_the_backups(workspace, capsys):
    with open_workspace(workspace):  # today's backup: the folder exists
        pass
    folder = paths.backups_dir(workspace)
    before = sorted(folder.iterdir())
    assert cli.main(["export", "packets", str(workspace), "--cohort", "Cohort 1", "--out", str(folder / "p")]) == 2
    assert "rolling backups" in capsys.readouterr().err
    assert sorted(folder.iterdir()) == before
