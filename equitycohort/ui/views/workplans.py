"""Each team's workplan: measurable goals with derived progress, their actions, milestones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPalette, QPen, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.schema import ACTION_STATUSES
from equitycohort.data.teams import TeamRecord, list_teams, team_leaders
from equitycohort.data.workplans import (
    ActionRecord,
    GoalRecord,
    PlanSummary,
    Workplan,
    add_action,
    add_goal,
    add_milestone,
    format_figure,
    goal_progress,
    load_workplan,
    milestone_overdue,
    move_action,
    move_goal,
    plan_summaries,
    set_action_status,
    set_milestone_reached,
    team_of,
    update_action,
)
from equitycohort.ui import dialogs, theme
from equitycohort.ui.forms import FormDialog, combo, line, set_combo, text_box, text_of, to_qdate
from equitycohort.ui.models import ACCESSIBLE, DISPLAY, Column, RecordRole, RecordTableModel, percent, plural
from equitycohort.ui.views.base import (
    EmptyState,
    View,
    button,
    button_row,
    fit_columns,
    heading,
    muted,
    record_table,
    select_id,
    selected_record,
)

OVERDUE = "⚠ overdue"


def short_date(value: str | None) -> str:
    return dt.date.fromisoformat(value).strftime("%d %b %Y") if value else ""


# --- progress, painted the same way in tables and at the top ------------------

def paint_progress(painter: QPainter, rect: QRect, value: float | None, palette: QPalette,
                   selected: bool = False) -> None:
    """A bar with its percentage beside it; an unmeasured goal says so in words.

    The track is outlined and the figure is always written, so the bar reads in
    greyscale and in either theme.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
    metrics = painter.fontMetrics()
    if value is None:
        painter.setPen(text_color if selected else theme.color("muted_fg"))
        painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         "not measured")
        painter.restore()
        return
    label = percent(value)
    label_width = metrics.horizontalAdvance("100%") + 8
    height = min(12, max(6, rect.height() - 12))
    bar = QRect(rect.left() + 4, rect.center().y() - height // 2 + 1,
                max(10, rect.width() - label_width - 10), height)
    painter.setPen(QPen(theme.color("muted_fg"), 1))
    painter.setBrush(theme.color("timeline_grid"))
    painter.drawRoundedRect(bar.adjusted(0, 0, -1, -1), 3, 3)
    filled = round(bar.width() * max(0.0, min(1.0, value)))
    if filled > 0:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.color("accent"))
        painter.drawRoundedRect(QRect(bar.left(), bar.top(), filled, bar.height()).adjusted(0, 0, -1, -1), 3, 3)
    painter.setPen(text_color)
    painter.drawText(QRect(bar.right() + 6, rect.top(), label_width, rect.height()),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
    painter.restore()


def cell_data(index, role):
    """A cell's data, asked of the model itself rather than through ``QModelIndex.data()``.

    PySide6 6.12 on Python 3.10 and 3.11 drops a reference to None for every
    None a Qt call returns; the model's own Python method returns it untouched.
    """
    model = index.model()
    return model.data(index, role) if model is not None else None


class ProgressDelegate(QStyledItemDelegate):
    """Paints a progress bar in a table cell from a value taken off the row's record."""

    def __init__(self, value_of, parent=None):
        super().__init__(parent)
        self.value_of = value_of

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        record = cell_data(index, RecordRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        paint_progress(painter, option.rect, self.value_of(record) if record is not None else None,
                       option.palette, selected)

    def sizeHint(self, option, index) -> QSize:
        return QSize(150, 26)


class TwoLineDelegate(QStyledItemDelegate):
    """A title with a muted line of detail under it (an action's support needed, a goal's indicator)."""

    def __init__(self, detail_of, parent=None):
        super().__init__(parent)
        self.detail_of = detail_of

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        record = cell_data(index, RecordRole)
        detail = self.detail_of(record) if record is not None else ""
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        rect = option.rect.adjusted(4, 3, -4, -3)
        foreground = cell_data(index, Qt.ItemDataRole.ForegroundRole)
        if selected:
            main = option.palette.color(QPalette.ColorRole.HighlightedText)
        else:
            main = foreground if foreground is not None else option.palette.color(QPalette.ColorRole.Text)
        metrics = painter.fontMetrics()
        top = rect if not detail else QRect(rect.left(), rect.top(), rect.width(), rect.height() // 2)
        painter.setPen(main)
        painter.drawText(top, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, top.width()))
        if detail:
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 0.92)
            painter.setFont(font)
            small = painter.fontMetrics()
            bottom = QRect(rect.left(), rect.top() + rect.height() // 2, rect.width(), rect.height() - rect.height() // 2)
            painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText) if selected
                           else theme.color("muted_fg"))
            painter.drawText(bottom, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             small.elidedText(detail, Qt.TextElideMode.ElideRight, bottom.width()))
        painter.restore()


class ProgressMeter(QProgressBar):
    """A progress bar (so assistive technology reads its value) painted like the table cells."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRange(0, 100)
        self.setAccessibleName(name)
        self.setTextVisible(False)
        self.setMinimumWidth(220)
        self.setFixedHeight(24)
        self.progress: float | None = None

    def set_progress(self, value: float | None) -> None:
        self.progress = value
        self.setValue(0 if value is None else round(value * 100))
        self.setAccessibleDescription("not measured yet" if value is None else percent(value))
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        paint_progress(painter, self.rect(), self.progress, self.palette())
        painter.end()


# --- rows and models ----------------------------------------------------------

@dataclass(frozen=True)
class TeamPlanRow:
    team: TeamRecord
    plan: PlanSummary

    @property
    def id(self) -> str:
        return self.team.id


@dataclass(frozen=True)
class GoalRow:
    number: int
    goal: GoalRecord

    @property
    def id(self) -> str:
        return self.goal.id


@dataclass(frozen=True)
class ActionRow:
    number: int
    action: ActionRecord
    overdue: bool

    @property
    def id(self) -> str:
        return self.action.id


@dataclass(frozen=True)
class MilestoneRow:
    milestone: dict
    goal_label: str
    overdue: bool

    @property
    def id(self) -> str:
        return self.milestone["id"]


def _overdue_text(r: TeamPlanRow) -> str:
    late = r.plan.overdue_actions + r.plan.overdue_milestones
    return f"⚠ {late}" if late else ""


class TeamPlanTableModel(RecordTableModel):
    COL_TEAM, COL_PROGRESS, COL_OVERDUE = range(3)
    columns = (
        Column("Team", lambda r: r.team.state_name, tooltip=lambda r: r.team.label),
        Column("Plan progress", lambda r: percent(r.plan.progress),
               sort=lambda r: -1 if r.plan.progress is None else r.plan.progress,
               tooltip=lambda r: f"{r.plan.actions_done} of {r.plan.actions} actions done"),
        Column("Overdue", _overdue_text, sort=lambda r: r.plan.overdue_actions + r.plan.overdue_milestones,
               tone=lambda r: "danger_fg" if _overdue_text(r) else None,
               tooltip=lambda r: (f"{plural(r.plan.overdue_actions, 'action')} and "
                                  f"{plural(r.plan.overdue_milestones, 'milestone')} overdue")),
    )


def _goal_tooltip(r: GoalRow) -> str:
    g = r.goal
    lines = [g.title]
    if g.indicator:
        lines.append(f"Indicator: {g.indicator}")
    if g.description:
        lines.append(g.description)
    return "\n".join(lines)


class TwoLineModel(RecordTableModel):
    """A model whose ``detail_column`` carries a second line, read out with the first."""

    detail_column = -1

    def detail(self, record) -> str:
        return ""

    def data(self, index, role=DISPLAY):
        if int(role) == ACCESSIBLE and index.column() == self.detail_column and 0 <= index.row() < self.rowCount():
            record = self.record(index.row())
            extra = self.detail(record)
            text = self.columns[index.column()].text(record)
            return f"{text}. {extra}" if extra else text
        return super().data(index, role)


def goal_detail(r: GoalRow) -> str:
    return f"Indicator: {r.goal.indicator}" if r.goal.indicator else "No indicator yet"


def action_detail(r: ActionRow) -> str:
    a = r.action
    parts = []
    if a.support_needed:
        parts.append("Support needed: " + " ".join(a.support_needed.split()))
    if a.partner_name:
        parts.append(f"Partner: {a.partner_name}")
    return " · ".join(parts)


class GoalTableModel(TwoLineModel):
    COL_NUMBER, COL_GOAL, COL_BASELINE, COL_TARGET, COL_CURRENT, COL_PROGRESS, COL_ACTIONS = range(7)
    detail_column = COL_GOAL
    right = Qt.AlignmentFlag.AlignRight
    columns = (
        Column("#", lambda r: str(r.number), sort=lambda r: r.number, align=right),
        Column("Goal and indicator", lambda r: r.goal.title, tooltip=_goal_tooltip),
        Column("Baseline", lambda r: format_figure(r.goal.baseline, r.goal.unit), align=right),
        Column("Target", lambda r: format_figure(r.goal.target, r.goal.unit), align=right),
        Column("Current", lambda r: format_figure(r.goal.current, r.goal.unit), align=right),
        Column("Progress", lambda r: percent(r.goal.progress) if r.goal.progress is not None else "not measured"),
        Column("Actions done", lambda r: f"{r.goal.actions_done} of {r.goal.action_count}", align=right),
    )

    def detail(self, record) -> str:
        return goal_detail(record)


class ActionTableModel(TwoLineModel):
    COL_NUMBER, COL_ACTION, COL_OWNER, COL_START, COL_DUE, COL_STATUS = range(6)
    detail_column = COL_ACTION

    def __init__(self, parent=None):
        super().__init__(parent)
        late = lambda r: "danger_fg" if r.overdue else None  # noqa: E731
        self.columns = (
            Column("#", lambda r: str(r.number), sort=lambda r: r.number, align=Qt.AlignmentFlag.AlignRight),
            Column("Action, support needed and partner", lambda r: r.action.title,
                   tooltip=lambda r: "\n".join([r.action.title, *action_detail(r).split(" · ")]).strip()),
            Column("Owner", lambda r: r.action.owner_name or "–"),
            Column("Start", lambda r: short_date(r.action.start_date), sort=lambda r: r.action.start_date or ""),
            Column("Due", lambda r: short_date(r.action.due_date) + (f"  {OVERDUE}" if r.overdue else ""),
                   sort=lambda r: r.action.due_date or "", tone=late,
                   tooltip=lambda r: "Overdue: not done and due before today" if r.overdue else ""),
            Column("Status", lambda r: r.action.status_label,
                   tone=lambda r: "danger_fg" if r.overdue else
                   ("warning_fg" if r.action.status == "blocked" else
                    ("ok_fg" if r.action.status == "done" else None))),
        )

    def detail(self, record) -> str:
        return action_detail(record)


class MilestoneTableModel(RecordTableModel):
    COL_MILESTONE, COL_GOAL, COL_DUE, COL_REACHED = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns = (
            Column("Milestone", lambda r: r.milestone["title"]),
            Column("Goal", lambda r: r.goal_label),
            Column("Due", lambda r: short_date(r.milestone["due_date"]) + (f"  {OVERDUE}" if r.overdue else ""),
                   sort=lambda r: r.milestone["due_date"] or "",
                   tone=lambda r: "danger_fg" if r.overdue else None),
            Column("Reached", lambda r: f"✓ {short_date(r.milestone['reached_date'])}"
                   if r.milestone["reached_date"] else "Not yet",
                   sort=lambda r: r.milestone["reached_date"] or "",
                   tone=lambda r: "ok_fg" if r.milestone["reached_date"] else None),
        )


# --- dialogs ------------------------------------------------------------------

class OptionalDate(QWidget):
    """A date that may be left unset: a tick box, then the date (today by default)."""

    changed = Signal()

    def __init__(self, label: str, value: str | None = None, default: dt.date | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox("Set")
        self.check.setAccessibleName(f"Set a {label.lower()}")
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy")
        self.edit.setMinimumDate(QDate(1900, 1, 1))
        self.edit.setMaximumDate(QDate(2199, 12, 31))
        self.edit.setAccessibleName(label)
        day = dt.date.fromisoformat(value) if value else (default or dt.date.today())
        self.edit.setDate(to_qdate(day))
        self.check.setChecked(bool(value))
        self.edit.setEnabled(bool(value))
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(self.changed)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit if value else self.check)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.setFocusProxy(self.edit if on else self.check)
        if on:
            self.edit.setFocus()
        self.changed.emit()

    def set_value(self, value: str | None) -> None:
        self.check.setChecked(bool(value))
        if value:
            self.edit.setDate(to_qdate(dt.date.fromisoformat(value)))

    def value(self) -> str | None:
        return self.edit.date().toString("yyyy-MM-dd") if self.check.isChecked() else None


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


def goal_choices(ws, team_id: str) -> list[tuple[str, str]]:
    goals = ws.query("SELECT id, title FROM goals WHERE team_id = ? ORDER BY position, created, id", (team_id,))
    return [(g[0], f"{i}. {g[1]}") for i, g in enumerate(goals, start=1)]


def partner_choices(ws) -> list[tuple[str | None, str]]:
    return [(None, "None")] + [(r["id"], r["name"]) for r in ws.rows("SELECT id, name FROM partners ORDER BY name")]


class GoalDialog(FormDialog):
    """A measurable goal: its figures, with the progress they give shown as one types."""

    def __init__(self, parent, ws, team_id: str, goal: dict | None = None):
        super().__init__(parent, "Edit goal" if goal else "New goal")
        self.ws, self.team_id, self.goal = ws, team_id, goal
        g = goal or {}
        self.add_field("title", "&Goal", line(g.get("title"), "e.g. Publish policy briefs with disaggregated data"))
        self.add_field("description", "&Description", text_box(g.get("description"), height=54)).setMaximumHeight(80)
        self.add_field("indicator", "&Indicator", line(g.get("indicator"), "what you will count"),
                       "The measure that shows progress, e.g. briefs with data by race and language")
        self.add_field("unit", "&Unit", line(g.get("unit"), "e.g. briefs, partners, %", max_length=40))
        for name, label, hint in (("baseline", "&Baseline", "where the team started"),
                                  ("target", "&Target", "where the team wants to be"),
                                  ("current", "&Current value", "where the team is now")):
            edit = line(_figure_text(g.get(name)), hint, 40)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setMaximumWidth(180)
            edit.textChanged.connect(self._preview)
            self.add_field(name, label, edit)
        self.preview = muted()
        self.preview.setAccessibleName("Progress from these figures")
        self.form.addRow("Progress", self.preview)
        self._preview()
        self.finish_layout()

    def _preview(self, *args) -> None:
        figures = [_number(text_of(self.fields[n])) for n in ("baseline", "target", "current")]
        value = goal_progress(*figures)
        if value is None:
            self.preview.setText("Worked out once the baseline, target and current value are all set.")
        else:
            self.preview.setText(f"{percent(value)} of the way from the baseline to the target.")

    def values(self) -> dict:
        values = {name: text_of(self.fields[name]) for name in ("title", "description", "indicator", "unit")}
        values.update({name: text_of(self.fields[name]) or None for name in ("baseline", "target", "current")})
        values["unit"] = values["unit"] or None
        values["indicator"] = values["indicator"] or None
        return values

    def save(self) -> None:
        if self.goal:
            self.ws.update("goals", self.goal["id"], self.values(), label="Edit goal")
        else:
            add_goal(self.ws, self.team_id, self.values())


class ActionDialog(FormDialog):
    """An action under a goal: owner from the team, dates, status, support needed, partner."""

    def __init__(self, parent, ws, team_id: str, goal_id: str | None = None, action: dict | None = None):
        super().__init__(parent, "Edit action" if action else "New action")
        self.ws, self.team_id, self.action = ws, team_id, action
        a = action or {}
        self.goal = self.add_field("goal_id", "G&oal", combo(goal_choices(ws, team_id), a.get("goal_id") or goal_id))
        self.add_field("title", "&Action", line(a.get("title"), "what will be done"))
        owners: list[tuple[str | None, str]] = [(None, "No owner yet")]
        owners += [(p.person_id, p.name + (" (executive director)" if p.is_executive_director else ""))
                   for p in team_leaders(ws, team_id)]
        if a.get("owner_id") and a["owner_id"] not in {o[0] for o in owners}:
            person = ws.get("people", a["owner_id"])
            owners.append((a["owner_id"], f"{person['name'] if person else 'Unknown'} (no longer on the team)"))
        self.add_field("owner_id", "O&wner", combo(owners, a.get("owner_id")))
        self.start = self.add_field("start_date", "&Start date",
                                    OptionalDate("Start date", a.get("start_date") if action else dt.date.today().isoformat()))
        self.due = self.add_field("due_date", "D&ue date", OptionalDate("Due date", a.get("due_date"),
                                                                       dt.date.today() + dt.timedelta(days=30)))
        self.add_field("status", "Stat&us", combo(ACTION_STATUSES, a.get("status") or "not_started"))
        self.add_field("support_needed", "Support &needed",
                       text_box(a.get("support_needed"), "what would help the team", height=54)).setMaximumHeight(80)
        self.add_field("partner_id", "&Partner", combo(partner_choices(ws), a.get("partner_id")))
        self.add_field("notes", "No&tes", text_box(a.get("notes"), height=54)).setMaximumHeight(80)
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

    def save(self) -> None:
        values = self.values()
        if self.action:
            update_action(self.ws, self.action["id"], values)
        else:
            add_action(self.ws, values["goal_id"], values)


class MilestoneDialog(FormDialog):
    def __init__(self, parent, ws, team_id: str, milestone: dict | None = None, goal_id: str | None = None):
        super().__init__(parent, "Edit milestone" if milestone else "New milestone")
        self.ws, self.team_id, self.milestone = ws, team_id, milestone
        m = milestone or {}
        self.add_field("title", "&Milestone", line(m.get("title"), "e.g. First brief published"))
        goals = [(None, "Not tied to one goal")] + goal_choices(ws, team_id)
        self.add_field("goal_id", "G&oal", combo(goals, m.get("goal_id") if milestone else goal_id))
        self.due = self.add_field("due_date", "D&ue date", OptionalDate("Due date", m.get("due_date")))
        self.reached = self.add_field("reached_date", "&Reached on", OptionalDate("Reached on", m.get("reached_date")))
        self.finish_layout()

    def values(self) -> dict:
        return {"title": text_of(self.fields["title"]), "goal_id": self.fields["goal_id"].currentData(),
                "due_date": self.due.value(), "reached_date": self.reached.value()}

    def save(self) -> None:
        if self.milestone:
            self.ws.update("milestones", self.milestone["id"], self.values(), label="Edit milestone")
        else:
            add_milestone(self.ws, self.team_id, self.values())


# --- the screen -----------------------------------------------------------------

def section_title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.12)
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def _ordered_table(model: TwoLineModel, name: str, detail_of) -> QTableView:
    """A table in the plan's order (not sortable by header), its main column in two lines."""
    table = record_table(model, name, stretch=model.detail_column)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the number column: the plan's order
    table.setSortingEnabled(False)
    table.horizontalHeader().setSortIndicatorShown(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().lineSpacing() * 2 + 14)
    table.setItemDelegateForColumn(model.detail_column, TwoLineDelegate(detail_of, table))
    return table


class WorkplansView(View):
    title = "Workplans"
    tables = frozenset({"cohorts", "teams", "team_members", "people", "partners", "goals", "actions", "milestones"})

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan: Workplan | None = None
        self.today = dt.date.today()
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading("Workplans")
        layout.addWidget(self.heading)

        self.pages = QStackedWidget()
        self.no_cohort = EmptyState("No cohort yet", "Create a cohort on the Cohorts screen first; "
                                    "each of its teams' workplans is kept here.", [])
        self.no_teams = EmptyState(
            "No teams yet",
            "This cohort has no state teams. Add them on the Teams screen; each team's goals, "
            "actions and milestones are then planned and followed here.",
            [button("Go to &Teams", lambda: self.navigate.emit("Teams", ""), "Go to Teams")])
        self.pages.addWidget(self.no_cohort)
        self.pages.addWidget(self.no_teams)
        self.pages.addWidget(self._main_page())
        layout.addWidget(self.pages, 1)

        for keys, delta in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.move_focused(d))

    # --- layout -----------------------------------------------------------

    def _main_page(self) -> QWidget:
        page = QWidget()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self._team_pane())
        split.addWidget(self._plan_pane())
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 800])
        self.split = split
        row = QVBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(split)
        return page

    def _team_pane(self) -> QWidget:
        pane = QWidget()
        pane.setMinimumWidth(250)
        column = QVBoxLayout(pane)
        column.setContentsMargins(0, 0, 8, 0)
        self.team_model = TeamPlanTableModel(self)
        self.team_table = record_table(self.team_model, "Teams and their plan progress",
                                       stretch=TeamPlanTableModel.COL_TEAM)
        self.team_table.setItemDelegateForColumn(TeamPlanTableModel.COL_PROGRESS,
                                                 ProgressDelegate(lambda r: r.plan.progress, self.team_table))
        self.team_table.sortByColumn(TeamPlanTableModel.COL_TEAM, Qt.SortOrder.AscendingOrder)
        self.team_table.selectionModel().selectionChanged.connect(self._team_selected)
        label = section_title("&Teams")
        label.setAccessibleName("Teams")
        label.setBuddy(self.team_table)
        column.addWidget(label)
        column.addWidget(self.team_table, 1)
        self.team_note = muted("Overdue counts actions and milestones past their due date.")
        column.addWidget(self.team_note)
        return pane

    def _plan_pane(self) -> QWidget:
        pane = QWidget()
        column = QVBoxLayout(pane)
        column.setContentsMargins(8, 0, 0, 0)
        self.team_title = section_title("")
        self.team_title.setWordWrap(True)
        column.addWidget(self.team_title)
        summary = QHBoxLayout()
        self.meter = ProgressMeter("Plan progress")
        self.meter.setMaximumWidth(300)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Plan summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary.addWidget(QLabel("Plan progress"))
        summary.addWidget(self.meter)
        summary.addSpacing(8)
        summary.addWidget(self.summary, 1)
        column.addLayout(summary)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Workplan")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._goals_page(), "Goals and actions")
        self.tabs.addTab(self._milestones_page(), "Milestones")
        column.addWidget(self.tabs, 1)
        return pane

    def _goals_page(self) -> QWidget:
        self.goal_pages = QStackedWidget()
        self.no_goals = EmptyState(
            "No workplan yet",
            "No goals yet — add the team's first measurable goal: what it will count (the indicator), "
            "where it starts and where it aims to be. Progress is worked out from those figures.",
            [button("Add the first &goal…", self.add_goal, "Add the first goal")])
        self.goal_pages.addWidget(self.no_goals)

        self.goals_box = QWidget()
        goals = QVBoxLayout(self.goals_box)
        goals.setContentsMargins(0, 6, 0, 0)
        self.add_goal_button = button("Add &goal…", self.add_goal, "Add goal")
        self.edit_goal_button = button("Edit g&oal…", self.edit_goal, "Edit goal")
        self.delete_goal_button = button("Delete goal…", self.delete_goal, "Delete goal")
        self.goal_up_button = button("Move up", lambda: self.move_goal(-1), "Move goal up",
                                     "Move the selected goal up (Ctrl+Up)")
        self.goal_down_button = button("Move down", lambda: self.move_goal(+1), "Move goal down",
                                       "Move the selected goal down (Ctrl+Down)")
        row = QHBoxLayout()
        row.addWidget(section_title("Goals"))
        row.addSpacing(12)
        row.addLayout(button_row(self.add_goal_button, self.edit_goal_button, self.delete_goal_button,
                                 self.goal_up_button, self.goal_down_button), 1)
        goals.addLayout(row)
        self.goal_model = GoalTableModel(self)
        self.goal_table = _ordered_table(self.goal_model, "Goals", goal_detail)
        self.goal_table.setItemDelegateForColumn(GoalTableModel.COL_PROGRESS,
                                                 ProgressDelegate(lambda r: r.goal.progress, self.goal_table))
        self.goal_table.selectionModel().selectionChanged.connect(self._goal_selected)
        self.goal_table.doubleClicked.connect(self.edit_goal)
        goals.addWidget(self.goal_table, 1)
        self.goal_detail = muted()
        self.goal_detail.setAccessibleName("Selected goal")
        self.goal_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        goals.addWidget(self.goal_detail)

        self.actions_box = QWidget()
        actions = QVBoxLayout(self.actions_box)
        actions.setContentsMargins(0, 6, 0, 0)
        self.actions_title = section_title("Actions")
        self.add_action_button = button("Add &action…", self.add_action, "Add action")
        self.edit_action_button = button("Edit act&ion…", self.edit_action, "Edit action")
        self.delete_action_button = button("Delete action…", self.delete_action, "Delete action")
        self.action_up_button = button("Move up", lambda: self.move_action(-1), "Move action up",
                                       "Move the selected action up (Ctrl+Up)")
        self.action_down_button = button("Move down", lambda: self.move_action(+1), "Move action down",
                                         "Move the selected action down (Ctrl+Down)")
        row = QHBoxLayout()
        row.addWidget(self.actions_title, 1)
        row.addLayout(button_row(self.add_action_button, self.edit_action_button, self.delete_action_button,
                                 self.action_up_button, self.action_down_button, stretch_first=True))
        actions.addLayout(row)
        self.status_combo = combo(ACTION_STATUSES)
        self.status_combo.setAccessibleName("Status of the selected action")
        self.status_combo.activated.connect(self._status_chosen)
        status_label = QLabel("Stat&us of the selected action:")
        status_label.setBuddy(self.status_combo)
        self.done_button = button("Mark &done", self.mark_done, "Mark action done")
        status_row = QHBoxLayout()
        status_row.addWidget(status_label)
        status_row.addWidget(self.status_combo)
        status_row.addWidget(self.done_button)
        status_row.addSpacing(12)
        self.action_hint = muted()
        self.action_hint.setAccessibleName("About the selected action")
        status_row.addWidget(self.action_hint, 1)
        actions.addLayout(status_row)
        self.action_model = ActionTableModel(self)
        self.action_table = _ordered_table(self.action_model, "Actions", action_detail)
        self.action_table.selectionModel().selectionChanged.connect(self._action_selected)
        self.action_table.doubleClicked.connect(self.edit_action)
        actions.addWidget(self.action_table, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.goals_box)
        split.addWidget(self.actions_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.goal_pages.addWidget(split)
        self.goal_split = split
        return self.goal_pages

    def _milestones_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 6, 0, 0)
        self.add_milestone_button = button("Add &milestone…", self.add_milestone, "Add milestone")
        self.edit_milestone_button = button("Edit milestone…", self.edit_milestone, "Edit milestone")
        self.delete_milestone_button = button("Delete milestone…", self.delete_milestone, "Delete milestone")
        self.reached_button = button("Mark &reached", self.toggle_reached, "Mark milestone reached")
        column.addLayout(button_row(self.add_milestone_button, self.edit_milestone_button,
                                    self.delete_milestone_button, self.reached_button))
        self.milestone_model = MilestoneTableModel(self)
        self.milestone_table = record_table(self.milestone_model, "Milestones", MilestoneTableModel.COL_MILESTONE)
        self.milestone_table.selectionModel().selectionChanged.connect(self._milestone_selected)
        self.milestone_table.doubleClicked.connect(self.edit_milestone)
        column.addWidget(self.milestone_table, 1)
        self.no_milestones = muted("No milestones yet: add the moments that show the plan is on track, "
                                   "such as “First brief published”.")
        column.addWidget(self.no_milestones)
        return page

    # --- refresh ----------------------------------------------------------

    def refresh(self) -> None:
        self.today = dt.date.today()
        cohort = self.ws.get("cohorts", self.cohort_id) if self.cohort_id else None
        if cohort is None:
            self.heading.setText("Workplans")
            self.pages.setCurrentWidget(self.no_cohort)
            self._loading = True
            self.team_model.set_rows([])
            self._loading = False
            self.plan = None
            return
        self.heading.setText(f"Workplans of {cohort['name']}")
        teams = list_teams(self.ws, cohort["id"])
        if not teams:
            self.pages.setCurrentWidget(self.no_teams)
            self._loading = True
            self.team_model.set_rows([])
            self._loading = False
            self.plan = None
            return
        self.pages.setCurrentIndex(2)
        summaries = plan_summaries(self.ws, cohort["id"], self.today)
        previous = self.selected_team_id()
        self._loading = True
        try:
            self.team_model.set_rows([TeamPlanRow(t, summaries[t.id]) for t in teams])
            fit_columns(self.team_table, stretch=TeamPlanTableModel.COL_TEAM)
            self.team_table.horizontalHeader().resizeSection(TeamPlanTableModel.COL_PROGRESS, 104)
            if not (previous and select_id(self.team_table, self.team_model, previous)):
                self.team_table.selectRow(0)
        finally:
            self._loading = False
        self._show_team()

    def selected_team_id(self) -> str | None:
        row = selected_record(self.team_table)
        return row.id if row else None

    def _team_selected(self, *args) -> None:
        if not self._loading:
            self._show_team()

    def _show_team(self, goal_id: str | None = None, action_id: str | None = None,
                   milestone_id: str | None = None) -> None:
        row = selected_record(self.team_table)
        if row is None:
            self.plan = None
            return
        goal_id = goal_id or self.selected_goal_id()
        action_id = action_id or self.selected_action_id()
        milestone_id = milestone_id or self.selected_milestone_id()
        plan = self.plan = load_workplan(self.ws, row.id)
        self.team_title.setText(f"{row.team.state_name} · {row.team.organization}")
        self.meter.set_progress(plan.progress)
        self.summary.setText(self._summary_text(plan))
        self.goal_pages.setCurrentIndex(1 if plan.goals else 0)

        self._loading = True
        try:
            self.goal_model.set_rows([GoalRow(i, g) for i, g in enumerate(plan.goals, start=1)])
            fit_columns(self.goal_table, stretch=GoalTableModel.COL_GOAL, cap=160)
            self.goal_table.horizontalHeader().resizeSection(GoalTableModel.COL_PROGRESS, 130)
            if not (goal_id and select_id(self.goal_table, self.goal_model, goal_id)) and plan.goals:
                self.goal_table.selectRow(0)
        finally:
            self._loading = False
        self._show_goal(action_id)
        self._show_milestones(plan, milestone_id)

    def _summary_text(self, plan: Workplan) -> str:
        if not plan.goals:
            return "No goals yet, so nothing to measure."
        parts = []
        if plan.progress is None:
            parts.append("No goal is measurable yet")
        else:
            parts.append(f"Mean of {plural(plan.measurable_goals, 'measurable goal')}")
        parts.append(f"{plan.actions_done} of {plural(plan.action_count, 'action')} done")
        late = len(plan.overdue_actions(self.today))
        if late:
            parts.append(f"⚠ {plural(late, 'action')} overdue")
        if plan.milestones:
            parts.append(f"{plan.milestones_reached} of {plural(len(plan.milestones), 'milestone')} reached")
        return " · ".join(parts)

    def selected_goal(self) -> GoalRecord | None:
        row = selected_record(self.goal_table)
        return row.goal if row else None

    def selected_goal_id(self) -> str | None:
        goal = self.selected_goal()
        return goal.id if goal else None

    def _goal_selected(self, *args) -> None:
        if not self._loading:
            self._show_goal()

    def _show_goal(self, action_id: str | None = None) -> None:
        row = selected_record(self.goal_table)
        has = row is not None
        for b in (self.edit_goal_button, self.delete_goal_button, self.add_action_button):
            b.setEnabled(has)
        self.goal_up_button.setEnabled(has and row.number > 1)
        self.goal_down_button.setEnabled(has and row.number < self.goal_model.rowCount())
        previous = selected_record(self.action_table)
        action_id = action_id or (previous.id if previous else None)
        self._loading = True
        try:
            if row is None:
                self.goal_detail.setText("")
                self.actions_title.setText("Actions")
                self.action_model.set_rows([])
            else:
                goal = row.goal
                self.goal_detail.setText(self._goal_text(goal))
                self.actions_title.setText(f"Actions for goal {row.number}")
                self.actions_title.setToolTip(goal.title)
                self.action_model.set_rows([ActionRow(i, a, a.overdue(self.today))
                                            for i, a in enumerate(goal.actions, start=1)])
                fit_columns(self.action_table, stretch=ActionTableModel.COL_ACTION, cap=160)
                if not (action_id and select_id(self.action_table, self.action_model, action_id)) \
                        and goal.actions:
                    self.action_table.selectRow(0)
        finally:
            self._loading = False
        self._show_action()

    def _goal_text(self, goal: GoalRecord) -> str:
        indicator = f"Indicator: {goal.indicator}" if goal.indicator else "No indicator yet"
        if goal.progress is None:
            return (f"{indicator}. Not measurable yet: set a baseline, a target and the current value "
                    "(Edit goal) to see its progress.")
        return (f"{indicator} · from {format_figure(goal.baseline, goal.unit)} to "
                f"{format_figure(goal.target, goal.unit)}, now {format_figure(goal.current, goal.unit)}: "
                f"{percent(goal.progress)} of the way")

    def selected_action(self) -> ActionRecord | None:
        row = selected_record(self.action_table)
        return row.action if row else None

    def selected_action_id(self) -> str | None:
        action = self.selected_action()
        return action.id if action else None

    def _action_selected(self, *args) -> None:
        if not self._loading:
            self._show_action()

    def _show_action(self) -> None:
        row = selected_record(self.action_table)
        has = row is not None
        for widget in (self.edit_action_button, self.delete_action_button, self.status_combo):
            widget.setEnabled(has)
        self.done_button.setEnabled(has and row.action.status != "done")
        self.action_up_button.setEnabled(has and row.number > 1)
        self.action_down_button.setEnabled(has and row.number < self.action_model.rowCount())
        self.status_combo.blockSignals(True)
        set_combo(self.status_combo, row.action.status if has else "not_started")
        self.status_combo.blockSignals(False)
        if not has:
            goal = self.selected_goal()
            self.action_hint.setText("No actions yet: add the first step towards this goal." if goal else "")
        elif row.overdue:
            self.action_hint.setText(f"{OVERDUE}: due {short_date(row.action.due_date)} and not done")
        else:
            self.action_hint.setText("")

    def _show_milestones(self, plan: Workplan, milestone_id: str | None) -> None:
        numbers = {g.id: i for i, g in enumerate(plan.goals, start=1)}
        titles = {g.id: g.title for g in plan.goals}
        rows = [MilestoneRow(m, f"{numbers[m['goal_id']]}. {titles[m['goal_id']]}" if m["goal_id"] in numbers else "",
                             milestone_overdue(m["due_date"], m["reached_date"], self.today))
                for m in plan.milestones]
        self.milestone_model.set_rows(rows)
        fit_columns(self.milestone_table, stretch=MilestoneTableModel.COL_MILESTONE, cap=320)
        if not (milestone_id and select_id(self.milestone_table, self.milestone_model, milestone_id)) and rows:
            self.milestone_table.selectRow(0)
        self.milestone_table.setVisible(bool(rows))
        self.no_milestones.setVisible(not rows)
        late = len(plan.overdue_milestones(self.today))
        label = f"Milestones ({plan.milestones_reached} of {len(rows)} reached"
        label += f", {late} overdue)" if late else ")"
        self.tabs.setTabText(1, label if rows else "Milestones")
        self._milestone_selected()

    def selected_milestone(self) -> dict | None:
        row = selected_record(self.milestone_table)
        return row.milestone if row else None

    def selected_milestone_id(self) -> str | None:
        milestone = self.selected_milestone()
        return milestone["id"] if milestone else None

    def _milestone_selected(self, *args) -> None:
        milestone = self.selected_milestone()
        for b in (self.edit_milestone_button, self.delete_milestone_button, self.reached_button):
            b.setEnabled(milestone is not None)
        self.add_milestone_button.setEnabled(self.plan is not None)
        reached = bool(milestone and milestone["reached_date"])
        self.reached_button.setText("Mark not &reached" if reached else "Mark &reached")
        self.reached_button.setAccessibleName("Mark milestone not reached" if reached else "Mark milestone reached")

    # --- navigation -------------------------------------------------------

    def show_record(self, record_id: str) -> None:
        """Select a team, or the goal, action or milestone with this id and its team."""
        if self.ws is None:
            return
        found = None
        for table in ("teams", "goals", "actions", "milestones"):
            team_id = team_of(self.ws, table, record_id)
            if team_id:
                found = (table, team_id)
                break
        if found is None:
            return
        table, team_id = found
        cohort_id = self.ws.get("teams", team_id)["cohort_id"]
        if cohort_id != self.cohort_id:
            self.cohort_chosen.emit(cohort_id)
            if cohort_id != self.cohort_id:
                self.set_cohort(cohort_id)
        self.refresh_if_stale()
        goal_id = action_id = milestone_id = None
        if table == "goals":
            goal_id = record_id
        elif table == "actions":
            action_id = record_id
            goal_id = self.ws.get("actions", record_id)["goal_id"]
        elif table == "milestones":
            milestone_id = record_id
        self._loading = True
        try:
            select_id(self.team_table, self.team_model, team_id)
        finally:
            self._loading = False
        self._show_team(goal_id, action_id, milestone_id)
        if table == "milestones":
            self.tabs.setCurrentIndex(1)
            self.milestone_table.setFocus()
        else:
            self.tabs.setCurrentIndex(0)
            focus = {"actions": self.action_table, "goals": self.goal_table}.get(table, self.team_table)
            focus.setFocus()

    # --- goals --------------------------------------------------------------

    def _team_id(self) -> str | None:
        return self.selected_team_id()

    def _after_dialog(self, dialog) -> str | None:
        """Run a record dialog; the id of the record it created, if any."""
        if dialog.exec() and self.ws.last_change and self.ws.last_change.direction == "do":
            return self.ws.last_change.id
        return None

    def add_goal(self) -> None:
        team_id = self._team_id()
        if team_id:
            new = self._after_dialog(GoalDialog(self, self.ws, team_id))
            if new:
                self.show_record(new)

    def edit_goal(self, *args) -> None:
        goal = self.selected_goal()
        if goal:
            GoalDialog(self, self.ws, goal.team_id, self.ws.get("goals", goal.id)).exec()

    def delete_goal(self) -> None:
        goal = self.selected_goal()
        if goal is None:
            return
        actions = f" and its {plural(goal.action_count, 'action')}" if goal.actions else ""
        if dialogs.confirm(self, "Delete goal",
                           f"Delete the goal “{goal.title}”{actions}? Its milestones stay, no longer tied to a goal. "
                           "You can undo this with Edit > Undo.", "Delete", destructive=True):
            self.run(self.ws.delete, "goals", goal.id, "Delete goal")

    def move_goal(self, delta: int) -> None:
        goal = self.selected_goal()
        if goal:
            self.run(move_goal, self.ws, goal.id, delta)

    # --- actions ------------------------------------------------------------

    def add_action(self) -> None:
        goal = self.selected_goal()
        if goal:
            new = self._after_dialog(ActionDialog(self, self.ws, goal.team_id, goal.id))
            if new:
                self.show_record(new)

    def edit_action(self, *args) -> None:
        action = self.selected_action()
        team_id = self._team_id()
        if action and team_id:
            ActionDialog(self, self.ws, team_id, action=self.ws.get("actions", action.id)).exec()

    def delete_action(self) -> None:
        action = self.selected_action()
        if action and dialogs.confirm(self, "Delete action",
                                      f"Delete the action “{action.title}”? You can undo this with Edit > Undo.",
                                      "Delete", destructive=True):
            self.run(self.ws.delete, "actions", action.id, "Delete action")

    def move_action(self, delta: int) -> None:
        action = self.selected_action()
        if action:
            self.run(move_action, self.ws, action.id, delta)

    def move_focused(self, delta: int) -> None:
        """Ctrl+Up / Ctrl+Down: move the goal or the action the keyboard is on."""
        focus = QApplication.focusWidget()
        if focus is None or self.goal_pages.currentIndex() != 1 or self.tabs.currentIndex() != 0:
            return
        if self.actions_box.isAncestorOf(focus):
            self.move_action(delta)
        elif self.goals_box.isAncestorOf(focus):
            self.move_goal(delta)

    def set_status(self, status: str) -> None:
        action = self.selected_action()
        if action:
            self.run(set_action_status, self.ws, action.id, status)

    def _status_chosen(self, index: int) -> None:
        status = self.status_combo.itemData(index)
        if status:
            self.set_status(status)

    def mark_done(self) -> None:
        self.set_status("done")

    # --- milestones ---------------------------------------------------------

    def add_milestone(self) -> None:
        team_id = self._team_id()
        if team_id:
            new = self._after_dialog(MilestoneDialog(self, self.ws, team_id, goal_id=self.selected_goal_id()))
            if new:
                self.show_record(new)

    def edit_milestone(self, *args) -> None:
        milestone = self.selected_milestone()
        if milestone:
            MilestoneDialog(self, self.ws, milestone["team_id"], self.ws.get("milestones", milestone["id"])).exec()

    def delete_milestone(self) -> None:
        milestone = self.selected_milestone()
        if milestone and dialogs.confirm(self, "Delete milestone",
                                         f"Delete the milestone “{milestone['title']}”? "
                                         "You can undo this with Edit > Undo.", "Delete", destructive=True):
            self.run(self.ws.delete, "milestones", milestone["id"], "Delete milestone")

    def toggle_reached(self) -> None:
        milestone = self.selected_milestone()
        if milestone:
            self.run(set_milestone_reached, self.ws, milestone["id"],
                     None if milestone["reached_date"] else self.today)
