"""Right-to-left text (Arabic, Hebrew...) for reportlab, which draws text as given.

reportlab draws characters left to right, one glyph each, so Arabic would
come out reversed and unjoined. ``visual`` turns one line of logical text
into what must be drawn: Arabic letters in their joined (contextual)
presentation forms, and each right-to-left run reversed, in a document whose
base direction is left to right. This is a small subset of the Unicode
bidirectional algorithm, enough for names, places and short notes.

The PDF's text layer still gives back the letters as typed: ``patch_to_unicode``
maps each presentation form to its base letters in the fonts' ToUnicode
tables, and PDF readers put right-to-left runs back in logical order.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_FORM_TAGS = ("<isolated>", "<final>", "<initial>", "<medial>")
_ALEFS = ("\u0622", "\u0623", "\u0625", "\u0627")
_LAM = "\u0644"
_TATWEEL = "\u0640"
_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
           "«": "»", "»": "«"}


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


def needs_bidi(text: str) -> bool:
    return not text.isascii() and any(is_rtl(ch) for ch in text)


def _dual(ch: str, forms) -> bool:
    f = forms.get(ch)
    return ch == _TATWEEL or bool(f and ("initial" in f or "medial" in f))


def _joins_left(ch: str | None, forms) -> bool:
    """Can ``ch`` join to a letter after it (logically)?"""
    return ch is not None and _dual(ch, forms)


def _joins_right(ch: str | None, forms) -> bool:
    """Can ``ch`` join to a letter before it?"""
    return ch is not None and (ch == _TATWEEL or ch in forms)


def shape(text: str) -> str:
    """Arabic letters replaced by their contextual forms (logical order kept)."""
    forms, ligatures, _ = _tables()
    chars = list(text)
    out: list[str] = []

    def neighbour(i: int, step: int) -> str | None:
        j = i + step
        while 0 <= j < len(chars):
            if unicodedata.category(chars[j]) != "Mn":
                return chars[j]
            j += step
        return None

    i = 0
    while i < len(chars):
        ch = chars[i]
        if ch not in forms:
            out.append(ch)
            i += 1
            continue
        prev, nxt = neighbour(i, -1), neighbour(i, 1)
        joins_prev = _joins_left(prev, forms)
        if ch == _LAM and nxt in ligatures and chars[i + 1] == nxt:
            lig = ligatures[nxt]
            out.append(lig.get("final" if joins_prev else "isolated", ch + nxt))
            i += 2
            continue
        joins_next = _dual(ch, forms) and _joins_right(nxt, forms)
        tag = {(True, True): "medial", (True, False): "final", (False, True): "initial"}.get(
            (joins_prev, joins_next), "isolated")
        f = forms[ch]
        out.append(f.get(tag) or f.get("isolated") or ch)
        i += 1
    return "".join(out)


def visual(line: str) -> str:
    """One line of logical text as it must be drawn left to right."""
    if not needs_bidi(line):
        return line
    line = shape(line)
    kinds = [_kind(ch) for ch in line]
    out: list[str] = []
    i = 0
    while i < len(line):
        if kinds[i] != "R":
            out.append(line[i])
            i += 1
            continue
        # a right-to-left run: from here to the last strong RTL char before any strong LTR one
        j, last = i, i
        while j < len(line) and kinds[j] != "L":
            if kinds[j] == "R":
                last = j
            j += 1
        run = line[i:last + 1]
        out.append(_reverse_run(run))
        i = last + 1
    return "".join(out)


def _kind(ch: str) -> str:
    b = unicodedata.bidirectional(ch)
    if b in ("R", "AL"):
        return "R"
    if b == "L":
        return "L"
    return "N"  # neutrals, digits, marks


def _reverse_run(run: str) -> str:
    """Reverse a right-to-left run, keeping numbers (and Latin inside) left to right."""
    pieces: list[str] = []
    i = 0
    while i < len(run):
        if unicodedata.bidirectional(run[i]) in ("EN", "AN"):
            j = i
            while j < len(run) and (unicodedata.bidirectional(run[j]) in ("EN", "AN", "CS", "ES", "ET")):
                j += 1
            pieces.append(run[i:j])
            i = j
        else:
            ch = run[i]
            # combining marks stay after their letter once the run is reversed
            j = i + 1
            while j < len(run) and unicodedata.category(run[j]) == "Mn":
                j += 1
            pieces.append(_MIRROR.get(ch, ch) + run[i + 1:j])
            i = j
    return "".join(reversed(pieces))


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
    _, _, base_of = _tables()

    def make(fontname, subset):
        text = original(fontname, subset)
        for index, code in enumerate(subset):
            if code in base_of or code > 0xFFFF:
                target = base_of.get(code) or chr(code)
                utf16 = target.encode("utf-16-be").hex().upper()
                text = text.replace(f"<{index:02X}> <{code:04X}>", f"<{index:02X}> <{utf16}>", 1)
        return text

    make._equitycohort = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make
    return True
