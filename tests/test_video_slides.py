"""A real small build (offline voice, real MP4): every slide in the video is on screen 2.5–45 s,
slides change only where a sentence starts, a code slide comes with the sentence introducing it,
and build.json says when each slide is on screen."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from lecturecast.media import ffmpeg_exe
from lecturecast.model import Code, Lecture, Meta, Section, Segment, Speech
from lecturecast.pipeline.engine import build
from lecturecast.pipeline.options import BuildOptions
from lecturecast.plan.slidetimes import MIN_SECONDS
from lecturecast.script import format_lecture, load_lecture
from lecturecast.voice import get_engine, synthesize_segment

FRAME = 0.1  # one frame at the build's 10 fps


def _lesson() -> Lecture:
    long = Segment("wings", title="How wings work", blocks=(Speech(
        "A wing is shaped so that the air leaving its back edge is pushed downwards. The air pushes back, and "
        "that push is what we call lift. Lift grows with the square of the speed, so a plane twice as fast gets "
        "four times the lift. It also grows with the angle between the wing and the oncoming air. Pilots raise "
        "the nose to increase that angle when they slow down for landing. If the angle becomes too steep, the air "
        "no longer follows the upper surface and the wing stalls. A stall is not an engine failure; it is the "
        "wing losing its grip on the air. Recovering is simple: lower the nose and let the speed come back."),))
    code = Segment("calc", title="Lift in code", blocks=(
        Speech("Engineers estimate lift with one short formula. Here is that formula written in Python:"),
        Code("def lift(rho, v, area, cl):\n    return 0.5 * rho * v ** 2 * area * cl", language="python"),
        Speech("Doubling the speed quadruples the result, exactly as we said.")))
    short = Segment("pause", blocks=(Speech("Any questions?"),))
    talk = Segment("talk", title="Ask a pilot", blocks=(
        Speech("Was your first stall frightening?", speaker="Host"),
        Speech("A little, but my instructor had shown me the recovery many times.", speaker="Guest"),
        Speech("And now?", speaker="Host"),
        Speech("Now it is a routine exercise, done every few months.", speaker="Guest")))
    return Lecture(Meta(title="Lift", voices=(("Host", "auto:1"), ("Guest", "auto:2"))),
                   (Section("Flight", (long, code, short)), Section("People", (talk,))))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lift")
    script = folder / "lift.md"
    script.write_text(format_lecture(_lesson()), "utf-8")
    lecture = load_lecture(script)
    opts = BuildOptions(output_dir=folder / "out", cache_dir=folder / "cache", engine="piper", jobs=2)
    result = build(lecture, opts)
    manifest = json.loads((folder / "out" / "build.json").read_text("utf-8"))
    return lecture, result, manifest, opts


def test_every_slide_in_the_video_is_on_screen_between_2_5_and_45_seconds(built):
    lecture, result, manifest, _ = built
    shown = sorted((s for s in manifest["slides"] if s["start"] is not None), key=lambda s: s["start"])
    assert len(shown) >= len(lecture.segments) + 2  # title, every segment, closing
    for s in shown:
        assert MIN_SECONDS - 1e-6 <= s["end"] - s["start"] <= 45.0, s
    assert shown[0]["start"] == 0.0 and shown[-1]["end"] == pytest.approx(manifest["timing"]["total"], abs=1e-3)
    for a, b in zip(shown, shown[1:]):  # the shown slides tile the video
        assert b["start"] == pytest.approx(a["end"], abs=1e-3)
    hidden = [s["kind"] for s in manifest["slides"] if s["start"] is None]
    assert set(hidden) <= {"section", "references", "continuation"}
    wings = [s for s in shown if s["segment"] == "wings"]
    assert len(wings) >= 2  # about a minute of narration: the slide changes on the way


def _sentence_starts(lecture, manifest, opts) -> dict[str, list[float]]:
    engine = get_engine("piper")
    out = {}
    for seg in lecture.segments:
        audio = synthesize_segment(seg, lecture, engine, Path(opts.cache_dir))  # cached by the build
        slot = manifest["segments"][seg.id]
        out[seg.id] = [slot["start"] + s.start / slot["speed"] for s in audio.sentences]
    return out


def test_no_slide_change_falls_inside_a_sentence(built):
    lecture, _, manifest, opts = built
    starts = _sentence_starts(lecture, manifest, opts)
    for seg in lecture.segments:
        slot = manifest["segments"][seg.id]
        changes = [s["start"] for s in manifest["slides"] if s["segment"] == seg.id and s["start"] is not None]
        for t in changes:
            at_segment_start = abs(t - slot["start"]) < 1e-3
            at_sentence = any(abs(t - s) <= FRAME for s in starts[seg.id])
            assert at_segment_start or at_sentence, (seg.id, t, starts[seg.id])


def test_code_slide_comes_with_its_lead_in_sentence(built):
    lecture, _, manifest, opts = built
    code = next(s for s in manifest["slides"] if s["layout"] == "code")
    lead_in = _sentence_starts(lecture, manifest, opts)["calc"][1]  # "Here is that formula written in Python:"
    assert code["start"] == pytest.approx(lead_in, abs=FRAME) and code["end"] - code["start"] >= MIN_SECONDS


def test_frames_at_slide_changes_show_the_planned_slides(built):
    from PIL import Image, ImageChops

    _, result, manifest, _ = built
    out = result.output_dir
    for s in manifest["slides"]:
        if s["start"] is None or s["kind"] in ("title", "closing"):  # the cards fade
            continue
        t = s["start"] + min(1.0, (s["end"] - s["start"]) / 2)
        frame = out / f"frame-{s['number']}.png"
        subprocess.run([ffmpeg_exe(), "-v", "error", "-y", "-ss", f"{t:.2f}", "-i", str(out / "lecture.mp4"),
                        "-frames:v", "1", str(frame)], check=True, timeout=60)
        with Image.open(frame) as got, Image.open(out / s["file"]) as want:
            diff = ImageChops.difference(got.convert("L"), want.convert("L").resize(got.size))
            assert sum(diff.histogram()[40:]) < 0.02 * got.size[0] * got.size[1], s["number"]
