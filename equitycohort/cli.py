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
  check PATH                          integrity and schema report (exit 0 healthy, 1 problems, 2 unreadable)
  backup PATH [--to DIR]              a consistent copy, even while the app has it open

examples:
  equitycohort                          open the app
  equitycohort demo demo.ecw            make a demo workspace to try
  equitycohort info demo.ecw            what a workspace holds
  equitycohort check demo.ecw           is it healthy? (exit 0 yes, 1 no, 2 unreadable)

Run `equitycohort COMMAND --help` for the options of one command."""

COMMANDS = ("demo", "info", "check", "backup")


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="equitycohort", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"equitycohort {__version__}")
    parser.add_argument("path", nargs="?", metavar="PATH", help="workspace file to open")
    parser.add_argument("--exit-after-startup", action="store_true",
                        help="open the window, let it paint with its data, then exit (smoke tests, benchmarks)")
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
                       description="Check a workspace. Exit 0 healthy, 1 problems found, 2 not a readable workspace.")
    p.add_argument("path", metavar="PATH", type=Path)

    p = sub.add_parser("backup", help="make a consistent copy; prints its path",
                       description="Copy a workspace safely, even while it is open in the app.")
    p.add_argument("path", metavar="PATH", type=Path)
    p.add_argument("--to", type=Path, metavar="DIR",
                   help="folder for the copy (default: the workspace's backup folder)")
    return parser


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
        if args.path and not Path(args.path).exists() and Path(args.path).suffix == "" and "/" not in args.path:
            raise CommandError(f"unknown command {args.path!r}; see `equitycohort --help`", 2)
        from equitycohort.ui.app import run_app

        return run_app(args.path, exit_after_startup=args.exit_after_startup)
    except CommandError as exc:
        print(f"equitycohort: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130


def _run_command(args: argparse.Namespace) -> int:
    from equitycohort.data.errors import ValidationError, WorkspaceError

    handler = {"demo": cmd_demo, "info": cmd_info, "check": cmd_check, "backup": cmd_backup}[args.command]
    try:
        return handler(args)
    except (WorkspaceError, ValidationError) as exc:
        raise CommandError(str(exc), 2 if isinstance(exc, WorkspaceError) else 1) from exc
    except OSError as exc:
        raise CommandError(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), 2) from exc


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
    from equitycohort.data.maintenance import check_workspace

    report = check_workspace(args.path)
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
