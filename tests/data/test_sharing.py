"""Sharing changes between copies of a workspace: identity, origin, the journal,
the merge field by field, conflicts and how they are settled."""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from equitycohort import identity
from equitycohort.data.errors import ValidationError
from equitycohort.data.maintenance import copy_to
from equitycohort.data.schema import SCHEMA_VERSION
from equitycohort.data.sharing import store
from equitycohort.data.sharing.changesfile import ChangesFileError, read_changes_file
from equitycohort.data.sharing.conflicts import choices, conflict_line, list_conflicts, resolve
from equitycohort.data.sharing.exchange import export_changes, import_changes, pending_count, preview_import
from equitycohort.data.sharing.settle import drift
from equitycohort.data.workspace import create_workspace, open_workspace
from tests.data.sharing_support import AUTHORS, build_base, copies, dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MARIA, JO, SAM = AUTHORS[0], AUTHORS[1], AUTHORS[2]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("base") / "base.ecw"
    ids = build_base(path)
    return path, ids


@pytest.fixture
def pair(base, tmp_path):
    """Maria's copy and Jo's copy of one workspace, and the ids of some of its records."""
    path, ids = base
    a, b = copies(path, tmp_path, 2)
    yield a, b, ids
    a.close()
    b.close()


def share(ws, author, folder: Path, name: str | None = None, **kw) -> Path:
    target = folder / (name or f"{author.first_name.lower()}-{pending_count(ws, author.id)}.ecchanges")
    report = export_changes(ws, target, author, allow_empty=True, **kw)
    assert report.path == target
    return target


def shown_team(ws, team_id):
    return ws.get("teams", team_id)


# --- who and where -------------------------------------------------------------------


def test_identity_is_kept_in_the_settings_readable_by_the_user_only(app_home):
    assert identity.load() is None
    me = identity.current()
    assert len(me.id) == 32 and not me.complete
    path = identity.identity_path()
    assert path.parent == app_home / "config"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert identity.current().id == me.id  # made once, then kept
    named = identity.make("  María  José ", "Child Trends", me.id)
    identity.save(named)
    assert identity.load() == identity.Identity(me.id, "María José", "Child Trends")
    assert identity.load().label == "María José, Child Trends"


def test_identity_refuses_an_empty_or_broken_name():
    with pytest.raises(identity.IdentityError, match="Name: cannot be empty"):
        identity.make("   ", "Org")
    with pytest.raises(identity.IdentityError, match="cannot be stored"):
        identity.make("Ana\x00", "Org")
    with pytest.raises(identity.IdentityError, match="limit is 120"):
        identity.make("A" * 200)


def test_as_on_the_command_line_signs_alike_every_time(app_home):
    first = identity.parse_as("Jo Park, Policy Center")
    assert (first.name, first.organization) == ("Jo Park", "Policy Center")
    assert identity.parse_as("jo park,  policy center").id == first.id
    assert identity.parse_as("Sam Ortiz, Policy Center").id != first.id
    kept = identity.make("Jo Park", "Policy Center")
    identity.save(kept)
    assert identity.parse_as("Jo Park, Policy Center").id == kept.id  # the settings' person is the same one


def test_as_takes_over_the_edits_of_a_computer_whose_user_has_no_name_yet(app_home):
    unnamed = identity.current()
    assert identity.parse_as("Sam Ortiz, Welcoming Coalition").id == unnamed.id


def test_a_new_workspace_has_an_origin_that_copies_keep(tmp_path):
    first = create_workspace(tmp_path / "a.ecw", with_framework=False)
    second = create_workspace(tmp_path / "b.ecw", with_framework=False)
    try:
        assert len(store.origin(first)) == 32
        assert store.origin(first) != store.origin(second)
        saved = copy_to(first, tmp_path / "saved copy.ecw")  # File > Save a Copy
        with open_workspace(saved, backups=False) as copy:
            assert store.origin(copy) == store.origin(first)
    finally:
        first.close()
        second.close()


def test_copies_of_an_old_file_updated_apart_still_share_an_origin(tmp_path):
    for name in ("laptop-a.ecw", "laptop-b.ecw"):
        shutil.copyfile(FIXTURES / "workspace-v4.ecw", tmp_path / name)
    with open_workspace(tmp_path / "laptop-a.ecw", backups=False) as a, \
            open_workspace(tmp_path / "laptop-b.ecw", backups=False) as b:
        assert a.schema_version == SCHEMA_VERSION
        assert store.origin(a) == store.origin(b)
    shutil.copyfile(FIXTURES / "workspace-v1.ecw", tmp_path / "older.ecw")
    with open_workspace(tmp_path / "older.ecw", backups=False) as other, \
            open_workspace(tmp_path / "laptop-a.ecw", backups=False) as a:
        assert store.origin(other) != store.origin(a)  # created at another moment: another workspace


def test_every_local_write_records_its_author_and_time_undo_and_redo_too(pair):
    a, _, ids = pair
    a.update("teams", ids["team"], {"notes": "Called"})
    a.undo()
    a.redo()
    a.delete("next_steps", a.scalar("SELECT id FROM next_steps"))
    lines = a.rows("SELECT seq, stamp, author, tbl, op, fields FROM sync_journal WHERE author = ? ORDER BY seq",
                   (MARIA.id,))
    assert [(r["tbl"], r["op"], r["fields"]) for r in lines] == [
        ("teams", "update", "notes"), ("teams", "update", "notes"), ("teams", "update", "notes"),
        ("next_steps", "delete", "")]
    stamps = [r["stamp"] for r in lines]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    held = store.load_held(a, "teams", [ids["team"]])[ids["team"]]
    assert held.regs["notes"].author == MARIA.id and held.regs["notes"].extra == [None]  # the value before
    assert held.raw["notes"] == "Called"


# --- the merge ---------------------------------------------------------------------


def test_edits_of_different_fields_of_one_record_both_survive(pair, tmp_path):
    a, b, ids = pair
    a.update("teams", ids["team"], {"notes": "Maria's note"})
    b.update("teams", ids["team"], {"organization": "Iowa Kids Count"})
    import_changes(a, share(b, JO, tmp_path))
    import_changes(b, share(a, MARIA, tmp_path))
    for ws in (a, b):
        team = shown_team(ws, ids["team"])
        assert (team["notes"], team["organization"]) == ("Maria's note", "Iowa Kids Count")
        assert list_conflicts(ws) == []


def test_one_field_changed_in_both_copies_keeps_the_newer_and_lists_the_other(pair, tmp_path):
    a, b, ids = pair
    a.update("teams", ids["team"], {"organization": "Maria's name"})
    b.update("teams", ids["team"], {"organization": "Jo's name"})  # later: it wins everywhere
    from_a, from_b = share(a, MARIA, tmp_path), share(b, JO, tmp_path)  # both share, then both import
    report = import_changes(a, from_b)
    assert (report.updated, report.conflicts) == (1, 1)
    import_changes(b, from_a)
    assert shown_team(a, ids["team"])["organization"] == shown_team(b, ids["team"])["organization"] == "Jo's name"
    [mine] = list_conflicts(a)
    assert (mine.kind, mine.fields, mine.kept) == ("value", ["organization"], "theirs")
    assert mine.mine == {"organization": "Maria's name"} and mine.theirs == {"organization": "Jo's name"}
    assert mine.before == {"organization": "Org IA"}
    assert (mine.mine_author, mine.theirs_author) == (MARIA.id, JO.id)
    assert mine.mine_when <= mine.theirs_when
    [theirs] = list_conflicts(b)
    assert (theirs.kept, theirs.mine, theirs.theirs) == ("mine", {"organization": "Jo's name"},
                                                          {"organization": "Maria's name"})
    line = conflict_line(a, mine)
    assert "\tvalue\tstate team “Jo's name”\tOrganization\tmine: Maria's name (you, " in line
    assert "theirs: Jo's name (Jo Park, Policy Center, " in line and line.endswith("kept: theirs")


def test_import_is_one_undoable_step_named_after_its_author(pair, tmp_path):
    a, b, ids = pair
    b.update("teams", ids["team"], {"organization": "Jo's name"})
    b.insert("people", {"name": "New leader"})
    before = dump(a)
    report = import_changes(a, share(b, JO, tmp_path))
    assert report.change.label == "Import changes from Jo"
    assert a.undo_label == "Import changes from Jo"
    assert (report.new, report.updated) == (1, 1)
    assert a.undo().label == "Undo Import changes from Jo"
    assert dump(a) == before
    assert drift(a) == []


def test_importing_again_or_in_any_order_ends_the_same(pair, tmp_path, base):
    a, b, ids = pair
    person = b.insert("people", {"name": "Added by Jo"}).id
    first = share(b, JO, tmp_path, "first.ecchanges")
    b.update("people", person, {"email": "added@example.org"})
    second = share(b, JO, tmp_path, "second.ecchanges")
    import_changes(a, second)  # the edit before the record was added
    import_changes(a, first)
    again = import_changes(a, second)
    assert again.seen_before and (again.new, again.updated, again.deleted, again.conflicts) == (0, 0, 0, 0)
    assert again.change is not None and not again.change.changed  # no undo step for nothing
    assert a.get("people", person)["email"] == "added@example.org"
    assert dump(a) == dump(b)


def test_an_import_is_not_shared_on_as_the_importers_edits_but_its_undo_is(pair, tmp_path):
    a, b, ids = pair
    b.update("teams", ids["team"], {"organization": "Jo's name"})
    import_changes(a, share(b, JO, tmp_path))
    assert pending_count(a, MARIA.id) == 0
    assert export_changes(a, tmp_path / "none.ecchanges", MARIA).path is None
    a.undo()  # an ordinary edit: Maria puts the old name back
    assert pending_count(a, MARIA.id) == 1
    import_changes(b, share(a, MARIA, tmp_path))
    assert shown_team(b, ids["team"])["organization"] == "Org IA"
    assert list_conflicts(b) == []  # Maria had seen Jo's change: no conflict


def test_a_record_changed_here_and_deleted_there_stays_deleted_and_can_be_restored(pair, tmp_path):
    a, b, ids = pair
    goal = a.scalar("SELECT id FROM goals")
    a.delete("goals", goal)
    b.update("goals", goal, {"current": 3.0, "indicator": "Reports published"})
    import_changes(a, share(b, JO, tmp_path))
    assert a.get("goals", goal) is None
    [conflict] = list_conflicts(a)
    assert (conflict.kind, conflict.kept) == ("deleted", "mine")
    assert set(conflict.fields) == {"current", "indicator"}
    assert conflict.theirs == {"current": 3.0, "indicator": "Reports published"} and conflict.mine is None
    assert choices(conflict) == {"mine": "Keep mine", "theirs": "Take theirs"}
    change = resolve(a, conflict.id, "theirs")  # restore it, with Jo's changes
    restored = a.get("goals", goal)
    assert (restored["current"], restored["indicator"], restored["title"]) == (3.0, "Reports published",
                                                                                "Publish data")
    assert list_conflicts(a) == []
    assert a.undo_label == change.label
    a.undo()
    assert a.get("goals", goal) is None and len(list_conflicts(a)) == 1
    a.redo()
    # the restore travels: Jo's copy, which had the record deleted by Maria's file, gets it back
    import_changes(b, share(a, MARIA, tmp_path))
    assert b.get("goals", goal)["current"] == 3.0
    assert dump(a) == dump(b)


def test_a_child_added_to_a_parent_deleted_elsewhere_is_kept_out_of_view_until_the_parent_returns(pair, tmp_path):
    a, b, ids = pair
    a.delete("teams", ids["team"])
    checkin = b.insert("checkins", {"team_id": ids["team"], "date": "2026-03-02", "summary": "Jo's call"}).id
    report = import_changes(a, share(b, JO, tmp_path))
    assert a.get("checkins", checkin) is None
    assert report.conflicts == 1
    [conflict] = [c for c in list_conflicts(a) if c.table == "checkins"]
    assert conflict.kind == "hidden" and conflict.reason == "its team is no longer there"
    import_changes(b, share(a, MARIA, tmp_path))
    assert b.get("checkins", checkin) is None and dump(a) == dump(b)
    resolve(a, conflict.id, "theirs")  # bring it back: the team comes back with it
    assert a.get("teams", ids["team"]) is not None
    assert a.get("checkins", checkin)["summary"] == "Jo's call"
    import_changes(b, share(a, MARIA, tmp_path))
    assert b.get("checkins", checkin)["summary"] == "Jo's call"
    assert dump(a) == dump(b)
    assert drift(a) == [] and drift(b) == []


def test_two_copies_adding_the_same_state_keep_the_first_added_and_list_the_other(pair, tmp_path):
    a, b, ids = pair
    kansas_a = a.insert("teams", {"cohort_id": ids["cohort"], "state": "KS", "organization": "Kansas (Maria)"}).id
    kansas_b = b.insert("teams", {"cohort_id": ids["cohort"], "state": "KS", "organization": "Kansas (Jo)"}).id
    import_changes(a, share(b, JO, tmp_path))
    import_changes(b, share(a, MARIA, tmp_path))
    for ws in (a, b):
        assert [r["id"] for r in ws.rows("SELECT id FROM teams WHERE state = 'KS'")] == [kansas_a]
    [conflict] = list_conflicts(b)
    assert conflict.kind == "hidden" and "Kansas already has a team in this cohort" in conflict.reason
    assert conflict.record_id == kansas_b
    resolve(b, conflict.id, "mine")  # let it go
    assert list_conflicts(b) == []
    import_changes(a, share(b, JO, tmp_path))
    assert dump(a) == dump(b)


def test_keep_mine_is_an_edit_that_travels_and_settles_the_other_copy(pair, tmp_path):
    a, b, ids = pair
    a.update("teams", ids["team"], {"organization": "Maria's name"})
    b.update("teams", ids["team"], {"organization": "Jo's name"})
    from_a, from_b = share(a, MARIA, tmp_path), share(b, JO, tmp_path)
    import_changes(a, from_b)
    import_changes(b, from_a)
    assert len(list_conflicts(b)) == 1
    [conflict] = list_conflicts(a)
    change = resolve(a, conflict.id, "mine")
    assert change.label == "Keep mine: state team “Jo's name”"
    assert shown_team(a, ids["team"])["organization"] == "Maria's name"
    import_changes(b, share(a, MARIA, tmp_path))
    assert shown_team(b, ids["team"])["organization"] == "Maria's name"
    assert list_conflicts(b) == []  # settled there too: Maria had seen both sides
    assert [c.resolved for c in list_conflicts(b, resolved=True)][0].endswith("settled by a later change")


def test_take_theirs_when_theirs_was_kept_still_settles_every_copy(pair, tmp_path):
    a, b, ids = pair
    a.update("teams", ids["team"], {"organization": "Maria's name"})
    b.update("teams", ids["team"], {"organization": "Jo's name"})
    from_a, from_b = share(a, MARIA, tmp_path), share(b, JO, tmp_path)
    import_changes(a, from_b)
    import_changes(b, from_a)
    assert len(list_conflicts(b)) == 1
    [conflict] = list_conflicts(a)
    resolve(a, conflict.id, "theirs")  # what the merge kept: nothing changes here, but it is said
    assert shown_team(a, ids["team"])["organization"] == "Jo's name"
    assert pending_count(a, MARIA.id) == 1
    import_changes(b, share(a, MARIA, tmp_path))
    assert list_conflicts(b) == []


def test_edit_settles_with_a_third_value(pair, tmp_path):
    a, b, ids = pair
    a.update("teams", ids["team"], {"organization": "Maria's name"})
    b.update("teams", ids["team"], {"organization": "Jo's name"})
    import_changes(a, share(b, JO, tmp_path))
    [conflict] = list_conflicts(a)
    resolve(a, conflict.id, "edit", {"organization": "Iowa Children First"})
    assert shown_team(a, ids["team"])["organization"] == "Iowa Children First"
    with pytest.raises(ValidationError, match="already been settled"):
        resolve(a, conflict.id, "mine")


def test_preview_says_what_importing_would_do_and_writes_nothing(pair, tmp_path):
    a, b, ids = pair
    a.update("teams", ids["team"], {"organization": "Maria's name"})
    b.update("teams", ids["team"], {"organization": "Jo's name"})
    b.insert("people", {"name": "New"})
    b.delete("next_steps", b.scalar("SELECT id FROM next_steps"))
    path = share(b, JO, tmp_path)
    before, label = dump(a), a.undo_label
    conflicts_before = a.scalar("SELECT count(*) FROM sync_conflicts")
    preview = preview_import(a, path)
    assert preview.summary == "Jo Park, Policy Center: 1 new, 1 updated, 1 deleted, 1 to review"
    assert dump(a) == before and a.undo_label == label
    assert a.scalar("SELECT count(*) FROM sync_conflicts") == conflicts_before
    assert a.scalar("SELECT count(*) FROM sync_imports") == 0
    done = import_changes(a, path)
    assert (done.new, done.updated, done.deleted, done.conflicts) == (1, 1, 1, 1)


def test_a_file_from_another_workspace_is_refused(pair, tmp_path):
    a, _, _ = pair
    other = create_workspace(tmp_path / "other.ecw", with_framework=False)
    other.author = SAM.id
    other.insert("programs", {"name": "Another program"})
    path = share(other, SAM, tmp_path)
    other.close()
    before = dump(a)
    with pytest.raises(ChangesFileError, match="comes from another workspace"):
        import_changes(a, path)
    with pytest.raises(ChangesFileError, match="comes from another workspace"):
        preview_import(a, path)
    assert dump(a) == before


def test_the_changes_file_is_private_and_says_what_it_holds(pair, tmp_path):
    a, _, ids = pair
    a.update("checkins", a.scalar("SELECT id FROM checkins"), {"private_notes": "Sensitive"})
    a.delete("next_steps", a.scalar("SELECT id FROM next_steps"))
    path = share(a, MARIA, tmp_path, "maria.ecchanges")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["manifest.json", "changes.changeset"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "equitycohort-changes" and manifest["version"] == 1
    assert manifest["workspace"] == {"origin": store.origin(a), "schema_version": SCHEMA_VERSION}
    assert manifest["author"] == {"id": MARIA.id, "name": "Maria Lopez", "organization": "Child Trends"}
    assert manifest["counts"] == {"records": 2, "new": 0, "updated": 1, "deleted": 1}
    assert manifest["sequence"]["first"] <= manifest["sequence"]["last"]
    assert "never for a state team" in manifest["privacy"]
    read = read_changes_file(path)
    assert {(r.table, r.alive) for r in read.records} == {("checkins", True), ("next_steps", False)}
    # an independent reading of the changeset (SQLite's own iterator, through apsw)
    import apsw

    ops = [(c.name, c.opcode) for c in apsw.Changeset.iter(read.changeset)]
    assert ("checkins", apsw.SQLITE_INSERT) in ops and ("next_steps", apsw.SQLITE_DELETE) in ops
    assert read.sha256 == manifest["changeset"]["sha256"]


def test_share_sends_only_what_changed_since_the_last_share(pair, tmp_path):
    a, _, ids = pair
    a.update("teams", ids["team"], {"notes": "one"})
    first = export_changes(a, tmp_path / "1.ecchanges", MARIA)
    assert first.records == 1
    assert export_changes(a, tmp_path / "2.ecchanges", MARIA).path is None
    a.update("people", a.scalar("SELECT id FROM people"), {"pronouns": "they/them"})
    second = export_changes(a, tmp_path / "3.ecchanges", MARIA)
    assert (second.records, second.first) == (1, first.last + 1)
    everything = export_changes(a, tmp_path / "4.ecchanges", MARIA, everything=True)
    assert everything.records == 2


def test_a_changes_file_is_never_written_over_the_workspace(pair):
    a, _, _ = pair
    from equitycohort.data.errors import OwnFileError

    with pytest.raises(OwnFileError):
        export_changes(a, a.path, MARIA, allow_empty=True)
    with pytest.raises(OwnFileError):
        export_changes(a, Path(str(a.path) + "-wal"), MARIA, allow_empty=True)


def test_a_reference_to_a_record_deleted_elsewhere_is_shown_empty_and_listed(pair, tmp_path):
    a, b, ids = pair
    action = a.scalar("SELECT id FROM actions")
    person = a.scalar("SELECT id FROM people WHERE name = 'Leader 5'")
    a.delete("people", person)
    b.update("actions", action, {"owner_id": person})
    import_changes(a, share(b, JO, tmp_path))
    assert a.get("actions", action)["owner_id"] is None
    [conflict] = list_conflicts(a)
    assert (conflict.kind, conflict.fields) == ("reference", ["owner_id"])
    resolve(a, conflict.id, "theirs")  # restore the person it refers to
    assert a.get("people", person) is not None
    assert a.get("actions", action)["owner_id"] == person
    assert list_conflicts(a) == [] and drift(a) == []


def test_a_workspace_copy_of_someone_elses_file_shares_only_its_new_owners_edits(pair, tmp_path):
    a, _, ids = pair
    a.update("teams", ids["team"], {"notes": "Maria's"})
    a.checkpoint()
    shutil.copyfile(a.path, tmp_path / "handed-over.ecw")
    with open_workspace(tmp_path / "handed-over.ecw", backups=False) as c:
        c.author = SAM.id
        assert pending_count(c, SAM.id) == 0
        c.update("teams", ids["team"], {"organization": "Sam's"})
        report = export_changes(c, tmp_path / "sam.ecchanges", SAM)
        assert report.records == 1
    assert os.path.exists(tmp_path / "sam.ecchanges")


def test_a_repaired_copy_is_still_a_copy_of_the_same_workspace(tmp_path):
    from equitycohort.data.maintenance import repair_workspace

    ws = create_workspace(tmp_path / "mine.ecw", with_framework=False)
    ws.insert("programs", {"name": "Program"})
    origin = store.origin(ws)
    ws.close()
    report = repair_workspace(tmp_path / "mine.ecw")
    assert report.target is not None
    with open_workspace(report.target, backups=False) as repaired:
        assert store.origin(repaired) == origin
        assert repaired.count("programs") == 1
