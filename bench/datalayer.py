"""Data-layer timings in one process; prints JSON (run by bench/run.py).

Every figure is one call on a read-only workspace (the app's own connection
type), timed with time.perf_counter after one untimed warm-up call; the floor
is ``SELECT 1`` on the same connection, timed the same way.

    python bench/datalayer.py WORKSPACE [--reps N] [--profile-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

#: (label, query): one word, two words, a prefix, non-Latin names
SEARCHES = (
    ("one word", "budget"),
    ("two words", "family engagement"),
    ("a prefix", "equi"),
    ("a Cyrillic name", "Коваленко"),
    ("a Chinese name", "王芳"),
)


def cases(ws) -> list[tuple[str, str, object]]:
    """(key, description, zero-argument call) for every figure."""
    from equitycohort.data.attention import attention
    from equitycohort.data.checkins import team_checkins
    from equitycohort.data.search import search
    from equitycohort.data.states import state_name
    from equitycohort.data.workplans import load_workplan

    out = []
    notes = ws.query("SELECT count(*) FROM search_index")[0][0]
    for label, text in SEARCHES:
        hits = len(search(ws, text))
        out.append((f"search:{text}", f"search, {label}: “{text}” ({hits} hit{'s' if hits != 1 else ''} in {notes:,} indexed records)",
                    lambda text=text: search(ws, text)))
    team, goals, actions, state = ws.query(
        "SELECT t.id, count(DISTINCT g.id) AS n, count(a.id) AS m, t.state FROM teams t "
        "JOIN goals g ON g.team_id = t.id LEFT JOIN actions a ON a.goal_id = g.id "
        "GROUP BY t.id ORDER BY n DESC, m DESC, t.id LIMIT 1")[0]
    out.append(("load_workplan", f"load_workplan, team with most goals ({state_name(state)}: "
                f"{goals} goals, {actions} actions)", lambda: load_workplan(ws, team)))
    team, n, state = ws.query(
        "SELECT c.team_id, count(*) AS n, t.state FROM checkins c JOIN teams t ON t.id = c.team_id "
        "GROUP BY c.team_id ORDER BY n DESC, c.team_id LIMIT 1")[0]
    out.append(("team_checkins", f"team_checkins, team with most check-ins ({state_name(state)}: {n})",
                lambda: team_checkins(ws, team)))
    items = sum(len(v) for v in attention(ws).values())
    out.append(("attention", f"attention(ws), all live cohorts ({items} items)", lambda: attention(ws)))
    return out


def timed(call, reps: int) -> list[float]:
    call()
    samples = []
    for _ in range(reps):
        t0 = time.perf_counter()
        call()
        samples.append(time.perf_counter() - t0)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace")
    parser.add_argument("--reps", type=int, default=25)
    parser.add_argument("--profile-dir", help="instead of timing, write a cProfile of each figure's "
                        "calls to DIR/KEY.prof")
    args = parser.parse_args()

    from equitycohort.data.workspace import open_read_only

    ws = open_read_only(args.workspace)
    try:
        found = cases(ws)
        if args.profile_dir:
            import cProfile

            for key, _, call in found:
                call()
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.reps):
                    call()
                profiler.disable()
                profiler.dump_stats(f"{args.profile_dir}/{key.replace(':', '-')}.prof")
            return 0
        floor = timed(lambda: ws.query("SELECT 1"), max(args.reps, 100))
        result = {"floor": floor, "cases": [
            {"key": key, "what": what, "samples": timed(call, args.reps)} for key, what, call in found]}
    finally:
        ws.close()
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
