"""The documents show the self-assessment framework in their language: a workplan or a
cohort summary made inside ``with i18n.use("es")`` names the default framework, its
dimensions and levels in Spanish, with no change to the code that makes them."""

from __future__ import annotations

import pytest

from equitycohort import i18n
from equitycohort.data.default_framework import DEFAULT_FRAMEWORK
from equitycohort.data.frameworks import save_dimension
from equitycohort.export import export_cohort_summary, export_workplan
from tests.export.conftest import TODAY, normalise, pdf_text

ES_DIMENSIONS = [normalise(d["translations"]["es"]["name"]) for d in DEFAULT_FRAMEWORK["dimensions"]]
EN_DIMENSIONS = [d["name"] for d in DEFAULT_FRAMEWORK["dimensions"]]


@pytest.fixture(autouse=True)
def english_app():
    i18n.set_app_language("en")
    yield
    i18n.set_app_language("en")


def test_a_workplan_made_in_spanish_names_the_framework_in_spanish(ws, built, tmp_path):
    with i18n.use("es"):
        text = pdf_text(export_workplan(ws, built.teams["IA"], tmp_path / "iowa-es.pdf", today=TODAY))
    assert "Marco del camino hacia la equidad" in text
    for name in ES_DIMENSIONS:
        assert name in text, name
    assert "Exploración" in text and "Desarrollo" in text
    for name in EN_DIMENSIONS:
        assert name not in text, name
    # what people typed stays as typed in a Spanish document
    assert "Expand child care subsidies" in text and "Iowa Children First" in text

    english = pdf_text(export_workplan(ws, built.teams["IA"], tmp_path / "iowa-en.pdf", today=TODAY))
    assert "Equity Journey Framework" in english and "Marco del camino" not in english
    assert all(name in english for name in EN_DIMENSIONS)


def test_a_cohort_summary_made_in_spanish_names_the_dimensions_in_spanish(ws, built, tmp_path):
    with i18n.use("es"):
        text = pdf_text(export_cohort_summary(ws, built.cohort, tmp_path / "cohort-es.pdf", today=TODAY))
    assert "Marco del camino hacia la equidad" in text
    assert "Liderazgo" in text
    assert not any(name in text for name in EN_DIMENSIONS)


def test_a_dimension_the_user_renamed_shows_as_typed_in_a_spanish_document(ws, built, tmp_path):
    first = ws.scalar("SELECT id FROM dimensions WHERE framework_id = ? ORDER BY position LIMIT 1",
                      (built.framework,))
    own = DEFAULT_FRAMEWORK["dimensions"][0]
    save_dimension(ws, built.framework, "Equity in Iowa's bills", own["description"], dimension_id=first)
    with i18n.use("es"):
        text = pdf_text(export_workplan(ws, built.teams["IA"], tmp_path / "iowa-es.pdf", today=TODAY))
    assert "Equity in Iowa's bills" in text
    assert ES_DIMENSIONS[0] not in text
    assert ES_DIMENSIONS[1] in text
