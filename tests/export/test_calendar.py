"""Calendars that update and hold only what they should, read back through vobject.

vobject is a second, independent iCalendar parser (icalendar writes the
files): it turns each VTIMEZONE into a time zone of its own (through
dateutil's rrule), so the times checked here are the ones the file's own
time-zone rules give, not those of the zone database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from equitycohort.data.errors import ValidationError
from equitycohort.data.schedule import Cadence, create_series, plan_series
from equitycohort.export import export_calendar, export_packets
from equitycohort.export.calendar import calendar_bytes, session_uid, transitions, vtimezone
from equitycohort.export.common import ExportError
from tests.export.builders import build_cohort
from tests.export.conftest import TODAY

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 3, 1, 12, tzinfo=UTC)


@dataclass
class Event:
    uid: str
    summary: str
    start: dt.datetime  # aware, in the zone the file defines
    end: dt.datetime
    sequence: int
    status: str
    description: str
    url: str | None
    tzid: str | None


def read_events(data: bytes | str) -> list[Event]:
    """The events of an .ics file as vobject reads them (it raises on a malformed file)."""
    import vobject

    text = data.decode("utf-8") if isinstance(data, bytes) else data
    calendar = vobject.readOne(text)
    out = []
    for event in calendar.contents.get("vevent", []):
        def value(name, default=None, event=event):
            return event.contents[name][0].value if name in event.contents else default

        out.append(Event(value("uid"), value("summary"), value("dtstart"), value("dtend"),
                         int(value("sequence", 0)), value("status"), value("description", ""), value("url"),
                         _zone_of(value("dtstart"))))
    return out


def _zone_of(moment: dt.datetime) -> str | None:
    """The TZID of the VTIMEZONE vobject built a start's zone from (None for UTC or another kind)."""
    zone = moment.tzinfo
    if type(zone).__name__ != "_tzicalvtz":  # dateutil's zone made from a VTIMEZONE
        return None
    return repr(zone).split("'")[1]


def by_uid(events: list[Event]) -> dict[str, Event]:
    return {e.uid: e for e in events}


def timezone_blocks(data: bytes) -> list[str]:
    text = data.decode()
    return [block.split("END:VTIMEZONE")[0] for block in text.split("BEGIN:VTIMEZONE")[1:]]


@pytest.fixture
def cohort4(ws):
    """A cohort of four teams; Iowa and Minnesota each with a one-to-one session."""
    return build_cohort(ws, extra_states=("WI", "CO"))


def _sessions_by_title(ws, cohort_id: str) -> dict[str, dict]:
    return {r["title"]: r for r in ws.rows("SELECT * FROM sessions WHERE cohort_id = ?", (cohort_id,))}


# --- who sees what ------------------------------------------------------------------

@pytest.mark.parametrize("state", ["IA", "MN", "WI", "CO"])
def test_each_team_calendar_in_its_packet_holds_only_cohort_wide_sessions_and_its_own(ws, cohort4, state,
                                                                                       tmp_path):
    sessions = _sessions_by_title(ws, cohort4.cohort)
    # give each team's call a link and agenda of its own, as real coaching calls have
    for title, slug in (("Iowa support call", "iowa-secret"), ("Minnesota support call", "minnesota-secret")):
        ws.update("sessions", sessions[title]["id"], {"link": f"https://meet.example.org/{slug}",
                                                      "agenda": f"Private agenda {slug}"})
    export_packets(ws, cohort4.cohort, tmp_path / "packets", today=TODAY)
    folder = next(p for p in (tmp_path / "packets").iterdir() if p.is_dir() and p.name.startswith(state))
    data = (folder / "Cohort 1 - Calendar.ics").read_bytes()
    events = read_events(data)
    expected = {session_uid(r["id"]) for r in sessions.values()
                if r["kind"] == "cohort" or r["team_id"] == cohort4.teams[state]}
    assert {e.uid for e in events} == expected
    own = {"IA": "iowa-secret", "MN": "minnesota-secret"}.get(state)
    for secret in ("iowa-secret", "minnesota-secret"):
        if secret != own:
            assert secret.encode() not in data, f"{state}'s calendar carries another team's session"
    text = data.decode()
    assert ("Minnesota support call" in text) == (state == "MN")
    assert ("Iowa support call" in text) == (state == "IA")


def test_the_cohort_calendar_holds_every_session(ws, cohort4, tmp_path):
    events = read_events(export_calendar(ws, cohort4.cohort, tmp_path / "c.ics", now=NOW).read_bytes())
    assert {e.uid for e in events} == {session_uid(s) for s in cohort4.sessions}


def test_a_team_calendar_of_another_cohort_is_refused(ws, cohort4):
    other = build_cohort(ws, cohort_name="Cohort 2", framework=cohort4.framework)
    with pytest.raises(ExportError, match="no state team"):
        calendar_bytes(ws, cohort4.cohort, team_id=other.teams["IA"])


# --- updates calendar apps take -----------------------------------------------------

def test_sequence_grows_with_every_change_and_an_undone_move_is_a_change_too(ws, cohort4):
    session = cohort4.sessions[3]  # Spring convening, April 21 at 1 p.m.
    uid = session_uid(session)

    def exported() -> Event:
        return by_uid(read_events(calendar_bytes(ws, cohort4.cohort, now=NOW)))[uid]

    first = exported()
    ws.update("sessions", session, {"date": "2026-04-28"}, label="Move session")
    moved = exported()
    assert moved.start.date() == dt.date(2026, 4, 28) and moved.sequence > first.sequence
    ws.undo()
    undone = exported()
    # back at April 21, and newer than the move that calendars may already hold
    assert undone.start == first.start and undone.sequence > moved.sequence
    ws.redo()
    assert exported().sequence > undone.sequence
    ws.update("sessions", session, {"agenda": "A new agenda"})
    agenda = exported()
    assert agenda.description.startswith("A new agenda") and agenda.sequence > undone.sequence + 1
    # a change calendars do not show (private notes) is not a new version
    ws.update("sessions", session, {"notes": "facilitators only"})
    assert exported().sequence == agenda.sequence
    # a new facilitator changes the description, so the version too
    person = ws.insert("people", {"name": "Second Facilitator", "kind": "facilitator"}).id
    ws.insert("session_facilitators", {"session_id": session, "person_id": person})
    latest = exported()
    assert latest.sequence > agenda.sequence and "Second Facilitator" in latest.description


def test_a_cancelled_session_says_so_in_its_title(ws, cohort4):
    events = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, now=NOW)))
    cancelled = events[session_uid(cohort4.cancelled)]
    assert (cancelled.summary, cancelled.status) == ("Cancelled: Policy screening workshop", "CANCELLED")
    assert cancelled.description.startswith("This session is cancelled.")
    assert all(not e.summary.startswith("Cancelled") for e in events.values() if e.status == "CONFIRMED")


def test_a_deleted_session_is_exported_as_cancelled_while_the_cohort_runs(ws, cohort4):
    kickoff = cohort4.sessions[0]
    iowa_call = cohort4.sessions[4]
    uid = session_uid(kickoff)
    before = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, now=NOW)))
    ws.delete("sessions", kickoff)
    ws.delete("sessions", iowa_call)

    cohort_events = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, now=NOW)))
    gone = cohort_events[uid]
    assert (gone.summary, gone.status) == ("Cancelled: Kickoff", "CANCELLED")
    assert gone.start == before[uid].start and gone.end == before[uid].end
    assert gone.sequence > before[uid].sequence
    assert cohort_events[session_uid(iowa_call)].status == "CANCELLED"
    # in every team's calendar that held it: the kickoff everywhere, the Iowa call in Iowa's only
    for state in ("IA", "MN", "WI"):
        team = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, team_id=cohort4.teams[state], now=NOW)))
        assert team[uid].status == "CANCELLED"
        assert (session_uid(iowa_call) in team) == (state == "IA")

    # undo brings it back, newer than the cancellation calendars may hold
    ws.undo()
    ws.undo()
    back = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, now=NOW)))[uid]
    assert (back.summary, back.status) == ("Kickoff", "CONFIRMED")
    assert back.sequence > gone.sequence

    # once the cohort is closed, what was deleted is no longer carried
    ws.delete("sessions", kickoff)
    ws.update("cohorts", cohort4.cohort, {"phase": "closed"})
    assert uid not in by_uid(read_events(calendar_bytes(ws, cohort4.cohort, now=NOW)))


def test_deleting_a_cohort_leaves_no_record_of_its_sessions_but_undo_still_counts_up(ws, cohort4):
    before = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, now=NOW)))
    ws.delete("sessions", cohort4.sessions[0])
    ws.delete("cohorts", cohort4.cohort)
    assert ws.scalar("SELECT count(*) FROM calendar_departures") == 0
    assert ws.scalar("SELECT count(*) FROM calendar_departures WHERE title = 'Kickoff'") == 0
    ws.undo()  # the cohort and its sessions are back
    after = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, now=NOW)))
    assert set(after) == set(before) - {session_uid(cohort4.sessions[0])}
    assert all(after[uid].sequence > before[uid].sequence for uid in after)


def test_a_session_given_to_another_team_is_cancelled_in_the_first_teams_calendar(ws, cohort4):
    call = cohort4.sessions[5]  # Minnesota support call
    ws.update("sessions", call, {"link": "https://meet.example.org/minnesota-only"})
    ws.update("sessions", call, {"team_id": cohort4.teams["WI"], "title": "Wisconsin support call",
                                 "link": "https://meet.example.org/wisconsin-only"})
    uid = session_uid(call)
    minnesota_data = calendar_bytes(ws, cohort4.cohort, team_id=cohort4.teams["MN"], now=NOW)
    minnesota = by_uid(read_events(minnesota_data))[uid]
    # Minnesota's calendar drops it, as Minnesota last saw it, and learns nothing of Wisconsin's
    assert (minnesota.summary, minnesota.status) == ("Cancelled: Minnesota support call", "CANCELLED")
    assert minnesota.url is None and b"wisconsin" not in minnesota_data.lower()
    wisconsin = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, team_id=cohort4.teams["WI"], now=NOW)))
    assert (wisconsin[uid].summary, wisconsin[uid].status) == ("Wisconsin support call", "CONFIRMED")
    assert wisconsin[uid].sequence == minnesota.sequence
    assert uid not in by_uid(read_events(calendar_bytes(ws, cohort4.cohort, team_id=cohort4.teams["IA"],
                                                         now=NOW)))
    # a cohort-wide session made one team's leaves the other teams' calendars the same way
    convening = cohort4.sessions[3]
    ws.update("sessions", convening, {"kind": "team", "team_id": cohort4.teams["IA"]})
    colorado = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, team_id=cohort4.teams["CO"], now=NOW)))
    assert colorado[session_uid(convening)].status == "CANCELLED"
    iowa = by_uid(read_events(calendar_bytes(ws, cohort4.cohort, team_id=cohort4.teams["IA"], now=NOW)))
    assert iowa[session_uid(convening)].status == "CONFIRMED"


# --- time zones and times ------------------------------------------------------------------

ZONES = ("America/New_York", "Pacific/Honolulu", "America/Chicago", "America/Phoenix", "America/Los_Angeles")


@pytest.fixture
def zoned(ws, cohort):
    """Sessions in five US zones, two of them across the start and end of daylight saving."""
    ids = {}
    with ws.operation("Zoned sessions") as op:
        for n, zone in enumerate(ZONES):
            ids[zone] = op.insert("sessions", {
                "cohort_id": cohort, "title": f"Session in {zone}", "date": f"2026-0{n + 3}-1{n}",
                "start_time": "13:00", "duration_minutes": 90, "timezone": zone})
        ids["spring"] = op.insert("sessions", {
            "cohort_id": cohort, "title": "Across the spring change", "date": "2026-03-08",
            "start_time": "01:30", "duration_minutes": 90, "timezone": "America/Chicago"})
        ids["fall"] = op.insert("sessions", {
            "cohort_id": cohort, "title": "Across the fall change", "date": "2026-11-01",
            "start_time": "00:30", "duration_minutes": 120, "timezone": "America/New_York"})
    return ids


def test_timezones_are_rrule_blocks_in_a_stable_order(ws, cohort, zoned):
    data = calendar_bytes(ws, cohort, now=NOW)
    blocks = timezone_blocks(data)
    assert [b.split("TZID:")[1].split("\r\n")[0] for b in blocks] == sorted(ZONES)
    for block in blocks:
        assert "RDATE" not in block
        zone = block.split("TZID:")[1].split("\r\n")[0]
        if zone in ("America/Phoenix", "Pacific/Honolulu"):  # no daylight saving
            assert "RRULE" not in block and block.count("BEGIN:STANDARD") == 1
        else:
            assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in block
            assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in block
            assert "DTSTART:2025" in block  # rules start before the first session
    assert calendar_bytes(ws, cohort, now=NOW) == data  # the same file every time


def test_times_read_back_through_the_files_own_zone_rules(ws, cohort, zoned):
    events = by_uid(read_events(calendar_bytes(ws, cohort, now=NOW)))
    for zone in ZONES:
        event = events[session_uid(zoned[zone])]
        row = ws.get("sessions", zoned[zone])
        expected = dt.datetime.fromisoformat(f"{row['date']}T13:00").replace(tzinfo=ZoneInfo(zone))
        assert event.tzid == zone
        assert event.start.astimezone(UTC) == expected.astimezone(UTC), zone
        assert event.end - event.start == dt.timedelta(minutes=90)
    spring = events[session_uid(zoned["spring"])]
    # 1:30 CST for 90 minutes ends at 4:00 CDT (the clock skips 2:00 to 3:00)
    assert spring.start.astimezone(UTC) == dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert spring.end.astimezone(UTC) == dt.datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
    assert spring.end.replace(tzinfo=None) == dt.datetime(2026, 3, 8, 4, 0)
    fall = events[session_uid(zoned["fall"])]
    # 12:30 EDT for two hours ends at the second 1:30 (EST), which the file says in UTC
    assert fall.start.astimezone(UTC) == dt.datetime(2026, 11, 1, 4, 30, tzinfo=UTC)
    assert fall.end.astimezone(UTC) == dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC)


def test_session_end_is_real_minutes_after_the_start(ws, cohort, zoned):
    from equitycohort.data.schedule import get_session

    spring = get_session(ws, zoned["spring"])
    assert spring.ends.astimezone(UTC) - spring.starts.astimezone(UTC) == dt.timedelta(minutes=90)
    assert spring.ends.strftime("%H:%M %Z") == "04:00 CDT"
    fall = get_session(ws, zoned["fall"])
    assert (fall.ends.astimezone(UTC) - fall.starts.astimezone(UTC)) == dt.timedelta(minutes=120)
    assert fall.ends.strftime("%H:%M %Z") == "01:30 EST"


def test_vtimezone_follows_a_rule_change_with_until():
    """US daylight saving moved in 2007: the old rule ends with an UNTIL, the new one runs on."""
    text = vtimezone("America/Chicago", dt.date(2005, 1, 1), dt.date(2009, 1, 1)).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;UNTIL=20060402T080000Z;BYDAY=1SU;BYMONTH=4" in text
    assert "RRULE:FREQ=YEARLY;UNTIL=20061029T070000Z;BYDAY=-1SU;BYMONTH=10" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in text
    changes = transitions("America/Chicago", dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert [(c.onset, c.name) for c in changes] == [
        (dt.datetime(2026, 3, 8, 2, 0), "CDT"), (dt.datetime(2026, 11, 1, 2, 0), "CST")]


# --- a time that does not exist ------------------------------------------------------------

def test_a_start_time_skipped_by_daylight_saving_is_refused_at_the_field(ws, cohort):
    values = {"cohort_id": cohort, "title": "Early call", "date": "2026-03-08", "start_time": "02:30",
              "timezone": "America/Chicago"}
    with pytest.raises(ValidationError) as caught:
        ws.insert("sessions", values)
    message = caught.value.for_field("start_time")
    assert message == ("Start time: 2:30 a.m. does not exist on Sunday, March 8, 2026 in America/Chicago: "
                       "clocks go from 2:00 a.m. straight to 3:00 a.m. Choose 3:00 a.m. or later.")
    assert ws.count("sessions") == 0
    # the same hour is fine on another day, and in a zone without daylight saving
    ws.insert("sessions", {**values, "date": "2026-03-09"})
    ws.insert("sessions", {**values, "timezone": "America/Phoenix"})
    # the repeated hour in the fall exists (the first of the two is meant)
    ws.insert("sessions", {**values, "date": "2026-11-01", "start_time": "01:30"})
    session = ws.rows("SELECT id FROM sessions WHERE date = '2026-03-09'")[0]["id"]
    with pytest.raises(ValidationError, match="does not exist"):
        ws.update("sessions", session, {"date": "2026-03-08"})


def test_a_cadence_that_lands_on_a_skipped_time_flags_it_and_does_not_create_it(ws, cohort):
    cadence = Cadence("weekly", dt.date(2026, 3, 1), 3, start_time="02:30", timezone="America/Denver")
    planned = plan_series(ws, cohort, cadence)
    assert [p.date for p in planned] == [dt.date(2026, 3, 1), dt.date(2026, 3, 8), dt.date(2026, 3, 15)]
    skipped = planned[1]
    assert skipped.flagged and not skipped.include and not skipped.creatable
    assert skipped.problem == ("not created: 2:30 a.m. does not exist that day (clocks go from 2:00 a.m. to "
                               "3:00 a.m.)")
    assert [p.problem for p in (planned[0], planned[2])] == [None, None]
    create_series(ws, cohort, planned)
    assert [r["date"] for r in ws.rows("SELECT date FROM sessions ORDER BY date")] == ["2026-03-01", "2026-03-15"]


def test_the_calendar_file_is_written_whole(ws, cohort4, tmp_path):
    folder = tmp_path / "out"
    out = export_calendar(ws, cohort4.cohort, folder / "iowa.ics", team_id=cohort4.teams["IA"], now=NOW)
    assert isinstance(out, Path) and out.read_bytes() == calendar_bytes(ws, cohort4.cohort,
                                                                        team_id=cohort4.teams["IA"], now=NOW)
    assert [p.name for p in folder.iterdir()] == ["iowa.ics"]  # no temporary file left behind
