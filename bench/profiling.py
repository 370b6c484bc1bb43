"""Short, factual summaries of where a benchmark's time goes.

Two sources, both in the standard library:

- ``python -X importtime``: the self time of every import, added up per
  top-level package;
- ``cProfile``: time spent *in* functions (tottime), added up per package
  (or per built-in function), and the project's own functions with the most
  cumulative time.

Shares are of the profiled run, which is slower than an unprofiled one.
"""

from __future__ import annotations

import pstats
import re
import sysconfig
from collections import defaultdict
from pathlib import Path

_STDLIB = str(Path(sysconfig.get_paths()["stdlib"]))
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def import_times(stderr: str) -> tuple[float, list[tuple[str, float]]]:
    """Total import time (s) and self time per top-level package (s), biggest first."""
    per_package: dict[str, float] = defaultdict(float)
    total = 0.0
    for line in stderr.splitlines():
        m = _IMPORT_LINE.match(line)
        if not m:
            continue
        self_us = int(m.group(1))
        top = m.group(4).split(".")[0]
        if top == "equitycohort":
            parts = m.group(4).split(".")
            top = ".".join(parts[:2])
        per_package[top] += self_us / 1e6
        total += self_us / 1e6
    return total, sorted(per_package.items(), key=lambda kv: -kv[1])


def _group(filename: str, name: str) -> str:
    """The package a profiled function belongs to (built-ins stand for themselves)."""
    if filename == "~":
        return name  # e.g. {method 'execute' of 'sqlite3.Cursor' objects}
    if filename.startswith("<frozen"):
        return "import machinery (<frozen importlib>)"
    path = filename.replace("\\", "/")
    if "/site-packages/" in path:
        top = path.split("/site-packages/", 1)[1].split("/")[0]
        return top.removesuffix(".py")
    if "/equitycohort/" in path:
        rest = path.rsplit("/equitycohort/", 1)[1]
        parts = rest.removesuffix(".py").split("/")
        return "equitycohort." + ".".join(parts[:2] if len(parts) > 1 else parts)
    if "/bench/" in path:
        return "bench (the harness)"
    if path.startswith(_STDLIB):
        rest = path[len(_STDLIB):].lstrip("/")
        return "stdlib " + rest.split("/")[0].removesuffix(".py")
    return path


def _label(func: tuple) -> str:
    filename, line, name = func
    path = filename.replace("\\", "/")
    if filename == "~":
        return name
    if name in ("_find_and_load", "_handle_fromlist") and filename.startswith("<frozen"):
        return f"imports ({name})"
    if "/equitycohort/" in path:
        return f"{path.rsplit('/equitycohort/', 1)[1]}:{line} {name}"
    if "/site-packages/" in path:
        return f"{path.split('/site-packages/', 1)[1]}:{line} {name}"
    if path.startswith(_STDLIB):
        return f"{path[len(_STDLIB):].lstrip('/')}:{line} {name}"
    return f"{path}:{line} {name}"


def profile_summary(prof_path: str | Path, top: int = 6, breakdown: str | None = None) -> list[str]:
    """Markdown lines: time by package, the heaviest functions, the project's heaviest calls.

    ``breakdown`` names a project function whose direct callees are listed
    with their cumulative time (where that function's time goes).
    """
    stats = pstats.Stats(str(prof_path))
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values()) or 1e-9

    def share(t: float) -> str:
        return f"{t:.3f} s ({100 * t / total:.0f}%)"

    groups: dict[str, float] = defaultdict(float)
    ours = []
    for func, (_cc, _nc, tt, ct, _callers) in raw.items():
        groups[_group(func[0], func[2])] += tt
        # the project's own calls, leaving out the chain every run goes through (main, the command)
        if "/equitycohort/" in func[0].replace("\\", "/") and ct < 0.9 * total:
            ours.append((ct, func))
    lines = [f"- profiled run: {total:.3f} s in total. Time spent *in* each package (tottime):"]
    for group, tt in sorted(groups.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  - {_code(group)}: {share(tt)}")
    heavy = sorted(raw.items(), key=lambda kv: -kv[1][2])[:top]
    lines.append("- the functions with the most time of their own (tottime):")
    for func, v in heavy:
        lines.append(f"  - `{_label(func)}`: {share(v[2])}")
    if breakdown:
        target = next((f for f in raw if f[2] == breakdown and "/equitycohort/" in f[0].replace("\\", "/")), None)
        if target is not None:
            callees = []
            for func, (_cc, _nc, _tt, _ct, callers) in raw.items():
                if target in callers:
                    callees.append((callers[target][3], func))
            callees.sort(reverse=True)
            lines.append(f"- inside `{breakdown}` ({share(raw[target][3])}), its direct calls (cumulative):")
            for ct, func in callees[:top]:
                lines.append(f"  - `{_label(func)}`: {share(ct)}")
    ours.sort(reverse=True)
    if ours:
        lines.append("- the project's calls with the most cumulative time:")
        for ct, func in ours[:top]:
            lines.append(f"  - `{_label(func)}`: {share(ct)}")
    return lines


def import_summary(stderr: str, top: int = 8) -> list[str]:
    total, per_package = import_times(stderr)
    if not per_package:
        return []
    lines = [f"- a run with `-X importtime` spent {total:.3f} s importing modules; their self time by "
             "top-level package:"]
    for package, seconds in per_package[:top]:
        lines.append(f"  - `{package}`: {seconds:.3f} s ({100 * seconds / total:.0f}% of imports)")
    return lines


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else text
