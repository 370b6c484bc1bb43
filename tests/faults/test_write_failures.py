"""A write the disk cannot take: full, or the file gone read-only under the
app. Each time a WriteFailedError with a plain message, the workspace
exactly as it was (every table), no undo step gained or lost, no listener
told of a change, and once the trouble is gone writes work again."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest

from equitycohort.data.errors import WorkspaceError, WriteFailedError
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.roster import COLUMNS, import_roster
from tests.faults.children import dump

NO_LIMIT = 1_073_741_823
BIG = "A long note about the team's work.\n" * 4000  # 140,000 characters: dozens of new pages


@pytest.fixture
def filled(ws, cohort):
    with ws.operation("Fill") as op:
        for state in ("IA", "NE"):
            team = op.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"{state} org"})
            for n in range(3):
                person = op.insert("people", {"name": f"{state} leader {n}", "notes": "n" * 500})
                op.insert("team_members", {"team_id": team, "person_id": person, "position": n})
    return ws


class Watch:
    """What must not move when a write fails."""

    def __init__(self, ws):
        self.ws = ws
        self.changes: list = []
        ws.subscribe(self.changes.append)
        self.dump = dump(ws.conn)
        self.undo, self.redo = list(ws._undo), list(ws._redo)
        self.labels = (ws.undo_label, ws.redo_label)

    def assert_unchanged(self) -> None:
        ws = self.ws
        assert not ws.conn.in_transaction
        assert dump(ws.conn) == self.dump, "the failed write left something behind"
        assert (ws.undo_label, ws.redo_label) == self.labels
        assert ws._undo == self.undo and ws._redo == self.redo
        assert self.changes == [], "a listener was told of a change that was not saved"
        ws.unsubscribe(self.changes.append)


def assert_plain(error: WorkspaceError, phrase: str) -> None:
    message = str(error)
    assert isinstance(error, WriteFailedError)
    assert error.reason == "write-failed"
    assert phrase in message
    assert message.startswith("The change was not saved: ")
    assert "The workspace is as it was before." in message
    assert "sqlite" not in message.lower() and "Traceback" not in message


@contextmanager
def disk_full(ws, room: int = 0):
    """Room for ``room`` more pages only: SQLITE_FULL on the next one needed."""
    assert ws.scalar("PRAGMA freelist_count") == 0
    pages = ws.scalar("PRAGMA page_count") + room
    assert ws.scalar(f"PRAGMA max_page_count = {pages}") == pages
    try:
        yield
    finally:
        ws.conn.execute(f"PRAGMA max_page_count = {NO_LIMIT}")


def use_up_free_pages(ws) -> None:
    """Fill the free list with a table of the test's own, outside the door,
    so that the next write needs new pages."""
    ws.conn.execute("CREATE TABLE IF NOT EXISTS ballast (b BLOB)")
    while ws.scalar("PRAGMA freelist_count"):
        ws.conn.execute("INSERT INTO ballast VALUES (zeroblob(?))", (ws.scalar("PRAGMA page_size") // 2,))


# --- the disk is full ------------------------------------------------------------


def test_a_big_insert_on_a_full_disk(filled, program):
    ws = filled
    watch = Watch(ws)
    with disk_full(ws), pytest.raises(WriteFailedError) as caught:
        ws.insert("programs", {"name": "Huge", "description": BIG})
    assert_plain(caught.value, "the disk is full")
    watch.assert_unchanged()

    change = ws.insert("programs", {"name": "Huge", "description": BIG})
    assert ws.get("programs", change.id)["description"] == BIG
    assert ws.undo_label == "Add program"
    assert check_workspace(ws.path).healthy


def test_a_full_disk_in_the_middle_of_an_operation_of_many_rows(filled, cohort):
    """The first rows fit, a later one does not: none of them is kept."""
    ws = filled
    watch = Watch(ws)
    written = []
    with disk_full(ws, room=20), pytest.raises(WriteFailedError) as caught, ws.operation("Add many people") as op:
        for n in range(200):
            written.append(op.insert("people", {"name": f"Person {n}", "notes": "x" * 3000}))
    assert_plain(caught.value, "the disk is full")
    assert 1 < len(written) < 200, "the limit should bite in the middle of the operation"
    watch.assert_unchanged()
    assert all(ws.get("people", row_id) is None for row_id in written)


def test_a_full_disk_during_an_update_of_many_rows(filled):
    ws = filled
    people = [r["id"] for r in ws.rows("SELECT id FROM people ORDER BY id")]
    watch = Watch(ws)
    with disk_full(ws), pytest.raises(WriteFailedError) as caught, ws.operation("Long notes for everyone") as op:
        for person in people:
            op.update("people", person, {"notes": BIG[:60_000]})
    assert_plain(caught.value, "the disk is full")
    watch.assert_unchanged()


def test_a_full_disk_during_undo_and_redo(filled):
    ws = filled
    row_id = ws.insert("programs", {"name": "Huge", "description": BIG}).id
    ws.undo()
    assert ws.get("programs", row_id) is None
    use_up_free_pages(ws)

    watch = Watch(ws)
    with disk_full(ws), pytest.raises(WriteFailedError) as caught:
        ws.redo()
    assert_plain(caught.value, "the disk is full")
    watch.assert_unchanged()
    assert ws.redo_label == "Add program"

    ws.redo()  # room again: the step is still there to redo
    assert ws.get("programs", row_id)["description"] == BIG

    ws.delete("programs", row_id)
    use_up_free_pages(ws)
    watch = Watch(ws)
    with disk_full(ws), pytest.raises(WriteFailedError) as caught:
        ws.undo()
    assert_plain(caught.value, "the disk is full")
    watch.assert_unchanged()
    assert ws.undo_label == "Delete program"
    ws.undo()
    assert ws.get("programs", row_id)["description"] == BIG


def test_a_full_disk_during_a_roster_import(filled, cohort):
    ws = filled
    lines = [",".join(COLUMNS)] + [f"KS,Kansas Action,Person {n},Member,p{n}@example.org,,,"
                                   for n in range(300)]
    watch = Watch(ws)
    with disk_full(ws, room=8), pytest.raises(WriteFailedError) as caught:
        import_roster(ws, cohort, "\n".join(lines).encode())
    assert_plain(caught.value, "the disk is full")
    watch.assert_unchanged()
    plan = import_roster(ws, cohort, "\n".join(lines).encode())
    assert plan.applied and ws.count("people") == 6 + 300
    assert ws.undo_label == "Import roster"


# --- the file turns read-only under the app ----------------------------------------


def test_query_only_connection_refuses_every_kind_of_write(filled, program):
    ws = filled
    person = ws.rows("SELECT id FROM people ORDER BY id")[0]["id"]
    ws.insert("programs", {"name": "To undo"})
    watch = Watch(ws)
    ws.conn.execute("PRAGMA query_only = ON")
    try:
        attempts = [
            lambda: ws.insert("programs", {"name": "New"}),
            lambda: ws.update("people", person, {"name": "Renamed"}),
            lambda: ws.delete("programs", program),
            ws.undo,
        ]
        for attempt in attempts:
            with pytest.raises(WriteFailedError) as caught:
                attempt()
            assert_plain(caught.value, "it has become read-only")
    finally:
        ws.conn.execute("PRAGMA query_only = OFF")
    watch.assert_unchanged()
    ws.undo()
    ws.update("people", person, {"name": "Renamed"})
    assert ws.get("people", person)["name"] == "Renamed"


def test_a_file_reopened_read_only_under_the_app(filled):
    """What a write meets when the file (or its folder) lost its write
    permission while the app had it open, as a fresh connection sees it.
    (Tests run as root, for whom chmod would not stop a write.)"""
    ws = filled
    watch = Watch(ws)
    writable = ws.conn
    read_only = sqlite3.connect(ws.path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
    read_only.row_factory = sqlite3.Row
    read_only.execute("PRAGMA foreign_keys = ON")
    ws.conn = read_only
    try:
        with pytest.raises(WriteFailedError) as caught, ws.operation("Two programs") as op:
            op.insert("programs", {"name": "One"})
            op.insert("programs", {"name": "Two"})
        assert_plain(caught.value, "it has become read-only")
    finally:
        ws.conn = writable
        read_only.close()
    watch.assert_unchanged()
    ws.insert("programs", {"name": "One"})
    assert check_workspace(ws.path).healthy
