"""File > Export and Import Roster, from the window: the menu, the current selection, files, failures.

Every dialog is patched: ``dialogs.save_path``/``choose_folder``/``open_file`` answer with a
path, ``dialogs.choose`` with an index, ``dialogs.document_language`` with the language it
preselects, ``dialogs.run_dialog`` looks at the roster preview the user would see, and
``dialogs.export_done`` and ``dialogs.warn`` are recorded.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QLabel

from equitycohort.data.roster import COLUMNS
from equitycohort.data.teams import add_leader
from equitycohort.ui import dialogs, preferences, settings
from equitycohort.ui.main_window import MainWindow
from equitycohort.ui.roster_preview import RosterPreviewDialog
from tests.ui.conftest import Recorder, screen, shown_text

#: names as typed, with markup-like text: exports and the preview must show them literally
ORG = "Fair & Square <Iowa>"
GOAL = "Child care <for all> & fair pay"
DIRECTOR = "Nguyễn Thị Hương"
ORGANIZER = "Pat R&D Lee"
PRIVATE = "PRIVATE board tension note"
SHARED = "Iowa shared summary of progress"

#: the File > Export actions, as the menu reads (mnemonics and ellipses left off)
EXPORT_ITEMS = [
    "Team Workplan (PDF)",
    "Cohort Summary (PDF)",
    "Session Packet with Sign-in Sheet (PDF)",
    "Check-in History for the Team (PDF)",
    "Check-in History with Private Notes (PDF)",
    "Cohort Calendar (.ics)",
    "Roster (CSV)",
    "Team Workplan (Excel)",
    "Cohort Attendance (Excel)",
    "Roster (Excel)",
    "Packets for Every Team",
]
#: exports made without a cohort: blank forms
TEMPLATE_ITEMS = ["Blank Roster Template (Excel)", "Blank Roster Template (CSV)"]

LETTER = (612, 792)
A4 = (595, 842)


# --- a small workspace --------------------------------------------------------

def add_cohort(ws, program: str, name: str, start: str, end: str) -> str:
    return ws.insert("cohorts", {"program_id": program, "name": name, "start_date": start, "end_date": end}).id


@pytest.fixture
def built(window) -> SimpleNamespace:
    """Cohort 1 with Iowa (tricky names, a goal, a check-in with private notes) and Minnesota,
    two sessions; and a Cohort 2 with a Colorado team and one session. Returns their ids."""
    ws = window.ws
    program = ws.insert("programs", {"name": "Operationalizing Equity"}).id
    cohort = add_cohort(ws, program, "Cohort 1", "2026-01-13", "2026-07-13")
    other_cohort = add_cohort(ws, program, "Cohort 2", "2026-09-01", "2027-03-01")
    out = SimpleNamespace(cohort=cohort, other_cohort=other_cohort)
    with ws.operation("Build test cohort") as op:
        out.iowa = op.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": ORG})
        add_leader(op, out.iowa, {"name": DIRECTOR, "email": "huong@fair.example.org"},
                   role="Executive Director", executive_director=True)
        add_leader(op, out.iowa, {"name": ORGANIZER}, role="Organizer", position=1)
        op.insert("goals", {"team_id": out.iowa, "title": GOAL, "position": 0})
        out.minnesota = op.insert("teams", {"cohort_id": cohort, "state": "MN",
                                            "organization": "Minnesota Kids Alliance"})
        add_leader(op, out.minnesota, {"name": "Dana Whitfield", "email": "dana@mn.example.org"},
                   role="Executive Director", executive_director=True)
        op.insert("goals", {"team_id": out.minnesota, "title": "Paid leave for every worker", "position": 0})
        for key, title, date in (("kickoff", "Kickoff", "2026-01-20"),
                                 ("convening", "Spring convening", "2026-04-21")):
            setattr(out, key, op.insert("sessions", {"cohort_id": cohort, "title": title, "date": date,
                                                     "format": "virtual", "start_time": "13:00",
                                                     "timezone": "America/Chicago"}))
        op.insert("checkins", {"team_id": out.iowa, "date": "2026-02-24", "mode": "video",
                               "summary": SHARED, "private_notes": PRIVATE})
        out.other_team = op.insert("teams", {"cohort_id": other_cohort, "state": "CO",
                                             "organization": "Colorado Children's Campaign"})
        out.other_session = op.insert("sessions", {"cohort_id": other_cohort, "title": "Fall orientation",
                                                   "date": "2026-09-15", "format": "virtual",
                                                   "start_time": "13:00", "timezone": "America/Denver"})
    select_cohort(window, cohort)
    return out


def select_cohort(window, cohort_id: str) -> None:
    picker = window.cohort_picker
    picker.setCurrentIndex(picker.findData(cohort_id))
    assert window.current_cohort() == cohort_id


# --- recorded dialogs -----------------------------------------------------------

class SavePath:
    """dialogs.save_path: remembers what was suggested and answers with a chosen path."""

    def __init__(self, answer=None):
        self.answer = answer
        self.suggested: list[str] = []
        self.titles: list[str] = []

    def __call__(self, parent, title, suggested, file_filter):
        self.titles.append(title)
        self.suggested.append(suggested)
        return None if self.answer is None else str(self.answer)


class ExportDone:
    """dialogs.export_done, with its ``folder`` keyword kept."""

    def __init__(self):
        self.calls: list[tuple[Path, bool]] = []

    def __call__(self, parent, path, folder=False):
        self.calls.append((Path(path), folder))


@pytest.fixture
def save_path(monkeypatch) -> SavePath:
    recorder = SavePath()
    monkeypatch.setattr(dialogs, "save_path", recorder)
    return recorder


class LanguageAsked:
    """dialogs.document_language: remembers each question and answers with the language preselected
    (set ``answer`` to choose another, or to None to cancel)."""

    unset = object()

    def __init__(self):
        self.asked: list[dict] = []
        self.answer: object = self.unset

    def __call__(self, parent, title, text, choices, current):
        self.asked.append({"title": title, "text": text, "choices": dict(choices), "current": current})
        return current if self.answer is self.unset else self.answer


@pytest.fixture(autouse=True)
def languages(monkeypatch) -> LanguageAsked:
    """A team's documents ask their language; the user takes the one preselected unless a test says."""
    recorder = LanguageAsked()
    monkeypatch.setattr(dialogs, "document_language", recorder)
    return recorder


@pytest.fixture(autouse=True)
def documents(tmp_path, monkeypatch) -> Path:
    """The user's Documents folder, where file choosers first open."""
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(preferences, "documents_folder", lambda: folder)
    return folder


@pytest.fixture
def done(monkeypatch) -> ExportDone:
    recorder = ExportDone()
    monkeypatch.setattr(dialogs, "export_done", recorder)
    return recorder


@pytest.fixture
def chose(monkeypatch) -> Recorder:
    """dialogs.choose, recorded; set ``.answer`` to the index the user picks (None: cancel)."""
    recorder = Recorder()
    monkeypatch.setattr(dialogs, "choose", recorder)
    return recorder


@pytest.fixture
def finished(window) -> list:
    """What export_finished said, in order."""
    said: list = []
    window.exports.export_finished.connect(said.append)
    return said


# --- menu helpers -----------------------------------------------------------------

def plain(text: str) -> str:
    return text.replace("&", "").replace("…", "").strip()


def open_export_menu(window) -> list:
    """What File > Export shows when the user opens it: its actions, separators included."""
    window.export_menu.aboutToShow.emit()
    return window.export_menu.actions()


def export_action(window, label: str):
    found = [a for a in open_export_menu(window) if plain(a.text()) == label]
    assert len(found) == 1, f"File > Export > {label}: found {len(found)}"
    return found[0]


def run_export(window, label: str) -> None:
    action = export_action(window, label)
    assert action.isEnabled(), label
    action.trigger()


def page_size_actions(window) -> dict:
    [sizes] = [a.menu() for a in open_export_menu(window) if a.menu() is not None]
    assert plain(sizes.title()) == "Page Size"
    return {plain(a.text()): a for a in sizes.actions()}


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    with open(path, "rb") as handle:
        text = " ".join(page.extract_text() or "" for page in PdfReader(handle).pages)
    return re.sub(r"\s+", " ", text).strip()


def pdf_page_sizes(path: Path) -> set:
    from pypdf import PdfReader

    with open(path, "rb") as handle:
        return {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
                for p in PdfReader(handle).pages}


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --- the menu ---------------------------------------------------------------------

def test_export_menu_lists_every_export_and_the_page_size_once(built, window):
    assert window.export_menu.actions() == []  # nothing is built before the menu first opens
    actions = open_export_menu(window)
    exports = [plain(a.text()) for a in actions if not a.isSeparator() and a.menu() is None]
    assert exports == [*EXPORT_ITEMS[:10], *TEMPLATE_ITEMS, EXPORT_ITEMS[10]]
    assert all(export_action(window, label).isEnabled() for label in EXPORT_ITEMS + TEMPLATE_ITEMS)
    assert set(page_size_actions(window)) == {"US Letter", "A4"}
    # opening the menu again shows the same items, not a second copy of each
    again = open_export_menu(window)
    assert [a.text() for a in again] == [a.text() for a in actions]
    assert len(again) == len(actions)
    assert window.import_action.isEnabled()


def test_exports_are_disabled_without_a_workspace_and_enabled_with_one(qtbot, tmp_path):
    bare = MainWindow()
    qtbot.addWidget(bare)
    open_export_menu(bare)
    assert not any(export_action(bare, label).isEnabled() for label in EXPORT_ITEMS)
    assert not bare.import_action.isEnabled()
    assert bare.open_path(tmp_path / "later.ecw", create=True)
    try:
        assert all(export_action(bare, label).isEnabled() for label in EXPORT_ITEMS)
        assert bare.import_action.isEnabled()
    finally:
        bare.close_workspace()
    assert not any(export_action(bare, label).isEnabled() for label in EXPORT_ITEMS)
    assert not bare.import_action.isEnabled()


def test_page_size_is_letter_until_a4_is_chosen_and_then_remembered(built, window, qtbot):
    sizes = page_size_actions(window)
    assert sizes["US Letter"].isChecked() and not sizes["A4"].isChecked()
    sizes["A4"].trigger()
    assert settings.get(settings.PAGE_SIZE) == "a4"
    sizes = page_size_actions(window)
    assert sizes["A4"].isChecked() and not sizes["US Letter"].isChecked()
    # a window opened later starts with A4 ticked
    later = MainWindow()
    qtbot.addWidget(later)
    assert page_size_actions(later)["A4"].isChecked()


@pytest.mark.parametrize(("size", "points"), [("US Letter", LETTER), ("A4", A4)])
def test_pdfs_use_the_page_size_chosen_in_the_menu(built, window, save_path, done, tmp_path, size, points):
    page_size_actions(window)[size].trigger()
    save_path.answer = tmp_path / "summary.pdf"
    run_export(window, "Cohort Summary (PDF)")
    assert done.calls == [(tmp_path / "summary.pdf", False)]
    assert pdf_page_sizes(tmp_path / "summary.pdf") == {points}


# --- team workplan -------------------------------------------------------------------

def test_workplan_of_the_team_selected_on_the_teams_screen(built, window, save_path, done, finished, tmp_path,
                                                            documents):
    teams = screen(window, "Teams")
    teams.show_record(built.minnesota)
    assert teams.selected_team_id() == built.minnesota
    save_path.answer = tmp_path / "out" / "mn.pdf"
    run_export(window, "Team Workplan (PDF)")

    # the first file chooser opens in Documents, named for the state and the cohort
    assert save_path.suggested == [str(documents / "Minnesota workplan - Cohort 1.pdf")]
    target = tmp_path / "out" / "mn.pdf"
    text = pdf_text(target)
    assert "Minnesota" in text and "Minnesota Kids Alliance" in text and "Paid leave for every worker" in text
    assert ORG not in text and GOAL not in text  # the other team's plan is not in it
    assert done.calls == [(target, False)]
    assert finished == [target]
    assert window.statusBar().currentMessage() == f"Team workplan exported to {target}"

    # the next export suggests the folder the user chose last
    assert settings.get(settings.LAST_FOLDER) == str(tmp_path / "out")
    teams.show_record(built.iowa)
    save_path.answer = None
    run_export(window, "Team Workplan (PDF)")
    assert save_path.suggested[-1] == str(tmp_path / "out" / "Iowa workplan - Cohort 1.pdf")
    assert len(done.calls) == 1


def test_workplan_shows_names_with_markup_characters_literally(built, window, save_path, done, tmp_path):
    screen(window, "Teams").show_record(built.iowa)
    save_path.answer = tmp_path / "iowa.pdf"
    run_export(window, "Team Workplan (PDF)")
    text = pdf_text(tmp_path / "iowa.pdf")
    for expected in ("Iowa", ORG, GOAL):
        assert expected in text, expected
    assert "&amp;" not in text and "&lt;" not in text
    assert PRIVATE not in text


def test_a_file_name_typed_without_its_suffix_gets_it(built, window, save_path, done, tmp_path):
    screen(window, "Teams").show_record(built.iowa)
    save_path.answer = tmp_path / "plan"
    run_export(window, "Team Workplan (PDF)")
    assert (tmp_path / "plan.pdf").is_file() and not (tmp_path / "plan").exists()
    assert done.calls == [(tmp_path / "plan.pdf", False)]
    # a suffix typed in capitals is kept as typed, not doubled
    save_path.answer = tmp_path / "Plan.PDF"
    run_export(window, "Team Workplan (PDF)")
    assert done.calls[-1] == (tmp_path / "Plan.PDF", False)
    assert (tmp_path / "Plan.PDF").is_file() and not (tmp_path / "Plan.PDF.pdf").exists()


def test_with_no_team_selected_the_user_chooses_one(built, window, save_path, done, chose, tmp_path, documents):
    teams = screen(window, "Teams")
    teams.team_table.clearSelection()
    assert teams.selected_team_id() is None
    chose.answer = 1  # the second in the list
    save_path.answer = tmp_path / "chosen.pdf"
    run_export(window, "Team Workplan (PDF)")
    [(_, title, label, items, current)] = chose.calls
    assert title == "Choose a team"
    assert items == [f"Iowa: {ORG}", "Minnesota: Minnesota Kids Alliance"]
    assert current == 0  # the team last looked at is preselected, never taken without asking
    assert save_path.suggested == [str(documents / "Minnesota workplan - Cohort 1.pdf")]
    assert "Minnesota Kids Alliance" in pdf_text(tmp_path / "chosen.pdf")


def test_cancelling_the_team_choice_writes_nothing(built, window, save_path, done, chose, finished, tmp_path):
    screen(window, "Teams").team_table.clearSelection()
    chose.answer = None
    run_export(window, "Team Workplan (PDF)")
    assert len(chose.calls) == 1
    assert save_path.suggested == [] and done.calls == [] and finished == []
    assert not list(tmp_path.rglob("*.pdf"))


def test_cancelling_the_save_dialog_writes_nothing(built, window, save_path, done, finished, tmp_path):
    screen(window, "Teams").show_record(built.iowa)
    before = files_in(tmp_path)
    save_path.answer = None
    run_export(window, "Team Workplan (PDF)")
    assert len(save_path.suggested) == 1
    assert done.calls == [] and finished == [] and files_in(tmp_path) == before
    assert settings.get(settings.LAST_FOLDER) == ""


# A hidden Teams or Schedule screen keeps its selection when the cohort changes elsewhere;
# an export must not take a team or session of another cohort from it.

def test_after_switching_cohort_the_workplan_is_of_a_team_of_the_current_cohort(built, window, save_path, done,
                                                                              chose, tmp_path, documents):
    screen(window, "Teams").show_record(built.iowa)
    screen(window, "Workplans")
    select_cohort(window, built.other_cohort)  # switched on the Workplans screen: Teams is hidden
    chose.answer = 0
    save_path.answer = tmp_path / "plan.pdf"
    run_export(window, "Team Workplan (PDF)")
    # Cohort 2's only team is Colorado; Iowa of Cohort 1 must not be exported
    assert save_path.suggested == [str(documents / "Colorado workplan - Cohort 2.pdf")]
    assert "Colorado" in pdf_text(tmp_path / "plan.pdf")


def test_after_switching_cohort_the_session_packet_is_of_the_current_cohort(built, window, save_path, done,
                                                                            chose, tmp_path, documents):
    screen(window, "Schedule").show_record(built.kickoff)
    screen(window, "Teams")
    select_cohort(window, built.other_cohort)  # switched on the Teams screen: Schedule is hidden
    chose.answer = 0
    save_path.answer = tmp_path / "packet.pdf"
    run_export(window, "Session Packet with Sign-in Sheet (PDF)")
    # Cohort 2's only session is the Fall orientation; Cohort 1's Kickoff must not be exported
    assert save_path.suggested == [str(documents / "2026-09-15 Fall orientation packet.pdf")]
    assert "Fall orientation" in pdf_text(tmp_path / "packet.pdf")


def test_the_cohort_wide_exports_follow_the_cohort_picker(built, window, save_path, done, tmp_path, documents):
    select_cohort(window, built.other_cohort)
    save_path.answer = tmp_path / "summary.pdf"
    run_export(window, "Cohort Summary (PDF)")
    assert save_path.suggested == [str(documents / "Cohort 2 summary.pdf")]
    text = pdf_text(tmp_path / "summary.pdf")
    assert "Colorado Children's Campaign" in text and ORG not in text


# --- the other exports -----------------------------------------------------------------

def test_cohort_summary(built, window, save_path, done, tmp_path, documents):
    save_path.answer = tmp_path / "summary.pdf"
    run_export(window, "Cohort Summary (PDF)")
    assert save_path.suggested == [str(documents / "Cohort 1 summary.pdf")]
    text = pdf_text(tmp_path / "summary.pdf")
    for expected in ("Cohort 1", ORG, "Minnesota Kids Alliance"):
        assert expected in text, expected
    assert "Colorado" not in text  # the other cohort's team
    assert done.calls == [(tmp_path / "summary.pdf", False)]
    assert window.statusBar().currentMessage() == f"Cohort summary exported to {tmp_path / 'summary.pdf'}"


def test_session_packet_of_the_session_selected_on_the_schedule(built, window, save_path, done, chose, tmp_path, documents):
    schedule = screen(window, "Schedule")
    schedule.show_record(built.kickoff)
    assert schedule.context.session_in_view() == built.kickoff
    save_path.answer = tmp_path / "packet.pdf"
    run_export(window, "Session Packet with Sign-in Sheet (PDF)")
    assert chose.calls == []
    assert save_path.suggested == [str(documents / "2026-01-20 Kickoff packet.pdf")]
    text = pdf_text(tmp_path / "packet.pdf")
    for expected in ("Kickoff", "Sign-in", ORG, DIRECTOR, ORGANIZER, "Dana Whitfield"):
        assert expected in text, expected
    assert "Spring convening" not in text
    assert done.calls == [(tmp_path / "packet.pdf", False)]


def test_session_packet_asks_for_a_session_when_none_is_selected(built, window, save_path, done, chose, tmp_path):
    # the Schedule screen was never opened, so no session is selected
    chose.answer = 1
    save_path.answer = tmp_path / "packet.pdf"
    run_export(window, "Session Packet with Sign-in Sheet (PDF)")
    [(_, title, _label, items, current)] = chose.calls
    assert title == "Choose a session"
    assert items == ["Tue, Jan 20, 2026 1:00–2:30 p.m. CST · Kickoff",
                     "Tue, Apr 21, 2026 1:00–2:30 p.m. CDT · Spring convening"]
    assert current == 1  # none upcoming: the latest
    assert "Spring convening" in pdf_text(tmp_path / "packet.pdf")


def test_private_notes_only_in_the_facilitators_copy(built, window, save_path, done, tmp_path, documents):
    screen(window, "Teams").show_record(built.iowa)
    save_path.answer = tmp_path / "shared.pdf"
    run_export(window, "Check-in History for the Team (PDF)")
    save_path.answer = tmp_path / "internal.pdf"
    run_export(window, "Check-in History with Private Notes (PDF)")
    assert save_path.suggested == [str(documents / "Iowa check-ins.pdf"),
                                   str(tmp_path / "Iowa check-ins - facilitators only.pdf")]
    shared, internal = pdf_text(tmp_path / "shared.pdf"), pdf_text(tmp_path / "internal.pdf")
    assert SHARED in shared and SHARED in internal
    assert PRIVATE not in shared
    assert PRIVATE in internal
    assert done.calls == [(tmp_path / "shared.pdf", False), (tmp_path / "internal.pdf", False)]


def test_calendar(built, window, save_path, done, tmp_path, documents):
    save_path.answer = tmp_path / "sessions"
    run_export(window, "Cohort Calendar (.ics)")
    assert save_path.suggested == [str(documents / "Cohort 1 sessions.ics")]
    text = (tmp_path / "sessions.ics").read_text("utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "END:VCALENDAR" in text
    assert "SUMMARY:Kickoff" in text and "SUMMARY:Spring convening" in text
    assert "Fall orientation" not in text
    assert text.count("BEGIN:VEVENT") == 2
    assert done.calls == [(tmp_path / "sessions.ics", False)]


def test_roster_csv(built, window, save_path, done, tmp_path, documents):
    save_path.answer = tmp_path / "roster.csv"
    run_export(window, "Roster (CSV)")
    assert save_path.suggested == [str(documents / "Cohort 1 roster.csv")]
    with open(tmp_path / "roster.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(COLUMNS)
    assert [r[:4] for r in rows[1:]] == [
        ["IA", ORG, DIRECTOR, "Executive Director"],
        ["IA", ORG, ORGANIZER, "Organizer"],
        ["MN", "Minnesota Kids Alliance", "Dana Whitfield", "Executive Director"],
    ]
    assert done.calls == [(tmp_path / "roster.csv", False)]


def test_editable_workbooks(built, window, save_path, done, tmp_path, documents):
    from openpyxl import load_workbook

    teams = screen(window, "Teams")
    teams.show_record(built.minnesota)
    save_path.answer = tmp_path / "mn"  # typed without its suffix
    run_export(window, "Team Workplan (Excel)")
    assert save_path.suggested == [str(documents / "Minnesota workplan - Cohort 1.xlsx")]
    goals = load_workbook(tmp_path / "mn.xlsx")["Goals"]
    assert goals["B2"].value == "Paid leave for every worker" and goals.max_row == 2

    save_path.answer = tmp_path / "attendance.xlsx"
    run_export(window, "Cohort Attendance (Excel)")
    grid = load_workbook(tmp_path / "attendance.xlsx")["Attendance"]
    assert [c.value for c in grid[1]][4:6] == ["1/20/2026 Kickoff", "4/21/2026 Spring convening"]
    assert {grid.cell(row=r, column=3).value for r in range(2, grid.max_row + 1)} == {
        DIRECTOR, ORGANIZER, "Dana Whitfield"}

    save_path.answer = tmp_path / "roster.xlsx"
    run_export(window, "Roster (Excel)")
    assert save_path.suggested[-1] == str(tmp_path / "Cohort 1 roster.xlsx")  # where the last export went
    roster = load_workbook(tmp_path / "roster.xlsx")["Roster"]
    assert tuple(c.value for c in roster[1]) == COLUMNS and roster["B2"].value == ORG
    assert done.calls == [(tmp_path / "mn.xlsx", False), (tmp_path / "attendance.xlsx", False),
                          (tmp_path / "roster.xlsx", False)]


def test_packets_for_every_team_into_a_chosen_folder(built, window, done, finished, monkeypatch, tmp_path):
    asked = Recorder(str(tmp_path / "packets"))
    monkeypatch.setattr(dialogs, "choose_folder", asked)
    run_export(window, "Packets for Every Team")
    out = tmp_path / "packets" / "Cohort 1 packets"
    assert done.calls == [(out, True)]
    assert finished == [out]
    assert window.statusBar().currentMessage() == f"Packets exported to {out}"
    made = files_in(out)
    assert "Cohort 1 - Cohort summary.pdf" in made
    iowa = "IA - Fair & Square Iowa"  # < and > cannot be in a Windows file name
    for name in ("IA - Workplan.pdf", "IA - Check-in history.pdf", "Cohort 1 - Calendar.ics"):
        assert f"{iowa}/{name}" in made, made
    assert "MN - Minnesota Kids Alliance/MN - Workplan.pdf" in made
    assert not any("CO" in m.split("/")[0] for m in made)
    # the team's packet never carries the private notes
    assert PRIVATE not in pdf_text(out / iowa / "IA - Check-in history.pdf")
    assert settings.get(settings.LAST_FOLDER) == str(tmp_path / "packets")


def test_cancelling_the_packets_folder_writes_nothing(built, window, done, finished, monkeypatch, tmp_path):
    monkeypatch.setattr(dialogs, "choose_folder", Recorder(None))
    before = files_in(tmp_path)
    run_export(window, "Packets for Every Team")
    assert done.calls == [] and finished == [] and files_in(tmp_path) == before


# --- failures ------------------------------------------------------------------------

def test_a_file_that_cannot_be_written_is_a_plain_warning(built, window, save_path, done, finished, warned,
                                                          tmp_path):
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the folder should be")
    save_path.answer = blocker / "summary.pdf"
    run_export(window, "Cohort Summary (PDF)")
    [call] = warned.calls
    assert call[1] == "Export failed"
    assert call[2].startswith(f"The file {blocker / 'summary.pdf'} could not be written (")
    assert call[2].endswith("Choose another folder and try again.")
    assert "Traceback" not in call[2] and "Error" not in call[2]
    assert settings.get(settings.LAST_FOLDER) == ""  # a folder that failed is not suggested next time
    assert finished == [None] and done.calls == []
    assert blocker.read_text() == "a file where the folder should be"
    assert "exported" not in window.statusBar().currentMessage()
    # the controller is ready for the next export
    save_path.answer = tmp_path / "summary.pdf"
    run_export(window, "Cohort Summary (PDF)")
    assert done.calls == [(tmp_path / "summary.pdf", False)]


def test_a_failing_packets_export_is_a_plain_warning(built, window, done, finished, warned, monkeypatch, tmp_path):
    blocker = tmp_path / "packets"
    blocker.write_text("not a folder")
    monkeypatch.setattr(dialogs, "choose_folder", Recorder(str(blocker)))
    run_export(window, "Packets for Every Team")
    assert [c[1] for c in warned.calls] == ["Export failed"]
    assert "Traceback" not in warned.texts[0]
    assert finished == [None] and done.calls == []


def test_every_export_in_an_empty_workspace_says_there_is_nothing_to_export(window, save_path, done, warned,
                                                                             monkeypatch):
    asked_folder = Recorder(str(window.ws.path.parent))
    monkeypatch.setattr(dialogs, "choose_folder", asked_folder)
    for label in EXPORT_ITEMS:
        run_export(window, label)
    assert [c[1] for c in warned.calls] == ["Nothing to export"] * len(EXPORT_ITEMS)
    assert set(warned.texts) == {"Create a cohort first: exports are made for a cohort."}
    assert save_path.suggested == [] and asked_folder.calls == [] and done.calls == []


def test_a_cohort_without_teams_or_sessions(window, save_path, done, warned, chose):
    ws = window.ws
    program = ws.insert("programs", {"name": "P"}).id
    select_cohort(window, add_cohort(ws, program, "Cohort & Co", "2026-01-13", "2026-07-13"))
    for label in ("Team Workplan (PDF)", "Check-in History for the Team (PDF)",
                  "Check-in History with Private Notes (PDF)"):
        run_export(window, label)
    run_export(window, "Session Packet with Sign-in Sheet (PDF)")
    assert [c[1] for c in warned.calls] == ["Nothing to export"] * 4
    assert warned.texts == ["Cohort & Co has no state teams yet."] * 3 + ["Cohort & Co has no sessions yet."]
    assert chose.calls == [] and save_path.suggested == [] and done.calls == []


# --- import roster -----------------------------------------------------------------------

class Preview:
    """dialogs.run_dialog: looks at the roster preview, then presses Import or Cancel."""

    def __init__(self, accept: bool):
        self.accept = accept
        self.seen: list[dict] = []

    def __call__(self, dialog) -> bool:
        assert isinstance(dialog, RosterPreviewDialog)
        table = dialog.table
        summary = [w for w in dialog.findChildren(QLabel) if w.accessibleName() == "Import summary"]
        self.seen.append({
            "title": dialog.windowTitle(),
            "head": shown_text(dialog.findChildren(QLabel)[0]),
            "headers": [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())],
            "rows": [[table.item(r, c).text() for c in range(table.columnCount())]
                     for r in range(table.rowCount())],
            "summary": summary[0].text(),
            "button": dialog.import_button.text(),
            "enabled": dialog.import_button.isEnabled(),
        })
        self.teams_text = dialog.teams.text() if dialog.teams.isVisibleTo(dialog) else ""
        return self.accept and dialog.import_button.isEnabled()


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


NEW_ROWS = [
    ["NE", "Nebraska <Appleseed> & Co", "محمد عبد الله", "Executive Director", "m@ne.example.org", "", "ar", ""],
    ["NE", "Nebraska <Appleseed> & Co", "<b>Bold</b> Baker", "Organizer", "", "", "", "they/them"],
    ["IA", ORG, "Łucja Żółkiewska", "Data Lead", "lucja@fair.example.org", "", "", ""],
]


@pytest.fixture
def open_file(monkeypatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(dialogs, "open_file", recorder)
    return recorder


def counts(ws) -> tuple[int, int, int]:
    return ws.count("teams"), ws.count("people"), ws.count("team_members")


def test_import_roster_previews_then_imports_as_one_undoable_step(built, window, open_file, monkeypatch, tmp_path):
    ws = window.ws
    teams = screen(window, "Teams")
    before = counts(ws)
    open_file.answer = str(write_roster(tmp_path / "roster <draft> & final.csv", NEW_ROWS))
    preview = Preview(accept=True)
    monkeypatch.setattr(dialogs, "run_dialog", preview)
    window.import_action.trigger()

    [seen] = preview.seen
    assert seen["title"] == "Import roster"
    assert seen["head"] == "roster <draft> & final.csv into Cohort 1"
    assert seen["headers"] == ["Line", "Team", "Person", "What will happen"]
    assert seen["rows"] == [
        ["2", "NE Nebraska <Appleseed> & Co", "محمد عبد الله", "create team, create person"],
        ["3", "NE Nebraska <Appleseed> & Co", "<b>Bold</b> Baker", "create person"],
        ["4", f"IA {ORG}", "Łucja Żółkiewska", "create person"],
    ]
    assert seen["button"] == "Import 3 rows" and seen["enabled"]
    assert "one step you can undo" in seen["summary"]

    # imported: a new Nebraska team with two people, and a third Iowa leader
    assert counts(ws) == (before[0] + 1, before[1] + 3, before[2] + 3)
    nebraska = ws.rows("SELECT * FROM teams WHERE cohort_id = ? AND state = 'NE'", (built.cohort,))
    assert [t["organization"] for t in nebraska] == ["Nebraska <Appleseed> & Co"]
    names = {r["name"] for r in ws.rows("SELECT name FROM people")}
    assert {"محمد عبد الله", "<b>Bold</b> Baker", "Łucja Żółkiewska"} <= names
    assert teams.team_model.rowCount() == 3

    # one Undo takes the whole import back
    assert window.undo_action.text() == "&Undo Import roster"
    window.undo_action.trigger()
    assert counts(ws) == before
    assert teams.team_model.rowCount() == 2


def test_the_status_bar_says_the_roster_was_imported(built, window, open_file, monkeypatch, tmp_path):
    open_file.answer = str(write_roster(tmp_path / "roster.csv", NEW_ROWS))
    monkeypatch.setattr(dialogs, "run_dialog", Preview(accept=True))
    window.import_action.trigger()
    assert window.ws.undo_label == "Import roster"
    message = window.statusBar().currentMessage()
    assert "would import" not in message
    assert message.startswith("3 rows imported")


def test_import_suggests_the_last_export_folder(built, window, open_file, tmp_path):
    (tmp_path / "exports").mkdir()
    settings.put(settings.LAST_FOLDER, str(tmp_path / "exports"))
    window.import_action.trigger()  # the user cancels the file chooser
    [(_, title, folder, file_filter)] = open_file.calls
    assert (title, folder) == ("Import roster", str(tmp_path / "exports"))
    assert "*.csv" in file_filter


def test_a_roster_with_a_bad_row_shows_its_line_and_imports_nothing(built, window, open_file, monkeypatch,
                                                                   tmp_path):
    ws = window.ws
    before = counts(ws)
    rows = [NEW_ROWS[0], ["XX", "Nowhere", "Bad Row", "", "", "", "", ""], NEW_ROWS[2],
            ["NE", "Nebraska <Appleseed> & Co", "No Mail", "", "not an address", "", "", ""]]
    open_file.answer = str(write_roster(tmp_path / "bad.csv", rows))
    preview = Preview(accept=True)
    monkeypatch.setattr(dialogs, "run_dialog", preview)
    window.import_action.trigger()
    [seen] = preview.seen
    assert seen["headers"] == ["Line", "Problem"]
    assert [r[0] for r in seen["rows"]] == ["3", "5"]
    assert seen["rows"][0][1].startswith("State: 'XX' is not a US state")
    assert "e-mail address" in seen["rows"][1][1]
    assert not seen["enabled"]
    assert seen["summary"].startswith("2 row(s) need fixing in the file; nothing will be imported")
    assert counts(ws) == before and ws.undo_label != "Import roster"


def test_cancelling_the_preview_imports_nothing(built, window, open_file, monkeypatch, tmp_path):
    ws = window.ws
    before, undo = counts(ws), ws.undo_label
    open_file.answer = str(write_roster(tmp_path / "roster.csv", NEW_ROWS))
    preview = Preview(accept=False)
    monkeypatch.setattr(dialogs, "run_dialog", preview)
    window.import_action.trigger()
    assert len(preview.seen) == 1 and preview.seen[0]["enabled"]
    assert counts(ws) == before and ws.undo_label == undo


def test_importing_the_same_roster_again_changes_nothing(built, window, open_file, monkeypatch, tmp_path):
    ws = window.ws
    open_file.answer = str(write_roster(tmp_path / "roster.csv", NEW_ROWS))
    monkeypatch.setattr(dialogs, "run_dialog", Preview(accept=True))
    window.import_action.trigger()
    after = counts(ws)
    again = Preview(accept=True)
    monkeypatch.setattr(dialogs, "run_dialog", again)
    window.import_action.trigger()
    [seen] = again.seen
    assert [r[3] for r in seen["rows"]] == ["unchanged"] * 3
    assert not seen["enabled"]
    assert counts(ws) == after


def test_an_unreadable_roster_file_is_a_plain_warning(built, window, open_file, warned, monkeypatch, tmp_path):
    monkeypatch.setattr(dialogs, "run_dialog", Recorder(True))
    before = counts(window.ws)
    open_file.answer = str(tmp_path / "gone.csv")
    window.import_action.trigger()
    open_file.answer = str(tmp_path)  # a folder, not a file
    window.import_action.trigger()
    assert [c[1] for c in warned.calls] == ["Cannot read roster"] * 2
    assert warned.texts[0].startswith("gone.csv could not be read: ")
    assert all("Traceback" not in t and "Errno" not in t for t in warned.texts)
    assert dialogs.run_dialog.calls == []
    assert counts(window.ws) == before


def test_import_roster_without_a_cohort_asks_for_a_cohort_first(window, open_file, warned):
    window.import_action.trigger()
    assert open_file.calls == []
    [call] = warned.calls
    assert "cohort" in call[2].lower()


def test_import_roster_without_a_cohort_does_not_talk_about_exports(window, open_file, warned):
    window.import_action.trigger()
    [call] = warned.calls
    assert "export" not in call[1].lower() and "export" not in call[2].lower(), call[1:]


def test_the_preview_shows_values_the_file_degraded_kept_and_the_teams_afterwards(built, window, open_file,
                                                                                 monkeypatch, tmp_path):
    """Excel's "CSV (Comma delimited)" writes "?" for the letters Windows-1252 lacks."""
    ws = window.ws
    rows = [["IA", ORG, DIRECTOR, "Executive Director", "huong@fair.example.org", "515-555-0100", "", ""],
            ["IA", ORG, "Nia Brown", "Executive Director", "nia@fair.example.org", "", "Español", ""]]
    text = ",".join(COLUMNS) + "\r\n" + "\r\n".join(",".join(r) for r in rows) + "\r\n"
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252", errors="replace"))
    open_file.answer = str(path)
    preview = Preview(accept=True)
    monkeypatch.setattr(dialogs, "run_dialog", preview)
    window.import_action.trigger()
    [seen] = preview.seen
    first = seen["rows"][0]
    assert first[2] == DIRECTOR  # the workspace's name, not the file's "Nguy?n Th? H??ng"
    assert first[3] == ("update person matched by e-mail (phone); keeps the name as it is: Windows-1252 cannot "
                        "carry its accented letters")
    assert "The file is in Windows-1252" in seen["summary"]
    dialog_teams = "Iowa (IA), Fair & Square <Iowa>: three leaders, two executive directors"
    assert dialog_teams in preview.teams_text
    assert ws.scalar("SELECT name FROM people WHERE email = 'huong@fair.example.org'") == DIRECTOR
    assert ws.scalar("SELECT phone FROM people WHERE email = 'huong@fair.example.org'") == "515-555-0100"


def test_a_workbook_roster_names_its_problems_by_sheet_row(built, window, open_file, monkeypatch, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Iowa roster, spring"])  # a title above the header
    sheet.append(list(COLUMNS))
    sheet.append(NEW_ROWS[2])
    sheet.append(["XX", "Nowhere", "Bad Row"])
    book.save(tmp_path / "roster.xlsx")
    open_file.answer = str(tmp_path / "roster.xlsx")
    preview = Preview(accept=True)
    monkeypatch.setattr(dialogs, "run_dialog", preview)
    before = counts(window.ws)
    window.import_action.trigger()
    [seen] = preview.seen
    assert seen["headers"] == ["Row", "Problem"]
    assert [r[0] for r in seen["rows"]] == ["4"] and seen["rows"][0][1].startswith("State: 'XX'")
    assert not seen["enabled"] and counts(window.ws) == before
    assert "Rosters (*.csv *.txt *.xlsx)" in open_file.calls[0][3]


# --- the blank roster template --------------------------------------------------------------------

def test_a_blank_roster_template_is_made_even_in_an_empty_workspace(window, save_path, done, tmp_path, documents):
    from openpyxl import load_workbook

    save_path.answer = tmp_path / "for the teams"
    run_export(window, "Blank Roster Template (Excel)")
    assert save_path.suggested == [str(documents / "Roster template.xlsx")]
    target = tmp_path / "for the teams.xlsx"
    assert done.calls == [(target, False)]
    book = load_workbook(target)
    assert book.sheetnames == ["Roster", "How to fill it in"]
    assert tuple(c.value for c in book["Roster"][1]) == COLUMNS and book["Roster"].max_row == 1
    save_path.answer = tmp_path / "blank.csv"
    run_export(window, "Blank Roster Template (CSV)")
    assert (tmp_path / "blank.csv").read_bytes() == ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode()
