"""Recording a round of a team's self-assessment, and editing a framework's details, dimensions and levels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from equitycohort import i18n
from equitycohort.data.assessments import (
    Framework,
    Round,
    descriptors,
    dimension_descriptions,
    load_framework,
    next_round,
    save_round,
    team_rounds,
)
from equitycohort.data.frameworks import (
    add_level,
    edit_framework,
    next_level_rank,
    rename_level,
    save_dimension,
)
from equitycohort.data.schema import ROUNDS
from equitycohort.data.teams import get_team
from equitycohort.data.translations import OWN_TEXT
from equitycohort.i18n import _
from equitycohort.ui import theme
from equitycohort.ui.forms import FormDialog, combo, date_edit, date_value, line, set_combo, text_box, text_of
from equitycohort.ui.labels import caption, muted, plain, tint
from equitycohort.ui.views.charts.common import plain_tip

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change

from equitycohort.ui.geometry import fit_dialog
from equitycohort.ui.views.assessments.models import level_text, round_title


class AssessmentDialog(FormDialog):
    """One round of a team's self-assessment: a level and evidence per dimension.

    Choosing a level shows that level's descriptor for the dimension beneath it.
    """

    def __init__(self, parent, ws, team_id: str, framework_id: str, assessment_id: str | None = None):
        super().__init__(parent, _("Edit assessment round") if assessment_id else _("Record assessment"))
        self.ws, self.team_id, self.framework_id, self.assessment_id = ws, team_id, framework_id, assessment_id
        framework = load_framework(ws, framework_id)
        if framework is None:
            raise ValueError("an assessment is recorded against a framework that exists")
        self.framework: Framework = framework
        existing = ws.get("assessments", assessment_id) if assessment_id else None
        rounds = team_rounds(ws, team_id, framework_id)
        this = next((r for r in rounds if r.id == assessment_id), None)
        earlier = [r for r in rounds if r.id != assessment_id and (this is None or (r.date, r.id) < (this.date, this.id))]
        self.previous: Round | None = earlier[-1] if earlier else None
        team = get_team(ws, team_id)
        self._descriptions = dimension_descriptions(ws, framework_id)
        self.setMinimumWidth(720)

        intro = muted(_("{team} · {framework}. For each dimension, choose the level the team agreed on; its "
                        "description appears below the choice. Leave a dimension “Not rated” to skip it.").format(
            team=team.label if team else "", framework=self.framework.name))
        self._layout.insertWidget(0, intro)
        a = existing or {}
        round_code = a.get("round") or next_round(ws, team_id, framework_id)
        self.round = self.add_field("round", _("&Round"), combo(i18n.labels(ROUNDS), round_code))
        self.round.setMaximumWidth(260)
        self.label = self.add_field("label", _("Round &name"), line(a.get("label"), _("e.g. Retreat check")))
        self.label.setMaximumWidth(360)
        self.add_field("date", _("Da&te"), date_edit(a.get("date"))).setMaximumWidth(260)
        notes = self.add_field("notes", _("N&otes"),
                               text_box(a.get("notes"), _("About this round (optional)"), height=40))
        notes.setMaximumHeight(56)
        self.round.currentIndexChanged.connect(self._sync)

        self.levels: dict[str, QComboBox] = {}
        self.evidence: dict[str, QPlainTextEdit] = {}
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
        scroll.setAccessibleName(_("Ratings by dimension"))
        self._layout.addWidget(scroll, 1)
        self._layout.addWidget(self.buttons)
        self._sync()
        fit_dialog(self, 780, 720)

    def _dimension_row(self, number: int, dimension_id: str, name: str, this: Round | None) -> QWidget:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(box)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setHorizontalSpacing(10)
        layout.setVerticalSpacing(4)
        title = caption(f"{number}. {name}")
        title.setWordWrap(True)
        description = self._descriptions.get(dimension_id)
        if description:
            title.setToolTip(plain_tip(description))
        layout.addWidget(title, 0, 0, 1, 3)

        texts = descriptors(self.ws, dimension_id, None)  # in the language of the screen
        self._descriptors[dimension_id] = texts
        level = QComboBox()
        level.addItem(_("Not rated"), None)
        for rank, level_name in self.framework.levels:
            level.addItem(f"{rank} {level_name}", rank)
            if texts.get(rank):
                level.setItemData(level.count() - 1, plain_tip(texts[rank]), Qt.ItemDataRole.ToolTipRole)
        level.setAccessibleName(_("Level for {dimension}").format(dimension=name))
        if this and dimension_id in this.ratings:
            set_combo(level, this.ratings[dimension_id])
        level_caption = QLabel(_("Level:"))
        level_caption.setBuddy(level)
        layout.addWidget(level_caption, 1, 0)
        layout.addWidget(level, 1, 1)
        before = ""
        if self.previous and dimension_id in self.previous.ratings:
            earlier = round_title(self.previous)
            before = _("At {round}: {level}").format(
                round=earlier if self.previous.round == "custom" else earlier.lower(),
                level=level_text(self.framework, self.previous.ratings[dimension_id]))
        previous = muted(before)
        previous.setAccessibleName(_("Previous level for {dimension}").format(dimension=name))
        layout.addWidget(previous, 1, 2)

        described = QLabel()
        described.setWordWrap(True)
        described.setTextFormat(Qt.TextFormat.PlainText)
        described.setAccessibleName(_("Description of the chosen level for {dimension}").format(dimension=name))
        described.setMinimumHeight(described.fontMetrics().height() * 2 + 14)
        layout.addWidget(described, 2, 0, 1, 3)

        evidence = text_box(this.evidence.get(dimension_id, "") if this else "",
                            _("Evidence: what the team pointed to (a document, a decision, a practice)"), height=40)
        evidence.setMaximumHeight(52)
        evidence.setAccessibleName(_("Evidence for {dimension}").format(dimension=name))
        layout.addWidget(evidence, 3, 0, 1, 3)
        error = plain(QLabel())
        error.setWordWrap(True)
        error.setVisible(False)
        error.setAccessibleName(_("{dimension} problem").format(dimension=name))
        tint(error, "danger_fg")
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
            label.setText(_("Choose a level to see what it means for this dimension."))
            label.setStyleSheet(f"color: {theme.color('muted_fg').name()}; padding: 6px 8px;")
            return
        text = self._descriptors[dimension_id].get(rank) or _("This level has no description for this dimension yet.")
        label.setText(f"{self.framework.level_name(rank)}: {text}")
        label.setStyleSheet(f"background: {theme.color('card_bg').name()}; border-radius: 4px; padding: 6px 8px;")

    def _sync(self) -> None:
        self.form.setRowVisible(self.fields["label"].parentWidget(), self.round.currentData() == "custom")

    def ratings(self) -> dict[str, tuple[int | None, str | None]]:
        return {d: (self.levels[d].currentData(), self.evidence[d].toPlainText()) for d in self.levels}

    def save(self) -> Change:
        round_code = self.round.currentData()
        return save_round(self.ws, self.team_id, self.framework_id, round_code, date_value(self.fields["date"]),
                   self.ratings(), label=text_of(self.label) if round_code == "custom" else None,
                   assessment_id=self.assessment_id, notes=self.fields["notes"].toPlainText() or None)


class FrameworkDetailsDialog(FormDialog):
    def __init__(self, parent, ws, framework_id: str):
        super().__init__(parent, _("Framework details"))
        self.ws, self.framework_id = ws, framework_id
        f = ws.get("frameworks", framework_id)
        self.add_field("name", _("&Name"), line(f["name"]))
        self.add_field("source", _("&Source"), line(f["source"], _("who wrote it, or where it comes from")),
                       _("Who wrote the framework, or the publication it is adapted from"))
        self.add_field("licence", _("&License"), line(f["licence"], _("e.g. CC BY 4.0")),
                       _("The terms under which the framework may be shared"))
        self.add_field("description", _("&Description"), text_box(f["description"], height=100))
        self.finish_layout()

    def save(self) -> Change:
        return edit_framework(self.ws, self.framework_id, {
            "name": text_of(self.fields["name"]), "source": text_of(self.fields["source"]) or None,
            "licence": text_of(self.fields["licence"]) or None,
            "description": self.fields["description"].toPlainText() or None})


class DimensionDialog(FormDialog):
    """A dimension's name and description with its descriptor at every level."""

    def __init__(self, parent, ws, framework_id: str, dimension_id: str | None = None, focus_rank: int | None = None):
        super().__init__(parent, _("Edit dimension") if dimension_id else _("Add dimension"))
        self.ws, self.framework_id, self.dimension_id = ws, framework_id, dimension_id
        d = ws.get("dimensions", dimension_id) if dimension_id else {}
        texts = descriptors(ws, dimension_id) if dimension_id else {}
        self.setMinimumWidth(620)
        self.add_field("name", _("&Name"), line(d.get("name"), _("e.g. Equity in the policy agenda")))
        description = self.add_field("description", _("&Description"),
                                     text_box(d.get("description"), _("What this dimension is about"), height=50))
        description.setMaximumHeight(70)
        self.ranks: list[int] = []
        framework = load_framework(ws, framework_id, OWN_TEXT)  # what this dialog edits: its own words
        for rank, name in framework.levels if framework else ():
            box = self.add_field(f"descriptor:{rank}", f"{rank} {name}",
                                 text_box(texts.get(rank), _("What {level} looks like here").format(level=name.lower()),
                                          height=56))
            box.setMaximumHeight(84)
            box.setAccessibleName(_("Descriptor at level {level}").format(level=f"{rank} {name}"))
            self.ranks.append(rank)
            if rank == focus_rank:
                box.setFocus()
        self.finish_layout()

    def save(self) -> Change:
        texts = {rank: self.fields[f"descriptor:{rank}"].toPlainText() for rank in self.ranks}
        return save_dimension(self.ws, self.framework_id, text_of(self.fields["name"]),
                       self.fields["description"].toPlainText() or None, texts, self.dimension_id)


class LevelDialog(FormDialog):
    def __init__(self, parent, ws, framework_id: str, level: dict | None = None):
        super().__init__(parent, _("Rename level {rank}").format(rank=level["rank"]) if level else _("Add level"))
        self.ws, self.framework_id, self.level = ws, framework_id, level
        if not level:
            rank = next_level_rank(ws, framework_id)
            self._layout.insertWidget(0, muted(_("The new level comes after the others, as level {rank}.").format(
                rank=rank)))
        self.add_field("name", _("&Name"), line(level["name"] if level else "", _("e.g. Sustaining")))
        self.finish_layout()

    def save(self) -> Change:
        name = text_of(self.fields["name"])
        if self.level:
            return rename_level(self.ws, self.level["id"], name)
        return add_level(self.ws, self.framework_id, name)
