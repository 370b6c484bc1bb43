"""What a merge could not keep, listed for review, and how a person settles it.

Each entry of ``sync_conflicts`` is about one record: two copies changed the
same fields (``value``), one deleted a record the other changed (``deleted``),
one restored a record the other deleted (``restored``), a record is kept out of
view (``hidden``: its parent is gone, it clashes with another, it would break
a rule) or shown with a reference emptied (``reference``). It keeps both sides
(mine: what this copy held; theirs: what came in), the value before, who and
when, and which side the merge kept.

Settling one (Keep mine, Take theirs, Edit) is an ordinary edit: undoable, and
carried in the next changes file, so the other copies settle the same way
(their entry closes when a change arrives from someone who had seen both sides).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from equitycohort import i18n
from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.schema import KINDS
from equitycohort.data.sharing import CONFLICTS_TABLE, store
from equitycohort.data.sharing.registers import EXISTS, GROUPS, Register, known, stamp_time
from equitycohort.data.sharing.store import NULLED, Held
from equitycohort.i18n import N_, _, pgettext

if TYPE_CHECKING:
    from equitycohort.data.sharing.settle import Reason
    from equitycohort.data.workspace import Change, RowChange, Workspace

TABLE = CONFLICTS_TABLE
KINDS_OF_CONFLICT = ("value", "deleted", "restored", "hidden", "reference")

#: why a record is listed, stored in English (the ``reason`` column) and shown translated (``reason_text``);
#: a reason with a detail in it (a field, a rule's message) is stored as the importing session wrote it
REFERS_TO_NOTHING = N_("the record it refers to is no longer there")
DELETED_AND_RESTORED = N_("deleted in one copy and restored in another")
CHANGED_AND_DELETED = N_("changed in one copy and deleted in another")
DELETED = N_("deleted")
REASONS = (REFERS_TO_NOTHING, DELETED_AND_RESTORED, CHANGED_AND_DELETED, DELETED)

#: the words of each choice's button (the English is also kept in a settled entry, as how it was settled)
KEEP_MINE, TAKE_THEIRS, EDIT = N_("Keep mine"), N_("Take theirs"), N_("Edit…")
LEAVE_EMPTY, RESTORE_TARGET = N_("Leave it empty"), N_("Restore what it refers to")
LET_GO, BRING_BACK = N_("Let it go"), N_("Bring it back")
#: the name of each choice in Edit > Undo, the record it settles in it
OPERATIONS = {KEEP_MINE: N_("Keep mine: {record}"), TAKE_THEIRS: N_("Take theirs: {record}"),
              EDIT: N_("Edit: {record}"), LEAVE_EMPTY: N_("Leave it empty: {record}"),
              RESTORE_TARGET: N_("Restore what it refers to: {record}"), LET_GO: N_("Let it go: {record}"),
              BRING_BACK: N_("Bring it back: {record}")}


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def _new_id() -> str:
    import uuid

    return uuid.uuid4().hex


def _dumps(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


class ConflictLog:
    """Writes conflicts (into an operation's step when given one, so undo takes them back)."""

    def __init__(self, ws: Workspace, changes: list[RowChange] | None):
        self.ws = ws
        self.changes = changes
        self.added = 0

    def _write(self, row_id: str, before: dict | None, after: dict | None) -> None:
        self.ws._write_row(TABLE, row_id, after)
        if self.changes is not None:
            from equitycohort.data.workspace import RowChange

            self.changes.append(RowChange(TABLE, row_id, before, after))

    def add(self, *, table: str, record_id: str, kind: str, fields: list[str], mine: dict | None,
            theirs: dict | None, before: dict | None, mine_reg: Register | None, theirs_reg: Register | None,
            kept: str, reason: str = "") -> None:
        row: dict[str, Any] = {
            "id": _new_id(), "tbl": table, "record_id": record_id, "kind": kind, "fields": json.dumps(fields),
            "mine": _dumps(mine), "theirs": _dumps(theirs), "before": _dumps(before),
            "mine_author": mine_reg.author if mine_reg else None, "mine_stamp": mine_reg.stamp if mine_reg else None,
            "theirs_author": theirs_reg.author if theirs_reg else None,
            "theirs_stamp": theirs_reg.stamp if theirs_reg else None,
            "kept": kept, "reason": reason, "found": now_iso(), "resolved": None,
        }
        self._write(row["id"], None, row)
        self.added += 1

    def open_rows(self, table: str, record_id: str) -> list[dict]:
        return self.ws.rows(f"SELECT * FROM {TABLE} WHERE tbl = ? AND record_id = ? AND resolved IS NULL",
                            (table, record_id))

    def settle(self, row: dict, how: str) -> None:
        self._write(row["id"], row, {**row, "resolved": f"{now_iso()} {how}"})


def notice_for(ws: Workspace, changes: list[RowChange] | None):
    """What settling calls when a record leaves view or comes back: list it, or close its entry."""
    log = ConflictLog(ws, changes)

    def notice(table: str, row_id: str, held: Held, reason: Reason | None) -> None:
        entries = [r for r in log.open_rows(table, row_id) if r["kind"] in ("hidden", "reference")]
        if held.state not in ("hidden", NULLED):
            for entry in entries:
                log.settle(entry, "shown again")
            return
        if entries or not held.regs:
            return  # already listed; or never changed by anyone: nothing of anyone's is lost
        last = max(held.regs.values(), key=lambda r: (r.stamp, r.author))
        if held.state == NULLED:
            shown = ws.get(table, row_id) or {}
            fields = [f.name for f in KINDS[table].fields if held.raw.get(f.name) != shown.get(f.name)]
            log.add(table=table, record_id=row_id, kind="reference", fields=fields,
                    mine={f: shown.get(f) for f in fields}, theirs={f: held.raw.get(f) for f in fields},
                    before=None, mine_reg=None, theirs_reg=last, kept="mine",
                    reason=REFERS_TO_NOTHING)
        else:
            log.add(table=table, record_id=row_id, kind="hidden", fields=[], mine=None, theirs=held.raw,
                    before=None, mine_reg=None, theirs_reg=last, kept="mine",
                    reason=reason.text if reason is not None else "")

    return notice


# --- listing ---------------------------------------------------------------------------

@dataclass
class Conflict:
    id: str
    table: str
    record_id: str
    kind: str
    fields: list[str]
    mine: dict | None
    theirs: dict | None
    before: dict | None
    mine_author: str | None
    mine_stamp: str | None
    theirs_author: str | None
    theirs_stamp: str | None
    kept: str
    reason: str
    found: str
    resolved: str | None

    @classmethod
    def from_row(cls, row: dict) -> Conflict:
        return cls(row["id"], row["tbl"], row["record_id"], row["kind"], json.loads(row["fields"]),
                   _loads(row["mine"]), _loads(row["theirs"]), _loads(row["before"]), row["mine_author"],
                   row["mine_stamp"], row["theirs_author"], row["theirs_stamp"], row["kept"], row["reason"],
                   row["found"], row["resolved"])

    @property
    def mine_when(self) -> dt.datetime | None:
        return stamp_time(self.mine_stamp)

    @property
    def theirs_when(self) -> dt.datetime | None:
        return stamp_time(self.theirs_stamp)

    @property
    def field_labels(self) -> list[str]:
        kind = KINDS[self.table]
        return [_(kind.field(f).label) for f in self.fields if f in kind.field_names]


def list_conflicts(ws: Workspace, *, resolved: bool = False) -> list[Conflict]:
    """Conflicts still open (or, with ``resolved``, every one), oldest first."""
    where = "" if resolved else "WHERE resolved IS NULL"
    return [Conflict.from_row(r) for r in ws.rows(f"SELECT * FROM {TABLE} {where} ORDER BY found, id")]


def get_conflict(ws: Workspace, conflict_id: str) -> Conflict:
    row = ws.rows(f"SELECT * FROM {TABLE} WHERE id = ?", (conflict_id,))
    if not row:
        raise ValidationError(FieldError("id", _("This conflict is no longer listed.")))
    return Conflict.from_row(row[0])


def describe(ws: Workspace, table: str, raw: dict | None) -> str:
    """'state team “Iowa Children First”', 'attendance of “Ana Lima”': a record in words."""
    kind = KINDS[table]
    raw = raw or {}
    if kind.title_field and raw.get(kind.title_field):
        # Translators: a record by its kind and its name: state team “Iowa Children First”
        return _("{kind} “{name}”").format(kind=_(kind.singular), name=_short(str(raw[kind.title_field])))
    for ref in ("person_id", "team_id", "assessment_id", "checkin_id"):
        target = raw.get(ref)
        if target and ref in kind.field_names:
            other = KINDS[kind.field(ref).ref or ""]
            row = ws.get(other.table, target) or _held_raw(ws, other.table, target)
            if row:
                # Translators: a record by what it belongs to: attendance of “Ana Lima”,
                # rating of assessment of “Iowa Children First”
                return _("{kind} of {record}").format(kind=_(kind.singular), record=_named(ws, other.table, row))
    if raw.get("date"):
        from equitycohort import formats

        # Translators: a record by its date: check-in of Mar 9
        return _("{kind} of {date}").format(kind=_(kind.singular), date=formats.short_date(str(raw["date"])))
    return _(kind.singular)


def _named(ws: Workspace, table: str, raw: dict) -> str:
    """A record a described one belongs to: its name in quotes when it has one, else described."""
    kind = KINDS[table]
    if kind.title_field and raw.get(kind.title_field):
        return f"“{_short(str(raw[kind.title_field]))}”"
    return describe(ws, table, raw)


def record_of(ws: Workspace, conflict: Conflict) -> dict:
    """The record a conflict is about: as shown, else as held (deleted, kept out of view)."""
    return (ws.get(conflict.table, conflict.record_id) or _held_raw(ws, conflict.table, conflict.record_id)
            or conflict.theirs or conflict.mine or {})


def title(ws: Workspace, conflict: Conflict) -> str:
    """"State team “Iowa Children First”": the record, capitalized, for a heading."""
    text = describe(ws, conflict.table, record_of(ws, conflict))
    return text[:1].upper() + text[1:]


def _held_raw(ws: Workspace, table: str, row_id: str) -> dict | None:
    held = store.load_held(ws, table, [row_id]).get(row_id)
    return held.raw if held else None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- settling ---------------------------------------------------------------------------

def choices(conflict: Conflict) -> dict[str, str]:
    """The choices a conflict offers: choice -> its button's words, in English (marked; shown with ``_``)."""
    if conflict.kind == "value":
        return {"mine": KEEP_MINE, "theirs": TAKE_THEIRS, "edit": EDIT}
    if conflict.kind in ("deleted", "restored"):
        return {"mine": KEEP_MINE, "theirs": TAKE_THEIRS}
    if conflict.kind == "reference":
        return {"mine": LEAVE_EMPTY, "theirs": RESTORE_TARGET}
    return {"mine": LET_GO, "theirs": BRING_BACK}


def resolve(ws: Workspace, conflict_id: str, choice: str, values: dict | None = None) -> Change:
    """Settle a conflict as an ordinary, undoable edit that is shared like any other."""
    from equitycohort.data.sharing.journal import restamp
    from equitycohort.data.workspace import done

    conflict = get_conflict(ws, conflict_id)
    if conflict.resolved:
        raise ValidationError(FieldError("id", _("This conflict has already been settled.")))
    if choice not in choices(conflict):
        raise ValueError(f"unknown choice {choice!r}")
    title = describe(ws, conflict.table, ws.get(conflict.table, conflict.record_id)
                     or _held_raw(ws, conflict.table, conflict.record_id))
    words = choices(conflict)[choice]
    label = words.rstrip("…")  # English: how the entry was settled, kept in it
    with ws.operation(_(OPERATIONS[words]).format(record=title)) as op:
        op.record_id = conflict.record_id
        table, row_id = conflict.table, conflict.record_id
        current = ws.get(table, row_id)
        if conflict.kind == "value":
            wanted = values if choice == "edit" else (conflict.mine if choice == "mine" else conflict.theirs)
            if choice == "edit" and not isinstance(values, dict):
                raise ValueError("an edit needs the values")
            if current is None:
                raise ValidationError(FieldError("id", _(
                    "This {kind} has been deleted since; restore it first (Edit > Undo, or its own "
                    "conflict).").format(kind=_(KINDS[table].singular))))
            wanted = {k: v for k, v in (wanted or {}).items() if k in KINDS[table].field_names}
            if any(current[k] != v for k, v in wanted.items()):
                op.update(table, row_id, wanted)
            else:
                restamp(ws, table, row_id, [g for g, fs in GROUPS[table].items() if set(fs) & set(wanted)])
        elif conflict.kind in ("deleted", "restored", "hidden"):
            # deleted / restored: the merge left the record deleted / shown, keeping the
            # side ``kept``; choosing that side confirms it, the other side reverses it.
            # hidden: this copy keeps it out of view; mine lets it go, theirs brings it back.
            if conflict.kind == "hidden":
                alive = choice == "theirs"
            else:
                alive = (conflict.kind == "restored") == (choice == conflict.kept)
            if alive:
                _bring_back(ws, op, table, row_id)
                if current is not None:
                    restamp(ws, table, row_id, [EXISTS], alive=True)
            elif current is not None:
                op.delete(table, row_id)
            else:
                restamp(ws, table, row_id, [EXISTS], alive=False)
        elif conflict.kind == "reference":
            if choice == "mine":
                if current is not None:
                    op.update(table, row_id, {f: None for f in conflict.fields})
            else:
                held = _held_raw(ws, table, row_id) or {}
                for f in conflict.fields:
                    target = held.get(f)
                    ref = KINDS[table].field(f).ref if f in KINDS[table].field_names else None
                    if target and ref:
                        _bring_back(ws, op, ref, target)
        log = ConflictLog(ws, op.step.changes)
        for entry in log.open_rows(table, row_id):
            if entry["id"] == conflict.id or (entry["kind"] in ("hidden", "reference")
                                              and conflict.kind in ("hidden", "reference", "deleted")):
                log.settle(entry, label.lower())
    return done(op)


def _bring_back(ws: Workspace, op, table: str, row_id: str) -> None:
    """Show a record again: restore it (and whatever deleted parent it needs) as it is
    held, with every change merged into it."""
    if ws.get(table, row_id) is not None:
        return
    held = store.load_held(ws, table, [row_id]).get(row_id)
    if held is None:
        raise ValidationError(FieldError("id", _("This {kind} is no longer held here.").format(
            kind=_(KINDS[table].singular))))
    for f in KINDS[table].fields:
        target = held.raw.get(f.name)
        if f.type == "ref" and target and f.ref and ws.get(f.ref, target) is None:
            if store.load_held(ws, f.ref, [target]).get(target) is None:
                raise ValidationError(FieldError(f.name, _(
                    "{field}: no longer exists anywhere; it cannot be brought back.").format(field=_(f.label))))
            _bring_back(ws, op, f.ref, target)
    if held.alive:
        # kept out of view by a clash or a rule, not deleted: make room by deleting what it clashes with
        for cols in KINDS[table].unique:
            where = " AND ".join(f"{c} = ?" for c in cols)
            for other in ws.query(f"SELECT id FROM {table} WHERE {where} AND id != ?",
                                  (*(held.raw.get(c) for c in cols), row_id)):
                op.delete(table, other[0])
        if ws.get(table, row_id) is not None:
            return  # the delete above let it come back by itself
    values = {f: held.raw.get(f) for f in KINDS[table].field_names}
    op.insert(table, {"id": row_id, **values})


def superseded(conflict_row: dict, reg: Register) -> bool:
    """Whether a write (``reg``) was made by someone who had seen both sides of a conflict."""
    mine = Register(conflict_row["mine_stamp"], conflict_row["mine_author"], {}) \
        if conflict_row["mine_stamp"] else None
    theirs = Register(conflict_row["theirs_stamp"], conflict_row["theirs_author"], {}) \
        if conflict_row["theirs_stamp"] else None
    return known(mine, reg) and known(theirs, reg)


# --- in words ---------------------------------------------------------------------------

def show_value(ws: Workspace, table: str, field_name: str, value: object) -> str:
    """A stored value as a person reads it: a referenced record by its name, a choice by
    its label, a date month/day, a time on a 12-hour clock; "(empty)" for nothing."""
    from equitycohort import formats

    if value is None or value == "":
        return pgettext("a value", "(empty)")
    kind = KINDS[table]
    if field_name not in kind.field_names:
        return str(value)
    f = kind.field(field_name)
    if f.type == "ref" and f.ref and isinstance(value, str):
        row = ws.get(f.ref, value) or _held_raw(ws, f.ref, value)
        text = _named(ws, f.ref, row) if row else _("a record no longer there")
        return text if ws.get(f.ref, value) is not None else _("{record} (no longer there)").format(record=text)
    if f.type == "choice" and f.choices:
        return i18n.label(f.choices, str(value))
    if f.type == "bool":
        return _("yes") if value else _("no")
    if f.type == "date":
        return formats.short_date(str(value))
    if f.type == "time":
        return formats.clock(str(value))
    if f.type == "json" and isinstance(value, str):
        try:
            items = json.loads(value)
        except ValueError:
            return value
        return ", ".join(map(str, items)) if isinstance(items, list) and items else _("(none)")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _short(str(value), 200)


def show_values(ws: Workspace, table: str, values: dict | None) -> str:
    if values is None:
        return _("Deleted")
    if set(values) == {"alive"}:
        return _("kept") if values["alive"] else _("deleted")
    return "; ".join(show_value(ws, table, f, v) for f, v in values.items()
                     if f in KINDS[table].field_names) or pgettext("a value", "(empty)")


def when_text(moment: dt.datetime | None) -> str:
    """"Mar 9, 2027, 2:30 p.m." in the computer's time zone; "" when unknown."""
    from equitycohort import formats

    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{formats.short_date(local.date())}, {formats.clock(local.time())}"


def who(ws: Workspace, author: str | None, names: dict[str, str] | None = None) -> str:
    """An author by name, as their changes files gave it ("you" for this session's own)."""
    if not author:
        return _("the workspace as first shared")
    if _is_you(ws, author):
        return _("you")
    names = names if names is not None else store.author_names(ws)
    return names.get(author, _("someone not yet named"))


def _is_you(ws: Workspace, author: str | None) -> bool:
    return bool(author) and author in (ws.author, _own_id())


def _own_id() -> str | None:
    from equitycohort import identity

    kept = identity.load()
    return kept.id if kept else None


def reason_text(reason: str) -> str:
    """A conflict's reason in the current language (one stored with a detail in it, as it was written)."""
    return _(reason) if reason in REASONS else reason


def conflict_line(ws: Workspace, conflict: Conflict, names: dict[str, str] | None = None) -> str:
    """One open conflict on one line (the command line's `changes conflicts`).

    For scripts as much as people: the id, the kind, the ``mine:``, ``theirs:`` and ``kept:`` keys and the
    side kept stay English in every language; the record, fields, values, people and times are translated.
    """
    names = names if names is not None else store.author_names(ws)
    record = describe(ws, conflict.table, record_of(ws, conflict))
    fields = ", ".join(conflict.field_labels) or "-"
    if conflict.kind in ("hidden", "reference"):
        mine = show_values(ws, conflict.table, conflict.mine) if conflict.mine else _("not shown")
        theirs_values = {f: v for f, v in (conflict.theirs or {}).items() if f in conflict.fields} \
            if conflict.fields else None
        theirs = show_values(ws, conflict.table, theirs_values) if theirs_values else _("kept, not shown")
    else:
        mine = show_values(ws, conflict.table, conflict.mine)
        theirs = show_values(ws, conflict.table, conflict.theirs)
    parts = [conflict.id, conflict.kind, record, fields,
             f"mine: {mine} ({who(ws, conflict.mine_author, names)}"
             f"{', ' + when_text(conflict.mine_when) if conflict.mine_when else ''})",
             f"theirs: {theirs} ({who(ws, conflict.theirs_author, names)}"
             f"{', ' + when_text(conflict.theirs_when) if conflict.theirs_when else ''})",
             f"kept: {conflict.kept}"]
    if conflict.reason:
        parts.append(reason_text(conflict.reason))
    return "\t".join(" ".join(p.split()) for p in parts)


def story(ws: Workspace, conflict: Conflict, names: dict[str, str] | None = None) -> str:
    """What happened, in two short sentences: "You and Jo Park both changed it, neither having
    seen the other's change. Jo Park's was kept."

    Each person is a name or "you" (its first letter made a capital where a sentence starts with it).
    """
    names = names if names is not None else store.author_names(ws)

    def person(author: str | None) -> str:
        return who(ws, author, names).split(",")[0]

    def first(text: str) -> str:
        return text[:1].upper() + text[1:]

    mine, theirs = person(conflict.mine_author), person(conflict.theirs_author)
    kept_author = conflict.theirs_author if conflict.kept == "theirs" else conflict.mine_author
    if conflict.kind == "value":
        if _is_you(ws, kept_author):
            return _("{mine} and {theirs} both changed it, neither having seen the other's change. Yours was "
                     "kept.").format(mine=first(mine), theirs=theirs)
        # Translators: {kept} is a person's name, one of the two before
        return _("{mine} and {theirs} both changed it, neither having seen the other's change. {kept}'s was "
                 "kept.").format(mine=first(mine), theirs=theirs, kept=theirs if conflict.kept == "theirs" else mine)
    if conflict.kind == "deleted":
        if conflict.kept == "mine":
            return _("{deleter} deleted it while {editor} changed it, so it stays deleted. Take theirs to bring "
                     "it back with their changes.").format(deleter=first(mine), editor=theirs)
        return _("{deleter} deleted it while {editor} changed it, so it stays deleted. Keep mine to bring it "
                 "back with your changes.").format(deleter=first(theirs), editor=mine)
    if conflict.kind == "restored":
        return _("Deleted in one copy and brought back in another; the later of the two was kept.")
    if conflict.kind == "reference":
        return _("{person} set it to a record no longer there, so it is shown empty.").format(person=first(theirs))
    return _("Not shown here: {reason}. It is kept, and can be brought back.").format(
        reason=reason_text(conflict.reason))
