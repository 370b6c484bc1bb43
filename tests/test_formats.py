"""Dates and times shown the US way and read from whatever a person types."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equitycohort.formats import (
    Style,
    clock,
    day_with_weekday,
    file_size,
    long_date,
    numeric_date,
    parse_date,
    parse_time,
    short_date,
    time_range,
)

TODAY = dt.date(2026, 11, 28)
ISO = Style(iso_dates=True, clock_24=True)


def test_dates_read_the_american_way():
    assert short_date("2027-03-09") == "Mar 9, 2027"
    assert day_with_weekday(dt.date(2027, 3, 9)) == "Tue, Mar 9, 2027"
    assert long_date(dt.date(2026, 11, 28)) == "Saturday, November 28, 2026"
    assert numeric_date(dt.date(2027, 3, 9)) == "3/9/2027"
    assert short_date(None) == day_with_weekday("") == ""


def test_the_iso_and_24_hour_preference():
    assert short_date("2027-03-09", ISO) == "2027-03-09"
    assert day_with_weekday("2027-03-09", ISO) == "Tue 2027-03-09"
    assert numeric_date("2027-03-09", ISO) == "2027-03-09"
    assert clock("14:30", ISO) == "14:30"
    assert time_range("13:00", "14:30", ISO) == "13:00–14:30"


def test_times_on_a_12_hour_clock():
    assert clock("14:30") == "2:30 p.m."
    assert clock("00:05") == "12:05 a.m."
    assert clock("12:00") == "12:00 p.m."
    assert time_range("13:00", "14:30") == "1:00–2:30 p.m."
    assert time_range("11:00", "12:30") == "11:00 a.m.–12:30 p.m."
    assert time_range("09:00", "10:15") == "9:00–10:15 a.m."


@pytest.mark.parametrize("typed", ["3/9/2027", "03/09/2027", "3-9-2027", "3.9.27", "2027-03-09", "2027-3-9",
                                   "Mar 9 2027", "Mar 9, 2027", "March 9, 2027", "mar. 9 2027", "9 Mar 2027",
                                   "Tue, Mar 9, 2027", "  3 / 9 / 2027 "])
def test_dates_typed_in_many_ways(typed):
    assert parse_date(typed, TODAY) == dt.date(2027, 3, 9)


def test_a_date_without_a_year_is_this_year_and_words_work():
    assert parse_date("Mar 9", TODAY) == dt.date(2026, 3, 9)
    assert parse_date("3/9", TODAY) == dt.date(2026, 3, 9)
    assert parse_date("Sept 30", TODAY) == dt.date(2026, 9, 30)
    assert parse_date("today", TODAY) == TODAY
    assert parse_date("Tomorrow", TODAY) == dt.date(2026, 11, 29)


@pytest.mark.parametrize("typed,says", [
    ("2/30/2027", "February 2027 has no day 30"),
    ("13/1/2027", "there is no month 13"),
    ("next week", "is not a date"),
    ("3/9/202", "the year should have four digits"),
    ("1/1/2500", "between 1900 and 2199"),
    ("", "No date given."),
])
def test_what_cannot_be_read_says_why_and_how(typed, says):
    with pytest.raises(ValueError) as refused:
        parse_date(typed, TODAY)
    assert says in str(refused.value)
    if typed:
        assert "Type it like 3/9/2027" in str(refused.value)


@pytest.mark.parametrize("typed,expected", [
    ("1430", (14, 30)), ("930", (9, 30)), ("0930", (9, 30)), ("2:30 pm", (14, 30)), ("2:30 p.m.", (14, 30)),
    ("2:30PM", (14, 30)), ("2pm", (14, 0)), ("2 p.m.", (14, 0)), ("12 am", (0, 0)), ("12:15 pm", (12, 15)),
    ("14:30", (14, 30)), ("9", (9, 0)), ("noon", (12, 0)), ("Midnight", (0, 0)), ("8:05 a", (8, 5)),
])
def test_times_typed_in_many_ways(typed, expected):
    assert parse_time(typed) == dt.time(*expected)


@pytest.mark.parametrize("typed", ["25:00", "13 pm", "2:75", "soon", "14:3", ""])
def test_a_time_that_cannot_be_read_is_refused_plainly(typed):
    with pytest.raises(ValueError) as refused:
        parse_time(typed)
    assert "time" in str(refused.value).lower()


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_every_date_shown_reads_back(day):
    for shown in (numeric_date(day), short_date(day), day_with_weekday(day), long_date(day),
                  numeric_date(day, ISO), short_date(day, ISO)):
        assert parse_date(shown, TODAY) == day, shown


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_every_time_shown_reads_back(moment):
    assert parse_time(clock(moment)) == moment
    assert parse_time(clock(moment, ISO)) == moment


@pytest.mark.parametrize("size, shown", [
    (0, "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (1000, "1.0 KB"), (34_500, "34 KB"),
    (999_499, "999 KB"), (999_500, "1.0 MB"), (1_234_567, "1.2 MB"), (52_000_000, "52 MB"), (3_100_000_000, "3.1 GB")])
def test_file_sizes_read_as_a_file_manager_shows_them(size, shown):
    assert file_size(size) == shown
