"""Video benchmark: lecturecast's still-clip pipeline vs a naive moviepy render, same lecture, one run.

    python benchmarks/bench_video.py                 # 20-minute lecture, naive on all 20 min
    python benchmarks/bench_video.py --naive-minutes 5   # naive on the first 5 min, scaled

The lecture: ``--minutes`` of still slides (1920×1080 PNGs painted with Pillow: a coloured
background, a title and bullets), ``--segment`` seconds each, a tone burst where each segment's voice
starts (instead of speech, so the benchmark needs no TTS), a title and a closing card.

* lecturecast: the build's video path — schedule → one still clip per segment, made in ``--jobs``
  batches (``encode_still_clips``: one IDR encode + one mux run per batch; ``-threads 1``; the still-GOP
  template made on the first batch and counted; the faded title/closing cards fully encoded) beside the
  voiceover's AAC encode → concat join (stream copy) → mux (stream copy, chapters).  The voiceover WAV
  is input, written before the clock starts.  The output is then checked: duration, chapters, and
  every slide change against the decoded audio onset (±1 frame).
* naive: moviepy ``ImageClip`` per slide, ``concatenate_videoclips``, the same voiceover,
  ``write_videofile`` at the **same** fps, preset and threads as ours ("same-settings", the like-for-like
  row), then at moviepy's defaults (24 fps, preset medium; "defaults-24fps", ``--naive-defaults-minutes``
  renders a part and scales).  CPU seconds (this process + its children) beside wall time.
* ``--clip-cost N``: CPU per 10-s still clip, N clips one at a time vs one batch, same process.
* ``--aac-check``: the per-clip-AAC alternative (each clip carries its own AAC audio, joined with
  stream copy) — measures how far the audio drifts from the cuts by the end of the lecture.

Prints a summary and writes ``bench_video.json`` next to the outputs (``--out``, default a temp dir).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lecturecast.media import ffmpeg_exe, probe
from lecturecast.model import Lecture, Meta, Section, Segment, Speech
from lecturecast.plan.timing import schedule
from lecturecast.pipeline.stages import clip_batches
from lecturecast.video import (StillClip, chapters_from_schedule, count_frames, encode_audio, encode_still_clip,
                               encode_still_clips, join_clips, mux, read_chapters)

RATE = 48000
FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"


def colour(k: int) -> tuple[int, int, int]:
    return (30 + 20 * (k % 10), 30 + 15 * ((k // 10) % 13), 200 - 40 * ((k // 130) % 4) - 5 * (k % 10))


def paint_slide(path: Path, k: int, title: str, size=(1920, 1080)) -> Path:
    img = Image.new("RGB", size, colour(k))
    draw = ImageDraw.Draw(img)
    try:
        big, small = ImageFont.truetype(FONT, 72), ImageFont.truetype(FONT, 44)
    except OSError:
        big = small = ImageFont.load_default()
    draw.text((160, 140), title, fill=(255, 255, 255), font=big)
    for i in range(5):
        draw.text((200, 320 + i * 110), f"• Point {i + 1} of slide {k}: gates, states and gradients", fill=(250, 250, 240),
                  font=small)
    img.save(path)
    return path


def make_lecture(minutes: float, segment: float) -> tuple[Lecture, dict[str, float]]:
    n = int(round(minutes * 60 / segment))
    per_section = 10
    sections, speech = [], {}
    for s in range(0, n, per_section):
        segs = []
        for k in range(s, min(n, s + per_section)):
            segs.append(Segment(f"seg-{k + 1}", (Speech(f"Segment {k + 1}."),)))
            speech[f"seg-{k + 1}"] = segment - 0.5 - (k % 7) * 0.071  # not frame multiples
        sections.append(Section(f"Section {s // per_section + 1}", tuple(segs)))
    return Lecture(Meta(title="Benchmark lecture"), tuple(sections)), speech


def write_voiceover(path: Path, starts, total: float) -> Path:
    data = np.zeros(int(round(total * RATE)))
    t = np.arange(int(0.15 * RATE)) / RATE
    burst = 0.5 * np.sin(2 * np.pi * 1000 * t)
    for s in starts:
        i = int(round(s * RATE))
        data[i:i + len(burst)] = burst[: len(data) - i]
    from lecturecast.voice.audio import write_wav

    return write_wav(path, data, RATE)


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (load-independent cost)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _decode(cmd: list[str]) -> bytes:
    return subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", *cmd], capture_output=True, timeout=1800,
                          check=True).stdout


def check_sync(mp4: Path, sched, fps: int) -> dict:
    """Every slide change (background colour in a text-free corner) vs the decoded audio onset."""
    raw = _decode(["-i", str(mp4), "-map", "0:v:0", "-vf", "crop=64:36:0:0,scale=4:2", "-fps_mode", "passthrough",
                   "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
    colours = np.frombuffer(raw, np.uint8).reshape(-1, 2, 4, 3).astype(float).mean(axis=(1, 2))
    n = len(sched.slots)
    pal = np.array([colour(k) for k in range(n + 2)], float)
    cls = ((colours[:, None, :] - pal[None]) ** 2).sum(axis=2).argmin(axis=1)
    audio = np.frombuffer(_decode(["-i", str(mp4), "-map", "0:a:0", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"]),
                          "<i2").astype(float) / 32768
    av = []
    for k, slot in enumerate(sched.slots):
        lo = max(0, int((slot.start - 1.0) * fps))  # look near the cut (fades elsewhere can look alike)
        frames = lo + np.nonzero(cls[lo:int((slot.start + 1.0) * fps)] == k)[0]
        a, b = int((slot.start - 0.4) * RATE), int((slot.start + 0.4) * RATE)
        hits = np.nonzero(np.abs(audio[max(0, a):b]) > 0.2)[0]
        if not len(frames) or not len(hits):
            av.append(float("inf"))
            continue
        av.append(frames[0] / fps - (max(0, a) + hits[0]) / RATE)
    worst = max(abs(x) for x in av)
    return {"frames": int(len(colours)), "expected_frames": sched.total_frames,
            "worst_av_ms": round(float(worst) * 1000, 2), "within_one_frame": bool(worst <= 1 / fps),
            "av_ms_start_middle_end": [round(float(av[i]) * 1000, 2) for i in (0, n // 2, n - 1)]}


def run_lecturecast(tmp: Path, lec: Lecture, speech: dict, pngs: list[Path], fps: int, jobs: int,
                    preset: str = "ultrafast") -> dict:
    """The build's video path: clips in ``jobs`` batches (as ``pipeline.stages.segment_clips``) beside the
    voiceover's AAC encode (as ``pipeline.assemble``), join, mux by stream copy.  The voiceover WAV is
    input, written before the clock starts (moviepy reads the same file)."""
    sched = schedule(lec, speech, "natural", fps=fps, pad=0.5, lead_in=3.0, tail=4.0)
    wav = write_voiceover(tmp / "voiceover.wav", [s.start for s in sched.slots], sched.total)
    t0, c0 = time.perf_counter(), cpu_seconds()
    n = len(sched.slots)
    todo = [StillClip(((pngs[n], 0.0),), sched.lead_in, tmp / "lc_title.mp4", 0.5, 0.0)]
    todo += [StillClip(((pngs[k], 0.0),), s.end - s.start, tmp / f"lc_{k:04d}.mp4") for k, s in enumerate(sched.slots)]
    todo += [StillClip(((pngs[n + 1], 0.0),), sched.tail, tmp / "lc_closing.mp4", 0.0, 1.0)]
    with ThreadPoolExecutor(jobs + 1) as pool:
        audio = pool.submit(encode_audio, wav, tmp / "voiceover.m4a", sched.total)
        batches = clip_batches(todo, jobs)
        list(pool.map(lambda b: encode_still_clips(b, fps=fps, threads=1, preset=preset), batches))
        clips = [c.out for c in todo]
        t_clips, c_clips = time.perf_counter() - t0, cpu_seconds() - c0
        t1 = time.perf_counter()
        joined = join_clips(clips, tmp / "lc_joined.mp4")
        t_join = time.perf_counter() - t1
        m4a = audio.result()
    t_audio_wait = time.perf_counter() - t1 - t_join
    t1 = time.perf_counter()
    chapters = chapters_from_schedule(lec, sched)
    out = mux(joined, m4a, tmp / "lecturecast.mp4", chapters, title=lec.title, duration=sched.total)
    t_mux = time.perf_counter() - t1
    total, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    info = probe(out)
    back = read_chapters(out)
    return {"seconds": round(total, 1), "cpu_seconds": round(cpu, 1), "clips_s": round(t_clips, 1),
            "clips_and_aac_cpu_s": round(c_clips, 1), "clip_batches": len(batches),
            "bytes_per_minute": round(out.stat().st_size / (sched.total / 60)), "join_s": round(t_join, 2),
            "aac_wait_s": round(t_audio_wait, 2), "mux_s": round(t_mux, 1), "clips": len(clips),
            "video_seconds": sched.total, "probe_duration": info.duration, "streams": [info.video_streams, info.audio_streams],
            "frames": count_frames(out), "expected_frames": sched.total_frames,
            "chapters_written": len(chapters), "chapters_read_back": len(back),
            "chapter_starts_match": all(abs(a.start - b.start) < 1e-3 for a, b in zip(chapters, back)),
            "bytes": out.stat().st_size, "sync": check_sync(out, sched, fps), "_sched": sched}


def clip_cost(tmp: Path, pngs: list[Path], fps: int, count: int, preset: str) -> dict:
    """CPU per still clip (10 s, one slide, template cached): one at a time vs one batch, same process."""
    clips = [StillClip(((pngs[k % len(pngs)], 0.0),), 10.0, tmp / f"cost_{k:03d}.mp4") for k in range(count)]
    encode_still_clip(list(clips[0].frames), 10.0, tmp / "cost_warm.mp4", fps=fps, preset=preset)  # template
    c0 = cpu_seconds()
    for c in clips:
        encode_still_clip(list(c.frames), c.duration, c.out, fps=fps, preset=preset)
    single = cpu_seconds() - c0
    c0 = cpu_seconds()
    encode_still_clips(clips, fps=fps, preset=preset)
    batched = cpu_seconds() - c0
    return {"clips": count, "one_at_a_time_cpu_ms_per_clip": round(1000 * single / count),
            "batched_cpu_ms_per_clip": round(1000 * batched / count)}


def run_naive(tmp: Path, pngs: list[Path], sched, minutes: float | None, *, fps: int, preset: str | None,
              threads: int | None, label: str) -> dict:
    """moviepy's ImageClip + concatenate + write_videofile; ``preset``/``threads`` None = moviepy's defaults."""
    from moviepy import AudioFileClip, ImageClip, concatenate_videoclips

    n = len(sched.slots)
    items = [(pngs[n], sched.lead_in)] + [(pngs[k], s.end - s.start) for k, s in enumerate(sched.slots)]
    items.append((pngs[n + 1], sched.tail))
    limit = sched.total if minutes is None else minutes * 60
    chosen, acc = [], 0.0
    for png, d in items:
        if acc >= limit - 1e-9:
            break
        chosen.append((png, d))
        acc += d
    t0, c0 = time.perf_counter(), cpu_seconds()
    clips = [ImageClip(str(p)).with_duration(d) for p, d in chosen]
    video = concatenate_videoclips(clips)
    audio = AudioFileClip(str(tmp / "voiceover.wav")).subclipped(0, min(acc, sched.total))
    video = video.with_audio(audio)
    out = tmp / f"naive-{label}.mp4"
    settings = {k: v for k, v in (("preset", preset), ("threads", threads)) if v is not None}
    # moviepy's temporary audio file goes to the current directory unless told otherwise
    video.write_videofile(str(out), fps=fps, codec="libx264", audio_codec="aac", logger=None,
                          temp_audiofile=str(tmp / f"naive_audio_tmp-{label}.m4a"), **settings)
    video.close()
    audio.close()
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    scale = sched.total / acc
    return {"fps": fps, "preset": preset or "moviepy default (medium)", "threads": threads or "moviepy default",
            "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), "rendered_video_seconds": round(acc, 1),
            "scaled_to_full_seconds": round(seconds * scale, 1), "scaled_to_full_cpu_seconds": round(cpu * scale, 1),
            "bytes": out.stat().st_size}


def aac_per_clip_check(tmp: Path, sched, fps: int, size=(320, 180)) -> dict:
    """The rejected design: every clip carries its own AAC audio, clips joined with stream copy."""
    n = len(sched.slots)
    png = tmp / "aac_grey.png"
    Image.new("RGB", size, (90, 90, 90)).save(png)
    t = np.arange(int(0.15 * RATE)) / RATE
    burst = (0.5 * np.sin(2 * np.pi * 1000 * t) * 32767).astype("<i2")

    def one(k: int) -> Path:
        slot = sched.slots[k]
        dur = slot.end - slot.start
        data = np.zeros(int(round(dur * RATE)), "<i2")
        data[: len(burst)] = burst[: len(data)]
        wav = tmp / f"aac_{k:04d}.wav"
        with wave.open(str(wav), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(data.tobytes())
        silent = encode_still_clip([(png, 0.0)], dur, tmp / f"aacv_{k:04d}.mp4", fps=fps, size=size, threads=1)
        out = tmp / f"aacc_{k:04d}.mp4"
        subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-i", str(silent), "-i", str(wav), "-c:v", "copy",
                        "-c:a", "aac", "-b:a", "128k", str(out)], capture_output=True, check=True, timeout=120)
        return out

    with ThreadPoolExecutor(2) as pool:
        clips = list(pool.map(one, range(n)))
    listing = tmp / "aac.ffconcat"
    listing.write_text("ffconcat version 1.0\n" + "".join(f"file '{c}'\n" for c in clips))
    joined = tmp / "aac_joined.mp4"
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
                    "-c", "copy", str(joined)], capture_output=True, check=True, timeout=300)
    audio = np.frombuffer(_decode(["-i", str(joined), "-map", "0:a:0", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "-"]),
                          "<i2").astype(float) / 32768
    offset0 = sched.slots[0].start
    errors = []
    for slot in sched.slots:
        expected = slot.start - offset0
        a = max(0, int((expected - 0.5) * RATE))
        hits = np.nonzero(np.abs(audio[a:int((expected + 5.0) * RATE)]) > 0.2)[0]  # bursts are >= 9 s apart
        errors.append((a + hits[0]) / RATE - expected if len(hits) else float("nan"))
    video_s = count_frames(joined) / fps
    return {"clips": n, "audio_seconds": round(len(audio) / RATE, 3), "video_seconds": round(video_s, 3),
            "onset_error_ms_first": round(errors[0] * 1000, 1), "onset_error_ms_middle": round(errors[n // 2] * 1000, 1),
            "onset_error_ms_last": round(errors[-1] * 1000, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=20.0)
    ap.add_argument("--segment", type=float, default=10.0, help="seconds per segment")
    ap.add_argument("--fps", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--preset", default="ultrafast", help="x264 preset for the clips (library default)")
    ap.add_argument("--naive-minutes", type=float, default=None, help="render only this much naively and scale")
    ap.add_argument("--naive-defaults-minutes", type=float, default=None,
                    help="the 24 fps defaults row only: render this much and scale (default: as --naive-minutes)")
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--skip-naive-defaults", action="store_true", help="only the like-for-like moviepy run")
    ap.add_argument("--aac-check", action="store_true")
    ap.add_argument("--clip-cost", type=int, default=40, help="clips for the per-clip CPU measurement (0: skip)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    tmp = args.out or Path(tempfile.mkdtemp(prefix="bench-video-"))
    tmp.mkdir(parents=True, exist_ok=True)
    lec, speech = make_lecture(args.minutes, args.segment)
    n = len(lec.segments)
    t0 = time.perf_counter()
    pngs = [paint_slide(tmp / f"slide_{k:04d}.png", k, f"Slide {k + 1}") for k in range(n + 2)]
    result: dict = {"load_average_at_start": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
                    "minutes": args.minutes, "segments": n, "fps": args.fps, "jobs": args.jobs, "preset": args.preset,
                    "slides_painted_s": round(time.perf_counter() - t0, 1)}
    lc = run_lecturecast(tmp, lec, speech, pngs, args.fps, args.jobs, args.preset)
    sched = lc.pop("_sched")
    result["lecturecast"] = lc
    print(f"lecturecast: {lc['seconds']} s for {sched.total / 60:.1f} min "
          f"({lc['cpu_seconds']} s CPU; clips {lc['clips_s']} s in {lc['clip_batches']} batches beside the AAC encode, "
          f"join {lc['join_s']} s, mux {lc['mux_s']} s); {lc['bytes_per_minute'] / 1e6:.2f} MB per minute; sync {lc['sync']}", flush=True)
    if not args.skip_naive:
        # like for like first: moviepy at our fps, preset and thread count; then moviepy's defaults at 24 fps
        runs = [("same-settings", args.naive_minutes, dict(fps=args.fps, preset=args.preset, threads=args.jobs))]
        if not args.skip_naive_defaults:
            minutes = args.naive_defaults_minutes if args.naive_defaults_minutes is not None else args.naive_minutes
            runs.append(("defaults-24fps", minutes, dict(fps=24, preset=None, threads=None)))
        for label, minutes, settings in runs:
            nv = run_naive(tmp, pngs, sched, minutes, label=label, **settings)
            nv["speedup_wall"] = round(nv["scaled_to_full_seconds"] / lc["seconds"], 1)
            nv["speedup_cpu"] = round(nv["scaled_to_full_cpu_seconds"] / lc["cpu_seconds"], 1)
            result[f"naive_moviepy_{label}"] = nv
            scaled = "" if minutes is None else f" (rendered {nv['rendered_video_seconds']} s, scaled)"
            print(f"naive moviepy [{label}: {nv['fps']} fps, preset {nv['preset']}, threads {nv['threads']}]: "
                  f"{nv['scaled_to_full_seconds']} s wall, {nv['scaled_to_full_cpu_seconds']} s CPU{scaled}; "
                  f"ours is {nv['speedup_wall']}× faster (wall), {nv['speedup_cpu']}× (CPU)", flush=True)
    if args.clip_cost:
        result["clip_cost"] = clip_cost(tmp, pngs, args.fps, args.clip_cost, args.preset)
        print(f"CPU per 10-s still clip: {result['clip_cost']}", flush=True)
    if args.aac_check:
        result["aac_per_clip_stream_copy"] = aac_per_clip_check(tmp, sched, args.fps)
        print(f"per-clip AAC + stream copy: {result['aac_per_clip_stream_copy']}", flush=True)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    (tmp / "bench_video.json").write_text(json.dumps(result, indent=2, default=float))
    print(json.dumps(result, indent=2, default=float))
    print(f"outputs in {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
