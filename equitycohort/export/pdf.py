"""Building blocks shared by every PDF: fonts, safe text, page layout, charts.

Everything a user typed goes through ``markup`` before it reaches a reportlab
Paragraph: it is escaped (so ``<b>`` or ``R&D`` print as typed and never act
as markup) and each run of characters the main font lacks is switched to a
fallback font shipped in ``resources/fonts`` (symbols and emoji, then Chinese,
Japanese and Korean), so any name prints.

reportlab is imported inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path

from equitycohort import __version__
from equitycohort.export.bidi import needs_bidi, patch_to_unicode, visual
from equitycohort.export.common import escape, temp_beside
from equitycohort.resources import resource_path

PAGE_SIZES = ("letter", "a4")
LANGUAGE = "en-US"
CREATOR = f"Equity Cohort {__version__}"

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

# colours: dark enough to read printed in greyscale; never the only signal
INK = "#1A1A1A"
MUTED = "#555555"
ACCENT = "#1F3A5F"
RULE = "#9AA5B1"
TINT = "#E8EDF2"
TINT_LIGHT = "#F5F7F9"

MARGIN_X = 0.85 * 72
MARGIN_TOP = 0.9 * 72
MARGIN_BOTTOM = 0.9 * 72


def check_page_size(page_size: str) -> str:
    key = (page_size or "").strip().lower()
    if key not in PAGE_SIZES:
        raise ValueError(f"page size must be letter or a4, not {page_size!r}")
    return key


# --- fonts ---------------------------------------------------------------

@cache
def _cmap(font_name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


@lru_cache(maxsize=1)
def ensure_fonts() -> None:
    """Register the shipped DejaVu Sans family with reportlab (once)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    patch_to_unicode()
    for name, file in _FAMILY.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC,
                                  boldItalic=SANS_BOLD_ITALIC)
    for bold, italic, name in ((0, 0, SANS), (1, 0, SANS_BOLD), (0, 1, SANS_ITALIC), (1, 1, SANS_BOLD_ITALIC)):
        addMapping(SANS, bold, italic, name)


@cache
def _fallback(name: str) -> bool:
    """Load one fallback font; False if its file is missing."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    file = dict(_FALLBACKS)[name]
    path = resource_path("fonts", file)
    if not path.exists():
        return False
    pdfmetrics.registerFont(TTFont(name, str(path)))
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


def markup(text: object, *, font: str = SANS, empty: str = "–") -> str:
    """User text made safe for Paragraph markup: escaped, line breaks kept,
    characters the font lacks switched to a fallback font."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return escape(empty)
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if needs_bidi(text):
        text = "\n".join(visual(line) for line in text.split("\n"))
    out = []
    for fallback, run in font_runs(text, font):
        safe = escape(run).replace("\n", "<br/>")
        out.append(safe if fallback is None else f'<font name="{fallback}">{safe}</font>')
    return "".join(out)


def draw_text(canvas, x: float, y: float, text: str, font: str, size: float, *, align: str = "left") -> None:
    """Draw one line on a canvas, switching fonts per run like ``markup``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = [(fallback or font, run) for fallback, run in font_runs(visual(text), font)]
    width = sum(stringWidth(run, name, size) for name, run in runs)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, name, size)


def fit_line(text: str, font: str, size: float, width: float) -> str:
    """Shorten one line with an ellipsis so it fits ``width`` (headers, footers)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


# --- dates and numbers ---------------------------------------------------

def long_date(value: str | dt.date | None) -> str:
    """"Tuesday, March 10, 2026"."""
    day = _date(value)
    return f"{day:%A}, {day:%B} {day.day}, {day.year}" if day else "–"


def medium_date(value: str | dt.date | None) -> str:
    """"March 10, 2026"."""
    day = _date(value)
    return f"{day:%B} {day.day}, {day.year}" if day else "–"


def short_date(value: str | dt.date | None) -> str:
    """"Mar 10, 2026"."""
    day = _date(value)
    return f"{day:%b} {day.day}, {day.year}" if day else "–"


def _date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100):d}%"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


# --- styles --------------------------------------------------------------

@lru_cache(maxsize=1)
def styles() -> dict:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ensure_fonts()
    ink, muted, accent = colors.HexColor(INK), colors.HexColor(MUTED), colors.HexColor(ACCENT)
    base = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13.5, textColor=ink,
                          spaceAfter=4, splitLongWords=1)
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
    add("small", fontSize=8, leading=10.5, textColor=muted, spaceAfter=2)
    add("note", fontName=SANS_ITALIC, fontSize=8.5, leading=11.5, textColor=muted)
    add("cell", fontSize=8.5, leading=11, spaceAfter=0)
    add("cell_bold", parent="cell", fontName=SANS_BOLD)
    add("cell_muted", parent="cell", fontSize=7.5, leading=9.5, textColor=muted)
    add("cell_right", parent="cell", alignment=TA_RIGHT)
    add("cell_muted_right", parent="cell_muted", alignment=TA_RIGHT)
    add("cell_head", parent="cell", fontName=SANS_BOLD, fontSize=8, leading=10, textColor=ink)
    add("cell_head_right", parent="cell_head", alignment=TA_RIGHT)
    add("stat_value", fontName=SANS_BOLD, fontSize=18, leading=22, textColor=accent, spaceAfter=0)
    add("stat_label", fontSize=8, leading=10, textColor=muted, spaceAfter=0)
    add("banner", fontName=SANS_BOLD, fontSize=10, leading=14, textColor=colors.white, spaceAfter=0)
    return s


def _bold_font(style_name: str) -> str:
    return styles()[style_name].fontName


def para(text: object, style: str = "body", *, empty: str = "–"):
    """A Paragraph of user text (escaped)."""
    from reportlab.platypus import Paragraph

    st = styles()[style]
    return Paragraph(markup(text, font=st.fontName, empty=empty), st)


def rich(markup_text: str, style: str = "body"):
    """A Paragraph of markup the export wrote itself; user parts must come from ``markup``."""
    from reportlab.platypus import Paragraph

    return Paragraph(markup_text, styles()[style])


def labelled(label: str, text: object, style: str = "body", *, empty: str = "–"):
    """"Label: user text" with the label in bold (the label is ours, the text escaped)."""
    from reportlab.platypus import Paragraph

    st = styles()[style]
    return Paragraph(f"<b>{escape(label)}</b> {markup(text, font=st.fontName, empty=empty)}", st)


def text_block(text: str | None, style: str = "body", *, empty: str | None = None) -> list:
    """Long user text as one Paragraph per line, so it flows across pages."""
    from reportlab.platypus import Spacer

    if not text or not text.strip():
        return [para(empty, "note")] if empty else []
    out: list = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in lines:
        if line.strip():
            out.append(para(line, style))
        elif out and not isinstance(out[-1], Spacer):
            out.append(Spacer(1, 4))
    return out


def heading(text: str, level: int = 1, *, user: bool = False):
    style = {0: "title", 1: "h1", 2: "h2", 3: "h3"}[level]
    return para(text, style) if user else rich(escape(text), style)


def spacer(height: float = 8):
    from reportlab.platypus import Spacer

    return Spacer(1, height)


def keep(*flowables):
    from reportlab.platypus import KeepTogether

    return KeepTogether(list(flowables))


def page_break():
    from reportlab.platypus import PageBreak

    return PageBreak()


def table(rows: Sequence[Sequence], widths: Sequence[float], *, header: bool = True,
          zebra: bool = True, right: Iterable[int] = (), valign: str = "TOP",
          padding: float = 4, extra_style: Sequence = ()):
    """A ruled table; ``widths`` are points. Cells should be Paragraphs or flowables."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    t = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=1 if header else 0,
              hAlign="LEFT")
    style = [
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


def head(text: str, *, align_right: bool = False):
    """A table header cell (may hold user words, e.g. a round's name)."""
    return rich(markup(text, font=SANS_BOLD), "cell_head_right" if align_right else "cell_head")


def cell(text: object, style: str = "cell", *, empty: str = "–"):
    return para(text, style, empty=empty)


def boxed(flowables: list, *, width: float, background: str = TINT_LIGHT, border: str = RULE,
          padding: float = 10, dashed: bool = False):
    """Flowables inside a framed box (summaries, facilitators-only notes)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    t = Table([[flowables]], colWidths=[width], hAlign="LEFT")
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(background)),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.HexColor(border), None, (3, 2) if dashed else None),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding - 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]))
    return t


def text_chunks(text: str, size: int = 1500) -> list[str]:
    """Lines of text, long ones cut at spaces into pieces of about ``size`` characters."""
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        while len(line) > size:
            cut = line.rfind(" ", size // 2, size)
            cut = cut if cut > 0 else size
            out.append(line[:cut])
            line = line[cut:].lstrip(" ")
        out.append(line)
    return out


def boxed_text(title: str, text: str, *, width: float, border: str = INK):
    """A titled, dashed box around long user text that may run over several pages.

    One table row per piece of text, so the box splits between pages.
    """
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    rows = [[rich(escape(title), "h3")]]
    rows += [[para(piece, empty=" ")] for piece in text_chunks(text.strip())]
    t = Table(rows, colWidths=[width], hAlign="LEFT", repeatRows=1)
    t.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.9, colors.HexColor(border), None, (3, 2)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    return t


def stat_tiles(stats: Sequence[tuple[str, str, str | None]], width: float, *, per_row: int = 3):
    """Key figures as tiles: (value, label, detail or None), ``per_row`` a row."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    col = width / per_row
    rows, row = [], []
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

def progress_bar(share: float | None, width: float = 150, height: float = 11, *, label: bool = True):
    """A drawn bar with its percentage beside it; an empty dashed bar when unknown."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    label_w = 34 if label else 0
    bar_w = max(20.0, width - label_w)
    d = Drawing(width, height + 2)
    y = 1
    if share is None:
        d.add(Rect(0, y, bar_w, height, fillColor=colors.white, strokeColor=colors.HexColor(RULE),
                   strokeWidth=0.7, strokeDashArray=[2, 2]))
        if label:
            d.add(String(bar_w + 5, y + 2, "n/a", fontName=SANS_ITALIC, fontSize=8,
                         fillColor=colors.HexColor(MUTED)))
        return d
    share = max(0.0, min(1.0, share))
    d.add(Rect(0, y, bar_w, height, fillColor=colors.HexColor(TINT), strokeColor=None))
    if share > 0:
        d.add(Rect(0, y, bar_w * share, height, fillColor=colors.HexColor(ACCENT), strokeColor=None))
    d.add(Rect(0, y, bar_w, height, fillColor=None, strokeColor=colors.HexColor("#3A3A3A"), strokeWidth=0.6))
    for tick in (0.25, 0.5, 0.75):  # quarter marks, readable without colour
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
    d = Drawing(width, height)
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

    d = Drawing(size, size)
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
        d.add(String(x + 3, y - 3, str(level), fontName=SANS, fontSize=6.5, fillColor=colors.HexColor(MUTED)))
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
    """One PDF: page size, metadata, running header, footer and page numbers."""

    def __init__(self, out_path: Path | str, *, title: str, subject: str, author: str,
                 workspace_name: str, today: dt.date, page_size: str = "letter",
                 header: str = "", banner: str | None = None):
        self.out_path = Path(out_path)
        self.title = title
        self.subject = subject
        self.author = author
        self.workspace_name = workspace_name
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
        try:
            doc = BaseDocTemplate(
                str(tmp), pagesize=self.pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=self.title,
                author=self.author, subject=self.subject, creator=CREATOR, producer=CREATOR,
                lang=LANGUAGE, displayDocTitle=True,
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
            """Holds pages back until the end, to print "Page N of M"."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self._pages: list[dict] = []

            def showPage(self):
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self):
                total = len(self._pages)
                for state in self._pages:
                    self.__dict__.update(state)
                    document._decorate(self, self._pageNumber, total)
                    Canvas.showPage(self)
                Canvas.save(self)

        return NumberedCanvas

    def _decorate(self, canvas, page: int, total: int) -> None:
        from reportlab.lib import colors

        width, height = self.pagesize
        left, right = MARGIN_X, width - MARGIN_X
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(RULE))
        canvas.setLineWidth(0.5)
        # footer: workspace and export date on the left, page numbers on the right
        fy = MARGIN_BOTTOM - 30
        canvas.line(left, fy + 11, right, fy + 11)
        canvas.setFillColor(colors.HexColor(MUTED))
        number = f"Page {page} of {total}"
        draw_text(canvas, right, fy, number, SANS, 7.5, align="right")
        room = right - left - 90
        footer = fit_line(f"{self.workspace_name} · Exported {medium_date(self.today)}", SANS, 7.5, room)
        draw_text(canvas, left, fy, footer, SANS, 7.5)
        # header: a running title from page 2 on; the banner on every page
        hy = height - MARGIN_TOP + 24
        if self.banner:
            canvas.setFillColor(colors.HexColor(INK))
            canvas.rect(left, hy - 4, right - left, 15, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            draw_text(canvas, left + 6, hy + 0.5, fit_line(self.banner, SANS_BOLD, 8, right - left - 12),
                      SANS_BOLD, 8)
        elif page > 1 and self.header:
            canvas.setFillColor(colors.HexColor(MUTED))
            draw_text(canvas, left, hy, fit_line(self.header, SANS, 7.5, right - left), SANS, 7.5)
            canvas.line(left, hy - 5, right, hy - 5)
        canvas.restoreState()


def program_author(ws, cohort_id: str) -> str:
    """Who a document is from: the program's organization, else the program."""
    row = ws.query(
        "SELECT p.name, p.organization FROM cohorts c JOIN programs p ON p.id = c.program_id WHERE c.id = ?",
        (cohort_id,))
    if not row:
        return "Equity Cohort"
    name, organization = row[0]
    return (organization or "").strip() or name
