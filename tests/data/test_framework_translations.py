"""A framework's text in several languages: the default one in English and Spanish,
read in the language of the screen or document, kept through JSON, added to old
workspaces only where nobody changed the default, and never put in place of what a
user typed."""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from equitycohort import i18n
from equitycohort.data.assessments import (
    OWN_TEXT,
    cohort_growth,
    descriptors,
    dimension_descriptions,
    framework_descriptors,
    list_frameworks,
    load_framework,
    save_round,
    team_framework,
    team_rounds,
)
from equitycohort.data.default_framework import DEFAULT_FRAMEWORK, english_editions
from equitycohort.data.errors import ValidationError
from equitycohort.data.frameworks import (
    FRAMEWORK_TABLES,
    edit_framework,
    export_framework_json,
    framework_rows,
    framework_spec,
    import_framework_json,
    install_default_framework,
    install_framework,
    parse_framework_json,
    rename_level,
    save_dimension,
)
from equitycohort.data.maintenance import check_workspace
from equitycohort.data.migrations import FRAMEWORK_TRANSLATIONS
from equitycohort.data.schema import KINDS, SCHEMA_VERSION
from equitycohort.data.workspace import create_workspace, open_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V4 = FIXTURES / "workspace-v4.ecw"
#: the sample made by the app at the schema that brought translations
TRANSLATED_SAMPLE = FIXTURES / f"workspace-v{FRAMEWORK_TRANSLATIONS}.ecw"
ES = DEFAULT_FRAMEWORK["translations"]["es"]
EN_DIMENSIONS = [d["name"] for d in DEFAULT_FRAMEWORK["dimensions"]]
ES_DIMENSIONS = [d["translations"]["es"]["name"] for d in DEFAULT_FRAMEWORK["dimensions"]]
ES_LEVELS = [level["translations"]["es"]["name"] for level in DEFAULT_FRAMEWORK["levels"]]


@pytest.fixture(autouse=True)
def english_app():
    """Every test starts, and leaves the app, in English."""
    i18n.set_app_language("en")
    yield
    i18n.set_app_language("en")


@pytest.fixture
def default(ws) -> str:
    return install_default_framework(ws).id


# --- the default framework's Spanish ----------------------------------------------


def test_the_default_framework_has_every_text_in_spanish():
    texts = [(DEFAULT_FRAMEWORK[k], ES[k]) for k in ("name", "description", "source")]
    assert set(DEFAULT_FRAMEWORK["translations"]) == {"es"}
    for level in DEFAULT_FRAMEWORK["levels"]:
        assert set(level["translations"]) == {"es"}
        texts.append((level["name"], level["translations"]["es"]["name"]))
    for dim in DEFAULT_FRAMEWORK["dimensions"]:
        spanish = dim["translations"]["es"]
        assert set(spanish) == {"name", "description", "descriptors"}
        assert set(spanish["descriptors"]) == set(dim["descriptors"]) == {1, 2, 3, 4}
        texts += [(dim["name"], spanish["name"]), (dim["description"], spanish["description"])]
        texts += [(dim["descriptors"][rank], spanish["descriptors"][rank]) for rank in dim["descriptors"]]
    assert len(texts) == 3 + 4 + 8 * 6
    for english, spanish in texts:
        assert spanish.strip() == spanish and spanish and spanish != english
        assert "  " not in spanish
    spanish_names = [s for _e, s in texts]
    assert len(set(spanish_names)) == len(spanish_names), "every Spanish text is its own"


def test_the_spanish_uses_the_glossary_terms():
    """docs/glossary.md: rounds are línea de base, punto medio and cierre; a cohort is la cohorte;
    partners are organizaciones aliadas; the stages named in the description are the levels."""
    description = ES["description"]
    for term in ("se autoevalúa", "línea de base", "punto medio", "cierre de la cohorte", "justicia racial, la equidad, la "
                 "diversidad y la inclusión"):
        assert term in description
    assert f"de {ES_LEVELS[0]} a {ES_LEVELS[-1]}" in description
    spanish = json.dumps(DEFAULT_FRAMEWORK["dimensions"], ensure_ascii=False)
    assert "organizaciones aliadas" in spanish and "junta directiva" in spanish
    # words the glossary replaces, or English left behind
    for wrong in ("framework", "socios", "partners", "staff", "vosotros", "abogacía"):
        assert wrong not in json.dumps([d["translations"] for d in DEFAULT_FRAMEWORK["dimensions"]],
                                       ensure_ascii=False).lower()


def test_english_is_american_and_as_it_was():
    english = json.dumps({k: v for k, v in DEFAULT_FRAMEWORK.items() if k != "translations"})
    for british in ("colour", "centred", "Practising", "organisation", "programme"):
        assert british not in english
    assert [level["name"] for level in DEFAULT_FRAMEWORK["levels"]] == ["Exploring", "Building", "Practicing",
                                                                        "Leading"]


# --- reading in a language ---------------------------------------------------------


def test_a_new_workspace_carries_the_default_framework_in_both_languages(tmp_path):
    with create_workspace(tmp_path / "new.ecw") as ws:
        [framework] = list_frameworks(ws)
        assert framework["name"] == "Equity Journey Framework"
        with i18n.use("es"):
            assert list_frameworks(ws)[0]["name"] == ES["name"]
            spanish = load_framework(ws, framework["id"])
        assert spanish.name == ES["name"] and spanish.source == ES["source"]
        assert [name for _r, name in spanish.levels] == ES_LEVELS
        assert [name for _d, name in spanish.dimensions] == ES_DIMENSIONS
        assert ws.scalar("SELECT count(*) FROM descriptors WHERE translations IS NOT NULL") == 32


def test_reading_follows_the_current_language(ws, default):
    english = load_framework(ws, default)
    assert english.name == "Equity Journey Framework"
    assert [n for _d, n in english.dimensions] == EN_DIMENSIONS
    with i18n.use("es"):
        spanish = load_framework(ws, default)
        descriptions = dimension_descriptions(ws, default)
        cells = framework_descriptors(ws, default)
    assert spanish.description == ES["description"]
    assert spanish.licence == "CC BY 4.0"  # a license's name is the same in every language
    assert spanish.level_name(4) == "Liderazgo"
    first = DEFAULT_FRAMEWORK["dimensions"][0]
    assert descriptions[spanish.dimensions[0][0]] == first["translations"]["es"]["description"]
    assert cells[spanish.dimensions[0][0]] == first["translations"]["es"]["descriptors"]
    # the ids and the order are the framework's whatever the language
    assert [d for d, _n in spanish.dimensions] == [d for d, _n in english.dimensions]
    # the app in Spanish (View > Language) reads Spanish without a block asking for it
    i18n.set_app_language("es")
    assert load_framework(ws, default).name == ES["name"]
    with i18n.use("en"):  # a document made for an English-speaking team
        assert load_framework(ws, default).name == "Equity Journey Framework"


def test_a_language_the_framework_lacks_reads_its_own_text(ws, default):
    english = framework_spec(ws, default)
    for language in ("qps", "en", "fr"):
        with i18n.use(language):
            framework = load_framework(ws, default)
            cells = framework_descriptors(ws, default)
        assert framework.name == english["name"], language
        assert [n for _d, n in framework.dimensions] == EN_DIMENSIONS
        assert cells[framework.dimensions[0][0]] == {
            int(k): v for k, v in english["dimensions"][0]["descriptors"].items()}


def test_a_language_can_be_asked_for_by_name_and_own_text_whatever_the_language(ws, default):
    dimension = load_framework(ws, default).dimensions[0][0]
    first = DEFAULT_FRAMEWORK["dimensions"][0]
    assert load_framework(ws, default, language="es").name == ES["name"]
    assert descriptors(ws, dimension, language="es") == first["translations"]["es"]["descriptors"]
    with i18n.use("es"):
        assert load_framework(ws, default, language=OWN_TEXT).name == "Equity Journey Framework"
        assert descriptors(ws, dimension, language=None) == first["translations"]["es"]["descriptors"]
        # the dimension dialog fills the boxes it saves from here: own words, in any language
        assert descriptors(ws, dimension) == first["descriptors"]


def test_growth_and_team_framework_name_dimensions_in_the_language(ws, default, cohort):
    team = ws.insert("teams", {"cohort_id": cohort, "state": "AZ", "organization": "Arizona Kids"}).id
    dims = [d for d, _n in load_framework(ws, default).dimensions]
    save_round(ws, team, default, "baseline", "2026-01-20", {d: (1, "Seen in the bylaws") for d in dims})
    with i18n.use("es"):
        assert team_framework(ws, team).name == ES["name"]
        [row] = cohort_growth(ws, cohort, default)
        [spanish_round] = team_rounds(ws, team)
    assert [g.dimension for g in row.growth] == ES_DIMENSIONS
    # what the team wrote stays as written
    assert set(spanish_round.evidence.values()) == {"Seen in the bylaws"}
    assert [g.dimension for g in cohort_growth(ws, cohort, default)[0].growth] == EN_DIMENSIONS


# --- what users type stays as typed ------------------------------------------------


def test_a_framework_a_user_wrote_reads_the_same_in_every_language(ws):
    typed = {"name": "Marco de equidad — 公平 <b>&</b>", "description": "Written in\ntwo lines",
             "levels": [{"rank": 1, "name": "Inicio"}, {"rank": 2, "name": "Avance"}],
             "dimensions": [{"name": "Datos", "description": "Qué medimos", "descriptors": {1: "Poco", 2: "Mucho"}}]}
    framework = install_framework(ws, typed).id
    readings = []
    for language in ("en", "es", "qps"):
        with i18n.use(language):
            readings.append((load_framework(ws, framework), framework_descriptors(ws, framework),
                             dimension_descriptions(ws, framework), list_frameworks(ws)[0]["name"]))
    assert readings[0] == readings[1] == readings[2]
    assert readings[0][0].name == typed["name"]
    assert ws.scalar("SELECT count(*) FROM levels WHERE translations IS NOT NULL") == 0


def test_editing_the_own_text_drops_only_that_texts_translations(ws, default):
    fw = load_framework(ws, default)
    first, second = fw.dimensions[0][0], fw.dimensions[1][0]
    spanish_first = DEFAULT_FRAMEWORK["dimensions"][0]["translations"]["es"]
    level_2 = ws.scalar("SELECT id FROM levels WHERE framework_id = ? AND rank = 2", (default,))

    save_dimension(ws, default, "Equity in our agenda", DEFAULT_FRAMEWORK["dimensions"][0]["description"],
                   {3: "We screen every bill."}, dimension_id=first)
    rename_level(ws, level_2, "Growing")
    edit_framework(ws, default, {"description": "Our own words."})
    with i18n.use("es"):
        spanish = load_framework(ws, default)
        cells = framework_descriptors(ws, default)
        descriptions = dimension_descriptions(ws, default)
    # what the user typed shows in Spanish documents too, word for word
    assert dict(spanish.dimensions)[first] == "Equity in our agenda"
    assert cells[first][3] == "We screen every bill."
    assert spanish.level_name(2) == "Growing"
    assert spanish.description == "Our own words."
    # what the user left alone is still in Spanish
    assert descriptions[first] == spanish_first["description"]
    assert cells[first][1] == spanish_first["descriptors"][1]
    assert spanish.name == ES["name"] and spanish.level_name(1) == "Exploración"
    assert dict(spanish.dimensions)[second] == ES_DIMENSIONS[1]
    # one undo brings the edit and its translations back together
    ws.undo()
    ws.undo()
    ws.undo()
    with i18n.use("es"):
        again = load_framework(ws, default)
    assert dict(again.dimensions)[first] == ES_DIMENSIONS[0] and again.level_name(2) == "Desarrollo"
    assert again.description == ES["description"]


def test_saving_unchanged_text_keeps_the_translations(ws, default):
    dimension = load_framework(ws, default).dimensions[0][0]
    own = DEFAULT_FRAMEWORK["dimensions"][0]
    save_dimension(ws, default, own["name"], own["description"], dict(own["descriptors"]), dimension_id=dimension)
    edit_framework(ws, default, {"licence": "CC BY-SA 4.0"})  # not a translated text
    with i18n.use("es"):
        assert framework_descriptors(ws, default)[dimension] == own["translations"]["es"]["descriptors"]
        assert load_framework(ws, default).name == ES["name"]


def test_an_edit_that_gives_its_own_translations_keeps_them(ws, default):
    """What a translation editor would write: new own text and its translation in one step."""
    level = ws.scalar("SELECT id FROM levels WHERE framework_id = ? AND rank = 4", (default,))
    ws.update("levels", level, {"name": "Transforming", "translations": {"es": {"name": "Transformación"}}})
    with i18n.use("es"):
        assert load_framework(ws, default).level_name(4) == "Transformación"
    assert load_framework(ws, default).level_name(4) == "Transforming"


# --- the write door ------------------------------------------------------------------


def door_refusal(ws, table: str, values: dict) -> str:
    with pytest.raises(ValidationError) as caught:
        ws.insert(table, values)
    return caught.value.for_field("translations")


def test_the_write_door_stores_translations_in_one_form_and_refuses_bad_ones(ws, default):
    values = {"framework_id": default, "rank": 5, "name": "Sustaining"}
    level = ws.insert("levels", {**values, "translations": {"es": {"name": "Sostenida"}, "ak": {"name": "  "}}}).id
    assert ws.get("levels", level)["translations"] == '{"es": {"name": "Sostenida"}}'
    ws.undo()
    assert door_refusal(ws, "levels", {**values, "translations": {"Spanish": {"name": "x"}}}) == (
        "Translations: Spanish is not a language code (two or three lowercase letters, such as es).")
    assert door_refusal(ws, "levels", {**values, "translations": {"es": {"description": "x"}}}) == (
        "Translations (es): description is not a field that can be translated here (name).")
    assert door_refusal(ws, "levels", {**values, "translations": {"es": {"name": "two\nlines"}}}) == (
        "Translations (es), Name: must be a single line.")
    assert door_refusal(ws, "levels", {**values, "translations": ["es"]}) == (
        "Translations: must map a language code (such as es) to the text in that language.")
    assert door_refusal(ws, "levels", {**values, "translations": '{"es": '}) == "Translations: is not valid JSON."
    assert door_refusal(ws, "levels", {**values, "translations": {"es": "Sostenida"}}) == (
        "Translations (es): must map each translated field to its text.")
    assert door_refusal(ws, "levels", {**values, "translations": {"es": {"name": "bad\x00"}}}) == (
        "Translations (es), Name: contains an invisible control character (U+0000).")
    assert ws.count("levels") == 4
    with pytest.raises(ValidationError):  # only a framework's records carry translations
        ws.insert("programs", {"name": "P", "translations": {"es": {"name": "x"}}})


def test_damaged_translations_are_read_past_and_reported_by_check(tmp_path):
    path = tmp_path / "damaged.ecw"
    with create_workspace(path) as ws:
        framework = list_frameworks(ws)[0]["id"]
        ws.conn.execute("UPDATE frameworks SET translations = '{\"es\": {\"name\": ' WHERE id = ?", (framework,))
        ws.conn.execute("UPDATE levels SET translations = '[1, 2]' WHERE rank = 1")
        with i18n.use("es"):
            framework_read = load_framework(ws, framework)
        assert framework_read.name == "Equity Journey Framework"  # its own text, not a traceback
        assert framework_read.level_name(1) == "Exploring" and framework_read.level_name(2) == "Desarrollo"
    report = check_workspace(path)
    assert any("Translations: is not valid JSON." in p for p in report.problems)
    assert any("Translations: must map a language code" in p for p in report.problems)


# --- migration of workspaces made before translations ------------------------------


def _insert_as_v4(conn: sqlite3.Connection, spec: dict, *, stamp: str = "2026-01-05T10:00:00.000+00:00") -> str:
    """A framework written the way the app at schema 4 wrote the default one: no translations."""
    rows = framework_rows(spec)
    for table in FRAMEWORK_TABLES:
        for row in rows[table]:
            row = {k: v for k, v in row.items() if k != "translations"} | {"created": stamp, "modified": stamp}
            conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))
    return rows["frameworks"][0]["id"]


def _own_columns(conn: sqlite3.Connection) -> dict:
    """Every framework record's own text and stamps, as stored."""
    out = {}
    for table in FRAMEWORK_TABLES:
        columns = [c for c in ("id", *KINDS[table].field_names, "created", "modified") if c != "translations"]
        out[table] = sorted(tuple(r) for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table}"))
    return out


@pytest.fixture
def v4_with_defaults(tmp_path):
    """The v4 sample, plus copies of the default framework as v4 workspaces hold them."""
    path = tmp_path / "v4.ecw"
    shutil.copyfile(V4, path)
    current, first_release = english_editions()
    edited = copy.deepcopy(current)
    edited["dimensions"][3]["descriptors"][2] = edited["dimensions"][3]["descriptors"][2].replace(
        "ethnicity", "ethnicity and tribe")
    renamed_only = copy.deepcopy(current)
    renamed_only["name"] = "Equity Journey Framework (Iowa)"
    reordered = copy.deepcopy(current)
    reordered["dimensions"].reverse()
    with closing(sqlite3.connect(path)) as conn, conn:
        ids = {name: _insert_as_v4(conn, spec) for name, spec in (
            ("unchanged", current), ("first_release", first_release), ("edited", edited),
            ("renamed_only", renamed_only), ("reordered", reordered))}
        # a copy whose user added a level of their own
        extra = _insert_as_v4(conn, current)
        conn.execute("INSERT INTO levels (id, framework_id, rank, name, created, modified) VALUES "
                      "('l5', ?, 5, 'Sustaining', 'x', 'x')", (extra,))
        ids["extra_level"] = extra
        before = _own_columns(conn)
    return path, ids, before


def test_migration_gives_only_unchanged_default_frameworks_their_spanish(v4_with_defaults):
    path, ids, before = v4_with_defaults
    with open_workspace(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        with i18n.use("es"):
            read = {name: load_framework(ws, framework) for name, framework in ids.items()}
            cells = {name: framework_descriptors(ws, framework) for name, framework in ids.items()}
        translated = {name for name, framework in ids.items()
                      if ws.scalar("SELECT translations FROM frameworks WHERE id = ?", (framework,))}
        assert translated == {"unchanged", "first_release", "reordered"}
        for name in translated:
            assert read[name].name == ES["name"]
            assert sorted(n for _d, n in read[name].dimensions) == sorted(ES_DIMENSIONS)
            assert [n for _r, n in read[name].levels] == ES_LEVELS
            spanish = {text for by_rank in cells[name].values() for text in by_rank.values()}
            assert spanish == {t for d in DEFAULT_FRAMEWORK["dimensions"]
                               for t in d["translations"]["es"]["descriptors"].values()}
        # a framework its user changed, even by one word or one level, is left entirely alone
        for name in ("edited", "renamed_only", "extra_level"):
            framework = ids[name]
            assert ws.scalar("SELECT count(*) FROM levels WHERE framework_id = ? AND translations IS NOT NULL",
                             (framework,)) == 0
            assert ws.scalar("SELECT count(*) FROM dimensions WHERE framework_id = ? AND translations IS NOT "
                             "NULL", (framework,)) == 0
            assert ws.scalar("SELECT count(*) FROM descriptors d JOIN dimensions m ON m.id = d.dimension_id "
                             "WHERE m.framework_id = ? AND d.translations IS NOT NULL", (framework,)) == 0
            assert [n for _d, n in read[name].dimensions] == EN_DIMENSIONS
        assert read["first_release"].level_name(3) == "Práctica"
        # the sample's own framework, written by its user, is untouched
        assert ws.scalar("SELECT count(*) FROM frameworks WHERE translations IS NOT NULL") == 3
        # the migration adds translations and changes no own text, no stamp, nothing else
        after = _own_columns(ws.conn)
        assert after == before
        assert ws.get("levels", ws.scalar("SELECT id FROM levels WHERE framework_id = ? AND rank = 3",
                                          (ids["first_release"],)))["name"] == "Practising"
        assert ws.undo_label is None
    assert check_workspace(path).healthy


def test_the_v4_sample_migrates_and_its_framework_keeps_its_own_words(tmp_path):
    path = tmp_path / "v4.ecw"
    shutil.copyfile(V4, path)
    with open_workspace(path) as ws:
        assert ws.scalar("SELECT count(*) FROM frameworks WHERE translations IS NOT NULL") == 0
        with i18n.use("es"):
            [framework] = list_frameworks(ws)
            assert framework["name"] == "Equity capacity"
            assert load_framework(ws, framework["id"]).level_name(1) == "Emerging"


def test_the_translations_sample_opens_with_its_translations(tmp_path):
    path = tmp_path / TRANSLATED_SAMPLE.name
    shutil.copyfile(TRANSLATED_SAMPLE, path)
    with open_workspace(path) as ws:
        frameworks = {f["name"]: f["id"] for f in list_frameworks(ws, language=OWN_TEXT)}
        assert set(frameworks) == {"Equity capacity", "Equity Journey Framework"}
        with i18n.use("es"):
            assert [n for _d, n in load_framework(ws, frameworks["Equity capacity"]).dimensions] == ["Datos"]
            assert load_framework(ws, frameworks["Equity Journey Framework"]).name == ES["name"]


# --- JSON ---------------------------------------------------------------------------------


def test_json_round_trip_keeps_every_language(ws, default):
    text = export_framework_json(ws, default)
    data = json.loads(text)
    assert data["translations"] == {"es": ES}
    assert data["levels"][0] == {"rank": 1, "name": "Exploring", "translations": {"es": {"name": "Exploración"}}}
    first = DEFAULT_FRAMEWORK["dimensions"][0]["translations"]["es"]
    assert data["dimensions"][0]["translations"] == {"es": {
        "name": first["name"], "description": first["description"],
        "descriptors": {str(rank): t for rank, t in first["descriptors"].items()}}}
    assert "Exploración" in text  # written as typed, not escaped

    copy_id = import_framework_json(ws, text).id
    assert framework_spec(ws, copy_id) == framework_spec(ws, default)
    assert export_framework_json(ws, copy_id) == text
    with i18n.use("es"):
        assert load_framework(ws, copy_id).name == ES["name"]
        assert framework_descriptors(ws, copy_id)[load_framework(ws, copy_id).dimensions[7][0]] == \
            DEFAULT_FRAMEWORK["dimensions"][7]["translations"]["es"]["descriptors"]


def test_a_framework_without_translations_exports_as_before(ws):
    framework = install_framework(ws, {"name": "Plain", "levels": [{"rank": 1, "name": "One"}],
                                       "dimensions": [{"name": "D", "descriptors": {1: "d"}}]}).id
    assert "translations" not in export_framework_json(ws, framework)


def test_an_old_framework_file_still_imports(ws):
    """A file written before frameworks had translations (and spelling "license")."""
    old = json.dumps({"name": "Equity capacity", "description": "", "source": "Our board", "license": "CC0",
                      "levels": [{"rank": 1, "name": "Emerging"}, {"rank": 2, "name": "Leading"}],
                      "dimensions": [{"name": "Data", "description": "", "descriptors": {"1": "Counts only"}}]})
    framework = import_framework_json(ws, old).id
    assert ws.get("frameworks", framework)["licence"] == "CC0"
    with i18n.use("es"):
        assert load_framework(ws, framework).level_name(2) == "Leading"
    assert ws.scalar("SELECT count(*) FROM descriptors WHERE translations IS NOT NULL") == 0


def test_a_partial_translation_imports_and_the_rest_reads_in_its_own_words(ws):
    framework = import_framework_json(ws, json.dumps({
        "name": "F", "translations": {"es": {"name": "M"}, "fr": {"description": "  "}},
        "levels": [{"rank": 1, "name": "Low", "translations": {"es": {"name": "Bajo"}}},
                   {"rank": 2, "name": "High"}],
        "dimensions": [{"name": "D", "descriptors": {"1": "low", "2": "high"},
                        "translations": {"es": {"descriptors": {"2": "alto"}}}}]})).id
    with i18n.use("es"):
        fw = load_framework(ws, framework)
        cells = framework_descriptors(ws, framework)
    assert (fw.name, fw.levels, [n for _d, n in fw.dimensions]) == ("M", ((1, "Bajo"), (2, "High")), ["D"])
    assert cells[fw.dimensions[0][0]] == {1: "low", 2: "alto"}
    assert json.loads(export_framework_json(ws, framework))["translations"] == {"es": {"name": "M"}}


GOOD = {"name": "F", "levels": [{"rank": 1, "name": "A"}, {"rank": 2, "name": "B"}],
        "dimensions": [{"name": "D", "descriptors": {"1": "a", "2": "b"}}]}


def refused(ws, **changes) -> list[str]:
    """The messages a framework file with these changes gets; and nothing written."""
    text = json.dumps({**GOOD, **changes})
    with pytest.raises(ValidationError) as caught:
        parse_framework_json(text)
    with pytest.raises(ValidationError):
        import_framework_json(ws, text)
    assert ws.count("frameworks") == 0 and ws.undo_label is None
    return [e.message for e in caught.value.errors]


def test_bad_translations_in_a_file_are_refused_with_where_and_what(ws):
    assert refused(ws, translations="es") == [
        "Translations: “translations” must map a language code (such as “es”) to the texts in that language."]
    assert refused(ws, translations={"Spanish": {"name": "x"}}) == [
        "Translations: “Spanish” is not a language code; use two or three lowercase letters, such as “es”."]
    assert refused(ws, translations={"es": "M"}) == [
        "Translations: the “es” translation must be an object of texts (name, description, source)."]
    assert refused(ws, translations={"es": {"title": "M"}}) == [
        "Translations: the “es” translation has “title”, which is not one of its texts (name, description, "
        "source)."]
    assert refused(ws, translations={"es": {"name": 5}}) == [
        "Translations: “name” in the “es” translation: must be text."]
    levels = [{"rank": 1, "name": "A", "translations": {"es": {"name": "two\nlines"}}}, {"rank": 2, "name": "B"}]
    assert refused(ws, levels=levels) == ["Levels: level 1: “name” in the “es” translation: must be a single line."]
    dimensions = [{"name": "D", "descriptors": {"1": "a"},
                   "translations": {"es": {"descriptors": {"2": "b", "x": "c"}}}}]
    assert refused(ws, dimensions=dimensions) == [
        "Dimensions: dimension “D”: the “es” translation describes level 2, which the dimension does not "
        "describe in its own text.",
        "Dimensions: dimension “D”: the “es” translation describes level x, which the dimension does not "
        "describe in its own text."]
    dimensions = [{"name": "D", "translations": {"es": {"descriptors": ["a"]}}}]
    assert refused(ws, dimensions=dimensions) == [
        "Dimensions: dimension “D”: the descriptors of the “es” translation must map a level rank to its text."]


def test_every_bad_translation_in_a_file_is_named_at_once(ws):
    messages = refused(ws, translations={"ES": {}},
                       levels=[{"rank": 1, "name": "A", "translations": {"es": {"rank": 2}}}],
                       dimensions=[{"name": "D", "translations": {"es": {"name": "x" * 400}}}])
    assert len(messages) == 3
    assert messages[0].startswith("Translations: “ES” is not a language code")
    assert messages[1].startswith("Levels: level 1: the “es” translation has “rank”")
    assert messages[2] == "Dimensions: dimension “D”: “name” in the “es” translation: is 400 characters long; " \
                          "the limit is 300."
