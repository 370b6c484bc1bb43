"""Thin Qt table models over plain records: COL_* columns and one reset method."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from equitycohort.i18n import _
from equitycohort.ui import theme

Index = QModelIndex | QPersistentModelIndex
RecordRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


class Column(NamedTuple):
    #: the column's header in English, marked with ``N_`` where it is declared; shown translated
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    #: a theme token for the text color, or None
    tone: Callable[[Any], str | None] | None = None
    tooltip: Callable[[Any], str] | None = None


DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
RECORD = int(RecordRole)
SORT = int(SortRole)


class RecordTableModel(QAbstractTableModel):
    """Rows are plain records; columns say how to show them."""

    columns: tuple[Column, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self._alignments: list[int] | None = None
        self._sort_keys: dict[int, list[Any]] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_keys = {}
        self._apply_sort()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with keys computed once: no per-comparison calls from C++."""
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        self._sort = (column, order)
        moved = self._apply_sort()
        after = [self.index(moved[i.row()], i.column()) if i.row() < len(moved) else i for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _apply_sort(self) -> list[int]:
        """Order the rows by the current sort; returns old row -> new row."""
        count = len(self._rows)
        if self._sort is None or count == 0:
            return list(range(count))
        column, order = self._sort
        keys = [self._sort_key(i, column) for i in range(count)]
        order_ = sorted(range(count), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[i] for i in order_]
        self._sort_keys = {}
        moved = [0] * count
        for new, old in enumerate(order_):
            moved[old] = new
        return moved

    def _sort_key(self, row: int, col: int) -> Any:
        keys = self._sort_keys.get(col)
        if keys is None:
            column = self.columns[col]
            keys = [column.sort(r) if column.sort else column.text(r).casefold() for r in self._rows]
            self._sort_keys[col] = keys
        return keys[row]

    def record(self, row: int) -> Any:
        return self._rows[row]

    def records(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, record_id: str) -> int:
        for i, record in enumerate(self._rows):
            if getattr(record, "id", None) == record_id or (isinstance(record, dict) and record.get("id") == record_id):
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # called for every role of every visible cell on each paint: keep it lean
        row = index.row()
        if row < 0 or row >= len(self._rows):
            return None
        role = int(role)
        record = self._rows[row]
        column = self.columns[index.column()]
        if role in (DISPLAY, ACCESSIBLE):
            return column.text(record)
        if role == ALIGNMENT:
            if self._alignments is None:
                self._alignments = [int(c.align | Qt.AlignmentFlag.AlignVCenter) for c in self.columns]
            return self._alignments[index.column()]
        if role == FOREGROUND:
            if column.tone:
                token = column.tone(record)
                return theme.color(token) if token else None
            return None
        if role == SORT:
            return self._sort_key(row, index.column())
        if role == RECORD:
            return record
        if role == TOOLTIP and column.tooltip:
            return column.tooltip(record) or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and int(role) == DISPLAY and 0 <= section < len(self.columns):
            return _(self.columns[section].title)
        return None


def plural(count: int, word: str) -> str:
    """``3 check-ins``: English only (an English word and its ``s``); translated text uses ``ngettext``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def percent(value: float | None) -> str:
    """``71%`` (``71 %`` in Spanish): as the documents write it, in the screen's language."""
    from equitycohort import formats

    return formats.percent(value)
