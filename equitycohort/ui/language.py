"""The language of the app's screens: the system's, unless chosen under View > Language.

``EQUITYCOHORT_LANG`` (``en``, ``es`` or the tests' pseudo-language ``qps``)
overrides both, for tests and screenshots. The choice is read once at start-up,
before any window is built (strings are translated as widgets are made), so a
new choice applies the next time the app starts.

In a language other than English, Qt's own texts (the buttons of its message
boxes, its file choosers, the context menu of a text field) come from
``qtbase_<lang>.qm``, which ships with PySide6, and Qt formats numbers and
names months as US Spanish speakers do. English loads nothing: start-up is
benchmarked and the source strings are English already.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from equitycohort import i18n
from equitycohort.ui import settings

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

#: the environment variable that overrides the setting and the system (tests, screenshots)
ENVIRONMENT = "EQUITYCOHORT_LANG"
#: the setting's value for "follow the system"
SYSTEM = "system"

#: Qt's translators installed, kept alive as long as the application
_installed: list[QTranslator] = []
#: Qt's default locale before a language replaced it
_locale_before: list[QLocale] = []


def system_language() -> str:
    """The language the app speaks that the system's user interface is in (English when none)."""
    from PySide6.QtCore import QLocale

    system = QLocale.system()
    # the user's preferred languages for menus and windows, in order (macOS and Windows keep a list)
    for tag in [*system.uiLanguages(), system.name()]:
        code = tag.replace("-", "_").split("_")[0].lower()
        if code in i18n.LANGUAGES:
            return code
    return "en"


def chosen() -> str:
    """What View > Language says: ``system``, or a language code the app speaks."""
    choice = str(settings.get(settings.LANGUAGE))
    return choice if choice in i18n.LANGUAGES else SYSTEM


def choose(language: str) -> None:
    """Remember the choice of View > Language (``system`` or a language code); it applies at the next start."""
    settings.put(settings.LANGUAGE, language if language in i18n.LANGUAGES else SYSTEM)


def overridden() -> str | None:
    """The language the environment asks for, if any (``EQUITYCOHORT_LANG``)."""
    value = os.environ.get(ENVIRONMENT, "").strip()
    return i18n.normalize(value) if value else None


def wanted() -> str:
    """The language the screens are to be in: the environment's, else the user's choice, else the system's."""
    forced = overridden()
    if forced:
        return forced
    choice = chosen()
    return system_language() if choice == SYSTEM else choice


def next_start() -> str:
    """The language the app will speak when it next starts, the environment aside."""
    choice = chosen()
    return system_language() if choice == SYSTEM else choice


def install(app: QCoreApplication | None = None) -> str:
    """Set the app's language before any window is built; returns the language set.

    With an application, Qt's own translations for that language are installed too.
    """
    language = i18n.set_app_language(wanted())
    if app is not None and language != "en":
        install_qt_translations(app, language)
    return language


def install_qt_translations(app: QCoreApplication, language: str) -> bool:
    """Qt's own texts in ``language`` (its dialogs' buttons, its file choosers), and its formats of
    numbers and month names as in the United States; whether Qt had translations for it."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if language not in i18n.LANGUAGES or language == "en":
        return False
    if not _locale_before:
        _locale_before.append(QLocale())
    QLocale.setDefault(QLocale(f"{language}_US"))  # es_US: a decimal point, month/day dates
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{language}", folder):
        log.warning("Qt's translations into %s were not found in %s", language, folder)
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def uninstall_qt_translations(app: QCoreApplication) -> None:
    """Back to Qt's English (tests that switch languages in one process)."""
    from PySide6.QtCore import QLocale

    while _installed:
        app.removeTranslator(_installed.pop())
    if _locale_before:
        QLocale.setDefault(_locale_before.pop())
