"""Size and start-up time of a built bundle, against the development install.

    python packaging/measure.py --bundle BUNDLE/equitycohort [--archive FILE.tar.gz]
                                [--dev .venv/bin/python] [--runs 7]

Start-up is the wall-clock time of ``--exit-after-startup`` (the window opens,
paints with its data, and the process exits) on a one-cohort demo workspace,
offscreen: the bundle and ``python -m equitycohort`` take turns, round after
round, after one untimed warm-up each, and the median is reported. Size is
the bundle folder on disk (as ``du`` counts it) and the archive's file size.
Standard library only; prints a small table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def folder_size(folder: Path) -> int:
    """Bytes on disk, as ``du`` counts them (hard links once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in folder.rglob("*"):
        st = path.lstat()
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        total += getattr(st, "st_blocks", 0) * 512 or st.st_size
    return total


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", required=True, type=Path, help="the bundle's program")
    parser.add_argument("--archive", type=Path, help="the archive the bundle ships in")
    parser.add_argument("--dev", type=Path, help="the development install's Python (e.g. .venv/bin/python)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    rows = [("bundle folder", mib(folder_size(bundle.parent)))]
    if args.archive:
        rows.append((f"archive ({args.archive.name})", mib(args.archive.stat().st_size)))

    with tempfile.TemporaryDirectory(prefix="equitycohort-measure-") as tmp:
        env = {**os.environ, "EQUITYCOHORT_HOME": str(Path(tmp) / "home"), "QT_QPA_PLATFORM": "offscreen"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # the development install runs with its bytecode cached, as users' do
        demo = Path(tmp) / "demo.ecw"
        subprocess.run([str(bundle), "demo", str(demo)], env=env, check=True, stdout=subprocess.DEVNULL)
        cases = {"bundle": [str(bundle), str(demo), "--exit-after-startup"]}
        if args.dev:
            cases["development install"] = [str(args.dev), "-m", "equitycohort", str(demo), "--exit-after-startup"]
        first = {name: timed(command, env) for name, command in cases.items()}  # warm-up, also the first run
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _round in range(args.runs):
            for name, command in cases.items():
                times[name].append(timed(command, env))
    for name, values in times.items():
        rows.append((f"start-up, {name} (median of {len(values)})",
                     f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, "
                     f"max {max(values) * 1000:.0f}; first run {first[name] * 1000:.0f})"))
    if len(times) == 2:
        ratio = statistics.median(times["bundle"]) / statistics.median(times["development install"])
        rows.append(("start-up, bundle / development install", f"{ratio:.2f}x"))
    width = max(len(what) for what, _ in rows)
    for what, value in rows:
        print(f"{what:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
