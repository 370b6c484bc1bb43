"""What every screen shares: the workspace, the current cohort, lazy refresh."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from equitycohort.ui.context import Context, InView
from equitycohort.ui.labels import heading, muted
from equitycohort.ui.models import RecordRole, RecordTableModel

if TYPE_CHECKING:
    from equitycohort.data.errors import ValidationError
    from equitycohort.data.workspace import Change, Workspace


class View(QWidget):
    """A screen of the main window.

    It reads what to show from the context (the current cohort, and for the
    team screens the current team), tells the context what it shows while it
    is visible, and writes only through ``run`` (the context's runner). It
    redraws only when a change touched one of ``tables`` and only while
    shown; a hidden screen is marked stale and redraws when next shown.
    """

    title = ""
    tables: frozenset[str] = frozenset()
    #: whether the screen is about the current cohort (the cohort picker is shown over it)
    cohort_screen = False
    #: whether the screen shows one team at a time and follows the team chosen elsewhere
    follows_team = False
    #: ask the main window to show a record: (table, record id, screen name or "" for its usual one)
    open_record = Signal(str, str, str)
    #: ask the main window to show another screen (its name)
    show_screen = Signal(str)

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        # a screen shown on its own (in a test, say) keeps a context of its own
        self._own_context = context is None
        self.context = context if context is not None else Context(self)
        self.context.chosen.connect(self._context_chosen)
        self.context.add_listener(self.on_change)
        self._stale = True
        #: while being shown: what the screen selects by default is not yet what the user looks at
        self._settling = False
        #: the current team when this screen last followed or set it
        self._seen_team: str | None = None

    @property
    def ws(self) -> Workspace:
        """The open workspace (a screen is refreshed and used only while one is open)."""
        if self.context.ws is None:
            raise RuntimeError(f"the {self.title or type(self).__name__} screen has no workspace")
        return self.context.ws

    @property
    def has_workspace(self) -> bool:
        return self.context.ws is not None

    @property
    def cohort_id(self) -> str | None:
        return self.context.cohort_id

    def set_workspace(self, ws: Workspace | None) -> None:
        """A screen on its own is given its workspace here (the main window sets the shared context's)."""
        if self._own_context:
            self.context.set_workspace(ws)
        self.workspace_opened()

    def workspace_opened(self) -> None:
        """A workspace was opened: forget what was shown of the one before."""
        self._stale = True

    def set_cohort(self, cohort_id: str | None) -> None:
        self.context.choose_cohort(cohort_id)

    # --- following the context ----------------------------------------------

    def _context_chosen(self, what: frozenset[str], initiator: object) -> None:
        if initiator is self:
            return
        if "cohort" in what:
            self.cohort_changed()
        if "team" in what and self.follows_team and self.isVisible():
            self.follow_team()

    def cohort_changed(self) -> None:
        """Another cohort became current: redraw (now if shown, else when next shown)."""
        self._stale = True
        if self.isVisible():
            self.refresh_if_stale()

    def follow_team(self) -> None:
        """Show the context's team, if it was chosen elsewhere since this screen last looked."""
        team = self.context.team_id
        if team and team != self._seen_team and team != self.in_view().team:
            self.select_team(team)
        self._seen_team = team

    def select_team(self, team_id: str) -> None:
        """Show a team of the current cohort (screens that follow a team override this)."""

    def in_view(self) -> InView:
        """What this screen shows now: the team, session and record selected on it."""
        return InView(cohort=self.cohort_screen)

    def publish(self) -> None:
        """Tell the context what is on screen (only while this screen is the one shown)."""
        if self.isVisible() and not self._settling:
            view = self.in_view()
            self.context.publish(self, view)
            if view.team:
                self._seen_team = view.team

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # redraw and follow the current team first, then say what is on screen: a default
        # selection made while redrawing must not replace the team chosen on another screen
        self._settling = True
        try:
            self.refresh_if_stale()
            if self.follows_team:
                self.follow_team()
        finally:
            self._settling = False
        self.publish()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.context.withdraw(self)

    # --- changes ---------------------------------------------------------------

    def on_change(self, change: Change, initiator: object | None) -> None:
        """A change was saved; the screen that asked for it selects what it made."""
        if initiator is self and change.direction == "do" and change.id:
            self.changed(change.tables)
            self.reveal(change)
            return
        self.changed(change.tables)

    def changed(self, tables: frozenset[str]) -> None:
        if tables & self.tables:
            self._stale = True
            if self.isVisible():
                self.refresh_if_stale()

    def reveal(self, change: Change) -> None:
        """Select the record a change of this screen's made (the screen redraws first)."""
        if change.id and self.isVisible():
            self.show_record(change.id)

    def refresh_if_stale(self) -> None:
        if self._stale and self.has_workspace:
            self._stale = False
            self.refresh()
            self.publish()

    def refresh(self) -> None:  # pragma: no cover - every screen overrides it
        raise NotImplementedError

    def show_record(self, record_id: str, table: str = "") -> None:
        """Select a record of this screen (from navigation); ``table`` says what it is, when known."""

    def run(self, operation: Callable[..., Change], *args: object,
            refused: Callable[[ValidationError], None] | None = None,
            failed: Callable[[str], None] | None = None) -> Change | None:
        """Write through the context's runner: a refusal or failure is shown here, never raised."""
        return self.context.run(self, operation, *args, refused=refused, failed=failed)


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
    _refit_on_resize(table, (stretch, cap, sample, stretch_share, keep))
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


class _Refit(QObject):
    """Fits a table's columns again when the table is resized (a window made smaller, a pane dragged)."""

    def __init__(self, table: QTableView):
        super().__init__(table)
        self.table = table
        self.args: tuple = ()
        self.pending = False
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.pending:
            self.pending = True
            QTimer.singleShot(0, self._refit)
        return False

    def _refit(self) -> None:
        self.pending = False
        if self.table.isVisible():
            fit_columns(self.table, *self.args)


def _refit_on_resize(table: QTableView, args: tuple) -> None:
    refit = table.findChild(_Refit)
    if refit is None:
        refit = _Refit(table)
    refit.args = args


def tree_rows(tree: QTreeWidget) -> Iterator[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
    """Each top-level item of a tree with its children, in order."""
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top is not None:
            yield top, [child for j in range(top.childCount()) if (child := top.child(j)) is not None]


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
        row = button_row(*actions, stretch_first=True) if actions else QHBoxLayout()
        if actions:
            row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)
