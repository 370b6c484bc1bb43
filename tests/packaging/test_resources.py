"""Shipped files are found in a checkout, in a regular install and inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from equitycohort import resources


def test_a_bundle_looks_in_its_own_folder_first(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    found = resources._candidates()
    assert found[0] == tmp_path / "resources"
    assert found[1] == Path(resources.__file__).resolve().parent.parent / "resources"


def test_outside_a_bundle_the_checkout_comes_first(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    found = resources._candidates()
    assert found[0].name == "resources" and (found[0] / "fonts" / "DejaVuSans.ttf").is_file()
    assert found[0] == resources.RESOURCES


def test_every_window_icon_file_exists():
    for size, path in resources.icon_files():
        assert path.is_file(), path
        assert path.name == f"equitycohort-{size}.png"
