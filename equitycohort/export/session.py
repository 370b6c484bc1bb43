"""The session packet PDF: the agenda and a printable sign-in sheet."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import i18n
from equitycohort.data.attendance import expected_people
from equitycohort.data.cohorts import get_cohort
from equitycohort.data.schedule import get_session
from equitycohort.export.common import ExportError, Progress, escape, notify, today_or
from equitycohort.export.workplan import role_label
from equitycohort.i18n import _, pgettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: empty lines at the end of the sheet for people not on the list
WALK_IN_ROWS = 6
#: padding above and below a name: room for a signature
SIGN_PADDING = 10


def export_session_packet(ws: Workspace, session_id: str, out_path: Path | str, *, page_size: str = "letter",
                          today: dt.date | None = None, progress: Progress | None = None,
                          lang: str | None = None) -> Path:
    """Write a session's packet (agenda, then sign-in sheet) to ``out_path`` in ``lang`` (default: the
    current language)."""
    with i18n.use(lang):
        return _packet(ws, session_id, out_path, page_size=page_size, today=today, progress=progress)


def _packet(ws: Workspace, session_id: str, out_path: Path | str, *, page_size: str, today: dt.date | None,
            progress: Progress | None) -> Path:
    from reportlab.lib import colors

    from equitycohort.export import pdf

    today = today_or(today)
    pdf.check_page_size(page_size)
    session = get_session(ws, session_id)
    if session is None:
        raise ExportError(_("There is no session with id {id}.").format(id=session_id))
    cohort = get_cohort(ws, session.cohort_id)
    assert cohort is not None
    notify(progress, 0, 2, _("Reading the session"))
    people = expected_people(ws, session_id)
    doc = pdf.Document(
        out_path, title=_("{session}: Session packet").format(session=session.title), page_size=page_size,
        today=today, subject=_("Agenda and sign-in sheet, {cohort}, {date}").format(
            cohort=cohort.name, date=pdf.medium_date(session.date)),
        author=pdf.program_author(ws, cohort.id), footer=pdf.footer_line(cohort.program_name, cohort.name),
        header=f"{session.title} · {pdf.medium_date(session.date)}",
    )
    width = doc.frame_width
    story: list = [
        pdf.para(f"{cohort.program_name} · {cohort.name}", "kicker"),
        pdf.outlined(pdf.para(session.title, "title"), session.title, 0),
    ]
    if session.status == "cancelled":
        story.append(pdf.boxed([pdf.rich(escape(_("This session is cancelled.")), "h2")], width=width,
                               background="#FFFFFF", border=pdf.INK))
    widths = [width * 0.2, width * 0.8]
    details = [
        (_("Date"), pdf.cell(pdf.long_date(session.date))),
        (_("Time"), [pdf.cell(pdf.session_time(session)), pdf.cell(pdf.session_zone(session), "cell_muted")]),
        (_("Format"), pdf.cell(session.format_label)),
    ]
    if session.format == "in_person":
        details.append((_("Place"), pdf.cell(session.location or _("To be confirmed"))))
        if session.link:
            details.append((_("Video link"), pdf.link(session.link, width=widths[1] - 10)))
    else:
        details.append((_("Link"), pdf.link(session.link or _("To be confirmed"), width=widths[1] - 10)))
    details.append((_("Facilitators"), pdf.cell(session.facilitators or "–")))
    if session.partner_name:
        details.append((_("Partner"), pdf.cell(session.partner_name)))
    if session.kind == "team" and session.team_state:
        team = people[0].team_label if people else session.team_state
        details.append((pgettext("the team a session is for", "For"), pdf.cell(team)))
    rows = [[pdf.rich(escape(label), "cell_head"), value] for label, value in details]
    story += [pdf.spacer(4), pdf.table(rows, widths, header=False, zebra=False),
              pdf.heading(_("Agenda"), 1, outline=0)]
    story += pdf.text_block(session.agenda, empty=_("No agenda has been written yet."))
    notify(progress, 1, 2, _("Laying out the sign-in sheet"))

    # --- sign-in sheet -------------------------------------------------------
    story += [pdf.page_break(), pdf.outlined(pdf.para(_("Sign-in · {session}").format(session=session.title), "h1"),
                                             _("Sign-in sheet"), 0),
              pdf.rich(f"{escape(pdf.long_date(session.date))} · {escape(pdf.session_time(session))}"
                       + (f" · {pdf.markup(session.location)}" if session.format == "in_person"
                          and session.location else ""), "body"),
              pdf.para(_("Please sign beside your name. Not on the list? Add yourself at the end."), "small"),
              pdf.spacer(4)]
    widths = [width * 0.26, width * 0.24, width * 0.2, width * 0.3]
    ruled = [("LINEBELOW", (0, 1), (-1, -1), 0.6, colors.HexColor("#6E6E6E")),
             ("LINEBEFORE", (3, 1), (3, -1), 0.6, colors.HexColor("#6E6E6E")),
             ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 1), (-1, -1), SIGN_PADDING),
             ("BOTTOMPADDING", (0, 1), (-1, -1), SIGN_PADDING)]

    def sheet(rows):
        return pdf.table([[pdf.head(_("Name")), pdf.head(_("Organization")), pdf.head(_("Role")),
                           pdf.head(_("Signature"))], *rows], widths, zebra=False, extra_style=ruled)

    if not people:
        story.append(pdf.para(_("No leaders are expected at this session yet."), "note"))
    for team_label, group in groupby(people, key=lambda p: (p.team_state, p.team_label)):
        members = list(group)
        rows = []
        for person in members:
            rows.append([pdf.cell(person.name, "cell_bold"),
                         pdf.cell(person.organization or person.team_organization),
                         pdf.cell(role_label(person.role, person.is_executive_director), empty=""), ""])
        story.append(pdf.keep(pdf.outlined(pdf.para(team_label[1], "h2"), team_label[1], 1), sheet(rows)))
    blank = sheet([[pdf.cell(" ", empty=" ")] + [""] * 3 for _row in range(WALK_IN_ROWS)])
    story.append(pdf.keep(pdf.rich(escape(_("Not on the list")), "h2"), blank))
    doc.build(story)
    notify(progress, 2, 2, pgettext("the end of an export's progress", "Done"))
    return doc.out_path
