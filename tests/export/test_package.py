"""The export package loads a kind of export only when it is asked for (start-up of `export workplan`)."""

from __future__ import annotations

import ast
import subprocess
import sys

import equitycohort.export as export


def test_every_public_name_resolves():
    for name in export.__all__:
        assert getattr(export, name) is not None, name
    assert set(export.__all__) == set(export._EXPORTS)
    assert set(export.__all__) <= set(dir(export))


def test_a_workplan_export_loads_only_what_it_needs():
    code = ("import sys; from equitycohort.export import export_workplan; "
            "print(sorted(m for m in sys.modules if m.startswith('equitycohort.export')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = ast.literal_eval(out)
    assert "equitycohort.export.workplan" in loaded
    for other in ("calendar", "roster", "packets", "cohort", "checkins", "session"):
        assert f"equitycohort.export.{other}" not in loaded
