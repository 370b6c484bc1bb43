"""The Assessments screen's pages: a team's growth, the cohort heat map, the framework editor.

Each builder makes one page and keeps its widgets on the screen (declared on
``AssessmentsView``), whose methods they are wired to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from equitycohort.i18n import _
from equitycohort.ui.labels import caption, muted
from equitycohort.ui.views.base import (
    EmptyState,
    button,
    record_table,
)
from equitycohort.ui.views.charts.heatmap import HeatMap
from equitycohort.ui.views.charts.radar import RadarChart

if TYPE_CHECKING:
    from equitycohort.ui.views.assessments.view import AssessmentsView

from equitycohort.ui.views.assessments.models import (
    GrowthTableModel,
    RoundTableModel,
)


def team_page(view: AssessmentsView) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    view.team_picker = QComboBox()
    view.team_picker.setAccessibleName(_("Team"))
    view.team_picker.setMinimumWidth(320)
    view.team_picker.currentIndexChanged.connect(view._team_changed)
    team_label = QLabel(_("Te&am:"))
    team_label.setBuddy(view.team_picker)
    view.record_button = button(_("&Record assessment…"), view.record_assessment, _("Record assessment"),
                                _("Enter a round of this team's self-assessment"))
    view.edit_round_button = button(_("Edit ro&und…"), view.edit_round, _("Edit round"))
    view.delete_round_button = button(_("&Delete round…"), view.delete_round, _("Delete round"))
    row = QHBoxLayout()
    row.addWidget(team_label)
    row.addWidget(view.team_picker)
    row.addSpacing(12)
    for b in (view.record_button, view.edit_round_button, view.delete_round_button):
        row.addWidget(b)
    row.addStretch(1)

    view.round_model = RoundTableModel(view)
    view.round_table = record_table(view.round_model, _("Rounds"), stretch=RoundTableModel.COL_NOTES)
    view.round_table.sortByColumn(RoundTableModel.COL_DATE, Qt.SortOrder.AscendingOrder)
    view.round_table.selectionModel().selectionChanged.connect(view._round_selected)
    view.round_table.activated.connect(view.edit_round)
    view.growth_model = GrowthTableModel(view)
    view.growth_table = record_table(view.growth_model, _("Growth by dimension"),
                                     stretch=GrowthTableModel.COL_DIMENSION)
    view.growth_table.sortByColumn(GrowthTableModel.COL_NUMBER, Qt.SortOrder.AscendingOrder)
    view.growth_caption = muted()
    view.growth_caption.setAccessibleName(_("Growth compared"))
    left = QWidget()
    side = QVBoxLayout(left)
    side.setContentsMargins(0, 0, 8, 0)
    side.addWidget(caption(_("Rounds")))
    side.addWidget(view.round_table)
    side.addSpacing(6)
    side.addWidget(caption(_("Growth by dimension")))
    side.addWidget(view.growth_caption)
    side.addWidget(view.growth_table)
    side.addWidget(muted(_("The chart's numbered axes are the dimensions in this table; "
                           "hover over the chart for the levels of each round.")))
    side.addStretch(1)
    view.radar = RadarChart()
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(left)
    split.addWidget(view.radar)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, 1)
    split.setSizes([560, 520])
    split.setChildrenCollapsible(False)
    view.team_split = split

    view.team_pages = QStackedWidget()
    view.team_empty = EmptyState(_("No teams yet"), "", [])
    content = QWidget()
    content_layout = QVBoxLayout(content)
    content_layout.setContentsMargins(0, 0, 0, 0)
    content_layout.addLayout(row)
    content_layout.addWidget(split, 1)
    view.team_pages.addWidget(view.team_empty)
    view.team_pages.addWidget(content)
    layout.addWidget(view.team_pages)
    return page

def cohort_page(view: AssessmentsView) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    view.cohort_summary = muted()
    view.cohort_summary.setAccessibleName(_("Cohort growth summary"))
    view.heatmap = HeatMap()
    view.heatmap.row_activated.connect(view.open_team)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(view.heatmap)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    hint = muted(_("Arrow keys move between cells; Enter or a double click opens that team's growth."))
    view.cohort_pages = QStackedWidget()
    view.cohort_empty = EmptyState(_("No teams yet"), "", [])
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(view.cohort_summary)
    column.addWidget(scroll, 1)
    column.addWidget(hint)
    view.cohort_pages.addWidget(view.cohort_empty)
    view.cohort_pages.addWidget(content)
    layout.addWidget(view.cohort_pages)
    return page

def picker_row(view: AssessmentsView) -> QWidget:
    """The framework shown: its picker, with its source and license beside it."""
    view.framework_picker = QComboBox()
    view.framework_picker.setAccessibleName(_("Framework"))
    view.framework_picker.setMinimumWidth(280)
    view.framework_picker.currentIndexChanged.connect(view._framework_changed)
    picker_label = QLabel(_("Frame&work:"))
    picker_label.setBuddy(view.framework_picker)
    view.framework_note = muted()
    view.framework_note.setAccessibleName(_("Framework source and license"))
    top = QHBoxLayout()
    top.setContentsMargins(0, 0, 0, 0)
    top.addWidget(picker_label)
    top.addWidget(view.framework_picker)
    top.addWidget(view.framework_note, 1)
    top.addStretch(0)  # holds the picker in place while the note is hidden
    view.picker_row = QWidget()
    view.picker_row.setLayout(top)
    return view.picker_row
