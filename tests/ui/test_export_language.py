"""File > Export asks the language of a team's document, preselecting the team's, and makes it in the one chosen.

The export functions are replaced by recorders here: what is checked is the language the UI asks for and
passes on (``lang=``); the documents' own text in Spanish is the export package's to test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import equitycohort.export as export
from equitycohort import i18n
from equitycohort.ui import dialogs
from tests.ui.conftest import screen
from tests.ui.test_exports import LanguageAsked, SavePath, built, run_export  # noqa: F401 - built: a fixture


class Made:
    """An export function: records how it was called and the language it ran in, and writes its file."""

    def __init__(self):
        self.calls: list[dict] = []

    def __call__(self, ws, record_id, out_path, **kwargs):
        self.calls.append({"record": record_id, "kwargs": kwargs, "running in": i18n.current()})
        Path(out_path).write_bytes(b"made")
        return Path(out_path)


def made_without_lang(made: Made):
    """An export function as it was before it took ``lang``."""
    def export_function(ws, record_id, out_path, *, page_size="letter", progress=None, internal=False):
        return made(ws, record_id, out_path, page_size=page_size, internal=internal)
    return export_function


@pytest.fixture
def languages(monkeypatch) -> LanguageAsked:
    recorder = LanguageAsked()
    monkeypatch.setattr(dialogs, "document_language", recorder)
    return recorder


@pytest.fixture
def save_path(monkeypatch, tmp_path) -> SavePath:
    recorder = SavePath(tmp_path / "out")
    monkeypatch.setattr(dialogs, "save_path", recorder)
    return recorder


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr(dialogs, "export_done", lambda *args, **kwargs: None)


@pytest.fixture
def made(monkeypatch) -> dict[str, Made]:
    recorders = {name: Made() for name in ("export_workplan", "export_checkin_history", "export_workplan_xlsx",
                                          "export_cohort_summary")}
    for name, recorder in recorders.items():
        monkeypatch.setattr(export, name, recorder)
    return recorders


def set_language(window, team_id: str, language: str | None) -> None:
    window.ws.update("teams", team_id, {"language": language}, label="Edit team")


def on_teams_screen(window, team_id: str) -> None:
    teams = screen(window, "Teams")
    teams.select_team(team_id)
    assert teams.selected_team_id() == team_id


@pytest.mark.parametrize(("label", "function"), [
    ("Team Workplan (PDF)", "export_workplan"),
    ("Check-in History for the Team (PDF)", "export_checkin_history"),
    ("Team Workplan (Excel)", "export_workplan_xlsx"),
])
def test_a_team_document_preselects_the_team_language_and_is_made_in_the_one_chosen(
        built, window, languages, save_path, made, label, function):  # noqa: F811
    set_language(window, built.iowa, "es")
    on_teams_screen(window, built.iowa)
    run_export(window, label)
    [asked] = languages.asked
    assert asked["current"] == "es"
    assert asked["choices"] == {"en": "English", "es": "Spanish"}
    assert "Iowa" in asked["text"] and "Spanish" in asked["text"]
    [call] = made[function].calls
    assert call["record"] == built.iowa
    assert call["kwargs"]["lang"] == "es" and call["running in"] == "es"

    languages.answer = "en"  # the facilitator picks English this time
    run_export(window, label)
    assert made[function].calls[-1]["kwargs"]["lang"] == "en"
    assert made[function].calls[-1]["running in"] == "en"


def test_without_a_setting_the_team_leaders_language_is_preselected(built, window, languages, save_path, made):  # noqa: F811
    for person in window.ws.rows("SELECT id FROM people WHERE name <> 'Dana Whitfield'"):
        window.ws.update("people", person["id"], {"preferred_language": "Spanish"}, label="Edit person")
    set_language(window, built.iowa, None)
    on_teams_screen(window, built.iowa)
    run_export(window, "Team Workplan (PDF)")
    assert languages.asked[-1]["current"] == "es"
    on_teams_screen(window, built.minnesota)
    run_export(window, "Team Workplan (PDF)")
    assert languages.asked[-1]["current"] == "en"
    assert [c["kwargs"]["lang"] for c in made["export_workplan"].calls] == ["es", "en"]


def test_the_facilitators_copy_preselects_the_app_language(built, window, languages, save_path, made):  # noqa: F811
    set_language(window, built.iowa, "es")
    on_teams_screen(window, built.iowa)
    run_export(window, "Check-in History with Private Notes (PDF)")
    [asked] = languages.asked
    assert asked["current"] == "en"
    assert "facilitators only" in asked["text"] and "Spanish" in asked["text"]
    [call] = made["export_checkin_history"].calls
    assert call["kwargs"]["internal"] is True and call["kwargs"]["lang"] == "en"


def test_cancelling_the_language_question_writes_nothing(built, window, languages, save_path, made):  # noqa: F811
    languages.answer = None
    on_teams_screen(window, built.iowa)
    run_export(window, "Team Workplan (PDF)")
    assert save_path.suggested == [], "no file name is asked once the export is cancelled"
    assert made["export_workplan"].calls == []


def test_a_cohort_document_is_made_in_the_app_language_without_asking(built, window, languages, save_path,  # noqa: F811
                                                                       made):
    run_export(window, "Cohort Summary (PDF)")
    assert languages.asked == []
    [call] = made["export_cohort_summary"].calls
    assert call["kwargs"]["lang"] == "en"


def test_an_export_function_without_lang_still_runs_in_the_language_chosen(built, window, languages, save_path,  # noqa: F811
                                                                           monkeypatch):
    recorder = Made()
    monkeypatch.setattr(export, "export_workplan", made_without_lang(recorder))
    set_language(window, built.iowa, "es")
    on_teams_screen(window, built.iowa)
    run_export(window, "Team Workplan (PDF)")
    [call] = recorder.calls
    assert call["running in"] == "es" and "lang" not in call["kwargs"]
    assert i18n.current() == "en", "the screens stay in their language"


def test_the_question_dialog_preselects_and_wraps(window, qtbot):
    dialog = dialogs.language_dialog(window, "Export team workplan", "The Iowa team's documents are in Spanish "
                                     "(set with Edit team… on the Teams screen). Make this workplan in:",
                                     {"en": "English", "es": "Spanish"}, "es")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.textValue() == "Spanish"
    assert dialog.comboBoxItems() == ["English", "Spanish"]
    assert dialog.width() < 700, "the question wraps rather than widening the dialog"
