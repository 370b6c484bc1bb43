"""What each kind of record holds, declared once.

The migrations create the tables; this spec drives validation, the
cascade-aware delete and the human labels ("Add check-in"). A test checks the
two agree column for column.
"""

from __future__ import annotations

from typing import NamedTuple

SCHEMA_VERSION = 5
#: written into the SQLite header so a foreign file is told apart from ours
APPLICATION_ID = 0x45514348  # "EQCH"

PHASES = {
    "planning": "Planning",
    "active": "Active",
    "community": "Community of practice",
    "closed": "Closed",
}
PERSON_KINDS = {
    "leader": "Team leader",
    "facilitator": "Facilitator",
    "partner": "Partner contact",
    "other": "Other",
}
SESSION_KINDS = {"cohort": "Cohort-wide session", "team": "Support for one team"}
SESSION_FORMATS = {"virtual": "Virtual", "in_person": "In person"}
SESSION_STATUSES = {"scheduled": "Scheduled", "held": "Held", "cancelled": "Cancelled"}
ATTENDANCE = {"present": "Present", "absent": "Absent", "excused": "Excused"}
ROUNDS = {"baseline": "Baseline", "midpoint": "Midpoint", "end": "End", "custom": "Custom"}
ACTION_STATUSES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "blocked": "Blocked",
    "done": "Done",
}
#: the languages documents are made in, by code
LANGUAGES = {"en": "English", "es": "Spanish"}
#: how often a team is checked in with by default, in weeks, by its cohort's phase
CHECKIN_WEEKS = {"planning": 4, "active": 4, "community": 8, "closed": 0}
CHECKIN_MODES = {"call": "Call", "visit": "Visit", "video": "Video", "email": "E-mail"}
FOCUS_AREAS = (
    "Collecting, disaggregating and communicating data",
    "Immigrant and refugee communities",
    "Policy centered on racial justice and equity",
    "Communications",
)

LINE_MAX = 300
TEXT_MAX = 200_000


class Field(NamedTuple):
    """One column a user can set.

    ``type`` is one of: line (one line of text), text (multi-line), date,
    time, int, real, bool, choice, ref, email, url, tz, state, json.
    """

    name: str
    label: str
    type: str = "line"
    required: bool = False
    choices: dict[str, str] | None = None
    ref: str | None = None
    on_delete: str = "cascade"  # for refs: cascade | set null | restrict
    max_len: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: object = None


class Kind(NamedTuple):
    table: str
    singular: str
    fields: tuple[Field, ...]
    #: a title for a record in messages and undo labels, built from its row
    title_field: str | None = "name"
    unique: tuple[tuple[str, ...], ...] = ()

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.table} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _f(name, label, type="line", **kw) -> Field:
    return Field(name, label, type, **kw)


KINDS: dict[str, Kind] = {}


def _kind(table, singular, fields, **kw) -> Kind:
    kind = Kind(table, singular, tuple(fields), **kw)
    KINDS[table] = kind
    return kind


_kind("programs", "program", [
    _f("name", "Name", required=True),
    _f("organization", "Organization"),
    _f("description", "Description", "text"),
])
_kind("cohorts", "cohort", [
    _f("program_id", "Program", "ref", required=True, ref="programs"),
    _f("name", "Name", required=True),
    _f("start_date", "Start date", "date", required=True),
    _f("end_date", "End date", "date", required=True),
    _f("phase", "Phase", "choice", required=True, choices=PHASES, default="planning"),
    _f("notes", "Notes", "text"),
])
_kind("partners", "planning partner", [
    _f("name", "Name", required=True),
    _f("focus_areas", "Focus areas", "json", default=[]),
    _f("website", "Website", "url"),
    _f("notes", "Notes", "text"),
])
_kind("people", "person", [
    _f("name", "Name", required=True),
    _f("kind", "Kind", "choice", required=True, choices=PERSON_KINDS, default="leader"),
    _f("title", "Job title"),
    _f("organization", "Organization"),
    _f("email", "E-mail", "email"),
    _f("phone", "Phone", max_len=60),
    _f("preferred_language", "Preferred language", max_len=80),
    _f("pronouns", "Pronouns", max_len=60),
    _f("partner_id", "Partner", "ref", ref="partners", on_delete="set null"),
    _f("notes", "Notes", "text"),
])
_kind("teams", "state team", [
    _f("cohort_id", "Cohort", "ref", required=True, ref="cohorts"),
    _f("state", "State", "state", required=True),
    _f("organization", "Organization", required=True),
    _f("notes", "Notes", "text"),
    _f("checkin_weeks", "Check in every", "int", minimum=1, maximum=26),
    _f("language", "Language of its documents", "choice", choices=LANGUAGES),
], title_field="organization", unique=(("cohort_id", "state"),))
_kind("team_members", "team leader", [
    _f("team_id", "Team", "ref", required=True, ref="teams"),
    _f("person_id", "Person", "ref", required=True, ref="people"),
    _f("role", "Role", default=""),
    _f("is_executive_director", "Executive director", "bool", default=0),
    _f("position", "Position", "int", default=0, minimum=0),
], title_field=None, unique=(("team_id", "person_id"),))
_kind("sessions", "session", [
    _f("cohort_id", "Cohort", "ref", required=True, ref="cohorts"),
    _f("team_id", "Team", "ref", ref="teams"),
    _f("title", "Title", required=True),
    _f("kind", "Kind", "choice", required=True, choices=SESSION_KINDS, default="cohort"),
    _f("format", "Format", "choice", required=True, choices=SESSION_FORMATS, default="virtual"),
    _f("location", "Place"),
    _f("link", "Video link", "url"),
    _f("date", "Date", "date", required=True),
    _f("start_time", "Start time", "time", required=True, default="13:00"),
    _f("duration_minutes", "Duration", "int", required=True, default=90, minimum=5, maximum=24 * 60),
    _f("timezone", "Time zone", "tz", required=True, default="America/New_York"),
    _f("agenda", "Agenda", "text"),
    _f("status", "Status", "choice", required=True, choices=SESSION_STATUSES, default="scheduled"),
    _f("partner_id", "Partner", "ref", ref="partners", on_delete="set null"),
    _f("notes", "Notes", "text"),
], title_field="title")
_kind("session_facilitators", "session facilitator", [
    _f("session_id", "Session", "ref", required=True, ref="sessions"),
    _f("person_id", "Facilitator", "ref", required=True, ref="people"),
], title_field=None, unique=(("session_id", "person_id"),))
_kind("attendance", "attendance", [
    _f("session_id", "Session", "ref", required=True, ref="sessions"),
    _f("person_id", "Person", "ref", required=True, ref="people"),
    _f("status", "Attendance", "choice", required=True, choices=ATTENDANCE),
    _f("note", "Note"),
], title_field=None, unique=(("session_id", "person_id"),))
_kind("frameworks", "framework", [
    _f("name", "Name", required=True),
    _f("description", "Description", "text"),
    _f("source", "Source"),
    _f("licence", "License"),
])
_kind("dimensions", "dimension", [
    _f("framework_id", "Framework", "ref", required=True, ref="frameworks"),
    _f("name", "Name", required=True),
    _f("description", "Description", "text"),
    _f("position", "Position", "int", default=0, minimum=0),
])
_kind("levels", "level", [
    _f("framework_id", "Framework", "ref", required=True, ref="frameworks"),
    _f("rank", "Rank", "int", required=True, minimum=1, maximum=20),
    _f("name", "Name", required=True),
], unique=(("framework_id", "rank"),))
_kind("descriptors", "descriptor", [
    _f("dimension_id", "Dimension", "ref", required=True, ref="dimensions"),
    _f("level_id", "Level", "ref", required=True, ref="levels"),
    _f("text", "Descriptor", "text"),
], title_field=None, unique=(("dimension_id", "level_id"),))
_kind("assessments", "assessment", [
    _f("team_id", "Team", "ref", required=True, ref="teams"),
    _f("framework_id", "Framework", "ref", required=True, ref="frameworks", on_delete="restrict"),
    _f("round", "Round", "choice", required=True, choices=ROUNDS),
    _f("label", "Round name"),
    _f("date", "Date", "date", required=True),
    _f("notes", "Notes", "text"),
], title_field=None)
_kind("ratings", "rating", [
    _f("assessment_id", "Assessment", "ref", required=True, ref="assessments"),
    _f("dimension_id", "Dimension", "ref", required=True, ref="dimensions"),
    _f("level", "Rating", "int", required=True),
    _f("evidence", "Evidence", "text"),
], title_field=None, unique=(("assessment_id", "dimension_id"),))
_kind("goals", "goal", [
    _f("team_id", "Team", "ref", required=True, ref="teams"),
    _f("title", "Goal", required=True),
    _f("description", "Description", "text"),
    _f("indicator", "Indicator"),
    _f("unit", "Unit", max_len=40),
    _f("baseline", "Baseline", "real"),
    _f("target", "Target", "real"),
    _f("current", "Current value", "real"),
    _f("position", "Position", "int", default=0, minimum=0),
], title_field="title")
_kind("actions", "action", [
    _f("goal_id", "Goal", "ref", required=True, ref="goals"),
    _f("title", "Action", required=True),
    _f("owner_id", "Owner", "ref", ref="people", on_delete="set null"),
    _f("start_date", "Start date", "date"),
    _f("due_date", "Due date", "date"),
    _f("status", "Status", "choice", required=True, choices=ACTION_STATUSES, default="not_started"),
    _f("support_needed", "Support needed", "text"),
    _f("partner_id", "Partner", "ref", ref="partners", on_delete="set null"),
    _f("notes", "Notes", "text"),
    _f("position", "Position", "int", default=0, minimum=0),
], title_field="title")
_kind("milestones", "milestone", [
    _f("team_id", "Team", "ref", required=True, ref="teams"),
    _f("goal_id", "Goal", "ref", ref="goals", on_delete="set null"),
    _f("title", "Milestone", required=True),
    _f("due_date", "Due date", "date"),
    _f("reached_date", "Reached on", "date"),
    _f("position", "Position", "int", default=0, minimum=0),
], title_field="title")
_kind("checkins", "check-in", [
    _f("team_id", "Team", "ref", required=True, ref="teams"),
    _f("date", "Date", "date", required=True),
    _f("mode", "Mode", "choice", required=True, choices=CHECKIN_MODES, default="call"),
    _f("facilitator_id", "Facilitator", "ref", ref="people", on_delete="set null"),
    _f("partner_id", "Partner", "ref", ref="partners", on_delete="set null"),
    _f("summary", "Summary for the team", "text"),
    _f("wins", "Wins", "text"),
    _f("challenges", "Challenges", "text"),
    _f("support_requested", "Support requested", "text"),
    _f("private_notes", "Private notes", "text"),
    _f("next_checkin_date", "Next check-in", "date"),
], title_field=None)
_kind("next_steps", "next step", [
    _f("checkin_id", "Check-in", "ref", required=True, ref="checkins"),
    _f("description", "Next step", "text", required=True, max_len=2000),
    _f("owner_id", "Owner", "ref", ref="people", on_delete="set null"),
    _f("due_date", "Due date", "date"),
    _f("done", "Done", "bool", default=0),
    _f("position", "Position", "int", default=0, minimum=0),
], title_field="description")

#: Tables no user edits, kept by triggers from the tables above (so writes,
#: undo and redo all maintain them) and left out of undo on purpose: the
#: full-text index, and what calendars have been told about each session
#: (its ever-growing SEQUENCE, and sessions deleted or moved away, which
#: calendar exports cancel). See migrations.py, versions 2 and 3.
DERIVED_TABLES = ("search_index", "calendar_sequences", "calendar_departures")

#: Tables of sharing changes between copies (data/sharing/; migrations.py,
#: version 5): never edited by hand, never in a team's documents.
SHARING_TABLES = ("sync_state", "sync_journal", "sync_authors", "sync_conflicts", "sync_imports")

#: the kinds counted by `equitycohort info`, in its order, with their labels
COUNTED = (
    ("programs", "programs"), ("cohorts", "cohorts"), ("teams", "teams"),
    ("people", "people"), ("partners", "partners"), ("sessions", "sessions"),
    ("attendance", "attendance"), ("assessments", "assessments"),
    ("goals", "goals"), ("actions", "actions"), ("checkins", "check-ins"),
)


def references_to(table: str) -> list[tuple[str, Field]]:
    """Every (child table, field) whose ref points at ``table``."""
    return [
        (kind.table, f)
        for kind in KINDS.values()
        for f in kind.fields
        if f.type == "ref" and f.ref == table
    ]
