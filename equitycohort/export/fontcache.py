"""Parsed fonts kept between runs, so a PDF export does not re-read each font's tables.

reportlab parses a TrueType font's character map and metrics every time a
process registers it: about a tenth of a short export's run time for the
three DejaVu Sans faces. What it extracts (names, metrics, the character to
glyph map, widths, glyph offsets) is saved here, once per font file, in the
user's cache folder.

Safe by construction:
- the file holds plain numbers and text (a JSON header and typed arrays),
  never pickled objects, so reading it can run no code;
- it is keyed by the font file's size and modification time, reportlab's
  version and this format's version: any change and the font is parsed anew;
- it is written to a temporary name and renamed (never half-written),
  readable by the user only (0600, in a 0700 folder);
- anything unreadable, stale or unexpected is ignored silently, and the font
  is parsed as reportlab always does. The cache only ever saves time.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Any

FORMAT = 2
MAGIC = b"ECFONTS1"
#: the typecodes of the arrays numbers are stored in
_INT, _FLOAT = "q", "d"


def cache_folder() -> Path:
    from equitycohort.paths import cache_dir

    return cache_dir() / "fonts"


def _key(path: Path) -> dict[str, Any]:
    import reportlab

    stat = path.stat()
    return {"format": FORMAT, "file": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "reportlab": reportlab.Version, "byteorder": sys.byteorder}


def _cache_file(path: Path) -> Path:
    import zlib

    where = zlib.crc32(str(path.resolve()).encode("utf-8", "surrogatepass"))  # one file per font file
    return cache_folder() / f"{path.stem}-{where:08x}.{FORMAT}.fontcache"


# --- encoding the attributes reportlab's extractInfo sets -----------------

def _encode(info: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """(JSON-able description, binary arrays) of a face's parsed attributes.

    Raises ValueError for a value of a kind it does not know (reportlab changed):
    that font is then simply not cached.
    """
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    described: dict[str, Any] = {}
    blob = bytearray()

    def numbers(values: list) -> dict[str, Any]:
        """Numbers as typed arrays: ints as ints, floats as floats, in their places."""
        if not all(type(v) in (int, float) for v in values):
            raise ValueError("not numbers")
        floats = [i for i, v in enumerate(values) if type(v) is float]
        if len(floats) == len(values):
            return {"floats": put(array(_FLOAT, values))}
        ints = array(_INT, (0 if type(v) is float else v for v in values))
        spec: dict[str, Any] = {"ints": put(ints)}
        if floats:
            spec["at"] = put(array(_INT, floats))
            spec["values"] = put(array(_FLOAT, (values[i] for i in floats)))
        return spec

    def put(values: array) -> list:
        start = len(blob)
        blob.extend(values.tobytes())
        return [values.typecode, start, len(values)]

    for name, value in info.items():
        if name == "_pdfScale":
            described[name] = {"kind": "scale"}  # a function: rebuilt from unitsPerEm
        elif isinstance(value, TTFNameBytes):
            described[name] = {"kind": "name", "text": value.ustr}
        elif isinstance(value, bytes):
            described[name] = {"kind": "bytes", "hex": value.hex()}
        elif value is None or type(value) in (bool, int, float, str):
            described[name] = {"kind": "value", "value": value}
        elif isinstance(value, tuple) and all(type(v) in (int, float) for v in value):
            described[name] = {"kind": "tuple", "value": list(value)}
        elif name == "glyphPos" and isinstance(value, list) and all(type(v) is int for v in value):
            described[name] = {"kind": "offsets", "data": numbers(value)}
        elif isinstance(value, list) and all(type(v) in (int, float) for v in value):
            described[name] = {"kind": "list", "data": numbers(value)}
        elif name == "hmetrics" and isinstance(value, list) and all(
                isinstance(v, tuple) and len(v) == 2 for v in value):
            described[name] = {"kind": "metrics", "data": numbers([float(x) for pair in value for x in pair])}
        elif isinstance(value, dict) and all(type(k) is int for k in value):
            items = list(value.values())
            if all(isinstance(v, list) for v in items):
                described[name] = {"kind": "multimap", "keys": numbers(list(value)),
                                   "lengths": numbers([len(v) for v in items]),
                                   "values": numbers([x for v in items for x in v])}
            else:
                described[name] = {"kind": "map", "keys": numbers(list(value)), "values": numbers(items)}
        else:
            raise ValueError(f"cannot cache {name}")
    return described, bytes(blob)


def _decode(described: dict[str, Any], blob: bytes) -> dict[str, Any]:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    def get(spec: list) -> array:
        typecode, start, count = spec
        if typecode not in (_INT, _FLOAT) or type(start) is not int or type(count) is not int:
            raise ValueError("bad array")
        values = array(typecode)
        end = start + count * values.itemsize
        if start < 0 or count < 0 or end > len(blob):
            raise ValueError("truncated")
        values.frombytes(blob[start:end])
        return values

    def numbers(spec: dict[str, Any]) -> list:
        if "floats" in spec:
            return get(spec["floats"]).tolist()
        out = get(spec["ints"]).tolist()
        if "at" in spec:
            for i, v in zip(get(spec["at"]).tolist(), get(spec["values"]).tolist(), strict=True):
                out[i] = v
        return out

    info: dict[str, Any] = {}
    for name, spec in described.items():
        kind = spec["kind"]
        if kind == "name":
            info[name] = TTFNameBytes(spec["text"].encode("utf-8"))
        elif kind == "bytes":
            info[name] = bytes.fromhex(spec["hex"])
        elif kind == "value":
            info[name] = spec["value"]
        elif kind == "tuple":
            info[name] = tuple(spec["value"])
        elif kind == "list":
            info[name] = numbers(spec["data"])
        elif kind == "offsets":  # glyph offsets: only ever indexed, so the array itself will do
            info[name] = get(spec["data"]["ints"])
        elif kind == "metrics":  # (advance, side bearing) per glyph: only indexed, and read through int()
            info[name] = _Pairs(get(spec["data"]["floats"]))
        elif kind == "map":
            info[name] = dict(zip(numbers(spec["keys"]), numbers(spec["values"]), strict=True))
        elif kind == "multimap":
            keys, lengths, flat = (numbers(spec[k]) for k in ("keys", "lengths", "values"))
            out, at = {}, 0
            for key, length in zip(keys, lengths, strict=True):
                out[key] = flat[at:at + length]
                at += length
            info[name] = out
        elif kind != "scale":
            raise ValueError(f"unknown kind {kind}")
    if "_pdfScale" in described:
        units = info["unitsPerEm"]
        factor = 1000 / units
        info["_pdfScale"] = (lambda x: x) if units == 1000 else (lambda x: x * factor)
    return info


class _Pairs:
    """A face's horizontal metrics, (advance, left side bearing) per glyph, read
    from a flat array when asked: reportlab only indexes them, when it
    subsets a font, and passes each number through int()."""

    __slots__ = ("_flat",)

    def __init__(self, flat: array):
        self._flat = flat

    def __len__(self) -> int:
        return len(self._flat) // 2

    def __getitem__(self, glyph: int) -> tuple[float, float]:
        if glyph < 0:
            glyph += len(self)
        if not 0 <= glyph < len(self):
            raise IndexError(glyph)
        return self._flat[2 * glyph], self._flat[2 * glyph + 1]

    def __iter__(self):
        flat = self._flat
        return iter(zip(flat[0::2], flat[1::2], strict=True))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (list, tuple, _Pairs)):
            return NotImplemented
        return list(self) == [tuple(float(x) for x in pair) for pair in other]


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = _cache_file(path).read_bytes()
        if not data.startswith(MAGIC):
            return None
        (size,) = struct.unpack_from("<I", data, len(MAGIC))
        start = len(MAGIC) + 4
        header = json.loads(data[start:start + size].decode("utf-8"))
        if header.get("key") != _key(path):
            return None
        return _decode(header["attributes"], data[start + size:])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, struct.error, UnicodeError):
        return None


def _write(path: Path, info: dict[str, Any]) -> None:
    from equitycohort.paths import replace_private

    try:
        described, blob = _encode(info)
        header = json.dumps({"key": _key(path), "attributes": described}).encode("utf-8")
        replace_private(_cache_file(path), MAGIC + struct.pack("<I", len(header)) + header + blob)
    except (OSError, ValueError, TypeError, OverflowError):
        pass  # a cache that cannot be written costs only time


@lru_cache(maxsize=1)
def _face_class() -> type:
    from reportlab.pdfbase.ttfonts import TTFontFace

    class CachedFace(TTFontFace):
        """reportlab's face, its parsed tables read from the cache when they are current."""

        def extractInfo(self, charInfo=1):  # noqa: N802 - reportlab's name
            path = Path(self.filename)
            cached = _read(path) if charInfo else None
            if cached is not None:
                self.__dict__.update(cached)
                return
            before = dict(self.__dict__)
            super().extractInfo(charInfo)
            if charInfo:  # what extractInfo set or changed
                _write(path, {k: v for k, v in self.__dict__.items()
                              if k not in before or before[k] is not v})

    return CachedFace


def load_font(name: str, path: Path):
    """A reportlab TTFont for ``path``, as ``TTFont(name, path)`` makes it, but
    with its parsed tables from the cache when they are current."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase import ttfonts

    font = ttfonts.TTFont.__new__(ttfonts.TTFont)
    # what TTFont.__init__ does, with our face (tests compare the two attribute by attribute)
    font.fontName = name
    font.face = _face_class()(str(path))
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in (ttfonts.unShapedFontGlob or ()))
    return font
