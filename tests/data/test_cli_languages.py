"""The command line's language: the environment's or EQUITYCOHORT_LANG, argparse's own words too,
and every --help made of marked text (the pseudo-locale check)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import cli, i18n
from tests.pseudo_text import leftover

REPO = Path(__file__).resolve().parent.parent.parent

#: every --help the command line has
HELPS = [[], ["demo"], ["info"], ["check"], ["backup"], ["list"], ["attention"], ["export"],
         *(["export", kind] for kind in ("workplan", "cohort", "session", "checkins", "calendar", "roster",
                                         "attendance", "packets")),
         ["import"], ["import", "roster"],
         ["changes"], *(["changes", kind] for kind in ("export", "import", "conflicts"))]
#: what --help shows that is typed, not read: the program and its commands, options, metavars,
#: choices and example file names and values; the same in every language
_COMMAND_WORDS = re.compile(
    r"(?<![\w-])(equitycohort|demo|info|check|backup|list|cohorts|teams|sessions|attention|export|import|workplan|"
    r"cohort|session|checkins|calendar|roster|attendance|packets|letter|changes|conflicts|en|es)(?![\w-])")
_SYNTAX = re.compile(r"--?[a-z][a-z-]*|\b[A-Z][A-Z_]*(\.[a-z]+)?\b|\{[^}]*\}|\"[^\"]*\"|\S+\.(ecw|pdf|xlsx|csv|ics)\b"
                     r"|\bpackets/|\.\.\.")


def help_of(words: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as done:
        cli.main([*words, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def unmarked(text: str) -> list[str]:
    """The words of ``text`` outside its marked parts (which argparse may wrap over several lines)."""
    typed = "\n".join(_COMMAND_WORDS.sub(" ", _SYNTAX.sub(" ", line)) for line in text.splitlines())
    return leftover(typed).split()


@pytest.mark.parametrize("words", HELPS, ids=lambda words: " ".join(words) or "main")
def test_every_help_is_marked(words, capsys, monkeypatch):
    monkeypatch.setenv("EQUITYCOHORT_LANG", "qps")
    shown = help_of(words, capsys)
    assert "⟦usage: ⟧" in shown and "⟦show this help message and exit⟧" in shown
    assert unmarked(shown) == []


def test_the_check_of_help_finds_what_is_not_marked():
    assert unmarked("  --team TEAM   ⟦a team id⟧") == []
    assert unmarked("  --team TEAM   a team id") == ["a", "team", "id"]
    assert unmarked("  --team TEAM   ⟦a team id that argparse\n                 wrapped⟧") == []


def test_help_and_errors_in_spanish(capsys, monkeypatch):
    monkeypatch.setenv("EQUITYCOHORT_LANG", "es")
    shown = help_of(["export", "workplan"], capsys)
    assert shown.startswith("uso: equitycohort export workplan")
    assert "opciones:" in shown and "muestra este mensaje de ayuda y sale" in shown
    assert "--lang en|es" in shown and "el idioma del documento" in shown
    with pytest.raises(SystemExit) as refused:
        cli.main(["export", "workplan", "x.ecw"])
    assert refused.value.code == 2
    assert "error: se requieren los siguientes argumentos: --team, --out" in capsys.readouterr().err
    assert cli.main(["demo", "x.ecw", "--cohorts", "0"]) == 2
    assert capsys.readouterr().err == "equitycohort: --cohorts debe estar entre 1 y 500\n"
    assert i18n.current() == "en"


def test_the_environment_chooses_the_language(monkeypatch):
    for variable in ("EQUITYCOHORT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert cli.cli_language() == "en"
    assert cli.cli_language({"LANG": "es_MX.UTF-8"}) == "es"
    assert cli.cli_language({"LANG": "C.UTF-8"}) == "en"
    assert cli.cli_language({"LANGUAGE": "fr:es", "LANG": "en_US.UTF-8"}) == "es"  # the first the app speaks
    assert cli.cli_language({"LANGUAGE": "en_US:es"}) == "en"
    assert cli.cli_language({"LC_ALL": "C", "LANG": "es_ES.UTF-8"}) == "en"  # LC_ALL wins, as gettext reads it
    assert cli.cli_language({"LC_MESSAGES": "es_US.UTF-8", "LANG": "en_US.UTF-8"}) == "es"
    assert cli.cli_language({"EQUITYCOHORT_LANG": "en", "LANG": "es_MX.UTF-8"}) == "en"
    assert cli.cli_language({"EQUITYCOHORT_LANG": "Español"}) == "es"


def test_a_spanish_system_gets_spanish_messages_and_version_costs_nothing():
    env = {"PATH": "", "LANG": "es_MX.UTF-8", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "equitycohort", "info", "nowhere.ecw"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == "equitycohort: No hay ningún archivo en nowhere.ecw.\n"
    code = ("import sys; from equitycohort import cli\n"
            "try:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('babel', 'gettext', 'equitycohort.data') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines()[-1] == "['gettext']", done.stderr  # gettext comes with the module; no catalog read
