"""One writer per workspace: a second opener is refused and told who holds
it; a lock left by a killed process is taken over."""

from __future__ import annotations

import getpass
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort.data.errors import LockedError
from equitycohort.data.lock import lock_path
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace

REPO = Path(__file__).resolve().parents[2]

TRY_OPEN = """
import sys
from equitycohort.data.errors import LockedError
from equitycohort.data.workspace import open_workspace
try:
    ws = open_workspace(sys.argv[1])
except LockedError as exc:
    print("LockedError:", exc, flush=True)
    sys.exit(3)
ws.close()
print("opened", flush=True)
"""

HOLD = """
import sys
from equitycohort.data.workspace import open_workspace
ws = open_workspace(sys.argv[1])
ws.insert("programs", {"name": "written by the holder"})
print("ready", flush=True)
sys.stdin.read()  # hold the workspace until killed (or the parent goes away)
"""


def run_child(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


@pytest.fixture
def closed_workspace(tmp_path) -> Path:
    path = tmp_path / "shared.ecw"
    ws = create_workspace(path)
    ws.insert("programs", {"name": "Program"})
    ws.close()
    return path


def test_second_open_in_the_same_process_names_the_holder(closed_workspace):
    ws = open_workspace(closed_workspace)
    try:
        check_refused_in_process(ws)
    finally:
        ws.close()


def test_a_just_created_workspace_is_refused_as_locked_too(ws):
    """Before its first checkpoint a new workspace's schema is only in the WAL;
    a second opener must still be told it is locked, not that it is foreign."""
    check_refused_in_process(ws)


def check_refused_in_process(ws):
    with pytest.raises(LockedError) as caught:
        open_workspace(ws.path)
    message = str(caught.value)
    assert "already open" in message
    assert getpass.getuser() in message
    assert socket.gethostname() in message
    assert f"process {os.getpid()}" in message
    assert caught.value.holder["pid"] == os.getpid()
    assert caught.value.holder["user"] == getpass.getuser()
    # the refusal did not break the holder's lock or its workspace
    with pytest.raises(LockedError):
        open_workspace(ws.path)
    before = ws.count("programs")
    ws.insert("programs", {"name": "Still writable"})
    assert ws.count("programs") == before + 1


def test_lock_file_names_the_holder_and_goes_away_on_close(tmp_path):
    path = tmp_path / "w.ecw"
    ws = create_workspace(path)
    holder = json.loads(lock_path(path).read_text())
    assert holder["pid"] == os.getpid()
    assert holder["host"] == socket.gethostname()
    assert holder["app"] == "Equity Cohort"
    ws.close()
    assert not lock_path(path).exists()
    again = open_workspace(path)
    again.close()
    assert not lock_path(path).exists()


def test_reading_does_not_need_the_lock(closed_workspace):
    ws = open_workspace(closed_workspace)
    try:
        check_readable_while_open(ws)
    finally:
        ws.close()


def test_a_just_created_workspace_can_be_read_while_open(ws):
    """`equitycohort info` / `backup` while the app has a new workspace open."""
    check_readable_while_open(ws)


def check_readable_while_open(ws):
    before = ws.count("programs")
    ws.insert("programs", {"name": "Visible"})
    reader = open_read_only(ws.path)
    try:
        assert reader.count("programs") == before + 1
    finally:
        reader.close()


def test_second_process_is_refused_while_the_first_holds_it(closed_workspace):
    ws = open_workspace(closed_workspace)
    try:
        child = run_child(TRY_OPEN, str(closed_workspace))
        out, err = child.communicate(timeout=60)
        assert child.returncode == 3, (out, err)
        assert out.startswith("LockedError:")
        assert f"process {os.getpid()}" in out
        assert getpass.getuser() in out
        assert socket.gethostname() in out
        assert "Traceback" not in err
    finally:
        ws.close()
    # once the holder closes, the other process gets in
    child = run_child(TRY_OPEN, str(closed_workspace))
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, (out, err)
    assert out.strip() == "opened"


def test_lock_of_a_killed_process_is_taken_over(closed_workspace):
    child = run_child(HOLD, str(closed_workspace), stdin=subprocess.PIPE)
    try:
        line = child.stdout.readline()
        assert line == "ready\n", child.stderr.read()
        with pytest.raises(LockedError) as caught:
            open_workspace(closed_workspace)
        assert f"process {child.pid}" in str(caught.value)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdin.close()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert lock_path(closed_workspace).exists()  # left behind by the killed holder

    ws = open_workspace(closed_workspace)
    try:
        names = {r["name"] for r in ws.rows("SELECT name FROM programs")}
        assert names == {"Program", "written by the holder"}
        holder = json.loads(lock_path(closed_workspace).read_text())
        assert holder["pid"] == os.getpid()
    finally:
        ws.close()


def test_the_lock_names_its_user_as_getpass_would(monkeypatch):
    import getpass

    from equitycohort.data import lock

    assert lock._user() == getpass.getuser()
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(variable, raising=False)
    assert lock._user() == getpass.getuser()  # from the password database, as getpass falls back to
    monkeypatch.setenv("USERNAME", "maria")
    assert lock._user() == "maria"
