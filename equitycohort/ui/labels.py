"""Labels written once: headings, captions, muted notes, banners, colored text.

Every label here shows text as typed (a name like ``<b>Grow</b>`` is never
rendered as markup). Those that carry a theme color follow a switch between
light and dark while the app runs: ``theme.apply`` calls ``retheme`` on every
widget that has one.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from equitycohort.i18n import _
from equitycohort.ui import theme


def plain(label: QLabel) -> QLabel:
    """Show the label's text as typed, even a name that looks like HTML."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _scaled(label: QLabel, factor: float, weight: bool = True) -> QLabel:
    font = label.font()
    if factor != 1:
        font.setPointSizeF(font.pointSizeF() * factor)
    if weight:
        font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    return label


def heading(text: str) -> QLabel:
    """A screen's title."""
    label = _scaled(plain(QLabel(text)), 1.45)
    label.setAccessibleName(text)
    return label


def section_title(text: str) -> QLabel:
    """The title of a part of a screen (a list, a pane)."""
    label = _scaled(plain(QLabel(text)), 1.12)
    label.setAccessibleName(text.replace("&", ""))
    return label


def caption(text: str = "") -> QLabel:
    """A bold caption over a block of text."""
    return _scaled(plain(QLabel(text)), 1)


def selectable(text: str = "") -> QLabel:
    """A block of plain text that wraps and can be selected and copied."""
    label = plain(QLabel(text))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def tint(label: QLabel, token: str | None) -> None:
    """Color a label's text with a theme color (None: the normal text color).

    A palette rather than a style sheet: this runs for every label of a detail
    pane on every selection, and style sheets are many times slower to apply.
    The token is kept, so a switch between light and dark recolors the label.
    """
    label.setProperty("tone", token or "")
    palette = QPalette()
    if token:
        palette.setColor(QPalette.ColorRole.WindowText, theme.color(token))
    label.setPalette(palette)


def retint(label: QWidget) -> None:
    """Apply a label's theme color again (after a switch between light and dark)."""
    token = label.property("tone")
    if token and isinstance(label, QLabel):
        tint(label, str(token))


class MutedLabel(QLabel):
    """Secondary text in the muted color of the current theme; wraps, shown as typed."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        tint(self, "muted_fg")


def muted(text: str = "") -> QLabel:
    return MutedLabel(text)


class WarningBanner(QLabel):
    """Warnings that do not block, shown above the content they are about."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(_("Warnings"))
        self.setVisible(False)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.retheme()

    def retheme(self) -> None:
        self.setStyleSheet(
            f"background: {theme.color('warning_bg').name()}; color: {theme.color('warning_fg').name()};"
            "padding: 8px 10px; border-radius: 4px;")

    def set_warnings(self, warnings: list[str]) -> None:
        self.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.setVisible(bool(warnings))


class ElidedLabel(QLabel):
    """One line of plain text that shortens itself with an ellipsis when the room is short.

    The whole text is then its tooltip and its accessible description, so a
    long name never pushes a list narrow and is never lost either.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self._full = text

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        super().setText(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("…") * 6), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 10))
        if shown != super().text():
            super().setText(shown)
        cut = shown != self._full
        self.setToolTip(self._full if cut else "")
        self.setAccessibleDescription(self._full if cut else "")
