"""Help > Keyboard Shortcuts, Edit > Preferences…, File > Restore from Backup…, and the menus' keys."""

from __future__ import annotations

import hashlib
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from equitycohort.data.backups import list_backups
from equitycohort.data.maintenance import backup
from equitycohort.ui import dialogs, help, preferences, settings
from equitycohort.ui.help import ShortcutsDialog, menu_shortcuts
from equitycohort.ui.preferences_dialog import PreferencesDialog
from equitycohort.ui.restore import RestoreDialog
from tests.ui.conftest import Recorder, screen


def menus(window) -> list[tuple[str, QMenu]]:
    out = []

    def walk(menu: QMenu, path: str) -> None:
        out.append((path, menu))
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} > {action.text()}")

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text())
    return out


def test_every_menu_command_has_a_mnemonic_unique_in_its_menu(demo_window):
    demo_window._fill_export_menu()  # the Export menu is filled when first opened
    for path, menu in menus(demo_window):
        letters = []
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            found = re.search(r"&([^&])", action.text().replace("&&", ""))
            assert found, f"{path} > {action.text()!r} has no mnemonic"
            letters.append(found.group(1).lower())
        assert len(letters) == len(set(letters)), f"{path}: {sorted(letters)}"


def test_no_two_commands_share_a_shortcut(demo_window):
    seen: dict[str, str] = {}
    for _title, rows in menu_shortcuts(demo_window):
        for keys, what in rows:
            for key in keys.split(", "):
                assert key not in seen, f"{key}: {seen.get(key)} and {what}"
                seen[key] = what


def test_the_shortcuts_dialog_lists_every_menu_shortcut_and_the_screens_keys(demo_window, qtbot):
    dialog = ShortcutsDialog(demo_window)
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    shown = {(keys, what) for _group, keys, what in rows}
    assert ("Ctrl+Z", "Edit > Undo") in shown
    assert ("Ctrl+Shift+K", "Edit > Record a Check-in") in shown
    assert ("Ctrl+4", "View > 4 Teams") in shown
    assert ("Ctrl+/", "Help > Keyboard Shortcuts") in shown
    assert any(group == "Attendance" and keys == "P / A / E" for group, keys, _ in rows)
    # every action with a shortcut is listed, read from the menus themselves
    for action in demo_window.findChildren(type(demo_window.undo_action)):
        if action.shortcut().toString() and action.associatedObjects():
            assert any(action.shortcut().toString() in keys for _g, keys, _w in rows), action.text()
    dialog.filter.setText("check-in")
    filtered = dialog.rows()
    assert filtered and all("check-in" in f"{g} {k} {w}".lower() for g, k, w in filtered)
    dialog.filter.setText("no such key at all")
    assert dialog.rows() == []


def test_help_menu_opens_the_shortcuts(demo_window, monkeypatch):
    shown = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "run_dialog", shown)
    help_menu = [a.menu() for a in demo_window.menuBar().actions() if a.text() == "&Help"][0]
    next(a for a in help_menu.actions() if a.text() == "&Keyboard Shortcuts").trigger()
    assert isinstance(shown.calls[0][0], ShortcutsDialog)


# --- preferences -----------------------------------------------------------------------------------

def choose(box, data) -> None:
    box.setCurrentIndex(box.findData(data))


def test_preferences_change_every_screen_at_once(demo_window, monkeypatch, qtbot):
    checkins = screen(demo_window, "Check-ins")
    first_date = checkins.table.model().index(0, 0).data()
    assert re.fullmatch(r"[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}", first_date)  # Tue, Mar 9, 2027

    def answer(dialog):
        assert isinstance(dialog, PreferencesDialog)
        assert dialog.dates.currentData() is False and dialog.clock.currentData() is False  # US by default
        assert "Mar 9, 2027" in dialog.dates.currentText() and "2:30 p.m." in dialog.clock.currentText()
        choose(dialog.dates, True)
        choose(dialog.clock, True)
        choose(dialog.page_size, "a4")
        choose(dialog.appearance, "dark")
        return True

    monkeypatch.setattr(dialogs, "run_dialog", answer)
    edit_menu = [a.menu() for a in demo_window.menuBar().actions() if a.text() == "&Edit"][0]
    next(a for a in edit_menu.actions() if a.text() == "&Preferences…").trigger()
    assert settings.get(settings.ISO_DATES) is True and settings.get(settings.CLOCK_24) is True
    assert settings.get(settings.PAGE_SIZE) == "a4" and settings.get(settings.APPEARANCE) == "dark"
    assert demo_window.appearance_actions["dark"].isChecked()
    assert preferences.short_date("2027-03-09") == "2027-03-09"
    qtbot.waitUntil(lambda: None is not re.fullmatch(r"[A-Z][a-z]{2} \d{4}-\d{2}-\d{2}", checkins.table.model().index(0, 0).data() or ""))
    demo_window._fill_export_menu()
    assert [a.isChecked() for a in demo_window._size_actions] == [False, True]  # the menu agrees


def test_cancelled_preferences_change_nothing(demo_window, monkeypatch):
    def cancel(dialog):
        choose(dialog.dates, True)
        return False

    monkeypatch.setattr(dialogs, "run_dialog", cancel)
    edit_menu = [a.menu() for a in demo_window.menuBar().actions() if a.text() == "&Edit"][0]
    next(a for a in edit_menu.actions() if a.text() == "&Preferences…").trigger()
    assert settings.get(settings.ISO_DATES) is False
    assert preferences.short_date("2027-03-09") == "Mar 9, 2027"


# --- restore from backup ---------------------------------------------------------------------------

def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def with_backups(demo_window):
    ws = demo_window.ws
    older = backup(ws, reason="daily")
    team = ws.scalar("SELECT id FROM teams ORDER BY state LIMIT 1")
    ws.insert("checkins", {"team_id": team, "date": "2026-11-20", "mode": "call"})
    newer = backup(ws)
    ws.checkpoint()
    return older, newer


def test_a_backup_is_restored_into_a_new_file_and_opened(demo_window, with_backups, monkeypatch, qtbot):
    older, newer = with_backups
    original = demo_window.ws.path
    checkins_now = demo_window.ws.count("checkins")
    before = digest(original)
    seen = {}

    def pick_the_older(dialog):
        assert isinstance(dialog, RestoreDialog)
        qtbot.addWidget(dialog)
        seen["rows"] = [dialog.list.topLevelItem(i).text(4) for i in range(dialog.list.topLevelItemCount())]
        assert dialog.chosen().path == newer and dialog.restore_button.isEnabled()  # the newest is preselected
        dialog.list.setCurrentItem(dialog.list.topLevelItem(1))
        return True

    monkeypatch.setattr(dialogs, "run_dialog", pick_the_older)
    opened = Recorder(answer=True)
    monkeypatch.setattr(dialogs, "confirm", opened)
    demo_window.restore_action.trigger()
    assert seen["rows"] == [f"{checkins_now:,}", f"{checkins_now - 1:,}"]  # the check-in counts of each
    assert "restored as" in opened.texts[0] and "which is unchanged" in opened.texts[0]
    restored = demo_window.ws.path
    assert restored != original and restored.parent == original.parent and "restored" in restored.name
    assert demo_window.ws.count("checkins") == checkins_now - 1
    assert digest(original) == before


def test_a_damaged_backup_cannot_be_chosen(demo_window, with_backups, monkeypatch, qtbot):
    older, newer = with_backups
    newer.write_bytes(b"not a database at all" * 100)
    seen = {}

    def look(dialog):
        qtbot.addWidget(dialog)
        assert dialog.chosen().path == older  # the newest good one is preselected
        dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
        seen["enabled"] = dialog.restore_button.isEnabled()
        seen["note"] = dialog.list.topLevelItem(0).text(5)
        return False

    monkeypatch.setattr(dialogs, "run_dialog", look)
    demo_window.restore_action.trigger()
    assert seen == {"enabled": False, "note": seen["note"]} and seen["note"].startswith("Cannot be restored")


def test_no_backups_yet_is_said_plainly(demo_window, informed):
    assert list_backups(demo_window.ws.path) == []
    demo_window.restore_action.trigger()
    assert informed.calls[0][1] == "No backups yet" and "makes one each day" in informed.texts[0]


def test_a_damaged_workspace_offers_its_backups(demo_window, with_backups, monkeypatch):
    path = demo_window.ws.path
    asked = Recorder(answer=1)  # "Restore from Backup…"
    monkeypatch.setattr(dialogs, "ask", asked)
    monkeypatch.setattr(dialogs, "run_dialog", lambda dialog: isinstance(dialog, RestoreDialog))
    monkeypatch.setattr(dialogs, "confirm", Recorder(answer=False))  # not opened now
    demo_window.offer_repair(path, "demo is damaged (a page of it cannot be read).", opened=True)
    [(_, title, text, actions, *_rest)] = asked.calls
    assert actions == ["Make a Repaired Copy", "Restore from Backup…"]
    assert "restore one of its 2 backup(s)" in text
    assert [p.name for p in path.parent.glob("demo restored *.ecw")] != []
    assert demo_window.ws.path == path  # still on the workspace it was on


def test_shortcut_keys_reach_the_menus(demo_window, qtbot, monkeypatch):
    shown = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "run_dialog", shown)
    qtbot.keyClick(demo_window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(demo_window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert [type(c[0]) for c in shown.calls] == [ShortcutsDialog, PreferencesDialog]


def test_about_names_the_version(demo_window, informed):
    from equitycohort import __version__

    help.about(demo_window)
    assert __version__ in informed.texts[0]
