"""`assess` on a small terminal: the question's skill and the level asked stay on screen above the prompt."""

from __future__ import annotations

import os
import subprocess
import sys


def test_on_an_80x24_terminal_the_question_stays_visible(tmp_path) -> None:
    env = {**os.environ, "COLUMNS": "80", "LINES": "24", "TERM": "dumb"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "careergap",
            "assess",
            "--role",
            "council-pro11",
            "--name",
            "Kim",
            "--output",
            str(tmp_path / "p.yaml"),
            "--no-evidence",
            "--answers-from-stdin",
        ],
        input="q\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    screen = done.stderr.split("1 of 30")[1].split("Level (0-4")[0].rstrip().splitlines()
    assert len(screen) <= 22, screen  # the rule, the question and the ladder fit with the prompt line
    assert "this role asks for 3" in " ".join(screen[-2:])  # repeated right above the prompt
    assert not any(line.strip().startswith("e.g.") for line in screen)  # no examples on a short screen


def test_every_prompt_fits_an_80_column_line() -> None:
    """The answer is typed on the prompt's own line: a prompt that wraps at 80 columns leaves '):' alone below."""
    from careergap.analysis import Analyser
    from careergap.cli.assess import PROMPT_WIDTH, _prompt_for
    from careergap.library import load_library
    from careergap.session import LibraryMatcher, Session, Step

    library = load_library([])
    matcher = LibraryMatcher(Analyser(library))
    session = Session.create(library.role("council-pro11"), library, matcher, {"name": "Kim"})
    session.start()
    kinds = {}
    for question in session.questions:
        kinds.setdefault(question.kind, question)
    prompts = [_prompt_for(session, q) for q in kinds.values()]
    for step in (Step.EVIDENCE, Step.REASON):
        session.step = step
        prompts.append(_prompt_for(session, kinds["skill"]))
    assert len(prompts) == 5
    for prompt in prompts:
        assert len(prompt.splitlines()[-1]) <= PROMPT_WIDTH < 80, prompt


def _screen(raw: str, columns: int = 80, rows: int = 24) -> list[str]:
    """The bottom ``rows`` lines a terminal of that size shows after ``raw`` (escape codes dropped, long lines
    wrapped, the cursor left on the prompt's line)."""
    import re

    text = (
        re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", raw).replace("\r\n", "\n").replace("\r", "")
    )
    lines: list[str] = []
    for line in text.split("\n"):
        lines += [line[i : i + columns] for i in range(0, max(len(line), 1), columns)]
    return lines[-rows:]


def test_in_a_real_80x24_terminal_the_skill_and_the_level_asked_are_on_screen(tmp_path) -> None:
    """Driven through a pseudo-terminal of 80x24 (the size read from the terminal itself, not from COLUMNS)."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    command = [sys.executable, "-m", "careergap", "assess", "--role", "council-pro11", "--name", "Kim"]
    process = subprocess.Popen(
        [*command, "--output", str(tmp_path / "p.yaml"), "--no-evidence"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    raw = b""
    deadline = time.monotonic() + 60

    def read_until(marker: bytes, start: int) -> None:
        nonlocal raw
        while marker not in raw[start:] and time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1)
            if ready:
                try:
                    raw += os.read(main, 65536)
                except OSError:
                    break

    try:
        read_until(b"Level (0-4", 0)
        first = _screen(raw.decode("utf-8", "replace"))
        mark = len(raw)
        os.write(main, b"3\n")  # the answer; the second question is shown
        read_until(b"Level (0-4", mark)
        second = _screen(raw.decode("utf-8", "replace"))
        os.write(main, b"q\n")
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    for screen, skill in (
        (first, "Project and programme management methods and tools"),
        (second, "Specialist and service-area knowledge"),
    ):
        shown = " ".join(" ".join(screen).split())
        assert skill in shown, "\n".join(screen)
        assert f"{skill}: this role asks for 3 proficient" in shown, "\n".join(screen)
        assert screen[-1].startswith("Level (0-4"), screen[-1]  # the prompt on one line, cursor on it
