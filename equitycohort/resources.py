"""Files shipped with the app (fonts), found beside the package or installed.

In a checkout or an editable install they are in ``resources/`` next to the
package; a regular install puts them under ``<prefix>/share/equitycohort/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "resources",
    Path(sys.prefix) / "share" / "equitycohort",
)
RESOURCES = next((p for p in _CANDIDATES if (p / "fonts").is_dir()), _CANDIDATES[0])


def resource_path(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)
