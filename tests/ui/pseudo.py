"""The pseudo-locale check: every string a screen or dialog shows must come through the catalog.

Run the app in the pseudo-language ``qps`` (every catalog string comes back as
``⟦string⟧``) on a workspace whose own text is wrapped the same way
(``marked_workspace``); then any text on screen that has letters outside the
markers was never marked for translation (``leftover``; both live in
``tests/pseudo_text.py``, which documents and --help use too).
``unmarked(widget)`` walks a widget and everything in it: labels, buttons, group boxes, tabs, placeholders,
tooltips, status tips, accessible names and descriptions, window titles,
spin box affixes, combo box items, menus and actions, list and tree items, and
table headers and the first rows of every table.
"""

from __future__ import annotations

from collections.abc import Iterable

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

from tests.pseudo_text import leftover, marked_workspace

__all__ = ["leftover", "marked_workspace", "unmarked"]


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
