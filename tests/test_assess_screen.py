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
