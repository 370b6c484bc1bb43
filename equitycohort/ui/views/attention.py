"""The landing screen: what needs the facilitator this week, each line opening its record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.attention import SECTIONS, AttentionItem, attention
from equitycohort.ui import preferences, settings, theme
from equitycohort.ui.context import Context
from equitycohort.ui.labels import heading, muted
from equitycohort.ui.views.base import View, tree_rows

ITEM_ROLE = Qt.ItemDataRole.UserRole + 10


class AttentionView(View):
    title = "Attention"
    tables = frozenset({"cohorts", "teams", "checkins", "next_steps", "actions", "goals", "sessions", "attendance",
                        "assessments", "people"})

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("What needs you this week"))
        self.summary = muted()
        self.summary.setAccessibleName("Attention summary")
        layout.addWidget(self.summary)

        row = QHBoxLayout()
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 26)
        self.weeks.setSuffix(" weeks")
        self.weeks.setValue(settings.get(settings.ATTENTION_WEEKS))
        self.weeks.setAccessibleName("Teams not contacted for")
        self.weeks.setToolTip("A team on a slower check-in cadence (its own, or every 8 weeks in the community "
                              "of practice) is listed once its own interval has passed.")
        self.weeks.valueChanged.connect(self._weeks_changed)
        weeks_label = QLabel("Teams not contacted for &more than")
        weeks_label.setBuddy(self.weeks)
        self.scope = QComboBox()
        self.scope.addItem("All cohorts under way", "all")
        self.scope.addItem("The current cohort only", "cohort")
        self.scope.setAccessibleName("Show")
        self.scope.currentIndexChanged.connect(self.refresh)
        scope_label = QLabel("&Show:")
        scope_label.setBuddy(self.scope)
        for widget in (scope_label, self.scope):
            row.addWidget(widget)
        row.addSpacing(24)
        row.addWidget(weeks_label)
        row.addWidget(self.weeks)
        row.addStretch(1)
        layout.addLayout(row)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Items needing attention")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Item", "Details", "Date"])
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 4px 2px; }")
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemActivated.connect(self._open)
        self.tree.itemDoubleClicked.connect(self._open)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.resizeSection(0, 380)
        header.resizeSection(2, 110)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        layout.addWidget(muted("Press Enter or double-click a line to open the record it is about."))

    def _weeks_changed(self, value: int) -> None:
        settings.put(settings.ATTENTION_WEEKS, value)
        self.refresh()

    def refresh(self) -> None:
        if not self.has_workspace:
            return
        scope = self.scope.currentData()
        cohort_id = self.cohort_id if scope == "cohort" else None
        today = dt.date.today()
        sections = attention(self.ws, today, self.weeks.value(), cohort_id)
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        total = 0
        for name in SECTIONS:
            items = sections[name]
            total += len(items) if name != "Coming up in the next 14 days" else 0
            title = name.replace("not contacted", f"not contacted for more than {self.weeks.value()} weeks")
            top = QTreeWidgetItem([f"{title}  ({len(items)})", "", ""])
            top.setFont(0, bold)
            top.setFirstColumnSpanned(True)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            if not items:
                none = QTreeWidgetItem(["Nothing here.", "", ""])
                none.setForeground(0, theme.color("muted_fg"))
                none.setFlags(Qt.ItemFlag.ItemIsEnabled)
                top.addChild(none)
            for item in items:
                child = QTreeWidgetItem([item.title, item.detail, preferences.short_date(item.date)])
                child.setData(0, ITEM_ROLE, item)
                child.setToolTip(0, item.title)
                child.setToolTip(1, item.detail)
                top.addChild(child)
            top.setExpanded(bool(items))
        where = "in the current cohort" if cohort_id else "across the cohorts under way"
        self.summary.setText(
            f"{preferences.long_date(today)}: {total} thing{'s' if total != 1 else ''} to follow up {where}."
            if total else f"{preferences.long_date(today)}: nothing overdue {where}.")
        first = self._first_item()
        if first is not None:
            self.tree.setCurrentItem(first)

    def _first_item(self) -> QTreeWidgetItem | None:
        for _top, children in tree_rows(self.tree):
            for child in children:
                if child.data(0, ITEM_ROLE) is not None:
                    return child
        return None

    def items(self) -> list[AttentionItem]:
        """Every item shown, in order (for tests and screen readers' summaries)."""
        return [child.data(0, ITEM_ROLE) for _top, children in tree_rows(self.tree) for child in children
                if child.data(0, ITEM_ROLE) is not None]

    def _open(self, tree_item: QTreeWidgetItem, column: int = 0) -> None:
        item = tree_item.data(0, ITEM_ROLE)
        if item is not None:
            self.open_item(item)

    def open_item(self, item: AttentionItem) -> None:
        self.open_record.emit(item.table, item.record_id, item.topic)

    def cohort_changed(self) -> None:
        if self.scope.currentData() == "cohort":  # across all cohorts, the current one changes nothing
            super().cohort_changed()

