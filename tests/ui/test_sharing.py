"""Sharing changes from the window: Share My Changes (asking who you are the first
time), Import Changes and dropping a file (preview, then one undoable step), the
Review changes panel (Keep mine / Take theirs / Edit, each undoable), the shared
folder (written on closing, offered on opening)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog

from equitycohort import identity
from equitycohort.data.sharing.changesfile import Author
from equitycohort.data.sharing.conflicts import list_conflicts
from equitycohort.data.sharing.exchange import export_changes
from equitycohort.data.workspace import open_workspace
from equitycohort.ui import dialogs, settings
from equitycohort.ui.sharing.identity_form import IdentityDialog
from equitycohort.ui.sharing.preview import ImportPreviewDialog
from tests.ui.conftest import Recorder

JO = Author("b" * 32, "Jo Park", "Policy Center")


@pytest.fixture
def maria(app_home):
    person = identity.make("Maria Lopez", "Child Trends")
    identity.save(person)
    return person


def team_of(ws) -> dict:
    return ws.rows("SELECT * FROM teams ORDER BY state LIMIT 1")[0]


def jos_changes(demo_path: Path, folder: Path, *, same_field: bool = True) -> Path:
    """A copy of the demo edited by Jo; Jo's changes file."""
    copy = folder / "jo.ecw"
    shutil.copyfile(demo_path, copy)
    with open_workspace(copy, backups=False) as ws:
        ws.author = JO.id
        team = team_of(ws)
        if same_field:
            ws.update("teams", team["id"], {"organization": "Jo's name for it"})
        ws.insert("people", {"name": "Rosa Martínez", "email": "rosa@example.org"})
        path = folder / "Jo Park.ecchanges"
        export_changes(ws, path, JO)
    return path


def accept_preview(monkeypatch) -> list[ImportPreviewDialog]:
    shown: list[ImportPreviewDialog] = []

    def run(dialog):
        assert isinstance(dialog, ImportPreviewDialog)
        shown.append(dialog)
        return True

    monkeypatch.setattr(dialogs, "run_dialog", run)
    return shown


def sharing_action(window, text: str):
    [action] = [a for a in window.sharing_actions if a.text().replace("&", "") == text]
    return action


def test_the_file_menu_offers_sharing_with_a_workspace_open(demo_window):
    names = [a.text().replace("&", "") for a in demo_window.sharing_actions]
    assert names == ["Share My Changes…", "Import Changes…", "Review Changes", "Shared Folder…"]
    assert all(a.isEnabled() for a in demo_window.sharing_actions)
    file_menu = demo_window.menuBar().actions()[0].menu()
    assert all(a in file_menu.actions() for a in demo_window.sharing_actions)
    demo_window.close_workspace()
    assert not any(a.isEnabled() for a in demo_window.sharing_actions)


def test_share_asks_who_you_are_the_first_time_then_writes_a_private_file(demo_window, tmp_path, monkeypatch):
    demo_window.ws.update("teams", team_of(demo_window.ws)["id"], {"notes": "Called Tuesday"})
    asked: list[IdentityDialog] = []

    def fill_in(dialog):
        asked.append(dialog)
        dialog.submit()  # an empty name is refused at the dialog
        assert dialog.problem.isVisibleTo(dialog) and "Name: cannot be empty" in dialog.problem.text()
        dialog.name.setText("Maria Lopez")
        dialog.organization.setText("Child Trends")
        dialog.submit()
        return dialog.result() == QDialog.DialogCode.Accepted

    target = tmp_path / "out" / "mine.ecchanges"
    target.parent.mkdir()
    chooser = Recorder(answer=str(target))
    monkeypatch.setattr(dialogs, "run_dialog", fill_in)
    monkeypatch.setattr(dialogs, "save_path", chooser)
    sharing_action(demo_window, "Share My Changes…").trigger()
    assert len(asked) == 1
    assert identity.load().label == "Maria Lopez, Child Trends"
    [(_, title, suggested, file_filter)] = chooser.calls
    assert "for facilitators only" in title and "private notes" in title  # the chooser says so
    assert "for facilitators only" in file_filter and "private notes" in file_filter
    assert Path(suggested).name.startswith("Maria Lopez ") and suggested.endswith(".ecchanges")
    assert target.exists() and (target.stat().st_mode & 0o777) == 0o600
    with zipfile.ZipFile(target) as archive:
        assert b'"name": "Maria Lopez"' in archive.read("manifest.json")
    assert "1 updated" in demo_window.statusBar().currentMessage()
    assert "never with a state team" in demo_window.statusBar().currentMessage()
    # the second time, no question: the identity is kept
    demo_window.ws.update("teams", team_of(demo_window.ws)["id"], {"notes": "Called again"})
    monkeypatch.setattr(dialogs, "run_dialog", Recorder(answer=False))
    sharing_action(demo_window, "Share My Changes…").trigger()
    assert len(chooser.calls) == 2


def test_import_previews_then_is_one_undoable_step_and_opens_the_review(demo_window, demo_path, tmp_path,
                                                                         maria, monkeypatch):
    ws = demo_window.ws
    team = team_of(ws)
    ws.update("teams", team["id"], {"organization": "Maria's name for it"})
    path = jos_changes(demo_path, tmp_path)
    monkeypatch.setattr(dialogs, "open_files", Recorder(answer=[str(path)]))
    shown = accept_preview(monkeypatch)
    sharing_action(demo_window, "Import Changes…").trigger()
    [preview] = shown
    assert [s.text() for s in preview.summaries] == ["Jo Park, Policy Center: 1 new, 1 updated, 0 deleted, 1 to review"]
    rows = {preview.table.item(r, 0).text() + " " + preview.table.item(r, 1).text()
            for r in range(preview.table.rowCount())}
    assert "New Person “Rosa Martínez”" in rows
    assert ws.get("teams", team["id"])["organization"] == "Jo's name for it"
    assert demo_window.undo_action.text() == "&Undo Import changes from Jo"
    panel = demo_window.sharing.panel
    assert panel.isVisible() and panel.list.count() == 1
    assert panel.values["mine"][0].text() == "Maria's name for it"
    assert panel.values["theirs"][0].text() == "Jo's name for it (kept)"
    assert panel.values["theirs"][1].text().startswith("Jo Park, Policy Center, ")
    assert panel.values["mine"][1].text().startswith("you, ")
    assert panel.values["before"][0].text() == team["organization"]
    demo_window.undo_action.trigger()
    assert ws.get("teams", team["id"])["organization"] == "Maria's name for it"
    assert panel.list.count() == 0 and panel.empty.isVisible()


def test_keep_mine_and_take_theirs_are_undoable_edits(demo_window, demo_path, tmp_path, maria, monkeypatch):
    ws = demo_window.ws
    team = team_of(ws)
    ws.update("teams", team["id"], {"organization": "Maria's name for it"})
    accept_preview(monkeypatch)
    demo_window.sharing.import_files([jos_changes(demo_path, tmp_path)])
    panel = demo_window.sharing.panel
    assert panel.buttons["mine"].text() == "Keep mine" and panel.buttons["theirs"].text() == "Take theirs"
    panel.buttons["mine"].click()
    assert ws.get("teams", team["id"])["organization"] == "Maria's name for it"
    assert list_conflicts(ws) == [] and panel.list.count() == 0
    assert demo_window.undo_action.text().startswith("&Undo Keep mine: state team “")
    demo_window.undo_action.trigger()
    assert panel.list.count() == 1
    assert ws.get("teams", team["id"])["organization"] == "Jo's name for it"
    panel.buttons["theirs"].click()
    assert ws.get("teams", team["id"])["organization"] == "Jo's name for it" and panel.list.count() == 0


def test_edit_settles_with_a_value_typed_in_the_panel(demo_window, demo_path, tmp_path, maria, monkeypatch):
    ws = demo_window.ws
    team = team_of(ws)
    ws.update("teams", team["id"], {"organization": "Maria's name for it"})
    accept_preview(monkeypatch)
    demo_window.sharing.import_files([jos_changes(demo_path, tmp_path)])

    def edit(dialog):
        field = dialog.fields["organization"]
        assert field.text() == "Jo's name for it"
        field.setText("")  # refused at the field: an organization is required
        dialog.submit()
        assert dialog.errors["organization"].isVisibleTo(dialog)
        field.setText("Iowa Children First")
        dialog.submit()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs, "run_dialog", edit)
    demo_window.sharing.panel.buttons["edit"].click()
    assert ws.get("teams", team["id"])["organization"] == "Iowa Children First"
    assert list_conflicts(ws) == []


def test_a_changes_file_dropped_on_the_window_is_imported(demo_window, demo_path, tmp_path, maria, monkeypatch):
    path = jos_changes(demo_path, tmp_path, same_field=False)
    shown = accept_preview(monkeypatch)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(demo_window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(demo_window, drop)
    assert len(shown) == 1
    assert demo_window.ws.scalar("SELECT count(*) FROM people WHERE name = 'Rosa Martínez'") == 1
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.pdf"))])
    refused = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, other, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
    refused.ignore()
    QApplication.sendEvent(demo_window, refused)
    assert not refused.isAccepted()


def test_a_damaged_changes_file_is_refused_with_a_message(demo_window, demo_path, tmp_path, warned, monkeypatch):
    path = jos_changes(demo_path, tmp_path)
    path.write_bytes(path.read_bytes()[:-20])
    before = demo_window.ws.count("people")
    monkeypatch.setattr(dialogs, "run_dialog", Recorder(answer=True))
    assert demo_window.sharing.import_files([path]) == []
    [text] = warned.texts
    assert "damaged or incomplete" in text and text.endswith("Nothing was changed.")
    assert demo_window.ws.count("people") == before


def test_a_file_with_nothing_new_says_so(demo_window, demo_path, tmp_path, maria, monkeypatch):
    path = jos_changes(demo_path, tmp_path, same_field=False)
    accept_preview(monkeypatch)
    demo_window.sharing.import_files([path])
    shown = []

    def look(dialog):
        shown.append(dialog)
        return False

    monkeypatch.setattr(dialogs, "run_dialog", look)
    demo_window.sharing.import_files([path])
    [again] = shown
    lines = " ".join(label.text() for label in again.findChildren(type(again.summaries[0])))
    assert "imported before, so nothing in it is new" in lines and ".." not in lines
    assert "imported before" in " ".join(
        label.text() for label in again.findChildren(type(again.summaries[0])))
    assert not hasattr(again, "import_button")


def test_the_shared_folder_gets_changes_on_closing_and_offers_them_on_opening(make_window, demo_path, tmp_path,
                                                                              maria, monkeypatch, qtbot):
    shared = tmp_path / "Dropbox" / "Cohort changes"
    shared.mkdir(parents=True)
    jos_copy = tmp_path / "jos-laptop" / "demo.ecw"
    jos_copy.parent.mkdir()
    shutil.copyfile(demo_path, jos_copy)
    window = make_window(demo_path)
    monkeypatch.setattr(dialogs, "confirm", Recorder(answer=True))
    monkeypatch.setattr(dialogs, "choose_folder", Recorder(answer=str(shared)))
    sharing_action(window, "Shared Folder…").trigger()
    assert window.sharing.shared_folder() == str(shared)
    window.ws.update("teams", team_of(window.ws)["id"], {"notes": "Maria's notes"})
    window.close_workspace()  # closing writes Maria's changes into the shared folder
    [written] = shared.glob("*.ecchanges")
    assert written.name.startswith("Maria Lopez ")
    # Jo's laptop: another copy of the same workspace, the same shared folder
    identity.save(identity.make("Jo Park", "Policy Center"))
    settings.put(settings.SHARED_FOLDERS, settings.get(settings.SHARED_FOLDERS))
    offered = Recorder(answer=True)
    monkeypatch.setattr(dialogs, "confirm", offered)
    shown = accept_preview(monkeypatch)
    other = make_window(jos_copy)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    assert "1 new changes file in your shared folder, from Maria Lopez, Child Trends" in offered.texts[0]
    assert other.ws.get("teams", team_of(other.ws)["id"])["notes"] == "Maria's notes"
    # nothing is offered twice
    other.close_workspace()
    offered.calls.clear()
    again = make_window(jos_copy)
    qtbot.wait(400)
    assert offered.calls == [] and again.ws is not None


def test_the_shared_folder_cannot_be_the_workspaces_own(demo_window, maria, warned, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", Recorder(answer=True))
    monkeypatch.setattr(dialogs, "choose_folder", Recorder(answer=str(demo_window.ws.path.parent)))
    sharing_action(demo_window, "Shared Folder…").trigger()
    assert demo_window.sharing.shared_folder() is None
    assert "must not sit in a synced folder" in warned.texts[0]


def test_opening_a_workspace_with_changes_to_review_says_so(make_window, tmp_path):
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "workspace-v6.ecw"
    copy = tmp_path / "shared.ecw"
    shutil.copyfile(fixture, copy)
    window = make_window(copy)
    assert "1 change from other facilitators to review: File > Review Changes." in \
        window.statusBar().currentMessage()
    sharing_action(window, "Review Changes").trigger()
    panel = window.sharing.panel
    assert panel.isVisible() and panel.list.count() == 1
    assert panel.title.text() == "State team “Iowa Children First Inc.”"
    assert panel.kind.text() == "Changed in two copies: Organization"
