"""Dates, times and numbers in the current language: Spanish through Babel, English as before."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from equitycohort import formats, i18n
from equitycohort.formats import Style

TODAY = dt.date(2026, 11, 28)
DAY = dt.date(2027, 3, 9)
ISO = Style(iso_dates=True, clock_24=True)


@pytest.fixture
def spanish():
    with i18n.use("es"):
        yield


def test_spanish_dates(spanish):
    assert formats.short_date(DAY) == "9 mar 2027"
    assert formats.long_date(DAY) == "martes, 9 de marzo de 2027"
    assert formats.month_day_year(DAY) == "9 de marzo de 2027"
    assert formats.day_with_weekday(DAY) == "mar, 9 mar 2027"
    assert formats.numeric_date(DAY) == "9/3/2027"  # the day first, as Spanish writes it
    assert formats.short_date(dt.date(2027, 9, 30)) == "30 sept 2027"


def test_spanish_uses_the_24_hour_clock(spanish):
    assert formats.clock("14:30") == "14:30"
    assert formats.clock("09:05") == "09:05"
    assert formats.time_range("13:00", "14:30") == "13:00–14:30"
    assert formats.time_range("11:00", "12:30") == "11:00–12:30"


def test_spanish_numbers_and_percentages(spanish):
    assert formats.percent(0.71) == "71\u00a0%"
    assert formats.percent(None) == "–"
    assert formats.number(1234.5) == "1.234,5"
    assert formats.number(1200) == "1.200"
    assert formats.fixed(-0.5, 1) == "-0,5"
    assert formats.file_size(1_234_567) == "1,2 MB"
    assert formats.file_size(1) == "1 byte"


def test_the_iso_preference_still_applies_in_spanish(spanish):
    assert formats.short_date(DAY, ISO) == "2027-03-09"
    assert formats.numeric_date(DAY, ISO) == "2027-03-09"
    assert formats.long_date(DAY, ISO) == "martes 2027-03-09"
    assert formats.day_with_weekday(DAY, ISO) == "mar 2027-03-09"
    assert formats.clock("14:30", ISO) == "14:30"


def test_english_is_exactly_as_before():
    assert formats.short_date(DAY) == "Mar 9, 2027"
    assert formats.long_date(DAY) == "Tuesday, March 9, 2027"
    assert formats.month_day_year(DAY) == "March 9, 2027"
    assert formats.clock("14:30") == "2:30 p.m."
    assert formats.percent(0.71) == "71%"
    assert formats.number(1234.5) == "1,234.5"
    assert formats.date_examples() == formats.DATE_EXAMPLES
    assert formats.time_examples() == formats.TIME_EXAMPLES


def test_the_pseudo_language_formats_as_english():
    with i18n.use("qps"):
        assert formats.short_date(DAY) == "Mar 9, 2027"
        assert formats.clock("14:30") == "2:30 p.m."
        assert formats.percent(0.71) == "71%"


@pytest.mark.parametrize("typed", ["9/3/2027", "09/03/2027", "9-3-27", "2027-03-09", "9 mar 2027", "9 de marzo de 2027",
                                   "martes, 9 de marzo de 2027", "mar, 9 mar 2027", "9 marzo", "Mar 9 2027",
                                   "March 9, 2027"])
def test_spanish_dates_typed_in_many_ways(spanish, typed):
    expected = DAY if "2027" in typed or "27" in typed else dt.date(TODAY.year, 3, 9)
    assert formats.parse_date(typed, TODAY) == expected


def test_spanish_words_for_days(spanish):
    assert formats.parse_date("hoy", TODAY) == TODAY
    assert formats.parse_date("Mañana", TODAY) == TODAY + dt.timedelta(days=1)
    assert formats.parse_date("ayer", TODAY) == TODAY - dt.timedelta(days=1)
    assert formats.parse_date("today", TODAY) == TODAY  # English words still work


def test_spanish_times(spanish):
    assert formats.parse_time("14:30") == dt.time(14, 30)
    assert formats.parse_time("2:30 p. m.") == dt.time(14, 30)
    assert formats.parse_time("mediodía") == dt.time(12, 0)
    assert formats.parse_time("medianoche") == dt.time(0, 0)


def test_what_cannot_be_read_is_said_in_spanish(spanish):
    with pytest.raises(ValueError) as refused:
        formats.parse_date("30/2/2027", TODAY)
    assert str(refused.value) == "“30/2/2027” no es una fecha: febrero de 2027 no tiene día 30. " \
                                 "Escríbala así: 9/3/2027, 2027-03-09 o 9 mar 2027."
    with pytest.raises(ValueError) as refused:
        formats.parse_time("25:00")
    assert "no es una hora del día" in str(refused.value) and "14:30, 1430 o 2:30 pm" in str(refused.value)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_every_spanish_date_shown_reads_back(day):
    with i18n.use("es"):
        for shown in (formats.numeric_date(day), formats.short_date(day), formats.day_with_weekday(day),
                      formats.long_date(day), formats.month_day_year(day), formats.short_date(day, ISO)):
            assert formats.parse_date(shown, TODAY) == day, shown


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_every_spanish_time_shown_reads_back(moment):
    with i18n.use("es"):
        assert formats.parse_time(formats.clock(moment)) == moment


def test_english_never_imports_babel():
    """Start-up is benchmarked: English dates and numbers are made without Babel."""
    code = ("import sys; from equitycohort import formats; "
            "formats.short_date('2027-03-09'); formats.long_date('2027-03-09'); formats.clock('14:30'); "
            "formats.percent(0.5); formats.number(1234.5); formats.parse_date('3/9/2027'); "
            "print('babel' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={"PATH": "", "EQUITYCOHORT_LANG": "es", "LANG": "es_MX.UTF-8"})
    assert done.stdout.strip() == "False", done.stderr
