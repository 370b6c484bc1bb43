"""Fixtures for the export tests: a small built cohort and PDF text extraction."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.export.builders import build_cohort

TODAY = dt.date(2026, 3, 3)


@pytest.fixture
def built(ws):
    """Iowa (with the tricky names) and Minnesota in detail, plus two plain teams."""
    return build_cohort(ws, tricky=True, extra_states=("WI", "CO"))


def pdf_text(path: Path) -> str:
    """Everything a reader could copy out of a PDF, whitespace normalised."""
    from pypdf import PdfReader

    with open(path, "rb") as handle:
        reader = PdfReader(handle)
        text = " ".join(page.extract_text() or "" for page in reader.pages)
    return normalise(text)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(path: Path) -> list:
    from pypdf import PdfReader

    with open(path, "rb") as handle:
        reader = PdfReader(handle)
        return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def pdf_metadata(path: Path) -> tuple[dict, str | None]:
    from pypdf import PdfReader

    with open(path, "rb") as handle:
        reader = PdfReader(handle)
        meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
        lang = reader.trailer["/Root"].get("/Lang")
        return meta, str(lang) if lang is not None else None
