"""Privacy on disk: everything the app writes that holds records is readable
by its owner only, whatever the umask: the workspace, its WAL and shared
memory file (which hold the latest edits), its lock file, and every kind of
backup (daily, manual, before an upgrade, to a folder of choice, from the
command line), in a backups folder of mode 0700.

tests/data/test_durability.py proves the mode of a new workspace under
umask 0, and the modes of a manual and a daily backup under the default
umask. What a team's PDFs carry (no other team's data, no private notes
unless internal) is proved in tests/export/test_pdfs.py
(test_workplan_has_the_teams_plan_and_nothing_of_another_team,
test_checkin_history_for_the_team_never_shows_private_notes,
test_internal_checkin_history_shows_private_notes_labelled) and for batch
packets in tests/export/test_calendar_roster.py
(test_packets_make_a_folder_per_team).
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from equitycohort import cli, paths
from equitycohort.data.lock import lock_path
from equitycohort.data.maintenance import backup, copy_to
from equitycohort.data.workspace import create_workspace, open_workspace

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes exist on POSIX systems only")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The most permissive umask: any mode the app does not set itself shows."""
    old = os.umask(0)
    yield
    os.umask(old)


def fill(ws) -> None:
    program = ws.insert("programs", {"name": "Program"}).id
    ws.insert("cohorts", {"program_id": program, "name": "Cohort", "start_date": "2026-01-13",
                          "end_date": "2026-07-13", "notes": "Confidential"})


def test_the_workspace_and_every_file_beside_it_are_private(open_umask, tmp_path):
    path = tmp_path / "private.ecw"
    ws = create_workspace(path)
    try:
        fill(ws)
        beside = {p.name: mode(p) for p in tmp_path.iterdir()}
        assert beside == {"private.ecw": 0o600, "private.ecw-wal": 0o600, "private.ecw-shm": 0o600,
                          "private.ecw.lock": 0o600}
    finally:
        ws.close()
    ws = open_workspace(path)  # reopened: the new WAL and lock too
    try:
        ws.insert("programs", {"name": "Another"})
        assert {p.name: mode(p) for p in tmp_path.iterdir()} == beside
        assert lock_path(path).exists()
    finally:
        ws.close()


def test_every_kind_of_backup_is_private(open_umask, tmp_path, capsys):
    path = tmp_path / "work.ecw"
    ws = create_workspace(path)
    fill(ws)
    ws.close()
    folder = paths.backups_dir(path)

    with open_workspace(path) as ws:  # the daily backup
        manual = backup(ws)
        chosen = backup(ws, tmp_path / "chosen")
        copied = copy_to(ws, tmp_path / "copy.ecw")
    daily = sorted(folder.glob("*-daily.ecw"))
    assert len(daily) == 1

    assert cli.main(["backup", str(path), "--to", str(tmp_path / "cli")]) == 0
    from_cli = Path(capsys.readouterr().out.strip())

    assert mode(folder) == 0o700
    for made in (*daily, manual, chosen, copied, from_cli):
        assert made.exists()
        assert mode(made) == 0o600, made
    # nothing else was left behind, a partial copy least of all
    assert sorted(p.name for p in folder.iterdir()) == sorted([daily[0].name, manual.name])


def test_the_backup_before_an_upgrade_is_private(open_umask, tmp_path):
    path = tmp_path / "old.ecw"
    shutil.copyfile(FIXTURES / "workspace-v1.ecw", path)
    os.chmod(path, 0o600)
    with open_workspace(path):
        pass
    made = sorted(paths.backups_dir(path).glob("*-before-v*.ecw"))
    assert len(made) == 1
    assert mode(made[0]) == 0o600
    assert mode(made[0].parent) == 0o700


def test_a_backups_folder_made_too_open_is_closed_again(tmp_path):
    """A backups folder someone opened up (or an older version made) is made private again."""
    path = tmp_path / "work.ecw"
    ws = create_workspace(path)
    try:
        fill(ws)
        folder = paths.backups_dir(path)
        folder.mkdir(parents=True)
        os.chmod(folder, 0o755)
        backup(ws)
        assert mode(folder) == 0o700
    finally:
        ws.close()
