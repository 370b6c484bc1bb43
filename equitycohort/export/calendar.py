"""A cohort's sessions as an iCalendar (.ics) file for Outlook and Google Calendar.

Times carry their real IANA time zone (a TZID on each start and end, and a
VTIMEZONE for each zone); each session keeps the same UID across exports, so
importing a newer file updates the events; cancelled sessions are marked
STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from equitycohort import __version__
from equitycohort.data.schedule import SessionRecord, list_sessions
from equitycohort.export.common import Progress, cohort_record, notify, write_atomic

PRODID = f"-//Equity Cohort//Equity Cohort {__version__}//EN"
UID_DOMAIN = "equitycohort.invalid"


def session_uid(session_id: str) -> str:
    return f"{session_id}@{UID_DOMAIN}"


def calendar_bytes(ws, cohort_id: str, *, now: dt.datetime | None = None) -> bytes:
    """The .ics text of a cohort's sessions."""
    from icalendar import Calendar

    cohort = cohort_record(ws, cohort_id)
    now = now or dt.datetime.now(dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{cohort.program_name}: {cohort.name}")
    sessions = list_sessions(ws, cohort_id)
    modified = dict(ws.query("SELECT id, modified FROM sessions WHERE cohort_id = ?", (cohort_id,)))
    for session in sessions:
        cal.add_component(_event(session, now, modified.get(session.id)))
    if sessions:
        first = dt.date.fromisoformat(sessions[0].date) - dt.timedelta(days=366)
        last = dt.date.fromisoformat(sessions[-1].date) + dt.timedelta(days=366)
        cal.add_missing_timezones(first, last)
    return cal.to_ical()


def _event(session: SessionRecord, now: dt.datetime, modified: str | None):
    from icalendar import Event

    event = Event()
    event.add("uid", session_uid(session.id))
    event.add("dtstamp", now.astimezone(dt.timezone.utc))
    event.add("dtstart", session.starts)
    event.add("dtend", session.ends)
    event.add("summary", session.title)
    if session.where:
        event.add("location", session.where)
    if session.link:
        event.add("url", session.link)
    description = []
    if session.agenda and session.agenda.strip():
        description.append(session.agenda.strip())
    if session.link and session.format == "virtual":
        description.append(f"Join: {session.link}")
    if session.facilitators:
        description.append(f"Facilitators: {session.facilitators}")
    if description:
        event.add("description", "\n\n".join(description))
    event.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
    if modified:
        try:
            event.add("last-modified", dt.datetime.fromisoformat(modified).astimezone(dt.timezone.utc))
        except ValueError:
            pass
    return event


def export_calendar(ws, cohort_id: str, out_path: Path | str, *, progress: Progress | None = None,
                    now: dt.datetime | None = None) -> Path:
    """Write a cohort's calendar to ``out_path`` (atomically); returns the path."""
    notify(progress, 0, 1, "Writing the calendar")
    data = calendar_bytes(ws, cohort_id, now=now)
    out = write_atomic(Path(out_path), data)
    notify(progress, 1, 1, "Done")
    return out
