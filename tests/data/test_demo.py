"""The demo workspace and the default framework: realistic, valid, deterministic."""

from __future__ import annotations

import datetime as dt

import pytest

from equitycohort.cli import main
from equitycohort.data.demo import SEED_STATES, _phase, _rotation, cohort_start, populate_demo
from equitycohort.data.frameworks import (
    DEFAULT_FRAMEWORK,
    framework_rows,
    install_default_framework,
)
from equitycohort.data.schema import ACTION_STATUSES, FOCUS_AREAS, KINDS
from equitycohort.data.states import DISTRICT, STATES
from equitycohort.data.validation import check_rules
from equitycohort.data.workspace import create_workspace

TODAY = dt.date(2025, 3, 19)


@pytest.fixture
def demo(ws):
    populate_demo(ws, today=TODAY)
    return ws


def _cohort(ws, name="Cohort 1") -> str:
    return ws.scalar("SELECT id FROM cohorts WHERE name = ?", (name,))


# --- the default framework ------------------------------------------------------

def test_default_framework_has_ordered_levels_and_a_descriptor_for_each():
    spec = DEFAULT_FRAMEWORK
    assert spec["source"] == "Written for Equity Cohort"
    assert spec["licence"] == "CC BY 4.0"
    assert [lv["rank"] for lv in spec["levels"]] == [1, 2, 3, 4]
    assert 6 <= len(spec["dimensions"]) <= 8
    for dim in spec["dimensions"]:
        assert dim["description"]
        assert sorted(dim["descriptors"]) == [1, 2, 3, 4]
        assert all(len(text) > 40 for text in dim["descriptors"].values())


def test_framework_rows_link_children_to_their_parents():
    rows = framework_rows(DEFAULT_FRAMEWORK)
    assert list(rows) == ["frameworks", "levels", "dimensions", "descriptors"]
    framework_id = rows["frameworks"][0]["id"]
    assert {r["framework_id"] for r in rows["levels"] + rows["dimensions"]} == {framework_id}
    assert [d["position"] for d in rows["dimensions"]] == list(range(len(DEFAULT_FRAMEWORK["dimensions"])))
    level_ids = {lv["id"] for lv in rows["levels"]}
    assert len(rows["descriptors"]) == len(rows["dimensions"]) * len(rows["levels"])
    assert {d["level_id"] for d in rows["descriptors"]} == level_ids
    # ranks given as strings (a spec read back from JSON) work as well
    spec = {**DEFAULT_FRAMEWORK, "dimensions": [
        {**d, "descriptors": {str(k): v for k, v in d["descriptors"].items()}}
        for d in DEFAULT_FRAMEWORK["dimensions"]]}
    assert len(framework_rows(spec)["descriptors"]) == len(rows["descriptors"])


def test_install_default_framework_is_one_undo_step(ws):
    framework_id = install_default_framework(ws).id
    assert ws.get("frameworks", framework_id)["name"] == DEFAULT_FRAMEWORK["name"]
    n_dims = len(DEFAULT_FRAMEWORK["dimensions"])
    assert ws.count("levels") == 4
    assert ws.count("dimensions") == n_dims
    assert ws.count("descriptors") == n_dims * 4
    assert ws.undo_label == "Add default framework"
    ws.undo()
    for table in ("frameworks", "levels", "dimensions", "descriptors"):
        assert ws.count(table) == 0, table
    assert ws.undo_label is None
    ws.redo()
    assert ws.count("descriptors") == n_dims * 4


# --- the demo: cohort 1 -------------------------------------------------------------

def test_cohort_one_has_the_seven_seed_states(demo):
    cohort = demo.get("cohorts", _cohort(demo))
    assert cohort["phase"] == "active"
    assert cohort["start_date"] < TODAY.isoformat() < cohort["end_date"]
    states = {r[0] for r in demo.query("SELECT state FROM teams WHERE cohort_id = ?", (cohort["id"],))}
    assert states == set(SEED_STATES) == {"AZ", "CO", "IA", "NC", "PA", "WA", "WI"}


def test_program_partners_and_facilitators(demo):
    assert demo.scalar("SELECT name FROM programs") == "Operationalizing Equity"
    partners = demo.rows("SELECT * FROM partners")
    assert len(partners) == 4
    assert sorted(p["focus_areas"] for p in partners) == sorted(f'["{area}"]' for area in FOCUS_AREAS)
    for partner in partners:
        assert partner["website"].startswith("https://")
        assert demo.scalar("SELECT count(*) FROM people WHERE kind = 'partner' AND partner_id = ?",
                           (partner["id"],)) == 1
    assert demo.scalar("SELECT count(*) FROM people WHERE kind = 'facilitator'") == 2


def test_no_real_names_from_the_seed(demo):
    real = ("Alliance for Early Success", "Child Trends", "Migration Policy Institute",
            "Center for Law and Social Policy", "TOPOS", "McKay", "Stebbins")
    texts = [r[0] for r in demo.query(
        "SELECT name FROM people UNION ALL SELECT name FROM partners UNION ALL "
        "SELECT organization FROM teams UNION ALL SELECT organization FROM programs")]
    for name in real:
        assert not any(name.lower() in t.lower() for t in texts), name


def test_every_team_has_three_leaders_and_one_executive_director(ws):
    populate_demo(ws, cohorts=2, today=TODAY)
    teams = ws.rows(
        "SELECT t.id, count(m.id) AS leaders, sum(m.is_executive_director) AS directors, "
        "sum(m.is_executive_director = 1 AND m.role = 'Executive Director') AS titled "
        "FROM teams t JOIN team_members m ON m.team_id = t.id GROUP BY t.id")
    assert len(teams) == 14
    for team in teams:
        assert (team["leaders"], team["directors"], team["titled"]) == (3, 1, 1)
    kinds = {r[0] for r in ws.query(
        "SELECT p.kind FROM team_members m JOIN people p ON p.id = m.person_id")}
    assert kinds == {"leader"}
    # names are diverse: some carry accents or other scripts
    names = [r[0] for r in ws.query("SELECT name FROM people")]
    assert any(not n.isascii() for n in names)
    assert "Nguyễn Thị Lan" in names


def test_all_action_statuses_occur_and_some_are_overdue(demo):
    statuses = {r[0] for r in demo.query("SELECT status FROM actions")}
    assert statuses == set(ACTION_STATUSES)
    overdue = demo.scalar("SELECT count(*) FROM actions WHERE due_date < ? AND status != 'done'",
                          (TODAY.isoformat(),))
    assert overdue >= 2
    # owners are leaders of the action's own team
    stray = demo.scalar(
        "SELECT count(*) FROM actions a JOIN goals g ON g.id = a.goal_id "
        "WHERE a.owner_id NOT IN (SELECT person_id FROM team_members WHERE team_id = g.team_id)")
    assert stray == 0
    for goal in demo.rows("SELECT * FROM goals"):
        assert goal["indicator"] and goal["unit"]
        assert goal["target"] > goal["baseline"]
        assert goal["baseline"] <= goal["current"] <= goal["target"]
    per_team = [r[0] for r in demo.query("SELECT count(*) FROM goals GROUP BY team_id")]
    assert len(per_team) == 7 and all(2 <= n <= 3 for n in per_team)
    assert demo.scalar("SELECT count(DISTINCT team_id) FROM milestones") == 7


def test_past_sessions_have_attendance_and_future_ones_none(demo):
    cohort_id = _cohort(demo)
    sessions = demo.rows("SELECT s.*, (SELECT count(*) FROM attendance a WHERE a.session_id = s.id) AS marks "
                         "FROM sessions s WHERE cohort_id = ?", (cohort_id,))
    cohort_wide = [s for s in sessions if s["kind"] == "cohort"]
    assert len(cohort_wide) == 6
    assert {s["start_time"] for s in cohort_wide if s["format"] == "virtual"} == {"13:00"}
    assert sum(s["format"] == "in_person" for s in cohort_wide) == 1
    assert all(s["link"].startswith("https://") for s in cohort_wide if s["format"] == "virtual")
    assert any(s["kind"] == "team" and s["team_id"] for s in sessions)
    for s in sessions:
        date = dt.date.fromisoformat(s["date"])
        if s["kind"] == "cohort":
            assert date.weekday() == 1 and 8 <= date.day <= 14  # second Tuesday
            assert len(s["agenda"].splitlines()) >= 4
        if date < TODAY:
            assert s["status"] == "held"
            assert s["marks"] == (21 if s["kind"] == "cohort" else 3), s["title"]
        else:
            assert s["status"] == "scheduled"
            assert s["marks"] == 0
    assert demo.scalar("SELECT count(*) FROM sessions s WHERE NOT EXISTS "
                       "(SELECT 1 FROM session_facilitators f WHERE f.session_id = s.id)") == 0
    marks = {r[0] for r in demo.query("SELECT status FROM attendance")}
    assert marks == {"present", "absent", "excused"}


def test_one_team_missed_the_last_two_sessions(demo):
    held = [r[0] for r in demo.query(
        "SELECT id FROM sessions WHERE kind = 'cohort' AND status = 'held' ORDER BY date")]
    absent_teams = [
        {r[0] for r in demo.query(
            "SELECT m.team_id FROM attendance a JOIN team_members m ON m.person_id = a.person_id "
            "WHERE a.session_id = ? GROUP BY m.team_id HAVING sum(a.status = 'absent') = 3", (sid,))}
        for sid in held[-2:]]
    assert len(absent_teams[0] & absent_teams[1]) == 1


def test_baseline_ratings_for_every_team_and_dimension(demo):
    dimensions = demo.count("dimensions")
    for team_id, in demo.query("SELECT id FROM teams"):
        rounds = {r[0]: r[1] for r in demo.query(
            "SELECT a.round, count(r.id) FROM assessments a JOIN ratings r ON r.assessment_id = a.id "
            "WHERE a.team_id = ? GROUP BY a.id", (team_id,))}
        assert rounds.get("baseline") == dimensions
        assert rounds.get("midpoint") == dimensions  # cohort 1 is four months in
        assert "end" not in rounds
    assert demo.scalar("SELECT min(level) FROM ratings") >= 1
    assert demo.scalar("SELECT max(level) FROM ratings") <= 4
    assert demo.scalar("SELECT count(*) FROM ratings WHERE evidence IS NULL OR evidence = ''") == 0
    # growth: the midpoint never falls below the baseline
    drops = demo.scalar(
        "SELECT count(*) FROM ratings m JOIN assessments am ON am.id = m.assessment_id "
        "JOIN assessments ab ON ab.team_id = am.team_id AND ab.round = 'baseline' "
        "JOIN ratings b ON b.assessment_id = ab.id AND b.dimension_id = m.dimension_id "
        "WHERE am.round = 'midpoint' AND m.level < b.level")
    assert drops == 0


def test_checkins_have_private_notes_and_next_steps(demo):
    checkins = demo.rows("SELECT * FROM checkins")
    assert len(checkins) >= 7 * 3
    assert sum(bool(c["private_notes"]) for c in checkins) >= 5
    assert all(c["summary"] and c["facilitator_id"] for c in checkins)
    assert {c["mode"] for c in checkins} <= {"call", "visit", "video", "email"}
    assert all(c["next_checkin_date"] > c["date"] for c in checkins)
    assert demo.scalar("SELECT count(*) FROM checkins c WHERE NOT EXISTS "
                       "(SELECT 1 FROM next_steps n WHERE n.checkin_id = c.id)") == 0
    assert demo.scalar("SELECT count(*) FROM next_steps WHERE done = 1") > 0
    assert demo.scalar("SELECT count(*) FROM next_steps WHERE done = 0") > 0


def test_one_team_is_not_contacted_for_six_weeks(demo):
    last = [dt.date.fromisoformat(r[0]) for r in demo.query(
        "SELECT max(date) FROM checkins GROUP BY team_id")]
    assert len(last) == 7
    quiet = [d for d in last if (TODAY - d).days > 42]
    assert len(quiet) == 1


def test_every_row_passes_the_cross_record_rules(ws):
    """bulk_load checks fields only; the rules the write door applies must hold too."""
    populate_demo(ws, cohorts=2, today=TODAY)
    for table in KINDS:
        for row in ws.rows(f"SELECT * FROM {table}"):
            check_rules(table, row, ws.get, ws.query, row["id"])


def test_same_seed_and_day_give_the_same_demo(tmp_path):
    def snapshot(name, seed):
        with create_workspace(tmp_path / name) as ws:
            populate_demo(ws, cohorts=2, today=TODAY, seed=seed)
            return (
                [r[0] for r in ws.query("SELECT name FROM people ORDER BY rowid")],
                [tuple(r) for r in ws.query("SELECT state, organization FROM teams ORDER BY rowid")],
                [tuple(r) for r in ws.query("SELECT date, summary, private_notes FROM checkins ORDER BY rowid")],
                [tuple(r) for r in ws.query("SELECT title, status, due_date FROM actions ORDER BY rowid")],
            )

    first = snapshot("a.ecw", 7)
    assert snapshot("b.ecw", 7) == first
    assert snapshot("c.ecw", 8) != first


def test_more_cohorts_rotate_through_other_states_back_in_time(ws):
    populate_demo(ws, cohorts=3, today=TODAY)
    cohorts = ws.rows("SELECT * FROM cohorts ORDER BY start_date DESC")
    assert [c["name"] for c in cohorts] == ["Cohort 1", "Cohort 2", "Cohort 3"]
    states = [
        {r[0] for r in ws.query("SELECT state FROM teams WHERE cohort_id = ?", (c["id"],))}
        for c in cohorts]
    assert all(len(s) == 7 for s in states)
    assert not states[0] & states[1] and not states[1] & states[2] and not states[0] & states[2]
    for c in cohorts[1:]:
        assert c["end_date"] < TODAY.isoformat()
        assert c["phase"] == "community"
        cohort_sessions = ws.scalar(
            "SELECT count(*) FROM sessions WHERE cohort_id = ? AND kind = 'cohort' AND status = 'held'",
            (c["id"],))
        assert cohort_sessions == 6
        rounds = {r[0] for r in ws.query(
            "SELECT a.round FROM assessments a JOIN teams t ON t.id = a.team_id WHERE t.cohort_id = ?",
            (c["id"],))}
        assert rounds == {"baseline", "midpoint", "end"}
    # one framework, one set of partners and facilitators for all cohorts
    assert ws.count("frameworks") == 1
    assert ws.count("partners") == 4
    assert ws.scalar("SELECT count(*) FROM people WHERE kind = 'facilitator'") == 2


def test_the_rotation_covers_every_state_and_cohorts_age_into_closed():
    rotation = _rotation(7)
    assert sorted(rotation) == sorted([*STATES, *DISTRICT])
    assert rotation[-len(SEED_STATES):] == list(SEED_STATES)  # the other states go first
    assert _phase(dt.date(2025, 6, 10), dt.date(2025, 12, 10), TODAY) == "planning"
    assert _phase(dt.date(2025, 1, 14), dt.date(2025, 7, 14), TODAY) == "active"
    assert _phase(dt.date(2023, 6, 13), dt.date(2023, 12, 13), TODAY) == "community"
    assert _phase(dt.date(2022, 6, 14), dt.date(2022, 12, 14), TODAY) == "closed"
    starts = [cohort_start(TODAY, n) for n in (1, 2, 70)]
    assert starts[0] == dt.date(2024, 11, 12) and starts[1] < starts[0]
    assert starts[2].year >= 2000


def test_demo_uses_today_by_default(ws):
    populate_demo(ws)
    cohort = ws.get("cohorts", _cohort(ws))
    assert cohort["start_date"] < dt.date.today().isoformat() < cohort["end_date"]


# --- the command ---------------------------------------------------------------------

def test_demo_command_creates_refuses_to_overwrite_and_checks_healthy(tmp_path, capsys):
    path = tmp_path / "demo.ecw"
    assert main(["demo", str(path)]) == 0
    assert path.exists()
    assert str(path) in capsys.readouterr().out

    size = path.stat().st_size
    assert main(["demo", str(path), "--cohorts", "2"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert path.stat().st_size == size

    assert main(["check", str(path)]) == 0
    assert "status: healthy" in capsys.readouterr().out

    assert main(["demo", str(path), "--cohorts", "2", "--force"]) == 0
    capsys.readouterr()
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "cohorts: 2" in out and "teams: 14" in out
    assert main(["check", str(path)]) == 0
