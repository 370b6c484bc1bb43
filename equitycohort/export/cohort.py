"""The cohort summary PDF, for facilitators and funders.

The first page is meant to be read in a minute: the cohort, its dates and
phase, key figures, and a line per team. Then the schedule with attendance,
each team's workplan progress, self-assessment growth by dimension across
teams, and check-in activity. No check-in notes at all, private or shared.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort import formats, i18n
from equitycohort.data.assessments import (
    Framework,
    Growth,
    growth,
    load_framework,
    team_framework,
    team_rounds,
)
from equitycohort.data.attendance import cohort_attendance, team_rates
from equitycohort.data.checkins import checkin_counts, last_checkin_dates
from equitycohort.data.schedule import list_sessions
from equitycohort.data.teams import TeamRecord, list_teams
from equitycohort.data.workplans import Workplan, load_workplan
from equitycohort.export.common import Progress, cohort_record, date_span, escape, notify, today_or
from equitycohort.export.workplan import change_text
from equitycohort.i18n import _, ngettext, pgettext

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: dimension columns (teams) per table before it is split in two
TEAMS_PER_TABLE = 8


@dataclass(frozen=True)
class TeamSummary:
    team: TeamRecord
    plan: Workplan
    attendance: float | None
    framework_id: str | None
    growth: tuple[Growth, ...]
    checkins: int
    last_checkin: str | None
    next_checkin: str | None
    open_steps: int
    overdue_steps: int

    @property
    def mean_change(self) -> float | None:
        changes = [g.change for g in self.growth if g.change is not None]
        return sum(changes) / len(changes) if changes else None


def summarize_teams(ws: Workspace, cohort_id: str, today: dt.date) -> tuple[list[TeamSummary], Framework | None]:
    """Per team of a cohort: workplan, attendance, growth on the cohort's framework, check-ins."""
    teams = list_teams(ws, cohort_id)
    rates = team_rates(ws, cohort_id)
    counts = checkin_counts(ws, cohort_id)
    last = last_checkin_dates(ws, cohort_id)
    frameworks = {t.id: team_framework(ws, t.id) for t in teams}
    common = Counter(f.id for f in frameworks.values() if f).most_common(1)
    framework = load_framework(ws, common[0][0]) if common else None
    # in date order, so the latest check-in's next date wins
    next_dates: dict[str, str | None] = {r[0]: r[1] for r in ws.query(
        """SELECT c.team_id, c.next_checkin_date FROM checkins c JOIN teams t ON t.id = c.team_id
           WHERE t.cohort_id = ? ORDER BY c.date, c.created""", (cohort_id,))}
    steps: dict[str, list[int]] = {}
    for team_id, done, due in ws.query(
            """SELECT c.team_id, n.done, n.due_date FROM next_steps n JOIN checkins c ON c.id = n.checkin_id
               JOIN teams t ON t.id = c.team_id WHERE t.cohort_id = ?""", (cohort_id,)):
        counter = steps.setdefault(team_id, [0, 0])
        if not done:
            counter[0] += 1
            if due and due < today.isoformat():
                counter[1] += 1
    out = []
    for team in teams:
        rounds = team_rounds(ws, team.id, framework.id) if framework else []
        out.append(TeamSummary(
            team, load_workplan(ws, team.id), rates.get(team.id), framework.id if framework else None,
            tuple(growth(framework, rounds)) if framework and rounds else (),
            counts.get(team.id, 0), last.get(team.id), next_dates.get(team.id),
            *steps.get(team.id, [0, 0]),
        ))
    return out, framework


def _team_presence(ws: Workspace, cohort_id: str) -> dict[str, set[str]]:
    """session id -> the teams with at least one leader marked present."""
    out: dict[str, set[str]] = {}
    for session_id, team_id in ws.query(
            """SELECT a.session_id, m.team_id FROM attendance a
               JOIN sessions s ON s.id = a.session_id
               JOIN team_members m ON m.person_id = a.person_id
               JOIN teams t ON t.id = m.team_id AND t.cohort_id = s.cohort_id
               WHERE s.cohort_id = ? AND a.status = 'present'""", (cohort_id,)):
        out.setdefault(session_id, set()).add(team_id)
    return out


def export_cohort_summary(ws: Workspace, cohort_id: str, out_path: Path | str, *, page_size: str = "letter",
                          today: dt.date | None = None, progress: Progress | None = None,
                          lang: str | None = None) -> Path:
    """Write a cohort's summary PDF to ``out_path`` in ``lang`` (default: the current language); returns
    the path."""
    with i18n.use(lang):
        return _summary(ws, cohort_id, out_path, page_size=page_size, today=today, progress=progress)


def _summary(ws: Workspace, cohort_id: str, out_path: Path | str, *, page_size: str, today: dt.date | None,
             progress: Progress | None) -> Path:
    from equitycohort.export import pdf

    today = today_or(today)
    pdf.check_page_size(page_size)
    cohort = cohort_record(ws, cohort_id)
    notify(progress, 0, 3, _("Reading the cohort"))
    summaries, framework = summarize_teams(ws, cohort_id, today)
    sessions = list_sessions(ws, cohort_id)
    attendance = cohort_attendance(ws, cohort_id)
    presence = _team_presence(ws, cohort_id)
    team_by_id = {s.team.id: s.team for s in summaries}

    doc = pdf.Document(
        out_path, title=_("{cohort}: Cohort summary").format(cohort=cohort.name), page_size=page_size, today=today,
        subject=_("Cohort summary of {cohort}, {program}").format(cohort=cohort.name, program=cohort.program_name),
        author=pdf.program_author(ws, cohort_id), footer=pdf.footer_line(cohort.program_name, cohort.name),
        header=_("{program} · {cohort} · Cohort summary").format(program=cohort.program_name, cohort=cohort.name),
    )
    width = doc.frame_width
    story: list = []

    # --- the one-minute page -----------------------------------------------
    held = [s for s in sessions if s.status == "held"]
    cancelled = [s for s in sessions if s.status == "cancelled"]
    planned = [s for s in sessions if s.status == "scheduled"]
    present = sum(attendance[s.id].present for s in held if s.id in attendance)
    recorded = sum(attendance[s.id].recorded for s in held if s.id in attendance)
    progresses = [s.plan.progress for s in summaries if s.plan.progress is not None]
    mean_progress = sum(progresses) / len(progresses) if progresses else None
    changes = [(g.dimension, g.change) for s in summaries for g in s.growth if g.change is not None]
    mean_change = sum(c for _name, c in changes) / len(changes) if changes else None
    grew_teams = sum(1 for s in summaries if s.mean_change is not None)
    leaders = sum(s.team.leader_count for s in summaries)
    recent = (today - dt.timedelta(days=30)).isoformat()
    contacted = sum(1 for s in summaries if s.last_checkin and s.last_checkin >= recent)
    total_checkins = sum(s.checkins for s in summaries)

    story += [
        pdf.para(_("{program} · Cohort summary").format(program=cohort.program_name), "kicker"),
        pdf.outlined(pdf.para(cohort.name, "title"), _("{cohort}: overview").format(cohort=cohort.name), 0),
        pdf.rich(f"{escape(date_span(cohort.start_date, cohort.end_date))} · "
                 + escape(_("Phase:")) + " " + pdf.bold(cohort.phase_label), "subtitle"),
        pdf.rich(escape(_("Prepared {date}").format(date=pdf.medium_date(today))), "small"),
        pdf.spacer(12),
        pdf.stat_tiles([
            # (not ngettext for the tiles' single words: "state team" and "check-in" are also the names of
            # kinds of record, one msgid for both)
            (str(len(summaries)), pgettext("a count of teams", "state team") if len(summaries) == 1
             else pgettext("a count of teams", "state teams"),
             ngettext("{count} leader", "{count} leaders", leaders).format(count=pdf.count(leaders))),
            (_("{done} of {total}").format(done=len(held), total=len(sessions) - len(cancelled)), _("sessions held"),
             (_("{planned} still planned, {cancelled} cancelled") if cancelled else _("{planned} still planned")).format(
                 planned=len(planned), cancelled=len(cancelled))),
            (pdf.percent(present / recorded if recorded else None), _("average attendance"),
             _("{present} present of {recorded} recorded").format(present=pdf.count(present),
                                                                  recorded=pdf.count(recorded))
             if recorded else _("no attendance taken yet")),
            (pdf.percent(mean_progress), _("average workplan progress"),
             ngettext("across {count} team with measurable goals", "across {count} teams with measurable goals",
                      len(progresses)).format(count=pdf.count(len(progresses))) if progresses
             else _("no goal measured yet")),
            (change_text(round(mean_change, 1)) if mean_change is not None else "–",
             _("self-assessment growth"),
             ngettext("stages per dimension since baseline, {count} team",
                      "stages per dimension since baseline, {count} teams", grew_teams).format(
                 count=pdf.count(grew_teams)) if changes
             else _("needs a second assessment round")),
            (str(total_checkins), pgettext("a count of check-ins", "check-in") if total_checkins == 1
             else pgettext("a count of check-ins", "check-ins"),
             ngettext("{contacted} of {count} team in the last 30 days",
                      "{contacted} of {count} teams in the last 30 days", len(summaries)).format(
                 contacted=contacted, count=pdf.count(len(summaries)))),
        ], width, per_row=3),
        pdf.spacer(8),
    ]
    if mean_change is not None:
        by_dim: dict[str, list[int]] = {}
        for name, change in changes:
            by_dim.setdefault(name, []).append(change)
        best = max(by_dim.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))
        story.append(pdf.rich(
            pdf.bold(_("Growth headline:")) + " " + escape(_(
                "teams moved {change} stages per dimension on average since their baseline; the largest growth "
                "was in “{dimension}” ({best}).")).format(
                change=escape(change_text(round(mean_change, 1))), dimension=pdf.markup(best[0]),
                best=escape(change_text(round(sum(best[1]) / len(best[1]), 1)))),
            "body"))
    story.append(pdf.heading(_("Teams at a glance"), 2, outline=1))
    if summaries:
        rows = [[pdf.head(_("Team")), pdf.head(_("Workplan progress")), pdf.head(_("Actions done"), align_right=True),
                 pdf.head(_("Attendance"), align_right=True), pdf.head(_("Growth"), align_right=True),
                 pdf.head(_("Last check-in"))]]
        for s in summaries:
            actions = s.plan.actions
            rows.append([
                [pdf.cell(s.team.state_name, "cell_bold"), pdf.cell(s.team.organization, "cell_muted")],
                pdf.progress_bar(s.plan.progress, width * 0.24 - 10),
                pdf.cell(_("{done} of {total}").format(done=s.plan.status_counts()["done"], total=len(actions)),
                         "cell_right"),
                pdf.cell(pdf.percent(s.attendance), "cell_right"),
                pdf.cell(change_text(round(s.mean_change, 1)) if s.mean_change is not None else "–", "cell_right"),
                pdf.cell(pdf.short_date(s.last_checkin) if s.last_checkin else _("Never")),
            ])
        story.append(pdf.table(rows, [width * 0.26, width * 0.22, width * 0.11, width * 0.14, width * 0.1,
                                      width * 0.17], valign="MIDDLE"))
    else:
        story.append(pdf.para(_("No state teams have joined this cohort yet."), "note"))
    notify(progress, 1, 3, _("Laying out the schedule"))

    # --- schedule and attendance -------------------------------------------
    story += [pdf.page_break(), pdf.heading(_("Schedule and attendance"), 1, outline=0),
              pdf.lead(pdf.para(_("Attendance is the share of leaders marked present among those recorded; "
                                  "team coverage counts the teams with at least one leader present."), "small"))]
    if sessions:
        rows = [[pdf.head(_("Date")), pdf.head(_("Session")), pdf.head(_("Status")),
                 pdf.head(_("Attendance"), align_right=True), pdf.head(_("Teams present"), align_right=True)]]
        for session in sessions:
            a = attendance.get(session.id)
            title = [pdf.cell(session.title)]
            detail = session.format_label
            if session.kind == "team" and session.team_id in team_by_id:
                detail += " · " + _("support for {state}").format(state=team_by_id[session.team_id].state_name)
            title.append(pdf.cell(detail, "cell_muted"))
            expected_teams = 1 if session.kind == "team" else len(summaries)
            if session.status == "cancelled":
                rate, cover = "–", "–"
            elif a and a.recorded:
                rate = f"{pdf.percent(a.rate)} ({a.present}/{a.recorded})"
                cover = _("{done} of {total}").format(done=len(presence.get(session.id, ())), total=expected_teams)
            else:
                rate, cover = (_("not taken") if session.date <= today.isoformat() else "–"), "–"
            rows.append([
                [pdf.cell(pdf.short_date(session.date), "cell_whole"),
                 pdf.cell(pdf.session_time(session), "cell_muted")], title,
                pdf.cell(session.status_label), pdf.cell(rate, "cell_right"), pdf.cell(cover, "cell_right"),
            ])
        story.append(pdf.table(rows, [width * 0.2, width * 0.36, width * 0.13, width * 0.17, width * 0.14]))
    else:
        story.append(pdf.para(_("No sessions are on the calendar yet."), "note"))

    # --- workplans -----------------------------------------------------------
    story.append(pdf.heading(_("Workplan progress by team"), 1, outline=0))
    if summaries:
        rows = [[pdf.head(_("Team")), pdf.head(_("Measured"), align_right=True), pdf.head(_("Progress")),
                 pdf.head(_("Actions"), align_right=True),
                 pdf.head(pgettext("a count of actions", "Blocked"), align_right=True),
                 pdf.head(_("Milestones"), align_right=True)]]
        for s in summaries:
            counts = s.plan.status_counts()
            measurable = sum(1 for g in s.plan.goals if g.progress is not None)
            reached = sum(1 for m in s.plan.milestones if m["reached_date"])
            rows.append([
                [pdf.cell(f"{s.team.state_name}", "cell_bold"), pdf.cell(s.team.organization, "cell_muted")],
                pdf.cell(_("{done} of {total}").format(done=measurable, total=len(s.plan.goals)), "cell_right"),
                pdf.progress_bar(s.plan.progress, width * 0.22 - 10),
                pdf.cell(_("{done} of {total} done").format(done=counts["done"], total=len(s.plan.actions)),
                         "cell_right"),
                pdf.cell(str(counts["blocked"]), "cell_right"),
                pdf.cell(_("{done} of {total}").format(done=reached, total=len(s.plan.milestones)), "cell_right"),
            ])
        story.append(pdf.table(rows, [width * 0.26, width * 0.1, width * 0.22, width * 0.15, width * 0.12,
                                      width * 0.15], valign="MIDDLE"))
    notify(progress, 2, 3, _("Comparing self-assessments"))

    # --- self-assessment across teams ----------------------------------------
    story += growth_tables(summaries, framework, width)

    # --- check-ins -----------------------------------------------------------
    story.append(pdf.heading(_("Check-in activity"), 1, outline=0))
    if summaries:
        rows = [[pdf.head(_("Team")), pdf.head(_("Check-ins"), align_right=True), pdf.head(_("Last")),
                 pdf.head(_("Days since"), align_right=True), pdf.head(_("Next planned")),
                 pdf.head(_("Open next steps"), align_right=True)]]
        for s in summaries:
            since = (today - dt.date.fromisoformat(s.last_checkin)).days if s.last_checkin else None
            steps = (_("{open} ({overdue} overdue)").format(open=s.open_steps, overdue=s.overdue_steps)
                     if s.overdue_steps else f"{s.open_steps}")
            rows.append([
                [pdf.cell(s.team.state_name, "cell_bold"), pdf.cell(s.team.organization, "cell_muted")],
                pdf.cell(str(s.checkins), "cell_right"),
                pdf.cell(pdf.short_date(s.last_checkin) if s.last_checkin else _("Never")),
                pdf.cell("–" if since is None else str(since), "cell_right"),
                pdf.cell(pdf.short_date(s.next_checkin) if s.next_checkin else "–"),
                pdf.cell(steps, "cell_right"),
            ])
        story.append(pdf.table(rows, [width * 0.3, width * 0.12, width * 0.15, width * 0.11, width * 0.15,
                                      width * 0.17]))
    doc.build(story)
    notify(progress, 3, 3, pgettext("the end of an export's progress", "Done"))
    return doc.out_path


def growth_tables(summaries: list[TeamSummary], framework: Framework | None, width: float) -> list:
    """Dimensions down, teams across: "baseline → latest" in each cell."""
    from equitycohort.export import pdf

    heading = pdf.heading(_("Self-assessment by dimension"), 1, outline=0)
    rated = [s for s in summaries if s.growth]
    if framework is None or not rated:
        return [heading, pdf.para(_("No team has recorded a self-assessment yet."), "note")]
    # Translators: the text between <b> and </b> is set in bold; keep the tags around its translation
    intro = [heading, pdf.lead(pdf.rich(escape(_(
        "Each cell reads <b>baseline → latest</b> stage on the {framework} (1 {first} to {top} {last}); a single "
        "figure means one round so far. Teams are shown by state code.")).replace(
            "&lt;b&gt;", "<b>").replace("&lt;/b&gt;", "</b>").format(
        framework=pdf.markup(framework.name), first=escape(framework.level_name(1)), top=framework.max_rank,
        last=escape(framework.level_name(framework.max_rank))), "small"))]
    story: list = []
    for start in range(0, len(rated), TEAMS_PER_TABLE):
        chunk = rated[start:start + TEAMS_PER_TABLE]
        last_chunk = start + TEAMS_PER_TABLE >= len(rated)
        dim_w = width * 0.28
        cohort_w = width * 0.14 if last_chunk else 0
        col_w = (width - dim_w - cohort_w) / max(len(chunk), 1)
        header = [pdf.head(_("Dimension"))] + [pdf.head(s.team.state) for s in chunk]
        if last_chunk:
            header.append(pdf.head(_("Cohort")))
        rows = [header]
        for d, (_dim_id, name) in enumerate(framework.dimensions):
            row = [pdf.cell(name)]
            for s in chunk:
                g = s.growth[d] if d < len(s.growth) else None
                row.append(pdf.cell(growth_cell(g.baseline, g.latest) if g else "–"))
            if last_chunk:
                pairs = [s.growth[d] for s in rated if d < len(s.growth)]
                base = [g.baseline for g in pairs if g.baseline is not None]
                late = [g.latest for g in pairs if g.latest is not None]
                row.append(pdf.cell(growth_cell(
                    round(sum(base) / len(base), 1) if base else None,
                    round(sum(late) / len(late), 1) if late else None), "cell_bold"))
            rows.append(row)
        t = pdf.table(rows, [dim_w] + [col_w] * len(chunk) + ([cohort_w] if last_chunk else []))
        story += [pdf.keep(*intro, t) if start == 0 else t, pdf.spacer(8)]
    return story


def growth_cell(baseline: float | None, latest: float | None) -> str:
    def fmt(v):
        return f"{v:g}" if not formats.babel_locale() else formats.number(v, 1)

    if baseline is None:
        return "–"
    if latest is None:
        return fmt(baseline)
    return f"{fmt(baseline)} → {fmt(latest)}"
