"""``auto``: gTTS when reachable, else piper (else espeak-ng) — never a silent switch.

The choice is made once, when the engine is created (one quick probe with a short timeout), and one
warning names the engine that speaks.  If gTTS fails later (after its own retries), the failing
sentence is spoken by the fallback, a warning names the segment, and the segment's
``SegmentAudio.engine`` records both engines.  When gTTS stops answering altogether (timeouts,
connection errors) the fallback speaks the rest of the run (another single warning).
"""
from __future__ import annotations

import logging
import os

from pydub import AudioSegment

from ...errors import EngineError, EngineUnavailable
from ..language import offline_voice
from ..voices import VoiceSpec
from .base import Engine
from .gtts_engine import GttsEngine

log = logging.getLogger(__name__)

#: set once a run has resolved ``auto``, so worker processes (which inherit the environment) and
#: later engines of the same run take the same decision without probing or warning again
RESOLVED_ENV = "LECTURECAST_AUTO_RESOLVED"


def _offline_engine(options: dict) -> Engine:
    from .espeak_engine import EspeakEngine
    from .piper_engine import PiperEngine

    try:
        return PiperEngine(**options)
    except EngineUnavailable as exc:
        log.warning("piper is unavailable (%s); espeak-ng is the fallback", exc)
        return EspeakEngine(**options)


class AutoEngine(Engine):
    name = "auto"

    def __init__(self, probe_timeout: float = 2.0, prefer_online: bool = True, **options: object):
        self.options = dict(options)
        self._warned: set[str] = set()
        self.fallback = _offline_engine(dict(options))
        self._default_fallback: Engine = self.fallback
        self._espeak: Engine | None = None
        self.primary: GttsEngine | None = None
        self.primary_down = False
        gtts = GttsEngine(**dict(options, probe_timeout=probe_timeout))
        where = gtts.base_url or "google"
        marker = os.environ.get(RESOLVED_ENV, "")
        choice, _, marker_where = marker.partition("|")
        if prefer_online and marker and marker_where == where:
            if choice == "gtts":
                gtts.reachable = True
                self.primary = gtts
            log.debug("voice engine auto: %s speaks (decided earlier in this run)", self.speaking.name)
        elif prefer_online:
            ok, reason = gtts.probe(probe_timeout)
            if ok:
                self.primary = gtts
                log.warning("voice engine auto: gTTS is reachable, so gtts speaks (online, Google); "
                            "%s takes over if it fails", self.fallback.name)
            else:
                log.warning("voice engine auto: gTTS not reachable (%s), so %s speaks (offline)",
                            reason, self.fallback.name)
            os.environ[RESOLVED_ENV] = f"{self.speaking.name}|{where}"
        else:
            log.warning("voice engine auto: %s speaks (offline)", self.fallback.name)

    @property
    def speaking(self) -> Engine:
        return self.chain()[0]

    @property
    def version(self) -> str:
        return "auto:" + "+".join(f"{e.name}={e.version}" for e in self.chain())

    @property
    def natural_wpm(self) -> float:  # type: ignore[override]
        return self.speaking.natural_wpm

    def chain(self) -> list[Engine]:
        if self.primary is not None and not self.primary_down:
            return [self.primary, self.fallback]
        return [self.fallback]

    def default_voice(self, index: int) -> VoiceSpec:
        return self.speaking.default_voice(index)

    def resolve_voice(self, spec, index: int = 0, rate_wpm=None, language=None) -> VoiceSpec:
        return self.speaking.resolve_voice(spec, index, rate_wpm, language)

    def prefer_language(self, language: str) -> None:
        """Offline, a lecture in another language than piper's is spoken by espeak-ng's voice of that
        language, with one warning naming it (see voice/language.py); English goes back to piper."""
        if not language:
            return
        choice = offline_voice(language)
        offline = self.primary is None or self.primary_down
        if offline and choice.warning and choice.warning not in self._warned:
            self._warned.add(choice.warning)
            log.warning("%s", choice.warning)
        if choice.engine != "espeak":
            self.fallback = self._default_fallback
        elif self.fallback.name != "espeak":
            if self._espeak is None:
                from .espeak_engine import EspeakEngine

                self._espeak = EspeakEngine(**self.options)
            self.fallback = self._espeak

    def on_failure(self, engine: Engine, exc: Exception, context: str) -> None:
        """Called when ``engine`` failed on a sentence of ``context`` and the fallback speaks instead."""
        nxt = self.fallback.name
        log.warning("%s failed for %s (%s); %s speaks it instead", engine.name, context, exc, nxt)
        if engine is self.primary and getattr(exc, "offline", False) and not self.primary_down:
            self.primary_down = True
            os.environ[RESOLVED_ENV] = f"{nxt}|{self.primary.base_url or 'google'}"
            log.warning("gTTS stopped answering; %s speaks the rest of this run", nxt)

    def _synthesize(self, text: str, voice: VoiceSpec) -> AudioSegment:
        engines = self.chain()
        for i, engine in enumerate(engines):
            try:
                return engine.synthesize(text, voice if voice.engine == engine.name else engine.resolve_voice(voice))
            except EngineError as exc:
                if i == len(engines) - 1:
                    raise
                self.on_failure(engine, exc, repr(text[:40]))
        raise EngineError("no engine could speak")  # pragma: no cover
