"""Self-assessment charts drawn with QPainter: a radar of rounds and a cohort heat map.

Both read in greyscale: the radar tells rounds apart by line style, marker
shape and grey level as well as hue, and every heat-map cell prints its level
and change, on a light-to-dark single-hue ramp.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from equitycohort.ui import theme

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


# --- radar -------------------------------------------------------------------

@dataclass(frozen=True)
class RadarSeries:
    """One round: its legend text and a level (or None) per axis."""

    name: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class SeriesStyle:
    light: str
    dark: str
    pen: Qt.PenStyle
    marker: str  # circle, square, diamond, cross, triangle
    width: float = 2.0
    filled: bool = False

    def color(self) -> QColor:
        return QColor(self.dark if theme.is_dark() else self.light)


#: earlier rounds, in order; hues from the Okabe–Ito set, each a different grey
EARLIER_STYLES = (
    SeriesStyle("#d08a00", "#e69f00", Qt.PenStyle.DashLine, "circle"),
    SeriesStyle("#00936b", "#1e9e74", Qt.PenStyle.DashDotLine, "square"),
    SeriesStyle("#c25400", "#e06a2c", Qt.PenStyle.DotLine, "diamond"),
    SeriesStyle("#7a7a7a", "#9a9a9a", Qt.PenStyle.DashDotDotLine, "cross"),
)
#: the latest round: solid, darkest on light (lightest on dark), filled markers
LATEST_STYLE = SeriesStyle("#08306b", "#cfe3ff", Qt.PenStyle.SolidLine, "triangle", 2.6, True)


def series_styles(count: int) -> list[SeriesStyle]:
    """Styles for ``count`` rounds, oldest first; the latest always stands out."""
    if count <= 0:
        return []
    earlier = [EARLIER_STYLES[i % len(EARLIER_STYLES)] for i in range(count - 1)]
    return earlier + [LATEST_STYLE]


def draw_marker(painter: QPainter, center: QPointF, style: SeriesStyle, r: float, background: QColor) -> None:
    color = style.color()
    painter.setPen(QPen(color, 1.8))
    painter.setBrush(QBrush(color) if style.filled else QBrush(background))
    x, y = center.x(), center.y()
    if style.marker == "circle":
        painter.drawEllipse(center, r, r)
    elif style.marker == "square":
        painter.drawRect(QRectF(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8))
    elif style.marker == "diamond":
        painter.drawPolygon(QPolygonF([QPointF(x, y - r * 1.2), QPointF(x + r * 1.2, y),
                                       QPointF(x, y + r * 1.2), QPointF(x - r * 1.2, y)]))
    elif style.marker == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(x, y - r * 1.25), QPointF(x + r * 1.15, y + r * 0.8),
                                       QPointF(x - r * 1.15, y + r * 0.8)]))
    else:
        painter.setPen(QPen(color, 2.2))
        painter.drawLine(QPointF(x - r, y - r), QPointF(x + r, y + r))
        painter.drawLine(QPointF(x - r, y + r), QPointF(x + r, y - r))


class RadarChart(QWidget):
    """A team's rounds side by side: one polygon per round over the framework's dimensions.

    Axes are numbered 1…n (the growth table beside it is the key); rings mark
    the levels. ``series`` holds what is drawn, oldest round first.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Growth chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.axes: list[str] = []
        self.levels: list[tuple[int, str]] = []
        self.series: list[RadarSeries] = []
        self.empty_text = "No rounds recorded yet"
        self._center = QPointF()
        self._radius = 0.0

    def sizeHint(self) -> QSize:
        return QSize(520, 480)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 300)

    def set_data(self, axes: list[str], levels: list[tuple[int, str]], series: list[RadarSeries]) -> None:
        self.axes = list(axes)
        self.levels = list(levels)
        self.series = list(series)
        parts = [f"Radar chart of {len(series)} round(s) over {len(axes)} dimensions."]
        for s in series:
            values = ", ".join(f"{i}: {v if v is not None else 'not rated'}"
                               for i, v in enumerate(s.values, start=1))
            parts.append(f"{s.name}: {values}.")
        self.setAccessibleDescription(" ".join(parts))
        self.update()

    @property
    def max_rank(self) -> int:
        return max((rank for rank, _ in self.levels), default=1)

    def _point(self, axis: int, value: float) -> QPointF:
        angle = -math.pi / 2 + 2 * math.pi * axis / max(1, len(self.axes))
        r = self._radius * value / self.max_rank
        return QPointF(self._center.x() + r * math.cos(angle), self._center.y() + r * math.sin(angle))

    def _legend_lines(self, fm: QFontMetrics, width: float) -> list[list[tuple[int, float]]]:
        """Legend entries (series index, entry width) wrapped to lines."""
        lines: list[list[tuple[int, float]]] = [[]]
        used = 0.0
        for i, s in enumerate(self.series):
            w = 40 + fm.horizontalAdvance(s.name) + 22
            if lines[-1] and used + w > width:
                lines.append([])
                used = 0.0
            lines[-1].append((i, w))
            used += w
        return lines

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        background = palette.window().color()
        grid = theme.color("timeline_grid")
        muted = theme.color("muted_fg")
        fm = QFontMetrics(self.font())
        if not self.axes or not self.levels:
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No framework to chart")
            painter.end()
            return
        styles = series_styles(len(self.series))
        legend = self._legend_lines(fm, self.width() - 24) if self.series else []
        legend_h = len(legend) * (fm.height() + 8) + 8
        label_pad = fm.height() + 14
        area_h = self.height() - legend_h - 2 * label_pad
        area_w = self.width() - 2 * label_pad
        self._radius = max(40.0, min(area_h, area_w) / 2)
        self._center = QPointF(self.width() / 2, label_pad + area_h / 2 + 4)

        # rings, one per level, and the spokes
        n = len(self.axes)
        for rank, _name in self.levels:
            ring = QPolygonF([self._point(i, rank) for i in range(n)])
            painter.setPen(QPen(grid, 1.4 if rank == self.max_rank else 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(ring)
        painter.setPen(QPen(grid, 1))
        for i in range(n):
            painter.drawLine(self._center, self._point(i, self.max_rank))

        # the rounds, oldest first so the latest is drawn on top
        for s, style in zip(self.series, styles, strict=True):
            color = style.color()
            points = [self._point(i, v) if v is not None else None for i, v in enumerate(s.values[:n])]
            if style.filled and all(p is not None for p in points) and len(points) == n:
                fill = QColor(color)
                fill.setAlpha(46 if theme.is_dark() else 34)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawPolygon(QPolygonF(points))
            pen = QPen(color, style.width, style.pen)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for i in range(len(points)):
                a, b = points[i], points[(i + 1) % len(points)]
                if a is not None and b is not None and len(points) > 1:
                    painter.drawLine(a, b)
            for p in points:
                if p is not None:
                    draw_marker(painter, p, style, 4.5, background)

        # level labels along the top spoke, over a halo so lines do not cross them
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)
        painter.setFont(small)
        sfm = QFontMetrics(small)
        for rank, name in self.levels:
            p = self._point(0, rank)
            label = f"{rank} {name}"
            rect = QRectF(p.x() + 4, p.y() + 3, sfm.horizontalAdvance(label) + 6, sfm.height())
            halo = QColor(background)
            halo.setAlpha(215)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(muted)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.setFont(self.font())

        # axis numbers in small circles beyond the outer ring
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        bubble = fm.height() * 0.75
        for i in range(n):
            angle = -math.pi / 2 + 2 * math.pi * i / n
            r = self._radius + bubble + 4
            c = QPointF(self._center.x() + r * math.cos(angle), self._center.y() + r * math.sin(angle))
            painter.setPen(QPen(text, 1.2))
            painter.setBrush(QBrush(background))
            painter.drawEllipse(c, bubble, bubble)
            painter.drawText(QRectF(c.x() - bubble, c.y() - bubble, 2 * bubble, 2 * bubble),
                             Qt.AlignmentFlag.AlignCenter, str(i + 1))
        painter.setFont(self.font())

        if not self.series:
            painter.setPen(muted)
            painter.drawText(QRectF(0, self.height() - legend_h - 4, self.width(), legend_h),
                             Qt.AlignmentFlag.AlignCenter, self.empty_text)
        # legend: a sample of each round's line and marker, then its name
        y = self.height() - legend_h + 8
        for line in legend:
            total = sum(w for _, w in line)
            x = (self.width() - total) / 2
            mid = y + fm.height() / 2
            for i, w in line:
                style = styles[i]
                pen = QPen(style.color(), style.width, style.pen)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(pen)
                painter.drawLine(QPointF(x, mid), QPointF(x + 34, mid))
                draw_marker(painter, QPointF(x + 17, mid), style, 4.5, background)
                painter.setPen(text)
                painter.drawText(QPointF(x + 40, y + fm.ascent()), self.series[i].name)
                x += w
            y += fm.height() + 8
        painter.end()

    def _axis_at(self, pos: QPointF) -> int | None:
        if not self.axes:
            return None
        best, best_d = None, 18.0
        for i in range(len(self.axes)):
            for value in [self.max_rank + 0.35] + [v for s in self.series if i < len(s.values)
                                                   for v in [s.values[i]] if v is not None]:
                p = self._point(i, value)
                d = math.hypot(p.x() - pos.x(), p.y() - pos.y())
                if d < best_d:
                    best, best_d = i, d
        return best

    def tooltip_for(self, axis: int) -> str:
        names = dict(self.levels)
        lines = [f"{axis + 1}. {self.axes[axis]}"]
        for s in self.series:
            v = s.values[axis] if axis < len(s.values) else None
            level = f"{v} {names.get(v, '')}".strip() if v is not None else "not rated"
            lines.append(f"{s.name}: {level}")
        return "\n".join(lines)

    def mouseMoveEvent(self, event) -> None:
        axis = self._axis_at(event.position())
        if axis is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), plain_tip(self.tooltip_for(axis)), self)


# --- heat map -----------------------------------------------------------------

#: ColorBrewer "Blues": one hue, light to dark, monotonic in lightness (colour-blind safe)
BLUES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def level_ramp(count: int, dark: bool | None = None) -> list[QColor]:
    """``count`` colours for levels 1…count: light to dark (dark to light in dark mode)."""
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
        self.setAccessibleName("Cohort heat map")
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
            f"{len(rows)} teams by {len(columns)} dimensions, {rated} cells rated. "
            "Each cell: latest level and change since baseline.")
        self.updateGeometry()
        self.update()

    def cell_text(self, row: int, column: int) -> str:
        return self.rows[row].cells[column].text

    def row_texts(self) -> dict[str, list[str]]:
        """Every row's label with its cells' texts, as printed (for tests and screen readers)."""
        return {r.label: [c.text for c in r.cells] for r in self.rows}

    # layout -----------------------------------------------------------------

    def _label_width(self) -> float:
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        headings = [QFontMetrics(bold).horizontalAdvance(t) for t in ("Team", "Latest level", "Dimensions")]
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
        color_of = {rank: ramp[i] for i, (rank, _) in enumerate(self.levels)}

        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(QRectF(0, 0, left - 10, top), Qt.AlignmentFlag.AlignVCenter, "Team")
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
        painter.drawText(QPointF(0, y + fm.ascent() + 2), "Latest level")
        painter.setFont(self.font())
        swatch = fm.height() + 2
        entries = [(f"{rank} {name}", color_of[rank]) for rank, name in self.levels] + [("not rated", None)]
        for label, fill in entries:
            rect = QRectF(x, y, swatch * 1.6, swatch)
            painter.setPen(QPen(theme.color("timeline_grid"), 1))
            if fill is None:
                painter.setBrush(QBrush(theme.color("card_bg")))
                painter.drawRect(rect)
                painter.setBrush(QBrush(self._hatch(), Qt.BrushStyle.BDiagPattern))
            else:
                painter.setBrush(QBrush(fill))
            painter.drawRect(rect)
            painter.setPen(text)
            painter.drawText(QPointF(rect.right() + 6, y + fm.ascent() + 1), label)
            x = rect.right() + 6 + fm.horizontalAdvance(label) + 18
        y += swatch + 8
        painter.setPen(muted)
        painter.drawText(QRectF(left, y, self.width() - left - 8, fm.height() * 2 + 4),
                         Qt.TextFlag.TextWordWrap,
                         "Each cell: the latest level, then its change since baseline in brackets "
                         f"(+1 up, {MINUS}1 down, ±0 the same). A level alone is a baseline with no later round yet.")
        y += fm.height() * 2 + 16

        # key: dimension numbers to names, in two columns
        painter.setPen(text)
        painter.setFont(bold)
        painter.drawText(QPointF(0, y + fm.ascent()), "Dimensions")
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
            return f"{head}: not rated"
        if cell.change is None:
            return f"{head}: baseline {cell.level} {names.get(cell.level, '')}"
        before = cell.level - cell.change
        return (f"{head}: baseline {before} {names.get(before, '')} → latest {cell.level} "
                f"{names.get(cell.level, '')} ({signed(cell.change)})")

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
