"""Property tests at the write door: whatever is thrown at it, it stores
exactly what was given or refuses with a ValidationError that says why;
never any other exception, and a refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from equitycohort.data import ValidationError
from equitycohort.data.schema import KINDS, TEXT_MAX
from equitycohort.data.workspace import create_workspace

# Each example is self-contained (it inserts a new row into a shared
# workspace and looks only at that row), so the module-scoped workspace is
# safe; the autouse function-scoped `app_home` is what the health check sees.
PROPERTY = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    ws = create_workspace(tmp_path_factory.mktemp("props") / "props.ecw")
    program = ws.insert("programs", {"name": "Program"}).id
    cohort = ws.insert("cohorts", {"program_id": program, "name": "Cohort", "start_date": "2026-01-01",
                                   "end_date": "2026-06-30"}).id
    team = ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa"}).id
    yield {"ws": ws, "program": program, "cohort": cohort, "team": team}
    ws.close()


def total_rows(ws) -> int:
    return sum(ws.count(t) for t in KINDS)


def write(shared, table: str, values: dict, *, update_id: str | None = None):
    """Insert (or update) through the door; return the row id, or the ValidationError.

    Any other exception fails the test. A refusal must change nothing.
    """
    ws = shared["ws"]
    before_rows, before_label = total_rows(ws), ws.undo_label
    before_row = ws.get(table, update_id) if update_id else None
    try:
        if update_id:
            ws.update(table, update_id, values)
            return update_id
        return ws.insert(table, values).id
    except ValidationError as exc:
        assert exc.errors, "a ValidationError with no field errors"
        assert all(e.message.strip() for e in exc.errors)
        assert str(exc).strip()
        assert total_rows(ws) == before_rows
        assert ws.undo_label == before_label
        if update_id:
            assert ws.get(table, update_id) == before_row
        return exc


# --- arbitrary text ------------------------------------------------------------

# every category, surrogates and private use and unassigned included
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(alphabet=ANY_CHAR, max_size=400) | st.text(max_size=50)

TEXT_FIELDS = [("programs", "name"), ("programs", "organization"), ("programs", "description"),
               ("people", "name"), ("people", "email"), ("people", "notes"), ("partners", "website"),
               ("teams", "notes"), ("checkins", "private_notes")]


def base_row(shared, table: str) -> dict:
    return {
        "programs": {"name": "P"},
        "people": {"name": "Person"},
        "partners": {"name": "Partner"},
        "teams": {"cohort_id": shared["cohort"], "organization": "Org", "state": None},
        "checkins": {"team_id": shared["team"], "date": "2026-02-01"},
        "cohorts": {"program_id": shared["program"], "name": "C", "start_date": "2026-01-01",
                    "end_date": "2026-01-01"},
        "sessions": {"cohort_id": shared["cohort"], "title": "S", "date": "2026-02-01"},
        "goals": {"team_id": shared["team"], "title": "G"},
    }[table]


def as_stored(table: str, name: str, text: str):
    """What the door keeps for ``text``: blank e-mail, web address... become NULL."""
    if text.strip() == "" and KINDS[table].field(name).type not in ("line", "text"):
        return None
    return text


def fresh_row(shared, table: str) -> dict:
    row = dict(base_row(shared, table))
    if table == "teams":
        # each team needs a state not yet used in the cohort: use a new cohort
        cohort = shared["ws"].insert("cohorts", base_row(shared, "cohorts")).id
        row.update(cohort_id=cohort, state="IA")
    return row


@PROPERTY
@given(field=st.sampled_from(TEXT_FIELDS), text=ANY_TEXT)
def test_any_text_is_stored_exactly_or_refused(shared, field, text):
    table, name = field
    values = {**fresh_row(shared, table), name: text}
    result = write(shared, table, values)
    if isinstance(result, str):
        assert shared["ws"].get(table, result)[name] == as_stored(table, name, text)
    else:
        assert result.for_field(name), result.errors


@PROPERTY
@given(field=st.sampled_from(TEXT_FIELDS), text=ANY_TEXT)
def test_any_text_on_edit_is_stored_exactly_or_refused(shared, field, text):
    table, name = field
    row_id = shared["ws"].insert(table, fresh_row(shared, table)).id
    result = write(shared, table, {name: text}, update_id=row_id)
    if isinstance(result, str):
        assert shared["ws"].get(table, row_id)[name] == as_stored(table, name, text)
    else:
        assert result.for_field(name), result.errors


@settings(PROPERTY, max_examples=12)
@given(size=st.sampled_from([50_000, TEXT_MAX - 1, TEXT_MAX, TEXT_MAX + 1, 300_000]),
       chunk=st.text(alphabet=ANY_CHAR, min_size=1, max_size=30),
       field=st.sampled_from([("programs", "description"), ("checkins", "summary"), ("people", "notes")]))
@example(size=300_000, chunk="Notes.\n", field=("programs", "description"))
@example(size=TEXT_MAX + 1, chunk=" ", field=("programs", "description"))
@example(size=TEXT_MAX + 1, chunk="\n", field=("people", "notes"))
def test_huge_notes_are_stored_exactly_or_refused_over_the_limit(shared, size, chunk, field):
    table, name = field
    text = (chunk * (size // len(chunk) + 1))[:size]
    result = write(shared, table, {**fresh_row(shared, table), name: text})
    if size > TEXT_MAX:
        # refused, blank or not: the limit keeps the file sane whatever the text
        assert isinstance(result, ValidationError), f"{size:,} characters of {chunk!r} were stored"
        message = result.for_field(name)
        assert message.startswith(KINDS[table].field(name).label + ":")
        if "control character" not in message and "broken character" not in message:
            assert message.endswith(f"is {size:,} characters long; the limit is {TEXT_MAX:,}.")
    elif isinstance(result, str):
        assert shared["ws"].get(table, result)[name] == text
    else:
        assert result.for_field(name), result.errors


@pytest.mark.parametrize("size", [50_000, 300_000])
def test_huge_notes_examples(shared, size):
    text = ("Notes about the team, line after line.\n" * (size // 38 + 1))[:size]
    result = write(shared, "programs", {"name": "Huge", "description": text})
    if size <= TEXT_MAX:
        assert shared["ws"].get("programs", result)["description"] == text
    else:
        assert isinstance(result, ValidationError)
        assert "the limit is 200,000" in result.for_field("description")


# --- odd dates --------------------------------------------------------------------

DATE_FIELDS = [("checkins", "date"), ("cohorts", "start_date"), ("sessions", "date")]


@PROPERTY
@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
       as_text=st.booleans(), field=st.sampled_from(DATE_FIELDS))
def test_any_date_is_stored_or_refused(shared, day, as_text, field):
    table, name = field
    value = day.isoformat() if as_text else day
    values = {**fresh_row(shared, table), name: value}
    if table == "cohorts":
        values["end_date"] = value
    result = write(shared, table, values)
    if isinstance(result, str):
        assert 1900 <= day.year <= 2199
        assert shared["ws"].get(table, result)[name] == day.isoformat()
    else:
        assert not 1900 <= day.year <= 2199
        assert "is not a real date" in result.for_field(name)


DATE_LIKE = st.one_of(
    st.text(alphabet=ANY_CHAR, max_size=20),
    st.from_regex(r"\A-?\d{1,5}-\d{1,3}-\d{1,3}\Z"),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
    st.builds(lambda d, tail: d.isoformat() + tail, st.dates(), st.sampled_from(["", " ", "\n", "T00:00", "Z"])),
)


@PROPERTY
@given(text=DATE_LIKE, field=st.sampled_from(DATE_FIELDS))
def test_any_date_text_is_stored_exactly_or_refused(shared, text, field):
    table, name = field
    values = {**fresh_row(shared, table), name: text}
    if table == "cohorts":
        values["end_date"] = "2199-12-31"
    result = write(shared, table, values)
    if isinstance(result, str):
        assert shared["ws"].get(table, result)[name] == text
        assert 1900 <= dt.date.fromisoformat(text).year <= 2199
    else:
        assert result.for_field(name), result.errors


# --- any value of any type in any field ------------------------------------------

ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(alphabet=ANY_CHAR, max_size=40),
    st.binary(max_size=20), st.dates(), st.times(), st.datetimes(), st.decimals(allow_nan=False),
    st.lists(st.text(max_size=10), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["", " ", "2026-02-30", "13:00", "America/Chicago", "IA", "XX", "1e400", "nan", "-0"]),
)
ANY_FIELD = st.sampled_from([(table, f.name) for table in ("programs", "people", "partners", "cohorts",
                                                             "sessions", "goals", "checkins")
                             for f in KINDS[table].fields])


@PROPERTY
@given(field=ANY_FIELD, value=ANY_VALUE)
@example(field=("people", "kind"), value=["leader"])
@example(field=("sessions", "status"), value={"held": 1})
@example(field=("cohorts", "phase"), value=["active"])
def test_any_value_in_any_field_is_taken_or_refused_never_an_error(shared, field, value):
    table, name = field
    values = {**fresh_row(shared, table), name: value}
    if table == "cohorts" and name == "start_date":
        values["end_date"] = "2199-12-31"
    result = write(shared, table, values)
    if isinstance(result, str):
        assert shared["ws"].get(table, result) is not None


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9000, 12, 31)), st.integers(-240, 240))
@example(dt.date(2026, 8, 31), 6)  # to the end of February
@example(dt.date(2028, 8, 31), 6)  # a leap February
@example(dt.date(2026, 1, 31), 3)
@example(dt.date(2026, 12, 15), 1)  # across the year
@example(dt.date(2026, 3, 31), -1)
def test_months_are_added_as_dateutil_adds_them(day, months):
    from dateutil.relativedelta import relativedelta

    from equitycohort.data.cohorts import add_months

    assert add_months(day, months) == day + relativedelta(months=months)
