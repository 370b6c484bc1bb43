"""A cohort's six months at a glance: one lane for cohort sessions, one for team support."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from equitycohort import i18n
from equitycohort.data.schedule import SessionRecord
from equitycohort.data.schema import SESSION_STATUSES
from equitycohort.i18n import N_, _, ngettext
from equitycohort.ui import preferences, theme

LANES = (("cohort", N_("Cohort sessions")), ("team", N_("Team support")))
#: the statuses the legend explains, each with the word it shows
LEGEND = (("held", N_("held")), ("scheduled", N_("scheduled")), ("cancelled", N_("cancelled")))
MARK = 9


def _locale() -> QLocale:
    """Month names in the app's language (US conventions otherwise)."""
    return QLocale("es_US" if i18n.current() == "es" else "en_US")


def month_label(day: dt.date) -> str:
    """``Jan 2026`` (``ene 2026`` in Spanish)."""
    return _locale().toString(QDate(day.year, day.month, day.day), "MMM yyyy")


def day_label(day: dt.date) -> str:
    """``Jan 5`` (``5 ene`` in Spanish)."""
    # Translators: a Qt date format for a day of a month (Jan 5): MMM is the month's short name, d the day;
    # put them in the order the language writes them (Spanish: d MMM)
    return _locale().toString(QDate(day.year, day.month, day.day), _("MMM d"))


class TimelineWidget(QWidget):
    """Sessions placed by date; the shape says the status, so it reads in grey too."""

    session_clicked = Signal(str)
    session_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(_("Session timeline"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.sessions: list[SessionRecord] = []
        self.first = dt.date.today()
        self.last = self.first + dt.timedelta(days=182)
        self.selected: str | None = None
        self.today = dt.date.today()
        self._hits: list[tuple[QRectF, SessionRecord]] = []

    def sizeHint(self) -> QSize:
        return QSize(800, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(420, 200)

    def set_sessions(self, sessions: list[SessionRecord], first: dt.date, last: dt.date,
                     today: dt.date | None = None) -> None:
        self.sessions = sessions
        dates = [dt.date.fromisoformat(s.date) for s in sessions]
        self.first = min([first, *dates]).replace(day=1)
        self.last = max([last, *dates])
        self.today = today or dt.date.today()
        self.setAccessibleDescription(ngettext("{n} session from {first} to {last}",
                                               "{n} sessions from {first} to {last}", len(sessions)).format(
            n=len(sessions), first=month_label(self.first), last=month_label(self.last)))
        self.update()

    def select(self, session_id: str | None) -> None:
        self.selected = session_id
        self.update()

    def _x(self, day: dt.date, left: float, width: float) -> float:
        span = max(1, (self.last - self.first).days + 1)
        return left + width * ((day - self.first).days + 0.5) / span

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        grid = theme.color("timeline_grid")
        muted = theme.color("muted_fg")
        fm = QFontMetrics(self.font())
        lanes = [_(name) for _kind, name in LANES]
        label_w = max(fm.horizontalAdvance(name) for name in lanes) + 16
        left, right = label_w, self.width() - 16
        top, bottom = 40, self.height() - 34
        width = max(10.0, right - left)
        lane_h = (bottom - top) / len(LANES)

        # months
        month = self.first.replace(day=1)
        painter.setPen(QPen(grid, 1))
        while month <= self.last:
            x = self._x(month, left, width)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, top - 6), QPointF(x, bottom))
            painter.setPen(text)
            painter.drawText(QPointF(x + 4, top - 12), month_label(month))
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        # lanes
        for i, name in enumerate(lanes):
            y = top + lane_h * i
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(left, y + lane_h), QPointF(right, y + lane_h))
            painter.setPen(muted)
            painter.drawText(QRectF(4, y, label_w - 8, lane_h), Qt.AlignmentFlag.AlignVCenter, name)
        # today
        if self.first <= self.today <= self.last:
            x = self._x(self.today, left, width)
            pen = QPen(theme.color("accent"), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, top - 4), QPointF(x, bottom))
            painter.drawText(QPointF(x + 5, top + 12), _("today, {date}").format(date=day_label(self.today)))
        # sessions
        self._hits = []
        stacked: dict[tuple[int, str], int] = {}
        for s in self.sessions:
            lane = 0 if s.kind == "cohort" else 1
            day = dt.date.fromisoformat(s.date)
            n = stacked.get((lane, s.date), 0)
            stacked[(lane, s.date)] = n + 1
            x = self._x(day, left, width)
            y = top + lane_h * lane + lane_h / 2 + (n * (MARK * 2 + 4)) - (MARK if n else 0)
            self._draw_mark(painter, x, y, s, text)
            self._hits.append((QRectF(x - MARK - 3, y - MARK - 3, 2 * MARK + 6, 2 * MARK + 6), s))
            if n == 0:
                painter.setPen(text)
                label = fm.elidedText(s.title if lane == 0 else (s.team_state or s.title),
                                      Qt.TextElideMode.ElideRight, 120)
                painter.drawText(QPointF(x - fm.horizontalAdvance(label) / 2, y + MARK + 16), label)
        # legend
        legend = [(status, _(word)) for status, word in LEGEND]
        legend_x = right - sum(fm.horizontalAdvance(name) + 2 * MARK + 24 for _status, name in legend)
        legend_y = self.height() - 12
        for status, name in legend:
            self._draw_mark(painter, legend_x + MARK, legend_y - 4, _Legend(status), text, small=True)
            painter.setPen(muted)
            painter.drawText(QPointF(legend_x + 2 * MARK + 4, legend_y), name)
            legend_x += fm.horizontalAdvance(name) + 2 * MARK + 24
        painter.end()

    def _draw_mark(self, painter: QPainter, x: float, y: float, s, text, small: bool = False) -> None:
        r = MARK * (0.7 if small else 1)
        accent = theme.color("accent")
        selected = getattr(s, "id", None) == self.selected and self.selected is not None
        painter.setPen(QPen(text if selected else accent, 3 if selected else 2))
        if s.status == "held":
            painter.setBrush(QBrush(accent))
            painter.drawEllipse(QPointF(x, y), r, r)
        elif s.status == "cancelled":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath()
            path.moveTo(x - r, y - r)
            path.lineTo(x + r, y + r)
            path.moveTo(x + r, y - r)
            path.lineTo(x - r, y + r)
            painter.drawPath(path)
        else:
            painter.setBrush(QBrush(self.palette().base().color()))
            painter.drawEllipse(QPointF(x, y), r, r)

    def _hit(self, pos) -> SessionRecord | None:
        for rect, session in self._hits:
            if rect.contains(QPointF(pos)):
                return session
        return None

    def mouseMoveEvent(self, event) -> None:
        s = self._hit(event.position())
        if s:
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"{s.title}\n{preferences.day_with_weekday(s.date)} {preferences.session_time(s)}"
                              f"\n{i18n.label(SESSION_STATUSES, s.status)}", self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event) -> None:
        s = self._hit(event.position())
        if s:
            self.select(s.id)
            self.session_clicked.emit(s.id)

    def mouseDoubleClickEvent(self, event) -> None:
        s = self._hit(event.position())
        if s:
            self.session_activated.emit(s.id)

    def keyPressEvent(self, event) -> None:
        if not self.sessions:
            return super().keyPressEvent(event)
        ids = [s.id for s in self.sessions]
        index = ids.index(self.selected) if self.selected in ids else -1
        if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            index = min(len(ids) - 1, index + 1)
        elif event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            index = max(0, index - 1)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self.session_activated.emit(self.selected)
            return
        else:
            return super().keyPressEvent(event)
        self.select(ids[index])
        self.session_clicked.emit(ids[index])


class _Legend:
    def __init__(self, status: str):
        self.status = status
        self.id = None
