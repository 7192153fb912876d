"""Kill -9 a real build at points inside its stages (each run proven to be mid-build when killed):
never a broken output, and the next build finishes."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from build_helpers import write_small_lecture
from lecturecast.media import probe

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name == "nt", reason="platform: uses POSIX process groups")]


LOCK = ".lecturecast.lock"


def _cmd(script: Path, out: Path, cache: Path) -> list[str]:
    return [sys.executable, "-m", "lecturecast", "video", str(script), "-o", str(out),
            "--cache", str(cache), "--engine", "piper", "-j", "2"]


def _outputs_are_whole(out: Path) -> None:
    deck = out / "deck.pptx"
    if deck.exists():
        assert zipfile.is_zipfile(deck)
        Presentation(str(deck))
    mp4 = out / "lecture.mp4"
    if mp4.exists():
        info = probe(mp4)
        assert info.video_streams == 1 and info.audio_streams == 1 and (info.duration or 0) > 0
    manifest = out / "build.json"
    if manifest.exists():
        json.loads(manifest.read_text("utf-8"))


# Where each run is killed: after the line that marks a stage as finished (the CLI's progress lines on a
# non-TTY stderr, "  <stage>: N done in S s"; the audio stage reports every run, cached or not) or, for
# None, as soon as the run holds the output folder's lock; then a random short delay so the kill lands
# inside the stages that follow (planning, slides, synthesis; timing, voice track, clips, join, mux).
KILL_POINTS = [(None, 0.0, 1.5), ("audio", 0.0, 0.2), (None, 1.0, 2.5), ("audio", 0.1, 0.6), (None, 0.3, 1.0)]
TRIES = 4  # a run that finishes before its kill is tried again (new edit) with half the delay


def _run_until(proc: subprocess.Popen, out: Path, stage: str | None, timeout: float = 300) -> None:
    """Block until ``proc`` holds the lock (stage None) or reports ``stage`` done."""
    deadline = time.monotonic() + timeout
    if stage is None:
        lock = out / LOCK
        while not (lock.exists() and lock.read_text().strip() == str(proc.pid)):
            assert proc.poll() is None and time.monotonic() < deadline, "the build ended before holding the lock"
            time.sleep(0.02)
        return
    for line in proc.stderr:  # progress lines
        if line.strip().startswith(f"{stage}:") and " done in " in line:
            return
        assert time.monotonic() < deadline
    raise AssertionError(f"the build ended before finishing {stage}")


def _kill_mid_build(src: Path, out: Path, cache: Path, env: dict, stage: str | None, delay: float) -> bool:
    """Start a build, SIGKILL it ``delay`` s after ``stage``; True when the kill landed mid-build: the
    process died of our signal and its lock file still names it (a build deletes that file only when
    it has finished), False when it had finished first."""
    proc = subprocess.Popen(_cmd(src, out, cache), env=env, start_new_session=True, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _run_until(proc, out, stage)
        time.sleep(delay)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        proc.stderr.close()
    lock = out / LOCK
    held = lock.exists() and lock.read_text().strip() == str(proc.pid)
    if proc.returncode == 0:
        assert not lock.exists()
    return proc.returncode == -signal.SIGKILL and held


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:32]  # as build.json records it


def test_sigkill_mid_build_never_breaks_outputs_and_the_next_build_resumes(tmp_path: Path):
    rng = random.Random(1234)
    src = write_small_lecture(tmp_path / "src", minutes=0.8)
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    text = src.read_text("utf-8")
    take = 0
    for attempt, (stage, low, high) in enumerate(KILL_POINTS):
        delay = rng.uniform(low, high)
        for _ in range(TRIES):
            # a different edit each time, so every run has real work in flight when it is killed
            take += 1
            src.write_text(text.replace("In part 2,", f"In part 2 (take {take}),"), "utf-8")
            if _kill_mid_build(src, out, cache, env, stage, delay):
                break
            delay /= 2
        else:
            raise AssertionError(f"kill point {attempt}: every run finished before it was killed")
        # the run did not finish: no manifest of this edit (a finished build writes one, then deletes
        # the lock file; a killed one leaves the unlocked file behind)
        manifest = out / "build.json"
        assert not manifest.exists() or json.loads(manifest.read_text("utf-8"))["lecture"]["script_digest"] != _digest(src)
        assert (out / LOCK).exists()
        _outputs_are_whole(out)
    final = subprocess.run(_cmd(src, out, cache), env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    _outputs_are_whole(out)
    manifest = json.loads((out / "build.json").read_text("utf-8"))
    assert manifest["lecture"]["script_digest"] == _digest(src)
    assert abs(probe(out / "lecture.mp4").duration - manifest["timing"]["total"]) <= 0.11
    leftovers = [p.name for p in out.rglob("*.part*")]
    assert leftovers == [], leftovers
    assert not (out / LOCK).exists()
