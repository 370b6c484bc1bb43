"""`equitycohort changes export|import|conflicts`: sharing changes from scripts."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli, identity
from equitycohort.data.workspace import open_read_only, open_workspace
from tests.data.sharing_support import build_base

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("base") / "base.ecw"
    ids = build_base(path)
    return path, ids


@pytest.fixture
def two(base, tmp_path):
    """Two closed copies of one workspace: a.ecw (this computer's user) and b.ecw."""
    path, ids = base
    for name in ("a.ecw", "b.ecw"):
        (tmp_path / name).write_bytes(path.read_bytes())
    return tmp_path / "a.ecw", tmp_path / "b.ecw", ids


def edit(path: Path, author: str | None, table: str, row_id: str, values: dict) -> None:
    with open_workspace(path, backups=False) as ws:
        ws.author = author
        ws.update(table, row_id, values)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_needs_to_know_who_you_are(two, tmp_path, capsys):
    a, _, ids = two
    edit(a, None, "teams", ids["team"], {"notes": "mine"})
    out = tmp_path / "mine.ecchanges"
    assert cli.main(["changes", "export", str(a), "--out", str(out)]) == 2
    assert 'add --as "Name, Organization"' in capsys.readouterr().err
    assert not out.exists()
    assert cli.main(["changes", "export", str(a), "--out", str(out), "--as", "Maria Lopez, Child Trends"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [str(out), "new: 0", "updated: 1", "deleted: 0"]
    assert out.exists()


def test_export_with_the_settings_identity_then_nothing_new(two, tmp_path, capsys):
    a, _, ids = two
    identity.save(identity.make("Jo Park", "Policy Center", identity.current().id))
    edit(a, None, "teams", ids["team"], {"notes": "mine"})
    first = tmp_path / "1.ecchanges"
    assert cli.main(["changes", "export", str(a), "--out", str(first)]) == 0
    capsys.readouterr()
    second = tmp_path / "2.ecchanges"
    assert cli.main(["changes", "export", str(a), "--out", str(second)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no changes of yours since your last share" in err and not second.exists()
    assert cli.main(["changes", "export", str(a), "--out", str(second), "--all"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["new: 0", "updated: 1", "deleted: 0"]


def test_export_refuses_a_name_that_is_not_a_changes_file(two, tmp_path, capsys):
    a, _, _ = two
    assert cli.main(["changes", "export", str(a), "--out", str(tmp_path / "x.pdf"), "--as", "A, B"]) == 2
    assert "ends in .ecchanges" in capsys.readouterr().err
    assert cli.main(["changes", "export", str(a), "--out", str(a), "--as", "A, B"]) == 2
    assert digest(a)


def test_import_prints_the_four_counts_and_dry_run_changes_nothing(two, tmp_path, capsys):
    a, b, ids = two
    edit(a, None, "teams", ids["team"], {"organization": "Maria's name"})
    edit(b, "b" * 32, "teams", ids["team"], {"organization": "Jo's name"})
    with open_workspace(b, backups=False) as ws:
        ws.author = "b" * 32
        ws.insert("people", {"name": "Added by Jo"})
    changes = tmp_path / "jo.ecchanges"
    identity.save(identity.make("Jo Park", "Policy Center", "b" * 32))
    assert cli.main(["changes", "export", str(b), "--out", str(changes)]) == 0
    capsys.readouterr()
    identity.save(identity.make("Maria Lopez", "Child Trends", "a" * 32))
    before = digest(a)
    assert cli.main(["changes", "import", str(a), str(changes), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["new: 1", "updated: 1", "deleted: 0", "conflicts: 1"]
    assert "Jo Park, Policy Center: 1 new, 1 updated, 0 deleted, 1 to review" in err
    assert digest(a) == before
    assert cli.main(["changes", "import", str(a), str(changes), str(changes)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["new: 1", "updated: 1", "deleted: 0", "conflicts: 1"]  # the second: nothing new
    assert "imported before: nothing new" in err
    assert cli.main(["changes", "conflicts", str(a)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    fields = line.split("\t")
    assert fields[1:4] == ["value", "state team “Jo's name”", "Organization"]
    assert fields[4].startswith("mine: Maria's name (someone not yet named") or fields[4].startswith("mine: Maria")
    assert fields[5].startswith("theirs: Jo's name (Jo Park, Policy Center, ")
    assert fields[6] == "kept: theirs"
    with open_read_only(a) as ws:
        assert ws.get("teams", ids["team"])["organization"] == "Jo's name"


def test_import_of_a_missing_file_is_a_usage_error(two, capsys):
    a, _, _ = two
    assert cli.main(["changes", "import", str(a), "nowhere.ecchanges"]) == 2
    assert "nowhere.ecchanges: no such file" in capsys.readouterr().err


def test_conflicts_of_a_workspace_without_any_print_nothing(two, capsys):
    a, _, _ = two
    assert cli.main(["changes", "conflicts", str(a)]) == 0
    assert capsys.readouterr().out == ""


def test_the_changes_command_is_in_the_help():
    done = subprocess.run([sys.executable, "-m", "equitycohort", "--help"], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert "changes export PATH --out FILE" in done.stdout
    assert "changes import PATH FILE... [--dry-run]" in done.stdout
    assert "changes conflicts PATH" in done.stdout
