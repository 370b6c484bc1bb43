"""The dialogs that edit a goal (with its figures), an action and a milestone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from equitycohort import i18n
from equitycohort.data.partners import partner_choices
from equitycohort.data.schema import ACTION_STATUSES
from equitycohort.data.teams import team_leaders
from equitycohort.data.workplans import (
    add_action,
    add_goal,
    add_milestone,
    goal_choices,
    goal_progress,
    update_action,
    update_goal,
    update_milestone,
)
from equitycohort.i18n import _
from equitycohort.ui.fields import DateField
from equitycohort.ui.forms import FormDialog, combo, line, text_box, text_of
from equitycohort.ui.labels import muted
from equitycohort.ui.models import percent

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change



def _figure_text(value: float | None) -> str:
    """A stored figure as the user would type it (no grouping, no rounding)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "")) if text.strip() else None
    except ValueError:
        return None


class GoalDialog(FormDialog):
    """A measurable goal: its figures, with the progress they give shown as one types."""

    def __init__(self, parent, ws, team_id: str, goal: dict | None = None):
        super().__init__(parent, _("Edit goal") if goal else _("New goal"))
        self.ws, self.team_id, self.goal = ws, team_id, goal
        g = goal or {}
        self.add_field("title", _("&Goal"), line(g.get("title"),
                                                 _("e.g. Publish policy briefs with disaggregated data")))
        self.add_field("description", _("&Description"),
                       text_box(g.get("description"), height=54)).setMaximumHeight(80)
        self.add_field("indicator", _("&Indicator"), line(g.get("indicator"), _("what you will count")),
                       _("The measure that shows progress, e.g. briefs with data by race and language"))
        self.add_field("unit", _("&Unit"), line(g.get("unit"), _("e.g. briefs, partners, %"), max_length=40))
        for name, label, hint in (("baseline", _("&Baseline"), _("where the team started")),
                                  ("target", _("&Target"), _("where the team wants to be")),
                                  ("current", _("&Current value"), _("where the team is now"))):
            edit = line(_figure_text(g.get(name)), hint, 40)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaximumWidth(180)
            edit.textChanged.connect(self._preview)
            self.add_field(name, label, edit)
        self.preview = muted()
        self.preview.setAccessibleName(_("Progress from these figures"))
        self.form.addRow(_("Progress"), self.preview)
        self._preview()
        self.finish_layout()

    def _preview(self, *args) -> None:
        figures = [_number(text_of(self.fields[n])) for n in ("baseline", "target", "current")]
        value = goal_progress(*figures)
        if value is None:
            self.preview.setText(_("Worked out once the baseline, target and current value are all set."))
        else:
            self.preview.setText(_("{progress} of the way from the baseline to the target.").format(
                progress=percent(value)))

    def values(self) -> dict:
        values: dict[str, str | None] = {name: text_of(self.fields[name])
                                          for name in ("title", "description", "indicator", "unit")}
        values.update({name: text_of(self.fields[name]) or None for name in ("baseline", "target", "current")})
        values["unit"] = values["unit"] or None
        values["indicator"] = values["indicator"] or None
        return values

    def save(self) -> Change:
        if self.goal:
            return update_goal(self.ws, self.goal["id"], self.values())
        return add_goal(self.ws, self.team_id, self.values())


class ActionDialog(FormDialog):
    """An action under a goal: owner from the team, dates, status, support needed, partner."""

    def __init__(self, parent, ws, team_id: str, goal_id: str | None = None, action: dict | None = None):
        super().__init__(parent, _("Edit action") if action else _("New action"))
        self.ws, self.team_id, self.action = ws, team_id, action
        a = action or {}
        self.goal = self.add_field("goal_id", _("G&oal"),
                                   combo(goal_choices(ws, team_id), a.get("goal_id") or goal_id))
        self.add_field("title", _("&Action"), line(a.get("title"), _("what will be done")))
        owners: list[tuple[str | None, str]] = [(None, _("No owner yet"))]
        owners += [(p.person_id, _("{name} (executive director)").format(name=p.name)
                    if p.is_executive_director else p.name)
                   for p in team_leaders(ws, team_id)]
        if a.get("owner_id") and a["owner_id"] not in {o[0] for o in owners}:
            person = ws.get("people", a["owner_id"])
            owners.append((a["owner_id"], _("{name} (no longer on the team)").format(
                name=person["name"] if person else _("Unknown"))))
        self.add_field("owner_id", _("O&wner"), combo(owners, a.get("owner_id")))
        self.start = self.add_field("start_date", _("&Start date"), DateField(
            a.get("start_date") if action else dt.date.today(), optional=True))
        self.due = self.add_field("due_date", _("D&ue date"), DateField(
            a.get("due_date"), optional=True, fallback=lambda: dt.date.today() + dt.timedelta(days=30)))
        self.add_field("status", _("Sta&tus"), combo(i18n.labels(ACTION_STATUSES), a.get("status") or "not_started"))
        self.add_field("support_needed", _("Support &needed"),
                       text_box(a.get("support_needed"), _("what would help the team"), height=54)
                       ).setMaximumHeight(80)
        self.add_field("partner_id", _("&Partner"),
                       combo([(None, _("None")), *partner_choices(ws)], a.get("partner_id")))
        self.add_field("notes", _("Not&es"), text_box(a.get("notes"), height=54)).setMaximumHeight(80)
        self.finish_layout()

    def values(self) -> dict:
        return {
            "goal_id": self.goal.currentData(),
            "title": text_of(self.fields["title"]),
            "owner_id": self.fields["owner_id"].currentData(),
            "start_date": self.start.value(),
            "due_date": self.due.value(),
            "status": self.fields["status"].currentData(),
            "support_needed": text_of(self.fields["support_needed"]),
            "partner_id": self.fields["partner_id"].currentData(),
            "notes": text_of(self.fields["notes"]),
        }

    def save(self) -> Change:
        values = self.values()
        if self.action:
            return update_action(self.ws, self.action["id"], values)
        return add_action(self.ws, values["goal_id"], values)


class MilestoneDialog(FormDialog):
    def __init__(self, parent, ws, team_id: str, milestone: dict | None = None, goal_id: str | None = None):
        super().__init__(parent, _("Edit milestone") if milestone else _("New milestone"))
        self.ws, self.team_id, self.milestone = ws, team_id, milestone
        m = milestone or {}
        self.add_field("title", _("&Milestone"), line(m.get("title"), _("e.g. First brief published")))
        goals = [(None, _("Not tied to one goal"))] + goal_choices(ws, team_id)
        self.add_field("goal_id", _("G&oal"), combo(goals, m.get("goal_id") if milestone else goal_id))
        self.due = self.add_field("due_date", _("D&ue date"), DateField(m.get("due_date"), optional=True))
        self.reached = self.add_field("reached_date", _("&Reached on"),
                                      DateField(m.get("reached_date"), optional=True))
        self.finish_layout()

    def values(self) -> dict:
        return {"title": text_of(self.fields["title"]), "goal_id": self.fields["goal_id"].currentData(),
                "due_date": self.due.value(), "reached_date": self.reached.value()}

    def save(self) -> Change:
        if self.milestone:
            return update_milestone(self.ws, self.milestone["id"], self.values())
        return add_milestone(self.ws, self.team_id, self.values())
