"""The engine interface every speech engine implements.

``Engine.synthesize(text, voice) -> pydub.AudioSegment`` speaks one piece of prepared text with a
:class:`~lecturecast.voice.voices.VoiceSpec` (or spec string).  ``Engine.version`` changes whenever
the same text could sound different (package version, voice file), so it is part of cache keys.
``resolve_voice(spec, index, rate_wpm)`` turns a front-matter spec or ``auto:N`` into this engine's
concrete voice, with the speaking rate folded into the voice options.
"""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from pydub import AudioSegment

from ...model import Lecture
from ..voices import VoiceSpec, lecture_speakers, parse_voice, speaker_index, voice_for_speaker

log = logging.getLogger(__name__)


class Engine(ABC):
    name: str = "engine"
    #: words per minute this engine speaks at with default settings (to honour Meta.rate_wpm)
    natural_wpm: float = 160.0

    @property
    @abstractmethod
    def version(self) -> str:
        """Identifies everything that affects the audio (package version, voice file hash)."""

    @abstractmethod
    def default_voice(self, index: int) -> VoiceSpec:
        """The distinct default variant for the speaker at position ``index`` (0 = first)."""

    @abstractmethod
    def _synthesize(self, text: str, voice: VoiceSpec) -> AudioSegment:
        ...

    def apply_rate(self, voice: VoiceSpec, rate_wpm: float | None) -> VoiceSpec:
        """Fold the lecture's speaking rate into the voice (engine-specific)."""
        return voice

    def localize(self, voice: VoiceSpec, language: str) -> VoiceSpec:
        """A default voice for the lecture's language (engines that can switch language override)."""
        return voice

    def resolve_voice(self, spec: str | VoiceSpec | None, index: int = 0, rate_wpm: float | None = None,
                      language: str | None = None) -> VoiceSpec:
        if spec is None:
            voice = self.default_voice(index)
        else:
            voice = spec if isinstance(spec, VoiceSpec) else parse_voice(spec)
            if voice.engine == "auto":
                index = int(voice.name or index)
            elif voice.engine == self.name:
                return self.apply_rate(voice, rate_wpm)
            else:
                _warn_replaced(str(voice), self.name, index)
            voice = self.default_voice(index)
        if language:
            voice = self.localize(voice, language)
        return self.apply_rate(voice, rate_wpm)

    def synthesize(self, text: str, voice: VoiceSpec | str | None = None) -> AudioSegment:
        spec = voice if isinstance(voice, VoiceSpec) else self.resolve_voice(voice)
        return self._synthesize(text, spec)

    def chain(self) -> list["Engine"]:
        """Engines to try in order (``auto`` returns its primary and its fallback)."""
        return [self]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


_REPLACED: set[tuple[str, str]] = set()


def _warn_replaced(spec: str, engine: str, index: int) -> None:
    """A voice spec the speaking engine cannot honour: say so once per process (not per sentence)."""
    if (spec, engine) in _REPLACED:
        return
    _REPLACED.add((spec, engine))
    log.warning("voice %s cannot be used by %s; speaker slot %d gets %s's default voice %d instead",
                spec, engine, index, engine, index)


def warn_unhonoured_voices(lecture: Lecture, engine_name: str) -> None:
    """In the build's main process (worker processes' logs are not shown): warn once for every
    speaker whose voice spec names another engine than ``engine_name`` (a concrete engine)."""
    if engine_name == "auto":
        return  # decided per sentence (gTTS, or piper when it fails); the auto engine warns itself
    for speaker in lecture_speakers(lecture):
        spec = parse_voice(voice_for_speaker(lecture, speaker))
        if spec.engine not in ("auto", engine_name):
            _warn_replaced(str(spec), engine_name, speaker_index(lecture, speaker))
