"""Screenshots of every screen and dialog, for looking at what we ship.

    xvfb-run -s "-screen 0 1920x1200x24" python tools/screenshots.py WORKSPACE OUTDIR \\
        [--dark] [--size 1366x768] [--scale 1.5] [--switch] [--lang es] [--changes FILE.ecchanges]

``--size`` is the window's size in logical pixels; ``--scale`` sets Qt's scale
factor (1.5 is Windows' 150 %); ``--switch`` starts in the other appearance and
switches live before the shots, as a user does from View > Appearance;
``--lang`` is the language of the screens (as ``EQUITYCOHORT_LANG`` sets it at
start-up: ``en``, ``es``, or the tests' pseudo-language ``qps``).
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
    parser.add_argument("--lang", default="", help="the language of the screens: en, es (or qps)")
    parser.add_argument("--changes", type=Path, help="a changes file to import, last (it changes WORKSPACE)")
    args = parser.parse_args()
    if args.lang:
        os.environ["EQUITYCOHORT_LANG"] = args.lang
    width, height = (int(x) for x in args.size.split("x"))
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtWidgets import QApplication

    from equitycohort.ui import language, theme

    appearance = "dark" if args.dark else "light"
    first = ("light" if args.dark else "dark") if args.switch else appearance
    from equitycohort.ui import settings

    settings.put(settings.APPEARANCE, first)  # as if the user had chosen it
    app = QApplication(sys.argv[:1] + theme.qt_arguments(first))  # as the app starts
    theme.apply(app, first)
    lang = language.install(app)  # before any window, as the app does
    from equitycohort.ui.main_window import SCREENS, MainWindow

    window = MainWindow()
    window.resize(width, height)
    ok = window.open_path(args.workspace)
    window.show()
    if args.switch:
        window.set_appearance(appearance)
    args.out.mkdir(parents=True, exist_ok=True)
    tag = (f"{appearance}{'-switched' if args.switch else ''}-{args.size}{f'@{args.scale:g}x' if args.scale != 1 else ''}"
           f"{f'-{lang}' if args.lang else ''}")

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
    partners = window.views["Partners"]
    window.go_to("Partners")
    partners.tabs.setCurrentIndex(1)
    shot(window, "screen-facilitators")
    partners.tabs.setCurrentIndex(0)
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
    for name, act in message_makers(window):
        for i, box in enumerate(shown_by(act)):
            box.show()
            shot(box, f"{name}-{i + 1}" if i else name)
            box.close()
    window._fill_export_menu()
    window.files.fill_recent(window.recent_menu)
    from PySide6.QtWidgets import QMenu

    tops = [menu for a in window.menuBar().actions() if isinstance(menu := a.menu(), QMenu)]
    for i, top in enumerate(tops):
        menus = [top, *(sub for a in top.actions() if isinstance(sub := a.menu(), QMenu))]
        for j, menu in enumerate(menus):
            menu.popup(window.mapToGlobal(window.rect().topLeft()))
            shot(menu, f"menu-{i + 1}{f'-{j}' if j else ''}")
            menu.hide()
    if args.changes:
        share_and_review(window, args.changes, shot)
    window.close_workspace()
    return 0


def shown_by(act) -> list:
    """The dialogs and message boxes ``act`` shows, kept open (not run) to be photographed."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    seen: list = []
    kept = QDialog.exec, QMessageBox.exec

    def keep(self) -> int:
        seen.append(self)
        return 0

    QDialog.exec = QMessageBox.exec = keep  # type: ignore[method-assign]
    try:
        act()
    finally:
        QDialog.exec, QMessageBox.exec = kept  # type: ignore[method-assign]
    return seen


def message_makers(window) -> list:
    """The questions and messages of the window's own commands, asked as the commands ask them."""
    from pathlib import Path

    from equitycohort.ui import dialogs, help

    def on_screen(name: str):
        window.go_to(name)
        return window.current_view()

    made = [
        ("message-about", lambda: help.about(window)),
        ("message-export-done", lambda: dialogs.export_done(window, Path.home() / "Iowa workplan.pdf")),
        ("message-check", lambda: window.files.check_workspace()),
        ("message-delete-cohort", lambda: on_screen("Cohorts").delete_cohort()),
        ("message-delete-team", lambda: on_screen("Teams").delete_team()),
        ("message-delete-partner", lambda: on_screen("Partners").delete_partner()),
        ("dialog-export-language", lambda: (on_screen("Teams"), window.exports.export_workplan())),
        ("dialog-export-language-private", lambda: (on_screen("Teams"), window.exports.export_checkins(True))),
    ]
    return made
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
    from equitycohort.data.backups import list_backups
    from equitycohort.data.maintenance import backup
    from equitycohort.data.teams import list_teams
    from equitycohort.data.workplans import load_workplan
    from equitycohort.i18n import _
    from equitycohort.ui.error_dialog import ErrorDialog
    from equitycohort.ui.help import ShortcutsDialog
    from equitycohort.ui.preferences_dialog import PreferencesDialog
    from equitycohort.ui.restore import RestoreDialog
    from equitycohort.ui.views.assessments.dialogs import AssessmentDialog, DimensionDialog
    from equitycohort.ui.views.checkins.form import CheckinDialog
    from equitycohort.ui.views.cohorts import CohortDialog, ProgramDialog
    from equitycohort.ui.views.partners import PartnerDialog
    from equitycohort.ui.views.schedule.dialogs import PlanSessionsDialog, SessionDialog
    from equitycohort.ui.views.teams import PersonDialog, TeamDialog
    from equitycohort.ui.views.workplans.dialogs import ActionDialog, GoalDialog, MilestoneDialog

    ws, cohort = window.ws, window.context.cohort_id
    if not list_backups(ws.path):
        backup(ws, reason="daily")
    people = ws.rows("SELECT id FROM people WHERE kind = 'leader' LIMIT 1")
    partners = ws.rows("SELECT id FROM partners LIMIT 1")
    made = [
        ("dialog-new-cohort", lambda: CohortDialog(window.view("Cohorts"), ws)),
        ("dialog-preferences", lambda: PreferencesDialog(window)),
        ("dialog-shortcuts", lambda: ShortcutsDialog(window)),
        ("dialog-restore", lambda: RestoreDialog(window, ws.path, list_backups(ws.path))),
        ("dialog-person", lambda: PersonDialog(window.view("Teams"), ws,
                                               ws.get("people", people[0]["id"]) if people else None)),
        ("dialog-partner", lambda: PartnerDialog(window.view("Partners"), ws,
                                                 ws.get("partners", partners[0]["id"]) if partners else None)),
        ("dialog-program", lambda: ProgramDialog(window.view("Cohorts"), ws)),
        ("dialog-facilitator", lambda: PersonDialog(window.view("Partners"), ws, kind="facilitator")),
        ("dialog-error", lambda: ErrorDialog(window, _("Something went wrong"), _(
            "Equity Cohort ran into a problem it did not expect. Your saved work is safe: "
            "every change you saw saved is in the workspace file.\n\n"
            "If it happens again, copy the details below and send them to whoever supports the app."),
            "Traceback (most recent call last):\n  …\nValueError: an example")),
    ]
    if not cohort:  # the app offers the rest only within a cohort
        return made
    teams = list_teams(ws, cohort)
    if teams:
        made += [("dialog-add-leader", lambda: PersonDialog(window.view("Teams"), ws, team_id=teams[0].id)),
                 ("dialog-roster-preview", lambda: roster_preview(window, cohort))]
    sessions = ws.rows("SELECT id FROM sessions WHERE cohort_id = ? LIMIT 1", (cohort,))
    made += [
        ("dialog-cohort", lambda: CohortDialog(window.view("Cohorts"), ws, ws.get("cohorts", cohort))),
        ("dialog-team", lambda: TeamDialog(window.view("Teams"), ws, cohort)),
        ("dialog-team-edit", lambda: TeamDialog(window.view("Teams"), ws, cohort,
                                                ws.get("teams", teams[0].id) if teams else None)),
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


def roster_preview(window, cohort: str):
    """File > Import Roster's preview, of a roster adding a team and changing one."""
    import csv
    import tempfile
    from pathlib import Path

    from equitycohort.data.roster import COLUMNS, plan_import
    from equitycohort.ui.roster_preview import RosterPreviewDialog

    path = Path(tempfile.mkdtemp()) / "roster.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerow(["NE", "Nebraska Appleseed", "Rosa Delgado", "Executive Director", "rosa@ne.example.org",
                         "", "Spanish", "she/her"])
        writer.writerow(["NE", "Nebraska Appleseed", "Tom Becker", "Organizer", "", "", "", ""])
    name = window.ws.get("cohorts", cohort)["name"]
    return RosterPreviewDialog(window, plan_import(window.ws, cohort, path), path.name, name)


if __name__ == "__main__":
    sys.exit(main())
