"""Bounded, seeded fuzzing of whole scripts (issue 14): mutated fixture scripts must load, lint, plan a deck
and round-trip, or fail with one LecturecastError line — never a traceback or a hang.

The longer run (≥ 10,000 inputs) is benchmarks/bench_fuzz.py; LECTURECAST_FUZZ=N multiplies this one.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fuzz_helpers import SEEDS, check_script, inputs, mutate, write_input

COUNT = 300 * int(os.environ.get("LECTURECAST_FUZZ", "1"))
LIMIT = 20.0  # seconds per input: a hang, not a slow machine (the bench records the real maximum)
ROOT = Path(__file__).resolve().parent.parent


def test_mutated_scripts_give_results_or_one_error_line(tmp_path):
    counts: Counter[str] = Counter()
    failures = []
    for index, (name, text) in enumerate(inputs(seed=14, count=COUNT, long_line=20_000)):
        path = write_input(tmp_path, index, name, text)
        outcome = check_script(path, LIMIT)
        counts[outcome.status] += 1
        if outcome.status not in ("ok", "error"):
            failures.append(f"{path.name}: {outcome.status}: {outcome.detail[-800:]}")
        elif outcome.status == "error":
            assert "\n" not in outcome.detail, outcome.detail
        path.unlink()
    assert not failures, f"{len(failures)} of {COUNT} inputs failed ({dict(counts)}):\n" + "\n".join(failures[:5])
    assert counts["ok"] >= COUNT // 4, counts  # the mutations leave most scripts usable: the stages really ran


def test_the_mutations_are_seeded_and_varied():
    a = [text for _, text in inputs(seed=3, count=40)]
    assert a == [text for _, text in inputs(seed=3, count=40)]
    assert len(set(a)) > 30 and any(len(t) > 20_000 for t in a) or any("\ufffe" in t for t in a)


HOSTILE_CLI = {
    "rate-inf.md": "---\ntitle: T\nrate: inf\n---\n\n# S\n\n## A {#a}\n\nHello.\n",
    "endless.md": "---\ntitle: T\n---\n\n# S\n\n## 0:00 A ({}s) {{#a}}\n\nHello.\n".format("9" * 400),
    "fffe.md": "# Title\n\nNarrator: one\ufffe two\uffff three.\n",
    "reversed.md": "# Lecture\n\n## (1:30 - 0:10) Middle\n\nNarrator: Words.\n",
    "hashes.md": "# " * 60_000 + "x\n\nNarrator: after.\n",
    "unclosed.md": "---\ntitle: T\n---\n\n```python\nprint(1)\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CLI))
@pytest.mark.parametrize("command", ["lint", "slides"])
def test_cli_on_hostile_scripts_prints_one_line(tmp_path, name, command):
    script = tmp_path / name
    script.write_text(HOSTILE_CLI[name], encoding="utf-8")
    args = [sys.executable, "-m", "lecturecast", "-q", command, str(script)]
    if command == "slides":
        args += ["-o", str(tmp_path / "out"), "--no-png", "--no-handout"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    if proc.returncode not in (0, 3):  # 3: lint found errors (printed as findings on stdout)
        assert len(lines) == 1 and lines[0].startswith("lecturecast: error: "), proc.stderr[-2000:]
        assert f"{name}:" in lines[0]  # located
    else:
        assert all(len(line) < 500 for line in lines), proc.stderr[-2000:]


def test_fixture_seeds_cover_several_shapes():
    assert {Path(n).suffix for n in SEEDS} >= {".md", ".txt", ".srt"} and len(SEEDS) >= 5
    assert mutate.__doc__
