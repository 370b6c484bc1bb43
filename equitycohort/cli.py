"""The `equitycohort` command: the desktop app, and subcommands for scripts.

Heavy modules (Qt, reportlab) are imported only by the commands that use
them, so `equitycohort info` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from equitycohort import __version__

DESCRIPTION = """\
Equity Cohort: run cohort learning programs offline.

With no command, opens the desktop app on PATH, else on the workspace used
last, else on the default workspace in your user data folder."""

EPILOG = """\
commands:
  demo PATH [--cohorts N] [--force]   create a demo workspace to try the app
  info PATH                           schema version and a count of each kind of record
  check PATH [--repair]               integrity and schema report (exit 0 healthy, 1 problems, 2 unreadable);
                                      --repair makes a repaired copy beside a damaged workspace
  backup PATH [--to DIR]              a consistent copy, even while the app has it open
  list cohorts|teams|sessions PATH [--cohort C]
                                      one record a line: its id, a tab, its name
  attention PATH [--cohort C] [--weeks N]
                                      what needs following up, one item a line: kind, team, what, date
  export workplan PATH --team TEAM [--cohort C] --out FILE.pdf|FILE.xlsx
                                      a state team's workplan: a PDF, or an editable workbook
  export cohort PATH --cohort C --out FILE.pdf
                                      the cohort summary PDF, for facilitators and funders
  export session PATH --session ID --out FILE.pdf
                                      a session's agenda and sign-in sheet
  export checkins PATH --team TEAM [--cohort C] [--internal] --out FILE.pdf
                                      a team's check-in history (private notes only with --internal)
  export calendar PATH --cohort C [--team TEAM] --out FILE.ics
                                      the cohort's sessions (or a team's) for Outlook / Google Calendar
  export roster PATH --cohort C --out FILE.csv|FILE.xlsx
                                      the cohort's roster as CSV or as a workbook
  export attendance PATH --cohort C --out FILE.xlsx
                                      the cohort's attendance: a person-by-session grid, with rates
  export packets PATH --cohort C --out DIR
                                      every team's workplan, check-ins and calendar, and the summary
  import roster PATH --cohort C FILE [--dry-run]
                                      add or update teams and people from a roster (.csv, .txt, .xlsx)
  changes export PATH --out FILE [--all] [--as "NAME, ORGANIZATION"]
                                      your changes since your last share, as a changes file for the
                                      other facilitators (it holds private notes: never for a team)
  changes import PATH FILE... [--dry-run]
                                      merge other facilitators' changes files; prints new, updated,
                                      deleted and conflicts, one a line
  changes conflicts PATH              the open conflicts, one a line

examples:
  equitycohort                          open the app
  equitycohort demo demo.ecw            make a demo workspace to try
  equitycohort info demo.ecw            what a workspace holds
  equitycohort check demo.ecw           is it healthy? (exit 0 yes, 1 no, 2 unreadable)
  equitycohort list teams demo.ecw      the teams and their ids
  equitycohort export workplan demo.ecw --team IA --out iowa.pdf
  equitycohort export packets demo.ecw --cohort "Cohort 1" --out packets/

TEAM is a team id, a state name or its two-letter code; C is a cohort id or
name. PDF exports take --page-size letter|a4 (default letter).

Run `equitycohort COMMAND --help` for the options of one command."""

COMMANDS = ("demo", "info", "check", "backup", "list", "attention", "export", "import", "changes")


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="equitycohort", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"equitycohort {__version__}")
    parser.add_argument("path", nargs="?", metavar="PATH", help="workspace file to open")
    parser.add_argument("--exit-after-startup", action="store_true",
                        help="open the window, let it paint with its data, then exit (smoke tests, benchmarks)")
    parser.add_argument("--self-test", action="store_true",
                        help="check the installation without a display (fonts, translations, a workspace, "
                             "a PDF and a calendar, a changes file, Qt); one line per check, exit 0 if all passed")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="equitycohort", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="create a demo workspace to try the app",
                       description="Create a realistic demo workspace of fictional people and organizations.")
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--cohorts", type=int, default=1, metavar="N",
                   help="number of cohorts (default 1; more rotate through all states, over years)")
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")

    p = sub.add_parser("info", help="schema version and record counts",
                       description="Print the schema version and a count of each kind of record, one `kind: N` a line.")
    p.add_argument("path", metavar="PATH", type=Path)

    p = sub.add_parser("check", help="integrity and schema report",
                       description="Check a workspace: SQLite's full integrity check, the files beside it, and "
                                   "every stored value, naming each record at fault. Exit 0 healthy, 1 problems "
                                   "found, 2 not a readable workspace. Nothing is written.")
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--repair", action="store_true",
                   help="when problems are found, make a repaired copy beside the workspace (NAME (repaired).ecw) "
                        "from what can still be read; the workspace itself is left as it is")

    p = sub.add_parser("backup", help="make a consistent copy; prints its path",
                       description="Copy a workspace safely, even while it is open in the app.")
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--to", type=Path, metavar="DIR",
                   help="folder for the copy (default: the workspace's backup folder)")

    p = sub.add_parser("list", help="ids and names of cohorts, teams or sessions",
                       description="Print one record a line: its id, a tab, then its name, so scripts "
                                   "can find the ids to pass to the other commands.")
    p.add_argument("what", choices=("cohorts", "teams", "sessions"))
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--cohort", metavar="C", help="only this cohort (an id or a name)")

    p = sub.add_parser("attention", help="what needs following up, one item a line",
                       description="Print what needs following up (the app's Attention screen), one item a line: "
                                   "its kind, the team's state (or -), what it is, and its date (YYYY-MM-DD or -), "
                                   "separated by tabs. Kinds: not-contacted, check-in-due, next-step-overdue, "
                                   "action-overdue, milestone-overdue, attendance-missing, assessment-due, "
                                   "coming-up. Only cohorts under way count.")
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--cohort", metavar="C", help="only this cohort (an id or a name)")
    p.add_argument("--weeks", type=int, default=4, metavar="N",
                   help="a team not checked in with for more than N weeks is listed as not contacted (default 4)")

    p = sub.add_parser("export", help="PDFs, the calendar, the roster, packets for every team",
                       description="Export documents from a workspace (read-only: works while the app "
                                   "has it open). Prints the path of each file written.")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")

    def export_parser(kind, help, *, team=False, cohort=None, session=False, pdf=True, out="FILE"):
        q = kinds.add_parser(kind, help=help, description=help)
        q.add_argument("path", metavar="PATH", type=Path)
        if team:
            q.add_argument("--team", required=True, metavar="TEAM",
                           help="a team id, a state name or its two-letter code")
        if cohort is not None:
            q.add_argument("--cohort", required=cohort, metavar="C", help="a cohort id or name")
        if session:
            q.add_argument("--session", required=True, metavar="ID",
                           help="a session id (see `equitycohort list sessions PATH`)")
        q.add_argument("--out", required=True, type=Path, metavar=out)
        if pdf:
            q.add_argument("--page-size", default="letter", choices=("letter", "a4"),
                           help="paper size (default letter)")
        return q

    export_parser("workplan", "a state team's workplan: a PDF, or an editable workbook if FILE ends in .xlsx",
                  team=True, cohort=False, out="FILE.pdf|FILE.xlsx")
    export_parser("cohort", "the cohort summary PDF", cohort=True, out="FILE.pdf")
    export_parser("session", "a session packet PDF: agenda and sign-in sheet", session=True, out="FILE.pdf")
    q = export_parser("checkins", "a team's check-in history PDF", team=True, cohort=False, out="FILE.pdf")
    q.add_argument("--internal", action="store_true",
                   help="include the facilitators' private notes (a facilitators-only copy)")
    q = export_parser("calendar", "the cohort's sessions as an .ics calendar", cohort=True, pdf=False,
                      out="FILE.ics")
    q.add_argument("--team", metavar="TEAM", help="only what this team's calendar shows: the cohort-wide "
                                                  "sessions and its own")
    export_parser("roster", "the cohort's roster: CSV, or a workbook if FILE ends in .xlsx", cohort=True,
                  pdf=False, out="FILE.csv|FILE.xlsx")
    export_parser("attendance", "the cohort's attendance as a workbook: every leader by session, with rates",
                  cohort=True, pdf=False, out="FILE.xlsx")
    export_parser("packets", "a folder per team with its workplan, check-in history and calendar, "
                             "plus the cohort summary", cohort=True, out="DIR")

    p = sub.add_parser("import", help="import a roster (.csv, .txt or .xlsx) into a cohort",
                       description="Import a roster (columns state, organization and name, and optionally "
                                   "role, email, phone, preferred_language, pronouns, in any order) into a "
                                   "cohort as one undoable step: CSV or text as spreadsheets save it (UTF-8, "
                                   "UTF-16, Windows-1252, Mac Roman; commas, semicolons or tabs) or an .xlsx "
                                   "workbook. Nothing is imported unless every row is valid.")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    q = kinds.add_parser("roster", help="import a roster", description=p.description)
    q.add_argument("path", metavar="PATH", type=Path)
    q.add_argument("file", metavar="FILE", type=Path, help="the roster: .csv, .txt or .xlsx")
    q.add_argument("--cohort", required=True, metavar="C", help="a cohort id or name")
    q.add_argument("--dry-run", action="store_true", help="print what would change; change nothing")
    _changes_parser(sub)
    return parser


def _changes_parser(sub) -> None:
    p = sub.add_parser("changes", help="share changes between copies of a workspace (facilitators only)",
                       description="Share changes between facilitators' copies of one workspace, through "
                                   "changes files (.ecchanges). They hold private notes: for facilitators only, "
                                   "never for a state team. Your name comes from the app's settings, or --as.")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    q = verbs.add_parser("export", help="write your changes since your last share",
                         description="Write your changes since your last share into a changes file.")
    q.add_argument("path", metavar="PATH", type=Path)
    q.add_argument("--out", required=True, type=Path, metavar="FILE", help="the changes file (.ecchanges)")
    q.add_argument("--all", action="store_true", help="every change of yours, also those shared before")
    q.add_argument("--as", dest="as_", metavar='"NAME, ORGANIZATION"',
                   help="who you are (default: the name kept in the app's settings)")
    q = verbs.add_parser("import", help="merge changes files from other facilitators",
                         description="Merge changes files into the workspace, each as one undoable step, and "
                                     "print new: N, updated: N, deleted: N, conflicts: N (totals), one a line. "
                                     "Files may come in any order and more than once. A file that cannot be "
                                     "used is refused, and then none is imported.")
    q.add_argument("path", metavar="PATH", type=Path)
    q.add_argument("files", nargs="+", metavar="FILE", type=Path, help="changes files (.ecchanges)")
    q.add_argument("--dry-run", action="store_true", help="print what importing would do; change nothing")
    q = verbs.add_parser("conflicts", help="the open conflicts, one a line",
                         description="Print each open conflict on one line, tab-separated: its id, kind, the "
                                     "record, the fields, mine (who, when), theirs (who, when), which was kept.")
    q.add_argument("path", metavar="PATH", type=Path)


class CommandError(Exception):
    """A failure to report on stderr with a non-zero exit, without a traceback."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    wants_help = any(a in ("-h", "--help") for a in argv)
    try:
        if first in COMMANDS:
            args = _command_parser().parse_args(argv)
            return _run_command(args)
        if wants_help or "--version" in argv:
            _gui_parser().parse_args(argv)
            return 0
        args = _gui_parser().parse_args(argv)
        if args.self_test:
            from equitycohort.selftest import run_self_test

            return run_self_test()
        if args.path and not Path(args.path).exists() and Path(args.path).suffix == "" and "/" not in args.path:
            raise CommandError(f"unknown command {args.path!r}; see `equitycohort --help`", 2)
        from equitycohort.ui.app import end_process, run_app

        return end_process(run_app(args.path, exit_after_startup=args.exit_after_startup))
    except CommandError as exc:
        print(f"equitycohort: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


def _run_command(args: argparse.Namespace) -> int:
    import sqlite3

    from equitycohort.data.errors import ValidationError, WorkspaceError
    from equitycohort.export.common import ExportError

    handler = {"demo": cmd_demo, "info": cmd_info, "check": cmd_check, "backup": cmd_backup,
               "list": cmd_list, "attention": cmd_attention, "export": cmd_export,
               "import": cmd_import, "changes": cmd_changes}[args.command]
    try:
        return handler(args)
    except CommandError:
        raise
    except ExportError as exc:
        raise CommandError(str(exc), 1) from exc
    except (WorkspaceError, ValidationError) as exc:
        raise CommandError(str(exc), 2 if isinstance(exc, WorkspaceError) else 1) from exc
    except OSError as exc:
        raise CommandError(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 2) from exc
    except sqlite3.Error as exc:
        from equitycohort.data.files import message

        raise CommandError(f"{args.path.name} could not be read ({message(exc)}). `equitycohort check "
                           f"{args.path}` says what is wrong with it.", 2) from exc
    except Exception as exc:  # the last line of defense: a plain message, never a traceback
        raise CommandError(f"the {args.command} command failed ({type(exc).__name__}: {exc}). "
                           f"`equitycohort check {args.path}` lists any value in the workspace that the app "
                           "cannot use.", 1) from exc


def cmd_demo(args) -> int:
    from equitycohort.data.demo import populate_demo
    from equitycohort.data.workspace import create_workspace

    if args.cohorts < 1 or args.cohorts > 500:
        raise CommandError("--cohorts must be between 1 and 500", 2)
    path: Path = args.path
    if path.exists() or path.is_symlink():
        if not args.force:
            raise CommandError(f"{path} already exists; add --force to replace it", 2)
        if path.is_dir():
            raise CommandError(f"{path} is a folder", 2)
        from equitycohort.data.lock import WorkspaceLock

        lock = WorkspaceLock(path)
        lock.acquire()  # refuse to replace a workspace that is open somewhere
        lock.release()
        for side in ("", "-wal", "-shm"):
            Path(str(path) + side).unlink(missing_ok=True)
    ws = create_workspace(path)
    try:
        populate_demo(ws, cohorts=args.cohorts)
        ws.checkpoint()
    finally:
        ws.close()
    print(path)
    return 0


def cmd_info(args) -> int:
    from equitycohort.data.schema import COUNTED
    from equitycohort.data.workspace import open_read_only

    with open_read_only(args.path) as ws:
        print(f"schema: {ws.schema_version}")
        for table, label in COUNTED:
            print(f"{label}: {ws.count(table)}")
    return 0


def cmd_check(args) -> int:
    from equitycohort.data.maintenance import check_workspace, repair_workspace

    report = check_workspace(args.path)
    if args.repair and report.readable and report.problems:
        report.repaired = repair_workspace(args.path)
    stream = sys.stdout if report.readable else sys.stderr
    for line in report.lines():
        print(line, file=stream)
    return report.exit_code


def cmd_backup(args) -> int:
    from equitycohort.data.maintenance import backup
    from equitycohort.data.workspace import open_read_only

    with open_read_only(args.path) as ws:
        print(backup(ws, args.to))
    return 0


# --- list, export, import ------------------------------------------------

def _describe_teams(ws, rows: list[dict]) -> str:
    from equitycohort.data.states import state_name

    names = {r["id"]: r["name"] for r in ws.rows("SELECT id, name FROM cohorts")}
    return "\n".join(f"  {r['id']}\t{state_name(r['state'])}: {r['organization']} ({names.get(r['cohort_id'])})"
                     for r in rows)


def _by_prefix(ws, table: str, text: str) -> list[dict]:
    """Records whose id starts with ``text`` (ids are long; a unique prefix will do)."""
    text = text.strip().lower()
    if len(text) < 4 or not all(c in "0123456789abcdef" for c in text):
        return []
    return ws.rows(f"SELECT * FROM {table} WHERE id LIKE ? || '%'", (text,))


def resolve_cohort(ws, text: str) -> dict:
    """The one cohort an id or name names, else a CommandError listing the cohorts."""
    from equitycohort.data.cohorts import find_cohort

    found = find_cohort(ws, text) or _by_prefix(ws, "cohorts", text)
    if len(found) == 1:
        return found[0]
    everyone = ws.rows("SELECT id, name, start_date FROM cohorts ORDER BY start_date")
    listing = "\n".join(f"  {r['id']}\t{r['name']} (from {r['start_date']})" for r in (found or everyone))
    if found:
        raise CommandError(f"{text!r} names {len(found)} cohorts; use an id:\n{listing}")
    if not everyone:
        raise CommandError(f"no cohort matches {text!r}: the workspace has no cohorts")
    raise CommandError(f"no cohort matches {text!r}; the cohorts are:\n{listing}")


def resolve_team(ws, text: str, cohort_text: str | None) -> dict:
    """The one team TEAM names (within --cohort if given), else a CommandError listing candidates."""
    from equitycohort.data.teams import find_team

    cohort = resolve_cohort(ws, cohort_text) if cohort_text else None
    cohort_id = cohort["id"] if cohort else None
    found = find_team(ws, text, cohort_id) or _by_prefix(ws, "teams", text)
    if cohort_id:
        outside = [r for r in found if r["cohort_id"] != cohort_id]
        if outside and len(outside) == len(found):
            raise CommandError(f"team {text!r} is not in the cohort {cohort['name']!r}")
        found = [r for r in found if r["cohort_id"] == cohort_id]
    if len(found) == 1:
        return found[0]
    if found:
        raise CommandError(f"{text!r} matches {len(found)} teams; add --cohort C or use an id:\n"
                           + _describe_teams(ws, found))
    where = f" in {cohort['name']!r}" if cohort else ""
    candidates = ws.rows("SELECT * FROM teams" + (" WHERE cohort_id = ?" if cohort_id else "")
                         + " ORDER BY state", (cohort_id,) if cohort_id else ())
    if not candidates:
        raise CommandError(f"no team matches {text!r}: there are no teams{where}")
    raise CommandError(f"no team matches {text!r}{where}; the teams are:\n" + _describe_teams(ws, candidates))


def resolve_session(ws, text: str) -> dict:
    found = ws.rows("SELECT * FROM sessions WHERE id = ?", (text,)) or _by_prefix(ws, "sessions", text)
    if len(found) == 1:
        return found[0]
    if found:
        raise CommandError(f"{text!r} is the start of {len(found)} session ids; give more of it")
    raise CommandError(f"no session has the id {text!r}; `equitycohort list sessions PATH` shows them")


def cmd_list(args) -> int:
    from equitycohort.data.cohorts import list_cohorts
    from equitycohort.data.schedule import list_sessions
    from equitycohort.data.teams import list_teams
    from equitycohort.data.workspace import open_read_only

    with open_read_only(args.path) as ws:
        cohorts = list(reversed(list_cohorts(ws)))  # oldest first
        if args.cohort:
            chosen = resolve_cohort(ws, args.cohort)["id"]
            cohorts = [c for c in cohorts if c.id == chosen]
        lines = []
        for cohort in cohorts:
            if args.what == "cohorts":
                lines.append(f"{cohort.id}\t{cohort.label}")
            elif args.what == "teams":
                lines += [f"{t.id}\t{t.label}" for t in list_teams(ws, cohort.id)]
            else:
                lines += [f"{s.id}\t{s.date} {s.start_time} {s.title}" for s in list_sessions(ws, cohort.id)]
    for line in lines:
        print(line)
    return 0


def cmd_attention(args: argparse.Namespace) -> int:
    """The Attention list, one item a line, for a morning digest script."""
    from equitycohort.data.attention import SECTION_KEYS, attention
    from equitycohort.data.workspace import open_read_only

    if not 1 <= args.weeks <= 104:
        raise CommandError("--weeks takes a whole number of weeks from 1 to 104", 2)
    with open_read_only(args.path) as ws:
        cohort_id = resolve_cohort(ws, args.cohort)["id"] if args.cohort else None
        sections = attention(ws, weeks=args.weeks, cohort_id=cohort_id)
    for section, items in sections.items():
        for item in items:
            fields = (SECTION_KEYS[section], item.team or "-", _one_line(item.title), item.date or "-")
            print("\t".join(fields))
    return 0


def _one_line(text: str) -> str:
    """Text fit for one tab-separated field: no tabs, no line breaks."""
    return " ".join(text.split()) or "-"


def cmd_export(args) -> int:
    from equitycohort import export
    from equitycohort.data.files import refuse_own_file
    from equitycohort.data.workspace import open_read_only
    from equitycohort.paths import private_folders

    out: Path = args.out
    if args.kind != "packets" and out.is_dir():
        raise CommandError(f"{out} is a folder; give a file name", 2)
    if args.kind == "packets" and out.exists() and not out.is_dir():
        raise CommandError(f"{out} is a file; give a folder for the packets", 2)
    page = {"page_size": args.page_size} if hasattr(args, "page_size") else {}
    with open_read_only(args.path) as ws:
        refuse_own_file(out)  # before any work: never over the workspace being read, a file of it, the backups
        private_folders(out if args.kind == "packets" else out.parent)
        if args.kind in ("workplan", "checkins"):
            team = resolve_team(ws, args.team, args.cohort)
            if args.kind == "workplan" and out.suffix.lower() == ".xlsx":
                written = [export.export_workplan_xlsx(ws, team["id"], out)]
            elif args.kind == "workplan":
                written = [export.export_workplan(ws, team["id"], out, **page)]
            else:
                written = [export.export_checkin_history(ws, team["id"], out, internal=args.internal, **page)]
        elif args.kind == "session":
            written = [export.export_session_packet(ws, resolve_session(ws, args.session)["id"], out, **page)]
        else:
            cohort_id = resolve_cohort(ws, args.cohort)["id"]
            if args.kind == "cohort":
                written = [export.export_cohort_summary(ws, cohort_id, out, **page)]
            elif args.kind == "calendar":
                team_id = resolve_team(ws, args.team, cohort_id)["id"] if args.team else None
                written = [export.export_calendar(ws, cohort_id, out, team_id=team_id)]
            elif args.kind == "attendance":
                written = [export.export_attendance(ws, cohort_id, out)]
            elif args.kind == "roster":
                written = [export.export_roster(ws, cohort_id, out)]
            else:
                written = export.export_packets(ws, cohort_id, out, **page).files
    for path in written:
        print(path)
    return 0


def cmd_import(args) -> int:
    from equitycohort.data.roster import import_roster
    from equitycohort.data.workspace import open_read_only, open_workspace

    if not args.file.exists():
        raise CommandError(f"{args.file}: no such file", 2)
    if not args.file.is_file():
        raise CommandError(f"{args.file} is not a regular file (a folder, a pipe or a device); give a CSV file", 2)
    opener = open_read_only if args.dry_run else open_workspace
    with opener(args.path) as ws:
        for notice in ws.notices:
            print(f"equitycohort: {notice}", file=sys.stderr)
        cohort_id = resolve_cohort(ws, args.cohort)["id"]
        plan = import_roster(ws, cohort_id, args.file, dry_run=args.dry_run)
    if not plan.ok:
        for line in plan.report():
            print(line, file=sys.stderr)
        return 1
    for line in plan.report():
        print(line)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    """Share My Changes and Import Changes, for scripts (data/sharing)."""
    from equitycohort.data.workspace import open_read_only

    if args.verb == "conflicts":
        from equitycohort.data.sharing.conflicts import conflict_line, list_conflicts

        with open_read_only(args.path) as ws:
            for conflict in list_conflicts(ws):
                print(conflict_line(ws, conflict))
        return 0
    from equitycohort.data.sharing.changesfile import ChangesFileError

    try:
        if args.verb == "export":
            return _changes_export(args)
        return _changes_import(args)
    except ChangesFileError as exc:
        raise CommandError(str(exc), 1) from exc


def _who(text: str | None):
    from equitycohort import identity

    if text is not None:
        try:
            return identity.parse_as(text)
        except identity.IdentityError as exc:
            raise CommandError(f'--as: {exc} Give it as "Name, Organization".', 2) from exc
    kept = identity.load()
    if kept is None or not kept.complete:
        raise CommandError('say who you are first: add --as "Name, Organization" (or give your name in the app, '
                           "under File > Share My Changes)", 2)
    return kept


def _changes_export(args: argparse.Namespace) -> int:
    from equitycohort.data.sharing.changesfile import SUFFIX, Author
    from equitycohort.data.sharing.exchange import export_changes
    from equitycohort.data.workspace import open_workspace

    person = _who(args.as_)
    out: Path = args.out
    if out.is_dir():
        raise CommandError(f"{out} is a folder; give a file name (ending in {SUFFIX})", 2)
    if out.suffix.lower() != SUFFIX:
        raise CommandError(f"{out.name}: a changes file's name ends in {SUFFIX}", 2)
    with open_workspace(args.path) as ws:
        for notice in ws.notices:
            print(f"equitycohort: {notice}", file=sys.stderr)
        ws.author = person.id
        report = export_changes(ws, out, Author(person.id, person.name, person.organization), everything=args.all)
    if report.path is None:
        print("equitycohort: no changes of yours since your last share; no file written (--all writes every "
              "change of yours again)", file=sys.stderr)
        return 0
    print(report.path)
    for line in (f"new: {report.new}", f"updated: {report.updated}", f"deleted: {report.deleted}"):
        print(line)
    return 0


def _changes_import(args: argparse.Namespace) -> int:
    from equitycohort.data.sharing.exchange import import_changes, preview_imports, read_changes_file
    from equitycohort.data.workspace import open_workspace

    for file in args.files:
        if not file.exists():
            raise CommandError(f"{file}: no such file", 2)
    files = [read_changes_file(file) for file in args.files]  # every file checked before any is imported
    with open_workspace(args.path) as ws:
        for notice in ws.notices:
            print(f"equitycohort: {notice}", file=sys.stderr)
        if args.dry_run:
            reports = preview_imports(ws, files)
        else:
            from equitycohort.data.sharing.exchange import check_origin

            for cf in files:
                check_origin(ws, cf)
            reports = [import_changes(ws, cf) for cf in files]
    for cf, report in zip(files, reports, strict=True):
        again = " (imported before: nothing new)" if report.seen_before and not (
            report.new or report.updated or report.deleted or report.conflicts) else ""
        print(f"equitycohort: {cf.name}: {report.summary}{again}", file=sys.stderr)
    totals = {key: sum(getattr(r, key) for r in reports) for key in ("new", "updated", "deleted", "conflicts")}
    for key, value in totals.items():
        print(f"{key}: {value}")
    return 0
