"""Smoke-test a built bundle the way a facilitator's machine would run it.

    python packaging/smoke_test.py --cli BUNDLE/equitycohort [--gui BUNDLE/equitycohort] [--x11]

Runs the bundle with an environment made from nothing (as ``env -i`` does):
a PATH holding no Python, no virtual environment, HOME and EQUITYCOHORT_HOME
in a new temporary folder, Qt offscreen. Checks ``--version``, ``--self-test``
(every line ok), ``--exit-after-startup`` on a fresh home (the default
workspace is created and opened) and on a demo workspace; with ``--x11`` also
on a real X server (Xvfb), which loads the xcb plugin and the X libraries the
bundle carries. ``--gui`` is the windowed program where it differs from the
command-line one (Windows). One line per check; exit 0 when all passed.

Only the standard library: it runs from any Python, the bundle needs none.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # seconds for one run; a hang is a failure, never a stuck CI


def expected_version() -> str:
    text = (ROOT / "equitycohort" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if not found:
        raise SystemExit("no __version__ in equitycohort/__init__.py")
    return found.group(1)


def clean_environment(tmp: Path) -> dict[str, str]:
    """The variables a bare session has, and nothing from this one."""
    empty_bin = tmp / "bin"
    empty_bin.mkdir(exist_ok=True)
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = {"PATH": str(empty_bin), "HOME": str(home), "EQUITYCOHORT_HOME": str(tmp / "app-home"),
           "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp), "TEMP": str(tmp), "TMP": str(tmp)}
    if os.name == "nt":
        # Windows needs these to start any process; none of them leads to a Python
        for name in ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC"):
            if name in os.environ:
                env[name] = os.environ[name]
        env["PATH"] = os.pathsep.join([str(empty_bin), os.path.join(os.environ.get("SYSTEMROOT", r"C:\Windows"),
                                                                      "System32")])
        env["USERPROFILE"] = str(home)
        env["LOCALAPPDATA"] = str(home / "AppData" / "Local")
        env["APPDATA"] = str(home / "AppData" / "Roaming")
    return env


class Smoke:
    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.failed = 0

    def report(self, ok: bool, what: str, detail: str = "") -> None:
        self.failed += 0 if ok else 1
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""), flush=True)

    def run(self, argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess | str:
        try:
            return subprocess.run(argv, env=env or self.env, cwd=self.cwd, capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return f"still running after {TIMEOUT} s (killed)"
        except OSError as exc:
            return f"could not start: {exc}"


def _tail(text: str, lines: int = 12) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def check_no_python(smoke: Smoke) -> None:
    path = smoke.env["PATH"]
    found = [name for name in ("python3", "python") if shutil.which(name, path=path)]
    if os.name == "posix" and not found:
        shell = smoke.run(["/bin/sh", "-c", "command -v python3 || command -v python"])
        if isinstance(shell, str) or shell.returncode == 0:
            found.append(shell if isinstance(shell, str) else shell.stdout.strip())
    smoke.report(not found, "environment without Python",
                 f"PATH={path}" + (f"; found {', '.join(found)}" if found else "; `command -v python3` fails"))


def check_version(smoke: Smoke, cli: Path) -> None:
    result = smoke.run([str(cli), "--version"])
    want = f"equitycohort {expected_version()}"
    if isinstance(result, str):
        smoke.report(False, "--version", result)
    else:
        smoke.report(result.returncode == 0 and result.stdout.strip() == want, "--version",
                     result.stdout.strip() or _tail(result.stderr))


def check_self_test(smoke: Smoke, cli: Path) -> None:
    result = smoke.run([str(cli), "--self-test"])
    if isinstance(result, str):
        smoke.report(False, "--self-test", result)
        return
    lines = result.stdout.strip().splitlines()
    for line in lines:
        print(f"     | {line}")
    bundled = any(line.startswith("ok  runtime:") and "bundle in" in line for line in lines)
    ok = result.returncode == 0 and lines and all(line.startswith("ok  ") for line in lines) and bundled
    smoke.report(bool(ok), "--self-test", f"{len(lines)} checks" + ("" if bundled else ", not run from a bundle")
                 + (f"; stderr: {_tail(result.stderr)}" if not ok and result.stderr.strip() else ""))


def _log(env: dict[str, str]) -> str:
    log = Path(env["EQUITYCOHORT_HOME"]) / "logs" / "equitycohort.log"
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def check_startup(smoke: Smoke, gui: Path, what: str, args: list[str], env: dict[str, str]) -> None:
    before = len(_log(env))
    result = smoke.run([str(gui), *args, "--exit-after-startup"], env)
    log = _log(env)[before:]
    if isinstance(result, str):
        smoke.report(False, what, f"{result}; log: {_tail(log)}")
        return
    opened = "(opened: True)" in log
    problems = [line for line in log.splitlines() if " ERROR " in line or " CRITICAL " in line]
    ok = result.returncode == 0 and opened and not problems
    detail = "window painted with its workspace" if ok else (
        f"exit {result.returncode}; log: {_tail(log)}; stderr: {_tail(result.stderr)}")
    smoke.report(ok, what, detail)


def check_fresh_start(smoke: Smoke, gui: Path) -> None:
    check_startup(smoke, gui, "--exit-after-startup on a fresh home", [], smoke.env)
    default = Path(smoke.env["EQUITYCOHORT_HOME"]) / "data" / "My programs.ecw"
    smoke.report(default.is_file(), "default workspace created", str(default))


def check_demo(smoke: Smoke, cli: Path, gui: Path) -> None:
    demo = smoke.cwd / "demo.ecw"
    result = smoke.run([str(cli), "demo", str(demo)])
    if isinstance(result, str) or result.returncode != 0:
        smoke.report(False, "demo workspace", result if isinstance(result, str) else _tail(result.stderr))
        return
    check_startup(smoke, gui, "--exit-after-startup on a demo workspace", [str(demo)], smoke.env)


def _start_xvfb(tmp: Path) -> tuple[subprocess.Popen, str] | str:
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        return "Xvfb is not installed"
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        return "Xvfb did not start"
    return server, f":{number}"


def check_x11(smoke: Smoke, gui: Path, tmp: Path) -> None:
    started = _start_xvfb(tmp)
    if isinstance(started, str):
        smoke.report(False, "--exit-after-startup on X11", started)
        return
    server, display = started
    try:
        env = {**smoke.env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        check_startup(smoke, gui, f"--exit-after-startup on X11 (Xvfb {display}, xcb plugin)", [], env)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True, type=Path, help="the bundle's command-line program")
    parser.add_argument("--gui", type=Path, help="the windowed program, if another file (default: --cli)")
    parser.add_argument("--x11", action="store_true", help="also start on an X server (Xvfb), Linux")
    args = parser.parse_args(argv)
    cli = args.cli.resolve()
    gui = (args.gui or args.cli).resolve()
    for program in {cli, gui}:
        if not program.is_file():
            print(f"FAIL no such program: {program}")
            return 1
    with tempfile.TemporaryDirectory(prefix="equitycohort-smoke-", ignore_cleanup_errors=True) as name:
        tmp = Path(name)
        smoke = Smoke(clean_environment(tmp), tmp)
        print(f"smoke test of {cli}" + (f" and {gui}" if gui != cli else ""), flush=True)
        check_no_python(smoke)
        check_version(smoke, cli)
        check_self_test(smoke, cli)
        check_fresh_start(smoke, gui)
        check_demo(smoke, cli, gui)
        if args.x11:
            check_x11(smoke, gui, tmp)
    print(f"smoke test: {'all passed' if not smoke.failed else f'{smoke.failed} failed'}", flush=True)
    return 1 if smoke.failed else 0


if __name__ == "__main__":
    sys.exit(main())
