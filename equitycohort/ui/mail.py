"""E-mail a team's leaders through the user's own mail program, or copy their addresses."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    listed = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return f" No e-mail address for {listed}."


def open_draft(parent: QWidget, draft: Draft) -> bool:
    """Open the draft in the mail program; what does not fit a link (or no mail program) goes to the clipboard."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from equitycohort.export.mail import address_list

    if not draft.addresses:
        dialogs.warn(parent, "No e-mail addresses",
                     "None of this team's leaders has an e-mail address. Add them on the Teams screen "
                     "(Edit leader…), then try again.")
        return False
    link, shortened = draft.short_mailto()
    if shortened:
        dialogs.copy_text(draft.body)
    if not QDesktopServices.openUrl(QUrl(link, QUrl.ParsingMode.StrictMode)):
        dialogs.copy_text(f"To: {address_list(draft.to)}\nSubject: {draft.subject}\n\n{draft.body}")
        dialogs.warn(parent, "No mail program",
                     "No e-mail program is set up to open on this computer. The addresses, the subject and the "
                     "message are on the clipboard: paste them into your mail." + _missing(draft.missing))
        return False
    note = "The message is in your mail program"
    if shortened:
        note += "; it was too long for a link, so the whole text is on the clipboard to paste"
    _say(parent, note + "." + _missing(draft.missing))
    return True


def email_team(parent: QWidget, ws: Workspace, team_id: str) -> bool:
    from equitycohort.export.mail import team_draft

    return open_draft(parent, team_draft(ws, team_id))


def email_checkin(parent: QWidget, ws: Workspace, checkin_id: str) -> bool:
    """The check-in's summary for the team and its next steps, drafted to the team's leaders."""
    from equitycohort.export.mail import checkin_draft

    return open_draft(parent, checkin_draft(ws, checkin_id))


def _copy(parent: QWidget, contacts: list[Contact], missing: list[str], whose: str) -> str:
    from equitycohort.export.mail import address_list

    if not contacts:
        dialogs.warn(parent, "No e-mail addresses", f"No leader of {whose} has an e-mail address yet."
                     + _missing(missing))
        return ""
    text = address_list(contacts)
    dialogs.copy_text(text)
    count = len({c.email.casefold() for c in contacts if c.email})
    _say(parent, f"Copied {count} e-mail address{'es' if count != 1 else ''} of {whose}." + _missing(missing))
    return text


def copy_team_addresses(parent: QWidget, ws: Workspace, team_id: str) -> str:
    from equitycohort.data.states import state_name
    from equitycohort.export.mail import team_contacts

    contacts, missing = team_contacts(ws, team_id)
    return _copy(parent, contacts, missing, f"the {state_name(ws.require('teams', team_id)['state'])} team")


def copy_cohort_addresses(parent: QWidget, ws: Workspace, cohort_id: str) -> str:
    from equitycohort.export.mail import cohort_contacts

    contacts, missing = cohort_contacts(ws, cohort_id)
    return _copy(parent, contacts, missing, f"the teams of {ws.require('cohorts', cohort_id)['name']}")
