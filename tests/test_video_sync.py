"""A/V sync of a whole synthetic 20-minute lecture (issue #5, acceptance b).

120 segments of ~10 s at 10 fps, each with its own solid-colour slide and a tone burst where its
voice starts.  Clips → join (stream copy) → mux, with the audio either encoded once from one WAV
(``whole``: the path for lectures with music beds) or spliced from per-segment AAC chunks
(``chunked``: the build's incremental voice track, :mod:`lecturecast.pipeline.voicetrack`).  Then every frame of the final MP4
is decoded and every slide change is compared with the decoded audio onset of its segment: they must
agree within one frame — at the start, the middle and the end (here: at every one of the 120 cuts).
Encoded at 320×180 to keep the test fast; 1920×1080 is covered by test_video_mp4.py and the benchmark.
"""
from __future__ import annotations

import sys
from types import SimpleNamespace
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "video"))
import video_synth as vs  # noqa: E402

from lecturecast.pipeline.store import Store  # noqa: E402
from lecturecast.pipeline.voicetrack import encode_track, plan_chunks  # noqa: E402
from lecturecast.media import probe  # noqa: E402
from lecturecast.plan.timing import schedule  # noqa: E402
from lecturecast.video import (chapters_from_schedule, encode_still_clip, join_clips, mux,  # noqa: E402
                               read_chapters)

FPS = 10
SIZE = (320, 180)
N_SECTIONS, PER_SECTION = 12, 10


@pytest.fixture(scope="module")
def joined_video(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sync")
    lec = vs.lecture(N_SECTIONS, PER_SECTION)
    n = len(lec.segments)
    # speech lengths that are not frame multiples, so the frame alignment is really exercised
    speech = {seg.id: 9.0 + (k % 7) * 0.137 for k, seg in enumerate(lec.segments)}
    sched = schedule(lec, speech, "natural", fps=FPS, pad=0.5, lead_in=3.0, tail=4.0, max_speedup=1.15)
    pal = vs.palette(n + 2)  # + title card, closing card
    pngs = [vs.solid_png(tmp / f"s{k:03d}.png", c, SIZE) for k, c in enumerate(pal)]
    jobs = [([(pngs[n], 0.0)], sched.lead_in, tmp / "title.mp4")]
    jobs += [([(pngs[k], 0.0)], slot.end - slot.start, tmp / f"c{k:03d}.mp4") for k, slot in enumerate(sched.slots)]
    jobs += [([(pngs[n + 1], 0.0)], sched.tail, tmp / "closing.mp4")]
    with ThreadPoolExecutor(2) as pool:
        clips = list(pool.map(lambda j: encode_still_clip(j[0], j[1], j[2], fps=FPS, size=SIZE, threads=1), jobs))
    joined = join_clips(clips, tmp / "joined.mp4")
    return tmp, lec, sched, pal, joined, speech


@pytest.fixture(scope="module", params=["whole", "chunked"])
def lecture_mp4(request, joined_video):
    tmp, lec, sched, pal, joined, speech = joined_video
    if request.param == "whole":
        audio = vs.write_wav(tmp / "voice.wav", vs.voiceover([s.start for s in sched.slots], sched.total))
    else:  # one WAV per segment: a burst, then quiet tone until the speech ends
        audios = []
        for k, seg in enumerate(lec.segments):
            x = np.concatenate([vs.tone(0.15), vs.tone(speech[seg.id] - 0.15, amp=0.001)])
            wav = vs.write_wav(tmp / f"seg{k:03d}.wav", x)
            audios.append(SimpleNamespace(wav=wav, duration=speech[seg.id], key=f"seg{k}"))
        chunks = plan_chunks(audios, sched)
        assert chunks is not None and len(chunks) == len(sched.slots) + 2
        audio, encoded, _ = encode_track(chunks, Store(tmp / f"cache-{request.param}"), jobs=2)
        assert len(encoded) == len({c.key for c in chunks})  # cold cache: every distinct chunk encoded once
    chapters = chapters_from_schedule(lec, sched)
    out = mux(joined, audio, tmp / f"lecture-{request.param}.mp4", chapters, title=lec.title)
    return lec, sched, pal, chapters, out, request.param


def test_container_facts(lecture_mp4):
    lec, sched, _, chapters, out, _ = lecture_mp4
    info = probe(out)
    assert (info.video_streams, info.audio_streams, info.streams) == (1, 1, 2)
    assert info.fps == FPS
    assert abs(info.duration - sched.total) <= 1 / FPS
    assert 19 * 60 < sched.total < 21 * 60
    back = read_chapters(out)
    assert [c.title for c in back] == [s.title for s in lec.sections]
    assert [round(c.start, 3) for c in back] == [round(c.start, 3) for c in chapters]
    assert back[0].start == 0.0 and abs(back[-1].end - sched.total) < 1e-3


def test_every_slide_change_matches_its_audio_onset(lecture_mp4):
    lec, sched, pal, _, out, kind = lecture_mp4
    colours = vs.decode_frame_colours(out)
    assert len(colours) == sched.total_frames  # CFR: frame i is shown at i / FPS
    cls = vs.classify(colours, pal)
    audio = vs.decode_audio(out)
    assert abs(len(audio) / vs.RATE - sched.total) <= 1 / FPS
    video_errors, audio_errors, av_errors = [], [], []
    for k, slot in enumerate(sched.slots):
        frames = np.nonzero(cls == k)[0]
        assert len(frames), f"segment {k + 1}'s slide never appears"
        change = frames[0] / FPS
        assert frames[-1] - frames[0] + 1 == len(frames) == slot.frames  # contiguous, exact length
        heard = vs.onset(audio, slot.start)
        assert heard is not None, f"no audio onset near {slot.start:.2f} s (segment {k + 1})"
        video_errors.append(change - slot.start)
        audio_errors.append(heard - slot.start)
        av_errors.append(change - heard)
    worst = max(abs(e) for e in av_errors)
    # start, middle, end explicitly (and every cut in between)
    for k in (0, 1, len(sched.slots) // 2, len(sched.slots) - 2, len(sched.slots) - 1):
        assert abs(av_errors[k]) <= 1 / FPS, (k, av_errors[k])
    assert worst <= 1 / FPS, worst
    assert max(abs(e) for e in video_errors) < 1e-9  # cuts land exactly on the planned frame
    # one AAC encode: no drift over 20 minutes; chunks: each voice starts on the AAC frame grid,
    # within ±512 samples (10.7 ms) of its slide, and the error never accumulates
    assert max(abs(e) for e in audio_errors) < (0.005 if kind == "whole" else 0.0107 + 0.002)
    print(f"\n{kind}: A/V sync over {len(av_errors)} cuts: worst |video-audio| {worst * 1000:.1f} ms, "
          f"audio onset error max {max(map(abs, audio_errors)) * 1000:.2f} ms "
          f"(first {audio_errors[0] * 1000:.2f}, middle {audio_errors[60] * 1000:.2f}, last {audio_errors[-1] * 1000:.2f})")
