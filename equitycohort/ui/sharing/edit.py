"""Edit…, for a conflict of values: write the value the record should have (a
text), or pick it among the values the copies held (a choice, a date, a record)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from equitycohort import i18n
from equitycohort.data.schema import KINDS
from equitycohort.i18n import _
from equitycohort.ui import forms
from equitycohort.ui.forms import FormDialog
from equitycohort.ui.labels import muted

if TYPE_CHECKING:
    from equitycohort.data.sharing.conflicts import Conflict
    from equitycohort.data.workspace import Change, Workspace

TYPED = ("line", "email", "url", "int", "real")


class ConflictEditDialog(FormDialog):
    def __init__(self, parent: QWidget | None, ws: Workspace, conflict: Conflict):
        from equitycohort.data.sharing.conflicts import describe, show_value

        super().__init__(parent, _("Settle the conflict"))
        self.ws = ws
        self.conflict = conflict
        kind = KINDS[conflict.table]
        current = ws.get(conflict.table, conflict.record_id) or {}
        self._layout.insertWidget(1, muted(_(
            "The value {record} should have. Saving it settles the conflict for everyone you share "
            "with.").format(record=describe(ws, conflict.table, current))))
        for name in conflict.fields:
            f = kind.field(name)
            value = current.get(name)
            if f.type in TYPED:
                widget: QWidget = forms.line("" if value is None else _plain_number(value),
                                             max_length=f.max_len or 300)
            elif f.type == "text":
                widget = forms.text_box(value or "")
            elif f.type == "date":
                widget = forms.date_edit(value, optional=not f.required)
            elif f.type == "time":
                widget = forms.time_edit(value or "13:00")
            elif f.type == "choice" and f.choices:
                widget = forms.combo(i18n.labels(f.choices), value)
            else:  # a record, a time zone, a state, a list: one of the values the copies held
                known: list[tuple[object, str]] = []
                for side in (current, conflict.mine or {}, conflict.theirs or {}, conflict.before or {}):
                    if name in side and side[name] not in [v for v, _shown in known]:
                        known.append((side[name], show_value(ws, conflict.table, name, side[name])))
                widget = forms.combo(known, value)
            self.add_field(name, _(f.label), widget)
        self.finish_layout()

    def values(self) -> dict:
        kind = KINDS[self.conflict.table]
        out = {}
        for name, widget in self.fields.items():
            f = kind.field(name)
            if f.type in TYPED or f.type == "text":
                text = forms.text_of(widget)
                out[name] = text if text or f.type in ("line", "text") else None
            elif f.type == "date":
                out[name] = forms.date_value(widget)
            elif f.type == "time":
                out[name] = widget.value()
            else:
                out[name] = widget.currentData()
        return out

    def save(self) -> Change:
        from equitycohort.data.sharing.conflicts import resolve

        return resolve(self.ws, self.conflict.id, "edit", self.values())


def _plain_number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
