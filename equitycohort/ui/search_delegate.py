"""Search results' snippets with the matched words in bold (made on the first search)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from equitycohort.data.search import MATCH_END, MATCH_START
from equitycohort.ui.search import MARKED_ROLE


class MatchDelegate(QStyledItemDelegate):
    """Draws a snippet with its matched words in bold (the text itself stays plain for screen readers)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
              ) -> None:
        marked = index.data(MARKED_ROLE)
        if not marked:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        text_color = option.palette.color(
            QPalette.ColorRole.HighlightedText if option.state & QStyle.StateFlag.State_Selected
            else QPalette.ColorRole.Text)
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, widget).adjusted(2, 0, -2, 0)
        painter.save()
        painter.setPen(text_color)
        x, right = rect.left(), rect.right()
        bold = QFont(option.font)
        bold.setBold(True)
        for i, part in enumerate(marked.replace(MATCH_END, MATCH_START).split(MATCH_START)):
            if not part:
                continue
            font = bold if i % 2 else option.font
            painter.setFont(font)
            metrics = QFontMetrics(font)
            room = right - x
            if room <= 0:
                break
            shown = metrics.elidedText(part, Qt.TextElideMode.ElideRight, room)
            painter.drawText(QRect(x, rect.top(), room, rect.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown)
            if shown != part:
                break
            x += metrics.horizontalAdvance(part)
        painter.restore()
