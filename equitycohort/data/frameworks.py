"""The self-assessment framework that ships with the app, editing one, and JSON.

A framework is plain data first (``DEFAULT_FRAMEWORK``): a name, ordered
levels and dimensions, each dimension with one descriptor per level. The
wording was written for Equity Cohort from the aims of the program it serves
(racial justice, equity, diversity and inclusion in state advocacy); it is
not taken from any published instrument.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.validation import json_depth
from equitycohort.data.workspace import Change, done, new_id, unchanged

if TYPE_CHECKING:
    from equitycohort.data.workspace import Operation, Workspace

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
        {"rank": 3, "name": "Practicing"},
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
                "serving, communities of color."
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
                2: "Equity-centered messages have been tried in a few pieces, and the team is "
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
                4: "Leadership and board reflect the communities served, staff of color hold real "
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


def install_framework(ws: Workspace, spec: dict, label: str | None = None) -> Change:
    """Add a framework from a spec as one undoable step; the change names the framework."""
    rows = framework_rows(spec)
    with ws.operation(label or f"Add framework {spec['name']}") as op:
        for table in FRAMEWORK_TABLES:
            for row in rows[table]:
                op.insert(table, row)
        op.record_id = rows["frameworks"][0]["id"]
    return done(op)


def install_default_framework(ws: Workspace) -> Change:
    """Add the framework that ships with the app as one undoable step."""
    return install_framework(ws, DEFAULT_FRAMEWORK, "Add default framework")


# --- editing a framework: each helper is one undo step ---------------------

def _dimension(ws: Workspace, dimension_id: str) -> dict:
    row = ws.get("dimensions", dimension_id)
    if row is None:
        raise ValidationError(FieldError("id", "This dimension no longer exists."))
    return row


def _level(ws: Workspace, level_id: str) -> dict:
    row = ws.get("levels", level_id)
    if row is None:
        raise ValidationError(FieldError("id", "This level no longer exists."))
    return row


def edit_framework(ws: Workspace, framework_id: str, values: dict) -> Change:
    """Change a framework's name, description, source or licence."""
    return ws.update("frameworks", framework_id, values, "Edit framework details")


def delete_framework(ws: Workspace, framework_id: str) -> Change:
    """Delete a framework no assessment uses (the write door refuses one in use)."""
    row = ws.get("frameworks", framework_id)
    if row is None:
        return unchanged("Delete framework")
    return ws.delete("frameworks", framework_id, f"Delete framework {row['name']}")


def _write_descriptors(op: Operation, ws: Workspace, dimension_id: str, framework_id: str,
                       texts: dict[int, str | None]) -> None:
    levels: dict[int, str] = {r[0]: r[1] for r in ws.query(
        "SELECT rank, id FROM levels WHERE framework_id = ?", (framework_id,))}
    existing = {r["level_id"]: r["id"] for r in ws.rows(
        "SELECT id, level_id FROM descriptors WHERE dimension_id = ?", (dimension_id,))}
    for rank, text in texts.items():
        level_id = levels.get(int(rank))
        if level_id is None:
            raise ValidationError(FieldError(f"descriptor:{rank}", f"Descriptor: there is no level {rank}."))
        text = (text or "").strip()
        try:
            if not text:
                if level_id in existing:
                    op.delete("descriptors", existing[level_id])
            elif level_id in existing:
                op.update("descriptors", existing[level_id], {"text": text})
            else:
                op.insert("descriptors", {"dimension_id": dimension_id, "level_id": level_id, "text": text})
        except ValidationError as exc:
            raise ValidationError([FieldError(f"descriptor:{rank}", e.message) for e in exc.errors]) from exc


def save_dimension(ws: Workspace, framework_id: str, name: str, description: str | None = None,
                   descriptors: dict[int, str | None] | None = None, dimension_id: str | None = None) -> Change:
    """Add a dimension (last in order) or change one, with its descriptors, as one step.

    Descriptor errors name the field "descriptor:<rank>". The change names the dimension.
    """
    with ws.operation("Edit dimension" if dimension_id else f"Add dimension {name.strip()}") as op:
        if dimension_id:
            op.update("dimensions", dimension_id, {"name": name, "description": description})
        else:
            position = ws.scalar("SELECT coalesce(max(position) + 1, 0) FROM dimensions WHERE framework_id = ?",
                                 (framework_id,))
            dimension_id = op.insert("dimensions", {"framework_id": framework_id, "name": name,
                                                    "description": description, "position": position})
        if descriptors:
            _write_descriptors(op, ws, dimension_id, framework_id, descriptors)
        op.record_id = dimension_id
    return done(op)


def move_dimension(ws: Workspace, dimension_id: str, offset: int) -> Change:
    """Move a dimension up (offset < 0) or down in its framework's order."""
    row = _dimension(ws, dimension_id)
    ids = [r[0] for r in ws.query(
        "SELECT id FROM dimensions WHERE framework_id = ? ORDER BY position, name", (row["framework_id"],))]
    index = ids.index(dimension_id)
    target = max(0, min(len(ids) - 1, index + offset))
    label = f"Move dimension {row['name']} {'up' if offset < 0 else 'down'}"
    if target == index:
        return unchanged(label)
    ids.insert(target, ids.pop(index))
    with ws.operation(label) as op:
        for position, other in enumerate(ids):
            op.update("dimensions", other, {"position": position})
        op.record_id = dimension_id
    return done(op)


def dimension_ratings(ws: Workspace, dimension_id: str) -> int:
    """How many assessment answers rate this dimension (deleting it deletes them)."""
    return ws.scalar("SELECT count(*) FROM ratings WHERE dimension_id = ?", (dimension_id,))


def delete_dimension(ws: Workspace, dimension_id: str) -> Change:
    """Delete a dimension with its descriptors and the ratings given to it."""
    row = _dimension(ws, dimension_id)
    return ws.delete("dimensions", dimension_id, f"Delete dimension {row['name']}")


def next_level_rank(ws: Workspace, framework_id: str) -> int:
    """The rank a new level of a framework gets: one above the highest."""
    return ws.scalar("SELECT coalesce(max(rank), 0) + 1 FROM levels WHERE framework_id = ?", (framework_id,))


def level_at(ws: Workspace, framework_id: str, rank: int) -> dict | None:
    """The level of a framework at a rank, if there is one."""
    rows = ws.rows("SELECT * FROM levels WHERE framework_id = ? AND rank = ?", (framework_id, rank))
    return rows[0] if rows else None


def add_level(ws: Workspace, framework_id: str, name: str) -> Change:
    """Add a level above the highest one."""
    return ws.insert("levels", {"framework_id": framework_id, "rank": next_level_rank(ws, framework_id),
                                "name": name}, f"Add level {name.strip()}")


def rename_level(ws: Workspace, level_id: str, name: str) -> Change:
    _level(ws, level_id)
    return ws.update("levels", level_id, {"name": name}, "Rename level")


def delete_level(ws: Workspace, level_id: str) -> Change:
    """Delete a level no rating uses, with its descriptors; higher levels move down
    to close the gap when none of them is in use either."""
    row = _level(ws, level_id)
    with ws.operation(f"Delete level {row['name']}") as op:
        op.delete("levels", level_id)
        higher = ws.rows("SELECT id, rank FROM levels WHERE framework_id = ? AND rank > ? ORDER BY rank",
                         (row["framework_id"], row["rank"]))
        used = ws.scalar(
            "SELECT count(*) FROM ratings r JOIN assessments a ON a.id = r.assessment_id "
            "WHERE a.framework_id = ? AND r.level > ?", (row["framework_id"], row["rank"]))
        if not used:
            for level in higher:
                op.update("levels", level["id"], {"rank": level["rank"] - 1})
    return done(op)


# --- JSON: share a framework between workspaces ----------------------------

#: a framework file bigger than this is not a framework
JSON_LIMIT = 2_000_000
#: a framework is an object of lists of objects: a few levels of nesting; parsing
#: a file nested thousands deep would exhaust the stack
JSON_DEPTH = 32


def framework_spec(ws: Workspace, framework_id: str) -> dict:
    """A framework as plain data, in the shape of ``DEFAULT_FRAMEWORK``."""
    row = ws.get("frameworks", framework_id)
    if row is None:
        raise ValidationError(FieldError("id", "This framework no longer exists."))
    levels = ws.rows("SELECT id, rank, name FROM levels WHERE framework_id = ? ORDER BY rank", (framework_id,))
    rank_of = {level["id"]: level["rank"] for level in levels}
    dimensions = []
    for dim in ws.rows("SELECT id, name, description FROM dimensions WHERE framework_id = ? "
                       "ORDER BY position, name", (framework_id,)):
        texts = {rank_of[r["level_id"]]: r["text"] for r in ws.rows(
            "SELECT level_id, text FROM descriptors WHERE dimension_id = ?", (dim["id"],))
            if r["level_id"] in rank_of and r["text"]}
        dimensions.append({"name": dim["name"], "description": dim["description"] or "",
                           "descriptors": {str(rank): texts[rank] for rank in sorted(texts)}})
    return {
        "name": row["name"],
        "description": row["description"] or "",
        "source": row["source"] or "",
        "licence": row["licence"] or "",
        "levels": [{"rank": level["rank"], "name": level["name"]} for level in levels],
        "dimensions": dimensions,
    }


def export_framework_json(ws: Workspace, framework_id: str) -> str:
    """The framework as JSON text (UTF-8, readable, any script kept as written)."""
    return json.dumps(framework_spec(ws, framework_id), ensure_ascii=False, indent=2) + "\n"


def _text(value, what: str, errors: list[FieldError], field: str, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(FieldError(field, f"{what}: is missing or empty."))
        return None
    if not isinstance(value, str):
        errors.append(FieldError(field, f"{what}: must be text, not {type(value).__name__}."))
        return None
    return value


def _rank(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    # ASCII digits only: str.isdigit() is true of "²" and "৩", which int() refuses or misreads
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value.strip()):
        return int(value.strip())
    return None


def parse_framework_json(text: str) -> dict:
    """A framework spec from JSON text, or a ValidationError that says what is wrong.

    Expected: an object with "name", optional "description", "source" and
    "licence", "levels" [{"rank", "name"}] and "dimensions" [{"name",
    "description", "descriptors" {rank: text}}].
    """
    if len(text) > JSON_LIMIT:
        raise ValidationError(FieldError("json", "The file is too large to be a framework."))
    if not isinstance(text, str):
        raise ValidationError(FieldError("json", "The file is not text."))
    if json_depth(text) > JSON_DEPTH:
        raise ValidationError(FieldError("json", "The file does not hold a framework: its lists and objects "
                                                 f"nest more than {JSON_DEPTH} deep."))
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ValidationError(FieldError("json", "The file does not hold a framework: its lists and objects "
                                                 "nest too deep.")) from exc
    except ValueError as exc:
        where = f" (line {exc.lineno}, column {exc.colno}: {exc.msg})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ValidationError(FieldError("json", f"The file is not valid JSON{where}.")) from exc
    if not isinstance(data, dict):
        raise ValidationError(FieldError("json", "The file does not hold a framework: expected a JSON object "
                                                 "with a name, levels and dimensions."))
    errors: list[FieldError] = []
    spec: dict = {"name": _text(data.get("name"), "Name", errors, "name", required=True)}
    if "license" in data and "licence" not in data:  # either spelling is read; "licence" is written for older copies
        data = {**data, "licence": data["license"]}
    for key, what in (("description", "Description"), ("source", "Source"), ("licence", "License")):
        spec[key] = _text(data.get(key), what, errors, key)

    levels = data.get("levels")
    ranks: set[int] = set()
    spec["levels"] = []
    if not isinstance(levels, list) or not levels:
        errors.append(FieldError("levels", "Levels: the framework needs a list of levels, each with a rank and a name."))
    else:
        for n, level in enumerate(levels, start=1):
            if not isinstance(level, dict):
                errors.append(FieldError("levels", f"Levels: entry {n} is not an object with a rank and a name."))
                continue
            rank = _rank(level.get("rank"))
            if rank is None or not 1 <= rank <= 20:
                errors.append(FieldError("levels", f"Levels: entry {n} needs a whole-number rank from 1 to 20."))
                continue
            if rank in ranks:
                errors.append(FieldError("levels", f"Levels: rank {rank} appears more than once."))
                continue
            name = _text(level.get("name"), f"Levels: level {rank} name", errors, "levels", required=True)
            ranks.add(rank)
            spec["levels"].append({"rank": rank, "name": name})

    dimensions = data.get("dimensions")
    spec["dimensions"] = []
    if not isinstance(dimensions, list) or not dimensions:
        errors.append(FieldError("dimensions", "Dimensions: the framework needs a list of dimensions."))
    else:
        for n, dim in enumerate(dimensions, start=1):
            if not isinstance(dim, dict):
                errors.append(FieldError("dimensions", f"Dimensions: entry {n} is not an object with a name."))
                continue
            name = _text(dim.get("name"), f"Dimensions: dimension {n} name", errors, "dimensions", required=True)
            label = f"“{name}”" if name else str(n)
            description = _text(dim.get("description"), f"Dimensions: dimension {label} description",
                                 errors, "dimensions")
            descriptors = dim.get("descriptors") or {}
            texts: dict[int, str] = {}
            if not isinstance(descriptors, dict):
                errors.append(FieldError("dimensions", f"Dimensions: the descriptors of dimension {label} must "
                                                       "map a level rank to its text."))
            else:
                for key, value in descriptors.items():
                    rank = _rank(key)
                    if rank is None or (ranks and rank not in ranks):
                        errors.append(FieldError(
                            "dimensions", f"Dimensions: dimension {label} describes level {key}, which is not "
                                          "one of the framework's levels."))
                        continue
                    value = _text(value, f"Dimensions: dimension {label}, level {rank} descriptor", errors,
                                  "dimensions")
                    if value:
                        texts[rank] = value
            spec["dimensions"].append({"name": name, "description": description, "descriptors": texts})
    if errors:
        raise ValidationError(errors)
    return spec


def read_framework_file(path: Path) -> str:
    """The text of a framework file, or a ValidationError saying plainly why it cannot be one."""
    try:
        if path.stat().st_size > JSON_LIMIT:
            raise ValidationError(FieldError("file", f"{path.name} is too large to be a framework."))
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(FieldError("file", f"{path.name} is not a UTF-8 text file.")) from exc
    except OSError as exc:
        raise ValidationError(FieldError("file", f"{path.name} could not be read: {exc.strerror or exc}.")) from exc


def write_framework_file(ws: Workspace, framework_id: str, path: Path) -> None:
    """Write a framework as JSON to share it (OSError if the file cannot be written)."""
    path.write_text(export_framework_json(ws, framework_id), encoding="utf-8")


def framework_file_name(name: str) -> str:
    """A file name for a framework's JSON, from its name."""
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip() or "framework"
    return f"{safe}.json"


def import_framework_json(ws: Workspace, text: str) -> Change:
    """Add the framework a JSON text describes, as one undo step; returns its id."""
    spec = parse_framework_json(text)
    return install_framework(ws, spec, f"Import framework {spec['name']}")
