"""The pseudo-locale check on text, without Qt: documents, calendars, --help.

Run in the pseudo-language ``qps`` (every catalog string comes back as
``⟦string⟧``) on a workspace whose own text is wrapped the same way
(``marked_workspace``); then any text with letters outside the markers was
never marked for translation. ``leftover(text)`` says what is left of a text
once the marked parts and what needs no translation (names of places, e-mail
addresses, numbers and dates) are taken out. ``tests/ui/pseudo.py`` walks
widgets with it.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from equitycohort.data.states import ALL_PLACES
from equitycohort.i18n import PSEUDO_CLOSE, PSEUDO_OPEN

#: the innermost marked part ("⟦Delete ⟦Iowa⟧?⟧" holds one inside another)
_INNERMOST = re.compile(re.escape(PSEUDO_OPEN) + "[^" + PSEUDO_OPEN + PSEUDO_CLOSE + "]*" + re.escape(PSEUDO_CLOSE))
_TAG = re.compile(r"<[^>]+>")
#: what may show unmarked: no letters at all, or only names that are the same in every language
_NAMES = sorted({"Equity Cohort", "UTC", "PDF", "CSV", "Excel", "JSON", "ICS", "OK", "e-mail",
                 "KB", "MB", "GB", "bytes",  # units, the same in every language
                 *ALL_PLACES.values(), *ALL_PLACES.keys()}, key=len, reverse=True)
_KEYS = re.compile(r"\b(Ctrl|Shift|Alt|Meta|Esc|Enter|Return|Tab|Backspace|Del|Delete|Home|End|PgUp|PgDown|"
                   r"Page Up|Page Down|Up|Down|Left|Right|Space|F\d+)\b")
_EMAIL_URL = re.compile(r"\S+@\S+|https?://\S+|\b[\w.-]+\.(ecw|ecchanges|pdf|csv|xlsx|ics|json)\b", re.I)
#: dates, times and numbers as formatted for the pseudo-language (formats keeps them language-free)
_NUMBERS = re.compile(r"\d")
#: the names of months and weekdays (the pseudo-language writes dates as English does), whole or short
_DATE_WORDS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b\.?")


def without_marked(text: str) -> str:
    """``text`` with every marked part taken out, innermost first."""
    while True:
        shorter = _INNERMOST.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def leftover(text: str) -> str:
    """What of ``text`` is not marked and not exempt: letters that were never translated."""
    text = _TAG.sub(" ", text or "")
    if text.endswith("…"):  # shortened to fit: its closing marks were cut off with its end
        text += PSEUDO_CLOSE * max(0, text.count(PSEUDO_OPEN) - text.count(PSEUDO_CLOSE))
    text = without_marked(text)
    text = _EMAIL_URL.sub(" ", text)
    for name in _NAMES:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    text = _KEYS.sub(" ", text)
    text = text.replace("&", "")
    text = _NUMBERS.sub(" ", text)
    text = _DATE_WORDS.sub(" ", text)
    text = re.sub(r"\b(a\.m\.|p\.m\.|AM|PM)", " ", text)
    return text if re.search(r"[^\W\d_]{2,}", text) else ""


def marked_workspace(source: Path, target: Path) -> Path:
    """A copy of a workspace with every text people typed wrapped in the pseudo-language's markers,
    so that what the screens and documents show of it counts as translated."""
    from equitycohort.data.schema import KINDS

    target.write_bytes(source.read_bytes())
    conn = sqlite3.connect(target)
    with conn:
        for table, kind in KINDS.items():
            for field in kind.fields:
                if field.type in ("line", "text"):  # what people type; not codes, dates or addresses
                    conn.execute(
                        f"UPDATE {table} SET {field.name} = ? || {field.name} || ? "  # noqa: S608 - test fixture
                        f"WHERE {field.name} IS NOT NULL AND {field.name} <> '' AND typeof({field.name}) = 'text'",
                        (PSEUDO_OPEN, PSEUDO_CLOSE))
    conn.close()
    return target
