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

from equitycohort import i18n
from equitycohort.i18n import N_, _, ngettext
from equitycohort.ui.labels import caption, muted, plain, section_title, selectable, tint

if TYPE_CHECKING:
    from equitycohort.data.sharing.conflicts import Conflict
    from equitycohort.data.workspace import Change
    from equitycohort.ui.main_window import MainWindow

TITLES = {"value": N_("Changed in two copies"), "deleted": N_("Changed and deleted"),
          "restored": N_("Deleted and restored"), "hidden": N_("Not shown"),
          "reference": N_("Refers to a record no longer there")}
#: the rows of mine, theirs and the value before: (key, caption, the accessible name of who and when)
SIDES = (("mine", N_("Mine"), N_("Mine: who and when")), ("theirs", N_("Theirs"), N_("Theirs: who and when")),
         ("before", N_("Before"), N_("Before: who and when")))


class ReviewPanel(QDockWidget):
    """A panel beside the screens (View it from File > Review Changes)."""

    def __init__(self, window: MainWindow):
        super().__init__(_("Review changes"), window)
        self.setObjectName("ReviewChanges")
        self.setAccessibleName(_("Review changes"))
        self.window_ = window
        self.conflicts: list[Conflict] = []
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 6, 10, 10)
        self.count = plain(QLabel())
        self.count.setAccessibleName(_("Conflicts to review"))
        layout.addWidget(self.count)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Conflicts"))
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
        self.kind.setAccessibleName(_("Kind of conflict"))
        tint(self.kind, "accent")
        self.title = section_title("")
        self.title.setWordWrap(True)
        self.title.setAccessibleName(_("Record"))
        self.story = muted()
        self.story.setAccessibleName(_("What happened"))
        detail.setSpacing(4)
        # the record's name with the button that shows it, beside it: the buttons of the choices below
        # keep to a row that fits the panel in every language (Spanish runs about a quarter longer)
        self.open_button = QPushButton(_("Show the Record"))
        self.open_button.setAccessibleName(_("Show the record"))
        self.open_button.clicked.connect(self.show_record)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        detail.addLayout(heading)
        detail.addWidget(self.kind)
        detail.addWidget(self.story)
        detail.addSpacing(6)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self.values: dict[str, tuple[QLabel, QLabel]] = {}
        self.captions: dict[str, QLabel] = {}
        for row, (key, label, who_and_when) in enumerate(SIDES):
            name = caption(_(label))
            self.captions[key] = name
            value = selectable()
            value.setAccessibleName(_(label))
            who = muted()
            who.setAccessibleName(_(who_and_when))
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
        detail.addLayout(row_of_buttons)
        detail.addStretch(1)
        layout.addWidget(self.detail, 3)
        self.empty = muted(_("Nothing to review: every change you imported merged without a conflict."))
        self.empty.setAccessibleName(_("Nothing to review"))
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
            kind = i18n.label(TITLES, conflict.kind)
            what = f"{fields}: {kind[:1].lower()}{kind[1:]}" if fields else kind
            item = QListWidgetItem(f"{title(ws, conflict)}\n{what}")
            item.setToolTip(item.text())
            self.list.addItem(item)
        self.list.blockSignals(False)
        count = len(self.conflicts)
        self.count.setText(ngettext("{n} change to review", "{n} changes to review", count).format(n=count)
                           if count else "")
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
        kind = i18n.label(TITLES, conflict.kind)
        self.kind.setText(f"{kind}: {fields}" if fields else kind)
        self.title.setText(title(ws, conflict))
        self.story.setText(story(ws, conflict, self.names))
        hidden = conflict.kind == "hidden"
        sides = {
            "mine": (_("not shown in this copy") if hidden else show_values(ws, conflict.table, conflict.mine),
                     conflict.mine_author, conflict.mine_when),
            "theirs": (_record_text(ws, conflict) if hidden else show_values(ws, conflict.table, conflict.theirs),
                       conflict.theirs_author, conflict.theirs_when),
            "before": (show_values(ws, conflict.table, conflict.before) if conflict.before else _("not known"),
                       None, None),
        }
        for key, (text, author, when) in sides.items():
            value, by = self.values[key]
            kept = key == conflict.kept and not hidden
            # Translators: a value, and that it is the one the merge kept
            value.setText(_("{value} (kept)").format(value=text) if kept else text)
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
            words = _(offered[key]) if key in offered else ""
            made.setText(words)
            made.setAccessibleName(words.rstrip("…"))
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
            parts.append(_(f.label) + ": " + show_value(ws, conflict.table, f.name, value))
    return "; ".join(parts) or _(kind.singular)
