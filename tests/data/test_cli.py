"""The command line: `info`, `backup` and `check` for scripts; errors on
stderr with a non-zero exit and never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import __version__, cli, paths
from equitycohort.data.schema import COUNTED, KINDS, SCHEMA_VERSION
from equitycohort.data.workspace import create_workspace, open_read_only, open_workspace

REPO = Path(__file__).resolve().parents[2]


def fill(ws) -> None:
    with ws.operation("Fill") as op:
        program = op.insert("programs", {"name": "Program"})
        for c in range(2):
            cohort = op.insert("cohorts", {"program_id": program, "name": f"Cohort {c}",
                                           "start_date": "2026-01-01", "end_date": "2026-06-30"})
            for state in ("IA", "NE", "KS")[: c + 2]:
                team = op.insert("teams", {"cohort_id": cohort, "state": state, "organization": state})
                goal = op.insert("goals", {"team_id": team, "title": "G"})
                op.insert("actions", {"goal_id": goal, "title": "A"})
                op.insert("checkins", {"team_id": team, "date": "2026-02-01"})
            session = op.insert("sessions", {"cohort_id": cohort, "title": "S", "date": "2026-02-01"})
            person = op.insert("people", {"name": f"Person {c}"})
            op.insert("attendance", {"session_id": session, "person_id": person, "status": "present"})
        op.insert("partners", {"name": "Partner"})


@pytest.fixture
def workspace(tmp_path) -> Path:
    path = tmp_path / "cli.ecw"
    ws = create_workspace(path)
    fill(ws)
    ws.close()
    return path


def counts(path: Path) -> dict[str, int]:
    with open_read_only(path) as ws:
        return {t: ws.count(t) for t in KINDS}


def expected_info(path: Path) -> list[str]:
    numbers = counts(path)
    return [f"schema: {SCHEMA_VERSION}"] + [f"{label}: {numbers[table]}" for table, label in COUNTED]


def test_info_prints_the_schema_then_one_count_per_kind(workspace, capsys):
    assert cli.main(["info", str(workspace)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines == expected_info(workspace)
    assert lines[0] == f"schema: {SCHEMA_VERSION}"
    assert [line.split(":")[0] for line in lines[1:]] == [label for _, label in COUNTED]
    assert "teams: 5" in lines and "cohorts: 2" in lines and "check-ins: 5" in lines
    assert err == ""


def test_info_works_while_the_app_has_the_workspace_open(workspace, capsys):
    with open_workspace(workspace) as ws:
        ws.insert("programs", {"name": "Unsaved? No: saved at once"})
        assert cli.main(["info", str(workspace)]) == 0
    out, _ = capsys.readouterr()
    assert "programs: 2" in out.splitlines()


def test_backup_to_a_folder_prints_a_path_that_opens(workspace, tmp_path, capsys):
    target = tmp_path / "copies"
    assert cli.main(["backup", str(workspace), "--to", str(target)]) == 0
    out, err = capsys.readouterr()
    copy = Path(out.strip())
    assert len(out.strip().splitlines()) == 1
    assert copy.exists()
    assert copy.parent == target
    assert copy.suffix == ".ecw"
    assert counts(copy) == counts(workspace)
    with open_workspace(copy) as ws:  # a backup is a whole workspace
        assert ws.count("teams") == 5
    assert err == ""


def test_backup_by_default_goes_to_the_backup_folder(workspace, capsys):
    assert cli.main(["backup", str(workspace)]) == 0
    copy = Path(capsys.readouterr().out.strip())
    assert copy.parent == paths.backups_dir(workspace)
    assert counts(copy) == counts(workspace)


def test_backup_while_the_app_has_it_open(workspace, tmp_path, capsys):
    with open_workspace(workspace) as ws:
        ws.insert("programs", {"name": "Just added"})
        assert cli.main(["backup", str(workspace), "--to", str(tmp_path / "b")]) == 0
    copy = Path(capsys.readouterr().out.strip())
    assert counts(copy)["programs"] == 2


def test_check_of_a_healthy_workspace(workspace, capsys):
    assert cli.main(["check", str(workspace)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == f"workspace: {workspace}"
    assert f"schema version: {SCHEMA_VERSION} (this app: {SCHEMA_VERSION})" in out
    assert "status: healthy" in out
    assert err == ""


@pytest.mark.parametrize("command", [["info"], ["check"], ["backup"], ["backup", "--to", "{tmp}/x"]])
def test_missing_file_is_an_error_on_stderr_without_traceback(tmp_path, capsys, command):
    missing = tmp_path / "missing.ecw"
    argv = [command[0], str(missing), *[a.format(tmp=tmp_path) for a in command[1:]]]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert "There is no file at" in err
    assert "Traceback" not in err
    assert not missing.exists()


@pytest.mark.parametrize("command", ["info", "backup"])
def test_a_file_that_is_not_a_workspace_is_an_error(tmp_path, capsys, command):
    path = tmp_path / "notes.ecw"
    path.write_text("not a workspace")
    assert cli.main([command, str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("equitycohort: ")
    assert "not a database file" in err
    assert "Traceback" not in err
    assert path.read_text() == "not a workspace"


def test_backup_into_a_file_instead_of_a_folder_is_an_error(workspace, tmp_path, capsys):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    code = cli.main(["backup", str(workspace), "--to", str(not_a_folder)])
    out, err = capsys.readouterr()
    assert code != 0
    assert err.startswith("equitycohort: ")
    assert "Traceback" not in err


def test_unknown_command_is_an_error(capsys):
    assert cli.main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_missing_argument_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["info"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "Traceback" not in err


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"equitycohort {__version__}"


def test_the_installed_command_runs_as_a_module(workspace):
    done = subprocess.run([sys.executable, "-m", "equitycohort", "info", str(workspace)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected_info(workspace)
    done = subprocess.run([sys.executable, "-m", "equitycohort", "info", str(workspace) + ".nope"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("equitycohort: ")


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """`equitycohort list sessions PATH | head -1`: the pipe closing is not reported as a failure."""
    import os
    import subprocess
    import sys

    from equitycohort.data.demo import populate_demo
    from equitycohort.data.workspace import create_workspace

    path = tmp_path / "demo.ecw"
    ws = create_workspace(path)
    populate_demo(ws)
    ws.checkpoint()
    ws.close()
    child = subprocess.Popen([sys.executable, "-m", "equitycohort", "list", "sessions", str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "EQUITYCOHORT_LANG": "en"})
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first line is written
    err = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=60) == 0
    assert "Broken pipe" not in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [[], ["a.ecw"], ["a.ecw", "--exit-after-startup"], ["--exit-after-startup"],
                                  ["--exit-after-startup", "Team (copy).ecw"]])
def test_a_plain_start_reads_its_arguments_as_the_parser_would(argv):
    assert cli._plain_gui_args(argv) == cli._gui_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [["a.ecw", "b.ecw"], ["--self-test"], ["--exit-after"], ["-x", "a.ecw"], ["--"]])
def test_anything_else_goes_to_the_parser(argv):
    assert cli._plain_gui_args(argv) is None
