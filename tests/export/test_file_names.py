"""File names made from names people type: never longer than a file system
takes (255 bytes of UTF-8, counted in bytes, not characters: an emoji is four),
never carrying characters that hide or reverse what is shown, and never an
empty name. Names written by an older version or another program (the door
now refuses those characters) are cleaned when they become file names.
"""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from equitycohort.export import export_packets, safe_name
from equitycohort.export.common import NAME_BYTES, SAFE_NAME_BYTES, fit_bytes, temp_beside

FAMILY = "👩\u200d👩\u200d👧"  # one emoji of five characters, 18 bytes


@pytest.mark.parametrize("text", ["🎉" * 80, FAMILY * 40, "Ünïcödé " * 40, "é" * 300, "中" * 120,
                                  "e\u0301" * 120, "🇺🇸" * 60, "👍🏽" * 50])
def test_a_name_is_capped_in_bytes_and_cut_between_characters(text):
    name = safe_name(text)
    data = name.encode("utf-8")
    assert 0 < len(data) <= SAFE_NAME_BYTES
    assert name == unicodedata.normalize("NFC", name)
    # cut between whole characters: no accent, joiner or skin tone left hanging at the end
    assert not unicodedata.combining(name[-1]) and name[-1] not in "\u200d\ufe0f"
    assert not 0x1F3FB <= ord(name[-1]) <= 0x1F3FF
    assert unicodedata.normalize("NFC", text).startswith(name.rstrip()) or FAMILY in text


@pytest.mark.parametrize("text, expected", [
    ("Acme\u202efdp.exe", "Acmefdp.exe"),
    ("\u2067Team\u2069 Alpha", "Team Alpha"),
    ("\u200b\u200b", "export"),
    ("\ufeffIowa\u200d", "Iowa"),
    ("\u202e", "export"),
])
def test_invisible_and_reversing_characters_never_reach_a_file_name(text, expected):
    assert safe_name(text) == expected


def test_fit_bytes_keeps_short_text_as_it_is():
    assert fit_bytes("Iowa", 10) == "Iowa"
    assert fit_bytes("ééé", 5) == "éé"
    assert fit_bytes("🎉🎉", 7) == "🎉"


def test_the_temporary_name_of_a_long_file_fits_too(tmp_path):
    target = tmp_path / (("🎉" * 60) + ".pdf")
    assert len(target.name.encode()) == 244
    tmp = temp_beside(target)
    assert tmp.exists() and len(tmp.name.encode()) <= NAME_BYTES
    tmp.unlink()


def test_packets_of_teams_with_long_emoji_and_reversing_names(ws, tmp_path):
    """Names at the door's limit of 300 characters, in emoji (1,200 bytes), and a name
    an older version stored with a right-to-left override: every packet is written,
    each file name fits, none carries an invisible character."""
    program = ws.insert("programs", {"name": "Program"}).id
    cohort = ws.insert("cohorts", {"program_id": program, "name": "🌻" * 300, "start_date": "2026-01-13",
                                   "end_date": "2026-07-13"}).id
    ws.insert("teams", {"cohort_id": cohort, "state": "IA", "organization": "🎉" * 300})
    ws.insert("teams", {"cohort_id": cohort, "state": "NE", "organization": FAMILY * 50})
    mn = ws.insert("teams", {"cohort_id": cohort, "state": "MN", "organization": "Minnesota Kids"}).id
    raw = sqlite3.connect(ws.path)  # as an older version let it in
    raw.execute("UPDATE teams SET organization = ? WHERE id = ?", ("Kids\u202efdp.exe", mn))
    raw.commit()
    raw.close()
    result = export_packets(ws, cohort, tmp_path / "packets")
    assert len(result.files) == 1 + 3 * 3
    for path in result.files:
        assert path.is_file()
        for part in path.relative_to(tmp_path).parts:
            assert len(part.encode("utf-8")) <= NAME_BYTES, part
            assert not any(unicodedata.category(c) == "Cf" for c in part), part
    assert (tmp_path / "packets" / "MN - Kidsfdp.exe").is_dir()
