"""Whole-lecture assembly: timing schedule → clips → join → voiceover → MP4 + sidecars.

Everything here is keyed: the joined video by its clip keys, the voiceover by its placements, the MP4
by both; when a key matches the previous manifest and the file exists, the step is skipped.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

from ..fsutil import write_text_atomic
from ..model import Lecture
from ..plan.slidetimes import slide_times
from . import soundtrack, stages
from .keys import content_key
from .manifest import Manifest, Previous
from .options import BuildOptions
from .store import Store

log = logging.getLogger(__name__)

CARD_FADE = 0.5  # seconds: the title card fades in from black, the closing card fades out



def _policy(lecture: Lecture, opts: BuildOptions) -> str:
    return opts.timing or lecture.meta.timing


def plan_schedule(lecture: Lecture, audios: Sequence[Any], opts: BuildOptions) -> Any:
    """The timing schedule; the title card holds an opening music cue alone and the closing card is
    long enough for a closing one to play out (see soundtrack.py)."""
    from ..plan.timing import schedule

    durations = {seg.id: audio.duration for seg, audio in zip(lecture.segments, audios)}

    def plan(lead_in: float, tail: float) -> Any:
        return schedule(lecture, durations, _policy(lecture, opts), fps=opts.fps, pad=opts.pad,
                        lead_in=lead_in, tail=tail, max_speedup=lecture.meta.max_speedup)

    lead_in = soundtrack.title_card_length(audios, opts.lead_in)
    sched = plan(lead_in, opts.tail)
    tail = soundtrack.tail_needed(audios, sched)
    return plan(lead_in, tail) if tail > sched.tail + 1e-6 else sched


def _apply_speed(audios: list[Any], sched: Any, store: Store) -> list[Any]:
    """Speed up segments the script policy squeezed; scales sentence timings to match."""
    from ..video import apply_speed

    out = []
    for audio, slot in zip(audios, sched.slots):
        if abs(slot.speed - 1.0) < 1e-4:
            out.append(audio)
            continue
        key = content_key("speed", audio.key, round(slot.speed, 4))
        path = store.make("speed", key, ".wav", lambda tmp: apply_speed(Path(audio.wav), tmp, slot.speed))
        sentences = tuple(replace(s, start=s.start / slot.speed, end=s.end / slot.speed) for s in audio.sentences)
        out.append(replace(audio, wav=path, duration=audio.duration / slot.speed, sentences=sentences, key=key))
    return out


def slide_windows(lecture: Lecture, plan: Any, audios: Sequence[Any], sched: Any) -> dict[int, tuple[float, float]]:
    """Where each slide is on screen in the video (start, end) in seconds; slides not in the video
    (references, dividers left to the deck, pages with no room) are absent."""
    title = next((s for s in plan.slides if s.kind == "title"), plan.slides[0])
    closing = next((s for s in plan.slides if s.kind == "closing"), plan.slides[-1])
    windows: dict[int, tuple[float, float]] = {}
    if sched.lead_in > 0:
        windows[title.number] = (0.0, sched.lead_in)
    for seg, audio, slot in zip(lecture.segments, audios, sched.slots):
        specs = plan.for_segment(seg.id)
        duration = slot.end - slot.start
        times = slide_times([(s.anchor, s.at) for s in specs], audio.sentences, duration)
        shown = [(spec, t) for spec, t in zip(specs, times) if t is not None]
        for k, (spec, t) in enumerate(shown):
            end = shown[k + 1][1] if k + 1 < len(shown) else duration
            windows[spec.number] = (slot.start + t, slot.start + end)
    if sched.tail > 0:
        windows[closing.number] = (sched.total - sched.tail, sched.total)
    return windows


def _clip_jobs(lecture: Lecture, plan: Any, pngs: list[Path], images: list[Any],
               windows: dict[int, tuple[float, float]], sched: Any) -> list[stages.ClipJob]:
    by_number = {spec.number: (img.key, png) for spec, img, png in zip(plan.slides, images, pngs)}
    jobs: list[stages.ClipJob] = []
    title = next((s for s in plan.slides if s.kind == "title"), plan.slides[0])
    closing = next((s for s in plan.slides if s.kind == "closing"), plan.slides[-1])
    if sched.lead_in > 0:
        k, p = by_number[title.number]
        jobs.append(stages.ClipJob("title", [(k, p, 0.0)], sched.lead_in, fade_in=min(CARD_FADE, sched.lead_in / 3)))
    for seg, slot in zip(lecture.segments, sched.slots):
        frames = [(*by_number[s.number], windows[s.number][0] - slot.start)
                  for s in plan.for_segment(seg.id) if s.number in windows]
        jobs.append(stages.ClipJob(seg.id, frames, slot.end - slot.start))
    if sched.tail > 0:
        k, p = by_number[closing.number]
        jobs.append(stages.ClipJob("closing", [(k, p, 0.0)], sched.tail, fade_out=min(CARD_FADE, sched.tail / 3)))
    return jobs


def _soundtrack(audios: Sequence[Any], sched: Any) -> tuple[list[tuple], str]:
    """Music and sound placements for the mixer, and the drift.txt section listing cues that play
    nothing (each also logged as a warning)."""
    placed, missing = soundtrack.placements(audios, sched)
    soundtrack.warn_missing(missing)
    return [p.as_mix_item() for p in placed], soundtrack.missing_report(missing)


def assemble_video(lecture: Lecture, plan: Any, pngs: list[Path], images: list[Any], audios: list[Any],
                   opts: BuildOptions, store: Store, manifest: Manifest, previous: Previous,
                   timings: dict[str, float], forced: str | None) -> dict[str, Path]:
    import time

    from ..plan.timing import drift_dict, drift_report
    from ..video import encode_audio, join_clips, mux
    from ..voice import mix_voiceover

    out = opts.output_dir
    t0 = time.perf_counter()
    sched = plan_schedule(lecture, audios, opts)
    audios = _apply_speed(list(audios), sched, store)
    for seg, slot in zip(lecture.segments, sched.slots):
        manifest.record_slot(seg.id, slot)
    music, missing = _soundtrack(audios, sched)
    write_text_atomic(out / "drift.txt", drift_report(sched, lecture) + ("\n" + missing if missing else ""))
    report = drift_dict(sched, lecture)
    report.pop("segments", None)  # per-segment rows are already in manifest["segments"]
    manifest.timing = report
    timings["timing"] = time.perf_counter() - t0

    # The voiceover runs in a thread beside the clip encoding and join (numpy and ffmpeg work,
    # mostly outside the GIL): cached per-segment AAC chunks spliced by packet (an edit encodes one
    # chunk; music beds are mixed with the segments they span).  When a lecture cannot be cut into
    # chunks (plan_chunks says why: a voice that fills its slot to the end, a non-48 kHz WAV) the
    # whole track is mixed and encoded once.
    from .keys import file_digest
    from .voicetrack import encode_track, mixed_wavs, plan_chunks, track_key, write_voiceover

    chunks = plan_chunks(audios, sched, music, digest=file_digest)
    placements = [(slot.start, Path(a.wav)) for a, slot in zip(audios, sched.slots)]
    if chunks is not None:
        voice_key = track_key(chunks)
        voice_starts = {name: at for c in chunks for name, at in c.starts().items()}
    else:
        voice_key = content_key("voiceover", [(round(s, 3), a.key) for (s, _), a in zip(placements, audios)],
                                [(round(m[0], 3), round(m[1], 3), str(m[2]), m[3]) for m in music], round(sched.total, 3))
        voice_starts = {slot.segment_id: slot.start for slot in sched.slots}
    voiceover = out / "voiceover.wav"
    voice_rebuilt = previous.output_key("voiceover") != voice_key or not voiceover.exists()

    def voice_track() -> Path:
        t = time.perf_counter()
        if chunks is not None:
            track, encoded, spliced = encode_track(chunks, store, opts.jobs)
            timings["aac"] = time.perf_counter() - t
            manifest.outputs["voicetrack"] = {"key": voice_key, "rebuilt": spliced,
                                              "chunks": len(chunks), "encoded": encoded}  # names
            t = time.perf_counter()
            if voice_rebuilt:
                write_voiceover(mixed_wavs(chunks, store), voiceover)
            timings["mix"] = time.perf_counter() - t
            return track
        if voice_rebuilt:
            mix_voiceover(placements, music, sched.total, voiceover)
        timings["mix"] = time.perf_counter() - t
        t = time.perf_counter()
        m4a = store.make("aac", voice_key, ".m4a", lambda tmp: encode_audio(voiceover, tmp, sched.total))
        timings["aac"] = time.perf_counter() - t
        return m4a

    outputs: dict[str, Path] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="voiceover") as pool:
        audio_future = pool.submit(voice_track)
        t0 = time.perf_counter()
        windows = slide_windows(lecture, plan, audios, sched)
        manifest.record_slide_windows(windows)
        jobs = _clip_jobs(lecture, plan, pngs, images, windows, sched)
        clips = stages.segment_clips(jobs, store, opts, frozenset([forced]) if forced else frozenset())
        for job, clip in zip(jobs, clips):
            if job.name in manifest.segments:
                manifest.record_clip(job.name, clip.key, clip.rebuilt, [off for _, _, off in job.frames])
        timings["clips"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        join_key = content_key("join", [c.key for c in clips])
        joined = store.make("join", join_key, ".mp4", lambda tmp: join_clips([c.path for c in clips], tmp))
        timings["join"] = time.perf_counter() - t0
        m4a = audio_future.result()
    manifest.outputs["voiceover"] = {"key": voice_key, "file": voiceover.name, "rebuilt": voice_rebuilt}
    outputs["voiceover"] = voiceover

    t0 = time.perf_counter()
    chapters = _chapters(lecture, sched)
    mp4 = out / "lecture.mp4"
    mp4_key = content_key("mp4", join_key, voice_key, [(c.title, round(c.start, 3)) for c in chapters])
    mp4_rebuilt = previous.output_key("lecture") != mp4_key or not mp4.exists()
    if mp4_rebuilt:
        mux(joined, m4a, mp4, chapters, duration=sched.total, title=lecture.title)
    manifest.outputs["lecture"] = {"key": mp4_key, "file": mp4.name, "rebuilt": mp4_rebuilt,
                                   "duration": round(sched.total, 3), "bytes": mp4.stat().st_size}
    outputs["lecture"] = mp4
    timings["mux"] = time.perf_counter() - t0

    outputs.update(_sidecars(lecture, audios, sched, voice_starts, chapters, out))
    outputs["drift"] = out / "drift.txt"
    if opts.burn_captions:
        outputs["captioned"] = _burned(mp4_key, out, opts, manifest, previous)
    return outputs


def _burned(mp4_key: str, out: Path, opts: BuildOptions, manifest: Manifest, previous: Previous) -> Path:
    from ..video import burn_captions

    target = out / "lecture-captioned.mp4"
    key = content_key("burn", mp4_key)
    rebuilt = previous.output_key("captioned") != key or not target.exists()
    if rebuilt:
        burn_captions(out / "lecture.mp4", out / "lecture.srt", target, fps=opts.fps)
    manifest.outputs["captioned"] = {"key": key, "file": target.name, "rebuilt": rebuilt}
    return target


def _chapters(lecture: Lecture, sched: Any) -> list[Any]:
    from ..video import chapters_from_schedule

    return chapters_from_schedule(lecture, sched)


def _sidecars(lecture: Lecture, audios: Sequence[Any], sched: Any, voice_starts: dict[str, float],
              chapters: list[Any], out: Path) -> dict[str, Path]:
    from ..video import TimedText, caption_cues, write_chapters_vtt, write_srt, write_vtt, youtube_description
    from ..voice.align import sentence_spans

    sentences = []
    for audio, slot in zip(audios, sched.slots):
        at = voice_starts.get(slot.segment_id, slot.start)  # where the voice really starts
        spans = sentence_spans(audio.wav, audio.sentences) if audio.sentences else []
        for s, voiced in zip(audio.sentences, spans):
            sentences.append(TimedText(s.text, at + s.start, at + s.end, s.speaker,
                                       tuple((at + a, at + b) for a, b in voiced)))
    cues = caption_cues(sentences)
    write_srt(cues, out / "lecture.srt")
    write_vtt(cues, out / "lecture.vtt", lecture=lecture)
    write_chapters_vtt(chapters, out / "chapters.vtt")
    write_text_atomic(out / "description.txt", youtube_description(lecture, chapters))
    return {"srt": out / "lecture.srt", "vtt": out / "lecture.vtt", "chapters": out / "chapters.vtt",
            "description": out / "description.txt"}


def write_voiceover_only(lecture: Lecture, audios: Sequence[Any], opts: BuildOptions, store: Store,
                         manifest: Manifest, previous: Previous) -> dict[str, Path]:
    """``audio`` stage alone: the voiceover laid out by the timing policy, no video."""
    from ..voice import mix_voiceover

    sched = plan_schedule(lecture, audios, replace(opts, lead_in=0.0, tail=0.0))
    audios = _apply_speed(list(audios), sched, store)
    placements = [(slot.start, Path(a.wav)) for a, slot in zip(audios, sched.slots)]
    music, _ = _soundtrack(audios, sched)
    voiceover = opts.output_dir / "voiceover.wav"
    mix_voiceover(placements, music, sched.total, voiceover)
    manifest.outputs["voiceover"] = {"file": voiceover.name, "rebuilt": True}
    return {"voiceover": voiceover}
