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
from .engines.base import Engine, warn_once
from .language import engine_mismatch
from .lexicon import lecture_lexicon
from . import levels
from .levels import DEFAULT_MUSIC_SECONDS
from .music import music_asset
from .sounds import sound_asset, sound_seconds
from .prepare import Utterance, prepare_segment
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


class _Timeline:
    """One segment's audio as it is laid out: the pieces, a cursor, sentence timings, placed cues and
    the cache keys of the sentences (local to one synthesize_segment call)."""

    def __init__(self, segment: Segment, lecture: Lecture, engine: Engine, cache: AudioCache, pad: float):
        self.lecture, self.engine, self.cache = lecture, engine, cache
        self.context = f"segment {segment.id!r}"
        self.pieces: list[np.ndarray] = []
        self.t = 0  # cursor in samples
        self.timings: list[SentenceTiming] = []
        self.keys: list[str] = []
        self.engines_used: list[str] = []
        self.synthesized = 0
        self.music: list[MusicCue] = []
        self.cue_blocks = {i: b for i, b in enumerate(segment.blocks)
                           if isinstance(b, Cue) and b.kind in (CueKind.MUSIC, CueKind.SOUND)}
        self.prev_speaker: str | None = None
        self.pending_gap = 0.0
        self.add(silence(pad))

    def add(self, samples: np.ndarray) -> None:
        self.pieces.append(samples)
        self.t += samples.size

    def place(self, block: Cue, index: int) -> None:
        cue = _place_cue(block, self.lecture, self.t / OUT_RATE, index)
        if cue.kind == "sound":  # heard on its own: the next sentence waits for it
            hold = levels.SOUND_SPACE + (cue.end - cue.start)
            cue = replace(cue, start=cue.start + levels.SOUND_SPACE, end=cue.end + levels.SOUND_SPACE)
            self.pending_gap = max(self.pending_gap, hold + levels.SOUND_SPACE)
        self.music.append(cue)

    def place_cues_before(self, block_index: int) -> None:
        for index in sorted(k for k in self.cue_blocks if k < block_index):
            self.place(self.cue_blocks.pop(index), index)

    def speak(self, utt: Utterance) -> None:
        """The pause before ``utt`` (longer between speakers, at least what a sound cue needs), then
        its sentences with a short gap between them."""
        if self.timings:
            natural = SPEAKER_GAP if utt.speaker != self.prev_speaker else PARAGRAPH_GAP
            self.add(silence(max(natural, self.pending_gap)))
        elif self.pending_gap:
            self.add(silence(self.pending_gap))
        self.pending_gap = 0.0
        index = speaker_index(self.lecture, utt.speaker)
        for n, (display, said) in enumerate(utt.sentences):
            if n:
                self.add(silence(SENTENCE_GAP))
            where = f"{self.context}, sentence {len(self.timings) + 1}"
            samples, key, used, fresh = speak_sentence(said, utt.voice, index, self.engine, self.cache,
                                                       self.lecture.meta.rate_wpm, where, self.lecture.meta.language)
            self.synthesized += fresh
            self.keys.append(key)
            if used not in self.engines_used:
                self.engines_used.append(used)
            start = self.t / OUT_RATE
            self.add(samples)
            self.timings.append(SentenceTiming(display, start, self.t / OUT_RATE, utt.speaker, utt.block_index, used))
        self.prev_speaker = utt.speaker


def synthesize_segment(segment: Segment, lecture: Lecture, engine: Engine, cache_dir: str | os.PathLike[str], *,
                       out_wav: str | os.PathLike[str] | None = None, pad: float = PAD) -> SegmentAudio:
    """Synthesise ``segment`` (cached per sentence); see the module docstring."""
    prefer = getattr(engine, "prefer_language", None)  # auto: offline, a voice of the lecture's language
    if prefer is not None:
        prefer(lecture.meta.language)
    elif (mismatch := engine_mismatch(engine.name, lecture.meta.language)) is not None:
        warn_once(mismatch)  # --engine piper for a Spanish lecture: said, once per build
    utterances = prepare_segment(segment, lecture, lexicon=lecture_lexicon(lecture))
    line = _Timeline(segment, lecture, engine, AudioCache(cache_dir), pad)
    for utt in utterances:
        line.place_cues_before(utt.block_index)
        if utt.sentences:
            line.speak(utt)
        line.pending_gap = max(line.pending_gap, utt.pause_after)
        for text in utt.sounds_after:  # "(sound of typing)" written inside the narration
            line.place(Cue(CueKind.SOUND, text), utt.block_index)
    line.place_cues_before(len(segment.blocks) + 1)
    line.add(silence(max(pad, line.pending_gap)))

    seg_key = cache_key(sentences=line.keys, pad=pad, gaps=[SENTENCE_GAP, PARAGRAPH_GAP, SPEAKER_GAP],
                        pauses=[u.pause_after for u in utterances], speakers=[u.speaker for u in utterances],
                        cues=[(c.kind, round(c.start, 3), round(c.end, 3)) for c in line.music])
    audio = np.concatenate(line.pieces)
    target = Path(out_wav) if out_wav is not None else Store(cache_dir).path("segments", seg_key, ".wav")
    if out_wav is not None or not target.is_file():
        write_wav(target, audio, OUT_RATE)
    if line.synthesized:
        log.info("%s: %d sentence(s) synthesized, %d from cache", line.context, line.synthesized,
                 len(line.keys) - line.synthesized)
    return SegmentAudio(target, audio.size / OUT_RATE, tuple(line.timings), seg_key,
                        "+".join(line.engines_used), tuple(line.music), line.synthesized)
