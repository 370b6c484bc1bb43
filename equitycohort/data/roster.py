"""Rosters: the spreadsheet teams already keep, in and out of a cohort.

A roster has these columns (a header row first)::

    state,organization,name,role,email,phone,preferred_language,pronouns

``state`` is the two-letter code (a full name is accepted on import) and
``role`` holds "Executive Director" for a team's executive director. On
import only state, organization and name are required; the header is matched
without regard to case, order or spaces ("E-mail", "Organisation", "First
name" and "Last name" are understood), and other columns are ignored and
named in the preview.

Import runs in three steps, none of which needs Qt:

1. ``read_roster`` reads the file as spreadsheets save it (see
   ``equitycohort.data.spreadsheets``: UTF-8, UTF-16, Windows-1252, Mac Roman;
   commas, semicolons or tabs; .xlsx) and checks every row, reporting
   problems by their line (or sheet row) number;
2. ``plan_import`` says per row what importing would do ("create team",
   "update person matched by e-mail"...), which values it keeps, and what
   each team would look like afterwards;
3. ``apply_import`` makes the changes as one undoable step, "Import roster",
   and only if every row is valid.

Teams are matched by state within the cohort; people by e-mail (any case),
or, for a row without an e-mail, by name within the matched team. An empty
cell never erases what the workspace holds, and a value that a lossy
character set has degraded (Excel's Windows-1252 CSV writes "?" for every
Arabic, Chinese or Cyrillic letter) never overwrites the full one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.rules import TEAM_SIZE
from equitycohort.data.schema import KINDS
from equitycohort.data.spreadsheets import (
    DELIMITER_NAMES,
    HEADER_SEARCH,
    LOST,
    MAC_ROMAN,
    MAX_BYTES,
    UTF16_BE,
    UTF16_LE,
    WINDOWS_1252,
    Charset,
    Table,
    TableError,
    oddities,
    read_table,
)
from equitycohort.data.states import find_place, state_name
from equitycohort.data.validation import clean_row
from equitycohort.formats import number
from equitycohort.i18n import N_, _, ngettext, pgettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

COLUMNS = ("state", "organization", "name", "role", "email", "phone", "preferred_language", "pronouns")
REQUIRED = ("state", "organization", "name")
DIRECTOR = "Executive Director"
MAX_ROWS = 5_000

PERSON_FIELDS = ("name", "email", "phone", "preferred_language", "pronouns")
#: the words a header may use for each column (after folding case, spaces, dashes, underscores)
ALIASES: dict[str, tuple[str, ...]] = {
    "state": ("state", "st", "state code", "state abbreviation", "state territory", "us state"),
    "organization": ("organization", "organisation", "org", "organization name", "organisation name",
                     "team organization", "agency"),
    "name": ("name", "full name", "leader", "leader name", "person", "contact name"),
    "role": ("role", "team role", "role on team"),
    "email": ("email", "e mail", "email address", "e mail address", "mail"),
    "phone": ("phone", "telephone", "phone number", "telephone number", "tel", "mobile", "cell", "cell phone"),
    "preferred_language": ("preferred language", "language", "lang"),
    "pronouns": ("pronouns", "pronoun"),
}
FIRST_NAME = ("first name", "given name", "first")
LAST_NAME = ("last name", "family name", "surname", "last")
_KEYS = {alias: column for column, aliases in ALIASES.items() for alias in aliases}

#: what importing does with a row (the codes are English; ``action_label`` says them in the language)
CREATE_TEAM = N_("create team")
UPDATE_TEAM = N_("rename team")
CREATE_PERSON = N_("create person")
UPDATE_PERSON = N_("update person matched by e-mail")
UPDATE_BY_NAME = N_("update person matched by name")
ADD_TO_TEAM = N_("add to team")
UNCHANGED = N_("unchanged")

#: what each kept field is called in a sentence (shown through ``_()``)
FIELD_WORDS = {"name": N_("name"), "organization": N_("organization"), "role": N_("role"), "email": N_("e-mail"),
               "phone": N_("phone"), "preferred_language": N_("preferred language"), "pronouns": N_("pronouns")}


def action_label(action: str) -> str:
    """What an import does with a row ("create team"), in the current language."""
    return _(action)


def place(unit: str, line: int) -> str:
    """"line 12" of a text file, "row 12" of a workbook."""
    return _("row {number}").format(number=line) if unit == "row" else _("line {number}").format(number=line)


def _field_word(column: str) -> str:
    return _(FIELD_WORDS[column]) if column in FIELD_WORDS else column


@dataclass(frozen=True)
class RosterRow:
    line: int
    state: str  # the two-letter code
    organization: str
    name: str
    role: str
    email: str
    phone: str
    preferred_language: str
    pronouns: str

    @property
    def is_director(self) -> bool:
        return self.role.strip().casefold() == DIRECTOR.casefold()


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    unit: str = "line"

    def __str__(self) -> str:
        return _("{where}: {problem}").format(where=place(self.unit, self.line), problem=self.message)


@dataclass(frozen=True)
class Kept:
    """A value of the file not written, because the workspace holds it in full."""

    field: str
    stored: str
    value: str
    reason: str

    def describe(self) -> str:
        return _("kept the {field} “{stored}”: the file has “{value}”; {reason}").format(
            field=_field_word(self.field), stored=self.stored, value=self.value, reason=self.reason)


@dataclass(frozen=True)
class RowPlan:
    row: RosterRow
    actions: tuple[str, ...]
    team_id: str | None = None
    person_id: str | None = None
    #: field -> (old, new) for an updated person or membership
    changes: dict = field(default_factory=dict)
    kept: tuple[Kept, ...] = ()
    unit: str = "line"

    @property
    def summary(self) -> str:
        """What the import does with the row, in the current language: "create person, add to team"."""
        return ", ".join(action_label(action) for action in self.actions)

    @property
    def name(self) -> str:
        """The person's name as it will be: the workspace's when the file's was degraded."""
        return next((k.stored for k in self.kept if k.field == "name"), self.row.name)

    def describe(self) -> str:
        who = f"{self.row.state} {self.name}"
        text = _("{where}: {who}: {actions}").format(where=place(self.unit, self.row.line), who=who,
                                                     actions=self.summary)
        if self.changes:
            text += " (" + ", ".join(sorted(self.changes)) + ")"
        for kept in self.kept:
            text += "; " + kept.describe()
        return text


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """"no", "one" … "ten", then figures: a count as English writes it in a sentence. Other languages
    write figures (their number words agree with the noun that follows)."""
    from equitycohort import i18n

    if i18n.current() == "en" and 0 <= n < len(_NUMBERS):
        return _NUMBERS[n]
    return number(n)


def count_words(n: int, singular: str, plural: str | None = None) -> str:
    """'no leaders', 'one leader', 'four leaders', '12 leaders' (English words, untranslated: for
    scripts and tests; messages use ``number_word`` with ``ngettext``)."""
    word = _NUMBERS[n] if 0 <= n < len(_NUMBERS) else f"{n:,}"
    return f"{word} {singular if n == 1 else (plural or singular + 's')}"


@dataclass(frozen=True)
class TeamOutlook:
    """A team as the import would leave it."""

    state: str
    organization: str
    leaders: tuple[str, ...]
    directors: tuple[str, ...]
    new: bool = False

    @property
    def warnings(self) -> list[str]:
        out = []
        if len(self.leaders) != TEAM_SIZE:
            out.append(_("the program asks for a team of {count}").format(count=number_word(TEAM_SIZE)))
        if not self.directors:
            out.append(_("no leader is marked executive director"))
        elif len(self.directors) > 1:
            out.append(_("a team has one executive director"))
        return out

    def describe(self) -> str:
        who = f"{state_name(self.state)} ({self.state}), {self.organization}"
        n = len(self.leaders)
        leaders = ngettext("{count} leader", "{count} leaders", n).format(count=number_word(n))
        n = len(self.directors)
        directors = ngettext("{count} executive director", "{count} executive directors", n).format(
            count=number_word(n))
        if self.directors:
            directors += f" ({', '.join(self.directors)})"
        if self.new:
            text = _("{team} (new team): {leaders}, {directors}").format(team=who, leaders=leaders,
                                                                          directors=directors)
        else:
            text = _("{team}: {leaders}, {directors}").format(team=who, leaders=leaders, directors=directors)
        if self.warnings:
            text += " ⚠ " + "; ".join(self.warnings)
        return text + "."


@dataclass
class ImportPlan:
    cohort_id: str
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False
    #: the character set a text file was read in (None for a workbook)
    charset: Charset | None = None
    unit: str = "line"
    #: each team the file touches, as it would be afterwards
    teams: list[TeamOutlook] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            for action in row.actions:
                out[action] = out.get(action, 0) + 1
        return out

    @property
    def kept(self) -> list[tuple[RowPlan, Kept]]:
        return [(row, kept) for row in self.rows for kept in row.kept]

    @property
    def changes_anything(self) -> bool:
        return any(a != UNCHANGED for r in self.rows for a in r.actions)

    def report(self) -> list[str]:
        """The per-row report, problems first, then the teams afterwards and a closing count line."""
        if self.problems:
            lines = [str(p) for p in self.problems]
            lines.append(ngettext("{count} problem; nothing was imported.", "{count} problems; nothing was imported.",
                                  len(self.problems)).format(count=len(self.problems)))
            return self.notes + lines
        lines = self.notes + [r.describe() for r in self.rows]
        if self.teams:
            lines.append(_("Teams afterwards:") if self.applied else _("Teams afterwards, if imported:"))
            lines += [f"  {team.describe()}" for team in self.teams]
        counts = self.counts()
        # Translators: {count} rows of the roster and what the import does with them ("3 create person")
        tally = ", ".join(_("{count} {action}").format(count=n, action=action_label(action))
                          for action, n in counts.items()) or _("no rows")
        kept = len(self.kept)
        if kept:
            tally += ngettext("; {count} degraded value kept as the workspace has them",
                              "; {count} degraded values kept as the workspace has them", kept).format(count=kept)
        rows = len(self.rows)
        if self.applied:
            lines.append(ngettext("{count} row imported: {tally}.", "{count} rows imported: {tally}.", rows).format(
                count=rows, tally=tally))
        else:
            lines.append(ngettext("{count} row would import: {tally}.", "{count} rows would import: {tally}.",
                                  rows).format(count=rows, tally=tally))
        return lines


# --- reading -------------------------------------------------------------

def header_key(text: str) -> str:
    """A header cell folded for matching: case, spaces, dashes, underscores, a trailing * or :."""
    text = unicodedata.normalize("NFKC", text).casefold().strip().strip("*:#").strip()
    return re.sub(r"[\s_\-./]+", " ", text).strip()


@dataclass
class Header:
    index: dict[str, int]  # column -> cell index
    first: int | None = None
    last: int | None = None
    unknown: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


def match_header(cells: list[str]) -> Header:
    header = Header({})
    for i, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        column = _KEYS.get(key)
        if column is not None:
            if column in header.index:
                header.repeated.append(cell.strip())
            else:
                header.index[column] = i
        elif key in FIRST_NAME and header.first is None:
            header.first = i
        elif key in LAST_NAME and header.last is None:
            header.last = i
        else:
            header.unknown.append(cell.strip())
    return header


def known_columns(cells: list[str]) -> int:
    """How many roster columns a header row names (chooses the delimiter and the sheet)."""
    header = match_header(cells)
    return len(header.index) + (header.first is not None) + (header.last is not None)


#: a cell an export protected from spreadsheets running it as a formula
_NEUTRALIZED = re.compile(r"'[=+\-@\t\r]")


def _cell(record: list[str], index: int | None) -> str:
    if index is None or index >= len(record):
        return ""
    value = record[index].strip()
    if _NEUTRALIZED.match(value):
        value = value[1:]
    return value


@dataclass
class RosterFile:
    """A roster as read from a file: valid rows, problems by line, notes."""

    rows: list[RosterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    charset: Charset | None = None
    unit: str = "line"

    def __iter__(self):  # rows, problems, notes = read_roster(...)
        return iter((self.rows, self.problems, self.notes))


def _charset_note(charset: Charset) -> str | None:
    if charset is WINDOWS_1252:
        return _("The file is in Windows-1252 (as Excel's “CSV (Comma delimited)”), which has no Arabic, "
                 "Chinese, Cyrillic and many other letters: the program that saved it wrote “?” (or other "
                 "marks) in their place. Where the workspace holds such a name in full, it is kept; to import "
                 "new ones, save the file as “CSV UTF-8”.")
    if charset is MAC_ROMAN:
        return _("The file is in Mac Roman (older Excel for Mac), which has no Arabic, Chinese, Cyrillic "
                 "and many other letters. Where the workspace holds such a name in full, it is kept; "
                 "to import new ones, save the file as “CSV UTF-8”.")
    if charset in (UTF16_LE, UTF16_BE):
        return _("The file is UTF-16 text (Excel's “Unicode Text”).")
    return None


def read_roster(source: Path | str | bytes) -> RosterFile:
    """Read and check a roster file (text or .xlsx); ``source`` is a path or the file's bytes."""
    result = RosterFile()
    name = ""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        name = path.name
        if path.stat().st_size > MAX_BYTES:
            result.problems.append(Problem(1, _("The file is larger than {size} MB; is it really a roster?").format(
                size=MAX_BYTES // 1_000_000)))
            return result
        data = path.read_bytes()
    try:
        table = read_table(data, known_columns, max_rows=MAX_ROWS, name=name)
    except TableError as exc:
        result.problems.append(Problem(1, str(exc)))
        return result
    result.charset, result.unit = table.charset, table.unit
    result.notes += table.notes
    if table.charset is not None:
        note = _charset_note(table.charset)
        if note:
            result.notes.append(note)
    if table.delimiter and table.delimiter != ",":
        result.notes.append(_("Columns are separated by {delimiter}.").format(
            delimiter=_(DELIMITER_NAMES[table.delimiter])))
    _check_rows(table, result)
    return result


def _check_rows(table: Table, result: RosterFile) -> None:
    unit = table.unit
    rows = table.rows
    if not rows:
        result.problems.append(Problem(1, _("The file is empty; the first line must name the columns: "
                                            "{columns}.").format(columns=",".join(COLUMNS)), unit))
        return
    # the header is the first row naming the roster's columns; a title above it is skipped
    start = 0
    for i, (_line, first_cells) in enumerate(rows[:HEADER_SEARCH]):
        if not _missing(match_header(first_cells)):
            start = i
            break
    header_line, header_cells = rows[start]
    header = match_header(header_cells)
    missing = _missing(header)
    if start:
        if unit == "row":
            skipped = ngettext("Skipped {count} row above the header ({where}).",
                               "Skipped {count} rows above the header ({where}).", start)
        else:
            skipped = ngettext("Skipped {count} line above the header ({where}).",
                               "Skipped {count} lines above the header ({where}).", start)
        result.notes.append(skipped.format(count=number_word(start), where=place(unit, header_line)))
    rows = rows[start:]
    if missing:
        found = [c.strip() for c in header_cells if c.strip()][:8]
        said = ", ".join(f"“{c}”" for c in found) or _("nothing")
        result.problems.append(Problem(header_line, ngettext(
            "The header lacks the column {columns}. The first row must name the roster's columns (state, "
            "organization and name are needed; role, email, phone, preferred_language and pronouns may follow, "
            "in any order); it reads {cells}.",
            "The header lacks the columns {columns}. The first row must name the roster's columns (state, "
            "organization and name are needed; role, email, phone, preferred_language and pronouns may follow, "
            "in any order); it reads {cells}.", len(missing)).format(columns=", ".join(missing), cells=said), unit))
        return
    if header.repeated:
        result.problems.append(Problem(header_line, _(
            "The header names a column twice ({columns}); keep one of them.").format(
                columns=", ".join(header.repeated)), unit))
        return
    if header.unknown:
        result.notes.append(ngettext("Ignored the column {columns} (not part of a roster).",
                                     "Ignored the columns {columns} (not part of a roster).",
                                     len(header.unknown)).format(columns=", ".join(header.unknown)))
    absent = [_field_word(c) for c in COLUMNS if c not in header.index and c not in REQUIRED]
    if absent:
        result.notes.append(ngettext(
            "The file has no {columns} column; what the workspace holds there stays as it is.",
            "The file has no {columns} columns; what the workspace holds there stays as it is.",
            len(absent)).format(columns=", ".join(absent)))
    seen_emails: dict[str, int] = {}
    seen_people: dict[tuple[str, str], int] = {}
    organizations: dict[str, tuple[str, int]] = {}
    odd_lines: list[int] = []
    width = len(header_cells)
    for count, (line, record) in enumerate(rows[1:], start=1):
        if count > MAX_ROWS:
            result.problems.append(Problem(line, _("more than {count} rows; split the file.").format(
                count=number(MAX_ROWS)), unit))
            break
        if len(record) > width and any(c.strip() for c in record[width:]):
            result.problems.append(Problem(line, _("has {count} cells; the header has {width}.").format(
                count=len(record), width=width), unit))
            continue
        cells = {c: _cell(record, header.index.get(c)) for c in COLUMNS}
        if "name" not in header.index:
            cells["name"] = " ".join(p for p in (_cell(record, header.first), _cell(record, header.last)) if p)
        if table.charset is not None and table.charset.lossy and oddities(" ".join(cells.values())):
            odd_lines.append(line)
        row, errors = _check_row(line, cells, unit)
        if errors:
            result.problems += errors
            continue
        assert row is not None
        if row.email:
            key = row.email.casefold()
            if key in seen_emails:
                result.problems.append(Problem(line, _("the e-mail {email} is also on {where}.").format(
                    email=row.email, where=place(unit, seen_emails[key])), unit))
                continue
            seen_emails[key] = line
        person_key = (row.state, row.name.casefold())
        if not row.email:
            if person_key in seen_people:
                result.problems.append(Problem(line, _("{name} ({state}) is also on {where}; give each an "
                                                       "e-mail.").format(name=row.name, state=row.state,
                                                                         where=place(unit, seen_people[person_key])),
                                               unit))
                continue
        seen_people.setdefault(person_key, line)
        if row.state in organizations and organizations[row.state][0].casefold() != row.organization.casefold():
            first, first_line = organizations[row.state]
            result.problems.append(Problem(line, _("the organization for {state} is “{organization}”, but "
                                                   "{where} says “{first}”.").format(
                state=state_name(row.state), organization=row.organization, where=place(unit, first_line),
                first=first), unit))
            continue
        organizations.setdefault(row.state, (row.organization, line))
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append(Problem(header_line + 1, _("The file has a header but no people."), unit))
    if odd_lines and table.charset is not None:
        numbers = ", ".join(str(n) for n in odd_lines[:5])
        if len(odd_lines) > 5:
            numbers = _("{numbers} and more").format(numbers=numbers)
        if unit == "row":
            odd = ngettext("Some letters on row {numbers} may not have been read right (the file is not UTF-8; "
                           "it was read as {charset}): check them below, or save the file as “CSV UTF-8”.",
                           "Some letters on rows {numbers} may not have been read right (the file is not UTF-8; "
                           "it was read as {charset}): check them below, or save the file as “CSV UTF-8”.",
                           len(odd_lines))
        else:
            odd = ngettext("Some letters on line {numbers} may not have been read right (the file is not UTF-8; "
                           "it was read as {charset}): check them below, or save the file as “CSV UTF-8”.",
                           "Some letters on lines {numbers} may not have been read right (the file is not UTF-8; "
                           "it was read as {charset}): check them below, or save the file as “CSV UTF-8”.",
                           len(odd_lines))
        result.notes.append(odd.format(numbers=numbers, charset=_(table.charset.label)))


def _missing(header: Header) -> list[str]:
    return [c for c in REQUIRED if c not in header.index and not (c == "name" and header.first is not None)]


def _check_row(line: int, cells: dict[str, str], unit: str = "line") -> tuple[RosterRow | None, list[Problem]]:
    problems = []
    code = find_place(cells["state"]) if cells["state"] else None
    if not cells["state"]:
        problems.append(Problem(line, _("{field}: cannot be empty.").format(field=_("State")), unit))
    elif code is None:
        problems.append(Problem(line, _("State: {value} is not a US state, DC or territory (use the two-letter "
                                        "code, e.g. IA).").format(value=repr(cells["state"])), unit))
    try:
        clean_row(KINDS["teams"], {"cohort_id": "x", "state": code or "IA", "organization": cells["organization"]})
    except ValidationError as exc:
        problems += [Problem(line, e.message, unit) for e in exc.errors]
    person = {f: cells[f] or None for f in PERSON_FIELDS}
    try:
        clean_row(KINDS["people"], person)
    except ValidationError as exc:
        problems += [Problem(line, e.message, unit) for e in exc.errors]
    try:
        clean_row(KINDS["team_members"], {"team_id": "x", "person_id": "x", "role": cells["role"]})
    except ValidationError as exc:
        problems += [Problem(line, e.message, unit) for e in exc.errors]
    if problems:
        return None, problems
    assert code is not None
    return RosterRow(line, code, cells["organization"], cells["name"], cells["role"], cells["email"],
                     cells["phone"], cells["preferred_language"], cells["pronouns"]), []


# --- values a character set has degraded -------------------------------------

def _lost_pattern(stored: str, charset: Charset | None) -> str:
    parts = []
    for char in stored:
        astral = ord(char) > 0xFFFF
        if charset is not None and not charset.can_carry(char):
            # Excel writes "?" or a look-alike ("Ł" -> "L") for each letter the set lacks
            if unicodedata.category(char) in ("Mn", "Me", "Cf"):
                parts.append(".?")
            else:
                parts.append(".{1,2}" if astral else ".")
        elif not char.isascii():
            parts.append(f"(?:{re.escape(char)}|[?\ufffd]{{1,2}})" if astral else f"(?:{re.escape(char)}|[?\ufffd])")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def degraded_copy(stored: str | None, value: str, charset: Charset | None) -> bool:
    """True when ``value`` is ``stored`` with letters lost on the way to the file.

    It differs only where ``stored`` has a letter the file's character set
    cannot carry (any character may stand there: "?" or a look-alike), or
    where a non-ASCII letter became "?" (a copy made through a lossy
    program, whatever the file's own set).
    """
    if not stored or stored == value or len(value) > 2 * len(stored):
        return False
    if charset is not None and charset.lossy and all(charset.can_carry(c) for c in stored) \
            and "?" not in value and LOST not in value:
        return False
    return re.fullmatch(_lost_pattern(stored, charset), value, re.DOTALL) is not None


#: the scripts a name's letters are named by, as Unicode's character names start; others are named as
#: Unicode names them
_SCRIPT_NAMES = {"CJK": "Chinese", "HANGUL": "Korean", "HIRAGANA": "Japanese", "KATAKANA": "Japanese",
                 "LATIN": "accented"}
def _script_word(name: str) -> str:
    """A script's name as it reads before "letters" ("Arabic letters"), in the current language;
    a script not listed here as Unicode names it."""
    words = {
        "Arabic": pgettext("… letters", "Arabic"), "Chinese": pgettext("… letters", "Chinese"),
        "Korean": pgettext("… letters", "Korean"), "Japanese": pgettext("… letters", "Japanese"),
        "accented": pgettext("… letters", "accented"), "Cyrillic": pgettext("… letters", "Cyrillic"),
        "Greek": pgettext("… letters", "Greek"), "Hebrew": pgettext("… letters", "Hebrew"),
        "Devanagari": pgettext("… letters", "Devanagari"), "Thai": pgettext("… letters", "Thai"),
        "Armenian": pgettext("… letters", "Armenian"), "Georgian": pgettext("… letters", "Georgian"),
        "Bengali": pgettext("… letters", "Bengali"), "Tamil": pgettext("… letters", "Tamil"),
        "Ethiopic": pgettext("… letters", "Ethiopic"),
    }
    return words.get(name, name)


def _script_names(text: str, charset: Charset | None) -> tuple[list[str], bool]:
    """The scripts (English names) of the letters of ``text`` the file could not hold, and whether
    emoji are among them."""
    names: list[str] = []
    emoji = False
    for char in text:
        if char.isascii() or (charset is not None and charset.can_carry(char)):
            continue
        if unicodedata.category(char) == "So":
            emoji = True
            continue
        word = unicodedata.name(char, "").split(" ")[0]
        script = _SCRIPT_NAMES.get(word, word.title())
        if script and script not in names:
            names.append(script)
    return names, emoji


def _scripts(text: str, charset: Charset | None) -> str:
    """'Arabic', 'Arabic and Chinese'... for the letters of ``text`` the file could not hold."""
    names, emoji = _script_names(text, charset)
    names = names + (["emoji"] if emoji else [])
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _letters(names: list[str], emoji: bool) -> str:
    """"Arabic letters", "Arabic and Chinese letters", "Arabic letters and emoji", "emoji"."""
    said = [_script_word(name) for name in names]
    if not said:
        return _("emoji")
    if emoji:
        return _("{scripts} letters and emoji").format(scripts=", ".join(said))
    joined = said[0] if len(said) == 1 else _("{items} and {last}").format(items=", ".join(said[:-1]),
                                                                             last=said[-1])
    return _("{scripts} letters").format(scripts=joined)


def _kept_reason(stored: str, charset: Charset | None) -> str:
    names, emoji = _script_names(stored, charset)
    if charset is not None and charset.lossy and (names or emoji):
        return _("{charset} cannot carry its {letters}").format(charset=_(charset.label),
                                                               letters=_letters(names, emoji))
    return _("letters were lost on the way to the file")


#: "?" where a letter was: "????", "Nguy?n", "?van"
_LOST_MARKS = re.compile(r"\?{2,}|(?<=[^\W\d_])\?(?=[^\W\d_])|(?<![^\s(\[\"“])\?(?=[^\W\d_])")


def _lost_letters_problem(line: int, column: str, value: str, charset: Charset | None,
                          unit: str) -> Problem | None:
    """A problem for a value the import would write when it shows letters lost on the way to the file:
    "?" standing for letters a lossy character set lacks, or "�" (a letter the file could not hold)."""
    if column == "email":
        return None
    lossy = charset is not None and charset.lossy
    if LOST not in value and not (lossy and _LOST_MARKS.search(value)):
        return None
    where = _("{charset} lost letters it cannot carry").format(charset=_(charset.label)) \
        if lossy and charset is not None else _("letters were lost before the file was saved")
    return Problem(line, _(
        "{field}: “{value}” has “?” or “�” where {where}, and the workspace has no full copy to keep. Save the "
        "roster from the spreadsheet as “CSV UTF-8” (or as .xlsx) and import that file.").format(
            field=_field_word(column).capitalize(), value=value, where=where), unit)


# --- planning ------------------------------------------------------------

def plan_import(ws: Workspace, cohort_id: str, source: Path | str | bytes | list[RosterRow], *,
                charset: Charset | None = None, unit: str = "line") -> ImportPlan:
    """What importing a roster into a cohort would do, row by row; writes nothing."""
    plan = ImportPlan(cohort_id, charset=charset, unit=unit)
    if ws.get("cohorts", cohort_id) is None:
        plan.problems.append(Problem(1, _("The cohort no longer exists.")))
        return plan
    if isinstance(source, list):
        rows = source
    else:
        read = read_roster(source)
        rows, plan.problems, plan.notes = read.rows, read.problems, read.notes
        plan.charset, plan.unit = read.charset, read.unit
        if plan.problems:
            return plan
    charset, unit = plan.charset, plan.unit
    teams = {r["state"]: r for r in ws.rows("SELECT * FROM teams WHERE cohort_id = ?", (cohort_id,))}
    by_email: dict[str, dict] = {}
    for someone in ws.rows("SELECT * FROM people WHERE email IS NOT NULL ORDER BY created"):
        by_email.setdefault(someone["email"].casefold(), someone)
    members: dict[str, dict[str, dict]] = {}  # team id -> person id -> membership + person
    for r in ws.rows(
            """SELECT m.id AS member_id, m.team_id, m.role, m.is_executive_director, m.position, p.*
               FROM team_members m JOIN people p ON p.id = m.person_id
               JOIN teams t ON t.id = m.team_id WHERE t.cohort_id = ?
               ORDER BY m.is_executive_director DESC, m.position, p.name""", (cohort_id,)):
        members.setdefault(r["team_id"], {})[r["id"]] = r
    new_teams: set[str] = set()
    renamed: set[str] = set()
    for row in rows:
        actions: list[str] = []
        kept: list[Kept] = []
        team = teams.get(row.state)
        if team is None:
            if row.state not in new_teams:
                actions.append(CREATE_TEAM)
                new_teams.add(row.state)
                problem = _lost_letters_problem(row.line, "organization", row.organization, charset, unit)
                if problem:
                    plan.problems.append(problem)
        elif row.organization and row.organization != team["organization"] and row.state not in renamed:
            if degraded_copy(team["organization"], row.organization, charset):
                kept.append(Kept("organization", team["organization"], row.organization,
                                 _kept_reason(team["organization"], charset)))
            else:
                actions.append(UPDATE_TEAM)
                problem = _lost_letters_problem(row.line, "organization", row.organization, charset, unit)
                if problem:
                    plan.problems.append(problem)
            renamed.add(row.state)
        team_id = team["id"] if team else None
        team_members = members.get(team_id, {}) if team_id else {}
        person = by_email.get(row.email.casefold()) if row.email else None
        matched_by = UPDATE_PERSON
        if person is None and not row.email:
            person = next((m for m in team_members.values() if m["name"].casefold() == row.name.casefold()), None)
            person = person or next((m for m in team_members.values()
                                     if degraded_copy(m["name"], row.name, charset)), None)
            matched_by = UPDATE_BY_NAME
        if person is None:
            actions.append(CREATE_PERSON)
            for column in ("name", "phone", "preferred_language", "pronouns", "role"):
                problem = _lost_letters_problem(row.line, column, getattr(row, column), charset, unit)
                if problem:
                    plan.problems.append(problem)
            plan.rows.append(RowPlan(row, tuple(actions), team_id, kept=tuple(kept), unit=unit))
            continue
        changes = {}
        for f in PERSON_FIELDS:
            new, old = getattr(row, f), person[f] or ""
            if not new or (new.casefold() == old.casefold() if f == "email" else new == old):
                continue
            if degraded_copy(old, new, charset):
                kept.append(Kept(f, old, new, _kept_reason(old, charset)))
                continue
            changes[f] = (person[f], new)
            problem = _lost_letters_problem(row.line, f, new, charset, unit)
            if problem:
                plan.problems.append(problem)
        membership = team_members.get(person["id"])
        role = DIRECTOR if row.is_director else row.role
        if membership is not None and row.role and _role_of(membership) != role:
            if degraded_copy(_role_of(membership), role, charset):
                kept.append(Kept("role", _role_of(membership), role, _kept_reason(_role_of(membership), charset)))
            else:
                changes["role"] = (_role_of(membership), role)
                problem = _lost_letters_problem(row.line, "role", role, charset, unit)
                if problem:
                    plan.problems.append(problem)
        if changes:
            actions.append(matched_by)
        if membership is None:
            actions.append(ADD_TO_TEAM)
        if not actions:
            actions.append(UNCHANGED)
        plan.rows.append(RowPlan(row, tuple(actions), team_id, person["id"], changes, tuple(kept), unit))
    plan.teams = _outlook(plan, teams, members)
    return plan


def _role_of(membership: dict) -> str:
    return DIRECTOR if membership["is_executive_director"] else (membership["role"] or "")


def _outlook(plan: ImportPlan, teams: dict[str, dict], members: dict[str, dict[str, dict]]) -> list[TeamOutlook]:
    """Each team the file touches, as the plan would leave it: its leaders and executive directors."""
    states: list[str] = []
    for item in plan.rows:
        if item.row.state not in states:
            states.append(item.row.state)
    out = []
    for state in states:
        team = teams.get(state)
        # person key -> [name, is executive director], the team's leaders in their order
        leaders: dict[str, list] = {}
        if team is not None:
            for person_id, m in members.get(team["id"], {}).items():
                leaders[person_id] = [m["name"], bool(m["is_executive_director"])]
        organization = team["organization"] if team else ""
        for item in plan.rows:
            row = item.row
            if row.state != state:
                continue
            if CREATE_TEAM in item.actions or UPDATE_TEAM in item.actions:
                organization = row.organization
            key = item.person_id or f"new {row.line}"
            kept_name = any(k.field == "name" for k in item.kept)
            entry = leaders.get(key)
            if entry is None:
                leaders[key] = [row.name, row.is_director]
                continue
            if row.name and not kept_name:
                entry[0] = row.name
            if "role" in item.changes:
                entry[1] = row.is_director
        names = tuple(name for name, _director in leaders.values())
        directors = tuple(name for name, director in leaders.values() if director)
        out.append(TeamOutlook(state, organization, names, directors, new=team is None))
    return out


# --- applying ------------------------------------------------------------

def apply_import(ws: Workspace, plan: ImportPlan, label: str | None = None) -> ImportPlan:
    """Carry out a valid plan as one undoable step; returns the plan as applied.

    The plan is made again inside the step from the same rows, so it holds
    even if the workspace changed since the preview.
    """
    if not plan.ok:
        raise ValueError("the roster has problems; nothing can be imported (see plan.report())")
    rows = [r.row for r in plan.rows]
    with ws.operation(label or _("Import roster")) as op:
        fresh = plan_import(ws, plan.cohort_id, rows, charset=plan.charset, unit=plan.unit)
        fresh.notes = plan.notes
        if fresh.problems:
            raise ValidationError([FieldError("", str(p)) for p in fresh.problems])
        team_ids = {r["state"]: r["id"] for r in ws.rows(
            "SELECT id, state FROM teams WHERE cohort_id = ?", (plan.cohort_id,))}
        positions: dict[str, int] = {r[0]: r[1] for r in ws.query(
            "SELECT m.team_id, count(*) FROM team_members m JOIN teams t ON t.id = m.team_id "
            "WHERE t.cohort_id = ? GROUP BY m.team_id", (plan.cohort_id,))}
        created_people: dict[str, str] = {}  # e-mail (folded) -> id, for repeats within the file
        for item in fresh.rows:
            row = item.row
            if CREATE_TEAM in item.actions:
                team_ids[row.state] = op.insert("teams", {
                    "cohort_id": plan.cohort_id, "state": row.state, "organization": row.organization})
            elif UPDATE_TEAM in item.actions:
                op.update("teams", team_ids[row.state], {"organization": row.organization})
            team_id = team_ids[row.state]
            person_id = item.person_id or created_people.get(row.email.casefold() if row.email else "")
            values = {f: getattr(row, f) for f in PERSON_FIELDS if getattr(row, f)}
            if person_id is None:
                person_id = op.insert("people", {"kind": "leader", "organization": row.organization, **values})
                if row.email:
                    created_people[row.email.casefold()] = person_id
            elif item.changes:
                op.update("people", person_id, {k: v for k, v in values.items() if k in item.changes})
            member = ws.rows("SELECT * FROM team_members WHERE team_id = ? AND person_id = ?",
                             (team_id, person_id))
            role = DIRECTOR if row.is_director else row.role
            if not member:
                position = positions.get(team_id, 0)
                positions[team_id] = position + 1
                op.insert("team_members", {"team_id": team_id, "person_id": person_id, "role": role,
                                           "is_executive_director": int(row.is_director),
                                           "position": position})
            elif "role" in item.changes:
                op.update("team_members", member[0]["id"], {"role": role,
                                                            "is_executive_director": int(row.is_director)})
    fresh.applied = True
    return fresh


def import_roster(ws: Workspace, cohort_id: str, source: Path | str | bytes, *, dry_run: bool = False) -> ImportPlan:
    """Plan an import and, unless ``dry_run`` or a row is invalid, apply it."""
    plan = plan_import(ws, cohort_id, source)
    if dry_run or not plan.ok:
        return plan
    if not plan.changes_anything:
        return plan
    return apply_import(ws, plan)


# --- export --------------------------------------------------------------

def roster_rows(ws: Workspace, cohort_id: str) -> list[list[str]]:
    """The roster of a cohort as rows of COLUMNS, teams in state order, leaders in team order."""
    from equitycohort.data.teams import list_teams

    out = []
    for team in list_teams(ws, cohort_id):
        for r in ws.rows(
                """SELECT p.name, p.email, p.phone, p.preferred_language, p.pronouns,
                          m.role, m.is_executive_director
                   FROM team_members m JOIN people p ON p.id = m.person_id
                   WHERE m.team_id = ? ORDER BY m.is_executive_director DESC, m.position, p.name""",
                (team.id,)):
            role = DIRECTOR if r["is_executive_director"] else (r["role"] or "")
            out.append([team.state, team.organization, r["name"], role, r["email"] or "", r["phone"] or "",
                        r["preferred_language"] or "", r["pronouns"] or ""])
    return out


#: what a spreadsheet runs as a formula when a cell starts with it (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run: a leading = + - @ tab or CR gets a ' before it.

    Import takes the quote off again, so a roster survives the round trip.
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def roster_csv(ws: Workspace, cohort_id: str) -> bytes:
    """The roster as CSV bytes: UTF-8 with a byte-order mark (so Excel reads accents), CRLF lines,
    every cell safe from being run as a formula."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([neutralize(cell) for cell in row] for row in roster_rows(ws, cohort_id))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
