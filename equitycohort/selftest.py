"""``equitycohort --self-test``: the app checks itself, without a display.

Meant for an installed bundle above all (did the fonts, the catalogs, the
time zones and Qt's plugins make it in?), and it works the same from a
development install. Each check prints one line, ``ok  NAME: what was
found`` or ``FAIL NAME: what is wrong``; the exit code is 0 when every check
passed, 1 otherwise. Everything it writes goes to a temporary folder that is
removed afterwards; the user's own files and settings are never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import struct
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

import equitycohort
from equitycohort import APP_NAME, __version__

#: a leader whose name needs the fallback fonts (CJK, emoji), so the PDF must embed them
WIDE_NAME = "李小龍 Nguyễn 🎉"
#: the display platforms each system needs, by Qt plugin name
DISPLAY_PLUGINS = {"linux": ("xcb", "wayland"), "win32": ("windows",), "darwin": ("cocoa",)}


class CheckFailed(Exception):
    """A check found something wrong; the message says what, in plain words."""


@dataclass
class Context:
    """What one check leaves for the next: the temporary folder, the workspace and its ids."""

    folder: Path
    workspace: Path | None = None
    cohort_id: str = ""
    team_id: str = ""
    sessions: int = 0
    results: dict[str, bool] = field(default_factory=dict)

    def need(self, check: str) -> None:
        if not self.results.get(check):
            raise CheckFailed(f"skipped: the {check} check failed")


def locale_dir() -> Path:
    """Where the app's gettext catalogs live (``LANG/LC_MESSAGES/*.mo``), bundled or not."""
    return Path(equitycohort.__file__).resolve().parent / "locale"


def _bundle_root() -> Path | None:
    """The bundle's folder when frozen (the .app's Contents on macOS, whose parts link to each other)."""
    if not getattr(sys, "frozen", False):
        return None
    root = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)).resolve()
    return root.parent if root.name == "Frameworks" and root.parent.name == "Contents" else root


def _inside(path: str, root: Path) -> bool:
    return Path(os.path.abspath(path)).is_relative_to(root) or Path(path).resolve().is_relative_to(root)


# --- the checks -----------------------------------------------------------

def check_runtime(ctx: Context) -> str:
    python = f"Python {sys.version.split()[0]}"
    root = _bundle_root()
    if root is None:
        return f"{APP_NAME} {__version__}, {python}, not bundled: installed in {Path(sys.prefix)}"
    outside = [p for p in sys.path if p and not _inside(p, root)]
    if outside:
        raise CheckFailed(f"the bundle looks for modules outside its folder: {', '.join(outside)}")
    return f"{APP_NAME} {__version__}, {python}, bundle in {root}"


def check_fonts(ctx: Context) -> str:
    from reportlab.pdfbase import pdfmetrics

    from equitycohort.export import pdf

    missing = [file for _name, file in (*pdf._FAMILY.items(), *pdf._FALLBACKS)
               if not pdf.resource_path("fonts", file).is_file()]
    if missing:
        raise CheckFailed(f"missing from {pdf.resource_path('fonts')}: {', '.join(missing)}")
    pdf.ensure_fonts()
    pdf.ensure_italic()  # loaded on first use in the app; every face is checked here
    families: list[str] = []
    for name in (*pdf._FAMILY, *(name for name, _file in pdf._FALLBACKS)):
        if name in dict(pdf._FALLBACKS) and not pdf._fallback(name):
            raise CheckFailed(f"the fallback font {name} could not be loaded")
        family = pdfmetrics.getFont(name).face.familyName.decode("utf-8", "replace")
        if family not in families:
            families.append(family)
    first, *fallbacks = families
    return ", ".join([f"{first} ({len(pdf._FAMILY)} styles)", *fallbacks])


def _qt_catalog(language: str) -> Path | None:
    """Qt's own catalog for a language (standard buttons, dialogs), beside ours or in Qt's folder."""
    from PySide6.QtCore import QLibraryInfo

    names = [f"qtbase_{language}.qm", f"qtbase_{language.split('_')[0]}.qm"]
    folders = [locale_dir(), locale_dir() / language,
               Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    for folder in folders:
        for name in names:
            if (folder / name).is_file():
                return folder / name
    return None


def _message_count(mo: bytes) -> int:
    """How many messages a gettext catalog translates (its header entry aside)."""
    order: Literal["little", "big"] = "little" if mo[:4] == b"\xde\x12\x04\x95" else "big"
    count, originals = int.from_bytes(mo[8:12], order), int.from_bytes(mo[12:16], order)
    first_length = int.from_bytes(mo[originals:originals + 4], order) if count else 1
    return count - (1 if first_length == 0 else 0)


def _sample_date(language: str) -> str:
    """A date written in the language (Babel's data for it is bundled, or this fails)."""
    from equitycohort import formats, i18n

    try:
        with i18n.use(language):
            return formats.long_date(dt.date(2027, 3, 9))
    except Exception as exc:  # Babel's data missing from a bundle, say
        raise CheckFailed(f"{language}: dates cannot be written in it ({type(exc).__name__}: {exc})") from exc


def check_translations(ctx: Context) -> str:
    import gettext

    folder = locale_dir()
    catalogs = sorted(folder.glob("*/LC_MESSAGES/*.mo")) if folder.is_dir() else []
    if not catalogs:
        return "none shipped (English only)"
    from PySide6.QtCore import QTranslator

    found = []
    for path in catalogs:
        language = path.parent.parent.name
        try:
            with open(path, "rb") as handle:
                catalog = gettext.GNUTranslations(handle)
        except (OSError, UnicodeDecodeError, ValueError, struct.error) as exc:
            raise CheckFailed(f"{path.relative_to(folder)} cannot be read: {exc}") from exc
        declared = catalog.info().get("language", language)
        if declared.replace("-", "_").split("_")[0] != language.split("_")[0]:
            raise CheckFailed(f"{path.relative_to(folder)} says it is in {declared!r}, not {language!r}")
        messages = _message_count(path.read_bytes())
        qt = _qt_catalog(language)
        if qt is None:
            raise CheckFailed(f"{language}: Qt's own catalog (qtbase_{language}.qm) is missing")
        if not QTranslator().load(str(qt)):
            raise CheckFailed(f"{language}: Qt's catalog {qt.name} cannot be loaded")
        found.append(f"{language} ({path.name}, {messages} messages; {qt.name}; {_sample_date(language)})")
    return ", ".join(found)


def check_workspace(ctx: Context) -> str:
    from equitycohort.data.cohorts import list_cohorts
    from equitycohort.data.demo import populate_demo
    from equitycohort.data.maintenance import check_workspace as health
    from equitycohort.data.schedule import holiday_on, list_sessions
    from equitycohort.data.schema import SCHEMA_VERSION
    from equitycohort.data.teams import add_leader, list_teams
    from equitycohort.data.workspace import create_workspace, open_workspace

    path = ctx.folder / "self-test.ecw"
    ws = create_workspace(path)
    try:
        populate_demo(ws, cohorts=1)
        cohort = list_cohorts(ws)[0]
        team = list_teams(ws, cohort.id)[0]
        with ws.operation("Add a leader") as op:
            add_leader(op, team.id, {"name": WIDE_NAME, "organization": team.organization}, role="Organizer")
    finally:
        ws.close()
    ws = open_workspace(path, backups=False, daily_backup=False)
    try:
        if ws.schema_version != SCHEMA_VERSION:
            raise CheckFailed(f"reopened at schema {ws.schema_version}, expected {SCHEMA_VERSION}")
        teams = list_teams(ws, cohort.id)
        sessions = list_sessions(ws, cohort.id)
        if not teams or not sessions:
            raise CheckFailed("the reopened workspace lost its teams or sessions")
        leaders = ws.rows("SELECT name FROM people WHERE name = ?", (WIDE_NAME,))
        if not leaders:
            raise CheckFailed("a name in Chinese, Vietnamese and emoji did not survive the round trip")
    finally:
        ws.close()
    report = health(path)
    if report.exit_code != 0:
        raise CheckFailed("the integrity check found problems: " + "; ".join(report.lines()))
    year = dt.date.today().year
    holiday = holiday_on(dt.date(year, 7, 4))
    if holiday != "Independence Day":
        raise CheckFailed(f"US holidays are not known (July 4 gave {holiday!r})")
    ctx.workspace, ctx.cohort_id, ctx.team_id, ctx.sessions = path, cohort.id, team.id, len(sessions)
    return f"created, filled and reopened: {len(teams)} teams, {len(sessions)} sessions; integrity ok; US holidays"


def _pdf_problems(data: bytes) -> Iterator[str]:
    if not data.startswith(b"%PDF-1."):
        yield "it does not start with a PDF header"
    if not data.rstrip().endswith(b"%%EOF"):
        yield "it does not end with %%EOF"
    offsets = re.findall(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if not offsets or not data[int(offsets[-1]):].startswith(b"xref"):
        yield "its cross-reference table is not where the trailer says"


def check_pdf(ctx: Context) -> str:
    from equitycohort.data.workspace import open_read_only
    from equitycohort.export import export_workplan

    ctx.need("workspace")

    out = ctx.folder / "workplan.pdf"
    with open_read_only(ctx.workspace) as ws:  # type: ignore[arg-type]
        export_workplan(ws, ctx.team_id, out)
    data = out.read_bytes()
    problems = list(_pdf_problems(data))
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    if pages == 0:
        problems.append("it has no pages")
    embedded = sorted({m.decode() for m in re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9_-]+)", data)})
    wanted = {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback", "Symbola"}
    if not wanted <= set(embedded):
        problems.append(f"fonts not embedded: {', '.join(sorted(wanted - set(embedded)))}")
    if data.count(b"/FontFile2") < len(embedded):
        problems.append("a font is named but its file is not embedded")
    if problems:
        raise CheckFailed("the workplan PDF is damaged: " + "; ".join(problems))
    return f"a workplan of {pages} pages, {len(data) // 1024} KB, fonts embedded: {', '.join(embedded)}"


def check_calendar(ctx: Context) -> str:
    import icalendar

    from equitycohort.data.workspace import open_read_only
    from equitycohort.export import export_calendar

    ctx.need("workspace")
    out = ctx.folder / "calendar.ics"
    with open_read_only(ctx.workspace) as ws:  # type: ignore[arg-type]
        export_calendar(ws, ctx.cohort_id, out)
    try:
        calendar = icalendar.Calendar.from_ical(out.read_bytes())
    except ValueError as exc:
        raise CheckFailed(f"the calendar cannot be read back: {exc}") from exc
    events = calendar.walk("VEVENT")
    zones = {str(z.get("TZID")) for z in calendar.walk("VTIMEZONE")}
    used = {e["DTSTART"].params.get("TZID") for e in events if e["DTSTART"].params.get("TZID")}
    if len(events) != ctx.sessions:
        raise CheckFailed(f"{len(events)} events read back for {ctx.sessions} sessions")
    if not used or not used <= zones:
        raise CheckFailed(f"time zones used but not described: {', '.join(sorted(used - zones)) or 'none used'}")
    return f"{len(events)} events read back, time zones {', '.join(sorted(zones))}"


def check_changes(ctx: Context) -> str:
    """Sharing changes: apsw's SQLite session extension writes a changes file from a copy of
    the self-test workspace, and it merges into the workspace (once: a second time, nothing)."""
    import shutil

    from equitycohort.data.sharing.changesfile import Author
    from equitycohort.data.sharing.exchange import export_changes, import_changes
    from equitycohort.data.workspace import open_workspace

    ctx.need("workspace")
    assert ctx.workspace is not None
    copy = ctx.folder / "self-test copy.ecw"
    shutil.copyfile(ctx.workspace, copy)
    author = Author("5e1f7e57" * 4, WIDE_NAME, "Self-test")
    with open_workspace(copy, backups=False, daily_backup=False) as ws:
        ws.author = author.id
        ws.update("teams", ctx.team_id, {"notes": WIDE_NAME})
        made = export_changes(ws, ctx.folder / "self-test.ecchanges", author)
    if made.path is None or made.records != 1:
        raise CheckFailed("the changes file was not written")
    with open_workspace(ctx.workspace, backups=False, daily_backup=False) as ws:
        first = import_changes(ws, made.path)
        again = import_changes(ws, made.path)
        notes = (ws.get("teams", ctx.team_id) or {}).get("notes")
    if (first.updated, again.updated) != (1, 0) or notes != WIDE_NAME:
        raise CheckFailed(f"the change did not merge as it should ({first.summary}; again: {again.summary})")
    import apsw

    return f"{made.size:,}-byte changes file written and merged (SQLite {apsw.sqlite_lib_version()}, apsw)"


def _display_plugins(library_paths: list[str]) -> tuple[list[str], list[str]]:
    wanted = next((names for key, names in DISPLAY_PLUGINS.items() if sys.platform.startswith(key)), ())
    present = []
    for folder in library_paths:
        platforms = Path(folder) / "platforms"
        if platforms.is_dir():
            present += [f.name for f in platforms.iterdir()]
    found = [name for name in wanted if any(name in file for file in present)]
    return found, [name for name in wanted if name not in found]


def check_qt(ctx: Context) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([sys.argv[0] or "equitycohort", "-platform", "offscreen"])
    label = QLabel("Equity Cohort: Núñez, 李小龍")
    label.adjustSize()
    image = label.grab().toImage()
    label.deleteLater()
    if image.isNull() or image.width() == 0:
        raise CheckFailed("a widget could not be drawn")
    found, missing = _display_plugins(QCoreApplication.libraryPaths())
    if missing:
        raise CheckFailed(f"no Qt display plugin for {', '.join(missing)} "
                          f"(looked in {', '.join(QCoreApplication.libraryPaths())})")
    platform = app.platformName() if isinstance(app, QApplication) else "?"
    return (f"PySide6 {pyside_version}, a widget drawn on the {platform} platform; "
            f"display plugins: {', '.join(found)}")


def check_icon(ctx: Context) -> str:
    from PySide6.QtGui import QPixmap

    from equitycohort.resources import icon_files

    sizes = []
    for size, path in icon_files():
        pixmap = QPixmap(str(path))
        if pixmap.isNull() or pixmap.width() != size:
            raise CheckFailed(f"{path} is missing or not {size} px")
        sizes.append(size)
    return f"{len(sizes)} sizes, {sizes[0]} to {sizes[-1]} px"


CHECKS: tuple[tuple[str, Callable[[Context], str]], ...] = (
    ("runtime", check_runtime),
    ("fonts", check_fonts),
    ("translations", check_translations),
    ("workspace", check_workspace),
    ("pdf", check_pdf),
    ("calendar", check_calendar),
    ("changes", check_changes),
    ("qt", check_qt),
    ("icon", check_icon),
)


@contextmanager
def _private_home(folder: Path) -> Iterator[None]:
    """Point the app's own folders (settings, logs, backups) into the temporary folder."""
    before = os.environ.get("EQUITYCOHORT_HOME")
    os.environ["EQUITYCOHORT_HOME"] = str(folder / "home")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("EQUITYCOHORT_HOME", None)
        else:
            os.environ["EQUITYCOHORT_HOME"] = before


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check, print a line for each; 0 if all passed, else 1."""
    out = out or sys.stdout
    with tempfile.TemporaryDirectory(prefix="equitycohort-self-test-", ignore_cleanup_errors=True) as tmp:
        ctx = Context(Path(tmp))
        with _private_home(ctx.folder):
            for name, check in CHECKS:
                try:
                    detail = check(ctx)
                except CheckFailed as exc:
                    ctx.results[name] = False
                    print(f"FAIL {name}: {exc}", file=out, flush=True)
                except Exception as exc:  # any other failure is reported the same way, never as a traceback
                    ctx.results[name] = False
                    print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=out, flush=True)
                else:
                    ctx.results[name] = True
                    print(f"ok  {name}: {detail}", file=out, flush=True)
    return 0 if all(ctx.results.values()) else 1
