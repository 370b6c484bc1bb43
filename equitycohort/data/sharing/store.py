"""What a copy holds for sharing: the registers and merged values of records
(``sync_state``), the workspace's origin, the people whose changes it holds."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from equitycohort.data.schema import KINDS
from equitycohort.data.sharing.registers import EXISTS, Registers, dump_regs, load_regs

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: how a record held in sync_state is shown
SHOWN, NULLED, HIDDEN, DEAD = "", "nulled", "hidden", "dead"
_CHUNK = 400


class Held(NamedTuple):
    """One record as a copy holds it for merging."""

    raw: dict
    regs: Registers
    state: str

    @property
    def alive(self) -> bool:
        exists = self.regs.get(EXISTS)
        return exists is None or exists.extra is not False


def chunks(items: Iterable[str], size: int = _CHUNK) -> Iterable[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_held(ws: Workspace, table: str, ids: Iterable[str]) -> dict[str, Held]:
    out: dict[str, Held] = {}
    for batch in chunks(ids):
        marks = ", ".join("?" * len(batch))
        for row in ws.query(f"SELECT id, regs, raw, state FROM sync_state WHERE tbl = ? AND id IN ({marks})",
                            (table, *batch)):
            out[row[0]] = Held(json.loads(row[2]), load_regs(row[1]), row[3])
    return out


def load_rows(ws: Workspace, table: str, ids: Iterable[str]) -> dict[str, dict]:
    """The records of ``table`` the workspace shows, by id."""
    out: dict[str, dict] = {}
    for batch in chunks(ids):
        marks = ", ".join("?" * len(batch))
        for row in ws.rows(f"SELECT * FROM {table} WHERE id IN ({marks})", batch):
            out[row["id"]] = row
    return out


def save_held(ws: Workspace, table: str, row_id: str, raw: dict, regs: Registers, state: str) -> None:
    ws.conn.execute(
        "INSERT INTO sync_state (tbl, id, regs, raw, state) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (tbl, id) DO UPDATE SET regs = excluded.regs, raw = excluded.raw, state = excluded.state",
        (table, row_id, dump_regs(regs), canonical(raw), state))


def set_state(ws: Workspace, table: str, row_id: str, state: str) -> None:
    ws.conn.execute("UPDATE sync_state SET state = ? WHERE tbl = ? AND id = ?", (state, table, row_id))


def canonical(raw: dict) -> str:
    return json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def columns(table: str) -> tuple[str, ...]:
    """A record's columns in the order changes files carry them."""
    return ("id", *KINDS[table].field_names, "created", "modified")


def unshown(ws: Workspace, table: str) -> dict[str, Held]:
    """The records of ``table`` held but not shown as they are (hidden or with a reference emptied)."""
    out: dict[str, Held] = {}
    for row in ws.query("SELECT id, regs, raw, state FROM sync_state WHERE tbl = ? AND state IN (?, ?)",
                        (table, HIDDEN, NULLED)):
        out[row[0]] = Held(json.loads(row[2]), load_regs(row[1]), row[3])
    return out


def any_unshown(ws: Workspace) -> bool:
    return ws.scalar("SELECT 1 FROM sync_state WHERE state IN (?, ?) LIMIT 1", (HIDDEN, NULLED)) is not None


# --- the workspace's origin and the people it has heard from ---------------------

def origin(ws: Workspace) -> str:
    value = ws.scalar("SELECT value FROM meta WHERE key = 'origin'")
    if not value:
        raise RuntimeError("a workspace at schema 6 has an origin")
    return value


def author_id(ws: Workspace) -> str:
    """Who this session's edits are recorded under: set on the workspace, else the user's own identity."""
    if ws.author:
        return ws.author
    from equitycohort import identity

    ws.author = identity.current().id
    return ws.author


def remember_author(ws: Workspace, author: str, name: str, organization: str, seen: str) -> None:
    ws.conn.execute(
        "INSERT INTO sync_authors (id, name, organization, seen) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, organization = excluded.organization, "
        "seen = max(seen, excluded.seen)", (author, name, organization, seen))


def author_names(ws: Workspace) -> dict[str, str]:
    """Author id -> "Maria Lopez, Child Trends", for every author this copy has heard from."""
    out = {}
    for row in ws.query("SELECT id, name, organization FROM sync_authors"):
        out[row[0]] = f"{row[1]}, {row[2]}" if row[2] else row[1]
    return out
