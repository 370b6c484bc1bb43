"""What every screen shares: the workspace, the current cohort, lazy refresh."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.errors import ValidationError, WorkspaceError
from equitycohort.ui import dialogs, theme
from equitycohort.ui.models import RecordRole, RecordTableModel


class View(QWidget):
    """A screen of the main window.

    It redraws only when a change touched one of ``tables`` and only while
    shown; a hidden screen is marked stale and redraws when next shown.
    """

    title = ""
    tables: frozenset[str] = frozenset()
    #: ask the main window to show another record: (screen title, record id)
    navigate = Signal(str, str)
    #: ask the main window to make a cohort current
    cohort_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = None
        self.cohort_id: str | None = None
        self._stale = True

    def set_workspace(self, ws) -> None:
        self.ws = ws
        self.cohort_id = None
        self._stale = True

    def set_cohort(self, cohort_id: str | None) -> None:
        if cohort_id != self.cohort_id:
            self.cohort_id = cohort_id
            self._stale = True
            if self.isVisible():
                self.refresh_if_stale()

    def changed(self, tables: frozenset[str]) -> None:
        if tables & self.tables:
            self._stale = True
            if self.isVisible():
                self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        if self._stale and self.ws is not None:
            self._stale = False
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh_if_stale()

    def refresh(self) -> None:  # pragma: no cover - every screen overrides it
        raise NotImplementedError

    def focus_search(self) -> bool:
        """Put the cursor in this screen's filter field, if it has one."""
        return False

    def show_record(self, record_id: str) -> None:
        """Select a record of this screen (from navigation)."""

    def run(self, action, *args):
        """Call a data-layer write and turn a refusal into a message here."""
        try:
            return action(*args)
        except ValidationError as exc:
            dialogs.warn(self, "Not changed", str(exc))
        except WorkspaceError as exc:
            dialogs.warn(self, "Not saved", str(exc))
        return None


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names are shown as typed, never as markup
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.45)
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.color('muted_fg').name()};")
    return label


def button(text: str, slot, accessible: str | None = None, tip: str = "") -> QPushButton:
    push = QPushButton(text)
    push.setAccessibleName(accessible or text.replace("&", ""))
    if tip:
        push.setToolTip(tip)
    push.clicked.connect(slot)
    return push


def button_row(*buttons: QWidget, stretch_first: bool = False) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    if stretch_first:
        row.addStretch(1)
    for b in buttons:
        row.addWidget(b)
    if not stretch_first:
        row.addStretch(1)
    return row


class WarningBanner(QLabel):
    """Warnings that do not block, shown above the content they are about."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName("Warnings")
        self.setVisible(False)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_warnings(self, warnings: list[str]) -> None:
        self.setStyleSheet(
            f"background: {theme.color('warning_bg').name()}; color: {theme.color('warning_fg').name()};"
            "padding: 8px 10px; border-radius: 4px;")
        self.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.setVisible(bool(warnings))


def record_table(model: RecordTableModel, name: str, stretch: int = 1, sortable: bool = True) -> QTableView:
    """A keyboard-friendly table over a record model (which sorts itself when sortable)."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if sortable:
        # a header's default sort indicator is descending: start ascending, first column
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    if 0 <= stretch < len(model.columns):
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setTabKeyNavigation(False)
    return table


def fit_columns(table: QTableView, stretch: int = -1, cap: int = 240, sample: int = 25,
                stretch_share: float = 0.3, keep: tuple[int, ...] = ()) -> None:
    """Size columns to the header and a sample of rows, none wider than ``cap``.

    Measuring a sample ourselves is many times cheaper than Qt's per-cell
    size hints, which matters on tables of thousands of rows. The
    ``stretch`` column (the one that says what a row is, such as a title)
    takes the room left; when the table is shown and the others would leave
    it less than ``stretch_share`` of the width (or less than its text
    needs), the widest of them give up room first, none narrower than its
    header; the columns in ``keep`` (short, essential ones such as a date)
    give up nothing.
    """
    model = table.model()
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    bold = header.fontMetrics()
    rows = min(model.rowCount(), sample)
    floors: dict[int, int] = {}
    needed = 0
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = floors[column] = bold.horizontalAdvance(title) + 28
        for row in range(rows):
            text = model.index(row, column).data()
            if text:
                width = max(width, metrics.horizontalAdvance(str(text)) + 16)
        if column == stretch:
            needed = width
        else:
            header.resizeSection(column, min(width, cap))
    if stretch < 0:
        return
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    available = table.viewport().width()
    if not table.isVisible() or available <= 0:
        return
    others = [c for c in floors if c != stretch and not header.isSectionHidden(c)]
    for c in keep:
        floors[c] = header.sectionSize(c)
    want = min(needed, int(available * stretch_share))
    excess = sum(header.sectionSize(c) for c in others) + want - available
    if excess <= 0:
        return
    widths = {c: header.sectionSize(c) for c in others}

    def narrowed(ceiling: int) -> dict[int, int]:
        return {c: min(w, max(ceiling, floors[c])) for c, w in widths.items()}

    # the highest common ceiling that frees enough room (bisection over widths)
    low, high = 0, max(widths.values(), default=0)
    target = sum(widths.values()) - excess
    while low < high:
        middle = (low + high + 1) // 2
        if sum(narrowed(middle).values()) <= target:
            low = middle
        else:
            high = middle - 1
    for c, w in narrowed(low).items():
        header.resizeSection(c, w)


def selected_record(table: QTableView):
    indexes = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not indexes:
        return None
    return indexes[0].data(RecordRole)


def select_id(table: QTableView, model: RecordTableModel, record_id: str) -> bool:
    row = model.row_of(record_id)
    if row < 0:
        return False
    index = model.index(row, 0)
    table.selectRow(row)
    table.scrollTo(index)
    return True


class EmptyState(QWidget):
    """A friendly page for when there is nothing to show yet."""

    def __init__(self, title: str, text: str, actions: list[QPushButton], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        head = heading(title)
        head.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(head)
        body = muted(text)
        body.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        body.setMinimumWidth(440)
        body.setMaximumWidth(560)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(body)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addLayout(button_row(*actions, stretch_first=True) if actions else QHBoxLayout())
        if actions:
            layout.itemAt(layout.count() - 1).layout().addStretch(1)
        layout.addStretch(3)
