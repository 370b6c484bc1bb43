"""The language of the screens: the system's, the one chosen under View > Language, or EQUITYCOHORT_LANG's;
set before any window is built, with Qt's own texts in that language too (and nothing loaded for English)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox

from equitycohort import i18n
from equitycohort.ui import dialogs, language, settings
from tests.ui.conftest import Recorder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def system(monkeypatch):
    """The system's language, as the test sets it (``system.language``); no EQUITYCOHORT_LANG."""
    monkeypatch.delenv(language.ENVIRONMENT, raising=False)
    state = type("System", (), {"language": "en"})()
    monkeypatch.setattr(language, "system_language", lambda: state.language)
    return state


@pytest.fixture
def restore_language(qapp):
    """English again after a test that installs another language."""
    yield
    i18n.set_app_language("en")
    language.uninstall_qt_translations(qapp)


def cancel_text() -> str:
    """What Qt writes on a Cancel button now."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    return box.buttons()[0].text()


# --- which language -------------------------------------------------------------------------------

def test_the_system_language_is_followed_until_one_is_chosen(system):
    assert language.chosen() == language.SYSTEM
    system.language = "es"
    assert language.wanted() == "es"
    system.language = "en"
    assert language.wanted() == "en"


def test_a_language_chosen_wins_over_the_system(system):
    system.language = "es"
    language.choose("en")
    assert settings.get(settings.LANGUAGE) == "en"
    assert language.wanted() == "en"
    language.choose("es")
    system.language = "en"
    assert language.wanted() == "es"
    language.choose(language.SYSTEM)
    assert language.wanted() == "en"


def test_the_environment_wins_over_the_choice_and_the_system(system, monkeypatch):
    system.language = "en"
    language.choose("en")
    monkeypatch.setenv(language.ENVIRONMENT, "es")
    assert language.wanted() == "es"
    monkeypatch.setenv(language.ENVIRONMENT, "qps")  # the tests' pseudo-language
    assert language.wanted() == "qps"
    monkeypatch.setenv(language.ENVIRONMENT, "es_MX.UTF-8")
    assert language.wanted() == "es"
    monkeypatch.setenv(language.ENVIRONMENT, "fr")  # a language the app does not speak: English
    assert language.wanted() == "en"
    monkeypatch.setenv(language.ENVIRONMENT, "")  # set but empty: as if unset
    assert language.wanted() == "en"


def test_a_setting_the_app_cannot_speak_means_the_system(system):
    settings.put(settings.LANGUAGE, "klingon")
    system.language = "es"
    assert language.chosen() == language.SYSTEM
    assert language.wanted() == "es"


@pytest.mark.parametrize(("environment", "expected"), [
    ({"LANG": "es_MX.UTF-8"}, "es"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),  # a language the app does not speak
    ({"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr:es"}, "es"),  # the first of the user's languages it speaks
    ({"LANG": "C", "LC_MESSAGES": "es_US.UTF-8"}, "es"),
])
def test_the_system_language_is_read_from_the_system(environment, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    result = subprocess.run(
        [sys.executable, "-c", "from equitycohort.ui import language; print(language.system_language())"],
        env={**env, **environment}, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


# --- setting it at start-up -------------------------------------------------------------------------

def test_spanish_installs_qt_translations_and_us_spanish_formats(qapp, system, monkeypatch, restore_language):
    monkeypatch.setenv(language.ENVIRONMENT, "es")
    assert cancel_text() == "Cancel"
    assert language.install(qapp) == "es"
    assert i18n.current() == "es"
    assert cancel_text() == "Cancelar"  # Qt's own buttons, from qtbase_es.qm
    assert QLocale().name() == "es_US"  # a decimal point, month/day, as US Spanish speakers write
    assert QLocale().decimalPoint() == "."
    language.uninstall_qt_translations(qapp)
    assert cancel_text() == "Cancel"


def test_english_loads_nothing(qapp, system, monkeypatch, restore_language):
    def must_not_run(*args):
        raise AssertionError("English needs no translations: start-up must not pay for them")

    monkeypatch.setattr(language, "install_qt_translations", must_not_run)
    locale = QLocale().name()
    assert language.install(qapp) == "en"
    assert i18n.current() == "en"
    assert QLocale().name() == locale
    assert cancel_text() == "Cancel"


def test_the_pseudo_language_loads_no_qt_translations(qapp, system, monkeypatch, restore_language):
    monkeypatch.setenv(language.ENVIRONMENT, "qps")
    assert language.install(qapp) == "qps"
    assert i18n._("Cohorts") == "⟦Cohorts⟧"
    assert language._installed == []


START = textwrap.dedent("""
    import sys
    from equitycohort import i18n
    from equitycohort.ui import main_window

    built = main_window.MainWindow.__init__

    def init(self):
        print("language when the window is built:", i18n.current())
        built(self)
        print("first screen:", self.nav.item(0).text())

    main_window.MainWindow.__init__ = init
    from equitycohort.ui.app import run_app

    code = run_app(sys.argv[1], exit_after_startup=True)
    from PySide6.QtWidgets import QDialogButtonBox
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    print("cancel:", box.buttons()[0].text())
    sys.exit(code)
""")


def _start(path: Path, home: Path, **environment: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != language.ENVIRONMENT}
    env.update({"QT_QPA_PLATFORM": "offscreen", "EQUITYCOHORT_HOME": str(home), "LANG": "en_US.UTF-8",
                **environment})
    result = subprocess.run([sys.executable, "-c", START, str(path)], env=env, capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_app_starts_in_the_language_of_the_environment(demo_path, app_home):
    said = _start(demo_path, app_home, EQUITYCOHORT_LANG="qps")
    assert "language when the window is built: qps" in said
    assert "first screen: ⟦Attention⟧" in said


def test_the_app_starts_in_the_language_chosen(demo_path, app_home):
    language.choose("es")
    settings.sync()
    said = _start(demo_path, app_home)
    assert "language when the window is built: es" in said
    assert "cancel: Cancelar" in said  # Qt's own texts in Spanish too


def test_the_app_starts_in_english_on_an_english_system(demo_path, app_home):
    said = _start(demo_path, app_home)
    assert "language when the window is built: en" in said
    assert "first screen: Attention" in said
    assert "cancel: Cancel" in said


# --- View > Language ----------------------------------------------------------------------------------

def language_actions(window) -> dict[str, object]:
    return {key: window.language_actions[key] for key in (language.SYSTEM, "en", "es")}


def test_the_menu_offers_the_system_and_each_language_in_itself(demo_window):
    actions = language_actions(demo_window)
    assert [a.text() for a in actions.values()] == ["Follow the &System (English)", "&English", "Es&pañol"]
    assert actions[language.SYSTEM].isChecked() and not actions["es"].isChecked()
    for action in actions.values():
        assert action.statusTip() == "Applies the next time Equity Cohort starts"
    [menu] = [a.menu() for a in demo_window.menuBar().actions() if a.text() == "&View"]
    titles = [a.text() for a in menu.actions() if a.menu() is not None]
    assert titles == ["&Appearance", "La&nguage"]


def test_choosing_spanish_is_kept_and_said_to_apply_at_the_next_start(demo_window, monkeypatch, system):
    told = Recorder()
    monkeypatch.setattr(dialogs, "inform", told)
    language_actions(demo_window)["es"].trigger()
    assert settings.get(settings.LANGUAGE) == "es"
    assert language_actions(demo_window)["es"].isChecked()
    assert not language_actions(demo_window)[language.SYSTEM].isChecked()
    [text] = told.texts
    assert text.startswith("Equity Cohort will be in Spanish the next time it starts.")
    assert i18n.current() == "en", "the screens stay as they are until the app starts again"
    assert demo_window.nav.item(0).text() == "Attention"


def test_choosing_the_language_already_shown_says_so_quietly(demo_window, monkeypatch, system):
    monkeypatch.setattr(dialogs, "inform", Recorder())
    language_actions(demo_window)["en"].trigger()
    assert settings.get(settings.LANGUAGE) == "en"
    assert dialogs.inform.calls == []
    assert demo_window.statusBar().currentMessage() == "Equity Cohort stays in English."
    language_actions(demo_window)[language.SYSTEM].trigger()
    assert settings.get(settings.LANGUAGE) == language.SYSTEM
