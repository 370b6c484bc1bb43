"""Building blocks shared by every PDF: fonts, safe text, right-to-left lines,
links, bookmarks, page layout, charts.

Everything a user typed goes through ``markup`` before it reaches a reportlab
Paragraph: it is escaped (so ``<b>`` or ``R&D`` print as typed and never act
as markup), Arabic is shaped, web and e-mail addresses become links where
asked, and each run of characters the main font lacks is switched to a
fallback font shipped in ``resources/fonts`` (symbols and emoji, then
Chinese, Japanese and Korean), so any name prints.

A paragraph that holds right-to-left letters is a ``BidiParagraph``:
reportlab wraps it in logical (typed) order, and each line is then put in
drawing order on its own (``bidi.visual_order``), so a wrapped Arabic or
Hebrew note reads from its first line to its last, and a name such as
"Amira Haddad (أميرة حداد)" keeps its reading order on every line.

No text is set below 8 points. reportlab is imported inside the functions,
so importing this module is cheap.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from equitycohort import __version__, formats, i18n
from equitycohort.export.bidi import base_is_rtl, needs_bidi, patch_to_unicode, reorder, shape, visual
from equitycohort.export.common import escape, temp_beside
from equitycohort.i18n import N_, _
from equitycohort.resources import resource_path

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Flowable, Paragraph

    from equitycohort.data.workspace import Workspace

PAGE_SIZES = ("letter", "a4")
#: the language a PDF says it is in (its /Lang, for screen readers), by the app's language code
LANGUAGE = "en-US"
LANGUAGE_TAGS = {"en": LANGUAGE, "es": "es"}
CREATOR = f"Equity Cohort {__version__}"
#: the smallest type on any page, in points
MIN_FONT_SIZE = 8

# fonts: the family every PDF uses, then fallbacks for what it lacks
SANS = "EC-Sans"
SANS_BOLD = "EC-Sans-Bold"
SANS_ITALIC = "EC-Sans-Oblique"
#: bold italic is never set on its own; it maps to bold (one font less to load)
SANS_BOLD_ITALIC = SANS_BOLD
_FAMILY = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
}
#: tried in order for a character the main font lacks (loaded only when needed)
_FALLBACKS = (("EC-Symbols", "Symbola.ttf"), ("EC-CJK", "DroidSansFallback.ttf"))

# colors: dark enough to read printed in greyscale; never the only signal
INK = "#1A1A1A"
MUTED = "#555555"
ACCENT = "#1F3A5F"
RULE = "#9AA5B1"
TINT = "#E8EDF2"
TINT_LIGHT = "#F5F7F9"
#: overdue items: a dark red that prints as near-black grey, always with the word
ALERT = "#9B1C1C"
OVERDUE_MARK = N_("⚠ Overdue")

MARGIN_X = 0.85 * 72
MARGIN_TOP = 0.9 * 72
MARGIN_BOTTOM = 0.9 * 72
#: a group kept together (a heading and what follows) taller than this share
#: of a page starts where it is, if its first lines fit, instead of on a new page
LONG_GROUP = 0.4
#: room (points) left at the foot of a page that counts as a full page
FULL_PAGE_SLACK = 48
#: a table row at least this tall (points) splits across pages where the page ends
TALL_ROW = 150


def check_page_size(page_size: str) -> str:
    key = (page_size or "").strip().lower()
    if key not in PAGE_SIZES:
        raise ValueError(f"page size must be letter or a4, not {page_size!r}")
    return key


# --- fonts ---------------------------------------------------------------

@cache
def _cmap(font_name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    if font_name == SANS_ITALIC:
        ensure_italic()

    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


@lru_cache(maxsize=1)
def ensure_fonts() -> None:
    """Register the shipped DejaVu Sans family with reportlab (once); the
    oblique face is loaded only when a paragraph is set in italics."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    patch_to_unicode()
    for name in (SANS, SANS_BOLD):
        _register(name, _FAMILY[name])
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC,
                                  boldItalic=SANS_BOLD_ITALIC)
    for bold, italic, name in ((0, 0, SANS), (1, 0, SANS_BOLD), (0, 1, SANS_ITALIC), (1, 1, SANS_BOLD_ITALIC)):
        addMapping(SANS, bold, italic, name)


def _register(name: str, file: str) -> None:
    from reportlab.pdfbase import pdfmetrics

    from equitycohort.export.fontcache import load_font

    pdfmetrics.registerFont(load_font(name, resource_path("fonts", file)))


@lru_cache(maxsize=1)
def ensure_italic() -> None:
    """Load the oblique face (a third of the fonts' load time, rarely needed)."""
    ensure_fonts()
    _register(SANS_ITALIC, _FAMILY[SANS_ITALIC])


def _needs_italic(markup_text: str, style: ParagraphStyle) -> bool:
    return style.fontName == SANS_ITALIC or "<i>" in markup_text


@cache
def _fallback(name: str) -> bool:
    """Load one fallback font; False if its file is missing."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from equitycohort.export.fontcache import load_font

    file = dict(_FALLBACKS)[name]
    path = resource_path("fonts", file)
    if not path.exists():
        return False
    pdfmetrics.registerFont(load_font(name, path))
    pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return True


@lru_cache(maxsize=4096)
def _font_for(code: int, font: str) -> str | None:
    """The font to draw one character in, when ``font`` lacks it; None to keep it."""
    if code in _cmap(font):
        return None
    if font != SANS and code in _cmap(SANS):
        return SANS
    for name, _file in _FALLBACKS:
        if _fallback(name) and code in _cmap(name):
            return name
    return None  # no font has it (a joiner, a selector): leave it in the run


def font_runs(text: str, font: str = SANS) -> list[tuple[str | None, str]]:
    """Split text into (fallback font or None, run) pieces."""
    ensure_fonts()
    if text.isascii():
        return [(None, text)]
    runs: list[tuple[str | None, str]] = []
    current: str | None = None
    start = 0
    for i, ch in enumerate(text):
        wanted = None if ord(ch) < 128 else _font_for(ord(ch), font)
        if wanted is None and current is not None and _is_joiner(ch):
            wanted = current  # keep ZWJ, selectors and skin tones with their emoji
        if wanted != current:
            if i > start:
                runs.append((current, text[start:i]))
            current, start = wanted, i
    runs.append((current, text[start:]))
    return runs


def _is_joiner(ch: str) -> bool:
    code = ord(ch)
    return code in (0x200D, 0x20E3) or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF


def shaped(text: str, font: str = SANS) -> str:
    """Arabic letters joined, in forms the fonts can draw (logical order kept)."""
    if not needs_bidi(text):
        return text
    return shape(text, _glyph_test(font))


@cache
def _glyph_test(font: str) -> Any:
    """Does ``font`` (or the main font it falls back to) draw a character? One callable per font."""
    ensure_fonts()
    codes = _cmap(font) | _cmap(SANS)
    return lambda ch: ord(ch) in codes


# --- links ---------------------------------------------------------------

_EMAIL = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
_URL = r"(?:(?<![\w.])https?://|(?<![\w.])www\.)[^\s<>\"]+"
_LINKS = re.compile(rf"(?P<url>{_URL})|(?P<email>(?<![\w.@+-]){_EMAIL})", re.I)
_TRAILING = ".,;:!?'\""


def link_target(text: str | None) -> str | None:
    """The address a whole field points to ("mailto:..." or "https://..."), or None."""
    value = (text or "").strip()
    if not value or any(ch.isspace() for ch in value):
        return None
    found = _LINKS.fullmatch(value)
    if not found:
        return None
    if found.group("email"):
        return f"mailto:{value}"
    return value if "://" in value else f"https://{value}"


def _link_spans(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut into (piece, link target or None), addresses found in running text."""
    out: list[tuple[str, str | None]] = []
    at = 0
    for found in _LINKS.finditer(text):
        start, end = found.span()
        piece = found.group(0)
        if found.group("url"):
            while piece and (piece[-1] in _TRAILING or (piece[-1] == ")" and piece.count("(") < piece.count(")"))):
                piece = piece[:-1]
            end = start + len(piece)
        target = link_target(piece)
        if not target:
            continue
        if start > at:
            out.append((text[at:start], None))
        out.append((piece, target))
        at = end
    if at < len(text):
        out.append((text[at:], None))
    return out


def _href(target: str) -> str:
    return escape(target).replace('"', "&quot;")


def _link_open(target: str) -> str:
    return f'<a href="{_href(target)}" color="{ACCENT}" underline="1">'


#: where an address may break across lines: after these...
_BREAK_AFTER = "/?&=@#"
#: ...and before these
_BREAK_BEFORE = ".-_~%+"


def address_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """An e-mail or web address cut into lines that fit ``width``, at sensible
    places (after "@" or "/", before "." or "-"), never in the middle of a word
    unless a single word is wider than the column."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pieces: list[str] = []
    current = ""
    for ch in text:
        if current and ch in _BREAK_BEFORE:
            pieces.append(current)
            current = ""
        current += ch
        if ch in _BREAK_AFTER:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if stringWidth(line + piece, font, size) <= width or not line:
            line += piece
        else:
            lines.append(line)
            line = piece
        while stringWidth(line, font, size) > width and len(line) > 1:  # one piece too long: cut it
            cut = max(1, len(fit_line(line, font, size, width, ellipsis="")))
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


def link(text: str | None, style: str = "cell", *, width: float | None = None, empty: str = "–") -> Paragraph:
    """A web or e-mail address as a clickable link (a plain Paragraph if it is
    not one). Given the column ``width``, it breaks only where an address may."""
    from reportlab.platypus import Paragraph

    target = link_target(text)
    if not target:
        return para(text, style, empty=empty)
    st = styles()[style]
    value = (text or "").strip()
    lines = address_lines(value, st.fontName, st.fontSize, width) if width else [value]
    body = "<br/>".join(_runs_markup(line, st.fontName) for line in lines)
    return Paragraph(f"{_link_open(target)}{body}</a>", st)


# --- text ----------------------------------------------------------------

def _runs_markup(text: str, font: str) -> str:
    out = []
    for fallback, run in font_runs(text, font):
        safe = escape(run).replace("\n", "<br/>")
        out.append(safe if fallback is None else f'<font name="{fallback}">{safe}</font>')
    return "".join(out)


def markup(text: object, *, font: str = SANS, empty: str = "–", links: bool = False) -> str:
    """User text made safe for Paragraph markup: escaped, line breaks kept,
    Arabic shaped, characters the font lacks switched to a fallback font,
    and (with ``links``) web and e-mail addresses made clickable."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return escape(empty)
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = shaped(text, font)
    if not links or ("@" not in text and "http" not in text.lower() and "www." not in text.lower()):
        return _runs_markup(text, font)
    out = []
    for piece, target in _link_spans(text):
        body = _runs_markup(piece, font)
        out.append(body if target is None else f"{_link_open(target)}{body}</a>")
    return "".join(out)


def draw_text(canvas, x: float, y: float, text: str, font: str, size: float, *, align: str = "left") -> None:
    """Draw one line on a canvas, switching fonts per run like ``markup``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = [(fallback or font, run) for fallback, run in font_runs(visual(shaped(text, font)), font)]
    width = sum(stringWidth(run, name, size) for name, run in runs)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, name, size)


def fit_line(text: str, font: str, size: float, width: float, *, ellipsis: str = "…") -> str:
    """Shorten one line with an ellipsis so it fits ``width`` (headers, footers)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid] + ellipsis, font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ellipsis if ellipsis else text[:lo]


# --- right-to-left paragraphs ---------------------------------------------

def _visual_lines(blpara: Any, rtl: bool) -> Any:
    """A copy of a wrapped paragraph's lines (reportlab's ``blPara``), each
    line in drawing order; the logical lines stay for splitting."""
    lines = []
    if blpara.kind == 0:  # one style: each line is (spare width, words)
        for extra, words in blpara.lines:
            text = " ".join(words)
            if rtl or needs_bidi(text):
                words = "".join(reorder(text, rtl)[1]).split(" ")
            lines.append((extra, words))
        return blpara.clone(lines=lines)
    for line in blpara.lines:  # several styles: each line is a list of styled fragments
        frags = line.words
        owner: list[int] = []
        pieces = []
        for k, frag in enumerate(frags):
            text = "\ufffc" if hasattr(frag, "cbDefn") else frag.text
            pieces.append(text)
            owner += [k] * len(text)
        text = "".join(pieces)
        if not (rtl or needs_bidi(text)):
            lines.append(line)
            continue
        order, chars = reorder(text, rtl)
        words = []
        i = 0
        while i < len(order):
            k = owner[order[i]]
            j = i
            while j < len(order) and owner[order[j]] == k:
                j += 1
            frag = frags[k]
            words.append(frag if hasattr(frag, "cbDefn") else frag.clone(text="".join(chars[i:j])))
            i = j
        lines.append(line.clone(words=words))
    return blpara.clone(lines=lines)


@lru_cache(maxsize=1)
def _paragraph_class() -> type:
    from reportlab.platypus import Paragraph

    class TextParagraph(Paragraph):
        """reportlab's Paragraph, remembering its lines for the width it was
        last wrapped to: a table wraps each cell three or four times over
        (measuring, splitting, drawing) at the same width."""

        _ec_wrapped: tuple[float, Any] | None = None

        def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
            key = (availWidth, self.style)
            if getattr(self, "_ec_wrapped", None) == key and "blPara" in self.__dict__:
                return self.width, self.height
            size = super().wrap(availWidth, availHeight)
            self._ec_wrapped = key
            return size

        def split(self, availWidth, availHeight):  # noqa: N803
            self._ec_wrapped = None  # reportlab may drop or replace the lines while splitting
            return super().split(availWidth, availHeight)

    return TextParagraph


@lru_cache(maxsize=1)
def _bidi_paragraph_class() -> type:
    base: Any = _paragraph_class()  # made when reportlab is first needed

    class BidiParagraph(base):
        """A paragraph holding right-to-left text: wrapped in logical order,
        each line drawn in visual order."""

        rtl = False

        def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
            parts = super().split(availWidth, availHeight)
            for part in parts:
                part.rtl = self.rtl
            return parts

        def drawPara(self, debug=0):  # noqa: N802
            logical: Any = self.__dict__["blPara"]
            self.blPara = _visual_lines(logical, self.rtl)
            try:
                return super().drawPara(debug)
            finally:
                self.blPara = logical

    return BidiParagraph


def paragraph(markup_text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of ready markup; right-to-left text gets a ``BidiParagraph``,
    right-aligned when the text starts right to left."""
    if _needs_italic(markup_text, style):
        ensure_italic()
    if not needs_bidi(markup_text):
        return _paragraph_class()(markup_text, style)
    p = _bidi_paragraph_class()(markup_text, style)
    plain = "".join(getattr(f, "text", "") for f in p.frags)
    p.rtl = base_is_rtl(plain)
    if p.rtl:
        p.style = _rtl_style(style)
    return p


def _rtl_style(style: ParagraphStyle) -> ParagraphStyle:
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    if style.alignment != TA_LEFT:
        return style
    key = style.name + "-rtl"
    all_styles = styles()
    if key not in all_styles:
        all_styles[key] = ParagraphStyle(key, parent=style, alignment=TA_RIGHT)
    return all_styles[key]


# --- dates, times and numbers ---------------------------------------------

def long_date(value: str | dt.date | None) -> str:
    """"Tuesday, March 10, 2026" (Spanish: "martes, 10 de marzo de 2026")."""
    day = _date(value)
    return formats.long_date(day) if day else "–"


def medium_date(value: str | dt.date | None) -> str:
    """"March 10, 2026" (Spanish: "10 de marzo de 2026")."""
    day = _date(value)
    return formats.month_day_year(day) if day else "–"


def short_date(value: str | dt.date | None) -> str:
    """"Mar 10, 2026" (Spanish: "10 mar 2026")."""
    day = _date(value)
    return formats.short_date(day) if day else "–"


def _date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


#: US zones that change clocks are named as Americans say them ("ET"), all year
_GENERIC_ZONES = {"E": "ET", "C": "CT", "M": "MT", "P": "PT", "AK": "AKT"}
_ZONE_NAMES = {
    "ET": N_("Eastern Time"), "CT": N_("Central Time"), "MT": N_("Mountain Time"), "PT": N_("Pacific Time"),
    "AKT": N_("Alaska Time"), "MST": N_("Mountain Standard Time"), "HST": N_("Hawaii-Aleutian Standard Time"),
    "HDT": N_("Hawaii-Aleutian Daylight Time"), "AST": N_("Atlantic Standard Time"),
    "ChST": N_("Chamorro Standard Time"), "SST": N_("Samoa Standard Time"),
}
#: the abbreviations above as a reader of each language writes them (shown through ``_()``; the
#: English ones stay in the Spanish of the US)
_ZONE_ABBREVIATIONS = {
    "ET": N_("ET"), "CT": N_("CT"), "MT": N_("MT"), "PT": N_("PT"), "AKT": N_("AKT"), "MST": N_("MST"),
    "HST": N_("HST"), "HDT": N_("HDT"), "AST": N_("AST"), "ChST": N_("ChST"), "SST": N_("SST"),
    "EST": N_("EST"), "EDT": N_("EDT"), "CST": N_("CST"), "CDT": N_("CDT"), "MDT": N_("MDT"), "PST": N_("PST"),
    "PDT": N_("PDT"), "AKST": N_("AKST"), "AKDT": N_("AKDT"), "UTC": N_("UTC"),
}


def zone_abbreviation(when: dt.datetime) -> str:
    """"ET", "CT", "MT", "PT", "AKT" for US zones that keep daylight saving;
    the zone's own abbreviation where it keeps none ("MST" in Arizona, "HST"
    in Hawaii, "AST" in Puerto Rico); the IANA name where there is none."""
    name = when.tzname() or ""
    zone = when.tzinfo
    key = getattr(zone, "key", None) or name
    if not name or name[0] in "+-":
        return str(key)
    january = dt.datetime(when.year, 1, 15, 12, tzinfo=zone).utcoffset()
    july = dt.datetime(when.year, 7, 15, 12, tzinfo=zone).utcoffset()
    found = re.fullmatch(r"([A-Z]+)[SD]T", name)
    if january != july and found and found.group(1) in _GENERIC_ZONES:
        return _GENERIC_ZONES[found.group(1)]
    return name


def shown_zone(abbreviation: str) -> str:
    """A zone's abbreviation as the document's language writes it ("CT")."""
    return _(_ZONE_ABBREVIATIONS[abbreviation]) if abbreviation in _ZONE_ABBREVIATIONS else abbreviation


def zone_name(abbreviation: str) -> str | None:
    """"Central Time" for "CT" (in the current language); None when there is no common name."""
    return _(_ZONE_NAMES[abbreviation]) if abbreviation in _ZONE_NAMES else None


def clock(when: dt.datetime | dt.time, *, meridiem: bool = True) -> str:
    """"1:00 p.m." (12-hour clock, as a US reader expects; Spanish: "13:00")."""
    if formats.babel_locale():
        return f"{when.hour:02d}:{when.minute:02d}"
    hour = when.hour % 12 or 12
    text = f"{hour}:{when.minute:02d}"
    return f"{text} {'a.m.' if when.hour < 12 else 'p.m.'}" if meridiem else text


def time_span(date: str, start_time: str, minutes: int, timezone: str) -> str:
    """"1:00–2:30 p.m. ET"; "11:30 a.m.–1:00 p.m. CT"; the end worked out in
    real time, so a session over a clock change ends when it really ends."""
    from zoneinfo import ZoneInfo

    try:
        zone = ZoneInfo(timezone)
        day = dt.date.fromisoformat(date)
        hour, minute = (int(x) for x in start_time.split(":"))
    except (ValueError, KeyError, OSError):
        return f"{start_time} {timezone}".strip()
    start = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    end = (start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=minutes or 0)).astimezone(zone)
    first, last = shown_zone(zone_abbreviation(start)), shown_zone(zone_abbreviation(end))
    if last != first:
        return f"{clock(start)} {first}–{clock(end)} {last}"
    if not minutes:
        return f"{clock(start)} {first}"
    same_half = (start.hour < 12) == (end.hour < 12) and end.date() == start.date()
    return f"{clock(start, meridiem=not same_half)}–{clock(end)} {first}"


def session_time(session: Any) -> str:
    """A session's time span as a US reader expects it: "1:00–2:30 p.m. ET"."""
    return time_span(session.date, session.start_time, session.duration_minutes, session.timezone)


def session_zone(session: Any) -> str:
    """"Central Time (America/Chicago)": the zone spelled out, for a packet's details."""
    from zoneinfo import ZoneInfo

    try:
        day = dt.date.fromisoformat(session.date)
        when = dt.datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(session.timezone))
    except (ValueError, KeyError, OSError):
        return session.timezone
    name = zone_name(zone_abbreviation(when))
    place = session.timezone.replace("_", " ")
    return f"{name} ({place})" if name else place


def percent(share: float | None) -> str:
    """"71%" (Spanish: "71 %"); "–" for none."""
    return formats.percent(share)


def plural(count: int, word: str, many: str | None = None) -> str:
    """"1 partner", "2 partners", "1,200 families" (English words: the documents' own counts use
    ``ngettext``)."""
    return f"{count:,} {word if count == 1 else (many or plural_word(word))}"


def count(n: int) -> str:
    """A count as the document's language writes it: "1,200" (Spanish: "1200")."""
    return formats.number(n)


_IRREGULAR = {"person": "people", "child": "children", "staff": "staff", "data": "data"}
_SINGULAR = {many: one for one, many in _IRREGULAR.items()}


def plural_word(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def singular_word(word: str) -> str:
    """"partners" -> "partner", "families" -> "family"; words that are not plural stay."""
    lower = word.lower()
    if lower in _SINGULAR:
        return word[0] + _SINGULAR[lower][1:] if word[:1].isupper() else _SINGULAR[lower]
    if len(word) < 4 or word[-1:] not in "sS" or lower.endswith(("ss", "us", "is", "ics", "news", "series")):
        return word
    if lower.endswith("ies"):
        return word[:-3] + ("Y" if word[-1].isupper() else "y")
    if lower.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def singular_unit(unit: str) -> str:
    """A unit of measure said of one thing: "briefs" -> "brief",
    "hours of training" -> "hour of training", "partners engaged" -> "partner engaged"."""
    words = unit.split(" ")
    if " of " in f" {unit} ":
        i = words.index("of") - 1
    else:
        i = len(words) - 1
        while i > 0 and words[i].lower().endswith(("ed", "ing")):
            i -= 1
    if i < 0:
        return unit
    words[i] = singular_word(words[i])
    return " ".join(words)


def figure(value: float | None, unit: str | None = None) -> str:
    """A goal's figure with its unit, singular for one: "1 brief", "1,200 families", "55%".

    The unit is what the user typed: it is made singular only in an English document (the
    rules are English ones), and never translated."""
    if value is None:
        return "–"
    number = formats.number(value)
    unit = (unit or "").strip()
    if not unit:
        return number
    if unit == "%":
        return f"{number}\u00a0%" if formats.babel_locale() else f"{number}%"  # Spanish: "55 %"
    english = i18n.current() in ("en", i18n.PSEUDO)
    return f"{number} {singular_unit(unit) if float(value) == 1 and english else unit}"


# --- styles --------------------------------------------------------------

@lru_cache(maxsize=1)
def styles() -> dict:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ensure_fonts()
    ink, muted, accent = colors.HexColor(INK), colors.HexColor(MUTED), colors.HexColor(ACCENT)
    base = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13.5, textColor=ink,
                          spaceAfter=4, splitLongWords=1, uriWasteReduce=0.3)
    s = {"body": base}

    def add(name, parent="body", **kw):
        s[name] = ParagraphStyle(name, parent=s[parent], **kw)

    add("kicker", fontName=SANS_BOLD, fontSize=9, leading=12, textColor=muted, spaceAfter=6)
    add("title", fontName=SANS_BOLD, fontSize=26, leading=31, textColor=accent, spaceAfter=6)
    add("subtitle", fontSize=14, leading=19, textColor=ink, spaceAfter=4)
    add("h1", fontName=SANS_BOLD, fontSize=15, leading=19, textColor=accent, spaceBefore=14, spaceAfter=8,
        keepWithNext=1)
    add("h2", fontName=SANS_BOLD, fontSize=11.5, leading=15, textColor=ink, spaceBefore=10, spaceAfter=5,
        keepWithNext=1)
    add("h3", fontName=SANS_BOLD, fontSize=9.5, leading=13, textColor=muted, spaceBefore=6, spaceAfter=2,
        keepWithNext=1)
    add("continued", fontName=SANS_BOLD, fontSize=9.5, leading=13, textColor=accent, spaceBefore=0,
        spaceAfter=4)
    add("small", fontSize=8, leading=10.5, textColor=muted, spaceAfter=2)
    add("note", fontName=SANS_ITALIC, fontSize=8.5, leading=11.5, textColor=muted)
    add("cell", fontSize=8.5, leading=11, spaceAfter=0)
    add("cell_bold", parent="cell", fontName=SANS_BOLD)
    add("cell_muted", parent="cell", fontSize=8, leading=10.5, textColor=muted)
    add("cell_right", parent="cell", alignment=TA_RIGHT)
    add("cell_muted_right", parent="cell_muted", alignment=TA_RIGHT)
    # words that must stay whole (headers, figures with their units, dates): the
    # table widens their column rather than break "Measured" or "organizations"
    add("cell_whole", parent="cell", splitLongWords=0)
    add("cell_whole_right", parent="cell_right", splitLongWords=0)
    add("cell_head", parent="cell", fontName=SANS_BOLD, fontSize=8, leading=10, textColor=ink, splitLongWords=0)
    add("cell_head_right", parent="cell_head", alignment=TA_RIGHT)
    add("cell_alert", parent="cell", fontName=SANS_BOLD, fontSize=8, leading=10.5,
        textColor=colors.HexColor(ALERT), splitLongWords=0)
    add("stat_value", fontName=SANS_BOLD, fontSize=18, leading=22, textColor=accent, spaceAfter=0)
    add("stat_label", fontSize=8, leading=10, textColor=muted, spaceAfter=0)
    add("banner", fontName=SANS_BOLD, fontSize=10, leading=14, textColor=colors.white, spaceAfter=0)
    return s


def para(text: object, style: str = "body", *, empty: str = "–", links: bool = False) -> Paragraph:
    """A Paragraph of user text (escaped)."""
    st = styles()[style]
    return paragraph(markup(text, font=st.fontName, empty=empty, links=links), st)


def bold(text: str) -> str:
    """Markup for ``text`` (ours or the user's, escaped here) in bold: "<b>Next session:</b>"."""
    return f"<b>{escape(text)}</b>"


def rich(markup_text: str, style: str = "body") -> Paragraph:
    """A Paragraph of markup the export wrote itself; user parts must come from ``markup``."""
    return paragraph(markup_text, styles()[style])


def labelled(label: str, text: object, style: str = "body", *, empty: str = "–") -> Paragraph:
    """"Label: user text" with the label in bold (the label is ours, the text escaped)."""
    st = styles()[style]
    return paragraph(f"<b>{escape(label)}</b> {markup(text, font=st.fontName, empty=empty)}", st)


def text_block(text: str | None, style: str = "body", *, empty: str | None = None, links: bool = True) -> list:
    """Long user text as one Paragraph per line, so it flows across pages;
    web and e-mail addresses in it are links."""
    from reportlab.platypus import Spacer

    if not text or not text.strip():
        return [para(empty, "note")] if empty else []
    out: list = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            if out and not isinstance(out[-1], Spacer):
                out.append(Spacer(1, 4))
            continue
        pieces = text_chunks(line)
        for n, piece in enumerate(pieces):  # pieces of one line follow each other without a gap
            out.append(para(piece, style if n == len(pieces) - 1 else _joined_style(style), links=links))
    return out


def _joined_style(name: str) -> str:
    from reportlab.lib.styles import ParagraphStyle

    key = name + "-joined"
    all_styles = styles()
    if key not in all_styles:
        all_styles[key] = ParagraphStyle(key, parent=all_styles[name], spaceAfter=0)
    return key


def outlined(flowable: Flowable, title: str, level: int) -> Flowable:
    """Mark a flowable (a heading) as a bookmark in the PDF's outline, at ``level``."""
    flowable._ec_outline = (" ".join(str(title).split()) or "–", level)
    return flowable


def heading(text: str, level: int = 1, *, user: bool = False, outline: int | None = None) -> Flowable:
    style = {0: "title", 1: "h1", 2: "h2", 3: "h3"}[level]
    flowable = para(text, style) if user else rich(escape(text), style)
    return outlined(flowable, text, outline) if outline is not None else flowable


def lead(flowable: Flowable) -> Flowable:
    """A lead-in paragraph kept with what follows it, as a heading is."""
    flowable.keepWithNext = 1
    return flowable


def spacer(height: float = 8):
    from reportlab.platypus import Spacer

    return Spacer(1, height)


@lru_cache(maxsize=1)
def _keep_class() -> type:
    from reportlab.platypus.flowables import KeepTogether

    class Keep(KeepTogether):
        """Flowables kept on one page while they are short. A long group (a
        heading over a long note or a long table) starts where it is when its
        headings and the first lines after them fit, instead of leaving the rest
        of the page blank. Also how reportlab groups a heading with what follows."""

        def split(self, aW, aH):  # noqa: N803 - reportlab's names
            if getattr(self, "_wrapInfo", None) != (aW, aH):
                self.wrap(aW, aH)
            frame = getattr(self, "_frame", None)
            page = getattr(frame, "_height", None) or aH
            if aH < self._H and page * LONG_GROUP < self._H:
                started = self._start_here(aW, aH)
                if started is not None:
                    return started
            return super().split(aW, aH)

        def _start_here(self, aW, aH):  # noqa: N803
            """The content cut where this page ends, if more than headings fits; else None."""
            from reportlab.platypus.doctemplate import FrameBreak

            def heading(f) -> bool:
                return bool(f.getKeepWithNext()) and not isinstance(f, KeepTogether)

            used = 0.0
            content = self._content
            for i, f in enumerate(content):
                before = f.getSpaceBefore() if i else 0
                _w, h = f.wrapOn(self.canv, aW, max(aH - used - before, 0))
                if used + before + h <= aH:
                    used += before + h + f.getSpaceAfter()
                    continue
                if not heading(f):
                    parts = f.splitOn(self.canv, aW, aH - used - before)
                    if len(parts) >= 2:
                        return [*content[:i], *parts, *content[i + 1:]]
                # ``f`` cannot start here. Where the page is all but full, it ends before ``f``
                # (and the headings over it); else (a chart that does not fit) the group stays whole
                if aH - used - before > FULL_PAGE_SLACK:
                    return None
                j = i
                while j > 0 and heading(content[j - 1]):
                    j -= 1
                if not any(not heading(g) for g in content[:j]):
                    return None  # nothing but headings would stay: keep the group whole
                return [*content[:j], FrameBreak(), *content[j:]]
            return None

    return Keep


def keep(*flowables: Flowable) -> Flowable:
    return _keep_class()(list(flowables))


def page_break():
    from reportlab.platypus import PageBreak

    return PageBreak()


@lru_cache(maxsize=1)
def _table_class() -> type:
    from reportlab.platypus import Table
    from reportlab.platypus.flowables import KeepTogether

    class RuledTable(Table):
        """A table whose rows may split across pages; the rows carried to a new
        page are headed "Goal 2 (continued)" when it has a ``continued`` label."""

        continued: str | None = None

        def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
            parts = self._split_tall_row(availWidth, availHeight) or super().split(availWidth, availHeight)
            if not self.continued or len(parts) < 2:
                return parts
            for part in parts[1:]:
                part.continued = self.continued
            label = paragraph(markup(self.continued, font=SANS_BOLD), styles()["continued"])
            return [parts[0], KeepTogether([label, parts[1]]), *parts[2:]]

        def _split_tall_row(self, availWidth, availHeight):  # noqa: N803
            """A tall row (a long note in a cell) that does not fit splits where
            the page ends, rather than leave the rest of the page blank; short
            rows move to the next page whole, as reportlab does."""
            self._calc(availWidth, availHeight)
            heights = self._rowHeights
            n = self._getFirstPossibleSplitRowPosition(availHeight)
            if n >= len(heights) or heights[n] < TALL_ROW or not _text_only(self._cellvalues[n]):
                return None
            room = availHeight - sum(heights[:n])
            if room < 3 * 12:  # not even three lines would fit: the row starts on the next page
                return None
            parts = self._splitRows(availHeight, doInRowSplit=1)
            if len(parts) != 2:
                return None
            _w, first = parts[0].wrap(availWidth, availHeight)
            if first < sum(heights[:n]) + 12 or first > availHeight + 1e-6:
                return None  # the split would place nothing of the row (or too much): no progress
            return parts

    return RuledTable


def _text_only(row: Sequence) -> bool:
    """Is every cell of a row text (paragraphs, spacers), which may split across pages?"""
    from reportlab.platypus import Paragraph, Spacer

    for content in row:
        items = content if isinstance(content, (list, tuple)) else [content]
        if not all(item in ("", None) or isinstance(item, (Paragraph, Spacer, str)) for item in items):
            return False
    return True


def _min_width(content: Any) -> float:
    """The width a cell needs for the words it must keep whole (0 if it may break them)."""
    items = content if isinstance(content, (list, tuple)) else [content]
    need = 0.0
    for item in items:
        style = getattr(item, "style", None)
        if style is not None and not getattr(style, "splitLongWords", 1) and hasattr(item, "minWidth"):
            need = max(need, item.minWidth())
    return need


def fit_widths(rows: Sequence[Sequence], widths: Sequence[float], padding: float) -> list[float]:
    """Column widths that leave every whole-word cell room (a header such as
    "Measured", a figure such as "1,200 organizations"), taken from the columns
    with room to spare; the total width stays the same."""
    widths = [float(w) for w in widths]
    cols = len(widths)
    need = [0.0] * cols
    for row in rows:
        for c, content in enumerate(row[:cols]):
            need[c] = max(need[c], _min_width(content) + 2 * padding + 2.5)
    total = sum(widths)
    need = [min(n, total * 0.45) for n in need]
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    if short <= 0:
        return widths
    spare = [max(0.0, w - n) for n, w in zip(need, widths, strict=True)]
    room = sum(spare)
    if room <= 0:
        return widths
    take = min(short, room)
    out = []
    for n, w, s in zip(need, widths, spare, strict=True):
        out.append(max(w, n) if n > w else w - take * s / room)
    scale = total / sum(out)
    return [w * scale for w in out]


def _allow_breaks(rows: Sequence[Sequence], widths: Sequence[float], padding: float) -> None:
    """A whole-word cell still wider than its column may break after all (last resort)."""
    from reportlab.lib.styles import ParagraphStyle

    for row in rows:
        for c, content in enumerate(row[:len(widths)]):
            items = content if isinstance(content, (list, tuple)) else [content]
            for item in items:
                style = getattr(item, "style", None)
                if (style is not None and not getattr(style, "splitLongWords", 1) and hasattr(item, "minWidth")
                        and item.minWidth() > widths[c] - 2 * padding - 2):
                    item.style = ParagraphStyle(style.name + "-break", parent=style, splitLongWords=1)


def table(rows: Sequence[Sequence], widths: Sequence[float], *, header: bool = True,
          zebra: bool = True, right: Iterable[int] = (), valign: str = "TOP",
          padding: float = 4, extra_style: Sequence = (), continued: str | None = None):
    """A ruled table; ``widths`` are points (adjusted so whole words fit).
    Cells should be Paragraphs or flowables. Rows split across pages; with
    ``continued``, the rows carried over are headed by that label."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    widths = fit_widths(rows, widths, padding + 1)
    _allow_breaks(rows, widths, padding + 1)
    t = _table_class()([list(r) for r in rows], colWidths=list(widths), repeatRows=1 if header else 0,
                       hAlign="LEFT")
    t.continued = continued
    style = [
        ("FONT", (0, 0), (-1, -1), SANS, 8.5),  # reportlab's default cell font is Helvetica
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("LEFTPADDING", (0, 0), (-1, -1), padding + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding + 1),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding + 1),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(RULE)),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(TINT)),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.HexColor(ACCENT)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(ACCENT)),
        ]
        if zebra and len(rows) > 3:
            style.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(TINT_LIGHT)]))
    for col in right:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    style += list(extra_style)
    t.setStyle(TableStyle(style))
    return t


def head(text: str, *, align_right: bool = False) -> Paragraph:
    """A table header cell (may hold user words, e.g. a round's name); never split mid-word."""
    return rich(markup(text, font=SANS_BOLD), "cell_head_right" if align_right else "cell_head")


def cell(text: object, style: str = "cell", *, empty: str = "–") -> Paragraph:
    return para(text, style, empty=empty)


def overdue_mark() -> Paragraph:
    """"⚠ Overdue" in bold dark red: the word says it, the color adds to it."""
    return rich(escape(_(OVERDUE_MARK)), "cell_alert")


def boxed(flowables: list, *, width: float, background: str = TINT_LIGHT, border: str = RULE,
          padding: float = 10, dashed: bool = False):
    """Flowables inside a framed box (summaries, facilitators-only notes)."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    t = _table_class()([[flowables]], colWidths=[width], hAlign="LEFT")
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, 8.5),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(background)),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.HexColor(border), None, (3, 2) if dashed else None),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding - 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]))
    return t


#: user text longer than this (characters, one line) is laid out as several
#: paragraphs, cut after a sentence: reportlab re-wraps what is left of a
#: paragraph at every page, so one 200,000-character paragraph would take minutes
CHUNK = 3000
_SENTENCE_END = re.compile(r"[.!?؟।。]['\")\]]*\s+")


def _cut(line: str, size: int) -> int:
    """Where to cut a line longer than ``size``: after a sentence, else at a space, else at ``size``."""
    ends = [m.end() for m in _SENTENCE_END.finditer(line, size // 2, size)]
    if ends:
        return ends[-1]
    space = line.rfind(" ", size // 2, size)
    return space + 1 if space > 0 else size


def text_chunks(text: str, size: int = CHUNK) -> list[str]:
    """Lines of text, long ones cut (after a sentence where there is one) into
    pieces of at most ``size`` characters."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        while len(line) > size:
            cut = _cut(line, size)
            out.append(line[:cut].rstrip(" "))
            line = line[cut:].lstrip(" ")
        out.append(line)
    return out


def cell_excerpt(text: str | None, limit: int = 1000) -> tuple[str, str]:
    """(what a table cell shows, the rest): a long note keeps its opening in the
    cell and continues below the table, where it can flow across pages."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text, ""
    cut = _cut(text.replace("\n", " "), limit)
    return text[:cut].rstrip(), text[cut:].lstrip()


def boxed_text(title: str, text: str, *, width: float, border: str = INK) -> list:
    """A titled, dashed box around long user text that may run over several pages.

    A small table per piece of text, stacked so they read as one box: each
    piece splits on its own where a page ends, so a very long note costs
    time in proportion to its length.
    """
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    dash = (0.9, colors.HexColor(border), None, (3, 2))
    pieces = [p for p in text_chunks(text.strip(), 1500)]
    out = []
    for i, piece in enumerate([None, *pieces]):
        content = rich(escape(title), "h3") if piece is None else para(piece, empty=" ", links=True)
        t = _table_class()([[content]], colWidths=[width], hAlign="LEFT")
        style = [
            ("FONT", (0, 0), (-1, -1), SANS, 8.5),
            ("LINEBEFORE", (0, 0), (0, -1), *dash),
            ("LINEAFTER", (-1, 0), (-1, -1), *dash),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 6 if piece is None else 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8 if i == len(pieces) else 0),
        ]
        if piece is None:
            style.append(("LINEABOVE", (0, 0), (-1, 0), *dash))
        if i == len(pieces):
            style.append(("LINEBELOW", (0, -1), (-1, -1), *dash))
        t.setStyle(TableStyle(style))
        out.append(t)
    out[0].keepWithNext = 1
    return out


def stat_tiles(stats: Sequence[tuple[str, str, str | None]], width: float, *, per_row: int = 3):
    """Key figures as tiles: (value, label, detail or None), ``per_row`` a row."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    col = width / per_row
    rows: list[list[Any]] = []
    row: list[Any] = []
    for value, label, detail in stats:
        content = [rich(escape(value), "stat_value"), rich(escape(label), "stat_label")]
        if detail:
            content.append(para(detail, "cell_muted"))
        row.append(content)
        if len(row) == per_row:
            rows.append(row)
            row = []
    if row:
        rows.append(row + [""] * (per_row - len(row)))
    t = Table(rows, colWidths=[col] * per_row, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), SANS, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]
    for r, cells in enumerate(rows):
        for c, content in enumerate(cells):
            if content != "":
                style += [
                    ("BACKGROUND", (c, r), (c, r), colors.HexColor(TINT_LIGHT)),
                    ("LINEBEFORE", (c, r), (c, r), 2.5, colors.HexColor(ACCENT)),
                    ("LINEBELOW", (c, r), (c, r), 3, colors.white),
                ]
    t.setStyle(TableStyle(style))
    return t


# --- charts --------------------------------------------------------------

def _drawing(drawing_class, width: float, height: float):
    """A Drawing whose starting font is ours (reportlab's default is Helvetica,
    which would be named in the PDF without being embedded)."""
    d = drawing_class(width, height)
    d.initialFontName = SANS
    d.initialFontSize = MIN_FONT_SIZE
    return d


def progress_bar(share: float | None, width: float = 150, height: float = 11, *, label: bool = True):
    """A drawn bar with its percentage beside it; an empty dashed bar when unknown."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    label_w = 34 if label else 0
    bar_w = max(20.0, width - label_w)
    d = _drawing(Drawing, width, height + 2)
    y = 1
    if share is None:
        d.add(Rect(0, y, bar_w, height, fillColor=colors.white, strokeColor=colors.HexColor(RULE),
                   strokeWidth=0.7, strokeDashArray=[2, 2]))
        if label:
            d.add(String(bar_w + 5, y + 2, "n/a", fontName=SANS, fontSize=8,
                         fillColor=colors.HexColor(MUTED)))
        return d
    share = max(0.0, min(1.0, share))
    d.add(Rect(0, y, bar_w, height, fillColor=colors.HexColor(TINT), strokeColor=None))
    if share > 0:
        d.add(Rect(0, y, bar_w * share, height, fillColor=colors.HexColor(ACCENT), strokeColor=None))
    d.add(Rect(0, y, bar_w, height, fillColor=None, strokeColor=colors.HexColor("#3A3A3A"), strokeWidth=0.6))
    for tick in (0.25, 0.5, 0.75):  # quarter marks, readable without color
        d.add(Rect(bar_w * tick - 0.25, y, 0.5, 2.5, fillColor=colors.HexColor("#3A3A3A"), strokeColor=None))
    if label:
        d.add(String(bar_w + 5, y + 2, percent(share), fontName=SANS_BOLD, fontSize=8.5,
                     fillColor=colors.HexColor(INK)))
    return d


#: how each assessment round is drawn, from the latest back: (grey, width, dashes, marker)
ROUND_STYLES = (
    ("#000000", 1.8, None, "triangle"),
    ("#5A5A5A", 1.3, (5, 3), "square"),
    ("#8C8C8C", 1.1, (1.2, 2.2), "circle"),
    ("#B0B0B0", 1.0, (6, 2, 1, 2), "diamond"),
)


def round_styles(count: int) -> list[tuple]:
    """Styles for ``count`` rounds, oldest first, the latest always solid black."""
    picked = [ROUND_STYLES[min(i, len(ROUND_STYLES) - 1)] for i in range(count)]
    return list(reversed(picked))


def _marker(kind: str, x: float, y: float, color, size: float = 3.2):
    from reportlab.graphics.shapes import Circle, Polygon, Rect

    if kind == "circle":
        return Circle(x, y, size * 0.85, fillColor=colors_white(), strokeColor=color, strokeWidth=0.9)
    if kind == "square":
        return Rect(x - size * 0.8, y - size * 0.8, size * 1.6, size * 1.6, fillColor=color, strokeColor=None)
    if kind == "diamond":
        return Polygon([x, y + size, x + size, y, x, y - size, x - size, y],
                       fillColor=colors_white(), strokeColor=color, strokeWidth=0.9)
    return Polygon([x, y + size * 1.1, x + size, y - size * 0.7, x - size, y - size * 0.7],
                   fillColor=color, strokeColor=None)


def colors_white():
    from reportlab.lib import colors

    return colors.white


def legend_sample(style: tuple, width: float = 34, height: float = 10):
    """A short line in a round's style, with its marker, for a legend."""
    from reportlab.graphics.shapes import Drawing, Line
    from reportlab.lib import colors

    grey, stroke, dashes, marker = style
    color = colors.HexColor(grey)
    d = _drawing(Drawing, width, height)
    d.add(Line(1, height / 2, width - 1, height / 2, strokeColor=color, strokeWidth=stroke,
               strokeDashArray=list(dashes) if dashes else None))
    d.add(_marker(marker, width / 2, height / 2, color))
    return d


def radar_chart(axes: int, max_rank: int, series: Sequence[Sequence[int | None]], *, size: float = 250):
    """A radar chart: one spoke per dimension (numbered from 1, clockwise from
    the top), one polygon per round, rings at each stage level.

    ``series`` is oldest first; each is a value per axis (None: not rated).
    """
    import math

    from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, String
    from reportlab.lib import colors

    d = _drawing(Drawing, size, size)
    cx = cy = size / 2
    radius = size / 2 - 22
    grid = colors.HexColor("#BBBBBB")

    def point(axis: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * axis / axes
        r = radius * value / max_rank if max_rank else 0
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for level in range(1, max_rank + 1):
        ring = [c for axis in range(axes) for c in point(axis, level)]
        d.add(Polygon(ring, fillColor=None, strokeColor=grid, strokeWidth=0.5))
        x, y = point(0, level)
        d.add(String(x + 3, y - 3, str(level), fontName=SANS, fontSize=MIN_FONT_SIZE, fillColor=colors.HexColor(MUTED)))
    for axis in range(axes):
        x, y = point(axis, max_rank)
        d.add(Line(cx, cy, x, y, strokeColor=grid, strokeWidth=0.5))
        lx, ly = point(axis, max_rank * (1 + 13 / radius))
        d.add(String(lx, ly - 3.5, str(axis + 1), fontName=SANS_BOLD, fontSize=9, textAnchor="middle",
                     fillColor=colors.HexColor(INK)))
    for values, style in zip(series, round_styles(len(series)), strict=False):
        grey, stroke, dashes, marker = style
        color = colors.HexColor(grey)
        pts = [point(axis, v or 0) for axis, v in enumerate(values)]
        flat = [c for p in pts for c in p]
        d.add(PolyLine(flat + list(pts[0]), strokeColor=color, strokeWidth=stroke,
                       strokeDashArray=list(dashes) if dashes else None))
        for (x, y), v in zip(pts, values, strict=False):
            if v is not None:
                d.add(_marker(marker, x, y, color))
    return d


# --- the document --------------------------------------------------------

class Document:
    """One PDF: page size, metadata, outline, running header, footer and page numbers.

    ``footer`` names what the document belongs to (program and cohort); the
    export date follows it. Headings marked with ``outlined`` become the PDF's
    bookmarks.
    """

    def __init__(self, out_path: Path | str, *, title: str, subject: str, author: str,
                 footer: str, today: dt.date, page_size: str = "letter",
                 header: str = "", banner: str | None = None):
        self.out_path = Path(out_path)
        self.title = title
        self.subject = subject
        self.author = author
        self.footer = footer
        self.today = today
        self.page_size = check_page_size(page_size)
        self.header = header
        self.banner = banner

    @property
    def pagesize(self) -> tuple[float, float]:
        from reportlab.lib.pagesizes import A4, LETTER

        return A4 if self.page_size == "a4" else LETTER

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * MARGIN_X

    @property
    def frame_height(self) -> float:
        return self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM

    def build(self, story: list) -> Path:
        """Lay the story out and write the file (atomically: all or nothing)."""
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        ensure_fonts()
        self.out_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_beside(self.out_path)

        class Template(BaseDocTemplate):
            def afterFlowable(self, flowable):  # noqa: N802 - reportlab's name
                mark = getattr(flowable, "_ec_outline", None)
                if mark is not None:
                    top = self.frame._y + flowable.getSpaceAfter() + getattr(flowable, "height", 0) + 4
                    self.canv.outline_marks.append((*mark, top))

        try:
            doc = Template(
                str(tmp), pagesize=self.pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=self.title,
                author=self.author, subject=self.subject, creator=CREATOR, producer=CREATOR,
                lang=LANGUAGE_TAGS.get(i18n.current(), LANGUAGE), displayDocTitle=True,
                # the canvas's starting font: our own, so no page names a font that is not embedded
                initialFontName=SANS, initialFontSize=9.5,
                # how a heading is kept with what follows it: not at the cost of a blank page
                keepTogetherClass=_keep_class(),
            )
            frame = Frame(MARGIN_X, MARGIN_BOTTOM, self.frame_width, self.frame_height, id="body",
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
            doc.build(story, canvasmaker=self._canvas_class())
            os.replace(tmp, self.out_path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return self.out_path

    def _canvas_class(self):
        from reportlab.pdfgen.canvas import Canvas

        document = self

        class NumberedCanvas(Canvas):
            """Holds pages back until the end, to print "Page N of M"; bookmarks
            are set as each page is written, so they point at their own page."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self._pages: list[dict] = []
                self.outline_marks: list[tuple[str, int, float]] = []

            def showPage(self):  # noqa: N802 - reportlab's name
                self._pages.append(dict(self.__dict__))
                self.outline_marks = []
                self._startPage()

            def save(self):
                total = len(self._pages)
                level = -1
                count = 0
                for state in self._pages:
                    self.__dict__.update(state)
                    for title, wanted, top in state["outline_marks"]:
                        level = min(wanted, level + 1)  # an outline never skips a level
                        key = f"ec-outline-{count}"
                        count += 1
                        self.bookmarkPage(key, fit="XYZ", top=top)
                        self.addOutlineEntry(title, key, level=level, closed=False)
                    document._decorate(self, self._pageNumber, total)
                    Canvas.showPage(self)
                if count:
                    self.showOutline()
                Canvas.save(self)

        return NumberedCanvas

    def _decorate(self, canvas, page: int, total: int) -> None:
        from reportlab.lib import colors

        width, height = self.pagesize
        left, right = MARGIN_X, width - MARGIN_X
        size = MIN_FONT_SIZE
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(RULE))
        canvas.setLineWidth(0.5)
        # footer: program, cohort and export date on the left, page numbers on the right
        fy = MARGIN_BOTTOM - 30
        canvas.line(left, fy + 11, right, fy + 11)
        canvas.setFillColor(colors.HexColor(MUTED))
        number = _("Page {page} of {total}").format(page=page, total=total)
        draw_text(canvas, right, fy, number, SANS, size, align="right")
        room = right - left - 90
        exported = _("{footer} · Exported {date}").format(footer=self.footer, date=medium_date(self.today))
        footer = fit_line(exported, SANS, size, room)
        draw_text(canvas, left, fy, footer, SANS, size)
        # header: a running title from page 2 on; the banner on every page
        hy = height - MARGIN_TOP + 24
        if self.banner:
            canvas.setFillColor(colors.HexColor(INK))
            canvas.rect(left, hy - 4, right - left, 15, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            draw_text(canvas, left + 6, hy + 0.5, fit_line(self.banner, SANS_BOLD, size, right - left - 12),
                      SANS_BOLD, size)
        elif page > 1 and self.header:
            canvas.setFillColor(colors.HexColor(MUTED))
            draw_text(canvas, left, hy, fit_line(self.header, SANS, size, right - left), SANS, size)
            canvas.line(left, hy - 5, right, hy - 5)
        canvas.restoreState()


def program_author(ws: Workspace, cohort_id: str) -> str:
    """Who a document is from: the program's organization, else the program."""
    row = ws.query(
        "SELECT p.name, p.organization FROM cohorts c JOIN programs p ON p.id = c.program_id WHERE c.id = ?",
        (cohort_id,))
    if not row:
        return "Equity Cohort"
    name, organization = row[0]
    return (organization or "").strip() or name


def footer_line(program: str, cohort: str) -> str:
    """What a document's footer names: "Operationalizing Equity · Cohort 1"."""
    return " · ".join(part for part in ((program or "").strip(), (cohort or "").strip()) if part)
