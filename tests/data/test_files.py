"""Bad files: each is refused with its own error and a plain message, and is
left byte for byte as it was, with nothing new beside it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from equitycohort import cli
from equitycohort.data import errors
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace

PAGE = 4096
SIDE_FILES = ("-wal", "-shm", "-journal", ".lock")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A closed, checkpointed workspace of a few hundred pages."""
    path = tmp_path_factory.mktemp("template") / "template.ecw"
    ws = create_workspace(path)
    try:
        with ws.operation("Fill") as op:
            program = op.insert("programs", {"name": "Program"})
            cohort = op.insert("cohorts", {"program_id": program, "name": "Cohort", "start_date": "2026-01-01",
                                           "end_date": "2026-06-30"})
            for n, state in enumerate(("IA", "NE", "KS", "MO", "MN", "WI")):
                op.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"Org {n}",
                                    "notes": "n" * 3000})
            for n in range(300):
                op.insert("people", {"name": f"Person {n}", "notes": f"{n} " * 400})
        ws.checkpoint()
    finally:
        ws.close()
    assert side_files(path) == []
    return path


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p != path and p.name.startswith(path.name))


def copy_of(template: Path, folder: Path, name: str = "work.ecw") -> Path:
    target = folder / name
    shutil.copyfile(template, target)
    return target


# --- the bad files ---------------------------------------------------------


def not_sqlite_text(template, folder):
    path = folder / "notes.ecw"
    path.write_text("These are my meeting notes, not a workspace.\n" * 200)
    return path


def png(template, folder):
    path = folder / "picture.ecw"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    return path


def empty(template, folder):
    path = folder / "empty.ecw"
    path.write_bytes(b"")
    return path


def sqlite_magic_then_garbage(template, folder):
    path = folder / "garbage.ecw"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    return path


def truncated(length):
    def make(template, folder):
        path = copy_of(template, folder, "cut.ecw")
        data = path.read_bytes()
        size = length if length > 0 else len(data) // 2
        assert size < len(data)
        path.write_bytes(data[:size])
        return path

    make.__name__ = f"truncated_{length or 'half'}"
    return make


def flipped(template, folder):
    """Bytes flipped in pages in the middle of a real workspace."""
    path = copy_of(template, folder, "flipped.ecw")
    data = bytearray(path.read_bytes())
    pages = len(data) // PAGE
    assert pages > 20
    for page in (pages // 4, pages // 2, 3 * pages // 4):
        for offset in range(page * PAGE, page * PAGE + PAGE):
            data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def foreign(template, folder):
    path = folder / "other-app.ecw"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("INSERT INTO recipes (title) VALUES ('Soup')")
        conn.commit()
    return path


def newer(template, folder):
    path = copy_of(template, folder, "newer.ecw")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    return path


def read_only(template, folder):
    path = copy_of(template, folder, "read-only.ecw")
    os.chmod(path, 0o444)
    return path


# (maker, error class, key phrase, `check` exit code or None when check does not apply)
CASES = [
    (not_sqlite_text, errors.NotSQLiteError, "not a database file", 2),
    (png, errors.NotSQLiteError, "not a database file", 2),
    (empty, errors.NotSQLiteError, "empty file", 2),
    (sqlite_magic_then_garbage, errors.DamagedError, "damaged", 1),
    (truncated(50), errors.DamagedError, "cut short", 1),
    (truncated(PAGE), errors.DamagedError, "cut short", 1),
    (truncated(0), errors.DamagedError, "is damaged", 1),
    (flipped, errors.DamagedError, "is damaged", 1),
    (foreign, errors.ForeignDatabaseError, "some other application", 2),
    (newer, errors.NewerVersionError, "newer version of Equity Cohort", 2),
    (read_only, errors.ReadOnlyError, "is read-only", None),
]


def params(cases):
    return [pytest.param(*case, id=case[0].__name__) for case in cases]


@pytest.mark.parametrize("maker,error,phrase,exit_code", params(CASES))
def test_bad_file_is_refused_and_left_as_it_was(template, tmp_path, maker, error, phrase, exit_code):
    path = maker(template, tmp_path)
    before = path.read_bytes()
    assert side_files(path) == []

    with pytest.raises(error) as caught:
        open_workspace(path)

    message = str(caught.value)
    assert phrase in message
    assert path.name in message
    assert "Traceback" not in message and "sqlite3." not in message
    assert caught.value.reason != "error"
    assert path.read_bytes() == before
    assert side_files(path) == []


# open_read_only does not run an integrity check (flipped), and may read a read-only file
@pytest.mark.parametrize("maker,error,phrase,exit_code",
                         params(c for c in CASES if c[0] not in (flipped, read_only)))
def test_bad_file_is_refused_read_only_too(template, tmp_path, maker, error, phrase, exit_code):
    path = maker(template, tmp_path)
    before = path.read_bytes()
    with pytest.raises(error) as caught:
        open_read_only(path)
    assert phrase in str(caught.value)
    assert path.read_bytes() == before
    assert side_files(path) == []


@pytest.mark.parametrize("maker,error,phrase,exit_code", params(c for c in CASES if c[3] is not None))
def test_check_reports_bad_file_and_leaves_it_as_it_was(template, tmp_path, capsys, maker, error, phrase,
                                                        exit_code):
    path = maker(template, tmp_path)
    before = path.read_bytes()

    code = cli.main(["check", str(path)])

    out, err = capsys.readouterr()
    assert code == exit_code
    if exit_code == 2:
        assert "status: not a readable workspace" in err
    else:
        assert "problem(s) found" in out
        assert "problem: " in out
    assert "Traceback" not in out + err
    report = check_workspace(path)
    assert not report.healthy
    assert report.problems
    assert report.exit_code == exit_code
    assert path.read_bytes() == before
    assert side_files(path) == []


def test_read_only_file_is_refused_even_for_root(template, tmp_path):
    """Tests run as root, for whom access() says yes: the owner-write bit decides."""
    path = read_only(template, tmp_path)
    with pytest.raises(errors.ReadOnlyError) as caught:
        open_workspace(path)
    assert "Copy it to a folder you can write to" in str(caught.value)


def test_healthy_workspace_checks_healthy(template, tmp_path, capsys):
    path = copy_of(template, tmp_path)
    before = path.read_bytes()
    assert cli.main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "status: healthy" in out
    assert err == ""
    assert check_workspace(path).healthy
    assert path.read_bytes() == before


def test_missing_file_is_not_found(tmp_path):
    with pytest.raises(errors.NotFoundError) as caught:
        open_workspace(tmp_path / "nowhere.ecw")
    assert "There is no file at" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_workspace(tmp_path):
    folder = tmp_path / "folder.ecw"
    folder.mkdir()
    with pytest.raises(errors.NotSQLiteError) as caught:
        open_workspace(folder)
    assert "is a folder" in str(caught.value)


def test_create_refuses_to_replace_a_file(template, tmp_path):
    path = copy_of(template, tmp_path)
    before = path.read_bytes()
    with pytest.raises(errors.WorkspaceError) as caught:
        create_workspace(path)
    assert "already exists" in str(caught.value)
    assert path.read_bytes() == before


def test_create_refuses_to_go_over_a_leftover_wal(tmp_path):
    path = tmp_path / "new.ecw"
    Path(str(path) + "-wal").write_bytes(b"leftover")
    with pytest.raises(errors.WorkspaceError) as caught:
        create_workspace(path)
    assert "leftover" in str(caught.value)
    assert not path.exists()


def test_create_in_a_missing_folder_says_so(tmp_path):
    with pytest.raises(errors.NotFoundError) as caught:
        create_workspace(tmp_path / "missing" / "new.ecw")
    assert "does not exist" in str(caught.value)
