"""A cohort's sessions as an iCalendar (.ics) file for Outlook and Google Calendar.

Who sees what: the cohort's calendar (for facilitators) holds every session;
a team's calendar holds the cohort-wide sessions and that team's own, never
another team's.

Updates that calendar apps take: each session keeps its UID across exports,
and its SEQUENCE grows with every change (an undone change too: the
workspace counts them in calendar_sequences, which undo never rewinds). A
cancelled session says so in its title and in STATUS:CANCELLED. A session
deleted, or moved away from a team's calendar, is exported there as
cancelled for as long as the cohort runs (until it is closed), so calendars
that imported it drop it.

Times carry their real IANA zone (a TZID on each start and end) and a
VTIMEZONE per zone, in name order, whose daylight-saving rules are RRULEs
worked out from the zone's own transitions (Outlook is reported to mishandle
zones given as lists of RDATEs). An end in the hour a fall-back repeats is
written in UTC, which says which of the two it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import __version__, i18n
from equitycohort.data.schedule import SessionRecord, list_sessions, session_end, session_start
from equitycohort.data.states import state_name
from equitycohort.export.common import Progress, cohort_record, notify, write_atomic
from equitycohort.i18n import N_, _, pgettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

PRODID = f"-//Equity Cohort//Equity Cohort {__version__}//EN"
UID_DOMAIN = "equitycohort.invalid"
#: before the title of a cancelled session (shown through ``_()``)
CANCELLED = N_("Cancelled: ")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def session_uid(session_id: str) -> str:
    return f"{session_id}@{UID_DOMAIN}"


def visible_to_team(kind: str, team_id: str | None, team: str) -> bool:
    """Whether a team's calendar shows a session: cohort-wide sessions and its own."""
    return kind == "cohort" or team_id == team


@dataclass(frozen=True)
class Departure:
    """A session gone from calendars that held it, as they last showed it."""

    session_id: str
    team_id: str | None  # the team whose calendar held it; None: every team's
    gone_from_cohort: bool
    title: str
    date: str
    start_time: str
    duration_minutes: int
    timezone: str
    departed: str


def _departures(ws: Workspace, cohort_id: str) -> list[Departure]:
    return [Departure(r[0], r[1], bool(r[2]), r[3], r[4], r[5], r[6], r[7], r[8]) for r in ws.query(
        """SELECT session_id, team_id, gone_from_cohort, title, date, start_time, duration_minutes, timezone,
                  departed
           FROM calendar_departures WHERE cohort_id = ? ORDER BY id""", (cohort_id,))]


def calendar_bytes(ws: Workspace, cohort_id: str, *, team_id: str | None = None, now: dt.datetime | None = None,
                   lang: str | None = None) -> bytes:
    """The .ics text of a cohort's sessions: all of them, or those a team's calendar shows, its words
    in ``lang`` (default: the current language)."""
    with i18n.use(lang):
        return _calendar(ws, cohort_id, team_id=team_id, now=now)


def _calendar(ws: Workspace, cohort_id: str, *, team_id: str | None, now: dt.datetime | None) -> bytes:
    from icalendar import Calendar

    cohort = cohort_record(ws, cohort_id)
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{cohort.program_name}: {cohort.name}"
    if team_id is not None:
        team = ws.get("teams", team_id)
        if team is None or team["cohort_id"] != cohort_id:
            from equitycohort.export.common import ExportError

            raise ExportError(_("There is no state team with id {id} in {cohort}.").format(id=team_id,
                                                                                            cohort=cohort.name))
        name += f" – {state_name(team['state'])}"
    cal.add("x-wr-calname", name)

    sequences = {r[0]: (r[1], r[2]) for r in ws.query(
        "SELECT s.id, c.sequence, c.changed FROM sessions s JOIN calendar_sequences c ON c.session_id = s.id "
        "WHERE s.cohort_id = ?", (cohort_id,))}
    sessions = [s for s in list_sessions(ws, cohort_id)
                if team_id is None or visible_to_team(s.kind, s.team_id, team_id)]
    shown = {s.id for s in sessions}
    gone: dict[str, Departure] = {}
    if cohort.phase != "closed":
        live = {s.id: s for s in list_sessions(ws, cohort_id)} if team_id is not None else {}
        for departure in _departures(ws, cohort_id):
            if departure.session_id in shown:
                continue
            if team_id is None:
                if departure.gone_from_cohort:
                    gone[departure.session_id] = departure
            elif departure.team_id in (None, team_id):
                session = live.get(departure.session_id)
                if session is None or not visible_to_team(session.kind, session.team_id, team_id):
                    gone[departure.session_id] = departure
        if gone:
            sequences.update({r[0]: (r[1], r[2]) for r in ws.query(
                f"SELECT session_id, sequence, changed FROM calendar_sequences WHERE session_id IN "
                f"({','.join('?' * len(gone))})", tuple(gone))})
    zones: set[str] = set()
    days: list[str] = []
    for session in sessions:
        sequence, changed = sequences.get(session.id, (0, None))
        cal.add_component(_event(session, now, sequence, changed))
        zones.add(session.timezone)
        days.append(session.date)
    for departure in sorted(gone.values(), key=lambda d: (d.date, d.start_time, d.session_id)):
        sequence, changed = sequences.get(departure.session_id, (1, departure.departed))
        cal.add_component(_cancelled_event(departure, now, sequence, changed))
        zones.add(departure.timezone)
        days.append(departure.date)
    if days:
        first = dt.date.fromisoformat(min(days)) - dt.timedelta(days=366)
        last = dt.date.fromisoformat(max(days)) + dt.timedelta(days=366)
        for zone in sorted(zones):
            cal.add_component(vtimezone(zone, first, last))
    return cal.to_ical()


def _stamp(text: str | None):
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).replace(microsecond=0)


def _end(start: dt.datetime, minutes: int) -> dt.datetime:
    """The end, counted in real minutes (across a daylight-saving change), on the zone's clock;
    in UTC when that clock shows the time twice (the hour a fall-back repeats)."""
    end = session_end(start, minutes)
    if end.fold and end.utcoffset() != end.replace(fold=0).utcoffset():
        return end.astimezone(dt.timezone.utc)
    return end


def _timed(event, start: dt.datetime, minutes: int) -> None:
    event.add("dtstart", start)
    event.add("dtend", _end(start, minutes))


def _event(session: SessionRecord, now: dt.datetime, sequence: int, changed: str | None):
    from icalendar import Event

    event = Event()
    event.add("uid", session_uid(session.id))
    event.add("dtstamp", now)
    _timed(event, session.starts, session.duration_minutes)
    cancelled = session.status == "cancelled"
    event.add("summary", (_(CANCELLED) if cancelled else "") + session.title)
    event.add("sequence", sequence)
    if session.where:
        event.add("location", session.where)
    if session.link:
        event.add("url", session.link)
    description = []
    if cancelled:
        description.append(_("This session is cancelled."))
    if session.agenda and session.agenda.strip():
        description.append(session.agenda.strip())
    if session.link and session.format == "virtual":
        description.append(_("Join: {link}").format(link=session.link))
    if session.facilitators:
        description.append(_("Facilitators: {names}").format(names=session.facilitators))
    if description:
        event.add("description", "\n\n".join(description))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    stamp = _stamp(changed)
    if stamp:
        event.add("last-modified", stamp)
    return event


def _cancelled_event(departure: Departure, now: dt.datetime, sequence: int, changed: str | None):
    """A session no longer on this calendar, as it last showed there, marked cancelled."""
    from icalendar import Event

    event = Event()
    event.add("uid", session_uid(departure.session_id))
    event.add("dtstamp", now)
    _timed(event, session_start(departure.date, departure.start_time, departure.timezone),
           departure.duration_minutes)
    event.add("summary", _(CANCELLED) + departure.title)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED")
    event.add("description", _("This session is cancelled.") if departure.gone_from_cohort
              else _("This session is no longer on this calendar."))
    stamp = _stamp(changed)
    if stamp:
        event.add("last-modified", stamp)
    return event


# --- time zones -------------------------------------------------------------------

@dataclass(frozen=True)
class Transition:
    at: dt.datetime  # the instant, in UTC
    before: dt.timedelta  # the UTC offset until then
    after: dt.timedelta  # and from then on
    name: str  # the abbreviation from then on
    dst: bool

    @property
    def onset(self) -> dt.datetime:
        """The local time the change happens at, on the clock before it (naive)."""
        return (self.at + self.before).replace(tzinfo=None)


@lru_cache(maxsize=64)
def transitions(zone_name: str, first: dt.date, last: dt.date) -> tuple[Transition, ...]:
    """Every change of a zone's UTC offset or abbreviation between two dates (cached: packets
    ask for the same zones once per team)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    step = dt.timedelta(hours=6)
    at = dt.datetime.combine(first, dt.time(), dt.timezone.utc)
    end = dt.datetime.combine(last, dt.time(), dt.timezone.utc)

    def state(moment: dt.datetime) -> tuple:
        local = moment.astimezone(zone)
        return local.utcoffset(), local.tzname(), bool(local.dst())

    out = []
    previous = state(at)
    while at < end:
        following = at + step
        current = state(following)
        if current != previous:
            low, high = at, following  # the change lies in (low, high]
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if state(middle) == previous:
                    low = middle
                else:
                    high = middle
            instant = high.replace(microsecond=0)
            out.append(Transition(instant, previous[0], current[0], current[1] or zone_name, current[2]))
            previous = current
        at = following
    return tuple(out)


def _rule_options(day: dt.date) -> set[int]:
    """The BYDAY ordinals that name this weekday of its month: its week, and -1 if it is the last."""
    import calendar

    options = {(day.day - 1) // 7 + 1}
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        options.add(-1)
    return options


def vtimezone(zone_name: str, first: dt.date, last: dt.date):
    """A VTIMEZONE for a zone, exact from ``first`` to ``last`` and, for rules still in force, after.

    Each run of yearly changes on the same weekday rule ("the second Sunday
    of March at 2:00") is one observance with an RRULE; a run that stops
    within the span gets an UNTIL. A zone without changes (Arizona, Hawaii)
    is one STANDARD observance.
    """
    from zoneinfo import ZoneInfo

    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", zone_name)
    changes = transitions(zone_name, first, last)
    if not changes:
        moment = dt.datetime.combine(first, dt.time(12), dt.timezone.utc).astimezone(ZoneInfo(zone_name))
        observance = TimezoneDaylight() if moment.dst() else TimezoneStandard()
        observance.add("dtstart", dt.datetime(1970, 1, 1))
        observance.add("tzoffsetfrom", moment.utcoffset())
        observance.add("tzoffsetto", moment.utcoffset())
        observance.add("tzname", moment.tzname() or zone_name)
        tz.add_component(observance)
        return tz

    # runs: consecutive yearly changes of one kind on one weekday rule
    runs: list[dict] = []
    open_runs: dict[tuple, dict] = {}
    for change in changes:
        onset = change.onset
        kind = (change.dst, change.before, change.after, change.name, onset.month, onset.weekday(),
                onset.time())
        options = _rule_options(onset.date())
        run = open_runs.get(kind)
        if run is not None and onset.year == run["changes"][-1].onset.year + 1 and run["options"] & options:
            run["changes"].append(change)
            run["options"] &= options
            continue
        run = {"kind": kind, "changes": [change], "options": set(options)}
        runs.append(run)
        open_runs[kind] = run
    final_year = changes[-1].onset.year
    for run in sorted(runs, key=lambda r: r["changes"][0].at):
        start = run["changes"][0]
        observance = TimezoneDaylight() if start.dst else TimezoneStandard()
        observance.add("dtstart", start.onset)
        observance.add("tzoffsetfrom", start.before)
        observance.add("tzoffsetto", start.after)
        observance.add("tzname", start.name)
        if len(run["changes"]) > 1:
            ordinal = -1 if -1 in run["options"] else min(run["options"])
            rule = {"freq": "yearly", "bymonth": start.onset.month,
                    "byday": f"{ordinal}{WEEKDAY_CODES[start.onset.weekday()]}"}
            last_change = run["changes"][-1]
            if last_change.onset.year < final_year - 1:  # the rule stopped within the span
                rule["until"] = last_change.at
            observance.add("rrule", rule)
        tz.add_component(observance)
    return tz


def export_calendar(ws: Workspace, cohort_id: str, out_path: Path | str, *, team_id: str | None = None,
                    progress: Progress | None = None, now: dt.datetime | None = None,
                    lang: str | None = None) -> Path:
    """Write a cohort's calendar (or one team's) to ``out_path`` (atomically), its words in ``lang``
    (default: the current language); returns the path."""
    with i18n.use(lang):
        notify(progress, 0, 1, _("Writing the calendar"))
        data = calendar_bytes(ws, cohort_id, team_id=team_id, now=now)
        out = write_atomic(Path(out_path), data)
        notify(progress, 1, 1, pgettext("the end of an export's progress", "Done"))
    return out
