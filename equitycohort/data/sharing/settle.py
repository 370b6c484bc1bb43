"""What a copy shows follows from what it holds, the same way in every copy.

A merge takes each group of fields from its newest writer; that alone could
leave a record the write door would refuse: a check-in added to a team that
another facilitator deleted, two copies each adding Kansas to one cohort, a
rating at a level someone removed. So what the workspace *shows* is worked out
from what it *holds* (``sync_state``), record by record, parents before
children:

- a deleted record is not shown;
- a record whose parent is not shown is not shown either (a reference that may
  be emptied, such as an action's owner, is shown empty instead);
- a record that would break a rule of the write door is not shown;
- of records that must be unique together (one team per state in a cohort),
  the one added first is shown (the origin's own first, then by stamp, then id).

Records not shown are kept, with their values, and listed for review; they come
back by themselves when what hid them goes (the parent restored, the other
Kansas team deleted). Being a function of what is held, and what is held being
the same in every copy once they have the same changes, every copy shows the
same records whatever order the changes came in.

``Settler`` works this out for the records a change touched and what depends
on them, and writes the difference into the workspace's tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from equitycohort.data.errors import ValidationError
from equitycohort.data.schema import KINDS, references_to
from equitycohort.data.sharing import store
from equitycohort.data.sharing.conflicts import DELETED
from equitycohort.data.sharing.registers import EXISTS
from equitycohort.data.sharing.store import DEAD, HIDDEN, NULLED, SHOWN, Held
from equitycohort.data.validation import check_rules, clean_row
from equitycohort.i18n import _

if TYPE_CHECKING:
    from equitycohort.data.workspace import RowChange, Workspace

#: fields of a parent whose change can break a rule of its children (validation.check_rules)
RULE_PARENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "teams": {"sessions": ("cohort_id",)},
    "goals": {"milestones": ("team_id",)},
    "dimensions": {"ratings": ("framework_id",), "descriptors": ("framework_id",)},
    "levels": {"descriptors": ("framework_id",)},
    "assessments": {"ratings": ("framework_id",)},
}
ORDER = list(KINDS)


class Reason:
    """Why a record held is not shown, in words for the Review changes panel."""

    def __init__(self, kind: str, text: str, other: str | None = None):
        self.kind = kind  # dead | parent | rule | unique
        self.text = text
        self.other = other


#: called for each record that stops or starts being shown: (table, id, held, reason or None)
Notice = Callable[[str, str, Held, "Reason | None"], None]


class Settler:
    """Works out what to show for some records (and what depends on them) and writes it."""

    def __init__(self, ws: Workspace, write: Callable[[str, str, dict | None, dict | None], None],
                 notice: Notice | None = None):
        self.ws = ws
        self._write = write
        self._notice = notice
        self.pending: dict[str, set[str]] = defaultdict(set)
        #: what was written into the records' tables, in order
        self.written: list[tuple[str, str, dict | None, dict | None]] = []
        self._unshown: dict[str, dict[str, Held]] = {}
        #: whether a record is shown, as looked up (kept current by this settler's own writes)
        self._shown_cache: dict[tuple[str, str], bool] = {}

    # --- what to look at ---------------------------------------------------------

    def add(self, table: str, ids) -> None:
        self.pending[table].update(ids)

    def after_change(self, table: str, row_id: str, before: dict | None, after: dict | None) -> None:
        """A record of ``table`` was written (by the user, or by this settling): look again
        at what depends on it."""
        if (before is None) != (after is None):
            for child, ref in references_to(table):
                self.add(child, self._children(child, ref.name, row_id))
            for cols in KINDS[table].unique:
                row = before or after
                assert row is not None
                self.add(table, self._hidden_with_key(table, cols, tuple(row[c] for c in cols)))
        elif before is not None and after is not None:
            for cols in KINDS[table].unique:
                old, new = tuple(before[c] for c in cols), tuple(after[c] for c in cols)
                if old != new:
                    self.add(table, self._hidden_with_key(table, cols, old))
            for child, fields in RULE_PARENTS.get(table, {}).items():
                if any(before[f] != after[f] for f in fields):
                    column = next(f.name for f in KINDS[child].fields if f.type == "ref" and f.ref == table)
                    self.add(child, self._children(child, column, row_id))
        if table == "levels":
            # a rating's level must be one of its framework's levels
            for row in (before, after):
                if row is not None:
                    self.add("ratings", [r[0] for r in self.ws.query(
                        "SELECT r.id FROM ratings r JOIN dimensions d ON d.id = r.dimension_id "
                        "WHERE d.framework_id = ?", (row["framework_id"],))])
                    self.add("ratings", [i for i, h in self._hidden(table="ratings").items()
                                         if h.raw.get("level") == row["rank"]])

    def _hidden(self, table: str) -> dict[str, Held]:
        if table not in self._unshown:
            self._unshown[table] = store.unshown(self.ws, table)
        return self._unshown[table]

    def _children(self, child: str, ref: str, row_id: str) -> list[str]:
        ids = [r[0] for r in self.ws.query(f"SELECT id FROM {child} WHERE {ref} = ?", (row_id,))]
        ids += [i for i, h in self._hidden(child).items() if h.raw.get(ref) == row_id]
        return ids

    def _hidden_with_key(self, table: str, cols: tuple[str, ...], key: tuple) -> list[str]:
        return [i for i, h in self._hidden(table).items()
                if h.state == HIDDEN and tuple(h.raw.get(c) for c in cols) == key]

    # --- working it out -------------------------------------------------------------

    def run(self) -> None:
        """Settle everything pending, parents before children; settling a record can
        bring others in (its children, a record it clashed with), until nothing changes."""
        for _round in range(100_000):
            table = next((t for t in ORDER if self.pending.get(t)), None)
            if table is None:
                return
            self._settle(table, self.pending.pop(table))
        raise RuntimeError("settling what to show does not come to rest")

    def _settle(self, table: str, ids: set[str]) -> None:
        kind = KINDS[table]
        held = store.load_held(self.ws, table, ids)
        shown = store.load_rows(self.ws, table, ids)
        # every record unique together with one of these is decided with them
        for cols in kind.unique:
            keys = {tuple(row[c] for c in cols) for row in (*(h.raw for h in held.values()), *shown.values())}
            keys = {k for k in keys if None not in k}
            more: set[str] = set()
            for key in keys:
                where = " AND ".join(f"{c} = ?" for c in cols)
                more.update(r[0] for r in self.ws.query(f"SELECT id FROM {table} WHERE {where}", key))
                more.update(self._hidden_with_key(table, cols, key))
            more -= ids
            if more:
                ids |= more
                held.update(store.load_held(self.ws, table, more))
                shown.update(store.load_rows(self.ws, table, more))

        final: dict[str, dict | None] = {}
        reasons: dict[str, Reason] = {}
        candidates: dict[str, dict] = {}
        for row_id in sorted(ids):
            h = held.get(row_id)
            raw = h.raw if h is not None else shown.get(row_id)
            if raw is None:
                continue  # nothing held of it: nothing to show
            if h is not None and not h.alive:
                final[row_id] = None
                reasons[row_id] = Reason("dead", DELETED)
                continue
            row, reason = self._showable(table, row_id, raw, h)
            if reason is not None:
                final[row_id] = None
                reasons[row_id] = reason
            else:
                candidates[row_id] = row
        for cols in kind.unique:
            by_key: dict[tuple, list[str]] = defaultdict(list)
            for row_id, row in candidates.items():
                key = tuple(row[c] for c in cols)
                if None not in key:
                    by_key[key].append(row_id)
            for same in by_key.values():
                if len(same) < 2:
                    continue
                same.sort(key=lambda i: (_added(held.get(i)), i))
                for loser in same[1:]:
                    del candidates[loser]
                    final[loser] = None
                    reasons[loser] = Reason("unique", _unique_text(table, candidates[same[0]]), same[0])
        final.update(candidates)

        # write: first what is no longer shown (its children first), then the rest
        for row_id in sorted(ids):
            if row_id in final and final[row_id] is None and row_id in shown:
                if self.ws.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)) is not None:
                    self._hide(table, row_id, shown[row_id], held.get(row_id))
        moving = self._make_room(table, {i: r for i, r in final.items() if r is not None}, shown)
        for row_id in sorted(ids, key=lambda i: (i in moving, i)):
            wanted = final.get(row_id)
            if wanted is None:
                continue
            old = shown.get(row_id)
            if wanted != old:
                self._put(table, row_id, old, wanted)

        # what is held and how it is shown
        for row_id in sorted(ids):
            if row_id not in final:
                continue
            new = final[row_id]
            h = held.get(row_id)
            raw = h.raw if h is not None else shown[row_id]
            if row_id in reasons and reasons[row_id].kind == "dead":
                state = DEAD
            elif new is None:
                state = HIDDEN
            else:
                state = NULLED if any(raw.get(f) != new[f] for f in kind.field_names) else SHOWN
            before = h.state if h is not None else SHOWN
            if h is None:
                if state == SHOWN:
                    continue
                store.save_held(self.ws, table, row_id, raw, {}, state)
                h = Held(raw, {}, before)
            elif h.state != state:
                store.set_state(self.ws, table, row_id, state)
                if row_id not in shown and state in (HIDDEN, DEAD) and h.state in (SHOWN, NULLED):
                    # held as shown, yet gone from the table (the database's own cascade took it):
                    # what depends on it is looked at again, as if it had been taken out here
                    self.after_change(table, row_id, h.raw, None)
            now = Held(h.raw, h.regs, state)
            if state in (HIDDEN, NULLED):
                self._hidden(table)[row_id] = now
            else:
                self._hidden(table).pop(row_id, None)
            if self._notice is not None and state != before and DEAD not in (state, before):
                self._notice(table, row_id, now, reasons.get(row_id))

    def _showable(self, table: str, row_id: str, raw: dict, h: Held | None) -> tuple[dict, Reason | None]:
        """The record as it would be shown, or why it cannot be."""
        kind = KINDS[table]
        row = {f: raw.get(f) for f in kind.field_names}
        for f in kind.fields:
            value = row[f.name]
            if f.type != "ref" or value is None or f.ref is None or self._exists(f.ref, value):
                continue
            if f.on_delete == "set null" and not f.required:
                row[f.name] = None
                continue
            # stored as written, in the language of the import (the detail cannot be translated later)
            return row, Reason("parent", _("its {field} is no longer there").format(field=_(f.label).lower()),
                               value)
        if h is not None and h.regs:
            try:
                row = clean_row(kind, row)
                check_rules(table, row, self.ws.get, _without_unique(self.ws, table), row_id)
            except ValidationError as exc:
                return row, Reason("rule", str(exc))
        return {"id": row_id, **row, "created": raw.get("created"), "modified": raw.get("modified")}, None

    def _exists(self, table: str, row_id: str) -> bool:
        key = (table, row_id)
        if key not in self._shown_cache:
            self._shown_cache[key] = self.ws.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)) is not None
        return self._shown_cache[key]

    # --- writing it -------------------------------------------------------------------

    def _put(self, table: str, row_id: str, old: dict | None, new: dict | None) -> None:
        self._write(table, row_id, old, new)
        self._shown_cache[(table, row_id)] = new is not None
        self.written.append((table, row_id, old, new))
        self.after_change(table, row_id, old, new)

    def _hide(self, table: str, row_id: str, row: dict, h: Held | None) -> None:
        """Take a record out of view, its children first (as the write door deletes: the
        database's own cascade would lose them), keeping what it holds of each."""
        if h is None:
            store.save_held(self.ws, table, row_id, row, {}, HIDDEN)
        for child_table, ref in references_to(table):
            for child in self.ws.rows(f"SELECT * FROM {child_table} WHERE {ref.name} = ?", (row_id,)):
                self.add(child_table, [child["id"]])
                child_held = store.load_held(self.ws, child_table, [child["id"]]).get(child["id"])
                if ref.on_delete == "set null" and not ref.required:
                    if child_held is None:
                        store.save_held(self.ws, child_table, child["id"], child, {}, NULLED)
                    self._put(child_table, child["id"], child, {**child, ref.name: None})
                else:
                    self._hide(child_table, child["id"], child, child_held)
        self._put(table, row_id, row, None)

    def _make_room(self, table: str, final: dict[str, dict], shown: dict[str, dict]) -> set[str]:
        """Records whose unique fields change are written last; where two swap, one
        first steps aside to a placeholder (never committed) so neither clashes."""
        moving: set[str] = set()
        for cols in KINDS[table].unique:
            for row_id, new in final.items():
                old = shown.get(row_id)
                if old is not None and tuple(old[c] for c in cols) != tuple(new[c] for c in cols):
                    moving.add(row_id)
        if not moving:
            return moving
        for row_id in sorted(moving):
            old = shown[row_id]
            last = KINDS[table].unique[0][-1]
            placeholder = -1_000_000 - len(self.written) if isinstance(old[last], int) else f"\x00{row_id}"
            self.ws.conn.execute(f"UPDATE {table} SET {last} = ? WHERE id = ?", (placeholder, row_id))
        return moving


def _added(h: Held | None) -> str:
    """When a record was added, for the first-added-wins rule: the origin's records first."""
    if h is None or EXISTS not in h.regs:
        return ""
    return h.regs[EXISTS].stamp + h.regs[EXISTS].author


def _unique_text(table: str, winner: dict) -> str:
    from equitycohort.data.validation import _unique_message

    return _unique_message(table, winner, lambda t, i: None)


def _without_unique(ws: Workspace, table: str):
    """The door's queries, but the one for a unique clash: which of several records
    unique together is shown is settled here, by order of addition."""
    prefix = f"SELECT id FROM {table} WHERE "

    def query(sql: str, params: tuple = ()) -> list:
        if sql.startswith(prefix):
            return []
        return ws.query(sql, params)

    return query


def changes_written(settler: Settler) -> list[RowChange]:
    from equitycohort.data.workspace import RowChange

    return [RowChange(t, i, b, a) for t, i, b, a in settler.written]


def drift(ws: Workspace) -> list[tuple[str, str, dict | None, dict | None]]:
    """What settling every record held would change (nothing, in a sound copy); for
    tests and checks. Worked out in a transaction that is then taken back."""
    class _TakeBack(Exception):
        pass

    settler = Settler(ws, lambda table, row_id, before, after: ws._write_row(table, row_id, after))
    try:
        with ws._transaction():
            for table in KINDS:
                settler.add(table, [r[0] for r in ws.query(f"SELECT id FROM {table}")])
                settler.add(table, [r[0] for r in ws.query("SELECT id FROM sync_state WHERE tbl = ?", (table,))])
            settler.run()
            raise _TakeBack
    except _TakeBack:
        pass
    return settler.written
