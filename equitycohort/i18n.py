"""Languages: one gettext catalog for the app, its documents and its command line.

Strings are written in American English and marked where they are written:

    from equitycohort.i18n import _, N_, ngettext

    label = _("Check-ins due")                            # translated now
    PHASES = {"active": N_("Active")}                     # marked; translated where shown: _(PHASES[key])
    text = ngettext("{n} team", "{n} teams", n).format(n=n)

``_`` translates into the *current* language: the app's (the system's, or the
one chosen under View > Language) unless a block of code asks for another,
as an export made for a team in its own language does:

    with i18n.use("es"):
        export_workplan(...)

The catalogs live in ``equitycohort/locale/<lang>/LC_MESSAGES/equitycohort.mo``
(compiled from the ``.po`` beside it by ``tools/i18n.py``). English needs no
catalog. ``qps`` is a pseudo-language for tests: every string comes back
wrapped in ``⟦ ⟧``, so a string that was never marked shows up unwrapped.

No Qt here (the data layer, exports and the command line use it); the Qt
side (Qt's own dialogs in the language) is ``ui/language.py``.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "equitycohort"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: the languages the app speaks, by code, each named in itself
LANGUAGES = {"en": "English", "es": "Español"}
#: the pseudo-language of the tests
PSEUDO = "qps"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"

_app_language = "en"
_override: ContextVar[str | None] = ContextVar("equitycohort_language", default=None)
_catalogs: dict[str, gettext.NullTranslations] = {}


class _Pseudo(gettext.NullTranslations):
    """Every message wrapped in markers, its placeholders kept working."""

    def gettext(self, message: str) -> str:
        return f"{PSEUDO_OPEN}{message}{PSEUDO_CLOSE}" if message else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


def normalize(language: str | None) -> str:
    """``es`` for ``es_MX``, ``es-419`` or ``Spanish``; ``en`` for anything the app does not speak."""
    if not language:
        return "en"
    code = language.replace("-", "_").split("_")[0].split(".")[0].strip().lower()
    if code == PSEUDO:
        return PSEUDO
    if code in LANGUAGES:
        return code
    named = {name.lower(): key for key, name in LANGUAGES.items()} | {"spanish": "es", "english": "en"}
    return named.get(language.strip().lower(), "en")


def catalog(language: str) -> gettext.NullTranslations:
    """The translations of a language (loaded once); English is the source and needs none."""
    found = _catalogs.get(language)
    if found is None:
        if language == PSEUDO:
            found = _Pseudo()
        elif language == "en":
            found = gettext.NullTranslations()
        else:
            found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
        _catalogs[language] = found
    return found


def current() -> str:
    """The language strings are translated into here and now."""
    return _override.get() or _app_language


def set_app_language(language: str | None) -> str:
    """The app's language (the system's or the user's choice); returns the one the app speaks."""
    global _app_language
    _app_language = normalize(language)
    return _app_language


@contextmanager
def use(language: str | None) -> Iterator[str]:
    """Translate into ``language`` within the block (a document made for a team in its language)."""
    code = normalize(language) if language else current()
    token = _override.set(code)
    try:
        yield code
    finally:
        _override.reset(token)


def _(message: str) -> str:
    """``message`` in the current language."""
    return catalog(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or the plural form, as the current language counts ``n``."""
    return catalog(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English word used elsewhere."""
    return catalog(current()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the conventional name of gettext's no-op marker
    """Mark a string for translation where it is declared; it is translated where it is shown."""
    return message


def labels(choices: Mapping[str, str]) -> dict[str, str]:
    """A mapping of keys to labels (``PHASES``, ``CHECKIN_MODES`` …), its labels in the current language."""
    return {key: _(label) for key, label in choices.items()}


def label(choices: Mapping[str, str], key: str | None) -> str:
    """One label of such a mapping in the current language; an unknown key as it is."""
    if key is None:
        return ""
    return _(choices[key]) if key in choices else key
