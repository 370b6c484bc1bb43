"""A property test of the undo history: random sequences of edits (valid
ones built from the records that exist, and invalid ones that must be
refused without effect), undos and redos, through the data layer.

After every step the workspace equals the state the model expects (every
table, compared whole); at the end undoing everything gives back the
starting workspace and redoing everything gives back the final one, and
the file passes the check.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from equitycohort.data.errors import ValidationError
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.schema import SHARING_TABLES
from equitycohort.data.workspace import UNDO_LIMIT, create_workspace, open_workspace
from tests.faults.children import dump as whole_dump

STATES = ("IA", "NE", "KS", "MO", "MN")


def dump(conn) -> dict:
    """Every table compared whole, but for the journal of sharing changes (data/sharing): an undo
    or a redo is an edit like any other, shared with the other copies, so the journal records it
    (and its clock moves on) rather than forgetting the step it undoes."""
    out = whole_dump(conn)
    for table in SHARING_TABLES:
        out.pop(table, None)
    out["meta"] = [row for row in out["meta"] if not str(row[0]).startswith("sync_")]
    return out
MAX_STEPS = 20
assert MAX_STEPS < UNDO_LIMIT  # the whole history stays undoable


@pytest.fixture(scope="module")
def start_file(tmp_path_factory) -> Path:
    """A workspace with some of everything already in it, closed."""
    path = tmp_path_factory.mktemp("undo") / "start.ecw"
    ws = create_workspace(path, with_framework=False)
    with ws.operation("Start") as op:
        program = op.insert("programs", {"name": "Program", "description": "Before anything"})
        cohort = op.insert("cohorts", {"program_id": program, "name": "Cohort", "start_date": "2026-01-13",
                                       "end_date": "2026-07-13"})
        team = op.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Org"})
        partner = op.insert("partners", {"name": "Partner", "focus_areas": ["Communications"]})
        for n in range(3):
            person = op.insert("people", {"name": f"Leader {n}", "email": f"leader{n}@example.org",
                                          "partner_id": partner if n == 0 else None})
            op.insert("team_members", {"team_id": team, "person_id": person, "position": n,
                                       "is_executive_director": int(n == 0)})
        goal = op.insert("goals", {"team_id": team, "title": "Goal"})
        op.insert("actions", {"goal_id": goal, "title": "Action", "owner_id": person, "partner_id": partner})
        checkin = op.insert("checkins", {"team_id": team, "date": "2026-02-01", "facilitator_id": person,
                                         "private_notes": "private"})
        op.insert("next_steps", {"checkin_id": checkin, "description": "Next", "owner_id": person})
    ws.close()
    return path


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30)
NAME = TEXT.filter(lambda s: s.strip() != "")


class UndoMachine(RuleBasedStateMachine):
    start_file: Path
    folder: Path
    runs = 0
    #: over all runs: steps taken, refused, undone, redone, deleted with cascades
    counts: dict[str, int] = {}

    def count(self, what: str) -> None:
        UndoMachine.counts[what] = UndoMachine.counts.get(what, 0) + 1

    @initialize()
    def open_copy(self):
        UndoMachine.runs += 1
        self.path = self.folder / f"run{UndoMachine.runs}.ecw"
        shutil.copyfile(self.start_file, self.path)
        self.ws = open_workspace(self.path, backups=False)
        # this test is about what the door writes, not about when it reaches
        # the disk (the kill tests are): no fsync per write keeps it quick
        self.ws.conn.execute("PRAGMA synchronous = OFF")
        self.start = dump(self.ws.conn)
        self.undo_states = [self.start]  # the state after each step on the undo stack
        self.redo_states: list[dict] = []

    def teardown(self):
        ws = getattr(self, "ws", None)
        if ws is None:
            return
        try:
            final = dump(ws.conn)
            steps, ahead = len(ws._undo), len(ws._redo)
            for _ in range(steps):
                ws.undo()
            assert ws.undo() is None
            assert dump(ws.conn) == self.start, "undoing everything did not give back the start"
            for _ in range(steps):
                ws.redo()
            assert dump(ws.conn) == final, "redoing everything did not give back the final state"
            # and what had been undone before the end is still there to redo
            assert len(ws._redo) == ahead
            for expected in reversed(self.redo_states):
                ws.redo()
                assert dump(ws.conn) == expected
            assert ws.redo() is None
        finally:
            ws.close()
        report = check_workspace(self.path)
        assert report.healthy, report.lines()
        self.path.unlink()

    # --- helpers ---------------------------------------------------------------

    def ids(self, table: str) -> list[str]:
        # in the order the rows were written (ids are random): the same draw
        # picks the same record whenever Hypothesis replays a sequence
        return [r[0] for r in self.ws.conn.execute(f"SELECT id FROM {table} ORDER BY rowid")]

    def pick(self, data, table: str) -> str | None:
        ids = self.ids(table)
        return data.draw(st.sampled_from(ids)) if ids else None

    def did(self, write) -> None:
        """Run a write that may be refused; keep the model in step."""
        before = self.undo_states[-1]  # what the workspace holds now, as checked step by step
        labels = (self.ws.undo_label, len(self.ws._undo), len(self.ws._redo))
        try:
            write()
        except ValidationError as exc:
            assert exc.errors and str(exc).strip()
            assert dump(self.ws.conn) == before, "a refused write changed the workspace"
            assert (self.ws.undo_label, len(self.ws._undo), len(self.ws._redo)) == labels
            self.count("refused")
            return
        after = dump(self.ws.conn)
        if len(self.ws._undo) == labels[1] and self.ws.undo_label == labels[0] and after == before:
            return  # a no-op (an edit to the same values): no step
        self.undo_states.append(after)
        self.redo_states.clear()
        self.count("steps")
        if len(self.ws._undo[-1].tables) > 1:
            self.count("steps over several tables")

    # --- edits -------------------------------------------------------------------

    @rule(data=st.data(), name=NAME, description=TEXT)
    def add_program(self, data, name, description):
        self.did(lambda: self.ws.insert("programs", {"name": name, "description": description}))

    @rule(data=st.data(), name=NAME, end=st.sampled_from(["2026-07-13", "2025-12-31", "2026-02-30"]))
    def add_cohort(self, data, name, end):
        program = self.pick(data, "programs") or "missing"
        self.did(lambda: self.ws.insert("cohorts", {"program_id": program, "name": name,
                                                    "start_date": "2026-01-13", "end_date": end}))

    @rule(data=st.data(), state=st.sampled_from(STATES + ("XX",)), leaders=st.integers(0, 3))
    def add_team_with_leaders(self, data, state, leaders):
        cohort = self.pick(data, "cohorts") or "missing"

        def write():
            with self.ws.operation("Add team") as op:
                team = op.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"{state} Org"})
                for n in range(leaders):
                    person = op.insert("people", {"name": f"{state} leader {n}"})
                    op.insert("team_members", {"team_id": team, "person_id": person, "position": n})
        self.did(write)

    @rule(data=st.data())
    def add_member(self, data):
        team, person = self.pick(data, "teams"), self.pick(data, "people")
        if team and person:  # may already be a member: refused
            self.did(lambda: self.ws.insert("team_members", {"team_id": team, "person_id": person}))

    @rule(data=st.data(), name=NAME, email=st.sampled_from(["", "a@example.org", "not an e-mail"]),
          notes=TEXT)
    def edit_person(self, data, name, email, notes):
        person = self.pick(data, "people")
        if person:
            self.did(lambda: self.ws.update("people", person, {"name": name, "email": email, "notes": notes}))

    @rule(data=st.data(), phase=st.sampled_from(["planning", "active", "closed", "unknown"]))
    def edit_cohort(self, data, phase):
        cohort = self.pick(data, "cohorts")
        if cohort:
            self.did(lambda: self.ws.update("cohorts", cohort, {"phase": phase}))

    @rule(data=st.data(), notes=TEXT)
    def edit_every_leader_of_a_team(self, data, notes):
        team = self.pick(data, "teams")
        if not team:
            return
        people = [r[0] for r in self.ws.conn.execute(
            "SELECT person_id FROM team_members WHERE team_id = ? ORDER BY rowid", (team,))]

        def write():
            with self.ws.operation("Edit leaders") as op:
                for person in people:
                    op.update("people", person, {"notes": notes})
        self.did(write)

    @rule(data=st.data(), table=st.sampled_from(["people", "teams", "cohorts", "programs", "partners",
                                                 "goals", "checkins", "team_members"]))
    def delete(self, data, table):
        row_id = self.pick(data, table)
        if row_id:
            self.did(lambda: self.ws.delete(table, row_id))

    @rule()
    def refused_reference(self):
        self.did(lambda: self.ws.insert("goals", {"team_id": "no such team", "title": "Goal"}))

    # --- undo and redo ----------------------------------------------------------------

    def undo_steps(self, times: int) -> None:
        for _ in range(min(times, len(self.undo_states) - 1)):
            change = self.ws.undo()
            assert change is not None and change.direction == "undo"
            self.redo_states.append(self.undo_states.pop())
            self.count("undone")
            assert dump(self.ws.conn) == self.undo_states[-1], f"{change.label} did not give back the state before"

    def redo_steps(self, times: int) -> None:
        for _ in range(min(times, len(self.redo_states))):
            change = self.ws.redo()
            assert change is not None and change.direction == "redo"
            self.undo_states.append(self.redo_states.pop())
            self.count("redone")
            assert dump(self.ws.conn) == self.undo_states[-1], f"{change.label} did not give back the state after"

    @precondition(lambda self: len(self.undo_states) > 1)
    @rule(times=st.integers(1, 4))
    def undo(self, times):
        self.undo_steps(times)

    @precondition(lambda self: self.redo_states)
    @rule(times=st.integers(1, 4))
    def redo(self, times):
        self.redo_steps(times)

    @precondition(lambda self: len(self.undo_states) > 1)
    @rule(undos=st.integers(1, 4), redos=st.integers(1, 4))
    def undo_then_redo(self, undos, redos):
        self.undo_steps(undos)
        self.redo_steps(redos)

    @rule()
    def nothing_to_undo_or_redo_is_harmless(self):
        """Undo with nothing to undo (or redo with nothing to redo) does nothing."""
        if len(self.undo_states) == 1:
            assert self.ws.undo() is None
        if not self.redo_states:
            assert self.ws.redo() is None
        assert len(self.ws._undo) == len(self.undo_states) - 1

    @invariant()
    def history_matches_the_model(self):
        if hasattr(self, "ws"):
            assert len(self.ws._undo) == len(self.undo_states) - 1
            assert len(self.ws._redo) == len(self.redo_states)


@pytest.mark.slow
def test_undoing_everything_gives_back_the_start(start_file, tmp_path):
    UndoMachine.counts = {}
    UndoMachine.start_file = start_file
    UndoMachine.folder = tmp_path
    run_state_machine_as_test(UndoMachine, settings=settings(
        max_examples=40, stateful_step_count=MAX_STEPS, derandomize=True, database=None, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    assert UndoMachine.runs >= 40
    counts = UndoMachine.counts
    # the sequences did exercise what they are for
    wanted = {"steps": 100, "steps over several tables": 20, "refused": 50, "undone": 50, "redone": 10}
    assert all(counts.get(k, 0) >= n for k, n in wanted.items()), counts
