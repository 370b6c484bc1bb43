"""The data layer's messages reach a person in the current language: refusals at a field, warnings,
the names of steps in Edit > Undo, the Attention list, the roster import's report, a workspace check."""

from __future__ import annotations

import datetime as dt

import pytest

from equitycohort import i18n
from equitycohort.data.attention import SECTIONS, attention
from equitycohort.data.checkins import save_checkin
from equitycohort.data.errors import ValidationError
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.roster import import_roster
from equitycohort.data.schedule import Cadence
from equitycohort.data.search import grouped, search
from equitycohort.data.teams import add_team

ROSTER = ("state,organization,name,role,email\n"
          "IA,Iowa Children First,Ana Pérez,Executive Director,ana@example.org\n"
          "IA,Iowa Children First,Ben Okafor,Organizer,ben@example.org\n").encode()


@pytest.fixture
def spanish():
    with i18n.use("es"):
        yield


def test_a_refusal_names_its_field_in_spanish(ws, cohort, spanish):
    with pytest.raises(ValidationError) as refused:
        ws.insert("sessions", {"cohort_id": cohort, "title": "", "date": "2027-02-30"})
    assert refused.value.for_field("title") == "Título: no puede estar vacío."
    assert refused.value.for_field("date") == ("Fecha: 2027-02-30 no es una fecha real (AAAA-MM-DD, años 1900 a "
                                               "2199).")
    with pytest.raises(ValidationError) as refused:
        ws.insert("cohorts", {"program_id": "nope", "name": "X", "start_date": "2027-01-01",
                              "end_date": "2026-01-01", "phase": "later"})
    assert refused.value.for_field("phase") == ("Fase: debe ser uno de estos: Planificación, En curso, Comunidad de "
                                                "práctica, Cerrada.")


def test_undo_names_the_step_in_the_language_it_was_made_in(ws, cohort):
    with i18n.use("es"):
        team = add_team(ws, cohort, {"state": "IA", "organization": "Iowa Children First"},
                        [{"name": "Ana Pérez", "executive_director": True}])
        assert ws.undo_label == "Agregar equipo de Iowa"
        assert team.warnings == ("El equipo de Iowa tiene 1 líder; el programa pide un equipo de 3.",
                                 "Cohort 1 tiene 1 equipo estatal; una cohorte debería tener de 6 a 8.")
        save_checkin(ws, {"team_id": team.id, "date": "2026-02-01", "mode": "call"}, [])
        assert ws.undo_label == "Agregar seguimiento"
        assert ws.undo().label == "Deshacer Agregar seguimiento"
    assert ws.undo_label == "Agregar equipo de Iowa"  # a step keeps the name it was given
    assert ws.insert("programs", {"name": "Another"}).label == "Add program"


def test_attention_in_spanish(ws, cohort, spanish):
    add_team(ws, cohort, {"state": "IA", "organization": "Iowa Children First"}, [])
    found = attention(ws, today=dt.date(2026, 3, 1))
    item = found["Teams not contacted"][0]
    assert item.detail == "aún no hay seguimientos registrados"
    assert i18n._(SECTIONS[0]) == "Equipos sin contactar"


def test_the_roster_report_in_spanish(ws, cohort, spanish):
    plan = import_roster(ws, cohort, ROSTER, dry_run=True)
    report = plan.report()
    assert "línea 2: IA Ana Pérez: crear equipo, crear persona" in report
    assert "  Iowa (IA), Iowa Children First (equipo nuevo): 2 líderes, 1 director(a) ejecutivo(a) (Ana Pérez) ⚠ " \
           "el programa pide un equipo de 3." in report
    assert report[-1] == "2 filas se importarían: 1 × crear equipo, 2 × crear persona."
    assert plan.rows[0].summary == "crear equipo, crear persona"


def test_english_reports_keep_their_words(ws, cohort):
    """Number words stay English ("two leaders"); another language writes figures."""
    report = import_roster(ws, cohort, ROSTER, dry_run=True).report()
    assert "  Iowa (IA), Iowa Children First (new team): two leaders, one executive director (Ana Pérez) ⚠ " \
           "the program asks for a team of three." in report
    assert report[-1] == "2 rows would import: 1 create team, 2 create person."


def test_a_workspace_check_in_spanish(ws, spanish):
    ws.checkpoint()
    lines = check_workspace(ws.path).lines()
    assert lines[0] == f"espacio de trabajo: {ws.path}"
    assert "integridad: correcta" in lines and "estado: en buen estado" in lines


def test_search_groups_and_schedule_words_in_spanish(ws, cohort, spanish):
    add_team(ws, cohort, {"state": "IA", "organization": "Iowa Children First"}, [])
    assert [label for label, _hits in grouped(search(ws, "Iowa"))] == ["Equipos estatales"]
    cadence = Cadence("monthly", dt.date(2026, 2, 10), 3, weekday=1, nth=2)
    assert cadence.describe() == "Mensual, el segundo martes del mes"
    assert Cadence("weekly", dt.date(2026, 2, 10), 3).describe() == "Cada semana"


def test_framework_edits_name_their_steps_in_spanish(ws, spanish):
    from equitycohort.data.assessments import load_framework
    from equitycohort.data.frameworks import (
        add_level,
        delete_level,
        install_default_framework,
        move_dimension,
        save_dimension,
    )

    framework = install_default_framework(ws).id
    second = load_framework(ws, framework).dimensions[1][0]
    save_dimension(ws, framework, "Presupuesto", "A dónde va el dinero")
    assert ws.undo_label == "Agregar la dimensión Presupuesto"
    move_dimension(ws, second, 1)
    assert ws.undo_label.startswith("Bajar la dimensión ")
    level = add_level(ws, framework, "Sostenido").id
    assert ws.undo_label == "Agregar el nivel Sostenido"
    delete_level(ws, level)
    assert ws.undo_label == "Eliminar el nivel Sostenido"
    assert ws.undo().label == "Deshacer Eliminar el nivel Sostenido"
