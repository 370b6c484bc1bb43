"""Self-assessment frameworks: the default one, editing one, and sharing one as JSON.

A framework is plain data first (``DEFAULT_FRAMEWORK``, in
``default_framework.py``): a name, ordered levels and dimensions, each
dimension with one descriptor per level.

A framework carries its text in several languages. Each record's own text
(what the framework editor edits) is in its author's language; its text in
other languages sits beside it (``translations.py``), and the screens and
documents read the one of the language they are in, else the own text.

The JSON file, read and written here, is the same data::

    {
      "name": "Equity Journey Framework",
      "description": "…", "source": "…", "licence": "CC BY 4.0",
      "translations": {"es": {"name": "…", "description": "…", "source": "…"}},
      "levels": [
        {"rank": 1, "name": "Exploring", "translations": {"es": {"name": "Exploración"}}}
      ],
      "dimensions": [
        {"name": "…", "description": "…", "descriptors": {"1": "…", "2": "…"},
         "translations": {"es": {"name": "…", "description": "…",
                                 "descriptors": {"1": "…", "2": "…"}}}}
      ]
    }

``"translations"`` maps a language code (two or three lowercase letters:
"es") to that element's text in the language; any text may be left out (it
then reads as the element's own), and an element without translations has
no ``"translations"`` key, so files written before there were translations
import as they always did. A translated descriptor translates one the
dimension has in its own text. "license" is read for "licence".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from equitycohort.data.default_framework import DEFAULT_FRAMEWORK
from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.schema import KINDS, Field
from equitycohort.data.translations import LANGUAGE_CODE, loads, translated_fields
from equitycohort.data.validation import clean_value, json_depth, shown
from equitycohort.data.workspace import Change, done, new_id, unchanged
from equitycohort.i18n import _

if TYPE_CHECKING:
    from equitycohort.data.workspace import Operation, Workspace

#: the tables a framework fills, parents first
FRAMEWORK_TABLES = ("frameworks", "levels", "dimensions", "descriptors")


def _picked(translations: dict | None, keys: tuple[str, ...]) -> dict[str, dict[str, str]] | None:
    """An element's translations of these texts only, by language (None when it has none)."""
    picked = {language: {k: v for k, v in texts.items() if k in keys}
              for language, texts in (translations or {}).items()}
    return {language: texts for language, texts in picked.items() if texts} or None


def framework_rows(spec: dict) -> dict[str, list[dict]]:
    """Rows for ``Workspace.bulk_load`` (or ``Operation.insert``) from a spec.

    Keys come parents first: frameworks, levels, dimensions, descriptors. Every
    row carries its new "id", so callers find what they need in the result
    (``rows["frameworks"][0]["id"]``, the dimensions in order in
    ``rows["dimensions"]``). Descriptor keys may be ranks as ints or as strings
    (a spec read back from JSON). Each element's "translations" go with its row.
    """
    framework_id = new_id()
    frameworks = [{
        "id": framework_id,
        "name": spec["name"],
        "description": spec.get("description"),
        "source": spec.get("source"),
        "licence": spec.get("licence"),
        "translations": _picked(spec.get("translations"), ("name", "description", "source")),
    }]
    levels = []
    level_ids: dict[int, str] = {}
    for level in spec.get("levels", []):
        rank = int(level["rank"])
        level_ids[rank] = new_id()
        levels.append({"id": level_ids[rank], "framework_id": framework_id, "rank": rank, "name": level["name"],
                       "translations": _picked(level.get("translations"), ("name",))})
    dimensions = []
    descriptors = []
    for position, dim in enumerate(spec.get("dimensions", [])):
        dimension_id = new_id()
        translations = dim.get("translations") or {}
        dimensions.append({"id": dimension_id, "framework_id": framework_id,
                           "name": dim["name"], "description": dim.get("description"),
                           "position": position, "translations": _picked(translations, ("name", "description"))})
        translated = {language: {int(rank): text for rank, text in (texts.get("descriptors") or {}).items()}
                      for language, texts in translations.items()}
        own = {int(rank): text for rank, text in (dim.get("descriptors") or {}).items()}
        for rank, text in own.items():
            level_id = level_ids.get(rank)
            if level_id is None:
                raise ValueError(f"dimension {dim['name']!r} describes level {rank}, "
                                 "which the framework does not define")
            texts = {language: {"text": by_rank[rank]} for language, by_rank in translated.items() if rank in by_rank}
            descriptors.append({"id": new_id(), "dimension_id": dimension_id,
                                "level_id": level_id, "text": text, "translations": texts or None})
        for language, by_rank in translated.items():
            extra = sorted(set(by_rank) - set(own))
            if extra:
                raise ValueError(f"dimension {dim['name']!r} has a {language!r} descriptor at level {extra[0]}, "
                                 "which it does not describe in its own text")
    return {"frameworks": frameworks, "levels": levels,
            "dimensions": dimensions, "descriptors": descriptors}


def install_framework(ws: Workspace, spec: dict, label: str | None = None) -> Change:
    """Add a framework from a spec as one undoable step; the change names the framework."""
    rows = framework_rows(spec)
    with ws.operation(label or _("Add framework {name}").format(name=spec["name"])) as op:
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
    return ws.update("frameworks", framework_id, values, _("Edit framework details"))


def delete_framework(ws: Workspace, framework_id: str) -> Change:
    """Delete a framework no assessment uses (the write door refuses one in use)."""
    row = ws.get("frameworks", framework_id)
    if row is None:
        return unchanged("Delete framework")
    return ws.delete("frameworks", framework_id, _("Delete framework {name}").format(name=row["name"]))


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
    with ws.operation(_("Edit dimension") if dimension_id
                      else _("Add dimension {name}").format(name=name.strip())) as op:
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
    label = (_("Move dimension {name} up") if offset < 0 else _("Move dimension {name} down")).format(name=row["name"])
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
    return ws.delete("dimensions", dimension_id, _("Delete dimension {name}").format(name=row["name"]))


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
                                "name": name}, _("Add level {name}").format(name=name.strip()))


def rename_level(ws: Workspace, level_id: str, name: str) -> Change:
    _level(ws, level_id)
    return ws.update("levels", level_id, {"name": name}, _("Rename level"))


def delete_level(ws: Workspace, level_id: str) -> Change:
    """Delete a level no rating uses, with its descriptors; higher levels move down
    to close the gap when none of them is in use either."""
    row = _level(ws, level_id)
    with ws.operation(_("Delete level {name}").format(name=row["name"])) as op:
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
    """A framework as plain data, in the shape of ``DEFAULT_FRAMEWORK``: its own text,
    and its text in other languages under "translations" where it has some."""
    row = ws.get("frameworks", framework_id)
    if row is None:
        raise ValidationError(FieldError("id", "This framework no longer exists."))
    levels = ws.rows("SELECT id, rank, name, translations FROM levels WHERE framework_id = ? ORDER BY rank",
                     (framework_id,))
    rank_of = {level["id"]: level["rank"] for level in levels}
    dimensions = []
    for dim in ws.rows("SELECT id, name, description, translations FROM dimensions WHERE framework_id = ? "
                       "ORDER BY position, name", (framework_id,)):
        described = [r for r in ws.rows(
            "SELECT level_id, text, translations FROM descriptors WHERE dimension_id = ?", (dim["id"],))
            if r["level_id"] in rank_of and r["text"]]
        texts = {rank_of[r["level_id"]]: r["text"] for r in described}
        translations: dict[str, dict] = {language: dict(fields) for language, fields in
                                         loads(dim["translations"]).items()}
        for r in sorted(described, key=lambda r: rank_of[r["level_id"]]):
            for language, fields in loads(r["translations"]).items():
                if fields.get("text"):
                    by_rank = translations.setdefault(language, {}).setdefault("descriptors", {})
                    by_rank[str(rank_of[r["level_id"]])] = fields["text"]
        dimensions.append(_with_translations(
            {"name": dim["name"], "description": dim["description"] or "",
             "descriptors": {str(rank): texts[rank] for rank in sorted(texts)}}, translations))
    return _with_translations({
        "name": row["name"],
        "description": row["description"] or "",
        "source": row["source"] or "",
        "licence": row["licence"] or "",
        "levels": [_with_translations({"rank": level["rank"], "name": level["name"]}, loads(level["translations"]))
                   for level in levels],
        "dimensions": dimensions,
    }, loads(row["translations"]), before="levels")


def _with_translations(element: dict, translations: dict, before: str | None = None) -> dict:
    """An element of a framework spec with its "translations" (sorted by language), when it has some;
    placed before the key ``before`` (else last), so a file reads own text, translations, then parts."""
    if not translations:
        return element
    value = {language: translations[language] for language in sorted(translations)}
    if before is None:
        return {**element, "translations": value}
    out = {}
    for key, item in element.items():
        if key == before:
            out["translations"] = value
        out[key] = item
    return out


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
    "description", "descriptors" {rank: text}}], each element with optional
    "translations" (the module's docstring shows the whole shape).
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
    _parse_translations(data.get("translations"), "frameworks", _("Translations"), "translations", errors, spec)

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
            _parse_translations(level.get("translations"), "levels", _("Levels: level {rank}").format(rank=rank),
                                "levels", errors, spec["levels"][-1])

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
            _parse_translations(dim.get("translations"), "dimensions",
                                _("Dimensions: dimension {label}").format(label=label), "dimensions", errors,
                                spec["dimensions"][-1], described=set(texts))
    if errors:
        raise ValidationError(errors)
    return spec


def _parse_translations(value: object, table: str, where: str, field: str, errors: list[FieldError],
                        element: dict, described: set[int] | None = None) -> None:
    """Read an element's "translations" from a framework file into ``element``; problems
    go to ``errors``, each naming the element. ``described``: the ranks a dimension
    describes in its own text (its descriptors may be translated, no others)."""
    if value is None:
        return
    texts: dict[str, Field] = {name: KINDS[table].field(name) for name in translated_fields(KINDS[table])}
    keys = ", ".join([*texts, *(["descriptors"] if described is not None else [])])
    if not isinstance(value, dict):
        errors.append(FieldError(field, _("{where}: “translations” must map a language code (such as “es”) to "
                                          "the texts in that language.").format(where=where)))
        return
    out: dict[str, dict] = {}
    for code, entry in value.items():
        if not LANGUAGE_CODE.fullmatch(code):
            errors.append(FieldError(field, _("{where}: “{code}” is not a language code; use two or three lowercase "
                                              "letters, such as “es”.").format(where=where, code=shown(code, 20))))
            continue
        if not isinstance(entry, dict):
            errors.append(FieldError(field, _("{where}: the “{code}” translation must be an object of texts "
                                              "({keys}).").format(where=where, code=code, keys=keys)))
            continue
        kept: dict = {}
        for key, text in entry.items():
            if key == "descriptors" and described is not None:
                by_rank = _parse_translated_descriptors(text, where, code, field, errors, described)
                if by_rank:
                    kept["descriptors"] = by_rank
                continue
            if key not in texts:
                errors.append(FieldError(field, _("{where}: the “{code}” translation has “{key}”, which is not one "
                                                  "of its texts ({keys}).").format(
                    where=where, code=code, key=shown(key, 30), keys=keys)))
                continue
            if text is None or (isinstance(text, str) and not text.strip()):
                continue  # no translation of this text: it reads as the element's own
            label = _("{where}: “{key}” in the “{code}” translation").format(where=where, key=key, code=code)
            cleaned, problem = clean_value(Field(field, label, texts[key].type, max_len=texts[key].max_len), text)
            if problem:
                errors.append(FieldError(field, problem))
            elif cleaned:
                kept[key] = cleaned
        if kept:
            out[code] = kept
    if out:
        element["translations"] = out


def _parse_translated_descriptors(value: object, where: str, code: str, field: str, errors: list[FieldError],
                                  described: set[int]) -> dict[int, str]:
    """The descriptors of a dimension's translation into ``code``: rank -> text."""
    if not isinstance(value, dict):
        errors.append(FieldError(field, _("{where}: the descriptors of the “{code}” translation must map a level "
                                          "rank to its text.").format(where=where, code=code)))
        return {}
    out: dict[int, str] = {}
    for key, text in value.items():
        rank = _rank(key)
        if rank is None or rank not in described:
            errors.append(FieldError(field, _("{where}: the “{code}” translation describes level {rank}, which the "
                                              "dimension does not describe in its own text.").format(
                where=where, code=code, rank=shown(key, 20))))
            continue
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        label = _("{where}: the “{code}” descriptor at level {rank}").format(where=where, code=code, rank=rank)
        cleaned, problem = clean_value(Field(field, label, "text"), text)
        if problem:
            errors.append(FieldError(field, problem))
        elif isinstance(cleaned, str):
            out[rank] = cleaned
    return out


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
