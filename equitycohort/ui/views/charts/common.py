"""What the charts share: signed changes with a true minus sign, tooltips shown as plain text."""

from __future__ import annotations

import html

MINUS = "\u2212"


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as typed: Qt would render one that looks like HTML."""
    from PySide6 import QtGui

    if not QtGui.Qt.mightBeRichText(text):
        return text
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


def signed(change: int | None) -> str:
    """+1, −1, ±0, or an empty string when there is nothing to compare."""
    if change is None:
        return ""
    if change > 0:
        return f"+{change}"
    if change < 0:
        return f"{MINUS}{-change}"
    return "±0"
