"""Search over every free text in the workspace, backed by SQLite FTS5.

Any input is safe: the words of the query are taken out and each is quoted
as a prefix term, so quotes, operators (AND, NEAR, *, ^) and brackets are
searched for as text, never interpreted.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from equitycohort import formats
from equitycohort.data.states import state_name
from equitycohort.i18n import N_, _, label

if TYPE_CHECKING:
    from equitycohort.data.workspace import Workspace

#: kind (the table a hit comes from) -> its group's label, in the order groups are listed
KINDS = {
    "checkins": N_("Check-ins"),
    "next_steps": N_("Next steps"),
    "goals": N_("Goals"),
    "actions": N_("Actions"),
    "milestones": N_("Milestones"),
    "ratings": N_("Assessment evidence"),
    "assessments": N_("Assessments"),
    "sessions": N_("Sessions"),
    "people": N_("People"),
    "teams": N_("State teams"),
    "partners": N_("Partners"),
    "cohorts": N_("Cohorts"),
    "programs": N_("Programs"),
}
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


class SearchHit(NamedTuple):
    kind: str
    record_id: str
    title: str
    snippet: str
    rank: float

    @property
    def group(self) -> str:
        """The label of the hit's group, in the current language."""
        return label(KINDS, self.kind)


def match_expression(text: str) -> str | None:
    """The FTS5 query for what a user typed: every word (as a prefix), all required."""
    words = _WORD.findall(text)[:MAX_TERMS]
    if not words:
        return None
    # a one-letter prefix would match a good share of the vocabulary: take it whole
    return " AND ".join(f'"{w}"' if len(w) == 1 else f'"{w}"*' for w in words)


#: around each matched word of a snippet (private-use characters: never in what people type)
MATCH_START, MATCH_END = "\ue000", "\ue001"


def plain_snippet(snippet: str) -> str:
    """A snippet without its match marks."""
    return snippet.replace(MATCH_START, "").replace(MATCH_END, "")


def search(ws: Workspace, text: str, limit: int = 60) -> list[SearchHit]:
    """Hits for ``text``, best first (titles weigh more than bodies)."""
    expression = match_expression(text)
    if expression is None:
        return []
    rows = ws.query(
        """SELECT kind, record_id, title,
                  snippet(search_index, 3, char(57344), char(57345), ' … ', 14),
                  bm25(search_index, 0.0, 0.0, 4.0, 1.0) AS score
           FROM search_index WHERE search_index MATCH ? ORDER BY score LIMIT ?""",
        (expression, limit),
    )
    hits = [SearchHit(r[0], r[1], r[2] or "", r[3] or "", r[4]) for r in rows]
    if not hits and _has_unspaced_script(text):
        hits = _substring_search(ws, text.strip(), limit)
    return hits


def grouped(hits: list[SearchHit]) -> list[tuple[str, list[SearchHit]]]:
    """Hits by kind, groups in a fixed order (each named in the current language), each group best first."""
    groups: dict[str, list[SearchHit]] = {}
    for hit in hits:
        groups.setdefault(hit.kind, []).append(hit)
    return [(_(KINDS[kind]), groups[kind]) for kind in KINDS if kind in groups]


def _has_unspaced_script(text: str) -> bool:
    # scripts written without spaces between words (Chinese, Japanese, Thai...)
    return any(0x0E00 <= ord(c) <= 0x0EFF or 0x3040 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF
               for c in text)


def _substring_search(ws: Workspace, text: str, limit: int) -> list[SearchHit]:
    """For scripts without spaces, where a word-prefix match finds too little."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = ws.query(
        "SELECT kind, record_id, title, substr(body, 1, 160) FROM search_index "
        "WHERE title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\' LIMIT ?",
        (f"%{escaped}%", f"%{escaped}%", limit),
    )
    return [SearchHit(r[0], r[1], r[2] or "", r[3] or "", 0.0) for r in rows]


def describe(ws: Workspace, hit: SearchHit, style: formats.Style = formats.US) -> str:
    """A one-line name for a hit whose record has no title of its own (dates in ``style``)."""
    if hit.title:
        return hit.title
    if hit.kind == "checkins":
        row = ws.query("SELECT c.date, t.state, t.organization FROM checkins c JOIN teams t ON t.id = c.team_id "
                       "WHERE c.id = ?", (hit.record_id,))
        if row:
            return _("Check-in of {date} · {team}").format(date=formats.short_date(row[0][0], style),
                                                           team=f"{state_name(row[0][1])}: {row[0][2]}")
    if hit.kind == "ratings":
        row = ws.query("SELECT d.name, t.state, a.date FROM ratings r JOIN dimensions d ON d.id = r.dimension_id "
                       "JOIN assessments a ON a.id = r.assessment_id JOIN teams t ON t.id = a.team_id "
                       "WHERE r.id = ?", (hit.record_id,))
        if row:
            return f"{state_name(row[0][1])} · {row[0][0]} ({formats.short_date(row[0][2], style)})"
    return label(KINDS, hit.kind)


class Place(NamedTuple):
    """Where a record is shown: the record to select (a next step shows as its check-in,
    a rating as its assessment), and the cohort, team and session it belongs to."""

    table: str
    id: str
    cohort_id: str | None = None
    team_id: str | None = None
    session_id: str | None = None


#: table -> (the table shown instead, SQL giving: id shown, cohort, team, session)
_PLACES = {
    "checkins": ("checkins", "SELECT c.id, t.cohort_id, t.id, NULL FROM checkins c "
                             "JOIN teams t ON t.id = c.team_id WHERE c.id = ?"),
    "next_steps": ("checkins", "SELECT n.checkin_id, t.cohort_id, t.id, NULL FROM next_steps n "
                               "JOIN checkins c ON c.id = n.checkin_id JOIN teams t ON t.id = c.team_id "
                               "WHERE n.id = ?"),
    "goals": ("goals", "SELECT g.id, t.cohort_id, t.id, NULL FROM goals g JOIN teams t ON t.id = g.team_id "
                       "WHERE g.id = ?"),
    "actions": ("actions", "SELECT a.id, t.cohort_id, t.id, NULL FROM actions a JOIN goals g ON g.id = a.goal_id "
                           "JOIN teams t ON t.id = g.team_id WHERE a.id = ?"),
    "milestones": ("milestones", "SELECT m.id, t.cohort_id, t.id, NULL FROM milestones m "
                                 "JOIN teams t ON t.id = m.team_id WHERE m.id = ?"),
    "ratings": ("assessments", "SELECT a.id, t.cohort_id, t.id, NULL FROM ratings r "
                               "JOIN assessments a ON a.id = r.assessment_id JOIN teams t ON t.id = a.team_id "
                               "WHERE r.id = ?"),
    "assessments": ("assessments", "SELECT a.id, t.cohort_id, t.id, NULL FROM assessments a "
                                   "JOIN teams t ON t.id = a.team_id WHERE a.id = ?"),
    "sessions": ("sessions", "SELECT id, cohort_id, team_id, id FROM sessions WHERE id = ?"),
    "teams": ("teams", "SELECT id, cohort_id, id, NULL FROM teams WHERE id = ?"),
    "people": ("people", "SELECT p.id, t.cohort_id, t.id, NULL FROM people p "
                         "LEFT JOIN team_members m ON m.person_id = p.id LEFT JOIN teams t ON t.id = m.team_id "
                         "WHERE p.id = ? ORDER BY t.created DESC LIMIT 1"),
    "partners": ("partners", "SELECT id, NULL, NULL, NULL FROM partners WHERE id = ?"),
    "cohorts": ("cohorts", "SELECT id, id, NULL, NULL FROM cohorts WHERE id = ?"),
    "programs": ("programs", "SELECT id, NULL, NULL, NULL FROM programs WHERE id = ?"),
}


def locate(ws: Workspace, table: str, record_id: str) -> Place:
    """Where a record of any kind is shown, and the cohort, team and session it belongs to."""
    shown, sql = _PLACES.get(table, (table, ""))
    rows = ws.query(sql, (record_id,)) if sql else []
    if not rows:
        return Place(shown, record_id)
    return Place(shown, *rows[0])
