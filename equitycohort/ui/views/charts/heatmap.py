"""A heat map of a cohort: teams by dimensions, each cell its latest level and its change."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from equitycohort.i18n import _, ngettext
from equitycohort.ui import theme
from equitycohort.ui.views.charts.common import MINUS, plain_tip, signed

#: ColorBrewer "Blues": one hue, light to dark, monotonic in lightness (color-blind safe)
BLUES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def level_ramp(count: int, dark: bool | None = None) -> list[QColor]:
    """``count`` colors for levels 1…count: light to dark (dark to light in dark mode)."""
    dark = theme.is_dark() if dark is None else dark
    # on a dark background the palest blues glare: stop short of them
    stops = [QColor(c) for c in (BLUES[3:] if dark else BLUES[1:])]
    out = []
    for i in range(count):
        t = i / (count - 1) if count > 1 else 1.0
        at = t * (len(stops) - 1)
        lo = min(int(at), len(stops) - 2)
        out.append(_mix(stops[lo], stops[lo + 1], at - lo))
    return list(reversed(out)) if dark else out


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


INK_DARK, INK_LIGHT = QColor("#0b1b33"), QColor("#ffffff")


def ink_for(fill: QColor) -> QColor:
    """White or near-black text, whichever contrasts more with ``fill``."""
    lum = _luminance(fill)
    on_light = 1.05 / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance(INK_DARK) + 0.05)
    return QColor(INK_LIGHT) if on_light >= on_dark else QColor(INK_DARK)


@dataclass(frozen=True)
class HeatCell:
    level: int | None
    change: int | None

    @property
    def text(self) -> str:
        if self.level is None:
            return "–"
        return f"{self.level} ({signed(self.change)})" if self.change is not None else str(self.level)


@dataclass(frozen=True)
class HeatRow:
    id: str
    label: str
    cells: tuple[HeatCell, ...]


class HeatMap(QWidget):
    """Teams (rows) by dimensions (columns): each cell the latest level, with its change.

    Arrow keys move between cells, Enter (or a double click) opens the team.
    """

    row_activated = Signal(str)
    CELL_H = 36

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(_("Cohort heat map"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.columns: list[str] = []
        self.levels: list[tuple[int, str]] = []
        self.rows: list[HeatRow] = []
        self.current: tuple[int, int] | None = None
        self._geometry = (0.0, 0.0, 0.0)  # left, top, cell width

    def set_data(self, columns: list[str], levels: list[tuple[int, str]], rows: list[HeatRow]) -> None:
        self.columns, self.levels, self.rows = list(columns), list(levels), list(rows)
        if self.current and (self.current[0] >= len(rows) or self.current[1] >= len(columns)):
            self.current = None
        rated = sum(1 for r in rows for c in r.cells if c.level is not None)
        self.setAccessibleDescription(
            _("{teams} by {dimensions}, {rated} cells rated.").format(
                teams=ngettext("{n} team", "{n} teams", len(rows)).format(n=len(rows)),
                dimensions=ngettext("{n} dimension", "{n} dimensions", len(columns)).format(n=len(columns)),
                rated=rated)
            + " " + _("Each cell: latest level and change since baseline."))
        self.updateGeometry()
        self.update()

    # layout -----------------------------------------------------------------

    def _label_width(self) -> float:
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        headings = [QFontMetrics(bold).horizontalAdvance(t) for t in (_("Team"), _("Latest level"), _("Dimensions"))]
        return max([fm.horizontalAdvance(r.label) for r in self.rows] + headings) + 20

    def _key_lines(self) -> int:
        return (len(self.columns) + 1) // 2

    def _content_height(self) -> int:
        fm = QFontMetrics(self.font())
        line = fm.height() + 6
        grid = 30 + self.CELL_H * max(1, len(self.rows))
        return int(grid + 18 + line * 2 + 16 + line * (self._key_lines() + 1) + 8)

    def sizeHint(self) -> QSize:
        return QSize(900, self._content_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(520, self._content_height())

    def _layout(self) -> tuple[float, float, float]:
        left = self._label_width()
        cell_w = (self.width() - left - 8) / max(1, len(self.columns))
        cell_w = max(54.0, min(132.0, cell_w))
        return left, 30.0, cell_w

    def _cell_rect(self, row: int, column: int) -> QRectF:
        left, top, cell_w = self._layout()
        return QRectF(left + column * cell_w, top + row * self.CELL_H, cell_w, self.CELL_H)

    def _cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        for r in range(len(self.rows)):
            for c in range(len(self.columns)):
                if self._cell_rect(r, c).contains(pos):
                    return r, c
        return None

    # painting ---------------------------------------------------------------

    @staticmethod
    def _hatch() -> QColor:
        hatch = QColor(theme.color("muted_fg"))
        hatch.setAlpha(110)
        return hatch

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        muted = theme.color("muted_fg")
        background = palette.window().color()
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        left, top, cell_w = self._layout()
        ramp = level_ramp(len(self.levels))
        color_of = {rank: ramp[i] for i, (rank, _name) in enumerate(self.levels)}

        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, left - 10, top), Qt.AlignmentFlag.AlignVCenter, _("Team"))
        for c in range(len(self.columns)):
            painter.drawText(QRectF(left + c * cell_w, 0, cell_w, top), Qt.AlignmentFlag.AlignCenter, str(c + 1))
        painter.setFont(self.font())
        border = QColor(background)
        for r, row in enumerate(self.rows):
            y = top + r * self.CELL_H
            painter.setPen(text)
            painter.drawText(QRectF(0, y, left - 10, self.CELL_H), Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(row.label, Qt.TextElideMode.ElideRight, int(left - 10)))
            for c, cell in enumerate(row.cells[:len(self.columns)]):
                rect = self._cell_rect(r, c).adjusted(1, 1, -1, -1)
                painter.setPen(QPen(border, 1))
                if cell.level is None:
                    painter.setBrush(QBrush(theme.color("card_bg")))
                    painter.drawRect(rect)
                    painter.setBrush(QBrush(self._hatch(), Qt.BrushStyle.BDiagPattern))
                    painter.drawRect(rect)
                    ink = muted
                else:
                    fill = color_of.get(cell.level, ramp[-1] if ramp else QColor("#888"))
                    painter.setPen(QPen(fill.darker(118), 1))
                    painter.setBrush(QBrush(fill))
                    painter.drawRect(rect)
                    ink = ink_for(fill)
                painter.setPen(ink)
                painter.setFont(bold if cell.change else self.font())
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, cell.text)
                painter.setFont(self.font())
        if self.current and self.hasFocus():
            focus = QPen(palette.highlight().color(), 3)
            painter.setPen(focus)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._cell_rect(*self.current).adjusted(1.5, 1.5, -1.5, -1.5))

        # legend: a swatch per level, the hatched "not rated", what the brackets mean
        y = top + self.CELL_H * max(1, len(self.rows)) + 18
        x = left
        painter.setPen(text)
        painter.setFont(bold)
        painter.drawText(QPointF(0, y + fm.ascent() + 2), _("Latest level"))
        painter.setFont(self.font())
        swatch = fm.height() + 2
        entries: list[tuple[str, QColor | None]] = [(f"{rank} {name}", color_of[rank]) for rank, name in self.levels]
        entries.append((_("not rated"), None))
        for label, swatch_fill in entries:
            rect = QRectF(x, y, swatch * 1.6, swatch)
            painter.setPen(QPen(theme.color("timeline_grid"), 1))
            if swatch_fill is None:
                painter.setBrush(QBrush(theme.color("card_bg")))
                painter.drawRect(rect)
                painter.setBrush(QBrush(self._hatch(), Qt.BrushStyle.BDiagPattern))
            else:
                painter.setBrush(QBrush(swatch_fill))
            painter.drawRect(rect)
            painter.setPen(text)
            painter.drawText(QPointF(rect.right() + 6, y + fm.ascent() + 1), label)
            x = rect.right() + 6 + fm.horizontalAdvance(label) + 18
        y += swatch + 8
        painter.setPen(muted)
        painter.drawText(QRectF(left, y, self.width() - left - 8, fm.height() * 2 + 4),
                         Qt.TextFlag.TextWordWrap,
                         _("Each cell: the latest level, then its change since baseline in parentheses "
                           "(+1 up, {minus}1 down, ±0 the same). A level alone is a baseline with no later round yet."
                           ).format(minus=MINUS))
        y += fm.height() * 2 + 16

        # key: dimension numbers to names, in two columns
        painter.setPen(text)
        painter.setFont(bold)
        painter.drawText(QPointF(0, y + fm.ascent()), _("Dimensions"))
        painter.setFont(self.font())
        half = self._key_lines()
        col_w = (self.width() - left - 8) / 2
        for i, name in enumerate(self.columns):
            col, line = divmod(i, half) if half else (0, 0)
            rect = QRectF(left + col * col_w, y + line * (fm.height() + 6), col_w - 12, fm.height() + 4)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText(f"{i + 1}  {name}", Qt.TextElideMode.ElideRight, int(rect.width())))
        painter.end()

    # interaction ------------------------------------------------------------

    def tooltip_for(self, row: int, column: int) -> str:
        r = self.rows[row]
        cell = r.cells[column]
        names = dict(self.levels)
        head = f"{r.label}, {column + 1}. {self.columns[column]}"
        if cell.level is None:
            return _("{cell}: not rated").format(cell=head)
        if cell.change is None:
            return _("{cell}: baseline {level}").format(cell=head, level=f"{cell.level} {names.get(cell.level, '')}")
        before = cell.level - cell.change
        return _("{cell}: baseline {before} → latest {level} ({change})").format(
            cell=head, before=f"{before} {names.get(before, '')}", level=f"{cell.level} {names.get(cell.level, '')}",
            change=signed(cell.change))

    def mouseMoveEvent(self, event) -> None:
        hit = self._cell_at(event.position())
        if hit:
            QToolTip.showText(event.globalPosition().toPoint(), plain_tip(self.tooltip_for(*hit)), self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event) -> None:
        hit = self._cell_at(event.position())
        if hit:
            self.current = hit
            self.setFocus()
            self.update()

    def mouseDoubleClickEvent(self, event) -> None:
        hit = self._cell_at(event.position())
        if hit:
            self.row_activated.emit(self.rows[hit[0]].id)

    def focusInEvent(self, event) -> None:
        if self.current is None and self.rows and self.columns:
            self.current = (0, 0)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event) -> None:
        if not self.rows or not self.columns:
            return super().keyPressEvent(event)
        r, c = self.current or (0, 0)
        key = event.key()
        if key == Qt.Key.Key_Left:
            c = max(0, c - 1)
        elif key == Qt.Key.Key_Right:
            c = min(len(self.columns) - 1, c + 1)
        elif key == Qt.Key.Key_Up:
            r = max(0, r - 1)
        elif key == Qt.Key.Key_Down:
            r = min(len(self.rows) - 1, r + 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.row_activated.emit(self.rows[r].id)
            return
        else:
            return super().keyPressEvent(event)
        self.current = (r, c)
        self.setAccessibleDescription(self.tooltip_for(r, c))
        self.update()
