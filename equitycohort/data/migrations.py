"""Numbered schema migrations, each in its own transaction.

A migration, once released, never changes: later schema changes are new
migrations. ``tests/fixtures/`` keeps a sample workspace of each released
schema and a test migrates every one of them.
"""

from __future__ import annotations

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


@migrations(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    for statement in V1_SQL.split(";\n"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")


#: the user_version each migration leaves behind, in order
VERSIONS = {"0001_initial": 1}
