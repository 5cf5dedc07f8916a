"""Start-up stays instant (no library on --version, --help, completion) and the compiled library cache is sound."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer.main

from careergap import libcache
from careergap.cli import app
from careergap.cli._app import DEFERRED, DEFERRED_GROUPS, DeferredCommand, DeferredGroup
from careergap.errors import ValidationFailed
from careergap.library import load_library

HEAVY = ("pydantic", "rapidfuzz", "careergap.library", "careergap.models.roles", "careergap.analysis")
# Runs careergap and lists every module it loaded (space-separated, not json: the probe must not import what a test
# looks for).
PROBE = """
import sys
from careergap.cli import main
sys.argv = ["careergap", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(script: str, *args: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """What ``python -c script *args`` printed, and the modules it listed on its last line of stderr."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return done.stdout, set(done.stderr.strip().splitlines()[-1].split())


def loaded_modules(*args: str, env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    out, loaded = modules_after(PROBE, *args, env=env)
    return out, sorted(
        m for m in loaded if m.split(".")[0] in ("pydantic", "rapidfuzz", "careergap", "typer")
    )


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--version"], {}, "careergap 0.1.0"),
        (["--help"], {}, "Commands:"),
        (
            [],
            {"_CAREERGAP_COMPLETE": "complete_bash", "COMP_WORDS": "careergap an", "COMP_CWORD": "1"},
            "analyse",
        ),
        (
            [],
            {"_CAREERGAP_COMPLETE": "complete_bash", "COMP_WORDS": "careergap b", "COMP_CWORD": "1"},
            "batch",
        ),
    ],
    ids=["version", "help", "complete-command", "complete-deferred-command"],
)
def test_quick_answers_load_no_library(args: list[str], env: dict[str, str], expected: str) -> None:
    out, modules = loaded_modules(*args, env=env)
    assert expected in out
    assert "careergap.cli" in modules  # the probe really ran the CLI
    # Completion parses the root options, and typer (>= 0.2x) coerces every parameter through a pydantic
    # TypeAdapter: pydantic itself is typer's to load there, careergap's models and library are not.
    heavy = HEAVY[1:] if env else HEAVY
    assert not [m for m in modules if m.startswith(heavy)], modules


def test_version_fast_path_prints_what_typer_prints(cli) -> None:
    fast, modules = loaded_modules("--version")
    assert "typer" not in " ".join(modules) and "careergap.cli._app" not in modules
    assert cli("--version").stdout == fast == "careergap 0.1.0\n"


def test_a_command_loads_the_library_only_when_it_runs() -> None:
    out, modules = loaded_modules("roles", "list", "--format", "json")
    assert json.loads(out) and "careergap.library" in modules


def test_deferred_commands_are_listed_with_their_real_help() -> None:
    """`careergap --help` shows batch and team without importing them; the summary must be the command's own."""
    group = typer.main.get_command(app)
    for name in DEFERRED:
        placeholder = group.commands[name]  # type: ignore[attr-defined]
        assert isinstance(placeholder, DeferredCommand)
        real = placeholder.load()
        assert real.help.split("\n\n")[0].replace("\n", " ") == placeholder.help
        assert [p.name for p in real.params]  # the real command, with its options


def test_deferred_groups_are_listed_with_their_real_help() -> None:
    """roles, skills and profile are listed without being built; each summary is its group's own help, and the
    placeholder's sub-commands are the real ones (a walk over the command tree sees every sub-command)."""
    group = typer.main.get_command(app)
    for name in DEFERRED_GROUPS:
        placeholder = group.commands[name]  # type: ignore[attr-defined]
        assert isinstance(placeholder, DeferredGroup)
        real = placeholder.load()
        assert real.help.split("\n\n")[0].replace("\n", " ") == placeholder.help
        assert real.commands and placeholder.commands == real.commands
    assert {"list", "show", "validate", "graph", "diff"} <= set(group.commands["roles"].commands)  # type: ignore[attr-defined]


def test_a_run_builds_only_its_own_command() -> None:
    """One run imports the module of the command it invokes, not every command's."""
    out, modules = loaded_modules("schema", "profile")
    assert json.loads(out) and "careergap.cli.schema" in modules
    others = ("careergap.cli.analyse", "careergap.cli.assess", "careergap.cli.batch", "careergap.cli.roles")
    assert not [m for m in modules if m.startswith(others)], modules


def test_deferred_command_runs(cli, tmp_path: Path) -> None:
    result = cli("batch", Path(__file__).parents[1] / "examples" / "team-long.csv", "--quiet")
    assert result.exit_code == 0 and result.stdout.startswith("person,")


ROOT = Path(__file__).resolve().parents[1]
# What careergap's dependencies load by themselves in any command (a pydantic model and a typer option adapter):
# on Python 3.13 pydantic's plugin loader imports importlib.metadata, which imports json; that is not ours to avoid.
DEPENDENCIES_ONLY = """
import sys
import typer, rich.console, rich.table, yaml, rapidfuzz
from pydantic import BaseModel, TypeAdapter
class One(BaseModel):
    x: int
One(x=1)
TypeAdapter(int).validate_python("1")
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("command", ["analyse", "match"])
def test_a_table_report_from_a_yaml_profile_imports_no_html_or_json(command: str, tmp_path: Path) -> None:
    """The escaping of HTML and the JSON parser are imported by the outputs and inputs that use them, not by every
    run (about 5 ms of the start-up; see benchmarks/bench_core.py)."""
    env = {libcache.CACHE_DIR_ENV: str(tmp_path)}
    out, table = modules_after(PROBE, command, str(ROOT / "examples" / "alex-pro10.yaml"), env=env)
    assert "Alex Morgan" in out and "careergap.render.report" in table
    ours_to_avoid = {"html", "json"} - modules_after(DEPENDENCIES_ONLY, env=env)[1]
    assert "html" in ours_to_avoid
    assert not ours_to_avoid & table, sorted(ours_to_avoid & table)
    out, html = modules_after(
        PROBE, command, str(ROOT / "examples" / "alex-pro10.yaml"), "--format", "html", env=env
    )
    assert out.startswith("<!DOCTYPE html>") and "html" in html


def test_the_benchmark_times_one_analyse_step_by_step(tmp_path: Path) -> None:
    """`bench_core.py --steps` (what its composition table is made of) runs against the current code."""
    env = {**os.environ, libcache.CACHE_DIR_ENV: str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_core.py"), "--steps"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    labels = [label for label, _ in json.loads(done.stdout.strip().splitlines()[-1])]
    steps = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    assert labels[0] == "floor imports" and labels[-1] == "rich prints the table report"
    assert all(ms > 0 for ms in steps.values())


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(libcache.CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(libcache.NO_CACHE_ENV, raising=False)
    return folder


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("library-*.pickle"))


def same_library(a, b) -> bool:  # type: ignore[no-untyped-def]
    return (a.roles, a.skills, a.qualifications, a.actions, a.files) == (
        b.roles,
        b.skills,
        b.qualifications,
        b.actions,
        b.files,
    )


def test_second_load_comes_from_the_cache_and_equals_a_full_load(cache: Path) -> None:
    first = load_library()
    (entry,) = cached_files(cache)
    second = load_library()
    assert isinstance(second.origins, libcache._LazyOrigins)
    assert same_library(second, load_library(cache=False)) and same_library(first, second)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600 and stat.S_IMODE(cache.stat().st_mode) == 0o700
    origin = second.origins[("role", "council-pro11")]  # decoded on demand, with its line numbers
    assert origin.file.endswith("council-pro11.yaml") and origin.index.locate(origin.path)[0] is not None
    assert len(second.origins) == len(first.origins)


ROLE = """
roles:
  - id: acme-pm
    title: Acme project manager
    framework: acme
    grade: B3
    summary: Runs Acme's mid-size projects.
    source: {inferred: "test"}
    requirements:
      - skill: budget-management
        level: 3
        importance: essential
        note: Owns the budget.
        source: {inferred: "test"}
        level_source: {inferred: "test"}
"""


def test_roles_dir_is_cached_and_a_change_is_seen(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "roles"
    folder.mkdir()
    role_file = folder / "acme.yaml"
    role_file.write_text(textwrap.dedent(ROLE), encoding="utf-8")
    assert load_library([folder]).roles["acme-pm"].title == "Acme project manager"
    assert isinstance(load_library([folder]).origins, libcache._LazyOrigins)
    role_file.write_text(
        textwrap.dedent(ROLE).replace("Acme project manager", "Acme PM II"), encoding="utf-8"
    )
    assert load_library([folder]).roles["acme-pm"].title == "Acme PM II"
    (folder / "more.yaml").write_text(textwrap.dedent(ROLE).replace("acme-pm", "acme-pm2"), encoding="utf-8")
    assert {"acme-pm", "acme-pm2"} <= set(load_library([folder]).roles)
    (folder / "more.yaml").write_text("roles: [{id: broken}]\n", encoding="utf-8")
    with pytest.raises(ValidationFailed):
        load_library([folder])
    before = cached_files(cache)
    with pytest.raises(ValidationFailed):  # every run reports the problems again: nothing invalid is cached
        load_library([folder])
    assert cached_files(cache) == before


def test_a_corrupt_cache_file_is_ignored_and_rebuilt(cache: Path) -> None:
    load_library()
    (entry,) = cached_files(cache)
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2])
    assert len(load_library().roles) == 11
    assert entry.read_bytes() == good
    header = good.split(b"\n", 2)
    entry.write_bytes(header[0] + b"\n" + header[1] + b"\n" + pickle.dumps("not a library"))
    assert len(load_library().roles) == 11


def test_a_cache_file_others_can_write_is_not_trusted(cache: Path) -> None:
    load_library()
    (entry,) = cached_files(cache)
    header = b"\n".join(entry.read_bytes().split(b"\n", 2)[:2]) + b"\n"
    entry.write_bytes(header + pickle.dumps((load_library(cache=False), b"")))
    entry.chmod(0o666)
    assert libcache._read(entry, header.split(b"\n")[1].decode()) is None
    load_library()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_an_unwritable_cache_folder_falls_back_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(libcache.CACHE_DIR_ENV, str(blocker / "cache"))
    assert len(load_library().roles) == 11
    assert len(load_library().roles) == 11


def test_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(libcache.NO_CACHE_ENV, "1")
    load_library()
    assert not cache.exists()


def test_roles_validate_runs_every_check_whatever_the_cache(
    cli, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_cache(*_args: object) -> None:
        raise AssertionError("roles validate must not read the cache")

    monkeypatch.setattr(libcache, "load_cached", no_cache)
    result = cli("roles", "validate")
    assert result.exit_code == 0 and result.stdout.startswith("ok: 11 roles")


def _load_libraries(tmp_path: Path, count: int) -> None:
    """Load ``count`` different libraries (each one role of its own), so the cache writes ``count`` files."""
    for n in range(count):
        folder = tmp_path / f"roles{n}"
        folder.mkdir()
        (folder / "r.yaml").write_text(
            textwrap.dedent(ROLE).replace("acme-pm", f"acme-{n}"), encoding="utf-8"
        )
        load_library([folder])


def test_the_cache_is_pruned(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libcache, "KEEP", 2)
    _load_libraries(tmp_path, 4)
    assert len(cached_files(cache)) == 2


def test_pruning_never_deletes_a_file_careergap_did_not_write(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a folder given as CAREERGAP_CACHE_DIR, the user's own files named like cache files were deleted."""
    monkeypatch.setattr(libcache, "KEEP", 1)
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    mine = cache / "library-mine.pickle"
    mine.write_bytes(b"my own notes")
    os.utime(mine, (0, 0))  # the oldest: first to go if it counted
    _load_libraries(tmp_path, 3)
    assert mine.read_bytes() == b"my own notes"
    assert len([p for p in cached_files(cache) if p != mine]) == 1


SKILLS = """
skills:
  - id: zorb-wrangling
    name: Zorb wrangling
    kind: skill
    description: Keeping inflatable spheres in order at outdoor events.
    aliases: [zorbing]
"""


def index_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("phrase-index-*.pickle"))


def same_index(a, b) -> bool:  # type: ignore[no-untyped-def]
    fields = (
        "entries",
        "exact",
        "by_token",
        "vocabulary",
        "topic",
        "numbered",
        "domain",
        "names",
        "name_tokens",
    )
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def test_phrase_index_is_cached_and_follows_a_roles_dir(cache: Path, tmp_path: Path) -> None:
    """The phrase index is built once per library and read back after; a changed --roles-dir is a new index."""
    from careergap.resolve import build_indexes, build_resolver

    folder = tmp_path / "roles"
    folder.mkdir()
    (folder / "skills.yaml").write_text(textwrap.dedent(SKILLS), encoding="utf-8")
    first = build_resolver(load_library([folder]), semantic=False)
    assert (first.skill("zorbing").target, first.skill("zorbing").method) == ("zorb-wrangling", "alias")
    (written,) = index_files(cache)
    stamp = written.stat().st_mtime_ns
    again = build_resolver(load_library([folder]), semantic=False)
    assert index_files(cache) == [written] and written.stat().st_mtime_ns == stamp  # read, not rebuilt
    fresh = build_indexes(load_library([folder], cache=False))
    assert same_index(again.skills, fresh[0]) and same_index(again.qualifications, fresh[1])
    assert again.skills is not first.skills  # each resolver gets its own copy to fill with answers
    (folder / "skills.yaml").write_text(
        textwrap.dedent(SKILLS).replace("zorbing", "blorping"), encoding="utf-8"
    )
    changed = build_resolver(load_library([folder]), semantic=False)
    assert (changed.skill("blorping").target, changed.skill("blorping").method) == ("zorb-wrangling", "alias")
    assert changed.skill("zorbing").method != "alias"
    assert len(index_files(cache)) == 2


def test_a_corrupt_phrase_index_file_is_rebuilt(cache: Path) -> None:
    from careergap.resolve import build_resolver

    build_resolver(load_library(), semantic=False)
    (entry,) = index_files(cache)
    good = entry.read_bytes()
    header = b"\n".join(good.split(b"\n", 2)[:2]) + b"\n"
    entry.write_bytes(header + pickle.dumps(("not", "an index")))
    assert build_resolver(load_library(), semantic=False).skill("budget mgmt").target == "budget-management"
    assert entry.read_bytes() == good


LEXICON_PROBE = """
from careergap.library import load_library
from careergap.resolve import build_resolver
resolver = build_resolver(load_library(), semantic=False)
print(*(resolver.skill(phrase).target for phrase in ("Budget management", "moneyplan management")))
"""


def test_an_edited_lexicon_takes_effect_at_once(tmp_path: Path) -> None:
    """A framework author's change to data/roles/lexicon.yaml is used by the next run, warm caches or not: the
    library, its phrase index and the phrase answers are all keyed on the file. Run on a copy of the package."""
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "src" / "careergap", tmp_path / "src" / "careergap")
    shutil.copytree(root / "data" / "roles", tmp_path / "data" / "roles")
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path / "src"),
        libcache.CACHE_DIR_ENV: str(tmp_path / "cache"),
    }
    env.pop(libcache.NO_CACHE_ENV, None)

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", LEXICON_PROBE], capture_output=True, text=True, check=True, env=env
        ).stdout.strip()

    assert run() == run() == "budget-management None"  # the second run reads the caches
    assert list((tmp_path / "cache").glob("phrase-index-*.pickle"))
    lexicon = tmp_path / "data" / "roles" / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    # 'budget' now reads as 'moneyplan', in the skills' names and in phrases alike; an index kept from the old word
    # lists would still hold 'budget' and refuse both phrases
    lexicon.write_text(
        text.replace("  spellings:\n", "  spellings:\n    budget: moneyplan\n", 1), encoding="utf-8"
    )
    assert run() == "budget-management budget-management"
