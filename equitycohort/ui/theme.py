"""Light and dark: follow the system's colour scheme unless the user chose one."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_dark = False

# semantic colours: (light, dark)
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


def apply(app: QApplication, appearance: str = "system") -> None:
    """Apply the light or dark look; ``appearance`` is system, light or dark."""
    global _dark
    wants_fusion = sys.platform.startswith("linux") or appearance != "system"
    if wants_fusion and app.style().name().lower() != "fusion":
        app.setStyle(QStyleFactory.create("Fusion"))
    _dark = appearance == "dark" or (appearance == "system" and system_prefers_dark())
    palette = _dark_palette() if _dark else app.style().standardPalette()
    app.setPalette(palette)
