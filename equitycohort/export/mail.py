"""E-mail drafts for a team's leaders: their addresses, and a check-in's shared summary and next steps.

A draft is for the team: it holds what the team's check-in history holds for
them (the summary for the team and the next steps), never the facilitators'
private notes. It is handed to the user's own mail program as a ``mailto:``
link (RFC 6068), which the user reads and sends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from equitycohort import formats, i18n
from equitycohort.data.checkins import get_checkin
from equitycohort.data.states import state_name
from equitycohort.data.teams import cohort_leaders, team_leaders
from equitycohort.i18n import _

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: mail programs on Windows are handed at most about 2,000 characters of a link;
#: longer drafts are shortened there and given whole through the clipboard
MAILTO_LIMIT = 2000

_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')


@dataclass(frozen=True)
class Contact:
    name: str
    email: str | None

    def address(self) -> str:
        """``Ana Ruiz <ana@example.org>``, the name quoted when it needs it (``"Ruiz, Ana" <…>``)."""
        if not self.email:
            return ""
        name = " ".join(self.name.split())
        if not name:
            return self.email
        if _SPECIALS.search(name):
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{name} <{self.email}>"


@dataclass(frozen=True)
class Draft:
    to: tuple[Contact, ...]
    subject: str
    body: str
    #: leaders the draft cannot reach: they have no e-mail address
    missing: tuple[str, ...] = field(default=())

    @property
    def addresses(self) -> list[str]:
        return [c.email for c in self.to if c.email]

    def mailto(self, body: str | None = None) -> str:
        """The ``mailto:`` link of this draft (or of it with another body)."""
        text = self.body if body is None else body
        recipients = ",".join(quote(address, safe="@+") for address in self.addresses)
        query = [f"subject={quote(self.subject, safe='')}"]
        if text:
            query.append("body=" + quote(text.replace("\r\n", "\n").replace("\n", "\r\n"), safe=""))
        return f"mailto:{recipients}?{'&'.join(query)}"

    def short_mailto(self, limit: int = MAILTO_LIMIT) -> tuple[str, bool]:
        """The link within ``limit`` characters: the body is cut at a line where it must be.
        Returns the link and whether the body was shortened."""
        link = self.mailto()
        if len(link) <= limit:
            return link, False
        note = "\n\n" + _("[The rest is on the clipboard: paste it here.]")
        lines = self.body.split("\n")
        kept: list[str] = []
        for line in lines:
            if len(self.mailto("\n".join([*kept, line]) + note)) > limit:
                break
            kept.append(line)
        text = "\n".join(kept)
        if not kept:  # one very long first line: cut it by characters
            low, high = 0, len(lines[0])
            while low < high:
                mid = (low + high + 1) // 2
                if len(self.mailto(lines[0][:mid] + "…" + note)) <= limit:
                    low = mid
                else:
                    high = mid - 1
            text = lines[0][:low] + "…"
        return self.mailto(text + note), True


def address_list(contacts: list[Contact] | tuple[Contact, ...]) -> str:
    """Every address, once, ready to paste into a mail program's To field."""
    seen: set[str] = set()
    out = []
    for contact in contacts:
        if contact.email and contact.email.casefold() not in seen:
            seen.add(contact.email.casefold())
            out.append(contact.address())
    return ", ".join(out)


def team_contacts(ws: Workspace, team_id: str) -> tuple[list[Contact], list[str]]:
    """The team's leaders with an address, and the names of those without one."""
    leaders = team_leaders(ws, team_id)
    return ([Contact(leader.name, leader.email) for leader in leaders if leader.email],
            [leader.name for leader in leaders if not leader.email])


def cohort_contacts(ws: Workspace, cohort_id: str) -> tuple[list[Contact], list[str]]:
    """Every leader of every team of a cohort with an address (by state), and those without one."""
    ordered = cohort_leaders(ws, cohort_id)
    return ([Contact(r[0], r[1]) for r in ordered if r[1]],
            [f"{r[0]} ({state_name(r[2])})" for r in ordered if not r[1]])


def _greeting(contacts: list[Contact]) -> str:
    firsts = [c.name.split()[0] for c in contacts if c.name.split()]
    if not firsts:
        return _("Hello,")
    if len(firsts) == 1:
        return _("Hello {name},").format(name=firsts[0])
    return _("Hello {names} and {last},").format(names=", ".join(firsts[:-1]), last=firsts[-1])


def team_draft(ws: Workspace, team_id: str, *, lang: str | None = None) -> Draft:
    """A message to a team's leaders in ``lang`` (default: the current language; a team's own is
    ``data.teams.document_language``): their addresses, a subject naming the team and cohort."""
    with i18n.use(lang):
        team = ws.require("teams", team_id)
        cohort = ws.require("cohorts", team["cohort_id"])
        to, missing = team_contacts(ws, team_id)
        subject = _("{cohort}: {state} team").format(cohort=cohort["name"], state=state_name(team["state"]))
        return Draft(tuple(to), subject, _greeting(to) + "\n\n", tuple(missing))


def _thanks(mode: str, when: str) -> str:
    """The draft's first sentence, which names how the check-in was held."""
    sentences = {
        "call": _("Thank you for our call on {date}. Here is what we covered and agreed."),
        "visit": _("Thank you for our visit on {date}. Here is what we covered and agreed."),
        "video": _("Thank you for our video call on {date}. Here is what we covered and agreed."),
        "email": _("Thank you for our e-mail exchange on {date}. Here is what we covered and agreed."),
    }
    fallback = _("Thank you for our check-in on {date}. Here is what we covered and agreed.")
    return sentences.get(mode, fallback).format(date=when)


def checkin_draft(ws: Workspace, checkin_id: str, *, lang: str | None = None) -> Draft:
    """A follow-up to a check-in in ``lang`` (default: the current language): the summary for the team
    and its next steps, never the private notes."""
    with i18n.use(lang):
        return _checkin_draft(ws, checkin_id)


def _checkin_draft(ws: Workspace, checkin_id: str) -> Draft:
    checkin = get_checkin(ws, checkin_id)
    if checkin is None:
        from equitycohort.data.errors import FieldError, ValidationError

        raise ValidationError(FieldError("id", _("This check-in no longer exists.")))
    team = ws.require("teams", checkin.team_id)
    to, missing = team_contacts(ws, checkin.team_id)
    when = formats.long_date(checkin.date)
    parts = [_greeting(to), _thanks(checkin.mode, when)]
    if checkin.summary and checkin.summary.strip():
        parts.append(_("Summary") + "\n" + checkin.summary.strip())
    steps = [s for s in checkin.next_steps if not s.done]
    if steps:
        lines = []
        for step in steps:
            details = [d for d in (step.owner_name, _("by {date}").format(date=formats.short_date(step.due_date))
                                   if step.due_date else "") if d]
            lines.append(f"- {' '.join(step.description.split())}" + (f" ({', '.join(details)})" if details else ""))
        parts.append(_("Next steps") + "\n" + "\n".join(lines))
    if checkin.next_checkin_date:
        parts.append(_("Our next check-in: {date}.").format(date=formats.day_with_weekday(checkin.next_checkin_date)))
    if checkin.facilitator_name:
        parts.append(_("Best,") + "\n" + checkin.facilitator_name)
    subject = _("Our check-in of {date}: {state} team").format(date=formats.short_date(checkin.date),
                                                                state=state_name(team["state"]))
    return Draft(tuple(to), subject, "\n\n".join(parts) + "\n", tuple(missing))
