"""Sharing changes at scale, in one process; prints JSON (run by bench/run.py).

Two copies of a workspace (the 70-cohort demo): in Jo's, 2,000 records are
changed through the write door (check-in summaries and private notes, team
notes, people's phones, goals' current values, new people, deleted next steps);
in Maria's, 100 of the same check-in summaries are changed too, so the import
also merges conflicts. Timed with time.perf_counter, each repetition on fresh
copies:

- export: ``export_changes`` of Jo's 2,000 changed records; floor: reading the
  same 2,000 records with plain SQL on the same connection;
- import: ``import_changes`` of that file into Maria's copy (one undoable
  step, 100 conflicts listed); floor: writing the same 2,000 records with the
  door's plain row write (no checks, no registers) in one transaction on
  Maria's connection, then rolled back: what any import must at least do;
- the file's size; floor: the same records as plain JSON, uncompressed.

    python bench/sharing.py WORKSPACE [--reps N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

CHANGES = 2000
CONFLICTS = 100


def edit_jo(ws) -> list[tuple[str, str]]:
    """2,000 changes through the door, as a day of a busy facilitator would not make; the records changed."""
    changed: list[tuple[str, str]] = []
    checkins = [r[0] for r in ws.query("SELECT id FROM checkins ORDER BY id LIMIT 900")]
    teams = [r[0] for r in ws.query("SELECT id FROM teams ORDER BY id LIMIT 300")]
    people = [r[0] for r in ws.query("SELECT id FROM people ORDER BY id LIMIT 400")]
    goals = [r[0] for r in ws.query("SELECT id FROM goals ORDER BY id LIMIT 200")]
    steps = [r[0] for r in ws.query("SELECT id FROM next_steps ORDER BY id LIMIT 100")]
    with ws.operation("Jo's day") as op:
        for n, row_id in enumerate(checkins):
            op.update("checkins", row_id, {"summary": f"Follow-up {n}: the team agreed the next steps.",
                                           "private_notes": f"Private note {n}"})
            changed.append(("checkins", row_id))
        for n, row_id in enumerate(teams):
            op.update("teams", row_id, {"notes": f"Jo's notes {n}"})
            changed.append(("teams", row_id))
        for n, row_id in enumerate(people):
            op.update("people", row_id, {"phone": f"(515) 555-{n:04d}"})
            changed.append(("people", row_id))
        for n, row_id in enumerate(goals):
            op.update("goals", row_id, {"current": 1000.0 + n})
            changed.append(("goals", row_id))
        for row_id in steps:
            op.delete("next_steps", row_id)
            changed.append(("next_steps", row_id))
        n = 0
        while len(set(changed)) < CHANGES:
            changed.append(("people", op.insert("people", {"name": f"New leader {n}", "kind": "leader"})))
            n += 1
    return list(dict.fromkeys(changed))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()

    from equitycohort.data.sharing.changesfile import Author
    from equitycohort.data.sharing.exchange import export_changes, import_changes
    from equitycohort.data.workspace import open_workspace

    jo = Author("b" * 32, "Jo Park", "Policy Center")
    tmp = Path(tempfile.mkdtemp(prefix="ec-bench-sharing-"))
    out: dict = {"export": [], "export_floor": [], "import": [], "import_floor": [], "size": 0,
                 "size_floor": 0, "conflicts": 0, "records": 0}
    try:
        base_jo, base_maria = tmp / "jo.ecw", tmp / "maria.ecw"
        shutil.copyfile(args.workspace, base_jo)
        shutil.copyfile(args.workspace, base_maria)
        with open_workspace(base_maria, backups=False) as ws:
            ws.author = "a" * 32
            with ws.operation("Maria's day") as op:
                for n, (row_id,) in enumerate(ws.query("SELECT id FROM checkins ORDER BY id LIMIT ?", (CONFLICTS,))):
                    op.update("checkins", row_id, {"summary": f"Maria's summary {n}"})
            ws.checkpoint()
        with open_workspace(base_jo, backups=False) as ws:
            ws.author = jo.id
            changed = edit_jo(ws)
            ws.checkpoint()
        records = [(t, i) for t, i in changed]
        for rep in range(-1, args.reps):  # one warm-up
            copy = tmp / f"jo-{rep}.ecw"
            shutil.copyfile(base_jo, copy)
            target = tmp / f"jo-{rep}.ecchanges"
            with open_workspace(copy, backups=False) as ws:
                ws.author = jo.id
                t0 = time.perf_counter()
                report = export_changes(ws, target, jo)
                elapsed = time.perf_counter() - t0
                t0 = time.perf_counter()
                plain = [ws.rows(f"SELECT * FROM {t} WHERE id = ?", (i,)) for t, i in records]
                floor = time.perf_counter() - t0
            if rep >= 0:
                out["export"].append(elapsed)
                out["export_floor"].append(floor)
            out["records"] = report.records
            out["size"] = target.stat().st_size
            out["size_floor"] = len(json.dumps(plain, default=str).encode("utf-8"))
            maria = tmp / f"maria-{rep}.ecw"
            shutil.copyfile(base_maria, maria)
            with open_workspace(maria, backups=False) as ws:
                t0 = time.perf_counter()
                done = import_changes(ws, target)
                elapsed = time.perf_counter() - t0
                out["conflicts"] = done.conflicts
                out["counts"] = [done.new, done.updated, done.deleted]
                rows = [r for rows in plain for r in rows]
                t0 = time.perf_counter()
                ws.conn.execute("BEGIN IMMEDIATE")
                for (table, row_id), row in zip(records, plain, strict=True):
                    ws._write_row(table, row_id, row[0] if row else None)
                ws.conn.execute("ROLLBACK")
                floor = time.perf_counter() - t0
                assert rows
            if rep >= 0:
                out["import"].append(elapsed)
                out["import_floor"].append(floor)
            for path in (copy, maria, target):
                for side in ("", "-wal", "-shm"):
                    Path(str(path) + side).unlink(missing_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
