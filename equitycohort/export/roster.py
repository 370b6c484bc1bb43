"""The roster CSV export (the import lives in the data layer: equitycohort.data.roster)."""

from __future__ import annotations

from pathlib import Path

from equitycohort.data.roster import roster_csv
from equitycohort.export.common import Progress, cohort_record, notify, write_atomic


def export_roster(ws, cohort_id: str, out_path: Path | str, *, progress: Progress | None = None) -> Path:
    """Write a cohort's roster as CSV (UTF-8 with BOM, Excel-friendly); returns the path."""
    cohort_record(ws, cohort_id)
    notify(progress, 0, 1, "Writing the roster")
    out = write_atomic(Path(out_path), roster_csv(ws, cohort_id))
    notify(progress, 1, 1, "Done")
    return out
