"""`equitycohort --self-test`: one line per check, exit 0 only when every check passed."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from equitycohort import selftest
from equitycohort.export import pdf

CHECKS = ["runtime", "fonts", "translations", "workspace", "pdf", "calendar", "changes", "qt", "icon"]


def run() -> tuple[int, list[str]]:
    out = io.StringIO()
    code = selftest.run_self_test(out)
    return code, out.getvalue().splitlines()


def mo_file(path: Path, messages: dict[str, str], language: str) -> Path:
    """A gettext catalog written byte by byte (GNU .mo, little-endian), as msgfmt would."""
    entries = {"": f"Content-Type: text/plain; charset=UTF-8\nLanguage: {language}\n", **messages}
    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    start = 28 + 16 * len(keys)
    data = b""
    originals, translations = [], []
    for blob, table in [(b, originals) for b in ids] + [(b, translations) for b in strs]:
        table.append((len(blob), start + len(data)))
        data += blob + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    tables = b"".join(struct.pack("<2I", *e) for e in originals + translations)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + data)
    return path


def test_every_check_passes_in_the_development_install(qapp, app_home):
    code, lines = run()
    assert code == 0, lines
    assert [line.split(":")[0] for line in lines] == [f"ok  {name}" for name in CHECKS]
    text = "\n".join(lines)
    assert f"not bundled: installed in {sys.prefix}" in text
    assert re.search(r"translations: es \(equitycohort\.mo, \d{3,} messages; qtbase_es\.qm; "
                     r"martes, 9 de marzo de 2027\)", text), text
    assert "DejaVuSans" in text and "DroidSansFallback" in text and "Symbola" in text  # embedded in the PDF
    # the user's own folders were never touched: everything went to a temporary folder
    assert os.environ["EQUITYCOHORT_HOME"] == str(app_home)
    assert list(app_home.iterdir()) == []


def test_the_command_prints_one_line_per_check_and_exits_0(tmp_path):
    env = {**os.environ, "EQUITYCOHORT_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "xcb", "DISPLAY": ""}
    result = subprocess.run([sys.executable, "-m", "equitycohort", "--self-test"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"ok  {name}" for name in CHECKS]
    assert "offscreen platform" in result.stdout  # no display needed, whatever QT_QPA_PLATFORM says
    assert not (tmp_path / "home").exists()


def test_missing_fonts_fail_that_check_and_the_exit_code(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    code, lines = run()
    assert code == 1
    failed = [line for line in lines if line.startswith("FAIL")]
    assert len(failed) == 1 and failed[0].startswith("FAIL fonts: missing from")
    assert "DejaVuSans.ttf" in failed[0] and "Symbola.ttf" in failed[0]
    assert len(lines) == len(CHECKS)  # the other checks still ran


def test_a_shipped_catalog_is_loaded_with_qts_own(qapp, monkeypatch, tmp_path):
    mo_file(tmp_path / "es" / "LC_MESSAGES" / "equitycohort.mo",
            {"Save": "Guardar", "Cancel": "Cancelar"}, "es")
    monkeypatch.setattr(selftest, "locale_dir", lambda: tmp_path)
    code, lines = run()
    assert code == 0, lines
    assert "ok  translations: es (equitycohort.mo, 2 messages; qtbase_es.qm; martes, 9 de marzo de 2027)" in lines


@pytest.mark.parametrize("problem", ["damaged", "wrong language", "no Qt catalog"])
def test_a_bad_catalog_fails_the_translations_check(qapp, monkeypatch, tmp_path, problem):
    language = "xx" if problem == "no Qt catalog" else "es"
    path = mo_file(tmp_path / language / "LC_MESSAGES" / "equitycohort.mo", {"Save": "Guardar"},
                   "fr" if problem == "wrong language" else language)
    if problem == "damaged":
        path.write_bytes(path.read_bytes()[:20])
    monkeypatch.setattr(selftest, "locale_dir", lambda: tmp_path)
    code, lines = run()
    assert code == 1
    [line] = [line for line in lines if "translations" in line]
    expected = {"damaged": "FAIL translations: es/LC_MESSAGES/equitycohort.mo cannot be read",
                "wrong language": "FAIL translations: es/LC_MESSAGES/equitycohort.mo says it is in 'fr', not 'es'",
                "no Qt catalog": "FAIL translations: xx: Qt's own catalog (qtbase_xx.qm) is missing"}[problem]
    assert line.startswith(expected), line


def test_a_check_that_fails_skips_the_checks_that_need_it(qapp, monkeypatch):
    def broken(ctx):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(selftest, "CHECKS", tuple((name, broken if name == "workspace" else check)
                                                  for name, check in selftest.CHECKS))
    code, lines = run()
    assert code == 1
    assert "FAIL workspace: OSError: [Errno 28] No space left on device" in lines
    assert "FAIL pdf: skipped: the workspace check failed" in lines
    assert "FAIL calendar: skipped: the workspace check failed" in lines
    assert all("Traceback" not in line for line in lines)


def test_a_bundle_that_reaches_outside_its_folder_fails(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "path", [str(tmp_path / "base_library.zip"), "/usr/lib/python3/dist-packages"])
    with pytest.raises(selftest.CheckFailed, match="outside its folder: /usr/lib/python3/dist-packages"):
        selftest.check_runtime(selftest.Context(tmp_path))
    monkeypatch.setattr(sys, "path", [str(tmp_path / "base_library.zip"), str(tmp_path)])
    assert selftest.check_runtime(selftest.Context(tmp_path)).endswith(f"bundle in {tmp_path.resolve()}")
