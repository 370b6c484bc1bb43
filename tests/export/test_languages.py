"""Documents in the language of the team they are for: packets, --lang, and the pseudo-locale check
that every fixed text of every document kind comes through the catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from equitycohort import cli, i18n
from equitycohort.data.teams import document_language
from equitycohort.data.workspace import open_read_only
from equitycohort.export import (
    export_attendance,
    export_calendar,
    export_checkin_history,
    export_cohort_summary,
    export_packets,
    export_roster,
    export_session_packet,
    export_workplan,
    export_workplan_xlsx,
)
from tests.export.conftest import TODAY, normalise
from tests.pseudo_text import leftover, marked_workspace

#: fixed text of each kind of document, in English and in Spanish
WORKPLAN = ("Goals and actions", "Metas y acciones")
HISTORY = ("Check-in history", "Historial de seguimientos")
PAGE = ("Page 1 of", "Página 1 de")


def page_texts(path: Path) -> list[str]:
    from pypdf import PdfReader

    with open(path, "rb") as handle:
        return [page.extract_text() or "" for page in PdfReader(handle).pages]


def text(path: Path) -> str:
    return normalise(" ".join(page_texts(path)))


@pytest.fixture
def two_spanish_teams(ws, built):
    """Iowa's documents set to Spanish on the team; Colorado's leaders prefer Spanish (no team setting);
    Minnesota and Wisconsin stay English."""
    ws.update("teams", built.teams["IA"], {"language": "es"})
    for leader in ws.rows("SELECT person_id FROM team_members WHERE team_id = ?", (built.teams["CO"],)):
        ws.update("people", leader["person_id"], {"preferred_language": "Español"})
    ws.checkpoint()
    assert [document_language(ws, built.teams[s]) for s in ("IA", "CO", "MN", "WI")] == ["es", "es", "en", "en"]
    return built


def test_packets_make_each_team_s_documents_in_its_language(ws, two_spanish_teams, tmp_path):
    built = two_spanish_teams
    result = export_packets(ws, built.cohort, tmp_path / "packets", today=TODAY)
    names = {p.relative_to(result.folder).as_posix() for p in result.files}
    for state in ("IA", "CO"):
        folder = next(n.split("/")[0] for n in names if n.startswith(f"{state} - "))
        workplan = result.folder / folder / f"{state} - Plan de trabajo.pdf"
        history = result.folder / folder / f"{state} - Historial de seguimientos.pdf"
        assert workplan.is_file() and history.is_file(), sorted(names)
        shown = text(workplan)
        assert WORKPLAN[1] in shown and PAGE[1] in shown and "Líderes del equipo" in shown
        assert WORKPLAN[0] not in shown and PAGE[0] not in shown and "Team leaders" not in shown
        assert "de 2026" in shown  # dates written the Spanish way ("3 de marzo de 2026")
        shown = text(history)
        assert HISTORY[1] in shown and PAGE[1] in shown and HISTORY[0] not in shown
        if state == "IA":
            assert "Próximo seguimiento" in shown and "Próximos pasos" in shown and "Next check-in" not in shown
        else:
            assert "Aún no se han registrado seguimientos con este equipo." in shown
        calendar = (result.folder / folder / "Cohort 1 - Calendario.ics").read_text(encoding="utf-8")
        assert "SUMMARY:Cancelada: Policy screening workshop" in calendar
    for state in ("MN", "WI"):
        folder = next(n.split("/")[0] for n in names if n.startswith(f"{state} - "))
        shown = text(result.folder / folder / f"{state} - Workplan.pdf")
        assert WORKPLAN[0] in shown and PAGE[0] in shown and WORKPLAN[1] not in shown and PAGE[1] not in shown
        shown = text(result.folder / folder / f"{state} - Check-in history.pdf")
        assert HISTORY[0] in shown and HISTORY[1] not in shown
        calendar = (result.folder / folder / "Cohort 1 - Calendar.ics").read_text(encoding="utf-8")
        assert "SUMMARY:Cancelled: Policy screening workshop" in calendar
    summary = text(result.folder / "Cohort 1 - Cohort summary.pdf")
    assert "Teams at a glance" in summary and "Los equipos de un vistazo" not in summary


def test_the_cohort_summary_of_packets_follows_lang(ws, two_spanish_teams, tmp_path):
    result = export_packets(ws, two_spanish_teams.cohort, tmp_path / "packets", today=TODAY, lang="es")
    summary = text(result.folder / "Cohort 1 - Resumen de la cohorte.pdf")
    assert "Los equipos de un vistazo" in summary and "Teams at a glance" not in summary


def test_a_document_s_metadata_says_its_language(ws, built, tmp_path):
    from pypdf import PdfReader

    path = export_workplan(ws, built.teams["IA"], tmp_path / "plan.pdf", today=TODAY, lang="es")
    with open(path, "rb") as handle:
        reader = PdfReader(handle)
        assert str(reader.trailer["/Root"]["/Lang"]) == "es"
        assert str(reader.metadata["/Title"]) == "Iowa Children First: Plan de trabajo"


@pytest.mark.usefixtures("two_spanish_teams")
def test_the_command_line_makes_a_team_s_documents_in_its_language(ws, tmp_path, capsys, monkeypatch):
    path = str(ws.path)
    assert cli.main(["export", "workplan", path, "--team", "IA", "--out", str(tmp_path / "ia.pdf")]) == 0
    assert WORKPLAN[1] in text(tmp_path / "ia.pdf")
    assert cli.main(["export", "workplan", path, "--team", "IA", "--lang", "en", "--out",
                     str(tmp_path / "ia-en.pdf")]) == 0
    assert WORKPLAN[0] in text(tmp_path / "ia-en.pdf")
    assert cli.main(["export", "checkins", path, "--team", "MN", "--lang", "es", "--out",
                     str(tmp_path / "mn.pdf")]) == 0
    assert HISTORY[1] in text(tmp_path / "mn.pdf")
    assert cli.main(["export", "calendar", path, "--cohort", "Cohort 1", "--team", "CO", "--out",
                     str(tmp_path / "co.ics")]) == 0
    assert "Cancelada: " in (tmp_path / "co.ics").read_text(encoding="utf-8")
    # the command line itself in Spanish; the cohort summary still in English unless --lang says so
    monkeypatch.setenv("EQUITYCOHORT_LANG", "es")
    assert cli.main(["export", "cohort", path, "--cohort", "Cohort 1", "--out", str(tmp_path / "c.pdf")]) == 0
    assert "Teams at a glance" in text(tmp_path / "c.pdf")
    assert cli.main(["export", "cohort", path, "--cohort", "Cohort 1", "--lang", "es", "--out",
                     str(tmp_path / "c-es.pdf")]) == 0
    assert "Los equipos de un vistazo" in text(tmp_path / "c-es.pdf")
    capsys.readouterr()
    assert cli.main(["export", "workplan", path, "--team", "TX", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "ningún equipo coincide con 'TX'" in capsys.readouterr().err
    assert i18n.current() == "en"  # the command's language ends with it


def test_workbooks_in_spanish_keep_the_roster_s_columns(ws, built, tmp_path):
    from openpyxl import load_workbook

    export_workplan_xlsx(ws, built.teams["IA"], tmp_path / "plan.xlsx", today=TODAY, lang="es")
    book = load_workbook(tmp_path / "plan.xlsx")
    assert book.sheetnames == ["Metas", "Acciones", "Hitos", "Equipo", "Acerca de"]
    assert [c.value for c in book["Acciones"][1]][:3] == ["Meta n.º", "Meta", "Acción"]
    assert book["Acciones"]["E2"].number_format == "d/m/yyyy"
    export_roster(ws, built.cohort, tmp_path / "roster.xlsx", lang="es")
    book = load_workbook(tmp_path / "roster.xlsx")
    assert book.sheetnames == ["Participantes"]
    # the columns are the roster's file format: the import reads them in any language
    assert [c.value for c in book["Participantes"][1]] == ["state", "organization", "name", "role", "email",
                                                           "phone", "preferred_language", "pronouns"]


# --- the pseudo-locale check of every document kind ----------------------------------------

#: IANA time zone ids ("America/Chicago", shown beside a zone's name): identifiers, the same in every language
_ZONE_IDS = re.compile(r"\b[A-Z][A-Za-z]+/[A-Za-z_ ]+(/[A-Za-z_ ]+)?")


def unmarked_lines(texts: list[str]) -> list[str]:
    found = []
    for page, body in enumerate(texts, start=1):
        rest = leftover(_ZONE_IDS.sub(" ", body))
        if rest:
            found += [f"page {page}: {line.strip()!r}" for line in body.splitlines()
                      if leftover(_ZONE_IDS.sub(" ", line))]
            found.append(f"page {page} (whole): {' '.join(rest.split())[:300]!r}")
    return found


@pytest.fixture
def marked(ws, built, tmp_path):
    """The built cohort with every text people typed marked, open read-only."""
    ws.checkpoint()
    path = marked_workspace(Path(ws.path), tmp_path / "marked.ecw")
    with open_read_only(path) as marked_ws:
        yield marked_ws, built


@pytest.mark.parametrize("kind", ["workplan", "checkins", "checkins-internal", "cohort", "session-in-person",
                                  "session-team"])
def test_every_fixed_text_of_every_pdf_kind_is_marked(marked, tmp_path, kind):
    ws, built = marked
    out = tmp_path / f"{kind}.pdf"
    if kind == "workplan":
        export_workplan(ws, built.teams["IA"], out, today=TODAY, lang="qps")
    elif kind.startswith("checkins"):
        export_checkin_history(ws, built.teams["IA"], out, internal=kind.endswith("internal"), today=TODAY,
                               lang="qps")
    elif kind == "cohort":
        export_cohort_summary(ws, built.cohort, out, today=TODAY, lang="qps")
    else:
        session = built.sessions[0] if kind == "session-in-person" else built.sessions[4]
        export_session_packet(ws, session, out, today=TODAY, lang="qps")
    texts = page_texts(out)
    assert any("⟦" in body for body in texts)
    assert unmarked_lines(texts) == []


def test_the_calendar_s_own_words_are_marked(marked, tmp_path):
    ws, built = marked
    from icalendar import Calendar

    calendar = Calendar.from_ical(export_calendar(ws, built.cohort, tmp_path / "c.ics", lang="qps").read_bytes())
    fields = [str(event[name]) for event in calendar.walk("VEVENT") for name in ("SUMMARY", "DESCRIPTION")
              if name in event]
    assert "⟦Cancelled: ⟧⟦Policy screening workshop⟧" in fields
    assert [f for f in fields if leftover(f)] == []


def test_the_workbooks_own_words_are_marked(marked, tmp_path):
    from openpyxl import load_workbook

    ws, built = marked
    export_workplan_xlsx(ws, built.teams["IA"], tmp_path / "plan.xlsx", today=TODAY, lang="qps")
    export_attendance(ws, built.cohort, tmp_path / "attendance.xlsx", lang="qps")
    found = []
    for name in ("plan.xlsx", "attendance.xlsx"):
        book = load_workbook(tmp_path / name)
        for sheet in book.worksheets:
            if leftover(sheet.title):
                found.append(f"{name}: sheet {sheet.title!r}")
            for row in sheet.iter_rows(values_only=True):
                found += [f"{name}: {sheet.title}: {cell!r}" for cell in row
                          if isinstance(cell, str) and leftover(_ZONE_IDS.sub(" ", cell))]
    assert found == []
