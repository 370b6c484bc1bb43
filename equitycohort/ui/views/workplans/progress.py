"""Progress painted the same way in table cells and at the top of a plan, readable in greyscale."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProgressBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from equitycohort.i18n import _
from equitycohort.ui import theme
from equitycohort.ui.models import RecordRole, percent


def paint_progress(painter: QPainter, rect: QRect, value: float | None, palette: QPalette,
                   selected: bool = False) -> None:
    """A bar with its percentage beside it; an unmeasured goal says so in words.

    The track is outlined and the figure is always written, so the bar reads in
    greyscale and in either theme.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
    metrics = painter.fontMetrics()
    if value is None:
        painter.setPen(text_color if selected else theme.color("muted_fg"))
        painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         _("not measured"))
        painter.restore()
        return
    label = percent(value)
    label_width = metrics.horizontalAdvance("100%") + 8
    height = min(12, max(6, rect.height() - 12))
    bar = QRect(rect.left() + 4, rect.center().y() - height // 2 + 1,
                max(10, rect.width() - label_width - 10), height)
    painter.setPen(QPen(theme.color("muted_fg"), 1))
    painter.setBrush(theme.color("timeline_grid"))
    painter.drawRoundedRect(bar.adjusted(0, 0, -1, -1), 3, 3)
    filled = round(bar.width() * max(0.0, min(1.0, value)))
    if filled > 0:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.color("accent"))
        painter.drawRoundedRect(QRect(bar.left(), bar.top(), filled, bar.height()).adjusted(0, 0, -1, -1), 3, 3)
    painter.setPen(text_color)
    painter.drawText(QRect(bar.right() + 6, rect.top(), label_width, rect.height()),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
    painter.restore()


def cell_data(index, role):
    """A cell's data, asked of the model itself rather than through ``QModelIndex.data()``.

    PySide6 6.12 on Python 3.10 and 3.11 drops a reference to None for every
    None a Qt call returns; the model's own Python method returns it untouched.
    """
    model = index.model()
    return model.data(index, role) if model is not None else None


class ProgressDelegate(QStyledItemDelegate):
    """Paints a progress bar in a table cell from a value taken off the row's record."""

    def __init__(self, value_of, parent=None):
        super().__init__(parent)
        self.value_of = value_of

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        record = cell_data(index, RecordRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        paint_progress(painter, option.rect, self.value_of(record) if record is not None else None,
                       option.palette, selected)

    def sizeHint(self, option, index) -> QSize:
        return QSize(150, 26)


class TwoLineDelegate(QStyledItemDelegate):
    """A title with a muted line of detail under it (an action's support needed, a goal's indicator)."""

    def __init__(self, detail_of, parent=None):
        super().__init__(parent)
        self.detail_of = detail_of

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        record = cell_data(index, RecordRole)
        detail = self.detail_of(record) if record is not None else ""
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        rect = option.rect.adjusted(4, 3, -4, -3)
        foreground = cell_data(index, Qt.ItemDataRole.ForegroundRole)
        if selected:
            main = option.palette.color(QPalette.ColorRole.HighlightedText)
        else:
            main = foreground if foreground is not None else option.palette.color(QPalette.ColorRole.Text)
        metrics = painter.fontMetrics()
        top = rect if not detail else QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2)
        painter.setPen(main)
        painter.drawText(top, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, top.width()))
        if detail:
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 0.92)
            painter.setFont(font)
            small = painter.fontMetrics()
            bottom = QRect(rect.left(), rect.top() + rect.height() // 2, rect.width(), rect.height() - rect.height() // 2)
            painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText) if selected
                           else theme.color("muted_fg"))
            painter.drawText(bottom, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             small.elidedText(detail, Qt.TextElideMode.ElideRight, bottom.width()))
        painter.restore()


class ProgressMeter(QProgressBar):
    """A progress bar (so assistive technology reads its value) painted like the table cells."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, 100)
        self.setAccessibleName(name)
        self.setTextVisible(False)
        self.setMinimumWidth(220)
        self.setFixedHeight(24)
        self.progress: float | None = None

    def set_progress(self, value: float | None) -> None:
        self.progress = value
        self.setValue(0 if value is None else round(value * 100))
        self.setAccessibleDescription(_("not measured yet") if value is None else percent(value))
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        paint_progress(painter, self.rect(), self.progress, self.palette())
        painter.end()
