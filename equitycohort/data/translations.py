"""A framework's text in other languages, kept beside its own text.

Frameworks, their levels, dimensions and descriptors each have a
``translations`` column: JSON mapping a language code to that record's
fields in the language, e.g. on a level ``{"es": {"name": "Exploración"}}``
and on a descriptor ``{"es": {"text": "…"}}``. Which fields may be
translated is declared once, in the schema (``Field.translates``). The
record's own columns hold its own text, in whatever language its author
wrote it; that is what the framework editor edits.

Reading picks, field by field, the text in the language asked for when the
record has it, else its own text (``text_in``). Editing a record's own text
drops that field's translations in the same write (``drop_outdated``, called
by the write door), so a document never shows a translation of words the
user has since replaced: it shows what the user typed.

No Qt, no workspace: plain functions on rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from equitycohort import i18n
from equitycohort.data.schema import Kind

#: ``language=OWN_TEXT``: a record's own text, whatever language is current
OWN_TEXT = ""
#: a language code as translations are keyed: ISO 639 ("es", "en", "hmn")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")

Translations = dict[str, dict[str, str]]


def loads(stored: object) -> Translations:
    """The translations a record holds, as a dict; what is not a proper entry
    (a damaged or hand-edited value) is passed over, never raised."""
    if isinstance(stored, str):
        if not stored.strip():
            return {}
        try:
            stored = json.loads(stored)
        except (ValueError, RecursionError):
            return {}
    if not isinstance(stored, Mapping):
        return {}
    out: Translations = {}
    for language, fields in stored.items():
        if isinstance(language, str) and LANGUAGE_CODE.fullmatch(language) and isinstance(fields, Mapping):
            texts = {k: v for k, v in fields.items() if isinstance(k, str) and isinstance(v, str) and v.strip()}
            if texts:
                out[language] = texts
    return out


def dumps(translations: Mapping[str, Mapping[str, str]], order: tuple[str, ...] = ()) -> str | None:
    """Translations as stored: languages sorted, fields in ``order`` (then by name); None when empty."""
    rank = {name: n for n, name in enumerate(order)}
    out = {}
    for language in sorted(translations):
        fields = translations[language]
        if fields:
            out[language] = {k: fields[k] for k in sorted(fields, key=lambda k: (rank.get(k, len(rank)), k))}
    return json.dumps(out, ensure_ascii=False) if out else None


def language_of(language: str | None) -> str:
    """The language to read in: the current one for None, else as given (OWN_TEXT: none)."""
    return i18n.current() if language is None else language


def text_in(row: Mapping, field: str, language: str | None = None) -> str | None:
    """A record's ``field`` in ``language`` (None: the current language) when it
    has that translation, else its own text."""
    code = language_of(language)
    if code != OWN_TEXT:
        translated = loads(row.get("translations")).get(code, {}).get(field)
        if translated:
            return translated
    return row.get(field)


def translated_fields(kind: Kind) -> tuple[str, ...]:
    """The fields of a kind that may carry translations (none for most kinds)."""
    for f in kind.fields:
        if f.type == "translations":
            return tuple(t.name for t in f.translates)
    return ()


def drop_outdated(kind: Kind, old: Mapping, new: Mapping) -> str | None:
    """The translations of ``new`` without those of fields whose own text changed
    from ``old``: a translation of words that are no longer there would put
    them back in front of a team."""
    stored = loads(new.get("translations"))
    changed = {name for name in translated_fields(kind) if new.get(name) != old.get(name)}
    if not changed or not stored:
        return new.get("translations")
    kept = {language: {k: v for k, v in fields.items() if k not in changed} for language, fields in stored.items()}
    return dumps(kept, translated_fields(kind))
