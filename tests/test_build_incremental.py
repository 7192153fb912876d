"""Real builds (piper voice, real PPTX/PNG/MP4): incremental rebuilds, manifest, outputs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pptx import Presentation

from build_helpers import decode_audio, snr_db, write_small_lecture
from lecturecast.pipeline.engine import build
from lecturecast.pipeline.options import BuildOptions
from lecturecast.media import probe
from lecturecast.script import load_lecture
from lecturecast.voice.audio import read_wav

pytestmark = pytest.mark.slow


def _build(script: Path, out: Path, cache: Path, **kw):
    opts = BuildOptions(output_dir=out, cache_dir=cache, engine="piper", jobs=2, **kw)
    return build(load_lecture(script), opts)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("incr")
    script = write_small_lecture(root / "src")
    out, cache = root / "out", root / "cache"
    first = _build(script, out, cache)
    return script, out, cache, first


def test_full_build_writes_every_output(built):
    script, out, cache, first = built
    for name in ("deck.pptx", "handout.pdf", "voiceover.wav", "lecture.mp4", "lecture.srt", "lecture.vtt",
                 "chapters.vtt", "description.txt", "drift.txt", "build.json"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    lecture = load_lecture(script)
    manifest = json.loads((out / "build.json").read_text())
    assert len(manifest["segments"]) == len(lecture.segments)
    assert len(list((out / "slides").glob("*.png"))) == len(manifest["slides"])
    assert len(Presentation(str(out / "deck.pptx")).slides) == len(manifest["slides"])
    info = probe(out / "lecture.mp4")
    assert (info.video_streams, info.audio_streams, info.streams) == (1, 1, 2)
    assert (info.width, info.height) == (1920, 1080)
    fps = manifest["options"]["fps"]
    assert abs(info.duration - manifest["timing"]["total"]) <= 1.0 / fps + 1e-3
    assert info.chapters >= 1
    assert first.manifest.counts("reused")["audio"] == 0


def test_unchanged_rebuild_does_nothing(built):
    script, out, cache, _ = built
    mtime = (out / "lecture.mp4").stat().st_mtime_ns
    again = _build(script, out, cache)
    assert again.manifest.counts("rebuilt") == {"slides": 0, "audio": 0, "clip": 0}
    assert all(not v["rebuilt"] for v in again.manifest.outputs.values())
    assert (out / "lecture.mp4").stat().st_mtime_ns == mtime


def test_one_segment_edit_rebuilds_only_that_segment(built, tmp_path):
    script, out, cache, _ = built
    before = json.loads((out / "build.json").read_text())
    lecture = load_lecture(script)
    target = lecture.segments[2]
    needle = "In part 3,"
    assert target.speeches[0].text.startswith(needle)
    text = script.read_text("utf-8")
    assert text.count(needle) == 1
    edited = tmp_path / script.name
    edited.write_text(text.replace(needle, "In part 3, as promised,"), "utf-8")
    result = _build(edited, out, cache)
    after = json.loads((out / "build.json").read_text())
    changed = [sid for sid in after["segments"] if after["segments"][sid]["audio"]["rebuilt"]]
    assert changed == [target.id]
    for sid, seg in after["segments"].items():
        if sid == target.id:
            assert seg["audio"]["key"] != before["segments"][sid]["audio"]["key"]
            continue
        assert seg["audio"]["key"] == before["segments"][sid]["audio"]["key"]
        assert seg["clip"]["key"] == before["segments"][sid]["clip"]["key"]
        assert not seg["clip"]["rebuilt"]
    assert result.manifest.outputs["lecture"]["rebuilt"]
    info = probe(out / "lecture.mp4")
    assert abs(info.duration - after["timing"]["total"]) <= 1.0 / after["options"]["fps"] + 1e-3
    # the voice track: only the edited segment's AAC chunk is encoded; the chunks after it moved
    # (the edit changed the narration's length) but are position-independent, so they are reused
    track = after["outputs"]["voicetrack"]
    assert track["chunks"] == len(after["segments"]) + 2  # + title and closing cards
    assert track["encoded"] == [target.id] and track["rebuilt"]
    assert after["segments"][lecture.segments[-1].id]["start"] != before["segments"][lecture.segments[-1].id]["start"]


def test_mp4_audio_is_the_voiceover(built):
    """The spliced AAC track decodes to voiceover.wav, sample-aligned (no priming gap, no drift)."""
    _, out, _, _ = built
    ref = read_wav(out / "voiceover.wav")[0]
    heard = decode_audio(out / "lecture.mp4")
    assert abs(len(heard) - len(ref)) == 0
    assert snr_db(ref, heard) > 30.0
    for shift in (-1024, 1024):  # one AAC frame off (a priming gap) would look like this
        assert snr_db(ref[max(0, shift):len(ref) + min(0, shift)], heard[max(0, -shift):len(heard) + min(0, -shift)]) < 10.0


def test_script_policy_speed_up_and_hold_through_the_voice_track(tmp_path):
    """The `script` timing policy end to end: a segment squeezed by its clock is sped up (its
    atempo WAV becomes its AAC chunk), a segment with room is held until the next clock; the MP4's
    audio is still exactly voiceover.wav and the file keeps its two streams."""
    from lecturecast.model import Lecture, Meta, Section, Segment, Speech
    from lecturecast.script import format_lecture

    text = ("Recurrent networks read a sequence one step at a time and carry a hidden state forward, "
            "so what they saw early can still shape what they predict much later.")
    lecture = Lecture(Meta(title="Clocks", timing="script", max_speedup=1.3), (Section("Clocks", (
        Segment("squeezed", (Speech(text),), clock=0.0),
        Segment("held", (Speech("Gates decide what to keep."),), clock=7.0),
        Segment("last", (Speech("That is the whole idea."),), clock=20.0),
    )),))
    script = tmp_path / "clocks.md"
    script.write_text(format_lecture(lecture), "utf-8")
    out = tmp_path / "out"
    _build(script, out, tmp_path / "cache")
    manifest = json.loads((out / "build.json").read_text())
    segs = manifest["segments"]
    assert 1.0 < segs["squeezed"]["speed"] <= 1.3  # ~8 s of speech for a 7 s window
    held = segs["held"]
    assert held["end"] - held["start"] >= 10.9 and segs["last"]["start"] == held["end"]  # held until 0:20 (+ title card)
    assert segs["last"]["drift"] is not None and abs(segs["last"]["drift"]) < 0.05
    track = manifest["outputs"]["voicetrack"]
    assert track["chunks"] == 5 and len(track["encoded"]) == 5
    info = probe(out / "lecture.mp4")
    assert (info.video_streams, info.audio_streams, info.streams) == (1, 1, 2)
    assert abs(info.duration - manifest["timing"]["total"]) <= 1.0 / manifest["options"]["fps"] + 1e-3
    ref = read_wav(out / "voiceover.wav")[0]
    heard = decode_audio(out / "lecture.mp4")
    assert len(heard) == len(ref) and snr_db(ref, heard) > 30.0
    assert "squeezed" in (out / "drift.txt").read_text("utf-8")
