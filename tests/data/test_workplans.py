"""Workplans: derived progress, the overdue rules, reordering and status changes as single undo steps."""

from __future__ import annotations

import datetime as dt

import pytest

from equitycohort.data.errors import ValidationError
from equitycohort.data.workplans import (
    action_overdue,
    add_action,
    add_goal,
    add_milestone,
    format_figure,
    goal_progress,
    load_workplan,
    milestone_overdue,
    move_action,
    move_goal,
    overdue_actions,
    plan_summaries,
    set_action_status,
    set_milestone_reached,
    team_of,
    update_action,
)

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def team(ws, cohort):
    return ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "Iowa Children First"}).id


def goal_titles(ws, team_id) -> list[str]:
    return [g.title for g in load_workplan(ws, team_id).goals]


def action_titles(ws, team_id, goal_id) -> list[str]:
    return [a.title for a in load_workplan(ws, team_id).goal(goal_id).actions]


# --- derived progress ---------------------------------------------------------

@pytest.mark.parametrize(("baseline", "target", "current", "expected"), [
    (0, 6, 2, 1 / 3),
    (0, 6, 0, 0.0),
    (0, 6, 6, 1.0),
    (0, 6, 9, 1.0),        # past the target: capped
    (0, 6, -1, 0.0),       # below the baseline: never negative
    (40, 10, 25, 0.5),     # a goal that goes down
    (40, 10, 10, 1.0),
    (40, 10, 50, 0.0),     # went the wrong way
    (5, 5, 5, 1.0),        # target equals baseline: met or not
    (5, 5, 4, 0.0),
    (1.5, 2.5, 2.0, 0.5),
])
def test_goal_progress(baseline, target, current, expected):
    assert goal_progress(baseline, target, current) == pytest.approx(expected)


@pytest.mark.parametrize("figures", [(None, 6, 2), (0, None, 2), (0, 6, None), (None, None, None)])
def test_a_missing_figure_makes_a_goal_unmeasurable(figures):
    assert goal_progress(*figures) is None


def test_plan_progress_is_the_mean_of_measurable_goals(ws, team):
    plan = load_workplan(ws, team)
    assert plan.goals == () and plan.progress is None and plan.action_count == 0
    add_goal(ws, team, {"title": "Briefs", "baseline": 0, "target": 6, "current": 3})       # 50%
    add_goal(ws, team, {"title": "Waiting list", "baseline": 40, "target": 10, "current": 34})  # 20%
    add_goal(ws, team, {"title": "Not measured yet", "baseline": 0, "target": 5})           # no current value
    plan = load_workplan(ws, team)
    assert [g.progress for g in plan.goals] == [pytest.approx(0.5), pytest.approx(0.2), None]
    assert plan.progress == pytest.approx(0.35)
    assert plan.measurable_goals == 2


def test_progress_is_never_stored_it_follows_the_figures(ws, team):
    goal = add_goal(ws, team, {"title": "Briefs", "baseline": 0, "target": 4, "current": 1}).id
    assert load_workplan(ws, team).progress == pytest.approx(0.25)
    ws.update("goals", goal, {"current": 3})
    assert load_workplan(ws, team).progress == pytest.approx(0.75)
    ws.undo()
    assert load_workplan(ws, team).progress == pytest.approx(0.25)


def test_action_completion_counts(ws, team):
    goal = add_goal(ws, team, {"title": "Briefs"}).id
    ids = [add_action(ws, goal, {"title": f"Step {i}"}).id for i in range(4)]
    set_action_status(ws, ids[0], "done")
    set_action_status(ws, ids[1], "blocked")
    plan = load_workplan(ws, team)
    assert (plan.actions_done, plan.action_count) == (1, 4)
    assert (plan.goals[0].actions_done, plan.goals[0].action_count) == (1, 4)
    assert plan.status_counts() == {"not_started": 2, "in_progress": 0, "blocked": 1, "done": 1}


def test_plan_summaries_cover_every_team_of_the_cohort(ws, cohort, team):
    other = ws.insert("teams", {"cohort_id": cohort, "state": "MN", "organization": "Minnesota Kids"}).id
    goal = add_goal(ws, team, {"title": "Briefs", "baseline": 0, "target": 4, "current": 1}).id
    add_goal(ws, team, {"title": "Partners", "baseline": 10, "target": 0, "current": 5})
    add_goal(ws, team, {"title": "Unmeasured"})
    add_action(ws, goal, {"title": "Late", "due_date": "2026-03-01"})
    add_action(ws, goal, {"title": "Done late", "due_date": "2026-03-01", "status": "done"})
    add_action(ws, goal, {"title": "Later", "due_date": "2026-04-01"})
    add_milestone(ws, team, {"title": "Missed", "due_date": "2026-02-01"})
    add_milestone(ws, team, {"title": "Reached", "due_date": "2026-02-01", "reached_date": "2026-02-03"})
    summaries = plan_summaries(ws, cohort, today=TODAY)
    assert set(summaries) == {team, other}
    iowa = summaries[team]
    assert iowa.progress == pytest.approx(load_workplan(ws, team).progress) == pytest.approx((0.25 + 0.5) / 2)
    assert (iowa.goals, iowa.measurable_goals) == (3, 2)
    assert (iowa.actions, iowa.actions_done, iowa.overdue_actions) == (3, 1, 1)
    assert (iowa.milestones, iowa.milestones_reached, iowa.overdue_milestones) == (2, 1, 1)
    empty = summaries[other]
    assert empty.progress is None and empty.goals == 0 and empty.actions == 0


# --- overdue ------------------------------------------------------------------

@pytest.mark.parametrize(("status", "due", "overdue"), [
    ("not_started", "2026-03-09", True),
    ("in_progress", "2026-03-09", True),
    ("blocked", "2026-01-01", True),
    ("done", "2026-03-09", False),        # done is never overdue
    ("in_progress", "2026-03-10", False),  # due today is not yet overdue
    ("in_progress", "2026-03-11", False),
    ("in_progress", None, False),          # no due date, nothing to be late for
])
def test_action_overdue_rule(status, due, overdue):
    assert action_overdue(status, due, TODAY) is overdue


@pytest.mark.parametrize(("due", "reached", "overdue"), [
    ("2026-03-09", None, True),
    ("2026-03-09", "2026-03-09", False),
    ("2026-03-09", "2026-03-10", False),   # reached late is reached
    ("2026-03-10", None, False),
    (None, None, False),
])
def test_milestone_overdue_rule(due, reached, overdue):
    assert milestone_overdue(due, reached, TODAY) is overdue


def test_overdue_actions_and_milestones_of_a_plan_and_a_cohort(ws, cohort, team):
    goal = add_goal(ws, team, {"title": "Briefs"}).id
    late = add_action(ws, goal, {"title": "Late", "due_date": "2026-03-01", "status": "in_progress"}).id
    later = add_action(ws, goal, {"title": "Later", "due_date": "2026-02-01"}).id
    add_action(ws, goal, {"title": "On time", "due_date": "2026-03-20"})
    missed = add_milestone(ws, team, {"title": "Missed", "due_date": "2026-03-01"}).id
    plan = load_workplan(ws, team)
    assert {a.id for a in plan.overdue_actions(TODAY)} == {late, later}
    assert [m["id"] for m in plan.overdue_milestones(TODAY)] == [missed]
    found = overdue_actions(ws, cohort, TODAY)
    assert [(t.team_id, t.goal_title, t.action.id) for t in found] == [(team, "Briefs", later), (team, "Briefs", late)]
    set_action_status(ws, late, "done")
    set_milestone_reached(ws, missed, TODAY)
    plan = load_workplan(ws, team)
    assert [a.id for a in plan.overdue_actions(TODAY)] == [later]
    assert plan.overdue_milestones(TODAY) == []
    assert ws.undo_label == "Mark milestone reached"


# --- order --------------------------------------------------------------------

def test_new_goals_actions_and_milestones_go_last(ws, team):
    first = add_goal(ws, team, {"title": "A"}).id
    second = add_goal(ws, team, {"title": "B"}).id
    assert [ws.get("goals", g)["position"] for g in (first, second)] == [0, 1]
    assert [ws.get("actions", add_action(ws, second, {"title": t}).id)["position"] for t in "xyz"] == [0, 1, 2]
    assert ws.get("actions", add_action(ws, first, {"title": "w"}).id)["position"] == 0
    assert [ws.get("milestones", add_milestone(ws, team, {"title": t}).id)["position"] for t in "mn"] == [0, 1]
    assert ws.undo_label == "Add milestone"


def test_move_goal_renumbers_siblings_in_one_undo_step(ws, team):
    ids = [add_goal(ws, team, {"title": t}).id for t in "ABCD"]
    steps = len(ws._undo)
    assert move_goal(ws, ids[3], -2).changed
    assert goal_titles(ws, team) == ["A", "D", "B", "C"]
    assert [g.position for g in load_workplan(ws, team).goals] == [0, 1, 2, 3]
    assert len(ws._undo) == steps + 1 and ws.undo_label == "Move goal"
    ws.undo()
    assert goal_titles(ws, team) == ["A", "B", "C", "D"]
    ws.redo()
    assert goal_titles(ws, team) == ["A", "D", "B", "C"]


def test_move_goal_at_an_end_does_nothing(ws, team):
    ids = [add_goal(ws, team, {"title": t}).id for t in "AB"]
    label = ws.undo_label
    assert not move_goal(ws, ids[0], -1).changed
    assert not move_goal(ws, ids[1], +1).changed
    assert not move_goal(ws, ids[1], 0).changed
    assert goal_titles(ws, team) == ["A", "B"] and ws.undo_label == label


def test_move_renumbers_positions_that_tie(ws, team):
    """Imported or hand-made plans may share positions; a move still does what the user sees."""
    ids = [add_goal(ws, team, {"title": t}).id for t in "ABC"]
    with ws.operation("Flatten") as op:
        for goal in ids:
            op.update("goals", goal, {"position": 0})
    shown = goal_titles(ws, team)
    move_goal(ws, load_workplan(ws, team).goals[2].id, -1)
    assert goal_titles(ws, team) == [shown[0], shown[2], shown[1]]
    assert [g.position for g in load_workplan(ws, team).goals] == [0, 1, 2]


def test_move_action_stays_within_its_goal(ws, team):
    goal = add_goal(ws, team, {"title": "G"}).id
    other = add_goal(ws, team, {"title": "H"}).id
    ids = [add_action(ws, goal, {"title": t}).id for t in "abc"]
    add_action(ws, other, {"title": "z"})
    assert move_action(ws, ids[0], +1).changed
    assert action_titles(ws, team, goal) == ["b", "a", "c"]
    assert ws.undo_label == "Move action"
    assert move_action(ws, ids[0], +5).changed  # clamped to the end
    assert action_titles(ws, team, goal) == ["b", "c", "a"]
    assert not move_action(ws, ids[0], +1).changed
    assert action_titles(ws, team, other) == ["z"]
    ws.undo()
    ws.undo()
    assert action_titles(ws, team, goal) == ["a", "b", "c"]


def test_an_action_moved_to_another_goal_goes_last_there(ws, team):
    goal = add_goal(ws, team, {"title": "G"}).id
    other = add_goal(ws, team, {"title": "H"}).id
    moving = add_action(ws, goal, {"title": "a"}).id
    add_action(ws, other, {"title": "x"})
    add_action(ws, other, {"title": "y"})
    update_action(ws, moving, {"goal_id": other, "title": "a"})
    assert action_titles(ws, team, other) == ["x", "y", "a"]
    assert ws.undo_label == "Edit action"


# --- status -------------------------------------------------------------------

def test_set_action_status_is_one_labelled_step(ws, team):
    goal = add_goal(ws, team, {"title": "G"}).id
    action = add_action(ws, goal, {"title": "a"}).id
    assert set_action_status(ws, action, "done").changed
    assert ws.undo_label == "Mark action done"
    assert load_workplan(ws, team).actions_done == 1
    assert not set_action_status(ws, action, "done").changed  # unchanged: no new step
    assert set_action_status(ws, action, "in_progress").changed
    assert ws.undo_label == "Mark action in progress"
    ws.undo()
    assert ws.get("actions", action)["status"] == "done"
    ws.undo()
    assert ws.get("actions", action)["status"] == "not_started"


def test_set_action_status_refuses_an_unknown_status(ws, team):
    action = add_action(ws, add_goal(ws, team, {"title": "G"}).id, {"title": "a"}).id
    with pytest.raises(ValidationError) as caught:
        set_action_status(ws, action, "finished")
    assert caught.value.errors[0].field == "status"


def test_due_date_before_start_is_refused_at_the_due_date(ws, team):
    goal = add_goal(ws, team, {"title": "G"}).id
    with pytest.raises(ValidationError) as caught:
        add_action(ws, goal, {"title": "a", "start_date": "2026-03-10", "due_date": "2026-03-01"})
    assert [e.field for e in caught.value.errors] == ["due_date"]
    assert load_workplan(ws, team).action_count == 0


def test_team_of_any_workplan_record(ws, team):
    goal = add_goal(ws, team, {"title": "G"}).id
    action = add_action(ws, goal, {"title": "a"}).id
    milestone = add_milestone(ws, team, {"title": "m", "goal_id": goal}).id
    assert {team_of(ws, t, i) for t, i in (("teams", team), ("goals", goal), ("actions", action),
                                           ("milestones", milestone))} == {team}
    assert team_of(ws, "actions", "nope") is None


def test_deleting_a_goal_takes_its_actions_and_keeps_its_milestones(ws, team):
    goal = add_goal(ws, team, {"title": "G"}).id
    add_action(ws, goal, {"title": "a"})
    milestone = add_milestone(ws, team, {"title": "m", "goal_id": goal}).id
    ws.delete("goals", goal)
    plan = load_workplan(ws, team)
    assert plan.goals == () and plan.action_count == 0
    assert ws.get("milestones", milestone)["goal_id"] is None
    ws.undo()
    assert load_workplan(ws, team).action_count == 1


def test_format_figure():
    assert format_figure(None) == "–"
    assert format_figure(6.0, "briefs") == "6 briefs"
    assert format_figure(1200.0) == "1,200"
    assert format_figure(2.5, "%") == "2.5 %"
