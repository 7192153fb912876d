"""Kill -9 a real build at random points: never a broken output, and the next build finishes."""
from __future__ import annotations

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


def _cmd(script: Path, out: Path, cache: Path) -> list[str]:
    return [sys.executable, "-m", "lecturecast", "-q", "video", str(script), "-o", str(out),
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


def test_sigkill_at_random_points_never_breaks_outputs(tmp_path: Path):
    rng = random.Random(1234)
    src = write_small_lecture(tmp_path / "src", minutes=0.8)
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    text = src.read_text("utf-8")
    for attempt in range(5):
        # a different edit each time, so every run has real work in flight when it is killed
        src.write_text(text.replace("In part 2,", f"In part 2 (take {attempt}),"), "utf-8")
        proc = subprocess.Popen(_cmd(src, out, cache), env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 6.0))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        _outputs_are_whole(out)
    final = subprocess.run(_cmd(src, out, cache), env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    _outputs_are_whole(out)
    manifest = json.loads((out / "build.json").read_text("utf-8"))
    assert abs(probe(out / "lecture.mp4").duration - manifest["timing"]["total"]) <= 0.11
    leftovers = [p.name for p in out.rglob("*.part*")]
    assert leftovers == [], leftovers
