"""SIGKILL at random moments: during a long stream of mixed writes (inserts,
updates, deletes, operations of many rows, refused writes, undo and redo)
and during a roster import. Every time the file passes the check and holds
exactly the acknowledged state, or that state plus the one write in flight
(a kill can land after the commit but before the acknowledgement); an
import is there whole or not at all.

tests/data/test_durability.py kills a stream of plain inserts and compares
names; here every write kind goes through the door and the whole file is
compared, digest against digest, with what the child expected.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort.data.maintenance import check_workspace
from equitycohort.data.roster import COLUMNS, DIRECTOR, roster_rows
from equitycohort.data.workspace import create_workspace, open_workspace
from tests.faults.children import file_digest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
              pytest.mark.slow]


def start_child(*args: str, stdin: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.faults.children", *args], cwd=REPO, text=True,
                            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_when(child: subprocess.Popen, wanted) -> tuple[list[str], str, str]:
    """Read the child's lines until ``wanted(line)``, SIGKILL it at once, and
    return every complete line it wrote (a line cut short by the kill is not
    one), its stderr, and the line that triggered the kill."""
    lines: list[str] = []
    try:
        while True:
            line = child.stdout.readline()
            if not line.endswith("\n"):
                child.wait(timeout=60)
                pytest.fail(f"the child stopped before the kill point: {lines[-3:]} {child.stderr.read()}")
            trigger = line.rstrip("\n")
            lines.append(trigger)
            if wanted(trigger):
                break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        # through the same buffered streams: lines printed before the kill may already sit in
        # the buffer readline() filled, where communicate() (which reads the raw pipe) misses them
        rest, err = child.stdout.read(), child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL, err
    lines += rest.split("\n")[:-1]
    return lines, err, trigger


# --- a long stream of mixed writes -----------------------------------------------

MIXED_ROUNDS = 12


@pytest.fixture
def seeded_workspace(tmp_path) -> Path:
    path = tmp_path / "mixed.ecw"
    ws = create_workspace(path)  # with the default framework: more pages, more tables
    ws.insert("programs", {"name": "Before the stream"})
    ws.close()
    return path


def test_killed_during_mixed_writes_the_file_holds_exactly_what_was_acknowledged(seeded_workspace):
    path = seeded_workspace
    rng = random.Random(7_2026)
    state = file_digest(path)
    outcomes = {"acknowledged": 0, "in flight": 0}
    kinds: set[str] = set()
    for round_no in range(MIXED_ROUNDS):
        seed = rng.randrange(2**32)
        kill_at = rng.randint(1, 45)
        # just after the child announced write N (the kill lands in it, most
        # often before its commit), as its COMMIT goes out, once the COMMIT is
        # done but before the ack, or just after the ack; a refused write has
        # no commit: then the kill comes at the next one that has
        point = ("next", "commit", "committed", "ack")[round_no % 4]
        child = start_child("mixed", str(path), str(seed), str(round_no))
        lines, err, trigger = kill_when(child, lambda line, p=point, k=kill_at: (
            line.split()[0] == p and int(line.split()[1]) >= k))

        assert not any(line.startswith("diverged") for line in lines), (lines[-3:], err)
        acks = {int(n): d for _, n, d in (line.split() for line in lines if line.startswith("ack "))}
        nexts = {int(n): (what, d) for _, n, _, what, d in (line.split() for line in lines
                                                              if line.startswith("next "))}
        kinds |= {what for what, _ in nexts.values()}
        # the child started from exactly what the last round left
        assert acks[0] == state, f"round {round_no}: the file changed between two runs"
        last = max(acks)
        allowed = {acks[last]: "acknowledged"}
        if last + 1 in nexts:
            allowed.setdefault(nexts[last + 1][1], "in flight")

        report = check_workspace(path)
        assert report.healthy, (round_no, report.lines())
        with open_workspace(path, backups=False) as ws:
            assert ws.scalar("PRAGMA integrity_check") == "ok"
        state = file_digest(path)
        if point == "committed":
            # killed after write N's COMMIT returned: write N is there, acknowledged or not
            done = int(trigger.split()[1])
            assert state in {nexts[n][1] for n in range(done, last + 2) if n in nexts}, (
                f"round {round_no}: write {done} was committed, yet it is not in the file")
        assert state in allowed, (
            f"round {round_no} (seed {seed}, killed at {point} {kill_at}): the file holds neither the "
            f"acknowledged state after write {last} nor the state of write {last + 1} in flight")
        outcomes[allowed[state]] += 1
    assert check_workspace(path).healthy
    # the stream really was mixed
    assert {"add_team", "edit_team_leaders", "undo", "redo", "refused"} <= kinds, kinds
    assert kinds & {"delete_program", "delete_cohort", "delete_team"}, kinds  # deletes that cascade


# --- a roster import ---------------------------------------------------------------

IMPORT_ROUNDS = 12
ROSTER_STATES = ("IA", "NE", "KS", "MO", "MN", "WI")
ROSTER_SIZE = 240


def roster_csv() -> bytes:
    rows = [",".join(COLUMNS)]
    for n in range(ROSTER_SIZE):
        state = ROSTER_STATES[n % len(ROSTER_STATES)]
        role = DIRECTOR if n < len(ROSTER_STATES) else "Member"
        rows.append(f"{state},{state} Families Network,Leader {n:03d},{role},leader{n}@example.org,"
                    f"555-{n:04d},English,they/them")
    return ("\n".join(rows) + "\n").encode("utf-8")


def expected_roster() -> list[list[str]]:
    out = []
    for line in roster_csv().decode("utf-8").splitlines()[1:]:
        out.append(line.split(","))
    return sorted(out)


@pytest.fixture
def roster_base(tmp_path) -> tuple[Path, str, Path]:
    path = tmp_path / "base.ecw"
    ws = create_workspace(path, with_framework=False)
    program = ws.insert("programs", {"name": "Program"}).id
    cohort = ws.insert("cohorts", {"program_id": program, "name": "Cohort", "start_date": "2026-01-13",
                                   "end_date": "2026-07-13"}).id
    # someone already there, matched by e-mail by the import: an update inside the step
    ws.insert("people", {"name": "Old name", "email": "LEADER7@example.org"})
    ws.close()
    csv_path = tmp_path / "roster.csv"
    csv_path.write_bytes(roster_csv())
    return path, cohort, csv_path


def test_killed_during_a_roster_import_the_cohort_holds_all_of_it_or_none(roster_base, tmp_path):
    base, cohort, csv_path = roster_base
    before = file_digest(base)
    inserts = len(ROSTER_STATES) + 2 * ROSTER_SIZE - 1  # teams, people (one matched), memberships
    rng = random.Random(11_2026)
    points = [f"insert {rng.randint(1, inserts)}" for _ in range(IMPORT_ROUNDS - 4)]
    points += ["start", "commit", "committed", "done"]
    rng.shuffle(points)
    for round_no, point in enumerate(points):
        path = tmp_path / f"round{round_no}.ecw"
        shutil.copyfile(base, path)
        child = start_child("roster", str(path), cohort, str(csv_path), stdin=True)
        lines, err, _ = kill_when(child, lambda line, p=point: line == p or line.startswith(p + " "))
        assert not any(line.startswith("not applied") for line in lines), lines[-1]

        report = check_workspace(path)
        assert report.healthy, (point, report.lines())
        with open_workspace(path, backups=False) as ws:
            teams = ws.count("teams")
            members = ws.count("team_members")
            people = ws.count("people")
            rows = sorted([*r[:4], r[4].casefold(), *r[5:]] for r in roster_rows(ws, cohort))
        if teams == 0:
            assert (members, people) == (0, 1), f"killed at {point}: part of the roster was kept"
            assert file_digest(path) == before, f"killed at {point}: nothing imported, yet the file changed"
        else:
            assert (teams, members, people) == (len(ROSTER_STATES), ROSTER_SIZE, ROSTER_SIZE), (
                f"killed at {point}: part of the roster was kept")
            assert rows == expected_roster()  # the person matched by e-mail updated too
            done = [line for line in lines if line.startswith("done ")]
            if done:
                assert file_digest(path) == done[0].split()[1]
        if point in ("committed", "done"):
            assert teams, f"killed at {point}, after the COMMIT returned, yet the import is not there"
