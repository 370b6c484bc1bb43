"""Small workspaces for the export tests, built through the public write door."""

from __future__ import annotations

from dataclasses import dataclass, field

from equitycohort.data.frameworks import install_default_framework
from equitycohort.data.teams import add_leader

#: names a roster must carry exactly as typed, in any script, with markup-like text
TRICKY_NAMES = (
    "محمد عبد الله",  # Arabic
    "Nguyễn Thị Hương",  # Vietnamese
    "Łucja Żółkiewska-Węgiel",  # Polish
    "Γιώργος Παπαδόπουλος",  # Greek
    "Sam 🎉 Rivera 😀",  # emoji
    "<b>Bold</b> Baker",
    "Pat R&D Lee",
    "Ira <img src=x> Stone",
)


@dataclass
class Built:
    program: str
    cohort: str
    teams: dict[str, str] = field(default_factory=dict)  # state -> team id
    sessions: list[str] = field(default_factory=list)
    cancelled: str | None = None
    people: dict[str, str] = field(default_factory=dict)  # name -> person id
    framework: str | None = None
    checkins: dict[str, str] = field(default_factory=dict)  # state -> check-in id


def team_with_plan(ws, op, cohort: str, state: str, organization: str, leaders: list[tuple],
                   goals: list[dict], built: Built) -> str:
    team = op.insert("teams", {"cohort_id": cohort, "state": state, "organization": organization})
    built.teams[state] = team
    for position, (name, role, director, email) in enumerate(leaders):
        built.people[name] = add_leader(op, team, {"name": name, "email": email, "organization": organization},
                                        role=role, executive_director=director, position=position)
    for position, goal in enumerate(goals):
        actions = goal.pop("actions", [])
        goal_id = op.insert("goals", {"team_id": team, "position": position, **goal})
        for n, action in enumerate(actions):
            op.insert("actions", {"goal_id": goal_id, "position": n, **action})
        op.insert("milestones", {"team_id": team, "goal_id": goal_id, "title": f"{goal['title']} milestone",
                                 "due_date": "2026-05-01"})
    return team


def build_cohort(ws, *, program_name: str = "Operationalizing Equity", cohort_name: str = "Cohort 1",
                 start: str = "2026-01-13", end: str = "2026-07-13", extra_states: tuple[str, ...] = (),
                 tricky: bool = False, framework: str | None = None) -> Built:
    """A cohort of two detailed teams (Iowa, Minnesota) plus ``extra_states``."""
    program = ws.rows("SELECT id FROM programs WHERE name = ?", (program_name,))
    program_id = program[0]["id"] if program else ws.insert("programs", {
        "name": program_name, "organization": "Alliance for Early Opportunity"}).id
    framework = framework or install_default_framework(ws).id
    built = Built(program_id, "", framework=framework)
    with ws.operation("Build test cohort") as op:
        cohort = op.insert("cohorts", {"program_id": program_id, "name": cohort_name, "start_date": start,
                                       "end_date": end, "phase": "active"})
        built.cohort = cohort
        iowa_leaders = [("Ana Pérez", "Policy Director", False, f"ana.{cohort_name[-1]}@iowa.example.org"),
                        ("Ben Okafor", "Executive Director", True, f"ben.{cohort_name[-1]}@iowa.example.org"),
                        ("Chloé Martin", "Organizer", False, None)]
        if tricky:
            iowa_leaders += [(name, "Member", False, f"t{i}.{cohort_name[-1]}@tricky.example.org")
                             for i, name in enumerate(TRICKY_NAMES)]
        team_with_plan(ws, op, cohort, "IA", "Iowa Children First", iowa_leaders, [
            {"title": "Expand child care subsidies", "indicator": "Families enrolled", "unit": "families",
             "baseline": 1200, "target": 2000, "current": 1600,
             "actions": [{"title": "Meet the appropriations chair", "status": "done", "due_date": "2026-02-10"},
                         {"title": "Publish the subsidy brief", "status": "in_progress",
                          "due_date": "2026-04-15", "support_needed": "Data disaggregated by county"}]},
            {"title": "Equity screen for every bill", "indicator": "Share of positions screened",
             "unit": "%", "baseline": 10, "target": 100, "current": 55,
             "actions": [{"title": "Draft the equity screen", "status": "blocked", "due_date": "2026-03-01"}]},
        ], built)
        team_with_plan(ws, op, cohort, "MN", "Minnesota Kids Alliance", [
            ("Dana Whitfield", "Executive Director", True, f"dana.{cohort_name[-1]}@mn.example.org"),
            ("Eli Navarro", "Communications Lead", False, f"eli.{cohort_name[-1]}@mn.example.org"),
            ("Fatima Noor", "Research Manager", False, f"fatima.{cohort_name[-1]}@mn.example.org"),
        ], [
            {"title": "Secret Minnesota paid leave goal", "indicator": "Employers covered",
             "baseline": 0, "target": 40, "current": 9,
             "actions": [{"title": "Minnesota coalition kickoff", "status": "not_started"}]},
        ], built)
        for i, state in enumerate(extra_states):
            team_with_plan(ws, op, cohort, state, f"{state} Families Network", [
                (f"Leader {state} {k}", "Executive Director" if k == 0 else "Organizer", k == 0,
                 f"leader{k}.{state.lower()}.{cohort_name[-1]}@example.org") for k in range(3)
            ], [{"title": f"{state} goal {i}", "indicator": "Count", "baseline": 0, "target": 10,
                 "current": i % 10}], built)
        facilitator = op.insert("people", {"name": "Grace Facilitator", "kind": "facilitator"})
        sessions = [
            ("Kickoff", "2026-01-20", "in_person", "held", None, "Des Moines Public Library, Room 2"),
            ("Data for equity", "2026-02-17", "virtual", "held", None, None),
            ("Policy screening workshop", "2026-03-17", "virtual", "cancelled", None, None),
            ("Spring convening", "2026-04-21", "in_person", "scheduled", None, "Hotel Fort Des Moines"),
            ("Iowa support call", "2026-05-05", "virtual", "scheduled", "IA", None),
            ("Minnesota support call", "2026-05-06", "virtual", "scheduled", "MN", None),
        ]
        for title, date, fmt, status, team_state, place in sessions:
            values = {"cohort_id": cohort, "title": title, "date": date, "format": fmt, "status": status,
                      "start_time": "13:00", "duration_minutes": 90, "timezone": "America/Chicago",
                      "agenda": f"Welcome\nWork on {title.lower()}\nClose", "location": place,
                      "link": "https://meet.example.org/equity" if fmt == "virtual" else None}
            if team_state:
                values.update(kind="team", team_id=built.teams[team_state])
            session = op.insert("sessions", values)
            op.insert("session_facilitators", {"session_id": session, "person_id": facilitator})
            built.sessions.append(session)
            if status == "cancelled":
                built.cancelled = session
            if status == "held":
                for name, person in built.people.items():
                    op.insert("attendance", {"session_id": session, "person_id": person,
                                             "status": "absent" if name.startswith("Chlo") else "present"})
        levels = {r["rank"]: r["id"] for r in ws.rows("SELECT id, rank FROM levels WHERE framework_id = ?",
                                                      (framework,))}
        assert levels
        dims = [r["id"] for r in ws.rows(
            "SELECT id FROM dimensions WHERE framework_id = ? ORDER BY position", (framework,))]
        for state, shift in (("IA", 1), ("MN", 0)):
            for round_code, date, bump in (("baseline", "2026-01-20", 0), ("midpoint", "2026-04-01", shift)):
                assessment = op.insert("assessments", {"team_id": built.teams[state], "framework_id": framework,
                                                       "round": round_code, "date": date})
                for n, dim in enumerate(dims):
                    op.insert("ratings", {"assessment_id": assessment, "dimension_id": dim,
                                          "level": min(4, 1 + n % 3 + bump), "evidence": "Seen in practice"})
        for state in ("IA", "MN"):
            name = "Iowa" if state == "IA" else "Minnesota"
            checkin = op.insert("checkins", {
                "team_id": built.teams[state], "date": "2026-02-24", "mode": "video",
                "facilitator_id": facilitator, "summary": f"{name} shared summary of progress",
                "wins": f"{name} win: bill hearing scheduled", "challenges": f"{name} challenge: staff turnover",
                "support_requested": f"{name} asks for data support",
                "private_notes": f"PRIVATE {name} note: board tension", "next_checkin_date": "2026-03-24"})
            op.insert("next_steps", {"checkin_id": checkin, "description": f"{name} next step: send the brief",
                                     "due_date": "2026-03-10", "done": 0})
            built.checkins[state] = checkin
    return built
