"""Developer sessions: tests (non-editable install), lint, typecheck, benchmarks."""

from __future__ import annotations

import os
import shutil

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "tests"]

# The versions pyproject.toml promises (its classifiers); nox finds each interpreter on PATH (pyenv shims work).
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Install the package as a user would (not editable, so a data file missing from the wheel fails) and test it."""
    session.install(".[test]")
    session.run("pytest", *session.posargs, env={"TERM": "dumb", "COLUMNS": "120"})


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install(".", "mypy", "types-PyYAML", "pydantic")
    session.run("mypy")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Start-up time and one analysis (bench_core.py), then a quick batch throughput run (bench_batch.py)."""
    session.install(".")
    session.run("python", "benchmarks/bench_core.py", *session.posargs)
    session.run("python", "benchmarks/bench_batch.py", "--quick")


@nox.session(default=False)
def spark(session: nox.Session) -> None:
    """The Spark example (examples/spark_team.py) against `careergap batch`, person by person.

    Installs pyspark, and Java when there is none (Debian's default-jre-headless, through apt-get as root)."""
    if shutil.which("java") is None:
        if shutil.which("apt-get") is None or os.geteuid() != 0:
            session.error(
                "Spark needs Java 17 or newer: install a JRE (e.g. apt-get install default-jre-headless)"
            )
        session.run("apt-get", "update", "-qq", external=True)
        session.run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "default-jre-headless",
            external=True,
        )
    session.install(".[test,spark]")
    session.run(
        "pytest",
        "tests/test_engines.py",
        *session.posargs,
        env={"TERM": "dumb", "COLUMNS": "120", "CAREERGAP_REQUIRE_SPARK": "1"},
    )
