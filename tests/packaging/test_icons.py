"""The app icon: every size each system asks for, in the formats each reads, and on the window."""

from __future__ import annotations

import struct

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from equitycohort.resources import ICON_SIZES, icon_files, resource_path
from tools import make_icons

ICONS = resource_path("icons")


def test_the_svg_source_matches_the_generator_and_renders():
    source = ICONS / "equitycohort.svg"
    assert source.read_text(encoding="utf-8") == make_icons.svg()  # committed output is up to date
    renderer = QSvgRenderer(str(source))
    assert renderer.isValid() and renderer.defaultSize() == QSize(1024, 1024)


def test_pngs_at_every_size_from_16_to_1024(qapp):
    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        image = QImage(str(ICONS / f"equitycohort-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, 0).alpha() == 0  # rounded corners are see-through
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_ico_holds_the_six_windows_sizes(qapp):
    data = (ICONS / "equitycohort.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 6)
    sizes = []
    for i in range(count):
        width, height, _colors, _res, _planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        size = width or 256
        sizes.append(size)
        assert bits == 32 and offset + length <= len(data)
        payload = data[offset:offset + length]
        if size == 256:
            assert QImage.fromData(payload, "PNG").size() == QSize(256, 256)
        else:  # a DIB: its header, then the pixels bottom-up, then the mask
            header_size, dib_width, dib_height = struct.unpack_from("<Iii", payload)
            assert (header_size, dib_width, dib_height) == (40, size, 2 * size)
            assert length == 40 + size * size * 4 + ((size + 31) // 32) * 4 * size
    assert sizes == [16, 24, 32, 48, 64, 256]


def test_icns_holds_png_entries_for_finder_and_the_dock(qapp):
    data = (ICONS / "equitycohort.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    entries, offset = {}, 8
    while offset < len(data):
        kind, length = data[offset:offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        entries[kind] = QImage.fromData(data[offset + 8:offset + length], "PNG").width()
        offset += length
    assert entries == {b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256, b"ic09": 512,
                       b"ic10": 1024, b"ic11": 32, b"ic12": 64, b"ic13": 256, b"ic14": 512}


def test_the_window_icon_offers_each_size_without_decoding_any(qapp):
    from equitycohort.ui.app import window_icon

    icon = window_icon()
    assert [s.width() for s in icon.availableSizes()] == list(ICON_SIZES)
    assert [size for size, _path in icon_files()] == list(ICON_SIZES)
    assert icon.pixmap(32, 32).toImage().pixelColor(16, 16).alpha() == 255


def test_the_window_gets_its_icon_once_it_is_up(qapp, monkeypatch):
    import gc

    from PySide6.QtGui import QIcon

    from equitycohort.ui import app as app_module

    monkeypatch.setattr(app_module, "rotate_log", lambda: None)
    monkeypatch.setattr(gc, "freeze", lambda: None)
    qapp.setWindowIcon(QIcon())
    try:
        app_module._settle()
        assert [s.width() for s in qapp.windowIcon().availableSizes()] == list(ICON_SIZES)
    finally:
        qapp.setWindowIcon(QIcon())
