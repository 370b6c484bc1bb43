"""Dates and times as a US reader writes and reads them, written once for the app, the exports and scripts.

Display follows American conventions by default (month/day, a 12-hour clock
with a.m. and p.m.), or ISO dates and a 24-hour clock for those who prefer
them. Parsing accepts what people type: ``3/9/2027``, ``2027-03-09``,
``Mar 9 2027``, ``Mar 9``, ``today``; ``1430``, ``2:30 pm``, ``14:30``,
``noon``. Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NUMBERS = {name.casefold()[:3]: i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS["sept"] = 9


class Style(NamedTuple):
    """How dates and times are shown: US (the default) or ISO dates, 12- or 24-hour clock."""

    iso_dates: bool = False
    clock_24: bool = False


US = Style()


# --- showing -------------------------------------------------------------------

def short_date(day: dt.date | str | None, style: Style = US) -> str:
    """``Mar 9, 2027`` (ISO: ``2027-03-09``); empty for no date."""
    day = _as_date(day)
    if day is None:
        return ""
    if style.iso_dates:
        return day.isoformat()
    return f"{MONTHS[day.month - 1][:3]} {day.day}, {day.year}"


def day_with_weekday(day: dt.date | str | None, style: Style = US) -> str:
    """``Tue, Mar 9, 2027`` (ISO: ``Tue 2027-03-09``)."""
    day = _as_date(day)
    if day is None:
        return ""
    weekday = WEEKDAYS[day.weekday()][:3]
    return f"{weekday} {day.isoformat()}" if style.iso_dates else f"{weekday}, {short_date(day)}"


def long_date(day: dt.date | str | None, style: Style = US) -> str:
    """``Tuesday, March 9, 2027`` (ISO: ``Tuesday 2027-03-09``)."""
    day = _as_date(day)
    if day is None:
        return ""
    weekday = WEEKDAYS[day.weekday()]
    if style.iso_dates:
        return f"{weekday} {day.isoformat()}"
    return f"{weekday}, {MONTHS[day.month - 1]} {day.day}, {day.year}"


def numeric_date(day: dt.date | str | None, style: Style = US) -> str:
    """The form a date field shows for editing: ``3/9/2027`` (ISO: ``2027-03-09``)."""
    day = _as_date(day)
    if day is None:
        return ""
    return day.isoformat() if style.iso_dates else f"{day.month}/{day.day}/{day.year}"


def clock(value: dt.time | str | None, style: Style = US) -> str:
    """``2:30 p.m.``, ``noon``-free and unambiguous (24-hour: ``14:30``); empty for none."""
    value = _as_time(value)
    if value is None:
        return ""
    if style.clock_24:
        return f"{value.hour:02d}:{value.minute:02d}"
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def time_range(start: dt.time | str, end: dt.time | str, style: Style = US) -> str:
    """``1:00–2:30 p.m.``: the a.m./p.m. said once when both ends share it (24-hour: ``13:00–14:30``)."""
    first, last = _as_time(start), _as_time(end)
    if first is None or last is None:
        return clock(first or last, style)
    if style.clock_24:
        return f"{clock(first, style)}–{clock(last, style)}"
    if (first.hour < 12) == (last.hour < 12):
        return f"{clock(first, style).rsplit(' ', 1)[0]}–{clock(last, style)}"
    return f"{clock(first, style)}–{clock(last, style)}"


# --- reading what people type ---------------------------------------------------

DATE_EXAMPLES = "3/9/2027, 2027-03-09 or Mar 9 2027"
TIME_EXAMPLES = "2:30 pm, 1430 or 14:30"


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """A date from what a person typed; ValueError with a plain message when it cannot be read.

    Month/day order, as in the US. A year of two digits is this century; a
    date without a year is in the current year.
    """
    today = today or dt.date.today()
    raw = " ".join(text.strip().split())
    if not raw:
        raise ValueError("No date given.")
    lowered = raw.casefold().rstrip(".")
    words = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if lowered in words:
        return today + dt.timedelta(days=words[lowered])
    try:
        return _read_date(lowered, today)
    except ValueError as exc:
        detail = str(exc)
        raise ValueError(f"“{raw}” is not a date{': ' + detail if detail else ''}. "
                         f"Type it like {DATE_EXAMPLES}.") from None


def _read_date(text: str, today: dt.date) -> dt.date:
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        return _day(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d+))?", text)
    if numeric:
        return _day(_year(numeric[3], today), int(numeric[1]), int(numeric[2]))
    # "Mar 9 2027", "March 9, 2027", "Tue, Mar 9 2027", "9 March 2027", "Mar 9"
    words = [w for w in re.split(r"[\s,]+", text) if w]
    if words and words[0][:3] in {d.casefold()[:3] for d in WEEKDAYS}:
        words = words[1:]
    if len(words) in (2, 3):
        month = _month(words[0])
        if month is not None and words[1].isdigit():
            return _day(_year(words[2] if len(words) == 3 else None, today), month, int(words[1]))
        month = _month(words[1])
        if month is not None and words[0].isdigit():
            return _day(_year(words[2] if len(words) == 3 else None, today), month, int(words[0]))
    raise ValueError("")


def _month(word: str) -> int | None:
    word = word.rstrip(".")
    return _MONTH_NUMBERS.get(word[:4] if word.startswith("sept") else word[:3]) if len(word) >= 3 else None


def _year(text: str | None, today: dt.date) -> int:
    if text is None:
        return today.year
    if not text.isdigit() or len(text) not in (2, 4):
        raise ValueError("the year should have four digits")
    return 2000 + int(text) if len(text) == 2 else int(text)


def _day(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    if not 1900 <= year <= 2199:
        raise ValueError("the year should be between 1900 and 2199")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{MONTHS[month - 1]} {year} has no day {day}") from None


def parse_time(text: str) -> dt.time:
    """A time of day from what a person typed; ValueError with a plain message when it cannot be read.

    ``1430``, ``930`` (9:30 a.m.), ``2:30 pm``, ``2:30 p.m.``, ``2pm``, ``14:30``,
    ``noon``, ``midnight``. Without a.m. or p.m., hours are read on a 24-hour clock.
    """
    raw = " ".join(text.strip().split())
    if not raw:
        raise ValueError("No time given.")
    lowered = raw.casefold().replace(".", "").replace(" ", "")
    if lowered in ("noon", "midday"):
        return dt.time(12, 0)
    if lowered == "midnight":
        return dt.time(0, 0)
    match = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?(am|pm|a|p)?", lowered)
    if match is None:
        raise ValueError(f"“{raw}” is not a time. Type it like {TIME_EXAMPLES}.")
    digits, minutes, half = match[1], match[2], match[3]
    if minutes is None and len(digits) > 2:  # "1430" or "930"
        digits, minutes = digits[:-2], digits[-2:]
    hour, minute = int(digits), int(minutes or 0)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"“{raw}” is not a time: with a.m. or p.m. the hour is 1 to 12.")
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"“{raw}” is not a time of day. Type it like {TIME_EXAMPLES}.")
    return dt.time(hour, minute)


# --- helpers ----------------------------------------------------------------------

def _as_date(day: dt.date | str | None) -> dt.date | None:
    if day is None or day == "":
        return None
    if isinstance(day, dt.date):
        return day
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        return None


def _as_time(value: dt.time | str | None) -> dt.time | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        return None


def file_size(size: int) -> str:
    """``812 bytes``, ``34 KB``, ``1.2 MB``: a file's size as a file manager shows it (1 KB = 1,000 bytes)."""
    if size < 1000:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            return f"{value:,.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    raise AssertionError("unreachable")
