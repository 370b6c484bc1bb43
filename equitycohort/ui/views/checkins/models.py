"""The check-in list: its table model, and the words the screen and form share."""

from __future__ import annotations

import datetime as dt

from equitycohort import i18n
from equitycohort.data.checkins import (
    CheckinRecord,
)
from equitycohort.data.schema import CHECKIN_MODES
from equitycohort.data.states import state_name
from equitycohort.i18n import N_, _, ngettext
from equitycohort.ui import preferences
from equitycohort.ui.models import Column, RecordTableModel

#: shown with the private notes wherever they appear (translated there: ``_(PRIVATE_LABEL)``)
PRIVATE_LABEL = N_("Private — facilitators only")


PRIVATE_NOTE = N_("Never shown to the team, nor put in anything made for it.")


QUICK_ENTRY_KEYS = "Ctrl+Shift+K"


def day_text(iso: str | None) -> str:
    return preferences.day_with_weekday(iso)


def mode_text(c: CheckinRecord) -> str:
    """How a check-in was held (Call, Visit, Video, E-mail), in the app's language."""
    return i18n.label(CHECKIN_MODES, c.mode)


def who_text(c: CheckinRecord) -> str:
    """The facilitator and the partner who held a check-in, as far as recorded."""
    if c.facilitator_name and c.partner_name:
        return _("{facilitator} with {partner}").format(facilitator=c.facilitator_name, partner=c.partner_name)
    return c.facilitator_name or c.partner_name or ""


class CheckinTableModel(RecordTableModel):
    COL_DATE, COL_TEAM, COL_MODE, COL_WHO, COL_SUMMARY, COL_STEPS, COL_NEXT = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = dt.date.today()
        #: check-ins that are their team's latest and whose next check-in date has passed
        self.late: set[str] = set()
        self.columns = (
            Column(N_("Date"), lambda c: day_text(c.date), sort=lambda c: (c.date, c.created)),
            Column(N_("Team"), lambda c: state_name(c.state), tooltip=lambda c: c.team_label),
            Column(N_("Mode"), mode_text),
            Column(N_("Who"), who_text, tooltip=who_text),
            Column(N_("Summary"), lambda c: c.summary_line, tooltip=lambda c: (c.summary or "")[:600]),
            Column(N_("Next steps"), self._steps_text, sort=self._steps_sort, tone=self._steps_tone),
            Column(N_("Next check-in"), self._next_text, sort=lambda c: c.next_checkin_date or "",
                   tone=lambda c: "danger_fg" if c.id in self.late else None,
                   tooltip=lambda c: _("Due and not yet held: no later check-in with this team.")
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
            return _("All done")
        if overdue:
            return ngettext("{open} open, {overdue} overdue", "{open} open, {overdue} overdue", open_).format(
                open=open_, overdue=overdue)
        return ngettext("{open} open", "{open} open", open_).format(open=open_)

    def _steps_sort(self, c: CheckinRecord):
        return (c.overdue_steps(self.today), c.open_steps(), len(c.next_steps))

    def _steps_tone(self, c: CheckinRecord) -> str | None:
        if c.overdue_steps(self.today):
            return "danger_fg"
        return "ok_fg" if c.next_steps and not c.open_steps() else None

    def _next_text(self, c: CheckinRecord) -> str:
        text = day_text(c.next_checkin_date)
        return f"⚠ {text}" if c.id in self.late else text
