"""Check-ins with state teams, and their next steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.schema import CHECKIN_MODES, KINDS
from equitycohort.data.states import state_name
from equitycohort.data.validation import check_id, clean_row, shown
from equitycohort.data.workspace import Change, Workspace, done
from equitycohort.i18n import _, label

#: the next check-in is planned this many weeks after a check-in, unless changed
NEXT_CHECKIN_WEEKS = 4
#: a new next step is due this many days after its check-in, unless changed
NEXT_STEP_DAYS = 14

#: the fields of a check-in that ``save_checkin`` writes
CHECKIN_FIELDS = ("team_id", "date", "mode", "facilitator_id", "partner_id", "summary", "wins",
                  "challenges", "support_requested", "private_notes", "next_checkin_date")


@dataclass(frozen=True)
class NextStep:
    id: str
    description: str
    owner_id: str | None
    owner_name: str | None
    due_date: str | None
    done: bool

    def overdue(self, today: dt.date | None = None) -> bool:
        today = today or dt.date.today()
        return bool(self.due_date and not self.done and self.due_date < today.isoformat())


@dataclass(frozen=True)
class CheckinRecord:
    id: str
    team_id: str
    date: str
    mode: str
    facilitator_name: str | None
    partner_name: str | None
    summary: str | None
    wins: str | None
    challenges: str | None
    support_requested: str | None
    private_notes: str | None
    next_checkin_date: str | None
    next_steps: tuple[NextStep, ...] = field(default_factory=tuple)
    facilitator_id: str | None = None
    partner_id: str | None = None
    #: the team's two-letter state code and organization, for lists across teams
    state: str = ""
    organization: str = ""
    created: str = ""

    @property
    def mode_label(self) -> str:
        return label(CHECKIN_MODES, self.mode)

    @property
    def team_label(self) -> str:
        return f"{state_name(self.state)}: {self.organization}" if self.state else ""

    @property
    def who(self) -> str:
        """The facilitator and the partner who held it, as far as recorded."""
        if self.facilitator_name and self.partner_name:
            return _("{facilitator} with {partner}").format(facilitator=self.facilitator_name,
                                                             partner=self.partner_name)
        return self.facilitator_name or self.partner_name or ""

    @property
    def summary_line(self) -> str:
        """The first line of the summary that has any text."""
        for text_line in (self.summary or "").splitlines():
            if text_line.strip():
                return text_line.strip()
        return ""

    def open_steps(self) -> int:
        return sum(not s.done for s in self.next_steps)

    def overdue_steps(self, today: dt.date | None = None) -> int:
        return sum(s.overdue(today) for s in self.next_steps)


_SQL = """
SELECT c.id, c.team_id, c.date, c.mode, p.name, pa.name, c.summary, c.wins, c.challenges,
       c.support_requested, c.private_notes, c.next_checkin_date,
       c.facilitator_id, c.partner_id, t.state, t.organization, c.created
FROM checkins c JOIN teams t ON t.id = c.team_id
LEFT JOIN people p ON p.id = c.facilitator_id LEFT JOIN partners pa ON pa.id = c.partner_id
"""

_STEPS_SQL = """
SELECT n.checkin_id, n.id, n.description, n.owner_id, p.name, n.due_date, n.done
FROM next_steps n JOIN checkins c ON c.id = n.checkin_id LEFT JOIN people p ON p.id = n.owner_id
"""


def _records(rows, step_rows) -> list[CheckinRecord]:
    steps: dict[str, list[NextStep]] = {}
    for r in step_rows:
        steps.setdefault(r[0], []).append(NextStep(r[1], r[2], r[3], r[4], r[5], bool(r[6])))
    return [CheckinRecord(id=row[0], team_id=row[1], date=row[2], mode=row[3], facilitator_name=row[4],
                          partner_name=row[5], summary=row[6], wins=row[7], challenges=row[8],
                          support_requested=row[9], private_notes=row[10], next_checkin_date=row[11],
                          next_steps=tuple(steps.get(row[0], ())), facilitator_id=row[12],
                          partner_id=row[13], state=row[14], organization=row[15], created=row[16])
            for row in rows]


def team_checkins(ws: Workspace, team_id: str) -> list[CheckinRecord]:
    """A team's check-ins, newest first, with their next steps."""
    rows = ws.query(_SQL + " WHERE c.team_id = ? ORDER BY c.date DESC, c.created DESC", (team_id,))
    steps = ws.query(_STEPS_SQL + " WHERE c.team_id = ? ORDER BY n.position, n.created", (team_id,))
    return _records(rows, steps)


def cohort_checkins(ws: Workspace, cohort_id: str) -> list[CheckinRecord]:
    """Every check-in with every team of a cohort, newest first, with next steps."""
    rows = ws.query(_SQL + " WHERE t.cohort_id = ? ORDER BY c.date DESC, c.created DESC", (cohort_id,))
    steps = ws.query(_STEPS_SQL + " JOIN teams t ON t.id = c.team_id WHERE t.cohort_id = ? "
                     "ORDER BY n.position, n.created", (cohort_id,))
    return _records(rows, steps)


def get_checkin(ws: Workspace, checkin_id: str) -> CheckinRecord | None:
    rows = ws.query(_SQL + " WHERE c.id = ?", (checkin_id,))
    steps = ws.query(_STEPS_SQL + " WHERE c.id = ? ORDER BY n.position, n.created", (checkin_id,))
    records = _records(rows, steps)
    return records[0] if records else None


def last_checkin_dates(ws: Workspace, cohort_id: str) -> dict[str, str | None]:
    """team id -> date of its latest check-in (None if never)."""
    return {r[0]: r[1] for r in ws.query(
        "SELECT t.id, max(c.date) FROM teams t LEFT JOIN checkins c ON c.team_id = t.id "
        "WHERE t.cohort_id = ? GROUP BY t.id", (cohort_id,))}


def checkin_counts(ws: Workspace, cohort_id: str) -> dict[str, int]:
    return {r[0]: r[1] for r in ws.query(
        "SELECT t.id, count(c.id) FROM teams t LEFT JOIN checkins c ON c.team_id = t.id "
        "WHERE t.cohort_id = ? GROUP BY t.id", (cohort_id,))}


def default_next_checkin(day: dt.date) -> dt.date:
    """When to check in again after ``day``, unless the facilitator says otherwise."""
    return day + dt.timedelta(weeks=NEXT_CHECKIN_WEEKS)


def default_step_due(day: dt.date) -> dt.date:
    """When a new next step agreed on ``day`` falls due, unless changed."""
    return day + dt.timedelta(days=NEXT_STEP_DAYS)


def facilitators(ws: Workspace) -> list[dict]:
    """People of kind facilitator (id, name), by name: who can hold a check-in."""
    return ws.rows("SELECT id, name FROM people WHERE kind = 'facilitator' ORDER BY name COLLATE NOCASE")


def step_owners(ws: Workspace, team_id: str | None) -> list[dict]:
    """Who can own a next step: the team's leaders, then the facilitators.

    Each is a dict with id, name and kind ("leader" or "facilitator").
    """
    leaders = ws.rows(
        """SELECT p.id, p.name, 'leader' AS kind FROM team_members m JOIN people p ON p.id = m.person_id
           WHERE m.team_id = ? ORDER BY m.is_executive_director DESC, m.position, p.name COLLATE NOCASE""",
        (team_id or "",))
    seen = {r["id"] for r in leaders}
    return leaders + [{**f, "kind": "facilitator"} for f in facilitators(ws) if f["id"] not in seen]


def usual_facilitator(ws: Workspace, team_id: str) -> str | None:
    """The facilitator of the team's latest check-in, as a default for the next one."""
    return ws.scalar("SELECT facilitator_id FROM checkins WHERE team_id = ? AND facilitator_id IS NOT NULL "
                     "ORDER BY date DESC, created DESC LIMIT 1", (team_id,))


def save_checkin(ws: Workspace, values: dict, next_steps: list[dict], checkin_id: str | None = None) -> Change:
    """Create or edit a check-in and make its next steps exactly ``next_steps``, as one undo step.

    Each next step is a dict of description, owner_id, due_date and done, with the
    id of an existing step to keep it (edited) rather than add it; the check-in's
    other steps are deleted. Steps are stored in the order given. Problems with a
    step are reported on the field "next_steps", naming the step by number.
    """
    action = _("Edit check-in") if checkin_id else _("Add check-in")
    if not isinstance(values, dict):
        raise ValidationError(FieldError("", _("A check-in must be given as named fields.")))
    if not isinstance(next_steps, (list, tuple)) or not all(isinstance(step, dict) for step in next_steps):
        raise ValidationError(FieldError("next_steps", _("Next steps: must be a list of steps, each with its "
                                                         "fields.")))
    for position, step in enumerate(next_steps):
        if step.get("id") is not None:
            try:
                check_id(step["id"])
            except ValidationError:
                raise ValidationError(FieldError("next_steps", _("Next step {number}: {value} is not a record id.").format(
                    number=position + 1, value=shown(step["id"])))) from None
    if checkin_id is not None:
        checkin_id = check_id(checkin_id)
    values = {k: v for k, v in values.items() if k in CHECKIN_FIELDS}
    if not checkin_id and not values.get("team_id"):
        raise ValidationError([FieldError("team_id", _("Team: choose the team this check-in was with."))]
                              + _step_problems(next_steps))
    with ws.operation(action) as op:
        try:
            if checkin_id:
                op.update("checkins", checkin_id, values)
            else:
                checkin_id = op.insert("checkins", values)
        except ValidationError as exc:
            # report the steps' own problems too, so one attempt shows them all
            raise ValidationError(exc.errors + _step_problems(next_steps)) from exc
        existing = {r[0] for r in ws.query("SELECT id FROM next_steps WHERE checkin_id = ?", (checkin_id,))}
        kept = {step["id"] for step in next_steps if step.get("id") in existing}
        for step_id in sorted(existing - kept):
            op.delete("next_steps", step_id)
        problems: list[FieldError] = []
        for position, step in enumerate(next_steps):
            row = {k: step[k] for k in ("description", "owner_id", "due_date", "done") if k in step}
            row.update(checkin_id=checkin_id, position=position)
            if "done" in row:
                row["done"] = int(bool(row["done"]))
            try:
                if step.get("id") in kept:
                    op.update("next_steps", step["id"], row)
                else:
                    op.insert("next_steps", row)
            except ValidationError as exc:
                problems += [FieldError("next_steps", _step_message(position, e.message)) for e in exc.errors]
        if problems:
            raise ValidationError(problems)
        op.record_id = checkin_id
    return done(op)


def _step_problems(next_steps: list[dict]) -> list[FieldError]:
    """What is wrong with the steps in themselves, before they belong to a stored check-in."""
    problems: list[FieldError] = []
    for position, step in enumerate(next_steps):
        row = {k: step[k] for k in ("description", "due_date") if k in step}
        try:
            clean_row(KINDS["next_steps"], {"checkin_id": "pending", **row})
        except ValidationError as exc:
            problems += [FieldError("next_steps", _step_message(position, e.message)) for e in exc.errors]
    return problems


def _step_message(position: int, message: str) -> str:
    """"Next step 2: cannot be empty.": a step's problem, named by its number."""
    return _("Next step {number}: {problem}").format(number=position + 1, problem=_without_label(message))


def _without_label(message: str) -> str:
    prefix = _("{field}: ").format(field=_("Next step"))
    return message[len(prefix):] if message.startswith(prefix) else message


def set_next_step_done(ws: Workspace, step_id: str, finished: bool) -> Change:
    return ws.update("next_steps", step_id, {"done": int(bool(finished))},
                     label=_("Mark next step done") if finished else _("Mark next step not done"))


def delete_checkin(ws: Workspace, checkin_id: str) -> Change:
    """Delete a check-in with its next steps, as one undo step."""
    return ws.delete("checkins", checkin_id, label=_("Delete check-in"))


def checkin_team(ws: Workspace, checkin_id: str) -> str | None:
    """The team a check-in was with."""
    return ws.scalar("SELECT team_id FROM checkins WHERE id = ?", (checkin_id,))
