"""The engine interface every speech engine implements.

``Engine.synthesize(text, voice) -> pydub.AudioSegment`` speaks one piece of prepared text with a
:class:`~lecturecast.voice.voices.VoiceSpec` (or spec string).  ``Engine.version`` changes whenever
the same text could sound different (package version, voice file), so it is part of cache keys.
``resolve_voice(spec, index, rate_wpm)`` turns a front-matter spec or ``auto:N`` into this engine's
concrete voice, with the speaking rate folded into the voice options.  ``attempts(spec, …)`` lists
the (engine, voice) pairs to try in order for one sentence: one pair for a single engine, the
primary and its fallback for ``auto``.  A voice spec that cannot be honoured is never replaced
silently: one warning per process names the voice that speaks instead.
"""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from pydub import AudioSegment

from ...once import first_time
from ..voices import VoiceSpec, parse_voice

log = logging.getLogger(__name__)



def warn_once(message: str, topic: str | None = None) -> None:
    """Log ``message`` as a warning the first time this process sees its ``topic`` (default: itself).

    The topic travels with the record (``record.once``), so the parent of a process pool shows one
    warning per topic even when workers word it differently (``pipeline.pool``)."""
    key = topic or message
    if first_time(key):
        log.warning("%s", message, extra={"once": key})


def as_spec(spec: "str | VoiceSpec | None") -> "VoiceSpec | None":
    return spec if isinstance(spec, VoiceSpec) or spec is None else parse_voice(spec)


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
            voice = self.default_voice(index)
        if language:
            voice = self.localize(voice, language)
        return self.apply_rate(voice, rate_wpm)

    def attempts(self, spec: str | VoiceSpec | None, index: int = 0, rate_wpm: float | None = None,
                 language: str | None = None) -> list[tuple["Engine", VoiceSpec]]:
        """The (engine, voice) pairs to try, in order, for a sentence in voice ``spec``."""
        voice = self.resolve_voice(spec, index, rate_wpm, language)
        wanted = as_spec(spec)
        if wanted is not None and wanted.engine not in ("auto", self.name):
            warn_once(f"voice {wanted} cannot be honoured: {self.name} speaks in this run, so {voice} speaks instead")
        return [(self, voice)]

    def on_failure(self, failed: "Engine", exc: Exception, context: str, instead: tuple["Engine", VoiceSpec]) -> None:
        """``failed`` could not speak a sentence of ``context``; ``instead`` speaks it."""
        reason = getattr(exc, "message", None) or str(exc)
        log.warning("%s failed for %s (%s); %s speaks it instead", failed.name, context, reason, instead[1])

    def synthesize(self, text: str, voice: VoiceSpec | str | None = None) -> AudioSegment:
        spec = voice if isinstance(voice, VoiceSpec) else self.resolve_voice(voice)
        return self._synthesize(text, spec)

    def chain(self) -> list["Engine"]:
        """Engines to try in order (``auto`` returns its primary and its fallback)."""
        return [self]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"
