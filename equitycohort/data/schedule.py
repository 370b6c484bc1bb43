"""A cohort's calendar: sessions, planning a series from a cadence, clashes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from equitycohort import formats
from equitycohort.data.schema import SESSION_FORMATS, SESSION_STATUSES
from equitycohort.data.workspace import Change, Operation, Workspace, done
from equitycohort.i18n import N_, _, label, ngettext

#: the weekdays, Monday first (shown through ``_()``)
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))
#: which weekday of the month a monthly series falls on (shown through ``_()``, before a weekday's name)
ORDINALS = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), -1: N_("last")}
FREQUENCIES = {
    "weekly": N_("Every week"),
    "biweekly": N_("Every two weeks"),
    "monthly": N_("Monthly, on the same weekday of the month (e.g. the 2nd Tuesday)"),
}


@dataclass(frozen=True)
class SessionRecord:
    id: str
    cohort_id: str
    team_id: str | None
    team_state: str | None
    title: str
    kind: str
    format: str
    location: str | None
    link: str | None
    date: str
    start_time: str
    duration_minutes: int
    timezone: str
    status: str
    partner_id: str | None
    partner_name: str | None
    agenda: str | None
    facilitators: str | None
    attendance_taken: int

    @property
    def starts(self) -> dt.datetime:
        return session_start(self.date, self.start_time, self.timezone)

    @property
    def ends(self) -> dt.datetime:
        return session_end(self.starts, self.duration_minutes)

    @property
    def status_label(self) -> str:
        return label(SESSION_STATUSES, self.status)

    @property
    def format_label(self) -> str:
        return label(SESSION_FORMATS, self.format)

    @property
    def where(self) -> str:
        return (self.location or "") if self.format == "in_person" else (self.link or "")

    def time_label(self) -> str:
        span = formats.time_range(self.start_time, self.ends.strftime("%H:%M"))
        return f"{span} {zone_abbreviation(self.date, self.start_time, self.timezone)}"


#: US time zones as people name them, by their IANA id (the id is what is stored)
ZONE_NAMES = {
    "America/New_York": N_("Eastern Time (New York)"),
    "America/Detroit": N_("Eastern Time (Detroit)"),
    "America/Indiana/Indianapolis": N_("Eastern Time (Indianapolis)"),
    "America/Chicago": N_("Central Time (Chicago)"),
    "America/Denver": N_("Mountain Time (Denver)"),
    "America/Boise": N_("Mountain Time (Boise)"),
    "America/Phoenix": N_("Mountain Time, no daylight saving (Phoenix)"),
    "America/Los_Angeles": N_("Pacific Time (Los Angeles)"),
    "America/Anchorage": N_("Alaska Time (Anchorage)"),
    "Pacific/Honolulu": N_("Hawaii Time (Honolulu)"),
    "America/Puerto_Rico": N_("Atlantic Time (Puerto Rico)"),
    "America/St_Thomas": N_("Atlantic Time (U.S. Virgin Islands)"),
    "Pacific/Guam": N_("Chamorro Time (Guam)"),
    "Pacific/Saipan": N_("Chamorro Time (Northern Mariana Islands)"),
    "Pacific/Pago_Pago": N_("Samoa Time (American Samoa)"),
    "UTC": N_("Coordinated Universal Time (UTC)"),
}


def zone_name(zone: str) -> str:
    """``Central Time (Chicago)`` for ``America/Chicago`` (in the current language); another id as it is."""
    return label(ZONE_NAMES, zone)


def zone_from_name(text: str) -> str:
    """The IANA id of a zone given by its name (in English or the current language) or its id."""
    text = text.strip()
    folded = text.casefold()
    return next((zone for zone, name in ZONE_NAMES.items() if folded in (name.casefold(), _(name).casefold())),
                text)


def session_start(date: str, start_time: str, timezone: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    day = dt.date.fromisoformat(date)
    hour, minute = (int(x) for x in start_time.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(timezone))


def session_end(start: dt.datetime, duration_minutes: int) -> dt.datetime:
    """The end of a session, on its zone's clock, ``duration_minutes`` of real time after its start.

    (Adding minutes to a zoned time in Python moves the wall clock, which is
    an hour off when daylight saving begins or ends during the session.)
    """
    end = start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=duration_minutes)
    return end.astimezone(start.tzinfo)


def zone_abbreviation(date: str, start_time: str, timezone: str) -> str:
    """"CST", "EDT"... or the zone name where the OS has no abbreviation."""
    name = session_start(date, start_time, timezone).tzname() or timezone
    return name if not name.startswith(("+", "-")) else timezone


_SESSION_SQL = """
SELECT s.id, s.cohort_id, s.team_id, t.state, s.title, s.kind, s.format, s.location, s.link,
       s.date, s.start_time, s.duration_minutes, s.timezone, s.status, s.partner_id, pa.name,
       s.agenda,
       (SELECT group_concat(p.name, ', ') FROM session_facilitators f JOIN people p ON p.id = f.person_id
        WHERE f.session_id = s.id),
       (SELECT count(*) FROM attendance a WHERE a.session_id = s.id)
FROM sessions s
LEFT JOIN teams t ON t.id = s.team_id
LEFT JOIN partners pa ON pa.id = s.partner_id
"""


def list_sessions(ws: Workspace, cohort_id: str) -> list[SessionRecord]:
    rows = ws.query(_SESSION_SQL + " WHERE s.cohort_id = ? ORDER BY s.date, s.start_time", (cohort_id,))
    return [SessionRecord(*row) for row in rows]


def get_session(ws: Workspace, session_id: str) -> SessionRecord | None:
    rows = ws.query(_SESSION_SQL + " WHERE s.id = ?", (session_id,))
    return SessionRecord(*rows[0]) if rows else None


def sessions_between(ws: Workspace, first: str, last: str) -> list[SessionRecord]:
    rows = ws.query(_SESSION_SQL + " WHERE s.date BETWEEN ? AND ? ORDER BY s.date, s.start_time",
                    (first, last))
    return [SessionRecord(*row) for row in rows]


def session_facilitator_ids(ws: Workspace, session_id: str) -> list[str]:
    return [r[0] for r in ws.query(
        "SELECT person_id FROM session_facilitators WHERE session_id = ?", (session_id,))]


def set_facilitators(op: Operation, ws: Workspace, session_id: str, person_ids: list[str]) -> None:
    """Make a session's facilitators exactly ``person_ids``, inside an operation."""
    current = {r["person_id"]: r["id"] for r in ws.rows(
        "SELECT id, person_id FROM session_facilitators WHERE session_id = ?", (session_id,))}
    for person_id, link_id in current.items():
        if person_id not in person_ids:
            op.delete("session_facilitators", link_id)
    for person_id in person_ids:
        if person_id not in current:
            op.insert("session_facilitators", {"session_id": session_id, "person_id": person_id})


# --- planning a series ---------------------------------------------------

@dataclass(frozen=True)
class Cadence:
    """How a series of sessions repeats."""

    frequency: str  # weekly | biweekly | monthly
    first_date: dt.date
    count: int
    weekday: int = 1  # Monday = 0; for monthly
    nth: int = 2  # 1..4, or -1 for the last; for monthly
    start_time: str = "13:00"
    duration_minutes: int = 90
    timezone: str = "America/New_York"
    format: str = "virtual"
    location: str = ""
    link: str = ""
    title: str = "Cohort session {n}"

    def describe(self) -> str:
        if self.frequency == "monthly":
            return monthly_on(self.nth, self.weekday)
        return _(FREQUENCIES[self.frequency])


def monthly_on(nth: int, weekday: int) -> str:
    """"Monthly on the second Tuesday"."""
    # Translators: {nth} is "first", "second", "third", "fourth" or "last"; {weekday} a weekday's name
    return _("Monthly on the {nth} {weekday}").format(nth=_(ORDINALS[nth]), weekday=_(WEEKDAYS[weekday]))


@dataclass(frozen=True)
class PlannedSession:
    number: int
    title: str
    date: dt.date
    start_time: str
    duration_minutes: int
    timezone: str
    format: str
    location: str
    link: str
    holiday: str | None = None
    clashes: tuple[str, ...] = field(default_factory=tuple)
    include: bool = True
    #: why this one cannot be created (its start time does not exist that day)
    problem: str | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.holiday or self.clashes or self.problem)

    @property
    def creatable(self) -> bool:
        return self.include and self.problem is None

    def values(self, cohort_id: str) -> dict:
        return {
            "cohort_id": cohort_id, "title": self.title, "kind": "cohort", "format": self.format,
            "location": self.location or None, "link": self.link or None,
            "date": self.date.isoformat(), "start_time": self.start_time,
            "duration_minutes": self.duration_minutes, "timezone": self.timezone,
            "status": "scheduled",
        }


MAX_SERIES = 60


def series_dates(cadence: Cadence) -> list[dt.date]:
    from dateutil import rrule

    count = max(0, min(cadence.count, MAX_SERIES))
    if count == 0:
        return []
    start = dt.datetime.combine(cadence.first_date, dt.time())
    if cadence.frequency == "weekly":
        rule = rrule.rrule(rrule.WEEKLY, dtstart=start, count=count)
    elif cadence.frequency == "biweekly":
        rule = rrule.rrule(rrule.WEEKLY, interval=2, dtstart=start, count=count)
    elif cadence.frequency == "monthly":
        weekday = rrule.weekday(cadence.weekday)(cadence.nth)
        rule = rrule.rrule(rrule.MONTHLY, byweekday=weekday, dtstart=start, count=count)
    else:
        raise ValueError(f"unknown frequency {cadence.frequency!r}")
    return [d.date() for d in rule]


def _us_holidays(year: int) -> dict[dt.date, str]:
    from equitycohort.data.holidays_cache import us_holidays

    return us_holidays(year)


def warm_holidays(years: tuple[int, ...] | None = None) -> None:
    """Load the holiday tables ahead of need (they take a moment the first time)."""
    this = dt.date.today().year
    for year in years or (this - 1, this, this + 1):
        _us_holidays(year)


#: the US federal holidays by the names the holidays package gives them, marked for translation
HOLIDAY_NAMES = (
    N_("New Year's Day"), N_("Martin Luther King Jr. Day"), N_("Washington's Birthday"), N_("Memorial Day"),
    N_("Juneteenth National Independence Day"), N_("Independence Day"), N_("Labor Day"), N_("Columbus Day"),
    N_("Veterans Day"), N_("Thanksgiving Day"), N_("Christmas Day"),
)
_OBSERVED = " (observed)"


def holiday_on(day: dt.date) -> str | None:
    """The name of the US public holiday on ``day``, if any, in the current language."""
    name = _us_holidays(day.year).get(day)
    if name is None:
        return None
    observed = name.endswith(_OBSERVED)
    base = name.removesuffix(_OBSERVED)
    shown = _(base) if base in HOLIDAY_NAMES else base
    return _("{holiday} (observed)").format(holiday=shown) if observed else shown


def plan_series(ws: Workspace, cohort_id: str, cadence: Cadence, facilitator_ids: tuple[str, ...] = ()) -> list[PlannedSession]:
    """The sessions a cadence would create, each flagged for holidays and clashes.

    A date on which the start time does not exist (the hour skipped when
    daylight saving begins) is flagged with why, and left out.
    """
    from equitycohort.data.validation import clock, skipped_hours

    planned = []
    for n, day in enumerate(series_dates(cadence), start=1):
        gap = skipped_hours(day.isoformat(), cadence.start_time, cadence.timezone)
        skipped = _("clocks go from {start} to {end}").format(start=clock(gap[0]), end=clock(gap[1])) if gap else None
        planned.append(PlannedSession(
            number=n, title=cadence.title.replace("{n}", str(n)), date=day,
            start_time=cadence.start_time, duration_minutes=cadence.duration_minutes,
            timezone=cadence.timezone, format=cadence.format, location=cadence.location,
            link=cadence.link, holiday=holiday_on(day), include=skipped is None,
            problem=_("not created: {time} does not exist that day ({why})").format(
                time=clock(dt.time.fromisoformat(cadence.start_time)), why=skipped) if skipped else None,
        ))
    return flag_clashes(ws, cohort_id, planned, facilitator_ids)


#: How many days apart the local dates of two overlapping sessions can be: a
#: session lasts up to a day, and time zones differ by up to 26 hours (US
#: places alone by 21: American Samoa to Guam).
_DATE_REACH = 3


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def flag_clashes(ws: Workspace, cohort_id: str, planned: list[PlannedSession],
                 facilitator_ids: tuple[str, ...] = ()) -> list[PlannedSession]:
    if not planned:
        return []
    first = (min(p.date for p in planned) - dt.timedelta(days=_DATE_REACH)).isoformat()
    last = (max(p.date for p in planned) + dt.timedelta(days=_DATE_REACH)).isoformat()
    existing = [s for s in sessions_between(ws, first, last) if s.status != "cancelled"]
    busy = _facilitator_sessions(ws, [s.id for s in existing], facilitator_ids)
    out = []
    for item in planned:
        start = session_start(item.date.isoformat(), item.start_time, item.timezone)
        end = start + dt.timedelta(minutes=item.duration_minutes)
        clashes = []
        for other in existing:
            if not _overlaps(start, end, other.starts, other.ends):
                continue
            if other.cohort_id == cohort_id:
                clashes.append(_("overlaps “{title}” ({time})").format(title=other.title,
                                                                        time=formats.clock(other.start_time)))
            elif other.id in busy:
                clashes.append(_("a facilitator is in “{title}” of another cohort").format(title=other.title))
        out.append(replace(item, clashes=tuple(clashes)))
    return out


def _facilitator_sessions(ws: Workspace, session_ids: list[str], facilitator_ids: tuple[str, ...]) -> set[str]:
    if not session_ids or not facilitator_ids:
        return set()
    marks = ",".join("?" * len(session_ids))
    people = ",".join("?" * len(facilitator_ids))
    rows = ws.query(
        f"SELECT session_id FROM session_facilitators WHERE session_id IN ({marks}) AND person_id IN ({people})",
        (*session_ids, *facilitator_ids))
    return {r[0] for r in rows}


def clashes_in_cohort(ws: Workspace, cohort_id: str) -> dict[str, list[str]]:
    """For each session of a cohort, the titles of the cohort sessions it overlaps."""
    sessions = [s for s in list_sessions(ws, cohort_id) if s.status != "cancelled"]
    out: dict[str, list[str]] = {}
    for i, a in enumerate(sessions):
        for b in sessions[i + 1:]:
            if b.date > a.date and \
                    (dt.date.fromisoformat(b.date) - dt.date.fromisoformat(a.date)).days > _DATE_REACH:
                break
            if _overlaps(a.starts, a.ends, b.starts, b.ends):
                out.setdefault(a.id, []).append(b.title)
                out.setdefault(b.id, []).append(a.title)
    return out


def create_series(ws: Workspace, cohort_id: str, planned: list[PlannedSession],
                  facilitator_ids: tuple[str, ...] = (), partner_id: str | None = None) -> Change:
    """Create the included planned sessions (never one flagged as impossible) as one undoable step."""
    chosen = [p for p in planned if p.creatable]
    action = ngettext("Plan {count} session", "Plan {count} sessions", len(chosen)).format(count=len(chosen))
    with ws.operation(action) as op:
        for item in chosen:
            session_id = op.insert("sessions", {**item.values(cohort_id), "partner_id": partner_id})
            for person_id in facilitator_ids:
                op.insert("session_facilitators", {"session_id": session_id, "person_id": person_id})
    return done(op)


# --- one session ---------------------------------------------------------

def save_session(ws: Workspace, cohort_id: str, values: dict, facilitator_ids: list[str],
                 session_id: str | None = None) -> Change:
    """Add a session to a cohort, or edit one, with exactly these facilitators, as one step."""
    values = {**values, "cohort_id": cohort_id}
    with ws.operation(_("Edit session") if session_id else _("Add session")) as op:
        if session_id:
            op.update("sessions", session_id, values)
        else:
            session_id = op.insert("sessions", values)
        set_facilitators(op, ws, session_id, facilitator_ids)
        op.record_id = session_id
    return done(op)


def set_session_status(ws: Workspace, session_id: str, status: str) -> Change:
    """Cancel a session (it stays on record, not held), restore it, or mark it held."""
    actions = {"cancelled": N_("Cancel session"), "scheduled": N_("Restore session"), "held": N_("Mark session held")}
    return ws.update("sessions", session_id, {"status": status}, _(actions.get(status, N_("Edit session"))))


def delete_session(ws: Workspace, session_id: str) -> Change:
    """Delete a session with its attendance and facilitators, as one step."""
    return ws.delete("sessions", session_id, _("Delete session"))


def cohort_zone(ws: Workspace, cohort_id: str) -> str:
    """The time zone most of a cohort's sessions use, else its teams' most common one."""
    from equitycohort.data.states import PLACE_TIMEZONES
    from equitycohort.data.teams import list_teams

    zone = ws.scalar("SELECT timezone FROM sessions WHERE cohort_id = ? GROUP BY timezone "
                     "ORDER BY count(*) DESC, timezone LIMIT 1", (cohort_id,))
    if zone:
        return zone
    zones = [z for z in (PLACE_TIMEZONES.get(t.state) for t in list_teams(ws, cohort_id)) if z]
    return max(sorted(set(zones)), key=zones.count) if zones else "America/New_York"


def session_staff(ws: Workspace) -> list[dict]:
    """Who can facilitate a session: facilitators, then partner contacts (id, name, kind), by name."""
    return ws.rows("SELECT id, name, kind FROM people WHERE kind IN ('facilitator', 'partner') "
                   "ORDER BY kind, name COLLATE NOCASE")


def facilitator_choices(ws: Workspace) -> list[tuple[str, str]]:
    """Facilitators as (id, name), by name, for pickers."""
    return [(r[0], r[1]) for r in ws.query(
        "SELECT id, name FROM people WHERE kind = 'facilitator' ORDER BY name COLLATE NOCASE")]
