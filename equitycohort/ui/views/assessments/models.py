"""The Assessments screen's table models and the words they show (levels, changes, dates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt

from equitycohort import i18n
from equitycohort.data.assessments import (
    Framework,
    Growth,
    Round,
)
from equitycohort.data.schema import ROUNDS
from equitycohort.i18n import N_, _
from equitycohort.ui import preferences
from equitycohort.ui.models import Column, RecordTableModel
from equitycohort.ui.views.charts.common import plain_tip, signed


def framework_filter() -> str:
    """The file chooser's filter for framework files."""
    return _("Framework files (*.json);;All files (*)")


def round_title(r: Round) -> str:
    """A round as a list names it: Baseline, Midpoint, End, or the name given to a custom one."""
    return r.label if r.round == "custom" else i18n.label(ROUNDS, r.round)


def day_label(iso: str) -> str:
    try:
        return preferences.short_date(dt.date.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso or ""


def level_text(framework: Framework | None, rank: int | None) -> str:
    if rank is None:
        return "–"
    return f"{rank} {framework.level_name(rank)}" if framework else str(rank)


def change_text(change: int | None) -> str:
    """The change with an arrow, so it reads without color: ▲ +1, ▼ −1, ＝ ±0."""
    if change is None:
        return "–"
    arrow = "▲" if change > 0 else ("▼" if change < 0 else "=")
    return f"{arrow} {signed(change)}"


class RoundTableModel(RecordTableModel):
    COL_ROUND, COL_DATE, COL_RATED, COL_NOTES = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.dimension_count = 0
        self.columns = (
            Column(N_("Round"), round_title),
            Column(N_("Date"), lambda r: day_label(r.date), sort=lambda r: r.date),
            Column(N_("Rated"), lambda r: _("{rated} of {total}").format(rated=len(r.ratings),
                                                                         total=self.dimension_count),
                   sort=lambda r: len(r.ratings),
                   tone=lambda r: "warning_fg" if len(r.ratings) < self.dimension_count else None),
            Column(N_("Notes"), lambda r: r.notes.replace("\n", " ")),
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
            Column(N_("Dimension"), lambda g: g.growth.dimension, tooltip=lambda g: plain_tip(g.growth.dimension)),
            Column(N_("Baseline"), lambda g: level_text(self.framework, g.growth.baseline),
                   sort=lambda g: g.growth.baseline or 0),
            Column(N_("Latest"), lambda g: level_text(self.framework, g.growth.latest),
                   sort=lambda g: g.growth.latest or 0),
            Column(N_("Change"), lambda g: change_text(g.growth.change),
                   sort=lambda g: -99 if g.growth.change is None else g.growth.change,
                   tone=_change_tone,
                   tooltip=lambda g: "" if g.growth.change is not None
                   else _("Needs a later round than the baseline")),
        )


@dataclass(frozen=True)
class DimensionRow:
    id: str
    number: int
    name: str
    description: str
    descriptors: dict[int, str]


def _level_column(rank: int, name: str) -> Column:
    """The column of one level: each dimension's descriptor at it."""
    def text(d: DimensionRow) -> str:
        return d.descriptors.get(rank, "")

    def tip(d: DimensionRow) -> str:
        head = _("{dimension} at {level}:").format(dimension=d.name, level=f"{rank} {name}")
        descriptor = d.descriptors.get(rank) or _("(no descriptor)")
        return plain_tip(f"{head}\n{descriptor}")

    # the framework's own words (data, in the workspace's language), not the app's
    return Column(f"{rank} {name}", text, tooltip=tip)


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
            Column(N_("Dimension"), lambda d: d.name, tooltip=lambda d: plain_tip(d.description or d.name)),
        )
        return fixed + tuple(_level_column(rank, name) for rank, name in self.levels)

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
