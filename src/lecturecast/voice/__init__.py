"""lecturecast.voice — narration: text preparation, engines, cache, timing and mixing.

Public API (contract in docs/architecture.md, details in docs/voice.md)::

    prepare_segment(segment, lecture) -> tuple[Utterance, ...]
    get_engine(name, **options) -> Engine          # gtts | piper | espeak | auto
    synthesize_segment(segment, lecture, engine, cache_dir) -> SegmentAudio
    mix_voiceover(placements, music, total, out_wav) -> MixResult

Never imports slides or video.
"""
from __future__ import annotations

from .engines import ENGINE_NAMES, Engine, get_engine
from .loudness import integrated_loudness, normalize
from .mix import MixResult, mix_voiceover
from .prepare import Utterance, prepare_segment
from .synth import MusicCue, SegmentAudio, SentenceTiming, synthesize_segment
from .voices import VoiceSpec, parse_voice

__all__ = [
    "ENGINE_NAMES", "Engine", "get_engine", "integrated_loudness", "normalize", "MixResult", "mix_voiceover",
    "Utterance", "prepare_segment", "MusicCue", "SegmentAudio", "SentenceTiming", "synthesize_segment",
    "VoiceSpec", "parse_voice",
]
