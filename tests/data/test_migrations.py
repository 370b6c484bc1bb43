"""Old files open: every committed sample workspace (one per released schema)
is migrated by today's code with its records intact; and the schema spec
agrees with the tables the migrations make, column for column."""

from __future__ import annotations

import re
import shutil
from contextlib import closing
from pathlib import Path

import pytest

from equitycohort import paths
from equitycohort.data import files
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.migrations import VERSIONS
from equitycohort.data.schema import DERIVED_TABLES, KINDS, SCHEMA_VERSION, SHARING_TABLES
from equitycohort.data.workspace import create_workspace, open_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = sorted(FIXTURES.glob("workspace-v*.ecw"))
V1 = FIXTURES / "workspace-v1.ecw"
ID = "0000000000000000000000000000{:04d}".format


def sample_version(path: Path) -> int:
    return int(re.fullmatch(r"workspace-v(\d+)\.ecw", path.name).group(1))


def test_there_is_a_sample_for_every_released_schema():
    assert max(VERSIONS.values()) == SCHEMA_VERSION
    assert sorted(sample_version(p) for p in SAMPLES) == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_is_one_self_contained_file(sample):
    for side in ("-wal", "-shm", "-journal", ".lock"):
        assert not Path(str(sample) + side).exists()
    data = sample.read_bytes()
    assert data[18:20] == b"\x01\x01", "journal mode must be DELETE (rollback), not WAL"
    header = files.read_header(sample)
    assert header.user_version == sample_version(sample)
    assert not files.quick_check(sample)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_opens_and_migrates_with_every_record(sample, tmp_path):
    original = sample.read_bytes()
    copy = tmp_path / sample.name
    shutil.copyfile(sample, copy)
    old_version = files.read_header(copy).user_version
    with closing(files.connect_immutable(copy)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        old_counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in KINDS if t in tables}

    with open_workspace(copy) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        for kind in KINDS.values():
            assert ws.count(kind.table) > 0, f"the sample has no {kind.table}"
            if kind.table in old_counts:
                assert ws.count(kind.table) == old_counts[kind.table], kind.table
        # the migrated file takes writes, with undo
        ws.insert("programs", {"name": "Added after migration"})
        ws.undo()
    assert check_workspace(copy).healthy
    assert files.read_header(copy).user_version == SCHEMA_VERSION
    if old_version < SCHEMA_VERSION:
        backups = list(paths.backups_dir(copy).glob(f"*-before-v{SCHEMA_VERSION}*.ecw"))
        assert len(backups) == 1
    # the committed sample itself is never touched
    assert sample.read_bytes() == original
    for side in ("-wal", "-shm", "-journal", ".lock"):
        assert not Path(str(sample) + side).exists()


def test_v1_sample_records_are_all_there(tmp_path):
    copy = tmp_path / "v1.ecw"
    shutil.copyfile(V1, copy)
    with open_workspace(copy) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        program = ws.get("programs", ID(1))
        assert program["name"] == "Operationalizing Equity"
        assert program["organization"] == "Équité Institute"
        assert program["description"] == "Six months of sessions.\nA second line."
        cohort = ws.get("cohorts", ID(2))
        assert (cohort["program_id"], cohort["start_date"], cohort["end_date"], cohort["phase"]) == \
            (ID(1), "2026-01-13", "2026-07-13", "active")
        teams = ws.rows("SELECT state, organization FROM teams WHERE cohort_id = ? ORDER BY state", (ID(2),))
        assert teams == [{"state": "IA", "organization": "Iowa Children First"},
                         {"state": "NE", "organization": "Nebraska Kids Count"}]
        leaders = ws.rows("SELECT p.name, m.is_executive_director AS ed FROM team_members m "
                          "JOIN people p ON p.id = m.person_id WHERE m.team_id = ? ORDER BY m.position", (ID(10),))
        assert leaders == [{"name": "Ana Lima", "ed": 1}, {"name": "Bo Nguyễn", "ed": 0},
                           {"name": "Chloé Martin", "ed": 0}]
        assert ws.count("team_members") == 5
        session = ws.get("sessions", ID(30))
        assert (session["title"], session["date"], session["start_time"], session["timezone"]) == \
            ("Kickoff", "2026-01-20", "13:00", "America/Chicago")
        attendance = dict(ws.query("SELECT status, count(*) FROM attendance WHERE session_id = ? GROUP BY status",
                                   (ID(30),)))
        assert attendance == {"present": 3, "absent": 1, "excused": 1}
        assert ws.get("goals", ID(50))["title"] == "Publish disaggregated enrollment data"
        assert ws.get("goals", ID(50))["target"] == 4.0
        assert ws.get("actions", ID(51))["owner_id"] == ID(20)
        checkin = ws.get("checkins", ID(60))
        assert (checkin["date"], checkin["next_checkin_date"], checkin["facilitator_id"]) == \
            ("2026-02-15", "2026-03-15", ID(25))
        assert ws.get("next_steps", ID(61))["description"] == "Send the plan template"
        assert ws.rows("SELECT rank FROM levels WHERE framework_id = ? ORDER BY rank", (ID(40),)) == \
            [{"rank": r} for r in (1, 2, 3, 4)]
        assert ws.scalar("SELECT level FROM ratings WHERE assessment_id = ?", (ID(42),)) == 2
        assert ws.get("partners", ID(3))["focus_areas"] == \
            '["Collecting, disaggregating and communicating data"]'


# --- version 3: what calendars have been told ---------------------------------


@pytest.mark.parametrize("sample", [p for p in SAMPLES if sample_version(p) < 3], ids=lambda p: p.name)
def test_migration_3_gives_every_session_a_sequence(sample, tmp_path):
    copy = tmp_path / sample.name
    shutil.copyfile(sample, copy)
    with closing(files.connect_immutable(sample)) as conn:
        sessions = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, created, modified FROM sessions")}
    with open_workspace(copy) as ws:
        sequences = dict(ws.query("SELECT session_id, sequence FROM calendar_sequences"))
        assert set(sequences) == set(sessions)
        # an earlier export wrote no SEQUENCE (0); a session edited since it was made starts above that
        assert sequences == {i: int(modified > created) for i, (created, modified) in sessions.items()}
        assert ws.count("calendar_departures") == 0
        # from now on every change counts, an undone one too
        session = next(iter(sessions))
        ws.update("sessions", session, {"start_time": "14:00"})
        ws.undo()
        assert ws.scalar("SELECT sequence FROM calendar_sequences WHERE session_id = ?",
                         (session,)) == sequences[session] + 2


def test_v3_sample_keeps_its_calendar_record(tmp_path):
    copy = tmp_path / "v3.ecw"
    shutil.copyfile(FIXTURES / "workspace-v3.ecw", copy)
    with open_workspace(copy) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        moved = ws.get("sessions", ID(31))
        assert (moved["title"], moved["date"]) == ("Iowa coaching call", "2026-03-11")
        sequences = dict(ws.query("SELECT session_id, sequence FROM calendar_sequences"))
        # made, moved twice, the second move undone: each counted
        assert sequences == {ID(30): 1, ID(31): 3, ID(32): 1}
        assert ws.get("sessions", ID(32)) is None
        gone = ws.rows("SELECT session_id, cohort_id, team_id, gone_from_cohort, title, date, start_time, "
                       "duration_minutes, timezone FROM calendar_departures")
        assert gone == [{"session_id": ID(32), "cohort_id": ID(2), "team_id": None, "gone_from_cohort": 1,
                         "title": "Spring convening", "date": "2026-04-21", "start_time": "09:00",
                         "duration_minutes": 240, "timezone": "America/Chicago"}]


# --- the spec and the database agree ------------------------------------------


@pytest.fixture(params=["new", "migrated-v1"])
def database(request, tmp_path):
    if request.param == "new":
        ws = create_workspace(tmp_path / "new.ecw")
    else:
        shutil.copyfile(V1, tmp_path / "v1.ecw")
        ws = open_workspace(tmp_path / "v1.ecw")
    yield ws
    ws.close()


def test_every_kind_has_a_table(database):
    tables = {r[0] for r in database.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(KINDS) <= tables
    others = {t for t in tables - set(KINDS) if not t.startswith("search_index")}
    assert others <= {"meta", "_sqlite_migrations", "sqlite_sequence", "sqlite_stat1", *DERIVED_TABLES,
                      *SHARING_TABLES}
    assert set(DERIVED_TABLES) <= tables


@pytest.mark.parametrize("table", sorted(KINDS))
def test_spec_matches_the_table_column_for_column(database, table):
    kind = KINDS[table]
    info = {r["name"]: r for r in database.rows(f"PRAGMA table_info({table})")}
    assert set(info) == {"id", "created", "modified", *kind.field_names}
    assert info["id"]["pk"] == 1
    for f in kind.fields:
        if f.required:
            assert info[f.name]["notnull"] == 1, f"{table}.{f.name} is required but nullable"
    for stamp in ("created", "modified"):
        assert info[stamp]["notnull"] == 1


@pytest.mark.parametrize("table", sorted(KINDS))
def test_spec_references_match_the_foreign_keys(database, table):
    kind = KINDS[table]
    keys = {r["from"]: r for r in database.rows(f"PRAGMA foreign_key_list({table})")}
    refs = {f.name: f for f in kind.fields if f.type == "ref"}
    assert set(keys) == set(refs)
    for name, f in refs.items():
        assert keys[name]["table"] == f.ref
        assert keys[name]["to"] == "id"
        assert keys[name]["on_delete"] == f.on_delete.upper(), f"{table}.{name}"


@pytest.mark.parametrize("table", sorted(KINDS))
def test_spec_unique_rules_match_the_indexes(database, table):
    kind = KINDS[table]
    unique = set()
    for index in database.rows(f"PRAGMA index_list({table})"):
        if index["unique"] and index["origin"] != "pk":
            columns = tuple(r["name"] for r in database.rows(f"PRAGMA index_info({index['name']!r})"))
            unique.add(columns)
    assert unique == set(kind.unique)


# --- version 6: sharing changes between copies -------------------------------------


@pytest.mark.parametrize("sample", [p for p in SAMPLES if sample_version(p) < 6], ids=lambda p: p.name)
def test_migration_6_gives_copies_of_one_workspace_one_origin(sample, tmp_path):
    from equitycohort.data.sharing.store import origin

    origins = set()
    for name in ("a.ecw", "b.ecw"):
        shutil.copyfile(sample, tmp_path / name)
        with open_workspace(tmp_path / name, backups=False) as ws:
            origins.add(origin(ws))
            assert ws.count("sync_journal") == 0 and ws.count("sync_state") == 0
    assert len(origins) == 1 and len(origins.pop()) == 32


def test_v6_sample_keeps_its_sharing_record(tmp_path):
    from equitycohort.data.sharing.conflicts import list_conflicts
    from equitycohort.data.sharing.store import author_names

    copy = tmp_path / "v6.ecw"
    shutil.copyfile(FIXTURES / "workspace-v6.ecw", copy)
    with open_workspace(copy) as ws:
        [conflict] = list_conflicts(ws)
        assert (conflict.table, conflict.record_id, conflict.kind, conflict.kept) == \
            ("teams", ID(10), "value", "theirs")
        assert conflict.mine == {"organization": "Iowa Children First (Maria)"}
        assert ws.get("teams", ID(10))["organization"] == "Iowa Children First Inc."
        assert ws.get("teams", ID(11))["notes"] == "Met the new director."
        assert (ws.get("teams", ID(10))["checkin_weeks"], ws.get("teams", ID(10))["language"]) == (6, "es")
        assert author_names(ws) == {"000000000000000000000000000000b2": "Jo Park, Policy Center"}
        assert ws.scalar("SELECT count(*) FROM sync_journal WHERE author = ? AND tbl = 'teams'",
                         ("000000000000000000000000000000a1",)) == 2  # Iowa's settings, then its name
        assert ws.count("sync_imports") == 1
