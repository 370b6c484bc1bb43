"""What tells each system that a .ecw file is ours: kept in step with the app itself."""

from __future__ import annotations

import configparser
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from equitycohort import paths
from equitycohort.data.schema import APPLICATION_ID
from equitycohort.data.workspace import create_workspace

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"
MIME_TYPE = "application/x-equitycohort-workspace"


def test_the_mime_type_knows_workspaces_by_name_and_by_content(tmp_path):
    root = ET.parse(PACKAGING / "linux" / "equitycohort.xml").getroot()
    [entry] = root.findall(f"{MIME}mime-type")
    assert entry.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in entry.findall(f"{MIME}glob")] == [f"*{paths.WORKSPACE_SUFFIX}"]
    outer = entry.find(f"{MIME}magic/{MIME}match")
    inner = outer.find(f"{MIME}match")
    # the magic matches a real workspace's header, byte for byte
    ws = create_workspace(tmp_path / "x.ecw", with_framework=False)
    ws.close()
    header = (tmp_path / "x.ecw").read_bytes()[:100]
    value = outer.get("value").encode()
    assert header[int(outer.get("offset")):].startswith(value)
    assert inner.get("type") == "big32" and int(inner.get("value"), 16) == APPLICATION_ID
    offset = int(inner.get("offset"))
    assert int.from_bytes(header[offset:offset + 4], "big") == APPLICATION_ID


def test_the_menu_entry_opens_workspaces():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "linux" / "equitycohort.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["MimeType"] == f"{MIME_TYPE};"
    assert desktop["Exec"] == "@EXEC@ %f" and desktop["Icon"] == "equitycohort"
    assert desktop["StartupWMClass"] == "equitycohort"  # what Qt's xcb plugin names the window's class


def test_the_windows_installer_and_the_mac_app_declare_the_same_type():
    iss = (PACKAGING / "windows" / "equitycohort.iss").read_text(encoding="utf-8")
    assert 'Root: HKA; Subkey: "Software\\Classes\\.ecw\\OpenWithProgids"' in iss
    assert "PrivilegesRequired=lowest" in iss
    spec = (PACKAGING / "equitycohort.spec").read_text(encoding="utf-8")
    assert f'WORKSPACE_MIME = "{MIME_TYPE}"' in spec
    assert '"public.filename-extension": ["ecw"]' in spec


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")
def test_install_script_is_valid_shell():
    subprocess.run(["sh", "-n", str(PACKAGING / "linux" / "install.sh")], check=True)
    subprocess.run(["bash", "-n", str(PACKAGING / "build_linux.sh")], check=True)
