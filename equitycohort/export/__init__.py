"""Exports: PDF documents, the cohort calendar, rosters and batch packets.

Plain functions over a workspace, callable from the desktop app or the
command line: each takes the workspace, the ids, an output path and options,
and an optional ``progress(done, total, what)`` callback. No Qt here, and
reportlab (openpyxl) is imported only when a PDF (a workbook) is made, so
importing this is cheap.

Each name is imported from its module the first time it is used (PEP 562),
so a command that makes one kind of export loads only that kind's modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: public name -> the module of this package that defines it
_EXPORTS = {
    "ExportError": "common",
    "safe_name": "common",
    "team_folder_name": "common",
    "export_calendar": "calendar",
    "export_checkin_history": "checkins",
    "export_cohort_summary": "cohort",
    "export_packets": "packets",
    "export_roster": "roster",
    "export_roster_template": "roster",
    "export_session_packet": "session",
    "export_workplan": "workplan",
    "export_attendance": "xlsx",
    "export_workplan_xlsx": "xlsx",
}

__all__ = [
    "ExportError",
    "export_attendance",
    "export_calendar",
    "export_checkin_history",
    "export_cohort_summary",
    "export_packets",
    "export_roster",
    "export_roster_template",
    "export_session_packet",
    "export_workplan",
    "export_workplan_xlsx",
    "safe_name",
    "team_folder_name",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:
    from equitycohort.export.calendar import export_calendar
    from equitycohort.export.checkins import export_checkin_history
    from equitycohort.export.cohort import export_cohort_summary
    from equitycohort.export.common import ExportError, safe_name, team_folder_name
    from equitycohort.export.packets import export_packets
    from equitycohort.export.roster import export_roster, export_roster_template
    from equitycohort.export.session import export_session_packet
    from equitycohort.export.workplan import export_workplan
    from equitycohort.export.xlsx import export_attendance, export_workplan_xlsx
