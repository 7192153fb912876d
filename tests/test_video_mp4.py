"""Clips, join, mux at 1920×1080 (issue #5, acceptance a) and the clip-level guarantees."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "video"))
import video_synth as vs  # noqa: E402

from lecturecast.errors import ConfigError, MediaError  # noqa: E402
from lecturecast.media import probe, run_ffmpeg  # noqa: E402
from lecturecast.plan.timing import schedule, slide_offsets  # noqa: E402
from lecturecast.video import (apply_speed, burn_captions, caption_cues, chapters_from_schedule,  # noqa: E402
                               count_frames, encode_still_clip, has_libass, join_clips, mux, read_chapters,
                               TimedText, write_srt)

FPS = 10


def _packet_hashes(video: Path, tmp: Path) -> list[str]:
    dest = tmp / f"{video.stem}.framemd5"
    # the concat demuxer repeats the parameter sets (SPS/PPS, NAL types 7 and 8) in-band at each clip's
    # first keyframe; everything else — every coded slice — must be byte-identical
    run_ffmpeg(["-i", str(video), "-map", "0:v:0", "-c", "copy", "-bsf:v", "filter_units=remove_types=7|8",
                "-f", "framemd5", str(dest)])
    return [line.rsplit(",", 1)[-1].strip() for line in dest.read_text().splitlines() if not line.startswith("#")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A 3-section lecture at 1920×1080: title card, 6 segments (one with 3 slides), closing card."""
    tmp = tmp_path_factory.mktemp("mp4")
    lec = vs.lecture(3, 2)  # 6 segments, sections of 2
    speech = {s.id: 11.0 + k * 0.33 for k, s in enumerate(lec.segments)}
    sched = schedule(lec, speech, fps=FPS, pad=0.5, lead_in=3.0, tail=4.0)
    pal = vs.palette(12)
    pngs = [vs.solid_png(tmp / f"p{k}.png", c, label=f"slide {k}") for k, c in enumerate(pal)]
    clips = [encode_still_clip([(pngs[10], 0.0)], sched.lead_in, tmp / "title.mp4", fps=FPS, fade_in=0.5)]
    multi = None
    for k, slot in enumerate(sched.slots):
        frames = [(pngs[k], 0.0)]
        if k == 2:  # three slides, changing with the narration (sentences start at 0, 4.26 and 7.04 s)
            offsets = slide_offsets([0, 2, 4], [_S(0, 0.0, 4.0), _S(2, 4.26, 7.0), _S(4, 7.04, 9.0)], slot.duration)
            frames = [(pngs[k], offsets[0]), (pngs[6], offsets[1]), (pngs[7], offsets[2])]
            multi = (k, offsets)
        clips.append(encode_still_clip(frames, slot.duration, tmp / f"seg{k}.mp4", fps=FPS))
    clips.append(encode_still_clip([(pngs[11], 0.0)], sched.tail, tmp / "closing.mp4", fps=FPS, fade_out=1.0))
    joined = join_clips(clips, tmp / "joined.mp4")
    wav = vs.write_wav(tmp / "voice.wav", vs.voiceover([s.start for s in sched.slots], sched.total - 0.37))
    chapters = chapters_from_schedule(lec, sched)
    out = mux(joined, wav, tmp / "lecture.mp4", chapters, title=lec.title)
    return dict(tmp=tmp, lec=lec, sched=sched, pal=pal, clips=clips, joined=joined, out=out,
                chapters=chapters, multi=multi, pngs=pngs)


class _S:
    def __init__(self, block_index: int, start: float, end: float):
        self.block_index, self.start, self.end, self.text = block_index, start, end, "x"


def test_mp4_streams_duration_and_chapters(built):
    sched, out = built["sched"], built["out"]
    info = probe(out)
    assert (info.video_streams, info.audio_streams, info.streams) == (1, 1, 2)
    assert (info.width, info.height, info.fps) == (1920, 1080, FPS)
    assert count_frames(out) == sched.total_frames == sum(count_frames(c) for c in built["clips"])
    assert abs(info.duration - sched.total) <= 1 / FPS
    back = read_chapters(out)
    assert info.chapters == len(back) == 3
    assert [c.title for c in back] == ["Section 1", "Section 2", "Section 3"]
    expected = [0.0, sched.slot("seg-3").start, sched.slot("seg-5").start]
    assert [c.start for c in back] == pytest.approx(expected, abs=1e-3)
    assert back[-1].end == pytest.approx(sched.total, abs=1e-3)
    # the voiceover was shorter than the video: padded, so audio and video end together
    audio = vs.decode_audio(out)
    assert abs(len(audio) / vs.RATE - sched.total) <= 1 / FPS


def test_join_is_stream_copy(built):
    """The joined video holds exactly the clips' packets: nothing was re-encoded."""
    tmp = built["tmp"]
    joined = _packet_hashes(built["joined"], tmp)
    parts = [h for clip in built["clips"] for h in _packet_hashes(clip, tmp)]
    assert joined == parts


def test_multi_slide_clip_changes_on_the_frame(built):
    k, offsets = built["multi"]
    assert offsets == [0.0, 4.26, 7.04]
    colours = vs.decode_frame_colours(built["clips"][k + 1])
    cls = vs.classify(colours, built["pal"])
    changes = [0] + [i for i in range(1, len(cls)) if cls[i] != cls[i - 1]]
    assert changes == [0, 43, 70]  # round(offset * fps)
    assert list(cls[[0, 43, 70]]) == [k, 6, 7]


def test_clip_frame_count_keyframes_and_colour_tags(tmp_path):
    png = vs.solid_png(tmp_path / "a.png", (200, 40, 40), (640, 360))
    clip = encode_still_clip([(png, 0.0)], 25.04, tmp_path / "a.mp4", fps=FPS, size=(640, 360))
    assert count_frames(clip) == 250  # round(25.04 * 10)
    err = run_ffmpeg(["-skip_frame", "nokey", "-i", str(clip), "-map", "0:v", "-f", "null", "-"])
    keyframes = int(err.rsplit("frame=", 1)[1].split()[0])
    assert keyframes >= 3  # at 0, 10 and 20 s at least
    head = run_ffmpeg(["-i", str(clip), "-f", "null", "-"])
    assert "bt709" in head and "yuv420p" in head
    # a non-16:9 image is letterboxed, not stretched
    tall = vs.solid_png(tmp_path / "t.png", (0, 200, 0), (300, 600))
    clip2 = encode_still_clip([(tall, 0.0)], 0.3, tmp_path / "t.mp4", fps=FPS, size=(640, 360))
    colours = vs.decode_frame_colours(clip2)
    assert len(colours) == 3


def test_clip_errors(tmp_path):
    png = vs.solid_png(tmp_path / "a.png", (1, 2, 3), (64, 36))
    with pytest.raises(MediaError, match="does not exist"):
        encode_still_clip([(tmp_path / "missing.png", 0.0)], 1.0, tmp_path / "x.mp4")
    with pytest.raises(MediaError, match="shorter than one frame"):
        encode_still_clip([(png, 0.0)], 0.01, tmp_path / "x.mp4", fps=10, size=(64, 36))
    with pytest.raises(ConfigError):
        encode_still_clip([(png, 0.0)], 1.0, tmp_path / "x.mp4", size=(65, 36))
    with pytest.raises(MediaError, match="missing"):
        join_clips([tmp_path / "nope.mp4"], tmp_path / "j.mp4")
    assert not (tmp_path / "x.mp4").exists()  # nothing half-written


def test_apply_speed(tmp_path):
    src = vs.write_wav(tmp_path / "in.wav", vs.tone(6.0, amp=0.3))
    out = apply_speed(src, tmp_path / "out.wav", 1.15)
    samples = vs.decode_audio(out)
    assert len(samples) / vs.RATE == pytest.approx(6.0 / 1.15, abs=0.03)
    with pytest.raises(ConfigError):
        apply_speed(src, tmp_path / "bad.wav", 0.0)


@pytest.mark.skipif(not has_libass(), reason="ffmpeg without libass")
def test_burn_captions(tmp_path):
    png = vs.solid_png(tmp_path / "a.png", (20, 20, 20), (640, 360))
    clip = encode_still_clip([(png, 0.0)], 3.0, tmp_path / "a.mp4", fps=FPS, size=(640, 360))
    wav = vs.write_wav(tmp_path / "v.wav", vs.tone(3.0, amp=0.1))
    calls = []
    mp4 = mux(clip, wav, tmp_path / "m.mp4", progress=lambda *a: calls.append(a))
    assert calls and calls[-1] == ("mux", 3000, 3000)  # (stage, done ms, total ms)
    srt = write_srt(caption_cues([TimedText("Burnt-in caption text here", 0.5, 2.5)]), tmp_path / "c.srt")
    out = burn_captions(mp4, srt, tmp_path / "b's out.mp4", fps=FPS)
    info = probe(out)
    assert (info.video_streams, info.audio_streams, info.streams) == (1, 1, 2)
    bottom = "iw:ih/5:0:ih*4/5"
    before = vs.decode_frame_colours(mp4, crop=bottom)
    after = vs.decode_frame_colours(out, crop=bottom)
    assert len(after) == 30
    assert np.abs(after[15] - before[15]).max() > 2  # white text drawn at 1.5 s (mean of the bottom strip)
    assert np.abs(after[1] - before[1]).max() < 1  # nothing drawn before the cue


def test_join_paths_with_quotes_and_spaces(tmp_path):
    folder = tmp_path / "it's a folder"
    folder.mkdir()
    png = vs.solid_png(folder / "a.png", (10, 120, 10), (64, 36))
    clips = [encode_still_clip([(png, 0.0)], d, folder / f"c {k}.mp4", fps=FPS, size=(64, 36))
             for k, d in enumerate((0.3, 1.25, 0.5))]
    out = join_clips(clips, folder / "joined 'x'.mp4")
    assert count_frames(out) == 3 + 12 + 5  # round(1.25 * 10) == 12 (banker's rounding of 12.5)
