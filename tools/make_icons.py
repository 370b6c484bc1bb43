"""Draw the app icon and write it at every size Windows, macOS and Linux ask for.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icons.py [OUTDIR]

Three overlapping circles, the three leaders of a state team or the
organizations of a cohort, meeting in a white center: the shared ground.
The geometry below is the source: it writes ``equitycohort.svg``, renders
that SVG with Qt's own SVG renderer into ``equitycohort-N.png``, and packs
those PNGs into ``equitycohort.ico`` (Windows) and ``equitycohort.icns``
(macOS), all in resources/icons/ unless OUTDIR is given. Sizes of 32 px and
less are drawn with a narrower margin, so the circles keep their pixels.
"""

from __future__ import annotations

import math
import struct
import sys
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
NAME = "equitycohort"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 256)
# ICNS entry types holding PNG data, by pixel size (the @2x types reuse a size)
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
              (b"ic14", 512))
SMALL = 32  # at this size and below, the tile fills more of the square

CANVAS = 1024
MARGIN = 80  # the tile inside the canvas, as macOS and Windows icons leave room around it
SMALL_MARGIN = 24
CORNER = 190
RADIUS = 220
CENTERS = {"yellow": (512.0, 388.0), "coral": (386.0, 606.0), "teal": (638.0, 606.0)}

TILE = "#234F8C"  # a blue that holds on white and on a dark panel
COLORS = {"yellow": "#F6B93B", "coral": "#EE6A4D", "teal": "#3CC2B4"}
BLENDS = {("yellow", "coral"): "#F48A3E", ("yellow", "teal"): "#9CCB6B", ("coral", "teal"): "#9A86C8"}
CENTER = "#FFFFFF"


# --- geometry -------------------------------------------------------------

Point = tuple[float, float]


def _crossings(c1: Point, c2: Point) -> tuple[Point, Point]:
    """The two points where two circles of RADIUS meet."""
    d = math.dist(c1, c2)
    half = d / 2
    h = math.sqrt(RADIUS * RADIUS - half * half)
    mx, my = c1[0] + (c2[0] - c1[0]) * half / d, c1[1] + (c2[1] - c1[1]) * half / d
    ox, oy = -(c2[1] - c1[1]) * h / d, (c2[0] - c1[0]) * h / d
    return (mx + ox, my + oy), (mx - ox, my - oy)


def _arc(center: Point, start: Point, end: Point) -> str:
    """SVG arc command along the shorter way round ``center`` from start to end."""
    a = math.atan2(start[1] - center[1], start[0] - center[0])
    b = math.atan2(end[1] - center[1], end[0] - center[0])
    sweep = 1 if (b - a) % (2 * math.pi) < math.pi else 0
    return f"A{RADIUS} {RADIUS} 0 0 {sweep} {_pt(end)}"


def _pt(p: Point) -> str:
    return f"{p[0]:.1f} {p[1]:.1f}"


def _lens(first: str, second: str) -> str:
    """Where two circles overlap."""
    c1, c2 = CENTERS[first], CENTERS[second]
    p, q = _crossings(c1, c2)
    return f"M{_pt(p)} {_arc(c1, p, q)} {_arc(c2, q, p)}Z"


def _inner_crossing(first: str, second: str, third: str) -> Point:
    p, q = _crossings(CENTERS[first], CENTERS[second])
    return p if math.dist(p, CENTERS[third]) < math.dist(q, CENTERS[third]) else q


def _middle() -> str:
    """Where all three circles overlap: each side is an arc of the circle through its two corners."""
    y, c, t = CENTERS["yellow"], CENTERS["coral"], CENTERS["teal"]
    yc = _inner_crossing("yellow", "coral", "teal")
    ct = _inner_crossing("coral", "teal", "yellow")
    ty = _inner_crossing("teal", "yellow", "coral")
    return f"M{_pt(yc)} {_arc(y, yc, ty)} {_arc(t, ty, ct)} {_arc(c, ct, yc)}Z"


def svg() -> str:
    size = CANVAS - 2 * MARGIN
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CANVAS}" height="{CANVAS}" '
        f'viewBox="0 0 {CANVAS} {CANVAS}">',
        "  <title>Equity Cohort</title>",
        f'  <rect x="{MARGIN}" y="{MARGIN}" width="{size}" height="{size}" rx="{CORNER}" ry="{CORNER}" '
        f'fill="{TILE}"/>',
    ]
    for name, (x, y) in CENTERS.items():
        lines.append(f'  <circle cx="{x:g}" cy="{y:g}" r="{RADIUS}" fill="{COLORS[name]}"/>')
    for (first, second), color in BLENDS.items():
        lines.append(f'  <path d="{_lens(first, second)}" fill="{color}"/>')
    lines.append(f'  <path d="{_middle()}" fill="{CENTER}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


# --- rendering and packing ---------------------------------------------------

def render(svg_path: Path, size: int) -> bytes:
    """The icon as PNG bytes at ``size`` pixels square."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg_path))
    if size <= SMALL:
        crop = MARGIN - SMALL_MARGIN
        renderer.setViewBox(QRectF(crop, crop, CANVAS - 2 * crop, CANVAS - 2 * crop))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide takes str
    buffer.close()
    return bytes(data.data())


def _dib(png: bytes) -> bytes:
    """A 32-bit bottom-up DIB with its AND mask, the classic ICO payload that every tool reads."""
    from PySide6.QtGui import QImage

    image = QImage.fromData(png).convertToFormat(QImage.Format.Format_ARGB32)
    w, h = image.width(), image.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, w * h * 4, 0, 0, 0, 0)
    rows = []
    for y in range(h - 1, -1, -1):
        line = cast(memoryview, image.constScanLine(y))
        rows.append(bytes(line)[: w * 4])  # ARGB32 is B, G, R, A in memory on little-endian machines
    mask_stride = ((w + 31) // 32) * 4
    mask = bytes(mask_stride * h)  # all zero: the alpha channel decides
    return header + b"".join(rows) + mask


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico: DIB entries below 256 px, PNG at 256 px (as Windows' own icons are)."""
    payloads = [(size, pngs[size] if size >= 256 else _dib(pngs[size])) for size in ICO_SIZES]
    out = struct.pack("<HHH", 0, 1, len(payloads))
    offset = 6 + 16 * len(payloads)
    for size, data in payloads:
        side = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _size, data in payloads)


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns with PNG entries at every size Finder and the Dock use."""
    body = b"".join(kind + struct.pack(">I", len(pngs[size]) + 8) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(argv: list[str] | None = None) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QImage.save needs it)
    source = out / f"{NAME}.svg"
    source.write_text(svg(), encoding="utf-8")
    pngs = {size: render(source, size) for size in PNG_SIZES}
    for size, data in pngs.items():
        (out / f"{NAME}-{size}.png").write_bytes(data)
    (out / f"{NAME}.ico").write_bytes(ico(pngs))
    (out / f"{NAME}.icns").write_bytes(icns(pngs))
    for path in sorted(out.glob(f"{NAME}*")):
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
