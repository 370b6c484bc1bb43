"""E-mail a team's leaders through the user's own mail program, or copy their addresses."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from equitycohort.i18n import _, ngettext
from equitycohort.ui import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from equitycohort.data.workspace import Workspace
    from equitycohort.export.mail import Contact, Draft


def _say(parent: QWidget, text: str) -> None:
    """A short note in the window's status bar."""
    window = parent.window()
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 10000)


def _missing(names: list[str] | tuple[str, ...]) -> str:
    if not names:
        return ""
    listed = ", ".join(names[:6])
    if len(names) > 6:
        listed = _("{names} and {n} more").format(names=listed, n=len(names) - 6)
    return " " + _("No e-mail address for {names}.").format(names=listed)


def open_draft(parent: QWidget, draft: Draft) -> bool:
    """Open the draft in the mail program; what does not fit a link (or no mail program) goes to the clipboard."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from equitycohort.export.mail import address_list

    if not draft.addresses:
        dialogs.warn(parent, _("No e-mail addresses"),
                     _("None of this team's leaders has an e-mail address. Add them on the Teams screen "
                       "(Edit leader…), then try again."))
        return False
    link, shortened = draft.short_mailto()
    if shortened:
        dialogs.copy_text(draft.body)
    if not QDesktopServices.openUrl(QUrl(link, QUrl.ParsingMode.StrictMode)):
        dialogs.copy_text(_("To: {addresses}\nSubject: {subject}\n\n{message}").format(
            addresses=address_list(draft.to), subject=draft.subject, message=draft.body))
        dialogs.warn(parent, _("No mail program"),
                     _("No e-mail program is set up to open on this computer. The addresses, the subject and the "
                       "message are on the clipboard: paste them into your mail.") + _missing(draft.missing))
        return False
    note = (_("The message is in your mail program; it was too long for a link, so the whole text is on the "
              "clipboard to paste.") if shortened else _("The message is in your mail program."))
    _say(parent, note + _missing(draft.missing))
    return True


def email_team(parent: QWidget, ws: Workspace, team_id: str) -> bool:
    from equitycohort.export.mail import team_draft

    return open_draft(parent, team_draft(ws, team_id))


def email_checkin(parent: QWidget, ws: Workspace, checkin_id: str) -> bool:
    """The check-in's summary for the team and its next steps, drafted to the team's leaders."""
    from equitycohort.export.mail import checkin_draft

    return open_draft(parent, checkin_draft(ws, checkin_id))


def _copy(parent: QWidget, contacts: list[Contact], missing: list[str], none: str,
          copied: Callable[[int], str]) -> str:
    """Copy the addresses; ``none`` says there are none, ``copied(n)`` that n were copied."""
    from equitycohort.export.mail import address_list

    if not contacts:
        dialogs.warn(parent, _("No e-mail addresses"), none + _missing(missing))
        return ""
    text = address_list(contacts)
    dialogs.copy_text(text)
    count = len({c.email.casefold() for c in contacts if c.email})
    _say(parent, copied(count) + _missing(missing))
    return text


def copy_team_addresses(parent: QWidget, ws: Workspace, team_id: str) -> str:
    from equitycohort.data.states import state_name
    from equitycohort.export.mail import team_contacts

    contacts, missing = team_contacts(ws, team_id)
    state = state_name(ws.require("teams", team_id)["state"])
    return _copy(parent, contacts, missing,
                 _("No leader of the {state} team has an e-mail address yet.").format(state=state),
                 lambda n: ngettext("Copied {n} e-mail address of the {state} team.",
                                    "Copied {n} e-mail addresses of the {state} team.", n).format(n=n, state=state))


def copy_cohort_addresses(parent: QWidget, ws: Workspace, cohort_id: str) -> str:
    from equitycohort.export.mail import cohort_contacts

    contacts, missing = cohort_contacts(ws, cohort_id)
    cohort = ws.require("cohorts", cohort_id)["name"]
    return _copy(parent, contacts, missing,
                 _("No leader of the teams of {cohort} has an e-mail address yet.").format(cohort=cohort),
                 lambda n: ngettext("Copied {n} e-mail address of the teams of {cohort}.",
                                    "Copied {n} e-mail addresses of the teams of {cohort}.", n).format(
                                        n=n, cohort=cohort))
