"""Numbered schema migrations, each in its own transaction.

A migration, once released, never changes: later schema changes are new
migrations. ``tests/fixtures/`` keeps a sample workspace of each released
schema and a test migrates every one of them.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from equitycohort.data.schema import APPLICATION_ID

migrations = sqlite_utils.Migrations("equitycohort")

V1_SQL = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT
);
CREATE TABLE programs (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    organization TEXT,
    description TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE cohorts (
    id TEXT PRIMARY KEY NOT NULL,
    program_id TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    phase TEXT NOT NULL,
    notes TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_cohorts_program_id ON cohorts(program_id);
CREATE TABLE partners (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    focus_areas TEXT,
    website TEXT,
    notes TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT,
    organization TEXT,
    email TEXT,
    phone TEXT,
    preferred_language TEXT,
    pronouns TEXT,
    partner_id TEXT REFERENCES partners(id) ON DELETE SET NULL,
    notes TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_people_partner_id ON people(partner_id);
CREATE TABLE teams (
    id TEXT PRIMARY KEY NOT NULL,
    cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    organization TEXT NOT NULL,
    notes TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    UNIQUE (cohort_id, state)
);
CREATE INDEX idx_teams_cohort_id ON teams(cohort_id);
CREATE TABLE team_members (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT,
    is_executive_director INTEGER,
    position INTEGER,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    UNIQUE (team_id, person_id)
);
CREATE INDEX idx_team_members_team_id ON team_members(team_id);
CREATE INDEX idx_team_members_person_id ON team_members(person_id);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    team_id TEXT REFERENCES teams(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    location TEXT,
    link TEXT,
    date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    timezone TEXT NOT NULL,
    agenda TEXT,
    status TEXT NOT NULL,
    partner_id TEXT REFERENCES partners(id) ON DELETE SET NULL,
    notes TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_sessions_cohort_id ON sessions(cohort_id);
CREATE INDEX idx_sessions_team_id ON sessions(team_id);
CREATE INDEX idx_sessions_partner_id ON sessions(partner_id);
CREATE TABLE session_facilitators (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    UNIQUE (session_id, person_id)
);
CREATE INDEX idx_session_facilitators_session_id ON session_facilitators(session_id);
CREATE INDEX idx_session_facilitators_person_id ON session_facilitators(person_id);
CREATE TABLE attendance (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    note TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    UNIQUE (session_id, person_id)
);
CREATE INDEX idx_attendance_session_id ON attendance(session_id);
CREATE INDEX idx_attendance_person_id ON attendance(person_id);
CREATE TABLE frameworks (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    source TEXT,
    licence TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE dimensions (
    id TEXT PRIMARY KEY NOT NULL,
    framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    position INTEGER,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_dimensions_framework_id ON dimensions(framework_id);
CREATE TABLE levels (
    id TEXT PRIMARY KEY NOT NULL,
    framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    name TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    UNIQUE (framework_id, rank)
);
CREATE INDEX idx_levels_framework_id ON levels(framework_id);
CREATE TABLE descriptors (
    id TEXT PRIMARY KEY NOT NULL,
    dimension_id TEXT NOT NULL REFERENCES dimensions(id) ON DELETE CASCADE,
    level_id TEXT NOT NULL REFERENCES levels(id) ON DELETE CASCADE,
    text TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    UNIQUE (dimension_id, level_id)
);
CREATE INDEX idx_descriptors_dimension_id ON descriptors(dimension_id);
CREATE INDEX idx_descriptors_level_id ON descriptors(level_id);
CREATE TABLE assessments (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE RESTRICT,
    round TEXT NOT NULL,
    label TEXT,
    date TEXT NOT NULL,
    notes TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_assessments_team_id ON assessments(team_id);
CREATE INDEX idx_assessments_framework_id ON assessments(framework_id);
CREATE TABLE ratings (
    id TEXT PRIMARY KEY NOT NULL,
    assessment_id TEXT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    dimension_id TEXT NOT NULL REFERENCES dimensions(id) ON DELETE CASCADE,
    level INTEGER NOT NULL,
    evidence TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    UNIQUE (assessment_id, dimension_id)
);
CREATE INDEX idx_ratings_assessment_id ON ratings(assessment_id);
CREATE INDEX idx_ratings_dimension_id ON ratings(dimension_id);
CREATE TABLE goals (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT,
    indicator TEXT,
    unit TEXT,
    baseline REAL,
    target REAL,
    current REAL,
    position INTEGER,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_goals_team_id ON goals(team_id);
CREATE TABLE actions (
    id TEXT PRIMARY KEY NOT NULL,
    goal_id TEXT NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    owner_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    start_date TEXT,
    due_date TEXT,
    status TEXT NOT NULL,
    support_needed TEXT,
    partner_id TEXT REFERENCES partners(id) ON DELETE SET NULL,
    notes TEXT,
    position INTEGER,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_actions_goal_id ON actions(goal_id);
CREATE INDEX idx_actions_owner_id ON actions(owner_id);
CREATE INDEX idx_actions_partner_id ON actions(partner_id);
CREATE TABLE milestones (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    goal_id TEXT REFERENCES goals(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    due_date TEXT,
    reached_date TEXT,
    position INTEGER,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_milestones_team_id ON milestones(team_id);
CREATE INDEX idx_milestones_goal_id ON milestones(goal_id);
CREATE TABLE checkins (
    id TEXT PRIMARY KEY NOT NULL,
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    mode TEXT NOT NULL,
    facilitator_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    partner_id TEXT REFERENCES partners(id) ON DELETE SET NULL,
    summary TEXT,
    wins TEXT,
    challenges TEXT,
    support_requested TEXT,
    private_notes TEXT,
    next_checkin_date TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_checkins_team_id ON checkins(team_id);
CREATE INDEX idx_checkins_facilitator_id ON checkins(facilitator_id);
CREATE INDEX idx_checkins_partner_id ON checkins(partner_id);
CREATE TABLE next_steps (
    id TEXT PRIMARY KEY NOT NULL,
    checkin_id TEXT NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    owner_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    due_date TEXT,
    done INTEGER,
    position INTEGER,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX idx_next_steps_checkin_id ON next_steps(checkin_id);
CREATE INDEX idx_next_steps_owner_id ON next_steps(owner_id);
CREATE INDEX idx_sessions_cohort_date ON sessions(cohort_id, date);
CREATE INDEX idx_checkins_team_date ON checkins(team_id, date);
"""


def _run(db: sqlite_utils.Database, script: str) -> None:
    """Execute each complete statement of a script inside the current transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement[:60]!r}")


@migrations(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    _run(db, V1_SQL)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")


# Version 2: one full-text index over every free text, kept current by
# triggers (so bulk loads, undo and redo maintain it too). Each row's index
# rowid is its table's number times 10^12 plus its rowid, so an edit finds
# its index row directly.
V2_SQL = """
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, record_id UNINDEXED, title, body,
    tokenize = "unicode61 remove_diacritics 2"
);
CREATE TRIGGER search_programs_insert AFTER INSERT ON programs BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (1 * 1000000000000 + new.rowid, 'programs', new.id, new.name, coalesce(new.organization, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER search_programs_update AFTER UPDATE ON programs BEGIN
    DELETE FROM search_index WHERE rowid = 1 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (1 * 1000000000000 + new.rowid, 'programs', new.id, new.name, coalesce(new.organization, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER search_programs_delete AFTER DELETE ON programs BEGIN
    DELETE FROM search_index WHERE rowid = 1 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_cohorts_insert AFTER INSERT ON cohorts BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (2 * 1000000000000 + new.rowid, 'cohorts', new.id, new.name, coalesce(new.notes, ''));
END;
CREATE TRIGGER search_cohorts_update AFTER UPDATE ON cohorts BEGIN
    DELETE FROM search_index WHERE rowid = 2 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (2 * 1000000000000 + new.rowid, 'cohorts', new.id, new.name, coalesce(new.notes, ''));
END;
CREATE TRIGGER search_cohorts_delete AFTER DELETE ON cohorts BEGIN
    DELETE FROM search_index WHERE rowid = 2 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_teams_insert AFTER INSERT ON teams BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (3 * 1000000000000 + new.rowid, 'teams', new.id, new.organization, coalesce(new.notes, ''));
END;
CREATE TRIGGER search_teams_update AFTER UPDATE ON teams BEGIN
    DELETE FROM search_index WHERE rowid = 3 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (3 * 1000000000000 + new.rowid, 'teams', new.id, new.organization, coalesce(new.notes, ''));
END;
CREATE TRIGGER search_teams_delete AFTER DELETE ON teams BEGIN
    DELETE FROM search_index WHERE rowid = 3 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_people_insert AFTER INSERT ON people BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (4 * 1000000000000 + new.rowid, 'people', new.id, new.name, coalesce(new.title, '') || ' ' || coalesce(new.organization, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER search_people_update AFTER UPDATE ON people BEGIN
    DELETE FROM search_index WHERE rowid = 4 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (4 * 1000000000000 + new.rowid, 'people', new.id, new.name, coalesce(new.title, '') || ' ' || coalesce(new.organization, '') || ' ' || coalesce(new.email, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER search_people_delete AFTER DELETE ON people BEGIN
    DELETE FROM search_index WHERE rowid = 4 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_partners_insert AFTER INSERT ON partners BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (5 * 1000000000000 + new.rowid, 'partners', new.id, new.name, coalesce(new.focus_areas, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER search_partners_update AFTER UPDATE ON partners BEGIN
    DELETE FROM search_index WHERE rowid = 5 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (5 * 1000000000000 + new.rowid, 'partners', new.id, new.name, coalesce(new.focus_areas, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER search_partners_delete AFTER DELETE ON partners BEGIN
    DELETE FROM search_index WHERE rowid = 5 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (6 * 1000000000000 + new.rowid, 'sessions', new.id, new.title, coalesce(new.location, '') || ' ' || coalesce(new.agenda, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER search_sessions_update AFTER UPDATE ON sessions BEGIN
    DELETE FROM search_index WHERE rowid = 6 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (6 * 1000000000000 + new.rowid, 'sessions', new.id, new.title, coalesce(new.location, '') || ' ' || coalesce(new.agenda, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER search_sessions_delete AFTER DELETE ON sessions BEGIN
    DELETE FROM search_index WHERE rowid = 6 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_goals_insert AFTER INSERT ON goals BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (7 * 1000000000000 + new.rowid, 'goals', new.id, new.title, coalesce(new.indicator, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER search_goals_update AFTER UPDATE ON goals BEGIN
    DELETE FROM search_index WHERE rowid = 7 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (7 * 1000000000000 + new.rowid, 'goals', new.id, new.title, coalesce(new.indicator, '') || ' ' || coalesce(new.description, ''));
END;
CREATE TRIGGER search_goals_delete AFTER DELETE ON goals BEGIN
    DELETE FROM search_index WHERE rowid = 7 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_actions_insert AFTER INSERT ON actions BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (8 * 1000000000000 + new.rowid, 'actions', new.id, new.title, coalesce(new.support_needed, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER search_actions_update AFTER UPDATE ON actions BEGIN
    DELETE FROM search_index WHERE rowid = 8 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (8 * 1000000000000 + new.rowid, 'actions', new.id, new.title, coalesce(new.support_needed, '') || ' ' || coalesce(new.notes, ''));
END;
CREATE TRIGGER search_actions_delete AFTER DELETE ON actions BEGIN
    DELETE FROM search_index WHERE rowid = 8 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_milestones_insert AFTER INSERT ON milestones BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (9 * 1000000000000 + new.rowid, 'milestones', new.id, new.title, '');
END;
CREATE TRIGGER search_milestones_update AFTER UPDATE ON milestones BEGIN
    DELETE FROM search_index WHERE rowid = 9 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (9 * 1000000000000 + new.rowid, 'milestones', new.id, new.title, '');
END;
CREATE TRIGGER search_milestones_delete AFTER DELETE ON milestones BEGIN
    DELETE FROM search_index WHERE rowid = 9 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_checkins_insert AFTER INSERT ON checkins BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (10 * 1000000000000 + new.rowid, 'checkins', new.id, '', coalesce(new.summary, '') || ' ' || coalesce(new.wins, '') || ' ' || coalesce(new.challenges, '') || ' ' || coalesce(new.support_requested, '') || ' ' || coalesce(new.private_notes, ''));
END;
CREATE TRIGGER search_checkins_update AFTER UPDATE ON checkins BEGIN
    DELETE FROM search_index WHERE rowid = 10 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (10 * 1000000000000 + new.rowid, 'checkins', new.id, '', coalesce(new.summary, '') || ' ' || coalesce(new.wins, '') || ' ' || coalesce(new.challenges, '') || ' ' || coalesce(new.support_requested, '') || ' ' || coalesce(new.private_notes, ''));
END;
CREATE TRIGGER search_checkins_delete AFTER DELETE ON checkins BEGIN
    DELETE FROM search_index WHERE rowid = 10 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_next_steps_insert AFTER INSERT ON next_steps BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (11 * 1000000000000 + new.rowid, 'next_steps', new.id, new.description, '');
END;
CREATE TRIGGER search_next_steps_update AFTER UPDATE ON next_steps BEGIN
    DELETE FROM search_index WHERE rowid = 11 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (11 * 1000000000000 + new.rowid, 'next_steps', new.id, new.description, '');
END;
CREATE TRIGGER search_next_steps_delete AFTER DELETE ON next_steps BEGIN
    DELETE FROM search_index WHERE rowid = 11 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_assessments_insert AFTER INSERT ON assessments BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (12 * 1000000000000 + new.rowid, 'assessments', new.id, coalesce(new.label, ''), coalesce(new.notes, ''));
END;
CREATE TRIGGER search_assessments_update AFTER UPDATE ON assessments BEGIN
    DELETE FROM search_index WHERE rowid = 12 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (12 * 1000000000000 + new.rowid, 'assessments', new.id, coalesce(new.label, ''), coalesce(new.notes, ''));
END;
CREATE TRIGGER search_assessments_delete AFTER DELETE ON assessments BEGIN
    DELETE FROM search_index WHERE rowid = 12 * 1000000000000 + old.rowid;
END;
CREATE TRIGGER search_ratings_insert AFTER INSERT ON ratings BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (13 * 1000000000000 + new.rowid, 'ratings', new.id, '', coalesce(new.evidence, ''));
END;
CREATE TRIGGER search_ratings_update AFTER UPDATE ON ratings BEGIN
    DELETE FROM search_index WHERE rowid = 13 * 1000000000000 + old.rowid;
    INSERT INTO search_index (rowid, kind, record_id, title, body) VALUES (13 * 1000000000000 + new.rowid, 'ratings', new.id, '', coalesce(new.evidence, ''));
END;
CREATE TRIGGER search_ratings_delete AFTER DELETE ON ratings BEGIN
    DELETE FROM search_index WHERE rowid = 13 * 1000000000000 + old.rowid;
END;
"""

V2_FILL = """
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 1 * 1000000000000 + rowid, 'programs', id, name, coalesce(organization, '') || ' ' || coalesce(description, '') FROM programs;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 2 * 1000000000000 + rowid, 'cohorts', id, name, coalesce(notes, '') FROM cohorts;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 3 * 1000000000000 + rowid, 'teams', id, organization, coalesce(notes, '') FROM teams;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 4 * 1000000000000 + rowid, 'people', id, name, coalesce(title, '') || ' ' || coalesce(organization, '') || ' ' || coalesce(email, '') || ' ' || coalesce(notes, '') FROM people;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 5 * 1000000000000 + rowid, 'partners', id, name, coalesce(focus_areas, '') || ' ' || coalesce(notes, '') FROM partners;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 6 * 1000000000000 + rowid, 'sessions', id, title, coalesce(location, '') || ' ' || coalesce(agenda, '') || ' ' || coalesce(notes, '') FROM sessions;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 7 * 1000000000000 + rowid, 'goals', id, title, coalesce(indicator, '') || ' ' || coalesce(description, '') FROM goals;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 8 * 1000000000000 + rowid, 'actions', id, title, coalesce(support_needed, '') || ' ' || coalesce(notes, '') FROM actions;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 9 * 1000000000000 + rowid, 'milestones', id, title, '' FROM milestones;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 10 * 1000000000000 + rowid, 'checkins', id, '', coalesce(summary, '') || ' ' || coalesce(wins, '') || ' ' || coalesce(challenges, '') || ' ' || coalesce(support_requested, '') || ' ' || coalesce(private_notes, '') FROM checkins;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 11 * 1000000000000 + rowid, 'next_steps', id, description, '' FROM next_steps;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 12 * 1000000000000 + rowid, 'assessments', id, coalesce(label, ''), coalesce(notes, '') FROM assessments;
INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT 13 * 1000000000000 + rowid, 'ratings', id, '', coalesce(evidence, '') FROM ratings;
"""


@migrations(name="0002_search")
def m0002_search(db: sqlite_utils.Database) -> None:
    _run(db, V2_SQL)
    _run(db, V2_FILL)
    db.execute("PRAGMA user_version = 2")


# Version 3: what calendars have been told about each session, kept by
# triggers so that every write, undo and redo counts, and nothing undoes it:
# a calendar app that has seen a change cannot be made to unsee it. (No
# INSERT OR IGNORE in these triggers: the upsert that undo and redo write
# with would impose its own conflict handling on it.)
#
# calendar_sequences: a session's SEQUENCE (RFC 5545), which only grows. It
#   rises on every change to what an event shows (an undone move is a new
#   change), on a change of facilitators, and when a deleted session comes
#   back by undo; `changed` is the time of the last rise (LAST-MODIFIED).
# calendar_departures: a session leaving calendars that held it, so their
#   next export can cancel it there: deleted (gone_from_cohort = 1), moved to
#   another cohort (1), or moved away from a team's calendar (0). team_id is
#   the team whose calendar held it, NULL for every team (a cohort-wide
#   session); the title and time are what those calendars last showed.
#   They go with their cohort: a deleted cohort has no calendar left to
#   update. (Sequences stay: an undone delete must still count up.)
V3_SQL = """
CREATE TABLE calendar_sequences (
    session_id TEXT PRIMARY KEY NOT NULL,
    sequence INTEGER NOT NULL,
    changed TEXT NOT NULL
);
CREATE TABLE calendar_departures (
    id INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    cohort_id TEXT NOT NULL,
    team_id TEXT,
    gone_from_cohort INTEGER NOT NULL,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    timezone TEXT NOT NULL,
    departed TEXT NOT NULL
);
CREATE INDEX idx_calendar_departures_cohort_id ON calendar_departures(cohort_id);
CREATE TRIGGER calendar_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO calendar_sequences (session_id, sequence, changed) SELECT new.id, -1, ''
    WHERE NOT EXISTS (SELECT 1 FROM calendar_sequences WHERE session_id = new.id);
    UPDATE calendar_sequences SET sequence = sequence + 1, changed = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE session_id = new.id;
END;
CREATE TRIGGER calendar_sessions_update AFTER UPDATE ON sessions
WHEN old.cohort_id IS NOT new.cohort_id OR old.team_id IS NOT new.team_id OR old.title IS NOT new.title
    OR old.kind IS NOT new.kind OR old.format IS NOT new.format OR old.location IS NOT new.location
    OR old.link IS NOT new.link OR old.date IS NOT new.date OR old.start_time IS NOT new.start_time
    OR old.duration_minutes IS NOT new.duration_minutes OR old.timezone IS NOT new.timezone
    OR old.agenda IS NOT new.agenda OR old.status IS NOT new.status
BEGIN
    INSERT INTO calendar_sequences (session_id, sequence, changed) SELECT new.id, 0, ''
    WHERE NOT EXISTS (SELECT 1 FROM calendar_sequences WHERE session_id = new.id);
    UPDATE calendar_sequences SET sequence = sequence + 1, changed = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE session_id = new.id;
END;
CREATE TRIGGER calendar_sessions_leave AFTER UPDATE ON sessions
WHEN old.cohort_id IS NOT new.cohort_id
    OR (old.kind = 'cohort' AND new.kind = 'team')
    OR (old.kind = 'team' AND new.kind = 'team' AND old.team_id IS NOT new.team_id)
BEGIN
    INSERT INTO calendar_departures (session_id, cohort_id, team_id, gone_from_cohort, title, date, start_time,
                                     duration_minutes, timezone, departed)
    VALUES (old.id, old.cohort_id, CASE WHEN old.kind = 'team' THEN old.team_id END,
            old.cohort_id IS NOT new.cohort_id, old.title, old.date, old.start_time, old.duration_minutes,
            old.timezone, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER calendar_sessions_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO calendar_sequences (session_id, sequence, changed) SELECT old.id, 0, ''
    WHERE NOT EXISTS (SELECT 1 FROM calendar_sequences WHERE session_id = old.id);
    UPDATE calendar_sequences SET sequence = sequence + 1, changed = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE session_id = old.id;
    INSERT INTO calendar_departures (session_id, cohort_id, team_id, gone_from_cohort, title, date, start_time,
                                     duration_minutes, timezone, departed)
    VALUES (old.id, old.cohort_id, CASE WHEN old.kind = 'team' THEN old.team_id END, 1, old.title, old.date,
            old.start_time, old.duration_minutes, old.timezone, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER calendar_cohorts_delete AFTER DELETE ON cohorts BEGIN
    DELETE FROM calendar_departures WHERE cohort_id = old.id;
END;
CREATE TRIGGER calendar_facilitators_insert AFTER INSERT ON session_facilitators BEGIN
    UPDATE calendar_sequences SET sequence = sequence + 1, changed = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE session_id = new.session_id;
END;
CREATE TRIGGER calendar_facilitators_delete AFTER DELETE ON session_facilitators BEGIN
    UPDATE calendar_sequences SET sequence = sequence + 1, changed = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE session_id = old.session_id;
END;
"""

# Sessions already in the file start at 0, or at 1 if edited since they were
# made: an earlier export wrote no SEQUENCE (that is 0), and one made before
# the edit must still be superseded.
V3_FILL = """
INSERT INTO calendar_sequences (session_id, sequence, changed)
SELECT id, CASE WHEN modified > created THEN 1 ELSE 0 END, modified FROM sessions;
"""


@migrations(name="0003_calendar")
def m0003_calendar(db: sqlite_utils.Database) -> None:
    _run(db, V3_SQL)
    _run(db, V3_FILL)
    db.execute("PRAGMA user_version = 3")


# Version 4: what a team settles for itself. checkin_weeks: how often the
# team is checked in with (NULL: the default of its cohort's phase);
# language: the language of the documents made for the team (NULL: its
# leaders' preferred language, else English).
V4_SQL = """
ALTER TABLE teams ADD COLUMN checkin_weeks INTEGER;
ALTER TABLE teams ADD COLUMN language TEXT;
"""


@migrations(name="0004_team_settings")
def m0004_team_settings(db: sqlite_utils.Database) -> None:
    _run(db, V4_SQL)
    db.execute("PRAGMA user_version = 4")


# Version 5: a framework's text in other languages. Frameworks, levels,
# dimensions and descriptors each get a `translations` column (JSON: language
# -> field -> text; see data/translations.py). A copy of the default framework
# that its user never changed, in any English wording the app has shipped,
# gets the default's Spanish text; a framework anyone edited, even by a word,
# is left exactly as it is (it reads in its own words in every language).
FRAMEWORK_TRANSLATIONS = 5  # the number in one place: renumbered here alone if another migration lands first
FRAMEWORK_TRANSLATIONS_NAME = f"{FRAMEWORK_TRANSLATIONS:04d}_framework_translations"
V5_SQL = """
ALTER TABLE frameworks ADD COLUMN translations TEXT;
ALTER TABLE dimensions ADD COLUMN translations TEXT;
ALTER TABLE levels ADD COLUMN translations TEXT;
ALTER TABLE descriptors ADD COLUMN translations TEXT;
"""


@migrations(name=FRAMEWORK_TRANSLATIONS_NAME)
def m0005_framework_translations(db: sqlite_utils.Database) -> None:
    _run(db, V5_SQL)
    translate_default_frameworks(db.conn)
    db.execute(f"PRAGMA user_version = {FRAMEWORK_TRANSLATIONS}")


def translate_default_frameworks(conn: sqlite3.Connection) -> int:
    """Give every unchanged copy of the default framework the translations of today's
    default; returns how many were. Only a copy whose every text and level is one
    shipped English wording of the default, word for word, is touched, and then only
    its `translations` columns (its own text, times and undo history stay as they were)."""
    from equitycohort.data.default_framework import english_editions

    editions = english_editions()
    translated = 0
    for (framework_id,) in conn.execute("SELECT id FROM frameworks WHERE translations IS NULL").fetchall():
        found = _framework_as_stored(conn, framework_id)
        for edition in editions:
            if _is_unchanged(found, edition):
                _add_translations(conn, found, edition)
                translated += 1
                break
    return translated


def _framework_as_stored(conn: sqlite3.Connection, framework_id: str) -> dict:
    """A framework's own text as the file holds it, with the ids of its records."""
    row = conn.execute("SELECT id, name, description, source, licence FROM frameworks WHERE id = ?",
                       (framework_id,)).fetchone()
    levels = {rank: (level_id, name, translations) for level_id, rank, name, translations in conn.execute(
        "SELECT id, rank, name, translations FROM levels WHERE framework_id = ?", (framework_id,))}
    rank_of = {level_id: rank for rank, (level_id, _name, _t) in levels.items()}
    dimensions = []
    for dimension_id, name, description, translations in conn.execute(
            "SELECT id, name, description, translations FROM dimensions WHERE framework_id = ?", (framework_id,)):
        descriptors = {}
        for descriptor_id, level_id, text, descriptor_translations in conn.execute(
                "SELECT id, level_id, text, translations FROM descriptors WHERE dimension_id = ?", (dimension_id,)):
            descriptors[rank_of.get(level_id)] = (descriptor_id, text, descriptor_translations)
        dimensions.append({"id": dimension_id, "name": name, "description": description,
                           "translations": translations, "descriptors": descriptors})
    return {"id": row[0], "name": row[1], "description": row[2], "source": row[3], "licence": row[4],
            "levels": levels, "dimensions": dimensions}


def _is_unchanged(found: dict, edition: dict) -> bool:
    """Whether a stored framework is, word for word, this edition of the default (in any order
    of dimensions), with no translations of its own yet."""
    if any(found[key] != edition[key] for key in ("name", "description", "source", "licence")):
        return False
    if {rank: name for rank, (_id, name, _t) in found["levels"].items()} != \
            {level["rank"]: level["name"] for level in edition["levels"]}:
        return False
    if any(t is not None for _id, _name, t in found["levels"].values()):
        return False
    expected = {dim["name"]: dim for dim in edition["dimensions"]}
    if len(found["dimensions"]) != len(expected):
        return False
    for dim in found["dimensions"]:
        shipped = expected.pop(dim["name"], None)
        if shipped is None or dim["description"] != shipped["description"] or dim["translations"] is not None:
            return False
        texts = {rank: text for rank, (_id, text, _t) in dim["descriptors"].items()}
        if texts != shipped["descriptors"] or any(t is not None for _i, _x, t in dim["descriptors"].values()):
            return False
    return not expected


def _add_translations(conn: sqlite3.Connection, found: dict, edition: dict) -> None:
    from equitycohort.data.schema import KINDS
    from equitycohort.data.validation import clean_value

    def stored(table: str, translations: dict) -> object:
        """Translations as the write door stores them."""
        value, problem = clean_value(KINDS[table].field("translations"), translations)
        if problem:
            raise ValueError(f"the default framework's translations are refused: {problem}")
        return value

    def picked(translations: dict, keys: tuple[str, ...]) -> dict:
        return {language: {k: v for k, v in texts.items() if k in keys}
                for language, texts in translations.items()}

    conn.execute("UPDATE frameworks SET translations = ? WHERE id = ?", (
        stored("frameworks", picked(edition["translations"], ("name", "description", "source"))), found["id"]))
    for level in edition["levels"]:
        conn.execute("UPDATE levels SET translations = ? WHERE id = ?", (
            stored("levels", level["translations"]), found["levels"][level["rank"]][0]))
    shipped = {dim["name"]: dim for dim in edition["dimensions"]}
    for dim in found["dimensions"]:
        translations = shipped[dim["name"]]["translations"]
        conn.execute("UPDATE dimensions SET translations = ? WHERE id = ?", (
            stored("dimensions", picked(translations, ("name", "description"))), dim["id"]))
        for rank, (descriptor_id, _text, _t) in dim["descriptors"].items():
            conn.execute("UPDATE descriptors SET translations = ? WHERE id = ?", (
                stored("descriptors", {language: {"text": texts["descriptors"][rank]}
                                       for language, texts in translations.items()}), descriptor_id))

# Version 6: sharing changes between offline copies (data/sharing/). The
# workspace gets an origin: copies of one workspace (a file copy, an e-mail
# attachment, Save a Copy) share it, and changes files are accepted only
# between copies of one origin. A workspace made before this version takes an
# origin made from the moment it was created (meta 'created'), so that copies
# made of it before they were updated, and updated apart, still agree.
#
# sync_state: per record ever changed since (or reached by a merge): its
#   registers (who last wrote each field group, when, and what they had seen),
#   and the record as merged ("raw"), whether the workspace shows it as is
#   (state ''), with a reference to a record no longer there emptied ('nulled'),
#   not at all ('hidden': its parent is gone, it clashes with another record,
#   or it would break a rule) or deleted ('dead').
# sync_journal: every local change, with its author and time, in order: what
#   Share My Changes sends.
# sync_authors: the people whose changes this copy holds, from their files.
# sync_conflicts: each change a merge did not keep (or kept over another), for
#   the Review changes panel, until someone settles it.
# sync_imports: each changes file imported, by checksum.
V6_SQL = """
CREATE TABLE sync_state (
    tbl TEXT NOT NULL,
    id TEXT NOT NULL,
    regs TEXT NOT NULL,
    raw TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tbl, id)
) WITHOUT ROWID;
CREATE INDEX idx_sync_state_unshown ON sync_state(tbl, state) WHERE state != '';
CREATE TABLE sync_journal (
    seq INTEGER PRIMARY KEY,
    stamp TEXT NOT NULL,
    author TEXT NOT NULL,
    tbl TEXT NOT NULL,
    id TEXT NOT NULL,
    op TEXT NOT NULL,
    fields TEXT NOT NULL
);
CREATE INDEX idx_sync_journal_author ON sync_journal(author, seq);
CREATE TABLE sync_authors (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    organization TEXT NOT NULL,
    seen TEXT NOT NULL
);
CREATE TABLE sync_conflicts (
    id TEXT PRIMARY KEY NOT NULL,
    tbl TEXT NOT NULL,
    record_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fields TEXT NOT NULL,
    mine TEXT,
    theirs TEXT,
    before TEXT,
    mine_author TEXT,
    mine_stamp TEXT,
    theirs_author TEXT,
    theirs_stamp TEXT,
    kept TEXT NOT NULL,
    reason TEXT NOT NULL,
    found TEXT NOT NULL,
    resolved TEXT
);
CREATE INDEX idx_sync_conflicts_record ON sync_conflicts(tbl, record_id);
CREATE TABLE sync_imports (
    sha256 TEXT PRIMARY KEY NOT NULL,
    author TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    imported TEXT NOT NULL,
    counts TEXT NOT NULL
);
"""


@migrations(name="0006_sharing")
def m0006_sharing(db: sqlite_utils.Database) -> None:
    import hashlib
    import uuid

    _run(db, V6_SQL)
    created = db.execute("SELECT value FROM meta WHERE key = 'created'").fetchone()
    if created and created[0]:
        origin = hashlib.sha256(f"equitycohort-origin:{created[0]}".encode()).hexdigest()[:32]
    else:
        origin = uuid.uuid4().hex
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('origin', ?)", (origin,))
    db.execute("PRAGMA user_version = 6")


#: the user_version each migration leaves behind, in order
VERSIONS = {"0001_initial": 1, "0002_search": 2, "0003_calendar": 3, "0004_team_settings": 4,
            FRAMEWORK_TRANSLATIONS_NAME: FRAMEWORK_TRANSLATIONS, "0006_sharing": 6}
