"""Real ``lecturecast audio|video -j 2`` subprocesses against the local Google stand-in.

gTTS answers the first sentence, then 503 for good: the worker processes' fallback warning must
reach the console once, and the records (timings.json, build.json) must name both engines.  Bad
voice options are one error line with the script's location.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lecturecast.media import run_ffmpeg
from lecturecast.voice.engines.auto import RESOLVED_ENV
from gtts_server import FakeGoogle, make_certificate

SRC = Path(__file__).resolve().parents[1] / "src"
SCRIPT = """---
title: Fallback test
language: en
---

# Fallback

## 0:00 First part {#first}

The first part has two sentences. It is short.

## 0:20 Second part {#second}

The second part speaks as well. It ends here.
"""
OUTAGE = re.compile(r"gTTS is out of service \(.+\); piper speaks the rest of this run")


def outage_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if OUTAGE.fullmatch(line)]


@pytest.fixture(scope="module")
def google(tmp_path_factory):
    folder = tmp_path_factory.mktemp("google")
    mp3 = folder / "a.mp3"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=0.8", "-ac", "1", "-ar", "24000",
                "-c:a", "libmp3lame", "-b:a", "32k", str(mp3)])
    return mp3.read_bytes(), make_certificate(folder)


def run_cli(args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "all_proxy", RESOLVED_ENV.lower())}
    env.pop(RESOLVED_ENV, None)
    env.update(extra_env, PYTHONPATH=f"{SRC}{os.pathsep}{env.get('PYTHONPATH', '')}")
    return subprocess.run([sys.executable, "-m", "lecturecast", *args], capture_output=True, text=True, env=env,
                          timeout=600)


def test_audio_j2_worker_fallback_warning_reaches_console(google, tmp_path):
    script = tmp_path / "lesson.md"
    script.write_text(SCRIPT, "utf-8")
    with FakeGoogle(*google, plan=["ok"], then="503") as g:
        proc = run_cli(["audio", str(script), "-o", str(tmp_path / "out"), "-j", "2", "--engine", "auto",
                        "--cache", str(tmp_path / "cache")], g.env())
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert sum("gTTS is reachable, so gtts speaks" in line for line in lines) == 1  # the parent's probe
    # from a worker; the other worker's outage warning (same topic, maybe another reason) is not shown again
    assert len(outage_warnings(proc.stderr)) == 1, proc.stderr
    assert "HTTP 503" in proc.stderr  # the retries said why
    timings = json.loads((tmp_path / "out" / "audio" / "timings.json").read_text("utf-8"))
    spoken = [s["engine"] for seg in timings for s in seg["sentences"]]
    assert spoken.count("gtts") == 1 and spoken.count("piper") == 3  # only the first POST was answered
    assert "spoken by gtts, piper" in proc.stdout
    assert len(g.posts) <= 1 + 2 * 3  # one answer, then at most one sentence's 3 attempts per worker


def test_video_j2_build_json_lists_every_engine(google, tmp_path):
    script = tmp_path / "lesson.md"
    script.write_text(SCRIPT, "utf-8")
    with FakeGoogle(*google, plan=["ok"], then="503") as g:
        proc = run_cli(["video", str(script), "-o", str(tmp_path / "out"), "-j", "2", "--engine", "auto",
                        "--cache", str(tmp_path / "cache")], g.env())
    assert proc.returncode == 0, proc.stderr
    assert len(outage_warnings(proc.stderr)) == 1, proc.stderr
    manifest = json.loads((tmp_path / "out" / "build.json").read_text("utf-8"))
    engines = manifest["engines"]
    assert set(engines) == {"gtts", "piper"}
    assert engines["gtts"]["sentences"] == 1 and engines["piper"]["sentences"] == 3
    per_segment = {seg_id: seg["audio"]["engines"] for seg_id, seg in manifest["segments"].items()}
    assert sorted(r for seg in per_segment.values() for r in seg.get("gtts", "").split(",") if r) == ["1"]
    assert all(set(e) <= {"gtts", "piper"} for e in per_segment.values())


def test_bad_voice_option_is_one_line_with_location(tmp_path):
    script = tmp_path / "lesson.md"
    script.write_text(SCRIPT.replace("language: en\n", "language: en\nvoices:\n  Narrator: piper:joe?noise_scale=abc\n"),
                      "utf-8")
    proc = run_cli(["audio", str(script), "-o", str(tmp_path / "out"), "--engine", "piper",
                    "--cache", str(tmp_path / "cache")], {})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if "error" in line]
    assert len(errors) == 1
    assert f"{script}:5: voice 'piper:joe?noise_scale=abc': option noise_scale='abc' is not a number" in errors[0]
    assert "(voice of Narrator)" in errors[0]
