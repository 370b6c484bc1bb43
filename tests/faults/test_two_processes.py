"""Two processes on one workspace: every way the second one tries to write
is refused, and the first is unharmed: its lock, its file and its undo
history stay as they were, and it goes on writing.

tests/data/test_lock.py proves the refusal itself (the holder named), the
holder still writable after a refusal in the same process, and the lock of a
killed holder taken over; here the holder is unharmed across processes, in
both directions, and the commands that could replace or fill a workspace
(``demo --force``, ``import roster``) are refused too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli
from equitycohort.data.errors import LockedError
from equitycohort.data.lock import lock_path
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.roster import COLUMNS
from equitycohort.data.workspace import create_workspace, open_workspace
from tests.faults.children import digest, file_digest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared(tmp_path) -> tuple[Path, Path]:
    path = tmp_path / "shared.ecw"
    ws = create_workspace(path, with_framework=False)
    program = ws.insert("programs", {"name": "Program"}).id
    ws.insert("cohorts", {"program_id": program, "name": "Cohort 1", "start_date": "2026-01-13",
                          "end_date": "2026-07-13"})
    ws.close()
    roster = tmp_path / "roster.csv"
    roster.write_text(",".join(COLUMNS) + "\nIA,Iowa Org,Ana,,ana@example.org,,,\n", encoding="utf-8")
    return path, roster


def side_files(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")}


def test_the_holder_in_another_process_is_unharmed_by_every_refused_attempt(shared, capsys):
    path, roster = shared
    holder = subprocess.Popen([sys.executable, "-m", "tests.faults.children", "hold", str(path)], cwd=REPO,
                              text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = holder.stdout.readline()
        assert line.startswith("ready "), holder.stderr.read()
        state = line.split()[1]
        lock = lock_path(path).read_bytes()
        assert json.loads(lock)["pid"] == holder.pid

        for round_no in range(3):
            with pytest.raises(LockedError) as caught:
                open_workspace(path)
            assert f"process {holder.pid}" in str(caught.value)
            assert cli.main(["demo", str(path), "--force"]) == 2
            assert cli.main(["import", "roster", str(path), "--cohort", "Cohort 1", str(roster)]) == 2
            out, err = capsys.readouterr()
            assert out == ""
            assert err.count("already open") == 2 and "Traceback" not in err
            # nothing of the holder's was touched: its file, its WAL, its lock
            assert path.exists() and {"shared.ecw-wal", "shared.ecw-shm"} <= side_files(path)
            assert lock_path(path).read_bytes() == lock
            assert file_digest(path) == state
            # and it goes on writing, each write there for a reader at once
            holder.stdin.write(f"write Round{round_no}\n")
            holder.stdin.flush()
            line = holder.stdout.readline()
            assert line.startswith("wrote "), holder.stderr.read()
            assert line.split()[1] != state
            state = line.split()[1]
            assert file_digest(path) == state

        holder.stdin.write("close\n")
        holder.stdin.flush()
        line = holder.stdout.readline()
        assert line == f"closed {state}\n", holder.stderr.read()
        assert holder.wait(timeout=60) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.communicate()
    assert not lock_path(path).exists()
    assert check_workspace(path).healthy
    with open_workspace(path) as ws:
        assert digest(ws.conn) == state
        assert ws.count("programs") == 4 and ws.count("cohorts") == 4 and ws.count("people") == 0


def test_this_process_holding_is_unharmed_by_refused_processes(shared):
    path, roster = shared
    ws = open_workspace(path)
    try:
        ws.insert("programs", {"name": "Before"})
        ws.update("programs", ws.rows("SELECT id FROM programs WHERE name = 'Program'")[0]["id"],
                  {"description": "edited"})
        state, labels, lock = digest(ws.conn), (ws.undo_label, len(ws._undo)), lock_path(path).read_bytes()
        commands = [
            [sys.executable, "-c", "import sys\nfrom equitycohort.data.workspace import open_workspace\n"
                                   "open_workspace(sys.argv[1])", str(path)],
            [sys.executable, "-m", "equitycohort", "demo", str(path), "--force"],
            [sys.executable, "-m", "equitycohort", "import", "roster", str(path), "--cohort", "Cohort 1",
             str(roster)],
        ]
        for command in commands:
            child = subprocess.run(command, cwd=REPO, text=True, capture_output=True, timeout=60)
            assert child.returncode != 0, child
            assert "already open" in child.stderr
            assert f"process {os.getpid()}" in child.stderr
            assert digest(ws.conn) == state
            assert lock_path(path).read_bytes() == lock
        assert (ws.undo_label, len(ws._undo)) == labels
        ws.insert("programs", {"name": "After"})
        ws.undo()
        ws.undo()
        assert ws.rows("SELECT description FROM programs WHERE name = 'Program'")[0]["description"] is None
        ws.redo()
        final = digest(ws.conn)
    finally:
        ws.close()
    assert check_workspace(path).healthy
    assert file_digest(path) == final
