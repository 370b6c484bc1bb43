"""Fusion, with the outlines a dark palette loses.

Fusion draws the frame of a check box, a radio button and a text field a
shade darker than the window; on a dark window that shade is all but black,
and the controls vanish. Over a dark palette this style draws those outlines
a shade lighter instead; over a light one it is Fusion as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

#: the outline over a dark palette (a light grey the eye finds at once)
DARK_OUTLINE = QColor("#80868e")


class OutlinedFusion(QProxyStyle):
    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if option.palette.window().color().lightness() >= 128:
            return
        if element not in (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton,
                           QStyle.PrimitiveElement.PE_FrameLineEdit, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck):
            return
        rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        color = option.palette.highlight().color() if focused else DARK_OUTLINE
        painter.setPen(QPen(color, 1))
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        else:
            painter.drawRoundedRect(rect, 2, 2)
        painter.restore()
