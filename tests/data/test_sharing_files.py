"""Changes files that cannot be used are refused with the workspace left byte for
byte as it was; an import killed at any point leaves all of it or none; and the
merge (apsw's SQLite) never holds the workspace file while the app's does."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from equitycohort import cli
from equitycohort.data.sharing.changesfile import ChangesFileError, read_changes_file
from equitycohort.data.sharing.exchange import export_changes, import_changes, preview_import
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace
from tests.data.sharing_support import AUTHORS, build_base, copies, dump

REPO = Path(__file__).resolve().parents[2]
MARIA, JO = AUTHORS[0], AUTHORS[1]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("base") / "base.ecw"
    build_base(path)
    return path


@pytest.fixture
def setup(base, tmp_path):
    """Maria's copy (closed) and a good changes file from Jo's copy."""
    a, b = copies(base, tmp_path, 2)
    b.update("teams", b.scalar("SELECT id FROM teams"), {"organization": "Jo's name"})
    b.insert("people", {"name": "Added by Jo"})
    good = tmp_path / "jo.ecchanges"
    export_changes(b, good, JO)
    b.close()
    a.checkpoint()
    a.close()
    return a.path, good


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The workspace file's bytes, and what lies beside it."""
    sides = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path)
    return hashlib.sha256(path.read_bytes()).hexdigest(), sides


def rezip(source: Path, target: Path, *, manifest=None, payload=None, extra=None) -> Path:
    with zipfile.ZipFile(source) as archive:
        old_manifest = json.loads(archive.read("manifest.json"))
        old_payload = archive.read("changes.changeset")
    new_manifest = manifest(old_manifest) if manifest else old_manifest
    new_payload = payload(old_payload) if payload else old_payload
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(new_manifest))
        archive.writestr("changes.changeset", new_payload)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def with_digest(manifest: dict, payload: bytes) -> dict:
    manifest["changeset"]["sha256"] = hashlib.sha256(payload).hexdigest()
    return manifest


GARBAGE = b"\x00\x01 not a changeset at all " * 20


def bad_files(good: Path, folder: Path, workspace: Path) -> dict[str, tuple[Path, str]]:
    """Every kind of file that must be refused, and the words its refusal says."""
    data = good.read_bytes()
    made: dict[str, tuple[Path, str]] = {}

    def write(name: str, content: bytes) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    made["truncated to half"] = (write("half.ecchanges", data[: len(data) // 2]), "damaged or incomplete")
    made["truncated by a few bytes"] = (write("short.ecchanges", data[:-7]), "damaged or incomplete")
    made["empty"] = (write("empty.ecchanges", b""), "not a changes file")
    made["not a zip"] = (write("text.ecchanges", b"Hello, this is a letter.\n" * 40), "not a changes file")
    made["a workspace"] = (workspace, "not a changes file")
    made["another zip"] = (write("photos.ecchanges", _zip({"photo.jpg": b"\xff\xd8"})), "not a changes file")
    made["a payload tampered with"] = (
        rezip(good, folder / "tampered.ecchanges", payload=lambda p: p[:-3] + bytes([p[-3] ^ 0xFF]) + p[-2:]),
        "do not match their checksum")
    made["a newer format"] = (
        rezip(good, folder / "newer-format.ecchanges", manifest=lambda m: {**m, "version": 2}),
        "newer version of Equity Cohort")
    made["a newer workspace schema"] = (
        rezip(good, folder / "newer-schema.ecchanges",
              manifest=lambda m: {**m, "workspace": {**m["workspace"], "schema_version": 99}}),
        "newer version of Equity Cohort")
    made["a changeset that is not one"] = (
        rezip(good, folder / "garbage.ecchanges", payload=lambda p: GARBAGE,
              manifest=lambda m: with_digest(m, GARBAGE)),
        "damaged")
    made["fields this app does not know"] = (
        rezip(good, folder / "columns.ecchanges",
              manifest=lambda m: {**m, "tables": {**m["tables"], "teams": ["id", "name"]}}),
        "fields this app expects")
    made["a manifest without an author"] = (
        rezip(good, folder / "anonymous.ecchanges", manifest=lambda m: {k: v for k, v in m.items() if k != "author"}),
        "manifest is damaged")
    made["no changes member"] = (write("nochanges.ecchanges", _zip({"manifest.json": json.dumps(
        json.loads(zipfile.ZipFile(good).read("manifest.json"))).encode()})), "changeset is missing")
    return made


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_every_unusable_changes_file_is_refused_and_the_workspace_is_unchanged(setup, tmp_path, capsys):
    workspace, good = setup
    before = fingerprint(workspace)
    for what, (path, words) in bad_files(good, tmp_path, workspace).items():
        with pytest.raises(ChangesFileError, match=words):
            read_changes_file(path)
        with open_workspace(workspace, backups=False) as ws:
            for attempt in (import_changes, preview_import):
                with pytest.raises(ChangesFileError) as refused:
                    attempt(ws, path)
                assert str(refused.value).endswith("Nothing was changed."), what
                assert path.name in str(refused.value)
        assert fingerprint(workspace) == before, what
        # the command line refuses it the same way, exit 1, one plain line on stderr
        assert cli.main(["changes", "import", str(workspace), str(good), str(path)]) == 1, what
        out, err = capsys.readouterr()
        assert out == "" and err.startswith("equitycohort: ") and "Traceback" not in err, what
        assert fingerprint(workspace) == before, what  # the good file beside it was not imported either


def test_a_file_of_another_workspace_is_refused_by_the_command_line_too(setup, tmp_path, capsys):
    workspace, _ = setup
    other = create_workspace(tmp_path / "other.ecw", with_framework=False)
    other.author = MARIA.id
    other.insert("programs", {"name": "Elsewhere"})
    foreign = tmp_path / "foreign.ecchanges"
    export_changes(other, foreign, MARIA)
    other.close()
    before = fingerprint(workspace)
    assert cli.main(["changes", "import", str(workspace), str(foreign)]) == 1
    assert "comes from another workspace" in capsys.readouterr().err
    assert fingerprint(workspace) == before


def test_the_good_file_still_imports(setup):
    workspace, good = setup
    with open_workspace(workspace, backups=False) as ws:
        report = import_changes(ws, good)
        assert (report.new, report.updated) == (1, 1)


# --- killed in the middle of an import ---------------------------------------------

IMPORTER = """
import sys
from equitycohort.data.workspace import Workspace, open_workspace
from equitycohort.data.sharing.exchange import import_changes
stop_at = int(sys.argv[3])
real = Workspace._write_row
count = 0

def counting(self, table, row_id, row, insert_only=False):
    global count
    real(self, table, row_id, row, insert_only)
    count += 1
    if count == stop_at:
        print(f"wrote {count}", flush=True)
        sys.stdin.readline()  # wait here, inside the import's transaction, to be killed

Workspace._write_row = counting
ws = open_workspace(sys.argv[1], backups=False)
report = import_changes(ws, sys.argv[2])
print(f"imported {count}", flush=True)
sys.stdin.readline()
"""


def run_importer(workspace: Path, changes: Path, stop_at: int) -> str:
    """Import in a child process and SIGKILL it when it says where it is."""
    child = subprocess.Popen([sys.executable, "-c", IMPORTER, str(workspace), str(changes), str(stop_at)],
                             cwd=REPO, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    try:
        line = child.stdout.readline()
        assert line, f"the importer stopped early: {child.stderr.read()}"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()
    assert child.returncode == -signal.SIGKILL
    return line.strip()


@pytest.fixture
def big_import(base, tmp_path):
    """Maria's copy (closed), Jo's file of a few hundred changes, and both end states."""
    a, b = copies(base, tmp_path, 2)
    with b.operation("Many") as op:
        cohort = b.scalar("SELECT id FROM cohorts")
        for n in range(120):
            person = op.insert("people", {"name": f"Person {n}", "email": f"p{n}@example.org"})
            op.insert("checkins", {"team_id": b.scalar("SELECT id FROM teams"), "date": "2026-03-01",
                                   "facilitator_id": person, "summary": f"Call {n}"})
        op.insert("teams", {"cohort_id": cohort, "state": "KS", "organization": "Kansas"})
    b.update("teams", b.scalar("SELECT id FROM teams WHERE state = 'IA'"), {"notes": "Jo's notes"})
    changes = tmp_path / "jo.ecchanges"
    export_changes(b, changes, JO)
    b.close()
    a.close()
    expected = tmp_path / "expected.ecw"
    expected.write_bytes(a.path.read_bytes())
    with open_workspace(expected, backups=False) as ws:
        report = import_changes(ws, changes)
        after = dump(ws)
        writes = len(report.changes)
    with open_read_only(a.path) as ws:
        before = dump(ws)
    return a.path, changes, before, after, writes


@pytest.mark.slow
def test_an_import_killed_at_any_point_leaves_all_of_it_or_none(big_import):
    workspace, changes, before, after, writes = big_import
    assert writes > 200
    for stop_at in (1, writes // 3, writes - 1):
        assert run_importer(workspace, changes, stop_at) == f"wrote {stop_at}"
        with open_workspace(workspace, backups=False) as ws:
            assert ws.scalar("PRAGMA integrity_check") == "ok"
            assert dump(ws) == before, f"killed after {stop_at} of {writes} writes: part of the import is there"
            assert ws.scalar("SELECT count(*) FROM sync_imports") == 0
    assert run_importer(workspace, changes, 10**9) == f"imported {writes}"  # killed once it has returned
    with open_workspace(workspace, backups=False) as ws:
        assert dump(ws) == after
        assert ws.scalar("SELECT count(*) FROM sync_imports") == 1


# --- two SQLite libraries, one file ------------------------------------------------------


def open_on(path: Path) -> set[int]:
    """The descriptors this process holds on a file or the files beside it (-wal, -shm)."""
    names = {os.path.realpath(path), *(os.path.realpath(f"{path}{s}") for s in ("-wal", "-shm", "-journal"))}
    held = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") in names:
                held.add(int(fd))
        except OSError:
            continue
    return held


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to list open files")
def test_the_merge_never_holds_the_workspace_file_while_the_app_does(base, tmp_path, monkeypatch):
    import apsw

    a, b = copies(base, tmp_path, 2)
    b.update("teams", b.scalar("SELECT id FROM teams"), {"organization": "Jo's name"})
    a.update("teams", a.scalar("SELECT id FROM teams"), {"organization": "Maria's name"})
    changes = tmp_path / "jo.ecchanges"
    export_changes(b, changes, JO)
    b.close()
    apps_own = open_on(a.path)
    assert apps_own, "the app's connection holds the workspace file"
    opened: list[str] = []
    checks: list[set[int]] = []
    RealConnection = apsw.Connection

    class Watched(RealConnection):  # type: ignore[misc, valid-type]
        def __init__(self, filename, *args, **kwargs):
            opened.append(filename)
            super().__init__(filename, *args, **kwargs)
            checks.append(open_on(a.path))

    RealChangeset = apsw.Changeset

    class WatchedChangeset:
        @staticmethod
        def apply(changeset, db, **kwargs):
            checks.append(open_on(a.path))
            return RealChangeset.apply(changeset, db, **kwargs)

        @staticmethod
        def iter(changeset, **kwargs):
            for change in RealChangeset.iter(changeset, **kwargs):
                checks.append(open_on(a.path))
                yield change

    monkeypatch.setattr(apsw, "Connection", Watched)
    monkeypatch.setattr(apsw, "Changeset", WatchedChangeset)
    report = import_changes(a, changes)
    export_changes(a, tmp_path / "maria.ecchanges", MARIA)
    assert report.conflicts == 1
    assert opened and set(opened) == {":memory:"}, opened  # apsw only ever opens scratch databases
    assert checks and all(held == apps_own for held in checks), "apsw held the workspace file"
    a.close()
    # the instrument itself sees an apsw connection on a file (another file: never the workspace)
    elsewhere = tmp_path / "elsewhere.sqlite"
    connection = RealConnection(str(elsewhere))
    connection.execute("CREATE TABLE t (x)")
    assert open_on(elsewhere)
    connection.close()
