"""The framework editor, the third tab of the Assessments screen.

Dimensions down, levels across, each cell a descriptor; editing a cell opens
its dimension. Every change goes through the screen's runner, so the screen
selects what was made and Edit > Undo reverses it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from equitycohort.data.assessments import (
    Framework,
    dimension_descriptions,
    framework_descriptors,
    load_framework,
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
from equitycohort.data.translations import OWN_TEXT
from equitycohort.i18n import _, ngettext
from equitycohort.ui import dialogs, preferences
from equitycohort.ui.labels import caption, muted
from equitycohort.ui.views.assessments.dialogs import DimensionDialog, FrameworkDetailsDialog, LevelDialog
from equitycohort.ui.views.assessments.models import DimensionRow, FrameworkTableModel, framework_filter
from equitycohort.ui.views.base import button, button_row, record_table

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace
    from equitycohort.ui.views.assessments.view import AssessmentsView


class FrameworkEditor(QWidget):
    """Edits the framework the Assessments screen shows."""

    def __init__(self, view: AssessmentsView):
        super().__init__(view)
        self.view = view
        self.framework: Framework | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.framework_title = caption()
        self.framework_title.setAccessibleName(_("Framework name"))
        self.framework_meta = muted()
        self.framework_meta.setAccessibleName(_("Framework source and license"))
        self.framework_description = muted()
        self.framework_description.setAccessibleName(_("Framework description"))
        self.framework_description.setMaximumHeight(self.framework_description.fontMetrics().height() * 3 + 6)
        details = button(_("Edit &details…"), self.edit_details, _("Edit framework details"),
                         _("Name, description, source and license"))
        head = QHBoxLayout()
        head.addWidget(self.framework_title, 1)
        head.addWidget(details)
        layout.addLayout(head)
        layout.addWidget(self.framework_meta)
        layout.addWidget(self.framework_description)
        self.translation_note = muted()
        self.translation_note.setAccessibleName(_("About the framework's languages"))
        self.translation_note.setVisible(False)
        layout.addWidget(self.translation_note)

        self.add_dimension_button = button(_("&Add dimension…"), self.add_dimension, _("Add dimension"))
        self.edit_dimension_button = button(_("Edit dime&nsion…"), self.edit_dimension, _("Edit dimension"),
                                            _("Its name, description and descriptors"))
        # arrows, as on the Workplans screen: the row of buttons fits a laptop's width in Spanish too
        self.up_button = button("↑", lambda: self.move_dimension(-1), _("Move dimension up"),
                                _("Move the selected dimension up"))
        self.down_button = button("↓", lambda: self.move_dimension(1), _("Move dimension down"),
                                  _("Move the selected dimension down"))
        for arrow in (self.up_button, self.down_button):
            arrow.setFixedWidth(arrow.fontMetrics().horizontalAdvance("↓") + 28)
        self.delete_dimension_button = button(_("Delete dimension…"), self.delete_dimension, _("Delete dimension"))
        self.add_level_button = button(_("Add &level…"), self.add_level, _("Add level"))
        self.rename_level_button = button(_("Rena&me level…"), self.rename_level, _("Rename level"),
                                          _("The level of the selected column"))
        self.delete_level_button = button(_("Delete level…"), self.delete_level, _("Delete level"),
                                          _("The level of the selected column"))
        row = button_row(self.add_dimension_button, self.edit_dimension_button, self.up_button, self.down_button,
                         self.delete_dimension_button)
        row.insertWidget(0, caption(_("Dimensions")))
        row.addWidget(caption(_("Levels")))
        for b in (self.add_level_button, self.rename_level_button, self.delete_level_button):
            row.addWidget(b)
        layout.addLayout(row)

        self.framework_model = FrameworkTableModel(self)
        table = record_table(self.framework_model, _("Dimensions and level descriptors"), stretch=-1)
        table.setSortingEnabled(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() * 3 + 12)
        table.activated.connect(self._framework_cell_activated)
        table.selectionModel().currentChanged.connect(self._framework_selection)
        self.framework_table = table
        layout.addWidget(table, 1)

        self.framework_status = muted()
        self.framework_status.setAccessibleName(_("Framework message"))
        self.import_button = button(_("&Import…"), self.import_framework, _("Import framework"),
                                    _("Add a framework from a JSON file"))
        self.export_button = button(_("E&xport…"), self.export_framework, _("Export framework"),
                                    _("Save this framework as a JSON file to share"))
        self.delete_framework_button = button(_("Delete framework…"), self.delete_framework, _("Delete framework"))
        bottom = QHBoxLayout()
        bottom.addWidget(muted(_("Double-click a cell (or press Enter) to edit that dimension and its descriptors. "
                                 "Edit > Undo reverses any change.")), 1)
        for b in (self.import_button, self.export_button, self.delete_framework_button):
            bottom.addWidget(b)
        layout.addWidget(self.framework_status)
        layout.addLayout(bottom)


    @property
    def ws(self) -> Workspace:
        return self.view.ws

    def show_framework(self, framework: Framework | None) -> None:
        """Show a framework's dimensions, levels and descriptors (None: nothing to show), in its own
        words: what its dialogs edit (the screens and documents read it in their language)."""
        self.framework = framework
        if framework is None:
            return
        own = load_framework(self.ws, framework.id, OWN_TEXT)
        translated = own is not None and own != framework
        self.translation_note.setVisible(translated)
        if translated:
            self.translation_note.setText(_(
                "Shown and edited here in its own words. The screens and documents in another language show "
                "the framework's text in that language where it has one; changing a text here removes its "
                "translations, and they then show what you wrote."))
        framework = own or framework
        self.framework_title.setText(framework.name)
        dimensions, levels = len(framework.dimensions), len(framework.levels)
        self.framework_meta.setText(" · ".join((
            _("{dimensions}, {levels}").format(
                dimensions=ngettext("{n} dimension", "{n} dimensions", dimensions).format(n=dimensions),
                levels=ngettext("{n} level", "{n} levels", levels).format(n=levels)),
            _("Source: {source}").format(source=framework.source or _("not given")),
            _("License: {license}").format(license=framework.licence or _("not given")))))
        self.framework_description.setText(framework.description)
        current = self.framework_table.currentIndex()
        texts = framework_descriptors(self.ws, framework.id, OWN_TEXT)
        descriptions = dimension_descriptions(self.ws, framework.id, OWN_TEXT)
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
            at = min(current.row(), len(rows) - 1) if current.isValid() else 0
            column = min(current.column(), self.framework_model.columnCount() - 1) if current.isValid() \
                else FrameworkTableModel.COL_DIMENSION
            self.framework_table.setCurrentIndex(self.framework_model.index(at, column))
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

    def add_default_framework(self) -> None:
        change = self.view.run(install_default_framework)
        if change is not None:
            self.view.show_framework_of(change)

    def edit_details(self) -> None:
        if self.framework:
            dialogs.run_dialog(FrameworkDetailsDialog(self.view, self.ws, self.framework.id))

    def _current_dimension(self) -> DimensionRow | None:
        index = self.framework_table.currentIndex()
        return self.framework_model.record(index.row()) if index.isValid() else None

    def add_dimension(self) -> None:
        if self.framework:
            dialogs.run_dialog(DimensionDialog(self.view, self.ws, self.framework.id))

    def edit_dimension(self, *args, rank: int | None = None) -> None:
        dimension = self._current_dimension()
        if dimension and self.framework:
            dialogs.run_dialog(DimensionDialog(self.view, self.ws, self.framework.id, dimension.id, rank))

    def _framework_cell_activated(self, index) -> None:
        if index.isValid():
            self.framework_table.setCurrentIndex(index)
            self.edit_dimension(rank=self.framework_model.rank_of_column(index.column()))

    def move_dimension(self, offset: int) -> None:
        dimension = self._current_dimension()
        if dimension is None:
            return
        column = self.framework_table.currentIndex().column()
        self.view.run(move_dimension, dimension.id, offset)
        row = self.framework_model.row_of(dimension.id)
        if row >= 0:
            self.framework_table.setCurrentIndex(self.framework_model.index(row, column))

    def delete_dimension(self) -> None:
        dimension = self._current_dimension()
        if dimension is None:
            return
        used = dimension_ratings(self.ws, dimension.id)
        if used:
            question = ngettext(
                "Delete the dimension “{name}” with its descriptors and the {n} rating teams gave it? "
                "You can undo this with Edit > Undo.",
                "Delete the dimension “{name}” with its descriptors and the {n} ratings teams gave it? "
                "You can undo this with Edit > Undo.", used).format(name=dimension.name, n=used)
        else:
            question = _("Delete the dimension “{name}” with its descriptors? You can undo this with Edit > Undo."
                         ).format(name=dimension.name)
        if dialogs.confirm(self, _("Delete dimension"), question, _("Delete"), destructive=True):
            self.view.run(delete_dimension, dimension.id)

    def _target_level(self, title: str) -> dict | None:
        """The level of the selected column, else one the user picks."""
        if not self.framework or not self.framework.levels:
            return None
        rank = self.framework_model.rank_of_column(self.framework_table.currentIndex().column())
        if rank is None:
            items = [f"{r} {name}" for r, name in self.framework.levels]
            chosen = dialogs.choose(self, title, _("Level:"), items)
            if chosen is None:
                return None
            rank = self.framework.levels[chosen][0]
        return level_at(self.ws, self.framework.id, rank)

    def add_level(self) -> None:
        if self.framework:
            dialogs.run_dialog(LevelDialog(self.view, self.ws, self.framework.id))

    def rename_level(self) -> None:
        level = self._target_level(_("Rename level"))
        if level and self.framework:
            dialogs.run_dialog(LevelDialog(self.view, self.ws, self.framework.id, level))

    def delete_level(self) -> None:
        level = self._target_level(_("Delete level"))
        if level and dialogs.confirm(
                self, _("Delete level"),
                _("Delete level {rank} “{name}” with its descriptors? Levels above it move down one when no team "
                  "has used them. You can undo this with Edit > Undo.").format(rank=level["rank"], name=level["name"]),
                _("Delete"), destructive=True):
            self.view.run(delete_level, level["id"])

    def import_framework(self) -> None:
        path = dialogs.open_file(self, _("Import framework"), str(preferences.start_folder()), framework_filter())
        if not path:
            return
        preferences.remember_folder(path)
        name = Path(path).name

        def refused(exc: ValidationError) -> None:
            dialogs.warn(self, _("Framework not imported"), "\n".join(e.message for e in exc.errors) if exc.for_field(
                "file") else _("{file} was not imported:").format(file=name) + "\n\n"
                + "\n".join(f"• {e.message}" for e in exc.errors))

        change = self.view.run(lambda ws: import_framework_json(ws, read_framework_file(Path(path))), refused=refused,
                          failed=lambda message: dialogs.warn(self, _("Framework not imported"), message))
        if change is None:
            return
        self.view.show_framework_of(change)
        if self.framework:
            self.framework_status.setText(_("Imported “{framework}” from {file}. Edit > Undo removes it again.").format(
                framework=self.framework.name, file=name))

    def export_framework(self) -> None:
        if not self.framework or not self.view.has_workspace:
            return
        suggested = preferences.start_folder() / framework_file_name(self.framework.name)
        path = dialogs.save_path(self, _("Export framework"), str(suggested), framework_filter())
        if not path:
            return
        preferences.remember_folder(path)
        target = Path(path if path.lower().endswith(".json") else path + ".json")
        try:
            write_framework_file(self.ws, self.framework.id, target)
        except OSError as exc:
            dialogs.warn(self, _("Framework not exported"), _("{file} could not be written: {reason}.").format(
                file=target.name, reason=exc.strerror or exc))
            return
        self.framework_status.setText(_("Exported “{framework}” to {path}.").format(framework=self.framework.name,
                                                                                   path=target))

    def delete_framework(self) -> None:
        if self.framework and dialogs.confirm(
                self, _("Delete framework"),
                _("Delete the framework “{name}” with its dimensions, levels and descriptors? A framework that teams "
                  "have used cannot be deleted. You can undo this with Edit > Undo.").format(name=self.framework.name),
                _("Delete"), destructive=True):
            self.view.run(delete_framework, self.framework.id)
