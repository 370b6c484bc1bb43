"""The self-assessment framework that ships with the app, and helpers to load one.

A framework is plain data first (``DEFAULT_FRAMEWORK``): a name, ordered
levels and dimensions, each dimension with one descriptor per level. The
wording was written for Equity Cohort from the aims of the program it serves
(racial justice, equity, diversity and inclusion in state advocacy); it is
not taken from any published instrument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from equitycohort.data.workspace import new_id

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: the tables a framework fills, parents first
FRAMEWORK_TABLES = ("frameworks", "levels", "dimensions", "descriptors")

DEFAULT_FRAMEWORK: dict = {
    "name": "Equity Journey Framework",
    "description": (
        "Where a state advocacy organization stands on its racial justice, equity, "
        "diversity and inclusion journey. Eight dimensions, each with four stages from "
        "Exploring to Leading. A team rates itself per dimension at baseline, midpoint "
        "and end of the cohort, with a note of the evidence, so that growth can be seen "
        "and discussed."
    ),
    "source": "Written for Equity Cohort",
    "licence": "CC BY 4.0",
    "levels": [
        {"rank": 1, "name": "Exploring"},
        {"rank": 2, "name": "Building"},
        {"rank": 3, "name": "Practising"},
        {"rank": 4, "name": "Leading"},
    ],
    "dimensions": [
        {
            "name": "Equity in the policy agenda",
            "description": (
                "How racial justice and equity shape which policies the organization "
                "pursues, and how it judges them."
            ),
            "descriptors": {
                1: "Equity appears in the values statement, but policy priorities are chosen "
                   "without asking who benefits and who is left out.",
                2: "Staff ask who is affected by a proposal for some priorities, usually late "
                   "in the process and without a shared tool.",
                3: "Every policy position goes through a written equity screen before it is "
                   "adopted, and the results have changed what the organization pursues.",
                4: "The agenda is built from the start with the communities most affected, and "
                   "the organization reports publicly how each position advances racial equity.",
            },
        },
        {
            "name": "Shared language and understanding",
            "description": (
                "Whether staff and board share definitions and can talk about race, racism "
                "and equity with confidence."
            ),
            "descriptors": {
                1: "Words such as equity, racial justice and inclusion mean different things to "
                   "different people; conversations about race are rare or avoided.",
                2: "A small group has drafted shared definitions and some staff have joined "
                   "learning sessions, but the language is used unevenly.",
                3: "A glossary agreed by staff and board is used in planning documents, "
                   "onboarding and public materials; people name race explicitly when it matters.",
                4: "Staff at every level can explain the organization's equity framing and help "
                   "coalition partners use it in their own work.",
            },
        },
        {
            "name": "Allyship and authentic partnership",
            "description": (
                "The depth and fairness of relationships with organizations led by, and "
                "serving, communities of colour."
            ),
            "descriptors": {
                1: "Partnerships with community-led groups are occasional and mostly "
                   "transactional, such as asking for sign-ons to positions already decided.",
                2: "Community-led partners are consulted before major decisions, but the "
                   "organization still sets the timelines, the credit and the resources.",
                3: "Partners co-design priorities, are paid for their time and credited in "
                   "public; the terms of each partnership are written down.",
                4: "The organization shares money and decision-making, follows partners' lead on "
                   "their issues and uses its own access to open doors for them.",
            },
        },
        {
            "name": "Data disaggregation and use",
            "description": (
                "How the organization collects, breaks down and communicates data so that "
                "inequities become visible."
            ),
            "descriptors": {
                1: "Data is reported as statewide totals or averages; differences between groups "
                   "are not visible in what the organization publishes.",
                2: "Some products break data down by race and ethnicity where it is easy to find; "
                   "what the data cannot show is rarely explained.",
                3: "Core products break data down by race, ethnicity, language, place and income "
                   "where possible, state their limits and pair numbers with community context.",
                4: "The organization presses state agencies for better disaggregated data, and "
                   "communities help decide which questions the data should answer.",
            },
        },
        {
            "name": "Immigrant and refugee communities",
            "description": (
                "How well the organization understands and serves immigrant and refugee "
                "families, including mixed-status families."
            ),
            "descriptors": {
                1: "Immigrant and refugee families are seldom considered on their own in policy "
                   "analysis or outreach; materials exist in English only.",
                2: "Staff know the main eligibility barriers immigrant families face and translate "
                   "some materials; ties with immigrant-led groups are new.",
                3: "Analysis routinely checks the effect on immigrant and mixed-status families; key "
                   "materials and meetings are offered in the languages families speak.",
                4: "Immigrant- and refugee-led organizations help set the agenda, and the "
                   "organization speaks up against policies that create fear or exclusion.",
            },
        },
        {
            "name": "Communications and broad audiences",
            "description": (
                "How the organization talks about racial justice and equity with the public, "
                "policymakers and unlikely allies."
            ),
            "descriptors": {
                1: "Public messages avoid race or speak of equity only in general terms; there is "
                   "no plan for audiences that may push back.",
                2: "Equity-centred messages have been tried in a few pieces, and the team is "
                   "learning what lands with which audience.",
                3: "Tested framing guides all communications; spokespeople include people with "
                   "lived experience, and messages name structural causes without blaming families.",
                4: "Coalition partners and reporters take up the organization's framing, and it "
                   "helps others hold steady when equity messages meet resistance.",
            },
        },
        {
            "name": "Internal practice, leadership and governance",
            "description": (
                "Whether hiring, pay, budgets, leadership and the board reflect the equity the "
                "organization seeks outside."
            ),
            "descriptors": {
                1: "Equity is treated as program work; hiring, pay, board recruitment and "
                   "decision-making have not been looked at through an equity lens.",
                2: "Leadership has named internal equity goals and begun reviewing one practice, "
                   "such as hiring or pay transparency.",
                3: "Written goals cover hiring, pay, board composition and how decisions are "
                   "made; the board reviews progress at least once a year.",
                4: "Leadership and board reflect the communities served, staff of colour hold real "
                   "decision-making power, and equity commitments are funded in the budget.",
            },
        },
        {
            "name": "Community voice and lived experience",
            "description": (
                "How the people most affected by policy shape the organization's work and are "
                "valued for their expertise."
            ),
            "descriptors": {
                1: "Families are invited to share their stories, usually at the end of a "
                   "campaign, and are not paid for their time.",
                2: "A few parents and caregivers advise on particular projects and receive "
                   "stipends; their input is gathered but not always acted on.",
                3: "A standing group of people with lived experience reviews priorities and "
                   "materials, and staff report back on how its advice was used.",
                4: "People with lived experience hold seats where decisions are made, lead "
                   "advocacy alongside staff and are supported to grow as leaders.",
            },
        },
    ],
}


def framework_rows(spec: dict) -> dict[str, list[dict]]:
    """Rows for ``Workspace.bulk_load`` (or ``Operation.insert``) from a spec.

    Keys come parents first: frameworks, levels, dimensions, descriptors. Every
    row carries its new "id", so callers find what they need in the result
    (``rows["frameworks"][0]["id"]``, the dimensions in order in
    ``rows["dimensions"]``). Descriptor keys may be ranks as ints or as strings
    (a spec read back from JSON).
    """
    framework_id = new_id()
    frameworks = [{
        "id": framework_id,
        "name": spec["name"],
        "description": spec.get("description"),
        "source": spec.get("source"),
        "licence": spec.get("licence"),
    }]
    levels = []
    level_ids: dict[int, str] = {}
    for level in spec.get("levels", []):
        rank = int(level["rank"])
        level_ids[rank] = new_id()
        levels.append({"id": level_ids[rank], "framework_id": framework_id,
                       "rank": rank, "name": level["name"]})
    dimensions = []
    descriptors = []
    for position, dim in enumerate(spec.get("dimensions", [])):
        dimension_id = new_id()
        dimensions.append({"id": dimension_id, "framework_id": framework_id,
                           "name": dim["name"], "description": dim.get("description"),
                           "position": position})
        for rank, text in (dim.get("descriptors") or {}).items():
            level_id = level_ids.get(int(rank))
            if level_id is None:
                raise ValueError(f"dimension {dim['name']!r} describes level {rank}, "
                                 "which the framework does not define")
            descriptors.append({"id": new_id(), "dimension_id": dimension_id,
                                "level_id": level_id, "text": text})
    return {"frameworks": frameworks, "levels": levels,
            "dimensions": dimensions, "descriptors": descriptors}


def install_framework(ws: Workspace, spec: dict, label: str | None = None) -> str:
    """Add a framework from a spec as one undoable step; returns its id."""
    rows = framework_rows(spec)
    with ws.operation(label or f"Add framework {spec['name']}") as op:
        for table in FRAMEWORK_TABLES:
            for row in rows[table]:
                op.insert(table, row)
    return rows["frameworks"][0]["id"]


def install_default_framework(ws: Workspace) -> str:
    """Add the framework that ships with the app as one undoable step."""
    return install_framework(ws, DEFAULT_FRAMEWORK, "Add default framework")
