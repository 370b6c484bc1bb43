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

from equitycohort.data.attention import SECTIONS, UPCOMING_DAYS, AttentionItem, attention
from equitycohort.i18n import N_, _, ngettext
from equitycohort.ui import preferences, settings, theme
from equitycohort.ui.context import Context
from equitycohort.ui.labels import heading, muted
from equitycohort.ui.views.base import View, tree_rows

ITEM_ROLE = Qt.ItemDataRole.UserRole + 10
#: the heading of each section (the data layer's English names are its keys)
SECTION_TITLES = {
    "Check-ins due": N_("Check-ins due"),
    "Overdue next steps": N_("Overdue next steps"),
    "Overdue workplan actions": N_("Overdue workplan actions"),
    "Overdue milestones": N_("Overdue milestones"),
    "Sessions without attendance": N_("Sessions without attendance"),
    "Assessments due": N_("Assessments due"),
}
NOT_CONTACTED = "Teams not contacted"
COMING_UP = "Coming up in the next 14 days"


def section_title(name: str, weeks: int) -> str:
    """A section's heading on screen, in the app's language."""
    if name == NOT_CONTACTED:
        return ngettext("Teams not contacted for more than {n} week", "Teams not contacted for more than {n} weeks",
                        weeks).format(n=weeks)
    if name == COMING_UP:
        return ngettext("Coming up in the next {n} day", "Coming up in the next {n} days",
                        UPCOMING_DAYS).format(n=UPCOMING_DAYS)
    return _(SECTION_TITLES.get(name, name))


class AttentionView(View):
    title = "Attention"
    tables = frozenset({"cohorts", "teams", "checkins", "next_steps", "actions", "goals", "sessions", "attendance",
                        "assessments", "people"})

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("What needs you this week")))
        self.summary = muted()
        self.summary.setAccessibleName(_("Attention summary"))
        layout.addWidget(self.summary)

        row = QHBoxLayout()
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 26)
        self.weeks.setSuffix(_(" weeks"))
        self.weeks.setValue(settings.get(settings.ATTENTION_WEEKS))
        self.weeks.setAccessibleName(_("Teams not contacted for"))
        self.weeks.setToolTip(_("A team on a slower check-in cadence (its own, or every 8 weeks in the community "
                                "of practice) is listed once its own interval has passed."))
        self.weeks.valueChanged.connect(self._weeks_changed)
        weeks_label = QLabel(_("Teams not contacted for &more than"))
        weeks_label.setBuddy(self.weeks)
        self.scope = QComboBox()
        self.scope.addItem(_("All cohorts under way"), "all")
        self.scope.addItem(_("The current cohort only"), "cohort")
        self.scope.setAccessibleName(_("Show"))
        self.scope.currentIndexChanged.connect(self.refresh)
        scope_label = QLabel(_("&Show:"))
        scope_label.setBuddy(self.scope)
        for widget in (scope_label, self.scope):
            row.addWidget(widget)
        row.addSpacing(24)
        row.addWidget(weeks_label)
        row.addWidget(self.weeks)
        row.addStretch(1)
        layout.addLayout(row)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Items needing attention"))
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Item"), _("Details"), _("Date")])
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
        layout.addWidget(muted(_("Press Enter or double-click a line to open the record it is about.")))

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
            total += len(items) if name != COMING_UP else 0
            title = section_title(name, self.weeks.value())
            top = QTreeWidgetItem([f"{title}  ({len(items)})", "", ""])
            top.setFont(0, bold)
            top.setFirstColumnSpanned(True)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            if not items:
                none = QTreeWidgetItem([_("Nothing here."), "", ""])
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
        day = preferences.long_date(today)
        if cohort_id:
            summary = ngettext("{day}: {n} thing to follow up in the current cohort.",
                               "{day}: {n} things to follow up in the current cohort.", total) if total else \
                _("{day}: nothing overdue in the current cohort.")
        else:
            summary = ngettext("{day}: {n} thing to follow up across the cohorts under way.",
                               "{day}: {n} things to follow up across the cohorts under way.", total) if total else \
                _("{day}: nothing overdue across the cohorts under way.")
        self.summary.setText(summary.format(day=day, n=total))
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

