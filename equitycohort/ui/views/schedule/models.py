"""The session list's table model: dates, times, attendance taken and flags."""

from __future__ import annotations

import datetime as dt

from equitycohort.ui import preferences
from equitycohort.ui.models import Column, RecordTableModel


class SessionTableModel(RecordTableModel):
    COL_DATE, COL_TIME, COL_TITLE, COL_KIND, COL_WHERE, COL_FACILITATORS, COL_STATUS, COL_ATTENDANCE, COL_FLAGS = range(9)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.attendance: dict = {}
        self.clashes: dict[str, list[str]] = {}
        self.flag_text: dict[str, str] = {}
        self.today = dt.date.today().isoformat()
        self.columns = (
            Column("Date", lambda s: preferences.day_with_weekday(s.date),
                   sort=lambda s: f"{s.date} {s.start_time}"),
            Column("Time", lambda s: preferences.session_time(s), sort=lambda s: s.start_time),
            Column("Title", lambda s: s.title),
            Column("For", lambda s: "Cohort" if s.kind == "cohort" else f"Team {s.team_state or ''}",
                   tooltip=lambda s: "The whole cohort" if s.kind == "cohort" else "Support for one team"),
            Column("Where", lambda s: s.location or "In person" if s.format == "in_person" else "Video call"),
            Column("Facilitators", lambda s: s.facilitators or ""),
            Column("Status", lambda s: s.status_label, tone=lambda s: "muted_fg" if s.status == "cancelled" else None),
            Column("Attendance", self._attendance_text, tone=self._attendance_tone),
            Column("Flags", self._flags, tone=lambda s: "warning_fg" if self._flags(s) else None),
        )

    def _attendance_text(self, s) -> str:
        a = self.attendance.get(s.id)
        if s.status == "cancelled":
            return ""
        if a is None or a.recorded == 0:
            return "not taken" if s.date <= self.today else ""
        return f"{a.present} of {a.expected} present"

    def _attendance_tone(self, s) -> str | None:
        return "warning_fg" if self._attendance_text(s) == "not taken" else None

    def set_rows(self, rows) -> None:
        from equitycohort.data.schedule import holiday_on

        self.flag_text = {}
        for s in rows:
            flags = []
            if s.id in self.clashes:
                flags.append("⚠ clash with " + ", ".join(self.clashes[s.id]))
            holiday = holiday_on(dt.date.fromisoformat(s.date))
            if holiday and s.status != "cancelled":
                flags.append(f"⚑ {holiday}")
            self.flag_text[s.id] = "; ".join(flags)
        super().set_rows(rows)

    def _flags(self, s) -> str:
        return self.flag_text.get(s.id, "")
