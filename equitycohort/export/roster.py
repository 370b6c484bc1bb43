"""The roster export, as CSV or as an .xlsx workbook (the import lives in the data layer:
equitycohort.data.roster)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import i18n
from equitycohort.data.roster import roster_csv
from equitycohort.export.common import Progress, cohort_record, notify, write_atomic
from equitycohort.i18n import _, pgettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace


def export_roster(ws: Workspace, cohort_id: str, out_path: Path | str, *, progress: Progress | None = None,
                  lang: str | None = None) -> Path:
    """Write a cohort's roster; returns the path.

    A path ending in .xlsx gets an Excel workbook (its sheet named in ``lang``); any other, CSV (UTF-8
    with a byte-order mark, Excel-friendly). The column names are the roster's file format: English in
    every language, since the import reads them. Either way no cell can run as a formula, and the file
    is readable by its owner only (it holds personal data).
    """
    with i18n.use(lang):
        cohort_record(ws, cohort_id)
        notify(progress, 0, 1, _("Writing the roster"))
        if Path(out_path).suffix.lower() == ".xlsx":
            from equitycohort.export.xlsx import roster_workbook

            data = roster_workbook(ws, cohort_id)
        else:
            data = roster_csv(ws, cohort_id)
        out = write_atomic(Path(out_path), data, private=True)  # names, e-mails and phone numbers
        notify(progress, 1, 1, pgettext("the end of an export's progress", "Done"))
    return out


def export_roster_template(out_path: Path | str, *, progress: Progress | None = None,
                           lang: str | None = None) -> Path:
    """Write a blank roster for teams to fill in: an Excel workbook with a sheet of instructions in ``lang``
    (a path ending in .xlsx), else a CSV of the column names alone (English: the file's format)."""
    with i18n.use(lang):
        notify(progress, 0, 1, _("Writing the roster template"))
        if Path(out_path).suffix.lower() == ".xlsx":
            from equitycohort.export.xlsx import roster_template

            data = roster_template()
        else:
            from equitycohort.data.roster import COLUMNS

            data = ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")
        out = write_atomic(Path(out_path), data)
        notify(progress, 1, 1, pgettext("the end of an export's progress", "Done"))
    return out
