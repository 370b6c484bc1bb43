"""Issue 16: the Spanish fragment of this half of the UI (i18n/es/ui-b.po) covers every string its files
mark, and each translation keeps the English one's placeholders, mnemonic and ellipsis.

The strings are found the way the extractor finds them: the literal arguments of ``_``, ``N_`` and
``ngettext`` calls in the files of the Schedule, Workplans, Assessments and Check-ins screens.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAGMENT = ROOT / "i18n" / "es" / "ui-b.po"
VIEWS = ROOT / "equitycohort" / "ui" / "views"
FILES = sorted([*(VIEWS / "schedule").glob("*.py"), *(VIEWS / "workplans").glob("*.py"),
                *(VIEWS / "assessments").glob("*.py"), *(VIEWS / "checkins").glob("*.py"),
                *(VIEWS / "charts").glob("*.py"), VIEWS / "timeline.py", VIEWS / "attendance.py"])

Entry = dict  # msgid, msgid_plural, msgstr (list), flags


def marked(path: Path) -> set[tuple[str, ...]]:
    """(msgid,) or (msgid, msgid_plural) of every marked string in a file."""
    found: set[tuple[str, ...]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        literals = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if node.func.id in ("_", "N_") and literals:
            found.add((literals[0],))
        elif node.func.id == "ngettext" and len(literals) >= 2:
            found.add((literals[0], literals[1]))
    return found


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (a small reader: quoted strings, continuations, flags, plurals)."""
    entries: list[Entry] = []
    current: Entry = {}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            if current:
                entries.append(current)
            current, key = {}, None
            continue
        if line.startswith("#,"):
            current.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            key, value = match.group(1), _unquote(match.group(2))
            if key.startswith("msgstr"):
                current.setdefault("msgstr", []).append(value)
            else:
                current[key] = value
        elif line.startswith('"') and key:
            value = _unquote(line)
            if key.startswith("msgstr"):
                current["msgstr"][-1] += value
            else:
                current[key] += value
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return read_po(FRAGMENT)


def test_the_header_says_spanish_and_its_plural_rule(entries):
    header = next(e for e in entries if e["msgid"] == "")["msgstr"][0]
    assert "Language: es\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header
    assert "charset=UTF-8" in header


def test_every_marked_string_is_translated_once(entries):
    wanted = set().union(*(marked(path) for path in FILES))
    assert len(wanted) > 450  # the whole of this half of the UI, not a sample
    have = [(e["msgid"], e["msgid_plural"]) if "msgid_plural" in e else (e["msgid"],)
            for e in entries if e["msgid"]]
    assert len(have) == len(set(have)), "a msgid is in the fragment twice"
    assert sorted(wanted - set(have)) == [], "marked but not translated"
    assert sorted(set(have) - wanted) == [], "translated but no longer marked"


def test_no_entry_is_empty_or_fuzzy(entries):
    for entry in entries:
        if not entry["msgid"]:
            continue
        assert "fuzzy" not in entry.get("flags", set()), entry["msgid"]
        assert entry["msgstr"] and all(s.strip() for s in entry["msgstr"]), entry["msgid"]
        assert len(entry["msgstr"]) == (2 if "msgid_plural" in entry else 1), entry["msgid"]


def test_translations_keep_placeholders_mnemonics_and_ellipses(entries):
    for entry in entries:
        if not entry["msgid"]:
            continue
        source = entry["msgid"]
        for translated in entry["msgstr"]:
            assert set(re.findall(r"\{\w*\}", translated)) == set(re.findall(r"\{\w*\}", source)), source
            mnemonics = len(re.findall(r"&(?=\w)", source))
            assert len(re.findall(r"&(?=\w)", translated)) == mnemonics, source
            assert translated.endswith("…") == source.endswith("…"), source
            assert translated.startswith(" ") == source.startswith(" "), source


def test_mnemonics_are_unique_within_each_form(entries):
    """The labels of one dialog each get their own Alt+letter in Spanish (Qt's Save and Cancel take G and C)."""
    spanish = {e["msgid"]: e["msgstr"][0] for e in entries if e["msgid"] and "msgid_plural" not in e}
    forms = {
        "session": ["&Title", "&For", "T&eam", "F&ormat", "&Place", "&Video link", "&Date", "&Start time", "D&uration",
                    "Time &zone", "Stat&us", "Fac&ilitators", "Pa&rtner", "&Agenda"],
        "plan sessions": ["&Repeat", "&On the", "&From", "&Sessions", "Start &time", "&Duration", "Time &zone",
                          "F&ormat", "&Video link", "&Place", "T&itle", "F&acilitator"],
        "check-in": ["&Team", "&Date", "&Facilitator", "&Partner", "&Mode", "&Summary for the team", "&Wins",
                     "C&hallenges", "S&upport requested", "Pri&vate notes — facilitators only", "Add &next step",
                     "Ne&xt check-in"],
        "goal": ["&Goal", "&Description", "&Indicator", "&Unit", "&Baseline", "&Target", "&Current value"],
        "action": ["G&oal", "&Action", "O&wner", "&Start date", "D&ue date", "Sta&tus", "Support &needed", "&Partner",
                   "Not&es"],
        "milestone": ["&Milestone", "G&oal", "D&ue date", "&Reached on"],
        "assessment": ["&Round", "Round &name", "Da&te", "N&otes"],
        "framework": ["&Name", "&Source", "&License", "&Description"],
        "schedule screen": ["&Plan sessions…", "&New session…", "&Edit…", "Take &attendance", "Cancel &session",
                            "&Delete…", "&List", "&Timeline"],
        "check-ins screen": ["&Team:", "&Record a check-in…", "&Edit…", "&Delete…", "E-&mail the team…"],
        "workplans screen": ["&Teams", "Add &goal…", "Edit g&oal…", "Add &action…", "Ed&it…",
                             "Stat&us of the selected action:", "Mark &done", "Add &milestone…", "Mark &reached"],
        "framework editor": ["Frame&work:", "&Team growth", "C&ohort heat map", "Framewor&k", "Edit &details…",
                             "&Add dimension…", "Edit dime&nsion…", "Add &level…", "Rena&me level…", "&Import…",
                             "E&xport…"],
    }
    qt_buttons = {"g", "c"}  # &Guardar, &Cancelar
    for form, labels in forms.items():
        letters = [re.search(r"&(\w)", spanish[label]).group(1).casefold() for label in labels]
        assert len(letters) == len(set(letters)), (form, letters)
        if form not in ("schedule screen", "check-ins screen", "workplans screen", "framework editor"):
            assert not set(letters) & qt_buttons, (form, letters)
