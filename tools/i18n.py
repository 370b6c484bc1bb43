"""The translation catalogs: extract the template, check the translations, build the catalogs.

    python tools/i18n.py extract    # i18n/equitycohort.pot from every string marked in equitycohort/
    python tools/i18n.py check      # every msgid translated in some fragment, fragments agree, sane
    python tools/i18n.py build      # equitycohort/locale/LANG/LC_MESSAGES/equitycohort.po and .mo

Translations are written in fragments, one per area of the code, so that
several people can translate at once without touching the same file:
``i18n/<lang>/<area>.po`` (``core``: data, exports, command line, formats;
``ui-a``, ``ui-b``: the desktop app). ``build`` merges them, keeping only the
messages the template holds, into the one catalog the app loads (committed, so
an install and the bundles carry it; a test checks it is up to date).

Strings are marked in the source with ``_``, ``N_``, ``ngettext`` and
``pgettext`` (see ``equitycohort/i18n.py``); which files are read is in
``babel.cfg``. A comment starting ``Translators:`` just above a marked string
reaches the translator.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "equitycohort"
SOURCE = ROOT / "equitycohort"
TEMPLATE = ROOT / "i18n" / f"{DOMAIN}.pot"
FRAGMENTS = ROOT / "i18n"
LOCALE = ROOT / "equitycohort" / "locale"
MAPPING = ROOT / "babel.cfg"
#: the marking functions of equitycohort.i18n, as Babel reads them
KEYWORDS: dict[str, tuple | None] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
COMMENT_TAGS = ("Translators:",)
PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}
#: ``{name}`` and ``{n:,}`` (str.format) and ``%(prog)s`` / ``%s`` (argparse's messages)
_PLACEHOLDER = re.compile(r"(?<!\{)\{[A-Za-z_][^{}]*\}(?!\})|%(?:\([A-Za-z_]+\))?[sdr]")
#: a mnemonic: ``&`` before a letter (``&&`` is a literal ampersand, ``& `` is text)
_MNEMONIC = re.compile(r"(?<!&)&(?=[^\W_])")


# --- extract ---------------------------------------------------------------------------

def extract() -> Catalog:
    """Every marked message of the package, in a fresh template catalog."""
    method_map, options_map = parse_mapping_cfg(io.StringIO(MAPPING.read_text(encoding="utf-8")))
    template = Catalog(project="Equity Cohort", domain=DOMAIN, charset="utf-8", fuzzy=False,
                       header_comment="# The messages of Equity Cohort to translate.\n"
                                      "# Made by `python tools/i18n.py extract`: do not edit by hand.")
    seen: dict[tuple[str, str | None], tuple[str | tuple[str, ...], str]] = {}
    clashes = []
    for filename, lineno, message, comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True):
        # gettext keys a message by its (first) msgid: a plural and a single message with the same
        # English would merge into one, and one of them would never be translated
        key = (message if isinstance(message, str) else message[0], context)
        where = f"{filename}:{lineno}"
        if key in seen and isinstance(seen[key][0], str) != isinstance(message, str):
            clashes.append(f"{key[0]!r} is both a plural message and a single one ({seen[key][1]}, {where}); "
                           "tell them apart with pgettext")
        seen.setdefault(key, (message, where))
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    if clashes:
        raise SystemExit("\n".join(clashes))
    return template


def msgids(catalog: Catalog) -> set[tuple[str | tuple[str, ...], str | None]]:
    """The messages of a catalog as (msgid, context); a plural's msgid is (singular, plural)."""
    return {(_key(m.id), m.context) for m in catalog if m.id}


def _key(msgid: str | tuple | list) -> str | tuple[str, ...]:
    return msgid if isinstance(msgid, str) else tuple(msgid)


def write_template(template: Catalog, path: Path = TEMPLATE) -> bool:
    """Write the template (file paths, no line numbers, so that it changes only when messages do);
    True when it changed."""
    buffer = io.BytesIO()
    write_po(buffer, template, width=100, sort_output=True, include_lineno=False)
    text = _without_dates(buffer.getvalue())
    if path.exists() and path.read_bytes() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)
    return True


def _without_dates(data: bytes) -> bytes:
    """A catalog without the header lines that change on every run (the date it was made)."""
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", data)


# --- check -----------------------------------------------------------------------------

@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_catalog(path: Path) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=True)


def fragments(language: str) -> list[Path]:
    return sorted((FRAGMENTS / language).glob("*.po"))


def languages() -> list[str]:
    return sorted(p.name for p in FRAGMENTS.iterdir() if p.is_dir() and any(p.glob("*.po")))


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def _forms(message: Message) -> list[tuple[str, str]]:
    """(English, translation) of each form of a message: one, or one per plural form."""
    if isinstance(message.id, str):
        return [(message.id, message.string if isinstance(message.string, str) else "")]
    singular, plural = message.id[0], message.id[1]
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    return [(singular if i == 0 else plural, text or "") for i, text in enumerate(strings)]


def check_message(message: Message, where: str, message_plurals: int = 2) -> list[str]:
    """What is wrong with one translated message: empty, fuzzy, placeholders or mnemonics not kept."""
    problems = []
    name = f"{where}: {_key(message.id)!r}"
    if message.fuzzy:
        problems.append(f"{name} is marked fuzzy")
    for english, translated in _forms(message):
        if not translated:
            problems.append(f"{name} has an empty translation")
            continue
        if placeholders(english) != placeholders(translated):
            problems.append(f"{name}: the placeholders {placeholders(translated)} differ from the English "
                            f"{placeholders(english)}")
        mnemonics = len(_MNEMONIC.findall(translated))
        if mnemonics > 1:
            problems.append(f"{name}: {mnemonics} mnemonics (&); a string has one at most")
        if _MNEMONIC.search(english) and not mnemonics:
            problems.append(f"{name}: the English has a mnemonic (&); the translation has none")
        if english.endswith("…") != translated.endswith("…"):
            problems.append(f"{name}: the English {'ends' if english.endswith('…') else 'does not end'} "
                            "with …; the translation should match")
    if isinstance(message.id, (list, tuple)):
        count = message_plurals
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if len(strings) != count:
            problems.append(f"{name}: {len(strings)} plural forms; the language has {count}")
    return problems


def merged(language: str, template: Catalog, report: Report) -> dict:
    """Every translation of a language's fragments, by (msgid, context), checked against the template."""
    wanted = msgids(template)
    found: dict = {}
    origin: dict = {}
    for path in fragments(language):
        where = str(path.relative_to(ROOT))
        try:
            catalog = read_catalog(path)
        except Exception as exc:  # a fragment that cannot be read is reported, not raised
            report.errors.append(f"{where} cannot be read: {exc}")
            continue
        if catalog.locale is None or str(catalog.locale).split("_")[0] != language:
            report.errors.append(f"{where} does not say it is in {language!r} (Language: header)")
        if language in PLURAL_FORMS and catalog.plural_forms != PLURAL_FORMS[language]:
            report.errors.append(f"{where}: Plural-Forms should be {PLURAL_FORMS[language]!r}, "
                                 f"not {catalog.plural_forms!r}")
        for message in catalog:
            if not message.id:
                continue
            key = (_key(message.id), message.context)
            report.errors += check_message(message, where, catalog.num_plurals)
            if key not in wanted:
                report.warnings.append(f"{where}: {key[0]!r} is no longer in the template")
                continue
            if key in found and found[key] != message.string:
                report.errors.append(f"{where}: {key[0]!r} is translated differently in {origin[key]}")
                continue
            found[key] = message.string
            origin[key] = where
    for key in sorted(wanted - set(found), key=str):
        report.errors.append(f"{language}: {key[0]!r} is not translated in any fragment of i18n/{language}/")
    return found


def check(template: Catalog | None = None) -> Report:
    template = template or read_catalog(TEMPLATE)
    report = Report()
    for language in languages():
        merged(language, template, report)
    return report


# --- build -----------------------------------------------------------------------------

def combined(language: str, template: Catalog, translations: dict) -> Catalog:
    """The catalog the app loads: the template's messages in its order, with their translations."""
    catalog = Catalog(locale=language, domain=DOMAIN, project="Equity Cohort", charset="utf-8", fuzzy=False,
                      language_team=f"i18n/{language}/*.po",
                      header_comment=f"# Equity Cohort in {language}, merged from i18n/{language}/*.po.\n"
                                     "# Made by `python tools/i18n.py build`: edit the fragments, not this file.")
    _set_plural_forms(catalog, language)
    for message in template:
        if not message.id:
            continue
        key = (_key(message.id), message.context)
        if key not in translations:
            continue
        catalog.add(message.id, translations[key], message.locations, auto_comments=message.auto_comments,
                    context=message.context)
    return catalog


def _set_plural_forms(catalog: Catalog, language: str) -> None:
    """The plural forms gettext uses for the language (Babel's own follow CLDR, which gives Spanish a
    third form for millions that gettext tools and translators do not expect)."""
    forms = PLURAL_FORMS.get(language)
    if forms:
        count, expression = forms.split(";")[0], forms.split("plural=")[1].rstrip(";")
        catalog._num_plurals = int(count.split("=")[1])  # Babel has no public setter for these
        catalog._plural_expr = expression


def catalog_bytes(catalog: Catalog) -> tuple[bytes, bytes]:
    """(.po, .mo) of a catalog."""
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, width=100, sort_output=True, include_lineno=False)
    write_mo(mo, catalog)
    return _without_dates(po.getvalue()), mo.getvalue()


def build(template: Catalog | None = None) -> tuple[Report, list[Path]]:
    template = template or read_catalog(TEMPLATE)
    report = Report()
    written = []
    for language in languages():
        translations = merged(language, template, report)
        if report.errors:
            continue
        po, mo = catalog_bytes(combined(language, template, translations))
        folder = LOCALE / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        for path, data in ((folder / f"{DOMAIN}.po", po), (folder / f"{DOMAIN}.mo", mo)):
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                written.append(path)
    return report, written


def _print(lines: Iterable[str], stream=sys.stdout) -> None:
    for line in lines:
        print(line, file=stream)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("extract", "check", "build"))
    args = parser.parse_args(argv)
    if args.command == "extract":
        template = extract()
        changed = write_template(template)
        print(f"{TEMPLATE.relative_to(ROOT)}: {len(msgids(template))} messages"
              + ("" if changed else " (unchanged)"))
        return 0
    if args.command == "check":
        report = check()
        _print(f"warning: {w}" for w in report.warnings)
        _print(report.errors, sys.stderr)
        if report.ok:
            print(f"ok: every message of {TEMPLATE.relative_to(ROOT)} is translated in "
                  + ", ".join(languages()))
        return 0 if report.ok else 1
    report, written = build()
    _print(f"warning: {w}" for w in report.warnings)
    if not report.ok:
        _print(report.errors, sys.stderr)
        print("nothing built: fix the fragments first (tools/i18n.py check)", file=sys.stderr)
        return 1
    _print(f"wrote {p.relative_to(ROOT)}" for p in written)
    if not written:
        print("the catalogs are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
