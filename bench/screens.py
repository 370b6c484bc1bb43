"""Screen switching in one process, offscreen; prints JSON (run by bench/run.py).

Each visit is timed as ``window.go_to(name)`` followed by
``QApplication.processEvents()`` (which lays out and paints the page). The
floor is the same for an empty QWidget page of a QStackedWidget in a plain
QMainWindow of the same size, measured first in the same process.

Context ``cohort``: the given cohort is current; ``team``: the given team's
cohort is current, and the screens that show one team (Teams, Workplans,
Assessments, Check-ins) are opened on that team on their first visit
(``go_to(name, team_id)``). A first visit builds the screen (screens are built
on first use); Attention, the landing screen, is built at start-up, so its
"first visit" is the first switch back to it. Later visits go round the
screens in order, ``--rounds`` times.

    python bench/screens.py WORKSPACE --context cohort|team --cohort ID [--team ID]
        [--rounds N] [--profile-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

TEAM_SCREENS = ("Teams", "Workplans", "Assessments", "Check-ins")


def settle(app, seconds: float = 0.2) -> None:
    """Let pending layout and paint happen before measuring."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)


def floor_samples(app, rounds: int, pages: int = 8) -> list[float]:
    from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

    window = QMainWindow()
    window.resize(1280, 800)
    stack = QStackedWidget()
    for _ in range(pages):
        stack.addWidget(QWidget())
    window.setCentralWidget(stack)
    window.show()
    settle(app)
    samples = []
    for _ in range(rounds):
        for i in range(pages):
            index = (i + 1) % pages
            t0 = time.perf_counter()
            stack.setCurrentIndex(index)
            app.processEvents()
            samples.append(time.perf_counter() - t0)
    window.close()
    settle(app, 0.05)
    return samples


def switch_anatomy(app, window, screens, order, rounds: int) -> dict:
    """Bench-only experiments on the built window, without the profiler:
    later visits as measured, and a repaint of the whole window alone."""
    import statistics

    def timed(call) -> float:
        t0 = time.perf_counter()
        call()
        app.processEvents()
        return time.perf_counter() - t0

    repaint = []
    normal: dict[str, list[float]] = {name: [] for name in screens}
    for _ in range(rounds):
        for name in order:
            normal[name].append(timed(lambda n=name: window.go_to(n)))
        repaint.append(timed(window.repaint))
    return {"window_repaint": statistics.median(repaint),
            "later": {name: statistics.median(v) for name, v in normal.items()}}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace")
    parser.add_argument("--context", choices=("cohort", "team"), required=True)
    parser.add_argument("--cohort", required=True)
    parser.add_argument("--team")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--profile-dir", help="instead of timing, write a cProfile of every screen's "
                        "first visit and of its later visits to DIR/SCREEN-first.prof, DIR/SCREEN-later.prof")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    floor = [] if args.profile_dir else floor_samples(app, args.rounds)

    from equitycohort.ui import settings, theme
    from equitycohort.ui.main_window import SCREENS, MainWindow

    theme.apply(app, settings.get(settings.APPEARANCE))
    window = MainWindow()
    window.restore_window_state()
    if not window.open_path(args.workspace):
        print("could not open the workspace", file=sys.stderr)
        return 2
    window.show()
    settle(app)
    window.set_cohort(args.cohort)
    settle(app)
    if window.current_cohort() != args.cohort:
        print("could not make the cohort current", file=sys.stderr)
        return 2

    profilers: dict[str, object] = {}
    if args.profile_dir:
        import cProfile

        profilers = {f"{name}-{when}": cProfile.Profile() for name in SCREENS for when in ("first", "later")}

    def visit(name: str, first: bool) -> float:
        record = args.team if (first and args.context == "team" and name in TEAM_SCREENS) else ""
        profiler = profilers.get(f"{name}-{'first' if first else 'later'}")
        if profiler is not None:
            profiler.enable()
        t0 = time.perf_counter()
        window.go_to(name, record)
        app.processEvents()
        elapsed = time.perf_counter() - t0
        if profiler is not None:
            profiler.disable()
        return elapsed

    order = list(SCREENS[1:]) + [SCREENS[0]]  # Attention is showing already
    first = {name: visit(name, True) for name in order}
    settle(app, 0.05)
    later: dict[str, list[float]] = {name: [] for name in SCREENS}
    for _ in range(args.rounds):
        for name in order:
            later[name].append(visit(name, False))
    anatomy = {}
    if args.profile_dir:
        for key, profiler in profilers.items():
            profiler.dump_stats(f"{args.profile_dir}/{key}.prof")
        profilers.clear()
        anatomy = switch_anatomy(app, window, SCREENS, order, args.rounds)
    shown = {name: type(window.view(name)).__name__ for name in SCREENS}
    window.close()
    json.dump({"floor": floor, "first": first, "later": later, "views": shown, "anatomy": anatomy}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
