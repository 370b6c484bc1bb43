"""The pseudo-locale check: every string a screen or dialog shows must come through the catalog.

Run the app in the pseudo-language ``qps`` (every catalog string comes back as
``⟦string⟧``) on a workspace whose own text is wrapped the same way
(``marked_workspace``); then any text on screen that has letters outside the
markers was never marked for translation. ``unmarked(widget)`` walks a widget
and everything in it: labels, buttons, group boxes, tabs, placeholders,
tooltips, status tips, accessible names and descriptions, window titles,
spin box affixes, combo box items, menus and actions, list and tree items, and
table headers and the first rows of every table.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from equitycohort.data.states import ALL_PLACES
from equitycohort.i18n import PSEUDO_CLOSE, PSEUDO_OPEN

#: a marked string with no marked string inside it (typed names sit inside translated sentences)
_INNERMOST = re.compile(re.escape(PSEUDO_OPEN) + r"[^" + PSEUDO_OPEN + PSEUDO_CLOSE + r"]*" + re.escape(PSEUDO_CLOSE))
_TAG = re.compile(r"<[^>]+>")
#: what may show unmarked: no letters at all, or only names that are the same in every language
_NAMES = sorted({"Equity Cohort", "UTC", "PDF", "CSV", "Excel", "JSON", "ICS", "OK", "e-mail",
                 *ALL_PLACES.values(), *ALL_PLACES.keys()}, key=len, reverse=True)
_KEYS = re.compile(r"\b(Ctrl|Shift|Alt|Meta|Esc|Enter|Return|Tab|Backspace|Del|Delete|Home|End|PgUp|PgDown|"
                   r"Page Up|Page Down|Up|Down|Left|Right|Space|F\d+)\b")
_EMAIL_URL = re.compile(r"\S+@\S+|https?://\S+|\b[\w.-]+\.(ecw|ecchanges|pdf|csv|xlsx|ics|json)\b", re.I)
#: dates, times and numbers as formatted for the pseudo-language (formats keeps them language-free)
_NUMBERS = re.compile(r"\d")


def leftover(text: str) -> str:
    """What of ``text`` is not marked and not exempt: letters that were never translated."""
    text = _TAG.sub(" ", text or "")
    if text.endswith("…"):  # shortened to fit: its closing marks were cut off with its end
        text += PSEUDO_CLOSE * max(0, text.count(PSEUDO_OPEN) - text.count(PSEUDO_CLOSE))
    while True:  # from the inside out
        shorter = _INNERMOST.sub(" ", text)
        if shorter == text:
            break
        text = shorter
    text = _EMAIL_URL.sub(" ", text)
    for name in _NAMES:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    text = _KEYS.sub(" ", text)
    text = text.replace("&", "")
    text = _NUMBERS.sub(" ", text)
    # month and weekday abbreviations of dates: formats gives them in the language (Babel for "qps"
    # uses English ones, which the walker accepts as part of a date with digits nearby)
    text = re.sub(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b\.?",
                  " ", text)
    text = re.sub(r"\b(a\.m\.|p\.m\.|AM|PM)", " ", text)
    return text if re.search(r"[^\W\d_]{2,}", text) else ""


def _texts(widget: QWidget) -> Iterable[tuple[str, str]]:
    """(where, text) of every string a widget shows or says."""
    name = type(widget).__name__
    yield f"{name} tooltip", widget.toolTip()
    yield f"{name} status tip", widget.statusTip()
    yield f"{name} accessible name", widget.accessibleName()
    yield f"{name} accessible description", widget.accessibleDescription()
    if widget.isWindow():
        yield f"{name} window title", widget.windowTitle()
    if isinstance(widget, QLabel):
        yield "label", widget.text()
    elif isinstance(widget, QAbstractButton):
        yield "button", widget.text()
    elif isinstance(widget, QGroupBox):
        yield "group box", widget.title()
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield "tab", widget.tabText(i)
            yield "tab tooltip", widget.tabToolTip(i)
    elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
        yield "placeholder", widget.placeholderText()
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield "combo item", widget.itemText(i)
    elif isinstance(widget, QMenu):
        yield "menu", widget.title()
    if isinstance(widget, QSpinBox):
        yield "spin prefix", widget.prefix()
        yield "spin suffix", widget.suffix()
    if isinstance(widget, QAbstractSpinBox):
        yield "spin special value", widget.specialValueText()
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            item = widget.item(i)
            if item is not None:
                yield "list item", item.text()
                yield "list item tooltip", item.toolTip()
    elif isinstance(widget, QTreeWidget):
        header = widget.headerItem()
        if header is not None:
            for c in range(widget.columnCount()):
                yield "tree header", header.text(c)
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, (QListWidget,)):
        model = widget.model()
        if model is not None:
            for c in range(model.columnCount()):
                yield "table header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            for r in range(min(model.rowCount(), 8)):
                for c in range(model.columnCount()):
                    index = model.index(r, c)
                    yield "cell", str(index.data() or "")
                    yield "cell tooltip", str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
    for action in widget.actions():
        yield "action", action.text()
        yield "action tooltip", action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""
        yield "action status tip", action.statusTip()


def unmarked(root: QWidget) -> list[str]:
    """Every string under ``root`` that was not translated, with where it was found."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        for where, text in _texts(widget):
            rest = leftover(text)
            if rest:
                found.append(f"{where}: {text!r}")
    return sorted(set(found))


def marked_workspace(source: Path, target: Path) -> Path:
    """A copy of a workspace with every text people typed wrapped in the pseudo-language's markers,
    so that what the screens show of it counts as translated."""
    from equitycohort.data.schema import KINDS

    target.write_bytes(source.read_bytes())
    conn = sqlite3.connect(target)
    with conn:
        for table, kind in KINDS.items():
            for field in kind.fields:
                if field.type in ("line", "text"):  # what people type; not codes, dates or addresses
                    conn.execute(
                        f"UPDATE {table} SET {field.name} = ? || {field.name} || ? "  # noqa: S608 - test fixture
                        f"WHERE {field.name} IS NOT NULL AND {field.name} <> '' AND typeof({field.name}) = 'text'",
                        (PSEUDO_OPEN, PSEUDO_CLOSE))
    conn.close()
    return target
