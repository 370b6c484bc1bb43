"""Every local write records its author and time, in the write's own transaction.

The write door calls ``record_local`` with the rows an operation, an undo or a
redo wrote (undo and redo are edits like any other: they are shared too). For
each record it bumps the registers of the groups of fields that changed, keeps
the record as written in ``sync_state``, and appends a line to
``sync_journal``: Share My Changes sends the records that journal names. A
merge of changes from others does not come through here (its operation is not
journaled), so it is never sent on as this user's edits; a resolution made in
the Review changes panel is an ordinary edit, and is.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from equitycohort.data.schema import KINDS
from equitycohort.data.sharing import store
from equitycohort.data.sharing.registers import EXISTS, GROUPS, Register, knowledge, next_stamp
from equitycohort.data.sharing.settle import RULE_PARENTS, Settler
from equitycohort.data.sharing.store import DEAD, NULLED, SHOWN, Held

if TYPE_CHECKING:
    from equitycohort.data.workspace import RowChange, Workspace


def record_local(ws: Workspace, changes: list[RowChange], *, replay: bool = False) -> None:
    changes = [c for c in changes if c.table in KINDS and c.before != c.after]
    if not changes:
        return
    author = store.author_id(ws)
    stamp = next_stamp(ws)
    wanted: dict[str, set[str]] = {}
    for c in changes:
        wanted.setdefault(c.table, set()).add(c.id)
    held: dict[tuple[str, str], Held] = {}
    for table, ids in wanted.items():
        for row_id, found in store.load_held(ws, table, ids).items():
            held[(table, row_id)] = found
    lines = []
    for c in changes:
        h = held.get((c.table, c.id))
        regs = dict(h.regs) if h is not None else {}
        groups = GROUPS[c.table]
        if c.after is None:
            op, written = "delete", [EXISTS]
            regs[EXISTS] = Register(stamp, author, knowledge(regs, author), False)
            raw = h.raw if h is not None else dict(c.before or {})
            state = DEAD
        elif c.before is None:
            op, written = "insert", [EXISTS, *groups]
            seen_all = knowledge(regs, author)
            for key in groups:
                regs[key] = Register(stamp, author, knowledge({key: regs[key]} if key in regs else {}, author))
            regs[EXISTS] = Register(stamp, author, seen_all, True)
            raw, state = dict(c.after), SHOWN
        else:
            op = "update"
            written = [key for key, fields in groups.items() if any(c.before[f] != c.after[f] for f in fields)]
            raw = dict(h.raw) if h is not None else dict(c.before)
            if not written:  # only its time changed (an undone merge): nothing to share
                if h is not None:
                    raw["modified"] = c.after["modified"]
                    store.save_held(ws, c.table, c.id, raw, regs, h.state)
                    held[(c.table, c.id)] = Held(raw, regs, h.state)
                continue
            for key in written:
                fields = groups[key]
                regs[key] = Register(stamp, author, knowledge({key: regs[key]} if key in regs else {}, author),
                                     [c.before[f] for f in fields])
                for f in fields:
                    raw[f] = c.after[f]
            raw["modified"] = c.after["modified"]
            state = NULLED if any(raw[f] != c.after[f] for f in KINDS[c.table].field_names) else SHOWN
        store.save_held(ws, c.table, c.id, raw, regs, state)
        held[(c.table, c.id)] = Held(raw, regs, state)
        lines.append((stamp, author, c.table, c.id, op, ",".join(written)))
    ws.conn.executemany("INSERT INTO sync_journal (stamp, author, tbl, id, op, fields) VALUES (?, ?, ?, ?, ?, ?)",
                        lines)
    _settle_dependents(ws, changes, replay)


def _settle_dependents(ws: Workspace, changes: list[RowChange], replay: bool) -> None:
    """What the user's writes change for records they did not write: a record kept
    out of view comes back when its parent is restored, or the record it clashed
    with goes; a child whose parent changed may no longer keep a rule. The door has
    already judged the written records themselves.

    An undo or a redo writes its step's rows back as they were, and the database's
    own cascade then takes (or empties) children that came after the step was
    made (by a merge): they are held in ``sync_state``, and are settled again."""
    cascaded = _cascaded(ws, changes) if replay else {}
    relevant = cascaded or store.any_unshown(ws) or any(
        c.before is not None and c.after is not None and any(
            c.before[f] != c.after[f] for fields in RULE_PARENTS.get(c.table, {}).values() for f in fields)
        for c in changes)
    if not relevant:
        return
    from equitycohort.data.sharing.conflicts import notice_for

    settler = Settler(ws, lambda table, row_id, before, after: ws._write_row(table, row_id, after),
                      notice_for(ws, None))
    for c in changes:
        settler.after_change(c.table, c.id, c.before, c.after)
    for table, ids in cascaded.items():
        settler.add(table, ids)
    settler.run()


def _cascaded(ws: Workspace, changes: list[RowChange]) -> dict[str, set[str]]:
    """Held records referring to a record a replay deleted, whatever the database did to them."""
    from equitycohort.data.schema import references_to

    gone: dict[str, set[str]] = {}
    for c in changes:
        if c.after is None and c.before is not None:
            gone.setdefault(c.table, set()).add(c.id)
    found: dict[str, set[str]] = {}
    for parent, ids in gone.items():
        for child, ref in references_to(parent):
            for row in ws.query("SELECT id, raw FROM sync_state WHERE tbl = ? AND state IN (?, ?)",
                                (child, SHOWN, NULLED)):
                if json.loads(row[1]).get(ref.name) in ids:
                    found.setdefault(child, set()).add(row[0])
    return found


def restamp(ws: Workspace, table: str, row_id: str, keys: list[str], alive: bool | None = None) -> None:
    """Write groups of fields (or the record's existence) again, unchanged, as this user's
    (call inside an operation). Settling a conflict for the side the merge kept changes
    nothing here, yet must travel: this newer write, made having seen both sides,
    settles the same conflict in every copy it reaches."""
    author = store.author_id(ws)
    stamp = next_stamp(ws)
    h = store.load_held(ws, table, [row_id]).get(row_id)
    if h is None:
        shown = ws.get(table, row_id)
        if shown is None:
            return
        h = Held(shown, {}, SHOWN)
    regs = dict(h.regs)
    state = h.state
    for key in keys:
        if key == EXISTS:
            assert alive is not None
            regs[EXISTS] = Register(stamp, author, knowledge(regs, author), alive)
            if not alive:
                state = DEAD
        else:
            regs[key] = Register(stamp, author, knowledge({key: regs[key]} if key in regs else {}, author))
    store.save_held(ws, table, row_id, h.raw, regs, state)
    op = "update" if alive is None else ("insert" if alive else "delete")
    ws.conn.execute("INSERT INTO sync_journal (stamp, author, tbl, id, op, fields) VALUES (?, ?, ?, ?, ?, ?)",
                    (stamp, author, table, row_id, op, ",".join(keys)))
