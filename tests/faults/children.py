"""Child processes for the fault tests, and the workspace dump they share.

Run as ``python -m tests.faults.children KIND ARGS...`` from the repository
root. Each child talks to its parent only through lines on stdout, flushed
one by one, so the parent can pick the moment it kills the child without
sleeping:

``mixed PATH SEED ROUND``
    A never-ending stream of mixed writes (inserts, updates, deletes,
    operations of many rows, refused writes, undo, redo). Before each write it
    prints ``next N OUTCOME WHAT DIGEST``: the digest the file will have once
    write N is committed, worked out first on an in-memory twin of the
    workspace; ``commit N`` as the write's COMMIT goes out and ``committed N``
    once it is done (not for a refused write); after the write returns,
    ``ack N DIGEST``. It starts with ``ack 0 DIGEST``, the state it found.

``roster PATH COHORT CSV``
    One roster import; prints ``insert K`` after each row written inside the
    import's transaction, ``commit`` just before the COMMIT, ``committed``
    after it and ``done DIGEST`` once ``import_roster`` returned.

``hold PATH``
    Opens the workspace and obeys commands on stdin, one a line: ``write
    NAME`` (prints ``wrote DIGEST``), ``close`` (prints ``closed DIGEST`` and
    exits).

``close PATH WRITES SIZE [LIMIT]``
    A few acknowledged writes (``ack N DIGEST``), then ``closing DIGEST`` and the
    close, whose checkpoint the parent kills (or LIMIT stops) part way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import sqlite3
import sys
from pathlib import Path

#: the storage tables of an FTS5 index: its content is checked through the
#: virtual table itself (every column of every entry), while these hold the
#: index's internal b-tree, which depends on the order of past edits
FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")


def dump(conn: sqlite3.Connection) -> dict:
    """Everything a workspace holds, comparable: schema, header values, every
    row of every table (in the order of its values, rowids left out: they are
    SQLite's bookkeeping, not records), the search index's entries."""
    raw, conn = conn, _plain(conn)
    # the schema is read again only when it changed (its version moves on
    # every schema change), the connection kept so that its id stays its own
    key = (id(raw), conn.execute("PRAGMA schema_version").fetchone()[0])
    if key not in _masters:
        _masters[key] = raw, tuple(sorted(tuple(r) for r in conn.execute(
            "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master")))
    master = _masters[key][1]
    out: dict = {
        "sqlite_master": master,
        "user_version": conn.execute("PRAGMA user_version").fetchone()[0],
        "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
    }
    for name, sql in _queries(conn, master):
        out[name] = conn.execute(sql).fetchall()
    return out


_masters: dict[tuple[int, int], tuple[sqlite3.Connection, tuple]] = {}
_plans: dict[tuple, list[tuple[str, str]]] = {}


def _queries(conn, master: tuple) -> list[tuple[str, str]]:
    """(table, SELECT ordered by every column) for each table of a schema."""
    if master not in _plans:
        virtual = [name for kind, name, _, sql in master
                   if kind == "table" and sql.upper().startswith("CREATE VIRTUAL")]
        shadows = {v + s for v in virtual for s in FTS5_SHADOWS}
        plan = []
        for kind, name, _, _ in master:
            if kind != "table" or name in shadows or name.startswith("sqlite_"):
                continue
            columns = len(conn.execute(f'SELECT * FROM "{name}" LIMIT 0').description)
            order = ", ".join(str(k) for k in range(1, columns + 1))
            plan.append((name, f'SELECT * FROM "{name}" ORDER BY {order}'))
        _plans[master] = plan
    return _plans[master]


def digest(conn: sqlite3.Connection) -> str:
    return hashlib.sha256(repr(sorted(dump(conn).items())).encode("utf-8", "surrogatepass")).hexdigest()


def file_digest(path: Path | str) -> str:
    """The digest of a workspace file as SQLite reads it (through its WAL), read-only."""
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return digest(conn)
    finally:
        conn.close()


class _plain:
    """A cursor source that yields plain tuples whatever the connection's row factory."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def execute(self, sql: str, params: tuple = ()):
        cursor = self._conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# --- mixed writes ----------------------------------------------------------------

STATES = ("IA", "NE", "KS", "MO", "MN", "WI", "CO", "TX", "CA", "NY", "OH", "PA", "GA", "NM")


class Clock:
    """Fixed timestamps and ids per write, so that the twin and the real
    workspace store exactly the same rows."""

    def __init__(self, round_no: int):
        self.base = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=round_no)
        self.stamp = ""
        self._ids = iter(())
        self.round_no = round_no

    def start(self, n: int) -> None:
        self.stamp = (self.base + dt.timedelta(seconds=n)).isoformat(timespec="milliseconds")
        self._ids = (f"r{self.round_no}w{n}n{k}" for k in itertools.count())

    def new_id(self) -> str:
        return next(self._ids)


def _ids(ws, sql: str, params: tuple = ()) -> list[str]:
    return [r[0] for r in ws.conn.execute(sql, params)]


def choose_write(rng: random.Random, ws):
    """A write (label, function of a workspace) picked from what ``ws`` holds."""
    programs = _ids(ws, "SELECT id FROM programs ORDER BY id")
    cohorts = _ids(ws, "SELECT id FROM cohorts ORDER BY id")
    teams = _ids(ws, "SELECT id FROM teams ORDER BY id")
    people = _ids(ws, "SELECT id FROM people ORDER BY id")
    goals = _ids(ws, "SELECT id FROM goals ORDER BY id")
    choices = [("add program", 3), ("undo", 6), ("redo", 4), ("refused", 2)]
    if programs:
        choices += [("add cohort", 3), ("edit program", 2), ("delete program", 1)]
    if cohorts:
        choices += [("add team", 5), ("delete cohort", 1)]
    if teams:
        choices += [("edit team leaders", 3), ("delete team", 2), ("add goal", 3), ("duplicate state", 1)]
    if people:
        choices += [("edit person", 4), ("delete person", 2)]
    if goals:
        choices += [("delete goal", 1)]
    names, weights = zip(*choices, strict=True)
    what = rng.choices(names, weights)[0]
    size = rng.choice((0, 10, 200, 3000, 20000))
    text = "".join(rng.choice("abcdefgh ijklm\n") for _ in range(min(size, 300))) * max(1, size // 300)

    if what == "add program":
        values = {"name": f"Program {rng.randrange(10**6)}", "description": text}
        return what, lambda ws: ws.insert("programs", values)
    if what == "undo":
        return what, lambda ws: ws.undo()
    if what == "redo":
        return what, lambda ws: ws.redo()
    if what == "refused":
        bad = rng.choice([
            ("cohorts", {"program_id": "missing", "name": "C", "start_date": "2026-01-01",
                         "end_date": "2026-02-01"}),
            ("programs", {"name": ""}),
            ("people", {"name": "P", "email": "not an e-mail"}),
        ])
        return what, lambda ws: ws.insert(*bad)
    if what == "add cohort":
        program = rng.choice(programs)
        values = {"program_id": program, "name": f"Cohort {rng.randrange(1000)}", "start_date": "2026-01-13",
                  "end_date": "2026-07-13", "notes": text}
        return what, lambda ws: ws.insert("cohorts", values)
    if what == "edit program":
        program = rng.choice(programs)
        values = {"organization": f"Org {rng.randrange(1000)}", "description": text}
        return what, lambda ws: ws.update("programs", program, values)
    if what == "delete program":
        program = rng.choice(programs)
        return what, lambda ws: ws.delete("programs", program)
    if what == "add team":
        cohort = rng.choice(cohorts)
        used = set(_ids(ws, "SELECT state FROM teams WHERE cohort_id = ?", (cohort,)))
        free = [s for s in STATES if s not in used]
        if not free:
            return "delete cohort", lambda ws: ws.delete("cohorts", cohort)
        state = rng.choice(free)
        leaders = rng.randint(1, 8)

        def add_team(ws):
            with ws.operation("Add team with leaders") as op:
                team = op.insert("teams", {"cohort_id": cohort, "state": state, "organization": f"{state} org",
                                           "notes": text})
                for k in range(leaders):
                    person = op.insert("people", {"name": f"{state} leader {k}", "notes": text[: 50 * k]})
                    op.insert("team_members", {"team_id": team, "person_id": person, "position": k,
                                               "is_executive_director": int(k == 0)})
        return what, add_team
    if what == "delete cohort":
        cohort = rng.choice(cohorts)
        return what, lambda ws: ws.delete("cohorts", cohort)
    if what == "edit team leaders":
        team = rng.choice(teams)
        members = _ids(ws, "SELECT person_id FROM team_members WHERE team_id = ? ORDER BY person_id", (team,))
        suffix = rng.randrange(1000)

        def edit_all(ws):
            with ws.operation("Edit the team's leaders") as op:
                op.update("teams", team, {"notes": text})
                for person in members:
                    op.update("people", person, {"title": f"Title {suffix}", "notes": text[: len(text) // 2]})
        return what, edit_all
    if what == "delete team":
        team = rng.choice(teams)
        return what, lambda ws: ws.delete("teams", team)
    if what == "add goal":
        team = rng.choice(teams)
        owner = rng.choice(people) if people else None
        actions = rng.randint(0, 5)

        def add_goal(ws):
            with ws.operation("Add goal with actions") as op:
                goal = op.insert("goals", {"team_id": team, "title": "Goal", "description": text})
                for k in range(actions):
                    op.insert("actions", {"goal_id": goal, "title": f"Action {k}", "owner_id": owner,
                                          "position": k})
        return what, add_goal
    if what == "duplicate state":
        team = rng.choice(teams)
        row = ws.get("teams", team)
        return what, lambda ws: ws.insert("teams", {"cohort_id": row["cohort_id"], "state": row["state"],
                                                    "organization": "Twin"})
    if what == "edit person":
        person = rng.choice(people)
        values = {"name": f"Person {rng.randrange(10**6)}", "notes": text, "phone": str(rng.randrange(10**9))}
        return what, lambda ws: ws.update("people", person, values)
    if what == "delete person":
        person = rng.choice(people)
        return what, lambda ws: ws.delete("people", person)
    if what == "delete goal":
        goal = rng.choice(goals)
        return what, lambda ws: ws.delete("goals", goal)
    raise AssertionError(what)


def run_mixed(path: str, seed: int, round_no: int, limit: int = 100_000) -> int:
    import equitycohort.data.workspace as workspace
    from equitycohort.data.errors import ValidationError

    clock = Clock(round_no)
    workspace.now_iso = lambda: clock.stamp
    workspace.new_id = clock.new_id

    real = workspace.open_workspace(path, backups=False)
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    real.conn.backup(memory)
    announcer = real.conn = AnnouncingConnection(real.conn)
    memory.execute("PRAGMA foreign_keys = ON")
    twin = workspace.Workspace(Path(path), memory, read_only=False)
    rng = random.Random(seed)
    emit(f"ack 0 {digest(real.conn)}")

    def attempt(n: int, write, ws) -> str:
        clock.start(n)
        try:
            write(ws)
        except ValidationError:
            return "refused"
        return "done"

    for n in range(1, limit):
        label, write = choose_write(rng, twin)
        outcome = attempt(n, write, twin)
        expected = digest(twin.conn)
        emit(f"next {n} {outcome} {label.replace(' ', '_')} {expected}")
        announcer.tag = f" {n}"
        if attempt(n, write, real) != outcome:
            emit(f"diverged {n}")
            return 5
        emit(f"ack {n} {expected}")
    return 0


# --- roster import ------------------------------------------------------------------


class AnnouncingConnection:
    """Passes everything to the real connection; says when the COMMIT goes
    out (``commit``) and when it is done (``committed``), each followed by
    ``tag``."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.tag = ""

    def execute(self, sql, *args):
        if sql == "COMMIT":
            emit(f"commit{self.tag}")
            result = self._conn.execute(sql, *args)
            emit(f"committed{self.tag}")
            return result
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def run_roster(path: str, cohort: str, csv_path: str) -> int:
    from equitycohort.data import workspace
    from equitycohort.data.roster import import_roster

    inserted = itertools.count(1)
    real_insert = workspace.Operation.insert

    def insert(self, table, values):
        row_id = real_insert(self, table, values)
        emit(f"insert {next(inserted)}")
        return row_id

    workspace.Operation.insert = insert
    ws = workspace.open_workspace(path, backups=False)
    conn = ws.conn
    ws.conn = AnnouncingConnection(conn)
    emit("start")
    plan = import_roster(ws, cohort, Path(csv_path))
    if not plan.applied:
        emit("not applied: " + " | ".join(plan.report()))
        return 4
    emit(f"done {digest(conn)}")
    ws.conn = conn
    sys.stdin.read()  # stay open until killed
    return 0


# --- a holder that writes on command -------------------------------------------------


def run_hold(path: str) -> int:
    from equitycohort.data.workspace import open_workspace

    ws = open_workspace(path, backups=False)
    emit(f"ready {digest(ws.conn)}")
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "write":
            with ws.operation("Write on command") as op:
                program = op.insert("programs", {"name": arg, "description": arg * 500})
                op.insert("cohorts", {"program_id": program, "name": arg, "start_date": "2026-01-01",
                                      "end_date": "2026-02-01"})
            emit(f"wrote {digest(ws.conn)}")
        elif command == "close":
            final = digest(ws.conn)
            ws.close()
            emit(f"closed {final}")
            return 0
    return 3


# --- closing: the checkpoint that closing a workspace makes -------------------------------


def run_close(path: str, writes: str, size: str, limit: str = "") -> int:
    """Write WRITES programs of SIZE characters each (one operation each, acknowledged
    as ``ack N DIGEST``), then close the workspace: the last connection's close
    checkpoints the WAL into the file (page 1 first, the pages that make the file
    grow after). ``closing DIGEST`` is printed as the close begins, ``closed`` once
    it returned. With LIMIT, the file may grow to at most LIMIT bytes more than it
    has (a full disk, as RLIMIT_FSIZE makes it): the checkpoint stops part way."""
    import resource
    import signal

    from equitycohort.data.workspace import open_workspace

    ws = open_workspace(path, backups=False)
    emit(f"ack 0 {digest(ws.conn)}")
    for n in range(1, int(writes) + 1):
        ws.insert("programs", {"name": f"Closing {n}", "description": f"{n} " * (int(size) // 2)})
        emit(f"ack {n} {digest(ws.conn)}")
    final = digest(ws.conn)
    if limit:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead
        room = Path(path).stat().st_size + int(limit)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, resource.RLIM_INFINITY))
    emit(f"closing {final}")
    ws.close()
    emit("closed")
    return 0


def main(argv: list[str]) -> int:
    kind, *args = argv
    if kind == "close":
        return run_close(*args)
    if kind == "mixed":
        return run_mixed(args[0], int(args[1]), int(args[2]))
    if kind == "roster":
        return run_roster(*args)
    if kind == "hold":
        return run_hold(*args)
    raise SystemExit(f"unknown child {kind}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
