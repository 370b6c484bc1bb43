"""The global search field and its results, grouped by kind, each opening its record."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.search import describe, grouped, plain_snippet, search
from equitycohort.i18n import _, ngettext
from equitycohort.ui import preferences
from equitycohort.ui.labels import heading, muted
from equitycohort.ui.views.base import tree_rows

HIT_ROLE = Qt.ItemDataRole.UserRole + 11
#: the snippet with its matched words marked, for the delegate to draw them in bold
MARKED_ROLE = Qt.ItemDataRole.UserRole + 12


class SearchField(QLineEdit):
    """Ctrl+F lands here; Down moves into the results; Escape clears."""

    escaped = Signal()
    down = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_("Search notes, agendas, goals, names…  (Ctrl+F)"))
        self.setAccessibleName(_("Search everything"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(320)
        self.setMaxLength(200)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.escaped.emit()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.down.emit()
            return
        super().keyPressEvent(event)


class SearchResults(QWidget):
    """Results of the search field, grouped by kind."""

    #: (kind, record id) of the result chosen
    opened = Signal(str, str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = None
        self.query = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = heading(_("Search"))
        layout.addWidget(self.title)
        self.summary = muted()
        self.summary.setAccessibleName(_("Search summary"))
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Search results"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Result"), _("Where the words are")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 4px 2px; }")
        self.tree.header().resizeSection(0, 360)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(self._open)
        layout.addWidget(self.tree, 1)
        layout.addWidget(muted(_("Enter opens a result · Escape returns to where you were.")))
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.tree)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.closed.emit)

    def show_results(self, ws, query: str) -> int:
        self.ws, self.query = ws, query
        if self.tree.itemDelegateForColumn(1) is None:
            # made on the first search: its style classes cost start-up some 10 ms
            from equitycohort.ui.search_delegate import MatchDelegate

            self.tree.setItemDelegateForColumn(1, MatchDelegate(self.tree))
        hits = search(ws, query)
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for label, group in grouped(hits):
            kind = _(label)
            top = QTreeWidgetItem([f"{kind}  ({len(group)})", ""])
            top.setFont(0, bold)
            top.setFirstColumnSpanned(True)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            for hit in group:
                marked = " ".join(hit.snippet.split())
                snippet = plain_snippet(marked)
                item = QTreeWidgetItem([describe(ws, hit, preferences.style()), snippet])
                item.setData(0, HIT_ROLE, (hit.kind, hit.record_id))
                item.setData(1, MARKED_ROLE, marked)
                item.setToolTip(1, snippet)
                top.addChild(item)
            top.setExpanded(True)
        self.title.setText(_("Search: {words}").format(words=query))
        if len(hits) >= 60:
            self.summary.setText(_("{n} results (the best 60), grouped by kind.").format(n=len(hits)))
        elif hits:
            self.summary.setText(ngettext("{n} result, grouped by kind.", "{n} results, grouped by kind.",
                                          len(hits)).format(n=len(hits)))
        else:
            self.summary.setText(_("Nothing matches. Try fewer or shorter words."))
        return len(hits)

    def focus_first(self) -> None:
        for _top, children in tree_rows(self.tree):
            if children:
                self.tree.setCurrentItem(children[0])
                self.tree.setFocus()
                return

    def _open(self, item: QTreeWidgetItem, column: int = 0) -> None:
        data = item.data(0, HIT_ROLE)
        if data:
            self.opened.emit(*data)


class SearchController:
    """Ties the field to the results page: search after a pause in typing."""

    def __init__(self, window, field: SearchField):
        self.window, self.field = window, field
        self._results: SearchResults | None = None
        self.timer = QTimer(field)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run)
        field.textChanged.connect(lambda _: self.timer.start())
        field.escaped.connect(self.close)
        field.down.connect(self._into_results)

    @property
    def results(self) -> SearchResults:
        """The results page, made at the first search (start-up need not pay for it)."""
        if self._results is None:
            self._results = SearchResults()
            self._results.closed.connect(self.close)
            self._results.opened.connect(self.open_hit)
            self.window.stack.addWidget(self._results)
        return self._results

    def show_page(self) -> None:
        """The results in place of the screen (the cohort picker, which they do not follow, hidden)."""
        self.window.stack.setCurrentWidget(self.results)
        self.window.cohort_picker.setVisible(False)
        self.window.picker_label.setVisible(False)

    def hide_page(self) -> None:
        """Back to the screen chosen in the navigation, if the results are showing."""
        if self._results is not None and self.window.stack.currentWidget() is self._results:
            self.window._screen_changed(self.window.nav.currentRow())

    def run(self) -> None:
        text = self.field.text().strip()
        if not text or self.window.ws is None:
            self.close()
            return
        self.results.show_results(self.window.ws, text)
        self.show_page()

    def _into_results(self) -> None:
        self.timer.stop()
        self.run()
        self.results.focus_first()

    def close(self) -> None:
        self.timer.stop()
        self.hide_page()

    def open_hit(self, kind: str, record_id: str) -> None:
        self.window.open_record(kind, record_id)
