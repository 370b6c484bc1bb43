"""Issue 15 in every language: every string of sharing changes comes through the catalog.

The app runs in the pseudo-language ``qps`` (every catalog string comes back as ``⟦string⟧``, Qt's own
texts too) on a copy of the demo workspace whose typed text is wrapped the same way; the other
facilitator's name, organization and edits are wrapped too. The import preview, the Review changes
panel on each kind of conflict, the Edit dialog of a conflict, the identity dialog, the messages of
Share My Changes, Import Changes and the shared folder, the refusals of changes files and the
``changes`` command's messages are each read: any text with letters outside the markers was never
marked for translation (``tests/ui/pseudo.py``).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from equitycohort import cli, i18n, identity
from equitycohort.data.sharing.changesfile import Author, ChangesFileError, read_changes_file
from equitycohort.data.sharing.conflicts import list_conflicts
from equitycohort.data.sharing.exchange import export_changes, preview_imports
from equitycohort.data.workspace import open_workspace
from equitycohort.ui import dialogs
from equitycohort.ui.sharing.edit import ConflictEditDialog
from equitycohort.ui.sharing.identity_form import IdentityDialog
from equitycohort.ui.sharing.preview import ImportPreviewDialog
from tests.ui import pseudo
from tests.ui.conftest import Recorder

OPEN, CLOSE = i18n.PSEUDO_OPEN, i18n.PSEUDO_CLOSE
#: the other facilitator, their name and organization typed text like any other
JO = Author("b" * 32, f"{OPEN}Jo Park{CLOSE}", f"{OPEN}Policy Center{CLOSE}")
KINDS_OF_CONFLICT = ("value", "deleted", "hidden")


class PseudoQt(QTranslator):
    """Qt's own texts (Save, Cancel, Close) wrapped like the catalog's."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ANN001 - Qt's signature
        return f"{OPEN}{source}{CLOSE}" if source else source

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


@pytest.fixture
def qps(qapp) -> Iterator[None]:
    """The app in the pseudo-language, Qt's texts too; English again afterwards."""
    translator = PseudoQt(qapp)
    qapp.installTranslator(translator)
    i18n.set_app_language(i18n.PSEUDO)
    yield
    i18n.set_app_language("en")
    qapp.removeTranslator(translator)


@pytest.fixture
def maria(app_home) -> identity.Identity:
    """The user of the window, who has said who she is."""
    person = identity.make(f"{OPEN}Maria Lopez{CLOSE}", f"{OPEN}Child Trends{CLOSE}")
    identity.save(person)
    return person


@pytest.fixture
def marked_path(demo_path, tmp_path) -> Path:
    return pseudo.marked_workspace(demo_path, tmp_path / "marked.ecw")


@pytest.fixture
def window(qps, maria, make_window, marked_path):
    return make_window(marked_path)


def left(text: str, *exempt: str) -> str:
    """What of ``text`` was never marked, once ``exempt`` (file paths, which are no language) is taken out."""
    for part in exempt:
        text = text.replace(part, " ")
    return pseudo.leftover(text)


def first_row(ws, sql: str) -> dict:
    return ws.rows(sql)[0]


def jos_changes(source: Path, folder: Path, kind: str) -> Path:
    """Jo's copy of the workspace as it was, edited by Jo; Jo's changes file.

    value: Jo renames the first team's organization (Maria renames it too);
    deleted: Jo edits the first goal (Maria deletes it);
    hidden: Jo adds a check-in for the last team (Maria deletes that team).
    """
    copy = folder / "jo.ecw"
    shutil.copyfile(source, copy)
    with open_workspace(copy, backups=False) as ws:
        ws.author = JO.id
        if kind == "value":
            team = first_row(ws, "SELECT id FROM teams ORDER BY state LIMIT 1")
            ws.update("teams", team["id"], {"organization": f"{OPEN}Jo's name for it{CLOSE}"})
        elif kind == "deleted":
            goal = first_row(ws, "SELECT id FROM goals ORDER BY id LIMIT 1")
            ws.update("goals", goal["id"], {"title": f"{OPEN}Jo's goal{CLOSE}"})
        else:
            team = first_row(ws, "SELECT id FROM teams ORDER BY state DESC LIMIT 1")
            ws.insert("checkins", {"team_id": team["id"], "date": "2026-03-03", "mode": "call",
                                   "summary": f"{OPEN}Jo's call{CLOSE}"})
        ws.insert("people", {"name": f"{OPEN}Rosa Martínez{CLOSE}", "email": "rosa@example.org"})
        path = folder / "jo-park.ecchanges"
        export_changes(ws, path, JO)
    return path


def maria_edits(ws, kind: str) -> None:
    """What Maria does in her copy meanwhile, so that Jo's file brings a conflict of ``kind``."""
    if kind == "value":
        team = first_row(ws, "SELECT id FROM teams ORDER BY state LIMIT 1")
        ws.update("teams", team["id"], {"organization": f"{OPEN}Maria's name for it{CLOSE}"})
    elif kind == "deleted":
        ws.delete("goals", first_row(ws, "SELECT id FROM goals ORDER BY id LIMIT 1")["id"])
    else:
        ws.delete("teams", first_row(ws, "SELECT id FROM teams ORDER BY state DESC LIMIT 1")["id"])


def imported(window, marked_path: Path, folder: Path, kind: str, monkeypatch) -> list[ImportPreviewDialog]:
    """Jo's changes imported into the window after Maria's edits, the preview accepted; the previews shown."""
    path = jos_changes(marked_path, folder, kind)
    maria_edits(window.ws, kind)
    shown: list[ImportPreviewDialog] = []

    def accept(dialog):
        assert isinstance(dialog, ImportPreviewDialog)
        shown.append(dialog)
        return True

    monkeypatch.setattr(dialogs, "run_dialog", accept)
    assert window.sharing.import_files([path])
    return shown


@pytest.mark.parametrize("kind", KINDS_OF_CONFLICT)
def test_the_import_preview_is_marked(window, marked_path, tmp_path, kind, monkeypatch):
    [preview] = imported(window, marked_path, tmp_path, kind, monkeypatch)
    assert preview.table.rowCount() >= 2  # Rosa, and the record of the conflict
    assert pseudo.unmarked(preview) == []
    assert left(window.statusBar().currentMessage()) == ""  # the summary of what was imported


@pytest.mark.parametrize("kind", KINDS_OF_CONFLICT)
def test_the_review_panel_is_marked_for_each_kind_of_conflict(window, marked_path, tmp_path, kind, monkeypatch):
    imported(window, marked_path, tmp_path, kind, monkeypatch)
    panel = window.sharing.panel
    conflicts = list_conflicts(window.ws)
    assert kind in {c.kind for c in conflicts} and panel.isVisible()
    for row, conflict in enumerate(conflicts):
        panel.list.setCurrentRow(row)
        assert panel.kind.text().startswith(OPEN) and panel.story.text().startswith(OPEN), conflict.kind
        assert pseudo.unmarked(panel) == [], conflict.kind
    # and the window's word that conflicts wait, as a workspace opens
    window.sharing.workspace_opened()
    assert left(window.statusBar().currentMessage()) == ""


def test_the_edit_dialog_of_a_conflict_is_marked(window, marked_path, tmp_path, monkeypatch):
    imported(window, marked_path, tmp_path, "value", monkeypatch)
    [conflict] = list_conflicts(window.ws)
    dialog = ConflictEditDialog(window, window.ws, conflict)
    assert pseudo.unmarked(dialog) == []


def test_the_identity_dialog_and_its_refusal_are_marked(qps, qtbot):
    dialog = IdentityDialog(None)
    qtbot.addWidget(dialog)
    assert pseudo.unmarked(dialog) == []
    dialog.submit()  # no name: refused, saying so
    assert dialog.problem.text() and pseudo.unmarked(dialog) == []
    dialog.name.setText("x" * identity.NAME_MAX)
    dialog.organization.setText("y" * (identity.NAME_MAX + 1))
    dialog.submit()
    assert dialog.problem.text() and pseudo.unmarked(dialog) == []


def test_share_my_changes_says_everything_marked(window, tmp_path, monkeypatch):
    team = first_row(window.ws, "SELECT id FROM teams LIMIT 1")
    window.ws.update("teams", team["id"], {"notes": f"{OPEN}Called{CLOSE}"})
    target = tmp_path / "mine.ecchanges"
    chooser = Recorder(answer=str(target))
    monkeypatch.setattr(dialogs, "save_path", chooser)
    window.sharing.share_changes()
    [(_parent, title, suggested, file_filter)] = chooser.calls
    assert left(title) == "" and left(file_filter) == ""
    assert target.exists() and left(window.statusBar().currentMessage()) == ""
    # nothing new since: asked whether to write everything again
    asked = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "confirm", asked)
    window.sharing.share_changes()
    [(_parent, title, text, action)] = asked.calls
    assert [left(t) for t in (title, text, action)] == ["", "", ""]
    # a file that cannot be written
    warned = Recorder()
    monkeypatch.setattr(dialogs, "warn", warned)
    monkeypatch.setattr(dialogs, "confirm", Recorder(answer=True))
    monkeypatch.setattr(dialogs, "save_path", Recorder(answer=str(tmp_path / "no such folder" / "mine.ecchanges")))
    window.sharing.share_changes()
    [(_parent, title, text)] = warned.calls
    assert left(title) == "" and left(text, str(tmp_path / "no such folder")) == ""


def test_import_changes_says_everything_marked(window, marked_path, tmp_path, monkeypatch):
    path = jos_changes(marked_path, tmp_path, "value")
    chooser = Recorder(answer=[])
    monkeypatch.setattr(dialogs, "open_files", chooser)
    window.sharing.import_dialog()
    [(_parent, title, _folder, file_filter)] = chooser.calls
    assert left(title) == "" and left(file_filter) == ""
    # a damaged file is refused, saying why
    damaged = tmp_path / "damaged.ecchanges"
    damaged.write_bytes(path.read_bytes()[:-20])
    warned = Recorder()
    monkeypatch.setattr(dialogs, "warn", warned)
    assert window.sharing.import_files([damaged]) == []
    [(_parent, title, text)] = warned.calls
    assert "damaged.ecchanges" in text and left(title) == "" and left(text) == ""


def test_the_shared_folder_says_everything_marked(window, marked_path, tmp_path, monkeypatch):
    shared = tmp_path / "Shared"
    shared.mkdir()
    asked = Recorder(answer=True)
    chooser = Recorder(answer=str(window.ws.path.parent))
    warned = Recorder()
    monkeypatch.setattr(dialogs, "confirm", asked)
    monkeypatch.setattr(dialogs, "choose_folder", chooser)
    monkeypatch.setattr(dialogs, "warn", warned)
    window.sharing.choose_shared_folder()  # the workspace's own folder: refused
    [(_parent, title, text, action)] = asked.calls
    assert [left(t) for t in (title, text, action)] == ["", "", ""]
    assert left(chooser.calls[0][1]) == ""
    [(_parent, title, text)] = warned.calls
    assert left(title) == "" and left(text) == ""
    chooser.answer = str(shared)
    window.sharing.choose_shared_folder()
    assert window.sharing.shared_folder() == str(shared)
    assert left(asked.calls[1][2], str(shared)) == ""  # where changes are shared now, then the same text
    assert left(window.statusBar().currentMessage(), str(shared)) == ""
    # Jo's file waiting there is offered
    jos = jos_changes(marked_path, tmp_path, "value")
    shutil.move(jos, shared / jos.name)
    offered = Recorder(answer=False)
    monkeypatch.setattr(dialogs, "confirm", offered)
    window.sharing.offer_waiting()
    [(_parent, title, text, action)] = offered.calls
    assert "Jo Park" in text and [left(t) for t in (title, text, action)] == ["", "", ""]
    # closing with changes, the shared folder gone: said, not lost
    team = first_row(window.ws, "SELECT id FROM teams LIMIT 1")
    window.ws.update("teams", team["id"], {"notes": f"{OPEN}Called{CLOSE}"})
    shutil.rmtree(shared)
    window.sharing.workspace_closing()
    [(_parent, title, text)] = warned.calls[1:]
    assert left(title) == "" and left(text, str(shared)) == ""


# --- without a window: the data layer's words and the command line's ---------------------------------------

def test_the_refusals_of_changes_files_are_marked(marked_path, tmp_path):
    """A few of the many ways a file is refused (each message is one marked sentence)."""
    path = jos_changes(marked_path, tmp_path, "value")
    not_zip = tmp_path / "notes.ecchanges"
    not_zip.write_text("hello")
    other_zip = tmp_path / "other.ecchanges"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hi")
    cut = tmp_path / "cut.ecchanges"
    cut.write_bytes(path.read_bytes()[:-20])
    with i18n.use(i18n.PSEUDO):
        for bad in (not_zip, other_zip, cut, tmp_path):
            with pytest.raises(ChangesFileError) as refused:
                read_changes_file(bad)
            assert str(refused.value).startswith(OPEN) and left(str(refused.value), tmp_path.name) == "", bad
        other = tmp_path / "other.ecw"
        shutil.copyfile(marked_path, other)
        with open_workspace(other, backups=False) as ws:
            ws.conn.execute("UPDATE meta SET value = ? WHERE key = 'origin'", ("c" * 32,))
            with pytest.raises(ChangesFileError) as refused:
                preview_imports(ws, [path])
    assert left(str(refused.value)) == ""


def test_the_changes_command_speaks_marked(marked_path, tmp_path, capsys, monkeypatch):
    path = jos_changes(marked_path, tmp_path, "value")
    with open_workspace(marked_path, backups=False) as ws:
        maria_edits(ws, "value")
    monkeypatch.setenv("EQUITYCOHORT_LANG", "qps")
    assert cli.main(["changes", "import", str(marked_path), str(path)]) == 0
    out, err = capsys.readouterr()
    # the totals are read by scripts: the same words in every language
    assert [line.split(": ")[0] for line in out.splitlines()] == ["new", "updated", "deleted", "conflicts"]
    assert out.splitlines()[-1] == "conflicts: 1"
    assert err.startswith("equitycohort: jo-park.ecchanges: ") and left(err.removeprefix("equitycohort: ")) == ""
    assert cli.main(["changes", "conflicts", str(marked_path)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    fields = line.split("\t")
    # the id, the kind and the keys stay English for scripts; the rest is in the language
    assert fields[1] == "value" and fields[4].startswith("mine: ") and fields[6] == "kept: mine"
    words = [re.sub(r"^(mine|theirs): ", "", field) for field in fields[2:6]]
    assert [left(w) for w in words] == ["", "", "", ""]
    assert cli.main(["changes", "export", str(marked_path), "--out", str(tmp_path / "x.txt"),
                     "--as", "Maria Lopez, Child Trends"]) == 2
    assert left(capsys.readouterr().err.removeprefix("equitycohort: "), "x.txt") == ""
    assert cli.main(["changes", "export", str(marked_path), "--out", str(tmp_path / "x.ecchanges")]) == 2
    assert left(capsys.readouterr().err.removeprefix("equitycohort: ")) == ""


@pytest.fixture(autouse=True)
def _english_after(request) -> Iterator[None]:
    """Whatever a test did, the next one starts in English."""
    yield
    i18n.set_app_language("en")
