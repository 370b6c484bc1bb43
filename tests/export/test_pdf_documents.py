"""The PDFs as documents: right-to-left text, bookmarks, links, type sizes,
long text, continued tables, overdue marks, plurals, footers, fonts, times.

Every check reads the PDF back with pypdf, as a reader's software would.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from equitycohort.data.schema import LINE_MAX, TEXT_MAX
from equitycohort.export import (
    export_checkin_history,
    export_cohort_summary,
    export_packets,
    export_session_packet,
    export_workplan,
    pdf,
)
from tests.export.conftest import TODAY, pdf_text

KINDS = ("workplan", "cohort", "session", "checkins")

#: Arabic words with no lam-alef (a ligature reads back as two letters), each one distinct
_LETTERS = "بتثجحخدذرزسشصضطظعغفقكمنهي"
ARABIC_WORDS = [_LETTERS[i % 25] + _LETTERS[(i // 25) % 25] + "م" + _LETTERS[(i * 7) % 25] for i in range(160)]


def reader(path):
    from pypdf import PdfReader

    return PdfReader(str(path))


def page_texts(path) -> list[str]:
    return [page.extract_text() or "" for page in reader(path).pages]


def make(kind: str, ws, built, out, **kw):
    if kind == "workplan":
        return export_workplan(ws, built.teams["IA"], out, today=TODAY, **kw)
    if kind == "cohort":
        return export_cohort_summary(ws, built.cohort, out, today=TODAY, **kw)
    if kind == "session":
        return export_session_packet(ws, built.sessions[0], out, today=TODAY, **kw)
    return export_checkin_history(ws, built.teams["IA"], out, internal=True, today=TODAY, **kw)


def goal_of(ws, built, state="IA") -> str:
    return ws.rows("SELECT id FROM goals WHERE team_id = ? ORDER BY position", (built.teams[state],))[0]["id"]


# --- right-to-left text ----------------------------------------------------

def test_a_wrapped_arabic_paragraph_reads_from_its_first_words_to_its_last(ws, built, tmp_path):
    note = " ".join(ARABIC_WORDS)
    ws.update("checkins", built.checkins["IA"], {"summary": note})
    out = export_checkin_history(ws, built.teams["IA"], tmp_path / "h.pdf", today=TODAY)
    lines = [line for page in page_texts(out) for line in page.splitlines()
             if any(word in line for word in ARABIC_WORDS)]
    assert len(lines) >= 4  # the note wraps over several lines
    found = []
    for line in lines:
        words = [w for w in line.split() if w in ARABIC_WORDS]
        # within each line, word after word in the order typed...
        assert words == sorted(words, key=ARABIC_WORDS.index), line
        found += words
    # ...and line after line: the first words on the first line, the last on the last
    assert found == ARABIC_WORDS
    assert ARABIC_WORDS[0] in lines[0] and ARABIC_WORDS[-1] in lines[-1]


def test_a_mixed_direction_name_keeps_its_reading_order_on_the_sign_in_sheet(ws, built, tmp_path):
    person = built.people["Ana Pérez"]
    ws.update("people", person, {"name": "Amira Haddad (أميرة حداد)"})
    out = export_session_packet(ws, built.sessions[0], tmp_path / "s.pdf", today=TODAY)
    text = "\n".join(page_texts(out))
    assert "أميرة حداد" in text.replace("\n", " ") or ("أميرة" in text and "حداد" in text)
    start = text.index("Amira Haddad")
    # the given name comes before the family name, whether or not the cell wraps it
    assert start < text.index("أميرة", start) < text.index("حداد", start)


def test_right_to_left_text_is_drawn_in_joined_forms(ws, built, tmp_path):
    ws.update("checkins", built.checkins["IA"], {"summary": "محمد عبد الله"})
    out = export_checkin_history(ws, built.teams["IA"], tmp_path / "h.pdf", today=TODAY)
    content = b"".join(page.get_contents().get_data() for page in reader(out).pages)
    # the text layer reads back the letters typed...
    assert "محمد عبد الله" in pdf_text(out)
    # ...while the page draws presentation forms (a glyph subset, so check the font's ToUnicode map)
    cmaps = [f["/ToUnicode"].get_object().get_data() for page in reader(out).pages
             for f in page["/Resources"]["/Font"].values() if "/ToUnicode" in f.get_object()
             for f in [f.get_object()]]
    assert any(b"<0645>" in m for m in cmaps) and content  # a form mapped back to MEEM (U+0645)


# --- bookmarks and links -----------------------------------------------------

def outline(path) -> list[tuple[int, str, int]]:
    r = reader(path)
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, r.get_destination_page_number(item)))

    walk(r.outline, 0)
    return out


def test_the_workplan_has_a_bookmark_per_section_and_per_goal(ws, built, tmp_path):
    out = export_workplan(ws, built.teams["IA"], tmp_path / "w.pdf", today=TODAY)
    marks = outline(out)
    titles = [(depth, title) for depth, title, _ in marks]
    assert titles == [
        (0, "Workplan"), (0, "Team leaders"), (0, "Goals and actions"),
        (1, "Goal 1: Expand child care subsidies"), (1, "Goal 2: Equity screen for every bill"),
        (0, "Milestones"), (0, "Self-assessment"), (0, "Upcoming sessions"),
    ]
    texts = page_texts(out)
    for _depth, title, page in marks:  # each bookmark opens the page its heading is on
        heading = title.replace(": ", " · ", 1) if title.startswith("Goal ") else title
        assert heading in texts[page], title
    assert reader(out).page_mode == "/UseOutlines"


@pytest.mark.parametrize(("kind", "expected"), [
    ("cohort", [(0, "Cohort 1: overview"), (1, "Teams at a glance"), (0, "Schedule and attendance"),
                (0, "Workplan progress by team"), (0, "Self-assessment by dimension"), (0, "Check-in activity")]),
    ("session", [(0, "Kickoff"), (0, "Agenda"), (0, "Sign-in sheet"), (1, "Colorado: CO Families Network"),
                 (1, "Iowa: Iowa Children First"), (1, "Minnesota: Minnesota Kids Alliance"),
                 (1, "Wisconsin: WI Families Network")]),
    ("checkins", [(0, "Check-in history"), (1, "Feb 24, 2026: Video")]),
])
def test_every_document_has_bookmarks_per_section(ws, built, tmp_path, kind, expected):
    out = make(kind, ws, built, tmp_path / f"{kind}.pdf")
    assert [(d, t) for d, t, _ in outline(out)] == expected


def links(path) -> list[tuple[int, str]]:
    out = []
    for number, page in enumerate(reader(path).pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot["/Subtype"] == "/Link" and "/A" in annot:
                out.append((number, str(annot["/A"]["/URI"])))
    return out


def test_e_mail_addresses_and_video_links_are_clickable(ws, built, tmp_path):
    long_address = "amira.haddad.community.outreach.coordinator@iowa-children-first.example.org"
    ws.update("people", built.people["Ana Pérez"], {"email": long_address})
    workplan = export_workplan(ws, built.teams["IA"], tmp_path / "w.pdf", today=TODAY)
    found = links(workplan)
    assert (0, "mailto:ben.1@iowa.example.org") in found
    # a long address wraps in its cell, every piece of it linking to the whole address
    pieces = [uri for _, uri in found if uri == f"mailto:{long_address}"]
    assert len(pieces) >= 2
    assert long_address in pdf_text(workplan).replace(" ", "")

    call = export_session_packet(ws, built.sessions[4], tmp_path / "s.pdf", today=TODAY)
    assert (0, "https://meet.example.org/equity") in links(call)

    video = "https://meet.example.org/a/very/long/path/that/keeps/going/on-and-on?with=query&and=more"
    ws.update("sessions", built.sessions[0], {"link": video, "agenda": "Slides: www.example.org/slides, "
                                              "questions to help@example.org."})
    packet = export_session_packet(ws, built.sessions[0], tmp_path / "k.pdf", today=TODAY)
    uris = [uri for _, uri in links(packet)]
    assert video in uris and "https://www.example.org/slides" in uris and "mailto:help@example.org" in uris


def test_addresses_break_only_where_an_address_may():
    pdf.ensure_fonts()
    lines = pdf.address_lines("amira.haddad.community.outreach@iowa-children-first.example.org",
                              pdf.SANS, 8.5, 120)
    assert "".join(lines) == "amira.haddad.community.outreach@iowa-children-first.example.org"
    assert len(lines) >= 3
    for line in lines[1:]:  # each new line starts at a dot, a dash or after "@"
        assert line[0] in ".-_" or lines[lines.index(line) - 1].endswith("@"), lines
    assert pdf.link_target("ana@example.org") == "mailto:ana@example.org"
    assert pdf.link_target("www.example.org") == "https://www.example.org"
    assert pdf.link_target("Zoom, ID 123 456") is None
    assert pdf.link_target("javascript:alert(1)") is None  # only web and e-mail addresses become links
    spans = pdf._link_spans("Notes (see https://example.org/a). Not awww.example.org; write to a.b@c.org.")
    assert [target for _, target in spans if target] == ["https://example.org/a", "mailto:a.b@c.org"]
    assert "".join(piece for piece, _ in spans) == \
        "Notes (see https://example.org/a). Not awww.example.org; write to a.b@c.org."


# --- type sizes, fonts, footers --------------------------------------------

def type_sizes(path) -> set[float]:
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * abs(tm[0]) * abs(cm[0]), 2))

    for page in reader(path).pages:
        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("kind", KINDS)
def test_no_text_is_set_under_eight_points(ws, built, tmp_path, kind):
    out = make(kind, ws, built, tmp_path / f"{kind}.pdf")
    sizes = type_sizes(out)
    assert sizes and min(sizes) >= pdf.MIN_FONT_SIZE, sorted(sizes)


def test_every_paragraph_style_is_at_least_eight_points():
    for name, style in pdf.styles().items():
        assert style.fontSize >= pdf.MIN_FONT_SIZE, name


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_named_is_embedded_and_the_footer_names_program_and_cohort(ws, built, tmp_path, kind):
    out = make(kind, ws, built, tmp_path / f"{kind}.pdf")
    for page in reader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    texts = page_texts(out)
    for number, text in enumerate(texts, start=1):
        assert "Operationalizing Equity · Cohort 1 · Exported March 3, 2026" in text
        assert f"Page {number} of {len(texts)}" in text
        assert "test.ecw" not in text and "test ·" not in text


# --- long text -----------------------------------------------------------------

def fill(words: str, size: int) -> str:
    return (words * (size // len(words) + 1))[:size]


@pytest.fixture
def huge(ws, built):
    """Every text field the write door takes at its longest, 200,000 characters."""
    text = fill("The coalition needs county data disaggregated by race and language. ", TEXT_MAX)
    solid = "x" * TEXT_MAX  # one word with no space at all
    assert ws.update("goals", goal_of(ws, built), {"description": text, "title": "W" * LINE_MAX})
    for action in ws.rows("SELECT a.id FROM actions a JOIN goals g ON g.id = a.goal_id WHERE g.team_id = ?",
                          (built.teams["IA"],)):
        ws.update("actions", action["id"], {"support_needed": text, "title": "A" * LINE_MAX})
    ws.update("checkins", built.checkins["IA"], {"summary": text, "wins": solid, "private_notes": text})
    ws.update("sessions", built.sessions[0], {"agenda": solid, "title": "T" * LINE_MAX,
                                              "location": "L" * LINE_MAX})
    ws.update("teams", built.teams["IA"], {"organization": "O" * LINE_MAX})
    return text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", ["letter", "a4"])
def test_text_of_any_length_lays_out_in_every_document(ws, built, huge, tmp_path, kind, size):
    out = make(kind, ws, built, tmp_path / f"{kind}.pdf", page_size=size)
    pages = reader(out).pages
    assert len(pages) >= (1 if kind == "cohort" else 20)
    if kind != "cohort":
        assert "The coalition needs county data" in (pages[len(pages) // 2].extract_text() or "") or \
            "xxxxxxxxxx" in (pages[len(pages) // 2].extract_text() or "")


def test_six_thousand_characters_of_support_needed_make_a_workplan_and_packets(ws, built, tmp_path):
    action = ws.rows("SELECT id FROM actions WHERE goal_id = ? ORDER BY position", (goal_of(ws, built),))[1]["id"]
    note = fill("Data disaggregated by county, with partners who know the families. ", 6000)
    ws.update("actions", action, {"support_needed": note})
    text = pdf_text(export_workplan(ws, built.teams["IA"], tmp_path / "w.pdf", today=TODAY))
    assert "Data disaggregated by county" in text
    assert "support needed (continued)" in text  # the rest of a long note follows the table
    result = export_packets(ws, built.cohort, tmp_path / "packets", today=TODAY)
    assert len(result.files) == 1 + 3 * 4


def test_a_five_thousand_character_note_leaves_no_nearly_blank_page(ws, built, tmp_path):
    note = fill("A sentence about the work with partners this month. ", 5000)
    ws.update("checkins", built.checkins["IA"], {"summary": note, "wins": note, "challenges": note})
    out = export_checkin_history(ws, built.teams["IA"], tmp_path / "h.pdf", internal=True, today=TODAY)
    filled = [len(text) for text in page_texts(out)]
    # every page but the last is well filled: no page was left nearly blank before a long note
    assert all(count > 0.5 * max(filled) for count in filled[:-1]), filled


def test_actions_carried_to_a_new_page_say_which_goal_they_belong_to(ws, built, tmp_path):
    goal = goal_of(ws, built)
    with ws.operation("Many actions") as op:
        for n in range(60):
            op.insert("actions", {"goal_id": goal, "position": 10 + n, "title": f"Extra action number {n}",
                                  "status": "not_started"})
    out = export_workplan(ws, built.teams["IA"], tmp_path / "w.pdf", today=TODAY)
    texts = page_texts(out)
    carried = [i for i, text in enumerate(texts) if "Extra action number" in text and "Goal 1 ·" not in text]
    assert carried
    for i in carried:
        assert "Goal 1 (continued)" in texts[i]
    assert "Goal 2 (continued)" not in "".join(texts)


# --- marks, words and numbers -----------------------------------------------

def alert_color_used(path) -> bool:
    red = " ".join(f"{c / 255:.6g}" for c in (0x9B, 0x1C, 0x1C)).encode()
    content = b"".join(page.get_contents().get_data() for page in reader(path).pages)
    return bool(re.search(rb"0?\.60784\d* 0?\.10980\d* 0?\.10980\d* rg", content)) or red in content


def test_overdue_milestones_are_marked_like_overdue_actions(ws, built, tmp_path):
    late = dt.date(2026, 5, 20)  # milestones were due May 1 and are not reached
    text = pdf_text(export_workplan(ws, built.teams["IA"], tmp_path / "w.pdf", today=late))
    milestones = text[text.index("Milestones"):]
    assert milestones.count(pdf.OVERDUE_MARK) == 2
    assert text[:text.index("Milestones")].count(pdf.OVERDUE_MARK) >= 1  # the overdue actions
    assert alert_color_used(tmp_path / "w.pdf")
    ws.update("milestones", ws.rows("SELECT id FROM milestones WHERE team_id = ?", (built.teams["IA"],))[0]["id"],
              {"reached_date": "2026-04-30"})
    text = pdf_text(export_workplan(ws, built.teams["IA"], tmp_path / "w2.pdf", today=late))
    assert text[text.index("Milestones"):].count(pdf.OVERDUE_MARK) == 1


def test_figures_say_one_thing_in_the_singular_and_keep_units_whole(ws, built, tmp_path):
    ws.update("goals", goal_of(ws, built), {"unit": "organizations", "baseline": 1, "target": 12000, "current": 1})
    second = ws.rows("SELECT id FROM goals WHERE team_id = ? ORDER BY position", (built.teams["IA"],))[1]["id"]
    ws.update("goals", second, {"unit": "briefs", "baseline": 1, "target": 6, "current": 2})
    out = export_workplan(ws, built.teams["IA"], tmp_path / "w.pdf", today=TODAY)
    raw = "\n".join(page_texts(out))
    text = pdf_text(out)
    assert "1 organization" in text and "12,000 organizations" in text
    assert "1 brief" in text and "2 briefs" in text and "1 briefs" not in text
    assert not re.search(r"organizati\s", raw) and not re.search(r"\bons\b", raw)  # never "organizati/ons"


def test_column_headers_are_never_split_mid_word(ws, built, tmp_path):
    out = export_cohort_summary(ws, built.cohort, tmp_path / "c.pdf", today=TODAY, page_size="a4")
    raw = "\n".join(page_texts(out))
    for header in ("Measured", "Milestones", "Attendance", "Check-ins"):
        assert header in raw
    assert not re.search(r"Measure\s+d\b", raw)


@pytest.mark.parametrize(("count", "word", "expected"), [
    (1, "partner", "1 partner"), (2, "partner", "2 partners"), (1, "family", "1 family"),
    (3, "family", "3 families"), (1200, "team", "1,200 teams"), (0, "check-in", "0 check-ins"),
])
def test_plurals(count, word, expected):
    assert pdf.plural(count, word) == expected


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (1, "partners", "1 partner"), (1, "briefs", "1 brief"), (1, "families", "1 family"),
    (1, "policies", "1 policy"), (1, "people", "1 person"), (1, "hours of training", "1 hour of training"),
    (1, "partners engaged", "1 partner engaged"), (1, "community partners", "1 community partner"),
    (2, "partners", "2 partners"), (1.5, "hours", "1.5 hours"), (55, "%", "55%"), (1, "status", "1 status"),
    (1, "classes", "1 class"), (None, "briefs", "–"), (1200, "", "1,200"),
])
def test_figures(value, unit, expected):
    assert pdf.figure(value, unit) == expected


# --- times ---------------------------------------------------------------------

@pytest.mark.parametrize(("date", "start", "minutes", "zone", "expected"), [
    ("2026-01-20", "13:00", 90, "America/Chicago", "1:00–2:30 p.m. CT"),
    ("2026-07-14", "13:00", 90, "America/New_York", "1:00–2:30 p.m. ET"),
    ("2026-07-14", "11:30", 90, "America/Los_Angeles", "11:30 a.m.–1:00 p.m. PT"),
    ("2026-07-14", "09:00", 60, "America/Phoenix", "9:00–10:00 a.m. MST"),
    ("2026-01-14", "09:00", 60, "America/Denver", "9:00–10:00 a.m. MT"),
    ("2026-07-14", "12:00", 45, "Pacific/Honolulu", "12:00–12:45 p.m. HST"),
    ("2026-07-14", "08:00", 60, "America/Anchorage", "8:00–9:00 a.m. AKT"),
    ("2026-07-14", "10:00", 60, "America/Puerto_Rico", "10:00–11:00 a.m. AST"),
    # over the night clocks go forward: 1:30 EST and two real hours later it is 4:30 EDT
    ("2026-03-08", "01:30", 120, "America/New_York", "1:30–4:30 a.m. ET"),
    ("2026-07-14", "23:00", 120, "America/Chicago", "11:00 p.m.–1:00 a.m. CT"),
])
def test_times_read_as_a_us_reader_expects(date, start, minutes, zone, expected):
    assert pdf.time_span(date, start, minutes, zone) == expected


def test_session_packet_spells_the_zone_out(ws, built, tmp_path):
    ws.update("sessions", built.sessions[0], {"timezone": "America/Phoenix"})
    text = pdf_text(export_session_packet(ws, built.sessions[0], tmp_path / "s.pdf", today=TODAY))
    assert "1:00–2:30 p.m. MST" in text and "Mountain Standard Time (America/Phoenix)" in text
    assert "13:00" not in text
