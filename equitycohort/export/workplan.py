"""The team workplan PDF: what a state team receives about its own plan.

Only that team's data: its leaders, goals, actions, milestones, its own
self-assessment rounds and the sessions it is expected at. Check-ins (and
their private notes) are not part of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import formats, i18n
from equitycohort.data.assessments import growth, team_framework, team_rounds
from equitycohort.data.schedule import list_sessions
from equitycohort.data.schema import ACTION_STATUSES
from equitycohort.data.teams import team_leaders
from equitycohort.data.workplans import load_workplan, milestone_overdue
from equitycohort.export.common import Progress, date_span, escape, notify, team_info, today_or
from equitycohort.i18n import _, ngettext, pgettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: status words with a symbol, so they read without color
STATUS_MARKS = {"done": "✓", "in_progress": "◐", "blocked": "■", "not_started": "○"}
MAX_CHART_ROUNDS = 4


def status_text(status: str) -> str:
    return f"{STATUS_MARKS.get(status, '')} {i18n.label(ACTION_STATUSES, status)}".strip()


def role_label(role: str, is_executive_director: bool) -> str:
    if is_executive_director:
        title = _("Executive Director")
        if not role or "executive director" in role.casefold() or title.casefold() in role.casefold():
            return role or title
        return _("{role} (Executive Director)").format(role=role)
    return role


def export_workplan(ws: Workspace, team_id: str, out_path: Path | str, *, page_size: str = "letter",
                    today: dt.date | None = None, progress: Progress | None = None,
                    lang: str | None = None) -> Path:
    """Write one team's workplan PDF to ``out_path`` in ``lang`` (default: the current language; see
    ``data.teams.document_language`` for the team's own); returns the path."""
    with i18n.use(lang):
        return _workplan(ws, team_id, out_path, page_size=page_size, today=today, progress=progress)


def _workplan(ws: Workspace, team_id: str, out_path: Path | str, *, page_size: str,
              today: dt.date | None, progress: Progress | None) -> Path:
    from equitycohort.export import pdf

    today = today_or(today)
    pdf.check_page_size(page_size)
    info = team_info(ws, team_id)
    team, cohort = info.team, info.cohort
    notify(progress, 0, 3, _("Reading the workplan"))
    plan = load_workplan(ws, team_id)
    doc = pdf.Document(
        out_path, title=_("{organization}: Workplan").format(organization=team.organization), page_size=page_size,
        today=today, subject=_("Workplan of the {state} team, {cohort}").format(state=info.state_line,
                                                                                 cohort=cohort.name),
        author=pdf.program_author(ws, cohort.id), footer=pdf.footer_line(cohort.program_name, cohort.name),
        header=_("{organization} · {state} · Workplan").format(organization=team.organization,
                                                               state=info.state_line),
    )
    width = doc.frame_width
    story: list = []

    # --- cover -------------------------------------------------------------
    story += [
        pdf.para(f"{cohort.program_name} · {cohort.name}", "kicker"),
        pdf.heading(_("Workplan"), 0, outline=0),
        pdf.para(team.organization, "subtitle"),
        pdf.rich(f"{escape(info.state_line)} · {pdf.markup(cohort.name)} · "
                 f"{escape(date_span(cohort.start_date, cohort.end_date))}", "body"),
        pdf.rich(escape(_("Prepared {date}").format(date=pdf.medium_date(today))), "small"),
        pdf.spacer(14),
    ]
    counts = plan.status_counts()
    actions = plan.actions
    measurable = [g for g in plan.goals if g.progress is not None]
    reached = sum(1 for m in plan.milestones if m["reached_date"])
    story.append(pdf.stat_tiles([
        (pdf.percent(plan.progress), _("overall progress"),
         ngettext("mean of {count} measurable goal", "mean of {count} measurable goals", len(measurable)).format(
             count=pdf.count(len(measurable))) if measurable else _("no goal measured yet")),
        # (not ngettext: "goal" alone is also the name of the kind of record, one msgid for both)
        (str(len(plan.goals)), pgettext("a count of goals", "goal") if len(plan.goals) == 1
         else pgettext("a count of goals", "goals"), None),
        (_("{done} of {total}").format(done=counts["done"], total=len(actions)), _("actions done"),
         _("{in_progress} in progress, {blocked} blocked").format(in_progress=counts["in_progress"],
                                                                  blocked=counts["blocked"]) if actions else None),
        (_("{done} of {total}").format(done=reached, total=len(plan.milestones)), _("milestones reached"), None),
    ], width, per_row=4))
    story += [pdf.spacer(6), pdf.progress_bar(plan.progress, min(width, 320), 13), pdf.spacer(10)]

    leaders = team_leaders(ws, team_id)
    story.append(pdf.heading(_("Team leaders"), 1, outline=0))
    if leaders:
        rows = [[pdf.head(_("Name")), pdf.head(_("Role")), pdf.head(_("E-mail")), pdf.head(_("Phone"))]]
        widths = [width * 0.27, width * 0.2, width * 0.35, width * 0.18]
        for leader in leaders:
            person = ws.get("people", leader.person_id) or {}
            name = [pdf.cell(leader.name, "cell_bold")]
            if person.get("pronouns"):
                name.append(pdf.cell(person["pronouns"], "cell_muted"))
            rows.append([name, pdf.cell(role_label(leader.role, leader.is_executive_director), empty=""),
                         pdf.link(leader.email, width=widths[2] - 10, empty=""), pdf.cell(leader.phone, empty="")])
        story.append(pdf.table(rows, widths))
    else:
        story.append(pdf.para(_("No leaders are listed for this team yet."), "note"))

    upcoming = [s for s in list_sessions(ws, cohort.id)
                if s.date >= today.isoformat() and (s.kind == "cohort" or s.team_id == team_id)]
    if upcoming:
        nxt = next((s for s in upcoming if s.status != "cancelled"), None)
        if nxt:
            story += [pdf.spacer(8), pdf.rich(
                pdf.bold(_("Next session:")) + f" {escape(pdf.long_date(nxt.date))}, "
                f"{escape(pdf.session_time(nxt))} · {pdf.markup(nxt.title)}", "body")]
    notify(progress, 1, 3, _("Laying out goals and actions"))

    # --- goals -------------------------------------------------------------
    story += [pdf.page_break(), pdf.heading(_("Goals and actions"), 1, outline=0)]
    if not plan.goals:
        story.append(pdf.para(_("No goals have been set yet."), "note"))
    for number, goal in enumerate(plan.goals, start=1):
        story.append(goal_section(number, goal, width, today))

    if plan.milestones:
        goal_numbers = {g.id: n for n, g in enumerate(plan.goals, start=1)}
        rows = [[pdf.head(_("Milestone")), pdf.head(_("Goal")), pdf.head(_("Due")), pdf.head(_("Reached"))]]
        for m in plan.milestones:
            goal_no = goal_numbers.get(m["goal_id"])
            due = [pdf.cell(pdf.short_date(m["due_date"]), "cell_whole")]
            if milestone_overdue(m["due_date"], m["reached_date"], today):
                due.append(pdf.overdue_mark())
            rows.append([pdf.cell(m["title"]),
                         pdf.cell(_("Goal {number}").format(number=goal_no) if goal_no else "–", "cell_whole"), due,
                         pdf.cell(f"✓ {pdf.short_date(m['reached_date'])}" if m["reached_date"] else _("Not yet"),
                                  "cell_whole")])
        story.append(pdf.keep(pdf.heading(_("Milestones"), 1, outline=0),
                              pdf.table(rows, [width * 0.5, width * 0.12, width * 0.19, width * 0.19])))
    notify(progress, 2, 3, _("Drawing the self-assessment"))

    # --- self-assessment ---------------------------------------------------
    story += assessment_section(ws, team_id, width)

    # --- upcoming sessions -------------------------------------------------
    story.append(pdf.heading(_("Upcoming sessions"), 1, outline=0))
    if upcoming:
        rows = [[pdf.head(_("Date")), pdf.head(_("Time")), pdf.head(_("Session")), pdf.head(_("Where"))]]
        widths = [width * 0.15, width * 0.2, width * 0.33, width * 0.32]
        for s in upcoming:
            title = [pdf.cell(s.title)]
            if s.kind == "team":
                title.append(pdf.rich(escape(_("Support session for your team")), "cell_muted"))
            if s.status == "cancelled":
                title.append(pdf.rich(pdf.bold(_("Cancelled")), "cell_muted"))
            where = [pdf.cell(s.format_label, "cell_muted"), pdf.link(s.where, width=widths[3] - 10,
                                                                      empty=_("To be confirmed"))]
            rows.append([pdf.cell(pdf.short_date(s.date), "cell_whole"), pdf.cell(pdf.session_time(s)), title,
                         where])
        story.append(pdf.table(rows, widths))
    else:
        story.append(pdf.para(_("No sessions are scheduled from today on."), "note"))

    doc.build(story)
    notify(progress, 3, 3, pgettext("the end of an export's progress", "Done"))
    return doc.out_path


def goal_section(number: int, goal, width: float, today: dt.date):
    """One goal: its heading (a bookmark), description, figures and actions, kept
    together when short; actions carried to a new page are headed "Goal N (continued)"."""
    from equitycohort.export import pdf

    goal_number = escape(_("Goal {number}").format(number=number))
    title = pdf.rich(f"{goal_number} · {pdf.markup(goal.title, font=pdf.SANS_BOLD)}", "h2")
    block = [pdf.outlined(title, _("Goal {number}: {title}").format(number=number, title=goal.title), 1)]
    if goal.description:
        block += pdf.text_block(goal.description)
    figures = [
        [pdf.head(_("Indicator")), pdf.head(_("Baseline"), align_right=True), pdf.head(_("Target"), align_right=True),
         pdf.head(_("Current"), align_right=True), pdf.head(_("Progress"))],
        [pdf.cell(goal.indicator, empty=_("Not set")),
         pdf.cell(pdf.figure(goal.baseline, goal.unit), "cell_whole_right"),
         pdf.cell(pdf.figure(goal.target, goal.unit), "cell_whole_right"),
         pdf.cell(pdf.figure(goal.current, goal.unit), "cell_whole_right"),
         pdf.progress_bar(goal.progress, width * 0.22 - 12)],
    ]
    block.append(pdf.table(figures, [width * 0.3, width * 0.16, width * 0.16, width * 0.16, width * 0.22],
                           zebra=False, valign="MIDDLE"))
    block.append(pdf.spacer(6))
    overflow: list = []
    if goal.actions:
        rows = [[pdf.head(_("Action")), pdf.head(_("Owner")), pdf.head(_("Due")), pdf.head(_("Status"))]]
        for n, action in enumerate(goal.actions, start=1):
            what = [pdf.cell(action.title)]
            if action.support_needed:
                shown, rest = pdf.cell_excerpt(action.support_needed)
                more = (" … " + pdf.bold(_("(continued below the table: action {number})").format(number=n))
                        if rest else "")
                support = pdf.bold(_("Support needed:"))
                if pdf.base_is_rtl(shown):  # a right-to-left note reads best as its own paragraph
                    what += [pdf.rich(support, "cell_muted"),
                             pdf.rich(f"{pdf.markup(shown, links=True)}{more}", "cell_muted")]
                else:
                    what.append(pdf.rich(f"{support} {pdf.markup(shown, links=True)}{more}", "cell_muted"))
                if rest:
                    overflow += [pdf.rich(escape(_("Goal {number}, action {action}: support needed (continued)").format(
                        number=number, action=n)), "h3"), *pdf.text_block(rest, "small")]
            if action.partner_name:
                what.append(pdf.rich(pdf.bold(_("Partner:")) + f" {pdf.markup(action.partner_name)}",
                                     "cell_muted"))
            due = [pdf.cell(pdf.short_date(action.due_date), "cell_whole")]
            if action.overdue(today):
                due.append(pdf.overdue_mark())
            rows.append([what, pdf.cell(action.owner_name, empty="–"), due,
                         pdf.cell(status_text(action.status))])
        block.append(pdf.table(rows, [width * 0.5, width * 0.18, width * 0.14, width * 0.18],
                               continued=_("Goal {number} (continued)").format(number=number)))
        block += overflow
    else:
        block.append(pdf.para(_("No actions under this goal yet."), "note"))
    block.append(pdf.spacer(10))
    return pdf.keep(*block)


def assessment_section(ws: Workspace, team_id: str, width: float) -> list:
    """The radar chart of a team's rounds, its legend and the per-dimension table."""
    from equitycohort.export import pdf

    framework = team_framework(ws, team_id)
    rounds = team_rounds(ws, team_id, framework.id) if framework else []
    if not framework or not rounds:
        return [pdf.heading(_("Self-assessment"), 1, outline=0),
                pdf.para(_("The team has not recorded a self-assessment yet."), "note")]
    intro = [pdf.heading(_("Self-assessment"), 1, outline=0), pdf.lead(pdf.rich(
        escape(_("Where the team places itself on each dimension of the {framework}, from {first} (1) to {last} "
                 "({top}), round by round.")).format(
            framework=pdf.markup(framework.name),
            first=escape(framework.level_name(framework.levels[0][0]) if framework.levels else ""),
            last=escape(framework.level_name(framework.max_rank)), top=framework.max_rank), "body"))]
    story: list = []
    shown = rounds if len(rounds) <= MAX_CHART_ROUNDS else [rounds[0], *rounds[-(MAX_CHART_ROUNDS - 1):]]
    dims = framework.dimensions
    if len(dims) >= 3 and framework.max_rank:
        series = [[r.ratings.get(dim_id) for dim_id, _name in dims] for r in shown]
        chart = pdf.radar_chart(len(dims), framework.max_rank, series, size=min(250, width * 0.55))
        legend_rows = [[pdf.legend_sample(style), [pdf.cell(r.label, "cell_bold"),
                                                   pdf.cell(pdf.short_date(r.date), "cell_muted")]]
                       for r, style in zip(shown, pdf.round_styles(len(shown)), strict=False)]
        legend = pdf.table(legend_rows, [44, width * 0.4 - 50], header=False, zebra=False, padding=3,
                           valign="MIDDLE", extra_style=[("LINEBELOW", (0, 0), (-1, -1), 0, "white")])
        key = [pdf.rich(f"<b>{n}</b> {pdf.markup(name)}", "cell_muted") for n, (_id, name) in enumerate(dims, 1)]
        side = [pdf.rich(escape(_("Rounds")), "h3"), legend, pdf.spacer(6), pdf.rich(escape(_("Dimensions")), "h3"),
                *key]
        story.append(pdf.keep(*intro, pdf.table(
            [[chart, side]], [width * 0.58, width * 0.42], header=False, zebra=False, padding=0,
            extra_style=[("LINEBELOW", (0, 0), (-1, -1), 0, "white")])))
        story.append(pdf.spacer(6))
    else:
        story += intro
    first, last = rounds[0].label, rounds[-1].label
    rows = [[pdf.head("#"), pdf.head(_("Dimension")),
             pdf.head(_("Baseline") if first == _("Baseline") else _("First ({round})").format(round=first)),
             pdf.head(_("Latest ({round})").format(round=last) if len(rounds) > 1 else _("Latest")),
             pdf.head(_("Change"), align_right=True)]]
    for n, g in enumerate(growth(framework, rounds), start=1):
        rows.append([
            pdf.cell(str(n)), pdf.cell(g.dimension),
            pdf.cell(level_text(framework, g.baseline)), pdf.cell(level_text(framework, g.latest)),
            pdf.cell(change_text(g.change), "cell_right"),
        ])
    story.append(pdf.table(rows, [width * 0.06, width * 0.4, width * 0.2, width * 0.2, width * 0.14]))
    return story


def level_text(framework, rank: int | None) -> str:
    return "–" if rank is None else f"{rank} · {framework.level_name(rank)}"


def change_text(change: int | float | None) -> str:
    if change is None:
        return "–"
    if isinstance(change, float) and not change.is_integer():
        text = formats.fixed(abs(change), 1)
    elif change:
        text = str(abs(int(change)))
    else:
        return "0"
    return ("+" if change > 0 else "−") + text
