"""US federal holidays, kept between runs so a schedule need not load the holidays package.

The ``holidays`` package answers which days are US federal holidays (observed
days included), but loading it costs about a tenth of a second: its import and
the US calendar's own. The Schedule screen and the Plan sessions preview ask
for a year's holidays the moment they open, so the answers are kept in the
user's cache folder, one small JSON file, and the package is loaded only for a
year not asked about before.

Safe by construction, like the font cache (``export/fontcache.py``):
- the file holds dates and names only, read with ``json``;
- it is keyed by this format's version and the installed package's
  ``version.py`` (its path, size and time; in a bundle, the bundle's
  executable): a new version of the package computes every year anew;
- it is written to a temporary name and renamed, readable by the user only;
- anything unreadable, stale or unexpected is ignored, and the year is asked of
  the package as before. The cache only ever saves time.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

FORMAT = 1
FILE_NAME = "us-holidays.json"

_lock = threading.Lock()
_years: dict[int, dict[dt.date, str]] = {}
_stored: dict[str, dict[str, str]] | None = None  # the file's years, once read


def cache_file() -> Path:
    from equitycohort.paths import cache_dir

    return cache_dir() / FILE_NAME


def package_key() -> str | None:
    """The installed holidays package, found without importing it; None when it cannot be found.

    In a bundle the package lies in the bundle's archive, not in files of its own: the
    bundle's executable stands for it (a new bundle is a new executable)."""
    import importlib.util
    import sys

    try:
        if getattr(sys, "frozen", False):
            executable = Path(sys.executable)
            stat = executable.stat()
            return f"{FORMAT}:bundle:{executable}:{stat.st_size}:{stat.st_mtime_ns}"
        spec = importlib.util.find_spec("holidays")
        if spec is None or not spec.origin:
            return None
        version = Path(spec.origin).with_name("version.py")
        stat = version.stat()
    except (ImportError, OSError, ValueError):
        return None
    return f"{FORMAT}:{version}:{stat.st_size}:{stat.st_mtime_ns}"


def _compute(year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("US", years=year))


def _read(key: str | None) -> dict[str, dict[str, str]]:
    if key is None:
        return {}
    try:
        data = json.loads(cache_file().read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("years"), dict):
            return {}
        return {str(year): {str(day): str(name) for day, name in days.items()}
                for year, days in data["years"].items() if isinstance(days, dict)}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _write(key: str | None, years: dict[str, dict[str, str]]) -> None:
    from equitycohort.paths import replace_private

    if key is None:
        return
    try:
        text = json.dumps({"key": key, "years": years}, ensure_ascii=False, sort_keys=True)
        replace_private(cache_file(), text.encode("utf-8"))
    except (OSError, ValueError, TypeError):
        pass  # a cache that cannot be written costs only time


def us_holidays(year: int) -> dict[dt.date, str]:
    """The US federal holidays of ``year`` by date, named as the holidays package names them."""
    global _stored
    with _lock:
        if year in _years:
            return _years[year]
        key = package_key()
        if _stored is None:
            _stored = _read(key)
        kept = _stored.get(str(year))
        days: dict[dt.date, str] | None = None
        if kept is not None:
            try:
                days = {dt.date.fromisoformat(day): name for day, name in kept.items()}
            except ValueError:
                days = None
        if days is None:
            days = _compute(year)
            _stored[str(year)] = {day.isoformat(): name for day, name in days.items()}
            _write(key, _stored)
        _years[year] = days
        return days


def forget() -> None:
    """Read the cache file again at the next question (tests)."""
    global _stored
    with _lock:
        _years.clear()
        _stored = None
