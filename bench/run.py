"""Benchmarks at scale: print a table and write it to BENCHMARKS.md.

    .venv/bin/python bench/run.py [--quick] [--out BENCHMARKS.md]

Builds a 70-cohort demo workspace and a 1-cohort one in a temporary folder,
then measures start-up, memory, screen switches, data-layer calls, PDF
exports and the workspace commands. Every figure is a median over repeated
runs, shown beside a floor measured in the same run (the ratio is
median / floor), with its target and whether it is met. Figures that miss a
target are profiled (cProfile, ``-X importtime``) and summarised under
"Where the time goes". Standard library only, besides the project itself.

Process figures are wall-clock times of whole commands (``python -m
equitycohort ...``, with bytecode caching on and, except with ``--quick``, one
untimed warm-up run of each), the commands of a group run in turn, round after round, so a busy
moment hits them all alike; peak memory is the child's max RSS from
``os.wait4``. In-process figures come from child processes (bench/screens.py,
bench/datalayer.py) timing calls with ``time.perf_counter``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import profiling  # noqa: E402

NOTES_START, NOTES_END = "<!-- notes -->", "<!-- /notes -->"
SCREEN_TARGET = 0.050
DATA_TARGET = 0.050
#: sharing 2,000 changed records between copies of the 70-cohort workspace (issue 15)
SHARING_TARGET = 1.0
SHARING_SIZE_TARGET = 1.0  # MB
#: `export workplan` as a whole command, against a one-page reportlab process (issue 13)
WORKPLAN_RATIO = 2.0
STARTUP_RATIO = 1.5
MEMORY_RATIO = 1.5
#: the commit whose start-up measured 1.73x the bare window (BENCHMARKS.md of 2026-11-23), which issue 11
#: asks not to regress: ratios move with the machine, so it is measured again in the same rounds
BASELINE = "7292c10"


class BenchError(RuntimeError):
    pass


@dataclass
class Settings:
    quick: bool
    process_runs: int
    big_demo_runs: int
    screen_processes: int
    screen_rounds: int
    data_reps: int
    warm_ups: bool
    startup_runs: int = 21
    baseline: bool = True  # measure BASELINE's start-up in the same rounds

    @classmethod
    def make(cls, quick: bool, baseline: bool = True) -> Settings:
        if quick:
            return cls(True, process_runs=3, big_demo_runs=1, screen_processes=1, screen_rounds=4, data_reps=8,
                       warm_ups=False, startup_runs=3, baseline=baseline)
        return cls(False, process_runs=7, big_demo_runs=3, screen_processes=4, screen_rounds=8, data_reps=25,
                   warm_ups=True, baseline=baseline)


@dataclass
class Row:
    section: str
    what: str
    median: float
    floor: float | None
    unit: str = "s"  # "s" or "MB"
    target: str = "—"
    met: bool | None = None
    samples: int = 0
    short: str = ""  # a name for the summary line
    profile: object = None  # a callable returning markdown lines, run when the target is missed

    @property
    def ratio(self) -> float | None:
        return self.median / self.floor if self.floor else None


@dataclass
class Bench:
    settings: Settings
    tmp: Path
    env: dict
    rows: list[Row] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    # --- running processes -------------------------------------------------

    def run(self, argv: list[str], *, env: dict | None = None,
            cwd: Path | None = None) -> tuple[float, float, str, str]:
        """Run a child to completion: (wall seconds, peak RSS in MB, stdout, stderr)."""
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            child = subprocess.Popen(argv, env=env or self.env, cwd=cwd or self.tmp, stdout=out, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - t0
            child.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        if child.returncode != 0:
            raise BenchError(f"{' '.join(map(str, argv))} exited with {child.returncode}:\n{stderr[-2000:]}")
        return elapsed, usage.ru_maxrss / 1024, stdout, stderr

    def rounds(self, cases: dict[str, object], runs: int, warm_up: bool | None = None) -> dict[str, list[tuple]]:
        """Run every case once to warm up, then ``runs`` rounds of each case in turn.

        A case is a function of the run number returning (argv, cleanup-or-None), or
        (argv, cleanup-or-None, env) to run with an environment of its own.
        """
        if warm_up is None:
            warm_up = self.settings.warm_ups
        results: dict[str, list[tuple]] = {name: [] for name in cases}
        for i in range(-1 if warm_up else 0, runs):
            for name, make in cases.items():
                argv, cleanup, *env = make(i)
                elapsed, rss, _, _ = self.run(argv, env=env[0] if env else None)
                if cleanup:
                    cleanup()
                if i >= 0:
                    results[name].append((elapsed, rss))
        return results

    # --- the table ----------------------------------------------------------

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row


def ec(*args: str) -> list[str]:
    return [sys.executable, "-m", "equitycohort", *map(str, args)]


def median(values) -> float:
    return statistics.median(values)


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        ms = seconds * 1000
        return f"{ms:.0f} ms" if ms >= 100 else (f"{ms:.1f} ms" if ms >= 10 else f"{ms:.2f} ms")
    return f"{seconds * 1e6:.1f} µs"


def fmt(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB" if value >= 10 else f"{value:.2f} MB"
    return fmt_time(value)


def fmt_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "—"
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:,.0f}x"


def mark(met: bool | None) -> str:
    return "—" if met is None else ("yes" if met else "**no**")


def remove(path: Path):
    def cleanup():
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            for side in ("", "-wal", "-shm"):
                Path(str(path) + side).unlink(missing_ok=True)
    return cleanup


def list_ids(bench: Bench, what: str, path: Path, cohort: str | None = None) -> list[tuple[str, str]]:
    argv = ec("list", what, path) + (["--cohort", cohort] if cohort else [])
    _, _, out, _ = bench.run(argv)
    return [tuple(line.split("\t", 1)) for line in out.splitlines() if "\t" in line]


# --- sections ---------------------------------------------------------------

def build_workspaces(bench: Bench) -> None:
    # the project's bytecode cache, as any second run of the app has it
    bench.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "equitycohort")])
    big, one = bench.tmp / "big.ecw", bench.tmp / "one.ecw"
    elapsed, _, _, _ = bench.run(ec("demo", big, "--cohorts", "70"))
    bench.facts["big_demo_first"] = elapsed
    bench.run(ec("demo", one))
    bench.facts["big"], bench.facts["one"] = big, one
    _, _, info, _ = bench.run(ec("info", big))
    bench.facts["big_info"] = dict(line.split(": ", 1) for line in info.splitlines() if ": " in line)
    bench.facts["big_size"] = big.stat().st_size / 1e6


def baseline_tree(bench: Bench, rev: str) -> tuple[Path, Path, dict] | None:
    """The tree of ``rev`` (git archive), its bytecode compiled, and a 70-cohort demo made by its own code
    (a workspace of the schema it reads): (source folder, workspace, environment), or None without git."""
    dest = bench.tmp / "baseline"
    dest.mkdir()
    try:
        # the whole tree: the package finds its fonts and icons in resources/ beside it
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"  no baseline {rev}: {exc}", file=sys.stderr)
        return None
    home = bench.tmp / "home-baseline"
    home.mkdir()
    env = dict(bench.env, EQUITYCOHORT_HOME=str(home), PYTHONPATH=str(dest))
    bench.run([sys.executable, "-m", "compileall", "-q", str(dest / "equitycohort")])
    workspace = bench.tmp / "baseline.ecw"
    bench.run(ec("demo", workspace, "--cohorts", "70"), env=env)
    return dest, workspace, env


def measure_startup(bench: Bench) -> None:
    big = bench.facts["big"]
    home = bench.tmp / "home-startup"
    home.mkdir()
    env = dict(bench.env, EQUITYCOHORT_HOME=str(home))
    cases: dict[str, object] = {
        "bare": lambda i: ([sys.executable, str(BENCH / "bare_window.py")], None),
        "app": lambda i: (ec(big, "--exit-after-startup"), None),
    }
    baseline = baseline_tree(bench, BASELINE) if bench.settings.baseline else None
    if baseline is not None:
        cases["baseline"] = lambda i: (ec(baseline[1], "--exit-after-startup"), None, baseline[2])
    saved, bench.env = bench.env, env
    try:
        # the warm-up run also makes the day's rolling backup, so timed runs are later starts of the day
        results = bench.rounds(cases, bench.settings.startup_runs, warm_up=True)
    finally:
        bench.env = saved
    n = bench.settings.startup_runs
    bare_t, app_t = median(r[0] for r in results["bare"]), median(r[0] for r in results["app"])
    bare_m, app_m = median(r[1] for r in results["bare"]), median(r[1] for r in results["app"])
    argv = ec(big, "--exit-after-startup")
    bench.add(Row("Start-up", "start-up to a painted window, 70-cohort workspace (`equitycohort PATH "
                  "--exit-after-startup`); floor: a bare PySide6 window process", app_t, bare_t,
                  target=f"≤ {STARTUP_RATIO}x floor", met=app_t / bare_t <= STARTUP_RATIO, samples=n,
                  short="start-up",
                  profile=lambda: profile_process(bench, argv, env, "run_app")))
    if baseline is not None:
        base_t = median(r[0] for r in results["baseline"])
        bench.add(Row("Start-up", f"start-up of commit {BASELINE} (the run that measured 1.73x, on another "
                      "machine), its own 70-cohort demo, in the same rounds; floor: the bare window", base_t, bare_t,
                      samples=n))
        bench.add(Row("Start-up", f"start-up now against commit {BASELINE}'s (no regression, issue 11); floor: "
                      f"{BASELINE}'s start-up", app_t, base_t, target="≤ 1x floor", met=app_t <= base_t, samples=n,
                      short=f"start-up against {BASELINE}"))
    bench.add(Row("Start-up", "peak memory (max RSS) of that start-up; floor: the bare window's",
                  app_m, bare_m, unit="MB", target=f"≤ {MEMORY_RATIO}x floor",
                  met=app_m / bare_m <= MEMORY_RATIO, samples=n, short="start-up memory",
                  profile=lambda: memory_breakdown(bench, env)))


def pick_contexts(bench: Bench) -> None:
    """The largest (then latest) cohort, and the team with the most check-ins."""
    import sqlite3

    conn = sqlite3.connect(f"file:{bench.facts['big']}?mode=ro", uri=True)
    try:
        cohort = conn.execute(
            "SELECT c.id, c.name, c.start_date, (SELECT count(*) FROM teams t WHERE t.cohort_id = c.id) AS n "
            "FROM cohorts c ORDER BY n DESC, c.start_date DESC LIMIT 1").fetchone()
        team = conn.execute(
            "SELECT t.id, t.state, t.cohort_id, c.name, count(*) AS n, "
            "(SELECT count(*) FROM goals g WHERE g.team_id = t.id), "
            "(SELECT count(*) FROM assessments a WHERE a.team_id = t.id) "
            "FROM checkins k JOIN teams t ON t.id = k.team_id JOIN cohorts c ON c.id = t.cohort_id "
            "GROUP BY t.id ORDER BY n DESC, t.id LIMIT 1").fetchone()
    finally:
        conn.close()
    bench.facts["cohort"] = cohort
    bench.facts["team"] = team


def measure_screens(bench: Bench) -> None:
    s = bench.settings
    cohort, team = bench.facts["cohort"], bench.facts["team"]
    contexts = {
        "cohort": (["--cohort", cohort[0]],
                   f"{cohort[1]}, the latest of the largest cohorts ({cohort[3]} teams, from {cohort[2]})"),
        "team": (["--cohort", team[2], "--team", team[0]],
                 f"the team with the longest history ({team[1]} in {team[3]}: {team[4]} check-ins, "
                 f"{team[5]} goals, {team[6]} assessment rounds)"),
    }
    tags = {"cohort": "latest cohort", "team": "long-history team"}
    runs: dict[str, list[dict]] = {c: [] for c in contexts}
    # each process has settings of its own, but the cache folder (the US holidays, kept from the
    # first time the app ever needs them) is as the app finds it from its second run on
    cache = bench.tmp / "screens-cache"
    for i in range(-1 if s.warm_ups else 0, s.screen_processes):  # a warm-up process
        for context, (extra, _) in contexts.items():
            home = bench.tmp / f"home-screens-{context}-{i}"
            home.mkdir()
            if cache.exists():
                shutil.copytree(cache, home / "cache")
            argv = [sys.executable, str(BENCH / "screens.py"), str(bench.facts["big"]), "--context", context,
                    "--rounds", str(s.screen_rounds), *extra]
            _, _, out, _ = bench.run(argv, env=dict(bench.env, EQUITYCOHORT_HOME=str(home)))
            if (home / "cache").exists():  # what it added (another cohort's years) is kept for the next
                shutil.rmtree(cache, ignore_errors=True)
                shutil.copytree(home / "cache", cache)
            if i >= 0:
                runs[context].append(json.loads(out))
    for context, (_, label) in contexts.items():
        data = runs[context]
        floor = median([x for d in data for x in d["floor"]])
        section = f"Screens: {label}"
        bench.facts.setdefault("screen_sections", {})[section] = context
        for name in data[0]["first"]:
            first = median([d["first"][name] for d in data])
            later_samples = [x for d in data for x in d["later"][name]]
            later = median(later_samples)
            built = " (built at start-up: a switch back to it)" if name == "Attention" else " (builds it)"
            record = " on the team" if context == "team" and name in ("Teams", "Workplans", "Assessments",
                                                                        "Check-ins") else ""
            bench.add(Row(section, f"{name}, first visit{record}{built}", first, floor,
                          target="< 50 ms", met=first < SCREEN_TARGET, samples=len(data),
                          short=f"{name} first visit, {tags[context]}",
                          profile=lambda c=context, k=f"{name}-first": profile_screen(bench, c, contexts[c][0], k)))
            bench.add(Row(section, f"{name}, later visits", later, floor,
                          target="< 50 ms", met=later < SCREEN_TARGET, samples=len(later_samples),
                          short=f"{name} later visits, {tags[context]}",
                          profile=lambda c=context, k=f"{name}-later": profile_screen(bench, c, contexts[c][0], k)))


_screen_profiles: dict[str, tuple[Path, dict]] = {}


def profile_screen(bench: Bench, context: str, extra: list[str], key: str) -> list[str]:
    if context not in _screen_profiles:
        folder = bench.tmp / f"prof-screens-{context}"
        folder.mkdir()
        home = bench.tmp / f"home-prof-{context}"
        home.mkdir()
        argv = [sys.executable, str(BENCH / "screens.py"), str(bench.facts["big"]), "--context", context,
                "--rounds", "7", "--profile-dir", str(folder), *extra]
        _, _, out, _ = bench.run(argv, env=dict(bench.env, EQUITYCOHORT_HOME=str(home)))
        _screen_profiles[context] = (folder, json.loads(out)["anatomy"])
    folder, anatomy = _screen_profiles[context]
    lines = profiling.profile_summary(folder / f"{key}.prof", top=5)
    name, when = key.rsplit("-", 1)
    if when == "later" and anatomy:
        lines.append(
            f"- experiment in the profiling process, without the profiler (medians of 7, interleaved): a later "
            f"visit takes {fmt_time(anatomy['later'][name])}; a `repaint()` of the whole window alone takes "
            f"{fmt_time(anatomy['window_repaint'])}")
    return lines


def measure_data(bench: Bench) -> None:
    argv = [sys.executable, str(BENCH / "datalayer.py"), str(bench.facts["big"]),
            "--reps", str(bench.settings.data_reps)]
    _, _, out, _ = bench.run(argv)
    data = json.loads(out)
    floor = median(data["floor"])
    for case in data["cases"]:
        key = case["key"]
        value = median(case["samples"])
        bench.add(Row("Data layer (70-cohort workspace, one call; floor: `SELECT 1` on the same connection)",
                      case["what"], value, floor, target="< 50 ms", met=value < DATA_TARGET,
                      samples=len(case["samples"]), profile=lambda k=key: profile_data(bench, k)))


def profile_data(bench: Bench, key: str) -> list[str]:
    folder = bench.tmp / "prof-data"
    if not folder.exists():
        folder.mkdir()
        bench.run([sys.executable, str(BENCH / "datalayer.py"), str(bench.facts["big"]), "--reps", "10",
                   "--profile-dir", str(folder)])
    function = key.split(":")[0]
    return profiling.profile_summary(folder / f"{key.replace(':', '-')}.prof", top=5, breakdown=function)


def measure_sharing(bench: Bench) -> None:
    """Share My Changes and Import Changes of 2,000 changed records (bench/sharing.py)."""
    reps = 3 if bench.settings.quick else 7
    _, _, out, _ = bench.run([sys.executable, str(BENCH / "sharing.py"), str(bench.facts["big"]),
                              "--reps", str(reps)])
    data = json.loads(out)
    new, updated, deleted = data["counts"]
    section = (f"Sharing changes (70-cohort workspace; a file of {data['records']:,} changed records, in one "
               "process, fresh copies each time)")
    export, export_floor = median(data["export"]), median(data["export_floor"])
    bench.add(Row(section, "Share My Changes (`export_changes`) of those records; floor: reading the same records "
                  "with plain SQL", export, export_floor, target="< 1 s", met=export < SHARING_TARGET,
                  samples=len(data["export"]), short="share 2,000 changes"))
    imported, import_floor = median(data["import"]), median(data["import_floor"])
    bench.add(Row(section, f"Import Changes (`import_changes`, one undoable step: {new} new, {updated} updated, "
                  f"{deleted} deleted, {data['conflicts']} conflicts listed); floor: writing the same records "
                  "with the door's plain row write in one transaction", imported, import_floor,
                  target="< 1 s", met=imported < SHARING_TARGET, samples=len(data["import"]),
                  short="import 2,000 changes"))
    size, size_floor = data["size"] / 1e6, data["size_floor"] / 1e6
    bench.add(Row(section, "size of the changes file; floor: the same records as plain JSON, uncompressed",
                  size, size_floor, unit="MB", target="< 1 MB", met=size < SHARING_SIZE_TARGET, samples=1,
                  short="changes file size"))


def measure_exports(bench: Bench) -> None:
    one = bench.facts["one"]
    teams = list_ids(bench, "teams", one)
    sessions = list_ids(bench, "sessions", one)
    cohorts = list_ids(bench, "cohorts", one)
    if not (teams and sessions and cohorts):
        raise BenchError("the 1-cohort demo has no team, session or cohort to export")
    team, team_name = teams[0]
    session, session_name = sessions[0]
    cohort = cohorts[0][0]
    out = bench.tmp / "exports"
    out.mkdir()
    commands = {
        "workplan": ec("export", "workplan", one, "--team", team, "--out", out / "workplan.pdf"),
        "cohort": ec("export", "cohort", one, "--cohort", cohort, "--out", out / "cohort.pdf"),
        "session": ec("export", "session", one, "--session", session, "--out", out / "session.pdf"),
        "checkins": ec("export", "checkins", one, "--team", team, "--out", out / "checkins.pdf"),
    }
    cases = {"floor": lambda i: ([sys.executable, str(BENCH / "minimal_pdf.py"), str(out / "floor.pdf")], None)}
    cases.update({k: (lambda i, a=argv: (a, None)) for k, argv in commands.items()})
    cases["packets"] = lambda i: (ec("export", "packets", one, "--cohort", cohort, "--out", out / f"packets-{i}"),
                                  remove(out / f"packets-{i}"))
    results = bench.rounds(cases, bench.settings.process_runs)
    n = bench.settings.process_runs
    floor = median(r[0] for r in results["floor"])
    section = "PDF exports (whole commands, 1-cohort demo; floor: a process making a one-page reportlab document)"
    labels = {
        "workplan": f"`export workplan` ({team_name})",
        "cohort": "`export cohort` (cohort summary, 7 teams)",
        "session": f"`export session` (agenda and sign-in sheet: {session_name[:40]}…)",
        "checkins": f"`export checkins` ({team_name})",
    }
    for kind, label in labels.items():
        value = median(r[0] for r in results[kind])
        target = kind == "workplan"
        bench.add(Row(section, label, value, floor, target=f"≤ {WORKPLAN_RATIO:g}x floor" if target else "—",
                      met=(value / floor <= WORKPLAN_RATIO) if target else None, samples=n,
                      profile=lambda a=commands[kind], k=kind: profile_process(bench, a, bench.env, f"export_{k}")))
    value = median(r[0] for r in results["packets"])
    bench.add(Row(section, "`export packets`, a 7-team cohort (7 × workplan, check-ins, calendar; the summary)",
                  value, floor, samples=n))


def measure_commands(bench: Bench) -> None:
    big = bench.facts["big"]
    cases = {
        "version": lambda i: (ec("--version"), None),
        "check": lambda i: (ec("check", big), None),
        "backup": lambda i: (ec("backup", big, "--to", bench.tmp / f"backup-{i}"), remove(bench.tmp / f"backup-{i}")),
        "demo1": lambda i: (ec("demo", bench.tmp / f"demo1-{i}.ecw"), remove(bench.tmp / f"demo1-{i}.ecw")),
    }
    results = bench.rounds(cases, bench.settings.process_runs)
    n = bench.settings.process_runs
    floor = median(r[0] for r in results["version"])
    bench.facts["version_floor"] = floor
    section = "Workspace commands (whole commands; floor: `equitycohort --version`)"
    size = f"{bench.facts['big_size']:.0f} MB"
    bench.add(Row(section, f"`check` on the 70-cohort workspace ({size})",
                  median(r[0] for r in results["check"]), floor, samples=n))
    bench.add(Row(section, f"`backup` of the 70-cohort workspace ({size})",
                  median(r[0] for r in results["backup"]), floor, samples=n))
    bench.add(Row(section, "`demo` (1 cohort, 7 teams)", median(r[0] for r in results["demo1"]), floor, samples=n))


def measure_big_demo(bench: Bench) -> None:
    samples = [bench.facts["big_demo_first"]]
    for i in range(1, bench.settings.big_demo_runs):
        path = bench.tmp / f"big-{i}.ecw"
        samples.append(bench.run(ec("demo", path, "--cohorts", "70"))[0])
        remove(path)()
    info = bench.facts["big_info"]
    bench.add(Row("Workspace commands (whole commands; floor: `equitycohort --version`)",
                  f"`demo --cohorts 70` ({info.get('teams')} teams, {info.get('check-ins')} check-ins, "
                  f"{bench.facts['big_size']:.0f} MB)",
                  median(samples), bench.facts["version_floor"], samples=len(samples)))


# --- profiling ----------------------------------------------------------------

def profile_process(bench: Bench, argv: list[str], env: dict, breakdown: str | None = None) -> list[str]:
    """cProfile and -X importtime of one run of a command."""
    prof = bench.tmp / f"prof-{len(list(bench.tmp.glob('prof-*')))}.prof"
    python, rest = argv[0], argv[1:]
    _, _, _, stderr = bench.run([python, "-X", "importtime", *rest], env=env)
    lines = profiling.import_summary(stderr, top=6)
    bench.run([python, "-m", "cProfile", "-o", str(prof), *rest], env=env)
    return lines + profiling.profile_summary(prof, top=6, breakdown=breakdown)


def memory_breakdown(bench: Bench, env: dict) -> list[str]:
    """Peak RSS of processes that stop at successive stages of the app's start."""
    stages = [
        ("Python, nothing imported", "pass"),
        ("+ `PySide6.QtWidgets` imported", "import PySide6.QtWidgets"),
        ("+ a QApplication", "from PySide6.QtWidgets import QApplication; a = QApplication([])"),
        ("+ the app's modules (main window, every screen) imported",
         "from PySide6.QtWidgets import QApplication; a = QApplication([]); "
         "import equitycohort.ui.main_window, equitycohort.ui.views.attention, equitycohort.ui.views.cohorts, "
         "equitycohort.ui.views.schedule.view, equitycohort.ui.views.teams, equitycohort.ui.views.partners, "
         "equitycohort.ui.views.workplans.view, equitycohort.ui.views.assessments.view, "
         "equitycohort.ui.views.checkins.view"),
    ]
    lines = ["- peak RSS (median of 3) of processes that stop at successive stages:"]
    for label, code in stages:
        values = [bench.run([sys.executable, "-c", code], env=env)[1] for _ in range(3)]
        lines.append(f"  - {label}: {median(values):.0f} MB")
    return lines


# --- the report -----------------------------------------------------------------

def machine(bench: Bench) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    _, _, versions, _ = bench.run([sys.executable, "-c",
                                   "import PySide6, PySide6.QtCore as c, reportlab, sqlite3; "
                                   "print(PySide6.__version__, c.qVersion(), reportlab.Version, sqlite3.sqlite_version)"])
    pyside, qt, reportlab, sqlite = versions.split()
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, AttributeError):
        pass
    return {"cores": cores, "cpu": cpu, "mem": mem, "python": platform.python_version(),
            "pyside": pyside, "qt": qt, "reportlab": reportlab, "sqlite": sqlite,
            "os": f"{platform.system()} {platform.release()}"}


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def render(bench: Bench, info: dict, command: str, started: dt.datetime, seconds: float,
           load_before: str, load_after: str, where: list[str], notes: str) -> str:
    s = bench.settings
    out = [
        "# Benchmarks",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} on {info['cores']} cores ({info['cpu']}){info['mem']}, "
        f"{info['os']}; Python {info['python']}, PySide6 {info['pyside']} (Qt {info['qt']}), "
        f"reportlab {info['reportlab']}, SQLite {info['sqlite']}. Offscreen Qt (`QT_QPA_PLATFORM=offscreen`). "
        f"Load average before / after: {load_before} / {load_after}. The whole run took {seconds:.0f} s"
        + (" (`--quick`: fewer repeats)." if s.quick else "."),
        "",
        "Reproduce (writes this file):",
        "",
        "```sh",
        command,
        "```",
        "",
        "Each figure is a median; *floor* is the same kind of work reduced to nothing, measured in the same run, "
        "and *ratio* is median / floor. Whole commands: wall-clock time of `python -m equitycohort ...` with "
        f"the bytecode cache on and compiled first ({s.process_runs} runs each"
        + (" after one warm-up run" if s.warm_ups else "") + f"; `demo --cohorts 70`: {s.big_demo_runs}; "
        f"start-up: {s.startup_runs} runs after one warm-up run, which also makes the day's rolling backup), "
        "the commands of "
        "a group taking turns round after round; memory is the process's max RSS. Screens: "
        "`window.go_to(name)` + `QApplication.processEvents()` in one process, first visits over "
        f"{s.screen_processes} fresh processes (settings of their own, the cache folder as the app leaves it "
        f"after its first run), later visits {s.screen_rounds} per process; the floor switches to "
        "an empty `QWidget` page of a `QStackedWidget` the same way. Data layer: one call each, "
        f"{s.data_reps} times after a warm-up call. *n* is the number of samples behind a median.",
        "",
    ]
    section = None
    for row in bench.rows:
        if row.section != section:
            section = row.section
            out += ["", f"## {section}", "", "| what | median | floor | ratio | target | met? | n |",
                    "|---|---:|---:|---:|---|---|---:|"]
        out.append(f"| {row.what} | {fmt(row.median, row.unit)} | "
                   f"{fmt(row.floor, row.unit) if row.floor else '—'} | {fmt_ratio(row.ratio)} | "
                   f"{row.target} | {mark(row.met)} | {row.samples} |")
    missed = [r for r in bench.rows if r.met is False]
    met = [r for r in bench.rows if r.met is True]
    out += ["", "## Summary", "",
            f"{len(met)} of {len(met) + len(missed)} figures with a target meet it."
            + (" Missed: " + "; ".join(f"{r.short or r.what.split(' (')[0]} ({fmt(r.median, r.unit)})"
                                       for r in missed) + "."
               if missed else "")]
    # notes written by hand between the markers survive a re-run; the profiles below them are regenerated
    out += ["", "## Where the time goes", "", NOTES_START, notes.strip("\n"), NOTES_END, ""]
    if where:
        out += ["<details>", f"<summary>Profiles of one run of each figure that misses its target ({len(missed)}), "
                "generated by <code>bench/run.py</code>; shares are of the profiled run</summary>", ""]
        out += where + ["</details>", ""]
    elif not missed:
        out.append("Every figure meets its target.")
    return "\n".join(out)


def print_table(bench: Bench) -> None:
    width = max(len(r.what) for r in bench.rows)
    width = min(width, 90)
    section = None
    for r in bench.rows:
        if r.section != section:
            section = r.section
            print(f"\n{section}")
        what = r.what if len(r.what) <= width else r.what[:width - 1] + "…"
        print(f"  {what:<{width}}  {fmt(r.median, r.unit):>9}  {fmt(r.floor, r.unit) if r.floor else '—':>9}  "
              f"{fmt_ratio(r.ratio):>7}  {r.target:<14} {mark(r.met).strip('*')}")


def existing_notes(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    if NOTES_START in text and NOTES_END in text:
        return text.split(NOTES_START, 1)[1].split(NOTES_END, 1)[0]
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (about a minute and a half)")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="default: BENCHMARKS.md")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling the figures that miss")
    parser.add_argument("--no-baseline", action="store_true",
                        help=f"skip measuring commit {BASELINE}'s start-up in the same rounds (it needs git)")
    args = parser.parse_args(argv)
    settings = Settings.make(args.quick, baseline=not args.no_baseline)
    started = dt.datetime.now()
    t0 = time.perf_counter()
    load_before = load()
    command = ".venv/bin/python bench/run.py" + (" --quick" if args.quick else "")
    tmp = Path(tempfile.mkdtemp(prefix="ec-bench-"))
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode caching on, as users have it
    for name in ("PYTHONPROFILEIMPORTTIME", "PYTHONSTARTUP", "PYTHONINSPECT"):
        env.pop(name, None)
    env.update(QT_QPA_PLATFORM="offscreen", EQUITYCOHORT_HOME=str(tmp / "home"))
    bench = Bench(settings, tmp, env)
    steps = [
        ("building the demo workspaces", build_workspaces),
        ("start-up and memory", measure_startup),
        ("choosing the cohort and the team", pick_contexts),
        ("screen switches", measure_screens),
        ("data layer", measure_data),
        ("sharing changes", measure_sharing),
        ("PDF exports", measure_exports),
        ("workspace commands", measure_commands),
        ("demo generation", measure_big_demo),
    ]
    try:
        info = machine(bench)
        for label, step in steps:
            print(f"[{time.perf_counter() - t0:5.0f} s] {label}…", flush=True)
            step(bench)
        where: list[str] = []
        if not args.no_profile:
            print(f"[{time.perf_counter() - t0:5.0f} s] profiling what misses its target…", flush=True)
            for row in bench.rows:
                if row.met is False and row.profile is not None:
                    where += [f"**{row.section.split(' (')[0]}: {row.what}**: {fmt(row.median, row.unit)}, "
                              f"target {row.target}", ""] + row.profile() + [""]
        seconds = time.perf_counter() - t0
        print_table(bench)
        text = render(bench, info, command, started, seconds, load_before, load(), where,
                      existing_notes(args.out))
        args.out.write_text(text, encoding="utf-8")
        print(f"\nwrote {args.out} ({seconds:.0f} s)")
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
