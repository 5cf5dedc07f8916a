"""Benchmarks for start-up time and one analysis. Run: python benchmarks/bench_core.py [--runs N].

Prints medians (and min/max) of wall-clock time over N runs. Not a test: numbers depend on the machine;
compare ratios (e.g. start-up against a bare `python -c pass`) rather than absolute times.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "examples" / "alex-pro10.yaml"


def _time_command(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def _time_call(func, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def _report(name: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(
        f"{name:<46} median {median * 1000:8.1f} ms   (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={len(times)})"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    print(f"python {sys.version.split()[0]} on {sys.platform}; {args.runs} runs each\n")
    base = _report("python -c pass (interpreter floor)", _time_command([py, "-c", "pass"], args.runs))
    imp = _report("python -c 'import careergap'", _time_command([py, "-c", "import careergap"], args.runs))
    ver = _report("careergap --version", _time_command([py, "-m", "careergap", "--version"], args.runs))
    lst = _report(
        "careergap roles list (loads the library)",
        _time_command([py, "-m", "careergap", "roles", "list"], args.runs),
    )
    ana = _report(
        "careergap analyse examples/alex-pro10.yaml",
        _time_command([py, "-m", "careergap", "analyse", str(PROFILE)], args.runs),
    )

    from careergap.analysis import Analyser
    from careergap.library import load_library
    from careergap.profiles import load_profile

    load = _report("in-process: load + validate library", _time_call(load_library, args.runs))
    library = load_library()
    build = _report("in-process: build phrase index", _time_call(lambda: Analyser(library), args.runs))
    analyser = Analyser(library)
    profile = load_profile(PROFILE)
    one = _report(
        "in-process: one analysis (warm index)",
        _time_call(lambda: analyser.analyse(profile, "council-pro11"), args.runs * 4),
    )
    match = _report(
        "in-process: match against all roles", _time_call(lambda: analyser.match(profile), args.runs * 4)
    )
    print()
    print(
        f"start-up ratios to the interpreter floor: import {imp / base:.1f}x, --version {ver / base:.1f}x, "
        f"roles list {lst / base:.1f}x, analyse {ana / base:.1f}x"
    )
    print(
        f"library load {load * 1000:.0f} ms + index {build * 1000:.0f} ms; one analysis {one * 1000:.2f} ms; "
        f"match all {match * 1000:.2f} ms"
    )


if __name__ == "__main__":
    main()
