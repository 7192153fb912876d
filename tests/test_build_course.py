"""``lecturecast build A B`` (a course sharing one cache) and a successful ``segment --force``,
through the real CLI with real audio and video."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from build_helpers import write_small_lecture
from lecturecast.media import probe

pytestmark = pytest.mark.slow


def _cli(*args: str) -> dict | list:
    proc = subprocess.run([sys.executable, "-m", "lecturecast", *args, "--engine", "piper", "-j", "2", "--json"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def test_course_build_shares_the_cache_and_segment_force_redoes_only_that_segment(tmp_path: Path):
    first = write_small_lecture(tmp_path / "course", minutes=0.4, name="week-1.md")
    second = tmp_path / "course" / "week-2.md"
    second.write_text(first.read_text("utf-8").replace("Sequence Models, Start to Finish", "Week two"), "utf-8")
    root = tmp_path / "site"

    summaries = _cli("build", str(first), str(second), "-o", str(root))
    assert [Path(s["output"]) for s in summaries] == [root / "week-1", root / "week-2"]
    for s in summaries:
        info = probe(Path(s["outputs"]["lecture"]))
        assert info.video_streams == 1 and info.audio_streams == 1
        assert abs(info.duration - s["duration"]) <= 0.11
    assert (root / ".cache").is_dir() and not (root / "week-1" / ".cache").exists()
    segments = summaries[0]["rebuilt"]["audio"]
    assert segments == 2
    # the second lecture speaks the same narration: every segment's audio comes from the shared cache,
    # and only the slides showing the other title are painted
    assert summaries[1]["rebuilt"]["audio"] == 0 and summaries[1]["reused"]["audio"] == segments
    assert 0 < summaries[1]["rebuilt"]["slides"] < summaries[0]["rebuilt"]["slides"]

    out = root / "week-1"
    before = json.loads((out / "build.json").read_text("utf-8"))
    result = _cli("segment", str(first), "2", "-o", str(out), "--cache", str(root / ".cache"), "--force")
    seg = result["segment"]
    assert seg["id"] == "part-2" and seg["number"] == 2 and seg["end"] > seg["start"] > 0
    assert seg["clip"]["rebuilt"] is True and seg["audio"]["rebuilt"] is False  # audio is not re-taken
    after = json.loads((out / "build.json").read_text("utf-8"))
    assert after["segments"]["part-1"]["clip"] == {**before["segments"]["part-1"]["clip"], "rebuilt": False}
    forced = [s for s in after["slides"] if s["segment"] == "part-2"]
    assert forced and all(s["rebuilt"] for s in forced)
    assert not any(s["rebuilt"] for s in after["slides"] if s["segment"] != "part-2")
    assert abs(probe(out / "lecture.mp4").duration - after["timing"]["total"]) <= 0.11
    assert not (out / ".lecturecast.lock").exists()
