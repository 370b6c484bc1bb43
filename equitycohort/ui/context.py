"""What the facilitator is looking at, in one place, and the one way the UI writes.

Every screen tells the context what it shows (the cohort, the team, the
session, the record selected); every action reads it from here. Nothing reads
another screen's widgets to decide what to act on, so a hidden screen's old
selection can never decide which team a document is made for.

The context also carries the app's writes (after Anki's ``CollectionOp``):
``Context.run`` calls a data-layer operation, turns a refusal or a failed write
into a plain message where the user is, logs it, and tells every screen what
changed and which widget asked for it (the *initiator*), so that screen can
select the record it made while the others just redraw.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from PySide6.QtCore import QObject, Signal

from equitycohort.data.errors import ValidationError, WorkspaceError
from equitycohort.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from equitycohort.data.workspace import Change, Workspace

log = logging.getLogger(__name__)

#: what a context may hold, each a record id or None
KINDS = ("cohort", "team", "session")


class ChangeListener(Protocol):
    def __call__(self, change: Change, initiator: object | None) -> None: ...


class InView(NamedTuple):
    """What the visible screen shows right now (each None when it shows none)."""

    cohort: bool = False
    team: str | None = None
    session: str | None = None
    #: the record selected on screen, as (table, id)
    record: tuple[str, str] | None = None


class Context(QObject):
    """The workspace, the current cohort, team and session, and what is on screen."""

    #: (what changed: a frozenset of "cohort", "team", "session", the initiator)
    chosen = Signal(object, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.ws: Workspace | None = None
        self.cohort_id: str | None = None
        self.team_id: str | None = None
        self.session_id: str | None = None
        self.in_view = InView()
        self._publisher: object | None = None
        #: the last team chosen in each cohort, so coming back to a cohort comes back to its team
        self._team_of_cohort: dict[str, str] = {}
        self._initiator: object | None = None
        self._listeners: list[ChangeListener] = []

    # --- the workspace and its changes -----------------------------------

    def set_workspace(self, ws: Workspace | None) -> None:
        if self.ws is not None:
            self.ws.unsubscribe(self._changed)
        self.ws = ws
        self.cohort_id = self.team_id = self.session_id = None
        self._team_of_cohort.clear()
        self.in_view = InView()
        self._publisher = None
        if ws is not None:
            ws.subscribe(self._changed)

    def add_listener(self, listener: ChangeListener) -> None:
        """Be told of every change, with the widget that asked for it (None for undo, imports...)."""
        self._listeners.append(listener)

    def _changed(self, change: Change) -> None:
        # after COMMIT: a listener that fails is logged; the write stands and the others still hear
        self._forget_missing(change)
        for listener in list(self._listeners):
            try:
                listener(change, self._initiator)
            except Exception:
                log.exception("a screen failed to follow %r; the change itself is saved", change.label)

    def _forget_missing(self, change: Change) -> None:
        """A record deleted (or undone away) leaves the context."""
        ws = self.ws
        if ws is None:
            return
        if self.session_id and "sessions" in change.tables and ws.get("sessions", self.session_id) is None:
            self.session_id = None
        if self.team_id and "teams" in change.tables and ws.get("teams", self.team_id) is None:
            self.team_id = None
        if self.cohort_id and "cohorts" in change.tables and ws.get("cohorts", self.cohort_id) is None:
            self.cohort_id = None

    def run(self, initiator: QWidget | None, operation: Callable[..., Change], *args: object,
            refused: Callable[[ValidationError], None] | None = None,
            failed: Callable[[str], None] | None = None, **kwargs: object) -> Change | None:
        """Run one data-layer operation for ``initiator``: ``operation(ws, *args)``.

        Returns the change it made, or None when it was refused or failed (see
        ``perform``). Every screen hears of the change with ``initiator``, so
        the one that asked can select what it made.
        """
        ws = self.ws
        if ws is None:
            return None
        previous, self._initiator = self._initiator, initiator
        try:
            return perform(initiator, lambda: operation(ws, *args, **kwargs), refused=refused, failed=failed)
        finally:
            self._initiator = previous

    # --- what is chosen ----------------------------------------------------

    def choose_cohort(self, cohort_id: str | None, initiator: object | None = None) -> None:
        if cohort_id == self.cohort_id:
            return
        what = {"cohort"}
        self.cohort_id = cohort_id
        team = self._team_of_cohort.get(cohort_id or "")
        if team != self.team_id:
            self.team_id = team if team and self._exists("teams", team) else None
            what.add("team")
        if self.session_id and self._cohort_of("sessions", self.session_id) != cohort_id:
            self.session_id = None
            what.add("session")
        self.chosen.emit(frozenset(what), initiator)

    def choose_team(self, team_id: str | None, initiator: object | None = None) -> None:
        """Make a team current; a team of another cohort makes its cohort current too."""
        if team_id:
            cohort_id = self._cohort_of("teams", team_id)
            if cohort_id is None:
                return
            if cohort_id != self.cohort_id:
                self._team_of_cohort[cohort_id] = team_id
                self.choose_cohort(cohort_id, initiator)
            self._team_of_cohort[cohort_id] = team_id
        if team_id == self.team_id:
            return
        self.team_id = team_id
        self.chosen.emit(frozenset({"team"}), initiator)

    def choose_session(self, session_id: str | None, initiator: object | None = None) -> None:
        if session_id:
            cohort_id = self._cohort_of("sessions", session_id)
            if cohort_id is None:
                return
            if cohort_id != self.cohort_id:
                self.choose_cohort(cohort_id, initiator)
        if session_id == self.session_id:
            return
        self.session_id = session_id
        self.chosen.emit(frozenset({"session"}), initiator)

    # --- what is on screen ---------------------------------------------------

    def publish(self, screen: object, view: InView) -> None:
        """What the visible screen shows; its team and session become current too."""
        self._publisher = screen
        self.in_view = view
        if view.team:
            self.choose_team(view.team, screen)
        if view.session:
            self.choose_session(view.session, screen)

    def withdraw(self, screen: object) -> None:
        """A screen that is no longer shown no longer says what is on screen."""
        if self._publisher is screen:
            self._publisher = None
            self.in_view = InView()

    def team_in_view(self) -> str | None:
        """The team the user is looking at, if the visible screen shows one."""
        return self.in_view.team

    def session_in_view(self) -> str | None:
        return self.in_view.session

    def cohort_in_view(self) -> str | None:
        """The current cohort, if the visible screen is about it (the picker is shown)."""
        return self.cohort_id if self.in_view.cohort else None

    # --- helpers -------------------------------------------------------------

    def _exists(self, table: str, record_id: str) -> bool:
        return self.ws is not None and self.ws.get(table, record_id) is not None

    def _cohort_of(self, table: str, record_id: str) -> str | None:
        row = self.ws.get(table, record_id) if self.ws is not None else None
        return row["cohort_id"] if row else None


def perform(initiator: QWidget | None, write: Callable[[], Change], *,
            refused: Callable[[ValidationError], None] | None = None,
            failed: Callable[[str], None] | None = None) -> Change | None:
    """Call a write; the change it made, or None with the reason shown where the user is.

    A refusal (ValidationError) goes to ``refused`` (a dialog shows it at its
    fields), else to a "Not changed" message over ``initiator``; a write that
    failed (disk full, file gone read-only, locked) goes to ``failed``, else
    to a "Not saved" message. Both are logged. Anything else is a bug and
    goes to the app's error handler.
    """
    from equitycohort.ui import dialogs

    try:
        return write()
    except ValidationError as exc:
        log.info("refused: %s", exc)
        if refused is not None:
            refused(exc)
        else:
            dialogs.warn(initiator, _("Not changed"), str(exc))
    except (WorkspaceError, sqlite3.Error, OSError) as exc:
        message = str(exc) if isinstance(exc, WorkspaceError) else (
            _("The change was not saved: {error}. The workspace is as it was before.").format(error=exc))
        log.warning("write failed: %s", message)
        if failed is not None:
            failed(message)
        else:
            dialogs.warn(initiator, _("Not saved"), message)
    return None


def context_of(widget: QObject | None) -> Context | None:
    """The context of the screen a widget belongs to (a dialog's is its parent screen's)."""
    while widget is not None:
        context = getattr(widget, "context", None)
        if isinstance(context, Context):
            return context
        widget = widget.parent()
    return None


def run_for(widget: QWidget, operation: Callable[..., Change], *args: object,
            refused: Callable[[ValidationError], None] | None = None,
            failed: Callable[[str], None] | None = None) -> Change | None:
    """Run an operation for a dialog through its screen's context, the screen being the initiator.

    A dialog shown without a screen (in a test) writes to its own ``ws``.
    """
    context = context_of(widget.parentWidget())
    if context is not None and context.ws is not None:
        screen = widget.parentWidget()
        return context.run(screen, operation, *args, refused=refused, failed=failed)
    ws = getattr(widget, "ws", None)
    if ws is None:
        return None
    return perform(widget, lambda: operation(ws, *args), refused=refused, failed=failed)
