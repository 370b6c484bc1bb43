"""Search results read as a facilitator expects: US dates, matched words marked for bold, never odd marks."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from equitycohort.data.search import MATCH_START
from equitycohort.ui.search import MARKED_ROLE
from equitycohort.ui.views.base import tree_rows


def results(window, text: str) -> list[tuple[str, str, str]]:
    window.search_everything()
    window.search_field.setText(text)
    window.search.run()
    tree = window.search_results.tree
    return [(child.text(0), child.text(1), child.data(1, MARKED_ROLE) or "")
            for _top, children in tree_rows(tree) for child in children]


def test_check_ins_are_named_by_their_date_the_us_way_and_matches_are_marked(demo_window):
    rows = results(demo_window, "capacity")
    assert rows
    checkins = [name for name, _, _ in rows if name.startswith("Check-in")]
    assert checkins and all(re.match(r"Check-in of [A-Z][a-z]{2} \d{1,2}, \d{4} · ", n) for n in checkins)
    for _name, shown, marked in rows:
        assert MATCH_START not in shown and "«" not in shown  # the text itself is plain
        if marked:
            assert MATCH_START in marked and "capacit" in marked.lower()


def test_a_result_opens_once(demo_window, monkeypatch):
    opened = []
    monkeypatch.setattr(demo_window, "open_record", lambda kind, rid: opened.append((kind, rid)))
    results(demo_window, "capacity")
    tree = demo_window.search_results.tree
    first = next(children[0] for _top, children in tree_rows(tree) if children)
    tree.setCurrentItem(first)
    tree.itemActivated.emit(first, 0)
    assert len(opened) == 1
    assert first.data(0, Qt.ItemDataRole.UserRole + 11) == opened[0]
