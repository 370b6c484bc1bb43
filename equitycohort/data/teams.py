"""State teams, their leaders and the people directory."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from equitycohort.data.rules import TEAM_SIZE, team_warnings
from equitycohort.data.states import find_place, state_name


@dataclass(frozen=True)
class TeamRecord:
    id: str
    cohort_id: str
    state: str
    organization: str
    leader_count: int
    director_count: int

    @property
    def state_name(self) -> str:
        return state_name(self.state)

    @property
    def label(self) -> str:
        return f"{self.state_name}: {self.organization}"

    @property
    def complete(self) -> bool:
        return self.leader_count == TEAM_SIZE and self.director_count == 1


@dataclass(frozen=True)
class LeaderRecord:
    member_id: str
    person_id: str
    team_id: str
    name: str
    role: str
    is_executive_director: bool
    email: str | None
    phone: str | None


def list_teams(ws, cohort_id: str) -> list[TeamRecord]:
    rows = ws.query(
        """SELECT t.id, t.cohort_id, t.state, t.organization,
                  count(m.id), coalesce(sum(m.is_executive_director), 0)
           FROM teams t LEFT JOIN team_members m ON m.team_id = t.id
           WHERE t.cohort_id = ? GROUP BY t.id""",
        (cohort_id,),
    )
    teams = [TeamRecord(*row) for row in rows]
    return sorted(teams, key=lambda t: t.state_name)


def get_team(ws, team_id: str) -> TeamRecord | None:
    team = ws.get("teams", team_id)
    if team is None:
        return None
    return next(t for t in list_teams(ws, team["cohort_id"]) if t.id == team_id)


def team_leaders(ws, team_id: str) -> list[LeaderRecord]:
    rows = ws.query(
        """SELECT m.id, p.id, m.team_id, p.name, m.role, m.is_executive_director, p.email, p.phone
           FROM team_members m JOIN people p ON p.id = m.person_id
           WHERE m.team_id = ? ORDER BY m.is_executive_director DESC, m.position, p.name""",
        (team_id,),
    )
    return [LeaderRecord(r[0], r[1], r[2], r[3], r[4] or "", bool(r[5]), r[6], r[7]) for r in rows]


def cohort_leaders(ws, cohort_id: str) -> list[LeaderRecord]:
    """Every leader of every team of a cohort, grouped by team (state order)."""
    out: list[LeaderRecord] = []
    for team in list_teams(ws, cohort_id):
        out += team_leaders(ws, team.id)
    return out


def add_leader(op, team_id: str, person: dict, *, role: str = "",
               executive_director: bool = False, position: int = 0) -> str:
    """Create a person and make them a leader of a team, inside an operation."""
    person_id = op.insert("people", {"kind": "leader", **person})
    op.insert("team_members", {
        "team_id": team_id, "person_id": person_id, "role": role,
        "is_executive_director": int(executive_director), "position": position,
    })
    return person_id


def warnings_for_team(ws, team_id: str) -> list[str]:
    return team_warnings(ws, team_id)


def search_people(ws, text: str = "", kind: str | None = None) -> list[dict]:
    """People whose name, e-mail, organization or team matches, in any script and case."""
    rows = ws.rows(
        """SELECT p.*, group_concat(t.state || ' ' || t.organization, '; ') AS teams
           FROM people p
           LEFT JOIN team_members m ON m.person_id = p.id
           LEFT JOIN teams t ON t.id = m.team_id
           GROUP BY p.id ORDER BY p.name COLLATE NOCASE"""
    )
    return filter_people(rows, text, kind)


_SEARCHED = ("name", "email", "organization", "teams", "title", "phone")


def _fold(text: str) -> str:
    # the same name typed on different systems may be composed or decomposed (é vs e + ́)
    return unicodedata.normalize("NFKC", text).casefold()


def filter_people(rows: list[dict], text: str = "", kind: str | None = None) -> list[dict]:
    """The people among ``rows`` that match a search, for filtering as one types."""
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    needle = _fold(text.strip())
    if not needle:
        return rows
    return [r for r in rows if any(needle in _fold(r[f] or "") for f in _SEARCHED)]


def find_team(ws, text: str, cohort_id: str | None = None) -> list[dict]:
    """Teams matching an id, a state name or a two-letter code (command line)."""
    exact = ws.rows("SELECT * FROM teams WHERE id = ?", (text,))
    if exact:
        return exact
    code = find_place(text)
    if code is None:
        return []
    if cohort_id:
        return ws.rows("SELECT * FROM teams WHERE state = ? AND cohort_id = ?", (code, cohort_id))
    return ws.rows("SELECT * FROM teams WHERE state = ?", (code,))
