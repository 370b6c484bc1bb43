"""Every string of the window, its menus and the screens and dialogs of ui-a comes through the catalog.

The app runs in the pseudo-language ``qps`` (every catalog string comes back as ``⟦string⟧``) on a
copy of the demo workspace whose typed text is wrapped the same way; Qt's own texts (standard
buttons) come through a pseudo translator of Qt's. Any text left with letters outside the markers
was never marked for translation (``tests/ui/pseudo.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from equitycohort import i18n
from equitycohort.data.backups import list_backups
from equitycohort.data.maintenance import backup
from equitycohort.data.roster import plan_import
from equitycohort.data.teams import list_teams
from equitycohort.ui import dialogs, preferences
from equitycohort.ui.error_dialog import ErrorDialog
from equitycohort.ui.help import ShortcutsDialog
from equitycohort.ui.preferences_dialog import PreferencesDialog
from equitycohort.ui.restore import RestoreDialog
from equitycohort.ui.roster_preview import RosterPreviewDialog
from equitycohort.ui.views.cohorts import CohortDialog, ProgramDialog
from equitycohort.ui.views.partners import PartnerDialog
from equitycohort.ui.views.teams import PersonDialog, TeamDialog
from tests.ui import pseudo

#: nothing from the data layer, the exports or formats is left unmarked (the core branch has landed)
FROM_CORE: list[str] = []

#: each language named in itself in View > Language: the same in every language, never translated
AUTONYMS = ("action: '&English'", "action: 'Es&pañol'")
#: text that is no language: file paths (the recent workspaces' status tips, a backup's tooltip), a URL's start
NOT_WORDS = (r": '(/|[A-Za-z]:\\)[^']*'$", r"^placeholder: 'https://'$")


class PseudoQt(QTranslator):
    """Qt's own texts (standard buttons, its dialogs) wrapped like the catalog's."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001 - Qt's signature
        return f"{i18n.PSEUDO_OPEN}{source}{i18n.PSEUDO_CLOSE}" if source else source

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


@pytest.fixture
def qps(qapp):
    """The app in the pseudo-language, Qt's texts too; English again afterwards."""
    translator = PseudoQt(qapp)
    qapp.installTranslator(translator)
    i18n.set_app_language(i18n.PSEUDO)
    yield
    i18n.set_app_language("en")
    qapp.removeTranslator(translator)


@pytest.fixture
def marked_path(demo_path, tmp_path) -> Path:
    return pseudo.marked_workspace(demo_path, tmp_path / "marked.ecw")


@pytest.fixture
def window(qps, make_window, marked_path):
    window = make_window(marked_path)
    window._fill_export_menu()  # File > Export is filled when first opened
    window.files.fill_recent(window.recent_menu)
    return window


@pytest.fixture
def shown(monkeypatch) -> list[QWidget]:
    """Dialogs and message boxes the app shows, kept (not run) to be read; each answers Cancel."""
    seen: list[QWidget] = []

    def keep(self):
        seen.append(self)
        return 0

    monkeypatch.setattr(QDialog, "exec", keep)
    monkeypatch.setattr(QMessageBox, "exec", keep)
    return seen


def first_cohort(ws) -> str:
    from equitycohort.data.cohorts import list_cohorts

    return next(c.id for c in list_cohorts(ws) if c.name == "⟦Cohort 1⟧")


_INNERMOST = re.compile(re.escape(i18n.PSEUDO_OPEN) + "[^" + i18n.PSEUDO_OPEN + i18n.PSEUDO_CLOSE + "]*"
                        + re.escape(i18n.PSEUDO_CLOSE))


def leftover(text: str) -> str:
    """``pseudo.leftover``, for text where marked names sit inside a marked sentence
    (``⟦Delete ⟦Cohort 1⟧?⟧``): innermost markers first."""
    while True:
        text, found = _INNERMOST.subn(" ", text)
        if not found:
            return pseudo.leftover(text)


def from_core(finding: str) -> bool:
    return any(re.search(pattern, finding) for pattern in (*FROM_CORE, *NOT_WORDS))


def unmarked(root: QWidget) -> list[str]:
    """``pseudo.unmarked`` counting nested markers, the autonyms and what the data layer says aside."""
    found = set()
    for widget in [root, *root.findChildren(QWidget)]:
        for where, text in pseudo._texts(widget):
            finding = f"{where}: {text!r}"
            if leftover(text) and finding not in AUTONYMS and not from_core(finding):
                found.add(finding)
    return sorted(found)


def unmarked_texts(*texts: str | tuple[str, str]) -> list[str]:
    """The texts (each plain, a message, or a (where, text) pair) that say something unmarked."""
    found = []
    for said in texts:
        where, text = said if isinstance(said, tuple) else ("message", said)
        finding = f"{where}: {text!r}"
        if leftover(text) and not from_core(finding):
            found.append(finding)
    return found


def walk_box(box: QWidget) -> list[str]:
    return unmarked(box)


# --- the window and its screens --------------------------------------------------------------------

def test_window_menus_and_status_bar(window):
    assert unmarked(window) == []
    for menu in (window.export_menu, window.recent_menu):
        assert unmarked(menu) == []


def test_no_workspace_page(qps, qtbot):
    from equitycohort.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert unmarked(window) == []


@pytest.mark.parametrize(("screen", "tab"), [
    ("Attention", None), ("Cohorts", None), ("Teams", 0), ("Teams", 1), ("Partners", 0), ("Partners", 1),
])
def test_screen(window, screen, tab):
    window.go_to(screen)
    view = window.current_view()
    if tab is not None:
        view.tabs.setCurrentIndex(tab)
    assert view.isVisible()
    assert unmarked(view) == []


def test_attention_for_the_current_cohort_only(window):
    window.go_to("Attention")
    view = window.current_view()
    view.scope.setCurrentIndex(1)
    view.weeks.setValue(1)
    assert unmarked(view) == []


def test_empty_workspace_screens(qps, make_window, tmp_path):
    window = make_window(tmp_path / "empty.ecw", create=True)
    for name in ("Cohorts", "Teams", "Partners", "Attention"):
        window.go_to(name)
        assert unmarked(window.current_view()) == [], name


def test_search_results(window):
    window.search_field.setText("capacity")
    window.search.run()
    assert window.search_results.isVisible()
    assert unmarked(window.search_results) == []
    window.search_field.setText("zzzz no such words")
    window.search.run()
    assert unmarked(window.search_results) == []


# --- dialogs -----------------------------------------------------------------------------------------

def _dialogs(window) -> dict:
    ws, cohort = window.ws, first_cohort(window.ws)
    team = list_teams(ws, cohort)[0]
    leader = ws.rows("SELECT m.id AS member, m.person_id FROM team_members m WHERE m.team_id = ? LIMIT 1",
                     (team.id,))[0]
    partner = ws.rows("SELECT id FROM partners LIMIT 1")[0]["id"]
    teams, partners = window.view("Teams"), window.view("Partners")
    if not list_backups(ws.path):
        backup(ws, reason="daily")
    return {
        "new cohort": lambda: CohortDialog(window.view("Cohorts"), ws),
        "edit cohort": lambda: CohortDialog(window.view("Cohorts"), ws, ws.get("cohorts", cohort)),
        "new program": lambda: ProgramDialog(window.view("Cohorts"), ws),
        "new team": lambda: TeamDialog(teams, ws, cohort),
        "edit team": lambda: TeamDialog(teams, ws, cohort, ws.get("teams", team.id)),
        "add leader": lambda: PersonDialog(teams, ws, team_id=team.id),
        "edit leader": lambda: PersonDialog(teams, ws, ws.get("people", leader["person_id"]), team_id=team.id,
                                            member=ws.get("team_members", leader["member"])),
        "new person": lambda: PersonDialog(teams, ws),
        "new facilitator": lambda: PersonDialog(partners, ws, kind="facilitator"),
        "new partner contact": lambda: PersonDialog(partners, ws, kind="partner"),
        "new partner": lambda: PartnerDialog(partners, ws),
        "edit partner": lambda: PartnerDialog(partners, ws, ws.get("partners", partner)),
        "preferences": lambda: PreferencesDialog(window),
        "shortcuts": lambda: ShortcutsDialog(window),
        "restore": lambda: RestoreDialog(window, ws.path, list_backups(ws.path)),
    }


DIALOGS = ["new cohort", "edit cohort", "new program", "new team", "edit team", "add leader", "edit leader",
           "new person", "new facilitator", "new partner contact", "new partner", "edit partner", "preferences",
           "shortcuts", "restore"]


@pytest.mark.parametrize("name", DIALOGS)
def test_dialog(window, qtbot, name):
    dialog = _dialogs(window)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    assert unmarked(dialog) == []


def test_the_unexpected_error_dialog_as_shown(window, shown):
    try:
        raise ValueError("boom")
    except ValueError as exc:
        dialogs.unexpected_error(window, exc)
    [box] = shown
    assert isinstance(box, ErrorDialog)
    assert unmarked(box) == []


def test_a_form_with_its_field_problems(window, qtbot):
    dialog = TeamDialog(window.view("Teams"), window.ws, first_cohort(window.ws))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.state.setEditText("Narnia")
    dialog.submit()
    assert dialog.isVisible(), "refused: the dialog stays open with its problems shown"
    assert unmarked(dialog) == []


@pytest.mark.parametrize("case", ["rows", "problems"])
def test_roster_preview(window, qtbot, tmp_path, case):
    from tests.ui.test_exports import NEW_ROWS, write_roster

    def typed(text: str) -> str:  # what a person typed into the file, marked as the workspace's text is
        return f"⟦{text}⟧" if text else text

    rows = [[row[0], *map(typed, row[1:3]), *row[3:]] for row in NEW_ROWS] if case == "rows" else \
        [["", "", "", "", "not an e-mail", "", "", ""]]
    path = write_roster(tmp_path / "roster.csv", rows)
    cohort = first_cohort(window.ws)
    dialog = RosterPreviewDialog(window, plan_import(window.ws, cohort, path), path.name, "⟦Cohort 1⟧")
    qtbot.addWidget(dialog)
    dialog.show()
    assert unmarked(dialog) == []


def test_the_language_of_a_team_document_is_asked_in_the_app_language(window, shown, monkeypatch):
    monkeypatch.setattr(dialogs, "save_path", lambda *args: None)
    window.go_to("Teams")
    window.exports.export_workplan()
    [asked] = shown
    assert unmarked(asked) == []


# --- messages ------------------------------------------------------------------------------------------

def test_confirmations_of_the_screens(window, shown):
    cohorts = window.view("Cohorts")
    window.go_to("Cohorts")
    cohorts.delete_cohort()
    window.go_to("Teams")
    teams = window.view("Teams")
    teams.delete_team()
    teams.remove_leader()
    window.go_to("Partners")
    window.view("Partners").delete_partner()
    assert len(shown) == 4
    for box in shown:
        assert walk_box(box) == []


def test_messages_of_the_file_menu_and_help(window, shown, monkeypatch, tmp_path):
    from equitycohort.ui import help

    help.about(window)
    dialogs.export_done(window, tmp_path / "plan.pdf")
    dialogs.export_done(window, tmp_path, folder=True)
    dialogs.open_path(window, tmp_path / "gone.pdf")
    window.files.check_workspace()
    assert len(shown) == 5
    for box in shown:
        assert walk_box(box) == []


def test_status_bar_messages(window, monkeypatch, tmp_path):
    monkeypatch.setattr(dialogs, "save_path", lambda *args: str(tmp_path / "copy.ecw"))
    window.files.save_copy()
    said = [window.statusBar().currentMessage()]
    partners = window.view("Partners")
    window.go_to("Partners")
    partners.tabs.setCurrentIndex(1)
    partners.facilitators.toggle_me()
    said.append(window.statusBar().currentMessage())
    assert unmarked_texts(*said) == []
    assert unmarked(partners.facilitators) == []  # the facilitator marked "(me)"


def test_undo_names_the_change_in_the_app_language(window):
    from equitycohort.data.cohorts import update_cohort

    window.context.run(window, update_cohort, first_cohort(window.ws), {"notes": "⟦a note⟧"})
    assert unmarked_texts(window.undo_action.text(), window.statusBar().currentMessage()) == []
    # the name of the change itself (it is shown inside those sentences) is the data layer's
    assert unmarked_texts(("undo label", window.ws.undo_label)) == []


def tree_children(tree, where: str, columns: range) -> list[tuple[str, str]]:
    """The texts and tooltips of the rows under a tree's headings (the walker reads the headings only)."""
    from equitycohort.ui.views.base import tree_rows

    return [(where, text) for _top, children in tree_rows(tree) for child in children
            for column in columns for text in (child.text(column), child.toolTip(column)) if text]


def test_attention_items_and_search_results(window):
    window.go_to("Attention")
    texts = tree_children(window.current_view().tree, "attention", range(3))
    window.search_field.setText("capacity")
    window.search.run()
    # what each result is (its snippet is a cut of what was typed, markers and all)
    texts += tree_children(window.search_results.tree, "search", range(1))
    assert len(texts) > 10
    assert unmarked_texts(*texts) == []


def test_preferences_apply_without_unmarked_text(window):
    preferences.set_style(True, True)
    window.refresh_all()
    window.go_to("Cohorts")
    assert unmarked(window.current_view()) == []
