"""Fuzzing the write door: every kind of record, inserted, updated and deleted
with values of every wrong type, lone surrogates, nested JSON, unknown fields,
lists and numbers as ids, mixed with valid values and references so that the
rules across records run too; and the door's companions (a check-in with its
next steps, a framework from JSON). Anything but a ValidationError or a
WorkspaceError is a crash. A refusal writes nothing, no transaction is left
open, and whatever the door accepted, `check` finds usable.

The default run makes 2,000 examples; the slow-marked run 20,000.
tests/data/test_properties.py checks, field by field, that what is accepted
is stored exactly as given.
"""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equitycohort.data.checkins import save_checkin
from equitycohort.data.demo import populate_demo
from equitycohort.data.errors import ValidationError, WorkspaceError
from equitycohort.data.frameworks import parse_framework_json
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.schema import KINDS
from equitycohort.data.workspace import create_workspace

DEFAULT_EXAMPLES = 2_000
SLOW_EXAMPLES = 20_000

surrogates = st.integers(0xD800, 0xDFFF).map(chr)
TRICKY = ["\u202e", "\u202a", "\u2066", "\u200b", "\u200d", "\ufeff", "\x00", "\x1b", "\n", "\u2028", " ", "",
          "\ud800", "a\udfffb", "America/Chicago", "2026-02-30", "2026-07-14", "13:30", "25:00",
          "Mars/Olympus_Mons", "posix/America/Chicago", "../../etc/passwd", "NaN", "1e400", "9" * 5000, "²",
          "٣", "0", "-1", "a@b.org", "https://example.org", "x" * 300, "x" * 200_001, "\u200b\u202e "]
#: values of every wrong type, drawn from cheaply (hypothesis still picks, shrinks and mixes them)
ODD = [None, True, False, 0, -1, 2**63, -(2**80), 1.5, float("nan"), float("inf"), -0.0, b"bytes", bytearray(b"x"),
       dt.date(2026, 7, 14), dt.datetime(2026, 7, 14, 9, 30), dt.time(13, 30), decimal.Decimal("1.5"), object(),
       [], ["a"], ["a", ["b"]], [None], {}, {"a": 1}, ("a",), {"a"}, ..., type, len,
       *("[" * n + "]" * n for n in (1, 2, 50, 999, 1000, 5000)), '["a", "b"]', '{"a": [1]}', '["\\ud800"]',
       '[' * 100_000, "[1, 2]", "null", "[\"\u202e\"]"]
wild_text = st.text(alphabet=st.characters() | surrogates, max_size=16) | st.sampled_from(TRICKY)
wild = st.one_of(st.sampled_from(ODD), wild_text, st.integers(), st.floats(),
                 st.lists(st.sampled_from(ODD) | wild_text, max_size=3))
wild_ids = st.one_of(wild, st.just("no-such-record"), st.text(min_size=65, max_size=70))
json_text = st.sampled_from([o for o in ODD if isinstance(o, str)] + [
    '{"name": "F", "levels": [{"rank": "²", "name": "x"}], "dimensions": [{"name": "d"}]}',
    '{"name": "F", "levels": [{"rank": "1e3", "name": "x"}], "dimensions": [{"name": "d"}]}',
    '{"name": "F", "levels": [{"rank": 1, "name": "x"}], "dimensions": [{"name": "d", "descriptors": '
    '{"٣": "t"}}]}', '{"name": "\\ud800", "levels": [], "dimensions": []}']) | wild_text

SETTINGS = dict(deadline=None, derandomize=False, database=None,
                suppress_health_check=list(HealthCheck))


def seeded(folder: Path):
    """A workspace holding records of every kind (the demo), written fast: the door
    is what is fuzzed, not the disk (synchronous writes off)."""
    path = folder / "fuzz.ecw"
    ws = create_workspace(path)
    populate_demo(ws)
    ws.conn.execute("PRAGMA synchronous = OFF")
    ids = {table: [r[0] for r in ws.conn.execute(f"SELECT id FROM {table} LIMIT 40")] for table in KINDS}
    assert all(ids.values()), [t for t, v in ids.items() if not v]
    return path, ws, ids


def field_value(data, f, ids):
    """A value for a field: often wild, sometimes one the door accepts (so that the
    rules across fields and records are reached too)."""
    if data.draw(st.booleans()):
        return data.draw(wild)
    if f.type == "ref":
        return data.draw(st.sampled_from(ids[f.ref]) | wild_ids)
    plausible = {
        "date": st.sampled_from(["1899-12-31", "1900-01-01", "2026-01-13", "2026-07-14", "2199-12-31",
                                 "2200-01-01", dt.date(2026, 3, 1)]),
        "time": st.sampled_from(["09:00", "13:30", "23:59", "24:00", "9:00"]),
        "int": st.integers(-5, 2000), "real": st.floats(-1e13, 1e13), "bool": st.sampled_from([0, 1, True, 2]),
        "choice": st.sampled_from(list(f.choices or {"x": ""}) + ["nope"]),
        "tz": st.sampled_from(["America/Chicago", "Pacific/Honolulu", "UTC", "America/Phoenix", "Mars/Base"]),
        "state": st.sampled_from(["IA", "NE", "DC", "PR", "ZZ"]),
        "json": st.sampled_from([[], ["Communications"], ["a", "b"], [""], '["x"]']),
        "email": st.sampled_from(["ana@example.org", "not an e-mail"]),
        "url": st.sampled_from(["https://example.org", "ftp://x"]),
    }.get(f.type, wild_text)
    return data.draw(plausible)


def one_door_call(data, ws, ids, tally) -> None:
    """One call at the door (or a companion of it), with what the fuzzer draws."""
    table = data.draw(st.sampled_from(sorted(KINDS)), label="table")
    kind = KINDS[table]
    action = data.draw(st.sampled_from(["insert", "insert", "update", "update", "delete", "checkin",
                                        "framework", "undo"]), label="action")
    chosen = data.draw(st.integers(0, 2 ** len(kind.fields) - 1), label="fields")
    values: object = {f.name: field_value(data, f, ids) for n, f in enumerate(kind.fields) if chosen >> n & 1}
    if data.draw(st.integers(0, 5)) == 0:
        values[data.draw(wild_text | st.integers() | st.sampled_from(["created", "id", "__class__"]))] = (
            data.draw(wild))
    if data.draw(st.integers(0, 15)) == 0:
        values = data.draw(wild)  # not even a mapping
    row_id = data.draw(st.sampled_from(ids[table]) | wild_ids, label="row_id")
    heard: list = []
    ws.subscribe(heard.append)
    try:
        if action == "insert":
            if isinstance(values, dict) and data.draw(st.integers(0, 4)) == 0:
                values["id"] = data.draw(wild_ids)
            ws.insert(table, values)
        elif action == "update":
            ws.update(table, row_id, values)
        elif action == "delete":
            ws.delete(table, row_id)
        elif action == "checkin":
            steps = data.draw(st.one_of(wild, st.lists(
                st.dictionaries(st.sampled_from(["id", "description", "owner_id", "due_date", "done", "x"]),
                                wild | st.sampled_from(ids["people"] + ["Call back", "2026-08-01"]),
                                max_size=5), max_size=4)))
            checkin = data.draw(st.none() | st.sampled_from(ids["checkins"]) | wild_ids)
            save_checkin(ws, values, steps, checkin)
        elif action == "framework":
            parse_framework_json(data.draw(json_text))
        else:
            ws.undo() if data.draw(st.booleans()) else ws.redo()
        tally["accepted"] += 1
    except (ValidationError, WorkspaceError) as exc:
        assert str(exc).strip(), "a refusal without a message"
        str(exc).encode("utf-8")  # the message can be shown and printed: no broken characters
        tally["refused"] += 1
        if action not in ("undo", "framework"):
            assert heard == [], "a refused write announced a change"
    finally:
        ws.unsubscribe(heard.append)
    assert not ws.conn.in_transaction, "a transaction was left open"
    tally["examples"] += 1


def fuzz(tmp_path: Path, examples: int) -> dict[str, int]:
    path, ws, ids = seeded(tmp_path)
    tally = {"examples": 0, "accepted": 0, "refused": 0}

    @settings(max_examples=examples, **SETTINGS)
    @given(st.data())
    def door(data):
        one_door_call(data, ws, ids, tally)

    try:
        door()
    finally:
        ws.close()
    report = check_workspace(path)
    assert report.healthy, report.lines()[:20]  # whatever was accepted, the app can use
    return tally


def test_the_write_door_never_crashes(tmp_path):
    tally = fuzz(tmp_path, DEFAULT_EXAMPLES)
    assert tally["examples"] >= DEFAULT_EXAMPLES
    assert tally["accepted"] > DEFAULT_EXAMPLES // 20 and tally["refused"] > DEFAULT_EXAMPLES // 4, tally


@pytest.mark.slow
def test_the_write_door_never_crashes_long_run(tmp_path):
    tally = fuzz(tmp_path, SLOW_EXAMPLES)
    print(f"\nwrite door fuzz: {tally}")
    assert tally["examples"] >= 20_000
