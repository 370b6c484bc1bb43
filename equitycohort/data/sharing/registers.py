"""Registers: who last wrote a group of fields, when, and what they had seen.

Every record's fields are merged group by group. A group is one field, or a
few fields that a rule ties together (a cohort's start and end dates, a
session's date, time and time zone, the fields that must be unique together):
a writer always leaves a group valid as a whole, so taking whole groups from
writers keeps records valid. The existence of the record is one more register
(key ``""``): alive after an insert or an undone delete, dead after a delete.

A register is (stamp, author, seen): ``stamp`` a hybrid logical clock reading
(milliseconds then a counter, as fixed-width hex, so it sorts as text; it
never runs behind any stamp the copy has seen), ``author`` an identity id, and
``seen`` the latest stamp of each other author whose write of this group the
writer had seen when writing. The newest register wins, the same in every
copy; the other is *known* to the winner when the winner's writer had seen it,
else the two were concurrent and the loser is listed as a conflict.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, NamedTuple

from equitycohort.data.schema import KINDS

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: the register of a record's existence
EXISTS = ""

#: fields merged as one: a rule ties them together, or they are unique together
_TOGETHER: dict[str, list[tuple[str, ...]]] = {
    "cohorts": [("start_date", "end_date")],
    "teams": [("cohort_id", "state")],
    "team_members": [("team_id", "person_id")],
    "sessions": [("cohort_id", "kind", "team_id"), ("date", "start_time", "timezone")],
    "session_facilitators": [("session_id", "person_id")],
    "attendance": [("session_id", "person_id")],
    "levels": [("framework_id", "rank")],
    "descriptors": [("dimension_id", "level_id")],
    "assessments": [("round", "label")],
    "ratings": [("assessment_id", "dimension_id", "level")],
    "actions": [("start_date", "due_date")],
    "milestones": [("team_id", "goal_id")],
    "checkins": [("date", "next_checkin_date")],
}


def _groups(table: str) -> dict[str, tuple[str, ...]]:
    together = _TOGETHER.get(table, [])
    tied = {name for group in together for name in group}
    out: dict[str, tuple[str, ...]] = {}
    for f in KINDS[table].fields:
        if f.name in tied:
            group = next(g for g in together if f.name in g)
            out.setdefault("+".join(group), group)
        else:
            out[f.name] = (f.name,)
    return out


#: per table: group key -> its fields, in the order of the table's fields
GROUPS: dict[str, dict[str, tuple[str, ...]]] = {table: _groups(table) for table in KINDS}


class Register(NamedTuple):
    stamp: str
    author: str
    #: author -> the latest stamp of theirs this writer had seen (other authors only)
    seen: dict[str, str]
    #: for the existence register: alive (True) or deleted (False); else the
    #: group's values before this write, when known (shown as "before" in a review)
    extra: object = None

    def to_json(self) -> list:
        out: list = [self.stamp, self.author, self.seen]
        if self.extra is not None:
            out.append(self.extra)
        return out

    @classmethod
    def from_json(cls, data: object) -> Register:
        if not (isinstance(data, list) and 3 <= len(data) <= 4 and isinstance(data[0], str)
                and isinstance(data[1], str) and isinstance(data[2], dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in data[2].items())):
            raise ValueError("not a register")
        return cls(data[0], data[1], dict(data[2]), data[3] if len(data) == 4 else None)


Registers = dict[str, Register]


def load_regs(text: str | None) -> Registers:
    if not text:
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("registers are not a mapping")
    return {key: Register.from_json(value) for key, value in data.items()}


def dump_regs(regs: Registers) -> str:
    return json.dumps({key: regs[key].to_json() for key in sorted(regs)}, ensure_ascii=False,
                      separators=(",", ":"))


def known(register: Register | None, by: Register | None) -> bool:
    """Whether the writer of ``by`` had seen ``register`` (the origin is seen by all)."""
    if register is None:
        return True
    if by is None:
        return False
    if register.author == by.author:
        return register.stamp <= by.stamp
    return by.seen.get(register.author, "") >= register.stamp


def order_key(register: Register | None, values: object) -> tuple[str, str, str]:
    """What decides between two registers of one group: the later stamp, then the
    author id, then (only for one author writing two copies in one millisecond) the values."""
    if register is None:
        return ("", "", "")
    return (register.stamp, register.author, json.dumps(values, sort_keys=True, default=str))


def merged_seen(winner: Register, loser: Register | None) -> dict[str, str]:
    """The winner's knowledge, widened by the loser it was merged with (so that
    the same loser arriving again is known, and not listed twice)."""
    seen = dict(winner.seen)
    if loser is not None:
        for author, stamp in (*loser.seen.items(), (loser.author, loser.stamp)):
            if author != winner.author and seen.get(author, "") < stamp:
                seen[author] = stamp
    return seen


def knowledge(regs: Registers, author: str) -> dict[str, str]:
    """Everything a writer holding ``regs`` has seen, as ``seen`` for a new write by ``author``."""
    seen: dict[str, str] = {}
    for reg in regs.values():
        for who, stamp in (*reg.seen.items(), (reg.author, reg.stamp)):
            if who != author and seen.get(who, "") < stamp:
                seen[who] = stamp
    return seen


def touched(regs: Registers) -> bool:
    """Whether any field of the record was written since the origin."""
    return bool(regs)


# --- the clock -----------------------------------------------------------------

_CLOCK_KEY = "sync_clock"


def _split(stamp: str) -> tuple[int, int]:
    return int(stamp[:12], 16), int(stamp[12:16], 16)


def stamp_of(ms: int, counter: int) -> str:
    return f"{ms:012x}{counter:04x}"


def is_stamp(text: object) -> bool:
    return isinstance(text, str) and len(text) == 16 and all(c in "0123456789abcdef" for c in text)


def next_stamp(ws: Workspace) -> str:
    """A stamp later than every one this copy has made or seen (call inside a transaction)."""
    from equitycohort.data import workspace

    last = ws.scalar("SELECT value FROM meta WHERE key = ?", (_CLOCK_KEY,))
    # the door's own clock (the time of ``modified``), so that one stamp of time serves both
    now = int(dt.datetime.fromisoformat(workspace.now_iso()).timestamp() * 1000)
    if last and is_stamp(last):
        ms, counter = _split(last)
        if now <= ms:
            now, counter = (ms, counter + 1) if counter < 0xFFFF else (ms + 1, 0)
        else:
            counter = 0
    else:
        counter = 0
    stamp = stamp_of(now, counter)
    ws.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_CLOCK_KEY, stamp))
    return stamp


def witness(ws: Workspace, stamp: str) -> None:
    """Move the clock past a stamp seen in a changes file, so later local edits are newer."""
    last = ws.scalar("SELECT value FROM meta WHERE key = ?", (_CLOCK_KEY,))
    if is_stamp(stamp) and (not last or not is_stamp(last) or stamp > last):
        ws.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_CLOCK_KEY, stamp))


def stamp_time(stamp: str | None) -> dt.datetime | None:
    """When a stamp was made (UTC), or None for the origin."""
    if not stamp or not is_stamp(stamp):
        return None
    return dt.datetime.fromtimestamp(int(stamp[:12], 16) / 1000, dt.timezone.utc)
