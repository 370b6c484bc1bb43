"""The cache of parsed fonts: the same font as reportlab parses, and never a risk."""

from __future__ import annotations

import os
import stat

import pytest

from equitycohort.export import fontcache
from equitycohort.resources import resource_path

FONT = resource_path("fonts", "DejaVuSans.ttf")


@pytest.fixture
def font_copy(tmp_path):
    """A font file of our own, so tests can touch it."""
    path = tmp_path / "Font.ttf"
    path.write_bytes(FONT.read_bytes())
    return path


def plain(path):
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont("Plain", str(path))


def same_font(cached, parsed) -> None:
    face, expected = vars(cached.face), vars(parsed.face)
    assert face.keys() == expected.keys()
    for key, value in expected.items():
        if key == "_pdfScale":
            assert face[key](2048) == value(2048)
        elif key in ("glyphPos", "hmetrics"):  # kept as arrays: reportlab only indexes them
            assert len(face[key]) == len(value)
            assert [face[key][i] for i in range(len(value))] == value, key
        else:
            assert face[key] == value and type(face[key]) is type(value), key
    # the subset embedded in a PDF comes out byte for byte the same
    subset = [0, *(ord(ch) for ch in "Équité ⚖ محمد ﻣﺤﻤﺪ 2026")]
    assert cached.face.makeSubset(subset) == parsed.face.makeSubset(subset)
    assert vars(cached).keys() == vars(parsed).keys()
    for key in ("_asciiReadable", "shapable"):
        assert getattr(cached, key) == getattr(parsed, key)


def test_a_cached_font_is_the_font_reportlab_parses(font_copy, app_home):
    first = fontcache.load_font("Cached", font_copy)  # parsed, then written to the cache
    cache = fontcache._cache_file(font_copy)
    assert cache.is_file() and cache.parent == app_home / "cache" / "fonts"
    second = fontcache.load_font("Cached", font_copy)  # read back
    same_font(first, plain(font_copy))
    same_font(second, plain(font_copy))
    assert second.stringWidth("Équité ⚖ محمد", 10) == plain(font_copy).stringWidth("Équité ⚖ محمد", 10)


def test_the_cache_is_read_instead_of_parsing(font_copy, monkeypatch):
    fontcache.load_font("Cached", font_copy)
    from reportlab.pdfbase.ttfonts import TTFontFile

    def no_parsing(self, charInfo=1):
        raise AssertionError("parsed although the cache is current")

    monkeypatch.setattr(TTFontFile, "extractInfo", no_parsing)
    font = fontcache.load_font("Cached", font_copy)
    assert font.face.charToGlyph[ord("A")]


@pytest.mark.skipif(os.name != "posix", reason="permissions are POSIX")
def test_the_cache_is_private(font_copy):
    fontcache.load_font("Cached", font_copy)
    cache = fontcache._cache_file(font_copy)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    assert not [p for p in cache.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_changed_font_file_is_parsed_again(font_copy):
    fontcache.load_font("Cached", font_copy)
    cache = fontcache._cache_file(font_copy)
    before = cache.read_bytes()
    os.utime(font_copy, ns=(1_000_000_000, 1_000_000_000))  # another modification time
    font = fontcache.load_font("Cached", font_copy)
    same_font(font, plain(font_copy))
    assert cache.read_bytes() != before  # rewritten under the new key


def test_another_reportlab_version_is_parsed_again(font_copy, monkeypatch):
    import reportlab

    fontcache.load_font("Cached", font_copy)
    monkeypatch.setattr(reportlab, "Version", "0.0.1")
    assert fontcache._read(font_copy) is None


@pytest.mark.parametrize("damage", [
    b"",
    b"not a cache at all",
    b"ECFONTS1\xff\xff\xff\xff",
    b"ECFONTS1\x05\x00\x00\x00{bad}",
])
def test_a_damaged_cache_is_ignored_and_replaced(font_copy, damage):
    fontcache.load_font("Cached", font_copy)
    cache = fontcache._cache_file(font_copy)
    cache.write_bytes(damage)
    same_font(fontcache.load_font("Cached", font_copy), plain(font_copy))
    assert fontcache._read(font_copy) is not None  # written anew


def test_a_truncated_cache_is_ignored(font_copy):
    fontcache.load_font("Cached", font_copy)
    cache = fontcache._cache_file(font_copy)
    cache.write_bytes(cache.read_bytes()[:-1000])
    assert fontcache._read(font_copy) is None
    same_font(fontcache.load_font("Cached", font_copy), plain(font_copy))


def test_an_unwritable_cache_folder_costs_only_time(font_copy, app_home):
    (app_home / "cache").write_text("a file where the folder should be")
    same_font(fontcache.load_font("Cached", font_copy), plain(font_copy))
    assert fontcache._read(font_copy) is None
