"""What each kind of record holds, declared once.

The migrations create the tables; this spec drives validation, the
cascade-aware delete and the human labels ("Add check-in"). A test checks the
two agree column for column.

Labels and vocabularies are in American English, marked with ``N_`` (the
language is chosen after import): show them through ``_()``, or
``i18n.label(PHASES, key)`` for a vocabulary; what is stored is the key.
"""

from __future__ import annotations

from typing import NamedTuple

from equitycohort.i18n import N_

SCHEMA_VERSION = 6
#: written into the SQLite header so a foreign file is told apart from ours
APPLICATION_ID = 0x45514348  # "EQCH"

PHASES = {
    "planning": N_("Planning"),
    "active": N_("Active"),
    "community": N_("Community of practice"),
    "closed": N_("Closed"),
}
PERSON_KINDS = {
    "leader": N_("Team leader"),
    "facilitator": N_("Facilitator"),
    "partner": N_("Partner contact"),
    "other": N_("Other"),
}
SESSION_KINDS = {"cohort": N_("Cohort-wide session"), "team": N_("Support for one team")}
SESSION_FORMATS = {"virtual": N_("Virtual"), "in_person": N_("In person")}
SESSION_STATUSES = {"scheduled": N_("Scheduled"), "held": N_("Held"), "cancelled": N_("Cancelled")}
ATTENDANCE = {"present": N_("Present"), "absent": N_("Absent"), "excused": N_("Excused")}
ROUNDS = {"baseline": N_("Baseline"), "midpoint": N_("Midpoint"), "end": N_("End"), "custom": N_("Custom")}
ACTION_STATUSES = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "blocked": N_("Blocked"),
    "done": N_("Done"),
}
#: the languages documents are made in, by code
LANGUAGES = {"en": N_("English"), "es": N_("Spanish")}
#: how often a team is checked in with by default, in weeks, by its cohort's phase
CHECKIN_WEEKS = {"planning": 4, "active": 4, "community": 8, "closed": 0}
CHECKIN_MODES = {"call": N_("Call"), "visit": N_("Visit"), "video": N_("Video"), "email": N_("E-mail")}
FOCUS_AREAS = (
    N_("Collecting, disaggregating and communicating data"),
    N_("Immigrant and refugee communities"),
    N_("Policy centered on racial justice and equity"),
    N_("Communications"),
)

LINE_MAX = 300
TEXT_MAX = 200_000


class Field(NamedTuple):
    """One column a user can set.

    ``type`` is one of: line (one line of text), text (multi-line), date,
    time, int, real, bool, choice, ref, email, url, tz, state, json,
    translations (a record's text in other languages: the fields it may
    translate are ``translates``; see ``data/translations.py``).
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
    translates: tuple[Field, ...] = ()


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


_kind("programs", N_("program"), [
    _f("name", N_("Name"), required=True),
    _f("organization", N_("Organization")),
    _f("description", N_("Description"), "text"),
])
_kind("cohorts", N_("cohort"), [
    _f("program_id", N_("Program"), "ref", required=True, ref="programs"),
    _f("name", N_("Name"), required=True),
    _f("start_date", N_("Start date"), "date", required=True),
    _f("end_date", N_("End date"), "date", required=True),
    _f("phase", N_("Phase"), "choice", required=True, choices=PHASES, default="planning"),
    _f("notes", N_("Notes"), "text"),
])
_kind("partners", N_("planning partner"), [
    _f("name", N_("Name"), required=True),
    _f("focus_areas", N_("Focus areas"), "json", default=[]),
    _f("website", N_("Website"), "url"),
    _f("notes", N_("Notes"), "text"),
])
_kind("people", N_("person"), [
    _f("name", N_("Name"), required=True),
    _f("kind", N_("Kind"), "choice", required=True, choices=PERSON_KINDS, default="leader"),
    _f("title", N_("Job title")),
    _f("organization", N_("Organization")),
    _f("email", N_("E-mail"), "email"),
    _f("phone", N_("Phone"), max_len=60),
    _f("preferred_language", N_("Preferred language"), max_len=80),
    _f("pronouns", N_("Pronouns"), max_len=60),
    _f("partner_id", N_("Partner"), "ref", ref="partners", on_delete="set null"),
    _f("notes", N_("Notes"), "text"),
])
_kind("teams", N_("state team"), [
    _f("cohort_id", N_("Cohort"), "ref", required=True, ref="cohorts"),
    _f("state", N_("State"), "state", required=True),
    _f("organization", N_("Organization"), required=True),
    _f("notes", N_("Notes"), "text"),
    _f("checkin_weeks", N_("Check in every"), "int", minimum=1, maximum=26),
    _f("language", N_("Language of its documents"), "choice", choices=LANGUAGES),
], title_field="organization", unique=(("cohort_id", "state"),))
_kind("team_members", N_("team leader"), [
    _f("team_id", N_("Team"), "ref", required=True, ref="teams"),
    _f("person_id", N_("Person"), "ref", required=True, ref="people"),
    _f("role", N_("Role"), default=""),
    _f("is_executive_director", N_("Executive director"), "bool", default=0),
    _f("position", N_("Position"), "int", default=0, minimum=0),
], title_field=None, unique=(("team_id", "person_id"),))
_kind("sessions", N_("session"), [
    _f("cohort_id", N_("Cohort"), "ref", required=True, ref="cohorts"),
    _f("team_id", N_("Team"), "ref", ref="teams"),
    _f("title", N_("Title"), required=True),
    _f("kind", N_("Kind"), "choice", required=True, choices=SESSION_KINDS, default="cohort"),
    _f("format", N_("Format"), "choice", required=True, choices=SESSION_FORMATS, default="virtual"),
    _f("location", N_("Place")),
    _f("link", N_("Video link"), "url"),
    _f("date", N_("Date"), "date", required=True),
    _f("start_time", N_("Start time"), "time", required=True, default="13:00"),
    _f("duration_minutes", N_("Duration"), "int", required=True, default=90, minimum=5, maximum=24 * 60),
    _f("timezone", N_("Time zone"), "tz", required=True, default="America/New_York"),
    _f("agenda", N_("Agenda"), "text"),
    _f("status", N_("Status"), "choice", required=True, choices=SESSION_STATUSES, default="scheduled"),
    _f("partner_id", N_("Partner"), "ref", ref="partners", on_delete="set null"),
    _f("notes", N_("Notes"), "text"),
], title_field="title")
_kind("session_facilitators", N_("session facilitator"), [
    _f("session_id", N_("Session"), "ref", required=True, ref="sessions"),
    _f("person_id", N_("Facilitator"), "ref", required=True, ref="people"),
], title_field=None, unique=(("session_id", "person_id"),))
_kind("attendance", N_("attendance"), [
    _f("session_id", N_("Session"), "ref", required=True, ref="sessions"),
    _f("person_id", N_("Person"), "ref", required=True, ref="people"),
    _f("status", N_("Attendance"), "choice", required=True, choices=ATTENDANCE),
    _f("note", N_("Note")),
], title_field=None, unique=(("session_id", "person_id"),))
_kind("frameworks", N_("framework"), [
    _f("name", N_("Name"), required=True),
    _f("description", N_("Description"), "text"),
    _f("source", N_("Source")),
    _f("licence", N_("License")),
])
_kind("dimensions", N_("dimension"), [
    _f("framework_id", N_("Framework"), "ref", required=True, ref="frameworks"),
    _f("name", N_("Name"), required=True),
    _f("description", N_("Description"), "text"),
    _f("position", N_("Position"), "int", default=0, minimum=0),
])
_kind("levels", N_("level"), [
    _f("framework_id", N_("Framework"), "ref", required=True, ref="frameworks"),
    _f("rank", N_("Rank"), "int", required=True, minimum=1, maximum=20),
    _f("name", N_("Name"), required=True),
], unique=(("framework_id", "rank"),))
_kind("descriptors", N_("descriptor"), [
    _f("dimension_id", N_("Dimension"), "ref", required=True, ref="dimensions"),
    _f("level_id", N_("Level"), "ref", required=True, ref="levels"),
    _f("text", N_("Descriptor"), "text"),
], title_field=None, unique=(("dimension_id", "level_id"),))
def _translatable(table: str, *names: str) -> None:
    """Give a kind a ``translations`` field that may hold these fields' text in other languages."""
    kind = KINDS[table]
    translations = Field("translations", N_("Translations"), "translations",
                         translates=tuple(kind.field(name) for name in names))
    KINDS[table] = kind._replace(fields=(*kind.fields, translations))


# a framework carries its text in several languages (the default one ships in
# English and Spanish); what people type elsewhere is never translated
_translatable("frameworks", "name", "description", "source")
_translatable("dimensions", "name", "description")
_translatable("levels", "name")
_translatable("descriptors", "text")


_kind("assessments", N_("assessment"), [
    _f("team_id", N_("Team"), "ref", required=True, ref="teams"),
    _f("framework_id", N_("Framework"), "ref", required=True, ref="frameworks", on_delete="restrict"),
    _f("round", N_("Round"), "choice", required=True, choices=ROUNDS),
    _f("label", N_("Round name")),
    _f("date", N_("Date"), "date", required=True),
    _f("notes", N_("Notes"), "text"),
], title_field=None)
_kind("ratings", N_("rating"), [
    _f("assessment_id", N_("Assessment"), "ref", required=True, ref="assessments"),
    _f("dimension_id", N_("Dimension"), "ref", required=True, ref="dimensions"),
    _f("level", N_("Rating"), "int", required=True),
    _f("evidence", N_("Evidence"), "text"),
], title_field=None, unique=(("assessment_id", "dimension_id"),))
_kind("goals", N_("goal"), [
    _f("team_id", N_("Team"), "ref", required=True, ref="teams"),
    _f("title", N_("Goal"), required=True),
    _f("description", N_("Description"), "text"),
    _f("indicator", N_("Indicator")),
    _f("unit", N_("Unit"), max_len=40),
    _f("baseline", N_("Baseline"), "real"),
    _f("target", N_("Target"), "real"),
    _f("current", N_("Current value"), "real"),
    _f("position", N_("Position"), "int", default=0, minimum=0),
], title_field="title")
_kind("actions", N_("action"), [
    _f("goal_id", N_("Goal"), "ref", required=True, ref="goals"),
    _f("title", N_("Action"), required=True),
    _f("owner_id", N_("Owner"), "ref", ref="people", on_delete="set null"),
    _f("start_date", N_("Start date"), "date"),
    _f("due_date", N_("Due date"), "date"),
    _f("status", N_("Status"), "choice", required=True, choices=ACTION_STATUSES, default="not_started"),
    _f("support_needed", N_("Support needed"), "text"),
    _f("partner_id", N_("Partner"), "ref", ref="partners", on_delete="set null"),
    _f("notes", N_("Notes"), "text"),
    _f("position", N_("Position"), "int", default=0, minimum=0),
], title_field="title")
_kind("milestones", N_("milestone"), [
    _f("team_id", N_("Team"), "ref", required=True, ref="teams"),
    _f("goal_id", N_("Goal"), "ref", ref="goals", on_delete="set null"),
    _f("title", N_("Milestone"), required=True),
    _f("due_date", N_("Due date"), "date"),
    _f("reached_date", N_("Reached on"), "date"),
    _f("position", N_("Position"), "int", default=0, minimum=0),
], title_field="title")
_kind("checkins", N_("check-in"), [
    _f("team_id", N_("Team"), "ref", required=True, ref="teams"),
    _f("date", N_("Date"), "date", required=True),
    _f("mode", N_("Mode"), "choice", required=True, choices=CHECKIN_MODES, default="call"),
    _f("facilitator_id", N_("Facilitator"), "ref", ref="people", on_delete="set null"),
    _f("partner_id", N_("Partner"), "ref", ref="partners", on_delete="set null"),
    _f("summary", N_("Summary for the team"), "text"),
    _f("wins", N_("Wins"), "text"),
    _f("challenges", N_("Challenges"), "text"),
    _f("support_requested", N_("Support requested"), "text"),
    _f("private_notes", N_("Private notes"), "text"),
    _f("next_checkin_date", N_("Next check-in"), "date"),
], title_field=None)
_kind("next_steps", N_("next step"), [
    _f("checkin_id", N_("Check-in"), "ref", required=True, ref="checkins"),
    _f("description", N_("Next step"), "text", required=True, max_len=2000),
    _f("owner_id", N_("Owner"), "ref", ref="people", on_delete="set null"),
    _f("due_date", N_("Due date"), "date"),
    _f("done", N_("Done"), "bool", default=0),
    _f("position", N_("Position"), "int", default=0, minimum=0),
], title_field="description")

#: Tables no user edits, kept by triggers from the tables above (so writes,
#: undo and redo all maintain them) and left out of undo on purpose: the
#: full-text index, and what calendars have been told about each session
#: (its ever-growing SEQUENCE, and sessions deleted or moved away, which
#: calendar exports cancel). See migrations.py, versions 2 and 3.
DERIVED_TABLES = ("search_index", "calendar_sequences", "calendar_departures")

#: Tables of sharing changes between copies (data/sharing/; migrations.py,
#: version 6): never edited by hand, never in a team's documents.
SHARING_TABLES = ("sync_state", "sync_journal", "sync_authors", "sync_conflicts", "sync_imports")

#: the kinds counted by `equitycohort info`, in its order, with their labels (kept in English in
#: every language: scripts read these lines)
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
