"""The session list's table model: dates, times, attendance taken and flags."""

from __future__ import annotations

import datetime as dt

from equitycohort import i18n
from equitycohort.data.schema import SESSION_STATUSES
from equitycohort.i18n import N_, _
from equitycohort.ui import preferences
from equitycohort.ui.models import Column, RecordTableModel


def where_text(s) -> str:
    """Where a session is held, as the list shows it: its place, or how it meets."""
    if s.format == "in_person":
        return s.location or _("In person")
    return _("Video call")


class SessionTableModel(RecordTableModel):
    COL_DATE, COL_TIME, COL_TITLE, COL_KIND, COL_WHERE, COL_FACILITATORS, COL_STATUS, COL_ATTENDANCE, COL_FLAGS = range(9)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.attendance: dict = {}
        self.clashes: dict[str, list[str]] = {}
        self.flag_text: dict[str, str] = {}
        self.today = dt.date.today().isoformat()
        self.columns = (
            Column(N_("Date"), lambda s: preferences.day_with_weekday(s.date),
                   sort=lambda s: f"{s.date} {s.start_time}"),
            Column(N_("Time"), lambda s: preferences.session_time(s), sort=lambda s: s.start_time),
            Column(N_("Title"), lambda s: s.title),
            # Translators: the column saying whom a session is for (the cohort, or one team)
            Column(N_("For"), lambda s: _("Cohort") if s.kind == "cohort"
                   else _("Team {state}").format(state=s.team_state or "").strip(),
                   tooltip=lambda s: _("The whole cohort") if s.kind == "cohort" else _("Support for one team")),
            Column(N_("Where"), where_text),
            Column(N_("Facilitators"), lambda s: s.facilitators or ""),
            Column(N_("Status"), lambda s: i18n.label(SESSION_STATUSES, s.status),
                   tone=lambda s: "muted_fg" if s.status == "cancelled" else None),
            Column(N_("Attendance"), self._attendance_text, tone=self._attendance_tone),
            Column(N_("Flags"), self._flags, tone=lambda s: "warning_fg" if self._flags(s) else None),
        )

    def _not_taken(self, s) -> bool:
        """A past session, not cancelled, with no attendance recorded."""
        a = self.attendance.get(s.id)
        return s.status != "cancelled" and (a is None or a.recorded == 0) and s.date <= self.today

    def _attendance_text(self, s) -> str:
        a = self.attendance.get(s.id)
        if s.status == "cancelled":
            return ""
        if a is None or a.recorded == 0:
            return _("not taken") if self._not_taken(s) else ""
        return _("{present} of {expected} present").format(present=a.present, expected=a.expected)

    def _attendance_tone(self, s) -> str | None:
        return "warning_fg" if self._not_taken(s) else None

    def set_rows(self, rows) -> None:
        from equitycohort.data.schedule import holiday_on

        self.flag_text = {}
        for s in rows:
            flags = []
            if s.id in self.clashes:
                flags.append("⚠ " + _("clash with {sessions}").format(sessions=", ".join(self.clashes[s.id])))
            holiday = holiday_on(dt.date.fromisoformat(s.date))
            if holiday and s.status != "cancelled":
                flags.append(f"⚑ {holiday}")
            self.flag_text[s.id] = "; ".join(flags)
        super().set_rows(rows)

    def _flags(self, s) -> str:
        return self.flag_text.get(s.id, "")
