"""Listing a workspace's backups and restoring one into a new file beside it."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest

from equitycohort import paths
from equitycohort.data.backups import list_backups, restore_backup
from equitycohort.data.errors import WorkspaceError
from equitycohort.data.maintenance import backup
from equitycohort.data.workspace import open_workspace


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_team(ws, cohort, state):
    return ws.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"{state} org"}).id


def test_backups_are_listed_newest_first_with_what_each_holds(ws, cohort):
    team = add_team(ws, cohort, "IA")
    first = backup(ws)
    ws.insert("checkins", {"team_id": team, "date": "2026-02-01", "mode": "call"})
    add_team(ws, cohort, "MN")
    second = backup(ws, reason="daily")
    found = list_backups(ws.path)
    assert [b.path for b in found] == [second, first]
    assert [(b.teams, b.checkins, b.reason_label, b.usable) for b in found] == [
        (2, 1, "Daily", True), (1, 0, "Made by hand", True)]
    assert all(b.size == b.path.stat().st_size > 0 for b in found)
    assert found[0].made.date() == dt.date.today()


def test_a_workspace_with_no_backups_lists_none(ws):
    assert list_backups(ws.path) == []


def test_a_damaged_backup_or_one_from_a_newer_version_is_listed_but_not_restorable(ws, cohort):
    add_team(ws, cohort, "IA")
    good = backup(ws)
    damaged = backup(ws, reason="daily")
    damaged.write_bytes(damaged.read_bytes()[:2048])
    newer = backup(ws, reason="manual")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    by_path = {b.path: b for b in list_backups(ws.path)}
    assert by_path[good].usable
    assert "damaged" in by_path[damaged].problem or "cannot be read" in by_path[damaged].problem
    assert by_path[newer].problem == "made by a newer version of Equity Cohort"
    before = digest(ws.path)
    with pytest.raises(WorkspaceError, match="cannot be restored: it is made by a newer version"):
        restore_backup(by_path[newer], ws.path)
    assert digest(ws.path) == before


def test_a_restore_makes_a_new_file_beside_the_workspace_and_leaves_it_alone(ws, cohort):
    add_team(ws, cohort, "IA")
    ws.checkpoint()
    [made] = [backup(ws)]
    add_team(ws, cohort, "MN")  # work done after the backup
    ws.checkpoint()
    before = digest(ws.path)
    [info] = list_backups(ws.path)
    restored = restore_backup(info, ws.path)
    assert restored.parent == ws.path.parent and restored != ws.path and restored != made
    assert restored.name == f"test restored {info.made:%Y-%m-%d %H%M}.ecw"
    assert digest(ws.path) == before
    copy = open_workspace(restored)
    try:
        assert copy.count("teams") == 1
    finally:
        copy.close()
    again = restore_backup(info, ws.path)  # a second restore never replaces the first
    assert again.name == f"test restored {info.made:%Y-%m-%d %H%M} (2).ecw" and restored.exists()


def test_only_this_workspace_s_backups_are_listed(ws, cohort, tmp_path):
    from equitycohort.data.workspace import create_workspace

    other = create_workspace(tmp_path / "test 2.ecw", with_framework=False)
    try:
        backup(other)
        assert list_backups(ws.path) == []
        assert paths.backups_dir(other.path) != paths.backups_dir(ws.path)
    finally:
        other.close()
