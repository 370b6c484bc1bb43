"""What importing changes files would do, shown before anything is written:
"Maria Lopez, Child Trends: 12 new, 30 updated, 2 deleted, 3 to review", then
record by record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from equitycohort import i18n
from equitycohort.data.schema import KINDS
from equitycohort.i18n import N_, _
from equitycohort.ui.labels import muted, plain, section_title, tint

if TYPE_CHECKING:
    from equitycohort.data.sharing.changesfile import ChangesFile
    from equitycohort.data.sharing.exchange import ImportReport

#: the most records listed (the counts above always cover all)
SHOWN_MAX = 2000
#: what an import does to a record (a record: "registro", masculine, in Spanish)
WHAT = {"new": N_("New"), "updated": N_("Updated"), "deleted": N_("Deleted"), "to review": N_("To review")}


class ImportPreviewDialog(QDialog):
    """The files to import, what each would do, and Import / Cancel."""

    def __init__(self, parent: QWidget | None, files: list[ChangesFile], reports: list[ImportReport]):
        super().__init__(parent)
        self.setWindowTitle(_("Import changes"))
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        nothing = not any(r.new or r.updated or r.deleted or r.conflicts for r in reports)
        self.summaries: list[QLabel] = []
        for cf, report in zip(files, reports, strict=True):
            head = section_title(report.summary)
            head.setWordWrap(True)
            head.setAccessibleName(_("Import summary"))
            self.summaries.append(head)
            layout.addWidget(head)
            again = report.seen_before and not (report.new or report.updated or report.deleted or report.conflicts)
            # Translators: {first} and {last} number the changes in the sharer's own history; no period after
            # {when}, which may end in one ("5:19 p.m.")
            text = _("{file}: their changes {first} to {last}, shared {when}; imported before, so nothing in it "
                     "is new") if again else _("{file}: their changes {first} to {last}, shared {when}")
            layout.addWidget(muted(text.format(file=cf.name, first=cf.first, last=cf.last,
                                               when=_when(cf.manifest.get("created")))))
        note = plain(QLabel(
            _("Nothing to import: everything in these files is already in this workspace.") if nothing else
            _("Importing is one step: Edit > Undo takes it back. Where you and they changed the same thing, "
              "the later change is kept and the other is listed under Review Changes.")))
        note.setWordWrap(True)
        note.setAccessibleName(_("What importing does"))
        if nothing:
            tint(note, "ok_fg")
        layout.addWidget(note)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("Changes to import"))
        self.table.setHorizontalHeaderLabels([_("Change"), _("Record"), _("Fields")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        lines = [line for report in reports for line in report.details][:SHOWN_MAX]
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            record = line.record[0].upper() + line.record[1:] if line.record else _(KINDS[line.table].singular)
            for column, text in enumerate((i18n.label(WHAT, line.what), record, ", ".join(line.fields))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setColumnWidth(1, 430)
        self.table.setVisible(bool(lines))
        layout.addWidget(self.table, 1)
        if not lines:
            layout.addStretch(1)
        buttons = QDialogButtonBox()
        if nothing:
            buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        else:
            self.import_button = buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.import_button.setAccessibleName(_("Import"))
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self.accept)
            buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _when(text: object) -> str:
    import datetime as dt

    from equitycohort.data.sharing.conflicts import when_text

    try:
        return when_text(dt.datetime.fromisoformat(str(text)))
    except ValueError:
        return _("at a time not given")
