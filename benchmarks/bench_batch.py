"""Batch throughput and memory. Run: python benchmarks/bench_batch.py [--quick] [--runs N] [--people N] [--big N].

Generates teams (25 skills a person, realistic messy phrasing, both layouts) into a temporary folder, never into
the repository, and times `careergap batch` end to end in a fresh process per run (start-up included).

1. The goals of issue 13, as paired rounds: each round runs, in a shuffled order, a bare `csv.reader` pass over the
   long file (the floor), `batch` with each person's own role, `batch --all-roles`, `batch` on a shuffled copy, and
   the analyst's pandas script (benchmarks/baseline_analyst.py); each ratio is taken within a round and the median
   of the rounds is printed, with the machine's load before and after. Goals: all roles under 3 s and <= 10x the
   floor; at least as fast as the analyst's script.
2. Where the time goes, in one process (no pool): reading and grouping, resolving phrases, scoring, writing (CPU,
   median of 3 fresh processes; with --baseline, that code's split too, its runs alternating with these).
3. More shapes (one role, wide layout, --summary-file, jsonl), each the median of --runs runs.
4. Memory: the peak resident memory of the process and of its largest worker, for 10,000 and 100,000 people (goal:
   100,000 <= 1.2x of 10,000).

Not a test: numbers depend on the machine and its load. Quote medians and ratios.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SKILLS_PER_PERSON = 25

# Phrases a person might write for each skill (every one resolves; a few deliberately do not).
PHRASES = [
    ["budget mgmt", "budgeting", "Budget Management", "financial management", "budgets & forecasting"],
    ["stakeholder mgmt", "Stakeholder engagement", "stakeholder comms", "stakeholder relations"],
    ["risk management", "Risk & issue management", "risk mgmt", "risk analysis"],
    ["project planning", "scheduling", "planning and control"],
    ["progress reporting", "highlight reports", "status reports"],
    ["comms", "Communication skills", "written communication"],
    ["presentations", "presentation skills", "public speaking"],
    ["leadership", "team leadership", "leading teams"],
    ["line management", "people management"],
    ["coaching", "mentoring", "coaching & mentoring"],
    ["teamwork", "collaboration", "team working"],
    ["procurement", "purchasing", "tendering"],
    ["contract management", "supplier management", "vendor management"],
    ["quality assurance", "QA", "quality management"],
    ["benefits realisation", "benefits tracking"],
    ["business case writing", "business cases"],
    ["change control", "scope management"],
    ["project methodology", "PM tools", "MS Project"],
    ["governance", "project governance", "assurance"],
    ["data analysis", "analytics", "Excel / data analysis", "Power BI"],
    ["problem solving", "troubleshooting"],
    ["time management", "prioritisation"],
    ["organisational awareness", "political awareness"],
    ["negotiation", "influencing"],
    ["relationship building", "networking"],
    ["continuous improvement", "lean", "process improvement"],
    ["compliance", "legal compliance", "GDPR", "health & safety"],
    ["programme management", "program management"],
    ["PMO", "project support", "project administration"],
    ["subject matter expertise"],
    ["requirements gathering", "business analysis", "process mapping"],
    ["conflict resolution", "decision making", "commercial awareness"],
    ["resource planning", "capacity planning", "dependency management"],
    ["project initiation", "project management", "running projects"],
    ["Java", "customer service", "SQL"],
]
LEVELS = [
    "0",
    "1",
    "2",
    "3",
    "4",
    "aware",
    "familiar",
    "proficient",
    "expert",
    "Proficient",
    "working knowledge",
    "3 - Proficient",
    "2 (familiar)",
]  # the last two are spreadsheet spellings that only the CSV reader accepts
ROLES = [
    "council-pro8",
    "council-pro9",
    "council-pro10",
    "council-pro11",
    "council-pro12",
    "council-pro13",
    "council-pro14",
    "it-project-manager",
    "apprenticeship-project-manager-l6",
    "senior-digital-portfolio-manager",
    "",
]
QUALIFICATIONS = [
    "PRINCE2 Foundation",
    "Prince 2 practitioner",
    "APM PMQ",
    "BSc Business Management",
    "NVQ Level 3",
    "MSP Practitioner",
    "",
    "",
]
WIDE_COLUMNS = [group[0] for group in PHRASES[:30]]


def generate(folder: Path, people: int, seed: int = 7) -> tuple[Path, Path]:
    """A long and a wide team file with the same people."""
    rnd = random.Random(seed)
    long_path, wide_path = folder / f"team-{people}-long.csv", folder / f"team-{people}-wide.csv"
    with (
        long_path.open("w", newline="", encoding="utf-8") as lf,
        wide_path.open("w", newline="", encoding="utf-8") as wf,
    ):
        long_w, wide_w = csv.writer(lf), csv.writer(wf)
        long_w.writerow(["person", "skill", "level", "target_role", "years_experience", "qualification"])
        wide_w.writerow(["person", "target_role", "years_experience", "qualification", *WIDE_COLUMNS])
        for i in range(people):
            name = f"Person {i:06d}"
            target, years, qual = rnd.choice(ROLES), str(rnd.randint(0, 15)), rnd.choice(QUALIFICATIONS)
            groups = rnd.sample(range(len(PHRASES)), SKILLS_PER_PERSON)
            for n, g in enumerate(groups):
                long_w.writerow(
                    [name, rnd.choice(PHRASES[g]), rnd.choice(LEVELS), target, years, qual if n == 0 else ""]
                )
            wide = dict.fromkeys(WIDE_COLUMNS, "")
            for column in rnd.sample(WIDE_COLUMNS, SKILLS_PER_PERSON):
                wide[column] = rnd.choice(LEVELS)
            wide_w.writerow([name, target, years, qual, *wide.values()])
    return long_path, wide_path


# Runs careergap in this process and reports the peak RSS (ru_maxrss) of this process or of its largest worker
# process, whichever is larger, on the last line of stderr.
WRAPPER = """
import resource, sys
from careergap.cli import app
code = 0
try:
    app(args=sys.argv[1:], prog_name="careergap")
except SystemExit as exc:
    code = exc.code
finally:
    scale = 1 if sys.platform == "darwin" else 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    try:  # Linux: ru_maxrss keeps the size of the process that forked us before exec; VmHWM is ours alone
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale  # the largest worker, if any ran
    print(f"PEAK_RSS {max(peak, children)}", file=sys.stderr)
sys.exit(code)
"""


def run_batch(args: list[str]) -> tuple[float, int]:
    if args[0] == "batch":
        args = [*args, "--force"]  # the output file of the previous run is overwritten on purpose
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], check=False, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 3) or "PEAK_RSS" not in done.stderr:
        raise SystemExit(f"careergap {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = int(done.stderr.rsplit("PEAK_RSS ", 1)[1].split()[0])
    return elapsed, peak


def bench(name: str, people: int, args: list[str], runs: int) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        elapsed, peak = run_batch(args)
        times.append(elapsed)
        peaks.append(peak)
    median = statistics.median(times)
    peak = max(peaks)
    print(
        f"{name:<44} median {median:7.2f} s  (min {min(times):.2f}, max {max(times):.2f}, n={runs})  "
        f"{people / median:9,.0f} people/s   peak RSS {peak / 2**20:6.1f} MiB",
        flush=True,
    )
    return median, peak


def shuffled_copy(path: Path) -> Path:
    """The same team with its rows in random order (a person's rows scattered through the file)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[1:]
    random.Random(5).shuffle(body)
    out = path.with_name(path.stem + "-shuffled.csv")
    out.write_text(lines[0] + "".join(body), encoding="utf-8")
    return out


def _load() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "load average unknown"


def stages(path: Path, all_roles: bool) -> dict[str, float]:
    """Where the time goes in one process (the pipeline's own steps, without a pool): reading and grouping,
    resolving phrases (each distinct phrase once), scoring, writing (CSV text). CPU time of this process, which
    other processes on a busy machine disturb less than the clock. Returns the CPU seconds of each step."""
    import io

    from careergap.api import Scorer
    from careergap.batch import PersonRecord
    from careergap.cli.batch import csv_text
    from careergap.teamrun import CHUNK_PEOPLE, TeamRun, open_team

    scorer = Scorer()
    run = TeamRun(scorer, all_roles=all_roles, processes=1)
    start = time.process_time()
    with open_team(path) as source:
        records = [r for r in run.reader(source) if isinstance(r, PersonRecord)]
    read = time.process_time() - start
    start = time.process_time()
    for record in records:
        run._resolve(record)  # what the first person to use each phrase pays; later ones find it memoised
    resolve = time.process_time() - start
    # Scored and written a chunk at a time, as the pipeline does (CHUNK_PEOPLE): holding every result at once would
    # make the garbage collector walk a heap the real run never has. The records read are set aside for the same
    # reason (gc.freeze), so only what a chunk creates is collected.
    gc.collect()
    gc.freeze()
    scoring = write = 0.0
    out = io.StringIO()
    try:
        for at in range(0, len(records), CHUNK_PEOPLE):
            chunk = records[at : at + CHUNK_PEOPLE]
            start = time.process_time()
            results = [scorer.score_record(r, all_roles=all_roles) for r in chunk]
            scoring += time.process_time() - start
            start = time.process_time()
            out.write(csv_text(scorer, list(zip(chunk, results, strict=True)), 3))
            write += time.process_time() - start
    finally:
        gc.unfreeze()
    return {"read+group": read, "resolve": resolve, "score": scoring, "write": write}


def _print_stages(label: str, people: int, all_roles: bool, split: dict[str, float]) -> None:
    total = sum(split.values())
    print(
        f"where the time goes, {label} ({people:,} people, {'all roles' if all_roles else 'own role'}, one "
        f"process, CPU {total:.2f} s): "
        + ", ".join(f"{name} {seconds:.2f} s ({seconds / total:.0%})" for name, seconds in split.items())
    )


def stage_split(path: Path, people: int, rounds: int, baseline: Path | None = None) -> None:
    """The stage split of ``stages``, each the median of ``rounds`` fresh processes; with ``baseline`` (another
    checkout's src folder) that code's split too, its runs alternating with this code's in the same session."""
    sides = {"this code": None, **({"baseline": baseline} if baseline is not None else {})}
    code = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); from bench_batch import "
        "stages; print(json.dumps(stages(Path(sys.argv[2]), sys.argv[3] == 'all')))"
    )
    for all_roles in (False, True):
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
        for _ in range(rounds):
            for name, src in sides.items():
                env = {**os.environ, "CAREERGAP_PROCESSES": "1"}
                if src is not None:
                    env["PYTHONPATH"] = str(src.resolve())
                done = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        code,
                        str(Path(__file__).parent),
                        str(path),
                        "all" if all_roles else "",
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                    env=env,
                )
                runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
        for name, splits in runs.items():
            median = {step: statistics.median(s[step] for s in splits) for step in splits[0]}
            _print_stages(f"{name}, median of {rounds}", people, all_roles, median)


def paired(long_path: Path, folder: Path, rounds: int, baseline: Path | None = None) -> dict[str, float]:
    """The goals' measurements as paired rounds (see the module docstring); returns the median times. With
    ``baseline`` (the ``src`` folder of another checkout, e.g. from ``git worktree add`` or ``git archive``), each
    round also runs that code's `batch` (own role and all roles), for a before/after in the same conditions."""
    out = str(folder / "out.csv")
    shuffled = shuffled_copy(long_path)
    floor_code = "import csv,sys\nwith open(sys.argv[1], newline='') as f:\n    for _ in csv.reader(f): pass"
    script = Path(__file__).with_name("baseline_analyst.py")
    try:
        import pandas  # noqa: F401
    except ImportError:
        script = None  # type: ignore[assignment]
    commands: dict[str, list[str]] = {
        "floor": [sys.executable, "-c", floor_code, str(long_path)],
        "own role": [sys.executable, "-c", WRAPPER, "batch", str(long_path), "-o", out, "-q", "--force"],
        "all roles": [
            *[sys.executable, "-c", WRAPPER, "batch", str(long_path), "--all-roles"],
            *["-o", out, "-q", "--force"],
        ],
        "shuffled, own role": [
            sys.executable,
            "-c",
            WRAPPER,
            "batch",
            str(shuffled),
            "-o",
            out,
            "-q",
            "--force",
        ],
    }
    if script is not None:
        commands["analyst script"] = [
            sys.executable,
            str(script),
            str(long_path),
            "-o",
            str(folder / "a.csv"),
        ]
    envs: dict[str, dict[str, str]] = {}
    if baseline is not None:
        before = {**os.environ, "PYTHONPATH": str(baseline.resolve())}
        for name in ("own role", "all roles"):
            commands[f"{name} (baseline)"] = commands[name]
            envs[f"{name} (baseline)"] = before
    for name, args in commands.items():  # warm-up: bytecode, the library and phrase caches
        subprocess.run(args, check=False, capture_output=True, env=envs.get(name))
    print(f"{_load()} before; {rounds} paired rounds")
    times: dict[str, list[float]] = {name: [] for name in commands}
    ratios: dict[str, list[float]] = {name: [] for name in commands if name != "floor"}
    to_analyst: list[float] = []
    shuffler = random.Random(13)
    for _ in range(rounds):
        order = list(commands)
        shuffler.shuffle(order)
        this: dict[str, float] = {}
        for name in order:
            start = time.perf_counter()
            done = subprocess.run(
                commands[name], check=False, capture_output=True, text=True, env=envs.get(name)
            )
            this[name] = time.perf_counter() - start
            if done.returncode not in (0, 3):
                raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        for name, seconds in this.items():
            times[name].append(seconds)
            if name != "floor":
                ratios[name].append(seconds / this["floor"])
        if "analyst script" in this:
            to_analyst.append(this["own role"] / this["analyst script"])
    print(f"{_load()} after\n")
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'process':<22} {'median':>8} {'ratio to csv.reader':>20}  goal")
    print(f"{'floor (csv.reader)':<22} {medians['floor']:7.2f}s {'1.0x':>20}")
    for name, values in ratios.items():
        ratio = statistics.median(values)
        goal = ""
        if name == "all roles":
            goal = f"< 3 s {'met' if medians[name] < 3 else 'NOT met'}; <= 10x {'met' if ratio <= 10 else 'NOT met'}"
        print(f"{name:<22} {medians[name]:7.2f}s {ratio:19.1f}x  {goal}")
    for name in ("own role", "all roles"):
        if f"{name} (baseline)" in times:
            speedup = statistics.median(
                b / a for a, b in zip(times[name], times[f"{name} (baseline)"], strict=True)
            )
            print(f"{name}: baseline / this code, paired: {speedup:.2f}x")
    if to_analyst:
        ratio = statistics.median(to_analyst)
        print(
            f"careergap batch (own role) / the analyst's script: {ratio:.2f}x "
            f"(goal <= 1: {'met' if ratio <= 1 else 'NOT met'})"
        )
    else:
        print("analyst baseline: not run (pip install pandas)")
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and one run each, for a smoke test")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement (default 5, quick 1)")
    parser.add_argument("--people", type=int, default=None, help="team size (default 10,000; quick 1,000)")
    parser.add_argument(
        "--big", type=int, default=None, help="the big team for the memory check (default 100,000)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="the src folder of another checkout to time in the same paired rounds (before/after)",
    )
    parser.add_argument(
        "--paired-only", action="store_true", help="only the paired rounds and where the time goes"
    )
    args = parser.parse_args()
    runs = args.runs or (1 if args.quick else 5)
    people = args.people or (1_000 if args.quick else 10_000)
    big = args.big or (10_000 if args.quick else 100_000)
    print(
        f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs; {people:,} people x "
        f"{SKILLS_PER_PERSON} skills; medians of {runs} runs, each a fresh process (start-up included)\n"
    )
    with tempfile.TemporaryDirectory(prefix="careergap-bench-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        long_path, wide_path = generate(folder, people)
        print(
            f"generated {long_path.name} ({long_path.stat().st_size / 2**20:.1f} MiB) and {wide_path.name} "
            f"({wide_path.stat().st_size / 2**20:.1f} MiB) in {time.perf_counter() - start:.1f} s\n"
        )
        out = str(folder / "out.csv")
        paired(long_path, folder, max(runs, 1 if args.quick else 5), args.baseline)
        print()
        stage_split(long_path, people, 1 if args.quick else 3, args.baseline)
        print()
        if args.paired_only:
            return
        _, floor_peak = bench("start-up only (careergap roles list)", 1, ["roles", "list"], runs)
        for layout, path in (("long", long_path), ("wide", wide_path)):
            bench(
                f"{layout}: one role (council-pro11)",
                people,
                ["batch", str(path), "--role", "council-pro11", "-o", out, "-q"],
                runs,
            )
            bench(f"{layout}: all roles", people, ["batch", str(path), "--all-roles", "-o", out, "-q"], runs)
        bench(
            "long: target role / best match, --summary",
            people,
            ["batch", str(path := long_path), "--summary-file", str(folder / "s.json"), "-o", out, "-q"],
            runs,
        )
        bench(
            "long: all roles, jsonl",
            people,
            ["batch", str(path), "--all-roles", "-f", "jsonl", "-o", str(folder / "out.jsonl"), "-q"],
            runs,
        )
        small_peak = bench(
            f"memory: {people:,} people, long, one role",
            people,
            ["batch", str(long_path), "--role", "council-pro11", "-o", out, "-q"],
            1,
        )[1]
        start = time.perf_counter()
        big_long, big_wide = generate(folder, big, seed=11)
        big_wide.unlink()
        print(
            f"\ngenerated {big_long.name} ({big_long.stat().st_size / 2**20:.1f} MiB) in "
            f"{time.perf_counter() - start:.1f} s"
        )
        big_runs = max(1, min(runs, 3))
        big_peak = bench(
            f"memory: {big:,} people, long, one role",
            big,
            ["batch", str(big_long), "--role", "council-pro11", "-o", out, "-q"],
            big_runs,
        )[1]
        print(
            f"\npeak RSS: start-up {floor_peak / 2**20:.1f} MiB; {people:,} people {small_peak / 2**20:.1f} MiB; "
            f"{big:,} people {big_peak / 2**20:.1f} MiB ({big / people:.0f}x the people, "
            f"{(big_peak - floor_peak) / max(small_peak - floor_peak, 1):.1f}x the memory above start-up)"
        )

        # In-process API throughput: what a Dask/Spark worker pays per person once the library is loaded.
        from careergap.api import default_scorer, score_profile

        default_scorer()
        rnd = random.Random(3)
        profiles = [
            {
                "name": f"p{i}",
                "skills": {
                    rnd.choice(PHRASES[g]): rnd.choice(LEVELS[:11])
                    for g in rnd.sample(range(len(PHRASES)), SKILLS_PER_PERSON)
                },
            }
            for i in range(2_000 if not args.quick else 500)
        ]
        for label, kwargs in (
            ("score_profile, one role", {"role_id": "council-pro11"}),
            ("score_profile, all roles", {"all_roles": True}),
        ):
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                for p in profiles:
                    score_profile(p, **kwargs)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            print(f"in-process {label:<33} {len(profiles) / median:9,.0f} people/s (median of {runs})")


if __name__ == "__main__":
    main()
