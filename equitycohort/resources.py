"""Files shipped with the app (fonts, icons), found beside the package or installed.

In a checkout or an editable install they are in ``resources/`` next to the
package; a regular install puts them under ``<prefix>/share/equitycohort/``;
a PyInstaller bundle carries them in ``resources/`` of its own folder
(``sys._MEIPASS``; inside a macOS .app that is ``Contents/Frameworks``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def _candidates() -> list[Path]:
    found = []
    if getattr(sys, "frozen", False):
        bundle = getattr(sys, "_MEIPASS", None) or Path(sys.executable).resolve().parent
        found.append(Path(bundle) / "resources")
    found.append(Path(__file__).resolve().parent.parent / "resources")
    found.append(Path(sys.prefix) / "share" / "equitycohort")
    return found


_CANDIDATES = tuple(_candidates())
RESOURCES = next((p for p in _CANDIDATES if (p / "fonts").is_dir()), _CANDIDATES[0])
#: the window icon at each size drawn for it (tools/make_icons.py makes them)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def resource_path(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


def icon_files() -> list[tuple[int, Path]]:
    """The app icon's PNG files with their sizes, smallest first."""
    return [(size, resource_path("icons", f"equitycohort-{size}.png")) for size in ICON_SIZES]
