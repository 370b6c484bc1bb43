"""A radar chart of a team's levels per dimension, one outline per round, readable in greyscale."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from equitycohort.i18n import _, ngettext
from equitycohort.ui import theme
from equitycohort.ui.views.charts.common import plain_tip


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
        self.setAccessibleName(_("Growth chart"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.axes: list[str] = []
        self.levels: list[tuple[int, str]] = []
        self.series: list[RadarSeries] = []
        self.empty_text = _("No rounds recorded yet")
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
        parts = [_("Radar chart of {rounds} over {dimensions}.").format(
            rounds=ngettext("{n} round", "{n} rounds", len(series)).format(n=len(series)),
            dimensions=ngettext("{n} dimension", "{n} dimensions", len(axes)).format(n=len(axes)))]
        for s in series:
            unrated = _("not rated")
            values = ", ".join(f"{i}: {v if v is not None else unrated}" for i, v in enumerate(s.values, start=1))
            parts.append(f"{s.name}: {values}.")
        self.setAccessibleDescription(" ".join(parts))
        self.update()

    @property
    def max_rank(self) -> int:
        return max((rank for rank, _name in self.levels), default=1)

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
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No framework to chart"))
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
                painter.drawPolygon(QPolygonF([p for p in points if p is not None]))
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
            total = sum(w for _i, w in line)
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
            level = f"{v} {names.get(v, '')}".strip() if v is not None else _("not rated")
            lines.append(f"{s.name}: {level}")
        return "\n".join(lines)

    def mouseMoveEvent(self, event) -> None:
        axis = self._axis_at(event.position())
        if axis is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), plain_tip(self.tooltip_for(axis)), self)
