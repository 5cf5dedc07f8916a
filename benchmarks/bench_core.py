"""Start-up and one analysis, as whole processes, against the import floor. Run: python benchmarks/bench_core.py.

The floor is a process that imports what careergap is built on and nothing else:
`python -c "import typer, rich.console, rich.table, pydantic, yaml, rapidfuzz"`. Each round runs the floor and every
command once, one after the other (paired, in a shuffled order), so that load from other processes hits them alike;
each command's ratio to the floor is taken per round and the median of the rounds is printed (with the median
times). Goals (issue 13): `--version` <= 0.5x the floor; `analyse` and `match` on examples/alex-pro10.yaml <= 1.3x.

Reference processes (no goal) make the composition visible: the floor plus one pydantic model built and used (what
validating a profile with pydantic costs before careergap does anything: the floor's `import pydantic` is lazy), and
the floor plus every module `analyse` imports (careergap's models, the typer app and the renderers; no work done).

The commands run with the compiled library cache in a fresh temporary folder (built by a warm-up run, as a user's
first run builds it), and once more with the cache turned off (CAREERGAP_NO_CACHE=1) to show what it saves.
Python writes its bytecode caches as for a user (PYTHONDONTWRITEBYTECODE is removed from the children's environment:
with it, every run would recompile careergap from source). Then, in-process, where the time of one analysis goes: one `analyse` run step by step in fresh processes (each step's
first call, as a user's run makes it), and the steps' medians over repeated calls.

Not a test: numbers depend on the machine and its load (printed). Compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "examples" / "alex-pro10.yaml"
FLOOR = "import typer, rich.console, rich.table, pydantic, yaml, rapidfuzz"
GOALS = {"--version": 0.5, "analyse": 1.3, "match": 1.3}
# Reference processes, each the floor plus one layer of what `analyse` needs (no goal: they show the composition).
ONE_MODEL = FLOOR + "\nfrom pydantic import BaseModel\nclass One(BaseModel):\n    name: str\nOne(name='x')"
ANALYSE_IMPORTS = (
    FLOOR + "\nimport careergap.cli._app, careergap.cli.analyse, careergap.analysis, careergap.profiles, "
    "careergap.render.report"
)


def _careergap() -> list[str]:
    """The console script a user runs (next to this interpreter), else ``python -m careergap``."""
    script = Path(sys.executable).with_name("careergap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "careergap"]


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _load() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "load average unknown"


def startup(rounds: int) -> None:
    cg = _careergap()
    cache = tempfile.mkdtemp(prefix="careergap-bench-cache-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"CAREERGAP_CACHE_DIR": cache, "TERM": "dumb", "COLUMNS": "120"})
    env.pop("CAREERGAP_ROLES_DIR", None)
    no_cache = {**env, "CAREERGAP_NO_CACHE": "1"}
    # The command line turns pydantic's plugin scan off (cli/_app.py); the reference processes do the same.
    reference = {**env, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "floor": ([sys.executable, "-c", FLOOR], env),
        "floor + one pydantic model": ([sys.executable, "-c", ONE_MODEL], reference),
        "floor + analyse's imports": ([sys.executable, "-c", ANALYSE_IMPORTS], reference),
        "--version": ([*cg, "--version"], env),
        "--help": ([*cg, "--help"], env),
        "roles list": ([*cg, "roles", "list"], env),
        "analyse": ([*cg, "analyse", str(PROFILE)], env),
        "match": ([*cg, "match", str(PROFILE)], env),
        "analyse (no cache)": ([*cg, "analyse", str(PROFILE)], no_cache),
        "match (no cache)": ([*cg, "match", str(PROFILE)], no_cache),
    }
    try:
        for args, child_env in commands.values():  # warm-up: bytecode and the library cache are written
            _run(args, child_env)
        print(f"{_load()} before; {rounds} paired rounds; cache in {cache}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        ratios: dict[str, list[float]] = {name: [] for name in commands if name != "floor"}
        cpu_ratios: dict[str, list[float]] = {name: [] for name in ratios}
        shuffler = random.Random(13)
        for _ in range(rounds):
            order = list(commands)
            shuffler.shuffle(order)
            this = {name: _run(*commands[name]) for name in order}
            for name, (seconds, used) in this.items():
                times[name].append(seconds)
                cpu[name].append(used)
                if name != "floor":
                    ratios[name].append(seconds / this["floor"][0])
                    cpu_ratios[name].append(used / this["floor"][1])
        print(f"{_load()} after\n")
        # The goal is on wall time; CPU time (user + system) is shown beside it because on a loaded machine it
        # varies less from round to round.
        floor = statistics.median(times["floor"])
        floor_cpu = statistics.median(cpu["floor"])
        print(
            f"{'process':<27} {'median':>9} {'ratio to floor':>15} {'cpu':>8} {'cpu ratio':>10}  goal (wall)"
        )
        label = "floor (" + FLOOR.split()[0] + " ...)"
        print(f"{label:<27} {floor * 1000:7.0f}ms {'1.00x':>15} {floor_cpu * 1000:6.0f}ms {'1.00x':>10}")
        for name, values in ratios.items():
            ratio = statistics.median(values)
            goal = GOALS.get(name)
            verdict = "" if goal is None else f"<= {goal}x " + ("met" if ratio <= goal else "NOT met")
            print(
                f"{name:<27} {statistics.median(times[name]) * 1000:7.0f}ms {ratio:14.2f}x "
                f"{statistics.median(cpu[name]) * 1000:6.0f}ms {statistics.median(cpu_ratios[name]):9.2f}x  {verdict}"
            )
        composition(rounds, env)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def steps() -> None:
    """One `analyse` of the example profile, step by step in this fresh process: prints each step's ms as JSON.

    The steps are the ones a run makes, in its order, each timed at its first call (so pydantic's and the report
    models' one-time building falls where a user's run meets it). Run by `composition` in fresh processes.
    """
    import json

    marks: list[tuple[str, float]] = [("", time.perf_counter())]

    def mark(label: str) -> None:
        marks.append((label, time.perf_counter()))

    import importlib

    for name in FLOOR.removeprefix("import ").split(", "):
        importlib.import_module(name)
    mark("floor imports")
    from careergap.cli._app import DEFERRED, DeferredCommand
    from careergap.cli._console import stdout_console

    command = DeferredCommand("analyse", *DEFERRED["analyse"]).load()
    mark("typer app + analyse command built")
    command.make_context("careergap analyse", [str(PROFILE)])
    mark("typer parses the arguments (pydantic adapters)")
    from careergap.analysis import Analyser
    from careergap.cli._options import get_library
    from careergap.profiles import load_profile

    mark("import analysis (models, library, resolver)")
    profile = load_profile(PROFILE)
    mark("read + validate the profile")
    library = get_library(None)
    mark("library from the cache")
    analyser = Analyser(library)
    mark("phrase index from the cache")
    report = analyser.analyse(profile, None)
    mark("first analysis (builds report models)")
    from careergap.render.report import render_table

    mark("import the renderers")
    renderable = render_table(report)
    mark("build the table report")
    console = stdout_console()
    with Path(os.devnull).open("w") as sink:
        console.file = sink
        console.print(renderable)
    mark("rich prints the table report")
    print(json.dumps([(label, (t - marks[i][1]) * 1000) for i, (label, t) in enumerate(marks[1:])]))


def composition(runs: int, env: dict[str, str]) -> None:
    """Medians of `steps` over fresh processes: where one `analyse` run's time goes beyond the interpreter."""
    import json

    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, __file__, "--steps"], check=True, capture_output=True, text=True, env=env
        )
        for label, ms in json.loads(done.stdout.strip().splitlines()[-1]):
            samples.setdefault(label, []).append(ms)
    medians = {label: statistics.median(values) for label, values in samples.items()}
    total = sum(medians.values())
    print(
        f"\none analyse run, step by step (first calls, medians of {runs} fresh processes; the interpreter's own"
    )
    print("start is not in it, so the floor imports are a little less than the floor process):")
    for label, ms in medians.items():
        print(f"  {label:<48} {ms:7.1f} ms {ms / total:6.0%}")
    print(f"  {'sum of the steps':<48} {total:7.1f} ms")


def in_process(runs: int) -> None:
    """Where one cold analysis spends its time, measured step by step in this process (each step's first call)."""
    from careergap.library import load_library

    def timed(label: str, func):  # type: ignore[no-untyped-def]
        samples = []
        result = None
        for _ in range(runs):
            start = time.perf_counter()
            result = func()
            samples.append(time.perf_counter() - start)
        print(f"  {label:<44} median {statistics.median(samples) * 1000:7.1f} ms")
        return result

    print("\nin-process (medians of repeated calls):")
    from careergap.analysis import Analyser
    from careergap.profiles import load_profile
    from careergap.resolve import build_indexes

    with tempfile.TemporaryDirectory(prefix="careergap-bench-cache-") as cache:
        os.environ["CAREERGAP_CACHE_DIR"] = cache
        timed("load + check library (no cache)", lambda: load_library(cache=False))
        load_library()  # writes the cache
        library = timed("load library from the cache", load_library)
        timed("build phrase index (no cache)", lambda: build_indexes(library))
        Analyser(library)  # writes the phrase index into the cache
        analyser = timed("phrase index from the cache (Analyser)", lambda: Analyser(library))
        profile = timed("read + validate profile", lambda: load_profile(PROFILE))
        timed("one analysis (warm index)", lambda: analyser.analyse(profile, "council-pro11"))
        timed("match against all roles", lambda: analyser.match(profile))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="paired rounds (at least 5 for quoted figures)")
    parser.add_argument("--steps", action="store_true", help=argparse.SUPPRESS)  # one run of `steps`
    args = parser.parse_args()
    if args.steps:
        steps()
        return
    print(f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs")
    startup(args.runs)
    in_process(max(args.runs, 5))


if __name__ == "__main__":
    main()
