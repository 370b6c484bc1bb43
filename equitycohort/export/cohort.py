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
                          today: dt.date | None = None, progress: Progress | None = None) -> Path:
    """Write a cohort's summary PDF to ``out_path``; returns the path."""
    from equitycohort.export import pdf

    today = today_or(today)
    pdf.check_page_size(page_size)
    cohort = cohort_record(ws, cohort_id)
    notify(progress, 0, 3, "Reading the cohort")
    summaries, framework = summarize_teams(ws, cohort_id, today)
    sessions = list_sessions(ws, cohort_id)
    attendance = cohort_attendance(ws, cohort_id)
    presence = _team_presence(ws, cohort_id)
    team_by_id = {s.team.id: s.team for s in summaries}

    doc = pdf.Document(
        out_path, title=f"{cohort.name}: Cohort summary", page_size=page_size, today=today,
        subject=f"Cohort summary of {cohort.name}, {cohort.program_name}",
        author=pdf.program_author(ws, cohort_id), footer=pdf.footer_line(cohort.program_name, cohort.name),
        header=f"{cohort.program_name} · {cohort.name} · Cohort summary",
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
    mean_change = sum(c for _, c in changes) / len(changes) if changes else None
    grew_teams = sum(1 for s in summaries if s.mean_change is not None)
    leaders = sum(s.team.leader_count for s in summaries)
    recent = (today - dt.timedelta(days=30)).isoformat()
    contacted = sum(1 for s in summaries if s.last_checkin and s.last_checkin >= recent)
    total_checkins = sum(s.checkins for s in summaries)

    story += [
        pdf.para(f"{cohort.program_name} · Cohort summary", "kicker"),
        pdf.outlined(pdf.para(cohort.name, "title"), f"{cohort.name}: overview", 0),
        pdf.rich(f"{escape(date_span(cohort.start_date, cohort.end_date))} · "
                 f"Phase: <b>{escape(cohort.phase_label)}</b>", "subtitle"),
        pdf.rich(f"Prepared {escape(pdf.medium_date(today))}", "small"),
        pdf.spacer(12),
        pdf.stat_tiles([
            (str(len(summaries)), "state team" if len(summaries) == 1 else "state teams",
             f"{pdf.plural(leaders, 'leader')}"),
            (f"{len(held)} of {len(sessions) - len(cancelled)}", "sessions held",
             f"{len(planned)} still planned" + (f", {len(cancelled)} cancelled" if cancelled else "")),
            (pdf.percent(present / recorded if recorded else None), "average attendance",
             f"{present:,} present of {recorded:,} recorded" if recorded else "no attendance taken yet"),
            (pdf.percent(mean_progress), "average workplan progress",
             f"across {pdf.plural(len(progresses), 'team')} with measurable goals" if progresses
             else "no goal measured yet"),
            (change_text(round(mean_change, 1)) if mean_change is not None else "–",
             "self-assessment growth",
             f"stages per dimension since baseline, {pdf.plural(grew_teams, 'team')}" if changes
             else "needs a second assessment round"),
            (str(total_checkins), "check-in" if total_checkins == 1 else "check-ins",
             f"{contacted} of {pdf.plural(len(summaries), 'team')} in the last 30 days"),
        ], width, per_row=3),
        pdf.spacer(8),
    ]
    if mean_change is not None:
        by_dim: dict[str, list[int]] = {}
        for name, change in changes:
            by_dim.setdefault(name, []).append(change)
        best = max(by_dim.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))
        story.append(pdf.rich(
            f"<b>Growth headline:</b> teams moved {escape(change_text(round(mean_change, 1)))} stages per "
            f"dimension on average since their baseline; the largest growth was in "
            f"“{pdf.markup(best[0])}” ({escape(change_text(round(sum(best[1]) / len(best[1]), 1)))}).",
            "body"))
    story.append(pdf.heading("Teams at a glance", 2, outline=1))
    if summaries:
        rows = [[pdf.head("Team"), pdf.head("Workplan progress"), pdf.head("Actions done", align_right=True),
                 pdf.head("Attendance", align_right=True), pdf.head("Growth", align_right=True),
                 pdf.head("Last check-in")]]
        for s in summaries:
            actions = s.plan.actions
            rows.append([
                [pdf.cell(s.team.state_name, "cell_bold"), pdf.cell(s.team.organization, "cell_muted")],
                pdf.progress_bar(s.plan.progress, width * 0.24 - 10),
                pdf.cell(f"{s.plan.status_counts()['done']} of {len(actions)}", "cell_right"),
                pdf.cell(pdf.percent(s.attendance), "cell_right"),
                pdf.cell(change_text(round(s.mean_change, 1)) if s.mean_change is not None else "–", "cell_right"),
                pdf.cell(pdf.short_date(s.last_checkin) if s.last_checkin else "Never"),
            ])
        story.append(pdf.table(rows, [width * 0.26, width * 0.22, width * 0.11, width * 0.14, width * 0.1,
                                      width * 0.17], valign="MIDDLE"))
    else:
        story.append(pdf.para("No state teams have joined this cohort yet.", "note"))
    notify(progress, 1, 3, "Laying out the schedule")

    # --- schedule and attendance -------------------------------------------
    story += [pdf.page_break(), pdf.heading("Schedule and attendance", 1, outline=0),
              pdf.lead(pdf.para("Attendance is the share of leaders marked present among those recorded; "
                                "team coverage counts the teams with at least one leader present.", "small"))]
    if sessions:
        rows = [[pdf.head("Date"), pdf.head("Session"), pdf.head("Status"),
                 pdf.head("Attendance", align_right=True), pdf.head("Teams present", align_right=True)]]
        for session in sessions:
            a = attendance.get(session.id)
            title = [pdf.cell(session.title)]
            detail = session.format_label
            if session.kind == "team" and session.team_id in team_by_id:
                detail += f" · support for {team_by_id[session.team_id].state_name}"
            title.append(pdf.cell(detail, "cell_muted"))
            expected_teams = 1 if session.kind == "team" else len(summaries)
            if session.status == "cancelled":
                rate, cover = "–", "–"
            elif a and a.recorded:
                rate = f"{pdf.percent(a.rate)} ({a.present}/{a.recorded})"
                cover = f"{len(presence.get(session.id, ()))} of {expected_teams}"
            else:
                rate, cover = ("not taken" if session.date <= today.isoformat() else "–"), "–"
            rows.append([
                [pdf.cell(pdf.short_date(session.date), "cell_whole"),
                 pdf.cell(pdf.session_time(session), "cell_muted")], title,
                pdf.cell(session.status_label), pdf.cell(rate, "cell_right"), pdf.cell(cover, "cell_right"),
            ])
        story.append(pdf.table(rows, [width * 0.2, width * 0.36, width * 0.13, width * 0.17, width * 0.14]))
    else:
        story.append(pdf.para("No sessions are on the calendar yet.", "note"))

    # --- workplans -----------------------------------------------------------
    story.append(pdf.heading("Workplan progress by team", 1, outline=0))
    if summaries:
        rows = [[pdf.head("Team"), pdf.head("Measured", align_right=True), pdf.head("Progress"),
                 pdf.head("Actions", align_right=True), pdf.head("Blocked", align_right=True),
                 pdf.head("Milestones", align_right=True)]]
        for s in summaries:
            counts = s.plan.status_counts()
            measurable = sum(1 for g in s.plan.goals if g.progress is not None)
            reached = sum(1 for m in s.plan.milestones if m["reached_date"])
            rows.append([
                [pdf.cell(f"{s.team.state_name}", "cell_bold"), pdf.cell(s.team.organization, "cell_muted")],
                pdf.cell(f"{measurable} of {len(s.plan.goals)}", "cell_right"),
                pdf.progress_bar(s.plan.progress, width * 0.22 - 10),
                pdf.cell(f"{counts['done']} of {len(s.plan.actions)} done", "cell_right"),
                pdf.cell(str(counts["blocked"]), "cell_right"),
                pdf.cell(f"{reached} of {len(s.plan.milestones)}", "cell_right"),
            ])
        story.append(pdf.table(rows, [width * 0.26, width * 0.1, width * 0.22, width * 0.15, width * 0.12,
                                      width * 0.15], valign="MIDDLE"))
    notify(progress, 2, 3, "Comparing self-assessments")

    # --- self-assessment across teams ----------------------------------------
    story += growth_tables(summaries, framework, width)

    # --- check-ins -----------------------------------------------------------
    story.append(pdf.heading("Check-in activity", 1, outline=0))
    if summaries:
        rows = [[pdf.head("Team"), pdf.head("Check-ins", align_right=True), pdf.head("Last"),
                 pdf.head("Days since", align_right=True), pdf.head("Next planned"),
                 pdf.head("Open next steps", align_right=True)]]
        for s in summaries:
            since = (today - dt.date.fromisoformat(s.last_checkin)).days if s.last_checkin else None
            steps = f"{s.open_steps}" + (f" ({s.overdue_steps} overdue)" if s.overdue_steps else "")
            rows.append([
                [pdf.cell(s.team.state_name, "cell_bold"), pdf.cell(s.team.organization, "cell_muted")],
                pdf.cell(str(s.checkins), "cell_right"),
                pdf.cell(pdf.short_date(s.last_checkin) if s.last_checkin else "Never"),
                pdf.cell("–" if since is None else str(since), "cell_right"),
                pdf.cell(pdf.short_date(s.next_checkin) if s.next_checkin else "–"),
                pdf.cell(steps, "cell_right"),
            ])
        story.append(pdf.table(rows, [width * 0.3, width * 0.12, width * 0.15, width * 0.11, width * 0.15,
                                      width * 0.17]))
    doc.build(story)
    notify(progress, 3, 3, "Done")
    return doc.out_path


def growth_tables(summaries: list[TeamSummary], framework: Framework | None, width: float) -> list:
    """Dimensions down, teams across: "baseline → latest" in each cell."""
    from equitycohort.export import pdf

    heading = pdf.heading("Self-assessment by dimension", 1, outline=0)
    rated = [s for s in summaries if s.growth]
    if framework is None or not rated:
        return [heading, pdf.para("No team has recorded a self-assessment yet.", "note")]
    intro = [heading, pdf.lead(pdf.rich(
        f"Each cell reads <b>baseline → latest</b> stage on the {pdf.markup(framework.name)} "
        f"(1 {escape(framework.level_name(1))} to {framework.max_rank} "
        f"{escape(framework.level_name(framework.max_rank))}); a single figure means one round so far. "
        "Teams are shown by state code.", "small"))]
    story: list = []
    for start in range(0, len(rated), TEAMS_PER_TABLE):
        chunk = rated[start:start + TEAMS_PER_TABLE]
        last_chunk = start + TEAMS_PER_TABLE >= len(rated)
        dim_w = width * 0.28
        cohort_w = width * 0.14 if last_chunk else 0
        col_w = (width - dim_w - cohort_w) / max(len(chunk), 1)
        header = [pdf.head("Dimension")] + [pdf.head(s.team.state) for s in chunk]
        if last_chunk:
            header.append(pdf.head("Cohort"))
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
        return f"{v:g}"

    if baseline is None:
        return "–"
    if latest is None:
        return fmt(baseline)
    return f"{fmt(baseline)} → {fmt(latest)}"
