"""The changes file (``.ecchanges``): a SQLite changeset and a manifest, zipped.

A zip archive (deflate) of two members:

- ``manifest.json``: what the file is (``"format": "equitycohort-changes"`` and
  its version), the workspace's origin and schema version, the author (id, name,
  organization), the range of the author's journal it covers, counts, the
  columns of each table in the changeset, and the size and SHA-256 of the
  changeset member;
- ``changes.changeset``: a changeset made by SQLite's session extension
  (through apsw): for each record the author changed, an INSERT of the record
  as the author holds it (or a DELETE, with its last values, when the author
  holds it deleted), and an INSERT into ``ec_registers`` of its registers
  (see registers.py): who wrote each group of fields, when, and what they had seen.

Whole records rather than updates of the changed columns: files may arrive in
any order, and an edit arriving before the record itself was added must still
be merged once it does.

Reading checks everything before anything is written: a file that is not a zip,
a zip that is not ours, a newer format or schema, a changeset whose checksum or
structure does not match: each refused with a message saying which.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from equitycohort import __version__
from equitycohort.data.errors import WorkspaceError
from equitycohort.data.schema import KINDS, SCHEMA_VERSION
from equitycohort.data.sharing.registers import GROUPS, Registers, dump_regs, is_stamp, load_regs
from equitycohort.data.sharing.store import columns
from equitycohort.data.validation import check_id
from equitycohort.i18n import _

SUFFIX = ".ecchanges"
FORMAT = "equitycohort-changes"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOAD = "changes.changeset"
REGISTERS = "ec_registers"
REGISTER_COLUMNS = ("tbl", "id", "regs")
#: the largest changes file read (a year of a busy program is a few megabytes)
MAX_FILE = 512 * 1024 * 1024
MAX_MANIFEST = 1024 * 1024
#: written into every file's manifest, in English whatever the language (the file is read by whoever opens it,
#: in any language; the app shows the translated warning itself)
PRIVACY = ("Changes files hold facilitators' private notes: they are for the facilitators who share this "
           "workspace, never for a state team.")


class ChangesFileError(WorkspaceError):
    """A changes file that cannot be imported; nothing was written."""

    reason = "changes-file"


@dataclass
class Incoming:
    """One record as a changes file carries it."""

    table: str
    id: str
    raw: dict
    regs: Registers
    alive: bool


@dataclass
class Author:
    id: str
    name: str
    organization: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.organization}" if self.organization else self.name

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


@dataclass
class ChangesFile:
    path: Path | None
    manifest: dict
    changeset: bytes
    sha256: str
    author: Author
    origin: str
    schema_version: int
    first: int
    last: int
    records: list[Incoming] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name if self.path else _("the changes file")


# --- writing ---------------------------------------------------------------------

def _create_tables(db, tables) -> None:
    for table in tables:
        cols = REGISTER_COLUMNS if table == REGISTERS else columns(table)
        key = "PRIMARY KEY (tbl, id)" if table == REGISTERS else "PRIMARY KEY (id)"
        names = ", ".join(f'"{c}"' for c in cols)
        db.execute(f'CREATE TABLE "{table}" ({names}, {key})')


def build_changeset(records: list[tuple[str, dict, Registers, bool]]) -> bytes:
    """A changeset of these records (table, values, registers, alive), recorded by a
    session on an in-memory scratch database (never the workspace file)."""
    import apsw

    db = apsw.Connection(":memory:")
    try:
        tables = sorted({r[0] for r in records}, key=list(KINDS).index)
        _create_tables(db, [*tables, REGISTERS])
        with db:
            for table, raw, _regs, alive in records:
                if not alive:  # a deleted record is there before the session, to be deleted under it
                    _insert(db, table, columns(table), raw)
        session = apsw.Session(db, "main")
        session.attach()
        with db:
            for table, raw, _regs, alive in records:
                if not alive:
                    db.execute(f'DELETE FROM "{table}" WHERE id = ?', (raw["id"],))
            for table, raw, regs, alive in records:
                if alive:
                    _insert(db, table, columns(table), raw)
                db.execute(f'INSERT INTO "{REGISTERS}" (tbl, id, regs) VALUES (?, ?, ?)',
                           (table, raw["id"], dump_regs(regs)))
        data = session.changeset()
        session.close()
        return data
    finally:
        db.close()


def _insert(db, table: str, cols: tuple[str, ...], raw: dict) -> None:
    marks = ", ".join("?" * len(cols))
    db.execute(f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({marks})', [raw.get(c) for c in cols])


def make_manifest(*, origin: str, author: Author, first: int, last: int, counts: dict[str, int],
                  tables: list[str], changeset: bytes) -> dict:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "app": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "workspace": {"origin": origin, "schema_version": SCHEMA_VERSION},
        "author": {"id": author.id, "name": author.name, "organization": author.organization},
        "sequence": {"first": first, "last": last},
        "counts": counts,
        "tables": {t: list(REGISTER_COLUMNS if t == REGISTERS else columns(t)) for t in [*tables, REGISTERS]},
        "changeset": {"name": PAYLOAD, "size": len(changeset), "sha256": hashlib.sha256(changeset).hexdigest()},
        "privacy": PRIVACY,
    }


def write_changes_file(target: Path, manifest: dict, changeset: bytes) -> Path:
    """Write the file whole or not at all (a partial file beside it, then renamed),
    readable by the user only: it holds private notes."""
    target = Path(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr(PAYLOAD, changeset)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        try:
            os.write(fd, buffer.getvalue())
            os.fsync(fd)
        finally:
            os.close(fd)
        if os.name == "posix":
            os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


# --- reading -----------------------------------------------------------------------

def _refuse(path: Path | None, message: str, **values: object) -> ChangesFileError:
    """A refusal: ``message`` is a whole translated sentence naming the file as ``{name}``."""
    # Translators: the subject of "{name} cannot be imported: …" when the file has no name
    name = path.name if path else _("The changes file")
    return ChangesFileError(message.format(name=name, **values))


def read_changes_file(path: Path | str) -> ChangesFile:
    """Read and check a changes file completely; ChangesFileError when it cannot be used."""
    path = Path(path)
    try:
        if not path.is_file():
            raise _refuse(path, _("{name} cannot be imported: it is not a file (a folder, or it no longer "
                                  "exists). Nothing was changed."))
        size = path.stat().st_size
        if size > MAX_FILE:
            raise _refuse(path, _("{name} cannot be imported: it is {size:,.0f} MB, far larger than any "
                                  "changes file. Nothing was changed."), size=size / 1e6)
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, _("{name} cannot be imported: it could not be read ({error}). Nothing was "
                              "changed."), error=exc.strerror or exc) from exc
    return parse_changes(data, path)


def parse_changes(data: bytes, path: Path | None = None) -> ChangesFile:
    if not data.startswith(b"PK\x03\x04"):
        raise _refuse(path, _("{name} cannot be imported: it is not a changes file of Equity Cohort (Share "
                              "My Changes makes them, named *{suffix}). Nothing was changed."), suffix=SUFFIX)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise _refuse(path, _("{name} cannot be imported: it is a zip archive, but not a changes file "
                                  "of Equity Cohort (it has no manifest). Nothing was changed."))
        info = archive.getinfo(MANIFEST)
        if info.file_size > MAX_MANIFEST:
            raise _refuse(path, _("{name} cannot be imported: its manifest is far too large; the file is "
                                  "damaged or not ours. Nothing was changed."))
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except ChangesFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError,
            NotImplementedError) as exc:
        raise _refuse(path, _("{name} cannot be imported: it is damaged or incomplete (cut short while "
                              "being copied?): {error}. Nothing was changed."), error=exc) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, _("{name} cannot be imported: it is a zip archive, but not a changes file of "
                              "Equity Cohort. Nothing was changed."))
    version = manifest.get("version")
    if not isinstance(version, int) or version < 1:
        raise _refuse(path, _("{name} cannot be imported: its manifest is damaged (no format version). "
                              "Nothing was changed."))
    if version > FORMAT_VERSION:
        raise _refuse(path, _("{name} cannot be imported: it was made by a newer version of Equity Cohort. "
                              "Update the app, then import it. Nothing was changed."))
    try:
        workspace = manifest["workspace"]
        schema = workspace["schema_version"]
        origin = workspace["origin"]
        author = manifest["author"]
        sequence = manifest["sequence"]
        payload = manifest["changeset"]
        tables = manifest["tables"]
        checks = [isinstance(schema, int), isinstance(origin, str) and len(origin) == 32,
                  isinstance(author, dict) and all(isinstance(author.get(k), str) for k in ("id", "name", "organization")),
                  isinstance(sequence, dict) and all(isinstance(sequence.get(k), int) for k in ("first", "last")),
                  isinstance(payload, dict) and isinstance(payload.get("sha256"), str),
                  isinstance(tables, dict)]
    except (KeyError, TypeError) as exc:
        raise _refuse(path, _("{name} cannot be imported: its manifest is damaged (no {key}). Nothing was "
                              "changed."), key=exc) from exc
    if not all(checks):
        raise _refuse(path, _("{name} cannot be imported: its manifest is damaged (a value of the wrong "
                              "kind). Nothing was changed."))
    if schema > SCHEMA_VERSION:
        raise _refuse(path, _("{name} cannot be imported: it comes from a workspace of a newer version of "
                              "Equity Cohort (format {schema}; this app reads up to {newest}). Update the "
                              "app, then import it. Nothing was changed."), schema=schema, newest=SCHEMA_VERSION)
    if schema < 5:
        raise _refuse(path, _("{name} cannot be imported: its manifest is damaged (a workspace format "
                              "older than sharing). Nothing was changed."))
    try:
        check_id(author["id"])
    except Exception as exc:
        raise _refuse(path, _("{name} cannot be imported: its manifest is damaged (the author has no valid "
                              "id). Nothing was changed.")) from exc
    try:
        changeset = archive.read(PAYLOAD)
    except KeyError as exc:
        raise _refuse(path, _("{name} cannot be imported: it has no changes in it (the changeset is "
                              "missing). Nothing was changed.")) from exc
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise _refuse(path, _("{name} cannot be imported: it is damaged or incomplete (cut short while "
                              "being copied?): {error}. Nothing was changed."), error=exc) from exc
    digest = hashlib.sha256(changeset).hexdigest()
    if digest != payload["sha256"]:
        raise _refuse(path, _("{name} cannot be imported: it is damaged: its changes do not match their "
                              "checksum. Nothing was changed."))
    result = ChangesFile(path, manifest, changeset, digest,
                         Author(author["id"], author["name"], author["organization"]), origin, schema,
                         sequence["first"], sequence["last"])
    result.records = _records(result, tables)
    return result


def _records(cf: ChangesFile, tables: dict) -> list[Incoming]:
    """Every record in the changeset, checked against the manifest and the schema."""
    import apsw

    expected: dict[str, tuple[str, ...]] = {}
    for table, cols in tables.items():
        wanted: tuple[str, ...]
        if table == REGISTERS:
            wanted = REGISTER_COLUMNS
        elif table in KINDS:
            wanted = columns(table)
        else:
            raise _refuse(cf.path, _("{name} cannot be imported: it holds records of a kind this app does "
                                     "not know ({table}). Nothing was changed."), table=repr(table))
        if list(cols) != list(wanted):
            raise _refuse(cf.path, _("{name} cannot be imported: its {table} records do not have the "
                                     "fields this app expects. Nothing was changed."), table=table)
        expected[table] = wanted
    rows: dict[tuple[str, str], tuple[dict, bool]] = {}
    regs: dict[tuple[str, str], Registers] = {}
    try:
        for change in apsw.Changeset.iter(cf.changeset):
            table = change.name
            if table not in expected or change.column_count != len(expected[table]):
                raise _refuse(cf.path, _("{name} cannot be imported: it is damaged: its changes do not "
                                         "match its manifest. Nothing was changed."))
            cols = expected[table]
            if change.opcode == apsw.SQLITE_INSERT and change.new is not None:
                values, alive = dict(zip(cols, change.new, strict=True)), True
            elif change.opcode == apsw.SQLITE_DELETE and change.old is not None:
                values, alive = dict(zip(cols, change.old, strict=True)), False
            else:
                raise _refuse(cf.path, _("{name} cannot be imported: it is damaged: it holds a kind of "
                                         "change this app does not make. Nothing was changed."))
            if table == REGISTERS:
                key = (str(values["tbl"]), str(values["id"]))
                if not alive or not isinstance(values["regs"], str) or key[0] not in KINDS:
                    raise _refuse(cf.path, _("{name} cannot be imported: it is damaged: a record's history "
                                             "cannot be read. Nothing was changed."))
                try:
                    regs[key] = _checked_regs(key[0], load_regs(values["regs"]))
                except (ValueError, TypeError) as exc:
                    raise _refuse(cf.path, _("{name} cannot be imported: it is damaged: a record's history "
                                             "cannot be read ({error}). Nothing was changed."), error=exc) from exc
            else:
                if any(isinstance(v, bytes) for v in values.values()):
                    raise _refuse(cf.path, _("{name} cannot be imported: it is damaged: a record holds a "
                                             "value of a kind this app never stores. Nothing was changed."))
                rows[(table, _id(cf, values["id"]))] = (values, alive)
    except ChangesFileError:
        raise
    except (apsw.Error, ValueError, TypeError) as exc:
        raise _refuse(cf.path, _("{name} cannot be imported: it is damaged: its changes cannot be read "
                                 "({error}). Nothing was changed."), error=exc) from exc
    if set(rows) != set(regs):
        raise _refuse(cf.path, _("{name} cannot be imported: it is damaged: its records and their "
                                 "histories do not match. Nothing was changed."))
    order = list(KINDS)
    return [Incoming(t, i, values, regs[(t, i)], alive)
            for (t, i), (values, alive) in sorted(rows.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1]))]


def _id(cf: ChangesFile, value: object) -> str:
    try:
        return check_id(value)
    except Exception as exc:
        raise _refuse(cf.path, _("{name} cannot be imported: it is damaged: a record has no valid id. "
                                 "Nothing was changed.")) from exc


def _checked_regs(table: str, regs: Registers) -> Registers:
    groups = GROUPS[table]
    for key, reg in regs.items():
        if key != "" and key not in groups:
            raise ValueError(f"unknown fields {key!r}")
        if not is_stamp(reg.stamp):
            raise ValueError("a time that is not a stamp")
        check_id(reg.author)
        if key == "" and not isinstance(reg.extra, bool):
            raise ValueError("an existence that is neither yes nor no")
    return regs
