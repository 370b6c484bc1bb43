"""The window, its menus and ui-a's screens and dialogs in Spanish: every command keeps a mnemonic of its
own in its menu or dialog, and the Spanish is what is shown.

The Spanish comes from the catalog fragments ``i18n/es/*.po`` themselves (read here with a small reader),
so the test checks the translations as written, whether or not the combined catalog was built.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QTabWidget, QWidget

from equitycohort import i18n
from equitycohort.ui.preferences_dialog import PreferencesDialog
from equitycohort.ui.views.cohorts import CohortDialog, ProgramDialog
from equitycohort.ui.views.partners import PartnerDialog
from equitycohort.ui.views.teams import PersonDialog, TeamDialog
from tests.ui.conftest import first_cohort

FRAGMENTS = Path(__file__).resolve().parents[2] / "i18n" / "es"


class Fragments(gettext.NullTranslations):
    """The Spanish of the catalog fragments, read from the .po files (one, other: n != 1)."""

    def __init__(self, folder: Path):
        super().__init__()
        self.messages: dict[tuple[str | None, str], list[str]] = {}
        for path in sorted(folder.glob("*.po")):
            self._read(path.read_text(encoding="utf-8"))

    def _read(self, text: str) -> None:
        entry: dict[str, str] = {}
        key = None
        for line in [*text.splitlines(), ""]:
            line = line.strip()
            if not line:  # entries are separated by blank lines
                if entry.get("msgid"):
                    forms = [entry[k] for k in sorted(entry) if k.startswith("msgstr")]
                    self.messages[(entry.get("msgctxt"), entry["msgid"])] = forms
                entry, key = {}, None
            elif line.startswith("#"):
                continue
            elif found := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?)\s+(".*")$', line):
                key = found.group(1)
                entry[key] = ast.literal_eval(found.group(2))
            elif line.startswith('"') and key:
                entry[key] += ast.literal_eval(line)

    def gettext(self, message: str) -> str:
        forms = self.messages.get((None, message))
        return forms[0] if forms and forms[0] else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.messages.get((None, singular))
        if not forms:
            return singular if n == 1 else plural
        return forms[0 if n == 1 else 1]

    def pgettext(self, context: str, message: str) -> str:
        forms = self.messages.get((context, message))
        return forms[0] if forms and forms[0] else message


@pytest.fixture
def spanish():
    """The app in Spanish (from the fragments); English again afterwards."""
    before = i18n._catalogs.get("es")
    i18n._catalogs["es"] = Fragments(FRAGMENTS)
    i18n.set_app_language("es")
    yield
    i18n.set_app_language("en")
    if before is None:
        i18n._catalogs.pop("es", None)
    else:
        i18n._catalogs["es"] = before


@pytest.fixture
def window(spanish, make_window, demo_path):
    window = make_window(demo_path)
    window._fill_export_menu()
    return window


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def menus(window) -> list[tuple[str, QMenu]]:
    out = []

    def walk(menu: QMenu, path: str) -> None:
        out.append((path, menu))
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} > {action.text()}")

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text())
    return out


def test_the_menus_are_in_spanish_and_every_command_has_its_own_mnemonic(window):
    tops = [a.text() for a in window.menuBar().actions()]
    assert tops == ["&Archivo", "&Editar", "&Ver", "A&yuda"]
    assert len({mnemonic(t) for t in tops}) == len(tops)
    for path, menu in menus(window):
        letters = []
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            letter = mnemonic(action.text())
            assert letter, f"{path} > {action.text()!r} has no mnemonic"
            letters.append(letter)
        assert len(letters) == len(set(letters)), f"{path}: {sorted(letters)}"


def test_the_navigation_names_the_screens_in_spanish(window):
    names = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert names == ["Pendientes", "Cohortes", "Calendario", "Equipos", "Planes de trabajo", "Autoevaluaciones",
                     "Seguimientos", "Aliadas"]


def mnemonics_of(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every mnemonic shown in a dialog or on a page: its labels, buttons and tabs."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        texts = []
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        found += [(letter, text) for text in texts if (letter := mnemonic(text))]
    return found


def assert_unique(root: QWidget, what: str) -> None:
    found = mnemonics_of(root)
    letters = [letter for letter, _text in found]
    assert found, what
    assert len(letters) == len(set(letters)), f"{what}: {sorted(found)}"


@pytest.mark.parametrize("name", ["new cohort", "edit cohort", "new program", "new team", "edit team",
                                  "add leader", "new person", "new partner", "preferences"])
def test_each_dialog_has_a_mnemonic_of_its_own_for_each_field(window, qtbot, name):
    ws, cohort = window.ws, first_cohort(window.ws)
    team = ws.rows("SELECT id FROM teams WHERE cohort_id = ? LIMIT 1", (cohort,))[0]["id"]
    made = {
        "new cohort": lambda: CohortDialog(window.view("Cohorts"), ws),
        "edit cohort": lambda: CohortDialog(window.view("Cohorts"), ws, ws.get("cohorts", cohort)),
        "new program": lambda: ProgramDialog(window.view("Cohorts"), ws),
        "new team": lambda: TeamDialog(window.view("Teams"), ws, cohort),
        "edit team": lambda: TeamDialog(window.view("Teams"), ws, cohort, ws.get("teams", team)),
        "add leader": lambda: PersonDialog(window.view("Teams"), ws, team_id=team),
        "new person": lambda: PersonDialog(window.view("Teams"), ws),
        "new partner": lambda: PartnerDialog(window.view("Partners"), ws),
        "preferences": lambda: PreferencesDialog(window),
    }[name]
    dialog = made()
    qtbot.addWidget(dialog)
    dialog.show()
    assert_unique(dialog, name)
    assert dialog.windowTitle() and not dialog.windowTitle().startswith(("New ", "Edit ", "Add ", "Preferences"))


@pytest.mark.parametrize(("screen", "tab"), [("Cohorts", None), ("Teams", 0), ("Teams", 1), ("Partners", 0),
                                             ("Partners", 1), ("Attention", None)])
def test_each_screen_has_a_mnemonic_of_its_own_for_each_control(window, screen, tab):
    window.go_to(screen)
    view = window.current_view()
    if tab is not None:
        view.tabs.setCurrentIndex(tab)
    assert_unique(view, f"{screen} {tab}")
