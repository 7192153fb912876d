"""synthesize_segment: one segment's narration as a WAV with exact sentence timings.

Each sentence is synthesised on its own (so its start and end are exact), post-processed
(resampled to 48 kHz, silence trimmed, loudness-normalised to −16 LUFS so speakers and engines are
level) and cached by content hash (see cache.py).  The segment clip is laid out as::

    pad | sentence | gap | sentence | paragraph gap / speaker gap / pause | … | pad

Safe to call from several processes at once (atomic cache writes, per-process model cache).
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..errors import EngineError
from ..model import Cue, CueKind, Lecture, Segment
from . import loudness
from ..store import Store
from .audio import OUT_RATE, resample, shape_edges, silence, to_array, trim_silence, write_wav
from .cache import AudioCache, cache_key
from .engines.base import Engine
from .lexicon import lecture_lexicon
from . import levels
from .levels import DEFAULT_MUSIC_SECONDS
from .music import music_asset
from .sounds import sound_asset, sound_seconds
from .prepare import prepare_segment
from .voices import speaker_index

log = logging.getLogger(__name__)

PAD = 0.15  # silence before the first and after the last word of a segment
SENTENCE_GAP = 0.30
PARAGRAPH_GAP = 0.55
SPEAKER_GAP = 0.70
TRIM_DB = -45.0
POST = {"rate": OUT_RATE, "lufs": loudness.TARGET_LUFS, "ceiling": loudness.CEILING_DBFS, "trim_db": TRIM_DB,
        "post": 2}


@dataclass(frozen=True)
class SentenceTiming:
    text: str  # display text (captions)
    start: float  # seconds from the segment start
    end: float
    speaker: str
    block_index: int
    engine: str = ""  # engine that spoke it


@dataclass(frozen=True)
class MusicCue:
    """A music or sound cue at its place in the segment (``asset`` None: nothing to play)."""

    start: float  # seconds from the segment start
    end: float
    asset: str | None
    text: str
    block_index: int
    kind: str = "music"  # "music" | "sound"


@dataclass(frozen=True)
class SegmentAudio:
    wav: Path
    duration: float
    sentences: tuple[SentenceTiming, ...]
    key: str
    engine: str = ""  # engine(s) that spoke, e.g. "piper" or "gtts+piper" after a fallback
    music: tuple[MusicCue, ...] = ()
    synthesized: int = 0  # sentences that needed the engine in this call (0 = all cached)


def postprocess(samples: np.ndarray, rate: int) -> np.ndarray:
    x = resample(samples, rate, OUT_RATE)
    x = trim_silence(x, OUT_RATE, TRIM_DB)
    if x.size:
        x = loudness.normalize(x, OUT_RATE, loudness.TARGET_LUFS, loudness.CEILING_DBFS)
    return shape_edges(x, OUT_RATE)  # no sentence starts or stops at full level


def speak_sentence(text: str, voice_spec: str, index: int, engine: Engine, cache: AudioCache, rate_wpm: float | None,
                   context: str, language: str | None = None) -> tuple[np.ndarray, str, str, bool]:
    """(48 kHz samples, cache key, engine name, synthesized?) for one prepared sentence.

    Tries ``engine.attempts(…)`` in order (a cached take of an earlier attempt wins); a failing
    attempt is reported through ``engine.on_failure`` and the next one speaks."""
    tries = engine.attempts(voice_spec, index, rate_wpm, language)
    for pos, (eng, voice) in enumerate(tries):
        key = cache_key(text=text, engine=eng.name, voice=str(voice), version=eng.version, post=POST)
        hit = cache.get(key)
        if hit is not None:
            return hit, key, eng.name, False
        try:
            seg = eng.synthesize(text, voice)
        except EngineError as exc:
            if pos == len(tries) - 1:
                raise
            engine.on_failure(eng, exc, context, tries[pos + 1])
            continue
        samples = postprocess(*to_array(seg))
        samples = cache.put(key, samples)  # another worker may have stored this sentence first
        return samples, key, eng.name, True
    raise EngineError(f"no engine could speak {context}")  # pragma: no cover


def _place_cue(cue: Cue, lecture: Lecture, start: float, index: int) -> MusicCue:
    if cue.kind == CueKind.SOUND:
        asset = sound_asset(cue, lecture)
        length = cue.seconds or (sound_seconds(asset) if asset else 0.0)
        return MusicCue(start, start + length, str(asset) if asset else None, cue.text, index, "sound")
    asset = music_asset(cue, lecture)
    return MusicCue(start, start + (cue.seconds or DEFAULT_MUSIC_SECONDS), str(asset) if asset else None,
                    cue.text, index)


def synthesize_segment(segment: Segment, lecture: Lecture, engine: Engine, cache_dir: str | os.PathLike[str], *,
                       out_wav: str | os.PathLike[str] | None = None, pad: float = PAD) -> SegmentAudio:
    """Synthesise ``segment`` (cached per sentence); see the module docstring."""
    prefer = getattr(engine, "prefer_language", None)  # auto: offline, a voice of the lecture's language
    if prefer is not None:
        prefer(lecture.meta.language)
    cache = AudioCache(cache_dir)
    utterances = prepare_segment(segment, lecture, lexicon=lecture_lexicon(lecture))
    rate_wpm = lecture.meta.rate_wpm
    context = f"segment {segment.id!r}"
    pieces: list[np.ndarray] = [silence(pad)]
    t = len(pieces[0])  # cursor in samples
    timings: list[SentenceTiming] = []
    keys: list[str] = []
    engines_used: list[str] = []
    synthesized = 0
    music: list[MusicCue] = []
    music_blocks = {i: b for i, b in enumerate(segment.blocks)
                    if isinstance(b, Cue) and b.kind in (CueKind.MUSIC, CueKind.SOUND)}
    prev_speaker: str | None = None
    pending_gap = 0.0

    def add(samples: np.ndarray) -> None:
        nonlocal t
        pieces.append(samples)
        t += samples.size

    def place(block: Cue, idx: int) -> None:
        nonlocal pending_gap
        cue = _place_cue(block, lecture, t / OUT_RATE, idx)
        if cue.kind == "sound":  # heard on its own: the next sentence waits for it
            hold = levels.SOUND_SPACE + (cue.end - cue.start)
            cue = replace(cue, start=cue.start + levels.SOUND_SPACE, end=cue.end + levels.SOUND_SPACE)
            pending_gap = max(pending_gap, hold + levels.SOUND_SPACE)
        music.append(cue)

    def place_music(upto_block: int) -> None:
        for idx in sorted(k for k in music_blocks if k < upto_block):
            place(music_blocks.pop(idx), idx)

    for utt in utterances:
        place_music(utt.block_index)
        if utt.sentences:
            if timings:
                natural = SPEAKER_GAP if utt.speaker != prev_speaker else PARAGRAPH_GAP
                add(silence(max(natural, pending_gap)))
            elif pending_gap:
                add(silence(pending_gap))
            pending_gap = 0.0
            index = speaker_index(lecture, utt.speaker)
            for n, (display, said) in enumerate(utt.sentences):
                if n:
                    add(silence(SENTENCE_GAP))
                where = f"{context}, sentence {len(timings) + 1}"
                samples, key, used, fresh = speak_sentence(said, utt.voice, index, engine, cache, rate_wpm, where,
                                                           lecture.meta.language)
                synthesized += fresh
                keys.append(key)
                if used not in engines_used:
                    engines_used.append(used)
                start = t / OUT_RATE
                add(samples)
                timings.append(SentenceTiming(display, start, t / OUT_RATE, utt.speaker, utt.block_index, used))
            prev_speaker = utt.speaker
        pending_gap = max(pending_gap, utt.pause_after)
        for text in utt.sounds_after:  # "(sound of typing)" written inside the narration
            place(Cue(CueKind.SOUND, text), utt.block_index)
    place_music(len(segment.blocks) + 1)
    add(silence(max(pad, pending_gap)))

    seg_key = cache_key(sentences=keys, pad=pad, gaps=[SENTENCE_GAP, PARAGRAPH_GAP, SPEAKER_GAP],
                        pauses=[u.pause_after for u in utterances], speakers=[u.speaker for u in utterances],
                        cues=[(c.kind, round(c.start, 3), round(c.end, 3)) for c in music])
    audio = np.concatenate(pieces)
    target = Path(out_wav) if out_wav is not None else Store(cache_dir).path("segments", seg_key, ".wav")
    if out_wav is not None or not target.is_file():
        write_wav(target, audio, OUT_RATE)
    if synthesized:
        log.info("%s: %d sentence(s) synthesized, %d from cache", context, synthesized, len(keys) - synthesized)
    return SegmentAudio(target, audio.size / OUT_RATE, tuple(timings), seg_key, "+".join(engines_used),
                        tuple(music), synthesized)
