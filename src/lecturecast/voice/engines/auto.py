"""``auto``: gTTS when reachable, else piper (else espeak-ng) — never a silent switch.

The choice is made once, when the engine is created (one quick probe with a short timeout), and one
warning names the engine that speaks.  If gTTS fails on a sentence (after its own retries, or with
audio that cannot be decoded), the fallback speaks that sentence and a warning names the segment and
the voice that speaks instead.  When gTTS counts as out of service (see ``gtts_engine``: repeated
HTTP 429/5xx, no answer, several failed sentences in a row) one warning says so and the fallback
speaks the rest of the run without asking gTTS again.

Voices: ``auto:N`` (a speaker's default slot) is spoken by whichever engine speaks.  An explicit spec
(``espeak:en-us``, ``gtts:en?tld=co.uk``, ``piper:/path/voice.onnx``) is spoken by its own engine;
when that engine cannot speak here, one warning names the voice that speaks instead.
"""
from __future__ import annotations

import logging
import os

from pydub import AudioSegment

from ...errors import EngineError, EngineUnavailable
from ..language import offline_voice
from ..voices import VoiceSpec
from .base import Engine, as_spec, warn_once
from .espeak_engine import EspeakEngine
from .gtts_engine import GttsEngine
from .piper_engine import PiperEngine

log = logging.getLogger(__name__)

#: set once a run has resolved ``auto`` (to the name of the engine that speaks), so worker processes
#: (the pool hands them the parent's LECTURECAST_* environment) and later engines of the same run take
#: the same decision without probing or warning again
RESOLVED_ENV = "LECTURECAST_AUTO_RESOLVED"
OFFLINE = {"piper": PiperEngine, "espeak": EspeakEngine}


def _offline_engine(options: dict) -> Engine:
    try:
        return PiperEngine(**options)
    except EngineUnavailable as exc:
        log.warning("piper is unavailable (%s); espeak-ng is the fallback", exc)
        return EspeakEngine(**options)


def _online_engine(options: dict, probe_timeout: float, fallback: str) -> GttsEngine | None:
    """The gTTS engine when this run uses it (probe once per run, one warning), else None."""
    gtts = GttsEngine(**dict(options, probe_timeout=probe_timeout))
    decided = os.environ.get(RESOLVED_ENV, "")
    if decided:
        log.debug("voice engine auto: %s speaks (decided earlier in this run)", decided)
        if decided == "gtts":
            gtts.reachable = True
            return gtts
        return None
    ok, reason = gtts.probe(probe_timeout)
    if ok:
        log.warning("voice engine auto: gTTS is reachable, so gtts speaks (online, Google); %s takes over "
                    "if it fails", fallback)
    else:
        log.warning("voice engine auto: gTTS not reachable (%s), so %s speaks (offline)", reason, fallback)
    os.environ[RESOLVED_ENV] = "gtts" if ok else fallback
    return gtts if ok else None


class AutoEngine(Engine):
    name = "auto"

    def __init__(self, probe_timeout: float = 2.0, prefer_online: bool = True, **options: object):
        self.options = dict(options)
        self.fallback = _offline_engine(self.options)
        self._default_fallback: Engine = self.fallback
        self.primary: GttsEngine | None = None
        self.others: dict[str, Engine | str] = {self.fallback.name: self.fallback}
        if prefer_online:
            self.primary = _online_engine(self.options, probe_timeout, self.fallback.name)
        else:
            log.warning("voice engine auto: %s speaks (offline)", self.fallback.name)

    @property
    def primary_down(self) -> bool:
        return self.primary is not None and bool(self.primary.down)

    @property
    def speaking(self) -> Engine:
        return self.chain()[0]

    @property
    def version(self) -> str:
        return "auto:" + "+".join(f"{e.name}={e.version}" for e in self.chain())

    @property
    def natural_wpm(self) -> float:  # type: ignore[override]  # a property here: the speaking engine's rate
        return self.speaking.natural_wpm

    def chain(self) -> list[Engine]:
        if self.primary is not None and not self.primary_down:
            return [self.primary, self.fallback]
        return [self.fallback]

    def default_voice(self, index: int) -> VoiceSpec:
        return self.speaking.default_voice(index)

    def resolve_voice(self, spec, index: int = 0, rate_wpm=None, language=None) -> VoiceSpec:
        wanted = as_spec(spec)
        engine = self._engine_for(wanted.engine) if wanted is not None else None
        return (engine if isinstance(engine, Engine) else self.speaking).resolve_voice(spec, index, rate_wpm, language)

    def _engine_for(self, family: str) -> Engine | str:
        """The engine that speaks voices of ``family`` in this run, or why none can."""
        if family == "auto":
            return self.speaking
        if family == "gtts":
            if self.primary is None:
                return "gTTS is not reachable in this run"
            return f"gTTS is out of service: {self.primary.down}" if self.primary.down else self.primary
        if family not in self.others:
            try:
                self.others[family] = OFFLINE[family](**self.options)
            except EngineUnavailable as exc:
                self.others[family] = exc.message
        return self.others[family]

    def attempts(self, spec, index: int = 0, rate_wpm=None, language=None) -> list[tuple[Engine, VoiceSpec]]:
        wanted = as_spec(spec)
        if wanted is None or wanted.engine == "auto":
            return [(e, e.resolve_voice(spec, index, rate_wpm, language)) for e in self.chain()]
        fallback = (self.fallback, self.fallback.resolve_voice(None, index, rate_wpm, language))
        engine = self._engine_for(wanted.engine)
        if not isinstance(engine, Engine):
            warn_once(f"voice {wanted} cannot be honoured ({engine}); {fallback[1]} speaks instead")
            return [fallback]
        first = (engine, engine.resolve_voice(wanted, index, rate_wpm, language))
        return [first] if engine is self.fallback else [first, fallback]

    def on_failure(self, failed: Engine, exc: Exception, context: str, instead: tuple[Engine, VoiceSpec]) -> None:
        if self.primary is not None and failed is self.primary and self.primary.down:
            if os.environ.get(RESOLVED_ENV) != self.fallback.name:
                os.environ[RESOLVED_ENV] = self.fallback.name
            warn_once(f"gTTS is out of service ({self.primary.down}); {self.fallback.name} speaks the rest "
                      "of this run", topic="gtts-outage")
            log.info("%s: %s speaks it (gTTS is out of service)", context, instead[1])
            return
        super().on_failure(failed, exc, context, instead)

    def prefer_language(self, language: str) -> None:
        """Offline, a lecture in another language than piper's is spoken by espeak-ng's voice of that
        language, with one warning naming it (see voice/language.py); English goes back to piper."""
        if not language:
            return
        choice = offline_voice(language)
        if (self.primary is None or self.primary.down) and choice.warning:
            warn_once(choice.warning)
        if choice.engine != "espeak":
            self.fallback = self._default_fallback
            return
        espeak = self._engine_for("espeak")
        if isinstance(espeak, Engine):
            self.fallback = espeak

    def _synthesize(self, text: str, voice: VoiceSpec) -> AudioSegment:
        tries = self.attempts(voice)
        for pos, (engine, engine_voice) in enumerate(tries):
            try:
                return engine.synthesize(text, engine_voice)
            except EngineError as exc:
                if pos == len(tries) - 1:
                    raise
                self.on_failure(engine, exc, repr(text[:40]), tries[pos + 1])
        raise EngineError("no engine could speak")  # pragma: no cover
