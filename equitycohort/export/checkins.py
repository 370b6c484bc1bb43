"""The check-in history PDF of one team.

Made for the team by default: summaries, wins, challenges, support
requested and next steps, never the facilitators' private notes. With
``internal=True`` it is a facilitators' copy: every page carries a
"Facilitators only" banner and each check-in shows its private notes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import i18n
from equitycohort.data.checkins import team_checkins
from equitycohort.export.common import Progress, date_span, escape, notify, team_info, today_or
from equitycohort.i18n import N_, _, ngettext, pgettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

INTERNAL_BANNER = N_("FACILITATORS ONLY · contains private notes · do not share with the team")


def export_checkin_history(ws: Workspace, team_id: str, out_path: Path | str, *, internal: bool = False,
                           page_size: str = "letter", today: dt.date | None = None,
                           progress: Progress | None = None, lang: str | None = None) -> Path:
    """Write one team's check-in history to ``out_path`` in ``lang`` (default: the current language);
    private notes only if ``internal``."""
    with i18n.use(lang):
        return _history(ws, team_id, out_path, internal=internal, page_size=page_size, today=today,
                        progress=progress)


def _history(ws: Workspace, team_id: str, out_path: Path | str, *, internal: bool, page_size: str,
             today: dt.date | None, progress: Progress | None) -> Path:
    from equitycohort.export import pdf

    today = today_or(today)
    pdf.check_page_size(page_size)
    info = team_info(ws, team_id)
    team, cohort = info.team, info.cohort
    notify(progress, 0, 2, _("Reading the check-ins"))
    checkins = team_checkins(ws, team_id)
    title = (_("{organization}: Check-in history (facilitators only)") if internal
             else _("{organization}: Check-in history")).format(organization=team.organization)
    doc = pdf.Document(
        out_path, title=title, page_size=page_size, today=today,
        subject=_("Check-ins with the {state} team, {cohort}").format(state=info.state_line, cohort=cohort.name),
        author=pdf.program_author(ws, cohort.id), footer=pdf.footer_line(cohort.program_name, cohort.name),
        header=_("{organization} · {state} · Check-in history").format(organization=team.organization,
                                                                       state=info.state_line),
        banner=_(INTERNAL_BANNER) if internal else None,
    )
    width = doc.frame_width
    story: list = [
        pdf.para(f"{cohort.program_name} · {cohort.name}", "kicker"),
        pdf.heading(_("Check-in history"), 0, outline=0),
        pdf.para(team.organization, "subtitle"),
        pdf.rich(f"{escape(info.state_line)} · {pdf.markup(cohort.name)} · "
                 f"{escape(date_span(cohort.start_date, cohort.end_date))}", "body"),
        pdf.rich(escape(ngettext("Prepared {date} · {count} check-in, newest first",
                                 "Prepared {date} · {count} check-ins, newest first", len(checkins)).format(
            date=pdf.medium_date(today), count=pdf.count(len(checkins)))), "small"),
    ]
    if internal:
        story += [pdf.spacer(6), pdf.boxed([pdf.rich(
            pdf.bold(_("Facilitators only.")) + " "
            + escape(_("This copy includes private notes. It is not for the team or anyone outside the "
                       "facilitation team.")), "body")], width=width, background="#FFFFFF",
            border=pdf.INK, dashed=True)]
    story.append(pdf.spacer(8))
    if not checkins:
        story.append(pdf.para(_("No check-ins have been recorded with this team yet."), "note"))
    notify(progress, 1, 2, _("Laying out the check-ins"))
    for checkin in checkins:
        who = [checkin.mode_label]
        if checkin.facilitator_name:
            who.append(_("with {facilitator}").format(facilitator=checkin.facilitator_name))
        if checkin.partner_name:
            who.append(_("partner: {partner}").format(partner=checkin.partner_name))
        head = [
            pdf.outlined(pdf.rich(escape(pdf.long_date(checkin.date)), "h1"),
                         f"{pdf.short_date(checkin.date)}: {checkin.mode_label}", 1),
            pdf.para(" · ".join(who), "small"),
        ]
        first = None
        sections = ((_("Summary"), checkin.summary), (_("Wins"), checkin.wins), (_("Challenges"), checkin.challenges),
                    (_("Support requested"), checkin.support_requested))
        body: list = []
        for label, text in sections:
            if text and text.strip():
                block = [pdf.rich(escape(label), "h3"), *pdf.text_block(text)]
                if first is None:
                    first = block
                else:
                    body += block
        if first is None:
            first = [pdf.para(_("Nothing was written down for this check-in."), "note")]
        story.append(pdf.keep(*head, *first[:3]))
        story += first[3:] + body
        if checkin.next_steps:
            rows = [[pdf.head(_("Next step")), pdf.head(_("Owner")), pdf.head(_("Due")),
                     pdf.head(pgettext("a next step", "Done"))]]
            for step in checkin.next_steps:
                due = [pdf.cell(pdf.short_date(step.due_date), "cell_whole")]
                if step.overdue(today):
                    due.append(pdf.overdue_mark())
                rows.append([pdf.cell(step.description), pdf.cell(step.owner_name), due,
                             pdf.cell(_("✓ Done") if step.done else _("○ Open"))])
            story.append(pdf.keep(pdf.rich(escape(_("Next steps")), "h3"), pdf.table(
                rows, [width * 0.52, width * 0.2, width * 0.15, width * 0.13],
                continued=_("Next steps from {date} (continued)").format(date=pdf.short_date(checkin.date)))))
        if checkin.next_checkin_date:
            story.append(pdf.rich(pdf.bold(_("Next check-in:")) + " "
                                  + escape(pdf.long_date(checkin.next_checkin_date)), "body"))
        if internal and checkin.private_notes and checkin.private_notes.strip():
            story += [pdf.spacer(4), *pdf.boxed_text(_("Facilitators only · private notes"),
                                                     checkin.private_notes, width=width)]
        story.append(pdf.spacer(10))
    doc.build(story)
    notify(progress, 2, 2, pgettext("the end of an export's progress", "Done"))
    return doc.out_path
