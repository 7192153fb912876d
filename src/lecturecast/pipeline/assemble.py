"""Whole-lecture assembly: timing schedule → clips → join → voiceover → MP4 + sidecars.

Everything here is keyed: the joined video by its clip keys, the voiceover by its placements, the MP4
by both; when a key matches the previous manifest and the file exists, the step is skipped.  Each
stage returns a record (:mod:`.records`); the build engine alone puts them into the manifest.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from ..fsutil import write_text_atomic
from ..model import Lecture
from ..plan.drift import drift_dict, drift_report
from ..plan.slidetimes import slide_times
from ..plan.timing import Schedule, schedule
from ..slides import DeckPlan
from ..video import (Chapter, TimedText, apply_speed, burn_captions, caption_cues, chapters_from_schedule,
                     encode_audio, join_clips, mux, write_chapters_vtt, write_srt, write_vtt, youtube_description)
from ..voice import SegmentAudio, mix_voiceover
from ..voice.align import sentence_spans
from . import soundtrack, stages
from .keys import content_key, file_digest
from .manifest import Previous
from .options import BuildOptions
from .records import Assembly, SplicedTrack, VoiceTrack, Written
from .store import Store
from .voicetrack import Chunk, encode_track, mixed_wavs, plan_chunks, track_key, write_voiceover

log = logging.getLogger(__name__)

CARD_FADE = 0.5  # seconds: the title card fades in from black, the closing card fades out


def _policy(lecture: Lecture, opts: BuildOptions) -> str:
    return opts.timing or lecture.meta.timing


def plan_schedule(lecture: Lecture, audios: Sequence[SegmentAudio], opts: BuildOptions) -> Schedule:
    """The timing schedule; the title card holds an opening music cue alone and the closing card is
    long enough for a closing one to play out (see soundtrack.py)."""
    durations = {seg.id: audio.duration for seg, audio in zip(lecture.segments, audios)}

    def plan(lead_in: float, tail: float) -> Schedule:
        return schedule(lecture, durations, _policy(lecture, opts), fps=opts.fps, pad=opts.pad,
                        lead_in=lead_in, tail=tail, max_speedup=lecture.meta.max_speedup)

    lead_in = soundtrack.title_card_length(audios, opts.lead_in)
    sched = plan(lead_in, opts.tail)
    tail = soundtrack.tail_needed(audios, sched)
    return plan(lead_in, tail) if tail > sched.tail + 1e-6 else sched


def _apply_speed(audios: list[SegmentAudio], sched: Schedule, store: Store) -> list[SegmentAudio]:
    """Speed up segments the script policy squeezed; scales sentence timings to match."""
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


def slide_windows(lecture: Lecture, plan: DeckPlan, audios: Sequence[SegmentAudio],
                  sched: Schedule) -> dict[int, tuple[float, float]]:
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


def _clip_jobs(lecture: Lecture, plan: DeckPlan, pngs: list[Path], images: list[stages.Artifact],
               windows: dict[int, tuple[float, float]], sched: Schedule) -> list[stages.ClipJob]:
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


def _soundtrack(audios: Sequence[SegmentAudio], sched: Schedule) -> tuple[list[tuple[float, float, Path, str]], str]:
    """Music and sound placements for the mixer, and the drift.txt section listing cues that play
    nothing (each also logged as a warning)."""
    placed, missing = soundtrack.placements(audios, sched)
    soundtrack.warn_missing(missing)
    return [p.as_mix_item() for p in placed], soundtrack.missing_report(missing)


@dataclass(frozen=True)
class VoicePlan:
    """How the voice track will be made: per-segment AAC chunks spliced by packet (an edit encodes one
    chunk; music beds are mixed with the segments they span), or, when the lecture cannot be cut into
    chunks (``plan_chunks`` says why: a voice that fills its slot to the end, a non-48 kHz WAV), the
    whole track mixed and encoded once."""

    chunks: list[Chunk] | None
    placements: list[tuple[float, Path]]  # (start, segment wav) on the lecture timeline
    music: list[tuple[float, float, Path, str]]  # (start, end, asset, kind) for the mixer
    total: float
    key: str
    starts: dict[str, float]  # segment id → where its voice really starts
    voiceover: Path
    rebuilt: bool  # voiceover.wav is (re)written this run



def plan_voice(audios: Sequence[SegmentAudio], sched: Schedule, music: list[tuple[float, float, Path, str]], out: Path,
               previous: Previous) -> VoicePlan:
    chunks = plan_chunks(audios, sched, music, digest=file_digest)
    placements = [(slot.start, Path(a.wav)) for a, slot in zip(audios, sched.slots)]
    if chunks is not None:
        key = track_key(chunks)
        starts = {name: at for c in chunks for name, at in c.starts().items()}
    else:
        key = content_key("voiceover", [(round(s, 3), a.key) for (s, _), a in zip(placements, audios)],
                          [(round(m[0], 3), round(m[1], 3), str(m[2]), m[3]) for m in music], round(sched.total, 3))
        starts = {slot.segment_id: slot.start for slot in sched.slots}
    voiceover = out / "voiceover.wav"
    rebuilt = previous.output_key("voiceover") != key or not voiceover.exists()
    return VoicePlan(chunks, placements, music, sched.total, key, starts, voiceover, rebuilt)


def voice_track(plan: VoicePlan, store: Store, jobs: int) -> VoiceTrack:
    """Encode the voice track and write voiceover.wav (runs in a thread beside the clips: numpy and
    ffmpeg work, mostly outside the GIL).  Returns a record; touches no shared state."""
    t = time.perf_counter()
    voiceover = Written(plan.voiceover, plan.key, plan.rebuilt)
    if plan.chunks is not None:
        track, encoded, spliced = encode_track(plan.chunks, store, jobs)
        aac = time.perf_counter() - t
        t = time.perf_counter()
        if plan.rebuilt:
            write_voiceover(mixed_wavs(plan.chunks, store), plan.voiceover)
        chunks = SplicedTrack(plan.key, spliced, len(plan.chunks), tuple(encoded))
        return VoiceTrack(track, voiceover, chunks, (("aac", aac), ("mix", time.perf_counter() - t)))
    if plan.rebuilt:
        mix_voiceover(plan.placements, plan.music, plan.total, plan.voiceover)
    mix = time.perf_counter() - t
    t = time.perf_counter()
    m4a = store.make("aac", plan.key, ".m4a", lambda tmp: encode_audio(plan.voiceover, tmp, plan.total))
    return VoiceTrack(m4a, voiceover, None, (("mix", mix), ("aac", time.perf_counter() - t)))


def video_track(jobs: list[stages.ClipJob], store: Store, opts: BuildOptions, forced: str | None
                ) -> tuple[list[stages.Artifact], str, Path, list[tuple[str, float]]]:
    """Encode the missing clips and join them (stream copy): clips, join key, joined MP4, timings."""
    t0 = time.perf_counter()
    clips = stages.segment_clips(jobs, store, opts, frozenset([forced]) if forced else frozenset())
    t1 = time.perf_counter()
    join_key = content_key("join", [c.key for c in clips])
    joined = store.make("join", join_key, ".mp4", lambda tmp: join_clips([c.path for c in clips], tmp))
    return clips, join_key, joined, [("clips", t1 - t0), ("join", time.perf_counter() - t1)]


def assemble_video(lecture: Lecture, plan: DeckPlan, pngs: list[Path], images: list[stages.Artifact],
                   audios: list[SegmentAudio], opts: BuildOptions, store: Store, previous: Previous,
                   forced: str | None) -> Assembly:
    """Timing schedule → clips + voice track (side by side) → MP4 → captions, chapters, description."""
    out = opts.output_dir
    t0 = time.perf_counter()
    sched = plan_schedule(lecture, audios, opts)
    audios = _apply_speed(list(audios), sched, store)
    music, missing = _soundtrack(audios, sched)
    write_text_atomic(out / "drift.txt", drift_report(sched, lecture) + ("\n" + missing if missing else ""))
    drift = drift_dict(sched, lecture)
    drift.pop("segments", None)  # per-segment rows go into the manifest's segments
    voice = plan_voice(audios, sched, music, out, previous)
    windows = slide_windows(lecture, plan, audios, sched)
    seconds = [("timing", time.perf_counter() - t0)]

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="voiceover") as pool:
        track_future = pool.submit(voice_track, voice, store, opts.jobs)
        jobs = _clip_jobs(lecture, plan, pngs, images, windows, sched)
        clips, join_key, joined, video_seconds = video_track(jobs, store, opts, forced)
        track = track_future.result()
    seconds += video_seconds + list(track.seconds)

    t0 = time.perf_counter()
    chapters = _chapters(lecture, sched)
    lecture_mp4 = _muxed(lecture, joined, join_key, track, voice.key, chapters, sched.total, out, previous)
    seconds.append(("mux", time.perf_counter() - t0))
    outputs: list[tuple[str, Written | SplicedTrack]] = [("voiceover", track.voiceover), ("lecture", lecture_mp4)]
    if track.spliced is not None:
        outputs.insert(0, ("voicetrack", track.spliced))
    files = {"voiceover": track.voiceover.path, "lecture": lecture_mp4.path}
    files.update(_sidecars(lecture, audios, sched, voice.starts, chapters, out))
    files["drift"] = out / "drift.txt"
    if opts.burn_captions:
        captioned = _burned(lecture_mp4, out, opts, previous)
        outputs.append(("captioned", captioned))
        files["captioned"] = captioned.path
    return Assembly(sched, drift, windows, tuple(zip(jobs, clips)), tuple(outputs), tuple(files.items()),
                    tuple(seconds))


def _muxed(lecture: Lecture, joined: Path, join_key: str, track: VoiceTrack, voice_key: str, chapters: list[Chapter],
           total: float, out: Path, previous: Previous) -> Written:
    mp4 = out / "lecture.mp4"
    key = content_key("mp4", join_key, voice_key, [(c.title, round(c.start, 3)) for c in chapters])
    rebuilt = previous.output_key("lecture") != key or not mp4.exists()
    if rebuilt:
        mux(joined, track.audio, mp4, chapters, duration=total, title=lecture.title)
    return Written(mp4, key, rebuilt, (("duration", round(total, 3)), ("bytes", mp4.stat().st_size)))


def _burned(lecture_mp4: Written, out: Path, opts: BuildOptions, previous: Previous) -> Written:
    target = out / "lecture-captioned.mp4"
    key = content_key("burn", lecture_mp4.key)
    rebuilt = previous.output_key("captioned") != key or not target.exists()
    if rebuilt:
        burn_captions(lecture_mp4.path, out / "lecture.srt", target, fps=opts.fps)
    return Written(target, key, rebuilt)


def _chapters(lecture: Lecture, sched: Schedule) -> list[Chapter]:
    return chapters_from_schedule(lecture, sched)


def _sidecars(lecture: Lecture, audios: Sequence[SegmentAudio], sched: Schedule, voice_starts: dict[str, float],
              chapters: list[Chapter], out: Path) -> dict[str, Path]:
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


def write_voiceover_only(lecture: Lecture, audios: Sequence[SegmentAudio], opts: BuildOptions, store: Store) -> Written:
    """``audio`` stage alone: the voiceover laid out by the timing policy, no video."""
    sched = plan_schedule(lecture, audios, replace(opts, lead_in=0.0, tail=0.0))
    audios = _apply_speed(list(audios), sched, store)
    placements = [(slot.start, Path(a.wav)) for a, slot in zip(audios, sched.slots)]
    music, _ = _soundtrack(audios, sched)
    voiceover = opts.output_dir / "voiceover.wav"
    mix_voiceover(placements, music, sched.total, voiceover)
    return Written(voiceover, None, True)
