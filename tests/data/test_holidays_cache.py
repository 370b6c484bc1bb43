"""The US holidays kept between runs: the same answers as the holidays package, read back
without loading it, and never trusted when stale or damaged."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import pytest

from equitycohort.data import holidays_cache
from equitycohort.data.schedule import holiday_on


@pytest.fixture(autouse=True)
def fresh():
    holidays_cache.forget()
    yield
    holidays_cache.forget()


def package_answer(year: int) -> dict[dt.date, str]:
    import holidays

    return dict(holidays.country_holidays("US", years=year))


def no_package(monkeypatch):
    """Fail the test if the package is asked (the answer must come from the cache)."""
    def refuse(year):
        raise AssertionError(f"the holidays package was asked for {year}")
    monkeypatch.setattr(holidays_cache, "_compute", refuse)


def test_a_year_is_asked_of_the_package_once_then_read_back(monkeypatch):
    first = holidays_cache.us_holidays(2027)
    assert first == package_answer(2027)
    assert first[dt.date(2027, 11, 25)] == "Thanksgiving Day"
    saved = json.loads(holidays_cache.cache_file().read_text(encoding="utf-8"))
    assert saved["key"] == holidays_cache.package_key()
    assert saved["years"]["2027"]["2027-07-05"] == "Independence Day (observed)"

    holidays_cache.forget()  # as the next run of the app
    no_package(monkeypatch)
    assert holidays_cache.us_holidays(2027) == first
    assert holiday_on(dt.date(2027, 7, 5)) == "Independence Day (observed)"


def test_the_cache_is_private():
    holidays_cache.us_holidays(2026)
    path = holidays_cache.cache_file()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_another_version_of_the_package_asks_again(monkeypatch):
    holidays_cache.us_holidays(2026)
    holidays_cache.forget()
    monkeypatch.setattr(holidays_cache, "package_key", lambda: "1:elsewhere/version.py:10:20")
    asked = []
    real = holidays_cache._compute
    monkeypatch.setattr(holidays_cache, "_compute", lambda year: asked.append(year) or real(year))
    assert holidays_cache.us_holidays(2026) == package_answer(2026)
    assert asked == [2026]


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b"[1, 2]", b'{"key": 1}',
                                     b'{"key": "KEY", "years": {"2026": {"not a date": "X"}}}',
                                     b'{"key": "KEY", "years": {"2026": "not a table"}}'])
def test_a_damaged_cache_is_ignored(content):
    key = holidays_cache.package_key()
    path = holidays_cache.cache_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.replace(b"KEY", json.dumps(key).strip('"').encode()))
    assert holidays_cache.us_holidays(2026) == package_answer(2026)
    assert json.loads(path.read_text(encoding="utf-8"))["years"]["2026"]["2026-12-25"] == "Christmas Day"


def test_an_unwritable_cache_costs_only_time(monkeypatch, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(holidays_cache, "cache_file", lambda: blocked / "us-holidays.json")
    assert holidays_cache.us_holidays(2026) == package_answer(2026)


def test_in_a_bundle_the_executable_stands_for_the_package(monkeypatch, tmp_path):
    executable = tmp_path / "equitycohort"
    executable.write_bytes(b"bundle 1")
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.executable", str(executable))
    first = holidays_cache.package_key()
    assert first is not None and "bundle" in first
    executable.write_bytes(b"bundle 2, rebuilt")
    assert holidays_cache.package_key() != first
