"""The translation catalogs: up to date with the source and the fragments, complete, and sane.

The source of truth for Spanish is ``i18n/es/*.po``; ``tools/i18n.py build`` merges
the fragments into the catalog the app loads (``equitycohort/locale/es/...``).
These tests fail when a marked string has no translation, when the committed
catalog was not rebuilt, or when a translation drops a placeholder.
"""

from __future__ import annotations

import ast
import gettext
import importlib.util
import io
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from equitycohort import i18n

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "equitycohort" / "locale" / "es" / "LC_MESSAGES" / "equitycohort"


def _tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.fixture(scope="module")
def template(tool):
    """The messages marked in the source now (extracted afresh, not read from the committed .pot)."""
    return tool.extract()


@pytest.fixture(scope="module")
def built():
    with open(CATALOG.with_suffix(".po"), "rb") as handle:
        return read_po(handle)


def test_the_committed_catalog_holds_every_message_of_the_source(tool, template, built):
    missing = tool.msgids(template) - tool.msgids(built)
    stale = tool.msgids(built) - tool.msgids(template)
    assert not missing, f"not in the built catalog (run tools/i18n.py extract, translate, build): {sorted(missing, key=str)[:10]}"
    assert not stale, f"no longer in the source (run tools/i18n.py extract and build): {sorted(stale, key=str)[:10]}"


def test_the_committed_template_matches_the_source(tool, template):
    committed = tool.read_catalog(tool.TEMPLATE)
    assert tool.msgids(committed) == tool.msgids(template), "run python tools/i18n.py extract"


def test_the_committed_catalog_is_built_from_the_fragments(tool, template, built):
    report = tool.Report()
    translations = tool.merged("es", template, report)
    assert report.ok, report.errors[:10]
    shown = {(tool._key(m.id), m.context): m.string for m in built if m.id}
    assert shown == {key: value for key, value in translations.items()}, "run python tools/i18n.py build"


def test_the_compiled_catalog_matches_its_source(built):
    with open(CATALOG.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in built:
        if not message.id:
            continue
        if isinstance(message.id, str):
            key = message.id if message.context is None else f"{message.context}\x04{message.id}"
            assert compiled._catalog[key] == message.string, message.id  # type: ignore[attr-defined]
        else:
            for form, text in enumerate(message.string):
                assert compiled._catalog[(message.id[0], form)] == text, message.id  # type: ignore[attr-defined]
    assert compiled.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"


def test_no_translation_is_empty_or_fuzzy_and_placeholders_match(tool, built):
    problems = [problem for message in built if message.id
                for problem in tool.check_message(message, "built catalog", built.num_plurals)]
    assert problems == []
    assert len([m for m in built if m.id]) > 900


def test_the_fragments_pass_the_check(tool, template):
    report = tool.check(template)
    assert report.ok, report.errors[:10]


@pytest.mark.parametrize("english, spanish, says", [
    ("Delete {name}?", "", "empty"),
    ("Delete {name}?", "¿Eliminar {nombre}?", "placeholders"),
    ("Delete {name}?", "¿Eliminar?", "placeholders"),
    ("%(prog)s: error: %(message)s\n", "%(prog)s: error: %(mensaje)s\n", "placeholders"),
    ("&Edit…", "&Editar", "…"),
    ("&Edit…", "Editar…", "mnemonic"),
    ("&Edit…", "&Ed&itar…", "mnemonics"),
])
def test_the_check_catches_a_bad_translation(tool, english, spanish, says):
    problems = tool.check_message(Message(english, spanish), "test.po")
    assert any(says in problem for problem in problems), problems


def test_the_check_catches_a_fuzzy_translation_and_a_missing_plural_form(tool):
    fuzzy = Message("Add goal", "Agregar meta", flags=["fuzzy"])
    assert any("fuzzy" in p for p in tool.check_message(fuzzy, "test.po"))
    plural = Message(("{n} team", "{n} teams"), ["{n} equipo", ""])
    assert any("empty" in p for p in tool.check_message(plural, "test.po"))
    assert tool.check_message(Message(("{n} team", "{n} teams"), ["{n} equipo", "{n} equipos"]), "test.po") == []


def test_fragments_that_disagree_are_refused(tool, tmp_path, monkeypatch):
    """The same English translated two ways in two fragments is an error, naming both."""
    header = ('msgid ""\nmsgstr ""\n"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
    folder = tmp_path / "es"
    folder.mkdir()
    (folder / "a.po").write_text(header + 'msgid "Goals"\nmsgstr "Metas"\n', encoding="utf-8")
    (folder / "b.po").write_text(header + 'msgid "Goals"\nmsgstr "Objetivos"\n', encoding="utf-8")
    monkeypatch.setattr(tool, "FRAGMENTS", tmp_path)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    template = Catalog(fuzzy=False)
    template.add("Goals")
    template.add("Teams")
    report = tool.Report()
    tool.merged("es", template, report)
    assert any("differently" in e for e in report.errors), report.errors
    assert any("'Teams' is not translated" in e for e in report.errors), report.errors


def test_a_plural_and_a_single_message_never_share_their_english(tool, tmp_path, monkeypatch):
    """gettext keys both by the English: one of them would never be translated."""
    package = tmp_path / "equitycohort"
    package.mkdir()
    (package / "m.py").write_text('from equitycohort.i18n import _, ngettext\n_("goal")\nngettext("goal", "goals", 2)\n')
    (tmp_path / "babel.cfg").write_text("[python: equitycohort/**.py]\n")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "MAPPING", tmp_path / "babel.cfg")
    with pytest.raises(SystemExit, match="both a plural message and a single one"):
        tool.extract()


def test_no_marked_string_hides_in_an_f_string():
    """Extraction reads calls, not the inside of f-strings: ``f"<b>{_('Partner:')}</b>"`` would never be
    translated."""
    found = []
    for path in sorted((ROOT / "equitycohort").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and \
                            inner.func.id in ("_", "N_", "ngettext", "pgettext"):
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert found == []


def test_spanish_comes_from_the_catalog():
    with i18n.use("es"):
        assert i18n._("Add check-in") == "Agregar seguimiento"
        assert i18n.ngettext("{n} day ago", "{n} days ago", 3).format(n=3) == "hace 3 días"
        assert i18n.pgettext("a next step", "Done") == "Hecho"
        assert i18n.label({"done": "Done"}, "done") == "Hecha"
    assert i18n._("Add check-in") == "Add check-in"


def test_the_package_data_carries_the_compiled_catalog():
    """A regular install (and the bundle, which takes equitycohort/locale whole) has the .mo."""
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["equitycohort"]
    assert any(CATALOG.with_suffix(".mo").relative_to(ROOT / "equitycohort").match(p) for p in patterns)
    assert CATALOG.with_suffix(".mo").stat().st_size > 10_000


def test_babel_writes_what_the_tool_reads(tool):
    """The catalog bytes are stable: built twice, the same (so a rebuild changes files only when
    messages change)."""
    template = Catalog(fuzzy=False)
    template.add("Add goal", locations=[("equitycohort/data/workplans.py", 1)])
    first = tool.catalog_bytes(tool.combined("es", template, {("Add goal", None): "Agregar meta"}))
    second = tool.catalog_bytes(tool.combined("es", template, {("Add goal", None): "Agregar meta"}))
    assert first == second
    assert b"POT-Creation-Date" not in first[0]
    assert read_po(io.BytesIO(first[0])).plural_forms == "nplurals=2; plural=(n != 1);"
