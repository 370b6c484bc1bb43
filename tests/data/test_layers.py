"""The data layer and the command line's data commands import no Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

NO_QT = """
import importlib, importlib.util, sys
modules = ["equitycohort.data", "equitycohort.data.workspace", "equitycohort.data.maintenance",
           "equitycohort.cli"]
if importlib.util.find_spec("equitycohort.data.demo") is not None:
    modules.append("equitycohort.data.demo")
import pkgutil, equitycohort.data
modules += [m.name for m in pkgutil.iter_modules(equitycohort.data.__path__, "equitycohort.data.")]
for name in modules:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.startswith("PySide6") or m.startswith("equitycohort.ui"))
assert not qt, qt
print(len(modules), "modules, no Qt")
"""


def test_data_layer_imports_no_qt():
    done = subprocess.run([sys.executable, "-c", NO_QT], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no Qt" in done.stdout


def test_import_linter_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.exists(), "import-linter is not installed in the test environment"
    done = subprocess.run([str(lint_imports), "--no-cache"], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "The data layer never imports Qt KEPT" in done.stdout
