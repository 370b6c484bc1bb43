"""The calendar without a display: cadence dates, holidays, clashes and
planning a series, as the planner and the Schedule screen use them."""

from __future__ import annotations

import calendar
import datetime as dt
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equitycohort.data.schedule import (
    MAX_SERIES,
    Cadence,
    PlannedSession,
    _facilitator_sessions,
    clashes_in_cohort,
    create_series,
    flag_clashes,
    holiday_on,
    list_sessions,
    plan_series,
    series_dates,
    session_start,
)

D = dt.date
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
EASTERN, CENTRAL, PACIFIC = "America/New_York", "America/Chicago", "America/Los_Angeles"

FAST = settings(max_examples=150, deadline=None, derandomize=True, database=None)


def dates(frequency: str, first: dt.date, count: int, **kw) -> list[dt.date]:
    return series_dates(Cadence(frequency, first, count, **kw))


def add_session(ws, cohort: str, date: str, start: str = "13:00", minutes: int = 90, zone: str = EASTERN,
                title: str = "Existing", **over) -> str:
    row = {"cohort_id": cohort, "title": title, "date": date, "start_time": start,
           "duration_minutes": minutes, "timezone": zone, **over}
    return ws.insert("sessions", row).id


def planned(date: dt.date, start: str = "13:00", minutes: int = 90, zone: str = EASTERN) -> PlannedSession:
    return PlannedSession(number=1, title="New", date=date, start_time=start, duration_minutes=minutes,
                          timezone=zone, format="virtual", location="", link="")


def clashes_of(ws, cohort: str, *items: PlannedSession, facilitators: tuple[str, ...] = ()) -> list[tuple]:
    return [p.clashes for p in flag_clashes(ws, cohort, list(items), facilitators)]


@pytest.fixture
def other_cohort(ws, program) -> str:
    return ws.insert("cohorts", {"program_id": program, "name": "Cohort 2",
                                 "start_date": "2026-01-13", "end_date": "2026-07-13"}).id


@pytest.fixture
def facilitator(ws) -> str:
    return ws.insert("people", {"name": "Fran Facilitator", "kind": "facilitator"}).id


# --- weekly and every two weeks ----------------------------------------------


def test_weekly_dates_are_seven_days_apart_from_the_first_date():
    assert dates("weekly", D(2026, 1, 1), 4) == [D(2026, 1, 1), D(2026, 1, 8), D(2026, 1, 15), D(2026, 1, 22)]


def test_every_two_weeks_crosses_the_year_end():
    assert dates("biweekly", D(2025, 12, 18), 4) == [D(2025, 12, 18), D(2026, 1, 1), D(2026, 1, 15),
                                                    D(2026, 1, 29)]


def test_weekly_lands_on_the_leap_day_of_a_leap_year_only():
    assert dates("weekly", D(2028, 2, 22), 3) == [D(2028, 2, 22), D(2028, 2, 29), D(2028, 3, 7)]
    assert dates("weekly", D(2027, 2, 22), 2) == [D(2027, 2, 22), D(2027, 3, 1)]


def test_weekly_and_biweekly_ignore_the_monthly_fields():
    """weekday/nth belong to the monthly cadence; the weekly ones keep the first date's weekday."""
    assert dates("weekly", D(2026, 1, 1), 2, weekday=MON, nth=-1) == [D(2026, 1, 1), D(2026, 1, 8)]
    assert dates("biweekly", D(2026, 1, 1), 2, weekday=MON, nth=3) == [D(2026, 1, 1), D(2026, 1, 15)]


# --- monthly on the nth weekday ---------------------------------------------


def test_monthly_on_the_second_tuesday():
    assert dates("monthly", D(2026, 1, 1), 6, weekday=TUE, nth=2) == [
        D(2026, 1, 13), D(2026, 2, 10), D(2026, 3, 10), D(2026, 4, 14), D(2026, 5, 12), D(2026, 6, 9)]


def test_a_first_date_on_the_nth_weekday_is_the_first_session():
    assert dates("monthly", D(2026, 1, 13), 2, weekday=TUE, nth=2) == [D(2026, 1, 13), D(2026, 2, 10)]


def test_a_first_date_after_the_nth_weekday_starts_the_next_month():
    assert dates("monthly", D(2026, 1, 14), 2, weekday=TUE, nth=2) == [D(2026, 2, 10), D(2026, 3, 10)]
    # and one on the last day of the year starts in January
    assert dates("monthly", D(2026, 12, 31), 2, weekday=MON, nth=1) == [D(2027, 1, 4), D(2027, 2, 1)]


def test_monthly_on_the_last_friday():
    assert dates("monthly", D(2026, 1, 1), 3, weekday=FRI, nth=-1) == [D(2026, 1, 30), D(2026, 2, 27),
                                                                       D(2026, 3, 27)]


def test_the_last_weekday_of_february_in_a_leap_year_is_the_29th():
    assert dates("monthly", D(2024, 2, 1), 2, weekday=THU, nth=-1) == [D(2024, 2, 29), D(2024, 3, 28)]
    # the 29th is taken only when the month has one: 2025 is not a leap year
    assert dates("monthly", D(2025, 2, 1), 1, weekday=FRI, nth=-1) == [D(2025, 2, 28)]


def test_the_last_weekday_can_fall_on_a_month_end_of_31_days():
    assert dates("monthly", D(2026, 7, 1), 2, weekday=FRI, nth=-1) == [D(2026, 7, 31), D(2026, 8, 28)]
    assert dates("monthly", D(2026, 8, 1), 1, weekday=MON, nth=-1) == [D(2026, 8, 31)]


def test_the_fourth_weekday_is_never_skipped():
    """Every month has a fourth of each weekday, so a monthly series has one a month."""
    got = dates("monthly", D(2026, 1, 1), 12, weekday=SUN, nth=4)
    assert [d.month for d in got] == list(range(1, 13))
    assert all(22 <= d.day <= 28 and d.weekday() == SUN for d in got)


def test_a_first_date_after_the_last_weekday_moves_to_the_next_month():
    assert dates("monthly", D(2026, 1, 31), 1, weekday=FRI, nth=-1) == [D(2026, 2, 27)]


@pytest.mark.parametrize("count,expected", [(0, 0), (-3, 0), (1, 1), (MAX_SERIES, MAX_SERIES),
                                            (MAX_SERIES + 1, MAX_SERIES), (10_000, MAX_SERIES)])
@pytest.mark.parametrize("frequency", ["weekly", "biweekly", "monthly"])
def test_the_count_is_respected_and_capped(frequency, count, expected):
    assert len(dates(frequency, D(2026, 1, 1), count)) == expected


def test_an_unknown_frequency_is_refused():
    with pytest.raises(ValueError, match="unknown frequency 'daily'"):
        dates("daily", D(2026, 1, 1), 3)


@pytest.mark.parametrize("cadence,text", [
    (Cadence("monthly", D(2026, 1, 1), 6, weekday=TUE, nth=2), "Monthly on the second Tuesday"),
    (Cadence("monthly", D(2026, 1, 1), 6, weekday=FRI, nth=-1), "Monthly on the last Friday"),
    (Cadence("monthly", D(2026, 1, 1), 6, weekday=SUN, nth=1), "Monthly on the first Sunday"),
    (Cadence("weekly", D(2026, 1, 1), 6), "Every week"),
    (Cadence("biweekly", D(2026, 1, 1), 6), "Every two weeks"),
])
def test_a_cadence_describes_itself(cadence, text):
    assert cadence.describe() == text


# --- properties ----------------------------------------------------------------

first_dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2150, 12, 31))
counts = st.integers(min_value=-2, max_value=MAX_SERIES + 5)


def next_month(day: dt.date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


@FAST
@given(first=first_dates, weekday=st.integers(0, 6), nth=st.sampled_from([1, 2, 3, 4, -1]), count=counts)
def test_every_monthly_date_is_the_nth_weekday_of_consecutive_months(first, weekday, nth, count):
    got = dates("monthly", first, count, weekday=weekday, nth=nth)
    assert len(got) == max(0, min(count, MAX_SERIES))
    for day in got:
        assert day.weekday() == weekday
        if nth > 0:
            assert (day.day - 1) // 7 + 1 == nth, day
        else:
            last = calendar.monthrange(day.year, day.month)[1]
            assert last - 7 < day.day <= last, day
    assert all(a < b for a, b in pairwise(got))
    # one a month, with no month skipped (every month has a 1st..4th and a last weekday)
    assert all((b.year, b.month) == next_month(a) for a, b in pairwise(got))
    if got:
        # the first is on or after the first date, in its month or the next
        assert got[0] >= first
        assert (got[0].year, got[0].month) in ((first.year, first.month), next_month(first))


@FAST
@given(first=first_dates, frequency=st.sampled_from(["weekly", "biweekly"]), count=counts)
def test_weekly_series_keep_their_step_and_weekday(first, frequency, count):
    got = dates(frequency, first, count)
    assert len(got) == max(0, min(count, MAX_SERIES))
    step = 7 if frequency == "weekly" else 14
    if got:
        assert got[0] == first
    assert all((b - a).days == step for a, b in pairwise(got))
    assert {d.weekday() for d in got} <= {first.weekday()}


# --- holidays --------------------------------------------------------------------


@pytest.mark.parametrize("day,name", [
    (D(2026, 1, 1), "New Year"),
    (D(2026, 1, 19), "Martin Luther King"),
    (D(2026, 2, 16), "Washington"),
    (D(2026, 5, 25), "Memorial"),
    (D(2026, 6, 19), "Juneteenth"),
    (D(2026, 7, 4), "Independence"),
    (D(2026, 9, 7), "Labor"),
    (D(2026, 10, 12), "Columbus"),
    (D(2026, 11, 11), "Veterans"),
    (D(2026, 11, 26), "Thanksgiving"),
    (D(2026, 12, 25), "Christmas"),
])
def test_us_federal_holidays_are_named(day, name):
    assert name in (holiday_on(day) or "")


@pytest.mark.parametrize("day,name", [
    (D(2026, 7, 3), "Independence"),   # July 4, 2026 is a Saturday
    (D(2027, 6, 18), "Juneteenth"),    # June 19, 2027 is a Saturday
    (D(2027, 12, 24), "Christmas"),    # December 25, 2027 is a Saturday
    (D(2022, 12, 26), "Christmas"),    # December 25, 2022 was a Sunday
    (D(2027, 12, 31), "New Year"),     # January 1, 2028 is a Saturday: observed in the year before
])
def test_a_holiday_on_a_weekend_is_observed_on_the_nearest_weekday(day, name):
    label = holiday_on(day) or ""
    assert name in label and "observed" in label


@pytest.mark.parametrize("day", [D(2026, 11, 27), D(2026, 12, 24), D(2026, 6, 18), D(2026, 3, 10),
                                 D(2026, 2, 14), D(2026, 10, 31)])
def test_ordinary_days_and_unofficial_days_are_not_holidays(day):
    assert holiday_on(day) is None


# --- planning a series -------------------------------------------------------------


def test_plan_series_numbers_titles_and_copies_the_cadence(ws, cohort):
    cadence = Cadence("monthly", D(2026, 3, 1), 3, weekday=WED, nth=1, start_time="09:30",
                      duration_minutes=120, timezone=CENTRAL, format="in_person", location="Des Moines",
                      title="Learning lab {n}")
    plan = plan_series(ws, cohort, cadence)
    assert [(p.number, p.title, p.date) for p in plan] == [
        (1, "Learning lab 1", D(2026, 3, 4)), (2, "Learning lab 2", D(2026, 4, 1)),
        (3, "Learning lab 3", D(2026, 5, 6))]
    assert {(p.start_time, p.duration_minutes, p.timezone, p.format, p.location) for p in plan} == {
        ("09:30", 120, CENTRAL, "in_person", "Des Moines")}
    assert not any(p.flagged for p in plan)
    assert plan[0].values(cohort) == {
        "cohort_id": cohort, "title": "Learning lab 1", "kind": "cohort", "format": "in_person",
        "location": "Des Moines", "link": None, "date": "2026-03-04", "start_time": "09:30",
        "duration_minutes": 120, "timezone": CENTRAL, "status": "scheduled"}


def test_plan_series_flags_holidays_and_only_those(ws, cohort):
    # the third Monday: MLK Day in January, Washington's Birthday in February, nothing in March
    plan = plan_series(ws, cohort, Cadence("monthly", D(2026, 1, 1), 3, weekday=MON, nth=3))
    assert [p.date for p in plan] == [D(2026, 1, 19), D(2026, 2, 16), D(2026, 3, 16)]
    assert "Martin Luther King" in plan[0].holiday and plan[0].flagged
    assert "Washington" in plan[1].holiday and plan[1].flagged
    assert plan[2].holiday is None and not plan[2].flagged


def test_plan_series_flags_thanksgiving_and_juneteenth_observed(ws, cohort):
    thanksgiving = plan_series(ws, cohort, Cadence("monthly", D(2026, 10, 1), 2, weekday=THU, nth=4))
    assert [p.date for p in thanksgiving] == [D(2026, 10, 22), D(2026, 11, 26)]
    assert thanksgiving[0].holiday is None
    assert "Thanksgiving" in thanksgiving[1].holiday
    fridays = plan_series(ws, cohort, Cadence("weekly", D(2027, 6, 11), 3))
    assert [p.date for p in fridays] == [D(2027, 6, 11), D(2027, 6, 18), D(2027, 6, 25)]
    assert [p.holiday is not None for p in fridays] == [False, True, False]
    assert "Juneteenth" in fridays[1].holiday and "observed" in fridays[1].holiday


def test_dates_stay_put_across_daylight_saving_changes(ws, cohort):
    """13:00 Eastern stays 13:00 local, on the same weekday, on both sides of a clock change."""
    spring = plan_series(ws, cohort, Cadence("weekly", D(2026, 3, 5), 2))  # clocks change March 8
    fall = plan_series(ws, cohort, Cadence("weekly", D(2026, 10, 29), 2))  # and November 1
    assert [p.date for p in spring + fall] == [D(2026, 3, 5), D(2026, 3, 12), D(2026, 10, 29), D(2026, 11, 5)]
    starts = [session_start(p.date.isoformat(), p.start_time, p.timezone) for p in spring + fall]
    assert [(s.hour, s.minute) for s in starts] == [(13, 0)] * 4
    assert [s.utcoffset() for s in starts] == [dt.timedelta(hours=h) for h in (-5, -4, -4, -5)]
    assert [s.astimezone(dt.timezone.utc).hour for s in starts] == [18, 17, 17, 18]


def test_create_series_writes_the_included_sessions_in_one_undo_step(ws, cohort, facilitator):
    partner = ws.insert("partners", {"name": "Data Partners"}).id
    plan = plan_series(ws, cohort, Cadence("weekly", D(2026, 3, 5), 3, link="https://meet.example.org/a"))
    plan[1] = PlannedSession(**{**plan[1].__dict__, "include": False})
    change = create_series(ws, cohort, plan, (facilitator,), partner_id=partner)
    assert change.label == "Plan 2 sessions" and ws.undo_label == "Plan 2 sessions"
    sessions = list_sessions(ws, cohort)
    assert [(s.date, s.title) for s in sessions] == [("2026-03-05", "Cohort session 1"),
                                                     ("2026-03-19", "Cohort session 3")]
    assert {(s.kind, s.status, s.partner_id, s.link, s.facilitators) for s in sessions} == {
        ("cohort", "scheduled", partner, "https://meet.example.org/a", "Fran Facilitator")}
    assert [s.time_label() for s in sessions] == ["1:00–2:30 p.m. EST", "1:00–2:30 p.m. EDT"]
    assert [i for i in change.ids if ws.get("sessions", i)] == [s.id for s in sessions]
    ws.undo()
    assert list_sessions(ws, cohort) == [] and ws.count("session_facilitators") == 0


def test_create_series_of_one_says_session(ws, cohort):
    plan = plan_series(ws, cohort, Cadence("weekly", D(2026, 3, 5), 1))
    assert create_series(ws, cohort, plan).label == "Plan 1 session"


# --- clashes with sessions already planned -------------------------------------------


def test_the_same_hour_in_two_time_zones_clashes(ws, cohort):
    """1 p.m. Eastern is 10 a.m. Pacific: the same moment."""
    add_session(ws, cohort, "2026-02-10", "13:00", 90, EASTERN, title="Kickoff")
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10), "10:00", 60, PACIFIC)) == [
        ("overlaps “Kickoff” (1:00 p.m.)",)]


@pytest.mark.parametrize("start,zone,clash", [
    ("11:30", PACIFIC, False),   # starts at 14:30 Eastern, as Kickoff ends: touching is fine
    ("11:29", PACIFIC, True),    # one minute into it
    ("12:00", CENTRAL, True),    # 13:00 Eastern
    ("11:00", EASTERN, False),   # 11:00-12:30 ends before it
    ("11:31", EASTERN, True),    # 11:31-13:01 runs a minute into it
    ("13:00", PACIFIC, False),   # 16:00 Eastern, well after
])
def test_clashes_compare_moments_not_clock_readings(ws, cohort, start, zone, clash):
    add_session(ws, cohort, "2026-02-10", "13:00", 90, EASTERN, title="Kickoff")
    assert bool(clashes_of(ws, cohort, planned(D(2026, 2, 10), start, 90, zone))[0]) is clash


def test_a_session_ending_as_another_starts_does_not_clash(ws, cohort):
    add_session(ws, cohort, "2026-02-10", "13:00", 60, EASTERN, title="Kickoff")
    before = planned(D(2026, 2, 10), "12:00", 60)
    after = planned(D(2026, 2, 10), "14:00", 30)
    assert clashes_of(ws, cohort, before, after) == [(), ()]


def test_a_cancelled_session_does_not_clash(ws, cohort):
    add_session(ws, cohort, "2026-02-10", "13:00", 90, EASTERN, title="Kickoff", status="cancelled")
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10))) == [()]


def test_a_held_session_still_clashes(ws, cohort):
    add_session(ws, cohort, "2026-02-10", "13:00", 90, EASTERN, title="Kickoff", status="held")
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10))) == [("overlaps “Kickoff” (1:00 p.m.)",)]


def test_a_team_session_of_the_cohort_clashes_with_a_cohort_session(ws, cohort):
    team = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Kids"}).id
    add_session(ws, cohort, "2026-02-10", "12:30", 60, CENTRAL, title="Iowa data walk",
                kind="team", team_id=team)
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10), "13:00", 90, EASTERN)) == [
        ("overlaps “Iowa data walk” (12:30 p.m.)",)]


def test_a_clash_across_midnight_between_time_zones_is_found(ws, cohort):
    """10:30 p.m. Pacific on the 12th is 1:30 a.m. Eastern on the 13th."""
    add_session(ws, cohort, "2026-02-12", "22:30", 60, PACIFIC, title="Late")
    assert clashes_of(ws, cohort, planned(D(2026, 2, 13), "01:00", 60, EASTERN)) == [
        ("overlaps “Late” (10:30 p.m.)",)]
    assert clashes_of(ws, cohort, planned(D(2026, 2, 13), "02:30", 60, EASTERN)) == [()]


def test_every_planned_session_is_checked_and_order_is_kept(ws, cohort):
    add_session(ws, cohort, "2026-02-17", "13:00", 90, EASTERN, title="Second")
    items = [planned(D(2026, 2, 10)), planned(D(2026, 2, 17)), planned(D(2026, 2, 24))]
    out = flag_clashes(ws, cohort, items)
    assert [p.date for p in out] == [p.date for p in items]
    assert [p.clashes for p in out] == [(), ("overlaps “Second” (1:00 p.m.)",), ()]
    assert flag_clashes(ws, cohort, []) == []


def test_two_sessions_in_the_same_slot_are_both_named(ws, cohort):
    add_session(ws, cohort, "2026-02-10", "13:00", 90, EASTERN, title="Kickoff")
    add_session(ws, cohort, "2026-02-10", "11:00", 60, CENTRAL, title="Office hour")
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10), "12:30", 60, EASTERN)) == [
        ("overlaps “Office hour” (11:00 a.m.)", "overlaps “Kickoff” (1:00 p.m.)")]


def test_plan_series_flags_a_clash_and_a_holiday_together(ws, cohort):
    add_session(ws, cohort, "2026-01-19", "13:00", 90, EASTERN, title="Kickoff")
    plan = plan_series(ws, cohort, Cadence("monthly", D(2026, 1, 1), 1, weekday=MON, nth=3))
    assert "Martin Luther King" in plan[0].holiday
    assert plan[0].clashes == ("overlaps “Kickoff” (1:00 p.m.)",)


# --- another cohort: a clash only when a facilitator is in both ----------------------


def test_another_cohorts_session_does_not_clash_without_a_shared_facilitator(ws, cohort, other_cohort,
                                                                              facilitator):
    add_session(ws, other_cohort, "2026-02-10", "13:00", 90, EASTERN, title="Their kickoff")
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10))) == [()]
    # the facilitator is not on that session
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10)), facilitators=(facilitator,)) == [()]


def test_a_facilitator_double_booked_across_cohorts_is_flagged(ws, cohort, other_cohort, facilitator):
    theirs = add_session(ws, other_cohort, "2026-02-10", "10:00", 90, PACIFIC, title="Their kickoff")
    ws.insert("session_facilitators", {"session_id": theirs, "person_id": facilitator})
    someone_else = ws.insert("people", {"name": "Sam Other", "kind": "facilitator"}).id
    slot = planned(D(2026, 2, 10), "13:00", 90, EASTERN)
    assert clashes_of(ws, cohort, slot, facilitators=(someone_else, facilitator)) == [
        ("a facilitator is in “Their kickoff” of another cohort",)]
    assert clashes_of(ws, cohort, slot, facilitators=(someone_else,)) == [()]
    # touching is still fine, and a cancelled session frees the facilitator
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10), "14:30"), facilitators=(facilitator,)) == [()]
    ws.update("sessions", theirs, {"status": "cancelled"})
    assert clashes_of(ws, cohort, slot, facilitators=(facilitator,)) == [()]


def test_a_session_of_the_same_cohort_is_named_once_even_with_a_shared_facilitator(ws, cohort, facilitator):
    ours = add_session(ws, cohort, "2026-02-10", "13:00", 90, EASTERN, title="Kickoff")
    ws.insert("session_facilitators", {"session_id": ours, "person_id": facilitator})
    assert clashes_of(ws, cohort, planned(D(2026, 2, 10)), facilitators=(facilitator,)) == [
        ("overlaps “Kickoff” (1:00 p.m.)",)]


def test_facilitator_sessions_are_those_with_one_of_the_facilitators(ws, cohort, facilitator):
    a = add_session(ws, cohort, "2026-02-10", title="A")
    b = add_session(ws, cohort, "2026-02-11", title="B")
    c = add_session(ws, cohort, "2026-02-12", title="C")
    other = ws.insert("people", {"name": "Sam Other", "kind": "facilitator"}).id
    ws.insert("session_facilitators", {"session_id": a, "person_id": facilitator})
    ws.insert("session_facilitators", {"session_id": b, "person_id": other})
    ws.insert("session_facilitators", {"session_id": c, "person_id": facilitator})
    assert _facilitator_sessions(ws, [a, b], (facilitator,)) == {a}
    assert _facilitator_sessions(ws, [a, b, c], (facilitator, other)) == {a, b, c}
    assert _facilitator_sessions(ws, [], (facilitator,)) == set()
    assert _facilitator_sessions(ws, [a, b, c], ()) == set()


# --- clashes among a cohort's own sessions (the Schedule screen's flags) -------------


def test_clashes_in_cohort_pairs_overlapping_sessions_across_time_zones(ws, cohort, other_cohort):
    east = add_session(ws, cohort, "2026-02-10", "13:00", 90, EASTERN, title="East")
    west = add_session(ws, cohort, "2026-02-10", "10:00", 60, PACIFIC, title="West")
    touching = add_session(ws, cohort, "2026-02-10", "14:30", 30, EASTERN, title="Touching")
    add_session(ws, cohort, "2026-02-11", "13:00", 90, EASTERN, title="Next day")
    add_session(ws, other_cohort, "2026-02-10", "13:00", 90, EASTERN, title="Other cohort")
    assert clashes_in_cohort(ws, cohort) == {east: ["West"], west: ["East"]}
    assert touching not in clashes_in_cohort(ws, cohort)


def test_clashes_in_cohort_leaves_out_cancelled_sessions(ws, cohort):
    add_session(ws, cohort, "2026-02-10", "13:00", 90, EASTERN, title="East")
    west = add_session(ws, cohort, "2026-02-10", "10:00", 60, PACIFIC, title="West")
    ws.update("sessions", west, {"status": "cancelled"})
    assert clashes_in_cohort(ws, cohort) == {}


def test_clashes_in_cohort_finds_a_clash_across_midnight(ws, cohort):
    late = add_session(ws, cohort, "2026-02-12", "22:30", 60, PACIFIC, title="Late")
    early = add_session(ws, cohort, "2026-02-13", "01:00", 60, EASTERN, title="Early")
    assert clashes_in_cohort(ws, cohort) == {late: ["Early"], early: ["Late"]}


def test_a_session_overlapping_two_others_lists_both(ws, cohort):
    long = add_session(ws, cohort, "2026-02-10", "09:00", 240, EASTERN, title="Retreat")
    a = add_session(ws, cohort, "2026-02-10", "09:30", 30, EASTERN, title="A")
    b = add_session(ws, cohort, "2026-02-10", "11:00", 30, EASTERN, title="B")
    assert clashes_in_cohort(ws, cohort) == {long: ["A", "B"], a: ["Retreat"], b: ["Retreat"]}


def test_a_clash_between_american_samoa_and_guam_two_dates_apart_is_found(ws, cohort):
    """US places span UTC-11 to UTC+10: 11 p.m. in Pago Pago on the 10th is 10 a.m. UTC on
    the 11th, and midnight in Guam on the 12th is 2 p.m. UTC on the 11th, within a five-hour
    session begun in Samoa, though the two local dates are two days apart."""
    samoa = add_session(ws, cohort, "2026-02-10", "23:00", 300, "Pacific/Pago_Pago", title="Samoa retreat")
    guam = add_session(ws, cohort, "2026-02-12", "00:00", 60, "Pacific/Guam", title="Guam")
    assert clashes_in_cohort(ws, cohort) == {samoa: ["Guam"], guam: ["Samoa retreat"]}
    assert clashes_of(ws, cohort, planned(D(2026, 2, 12), "00:30", 60, "Pacific/Guam")) == [
        ("overlaps “Samoa retreat” (11:00 p.m.)", "overlaps “Guam” (12:00 a.m.)")]


def test_a_day_long_session_reaches_three_local_dates_away(ws, cohort):
    """The widest case: a 24-hour session begun at 11 p.m. at UTC-12 still runs at 12:30 a.m.
    at UTC+14 three local dates later; a week later nothing clashes."""
    baker = add_session(ws, cohort, "2026-02-10", "23:00", 24 * 60, "Etc/GMT+12", title="Marathon")
    kiritimati = add_session(ws, cohort, "2026-02-13", "00:30", 30, "Pacific/Kiritimati", title="Dawn")
    add_session(ws, cohort, "2026-02-17", "23:00", 60, "Etc/GMT+12", title="Week later")
    assert clashes_in_cohort(ws, cohort) == {baker: ["Dawn"], kiritimati: ["Marathon"]}
    assert clashes_of(ws, cohort, planned(D(2026, 2, 13), "00:00", 60, "Pacific/Kiritimati")) == [
        ("overlaps “Marathon” (11:00 p.m.)", "overlaps “Dawn” (12:30 a.m.)")]
