"""A workspace killed, or stopped by a full disk, while it closes: the close
checkpoints the WAL into the file, and SQLite writes page 1 (with the new page
count) before the pages that make the file grow. Cut short in between, the
file is shorter than its header says while the WAL beside it still holds every
page. That is not damage: every round reopens with every acknowledged write,
`check` calls it healthy, and the read-only commands read it as it is.

tests/faults/test_kill.py kills writes; this kills the close.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace
from tests.faults.children import file_digest
from tests.faults.test_kill import REPO, start_child

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or os.name != "posix",
                                reason="needs SIGKILL and RLIMIT_FSIZE")

#: rounds of the kill loop (the issue asks for at least 100)
CLOSE_ROUNDS = 100
#: each round writes this much before closing: well below the WAL's automatic
#: checkpoint (1,000 pages), so that the close makes the checkpoint
WRITES, SIZE = 6, 150_000


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("closing") / "base.ecw"
    ws = create_workspace(path)
    program = ws.insert("programs", {"name": "Before the close"}).id
    ws.insert("cohorts", {"program_id": program, "name": "Cohort 1", "start_date": "2026-01-13",
                          "end_date": "2026-07-13"})
    ws.close()
    return path


def torn(path: Path) -> bool:
    """Whether the file is shorter than its header's page count (a checkpoint cut short)."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    pages = int.from_bytes(header[28:32], "big")
    page_size = int.from_bytes(header[16:18], "big")
    return header[24:28] == header[92:96] and path.stat().st_size < pages * page_size


def acknowledged(lines: list[str]) -> str:
    acks = [line.split()[2] for line in lines if line.startswith("ack ")]
    return acks[-1]


def kill_during_close(child: subprocess.Popen, path: Path, point: str) -> tuple[list[str], bool]:
    """Read the child's lines up to ``closing``, then SIGKILL it: at once, as soon as
    the file has grown, or as soon as it is torn (watched without sleeping). Returns
    its lines and whether the kill landed before the close was done."""
    lines = []
    try:
        while True:
            line = child.stdout.readline()
            assert line.endswith("\n"), f"the child stopped early: {lines[-2:]} {child.stderr.read()}"
            lines.append(line.rstrip("\n"))
            if line.startswith("closing "):
                break
        start = path.stat().st_size
        fd = os.open(path, os.O_RDONLY)
        try:
            while child.poll() is None:
                if point == "at once":
                    break
                size = os.fstat(fd).st_size
                if point == "growing" and size > start:
                    break
                if point == "torn":
                    header = os.pread(fd, 100, 0)
                    if int.from_bytes(header[28:32], "big") * 4096 > size:
                        break
            child.send_signal(signal.SIGKILL)
        finally:
            os.close(fd)
        rest, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    lines += rest.split("\n")[:-1]
    return lines, child.returncode == -signal.SIGKILL and "closed" not in lines


@pytest.mark.slow
def test_killed_while_closing_the_workspace_reopens_whole_every_round(base, tmp_path):
    rng = random.Random(12_2026)
    figures = {"killed in the close": 0, "torn": 0, "rounds": 0}
    for round_no in range(CLOSE_ROUNDS):
        path = tmp_path / f"round{round_no % 3}.ecw"
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        shutil.copyfile(base, path)
        point = ("torn", "growing", "at once", "torn")[round_no % 4]
        size = rng.choice((SIZE // 2, SIZE, SIZE * 4 // 3))
        child = start_child("close", str(path), str(WRITES), str(size))
        lines, in_close = kill_during_close(child, path, point)
        was_torn = torn(path)
        figures["killed in the close"] += in_close
        figures["torn"] += was_torn
        figures["rounds"] += 1
        expected = acknowledged(lines)

        report = check_workspace(path)
        assert report.healthy, (round_no, point, was_torn, report.lines())
        with open_read_only(path) as ws:  # an export after the kill reads it whole, and changes nothing
            assert ws.count("programs") == 1 + WRITES
        with open_workspace(path, backups=False) as ws:
            assert not ws.notices, ws.notices
            assert ws.scalar("PRAGMA integrity_check") == "ok"
        assert file_digest(path) == expected, f"round {round_no} ({point}): an acknowledged write is missing"
    print(f"\nkilled while closing: {figures}")
    # the dangerous moment was really met, many times
    assert figures["torn"] >= CLOSE_ROUNDS // 20, figures
    assert figures["killed in the close"] >= CLOSE_ROUNDS // 2, figures


def close_on_a_full_disk(base: Path, path: Path, room: int) -> str:
    """A close whose checkpoint the disk stops part way (the file may grow by ``room``
    bytes only); returns the digest acknowledged before the close."""
    shutil.copyfile(base, path)
    child = subprocess.run([sys.executable, "-m", "tests.faults.children", "close", str(path), str(WRITES),
                            str(SIZE), str(room)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    lines = child.stdout.splitlines()
    assert lines[-1] == "closed" and "Traceback" not in child.stderr
    return acknowledged(lines)


@pytest.mark.parametrize("room", [0, 4096, 40_960, 300_000])
def test_a_close_stopped_by_a_full_disk_is_not_damage(base, tmp_path, capsys, room):
    """The checkpoint at close meets a full disk: page 1 is written, the file cannot
    grow. Once there is room again (here: the parent has no limit) the workspace
    opens with every acknowledged write, and nothing calls it damaged."""
    path = tmp_path / "full.ecw"
    expected = close_on_a_full_disk(base, path, room)
    assert torn(path), "the checkpoint should have stopped part way"
    wal = Path(f"{path}-wal").read_bytes()
    before = path.read_bytes()

    assert cli.main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "status: healthy" in out and "damaged" not in out + err
    assert cli.main(["info", str(path)]) == 0
    assert f"programs: {2 + WRITES - 1}" in capsys.readouterr().out
    assert cli.main(["export", "roster", str(path), "--cohort", "Cohort 1", "--out", str(tmp_path / "r.csv")]) == 0
    capsys.readouterr()
    # the read-only commands read it through its WAL and changed neither
    assert path.read_bytes() == before and Path(f"{path}-wal").read_bytes() == wal

    with open_workspace(path, backups=False) as ws:
        assert not ws.notices
        assert ws.scalar("PRAGMA integrity_check") == "ok"
        ws.insert("programs", {"name": "After the disk had room again"})
    assert file_digest(path) != expected
    with open_read_only(path) as ws:
        assert ws.count("programs") == 1 + WRITES + 1
    assert check_workspace(path).healthy


def test_a_torn_file_without_its_wal_is_still_damaged(base, tmp_path):
    """The WAL is what completes a torn file: without it the file is truly cut short,
    and is refused as damaged, left as it is."""
    path = tmp_path / "lost-wal.ecw"
    close_on_a_full_disk(base, path, 4096)
    Path(f"{path}-wal").unlink()
    Path(f"{path}-shm").unlink(missing_ok=True)
    before = path.read_bytes()
    from equitycohort.data.errors import DamagedError

    with pytest.raises(DamagedError, match="cut short"):
        open_workspace(path, backups=False)
    assert path.read_bytes() == before
    assert not check_workspace(path).healthy
