"""File > Import Roster's preview: what an import would change, row by row, before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from equitycohort.data.roster import action_label
from equitycohort.i18n import _, ngettext
from equitycohort.ui import theme
from equitycohort.ui.geometry import fit_dialog


class RosterPreviewDialog(QDialog):
    """What an import would change, row by row, before anything is written."""

    def __init__(self, parent, plan, file_name: str, cohort_name: str):
        from equitycohort.data.roster import FIELD_WORDS

        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(_("Import roster"))
        fit_dialog(self, 820, 520)
        layout = QVBoxLayout(self)
        head = QLabel(_("{file} into {cohort}").format(file=f"<b>{_html(file_name)}</b>",
                                                       cohort=f"<b>{_html(cohort_name)}</b>"))
        layout.addWidget(head)
        summary = QLabel()
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)  # notes name the file's columns as typed
        summary.setAccessibleName(_("Import summary"))
        layout.addWidget(summary)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("Roster rows"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.teams = QLabel()
        self.teams.setWordWrap(True)
        self.teams.setTextFormat(Qt.TextFormat.PlainText)
        self.teams.setAccessibleName(_("Teams afterwards"))
        self.teams.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.teams)
        self.teams.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        notes = " ".join(plan.notes)
        unit = _("Row") if plan.unit == "row" else _("Line")
        if plan.problems:
            self.table.setHorizontalHeaderLabels([unit, _("Problem"), "", ""])
            self.table.setColumnCount(2)
            self.table.setRowCount(len(plan.problems))
            danger = theme.color("danger_fg")
            for i, problem in enumerate(plan.problems):
                self.table.setItem(i, 0, QTableWidgetItem(str(problem.line)))
                item = QTableWidgetItem(problem.message)
                item.setForeground(danger)
                self.table.setItem(i, 1, item)
            summary.setText(_("{n} row(s) need fixing in the file; nothing will be imported until every row is "
                              "valid.").format(n=len(plan.problems)) + (f" {notes}" if notes else ""))
            self.import_button.setEnabled(False)
            return
        self.table.setHorizontalHeaderLabels([unit, _("Team"), _("Person"), _("What will happen")])
        self.table.setRowCount(len(plan.rows))
        warn = theme.color("warning_fg")
        for i, row in enumerate(plan.rows):
            what = ", ".join(action_label(action) for action in row.actions)
            if row.changes:
                what += " ({})".format(", ".join(_(FIELD_WORDS.get(f, f)) for f in sorted(row.changes)))
            for kept in row.kept:  # a value the file degraded: the workspace's stays, and why
                what += _("; keeps the {field} as it is: {reason}").format(
                    field=_(FIELD_WORDS.get(kept.field, kept.field.replace("_", " "))), reason=kept.reason)
            for col, text in enumerate((str(row.row.line), f"{row.row.state} {row.row.organization}",
                                        row.name, what)):
                item = QTableWidgetItem(text)
                if row.kept:
                    item.setToolTip("\n".join(k.describe() for k in row.kept))
                    if col == 3:
                        item.setForeground(warn)
                self.table.setItem(i, col, item)
        counts = ", ".join(f"{n} {action_label(action)}" for action, n in plan.counts().items()) or _("nothing")
        summary.setText(_("{n} row(s): {counts}. The import is one step you can undo.").format(
            n=len(plan.rows), counts=counts) + (f" {notes}" if notes else ""))
        if plan.teams:
            self.teams.setText(_("Teams afterwards:") + "\n" + "\n".join(team.describe() for team in plan.teams))
            self.teams.show()
        self.import_button.setText(ngettext("Import {n} row", "Import {n} rows", len(plan.rows)).format(
            n=len(plan.rows)))
        self.import_button.setEnabled(plan.changes_anything)


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=False)
