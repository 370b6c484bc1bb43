"""Right-to-left text: levels from python-bidi, lines reordered by rules L1-L4, Arabic shaped."""

from __future__ import annotations

import unicodedata

import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from equitycohort.export import bidi

#: letters, digits, brackets, separators and isolates of both directions (no BN or
#: embedding controls: python-bidi places those invisible characters its own way)
ALPHABET = list("abc XYZ") + list("אבג") + list("عربي") + list("0123") + list("٠١٢") + \
    list("()[]<>.,:;-+%$#/ ") + ["\u00a0", "\t", "\u200f", "\u200e", "\u2066", "\u2067", "\u2068", "\u2069"]


def drawn(text: str, rtl: bool) -> str:
    """The characters in drawing order, without mirroring (python-bidi's get_display does none)."""
    order = bidi.visual_order(text, bidi.line_levels(text, rtl))
    return "".join(text[i] for i in order)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40), st.booleans())
def test_line_order_is_python_bidis(text, rtl):
    # a right-to-left paragraph always holds a right-to-left letter (that is how it is one)
    if rtl and not bidi.needs_bidi(text):
        text += "א"
    assert drawn(text, rtl) == get_display(text, base_dir="R" if rtl else "L")


def test_levels_are_read_from_python_bidi_not_the_fallback(monkeypatch):
    def fallback(*args):
        raise AssertionError("python-bidi's levels could not be read")

    monkeypatch.setattr(bidi, "_simple_levels", fallback)
    text = "Amira Haddad (أميرة حداد) 12"
    levels = bidi.levels(text, False)
    assert len(levels) == len(text)
    assert levels[:14] == [0] * 14  # "Amira Haddad (" left to right
    assert set(levels[14:24]) == {1}  # the Arabic name right to left
    assert bidi.levels("😀 שלום", True)[-1] == 1  # four-byte characters counted as one


def test_a_mixed_name_keeps_its_reading_order():
    # drawn left to right: the Latin name, then the Arabic run reversed, so a reader
    # going right to left meets the given name (أميرة) before the family name (حداد)
    assert bidi.visual("Amira Haddad (أميرة حداد)") == "Amira Haddad (دادح ةريمأ)"


def test_brackets_in_right_to_left_text_are_mirrored():
    # rule L4, which python-bidi 0.6's get_display leaves out
    assert get_display("أميرة (حداد)") == ")دادح( ةريمأ"
    assert bidi.visual("أميرة (حداد)") == "(دادح) ةريمأ"


def test_trailing_spaces_and_numbers():
    assert bidi.visual("שלום 2024") == "2024 םולש"
    assert bidi.visual("العدد 12 هنا  ") == "  انه 12 ددعلا"


def test_combining_marks_follow_their_letter():
    text = "مُحَمَّد"  # with harakat
    order = bidi.visual_order(text, bidi.line_levels(text, True))
    out = "".join(text[i] for i in order)
    # every mark comes right after the letter it sits on, as fonts draw them
    for i, ch in enumerate(out):
        if unicodedata.category(ch) == "Mn":
            assert i > 0 and (unicodedata.category(out[i - 1]) != "Mn" or out[i - 1] in "\u064f\u064e\u0651")
    assert out.replace("\u064f", "").replace("\u064e", "").replace("\u0651", "") == "دمحم"


def test_arabic_is_shaped_into_joined_forms():
    assert bidi.shape("محمد") == "\ufee3\ufea4\ufee4\ufeaa"  # initial, medial, medial, final
    assert bidi.shape("لا") == "\ufefb"  # lam-alef ligature
    assert bidi.shape("سلام") == "\ufeb3\ufefc\ufee1"  # the ligature joined to the seen before it
    assert bidi.shape("دار") == "\ufea9\ufe8d\ufead"  # dal and alef never join forward: all isolated
    assert bidi.shape("abc") == "abc"
    # a form the font lacks keeps the plain letter
    assert bidi.shape("محمد", lambda ch: False) == "محمد"


def test_a_long_arabic_line_is_shaped_word_by_word_quickly():
    line = "تعمل المنظمة مع العائلات المهاجرة في الولاية. " * 4000
    shaped = bidi.shape(line)
    assert len(shaped) <= len(line) and not any("\u0621" <= ch <= "\u064a" for ch in shaped)


@pytest.mark.parametrize("text", ["", "abc", "123", "…"])
def test_text_without_right_to_left_letters_is_left_alone(text):
    assert bidi.visual(text) == text
    assert bidi.shape(text) == text
    assert not bidi.base_is_rtl(text)


def test_every_right_to_left_letter_is_noticed():
    rtl = [chr(c) for c in range(0x110000) if unicodedata.bidirectional(chr(c)) in ("R", "AL")]
    assert len(rtl) > 2000
    assert all(bidi.needs_bidi(f"abc {ch}") for ch in rtl)
    assert not bidi.needs_bidi("Nguyễn Thị Hương, Łucja, Γιώργος, 北京, 😀")
