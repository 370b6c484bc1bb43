"""Screenshots of every screen and dialog, for looking at what we ship.

    xvfb-run -s "-screen 0 1920x1200x24" python tools/screenshots.py WORKSPACE OUTDIR \\
        [--dark] [--size 1366x768] [--scale 1.5] [--switch] [--changes FILE.ecchanges]

``--size`` is the window's size in logical pixels; ``--scale`` sets Qt's scale
factor (1.5 is Windows' 150 %); ``--switch`` starts in the other appearance and
switches live before the shots, as a user does from View > Appearance.
``--changes`` ends with Import Changes of that file (from a copy of WORKSPACE):
its preview, then the window with the Review changes panel.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace")
    parser.add_argument("out", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--switch", action="store_true", help="start in the other look and switch live")
    parser.add_argument("--changes", type=Path, help="a changes file to import, last (it changes WORKSPACE)")
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtWidgets import QApplication

    from equitycohort.ui import theme
    from equitycohort.ui.main_window import SCREENS, MainWindow

    appearance = "dark" if args.dark else "light"
    first = ("light" if args.dark else "dark") if args.switch else appearance
    app = QApplication(sys.argv[:1] + theme.qt_arguments(first))  # as the app starts
    theme.apply(app, first)
    window = MainWindow()
    window.resize(width, height)
    ok = window.open_path(args.workspace)
    window.show()
    if args.switch:
        window.set_appearance(appearance)
    args.out.mkdir(parents=True, exist_ok=True)
    tag = f"{appearance}{'-switched' if args.switch else ''}-{args.size}{f'@{args.scale:g}x' if args.scale != 1 else ''}"

    def settle() -> None:
        for _ in range(6):
            app.processEvents()

    def shot(widget, name: str) -> None:
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
    assessments = window.views["Assessments"]
    window.go_to("Assessments")
    for index, name in ((1, "heatmap"), (2, "framework")):
        assessments.tabs.setCurrentIndex(index)
        shot(window, f"screen-assessments-{name}")
    assessments.tabs.setCurrentIndex(0)
    cohort = window.context.cohort_id
    if cohort:
        from equitycohort.data.schedule import list_sessions

        held = [s for s in list_sessions(window.ws, cohort) if s.status == "held"]
        if held:
            schedule.show_record(held[-1].id)
            window.go_to("Schedule")
            schedule.take_attendance()
            shot(window, "screen-attendance")
            schedule.show_schedule()

    window.search_everything()
    window.search_field.setText("capacity")
    window.search.run()
    shot(window, "screen-search")
    window.search.close()

    for name, make in dialog_makers(window):
        dialog = make()
        dialog.show()
        shot(dialog, name)
        dialog.close()
    if args.changes:
        share_and_review(window, args.changes, shot)
    window.close_workspace()
    return 0


def share_and_review(window, changes: Path, shot) -> None:
    """Import Changes of a file: its preview, then the Review changes panel on the window."""
    from equitycohort import identity
    from equitycohort.data.sharing.exchange import preview_imports, read_changes_file
    from equitycohort.ui import dialogs
    from equitycohort.ui.sharing.identity_form import IdentityDialog
    from equitycohort.ui.sharing.preview import ImportPreviewDialog

    asked = IdentityDialog(window, identity.current())
    asked.show()
    shot(asked, "dialog-identity")
    asked.close()
    cf = read_changes_file(changes)
    preview = ImportPreviewDialog(window, [cf], preview_imports(window.ws, [cf]))
    preview.show()
    shot(preview, "dialog-import-changes")
    preview.close()
    dialogs.run_dialog = lambda dialog: True  # the preview, answered: Import
    window.sharing.import_files([cf])
    window.go_to("Teams")
    panel = window.sharing.panel
    panel.list.setCurrentRow(0)
    shot(window, "panel-review-changes")
    for row in range(1, min(panel.list.count(), 4)):
        panel.list.setCurrentRow(row)
        shot(window, f"panel-review-changes-{row + 1}")


def dialog_makers(window) -> list:
    """Every dialog the app offers on this workspace, made the way the screens make them."""
    from equitycohort.data.teams import list_teams
    from equitycohort.data.workplans import load_workplan
    from equitycohort.ui.views.assessments.dialogs import AssessmentDialog, DimensionDialog
    from equitycohort.ui.views.checkins.form import CheckinDialog
    from equitycohort.ui.views.cohorts import CohortDialog
    from equitycohort.ui.views.partners import PartnerDialog
    from equitycohort.ui.views.schedule.dialogs import PlanSessionsDialog, SessionDialog
    from equitycohort.ui.views.teams import PersonDialog, TeamDialog
    from equitycohort.ui.views.workplans.dialogs import ActionDialog, GoalDialog, MilestoneDialog

    ws, cohort = window.ws, window.context.cohort_id
    people = ws.rows("SELECT id FROM people WHERE kind = 'leader' LIMIT 1")
    partners = ws.rows("SELECT id FROM partners LIMIT 1")
    made = [
        ("dialog-new-cohort", lambda: CohortDialog(window.view("Cohorts"), ws)),
        ("dialog-person", lambda: PersonDialog(window.view("Teams"), ws,
                                               ws.get("people", people[0]["id"]) if people else None)),
        ("dialog-partner", lambda: PartnerDialog(window.view("Partners"), ws,
                                                 ws.get("partners", partners[0]["id"]) if partners else None)),
    ]
    if not cohort:  # the app offers the rest only within a cohort
        return made
    teams = list_teams(ws, cohort)
    sessions = ws.rows("SELECT id FROM sessions WHERE cohort_id = ? LIMIT 1", (cohort,))
    made += [
        ("dialog-cohort", lambda: CohortDialog(window.view("Cohorts"), ws, ws.get("cohorts", cohort))),
        ("dialog-team", lambda: TeamDialog(window.view("Teams"), ws, cohort)),
        ("dialog-session", lambda: SessionDialog(window.view("Schedule"), ws, cohort,
                                                 ws.get("sessions", sessions[0]["id"]) if sessions else None)),
        ("dialog-plan", lambda: PlanSessionsDialog(window.view("Schedule"), ws, cohort)),
        ("dialog-checkin", lambda: CheckinDialog(window.view("Check-ins"), ws, cohort,
                                                 team_id=teams[0].id if teams else None)),
    ]
    if teams:
        plan = load_workplan(ws, teams[0].id)
        workplans = window.view("Workplans")
        made += [("dialog-goal", lambda: GoalDialog(workplans, ws, teams[0].id,
                                                    ws.get("goals", plan.goals[0].id) if plan.goals else None))]
        if plan.goals and plan.goals[0].actions:
            made += [("dialog-action", lambda: ActionDialog(workplans, ws, teams[0].id,
                                                            action=ws.get("actions", plan.goals[0].actions[0].id)))]
        made += [("dialog-milestone", lambda: MilestoneDialog(workplans, ws, teams[0].id))]
        assessments = window.view("Assessments")
        framework = assessments.framework
        if framework is not None:
            made += [("dialog-assessment", lambda: AssessmentDialog(assessments, ws, teams[0].id, framework.id)),
                     ("dialog-dimension", lambda: DimensionDialog(assessments, ws, framework.id,
                                                                  framework.dimensions[0][0]))]
    return made


if __name__ == "__main__":
    sys.exit(main())
