"""The `equitycohort` command: the desktop app, and subcommands for scripts.

Heavy modules (Qt, reportlab) are imported only by the commands that use
them, so `equitycohort info` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from equitycohort import __version__, i18n
from equitycohort.i18n import N_, _, ngettext

#: typing.TYPE_CHECKING without importing typing at start-up (mypy reads the name)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

DESCRIPTION = N_("""\
Equity Cohort: run cohort learning programs offline.

With no command, opens the desktop app on PATH, else on the workspace used
last, else on the default workspace in your user data folder.""")

#: the commands the epilog lists: (how it is typed, what it does)
EPILOG_COMMANDS = (
    ("demo PATH [--cohorts N] [--force]", N_("create a demo workspace to try the app")),
    ("info PATH", N_("schema version and a count of each kind of record")),
    ("check PATH [--repair]", N_("integrity and schema report (exit 0 healthy, 1 problems, 2 unreadable); "
                                 "--repair makes a repaired copy beside a damaged workspace")),
    ("backup PATH [--to DIR]", N_("a consistent copy, even while the app has it open")),
    ("list cohorts|teams|sessions PATH [--cohort C]", N_("one record a line: its id, a tab, its name")),
    ("attention PATH [--cohort C] [--weeks N]",
     N_("what needs following up, one item a line: kind, team, what, date")),
    ("export workplan PATH --team TEAM [--cohort C] --out FILE.pdf|FILE.xlsx",
     N_("a state team's workplan: a PDF, or an editable workbook")),
    ("export cohort PATH --cohort C --out FILE.pdf", N_("the cohort summary PDF, for facilitators and funders")),
    ("export session PATH --session ID --out FILE.pdf", N_("a session's agenda and sign-in sheet")),
    ("export checkins PATH --team TEAM [--cohort C] [--internal] --out FILE.pdf",
     N_("a team's check-in history (private notes only with --internal)")),
    ("export calendar PATH --cohort C [--team TEAM] --out FILE.ics",
     N_("the cohort's sessions (or a team's) for Outlook / Google Calendar")),
    ("export roster PATH --cohort C --out FILE.csv|FILE.xlsx", N_("the cohort's roster as CSV or as a workbook")),
    ("export attendance PATH --cohort C --out FILE.xlsx",
     N_("the cohort's attendance: a person-by-session grid, with rates")),
    ("export packets PATH --cohort C --out DIR",
     N_("every team's workplan, check-ins and calendar, and the summary")),
    ("import roster PATH --cohort C FILE [--dry-run]",
     N_("add or update teams and people from a roster (.csv, .txt, .xlsx)")),
    ('changes export PATH --out FILE [--all] [--as "NAME, ORGANIZATION"]',
     N_("your changes since your last share, as a changes file for the other facilitators (it holds "
        "private notes: never for a team)")),
    ("changes import PATH FILE... [--dry-run]",
     N_("merge other facilitators' changes files; prints new, updated, deleted and conflicts, one a line")),
    ("changes conflicts PATH", N_("the open conflicts, one a line")),
)
#: the examples the epilog gives: (a command line, what it does, or "" to say nothing)
EPILOG_EXAMPLES = (
    ("equitycohort", N_("open the app")),
    ("equitycohort demo demo.ecw", N_("make a demo workspace to try")),
    ("equitycohort info demo.ecw", N_("what a workspace holds")),
    ("equitycohort check demo.ecw", N_("is it healthy? (exit 0 yes, 1 no, 2 unreadable)")),
    ("equitycohort list teams demo.ecw", N_("the teams and their ids")),
    ("equitycohort export workplan demo.ecw --team IA --out iowa.pdf", ""),
    ('equitycohort export packets demo.ecw --cohort "Cohort 1" --out packets/', ""),
)
#: where an epilog line's description starts, and where its lines end
_EPILOG_COLUMN, _EPILOG_WIDTH = 38, 110


def epilog() -> str:
    """The main --help's list of commands, examples and notes, in the current language."""
    import textwrap

    lines = [_("commands:")]
    for usage, what in EPILOG_COMMANDS:
        wrapped = textwrap.wrap(_(what), _EPILOG_WIDTH - _EPILOG_COLUMN, break_long_words=False,
                                break_on_hyphens=False)
        head = f"  {usage}"
        if len(head) < _EPILOG_COLUMN - 1:
            lines.append(head.ljust(_EPILOG_COLUMN) + wrapped[0])
        else:
            lines += [head, " " * _EPILOG_COLUMN + wrapped[0]]
        lines += [" " * _EPILOG_COLUMN + line for line in wrapped[1:]]
    lines += ["", _("examples:")]
    for command, what in EPILOG_EXAMPLES:
        lines.append(f"  {command}".ljust(_EPILOG_COLUMN + 2) + _(what) if what else f"  {command}")
    notes = [
        _("TEAM is a team id, a state name or its two-letter code; C is a cohort id or name. PDF exports take "
          "--page-size letter|a4 (default letter)."),
        _("Exports take --lang en|es: a team's documents are in the team's language unless it is given (in "
          "packets, each team's own), anything else in English."),
        _("Messages are in the language of the environment (LANGUAGE, LC_ALL, LC_MESSAGES or LANG); set "
          "EQUITYCOHORT_LANG=en or EQUITYCOHORT_LANG=es to choose one."),
        _("Run `equitycohort COMMAND --help` for the options of one command."),
    ]
    for note in notes:
        lines += ["", *textwrap.wrap(note, 76, break_long_words=False, break_on_hyphens=False)]
    return "\n".join(lines)


COMMANDS = ("demo", "info", "check", "backup", "list", "attention", "export", "import", "changes")
#: the environment variable that chooses the command line's language (en or es) over the system's
LANGUAGE_VARIABLE = "EQUITYCOHORT_LANG"


def cli_language(environ: dict[str, str] | None = None) -> str:
    """The command line's language: EQUITYCOHORT_LANG, else the environment's (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG, as gettext reads them), else English."""
    import os

    env = os.environ if environ is None else environ
    forced = env.get(LANGUAGE_VARIABLE, "").strip()
    if forced:
        return i18n.normalize(forced)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "").strip()
        if value:
            # LANGUAGE may list several ("es_MX:es:en"): the first the app speaks
            for choice in value.split(":"):
                code = i18n.normalize(choice)
                if code != "en" or choice.lower().startswith("en"):
                    return code
            return "en"
    return "en"


def _translate_argparse() -> None:
    """Have argparse say "usage:", "options" and its errors in the current language: its messages go
    through the module's own ``_`` and ``ngettext`` (from gettext), pointed here at ours."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def _argparse_messages() -> None:  # pragma: no cover - never called: it marks argparse's messages
    """argparse's messages that a user may meet, marked for the catalog (argparse translates them
    itself, through ``_translate_argparse``); from Python 3.10 to 3.13."""
    _("usage: ")
    _("positional arguments")
    _("options")
    _("optional arguments")
    _("show this help message and exit")
    _("show program's version number and exit")
    _("%(heading)s:")
    _("argument %(argument_name)s: %(message)s")
    _("unrecognized arguments: %s")
    _("the following arguments are required: %s")
    _("one of the arguments %s is required")
    _("expected one argument")
    _("expected at most one argument")
    _("expected at least one argument")
    ngettext("expected %s argument", "expected %s arguments", 2)
    _("ambiguous option: %(option)s could match %(matches)s")
    _("invalid %(type)s value: %(value)r")
    _("invalid choice: %(value)r (choose from %(choices)s)")
    _("%(prog)s: error: %(message)s\n")
    _("not allowed with argument %s")
    _("ignored explicit argument %r")
    _("can't open '%(filename)s': %(error)s")
    _("unknown parser %(parser_name)r (choices: %(choices)s)")
    _("unexpected option string: %s")


def _plain_gui_args(argv: list[str]) -> argparse.Namespace | None:
    """The app's arguments when there is nothing for argparse to judge: at most a path and
    --exit-after-startup, as a double-click or a desktop launcher passes them. Building the
    parser with its translated help costs start-up a few milliseconds; anything else goes to it."""
    options = [a for a in argv if a.startswith("-")]
    paths = [a for a in argv if not a.startswith("-")]
    if len(paths) > 1 or any(option != "--exit-after-startup" for option in options):
        return None
    return argparse.Namespace(path=paths[0] if paths else None, exit_after_startup=bool(options), self_test=False)


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="equitycohort", description=_(DESCRIPTION), epilog=epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"equitycohort {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("path", nargs="?", metavar="PATH", help=_("workspace file to open"))
    parser.add_argument("--exit-after-startup", action="store_true",
                        help=_("open the window, let it paint with its data, then exit (smoke tests, benchmarks)"))
    parser.add_argument("--self-test", action="store_true",
                        help=_("check the installation without a display (fonts, translations, a workspace, "
                               "a PDF and a calendar, a changes file, Qt); one line per check, exit 0 if all passed"))
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="equitycohort", description=_(DESCRIPTION),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help=_("create a demo workspace to try the app"),
                       description=_("Create a realistic demo workspace of fictional people and organizations."))
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--cohorts", type=int, default=1, metavar="N",
                   help=_("number of cohorts (default 1; more rotate through all states, over years)"))
    p.add_argument("--force", action="store_true", help=_("replace PATH if it exists"))

    p = sub.add_parser("info", help=_("schema version and record counts"),
                       description=_("Print the schema version and a count of each kind of record, one `kind: N` "
                                     "a line."))
    p.add_argument("path", metavar="PATH", type=Path)

    p = sub.add_parser("check", help=_("integrity and schema report"),
                       description=_("Check a workspace: SQLite's full integrity check, the files beside it, and "
                                     "every stored value, naming each record at fault. Exit 0 healthy, 1 problems "
                                     "found, 2 not a readable workspace. Nothing is written."))
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--repair", action="store_true",
                   help=_("when problems are found, make a repaired copy beside the workspace (NAME (repaired).ecw) "
                          "from what can still be read; the workspace itself is left as it is"))

    p = sub.add_parser("backup", help=_("make a consistent copy; prints its path"),
                       description=_("Copy a workspace safely, even while it is open in the app."))
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--to", type=Path, metavar="DIR",
                   help=_("folder for the copy (default: the workspace's backup folder)"))

    p = sub.add_parser("list", help=_("ids and names of cohorts, teams or sessions"),
                       description=_("Print one record a line: its id, a tab, then its name, so scripts "
                                     "can find the ids to pass to the other commands."))
    p.add_argument("what", choices=("cohorts", "teams", "sessions"))
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--cohort", metavar="C", help=_("only this cohort (an id or a name)"))

    p = sub.add_parser("attention", help=_("what needs following up, one item a line"),
                       description=_("Print what needs following up (the app's Attention screen), one item a line: "
                                     "its kind, the team's state (or -), what it is, and its date (YYYY-MM-DD or -), "
                                     "separated by tabs. Kinds: not-contacted, check-in-due, next-step-overdue, "
                                     "action-overdue, milestone-overdue, attendance-missing, assessment-due, "
                                     "coming-up. Only cohorts under way count."))
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--cohort", metavar="C", help=_("only this cohort (an id or a name)"))
    p.add_argument("--weeks", type=int, default=4, metavar="N",
                   help=_("a team not checked in with for more than N weeks is listed as not contacted (default 4)"))

    p = sub.add_parser("export", help=_("PDFs, the calendar, the roster, packets for every team"),
                       description=_("Export documents from a workspace (read-only: works while the app "
                                     "has it open). Prints the path of each file written."))
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")

    def export_parser(kind, help, *, team=False, cohort=None, session=False, pdf=True, out="FILE",
                      lang_help=None):
        q = kinds.add_parser(kind, help=help, description=help)
        q.add_argument("path", metavar="PATH", type=Path)
        if team:
            q.add_argument("--team", required=True, metavar="TEAM",
                           help=_("a team id, a state name or its two-letter code"))
        if cohort is not None:
            q.add_argument("--cohort", required=cohort, metavar="C", help=_("a cohort id or name"))
        if session:
            q.add_argument("--session", required=True, metavar="ID",
                           help=_("a session id (see `equitycohort list sessions PATH`)"))
        q.add_argument("--out", required=True, type=Path, metavar=out)
        if pdf:
            q.add_argument("--page-size", default="letter", choices=("letter", "a4"),
                           help=_("paper size (default letter)"))
        q.add_argument("--lang", choices=LANGUAGES, metavar="en|es",
                       help=lang_help or _("the language of the document: en (English) or es (Spanish); "
                                           "default English"))
        return q

    team_language = _("the language of the document: en (English) or es (Spanish); default: the team's "
                      "language (its own setting, else its leaders')")
    export_parser("workplan", _("a state team's workplan: a PDF, or an editable workbook if FILE ends in .xlsx"),
                  team=True, cohort=False, out="FILE.pdf|FILE.xlsx", lang_help=team_language)
    export_parser("cohort", _("the cohort summary PDF"), cohort=True, out="FILE.pdf")
    export_parser("session", _("a session packet PDF: agenda and sign-in sheet"), session=True, out="FILE.pdf")
    q = export_parser("checkins", _("a team's check-in history PDF"), team=True, cohort=False, out="FILE.pdf",
                      lang_help=team_language)
    q.add_argument("--internal", action="store_true",
                   help=_("include the facilitators' private notes (a facilitators-only copy)"))
    q = export_parser("calendar", _("the cohort's sessions as an .ics calendar"), cohort=True, pdf=False,
                      out="FILE.ics", lang_help=_("the language of the calendar's own words (“Cancelled: ”): en or "
                                                  "es; default: the team's with --team, else English"))
    q.add_argument("--team", metavar="TEAM", help=_("only what this team's calendar shows: the cohort-wide "
                                                    "sessions and its own"))
    export_parser("roster", _("the cohort's roster: CSV, or a workbook if FILE ends in .xlsx"), cohort=True,
                  pdf=False, out="FILE.csv|FILE.xlsx",
                  lang_help=_("the language of the workbook's sheet name: en or es (the columns are the roster's "
                              "format, always in English); default English"))
    export_parser("attendance", _("the cohort's attendance as a workbook: every leader by session, with rates"),
                  cohort=True, pdf=False, out="FILE.xlsx")
    export_parser("packets", _("a folder per team with its workplan, check-in history and calendar, "
                               "plus the cohort summary"), cohort=True, out="DIR",
                  lang_help=_("the language of the cohort summary: en or es (default English); each team's "
                              "documents are in the team's own language"))

    p = sub.add_parser("import", help=_("import a roster (.csv, .txt or .xlsx) into a cohort"),
                       description=_("Import a roster (columns state, organization and name, and optionally "
                                     "role, email, phone, preferred_language, pronouns, in any order) into a "
                                     "cohort as one undoable step: CSV or text as spreadsheets save it (UTF-8, "
                                     "UTF-16, Windows-1252, Mac Roman; commas, semicolons or tabs) or an .xlsx "
                                     "workbook. Nothing is imported unless every row is valid."))
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    q = kinds.add_parser("roster", help=_("import a roster"), description=p.description)
    q.add_argument("path", metavar="PATH", type=Path)
    q.add_argument("file", metavar="FILE", type=Path, help=_("the roster: .csv, .txt or .xlsx"))
    q.add_argument("--cohort", required=True, metavar="C", help=_("a cohort id or name"))
    q.add_argument("--dry-run", action="store_true", help=_("print what would change; change nothing"))
    _changes_parser(sub)
    return parser


#: the languages documents can be made in (--lang)
LANGUAGES = ("en", "es")


def _changes_parser(sub) -> None:
    p = sub.add_parser("changes", help=_("share changes between copies of a workspace (facilitators only)"),
                       description=_("Share changes between facilitators' copies of one workspace, through "
                                   "changes files (.ecchanges). They hold private notes: for facilitators only, "
                                   "never for a state team. Your name comes from the app's settings, or --as."))
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    q = verbs.add_parser("export", help=_("write your changes since your last share"),
                         description=_("Write your changes since your last share into a changes file."))
    q.add_argument("path", metavar="PATH", type=Path)
    q.add_argument("--out", required=True, type=Path, metavar="FILE", help=_("the changes file (.ecchanges)"))
    q.add_argument("--all", action="store_true", help=_("every change of yours, also those shared before"))
    q.add_argument("--as", dest="as_", metavar='"NAME, ORGANIZATION"',
                   help=_("who you are (default: the name kept in the app's settings)"))
    q = verbs.add_parser("import", help=_("merge changes files from other facilitators"),
                         description=_("Merge changes files into the workspace, each as one undoable step, and "
                                     "print new: N, updated: N, deleted: N, conflicts: N (totals), one a line. "
                                     "Files may come in any order and more than once. A file that cannot be "
                                     "used is refused, and then none is imported."))
    q.add_argument("path", metavar="PATH", type=Path)
    q.add_argument("files", nargs="+", metavar="FILE", type=Path, help=_("changes files (.ecchanges)"))
    q.add_argument("--dry-run", action="store_true", help=_("print what importing would do; change nothing"))
    q = verbs.add_parser("conflicts", help=_("the open conflicts, one a line"),
                         description=_("Print each open conflict on one line, tab-separated: its id, kind, the "
                                     "record, the fields, mine (who, when), theirs (who, when), which was kept."))
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
    if argv == ["--version"]:  # answered before any catalog is read, and as argparse would: exit 0
        print(f"equitycohort {__version__}")
        sys.exit(0)
    _translate_argparse()
    with i18n.use(cli_language()):
        try:
            if first in COMMANDS:
                args = _command_parser().parse_args(argv)
                return _run_command(args)
            if wants_help or "--version" in argv:
                _gui_parser().parse_args(argv)
                return 0
            args = _plain_gui_args(argv) or _gui_parser().parse_args(argv)
            if args.self_test:
                from equitycohort.selftest import run_self_test

                return run_self_test()
            if args.path and not Path(args.path).exists() and Path(args.path).suffix == "" and "/" not in args.path:
                raise CommandError(_("unknown command {command}; see `equitycohort --help`").format(
                    command=repr(args.path)), 2)
        except CommandError as exc:
            print(f"equitycohort: {exc}", file=sys.stderr)
            return exc.code
        except KeyboardInterrupt:
            return 130
    try:
        # the desktop app speaks its own language (the system's, or the one chosen in it)
        from equitycohort.ui.app import end_process, run_app

        return end_process(run_app(args.path, exit_after_startup=args.exit_after_startup))
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
    except BrokenPipeError:
        # the reader went away (`equitycohort list sessions PATH | head -1`): nothing to say to it;
        # stdout is pointed at nothing so Python's own flush at exit stays quiet too
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ExportError as exc:
        raise CommandError(str(exc), 1) from exc
    except (WorkspaceError, ValidationError) as exc:
        raise CommandError(str(exc), 2 if isinstance(exc, WorkspaceError) else 1) from exc
    except OSError as exc:
        raise CommandError(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 2) from exc
    except sqlite3.Error as exc:
        from equitycohort.data.files import message

        raise CommandError(_("{name} could not be read ({error}). `equitycohort check {path}` says what is wrong "
                             "with it.").format(name=args.path.name, error=message(exc), path=args.path), 2) from exc
    except Exception as exc:  # the last line of defense: a plain message, never a traceback
        raise CommandError(_("the {command} command failed ({error}). `equitycohort check {path}` lists any value "
                             "in the workspace that the app cannot use.").format(
            command=args.command, error=f"{type(exc).__name__}: {exc}", path=args.path), 1) from exc


def cmd_demo(args: argparse.Namespace) -> int:
    from equitycohort.data.demo import populate_demo
    from equitycohort.data.workspace import create_workspace

    if args.cohorts < 1 or args.cohorts > 500:
        raise CommandError(_("--cohorts must be between 1 and 500"), 2)
    path: Path = args.path
    if path.exists() or path.is_symlink():
        if not args.force:
            raise CommandError(_("{path} already exists; add --force to replace it").format(path=path), 2)
        if path.is_dir():
            raise CommandError(_("{path} is a folder").format(path=path), 2)
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


def cmd_info(args: argparse.Namespace) -> int:
    from equitycohort.data.schema import COUNTED
    from equitycohort.data.workspace import open_read_only

    with open_read_only(args.path) as ws:
        # "kind: N" lines for scripts: the same in every language
        print(f"schema: {ws.schema_version}")
        for table, label in COUNTED:
            print(f"{label}: {ws.count(table)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from equitycohort.data.maintenance import check_workspace, repair_workspace

    report = check_workspace(args.path)
    if args.repair and report.readable and report.problems:
        report.repaired = repair_workspace(args.path)
    stream = sys.stdout if report.readable else sys.stderr
    for line in report.lines():
        print(line, file=stream)
    return report.exit_code


def cmd_backup(args: argparse.Namespace) -> int:
    from equitycohort.data.maintenance import backup
    from equitycohort.data.workspace import open_read_only

    with open_read_only(args.path) as ws:
        print(backup(ws, args.to))
    return 0


# --- list, export, import ------------------------------------------------

def _describe_teams(ws: Workspace, rows: list[dict]) -> str:
    from equitycohort.data.states import state_name

    names = {r["id"]: r["name"] for r in ws.rows("SELECT id, name FROM cohorts")}
    return "\n".join(f"  {r['id']}\t{state_name(r['state'])}: {r['organization']} ({names.get(r['cohort_id'])})"
                     for r in rows)


def _by_prefix(ws: Workspace, table: str, text: str) -> list[dict]:
    """Records whose id starts with ``text`` (ids are long; a unique prefix will do)."""
    text = text.strip().lower()
    if len(text) < 4 or not all(c in "0123456789abcdef" for c in text):
        return []
    return ws.rows(f"SELECT * FROM {table} WHERE id LIKE ? || '%'", (text,))


def resolve_cohort(ws: Workspace, text: str) -> dict:
    """The one cohort an id or name names, else a CommandError listing the cohorts."""
    from equitycohort.data.cohorts import find_cohort

    found = find_cohort(ws, text) or _by_prefix(ws, "cohorts", text)
    if len(found) == 1:
        return found[0]
    everyone = ws.rows("SELECT id, name, start_date FROM cohorts ORDER BY start_date")
    listing = "\n".join(f"  {r['id']}\t" + _("{name} (from {date})").format(name=r["name"], date=r["start_date"])
                        for r in (found or everyone))
    if found:
        raise CommandError(_("{text} names {count} cohorts; use an id:").format(text=repr(text), count=len(found))
                           + "\n" + listing)
    if not everyone:
        raise CommandError(_("no cohort matches {text}: the workspace has no cohorts").format(text=repr(text)))
    raise CommandError(_("no cohort matches {text}; the cohorts are:").format(text=repr(text)) + "\n" + listing)


def resolve_team(ws: Workspace, text: str, cohort_text: str | None) -> dict:
    """The one team TEAM names (within --cohort if given), else a CommandError listing candidates."""
    from equitycohort.data.teams import find_team

    cohort = resolve_cohort(ws, cohort_text) if cohort_text else None
    cohort_id = cohort["id"] if cohort else None
    found = find_team(ws, text, cohort_id) or _by_prefix(ws, "teams", text)
    if cohort is not None:
        outside = [r for r in found if r["cohort_id"] != cohort_id]
        if outside and len(outside) == len(found):
            raise CommandError(_("team {text} is not in the cohort {cohort}").format(text=repr(text),
                                                                                   cohort=repr(cohort["name"])))
        found = [r for r in found if r["cohort_id"] == cohort_id]
    if len(found) == 1:
        return found[0]
    if found:
        raise CommandError(_("{text} matches {count} teams; add --cohort C or use an id:").format(
            text=repr(text), count=len(found)) + "\n" + _describe_teams(ws, found))
    candidates = ws.rows("SELECT * FROM teams" + (" WHERE cohort_id = ?" if cohort_id else "")
                         + " ORDER BY state", (cohort_id,) if cohort_id else ())
    if not candidates:
        if cohort:
            raise CommandError(_("no team matches {text}: there are no teams in {cohort}").format(
                text=repr(text), cohort=repr(cohort["name"])))
        raise CommandError(_("no team matches {text}: there are no teams").format(text=repr(text)))
    if cohort:
        heading = _("no team matches {text} in {cohort}; the teams are:").format(text=repr(text),
                                                                                cohort=repr(cohort["name"]))
    else:
        heading = _("no team matches {text}; the teams are:").format(text=repr(text))
    raise CommandError(heading + "\n" + _describe_teams(ws, candidates))


def resolve_session(ws: Workspace, text: str) -> dict:
    found = ws.rows("SELECT * FROM sessions WHERE id = ?", (text,)) or _by_prefix(ws, "sessions", text)
    if len(found) == 1:
        return found[0]
    if found:
        raise CommandError(_("{text} is the start of {count} session ids; give more of it").format(
            text=repr(text), count=len(found)))
    raise CommandError(_("no session has the id {text}; `equitycohort list sessions PATH` shows them").format(
        text=repr(text)))


def cmd_list(args: argparse.Namespace) -> int:
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
        raise CommandError(_("--weeks takes a whole number of weeks from 1 to 104"), 2)
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


def cmd_export(args: argparse.Namespace) -> int:
    from equitycohort import export
    from equitycohort.data.files import refuse_own_file
    from equitycohort.data.teams import document_language
    from equitycohort.data.workspace import open_read_only
    from equitycohort.paths import private_folders

    out: Path = args.out
    if args.kind != "packets" and out.is_dir():
        raise CommandError(_("{path} is a folder; give a file name").format(path=out), 2)
    if args.kind == "packets" and out.exists() and not out.is_dir():
        raise CommandError(_("{path} is a file; give a folder for the packets").format(path=out), 2)
    page = {"page_size": args.page_size} if hasattr(args, "page_size") else {}
    # documents for a team are in its language unless --lang says otherwise; the rest in English
    lang = args.lang or "en"
    with open_read_only(args.path) as ws:
        refuse_own_file(out)  # before any work: never over the workspace being read, a file of it, the backups
        private_folders(out if args.kind == "packets" else out.parent)
        if args.kind in ("workplan", "checkins"):
            team = resolve_team(ws, args.team, args.cohort)
            lang = args.lang or document_language(ws, team["id"])
            if args.kind == "workplan" and out.suffix.lower() == ".xlsx":
                written = [export.export_workplan_xlsx(ws, team["id"], out, lang=lang)]
            elif args.kind == "workplan":
                written = [export.export_workplan(ws, team["id"], out, lang=lang, **page)]
            else:
                written = [export.export_checkin_history(ws, team["id"], out, internal=args.internal, lang=lang,
                                                         **page)]
        elif args.kind == "session":
            written = [export.export_session_packet(ws, resolve_session(ws, args.session)["id"], out, lang=lang,
                                                    **page)]
        else:
            cohort_id = resolve_cohort(ws, args.cohort)["id"]
            if args.kind == "cohort":
                written = [export.export_cohort_summary(ws, cohort_id, out, lang=lang, **page)]
            elif args.kind == "calendar":
                team_id = resolve_team(ws, args.team, cohort_id)["id"] if args.team else None
                if team_id and not args.lang:
                    lang = document_language(ws, team_id)
                written = [export.export_calendar(ws, cohort_id, out, team_id=team_id, lang=lang)]
            elif args.kind == "attendance":
                written = [export.export_attendance(ws, cohort_id, out, lang=lang)]
            elif args.kind == "roster":
                written = [export.export_roster(ws, cohort_id, out, lang=lang)]
            else:
                written = export.export_packets(ws, cohort_id, out, lang=lang, **page).files
    for path in written:
        print(path)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from equitycohort.data.roster import import_roster
    from equitycohort.data.workspace import open_read_only, open_workspace

    if not args.file.exists():
        raise CommandError(_("{path}: no such file").format(path=args.file), 2)
    if not args.file.is_file():
        raise CommandError(_("{path} is not a regular file (a folder, a pipe or a device); give a CSV file").format(
            path=args.file), 2)
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
                print(conflict_line(ws, conflict))  # its keys stay English for scripts; its words are translated
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
            raise CommandError(_('--as: {problem} Give it as "Name, Organization".').format(problem=exc), 2) from exc
    kept = identity.load()
    if kept is None or not kept.complete:
        raise CommandError(_('say who you are first: add --as "Name, Organization" (or give your name in the app, '
                             "under File > Share My Changes)"), 2)
    return kept


def _changes_export(args: argparse.Namespace) -> int:
    from equitycohort.data.sharing.changesfile import SUFFIX, Author
    from equitycohort.data.sharing.exchange import export_changes
    from equitycohort.data.workspace import open_workspace

    person = _who(args.as_)
    out: Path = args.out
    if out.is_dir():
        raise CommandError(_("{path} is a folder; give a file name (ending in {suffix})").format(
            path=out, suffix=SUFFIX), 2)
    if out.suffix.lower() != SUFFIX:
        raise CommandError(_("{name}: a changes file's name ends in {suffix}").format(name=out.name, suffix=SUFFIX), 2)
    with open_workspace(args.path) as ws:
        for notice in ws.notices:
            print(f"equitycohort: {notice}", file=sys.stderr)
        ws.author = person.id
        report = export_changes(ws, out, Author(person.id, person.name, person.organization), everything=args.all)
    if report.path is None:
        print("equitycohort: " + _("no changes of yours since your last share; no file written (--all writes "
                                   "every change of yours again)"), file=sys.stderr)
        return 0
    print(report.path)
    # read by scripts: the same words in every language
    for line in (f"new: {report.new}", f"updated: {report.updated}", f"deleted: {report.deleted}"):
        print(line)
    return 0


def _changes_import(args: argparse.Namespace) -> int:
    from equitycohort.data.sharing.exchange import import_changes, preview_imports, read_changes_file
    from equitycohort.data.workspace import open_workspace

    for file in args.files:
        if not file.exists():
            raise CommandError(_("{path}: no such file").format(path=file), 2)
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
        again = report.seen_before and not (report.new or report.updated or report.deleted or report.conflicts)
        said = _("{file}: {summary} (imported before: nothing new)") if again else "{file}: {summary}"
        print("equitycohort: " + said.format(file=cf.name, summary=report.summary), file=sys.stderr)
    totals = {key: sum(getattr(r, key) for r in reports) for key in ("new", "updated", "deleted", "conflicts")}
    # read by scripts: the same words in every language
    for key, value in totals.items():
        print(f"{key}: {value}")
    return 0
