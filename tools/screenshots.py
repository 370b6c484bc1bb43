"""Screenshots of every screen and dialog, for looking at what we ship.

    xvfb-run -s "-screen 0 1600x1000x24" python tools/screenshots.py WORKSPACE OUTDIR [--dark] [--size 1280x800]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace")
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))

    from PySide6.QtWidgets import QApplication

    from equitycohort.ui import theme
    from equitycohort.ui.main_window import SCREENS, MainWindow

    appearance = "dark" if args.dark else "light"
    app = QApplication(sys.argv[:1] + theme.qt_arguments(appearance))  # as the app starts
    theme.apply(app, appearance)
    window = MainWindow()
    window.resize(width, height)
    ok = window.open_path(args.workspace)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    tag = f"{'dark' if args.dark else 'light'}-{args.size}"

    def settle():
        for _ in range(5):
            app.processEvents()

    def shot(widget, name):
        settle()
        widget.grab().save(str(args.out / f"{name}-{tag}.png"))

    if not ok:
        shot(window, "no-workspace")
        return 0
    for name in SCREENS:
        window.go_to(name)
        shot(window, f"screen-{name.lower()}")
    teams = window.views["Teams"]
    window.go_to("Teams")
    teams.tabs.setCurrentIndex(1)
    shot(window, "screen-people")
    teams.tabs.setCurrentIndex(0)
    schedule = window.views["Schedule"]
    window.go_to("Schedule")
    schedule.views.setCurrentIndex(1)
    shot(window, "screen-timeline")
    schedule.views.setCurrentIndex(0)
    held = window.ws.scalar("SELECT session_id FROM attendance a JOIN sessions s ON s.id = a.session_id "
                            "WHERE s.cohort_id = ? ORDER BY s.date DESC LIMIT 1", (window.current_cohort(),))
    if held:
        schedule.show_record(held)
        schedule.take_attendance()
        shot(window, "screen-attendance")
        schedule.show_schedule()

    window.find()
    window.search_field.setText("capacity")
    window.search.run()
    shot(window, "screen-search")
    window.search.close()

    from equitycohort.ui.views.cohorts import CohortDialog
    from equitycohort.ui.views.partners import PartnerDialog
    from equitycohort.ui.views.schedule.dialogs import PlanSessionsDialog, SessionDialog
    from equitycohort.ui.views.teams import PersonDialog, TeamDialog

    ws, cohort = window.ws, window.current_cohort()
    session = ws.scalar("SELECT id FROM sessions WHERE cohort_id = ? LIMIT 1", (cohort,))
    person = ws.scalar("SELECT id FROM people WHERE kind = 'leader' LIMIT 1")
    partner = ws.scalar("SELECT id FROM partners LIMIT 1")
    dialogs = [
        ("dialog-new-cohort", lambda: CohortDialog(window, ws)),
        ("dialog-person", lambda: PersonDialog(window, ws, ws.get("people", person) if person else None)),
        ("dialog-partner", lambda: PartnerDialog(window, ws, ws.get("partners", partner) if partner else None)),
    ]
    if cohort:  # the app offers these only within a cohort
        dialogs += [
            ("dialog-cohort", lambda: CohortDialog(window, ws, ws.get("cohorts", cohort))),
            ("dialog-team", lambda: TeamDialog(window, ws, cohort)),
            ("dialog-session", lambda: SessionDialog(window, ws, cohort,
                                                     ws.get("sessions", session) if session else None)),
            ("dialog-plan", lambda: PlanSessionsDialog(window, ws, cohort)),
        ]
    for name, make in dialogs:
        dialog = make()
        dialog.show()
        shot(dialog, name)
        dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
