"""Validation at the write door: every message names the field it is about."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable

from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.schema import KINDS, LINE_MAX, TEXT_MAX, Field, Kind
from equitycohort.data.states import ALL_PLACES
from equitycohort.data.translations import LANGUAGE_CODE, dumps
from equitycohort.formats import number
from equitycohort.i18n import N_, _, ngettext

MIN_YEAR, MAX_YEAR = 1900, 2199
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: bidi embedding and override controls: they reverse how the letters around
#: them are shown ("exe.txt" shown as "txt.exe"), which deceives in a name
_BIDI_OVERRIDE = re.compile(r"[\u202a-\u202e]")
#: characters that show nothing: a name made of them and spaces is empty
_INVISIBLE = re.compile(
    r"[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
#: a record id: what the app makes (32 hex digits) and any other short printable text
_ID = re.compile(r"[^\x00-\x1f\x7f\ud800-\udfff]{1,64}")
#: deepest nesting a list field may have (its items are plain names)
_JSON_DEPTH = 20

_zone_cache: dict[str, bool] = {}


def is_timezone(name: str) -> bool:
    """True for an IANA time zone name such as "America/Chicago"."""
    if not isinstance(name, str) or not 0 < len(name) <= 60 or _SURROGATE.search(name):
        return False
    if name not in _zone_cache:
        from zoneinfo import ZoneInfo

        try:
            zone = ZoneInfo(name)
            # the whole name as a zone's key ("posix/..." and "right/..." are
            # copies of the database some systems keep, not zone names)
            _zone_cache[name] = (("/" in name or name == "UTC") and zone.key == name
                                 and not name.startswith(("posix/", "right/")))
        except Exception:  # any name zoneinfo cannot load is not a zone
            _zone_cache[name] = False
    return _zone_cache[name]


def is_blank(text: str) -> bool:
    """True for text that shows nothing: empty, spaces, or invisible characters only."""
    return _INVISIBLE.sub("", text) == ""


def shown(value: object, limit: int = 40) -> str:
    """A value as it can be quoted in a message: short, with broken characters escaped."""
    try:
        text = value if isinstance(value, str) else repr(value)
    except Exception:  # an object that cannot say what it is
        text = f"a {type(value).__name__}"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_id(value: object, label: str = "id") -> str:
    """A record id as given, or a ValidationError: ids are short text, never a
    list or a number, and never hold characters SQLite cannot store."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    raise ValidationError(FieldError(label, _("{field}: {value} is not a record id.").format(
        field=_("Record") if label == "id" else label, value=shown(value))))


def check_values(kind: Kind, values: object) -> None:
    """Refuse values that are not a mapping of this kind's field names."""
    if not isinstance(values, dict):
        raise ValidationError(FieldError(
            # Translators: {kind} is a kind of record ("check-in", "goal"); {type} a Python type (dict, list)
            "", _("A {kind} must be given as named fields, not as {type}.").format(
                kind=_(kind.singular), type=type(values).__name__)))
    unknown = [k for k in values if not (isinstance(k, str) and (k in kind.field_names
                                                                 or k in ("id", "created", "modified")))]
    if unknown:
        names = ", ".join(shown(k, 30) for k in unknown[:5])
        raise ValidationError(FieldError(
            shown(unknown[0], 30), _("A {kind} has no field {names}.").format(kind=_(kind.singular), names=names)))


def parse_date(value: object) -> dt.date:
    """A date from a date or an ISO 'YYYY-MM-DD' string; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        date = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        date = dt.date.fromisoformat(value)
    else:
        raise ValueError(_("not a date"))
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ValueError(_("year out of range"))
    return date


def _error(f: Field, errors: list[FieldError], message: str, **values: object) -> None:
    """Add an error on a field: ``message`` is a marked sentence starting "{field}: ", translated now."""
    errors.append(FieldError(f.name, _(message).format(field=_(f.label), **values)))


def _clean_text(f: Field, value: object, errors: list[FieldError]) -> str | None:
    if not isinstance(value, str):
        _error(f, errors, N_("{field}: must be text."))
        return None
    if _SURROGATE.search(value):
        _error(f, errors, N_("{field}: contains a broken character that cannot be stored."))
        return None
    bad = _CONTROL.search(value)
    if bad:
        _error(f, errors, N_("{field}: contains an invisible control character ({code})."),
               code=f"U+{ord(bad.group()):04X}")
        return None
    single_line = f.type in ("line", "email", "url", "tz", "state")
    if single_line and _LINE_BREAK.search(value):
        _error(f, errors, N_("{field}: must be a single line."))
        return None
    override = _BIDI_OVERRIDE.search(value) if single_line else None
    if override:
        _error(f, errors, N_("{field}: contains a hidden character that reverses how the text around it is "
                             "shown ({code}); type the text without it."), code=f"U+{ord(override.group()):04X}")
        return None
    limit = f.max_len or (LINE_MAX if single_line else TEXT_MAX)
    if len(value) > limit:
        _error(f, errors, N_("{field}: is {length} characters long; the limit is {limit}."),
               length=number(len(value)), limit=number(limit))
        return None
    return value


def _check_field(f: Field, value: object, errors: list[FieldError]) -> object:
    """The value as stored, or None after appending an error."""
    t = f.type
    if isinstance(value, str) and t in ("line", "text", "email", "url"):
        # line breaks, control characters and length are refused even in
        # text that is otherwise blank
        if _clean_text(f, value, errors) is None:
            return None
    if value is None or (isinstance(value, str) and (value.strip() == "" or (f.required and is_blank(value)))):
        if f.required:
            _error(f, errors, N_("{field}: cannot be empty.") if not value or not value.strip()
                   else N_("{field}: cannot be empty (it holds only invisible characters)."))
            return None
        # an empty optional text stays as typed; other empties are stored as NULL
        return value if t in ("line", "text") and value is not None else None
    if t in ("line", "text", "email", "url"):
        text = _clean_text(f, value, errors)
        if text is None:
            return None
        if t == "email" and not _EMAIL.fullmatch(text):
            _error(f, errors, N_("{field}: {value} is not an e-mail address."), value=repr(text))
            return None
        if t == "url" and not re.fullmatch(r"(https?://|www\.)\S+", text, re.IGNORECASE):
            _error(f, errors, N_("{field}: should be a web address, starting with https://."))
            return None
        return text
    if t == "date":
        try:
            return parse_date(value).isoformat()
        except (ValueError, TypeError):
            _error(f, errors, N_("{field}: {value} is not a real date (YYYY-MM-DD, years {first} to {last})."),
                   value=shown(value), first=MIN_YEAR, last=MAX_YEAR)
            return None
    if t == "time":
        if isinstance(value, dt.time):
            value = value.strftime("%H:%M")
        if isinstance(value, str) and _TIME.fullmatch(value):
            return value
        _error(f, errors, N_("{field}: {value} is not a time of day (HH:MM, 24-hour)."), value=shown(value))
        return None
    if t in ("int", "real", "bool"):
        return _check_number(f, value, errors)
    if t == "choice":
        assert f.choices is not None
        if isinstance(value, str) and value in f.choices:
            return value
        allowed = ", ".join(_(label) for label in f.choices.values())
        _error(f, errors, N_("{field}: must be one of {allowed}."), allowed=allowed)
        return None
    if t == "ref":
        if isinstance(value, str) and _ID.fullmatch(value):
            return value
        _error(f, errors, N_("{field}: is not a record id."))
        return None
    if t == "tz":
        if isinstance(value, str) and is_timezone(value):
            return value
        _error(f, errors, N_("{field}: {value} is not a known time zone (e.g. America/Chicago)."), value=shown(value))
        return None
    if t == "state":
        if isinstance(value, str) and value in ALL_PLACES:
            return value
        _error(f, errors, N_("{field}: {value} is not a US state, DC or territory."), value=shown(value))
        return None
    if t == "translations":
        return _check_translations(f, value, errors)
    if t == "json":
        if isinstance(value, str):
            if len(value) > TEXT_MAX or json_depth(value) > _JSON_DEPTH:
                _error(f, errors, N_("{field}: must be a list of names."))
                return None
            try:
                value = json.loads(value)
            except (ValueError, RecursionError):
                _error(f, errors, N_("{field}: is not a list."))
                return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            _error(f, errors, N_("{field}: must be a list of names."))
            return None
        for item in value:
            if _clean_text(Field(f.name, f.label), item, errors) is None:
                return None
        stored = json.dumps(value, ensure_ascii=False)
        if len(stored) > TEXT_MAX:
            _error(f, errors, N_("{field}: is too long a list."))
            return None
        return stored
    raise AssertionError(f"unknown field type {t}")


def _check_translations(f: Field, value: object, errors: list[FieldError]) -> str | None:
    """A record's text in other languages (``{"es": {"name": "…"}}``), as stored, or None
    after an error; an empty text is no translation and is left out."""
    label = _(f.label)
    if isinstance(value, str):
        if len(value) > TEXT_MAX * 4 or json_depth(value) > _JSON_DEPTH:
            errors.append(FieldError(f.name, _("{label}: is too large or too deeply nested.").format(label=label)))
            return None
        try:
            value = json.loads(value) if value.strip() else None
        except (ValueError, RecursionError):
            errors.append(FieldError(f.name, _("{label}: is not valid JSON.").format(label=label)))
            return None
    if value is None:
        return None
    if not isinstance(value, dict):
        errors.append(FieldError(f.name, _("{label}: must map a language code (such as es) to the text in that "
                                           "language.").format(label=label)))
        return None
    fields = {t.name: t for t in f.translates}
    kept: dict[str, dict[str, str]] = {}
    for code, texts in value.items():
        if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
            errors.append(FieldError(f.name, _("{label}: {code} is not a language code (two or three lowercase "
                                               "letters, such as es).").format(label=label, code=shown(code, 20))))
            return None
        if not isinstance(texts, dict):
            errors.append(FieldError(f.name, _("{label} ({code}): must map each translated field to its "
                                               "text.").format(label=label, code=code)))
            return None
        for name, text in texts.items():
            target = fields.get(name) if isinstance(name, str) else None
            if target is None:
                errors.append(FieldError(f.name, _("{label} ({code}): {name} is not a field that can be translated "
                                                   "here ({allowed}).").format(
                    label=label, code=code, name=shown(name, 30), allowed=", ".join(fields))))
                return None
            if text is None or (isinstance(text, str) and is_blank(text)):
                continue
            where = Field(f.name, _("{label} ({code}), {field}").format(label=label, code=code, field=_(target.label)),
                          target.type, max_len=target.max_len)
            cleaned = _clean_text(where, text, errors)
            if cleaned is None:
                return None
            kept.setdefault(code, {})[name] = cleaned
    return dumps(kept, tuple(fields))


def _check_number(f: Field, value: object, errors: list[FieldError]) -> object:
    number: float | int
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str):
        try:
            number = float(value.replace(",", "")) if f.type == "real" else int(value)
        except ValueError:
            _error(f, errors, N_("{field}: {value} is not a number."), value=shown(value))
            return None
    else:
        _error(f, errors, N_("{field}: is not a number."))
        return None
    if isinstance(number, float) and not math.isfinite(number):
        _error(f, errors, N_("{field}: must be a finite number."))
        return None
    if f.type == "bool":
        if number not in (0, 1):
            _error(f, errors, N_("{field}: must be yes or no."))
            return None
        return int(number)
    if f.type == "int":
        if isinstance(number, float):
            if not number.is_integer():
                _error(f, errors, N_("{field}: must be a whole number."))
                return None
            number = int(number)
    if abs(number) > 1e12:
        _error(f, errors, N_("{field}: is too large."))
        return None
    if f.minimum is not None and number < f.minimum:
        _error(f, errors, N_("{field}: must be at least {minimum}."), minimum=f"{f.minimum:g}")
        return None
    if f.maximum is not None and number > f.maximum:
        _error(f, errors, N_("{field}: must be at most {maximum}."), maximum=f"{f.maximum:g}")
        return None
    return number


def clean_value(f: Field, value: object) -> tuple[object, str | None]:
    """One field's value as stored and None, or None and what is wrong with it."""
    errors: list[FieldError] = []
    cleaned = _check_field(f, value, errors)
    return (None, errors[0].message) if errors else (cleaned, None)


def json_depth(text: str) -> int:
    """How deeply brackets nest in a JSON text (counted before parsing it, which
    would recurse as deep)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def clean_row(kind: Kind, row: dict) -> dict:
    """Check every field of a whole row; return it as stored or raise."""
    check_values(kind, row)
    errors: list[FieldError] = []
    out = {}
    for f in kind.fields:
        value = row.get(f.name, f.default)
        out[f.name] = _check_field(f, value, errors)
    if errors:
        raise ValidationError(errors)
    return out


# --- rules across fields and records -------------------------------------

Lookup = Callable[[str, str], dict | None]
Query = Callable[[str, tuple], list]


def _found(get: Lookup, table: str, row_id: str) -> dict:
    """A record the reference check in ``check_rules`` has already found."""
    row = get(table, row_id)
    if row is None:  # only if a reference field lost its ``ref`` in the schema
        raise ValidationError(FieldError("id", _("No such {kind}.").format(kind=_(KINDS[table].singular))))
    return row


def _order(row: dict, first: str, second: str, errors: list[FieldError], message: str) -> None:
    a, b = row.get(first), row.get(second)
    if a and b and b < a:
        errors.append(FieldError(second, message))


def _ratings_at(query: Query, framework_id: str, rank: int) -> int:
    return query(
        "SELECT count(*) FROM ratings r JOIN assessments a ON a.id = r.assessment_id "
        "WHERE a.framework_id = ? AND r.level = ?", (framework_id, rank))[0][0]


def check_delete(table: str, row: dict, query: Query) -> None:
    """Refuse a delete that would leave other records pointing at nothing valid."""
    if table == "levels":
        used = _ratings_at(query, row["framework_id"], row["rank"])
        if used:
            # the English says "answer(s)" in both forms; a translation may tell one from many
            raise ValidationError(FieldError("id", ngettext(
                "Level {rank} ({name}) is the rating of {count} assessment answer(s); change those ratings "
                "before removing the level.",
                "Level {rank} ({name}) is the rating of {count} assessment answer(s); change those ratings "
                "before removing the level.", used).format(rank=row["rank"], name=row["name"], count=used)))


def check_rules(table: str, row: dict, get: Lookup, query: Query, row_id: str | None,
                old: dict | None = None) -> None:
    """Rules that need more than one field, or other records."""
    errors: list[FieldError] = []
    kind = KINDS[table]
    for f in kind.fields:
        if f.type == "ref" and f.ref and row.get(f.name) and get(f.ref, row[f.name]) is None:
            errors.append(FieldError(f.name, _("{field}: no such {kind}.").format(
                field=_(f.label), kind=_(KINDS[f.ref].singular))))
    if errors:
        raise ValidationError(errors)
    for columns in kind.unique:
        values = tuple(row[c] for c in columns)
        if None in values:
            continue
        where = " AND ".join(f"{c} = ?" for c in columns)
        clash = query(f"SELECT id FROM {table} WHERE {where} AND id != ?", (*values, row_id or ""))
        if clash:
            errors.append(FieldError(columns[-1], _unique_message(table, row, get)))
    if table == "cohorts":
        _order(row, "start_date", "end_date", errors, _("End date: must not be before the start date."))
    elif table == "actions":
        _order(row, "start_date", "due_date", errors, _("Due date: must not be before the start date."))
    elif table == "checkins":
        _order(row, "date", "next_checkin_date", errors,
               _("Next check-in: must not be before the date of this check-in."))
    elif table == "sessions":
        if row["kind"] == "team":
            if not row.get("team_id"):
                errors.append(FieldError("team_id", _("Team: choose the team this session supports.")))
            elif _found(get, "teams", row["team_id"])["cohort_id"] != row["cohort_id"]:
                errors.append(FieldError("team_id", _("Team: is not in this session's cohort.")))
        skipped = skipped_time(row["date"], row["start_time"], row["timezone"])
        if skipped:
            errors.append(FieldError("start_time", _("Start time: {problem}").format(problem=skipped)))
    elif table == "ratings":
        assessment = _found(get, "assessments", row["assessment_id"])
        dimension = _found(get, "dimensions", row["dimension_id"])
        if dimension["framework_id"] != assessment["framework_id"]:
            errors.append(FieldError("dimension_id", _("Dimension: belongs to another framework.")))
        else:
            ranks = [r[0] for r in query(
                "SELECT rank FROM levels WHERE framework_id = ? ORDER BY rank",
                (assessment["framework_id"],))]
            if row["level"] not in ranks:
                errors.append(FieldError("level", _("Rating: level {level} is outside this framework's levels "
                                                    "({span}).").format(level=row["level"], span=level_span(ranks))))
    elif table == "descriptors":
        dimension = _found(get, "dimensions", row["dimension_id"])
        level = _found(get, "levels", row["level_id"])
        if dimension["framework_id"] != level["framework_id"]:
            errors.append(FieldError("level_id", _("Level: belongs to another framework.")))
    elif table == "assessments":
        if row["round"] == "custom" and not (row.get("label") or "").strip():
            errors.append(FieldError("label", _("Round name: give a custom round a name.")))
        if old and old["framework_id"] != row["framework_id"] and row_id and query(
                "SELECT 1 FROM ratings WHERE assessment_id = ? LIMIT 1", (row_id,)):
            errors.append(FieldError(
                "framework_id", _("Framework: this assessment already has ratings in its framework; "
                                  "start a new assessment for another framework.")))
    elif table == "levels":
        if old and (old["rank"] != row["rank"] or old["framework_id"] != row["framework_id"]):
            used = _ratings_at(query, old["framework_id"], old["rank"])
            if used:
                errors.append(FieldError("rank", ngettext(
                    "Rank: level {rank} is the rating of {count} assessment answer(s); it cannot be renumbered "
                    "or moved.",
                    "Rank: level {rank} is the rating of {count} assessment answer(s); it cannot be renumbered "
                    "or moved.", used).format(rank=old["rank"], count=used)))
    elif table == "milestones":
        if row.get("goal_id"):
            goal = _found(get, "goals", row["goal_id"])
            if goal["team_id"] != row["team_id"]:
                errors.append(FieldError("goal_id", _("Goal: belongs to another team.")))
    if errors:
        raise ValidationError(errors)


def _unique_message(table: str, row: dict, get: Lookup) -> str:
    if table == "teams":
        return _("State: {state} already has a team in this cohort.").format(state=ALL_PLACES[row["state"]])
    if table == "team_members":
        return _("Person: is already a leader of this team.")
    if table == "levels":
        return _("Rank: this framework already has a level {rank}.").format(rank=row["rank"])
    if table == "ratings":
        return _("Dimension: this assessment already rates it.")
    if table == "attendance":
        return _("Person: attendance is already recorded for this session.")
    if table == "descriptors":
        return _("Level: this dimension already has a descriptor for it.")
    if table == "session_facilitators":
        return _("Facilitator: is already on this session.")
    return _("This record already exists.")


def level_span(ranks: list[int]) -> str:
    """"1 to 5": the levels a framework defines, for a message."""
    return _("{first} to {last}").format(first=ranks[0], last=ranks[-1]) if ranks else _("none defined")


# --- local times that do not exist ----------------------------------------------

def clock(time: dt.time) -> str:
    """"2:30 a.m.", "12:00 p.m.": a time of day as an American reads it (Spanish: "14:30")."""
    from equitycohort import formats

    return formats.clock(time)


def skipped_time(date: str, start_time: str, timezone: str) -> str | None:
    """Why a local time does not exist, if it falls in the hour a zone skips (daylight saving begins).

    "2:30 a.m. does not exist on Sunday, March 8, 2026 in America/Chicago:
    clocks go from 2:00 a.m. straight to 3:00 a.m. Choose 3:00 a.m. or later."
    """
    gap = skipped_hours(date, start_time, timezone)
    if gap is None:
        return None
    start, end = gap
    from equitycohort import formats

    when = formats.long_date(dt.date.fromisoformat(date))
    # Translators: {start} and {end} are times; in English "a.m." ends the sentence, hence no period after {end}
    return _("{time} does not exist on {day} in {zone}: clocks go from {start} straight to {end} "
             "Choose {end} or later.").format(time=clock(dt.time.fromisoformat(start_time)), day=when,
                                               zone=timezone, start=clock(start), end=clock(end))


def skipped_hours(date: str, start_time: str, timezone: str) -> tuple[dt.time, dt.time] | None:
    """The clock times a zone jumps between, if ``start_time`` on ``date`` falls in that jump."""
    from zoneinfo import ZoneInfo

    day = dt.date.fromisoformat(date)
    hour, minute = (int(x) for x in start_time.split(":"))
    naive = dt.datetime(day.year, day.month, day.day, hour, minute)
    zone = ZoneInfo(timezone)
    local = naive.replace(tzinfo=zone)
    utc = dt.timezone.utc
    if local.astimezone(utc).astimezone(zone).replace(tzinfo=None) == naive:
        return None
    before = local.replace(fold=0).utcoffset()
    after = local.replace(fold=1).utcoffset()
    if before is None or after is None or after <= before:
        return None
    # the change happened between these two instants; find it to the second
    low = (naive - after).replace(tzinfo=utc)
    high = (naive - before).replace(tzinfo=utc)
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    jump = high.replace(microsecond=0)
    return (jump + before).time(), (jump + after).time()
