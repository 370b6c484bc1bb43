"""Share My Changes and Import Changes.

``export_changes`` writes the records this person changed since their last
share (or all of them) into a changes file. ``import_changes`` merges one file
in, as one undoable step ("Import changes from Maria"); ``preview_import`` works
out the same merge and takes it back, to say what importing would do.

A merge, per record and per group of fields, keeps the newer write (registers.py);
the older one, when its writer had not seen the newer, is listed as a conflict,
as is an edit of a record deleted elsewhere (the delete is kept). Then what to
show is settled (settle.py). Importing a file twice, or files in any order,
ends the same.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equitycohort.data.errors import WorkspaceError
from equitycohort.data.schema import KINDS
from equitycohort.data.sharing import store
from equitycohort.data.sharing.changesfile import (
    Author,
    ChangesFile,
    ChangesFileError,
    Incoming,
    build_changeset,
    make_manifest,
    read_changes_file,
    write_changes_file,
)
from equitycohort.data.sharing.conflicts import (
    CHANGED_AND_DELETED,
    DELETED_AND_RESTORED,
    ConflictLog,
    notice_for,
    superseded,
)
from equitycohort.data.sharing.registers import (
    EXISTS,
    GROUPS,
    Register,
    Registers,
    known,
    merged_seen,
    order_key,
    witness,
)
from equitycohort.data.sharing.settle import Settler
from equitycohort.data.sharing.store import DEAD, SHOWN, Held
from equitycohort.i18n import _

if TYPE_CHECKING:
    from equitycohort.data.workspace import Change, RowChange, Workspace

__all__ = ["ChangesFileError", "ExportReport", "ImportReport", "export_changes", "import_changes",
           "preview_import", "preview_imports", "read_changes_file"]


# --- sharing ---------------------------------------------------------------------------

@dataclass
class ExportReport:
    path: Path | None
    records: int = 0
    new: int = 0
    updated: int = 0
    deleted: int = 0
    first: int = 0
    last: int = 0
    size: int = 0


def _shared_key(author: str) -> str:
    return f"sync_shared:{author}"


def pending_count(ws: Workspace, author: str | None = None) -> int:
    """How many records this person changed since their last share."""
    author = author or store.author_id(ws)
    since = int(ws.scalar("SELECT value FROM meta WHERE key = ?", (_shared_key(author),)) or 0)
    return ws.scalar("SELECT count(DISTINCT tbl || ' ' || id) FROM sync_journal WHERE author = ? AND seq > ?",
                     (author, since)) or 0


def export_changes(ws: Workspace, target: Path | str, author: Author, *, everything: bool = False,
                   allow_empty: bool = False) -> ExportReport:
    """Write this person's changes since their last share (``everything``: all of them)
    into a changes file at ``target``; with nothing to share, no file unless ``allow_empty``."""
    from equitycohort.data.files import refuse_own_file

    target = Path(target)
    refuse_own_file(target)
    since = 0 if everything else int(ws.scalar("SELECT value FROM meta WHERE key = ?",
                                               (_shared_key(author.id),)) or 0)
    lines = ws.query("SELECT seq, tbl, id, op FROM sync_journal WHERE author = ? AND seq > ? ORDER BY seq",
                     (author.id, since))
    report = ExportReport(None)
    if not lines and not allow_empty:
        return report
    touched: dict[tuple[str, str], set[str]] = {}
    for line in lines:
        touched.setdefault((line[1], line[2]), set()).add(line[3])
    records: list[tuple[str, dict, Registers, bool]] = []
    by_table: dict[str, list[str]] = {}
    for table, row_id in touched:
        by_table.setdefault(table, []).append(row_id)
    for table in KINDS:
        held = store.load_held(ws, table, by_table.get(table, []))
        for row_id in sorted(by_table.get(table, [])):
            h = held.get(row_id)
            if h is None:
                continue
            records.append((table, h.raw, h.regs, h.alive))
            ops = touched[(table, row_id)]
            if not h.alive:
                report.deleted += 1
            elif "insert" in ops:
                report.new += 1
            else:
                report.updated += 1
    report.records = len(records)
    report.first = lines[0][0] if lines else since
    report.last = lines[-1][0] if lines else since
    changeset = build_changeset(records)
    manifest = make_manifest(origin=store.origin(ws), author=author, first=report.first, last=report.last,
                             counts={"records": report.records, "new": report.new, "updated": report.updated,
                                     "deleted": report.deleted},
                             tables=sorted({r[0] for r in records}, key=list(KINDS).index), changeset=changeset)
    report.path = write_changes_file(target, manifest, changeset)
    report.size = report.path.stat().st_size
    with ws._transaction():
        shared = int(ws.scalar("SELECT value FROM meta WHERE key = ?", (_shared_key(author.id),)) or 0)
        if report.last > shared:
            ws.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                            (_shared_key(author.id), str(report.last)))
        store.remember_author(ws, author.id, author.name, author.organization, _now())
    return report


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# --- importing -------------------------------------------------------------------------

@dataclass
class ChangeLine:
    """One record an import changes, in words: "state team “Iowa Kids Count”", "updated", its fields."""

    table: str
    record: str
    what: str  # new | updated | deleted | to review
    fields: list[str]


def _details(ws: Workspace, changes: list[RowChange], limit: int = 2000) -> list[ChangeLine]:
    from equitycohort.data.sharing.conflicts import describe

    lines: list[ChangeLine] = []
    for c in changes:
        if len(lines) >= limit:
            break
        if c.table == "sync_conflicts":
            if c.before is None and c.after is not None:
                table, record_id = c.after["tbl"], c.after["record_id"]
                held = store.load_held(ws, table, [record_id]).get(record_id)
                row = ws.get(table, record_id) or (held.raw if held else None) or \
                    json.loads(c.after["theirs"] or "null") or {}
                labels = [_(KINDS[table].field(f).label) for f in json.loads(c.after["fields"])
                          if f in KINDS[table].field_names]
                lines.append(ChangeLine(table, describe(ws, table, row), "to review", labels))
            continue
        if c.table not in KINDS:
            continue
        row = c.after or c.before or {}
        if c.before is None:
            lines.append(ChangeLine(c.table, describe(ws, c.table, row), "new", []))
        elif c.after is None:
            held = store.load_held(ws, c.table, [c.id]).get(c.id)
            if held is not None and held.state != DEAD:
                continue  # kept out of view: its conflict says why
            lines.append(ChangeLine(c.table, describe(ws, c.table, row), "deleted", []))
        else:
            kind = KINDS[c.table]
            fields = [_(f.label) for f in kind.fields if c.before.get(f.name) != c.after.get(f.name)]
            if fields:
                lines.append(ChangeLine(c.table, describe(ws, c.table, row), "updated", fields))
    return lines


@dataclass
class ImportReport:
    author: Author
    file: str
    new: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0
    #: the file was imported before (importing it again changes nothing)
    seen_before: bool = False
    change: Change | None = None
    changes: list[RowChange] = field(default_factory=list)
    #: what the import changes, record by record, in words (a preview fills it)
    details: list[ChangeLine] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """"Maria Lopez, Child Trends: 12 new, 30 updated, 2 deleted, 3 to review"."""
        # Translators: counts of records, after who made the changes
        return _("{author}: {new} new, {updated} updated, {deleted} deleted, {review} to review").format(
            author=self.author.label, new=self.new, updated=self.updated, deleted=self.deleted,
            review=self.conflicts)

    def lines(self) -> list[str]:
        """For scripts: the same words in every language."""
        return [f"new: {self.new}", f"updated: {self.updated}", f"deleted: {self.deleted}",
                f"conflicts: {self.conflicts}"]


def check_origin(ws: Workspace, cf: ChangesFile) -> None:
    if cf.origin != store.origin(ws):
        raise ChangesFileError(_(
            "{name} cannot be imported: it comes from another workspace, not from a copy of {workspace}. "
            "Changes can only be shared between copies of one workspace (a copy made with Save a Copy, or "
            "the file itself copied). Nothing was changed.").format(name=cf.name, workspace=ws.path.name))


def _read(source: Path | str | ChangesFile) -> ChangesFile:
    return source if isinstance(source, ChangesFile) else read_changes_file(source)


class _TakeBack(Exception):
    """Raised to roll a preview's transaction back."""


def preview_imports(ws: Workspace, sources: Sequence[Path | str | ChangesFile]) -> list[ImportReport]:
    """What importing these files one after the other would do, worked out in full and
    then taken back: nothing is kept."""
    files = [_read(source) for source in sources]
    for cf in files:
        check_origin(ws, cf)
    reports = [ImportReport(cf.author, cf.name) for cf in files]
    try:
        with ws._transaction():
            for cf, report in zip(files, reports, strict=True):
                _merge(ws, cf, report, report.changes)
                report.details = _details(ws, report.changes)
            raise _TakeBack
    except _TakeBack:
        pass
    return reports


def preview_import(ws: Workspace, source: Path | str | ChangesFile) -> ImportReport:
    """What importing one file would do ("Maria Lopez, Child Trends: 12 new, ..."); nothing is kept."""
    return preview_imports(ws, [source])[0]


def import_changes(ws: Workspace, source: Path | str | ChangesFile) -> ImportReport:
    """Merge a changes file in as one undoable step; ChangesFileError (nothing written) if it cannot be."""
    from equitycohort.data.workspace import done

    cf = _read(source)
    check_origin(ws, cf)
    report = ImportReport(cf.author, cf.name)
    # Translators: in Edit > Undo; {name} is the first name of who shared the changes
    with ws.operation(_("Import changes from {name}").format(name=cf.author.first_name or _("someone"))) as op:
        op.journaled = False
        _merge(ws, cf, report, op.step.changes)
    report.change = done(op)
    report.changes = list(op.step.changes)
    return report


def _merge(ws: Workspace, cf: ChangesFile, report: ImportReport, changes: list[RowChange]) -> None:
    """Merge every record of the file into what the workspace holds, then show what follows."""
    report.seen_before = ws.scalar("SELECT 1 FROM sync_imports WHERE sha256 = ?", (cf.sha256,)) is not None
    log = ConflictLog(ws, changes)
    settler = Settler(ws, _recording_write(ws, changes), notice_for(ws, changes))
    newest = ""
    by_table: dict[str, list[Incoming]] = {}
    for record in cf.records:
        by_table.setdefault(record.table, []).append(record)
    merged_raws: dict[tuple[str, str], dict] = {}
    open_conflicts: dict[tuple[str, str], list[dict]] = {}
    for row in ws.rows("SELECT * FROM sync_conflicts WHERE resolved IS NULL"):
        open_conflicts.setdefault((row["tbl"], row["record_id"]), []).append(row)
    for table, records in by_table.items():
        ids = [r.id for r in records]
        held = store.load_held(ws, table, ids)
        shown = store.load_rows(ws, table, ids)
        for record in records:
            local = held.get(record.id)
            if local is None and record.id in shown:
                local = Held(shown[record.id], {}, SHOWN)
            raw, regs, state = _merge_record(log, record, local, open_conflicts.get((table, record.id), []))
            newest = max([newest, *(r.stamp for r in record.regs.values())])
            if local is not None and raw == local.raw and regs == local.regs:
                continue  # nothing new about this record
            store.save_held(ws, table, record.id, raw, regs, state)
            merged_raws[(table, record.id)] = raw
            settler.add(table, [record.id])
    _check_by_changeset(cf, merged_raws)
    witness(ws, newest)
    settler.run()
    hidden = {(r[0], r[1]) for r in ws.query("SELECT tbl, id FROM sync_state WHERE state = 'hidden'")} \
        if any(after is None for _t, _i, _b, after in settler.written) else set()
    for table, row_id, before, after in settler.written:
        if table not in KINDS:
            continue
        if before is None and after is not None:
            report.new += 1
        elif before is not None and after is None:
            if (table, row_id) not in hidden:  # one kept out of view is counted among those to review
                report.deleted += 1
        elif before != after:
            report.updated += 1
    report.conflicts = sum(1 for c in changes if c.table == "sync_conflicts" and c.before is None)
    store.remember_author(ws, cf.author.id, cf.author.name, cf.author.organization, _now())
    ws.conn.execute(
        "INSERT INTO sync_imports (sha256, author, first_seq, last_seq, imported, counts) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (sha256) DO UPDATE SET imported = excluded.imported",
        (cf.sha256, cf.author.id, cf.first, cf.last, _now(),
         json.dumps({"new": report.new, "updated": report.updated, "deleted": report.deleted,
                     "conflicts": report.conflicts})))


def _recording_write(ws: Workspace, changes: list[RowChange]):
    from equitycohort.data.workspace import RowChange

    def write(table: str, row_id: str, before: dict | None, after: dict | None) -> None:
        ws._write_row(table, row_id, after)
        changes.append(RowChange(table, row_id, before, after))

    return write


def _merge_record(log: ConflictLog, record: Incoming, local: Held | None,
                  open_rows: list[dict]) -> tuple[dict, Registers, str]:
    """One record: what this copy holds (``local``) and what came in, merged group by group."""
    table = record.table
    if local is None:
        return dict(record.raw), dict(record.regs), ("new" if record.alive else DEAD)
    raw = dict(local.raw)
    regs: Registers = dict(local.regs)
    for key, fields in [(EXISTS, ()), *GROUPS[table].items()]:
        mine, theirs = local.regs.get(key), record.regs.get(key)
        if mine == theirs:
            continue
        mine_values: Any
        theirs_values: Any
        if key == EXISTS:
            mine_values, theirs_values = local.alive, record.alive
        else:
            mine_values = [local.raw.get(f) for f in fields]
            theirs_values = [record.raw.get(f) for f in fields]
        theirs_win = order_key(theirs, theirs_values) > order_key(mine, mine_values)
        winner, loser = (theirs, mine) if theirs_win else (mine, theirs)
        assert winner is not None
        if loser is not None and not known(loser, winner) and mine_values != theirs_values:
            if key == EXISTS:
                alive = theirs_values if theirs_win else mine_values
                log.add(table=table, record_id=record.id, kind="restored" if alive else "deleted", fields=[],
                        mine={"alive": mine_values}, theirs={"alive": theirs_values}, before=None,
                        mine_reg=mine, theirs_reg=theirs, kept="theirs" if theirs_win else "mine",
                        reason=DELETED_AND_RESTORED)
            else:
                before = theirs.extra if theirs is not None and theirs.extra is not None else \
                    (mine.extra if mine is not None else None)
                log.add(table=table, record_id=record.id, kind="value", fields=list(fields),
                        mine=dict(zip(fields, mine_values, strict=True)),
                        theirs=dict(zip(fields, theirs_values, strict=True)),
                        before=dict(zip(fields, before, strict=True)) if isinstance(before, list) and len(before) == len(fields)
                        else None, mine_reg=mine, theirs_reg=theirs, kept="theirs" if theirs_win else "mine")
        regs[key] = winner._replace(seen=merged_seen(winner, loser))
        if theirs_win:
            # an open conflict here is settled by a change made having seen both its sides
            for entry in open_rows:
                if entry["resolved"] is None and (key == EXISTS) == (entry["kind"] in ("deleted", "restored")) \
                        and (key == EXISTS or set(json.loads(entry["fields"])) == set(fields)) \
                        and superseded(entry, winner):
                    log.settle(entry, "settled by a later change")
                    entry["resolved"] = "settled"
            if key != EXISTS:
                for f, value in zip(fields, theirs_values, strict=True):
                    raw[f] = value
    raw["modified"] = max(str(raw.get("modified") or ""), str(record.raw.get("modified") or "")) or None
    created = [c for c in (raw.get("created"), record.raw.get("created")) if c]
    raw["created"] = min(created) if created else None
    exists = regs.get(EXISTS)
    alive = exists is None or exists.extra is not False
    if not alive:
        _edits_of_deleted(log, record, local, raw, regs)
    state = local.state
    if not alive:
        state = DEAD
    elif state == DEAD:
        state = "new"
    return raw, regs, state


def _edits_of_deleted(log: ConflictLog, record: Incoming, local: Held, raw: dict, regs: Registers) -> None:
    """Changes made to a record that was deleted elsewhere by someone who had not seen
    them: the delete is kept, the changes are listed (and can be restored)."""
    exists = regs[EXISTS]
    # a group's register, and every write it was merged with (its ``seen``): was each known to the deleter?
    lost = [key for key, reg in regs.items() if key != EXISTS and not all(
        known(Register(stamp, author, {}), exists) for author, stamp in ((reg.author, reg.stamp), *reg.seen.items()))]
    if not lost:
        return
    fields = [f for key in lost for f in GROUPS[record.table][key]]
    mine_exists = local.regs.get(EXISTS)
    deleted_here = mine_exists is not None and (mine_exists.stamp, mine_exists.author) == (exists.stamp, exists.author)
    edits = max((regs[k] for k in lost), key=lambda r: (r.stamp, r.author))
    # the side that deleted it shows as deleted; the other side, its changes
    log.add(table=record.table, record_id=record.id, kind="deleted", fields=fields,
            mine=None if deleted_here else {f: local.raw.get(f) for f in fields},
            theirs={f: record.raw.get(f) for f in fields} if deleted_here else None,
            before=None, mine_reg=exists if deleted_here else edits, theirs_reg=edits if deleted_here else exists,
            kept="mine" if deleted_here else "theirs", reason=CHANGED_AND_DELETED)
    seen = dict(exists.seen)
    for reg in (regs[k] for k in lost):
        for author, stamp in ((reg.author, reg.stamp), *reg.seen.items()):
            if author != exists.author and seen.get(author, "") < stamp:
                seen[author] = stamp
    regs[EXISTS] = exists._replace(seen=seen)


def _check_by_changeset(cf: ChangesFile, merged: dict[tuple[str, str], dict]) -> None:
    """Apply the file's changeset, with a conflict handler, to a scratch copy of the
    records it touches as this copy now holds them merged: SQLite's session extension
    must agree, record by record, with the merge (an in-memory database: the workspace
    file is never opened by apsw)."""
    if not merged:
        return
    import apsw

    from equitycohort.data.sharing.changesfile import _create_tables, _insert
    from equitycohort.data.sharing.store import columns

    db = apsw.Connection(":memory:")
    try:
        tables = sorted({t for t, _row in merged}, key=list(KINDS).index)
        _create_tables(db, tables)
        incoming = {(r.table, r.id): r for r in cf.records}
        with db:
            for (table, row_id), raw in merged.items():
                record = incoming[(table, row_id)]
                if raw != record.raw or not record.alive:
                    _insert(db, table, columns(table), raw)

        def conflict(reason: int, change) -> int:
            # an INSERT of a record already held: what is held is already the merge
            return apsw.SQLITE_CHANGESET_OMIT

        def wanted(change) -> bool:
            # the records the merge changed; deletes are decided by the registers, not applied
            return change.name in tables and change.opcode == apsw.SQLITE_INSERT and \
                (change.name, change.new[0]) in merged

        apsw.Changeset.apply(cf.changeset, db, filter_change=wanted, conflict=conflict)
        for (table, row_id), raw in merged.items():
            cols = columns(table)
            row = db.execute(f'SELECT {", ".join(cols)} FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
            if row is None or dict(zip(cols, row, strict=True)) != {c: raw.get(c) for c in cols}:
                raise WorkspaceError(_(
                    "{name} could not be merged: the merge of a {kind} disagrees with SQLite's own reading of "
                    "the changes. Nothing was changed.").format(name=cf.name, kind=_(KINDS[table].singular)))
    finally:
        db.close()


# --- the shared folder -------------------------------------------------------------------

def share_file_name(author: Author, when: dt.datetime | None = None) -> str:
    """"Maria Lopez 2027-03-09 1430.ecchanges": whose and when, sorting by time in a folder."""
    from equitycohort.data.sharing.changesfile import SUFFIX

    when = when or dt.datetime.now()
    safe = "".join(c for c in author.name if c.isalnum() or c in " -_.'").strip() or "changes"
    return f"{safe} {when:%Y-%m-%d %H%M%S}{SUFFIX}"


def waiting_in(ws: Workspace, folder: Path, author_id: str) -> tuple[list[ChangesFile], list[str]]:
    """The changes files in a shared folder this copy has not imported yet (from others,
    for this workspace), oldest first; and what could not be read there."""
    from equitycohort.data.sharing.changesfile import SUFFIX

    found: list[ChangesFile] = []
    problems: list[str] = []
    try:
        candidates = sorted((p for p in Path(folder).iterdir() if p.suffix.lower() == SUFFIX and p.is_file()),
                            key=lambda p: (p.stat().st_mtime, p.name))
    except OSError as exc:
        return [], [_("The shared folder {folder} could not be read ({error}).").format(
            folder=folder, error=exc.strerror or exc)]
    imported = {r[0] for r in ws.query("SELECT sha256 FROM sync_imports")}
    origin = store.origin(ws)
    for path in candidates:
        glance = peek_manifest(path)
        if glance is not None and (glance.get("sha256") in imported or glance.get("origin") != origin
                                   or glance.get("author") == author_id):
            continue  # seen to be imported already, or not for this copy: no need to read it all
        try:
            cf = read_changes_file(path)
        except ChangesFileError as exc:
            problems.append(str(exc))
            continue
        if cf.origin != origin or cf.author.id == author_id or cf.sha256 in imported:
            continue
        found.append(cf)
    return found, problems


def peek_manifest(path: Path) -> dict | None:
    """The checksum, origin and author a changes file's manifest says, without reading its changes
    (None when it cannot be read that way; reading it whole then says why)."""
    import zipfile

    from equitycohort.data.sharing.changesfile import MANIFEST

    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo(MANIFEST).file_size > 1024 * 1024:
                return None
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
        return {"sha256": manifest["changeset"]["sha256"], "origin": manifest["workspace"]["origin"],
                "author": manifest["author"]["id"]}
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, EOFError):
        return None
