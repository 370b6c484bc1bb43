"""Self-assessments: each team's rounds and growth, the cohort heat map, the framework editor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.assessments import (
    Framework,
    Growth,
    Round,
    cohort_framework,
    cohort_growth,
    delete_round,
    descriptors,
    growth,
    list_frameworks,
    load_framework,
    next_round,
    round_name,
    save_round,
    team_rounds,
)
from equitycohort.data.errors import ValidationError, WorkspaceError
from equitycohort.data.frameworks import (
    JSON_LIMIT,
    add_level,
    delete_dimension,
    delete_framework,
    delete_level,
    dimension_ratings,
    edit_framework,
    export_framework_json,
    import_framework_json,
    install_default_framework,
    move_dimension,
    rename_level,
    save_dimension,
)
from equitycohort.data.schema import ROUNDS
from equitycohort.data.teams import get_team, list_teams
from equitycohort.ui import dialogs, theme
from equitycohort.ui.forms import FormDialog, combo, date_edit, date_value, line, set_combo, text_box, text_of
from equitycohort.ui.models import Column, RecordTableModel
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
from equitycohort.ui.views.charts import (
    HeatCell,
    HeatMap,
    HeatRow,
    RadarChart,
    RadarSeries,
    plain_tip,
    signed,
)

FRAMEWORK_FILTER = "Framework files (*.json);;All files (*)"


def day_label(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d %b %Y").lstrip("0")
    except (TypeError, ValueError):
        return iso or ""


def level_text(framework: Framework | None, rank: int | None) -> str:
    if rank is None:
        return "–"
    return f"{rank} {framework.level_name(rank)}" if framework else str(rank)


def change_text(change: int | None) -> str:
    """The change with an arrow, so it reads without colour: ▲ +1, ▼ −1, ＝ ±0."""
    if change is None:
        return "–"
    arrow = "▲" if change > 0 else ("▼" if change < 0 else "=")
    return f"{arrow} {signed(change)}"


def plain(label: QLabel) -> QLabel:
    """Show the label's text as typed, even a name that looks like HTML."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def bold(label: QLabel) -> QLabel:
    plain(label)
    font = label.font()
    font.setWeight(font.Weight.DemiBold)
    label.setFont(font)
    return label


# --- table models ------------------------------------------------------------

class RoundTableModel(RecordTableModel):
    COL_ROUND, COL_DATE, COL_RATED, COL_NOTES = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.dimension_count = 0
        self.columns = (
            Column("Round", lambda r: r.label),
            Column("Date", lambda r: day_label(r.date), sort=lambda r: r.date),
            Column("Rated", lambda r: f"{len(r.ratings)} of {self.dimension_count}", sort=lambda r: len(r.ratings),
                   tone=lambda r: "warning_fg" if len(r.ratings) < self.dimension_count else None),
            Column("Notes", lambda r: r.notes.replace("\n", " ")),
        )


@dataclass(frozen=True)
class GrowthRow:
    number: int
    growth: Growth

    @property
    def id(self) -> str:
        return self.growth.dimension_id


def _change_tone(row: GrowthRow) -> str | None:
    change = row.growth.change
    if change is None:
        return "muted_fg"
    return "ok_fg" if change > 0 else ("danger_fg" if change < 0 else None)


class GrowthTableModel(RecordTableModel):
    COL_NUMBER, COL_DIMENSION, COL_BASELINE, COL_LATEST, COL_CHANGE = range(5)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.framework: Framework | None = None
        right = Qt.AlignmentFlag.AlignRight
        self.columns = (
            Column("#", lambda g: str(g.number), sort=lambda g: g.number, align=right),
            Column("Dimension", lambda g: g.growth.dimension, tooltip=lambda g: plain_tip(g.growth.dimension)),
            Column("Baseline", lambda g: level_text(self.framework, g.growth.baseline),
                   sort=lambda g: g.growth.baseline or 0),
            Column("Latest", lambda g: level_text(self.framework, g.growth.latest),
                   sort=lambda g: g.growth.latest or 0),
            Column("Change", lambda g: change_text(g.growth.change),
                   sort=lambda g: -99 if g.growth.change is None else g.growth.change,
                   tone=_change_tone,
                   tooltip=lambda g: "" if g.growth.change is not None else "Needs a later round than the baseline"),
        )


@dataclass(frozen=True)
class DimensionRow:
    id: str
    number: int
    name: str
    description: str
    descriptors: dict[int, str]


class FrameworkTableModel(RecordTableModel):
    """Dimensions (rows) by levels (columns), each cell that level's descriptor."""

    COL_NUMBER, COL_DIMENSION = 0, 1
    FIRST_LEVEL = 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self.levels: list[tuple[int, str]] = []
        self.columns = self._columns()

    def _columns(self) -> tuple[Column, ...]:
        fixed = (
            Column("#", lambda d: str(d.number), sort=lambda d: d.number, align=Qt.AlignmentFlag.AlignRight),
            Column("Dimension", lambda d: d.name, tooltip=lambda d: plain_tip(d.description or d.name)),
        )
        return fixed + tuple(
            Column(f"{rank} {name}", lambda d, r=rank: d.descriptors.get(r, ""),
                   tooltip=lambda d, r=rank, n=name: plain_tip(
                       f"{d.name} at {r} {n}:\n{d.descriptors.get(r, '(no descriptor)')}"))
            for rank, name in self.levels)

    def set_framework(self, levels: list[tuple[int, str]], rows: list[DimensionRow]) -> None:
        self.beginResetModel()
        self.levels = list(levels)
        self.columns = self._columns()
        self._alignments = None
        self._rows = list(rows)
        self._sort_keys = {}
        self.endResetModel()

    def rank_of_column(self, column: int) -> int | None:
        i = column - self.FIRST_LEVEL
        return self.levels[i][0] if 0 <= i < len(self.levels) else None


# --- dialogs -------------------------------------------------------------------

class AssessmentDialog(FormDialog):
    """One round of a team's self-assessment: a level and evidence per dimension.

    Choosing a level shows that level's descriptor for the dimension beneath it.
    """

    def __init__(self, parent, ws, team_id: str, framework_id: str, assessment_id: str | None = None):
        super().__init__(parent, "Edit assessment round" if assessment_id else "Record assessment")
        self.ws, self.team_id, self.framework_id, self.assessment_id = ws, team_id, framework_id, assessment_id
        self.framework = load_framework(ws, framework_id)
        assert self.framework is not None
        existing = ws.get("assessments", assessment_id) if assessment_id else None
        rounds = team_rounds(ws, team_id, framework_id)
        this = next((r for r in rounds if r.id == assessment_id), None)
        earlier = [r for r in rounds if r.id != assessment_id and (this is None or (r.date, r.id) < (this.date, this.id))]
        self.previous: Round | None = earlier[-1] if earlier else None
        team = get_team(ws, team_id)
        self.setMinimumWidth(720)

        intro = muted(f"{team.label if team else ''} · {self.framework.name}. For each dimension, choose the level "
                      "the team agreed on; its description appears below the choice. Leave a dimension "
                      "“Not rated” to skip it.")
        self._layout.insertWidget(0, intro)
        a = existing or {}
        round_code = a.get("round") or next_round(ws, team_id, framework_id)
        self.round = self.add_field("round", "&Round", combo(ROUNDS, round_code))
        self.round.setMaximumWidth(260)
        self.label = self.add_field("label", "Round &name", line(a.get("label"), "e.g. Retreat check"))
        self.label.setMaximumWidth(360)
        self.add_field("date", "Da&te", date_edit(a.get("date"))).setMaximumWidth(260)
        notes = self.add_field("notes", "N&otes", text_box(a.get("notes"), "About this round (optional)", height=40))
        notes.setMaximumHeight(56)
        self.round.currentIndexChanged.connect(self._sync)

        self.levels: dict[str, QComboBox] = {}
        self.evidence: dict[str, QWidget] = {}
        self.descriptor_labels: dict[str, QLabel] = {}
        self._descriptors: dict[str, dict[int, str]] = {}
        rows = QWidget()
        grid = QVBoxLayout(rows)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setSpacing(10)
        for number, (dimension_id, name) in enumerate(self.framework.dimensions, start=1):
            grid.addWidget(self._dimension_row(number, dimension_id, name, this))
        grid.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(rows)
        scroll.setAccessibleName("Ratings by dimension")
        self._layout.addWidget(scroll, 1)
        self._layout.addWidget(self.buttons)
        self._sync()
        self.resize(780, 720)

    def _dimension_row(self, number: int, dimension_id: str, name: str, this: Round | None) -> QWidget:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(box)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setHorizontalSpacing(10)
        layout.setVerticalSpacing(4)
        title = bold(QLabel(f"{number}. {name}"))
        title.setWordWrap(True)
        description = self.ws.scalar("SELECT description FROM dimensions WHERE id = ?", (dimension_id,))
        if description:
            title.setToolTip(plain_tip(description))
        layout.addWidget(title, 0, 0, 1, 3)

        texts = descriptors(self.ws, dimension_id)
        self._descriptors[dimension_id] = texts
        level = QComboBox()
        level.addItem("Not rated", None)
        for rank, level_name in self.framework.levels:
            level.addItem(f"{rank} {level_name}", rank)
            if texts.get(rank):
                level.setItemData(level.count() - 1, plain_tip(texts[rank]), Qt.ItemDataRole.ToolTipRole)
        level.setAccessibleName(f"Level for {name}")
        if this and dimension_id in this.ratings:
            set_combo(level, this.ratings[dimension_id])
        caption = QLabel("Level:")
        caption.setBuddy(level)
        layout.addWidget(caption, 1, 0)
        layout.addWidget(level, 1, 1)
        before = ""
        if self.previous and dimension_id in self.previous.ratings:
            before = f"At {self.previous.label.lower() if self.previous.round != 'custom' else self.previous.label}: " \
                     f"{level_text(self.framework, self.previous.ratings[dimension_id])}"
        previous = muted(before)
        previous.setAccessibleName(f"Previous level for {name}")
        layout.addWidget(previous, 1, 2)

        described = QLabel()
        described.setWordWrap(True)
        described.setTextFormat(Qt.TextFormat.PlainText)
        described.setAccessibleName(f"Description of the chosen level for {name}")
        described.setMinimumHeight(described.fontMetrics().height() * 2 + 14)
        layout.addWidget(described, 2, 0, 1, 3)

        evidence = text_box(this.evidence.get(dimension_id, "") if this else "",
                            "Evidence: what the team pointed to (a document, a decision, a practice)", height=40)
        evidence.setMaximumHeight(52)
        evidence.setAccessibleName(f"Evidence for {name}")
        layout.addWidget(evidence, 3, 0, 1, 3)
        error = plain(QLabel())
        error.setWordWrap(True)
        error.setVisible(False)
        error.setAccessibleName(f"{name} problem")
        error.setStyleSheet(f"color: {theme.color('danger_fg').name()};")
        layout.addWidget(error, 4, 0, 1, 3)
        layout.setColumnStretch(2, 1)

        self.levels[dimension_id] = level
        self.evidence[dimension_id] = evidence
        self.descriptor_labels[dimension_id] = described
        for key, widget in ((f"level:{dimension_id}", level), (f"evidence:{dimension_id}", evidence)):
            self.fields[key] = widget
            self.errors[key] = error
        level.currentIndexChanged.connect(lambda _i, d=dimension_id: self._show_descriptor(d))
        self._show_descriptor(dimension_id)
        return box

    def _show_descriptor(self, dimension_id: str) -> None:
        label = self.descriptor_labels[dimension_id]
        rank = self.levels[dimension_id].currentData()
        if rank is None:
            label.setText("Choose a level to see what it means for this dimension.")
            label.setStyleSheet(f"color: {theme.color('muted_fg').name()}; padding: 6px 8px;")
            return
        text = self._descriptors[dimension_id].get(rank) or "This level has no description for this dimension yet."
        label.setText(f"{self.framework.level_name(rank)}: {text}")
        label.setStyleSheet(f"background: {theme.color('card_bg').name()}; border-radius: 4px; padding: 6px 8px;")

    def descriptor_text(self, dimension_id: str) -> str:
        return self.descriptor_labels[dimension_id].text()

    def _sync(self) -> None:
        self.form.setRowVisible(self.fields["label"].parentWidget(), self.round.currentData() == "custom")

    def ratings(self) -> dict[str, tuple[int | None, str]]:
        return {d: (self.levels[d].currentData(), self.evidence[d].toPlainText()) for d in self.levels}

    def save(self) -> None:
        round_code = self.round.currentData()
        save_round(self.ws, self.team_id, self.framework_id, round_code, date_value(self.fields["date"]),
                   self.ratings(), label=text_of(self.label) if round_code == "custom" else None,
                   assessment_id=self.assessment_id, notes=self.fields["notes"].toPlainText() or None)


class FrameworkDetailsDialog(FormDialog):
    def __init__(self, parent, ws, framework_id: str):
        super().__init__(parent, "Framework details")
        self.ws, self.framework_id = ws, framework_id
        f = ws.get("frameworks", framework_id)
        self.add_field("name", "&Name", line(f["name"]))
        self.add_field("source", "&Source", line(f["source"], "who wrote it, or where it comes from"),
                       "Who wrote the framework, or the publication it is adapted from")
        self.add_field("licence", "&Licence", line(f["licence"], "e.g. CC BY 4.0"),
                       "The terms under which the framework may be shared")
        self.add_field("description", "&Description", text_box(f["description"], height=100))
        self.finish_layout()

    def save(self) -> None:
        edit_framework(self.ws, self.framework_id, {
            "name": text_of(self.fields["name"]), "source": text_of(self.fields["source"]) or None,
            "licence": text_of(self.fields["licence"]) or None,
            "description": self.fields["description"].toPlainText() or None})


class DimensionDialog(FormDialog):
    """A dimension's name and description with its descriptor at every level."""

    def __init__(self, parent, ws, framework_id: str, dimension_id: str | None = None, focus_rank: int | None = None):
        super().__init__(parent, "Edit dimension" if dimension_id else "Add dimension")
        self.ws, self.framework_id, self.dimension_id = ws, framework_id, dimension_id
        d = ws.get("dimensions", dimension_id) if dimension_id else {}
        texts = descriptors(ws, dimension_id) if dimension_id else {}
        self.setMinimumWidth(620)
        self.add_field("name", "&Name", line(d.get("name"), "e.g. Equity in the policy agenda"))
        description = self.add_field("description", "&Description",
                                     text_box(d.get("description"), "What this dimension is about", height=50))
        description.setMaximumHeight(70)
        self.ranks: list[int] = []
        framework = load_framework(ws, framework_id)
        for rank, name in framework.levels if framework else ():
            box = self.add_field(f"descriptor:{rank}", f"{rank} {name}",
                                 text_box(texts.get(rank), f"What {name.lower()} looks like here", height=56))
            box.setMaximumHeight(84)
            box.setAccessibleName(f"Descriptor at level {rank} {name}")
            self.ranks.append(rank)
            if rank == focus_rank:
                box.setFocus()
        self.finish_layout()

    def save(self) -> None:
        texts = {rank: self.fields[f"descriptor:{rank}"].toPlainText() for rank in self.ranks}
        save_dimension(self.ws, self.framework_id, text_of(self.fields["name"]),
                       self.fields["description"].toPlainText() or None, texts, self.dimension_id)


class LevelDialog(FormDialog):
    def __init__(self, parent, ws, framework_id: str, level: dict | None = None):
        super().__init__(parent, f"Rename level {level['rank']}" if level else "Add level")
        self.ws, self.framework_id, self.level = ws, framework_id, level
        if not level:
            rank = ws.scalar("SELECT coalesce(max(rank), 0) + 1 FROM levels WHERE framework_id = ?", (framework_id,))
            self._layout.insertWidget(0, muted(f"The new level comes after the others, as level {rank}."))
        self.add_field("name", "&Name", line(level["name"] if level else "", "e.g. Sustaining"))
        self.finish_layout()

    def save(self) -> None:
        name = text_of(self.fields["name"])
        if self.level:
            rename_level(self.ws, self.level["id"], name)
        else:
            add_level(self.ws, self.framework_id, name)


# --- the screen ----------------------------------------------------------------

class AssessmentsView(View):
    title = "Assessments"
    tables = frozenset({"assessments", "ratings", "frameworks", "dimensions", "levels", "descriptors",
                        "teams", "cohorts"})

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._muted_labels: list[QLabel] = []
        self.framework_id: str | None = None
        self.framework: Framework | None = None
        self.team_id: str | None = None
        self._filling = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading("Self-assessments")
        layout.addWidget(self.heading)
        self.framework_picker = QComboBox()
        self.framework_picker.setAccessibleName("Framework")
        self.framework_picker.setMinimumWidth(280)
        self.framework_picker.currentIndexChanged.connect(self._framework_changed)
        picker_label = QLabel("Frame&work:")
        picker_label.setBuddy(self.framework_picker)
        self.framework_note = self._muted()
        self.framework_note.setAccessibleName("Framework source and licence")
        top = QHBoxLayout()
        top.addWidget(picker_label)
        top.addWidget(self.framework_picker)
        top.addWidget(self.framework_note, 1)
        top.addStretch(0)  # holds the picker in place while the note is hidden
        self.picker_row = QWidget()
        self.picker_row.setLayout(top)
        top.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker_row)

        self.body = QStackedWidget()
        self.no_framework = EmptyState(
            "No self-assessment framework yet",
            "Teams rate themselves against a framework: dimensions, each with ordered levels and a description "
            "of every level. Start from the framework that ships with Equity Cohort and adapt it, or import "
            "one shared as a JSON file.",
            [button("Add the &default framework", self.add_default_framework, "Add the default framework"),
             button("&Import a framework…", self.import_framework, "Import a framework")])
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Assessment views")
        self.tabs.addTab(self._team_page(), "&Team growth")
        self.tabs.addTab(self._cohort_page(), "C&ohort heat map")
        self.tabs.addTab(self._framework_page(), "Framewor&k")
        self.tabs.currentChanged.connect(
            lambda index: self.framework_note.setVisible(index != 2))  # the editor shows them itself
        self.body.addWidget(self.no_framework)
        self.body.addWidget(self.tabs)
        layout.addWidget(self.body, 1)

    def _muted(self, text: str = "") -> QLabel:
        """A muted label that follows a later switch between light and dark."""
        label = muted(text)
        self._muted_labels.append(label)
        return label

    # --- pages ---------------------------------------------------------------

    def _team_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.team_picker = QComboBox()
        self.team_picker.setAccessibleName("Team")
        self.team_picker.setMinimumWidth(320)
        self.team_picker.currentIndexChanged.connect(self._team_changed)
        team_label = QLabel("Te&am:")
        team_label.setBuddy(self.team_picker)
        self.record_button = button("&Record assessment…", self.record_assessment, "Record assessment",
                                    "Enter a round of this team's self-assessment")
        self.edit_round_button = button("Edit ro&und…", self.edit_round, "Edit round")
        self.delete_round_button = button("&Delete round…", self.delete_round, "Delete round")
        row = QHBoxLayout()
        row.addWidget(team_label)
        row.addWidget(self.team_picker)
        row.addSpacing(12)
        for b in (self.record_button, self.edit_round_button, self.delete_round_button):
            row.addWidget(b)
        row.addStretch(1)

        self.round_model = RoundTableModel(self)
        self.round_table = record_table(self.round_model, "Rounds", stretch=RoundTableModel.COL_NOTES)
        self.round_table.sortByColumn(RoundTableModel.COL_DATE, Qt.SortOrder.AscendingOrder)
        self.round_table.selectionModel().selectionChanged.connect(self._round_selected)
        self.round_table.doubleClicked.connect(self.edit_round)
        self.growth_model = GrowthTableModel(self)
        self.growth_table = record_table(self.growth_model, "Growth by dimension",
                                         stretch=GrowthTableModel.COL_DIMENSION)
        self.growth_table.sortByColumn(GrowthTableModel.COL_NUMBER, Qt.SortOrder.AscendingOrder)
        self.growth_caption = self._muted()
        self.growth_caption.setAccessibleName("Growth compared")
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 8, 0)
        side.addWidget(bold(QLabel("Rounds")))
        side.addWidget(self.round_table)
        side.addSpacing(6)
        side.addWidget(bold(QLabel("Growth by dimension")))
        side.addWidget(self.growth_caption)
        side.addWidget(self.growth_table)
        side.addWidget(self._muted("The chart's numbered axes are the dimensions in this table; "
                                   "hover over the chart for the levels of each round."))
        side.addStretch(1)
        self.radar = RadarChart()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.radar)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 520])
        split.setChildrenCollapsible(False)
        self.team_split = split

        self.team_pages = QStackedWidget()
        self.team_empty = EmptyState("No teams yet", "", [])
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(row)
        content_layout.addWidget(split, 1)
        self.team_pages.addWidget(self.team_empty)
        self.team_pages.addWidget(content)
        layout.addWidget(self.team_pages)
        return page

    def _cohort_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.cohort_summary = self._muted()
        self.cohort_summary.setAccessibleName("Cohort growth summary")
        self.heatmap = HeatMap()
        self.heatmap.row_activated.connect(self.open_team)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.heatmap)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hint = self._muted("Arrow keys move between cells; Enter or a double click opens that team's growth.")
        self.cohort_pages = QStackedWidget()
        self.cohort_empty = EmptyState("No teams yet", "", [])
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.cohort_summary)
        column.addWidget(scroll, 1)
        column.addWidget(hint)
        self.cohort_pages.addWidget(self.cohort_empty)
        self.cohort_pages.addWidget(content)
        layout.addWidget(self.cohort_pages)
        return page

    def _framework_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.framework_title = bold(QLabel())
        self.framework_title.setAccessibleName("Framework name")
        self.framework_meta = self._muted()
        self.framework_meta.setAccessibleName("Framework source and licence")
        self.framework_description = self._muted()
        self.framework_description.setAccessibleName("Framework description")
        self.framework_description.setMaximumHeight(self.framework_description.fontMetrics().height() * 3 + 6)
        details = button("Edit &details…", self.edit_details, "Edit framework details",
                         "Name, description, source and licence")
        head = QHBoxLayout()
        head.addWidget(self.framework_title, 1)
        head.addWidget(details)
        layout.addLayout(head)
        layout.addWidget(self.framework_meta)
        layout.addWidget(self.framework_description)

        self.add_dimension_button = button("&Add dimension…", self.add_dimension, "Add dimension")
        self.edit_dimension_button = button("Edit dime&nsion…", self.edit_dimension, "Edit dimension",
                                            "Its name, description and descriptors")
        self.up_button = button("Move up", lambda: self.move_dimension(-1), "Move dimension up")
        self.down_button = button("Move down", lambda: self.move_dimension(1), "Move dimension down")
        self.delete_dimension_button = button("Delete dimension…", self.delete_dimension, "Delete dimension")
        self.add_level_button = button("Add &level…", self.add_level, "Add level")
        self.rename_level_button = button("Rena&me level…", self.rename_level, "Rename level",
                                          "The level of the selected column")
        self.delete_level_button = button("Delete level…", self.delete_level, "Delete level",
                                          "The level of the selected column")
        row = button_row(self.add_dimension_button, self.edit_dimension_button, self.up_button, self.down_button,
                         self.delete_dimension_button)
        row.insertWidget(0, bold(QLabel("Dimensions")))
        row.addWidget(bold(QLabel("Levels")))
        for b in (self.add_level_button, self.rename_level_button, self.delete_level_button):
            row.addWidget(b)
        layout.addLayout(row)

        self.framework_model = FrameworkTableModel(self)
        table = record_table(self.framework_model, "Dimensions and level descriptors", stretch=-1)
        table.setSortingEnabled(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() * 3 + 12)
        table.doubleClicked.connect(self._framework_cell_activated)
        table.activated.connect(self._framework_cell_activated)
        table.selectionModel().currentChanged.connect(self._framework_selection)
        self.framework_table = table
        layout.addWidget(table, 1)

        self.framework_status = self._muted()
        self.framework_status.setAccessibleName("Framework message")
        self.import_button = button("&Import…", self.import_framework, "Import framework",
                                    "Add a framework from a JSON file")
        self.export_button = button("E&xport…", self.export_framework, "Export framework",
                                    "Save this framework as a JSON file to share")
        self.delete_framework_button = button("Delete framework…", self.delete_framework, "Delete framework")
        bottom = QHBoxLayout()
        bottom.addWidget(self._muted("Double-click a cell (or press Enter) to edit that dimension and its descriptors. "
                               "Edit > Undo reverses any change."), 1)
        for b in (self.import_button, self.export_button, self.delete_framework_button):
            bottom.addWidget(b)
        layout.addWidget(self.framework_status)
        layout.addLayout(bottom)
        return page

    # --- refreshing ------------------------------------------------------------

    def refresh(self) -> None:
        for label in self._muted_labels:
            label.setStyleSheet(f"color: {theme.color('muted_fg').name()};")
        frameworks = list_frameworks(self.ws)
        ids = [f["id"] for f in frameworks]
        if self.framework_id not in ids:
            self.framework_id = cohort_framework(self.ws, self.cohort_id) if frameworks else None
        self._filling = True
        self.framework_picker.clear()
        for f in frameworks:
            self.framework_picker.addItem(f["name"], f["id"])
        set_combo(self.framework_picker, self.framework_id)
        self._filling = False
        cohort = self.ws.get("cohorts", self.cohort_id) if self.cohort_id else None
        self.heading.setText(f"Self-assessments of {cohort['name']}" if cohort else "Self-assessments")
        self.picker_row.setVisible(bool(frameworks))
        if not frameworks:
            self.framework = None
            self.body.setCurrentWidget(self.no_framework)
            return
        self.body.setCurrentWidget(self.tabs)
        self.framework = load_framework(self.ws, self.framework_id)
        row = self.ws.get("frameworks", self.framework_id)
        note = " · ".join(x for x in (row["source"] and f"Source: {row['source']}",
                                      row["licence"] and f"Licence: {row['licence']}") if x)
        self.framework_note.setText(note)
        self._fill_teams(cohort)
        self._refresh_cohort(cohort)
        self._refresh_framework()

    def _framework_changed(self) -> None:
        if self._filling:
            return
        self.framework_id = self.framework_picker.currentData()
        self.refresh()

    def _fill_teams(self, cohort) -> None:
        teams = list_teams(self.ws, cohort["id"]) if cohort else []
        if not cohort:
            self._set_empty(self.team_pages, self.team_empty, "No cohort yet",
                            "Create a cohort on the Cohorts screen first; its teams' self-assessments are kept here.")
        elif not teams:
            self._set_empty(self.team_pages, self.team_empty, "No teams yet",
                            "Add the cohort's state teams on the Teams screen; each team's self-assessment "
                            "rounds and growth then show here.")
        else:
            self.team_pages.setCurrentIndex(1)
        self._filling = True
        self.team_picker.clear()
        for t in teams:
            self.team_picker.addItem(t.label, t.id)
        if self.team_id not in {t.id for t in teams}:
            self.team_id = teams[0].id if teams else None
        set_combo(self.team_picker, self.team_id)
        self._filling = False
        self._refresh_team()

    def _set_empty(self, pages: QStackedWidget, empty: EmptyState, title: str, text: str) -> None:
        replacement = EmptyState(title, text, [])
        pages.removeWidget(empty)
        empty.deleteLater()
        pages.insertWidget(0, replacement)
        pages.setCurrentIndex(0)
        if pages is self.team_pages:
            self.team_empty = replacement
        else:
            self.cohort_empty = replacement

    def _team_changed(self) -> None:
        if self._filling:
            return
        self.team_id = self.team_picker.currentData()
        self._refresh_team()

    def _refresh_team(self) -> None:
        framework = self.framework
        selected = selected_record(self.round_table)
        rounds = team_rounds(self.ws, self.team_id, framework.id) if self.team_id and framework else []
        self.round_model.dimension_count = len(framework.dimensions) if framework else 0
        self.round_model.set_rows(rounds)
        fit_columns(self.round_table, stretch=RoundTableModel.COL_NOTES)
        shown = max(2, min(5, len(rounds)))
        self.round_table.setFixedHeight(self.round_table.horizontalHeader().sizeHint().height()
                                        + shown * self.round_table.verticalHeader().defaultSectionSize() + 4)
        if not (selected and select_id(self.round_table, self.round_model, selected.id)) and rounds:
            select_id(self.round_table, self.round_model, rounds[-1].id)
        self.growth_model.framework = framework
        rows = [GrowthRow(n, g) for n, g in enumerate(growth(framework, rounds), start=1)] if framework else []
        self.growth_model.set_rows(rows)
        fit_columns(self.growth_table, stretch=GrowthTableModel.COL_DIMENSION)
        shown = max(3, min(10, len(rows)))
        self.growth_table.setFixedHeight(self.growth_table.horizontalHeader().sizeHint().height()
                                         + shown * self.growth_table.verticalHeader().defaultSectionSize() + 4)
        if len(rounds) >= 2:
            self.growth_caption.setText(f"{rounds[0].label} ({day_label(rounds[0].date)}) against "
                                        f"{rounds[-1].label} ({day_label(rounds[-1].date)}).")
        elif rounds:
            self.growth_caption.setText(f"Only the {rounds[0].label.lower()} so far: growth shows once a "
                                        "later round is recorded.")
        else:
            self.growth_caption.setText("No rounds yet: record the team's baseline to start.")
        if framework:
            self.radar.set_data([name for _, name in framework.dimensions], list(framework.levels), [
                RadarSeries(f"{r.label} · {day_label(r.date)}",
                            tuple(r.ratings.get(d) for d, _ in framework.dimensions)) for r in rounds])
        self.record_button.setEnabled(bool(self.team_id and framework and framework.levels and framework.dimensions))
        self._round_selected()

    def _round_selected(self, *args) -> None:
        chosen = selected_record(self.round_table) is not None
        self.edit_round_button.setEnabled(chosen)
        self.delete_round_button.setEnabled(chosen)

    def _refresh_cohort(self, cohort) -> None:
        framework = self.framework
        if not cohort:
            self._set_empty(self.cohort_pages, self.cohort_empty, "No cohort yet",
                            "Create a cohort on the Cohorts screen first; its teams' growth is compared here.")
            self.heatmap.set_data([], [], [])
            return
        teams = cohort_growth(self.ws, cohort["id"], framework.id) if framework else []
        if not teams:
            self._set_empty(self.cohort_pages, self.cohort_empty, "No teams yet",
                            "Add the cohort's state teams on the Teams screen to compare their growth here.")
            self.heatmap.set_data([], [], [])
            return
        self.cohort_pages.setCurrentIndex(1)
        rows = [HeatRow(t.team_id, t.name, tuple(HeatCell(g.current, g.change) for g in t.growth)) for t in teams]
        self.heatmap.set_data([name for _, name in framework.dimensions], list(framework.levels), rows)
        changes = [g.change for t in teams for g in t.growth if g.change is not None]
        compared = sum(1 for t in teams if any(g.change is not None for g in t.growth))
        unrated = sum(1 for t in teams if t.rounds == 0)
        parts = [f"{len(teams)} team{'s' if len(teams) != 1 else ''}; "
                 f"{compared or 'none'} with a round after {'their' if len(teams) != 1 else 'its'} baseline."]
        if changes:
            mean = sum(changes) / len(changes)
            up = sum(1 for c in changes if c > 0)
            parts.append(f"{up} of {len(changes)} ratings went up; the mean change is "
                         f"{'+' if mean > 0 else ''}{mean:.1f} level{'s' if abs(mean) != 1 else ''}.")
        if unrated:
            parts.append(f"{unrated} team{'s have' if unrated != 1 else ' has'} no assessment yet.")
        self.cohort_summary.setText(" ".join(parts))

    def _refresh_framework(self) -> None:
        framework = self.framework
        row = self.ws.get("frameworks", framework.id)
        self.framework_title.setText(framework.name)
        self.framework_meta.setText(
            f"{len(framework.dimensions)} dimensions, {len(framework.levels)} levels · "
            f"Source: {row['source'] or 'not given'} · Licence: {row['licence'] or 'not given'}")
        self.framework_description.setText(row["description"] or "")
        current = self.framework_table.currentIndex()
        texts: dict[str, dict[int, str]] = {}
        for dimension_id, rank, text in self.ws.query(
                "SELECT d.dimension_id, l.rank, d.text FROM descriptors d JOIN levels l ON l.id = d.level_id "
                "WHERE l.framework_id = ?", (framework.id,)):
            texts.setdefault(dimension_id, {})[rank] = text or ""
        descriptions = dict(self.ws.query("SELECT id, description FROM dimensions WHERE framework_id = ?",
                                          (framework.id,)))
        rows = [DimensionRow(d, n, name, descriptions.get(d) or "", texts.get(d, {}))
                for n, (d, name) in enumerate(framework.dimensions, start=1)]
        self.framework_model.set_framework(list(framework.levels), rows)
        header = self.framework_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(FrameworkTableModel.COL_NUMBER, 36)
        header.resizeSection(FrameworkTableModel.COL_DIMENSION, 220)
        for i in range(len(framework.levels)):
            header.setSectionResizeMode(FrameworkTableModel.FIRST_LEVEL + i, QHeaderView.ResizeMode.Stretch)
        if rows:
            row = min(current.row(), len(rows) - 1) if current.isValid() else 0
            column = min(current.column(), self.framework_model.columnCount() - 1) if current.isValid() \
                else FrameworkTableModel.COL_DIMENSION
            self.framework_table.setCurrentIndex(self.framework_model.index(row, column))
        self._framework_selection()

    def _framework_selection(self, *args) -> None:
        index = self.framework_table.currentIndex()
        has_row = index.isValid()
        for b in (self.edit_dimension_button, self.delete_dimension_button):
            b.setEnabled(has_row)
        self.up_button.setEnabled(has_row and index.row() > 0)
        self.down_button.setEnabled(has_row and index.row() < self.framework_model.rowCount() - 1)
        has_levels = bool(self.framework_model.levels)
        self.rename_level_button.setEnabled(has_levels)
        self.delete_level_button.setEnabled(has_levels)

    # --- navigation --------------------------------------------------------------

    def show_record(self, record_id: str) -> None:
        """Show a team's rounds and growth (from the Attention screen, say)."""
        if self.ws is None:
            return
        team = self.ws.get("teams", record_id)
        if team is None:
            return
        if team["cohort_id"] != self.cohort_id:
            self.cohort_chosen.emit(team["cohort_id"])
            self.set_cohort(team["cohort_id"])
        self.team_id = record_id
        self.tabs.setCurrentIndex(0)
        if self._stale:
            self.refresh_if_stale()
        else:
            set_combo(self.team_picker, record_id)
        self.team_picker.setFocus()

    def open_team(self, team_id: str) -> None:
        self.team_id = team_id
        set_combo(self.team_picker, team_id)
        self.tabs.setCurrentIndex(0)

    def selected_team_id(self) -> str | None:
        return self.team_picker.currentData()

    # --- rounds --------------------------------------------------------------------

    def record_assessment(self) -> None:
        if self.team_id and self.framework:
            dialog = AssessmentDialog(self, self.ws, self.team_id, self.framework.id)
            if dialogs.run_dialog(dialog) and self.ws.last_change and self.ws.last_change.id:
                select_id(self.round_table, self.round_model, self.ws.last_change.id)

    def edit_round(self, *args) -> None:
        chosen = selected_record(self.round_table)
        if chosen and self.framework:
            dialogs.run_dialog(AssessmentDialog(self, self.ws, self.team_id, chosen.framework_id or self.framework.id,
                                                chosen.id))

    def delete_round(self) -> None:
        chosen = selected_record(self.round_table)
        if chosen and dialogs.confirm(
                self, "Delete round",
                f"Delete the {round_name(chosen.round, chosen.label)} round of "
                f"{day_label(chosen.date)} with its {len(chosen.ratings)} ratings and evidence notes? "
                "You can undo this with Edit > Undo.", "Delete", destructive=True):
            self.run(delete_round, self.ws, chosen.id)

    # --- framework -----------------------------------------------------------------

    def add_default_framework(self) -> None:
        framework_id = self.run(install_default_framework, self.ws)
        if framework_id:
            self.framework_id = framework_id
            self._stale = True
            self.refresh_if_stale()

    def edit_details(self) -> None:
        if self.framework:
            dialogs.run_dialog(FrameworkDetailsDialog(self, self.ws, self.framework.id))

    def _current_dimension(self) -> DimensionRow | None:
        index = self.framework_table.currentIndex()
        return self.framework_model.record(index.row()) if index.isValid() else None

    def add_dimension(self) -> None:
        if self.framework and dialogs.run_dialog(DimensionDialog(self, self.ws, self.framework.id)):
            row = self.framework_model.row_of(self.ws.last_change.id if self.ws.last_change else "")
            if row >= 0:
                self.framework_table.setCurrentIndex(self.framework_model.index(row, FrameworkTableModel.COL_DIMENSION))

    def edit_dimension(self, *args, rank: int | None = None) -> None:
        dimension = self._current_dimension()
        if dimension and self.framework:
            dialogs.run_dialog(DimensionDialog(self, self.ws, self.framework.id, dimension.id, rank))

    def _framework_cell_activated(self, index) -> None:
        if index.isValid():
            self.framework_table.setCurrentIndex(index)
            self.edit_dimension(rank=self.framework_model.rank_of_column(index.column()))

    def move_dimension(self, offset: int) -> None:
        dimension = self._current_dimension()
        if dimension is None:
            return
        column = self.framework_table.currentIndex().column()
        self.run(move_dimension, self.ws, dimension.id, offset)
        row = self.framework_model.row_of(dimension.id)
        if row >= 0:
            self.framework_table.setCurrentIndex(self.framework_model.index(row, column))

    def delete_dimension(self) -> None:
        dimension = self._current_dimension()
        if dimension is None:
            return
        used = dimension_ratings(self.ws, dimension.id)
        ratings = f" and the {used} rating{'s' if used != 1 else ''} teams gave it" if used else ""
        if dialogs.confirm(self, "Delete dimension",
                           f"Delete the dimension “{dimension.name}” with its descriptors{ratings}? "
                           "You can undo this with Edit > Undo.", "Delete", destructive=True):
            self.run(delete_dimension, self.ws, dimension.id)

    def _target_level(self, title: str) -> dict | None:
        """The level of the selected column, else one the user picks."""
        if not self.framework or not self.framework.levels:
            return None
        rank = self.framework_model.rank_of_column(self.framework_table.currentIndex().column())
        if rank is None:
            items = [f"{r} {name}" for r, name in self.framework.levels]
            chosen = dialogs.choose(self, title, "Level:", items)
            if chosen is None:
                return None
            rank = self.framework.levels[chosen][0]
        rows = self.ws.rows("SELECT * FROM levels WHERE framework_id = ? AND rank = ?", (self.framework.id, rank))
        return rows[0] if rows else None

    def add_level(self) -> None:
        if self.framework:
            dialogs.run_dialog(LevelDialog(self, self.ws, self.framework.id))

    def rename_level(self) -> None:
        level = self._target_level("Rename level")
        if level:
            dialogs.run_dialog(LevelDialog(self, self.ws, self.framework.id, level))

    def delete_level(self) -> None:
        level = self._target_level("Delete level")
        if level and dialogs.confirm(
                self, "Delete level",
                f"Delete level {level['rank']} “{level['name']}” with its descriptors? Levels above it move down "
                "one when no team has used them. You can undo this with Edit > Undo.", "Delete", destructive=True):
            self.run(delete_level, self.ws, level["id"])

    def import_framework(self) -> None:
        folder = str(self.ws.path.parent) if self.ws else ""
        path = dialogs.open_file(self, "Import framework", folder, FRAMEWORK_FILTER)
        if not path:
            return
        try:
            if Path(path).stat().st_size > JSON_LIMIT:
                dialogs.warn(self, "Framework not imported", f"{Path(path).name} is too large to be a framework.")
                return
            text = Path(path).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            dialogs.warn(self, "Framework not imported", f"{Path(path).name} is not a UTF-8 text file.")
            return
        except OSError as exc:
            dialogs.warn(self, "Framework not imported", f"{Path(path).name} could not be read: {exc.strerror or exc}.")
            return
        try:
            framework_id = import_framework_json(self.ws, text)
        except ValidationError as exc:
            dialogs.warn(self, "Framework not imported",
                         f"{Path(path).name} was not imported:\n\n" + "\n".join(f"• {e.message}" for e in exc.errors))
            return
        except WorkspaceError as exc:
            dialogs.warn(self, "Framework not imported", str(exc))
            return
        self.framework_id = framework_id
        self._stale = True
        self.refresh_if_stale()
        self.tabs.setCurrentIndex(2)
        self.framework_status.setText(f"Imported “{self.framework.name}” from {Path(path).name}. "
                                      "Edit > Undo removes it again.")

    def export_framework(self) -> None:
        if not self.framework:
            return
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in self.framework.name).strip() or "framework"
        folder = self.ws.path.parent
        path = dialogs.save_path(self, "Export framework", str(folder / f"{safe}.json"), FRAMEWORK_FILTER)
        if not path:
            return
        if not path.lower().endswith(".json"):
            path += ".json"
        try:
            Path(path).write_text(export_framework_json(self.ws, self.framework.id), encoding="utf-8")
        except OSError as exc:
            dialogs.warn(self, "Framework not exported", f"{Path(path).name} could not be written: "
                                                         f"{exc.strerror or exc}.")
            return
        self.framework_status.setText(f"Exported “{self.framework.name}” to {path}.")

    def delete_framework(self) -> None:
        if self.framework and dialogs.confirm(
                self, "Delete framework",
                f"Delete the framework “{self.framework.name}” with its dimensions, levels and descriptors? "
                "A framework that teams have used cannot be deleted. You can undo this with Edit > Undo.",
                "Delete", destructive=True):
            self.run(delete_framework, self.ws, self.framework.id)

    def set_workspace(self, ws) -> None:
        super().set_workspace(ws)
        self.framework_id = None
        self.team_id = None
        self.framework_status.setText("")

    def set_cohort(self, cohort_id) -> None:
        if cohort_id != self.cohort_id:
            self.team_id = None
            self.framework_id = None if not self.ws else cohort_framework(self.ws, cohort_id)
        super().set_cohort(cohort_id)

