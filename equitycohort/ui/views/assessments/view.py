"""The Assessments screen: each team's rounds and growth, the cohort heat map, the framework editor."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHeaderView,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort.data.assessments import (
    Framework,
    cohort_framework,
    cohort_growth,
    delete_round,
    describe_cohort_growth,
    dimension_descriptions,
    framework_descriptors,
    growth,
    list_frameworks,
    load_framework,
    round_name,
    team_rounds,
)
from equitycohort.data.errors import ValidationError
from equitycohort.data.frameworks import (
    delete_dimension,
    delete_framework,
    delete_level,
    dimension_ratings,
    framework_file_name,
    import_framework_json,
    install_default_framework,
    level_at,
    move_dimension,
    read_framework_file,
    write_framework_file,
)
from equitycohort.data.teams import list_teams
from equitycohort.ui import dialogs
from equitycohort.ui.context import Context, InView
from equitycohort.ui.forms import set_combo
from equitycohort.ui.labels import heading
from equitycohort.ui.views.base import EmptyState, View, button, fit_columns, select_id, selected_record
from equitycohort.ui.views.charts.heatmap import HeatCell, HeatRow
from equitycohort.ui.views.charts.radar import RadarSeries

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change

from equitycohort.ui.views.assessments.dialogs import (
    AssessmentDialog,
    DimensionDialog,
    FrameworkDetailsDialog,
    LevelDialog,
)
from equitycohort.ui.views.assessments.models import (
    FRAMEWORK_FILTER,
    DimensionRow,
    FrameworkTableModel,
    GrowthRow,
    GrowthTableModel,
    RoundTableModel,
    day_label,
)
from equitycohort.ui.views.assessments.pages import cohort_page, framework_page, picker_row, team_page


class AssessmentsView(View):
    title = "Assessments"
    tables = frozenset({"assessments", "ratings", "frameworks", "dimensions", "levels", "descriptors",
                        "teams", "cohorts"})
    cohort_screen = True
    follows_team = True

    def __init__(self, context: Context | None = None, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.framework_id: str | None = None
        self.framework: Framework | None = None
        self.team_id: str | None = None
        self._filling = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = heading("Self-assessments")
        layout.addWidget(self.heading)
        layout.addWidget(picker_row(self))

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
        self.tabs.addTab(team_page(self), "&Team growth")
        self.tabs.addTab(cohort_page(self), "C&ohort heat map")
        self.tabs.addTab(framework_page(self), "Framewor&k")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.body.addWidget(self.no_framework)
        self.body.addWidget(self.tabs)
        layout.addWidget(self.body, 1)

    # --- refreshing ------------------------------------------------------------

    def refresh(self) -> None:
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
        ids = {t.id for t in teams}
        if self.context.team_id in ids:
            self.team_id = self.context.team_id
        elif self.team_id not in ids:
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
        self.publish()

    def _tab_changed(self, index: int) -> None:
        self.framework_note.setVisible(index != 2)  # the framework editor shows them itself
        self.publish()

    def in_view(self) -> InView:
        """On the team tab, its team and the round selected; elsewhere no team."""
        if self.tabs.currentIndex() != 0 or self.body.currentWidget() is not self.tabs:
            return InView(cohort=True)
        chosen = selected_record(self.round_table)
        return InView(cohort=True, team=self.team_picker.currentData(),
                      record=("assessments", chosen.id) if chosen else None)

    def follow_team(self) -> None:
        if self.tabs.currentIndex() == 0:
            super().follow_team()

    def select_team(self, team_id: str) -> None:
        self.refresh_if_stale()
        set_combo(self.team_picker, team_id)

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
        self.publish()

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
        self.cohort_summary.setText(describe_cohort_growth(teams))

    def _refresh_framework(self) -> None:
        framework = self.framework
        row = self.ws.get("frameworks", framework.id)
        self.framework_title.setText(framework.name)
        self.framework_meta.setText(
            f"{len(framework.dimensions)} dimensions, {len(framework.levels)} levels · "
            f"Source: {row['source'] or 'not given'} · Licence: {row['licence'] or 'not given'}")
        self.framework_description.setText(row["description"] or "")
        current = self.framework_table.currentIndex()
        texts = framework_descriptors(self.ws, framework.id)
        descriptions = dimension_descriptions(self.ws, framework.id)
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

    def show_record(self, record_id: str, table: str = "") -> None:
        """Show a team's rounds and growth (from the Attention screen, say), or one round of them."""
        if self.ws is None:
            return
        assessment = self.ws.get("assessments", record_id) if table != "teams" else None
        team_id = assessment["team_id"] if assessment else record_id
        team = self.ws.get("teams", team_id)
        if team is None:
            return
        self.context.choose_team(team_id)
        self.team_id = team_id
        self.tabs.setCurrentIndex(0)
        if self._stale:
            self.refresh_if_stale()
        else:
            set_combo(self.team_picker, team_id)
        if assessment:
            select_id(self.round_table, self.round_model, record_id)
        self.team_picker.setFocus()

    def open_team(self, team_id: str) -> None:
        """A row of the heat map: that team's growth."""
        self.team_id = team_id
        self.tabs.setCurrentIndex(0)
        set_combo(self.team_picker, team_id)

    def reveal(self, change: Change) -> None:
        """Select the round, or the dimension, just made here."""
        if not change.id or not self.isVisible():
            return
        if select_id(self.round_table, self.round_model, change.id):
            return
        row = self.framework_model.row_of(change.id)
        if row >= 0:
            self.framework_table.setCurrentIndex(self.framework_model.index(row, FrameworkTableModel.COL_DIMENSION))

    def selected_team_id(self) -> str | None:
        return self.team_picker.currentData()

    # --- rounds --------------------------------------------------------------------

    def record_assessment(self) -> None:
        if self.team_id and self.framework:
            dialogs.run_dialog(AssessmentDialog(self, self.ws, self.team_id, self.framework.id))

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
            self.run(delete_round, chosen.id)

    # --- framework -----------------------------------------------------------------

    def add_default_framework(self) -> None:
        change = self.run(install_default_framework)
        if change is not None:
            self.framework_id = change.id
            self._stale = True
            self.refresh_if_stale()

    def edit_details(self) -> None:
        if self.framework:
            dialogs.run_dialog(FrameworkDetailsDialog(self, self.ws, self.framework.id))

    def _current_dimension(self) -> DimensionRow | None:
        index = self.framework_table.currentIndex()
        return self.framework_model.record(index.row()) if index.isValid() else None

    def add_dimension(self) -> None:
        if self.framework:
            dialogs.run_dialog(DimensionDialog(self, self.ws, self.framework.id))

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
        self.run(move_dimension, dimension.id, offset)
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
            self.run(delete_dimension, dimension.id)

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
        return level_at(self.ws, self.framework.id, rank)

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
            self.run(delete_level, level["id"])

    def import_framework(self) -> None:
        folder = str(self.ws.path.parent) if self.ws else ""
        path = dialogs.open_file(self, "Import framework", folder, FRAMEWORK_FILTER)
        if not path:
            return
        name = Path(path).name

        def refused(exc: ValidationError) -> None:
            dialogs.warn(self, "Framework not imported", "\n".join(e.message for e in exc.errors) if exc.for_field(
                "file") else f"{name} was not imported:\n\n" + "\n".join(f"• {e.message}" for e in exc.errors))

        change = self.run(lambda ws: import_framework_json(ws, read_framework_file(Path(path))), refused=refused,
                          failed=lambda message: dialogs.warn(self, "Framework not imported", message))
        if change is None:
            return
        self.framework_id = change.id
        self._stale = True
        self.refresh_if_stale()
        self.tabs.setCurrentIndex(2)
        if self.framework:
            self.framework_status.setText(f"Imported “{self.framework.name}” from {name}. Edit > Undo removes it again.")

    def export_framework(self) -> None:
        if not self.framework or self.ws is None:
            return
        suggested = self.ws.path.parent / framework_file_name(self.framework.name)
        path = dialogs.save_path(self, "Export framework", str(suggested), FRAMEWORK_FILTER)
        if not path:
            return
        target = Path(path if path.lower().endswith(".json") else path + ".json")
        try:
            write_framework_file(self.ws, self.framework.id, target)
        except OSError as exc:
            dialogs.warn(self, "Framework not exported", f"{target.name} could not be written: {exc.strerror or exc}.")
            return
        self.framework_status.setText(f"Exported “{self.framework.name}” to {target}.")

    def delete_framework(self) -> None:
        if self.framework and dialogs.confirm(
                self, "Delete framework",
                f"Delete the framework “{self.framework.name}” with its dimensions, levels and descriptors? "
                "A framework that teams have used cannot be deleted. You can undo this with Edit > Undo.",
                "Delete", destructive=True):
            self.run(delete_framework, self.framework.id)

    def workspace_opened(self) -> None:
        super().workspace_opened()
        self.framework_id = None
        self.team_id = None
        self.framework_status.setText("")

    def cohort_changed(self) -> None:
        self.team_id = None
        self.framework_id = None if not self.ws else cohort_framework(self.ws, self.cohort_id)
        super().cohort_changed()
