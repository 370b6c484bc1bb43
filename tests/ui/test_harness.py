"""The suite's own guard: a modal dialog a test forgot to patch fails loudly instead of hanging."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from equitycohort.ui import dialogs
from equitycohort.ui.views.cohorts import CohortDialog
from tests.ui.conftest import UnexpectedModal, click, screen


def test_unpatched_questions_fail_at_once(window):
    for ask in (lambda: dialogs.warn(window, "Title", "Text"), lambda: dialogs.inform(window, "Title", "Text"),
                lambda: dialogs.confirm(window, "Title", "Text"),
                lambda: dialogs.open_workspace_path(window, ""),
                lambda: QDialog(window).exec(), lambda: QMessageBox(window).exec(),
                lambda: QFileDialog.getSaveFileName(window),
                lambda: dialogs.choose(window, "Title", "Pick", ["a", "b"])):
        with pytest.raises(UnexpectedModal):
            ask()


def test_an_unpatched_record_dialog_fails_from_a_button_click(demo_window, qtbot):
    view = screen(demo_window, "Cohorts")
    with qtbot.captureExceptions() as caught:
        click(qtbot, view.edit_button)
    assert len(caught) == 1 and caught[0][0] is UnexpectedModal
    # patched, the same click goes through
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CohortDialog, "exec", lambda dialog: 0)
        click(qtbot, view.edit_button)
