"""Light and dark: follow the system's color scheme unless the user chose one."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_dark = False

# semantic colors: (light, dark)
TOKENS = {
    "warning_bg": ("#fff4d6", "#4a3b12"),
    "warning_fg": ("#6b4a00", "#ffe08a"),
    "danger_fg": ("#b3261e", "#ff8a80"),
    "ok_fg": ("#1b6e3a", "#8fe0a8"),
    "muted_fg": ("#5f6368", "#a8adb3"),
    "accent": ("#2c5fa8", "#8ab4f8"),
    "card_bg": ("#f6f7f9", "#26282c"),
    "present": ("#1b6e3a", "#8fe0a8"),
    "absent": ("#b3261e", "#ff8a80"),
    "excused": ("#6b4a00", "#ffd26b"),
    "timeline_grid": ("#d5d9de", "#3c4046"),
}


def color(token: str) -> QColor:
    light, dark = TOKENS[token]
    return QColor(dark if _dark else light)


def is_dark() -> bool:
    return _dark


def _dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#1f2124"), QColor("#17181a"), QColor("#e8eaed")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#222428"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#2b2d31"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a8f96"))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#2b2d31"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor("#ff8a80"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#3b6fc0"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Link, QColor("#8ab4f8"))
    p.setColor(QPalette.ColorRole.Mid, QColor("#3c4046"))
    p.setColor(QPalette.ColorRole.Midlight, QColor("#34373c"))
    p.setColor(QPalette.ColorRole.Dark, QColor("#111214"))
    p.setColor(QPalette.ColorRole.Light, QColor("#45484e"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f747b"))
    return p


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def _wants_fusion(appearance: str) -> bool:
    # Fusion everywhere on Linux (desktop styles vary too much), and wherever
    # the user picked light or dark over the system's own look
    return sys.platform.startswith("linux") or appearance != "system"


_style = ""  # the style we chose, so apply() need not ask Qt for it
_palette_set = False  # whether apply() has replaced the style's own palette
_outlined = False  # whether Fusion draws the outlines a dark palette loses (ui/style.py)


def _outline_controls(app: QApplication) -> None:
    """Fusion, drawing check boxes, radio buttons and text fields visibly on a dark window: made
    only once the app is dark (a light start need not pay for a style of its own)."""
    global _outlined
    from equitycohort.ui.style import OutlinedFusion

    app.setStyle(OutlinedFusion())
    _outlined = True


def qt_arguments(appearance: str = "system") -> list[str]:
    """Command-line arguments for QApplication that choose the style up front.

    Choosing it there is free; asking for or setting a style from Python
    afterwards makes PySide build its QStyle type, about 16 ms of start-up.
    """
    global _style
    if _wants_fusion(appearance):
        _style = "fusion"
        return ["-style", "fusion"]
    return []


def apply(app: QApplication, appearance: str = "system") -> None:
    """Apply the light or dark look; ``appearance`` is system, light or dark."""
    global _dark, _style, _palette_set, _outlined
    if _wants_fusion(appearance) and _style != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
        _style = "fusion"
    system_dark = system_prefers_dark()
    _dark = appearance == "dark" or (appearance == "system" and system_dark)
    if _dark and _style == "fusion" and not _outlined:
        _outline_controls(app)
    if _dark:
        app.setPalette(_dark_palette())
        _palette_set = True
    elif _palette_set or system_dark:
        # light asked for: the style's standard (light) palette, which the
        # application already has unless dark was applied or the system is dark
        app.setPalette(app.style().standardPalette())
        _palette_set = True
    _recolor(app)


def _recolor(app: QApplication) -> None:
    """Widgets that carry a theme color of their own take the new one.

    A label tinted with a theme token (``labels.tint``) is tinted again; a
    widget with a ``retheme`` method (a style sheet built from theme colors)
    rebuilds it. Everything else follows the application palette by itself.
    """
    from equitycohort.ui.labels import retint

    for widget in app.allWidgets():
        if widget.property("tone"):
            retint(widget)
        retheme = getattr(widget, "retheme", None)
        if callable(retheme):
            retheme()
        elif widget.styleSheet():
            # a widget with a style sheet of its own keeps the palette it was polished
            # with (the navigation list stayed light in dark mode): polish it again
            widget.setStyleSheet(widget.styleSheet())
