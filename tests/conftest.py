"""Shared fixtures: every test gets its own app home and a fresh workspace."""

from __future__ import annotations

import os

# Qt renders offscreen in tests unless a display is asked for explicitly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from equitycohort.data.workspace import create_workspace  # noqa: E402


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory, monkeypatch):
    """Keep settings, logs and backups of each test in a folder of its own."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("EQUITYCOHORT_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def english_command_line(monkeypatch):
    """The command line speaks the machine's language; the suite reads it in English whatever the
    machine's is (a test of another language sets EQUITYCOHORT_LANG itself)."""
    monkeypatch.setenv("EQUITYCOHORT_LANG", "en")


@pytest.fixture
def ws(tmp_path):
    """An empty workspace (no default framework either), closed after the test."""
    workspace = create_workspace(tmp_path / "test.ecw", with_framework=False)
    yield workspace
    workspace.close()


@pytest.fixture
def program(ws):
    return ws.insert("programs", {"name": "Operationalizing Equity"}).id


@pytest.fixture
def cohort(ws, program):
    return ws.insert("cohorts", {
        "program_id": program, "name": "Cohort 1",
        "start_date": "2026-01-13", "end_date": "2026-07-13",
    }).id
