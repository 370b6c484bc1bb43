"""The shape of the code: the UI holds no SQL and no rules, and stays in files about one thing.

These read the source, so they fail the moment someone writes a query in a
dialog or lets a screen module grow back into a thousand lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "equitycohort"
UI = PACKAGE / "ui"

#: reading or writing the workspace other than through the data layer's functions
RAW_ACCESS = {"query", "rows", "scalar", "conn", "operation", "execute", "executemany", "insert", "update",
              "delete", "bulk_load", "count", "_write_row"}
SQL = re.compile(r"\b(SELECT\s.+\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|PRAGMA)\b",
                 re.DOTALL)

#: a module over this many lines is doing more than one thing
MAX_LINES = 520


def ui_modules() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def test_no_sql_and_no_raw_workspace_access_under_ui():
    found = []
    for path in ui_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: SQL in a string")
            if isinstance(node, ast.Attribute) and node.attr in RAW_ACCESS:
                owner = node.value
                # ws.query(...), self.ws.rows(...), window.ws.scalar(...)
                name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
                if name in ("ws", "workspace"):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: ws.{node.attr}")
    assert not found, "the UI reads and writes only through the data layer's functions:\n" + "\n".join(found)


def test_the_check_above_catches_what_it_is_meant_to():
    sample = ast.parse('ws.query("SELECT id FROM teams")\nself.ws.operation("x")\nself.ws.get("teams", i)')
    hits = [n.attr for n in ast.walk(sample) if isinstance(n, ast.Attribute) and n.attr in RAW_ACCESS]
    assert hits == ["query", "operation"]
    assert SQL.search("SELECT id FROM teams") and not SQL.search("Select a team from the list")


def test_no_ui_module_is_over_about_500_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in ui_modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these into a package of files about one thing each: {long}"


def test_message_boxes_are_made_only_by_the_dialogs_module():
    """So every one shows user text as plain text (``dialogs.message_box``)."""
    found = [str(p.relative_to(PACKAGE)) for p in ui_modules()
             if p.name != "dialogs.py" and re.search(r"QMessageBox\s*\(|QMessageBox\.(information|warning|critical|"
                                                     r"question)\(", p.read_text(encoding="utf-8"))]
    assert not found, found
