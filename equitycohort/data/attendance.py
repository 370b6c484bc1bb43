"""Who is expected at a session, who came, and how each person and team attends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from equitycohort.data.states import state_name
from equitycohort.data.workspace import Change, Workspace, done
from equitycohort.i18n import _


@dataclass(frozen=True)
class ExpectedPerson:
    person_id: str
    name: str
    team_id: str
    team_state: str
    team_organization: str
    role: str
    is_executive_director: bool
    organization: str | None

    @property
    def team_label(self) -> str:
        return f"{state_name(self.team_state)}: {self.team_organization}"


@dataclass(frozen=True)
class AttendanceRow:
    person: ExpectedPerson
    status: str | None
    #: present / sessions with a record, over the cohort's sessions so far
    rate: float | None
    #: absences in a row, up to and including this session
    consecutive_absences: int


def expected_people(ws: Workspace, session_id: str) -> list[ExpectedPerson]:
    """Everyone expected at a session: all leaders of the cohort, or of the one team."""
    session = ws.get("sessions", session_id)
    if session is None:
        return []
    where, param = ("t.id = ?", session["team_id"]) if session["kind"] == "team" and session["team_id"] \
        else ("t.cohort_id = ?", session["cohort_id"])
    rows = ws.query(
        f"""SELECT p.id, p.name, t.id, t.state, t.organization, m.role, m.is_executive_director, p.organization
            FROM team_members m JOIN teams t ON t.id = m.team_id JOIN people p ON p.id = m.person_id
            WHERE {where}""",
        (param,),
    )
    people = [ExpectedPerson(r[0], r[1], r[2], r[3], r[4], r[5] or "", bool(r[6]), r[7]) for r in rows]
    return sorted(people, key=lambda p: (state_name(p.team_state), not p.is_executive_director, p.name.casefold()))


def _history(ws: Workspace, cohort_id: str) -> tuple[list[dict], dict[tuple[str, str], str]]:
    sessions = ws.rows(
        "SELECT id, date, start_time, kind, team_id FROM sessions WHERE cohort_id = ? AND status != 'cancelled' "
        "ORDER BY date, start_time", (cohort_id,))
    records = {
        (r[0], r[1]): r[2]
        for r in ws.query(
            "SELECT a.session_id, a.person_id, a.status FROM attendance a "
            "JOIN sessions s ON s.id = a.session_id WHERE s.cohort_id = ?", (cohort_id,))
    }
    return sessions, records


def attendance_grid(ws: Workspace, session_id: str) -> list[AttendanceRow]:
    session = ws.get("sessions", session_id)
    if session is None:
        return []
    people = expected_people(ws, session_id)
    sessions, records = _history(ws, session["cohort_id"])
    # history up to and including this session
    cut = [s for s in sessions if (s["date"], s["start_time"]) <= (session["date"], session["start_time"])]
    out = []
    for person in people:
        statuses = [records[(s["id"], person.person_id)] for s in cut if (s["id"], person.person_id) in records]
        out.append(AttendanceRow(
            person, records.get((session_id, person.person_id)), _rate(statuses), _streak(statuses)))
    return out


def _rate(statuses: list[str]) -> float | None:
    if not statuses:
        return None
    return sum(1 for s in statuses if s == "present") / len(statuses)


def _streak(statuses: list[str]) -> int:
    streak = 0
    for status in reversed(statuses):
        if status == "absent":
            streak += 1
        elif status == "present":
            break
    return streak


def team_coverage(rows: list[AttendanceRow]) -> dict[str, tuple[int, int]]:
    """team id -> (present, expected) for one session."""
    out: dict[str, list[int]] = {}
    for row in rows:
        present, expected = out.setdefault(row.person.team_id, [0, 0])
        out[row.person.team_id] = [present + (row.status == "present"), expected + 1]
    return {team: (p, e) for team, (p, e) in out.items()}


def set_attendance(ws: Workspace, session_id: str, marks: dict[str, str | None],
                   label: str | None = None) -> Change:
    """Record present / absent / excused (None clears) for people, as one step."""
    existing = {r["person_id"]: r for r in ws.rows(
        "SELECT id, person_id, status FROM attendance WHERE session_id = ?", (session_id,))}
    session = ws.get("sessions", session_id)
    with ws.operation(label or _("Take attendance")) as op:
        for person_id, status in marks.items():
            row = existing.get(person_id)
            if status is None:
                if row:
                    op.delete("attendance", row["id"])
            elif row is None:
                op.insert("attendance", {"session_id": session_id, "person_id": person_id, "status": status})
            elif row["status"] != status:
                op.update("attendance", row["id"], {"status": status})
        # recording a mark makes a past session held; clearing one alone does not
        if session and session["status"] == "scheduled" and any(s is not None for s in marks.values()) and \
                session["date"] <= dt.date.today().isoformat():
            op.update("sessions", session_id, {"status": "held"})
        op.record_id = session_id
    return done(op)


@dataclass(frozen=True)
class SessionAttendance:
    session_id: str
    expected: int
    present: int
    recorded: int

    @property
    def rate(self) -> float | None:
        return self.present / self.recorded if self.recorded else None


def cohort_attendance(ws: Workspace, cohort_id: str) -> dict[str, SessionAttendance]:
    """Per session of a cohort: expected, present and recorded counts."""
    leaders = ws.scalar(
        "SELECT count(*) FROM team_members m JOIN teams t ON t.id = m.team_id WHERE t.cohort_id = ?",
        (cohort_id,))
    team_sizes: dict[str, int] = {r[0]: r[1] for r in ws.query(
        "SELECT t.id, count(m.id) FROM teams t LEFT JOIN team_members m ON m.team_id = t.id "
        "WHERE t.cohort_id = ? GROUP BY t.id", (cohort_id,))}
    rows = ws.query(
        """SELECT s.id, s.kind, s.team_id,
                  sum(a.status = 'present'), count(a.id)
           FROM sessions s LEFT JOIN attendance a ON a.session_id = s.id
           WHERE s.cohort_id = ? GROUP BY s.id""", (cohort_id,))
    out = {}
    for session_id, kind, team_id, present, recorded in rows:
        expected = team_sizes.get(team_id, 0) if kind == "team" else leaders
        out[session_id] = SessionAttendance(session_id, expected, present or 0, recorded)
    return out


def team_rates(ws: Workspace, cohort_id: str) -> dict[str, float | None]:
    """team id -> share of its leaders' recorded attendance that was present."""
    rows = ws.query(
        """SELECT m.team_id, sum(a.status = 'present'), count(a.id)
           FROM team_members m JOIN teams t ON t.id = m.team_id
           LEFT JOIN attendance a ON a.person_id = m.person_id
                AND a.session_id IN (SELECT id FROM sessions WHERE cohort_id = ? AND status != 'cancelled')
           WHERE t.cohort_id = ? GROUP BY m.team_id""", (cohort_id, cohort_id))
    return {team: (present / recorded if recorded else None) for team, present, recorded in rows}
