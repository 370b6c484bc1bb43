"""Self-assessment frameworks, a team's rounds, and growth per dimension.

Reading a framework and a team's rounds, recording a round (one undo step for
the assessment and all its ratings), and growth per dimension for one team or
a whole cohort.

A framework is read in a language: by default the current one
(``i18n.current()``, so a screen in Spanish, or a document made inside
``with i18n.use("es")``, reads Spanish), text by text where the framework has
it, else in its own words. ``language=OWN_TEXT`` reads its own text only, as
the framework editor edits it.
"""

from __future__ import annotations

from dataclasses import dataclass

from equitycohort import formats
from equitycohort.data.errors import FieldError, ValidationError
from equitycohort.data.schema import KINDS, ROUNDS
from equitycohort.data.translations import OWN_TEXT, language_of, text_in
from equitycohort.data.validation import clean_row, level_span
from equitycohort.data.workspace import Change, Workspace, done, unchanged
from equitycohort.i18n import _, ngettext
from equitycohort.i18n import label as vocabulary_label


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    levels: tuple[tuple[int, str], ...]  # (rank, name), ordered
    dimensions: tuple[tuple[str, str], ...]  # (id, name), ordered
    description: str = ""
    source: str = ""
    licence: str = ""

    @property
    def max_rank(self) -> int:
        return self.levels[-1][0] if self.levels else 0

    def level_name(self, rank: int | None) -> str:
        return next((name for r, name in self.levels if r == rank), "–")


@dataclass(frozen=True)
class Round:
    id: str
    round: str
    label: str
    date: str
    ratings: dict[str, int]  # dimension id -> level rank
    evidence: dict[str, str]
    framework_id: str = ""
    notes: str = ""


def load_framework(ws: Workspace, framework_id: str | None, language: str | None = None) -> Framework | None:
    """A framework with its levels and dimensions, its text in ``language`` (None: the current one)
    where it has it, else its own."""
    row = ws.get("frameworks", framework_id) if framework_id else None
    if row is None or framework_id is None:
        return None
    code = language_of(language)
    levels = tuple((r["rank"], text_in(r, "name", code) or "") for r in ws.rows(
        "SELECT rank, name, translations FROM levels WHERE framework_id = ? ORDER BY rank", (framework_id,)))
    dimensions = tuple((r["id"], text_in(r, "name", code) or "") for r in ws.rows(
        "SELECT id, name, translations FROM dimensions WHERE framework_id = ? ORDER BY position, name",
        (framework_id,)))
    return Framework(framework_id, text_in(row, "name", code) or "", levels, dimensions,
                     text_in(row, "description", code) or "", text_in(row, "source", code) or "",
                     row["licence"] or "")


def list_frameworks(ws: Workspace, language: str | None = None) -> list[dict]:
    """Every framework's record, oldest first, its name, description and source in ``language``
    (None: the current one) where it has them."""
    code = language_of(language)
    return [{**row, **{f: text_in(row, f, code) for f in ("name", "description", "source")}}
            for row in ws.rows("SELECT * FROM frameworks ORDER BY created")]


def descriptors(ws: Workspace, dimension_id: str, language: str | None = OWN_TEXT) -> dict[int, str]:
    """A dimension's descriptors by level rank, in its own words unless a ``language`` is
    asked for (None: the current one). Own words by default: the dimension dialog of the
    framework editor fills the boxes it saves from here, and must save the own text back."""
    code = language_of(language)
    return {r["rank"]: text_in(r, "text", code) or "" for r in ws.rows(
        "SELECT l.rank, d.text, d.translations FROM descriptors d JOIN levels l ON l.id = d.level_id "
        "WHERE d.dimension_id = ?", (dimension_id,))}


def round_label(round_code: str, label: str | None) -> str:
    return (label or _("Custom")) if round_code == "custom" else vocabulary_label(ROUNDS, round_code)


def team_rounds(ws: Workspace, team_id: str, framework_id: str | None = None) -> list[Round]:
    """A team's assessment rounds, oldest first, with their ratings."""
    params: tuple = (team_id,)
    where = "team_id = ?"
    if framework_id:
        where += " AND framework_id = ?"
        params += (framework_id,)
    assessments = ws.rows(f"SELECT * FROM assessments WHERE {where} ORDER BY date, created", params)
    out = []
    for a in assessments:
        rows = ws.query("SELECT dimension_id, level, evidence FROM ratings WHERE assessment_id = ?", (a["id"],))
        out.append(Round(
            a["id"], a["round"], round_label(a["round"], a["label"]), a["date"],
            {r[0]: r[1] for r in rows}, {r[0]: r[2] or "" for r in rows},
            a["framework_id"], a["notes"] or "",
        ))
    return out


def team_framework(ws: Workspace, team_id: str, language: str | None = None) -> Framework | None:
    """The framework a team's latest assessment uses, else the first one in the workspace,
    in ``language`` (None: the current one)."""
    framework_id = ws.scalar(
        "SELECT framework_id FROM assessments WHERE team_id = ? ORDER BY date DESC LIMIT 1", (team_id,))
    if framework_id is None:
        framework_id = ws.scalar("SELECT id FROM frameworks ORDER BY created LIMIT 1")
    return load_framework(ws, framework_id, language) if framework_id else None


@dataclass(frozen=True)
class Growth:
    dimension_id: str
    dimension: str
    baseline: int | None
    latest: int | None

    @property
    def change(self) -> int | None:
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline

    @property
    def current(self) -> int | None:
        """Where the team stands now: the latest rating, else its only one."""
        return self.baseline if self.latest is None else self.latest


def growth(framework: Framework, rounds: list[Round]) -> list[Growth]:
    """Per dimension: the first rating against the most recent one."""
    out = []
    for dimension_id, name in framework.dimensions:
        rated = [r.ratings[dimension_id] for r in rounds if dimension_id in r.ratings]
        out.append(Growth(dimension_id, name, rated[0] if rated else None,
                          rated[-1] if len(rated) > 1 else None))
    return out


# --- recording a round -----------------------------------------------------

#: what a round's entry gives per dimension: (level rank or None for "not rated", evidence)
RatingInput = tuple[int | None, str | None]
STANDARD_ROUNDS = ("baseline", "midpoint", "end")


def round_name(round_code: str, label: str | None = None) -> str:
    """A round as it reads inside a sentence: "midpoint", "“Retreat”"."""
    if round_code == "custom":
        return f"“{(label or '').strip()}”" if (label or "").strip() else _("custom")
    return vocabulary_label(ROUNDS, round_code).lower()


def next_round(ws: Workspace, team_id: str, framework_id: str) -> str:
    """The first of baseline, midpoint and end the team has not recorded yet, else custom."""
    taken = {r[0] for r in ws.query(
        "SELECT round FROM assessments WHERE team_id = ? AND framework_id = ?", (team_id, framework_id))}
    return next((code for code in STANDARD_ROUNDS if code not in taken), "custom")


def _check_round(ws: Workspace, team_id: str, framework_id: str, round_code: str, label: str | None,
                 ratings: dict[str, RatingInput], assessment_id: str | None) -> list[FieldError]:
    """Refusals save_round makes before writing, each naming its field.

    A rating's field is "level:<dimension id>" (or "evidence:<dimension id>"),
    so an entry form can show the message on that dimension's row.
    """
    errors: list[FieldError] = []
    if round_code == "custom" and not (label or "").strip():
        errors.append(FieldError("label", _("Round name: give a custom round a name.")))
    if round_code in STANDARD_ROUNDS:
        clash = ws.rows(
            "SELECT date FROM assessments WHERE team_id = ? AND framework_id = ? AND round = ? AND id != ?",
            (team_id, framework_id, round_code, assessment_id or ""))
        if clash:
            # Translators: {round} is "baseline", "midpoint" or "end"
            errors.append(FieldError("round", _(
                "Round: this team already has a {round} assessment (dated {date}); edit that one, or name a "
                "custom round.").format(round=round_name(round_code), date=clash[0]["date"])))
    dimensions: dict[str, str] = {r[0]: r[1] for r in ws.query(
        "SELECT id, name FROM dimensions WHERE framework_id = ?", (framework_id,))}
    ranks = [r[0] for r in ws.query(
        "SELECT rank FROM levels WHERE framework_id = ? ORDER BY rank", (framework_id,))]
    for dimension_id, (level, _evidence) in ratings.items():
        if dimension_id not in dimensions:
            errors.append(FieldError(f"level:{dimension_id}",
                                     _("Rating: this dimension is not part of the assessment's framework.")))
            continue
        if isinstance(level, int) and not isinstance(level, bool) and level not in ranks:
            errors.append(FieldError(
                f"level:{dimension_id}",
                _("{dimension}: level {level} is outside this framework's levels ({span}).").format(
                    dimension=dimensions[dimension_id], level=level, span=level_span(ranks))))
    if not any(level is not None for level, _evidence in ratings.values()):
        errors.append(FieldError("ratings", _("Ratings: choose a level for at least one dimension.")))
    return errors


def save_round(ws: Workspace, team_id: str, framework_id: str, round: str, date: str | None,
               ratings: dict[str, RatingInput], label: str | None = None, assessment_id: str | None = None,
               notes: str | None = None) -> Change:
    """Record a new round of a team's self-assessment, or change one, as one undo step.

    ``ratings`` maps a dimension id to (level, evidence); a level of None
    leaves the dimension unrated (removing a rating it had). Dimensions not
    in ``ratings`` keep what they had. The change names the assessment.
    """
    values = {"team_id": team_id, "framework_id": framework_id, "round": round,
              "label": ((label or "").strip() or None) if round == "custom" else None,
              "date": date, "notes": notes}
    errors = _check_round(ws, team_id, framework_id, round, label, ratings, assessment_id)
    try:
        clean_row(KINDS["assessments"], values)
    except ValidationError as exc:
        errors = [e for e in exc.errors if e.field not in {x.field for x in errors}] + errors
    if errors:
        raise ValidationError(errors)
    # Translators: {round} is "baseline", "midpoint", "end", "custom" or the quoted name of a custom round
    action = (_("Edit {round} assessment") if assessment_id else _("Record {round} assessment")).format(
        round=round_name(round, label))
    with ws.operation(action) as op:
        if assessment_id:
            op.update("assessments", assessment_id, values)
        else:
            assessment_id = op.insert("assessments", values)
        existing = {r["dimension_id"]: r["id"] for r in ws.rows(
            "SELECT id, dimension_id FROM ratings WHERE assessment_id = ?", (assessment_id,))}
        for dimension_id, (level, evidence) in ratings.items():
            try:
                if level is None:
                    if dimension_id in existing:
                        op.delete("ratings", existing[dimension_id])
                elif dimension_id in existing:
                    op.update("ratings", existing[dimension_id], {"level": level, "evidence": evidence or None})
                else:
                    op.insert("ratings", {"assessment_id": assessment_id, "dimension_id": dimension_id,
                                          "level": level, "evidence": evidence or None})
            except ValidationError as exc:
                name = ws.scalar("SELECT name FROM dimensions WHERE id = ?", (dimension_id,)) or _("Rating")
                raise ValidationError([
                    FieldError(f"{e.field or 'level'}:{dimension_id}", _("{dimension}: {problem}").format(
                        dimension=name, problem=e.message))
                    for e in exc.errors]) from exc
        op.record_id = assessment_id
    return done(op)


def delete_round(ws: Workspace, assessment_id: str) -> Change:
    """Delete a round with its ratings, as one undo step."""
    row = ws.get("assessments", assessment_id)
    if row is None:
        return unchanged(_("Delete assessment"))
    return ws.delete("assessments", assessment_id, _("Delete {round} assessment").format(
        round=round_name(row["round"], row["label"])))


def dimension_descriptions(ws: Workspace, framework_id: str, language: str | None = None) -> dict[str, str]:
    """What each dimension of a framework is about, by dimension id (empty when not written),
    in ``language`` (None: the current one) where it has it."""
    code = language_of(language)
    return {r["id"]: text_in(r, "description", code) or "" for r in ws.rows(
        "SELECT id, description, translations FROM dimensions WHERE framework_id = ?", (framework_id,))}


def framework_descriptors(ws: Workspace, framework_id: str, language: str | None = None) -> dict[str, dict[int, str]]:
    """Every descriptor of a framework: dimension id -> level rank -> text, in ``language``
    (None: the current one) where it has it."""
    code = language_of(language)
    texts: dict[str, dict[int, str]] = {}
    for r in ws.rows(
            "SELECT d.dimension_id, l.rank, d.text, d.translations FROM descriptors d "
            "JOIN levels l ON l.id = d.level_id WHERE l.framework_id = ?", (framework_id,)):
        texts.setdefault(r["dimension_id"], {})[r["rank"]] = text_in(r, "text", code) or ""
    return texts


# --- a cohort at a glance --------------------------------------------------

@dataclass(frozen=True)
class TeamGrowth:
    """One team's row of the cohort heat map."""

    team_id: str
    state: str
    organization: str
    rounds: int
    growth: tuple[Growth, ...]

    @property
    def name(self) -> str:
        from equitycohort.data.states import state_name

        return state_name(self.state)


def cohort_framework(ws: Workspace, cohort_id: str | None) -> str | None:
    """The framework most of a cohort's assessments use, else the workspace's first one."""
    if cohort_id:
        framework_id = ws.scalar(
            "SELECT a.framework_id FROM assessments a JOIN teams t ON t.id = a.team_id "
            "WHERE t.cohort_id = ? GROUP BY a.framework_id ORDER BY count(*) DESC LIMIT 1", (cohort_id,))
        if framework_id:
            return framework_id
    return ws.scalar("SELECT id FROM frameworks ORDER BY created LIMIT 1")


def cohort_growth(ws: Workspace, cohort_id: str, framework_id: str, language: str | None = None) -> list[TeamGrowth]:
    """Per team of a cohort (in state order): baseline and latest level per dimension,
    the dimensions named in ``language`` (None: the current one).

    Teams without a round on this framework are included, with nothing rated.
    """
    from equitycohort.data.teams import list_teams

    framework = load_framework(ws, framework_id, language)
    if framework is None:
        return []
    rows = ws.query(
        """SELECT a.team_id, a.id, r.dimension_id, r.level
           FROM assessments a JOIN teams t ON t.id = a.team_id
           LEFT JOIN ratings r ON r.assessment_id = a.id
           WHERE t.cohort_id = ? AND a.framework_id = ?
           ORDER BY a.date, a.created, a.id""", (cohort_id, framework_id))
    per_team: dict[str, dict[str, dict[str, int]]] = {}
    for team_id, assessment_id, dimension_id, level in rows:
        ratings = per_team.setdefault(team_id, {}).setdefault(assessment_id, {})
        if dimension_id is not None:
            ratings[dimension_id] = level
    out = []
    for team in list_teams(ws, cohort_id):
        assessments = per_team.get(team.id, {})
        rounds = [Round(a_id, "", "", "", ratings, {}) for a_id, ratings in assessments.items()]
        out.append(TeamGrowth(team.id, team.state, team.organization, len(rounds),
                              tuple(growth(framework, rounds))))
    return out


def describe_cohort_growth(teams: list[TeamGrowth]) -> str:
    """A sentence or three on a cohort's growth: who has a later round, how ratings moved, who has none."""
    changes = [g.change for t in teams for g in t.growth if g.change is not None]
    compared = sum(1 for t in teams if any(g.change is not None for g in t.growth))
    unrated = sum(1 for t in teams if t.rounds == 0)
    if compared:
        first = ngettext("{count} team; {compared} with a round after its baseline.",
                         "{count} teams; {compared} with a round after their baseline.", len(teams))
    else:
        first = ngettext("{count} team; none with a round after its baseline.",
                         "{count} teams; none with a round after their baseline.", len(teams))
    parts = [first.format(count=len(teams), compared=compared)]
    if changes:
        mean = sum(changes) / len(changes)
        up = sum(1 for c in changes if c > 0)
        change = ("+" if mean > 0 else "") + formats.fixed(mean, 1)
        # the English says "1.0 level" and "0.5 levels": one form for exactly one level
        levels = ngettext("{up} of {count} ratings went up; the mean change is {change} level.",
                          "{up} of {count} ratings went up; the mean change is {change} levels.",
                          1 if abs(mean) == 1 else 2)
        parts.append(levels.format(up=up, count=len(changes), change=change))
    if unrated:
        parts.append(ngettext("{count} team has no assessment yet.", "{count} teams have no assessment yet.",
                              unrated).format(count=unrated))
    return " ".join(parts)
