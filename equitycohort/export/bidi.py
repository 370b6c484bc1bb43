"""Right-to-left text (Arabic, Hebrew...) for reportlab, which draws text as given.

reportlab draws a line's characters left to right, one glyph each, so
Arabic would come out reversed and unjoined. Two steps put that right, in
this order, as the Unicode Bidirectional Algorithm (UAX #9) wants:

1. ``shape`` (before wrapping, on logical text): Arabic letters become their
   joined presentation forms (initial, medial, final, isolated, lam-alef),
   which the shipped DejaVu Sans draws. Widths measured for wrapping are
   then the widths drawn.
2. ``visual_order`` (after wrapping, once per line): the line's embedding
   levels, resolved by python-bidi (the Rust ``unicode-bidi`` crate, a full
   implementation of UAX #9 with bracket pairs and isolates), then rules
   L1 to L4 applied to that line: trailing spaces back to the paragraph's
   level, runs reversed, combining marks after their letter, brackets
   mirrored. Working per line and on character positions (not on a
   reordered string) lets the PDF code keep each piece's font and style.

The PDF's text layer still gives back the letters as typed: ``patch_to_unicode``
maps each presentation form to its base letters in the fonts' ToUnicode
tables, and PDF readers put right-to-left runs back in logical order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_FORM_TAGS = ("<isolated>", "<final>", "<initial>", "<medial>")
_ALEFS = ("\u0622", "\u0623", "\u0625", "\u0627")
_LAM = "\u0644"
_TATWEEL = "\u0640"
_ZWJ = "\u200d"
#: classes reset to the paragraph's level at the end of a line (rule L1, with
#: the explicit formatting characters and BN that python-bidi keeps in place)
_L1_TRAILING = frozenset(("WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"))
#: classes that make a right-to-left line more than a plain run at level 1
_NOT_PLAIN_RTL = frozenset(("L", "EN", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"))
_LEVELS_START = "\n    levels: ["
_LEVELS_END = "\n    paragraphs: ["
_LEVEL = re.compile(r"Level\(\s*(\d+)")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]], dict[int, str]]:
    """(letter -> form -> glyph char, alef -> form -> lam-alef ligature, presentation char -> base)."""
    forms: dict[str, dict[str, str]] = {}
    ligatures: dict[str, dict[str, str]] = {}
    base_of: dict[int, str] = {}
    for start, end in ((0xFE70, 0xFEFF), (0xFB50, 0xFDFF)):  # basic forms first, then Persian/Urdu
        for code in range(start, end + 1):
            parts = unicodedata.decomposition(chr(code)).split()
            if len(parts) < 2 or parts[0] not in _FORM_TAGS:
                continue
            tag = parts[0][1:-1]
            letters = "".join(chr(int(p, 16)) for p in parts[1:])
            base_of[code] = letters
            if len(letters) == 1:
                forms.setdefault(letters, {}).setdefault(tag, chr(code))
            elif len(letters) == 2 and letters[0] == _LAM and letters[1] in _ALEFS:
                ligatures.setdefault(letters[1], {}).setdefault(tag, chr(code))
    return forms, ligatures, base_of


def is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


#: the blocks where right-to-left letters live (Hebrew, Arabic, Syriac, Thaana,
#: N'Ko..., their presentation forms, the historic scripts past U+10800, the RLM);
#: a quick test, confirmed letter by letter by ``is_rtl``
_RTL_BLOCKS = re.compile("[\u200f\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def needs_bidi(text: str) -> bool:
    """Does ``text`` hold a right-to-left letter (else it is drawn as it is)?"""
    if text.isascii():
        return False
    found = _RTL_BLOCKS.search(text)
    return found is not None and any(is_rtl(ch) for ch in text[found.start():])


def base_is_rtl(text: str) -> bool:
    """The paragraph direction UAX #9 gives ``text`` (rules P2, P3: its first strong letter)."""
    if not needs_bidi(text):
        return False
    from bidi import get_base_level

    return get_base_level(text) == 1


# --- shaping ---------------------------------------------------------------

def _dual(ch: str | None, forms) -> bool:
    """A letter that joins on both sides (or a tatweel, or a joiner)."""
    if ch is None:
        return False
    f = forms.get(ch)
    return ch in (_TATWEEL, _ZWJ) or bool(f and ("initial" in f or "medial" in f))


def _joins_right(ch: str | None, forms) -> bool:
    """Can ``ch`` join to a letter before it?"""
    return ch is not None and (ch in (_TATWEEL, _ZWJ) or ch in forms)


@lru_cache(maxsize=1)
def _joinable() -> re.Pattern[str]:
    """Runs of characters that take part in Arabic joining: letters with
    presentation forms, the marks between them, tatweel and the joiner."""
    forms, _, _ = _tables()
    marks = "".join(chr(c) for c in range(0x0600, 0x0700) if unicodedata.category(chr(c)) == "Mn")
    chars = "".join(sorted(forms)) + marks + _TATWEEL + _ZWJ
    return re.compile("[" + re.escape(chars) + "]+")


def shape(text: str, has_glyph: Callable[[str], bool] | None = None) -> str:
    """Arabic letters replaced by their contextual forms (logical order kept).

    ``has_glyph`` says whether the font draws a presentation form; a letter
    whose form it lacks stays as it is (unjoined, but readable). Pass the
    same callable for the same font: shaped words are remembered per callable.
    """
    if not needs_bidi(text):
        return text
    return _joinable().sub(lambda m: _shape_run(m.group(0), has_glyph), text)


@lru_cache(maxsize=8192)
def _shape_run(run: str, has_glyph: Callable[[str], bool] | None) -> str:
    """One run of joining characters (a word, usually) in its joined forms."""
    forms, ligatures, _ = _tables()
    chars = run
    out: list[str] = []

    def neighbour(i: int, step: int) -> str | None:
        j = i + step
        while 0 <= j < len(chars):
            if unicodedata.category(chars[j]) != "Mn":
                return chars[j]
            j += step
        return None

    def pick(choice: str | None, fallback: str) -> str:
        return choice if choice and (has_glyph is None or has_glyph(choice)) else fallback

    i = 0
    while i < len(chars):
        ch = chars[i]
        if ch not in forms:
            out.append(ch)
            i += 1
            continue
        prev, nxt = neighbour(i, -1), neighbour(i, 1)
        joins_prev = _dual(prev, forms)
        if ch == _LAM and nxt in ligatures and i + 1 < len(chars) and chars[i + 1] == nxt:
            lig = ligatures[nxt].get("final" if joins_prev else "isolated")
            if lig and (has_glyph is None or has_glyph(lig)):
                out.append(lig)
                i += 2
                continue
        joins_next = _dual(ch, forms) and _joins_right(nxt, forms)
        tag = {(True, True): "medial", (True, False): "final", (False, True): "initial"}.get(
            (joins_prev, joins_next), "isolated")
        f = forms[ch]
        out.append(pick(f.get(tag), pick(f.get("isolated"), ch)))
        i += 1
    return "".join(out)


# --- reordering ------------------------------------------------------------

def levels(text: str, rtl: bool) -> list[int]:
    """The embedding level of each character of ``text``, one paragraph of
    direction ``rtl``, as python-bidi resolves them (rules up to I2).

    python-bidi returns its resolved levels (one per UTF-8 byte) when asked
    for debug output; if that ever cannot be read, a simpler resolution
    (strong letters, numbers, neutrals between like sides) stands in.
    """
    from bidi import get_display

    info = get_display(text, base_dir="R" if rtl else "L", debug=True)
    if isinstance(info, str):
        # the text itself is printed first, escaped on one line, so these markers are python-bidi's own
        start = info.rfind(_LEVELS_START)
        end = info.find(_LEVELS_END, start)
        if start >= 0 and end > start:
            per_byte = [int(n) for n in _LEVEL.findall(info, start + len(_LEVELS_START), end)]
            if text.isascii():
                if len(per_byte) == len(text):
                    return per_byte
            else:
                sizes = [len(ch.encode("utf-8", "surrogatepass")) for ch in text]
                if len(per_byte) == sum(sizes):
                    out, offset = [], 0
                    for size in sizes:
                        out.append(per_byte[offset])
                        offset += size
                    return out
    return _simple_levels(text, rtl)  # pragma: no cover - only if python-bidi's output changes


def _simple_levels(text: str, rtl: bool) -> list[int]:
    base = 1 if rtl else 0
    kinds = []
    for ch in text:
        b = unicodedata.bidirectional(ch)
        kinds.append("R" if b in ("R", "AL") else "L" if b == "L" else "N" if b not in ("EN", "AN") else "D")
    out = []
    for i, kind in enumerate(kinds):
        if kind == "R":
            out.append(1)
        elif kind == "L":
            out.append(2 if rtl else 0)
        elif kind == "D":
            out.append(2)
        else:
            before = next((k for k in reversed(kinds[:i]) if k in "RL"), None)
            after = next((k for k in kinds[i + 1:] if k in "RL"), None)
            same = before if before == after else None
            out.append(base if same is None else (1 if same == "R" else (2 if rtl else 0)))
    return out


def line_levels(text: str, rtl: bool) -> list[int]:
    """``levels`` for one line, with rule L1: trailing whitespace (and
    whitespace before a tab) back at the paragraph's level."""
    kinds = set(map(unicodedata.bidirectional, text))
    if rtl and not kinds & _NOT_PLAIN_RTL:
        lv = [1] * len(text)  # right-to-left letters and neutrals only: all of it at level 1
    else:
        lv = levels(text, rtl) if text else []
    base = 1 if rtl else 0
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        kind = unicodedata.bidirectional(text[i])
        if kind in ("S", "B"):
            lv[i] = base
            trailing = True
        elif trailing and kind in _L1_TRAILING:
            lv[i] = base
        else:
            trailing = False
    return lv


def visual_order(text: str, lv: list[int]) -> list[int]:
    """The positions of ``text``'s characters in the order they are drawn,
    left to right, given the line's levels (rules L2 and L3)."""
    n = len(text)
    if not n:
        return []
    # L2: from the highest level down to the lowest odd one, reverse each run at that level or above
    order = list(range(n))
    highest, lowest_odd = max(lv), min(lv) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < n:
            if lv[order[i]] >= level:
                j = i
                while j < n and lv[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    # L3: a right-to-left letter's combining marks now come before it; draw them after it
    i = 0
    while i < n:
        if lv[order[i]] % 2 and unicodedata.category(text[order[i]]) in ("Mn", "Me"):
            j = i
            while j < n and lv[order[j]] % 2 and unicodedata.category(text[order[j]]) in ("Mn", "Me"):
                j += 1
            if j < n:  # the base letter follows its marks
                order[i:j + 1] = [order[j], *order[i:j][::-1]]
                i = j + 1
                continue
            i = j
        else:
            i += 1
    return order


@lru_cache(maxsize=1)
def _mirrors() -> dict[str, str]:
    from bidi.mirror import MIRRORED

    return dict(MIRRORED)


def mirrored(ch: str, level: int) -> str:
    """Rule L4: a bracket or similar sign in right-to-left text drawn as its
    mirror image (python-bidi's Rust reordering leaves this to the caller)."""
    return _mirrors().get(ch, ch) if level % 2 else ch


def reorder(text: str, rtl: bool) -> tuple[list[int], list[str]]:
    """(drawing order of positions, character to draw at each of those positions)."""
    if not rtl and not needs_bidi(text):
        return list(range(len(text))), list(text)
    lv = line_levels(text, rtl)
    order = visual_order(text, lv)
    mirrors = _mirrors()
    return order, [mirrors.get(text[i], text[i]) if lv[i] % 2 else text[i] for i in order]


def visual(line: str, rtl: bool | None = None) -> str:
    """One line of logical text as it must be drawn left to right (shaped first)."""
    if not needs_bidi(line):
        return line
    if rtl is None:
        rtl = base_is_rtl(line)
    return "".join(reorder(line, rtl)[1])


def visual_lines(text: str, rtl: bool | None = None) -> list[str]:
    """Each line of ``text`` in drawing order (for tests and single-line drawing)."""
    return [visual(line, rtl) for line in text.split("\n")]


@lru_cache(maxsize=1)
def patch_to_unicode() -> bool:
    """Make reportlab's ToUnicode maps give the characters typed.

    Presentation forms map back to their base letters (else copying text out
    of the PDF would give the joined forms drawn, not the letters typed), and
    characters beyond U+FFFF (emoji) are written as UTF-16 surrogate pairs,
    as the PDF format wants (reportlab writes five hex digits, which readers
    reject).
    Returns False (and changes nothing) if reportlab's internals differ.
    """
    from reportlab.pdfbase import ttfonts

    original = getattr(ttfonts, "makeToUnicodeCMap", None)
    if original is None or getattr(original, "_equitycohort", False):
        return original is not None

    def make(fontname, subset):
        text = original(fontname, subset)
        if not any(0xFB50 <= code <= 0xFEFF or code > 0xFFFF for code in subset):
            return text
        _, _, base_of = _tables()
        for index, code in enumerate(subset):
            if code in base_of or code > 0xFFFF:
                target = base_of.get(code) or chr(code)
                utf16 = target.encode("utf-16-be").hex().upper()
                text = text.replace(f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{utf16}>", 1)
        return text

    make._equitycohort = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make
    return True
