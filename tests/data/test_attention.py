"""What needs attention: each rule appears when due and leaves when dealt with."""

from __future__ import annotations

import datetime as dt

import pytest

from equitycohort.data.attention import attention, rounds_due

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def team(ws, cohort):
    return ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Kids"}).id


def titles(ws, section, **kw):
    return [item.title for item in attention(ws, TODAY, **kw)[section]]


def test_a_team_appears_when_its_last_checkin_ages_past_n_weeks_and_leaves_after_a_new_one(ws, team):
    ws.insert("checkins", {"team_id": team, "date": "2026-05-25", "mode": "call"})  # 3 weeks before
    assert titles(ws, "Teams not contacted", weeks=4) == []
    assert titles(ws, "Teams not contacted", weeks=2) == ["Iowa: Iowa Kids"]
    later = attention(ws, TODAY + dt.timedelta(weeks=2), weeks=4)["Teams not contacted"]
    assert [i.record_id for i in later] == [team] and "5 weeks ago" in later[0].detail
    ws.insert("checkins", {"team_id": team, "date": (TODAY + dt.timedelta(weeks=2)).isoformat(), "mode": "visit"})
    assert attention(ws, TODAY + dt.timedelta(weeks=2), weeks=4)["Teams not contacted"] == []


def test_a_team_never_contacted_shows_once_the_cohort_is_n_weeks_old(ws, team):
    assert titles(ws, "Teams not contacted") == ["Iowa: Iowa Kids"]  # cohort began in January
    item = attention(ws, TODAY)["Teams not contacted"][0]
    assert item.detail == "no check-in recorded yet" and item.topic == "checkins" and item.table == "teams"


def test_overdue_next_steps_and_actions(ws, team):
    checkin = ws.insert("checkins", {"team_id": team, "date": "2026-06-01", "mode": "call"}).id
    late = ws.insert("next_steps", {"checkin_id": checkin, "description": "Send the brief\nwith notes",
                                    "due_date": "2026-06-10"}).id
    ws.insert("next_steps", {"checkin_id": checkin, "description": "Future", "due_date": "2026-07-01"})
    ws.insert("next_steps", {"checkin_id": checkin, "description": "Done already", "due_date": "2026-06-01", "done": 1})
    assert titles(ws, "Overdue next steps") == ["Send the brief"]
    goal = ws.insert("goals", {"team_id": team, "title": "Data"}).id
    ws.insert("actions", {"goal_id": goal, "title": "Late", "due_date": "2026-06-01", "status": "blocked"})
    ws.insert("actions", {"goal_id": goal, "title": "Finished", "due_date": "2026-06-01", "status": "done"})
    items = attention(ws, TODAY)["Overdue workplan actions"]
    assert [i.title for i in items] == ["Late"] and items[0].topic == "workplans" and items[0].table == "actions"
    ws.update("next_steps", late, {"done": 1})
    assert titles(ws, "Overdue next steps") == []


def test_sessions_without_attendance_and_coming_up(ws, cohort, team):
    person = ws.insert("people", {"name": "Ana"}).id
    ws.insert("team_members", {"team_id": team, "person_id": person})
    past = ws.insert("sessions", {"cohort_id": cohort, "title": "Past", "date": "2026-06-09"}).id
    ws.insert("sessions", {"cohort_id": cohort, "title": "Cancelled", "date": "2026-06-02", "status": "cancelled"})
    ws.insert("sessions", {"cohort_id": cohort, "title": "Soon", "date": "2026-06-20"})
    ws.insert("sessions", {"cohort_id": cohort, "title": "Later", "date": "2026-07-20"})
    assert titles(ws, "Sessions without attendance") == ["Past"]
    assert titles(ws, "Coming up in the next 14 days") == ["Soon"]
    ws.insert("attendance", {"session_id": past, "person_id": person, "status": "present"})
    assert titles(ws, "Sessions without attendance") == []


def test_the_latest_round_due_is_asked_for(ws, team):
    framework = ws.insert("frameworks", {"name": "F"}).id
    assert [r for r, _ in rounds_due(dt.date(2026, 1, 13), dt.date(2026, 7, 13))] == ["baseline", "midpoint", "end"]
    assert "midpoint assessment due since Apr 13, 2026" in attention(ws, TODAY)["Assessments due"][0].detail
    ws.insert("assessments", {"team_id": team, "framework_id": framework, "round": "midpoint", "date": "2026-04-20"})
    assert attention(ws, TODAY)["Assessments due"] == []


def test_closed_cohorts_ask_nothing(ws, cohort, team):
    ws.update("cohorts", cohort, {"phase": "closed"})
    assert all(not items for items in attention(ws, TODAY).values())


def test_scoped_to_one_cohort(ws, program, cohort, team):
    other = ws.insert("cohorts", {"program_id": program, "name": "Other", "start_date": "2026-01-01",
                                  "end_date": "2026-07-01", "phase": "active"}).id
    ws.insert("teams", {"cohort_id": other, "state": "WA", "organization": "Cascadia"})
    assert len(attention(ws, TODAY)["Teams not contacted"]) == 2
    assert [i.record_id for i in attention(ws, TODAY, cohort_id=cohort)["Teams not contacted"]] == [team]


# --- check-ins due by cadence, overdue milestones (issue 14) ---------------------------------------

def details(ws, section, today=TODAY, **kw):
    return [(item.title, item.detail, item.date) for item in attention(ws, today, **kw)[section]]


def test_a_check_in_falls_due_on_the_date_planned_at_the_last_one(ws, team):
    ws.insert("checkins", {"team_id": team, "date": "2026-06-01", "mode": "call",
                           "next_checkin_date": "2026-06-19"})
    assert details(ws, "Check-ins due") == [("Iowa: Iowa Kids", "due Jun 19, 2026 · planned at the last check-in",
                                             "2026-06-19")]  # within the week ahead
    assert details(ws, "Check-ins due", dt.date(2026, 6, 10)) == []  # not yet
    assert details(ws, "Check-ins due", dt.date(2026, 6, 22))[0][1] == \
        "overdue since Jun 19, 2026 · planned at the last check-in"
    # a check-in held clears it
    ws.insert("checkins", {"team_id": team, "date": "2026-06-22", "mode": "video"})
    assert details(ws, "Check-ins due", dt.date(2026, 6, 22)) == []


def test_without_a_planned_date_the_team_s_cadence_decides(ws, team, cohort):
    ws.insert("checkins", {"team_id": team, "date": "2026-05-20", "mode": "call"})
    # an active cohort: every 4 weeks, so due June 17
    assert details(ws, "Check-ins due")[0][1:] == ("due Jun 17, 2026 · every 4 weeks since the last check-in",
                                                   "2026-06-17")
    ws.update("teams", team, {"checkin_weeks": 6})  # the team's own cadence
    assert details(ws, "Check-ins due") == []
    assert details(ws, "Check-ins due", dt.date(2026, 7, 1))[0][1].startswith("due today")
    # past its own interval the team counts as not contacted (once, not in both sections)
    late = attention(ws, dt.date(2026, 7, 2))
    assert late["Check-ins due"] == [] and late["Teams not contacted"][0].detail == "last check-in 6 weeks ago"


def test_the_community_of_practice_is_followed_up_too_every_8_weeks(ws, team, cohort):
    ws.update("cohorts", cohort, {"phase": "community"})
    ws.insert("checkins", {"team_id": team, "date": "2026-05-01", "mode": "call"})
    assert details(ws, "Check-ins due") == []  # 6 weeks: not yet
    assert details(ws, "Check-ins due", dt.date(2026, 6, 26))[0][1] == \
        "due today · every 8 weeks since the last check-in"
    ws.update("cohorts", cohort, {"phase": "closed"})
    assert details(ws, "Check-ins due", dt.date(2026, 6, 26)) == []  # a closed cohort asks nothing


def test_a_team_not_contacted_is_not_listed_twice(ws, team):
    ws.insert("checkins", {"team_id": team, "date": "2026-04-01", "mode": "call"})
    sections = attention(ws, TODAY, weeks=4)
    assert [i.record_id for i in sections["Teams not contacted"]] == [team]
    assert sections["Check-ins due"] == []


def test_overdue_milestones_appear_and_leave_when_reached(ws, team):
    late = ws.insert("milestones", {"team_id": team, "title": "First brief published",
                                    "due_date": "2026-06-01"}).id
    ws.insert("milestones", {"team_id": team, "title": "Later", "due_date": "2026-07-01"})
    [item] = attention(ws, TODAY)["Overdue milestones"]
    assert (item.title, item.detail, item.date, item.table, item.topic, item.team) == (
        "First brief published", "Iowa · not reached", "2026-06-01", "milestones", "workplans", "Iowa")
    ws.update("milestones", late, {"reached_date": "2026-06-10"})
    assert attention(ws, TODAY)["Overdue milestones"] == []


def test_the_attention_command_prints_one_item_a_line(ws, team, tmp_path, capsys):
    from equitycohort.cli import main

    ws.insert("milestones", {"team_id": team, "title": "First brief published", "due_date": "2026-06-01"})
    ws.checkpoint()
    assert main(["attention", str(ws.path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "milestone-overdue\tIowa\tFirst brief published\t2026-06-01" in lines
    assert all(len(line.split("\t")) == 4 for line in lines)
    assert main(["attention", str(ws.path), "--weeks", "0"]) == 2
    assert "--weeks takes a whole number" in capsys.readouterr().err
