"""Damaged files, many of them: a byte flipped at every offset of the header
and at seeded offsets all over the file, the file cut at many lengths, a
WAL left without its database, a newer version's schema still in the WAL.

Each time: ``open_workspace`` refuses with a WorkspaceError that names the
file, or (for damage SQLite cannot see, in unused space or inside a value)
opens it; nothing else ever escapes; a refused file is left byte for byte as
it was, with nothing beside it; and ``equitycohort check`` exits 0, 1 or 2
with a status line and no traceback, never "healthy" for a refused file.

tests/data/test_files.py covers one of each kind of bad file (three whole
pages flipped, three lengths, a foreign and a newer file); this sweeps them.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli
from equitycohort.data import errors
from equitycohort.data.errors import WorkspaceError
from equitycohort.data.maintenance import backup, check_workspace
from equitycohort.data.schema import SCHEMA_VERSION
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace

REPO = Path(__file__).resolve().parents[2]
SEED = 20260307
#: header bytes SQLite itself rewrites when a file is opened for writing
#: (the journal mode, 18-19; the change counter, 24-27; version-valid-for, 92-95)
HEADER_BOOKKEEPING = {18, 19, 24, 25, 26, 27, 92, 93, 94, 95}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> bytes:
    """The bytes of a closed, checkpointed workspace of about a hundred pages."""
    path = tmp_path_factory.mktemp("damaged") / "template.ecw"
    ws = create_workspace(path)
    try:
        with ws.operation("Fill") as op:
            program = op.insert("programs", {"name": "Program"})
            cohort = op.insert("cohorts", {"program_id": program, "name": "Cohort", "start_date": "2026-01-01",
                                           "end_date": "2026-06-30"})
            for n, state in enumerate(("IA", "NE", "KS", "MO")):
                team = op.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"Org {n}",
                                           "notes": "n" * 2000})
                op.insert("checkins", {"team_id": team, "date": "2026-02-01", "summary": "s" * 500,
                                       "private_notes": "private"})
            for n in range(100):
                op.insert("people", {"name": f"Person {n}", "email": f"p{n}@example.org", "notes": f"{n} " * 300})
        ws.checkpoint()
    finally:
        ws.close()
    data = path.read_bytes()
    assert len(data) // 4096 > 60
    return data


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p != path and p.name.startswith(path.name))


def try_open(path: Path) -> WorkspaceError | None:
    """open_workspace's verdict: the WorkspaceError it raised, or None when it
    opened (then closed at once, unwritten). Any other exception fails the test."""
    try:
        ws = open_workspace(path)
    except WorkspaceError as exc:
        return exc
    ws.close()
    return None


def check_exit(path: Path, capsys) -> int:
    """`equitycohort check PATH`: its exit code, once its report is seen to be whole."""
    code = cli.main(["check", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1, 2)
    assert f"workspace: {path}" in out + err
    assert ("status: healthy" in out) == (code == 0)
    assert ("problem(s) found" in out) == (code == 1)
    assert ("status: not a readable workspace" in err) == (code == 2)
    assert "Traceback" not in out + err
    return code


def assert_refused_or_opened(path: Path, capsys) -> WorkspaceError | None:
    before = path.read_bytes()
    error = try_open(path)
    after = path.read_bytes()
    if error is not None:
        message = str(error)
        assert error.reason != "error", message
        assert path.name in message, message
        assert "Traceback" not in message
        assert after == before, f"refused ({message}), yet the file was changed"
        assert side_files(path) == []
    else:
        assert len(after) == len(before)
        changed = {i for i in range(len(before)) if before[i] != after[i]} if after != before else set()
        assert changed <= HEADER_BOOKKEEPING, f"opening changed bytes {sorted(changed)[:10]}"
        assert side_files(path) == []
    code = check_exit(path, capsys)
    if error is not None:
        assert code != 0, f"open_workspace refused it ({error}), yet `check` calls it healthy"
    else:
        assert code != 2, "open_workspace opened it, yet `check` calls it unreadable"
    return error


def write_copy(template: bytes, folder: Path, name: str, data: bytes | bytearray | None = None) -> Path:
    # a file name of its own each time, so a daily backup is due on each open,
    # as on the first open of a day
    path = folder / name
    path.write_bytes(bytes(template if data is None else data))
    return path


# --- bytes flipped -----------------------------------------------------------------


def flip(template: bytes, offset: int, xor: int) -> bytearray:
    data = bytearray(template)
    data[offset] ^= xor
    return data


HEADER_FLIPS = [(offset, random.Random(SEED + offset).randrange(1, 256)) for offset in range(100)]


@pytest.mark.parametrize("offset,xor", HEADER_FLIPS, ids=[f"byte{o}^{x:#04x}" for o, x in HEADER_FLIPS])
def test_a_byte_flipped_in_the_header(template, tmp_path, capsys, offset, xor):
    path = write_copy(template, tmp_path, f"header-{offset}.ecw", flip(template, offset, xor))
    assert_refused_or_opened(path, capsys)


def body_flips(count: int = 30) -> list[tuple[int, int]]:
    rng = random.Random(SEED)
    # offsets drawn as fractions of the file, as its length is known only at run time
    return [(rng.random(), rng.randrange(1, 256)) for _ in range(count)]


@pytest.mark.parametrize("where,xor", body_flips(), ids=[f"at{w:.4f}^{x:#04x}" for w, x in body_flips()])
def test_a_byte_flipped_anywhere(template, tmp_path, capsys, where, xor):
    offset = 100 + int(where * (len(template) - 100))
    path = write_copy(template, tmp_path, f"flip-{offset}.ecw", flip(template, offset, xor))
    assert_refused_or_opened(path, capsys)


def test_a_schema_name_that_is_not_utf8(template, tmp_path, capsys):
    """A flipped bit in an index's name in the schema table: SQLite's error
    then quotes bytes that are not UTF-8 ("malformed database schema (...)").
    Found by the seeded sweep; kept as its own case."""
    record = b"idx_teams_cohort_idteams"  # the index's name, then its table's, in its schema row
    offset = template.index(record) + len("idx_teams_cohort_i")
    data = bytearray(template)
    data[offset] = 0xB0  # "d" becomes a lone continuation byte
    path = write_copy(template, tmp_path, "schema-name.ecw", data)
    before = path.read_bytes()
    error = assert_refused_or_opened(path, capsys)
    assert isinstance(error, errors.DamagedError)
    with pytest.raises(errors.DamagedError):
        open_read_only(path)
    assert path.read_bytes() == before


# --- cut short --------------------------------------------------------------------


def cut_lengths() -> list[int | float]:
    rng = random.Random(SEED + 1)
    near_start = [1, 15, 16, 50, 99, 100, 512, 4095, 4096, 4097]
    # the rest as fractions of the file: at page boundaries and anywhere
    return near_start + [("page", rng.random()) for _ in range(5)] + [("any", rng.random()) for _ in range(5)]


@pytest.mark.parametrize("cut", cut_lengths(), ids=str)
def test_cut_short(template, tmp_path, capsys, cut):
    if isinstance(cut, tuple):
        kind, fraction = cut
        length = int(fraction * len(template))
        if kind == "page":
            length = max(4096, length // 4096 * 4096)
    else:
        length = cut
    assert 0 < length < len(template)
    path = write_copy(template, tmp_path, f"cut-{length}.ecw", template[:length])
    error = assert_refused_or_opened(path, capsys)
    assert isinstance(error, (errors.DamagedError, errors.NotSQLiteError)), error


# --- a WAL without its database ------------------------------------------------------

WRITE_THEN_WAIT = """
import sys
from equitycohort.data.workspace import open_workspace
ws = open_workspace(sys.argv[1], backups=False)
for n in range(40):
    ws.insert("people", {"name": f"{sys.argv[2]} {n}", "notes": "w" * 2000})
print("ready", flush=True)
sys.stdin.read()
"""


def killed_with_writes_in_its_wal(path: Path, prefix: str) -> None:
    """A writer that committed 40 records to the WAL, then was killed."""
    child = subprocess.Popen([sys.executable, "-c", WRITE_THEN_WAIT, str(path), prefix], cwd=REPO, text=True,
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
    assert Path(f"{path}-wal").stat().st_size > 40 * 2000


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_wal_without_its_database(template, tmp_path, capsys):
    path = write_copy(template, tmp_path, "lost.ecw")
    killed_with_writes_in_its_wal(path, "Unsaved")
    path.unlink()
    leftovers = {name: (tmp_path / name).read_bytes() for name in side_files(path) if not name.endswith(".lock")}
    assert set(leftovers) == {"lost.ecw-wal", "lost.ecw-shm"}

    with pytest.raises(errors.NotFoundError) as caught:
        open_workspace(path)
    assert "lost.ecw" in str(caught.value)
    with pytest.raises(errors.NotFoundError):
        open_read_only(path)
    assert check_exit(path, capsys) == 2
    with pytest.raises(WorkspaceError, match="leftover"):
        create_workspace(path)
    assert not path.exists()
    assert {name: (tmp_path / name).read_bytes() for name in leftovers} == leftovers


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_an_orphan_wal_is_not_merged_into_a_backup_restored_in_its_place(tmp_path, capsys):
    """After a crash the user copies a backup over the workspace file; the WAL
    of the crashed session still lies beside it. Its pages belong to a later
    state of the file, not to the backup: applied to the backup they make a
    corrupt mixture. Opening must refuse (the restored file left as it is) or
    give a healthy workspace; it must never write the mixture into the file."""
    path = tmp_path / "restored.ecw"
    ws = create_workspace(path)
    for n in range(40):
        ws.insert("people", {"name": f"Early {n}", "notes": "e" * 2000})
    copy = backup(ws)
    for n in range(40):
        ws.insert("people", {"name": f"Later {n}", "notes": "l" * 2000})
    ws.close()  # checkpointed: the file has moved on from the backup
    killed_with_writes_in_its_wal(path, "Crashed")
    shutil.copyfile(copy, path)  # the restore
    restored = path.read_bytes()
    assert check_workspace(copy).healthy

    error = try_open(path)

    if error is not None:
        assert path.read_bytes() == restored, "refused, yet the restored file was changed"
    else:
        problems = check_workspace(path).problems
        damaged = bool(problems)
        assert not damaged, ("the restored backup was opened through the orphan WAL and is now damaged: "
                             + problems[0][:200])
    assert check_exit(path, capsys) in (0, 1, 2)


# --- a newer version's schema, still in the WAL -----------------------------------------

NEWER_APP = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("BEGIN IMMEDIATE")
conn.execute("ALTER TABLE programs ADD COLUMN budget REAL")
conn.execute("CREATE TABLE grants (id TEXT PRIMARY KEY, amount REAL)")
conn.execute(f"PRAGMA user_version = {int(sys.argv[2])}")
conn.execute("COMMIT")
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_newer_schema_not_yet_checkpointed(template, tmp_path, capsys):
    """A newer version of the app upgraded the file to its next format and was
    killed (or is still running) before the WAL was checkpointed: the main
    file's header still says today's format; the WAL says the next."""
    newer = SCHEMA_VERSION + 1
    path = write_copy(template, tmp_path, "upgraded.ecw")
    child = subprocess.Popen([sys.executable, "-c", NEWER_APP, str(path), str(newer)], cwd=REPO, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "ready\n", child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    # the file and its WAL (the -shm is SQLite's scratch index of the WAL, rebuilt at will)
    files = {name: (tmp_path / name).read_bytes() for name in ("upgraded.ecw", "upgraded.ecw-wal")}
    with sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == newer

    with pytest.raises(errors.NewerVersionError) as caught:
        open_workspace(path)
    assert f"format {newer}" in str(caught.value)
    assert {name: (tmp_path / name).read_bytes() for name in files} == files, "refused, yet a file changed"

    report = check_workspace(path)
    code = check_exit(path, capsys)
    assert report.schema_version == newer, f"`check` reports format {report.schema_version}; the file is at {newer}"
    assert code == 2 and any("newer version" in p for p in report.problems), report.lines()
    with pytest.raises(errors.NewerVersionError):
        open_read_only(path)
    assert {name: (tmp_path / name).read_bytes() for name in files} == files
