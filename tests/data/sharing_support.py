"""Shared by the tests of sharing changes: a base workspace holding every kind of
record, copies of it with their own authors, and a canonical dump of what each shows."""

from __future__ import annotations

import shutil
from pathlib import Path

from equitycohort.data.schema import KINDS
from equitycohort.data.sharing.changesfile import Author
from equitycohort.data.workspace import Workspace, create_workspace, open_workspace

AUTHORS = [Author(f"{n:x}" * 32, name, org) for n, (name, org) in enumerate([
    ("Maria Lopez", "Child Trends"), ("Jo Park", "Policy Center"), ("Sam Ortiz", "Welcoming Coalition"),
    ("Lee Chen", "Story Lab"), ("Ana Diaz", "Community Lead"),
], start=10)]


def build_base(path: Path) -> dict[str, str]:
    """A workspace with at least one record of every kind; returns some of their ids."""
    ws = create_workspace(path, with_framework=False)
    ids: dict[str, str] = {}
    with ws.operation("Base") as op:
        ids["program"] = op.insert("programs", {"name": "Operationalizing Equity", "organization": "Lead"})
        ids["cohort"] = op.insert("cohorts", {"program_id": ids["program"], "name": "Cohort 1",
                                              "start_date": "2026-01-13", "end_date": "2026-07-13"})
        ids["partner"] = op.insert("partners", {"name": "Data Partner", "focus_areas": ["Communications"]})
        people = [op.insert("people", {"name": f"Leader {n}", "email": f"l{n}@example.org"}) for n in range(6)]
        ids["facilitator"] = op.insert("people", {"name": "Facilitator", "kind": "facilitator",
                                                  "partner_id": ids["partner"]})
        teams = []
        for n, state in enumerate(("IA", "NE")):
            team = op.insert("teams", {"cohort_id": ids["cohort"], "state": state, "organization": f"Org {state}"})
            teams.append(team)
            for k in range(3):
                op.insert("team_members", {"team_id": team, "person_id": people[3 * n + k],
                                           "is_executive_director": int(k == 0), "position": k})
        ids["team"] = teams[0]
        ids["session"] = op.insert("sessions", {"cohort_id": ids["cohort"], "title": "Kickoff",
                                                "date": "2026-01-20", "partner_id": ids["partner"]})
        op.insert("sessions", {"cohort_id": ids["cohort"], "title": "Team support", "kind": "team",
                               "team_id": teams[1], "date": "2026-02-03"})
        op.insert("session_facilitators", {"session_id": ids["session"], "person_id": ids["facilitator"]})
        for person in people[:4]:
            op.insert("attendance", {"session_id": ids["session"], "person_id": person, "status": "present"})
        framework = op.insert("frameworks", {"name": "Equity journey"})
        dims = [op.insert("dimensions", {"framework_id": framework, "name": f"Dimension {n}", "position": n})
                for n in range(2)]
        levels = [op.insert("levels", {"framework_id": framework, "rank": r, "name": f"Stage {r}"})
                  for r in (1, 2, 3)]
        for dim in dims:
            for level in levels:
                op.insert("descriptors", {"dimension_id": dim, "level_id": level, "text": "Descriptor"})
        assessment = op.insert("assessments", {"team_id": teams[0], "framework_id": framework,
                                               "round": "baseline", "date": "2026-01-15"})
        op.insert("ratings", {"assessment_id": assessment, "dimension_id": dims[0], "level": 1})
        goal = op.insert("goals", {"team_id": teams[0], "title": "Publish data", "target": 4.0})
        op.insert("actions", {"goal_id": goal, "title": "Draft", "owner_id": people[0], "partner_id": ids["partner"]})
        op.insert("milestones", {"team_id": teams[0], "goal_id": goal, "title": "Draft done"})
        checkin = op.insert("checkins", {"team_id": teams[0], "date": "2026-02-10", "facilitator_id": ids["facilitator"],
                                         "private_notes": "Facilitators only"})
        op.insert("next_steps", {"checkin_id": checkin, "description": "Send the template", "owner_id": people[1]})
    ws.checkpoint()
    ws.close()
    return ids


def copies(base: Path, folder: Path, count: int) -> list[Workspace]:
    """``count`` copies of a workspace file, open, each with its own author."""
    out = []
    for n in range(count):
        path = folder / f"copy{n}.ecw"
        shutil.copyfile(base, path)
        ws = open_workspace(path, backups=False)
        ws.author = AUTHORS[n].id
        out.append(ws)
    return out


def dump(ws: Workspace) -> dict[str, list[tuple]]:
    """Every record the workspace shows, every field a user sees, in a canonical order."""
    out = {}
    for table, kind in KINDS.items():
        cols = ("id", *kind.field_names)
        out[table] = sorted(tuple(r) for r in ws.query(f"SELECT {', '.join(cols)} FROM {table}"))
    return out
