"""The Assessments screen: each team's rounds and growth, the cohort heat map, the framework editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
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
    growth,
    list_frameworks,
    load_framework,
    team_rounds,
)
from equitycohort.data.teams import list_teams
from equitycohort.i18n import _, ngettext
from equitycohort.ui import dialogs
from equitycohort.ui.context import Context, InView
from equitycohort.ui.forms import set_combo
from equitycohort.ui.labels import heading
from equitycohort.ui.views.base import EmptyState, View, button, fit_columns, select_id, selected_record
from equitycohort.ui.views.charts.heatmap import HeatCell, HeatRow
from equitycohort.ui.views.charts.radar import RadarSeries

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSplitter, QTableView

    from equitycohort.data.workspace import Change
    from equitycohort.ui.views.charts.heatmap import HeatMap
    from equitycohort.ui.views.charts.radar import RadarChart

from equitycohort.ui.views.assessments.dialogs import (
    AssessmentDialog,
)
from equitycohort.ui.views.assessments.framework_editor import FrameworkEditor
from equitycohort.ui.views.assessments.models import (
    FrameworkTableModel,
    GrowthRow,
    GrowthTableModel,
    RoundTableModel,
    day_label,
    round_title,
)
from equitycohort.ui.views.assessments.pages import cohort_page, picker_row, team_page


class AssessmentsView(View):
    editor: FrameworkEditor
    # the widgets pages.py builds
    team_picker: QComboBox
    record_button: QPushButton
    edit_round_button: QPushButton
    delete_round_button: QPushButton
    round_model: RoundTableModel
    round_table: QTableView
    growth_model: GrowthTableModel
    growth_table: QTableView
    growth_caption: QLabel
    radar: RadarChart
    team_split: QSplitter
    team_pages: QStackedWidget
    team_empty: EmptyState
    cohort_summary: QLabel
    heatmap: HeatMap
    cohort_pages: QStackedWidget
    cohort_empty: EmptyState
    framework_picker: QComboBox
    framework_note: QLabel
    picker_row: QWidget

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
        self.heading = heading(_("Self-assessments"))
        layout.addWidget(self.heading)
        layout.addWidget(picker_row(self))

        self.body = QStackedWidget()
        self.no_framework = EmptyState(
            _("No self-assessment framework yet"),
            _("Teams rate themselves against a framework: dimensions, each with ordered levels and a description "
              "of every level. Start from the framework that ships with Equity Cohort and adapt it, or import "
              "one shared as a JSON file."),
            [button(_("Add the &default framework"), lambda: self.editor.add_default_framework(),
                    _("Add the default framework")),
             button(_("&Import a framework…"), lambda: self.editor.import_framework(), _("Import a framework"))])
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Assessment views"))
        self.tabs.addTab(team_page(self), _("&Team growth"))
        self.tabs.addTab(cohort_page(self), _("C&ohort heat map"))
        self.editor = FrameworkEditor(self)
        self.tabs.addTab(self.editor, _("Framewor&k"))
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
        self.heading.setText(_("Self-assessments of {cohort}").format(cohort=cohort["name"]) if cohort
                             else _("Self-assessments"))
        self.picker_row.setVisible(bool(frameworks))
        if not frameworks:
            self.framework = None
            self.body.setCurrentWidget(self.no_framework)
            return
        self.body.setCurrentWidget(self.tabs)
        self.framework = load_framework(self.ws, self.framework_id)
        framework = self.framework
        note = " · ".join(x for x in (
            framework and framework.source and _("Source: {source}").format(source=framework.source),
            framework and framework.licence and _("License: {license}").format(license=framework.licence)) if x)
        self.framework_note.setText(note)
        self._fill_teams(cohort)
        self._refresh_cohort(cohort)
        self.editor.show_framework(self.framework)

    def _framework_changed(self) -> None:
        if self._filling:
            return
        self.framework_id = self.framework_picker.currentData()
        self.refresh()

    def _fill_teams(self, cohort) -> None:
        teams = list_teams(self.ws, cohort["id"]) if cohort else []
        if not cohort:
            self._set_empty(self.team_pages, self.team_empty, _("No cohort yet"),
                            _("Create a cohort on the Cohorts screen first; its teams' self-assessments are kept "
                              "here."))
        elif not teams:
            self._set_empty(self.team_pages, self.team_empty, _("No teams yet"),
                            _("Add the cohort's state teams on the Teams screen; each team's self-assessment "
                              "rounds and growth then show here."))
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
            self.growth_caption.setText(_("{first} ({first_date}) against {latest} ({latest_date}).").format(
                first=round_title(rounds[0]), first_date=day_label(rounds[0].date),
                latest=round_title(rounds[-1]), latest_date=day_label(rounds[-1].date)))
        elif rounds:
            self.growth_caption.setText(_("Only the {round} so far: growth shows once a later round is recorded.")
                                        .format(round=round_title(rounds[0]).lower()))
        else:
            self.growth_caption.setText(_("No rounds yet: record the team's baseline to start."))
        if framework:
            self.radar.set_data([name for _id, name in framework.dimensions], list(framework.levels), [
                RadarSeries(f"{round_title(r)} · {day_label(r.date)}",
                            tuple(r.ratings.get(d) for d, _name in framework.dimensions)) for r in rounds])
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
            self._set_empty(self.cohort_pages, self.cohort_empty, _("No cohort yet"),
                            _("Create a cohort on the Cohorts screen first; its teams' growth is compared here."))
            self.heatmap.set_data([], [], [])
            return
        teams = cohort_growth(self.ws, cohort["id"], framework.id) if framework else []
        if not teams or framework is None:
            self._set_empty(self.cohort_pages, self.cohort_empty, _("No teams yet"),
                            _("Add the cohort's state teams on the Teams screen to compare their growth here."))
            self.heatmap.set_data([], [], [])
            return
        self.cohort_pages.setCurrentIndex(1)
        rows = [HeatRow(t.team_id, t.name, tuple(HeatCell(g.current, g.change) for g in t.growth)) for t in teams]
        self.heatmap.set_data([name for _id, name in framework.dimensions], list(framework.levels), rows)
        self.cohort_summary.setText(describe_cohort_growth(teams))

    # --- navigation --------------------------------------------------------------

    def show_record(self, record_id: str, table: str = "") -> None:
        """Show a team's rounds and growth (from the Attention screen, say), or one round of them."""
        if not self.has_workspace:
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
        row = self.editor.framework_model.row_of(change.id)
        if row >= 0:
            self.editor.framework_table.setCurrentIndex(
                self.editor.framework_model.index(row, FrameworkTableModel.COL_DIMENSION))

    def show_framework_of(self, change: Change) -> None:
        """Show the framework a change made (added or imported), on the framework tab."""
        self.framework_id = change.id
        self._stale = True
        self.refresh_if_stale()
        self.tabs.setCurrentIndex(2)

    def selected_team_id(self) -> str | None:
        return self.team_picker.currentData()

    # --- rounds --------------------------------------------------------------------

    def record_assessment(self) -> None:
        if self.team_id and self.framework:
            dialogs.run_dialog(AssessmentDialog(self, self.ws, self.team_id, self.framework.id))

    def edit_round(self, *args) -> None:
        chosen = selected_record(self.round_table)
        if chosen and self.framework and self.team_id:
            dialogs.run_dialog(AssessmentDialog(self, self.ws, self.team_id, chosen.framework_id or self.framework.id,
                                                chosen.id))

    def delete_round(self) -> None:
        chosen = selected_record(self.round_table)
        if chosen is None:
            return
        name = f"“{chosen.label}”" if chosen.round == "custom" else round_title(chosen).lower()
        count = len(chosen.ratings)
        if dialogs.confirm(
                self, _("Delete round"),
                ngettext("Delete the {round} round of {date} with its {n} rating and evidence notes? "
                         "You can undo this with Edit > Undo.",
                         "Delete the {round} round of {date} with its {n} ratings and evidence notes? "
                         "You can undo this with Edit > Undo.", count).format(
                    round=name, date=day_label(chosen.date), n=count),
                _("Delete"), destructive=True):
            self.run(delete_round, chosen.id)

    def workspace_opened(self) -> None:
        super().workspace_opened()
        self.framework_id = None
        self.team_id = None
        self.editor.framework_status.setText("")

    def cohort_changed(self) -> None:
        self.team_id = None
        self.framework_id = None if not self.has_workspace else cohort_framework(self.ws, self.cohort_id)
        super().cohort_changed()
