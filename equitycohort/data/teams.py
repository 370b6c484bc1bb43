"""State teams, their leaders and the people directory."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.states import find_place, state_name
from equitycohort.data.workspace import Change, Operation, Workspace, done
from equitycohort.i18n import _


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


def list_teams(ws: Workspace, cohort_id: str) -> list[TeamRecord]:
    rows = ws.query(
        """SELECT t.id, t.cohort_id, t.state, t.organization,
                  count(m.id), coalesce(sum(m.is_executive_director), 0)
           FROM teams t LEFT JOIN team_members m ON m.team_id = t.id
           WHERE t.cohort_id = ? GROUP BY t.id""",
        (cohort_id,),
    )
    teams = [TeamRecord(*row) for row in rows]
    return sorted(teams, key=lambda t: t.state_name)


def get_team(ws: Workspace, team_id: str) -> TeamRecord | None:
    team = ws.get("teams", team_id)
    if team is None:
        return None
    return next(t for t in list_teams(ws, team["cohort_id"]) if t.id == team_id)


def team_leaders(ws: Workspace, team_id: str) -> list[LeaderRecord]:
    rows = ws.query(
        """SELECT m.id, p.id, m.team_id, p.name, m.role, m.is_executive_director, p.email, p.phone
           FROM team_members m JOIN people p ON p.id = m.person_id
           WHERE m.team_id = ? ORDER BY m.is_executive_director DESC, m.position, p.name""",
        (team_id,),
    )
    return [LeaderRecord(r[0], r[1], r[2], r[3], r[4] or "", bool(r[5]), r[6], r[7]) for r in rows]


def cohort_leaders(ws: Workspace, cohort_id: str) -> list[tuple[str, str | None, str]]:
    """(name, e-mail, state code) of every leader of every team of a cohort: by state name,
    each team's executive director first."""
    rows = ws.query(
        """SELECT p.name, p.email, t.state FROM teams t JOIN team_members m ON m.team_id = t.id
           JOIN people p ON p.id = m.person_id WHERE t.cohort_id = ?
           ORDER BY m.is_executive_director DESC, m.position, p.name""", (cohort_id,))
    return sorted(((r[0], r[1], r[2]) for r in rows), key=lambda r: state_name(r[2]))


def language_code(text: str | None) -> str | None:
    """The language code of a preferred language as people type it ("Spanish", "español", "es-MX"), if known."""
    from equitycohort.data.schema import LANGUAGES

    folded = unicodedata.normalize("NFKD", (text or "").strip().casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    if not folded:
        return None
    names = {"english": "en", "ingles": "en", "spanish": "es", "espanol": "es", "castellano": "es"}
    for word in folded.replace(",", " ").replace(";", " ").replace("/", " ").split():
        code = word.split("-")[0].split("_")[0]
        if code in LANGUAGES:
            return code
        if word in names:
            return names[word]
    return None


def leaders_language(ws: Workspace, team_id: str) -> str | None:
    """The language most of the team's leaders prefer (the executive director's breaks a tie), if any is known."""
    rows = ws.query("""SELECT p.preferred_language FROM team_members m JOIN people p ON p.id = m.person_id
                       WHERE m.team_id = ? ORDER BY m.is_executive_director DESC, m.position""", (team_id,))
    codes = [code for (text,) in rows if (code := language_code(text))]
    if not codes:
        return None
    return max(dict.fromkeys(codes), key=codes.count)  # first seen wins a tie


def document_language(ws: Workspace, team_id: str) -> str:
    """The language of the documents made for a team: its own setting, else its leaders', else English."""
    team = ws.require("teams", team_id)
    return team["language"] or leaders_language(ws, team_id) or "en"


def add_leader(op: Operation, team_id: str, person: dict, *, role: str = "",
               executive_director: bool = False, position: int = 0) -> str:
    """Create a person and make them a leader of a team, inside an operation."""
    person_id = op.insert("people", {"kind": "leader", **person})
    op.insert("team_members", {
        "team_id": team_id, "person_id": person_id, "role": role,
        "is_executive_director": int(executive_director), "position": position,
    })
    return person_id


def taken_states(ws: Workspace, cohort_id: str) -> set[str]:
    """The states (and DC, territories) that already have a team in a cohort."""
    return {r[0] for r in ws.query("SELECT state FROM teams WHERE cohort_id = ?", (cohort_id,))}


def cohort_has_teams(ws: Workspace, cohort_id: str | None) -> bool:
    return bool(cohort_id) and ws.scalar("SELECT 1 FROM teams WHERE cohort_id = ? LIMIT 1", (cohort_id,)) == 1


def add_team(ws: Workspace, cohort_id: str, values: dict, leaders: list[dict]) -> Change:
    """Add a state team with its leaders, as one step.

    Each leader is a dict of name, email, role and ``executive_director``;
    one with no name is skipped. A team has one executive director at most:
    marking several is refused. Problems with a leader are reported on the
    field "leaders", naming the leader by number.
    """
    values = {**values, "cohort_id": cohort_id}
    named = [(i, leader) for i, leader in enumerate(leaders) if (leader.get("name") or "").strip()]
    directors = [i for i, leader in named if leader.get("executive_director")]
    if len(directors) > 1:
        raise ValidationError(FieldError("leaders", _("Leaders: a team has one executive director; {count} are "
                                                      "marked.").format(count=len(directors))))
    with ws.operation(_("Add {state} team").format(state=state_name(values["state"])) if values.get("state")
                      else _("Add state team")) as op:
        team_id = op.insert("teams", values)
        for i, leader in named:
            person = {"name": leader["name"].strip(), "email": (leader.get("email") or "").strip() or None,
                      "organization": values.get("organization")}
            try:
                add_leader(op, team_id, person, role=(leader.get("role") or "").strip(),
                           executive_director=bool(leader.get("executive_director")), position=i)
            except ValidationError as exc:
                raise ValidationError([FieldError("leaders", _("Leader {number}: {problem}").format(
                    number=i + 1, problem=e.message))
                                       for e in exc.errors]) from exc
        op.record_id = team_id
    return done(op)


def update_team(ws: Workspace, team_id: str, values: dict) -> Change:
    return ws.update("teams", team_id, values, label=_("Edit state team"))


def delete_team(ws: Workspace, team_id: str) -> Change:
    """Delete a team with its workplan, assessments and check-ins; its leaders stay in the directory."""
    team = ws.get("teams", team_id)
    return ws.delete("teams", team_id, _("Delete {state} team").format(state=state_name(team["state"])) if team
                     else _("Delete state team"))


def save_person(ws: Workspace, values: dict, person_id: str | None = None) -> Change:
    """Add a person to the directory, or edit one's contact details."""
    if person_id:
        return ws.update("people", person_id, values, label=_("Edit {name}").format(name=values["name"])
                         if values.get("name") else _("Edit person"))
    return ws.insert("people", values, label=_("Add person"))


def save_leader(ws: Workspace, team_id: str, person: dict, *, role: str, executive_director: bool,
                member_id: str | None = None) -> Change:
    """Add a new person as a team's leader, or edit a leader's details and role, as one step.

    A team has one executive director: making this leader the director makes
    the others not, in the same step. The change names the person.
    """
    member = ws.get("team_members", member_id) if member_id else None
    if member_id and member is None:
        raise ValidationError(FieldError("id", _("This leader is no longer on the team.")))
    name = (person.get("name") or "").strip()
    if member:
        action = _("Edit {name}").format(name=name) if name else _("Edit leader")
    else:
        action = _("Add leader {name}").format(name=name) if name else _("Add leader")
    with ws.operation(action) as op:
        if member:
            person_id = member["person_id"]
            op.update("people", person_id, person)
            op.update("team_members", member["id"], {"role": role, "is_executive_director": int(executive_director)})
            member_id = member["id"]
        else:
            position = ws.scalar("SELECT coalesce(max(position) + 1, 0) FROM team_members WHERE team_id = ?",
                                 (team_id,))
            person_id = add_leader(op, team_id, person, role=role, executive_director=executive_director,
                                   position=position)
            member_id = ws.scalar("SELECT id FROM team_members WHERE team_id = ? AND person_id = ?",
                                  (team_id, person_id))
        if executive_director:
            _only_director(op, ws, team_id, member_id)
        op.record_id = person_id
    return done(op)


def make_executive_director(ws: Workspace, member_id: str) -> Change:
    """Make one leader the team's executive director, and the others not, as one step."""
    member = ws.get("team_members", member_id)
    if member is None:
        raise ValidationError(FieldError("id", _("This leader is no longer on the team.")))
    person = ws.get("people", member["person_id"])
    action = (_("Make {name} executive director").format(name=person["name"]) if person
              else _("Make leader executive director"))
    with ws.operation(action) as op:
        op.update("team_members", member_id, {"is_executive_director": 1})
        _only_director(op, ws, member["team_id"], member_id)
        op.record_id = member["person_id"]
    return done(op)


def _only_director(op: Operation, ws: Workspace, team_id: str, member_id: str) -> None:
    for other in ws.query("SELECT id FROM team_members WHERE team_id = ? AND id != ? "
                          "AND is_executive_director = 1", (team_id, member_id)):
        op.update("team_members", other[0], {"is_executive_director": 0})


def remove_leader(ws: Workspace, member_id: str) -> Change:
    """Take a leader off a team; the person stays in the directory."""
    row = ws.query("SELECT p.name FROM team_members m JOIN people p ON p.id = m.person_id WHERE m.id = ?",
                   (member_id,))
    action = _("Remove {name} from team").format(name=row[0][0]) if row else _("Remove leader from team")
    return ws.delete("team_members", member_id, action)




def search_people(ws: Workspace, text: str = "", kind: str | None = None) -> list[dict]:
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


def find_team(ws: Workspace, text: str, cohort_id: str | None = None) -> list[dict]:
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
