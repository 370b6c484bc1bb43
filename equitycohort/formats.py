"""Dates, times and numbers as a reader of the current language writes and reads them, written once
for the app, the exports and scripts.

In English, display follows American conventions by default (month/day, a
12-hour clock with a.m. and p.m.), or ISO dates and a 24-hour clock for those
who prefer them. Parsing accepts what people type: ``3/9/2027``, ``2027-03-09``,
``Mar 9 2027``, ``Mar 9``, ``today``; ``1430``, ``2:30 pm``, ``14:30``,
``noon``.

In another language (``i18n.current()``: the app's, or a document's) dates,
times and numbers follow that language through Babel: in Spanish ``9 mar 2027``,
``martes, 9 de marzo de 2027``, ``9/3/2027`` (day first), ``14:30`` (a 24-hour
clock), ``1.234,5`` and ``71 %``; what people type is read the same way (``9/3/2027``
is March 9, ``9 de marzo``, ``hoy``). The ISO-dates preference still applies. The
pseudo-language of the tests formats as English. English never imports Babel
(start-up is benchmarked). Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from equitycohort import i18n
from equitycohort.i18n import _, ngettext, pgettext

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

#: the Babel locale whose conventions each language's dates and numbers follow (English is
#: formatted here, the American way, without Babel)
BABEL_LOCALES = {"es": "es"}


def babel_locale() -> str | None:
    """The Babel locale of the current language; None for English and the pseudo-language."""
    return BABEL_LOCALES.get(i18n.current())


# --- showing -------------------------------------------------------------------

def short_date(day: dt.date | str | None, style: Style = US) -> str:
    """``Mar 9, 2027`` (ISO: ``2027-03-09``; Spanish: ``9 mar 2027``); empty for no date."""
    day = _as_date(day)
    if day is None:
        return ""
    if style.iso_dates:
        return day.isoformat()
    locale = babel_locale()
    if locale:
        return _babel_date(day, "medium", locale)
    return f"{MONTHS[day.month - 1][:3]} {day.day}, {day.year}"


def day_with_weekday(day: dt.date | str | None, style: Style = US) -> str:
    """``Tue, Mar 9, 2027`` (ISO: ``Tue 2027-03-09``; Spanish: ``mar, 9 mar 2027``)."""
    day = _as_date(day)
    if day is None:
        return ""
    locale = babel_locale()
    if locale:
        weekday = _babel_date(day, "EEE", locale)
        return f"{weekday} {day.isoformat()}" if style.iso_dates else f"{weekday}, {short_date(day)}"
    weekday = WEEKDAYS[day.weekday()][:3]
    return f"{weekday} {day.isoformat()}" if style.iso_dates else f"{weekday}, {short_date(day)}"


def long_date(day: dt.date | str | None, style: Style = US) -> str:
    """``Tuesday, March 9, 2027`` (ISO: ``Tuesday 2027-03-09``; Spanish: ``martes, 9 de marzo de 2027``)."""
    day = _as_date(day)
    if day is None:
        return ""
    locale = babel_locale()
    if locale:
        if style.iso_dates:
            return f"{_babel_date(day, 'EEEE', locale)} {day.isoformat()}"
        return _babel_date(day, "full", locale)
    weekday = WEEKDAYS[day.weekday()]
    if style.iso_dates:
        return f"{weekday} {day.isoformat()}"
    return f"{weekday}, {MONTHS[day.month - 1]} {day.day}, {day.year}"


def month_day_year(day: dt.date | str | None) -> str:
    """``March 9, 2027`` (Spanish: ``9 de marzo de 2027``): a date in words, without its weekday."""
    day = _as_date(day)
    if day is None:
        return ""
    locale = babel_locale()
    if locale:
        return _babel_date(day, "long", locale)
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def numeric_date(day: dt.date | str | None, style: Style = US) -> str:
    """The form a date field shows for editing: ``3/9/2027`` (ISO: ``2027-03-09``; Spanish, day first:
    ``9/3/2027``)."""
    day = _as_date(day)
    if day is None:
        return ""
    if style.iso_dates:
        return day.isoformat()
    return f"{day.day}/{day.month}/{day.year}" if _day_first() else f"{day.month}/{day.day}/{day.year}"


def clock(value: dt.time | str | None, style: Style = US) -> str:
    """``2:30 p.m.``, ``noon``-free and unambiguous (24-hour, and in Spanish: ``14:30``); empty for none."""
    value = _as_time(value)
    if value is None:
        return ""
    if style.clock_24 or babel_locale():
        return f"{value.hour:02d}:{value.minute:02d}"
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def time_range(start: dt.time | str, end: dt.time | str, style: Style = US) -> str:
    """``1:00–2:30 p.m.``: the a.m./p.m. said once when both ends share it (24-hour: ``13:00–14:30``)."""
    first, last = _as_time(start), _as_time(end)
    if first is None or last is None:
        return clock(first or last, style)
    if style.clock_24 or babel_locale():
        return f"{clock(first, style)}–{clock(last, style)}"
    if (first.hour < 12) == (last.hour < 12):
        return f"{clock(first, style).rsplit(' ', 1)[0]}–{clock(last, style)}"
    return f"{clock(first, style)}–{clock(last, style)}"


def number(value: float | int, decimals: int = 2) -> str:
    """``1,234``, ``1,234.5`` (Spanish: ``1.234,5``): a figure with at most ``decimals`` decimals, none
    when it is whole."""
    locale = babel_locale()
    if locale:
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=locale)
    if float(value).is_integer() or not decimals:
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def fixed(value: float, decimals: int) -> str:
    """``2.0``, ``-0.5`` (Spanish: ``2,0``): a figure with exactly ``decimals`` decimals."""
    locale = babel_locale()
    if locale:
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0", locale=locale,
                              decimal_quantization=True)
    return f"{value:,.{decimals}f}"


def percent(share: float | None) -> str:
    """``71%`` (Spanish: ``71 %``) for 0.71; ``–`` for none."""
    if share is None:
        return "–"
    locale = babel_locale()
    if locale:
        from babel.numbers import format_percent

        return format_percent(round(share * 100) / 100, locale=locale)
    return f"{round(share * 100):d}%"


@lru_cache(maxsize=4096)
def _babel_date(day: dt.date, pattern: str, locale: str) -> str:
    """A date in a Babel pattern (remembered: a document writes the same dates many times)."""
    from babel.dates import format_date

    return format_date(day, pattern, locale=locale)


def _day_first() -> bool:
    """Whether the current language writes the day before the month in a numeric date (Spanish does)."""
    locale = babel_locale()
    return bool(locale) and _pattern_day_first(locale)


@lru_cache(maxsize=8)
def _pattern_day_first(locale: str) -> bool:
    from babel import Locale

    pattern = Locale.parse(locale).date_formats["short"].pattern
    return pattern.find("d") < pattern.find("M")


# --- reading what people type ---------------------------------------------------

DATE_EXAMPLES = "3/9/2027, 2027-03-09 or Mar 9 2027"
TIME_EXAMPLES = "2:30 pm, 1430 or 14:30"
#: the day the examples show
_EXAMPLE_DAY = dt.date(2027, 3, 9)


def date_examples() -> str:
    """How a date may be typed, in the current language: ``3/9/2027, 2027-03-09 or Mar 9 2027``."""
    if not babel_locale():
        return DATE_EXAMPLES
    return _("{numeric}, {iso} or {written}").format(
        numeric=numeric_date(_EXAMPLE_DAY), iso=_EXAMPLE_DAY.isoformat(), written=short_date(_EXAMPLE_DAY))


def time_examples() -> str:
    """How a time may be typed, in the current language: ``2:30 pm, 1430 or 14:30``."""
    if not babel_locale():
        return TIME_EXAMPLES
    return _("{clock}, {digits} or {meridiem}").format(clock="14:30", digits="1430", meridiem="2:30 pm")


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """A date from what a person typed; ValueError with a plain message when it cannot be read.

    Month/day order, as in the US. A year of two digits is this century; a
    date without a year is in the current year.
    """
    today = today or dt.date.today()
    raw = " ".join(text.strip().split())
    if not raw:
        raise ValueError(_("No date given."))
    lowered = raw.casefold().rstrip(".")
    words = {"today": 0, "tomorrow": 1, "yesterday": -1}
    locale = babel_locale()
    if locale:
        words |= {pgettext("typed in a date field", "today").casefold(): 0,
                  pgettext("typed in a date field", "tomorrow").casefold(): 1,
                  pgettext("typed in a date field", "yesterday").casefold(): -1}
    if lowered in words:
        return today + dt.timedelta(days=words[lowered])
    try:
        return _read_date(lowered, today, locale)
    except ValueError as exc:
        detail = str(exc)
        if detail:
            message = _("“{text}” is not a date: {reason}. Type it like {examples}.")
        else:
            message = _("“{text}” is not a date. Type it like {examples}.")
        raise ValueError(message.format(text=raw, reason=detail, examples=date_examples())) from None


def _read_date(text: str, today: dt.date, locale: str | None = None) -> dt.date:
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        return _day(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d+))?", text)
    if numeric:
        first, second = int(numeric[1]), int(numeric[2])
        month, day = (second, first) if _day_first() else (first, second)
        return _day(_year(numeric[3], today), month, day)
    # "Mar 9 2027", "March 9, 2027", "Tue, Mar 9 2027", "9 March 2027", "Mar 9"; in Spanish also
    # "martes, 9 de marzo de 2027" and "9 mar 2027"
    words = [w for w in re.split(r"[\s,]+", text) if w and not (locale and w == "de")]
    weekdays = {d.casefold()[:3] for d in WEEKDAYS} | (_weekday_starts(locale) if locale else set())
    # a leading weekday is left out; in Spanish "mar" is both Tuesday and March, so without it first
    tries = [words[1:], words] if words and words[0].rstrip(".")[:3] in weekdays else [words]
    for tried in tries:
        if len(tried) in (2, 3):
            year = tried[2] if len(tried) == 3 else None
            leading = _month(tried[0], locale)  # "Mar 9"
            if leading is not None and tried[1].isdigit():
                return _day(_year(year, today), leading, int(tried[1]))
            following = _month(tried[1], locale)  # "9 Mar"
            if following is not None and tried[0].isdigit():
                return _day(_year(year, today), following, int(tried[0]))
    raise ValueError("")


def _month(word: str, locale: str | None = None) -> int | None:
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    found = _MONTH_NUMBERS.get(word[:4] if word.startswith("sept") else word[:3])
    if found is None and locale:
        found = _month_names(locale).get(word) or _month_names(locale).get(word[:3])
    return found


@lru_cache(maxsize=8)
def _month_names(locale: str) -> dict[str, int]:
    """A language's month names, whole and abbreviated, folded: {"marzo": 3, "mar": 3, "sept": 9 …}."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number_, name in get_month_names(width, context, locale).items():
                folded = name.casefold().rstrip(".")
                names.setdefault(folded, number_)
                names.setdefault(folded[:3], number_)
    return names


@lru_cache(maxsize=8)
def _weekday_starts(locale: str) -> set[str]:
    from babel.dates import get_day_names

    return {name.casefold().rstrip(".")[:3] for width in ("wide", "abbreviated")
            for name in get_day_names(width, "format", locale).values()}


def _year(text: str | None, today: dt.date) -> int:
    if text is None:
        return today.year
    if not text.isdigit() or len(text) not in (2, 4):
        raise ValueError(_("the year should have four digits"))
    return 2000 + int(text) if len(text) == 2 else int(text)


def _day(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(_("there is no month {month}").format(month=month))
    if not 1900 <= year <= 2199:
        raise ValueError(_("the year should be between 1900 and 2199"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        locale = babel_locale()
        if locale:
            from babel.dates import format_skeleton

            month_year = format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale)
        else:
            month_year = f"{MONTHS[month - 1]} {year}"
        raise ValueError(_("{month_year} has no day {day}").format(month_year=month_year, day=day)) from None


def parse_time(text: str) -> dt.time:
    """A time of day from what a person typed; ValueError with a plain message when it cannot be read.

    ``1430``, ``930`` (9:30 a.m.), ``2:30 pm``, ``2:30 p.m.``, ``2pm``, ``14:30``,
    ``noon``, ``midnight``. Without a.m. or p.m., hours are read on a 24-hour clock.
    """
    raw = " ".join(text.strip().split())
    if not raw:
        raise ValueError(_("No time given."))
    lowered = raw.casefold().replace(".", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if lowered in ("noon", "midday") or (babel_locale() and lowered == pgettext("typed in a time field", "noon")):
        return dt.time(12, 0)
    if lowered == "midnight" or (babel_locale() and lowered == pgettext("typed in a time field", "midnight")):
        return dt.time(0, 0)
    match = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?(am|pm|a|p)?", lowered)
    if match is None:
        raise ValueError(_("“{text}” is not a time. Type it like {examples}.").format(
            text=raw, examples=time_examples()))
    digits, minutes, half = match[1], match[2], match[3]
    if minutes is None and len(digits) > 2:  # "1430" or "930"
        digits, minutes = digits[:-2], digits[-2:]
    hour, minute = int(digits), int(minutes or 0)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(_("“{text}” is not a time: with a.m. or p.m. the hour is 1 to 12.").format(text=raw))
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ValueError(_("“{text}” is not a time of day. Type it like {examples}.").format(
            text=raw, examples=time_examples()))
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
        return ngettext("{n} byte", "{n} bytes", size).format(n=number(size))
    locale = babel_locale()
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            if locale:
                from babel.numbers import format_decimal

                shown = format_decimal(value, format="#,##0.0" if value < 10 else "#,##0", locale=locale)
                return f"{shown} {unit}"
            return f"{value:,.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    raise AssertionError("unreachable")
