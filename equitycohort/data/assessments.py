"""Self-assessment frameworks, a team's rounds, and growth per dimension."""

from __future__ import annotations

from dataclasses import dataclass

from equitycohort.data.schema import ROUNDS

ROUND_ORDER = {"baseline": 0, "midpoint": 1, "end": 2, "custom": 3}


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    levels: tuple[tuple[int, str], ...]  # (rank, name), ordered
    dimensions: tuple[tuple[str, str], ...]  # (id, name), ordered

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


def load_framework(ws, framework_id: str) -> Framework | None:
    row = ws.get("frameworks", framework_id)
    if row is None:
        return None
    levels = tuple((r[0], r[1]) for r in ws.query(
        "SELECT rank, name FROM levels WHERE framework_id = ? ORDER BY rank", (framework_id,)))
    dimensions = tuple((r[0], r[1]) for r in ws.query(
        "SELECT id, name FROM dimensions WHERE framework_id = ? ORDER BY position, name", (framework_id,)))
    return Framework(framework_id, row["name"], levels, dimensions)


def list_frameworks(ws) -> list[dict]:
    return ws.rows("SELECT * FROM frameworks ORDER BY created")


def descriptors(ws, dimension_id: str) -> dict[int, str]:
    return dict(ws.query(
        "SELECT l.rank, d.text FROM descriptors d JOIN levels l ON l.id = d.level_id WHERE d.dimension_id = ?",
        (dimension_id,)))


def round_label(round_code: str, label: str | None) -> str:
    return (label or "Custom") if round_code == "custom" else ROUNDS.get(round_code, round_code)


def team_rounds(ws, team_id: str, framework_id: str | None = None) -> list[Round]:
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
        ))
    return out


def team_framework(ws, team_id: str) -> Framework | None:
    """The framework a team's latest assessment uses, else the first one in the workspace."""
    framework_id = ws.scalar(
        "SELECT framework_id FROM assessments WHERE team_id = ? ORDER BY date DESC LIMIT 1", (team_id,))
    if framework_id is None:
        framework_id = ws.scalar("SELECT id FROM frameworks ORDER BY created LIMIT 1")
    return load_framework(ws, framework_id) if framework_id else None


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


def growth(framework: Framework, rounds: list[Round]) -> list[Growth]:
    """Per dimension: the first rating against the most recent one."""
    out = []
    for dimension_id, name in framework.dimensions:
        rated = [r.ratings[dimension_id] for r in rounds if dimension_id in r.ratings]
        out.append(Growth(dimension_id, name, rated[0] if rated else None,
                          rated[-1] if len(rated) > 1 else None))
    return out
