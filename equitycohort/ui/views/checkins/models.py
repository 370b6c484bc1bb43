"""The check-in list: its table model, and the words the screen and form share."""

from __future__ import annotations

import datetime as dt

from equitycohort.data.checkins import (
    CheckinRecord,
)
from equitycohort.data.states import state_name
from equitycohort.ui import preferences
from equitycohort.ui.models import Column, RecordTableModel

PRIVATE_LABEL = "Private — facilitators only"


PRIVATE_NOTE = "Never shown to the team, nor put in anything made for it."


QUICK_ENTRY_KEYS = "Ctrl+Shift+K"


def day_text(iso: str | None) -> str:
    return preferences.day_with_weekday(iso)


class CheckinTableModel(RecordTableModel):
    COL_DATE, COL_TEAM, COL_MODE, COL_WHO, COL_SUMMARY, COL_STEPS, COL_NEXT = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = dt.date.today()
        #: check-ins that are their team's latest and whose next check-in date has passed
        self.late: set[str] = set()
        self.columns = (
            Column("Date", lambda c: day_text(c.date), sort=lambda c: (c.date, c.created)),
            Column("Team", lambda c: state_name(c.state), tooltip=lambda c: c.team_label),
            Column("Mode", lambda c: c.mode_label),
            Column("Who", lambda c: c.who, tooltip=lambda c: c.who),
            Column("Summary", lambda c: c.summary_line, tooltip=lambda c: (c.summary or "")[:600]),
            Column("Next steps", self._steps_text, sort=self._steps_sort, tone=self._steps_tone),
            Column("Next check-in", self._next_text, sort=lambda c: c.next_checkin_date or "",
                   tone=lambda c: "danger_fg" if c.id in self.late else None,
                   tooltip=lambda c: "Due and not yet held: no later check-in with this team."
                   if c.id in self.late else ""),
        )

    def set_rows(self, rows: list[CheckinRecord]) -> None:
        today = self.today.isoformat()
        latest: dict[str, CheckinRecord] = {}
        for c in rows:
            if c.team_id not in latest or (c.date, c.created) > (latest[c.team_id].date, latest[c.team_id].created):
                latest[c.team_id] = c
        self.late = {c.id for c in latest.values() if c.next_checkin_date and c.next_checkin_date < today}
        super().set_rows(rows)

    def _steps_text(self, c: CheckinRecord) -> str:
        if not c.next_steps:
            return ""
        open_, overdue = c.open_steps(), c.overdue_steps(self.today)
        if not open_:
            return "All done"
        return f"{open_} open, {overdue} overdue" if overdue else f"{open_} open"

    def _steps_sort(self, c: CheckinRecord):
        return (c.overdue_steps(self.today), c.open_steps(), len(c.next_steps))

    def _steps_tone(self, c: CheckinRecord) -> str | None:
        if c.overdue_steps(self.today):
            return "danger_fg"
        return "ok_fg" if c.next_steps and not c.open_steps() else None

    def _next_text(self, c: CheckinRecord) -> str:
        text = day_text(c.next_checkin_date)
        return f"⚠ {text}" if c.id in self.late else text
