"""Exports: PDF documents, the cohort calendar, rosters and batch packets.

Plain functions over a workspace, callable from the desktop app or the
command line: each takes the workspace, the ids, an output path and options,
and an optional ``progress(done, total, what)`` callback. No Qt here, and
reportlab (openpyxl) is imported only when a PDF (a workbook) is made, so
importing this is cheap.
"""

from equitycohort.export.calendar import export_calendar
from equitycohort.export.checkins import export_checkin_history
from equitycohort.export.cohort import export_cohort_summary
from equitycohort.export.common import ExportError, safe_name, team_folder_name
from equitycohort.export.packets import export_packets
from equitycohort.export.roster import export_roster
from equitycohort.export.session import export_session_packet
from equitycohort.export.workplan import export_workplan
from equitycohort.export.xlsx import export_attendance, export_workplan_xlsx

__all__ = [
    "ExportError",
    "export_attendance",
    "export_calendar",
    "export_checkin_history",
    "export_cohort_summary",
    "export_packets",
    "export_roster",
    "export_session_packet",
    "export_workplan",
    "export_workplan_xlsx",
    "safe_name",
    "team_folder_name",
]
