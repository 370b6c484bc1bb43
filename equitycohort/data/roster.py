"""Rosters as CSV: the spreadsheet teams already keep, in and out of a cohort.

The file has exactly these columns, in this order (a header row first)::

    state,organization,name,role,email,phone,preferred_language,pronouns

``state`` is the two-letter code (a full name is accepted on import) and
``role`` holds "Executive Director" for a team's executive director.

Import runs in three steps, none of which needs Qt:

1. ``read_roster`` parses the file (UTF-8 with or without a byte-order mark;
   Windows-1252 as a fallback for older Excel files) and checks every row,
   reporting problems by their line number in the file (the header is line 1);
2. ``plan_import`` says per row what importing would do: "create team",
   "create person", "update person matched by e-mail" or "unchanged";
3. ``apply_import`` makes the changes as one undoable step, "Import roster",
   and only if every row is valid.

Teams are matched by state within the cohort; people by e-mail (any case),
or, for a row without an e-mail, by name within the matched team. An empty
cell never erases what the workspace already holds.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from equitycohort.data.errors import ValidationError
from equitycohort.data.schema import KINDS
from equitycohort.data.states import find_place, state_name
from equitycohort.data.validation import clean_row

COLUMNS = ("state", "organization", "name", "role", "email", "phone", "preferred_language", "pronouns")
DIRECTOR = "Executive Director"
#: the roster is a spreadsheet, not a database dump
MAX_BYTES = 5_000_000
MAX_ROWS = 5_000

PERSON_FIELDS = ("name", "email", "phone", "preferred_language", "pronouns")

CREATE_TEAM = "create team"
UPDATE_TEAM = "rename team"
CREATE_PERSON = "create person"
UPDATE_PERSON = "update person matched by e-mail"
UPDATE_BY_NAME = "update person matched by name"
ADD_TO_TEAM = "add to team"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RosterRow:
    line: int
    state: str  # the two-letter code
    organization: str
    name: str
    role: str
    email: str
    phone: str
    preferred_language: str
    pronouns: str

    @property
    def is_director(self) -> bool:
        return self.role.strip().casefold() == DIRECTOR.casefold()


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class RowPlan:
    row: RosterRow
    actions: tuple[str, ...]
    team_id: str | None = None
    person_id: str | None = None
    #: field -> (old, new) for an updated person or membership
    changes: dict = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return ", ".join(self.actions)

    def describe(self) -> str:
        who = f"{self.row.state} {self.row.name}"
        text = f"line {self.row.line}: {who}: {self.summary}"
        if self.changes:
            text += " (" + ", ".join(sorted(self.changes)) + ")"
        return text


@dataclass
class ImportPlan:
    cohort_id: str
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            for action in row.actions:
                out[action] = out.get(action, 0) + 1
        return out

    @property
    def changes_anything(self) -> bool:
        return any(a != UNCHANGED for r in self.rows for a in r.actions)

    def report(self) -> list[str]:
        """The per-row report, problems first, then a closing count line."""
        if self.problems:
            lines = [str(p) for p in self.problems]
            lines.append(f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}; "
                         "nothing was imported.")
            return self.notes + lines
        lines = self.notes + [r.describe() for r in self.rows]
        counts = self.counts()
        tally = ", ".join(f"{n} {action}" for action, n in counts.items()) or "no rows"
        verb = "imported" if self.applied else "would import"
        lines.append(f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''} {verb}: {tally}.")
        return lines


# --- reading -------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str | None]:
    """Text of a CSV file and a note when it was not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "The file is not UTF-8; it was read as Windows-1252."


def read_roster(source: Path | str | bytes) -> tuple[list[RosterRow], list[Problem], list[str]]:
    """Parse and check a roster: (valid rows, problems by line, notes).

    ``source`` is a path or the file's bytes.
    """
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        if path.stat().st_size > MAX_BYTES:
            return [], [Problem(1, f"The file is larger than {MAX_BYTES // 1_000_000} MB; "
                                   "is it really a roster?")], []
        data = path.read_bytes()
    text, note = decode(data)
    notes = [note] if note else []
    if "\x00" in text:
        return [], [Problem(1, "This is not a CSV text file.")], notes
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    rows: list[RosterRow] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [Problem(1, f"The header could not be read ({exc}).")], notes
    if header is None:
        return [], [Problem(1, "The file is empty; the first line must name the columns: "
                               + ",".join(COLUMNS) + ".")], notes
    names = [h.strip().casefold().replace(" ", "_").replace("-", "_") for h in header]
    names = ["email" if n == "e_mail" else n for n in names]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        return [], [Problem(1, f"The header lacks the column{'s' if len(missing) > 1 else ''} "
                               f"{', '.join(missing)}; it must be: {','.join(COLUMNS)}.")], notes
    extra = [h for h, n in zip(header, names, strict=True) if n not in COLUMNS and h.strip()]
    if extra:
        notes.append(f"Ignored the column{'s' if len(extra) > 1 else ''} {', '.join(extra)}.")
    index = {c: names.index(c) for c in COLUMNS}
    seen_emails: dict[str, int] = {}
    seen_people: dict[tuple[str, str], int] = {}
    organizations: dict[str, tuple[str, int]] = {}
    line = 1
    count = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(reader.line_num, f"cannot be read as CSV ({exc})."))
            break
        line_start = line + 1
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        count += 1
        if count > MAX_ROWS:
            problems.append(Problem(line_start, f"more than {MAX_ROWS:,} rows; split the file."))
            break
        if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
            problems.append(Problem(line_start, f"has {len(record)} cells; the header has {len(header)}."))
            continue
        cells = {c: (record[i] if i < len(record) else "").strip() for c, i in index.items()}
        row, errors = _check_row(line_start, cells)
        if errors:
            problems += errors
            continue
        assert row is not None
        if row.email:
            key = row.email.casefold()
            if key in seen_emails:
                problems.append(Problem(line_start, f"the e-mail {row.email} is also on line {seen_emails[key]}."))
                continue
            seen_emails[key] = line_start
        person_key = (row.state, row.name.casefold())
        if not row.email:
            if person_key in seen_people:
                problems.append(Problem(line_start, f"{row.name} ({row.state}) is also on line "
                                                    f"{seen_people[person_key]}; give each an e-mail."))
                continue
        seen_people.setdefault(person_key, line_start)
        if row.state in organizations and organizations[row.state][0].casefold() != row.organization.casefold():
            first, first_line = organizations[row.state]
            problems.append(Problem(line_start, f"the organization for {state_name(row.state)} is "
                                                f"“{row.organization}”, but line {first_line} says “{first}”."))
            continue
        organizations.setdefault(row.state, (row.organization, line_start))
        rows.append(row)
    if not rows and not problems:
        problems.append(Problem(2, "The file has a header but no people."))
    return rows, problems, notes


def _check_row(line: int, cells: dict[str, str]) -> tuple[RosterRow | None, list[Problem]]:
    problems = []
    code = find_place(cells["state"]) if cells["state"] else None
    if not cells["state"]:
        problems.append(Problem(line, "State: cannot be empty."))
    elif code is None:
        problems.append(Problem(line, f"State: {cells['state']!r} is not a US state, DC or territory "
                                      "(use the two-letter code, e.g. IA)."))
    try:
        clean_row(KINDS["teams"], {"cohort_id": "x", "state": code or "IA", "organization": cells["organization"]})
    except ValidationError as exc:
        problems += [Problem(line, e.message) for e in exc.errors]
    person = {f: cells[f] or None for f in PERSON_FIELDS}
    try:
        clean_row(KINDS["people"], person)
    except ValidationError as exc:
        problems += [Problem(line, e.message) for e in exc.errors]
    try:
        clean_row(KINDS["team_members"], {"team_id": "x", "person_id": "x", "role": cells["role"]})
    except ValidationError as exc:
        problems += [Problem(line, e.message) for e in exc.errors]
    if problems:
        return None, problems
    assert code is not None
    return RosterRow(line, code, cells["organization"], cells["name"], cells["role"], cells["email"],
                     cells["phone"], cells["preferred_language"], cells["pronouns"]), []


# --- planning ------------------------------------------------------------

def plan_import(ws, cohort_id: str, source: Path | str | bytes | list[RosterRow]) -> ImportPlan:
    """What importing a roster into a cohort would do, row by row; writes nothing."""
    plan = ImportPlan(cohort_id)
    if ws.get("cohorts", cohort_id) is None:
        plan.problems.append(Problem(1, "The cohort no longer exists."))
        return plan
    if isinstance(source, list):
        rows = source
    else:
        rows, plan.problems, plan.notes = read_roster(source)
        if plan.problems:
            return plan
    teams = {r["state"]: r for r in ws.rows("SELECT * FROM teams WHERE cohort_id = ?", (cohort_id,))}
    by_email: dict[str, dict] = {}
    for person in ws.rows("SELECT * FROM people WHERE email IS NOT NULL ORDER BY created"):
        by_email.setdefault(person["email"].casefold(), person)
    members: dict[str, dict[str, dict]] = {}  # team id -> person id -> membership + person
    for r in ws.rows(
            """SELECT m.id AS member_id, m.team_id, m.role, m.is_executive_director, m.position, p.*
               FROM team_members m JOIN people p ON p.id = m.person_id
               JOIN teams t ON t.id = m.team_id WHERE t.cohort_id = ?""", (cohort_id,)):
        members.setdefault(r["team_id"], {})[r["id"]] = r
    new_teams: set[str] = set()
    renamed: set[str] = set()
    for row in rows:
        actions: list[str] = []
        team = teams.get(row.state)
        if team is None:
            if row.state not in new_teams:
                actions.append(CREATE_TEAM)
                new_teams.add(row.state)
        elif row.organization and row.organization != team["organization"] and row.state not in renamed:
            actions.append(UPDATE_TEAM)
            renamed.add(row.state)
        team_id = team["id"] if team else None
        team_members = members.get(team_id, {}) if team_id else {}
        person = by_email.get(row.email.casefold()) if row.email else None
        matched_by = UPDATE_PERSON
        if person is None and not row.email:
            person = next((m for m in team_members.values() if m["name"].casefold() == row.name.casefold()), None)
            matched_by = UPDATE_BY_NAME
        if person is None:
            actions.append(CREATE_PERSON)
            plan.rows.append(RowPlan(row, tuple(actions), team_id))
            continue
        changes = {}
        for f in PERSON_FIELDS:
            new, old = getattr(row, f), person[f] or ""
            if new and (new.casefold() != old.casefold() if f == "email" else new != old):
                changes[f] = (person[f], new)
        membership = team_members.get(person["id"])
        role = DIRECTOR if row.is_director else row.role
        if membership is not None and row.role and _role_of(membership) != role:
            changes["role"] = (_role_of(membership), role)
        if changes:
            actions.append(matched_by)
        if membership is None:
            actions.append(ADD_TO_TEAM)
        if not actions:
            actions.append(UNCHANGED)
        plan.rows.append(RowPlan(row, tuple(actions), team_id, person["id"], changes))
    return plan


def _role_of(membership: dict) -> str:
    return DIRECTOR if membership["is_executive_director"] else (membership["role"] or "")


# --- applying ------------------------------------------------------------

def apply_import(ws, plan: ImportPlan, label: str = "Import roster") -> ImportPlan:
    """Carry out a valid plan as one undoable step; returns the plan as applied.

    The plan is made again inside the step from the same rows, so it holds
    even if the workspace changed since the preview.
    """
    if not plan.ok:
        raise ValueError("the roster has problems; nothing can be imported (see plan.report())")
    rows = [r.row for r in plan.rows]
    with ws.operation(label) as op:
        fresh = plan_import(ws, plan.cohort_id, rows)
        fresh.notes = plan.notes
        team_ids = {r["state"]: r["id"] for r in ws.rows(
            "SELECT id, state FROM teams WHERE cohort_id = ?", (plan.cohort_id,))}
        positions = dict(ws.query(
            "SELECT m.team_id, count(*) FROM team_members m JOIN teams t ON t.id = m.team_id "
            "WHERE t.cohort_id = ? GROUP BY m.team_id", (plan.cohort_id,)))
        created_people: dict[str, str] = {}  # e-mail (folded) -> id, for repeats within the file
        for item in fresh.rows:
            row = item.row
            if CREATE_TEAM in item.actions:
                team_ids[row.state] = op.insert("teams", {
                    "cohort_id": plan.cohort_id, "state": row.state, "organization": row.organization})
            elif UPDATE_TEAM in item.actions:
                op.update("teams", team_ids[row.state], {"organization": row.organization})
            team_id = team_ids[row.state]
            person_id = item.person_id or created_people.get(row.email.casefold() if row.email else "")
            values = {f: getattr(row, f) for f in PERSON_FIELDS if getattr(row, f)}
            if person_id is None:
                person_id = op.insert("people", {"kind": "leader", "organization": row.organization, **values})
                if row.email:
                    created_people[row.email.casefold()] = person_id
            elif item.changes:
                op.update("people", person_id, {k: v for k, v in values.items() if k in item.changes})
            member = ws.rows("SELECT * FROM team_members WHERE team_id = ? AND person_id = ?",
                             (team_id, person_id))
            role = DIRECTOR if row.is_director else row.role
            if not member:
                position = positions.get(team_id, 0)
                positions[team_id] = position + 1
                op.insert("team_members", {"team_id": team_id, "person_id": person_id, "role": role,
                                           "is_executive_director": int(row.is_director),
                                           "position": position})
            elif "role" in item.changes:
                op.update("team_members", member[0]["id"], {"role": role,
                                                            "is_executive_director": int(row.is_director)})
    fresh.applied = True
    return fresh


def import_roster(ws, cohort_id: str, source: Path | str | bytes, *, dry_run: bool = False) -> ImportPlan:
    """Plan an import and, unless ``dry_run`` or a row is invalid, apply it."""
    plan = plan_import(ws, cohort_id, source)
    if dry_run or not plan.ok:
        return plan
    if not plan.changes_anything:
        return plan
    return apply_import(ws, plan)


# --- export --------------------------------------------------------------

def roster_rows(ws, cohort_id: str) -> list[list[str]]:
    """The roster of a cohort as rows of COLUMNS, teams in state order, leaders in team order."""
    from equitycohort.data.teams import list_teams

    out = []
    for team in list_teams(ws, cohort_id):
        for r in ws.rows(
                """SELECT p.name, p.email, p.phone, p.preferred_language, p.pronouns,
                          m.role, m.is_executive_director
                   FROM team_members m JOIN people p ON p.id = m.person_id
                   WHERE m.team_id = ? ORDER BY m.is_executive_director DESC, m.position, p.name""",
                (team.id,)):
            role = DIRECTOR if r["is_executive_director"] else (r["role"] or "")
            out.append([team.state, team.organization, r["name"], role, r["email"] or "", r["phone"] or "",
                        r["preferred_language"] or "", r["pronouns"] or ""])
    return out


def roster_csv(ws, cohort_id: str) -> bytes:
    """The roster as CSV bytes: UTF-8 with a byte-order mark (so Excel reads accents), CRLF lines."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(roster_rows(ws, cohort_id))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
