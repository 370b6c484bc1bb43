"""The Review changes panel: every conflict a merge listed, one at a time, with
mine, theirs and the value before, who and when, and Keep mine / Take theirs /
Edit. Settling one is an ordinary edit (undoable, shared in the next changes file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from equitycohort.ui.labels import caption, muted, plain, section_title, selectable, tint

if TYPE_CHECKING:
    from equitycohort.data.sharing.conflicts import Conflict
    from equitycohort.data.workspace import Change
    from equitycohort.ui.main_window import MainWindow

TITLES = {"value": "Changed in two copies", "deleted": "Changed and deleted", "restored": "Deleted and restored",
          "hidden": "Not shown", "reference": "Refers to a record no longer there"}


class ReviewPanel(QDockWidget):
    """A panel beside the screens (View it from File > Review Changes)."""

    def __init__(self, window: MainWindow):
        super().__init__("Review changes", window)
        self.setObjectName("ReviewChanges")
        self.setAccessibleName("Review changes")
        self.window_ = window
        self.conflicts: list[Conflict] = []
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 6, 10, 10)
        self.count = plain(QLabel())
        self.count.setAccessibleName("Conflicts to review")
        layout.addWidget(self.count)
        self.list = QListWidget()
        self.list.setAccessibleName("Conflicts")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(120)
        self.list.currentRowChanged.connect(self._show)
        layout.addWidget(self.list, 1)
        self.detail = QWidget()
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 8, 0, 0)
        self.kind = caption()
        self.kind.setAccessibleName("Kind of conflict")
        tint(self.kind, "accent")
        self.title = section_title("")
        self.title.setWordWrap(True)
        self.title.setAccessibleName("Record")
        self.story = muted()
        self.story.setAccessibleName("What happened")
        detail.setSpacing(4)
        detail.addWidget(self.title)
        detail.addWidget(self.kind)
        detail.addWidget(self.story)
        detail.addSpacing(6)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self.values: dict[str, tuple[QLabel, QLabel]] = {}
        self.captions: dict[str, QLabel] = {}
        for row, (key, label) in enumerate((("mine", "Mine"), ("theirs", "Theirs"), ("before", "Before"))):
            name = caption(label)
            self.captions[key] = name
            value = selectable()
            value.setAccessibleName(label)
            who = muted()
            who.setAccessibleName(f"{label}: who and when")
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(value)
            column.addWidget(who)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(column, row, 1)
            self.values[key] = (value, who)
        detail.addLayout(grid)
        self.buttons: dict[str, QPushButton] = {}
        row_of_buttons = QHBoxLayout()
        for key in ("mine", "theirs", "edit"):
            made = QPushButton()
            made.clicked.connect(lambda checked=False, k=key: self.settle(k))
            self.buttons[key] = made
            row_of_buttons.addWidget(made)
        row_of_buttons.addStretch(1)
        self.open_button = QPushButton("Show the Record")
        self.open_button.setAccessibleName("Show the record")
        self.open_button.clicked.connect(self.show_record)
        row_of_buttons.addWidget(self.open_button)
        detail.addLayout(row_of_buttons)
        detail.addStretch(1)
        layout.addWidget(self.detail, 3)
        self.empty = muted("Nothing to review: every change you imported merged without a conflict.")
        self.empty.setAccessibleName("Nothing to review")
        layout.addWidget(self.empty)
        layout.addStretch(0)
        self.setWidget(body)
        self.setMinimumWidth(400)

    # --- what it shows -----------------------------------------------------------

    def refresh(self) -> None:
        from equitycohort.data.sharing import store
        from equitycohort.data.sharing.conflicts import list_conflicts, title

        ws = self.window_.ws
        shown = self.current()
        keep = shown.id if shown is not None else None
        self.conflicts = list_conflicts(ws) if ws is not None else []
        self.names = store.author_names(ws) if ws is not None else {}
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self.conflicts:
            assert ws is not None
            fields = ", ".join(conflict.field_labels)
            what = f"{fields}: {TITLES[conflict.kind].lower()}" if fields else TITLES[conflict.kind]
            item = QListWidgetItem(f"{title(ws, conflict)}\n{what}")
            item.setToolTip(item.text())
            self.list.addItem(item)
        self.list.blockSignals(False)
        count = len(self.conflicts)
        self.count.setText(f"{count} change{'s' if count != 1 else ''} to review" if count else "")
        self.list.setVisible(bool(count))
        self.empty.setVisible(not count)
        ids = [c.id for c in self.conflicts]
        self.list.setCurrentRow(ids.index(keep) if keep in ids else (0 if count else -1))
        self._show(self.list.currentRow())

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, row: int) -> None:
        from equitycohort.data.sharing.conflicts import choices, show_values, story, title, when_text, who

        conflict = self.current()
        self.detail.setVisible(conflict is not None)
        ws = self.window_.ws
        if conflict is None or ws is None:
            return
        fields = ", ".join(conflict.field_labels)
        self.kind.setText(f"{TITLES[conflict.kind]}: {fields}" if fields else TITLES[conflict.kind])
        self.title.setText(title(ws, conflict))
        self.story.setText(story(ws, conflict, self.names))
        hidden = conflict.kind == "hidden"
        sides = {
            "mine": ("not shown in this copy" if hidden else show_values(ws, conflict.table, conflict.mine),
                     conflict.mine_author, conflict.mine_when),
            "theirs": (_record_text(ws, conflict) if hidden else show_values(ws, conflict.table, conflict.theirs),
                       conflict.theirs_author, conflict.theirs_when),
            "before": (show_values(ws, conflict.table, conflict.before) if conflict.before else "not known",
                       None, None),
        }
        for key, (text, author, when) in sides.items():
            value, by = self.values[key]
            kept = " (kept)" if key == conflict.kept and not hidden else ""
            value.setText(text + kept)
            tint(value, "ok_fg" if kept else None)
            said = ", ".join(p for p in (who(ws, author, self.names) if author else "", when_text(when)) if p)
            by.setText(said)
            by.setVisible(bool(said))
        for widget in (self.captions["before"], *self.values["before"]):
            widget.setVisible(conflict.kind == "value")
        self.values["before"][1].setVisible(False)
        offered = choices(conflict)
        for key, made in self.buttons.items():
            made.setVisible(key in offered)
            made.setText(offered.get(key, ""))
            made.setAccessibleName(offered.get(key, "").rstrip("…"))
        self.open_button.setEnabled(ws.get(conflict.table, conflict.record_id) is not None)

    # --- settling -------------------------------------------------------------------

    def settle(self, choice: str) -> Change | None:
        from equitycohort.data.sharing.conflicts import resolve

        conflict = self.current()
        if conflict is None:
            return None
        if choice == "edit":
            from equitycohort.ui import dialogs
            from equitycohort.ui.sharing.edit import ConflictEditDialog

            if self.window_.ws is None:
                return None
            dialog = ConflictEditDialog(self, self.window_.ws, conflict)
            return dialog.change if dialogs.run_dialog(dialog) else None
        return self.window_.context.run(self, resolve, conflict.id, choice)

    def show_record(self) -> None:
        conflict = self.current()
        if conflict is not None:
            self.window_.open_record(conflict.table, conflict.record_id)

    def on_change(self, change: Change, initiator: object | None) -> None:
        if self.isVisible():
            self.refresh()


def _record_text(ws, conflict: Conflict) -> str:
    """A record kept out of view, by the fields a person knows it by."""
    from equitycohort.data.schema import KINDS
    from equitycohort.data.sharing.conflicts import show_value

    raw = conflict.theirs or {}
    kind = KINDS[conflict.table]
    parts: list[str] = []
    for f in kind.fields:
        value = raw.get(f.name)
        if value not in (None, "") and f.type not in ("json",) and len(parts) < 4:
            parts.append(f"{f.label}: {show_value(ws, conflict.table, f.name, value)}")
    return "; ".join(parts) or kind.singular
