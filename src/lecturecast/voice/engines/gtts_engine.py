"""Google Translate TTS through gTTS's public API — with timeouts, bounded retries and outage detection.

* Requests are made by ``gTTS(text, tld=…, timeout=…).write_to_fp(buffer)``; failures arrive as
  ``gTTSError`` (its ``rsp`` is the HTTP response, ``None`` when there was none).  gTTS sends to
  ``https://translate.google.<tld>/`` and honours the standard proxy variables (``HTTPS_PROXY``,
  ``NO_PROXY``) — that is also how the tests point it at a local server.
* Every request has a timeout (gTTS waits forever by default): connect 3 s, read 6 s.
* HTTP 429/5xx, timeouts and connection errors are retried with exponential backoff
  (``backoff·2^n`` s, at most ``max_backoff`` s each, ``Retry-After`` honoured) while another
  attempt still fits into ``max_total`` seconds for the sentence.
* **Outage**: a sentence that still fails that way after its retries means the service is down or
  refusing us; so does ``OUTAGE_AFTER`` sentences failing in a row for any reason (no audio,
  undecodable audio).  From then on the engine refuses at once for the rest of the process
  (``GttsServiceError.outage``), so ``auto`` lets its fallback speak without waiting again.
* ``probe()`` checks reachability once per process and Google domain (cached).
* gTTS answers MP3; it is decoded with the ffmpeg binary to 48 kHz WAV.  Audio ffmpeg cannot decode
  is an engine failure (``ServiceError``), like any other bad answer.

Voice specs: ``gtts:en?tld=co.uk`` (accent by Google domain), options ``slow=1`` and ``tempo``
(0.5–2, ffmpeg ``atempo``; the lecture's rate_wpm is applied this way).
"""
from __future__ import annotations

import io
import logging
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

import requests
from gtts import gTTS, gTTSError
from pydub import AudioSegment

from ...errors import MediaError, ServiceError
from ...media import run_ffmpeg
from ..voices import VoiceSpec
from .base import Engine

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
TLDS = ("com", "co.uk", "com.au", "ca", "co.in", "ie", "co.za")
OUTAGE_AFTER = 3  # sentences failing in a row (for any reason) that count as an outage
_PROBES: dict[str, tuple[bool, str]] = {}


class GttsServiceError(ServiceError):
    def __init__(self, message: str, *, reason: str = "", outage: bool = False, hint: str | None = None):
        super().__init__(message, hint=hint or "check the network or use --engine piper (offline) or auto")
        self.reason = reason or message  # what went wrong, without the text it happened to
        self.outage = outage  # the service is down or refusing: stop asking it for this run


@dataclass
class ServiceHealth:
    """What this process has learnt about the service during the run."""

    down: str = ""  # why the service counts as out of service ("" = it does not)
    failures: int = 0  # sentences that failed in a row

    def failed(self, reason: str, outage: bool) -> bool:
        self.failures += 1
        if outage or self.failures >= OUTAGE_AFTER:
            self.down = self.down or (reason if outage else f"{self.failures} sentences in a row failed ({reason})")
        return bool(self.down)

    def reset(self) -> None:
        self.down, self.failures = "", 0


HEALTH = ServiceHealth()


@dataclass(frozen=True)
class Attempt:
    """One failed request: why, whether it is worth retrying, and the server's Retry-After."""

    reason: str
    retry: bool
    retry_after: float | None = None


def service_root(tld: str = "com") -> str:
    return f"https://translate.google.{tld}/"


def _classify(exc: Exception) -> Attempt:
    """Turn what gTTS / requests raised into an :class:`Attempt`."""
    response = getattr(exc, "rsp", None)
    if isinstance(exc, gTTSError) and response is None:
        exc = exc.__context__ or exc  # gTTS raises gTTSError from the requests exception
    if isinstance(exc, requests.Timeout):
        return Attempt("no answer within the timeout", True)
    if isinstance(exc, requests.RequestException):
        return Attempt(f"connection failed ({type(exc).__name__})", True)
    if response is None:
        return Attempt(f"unusable answer ({type(exc).__name__}: {exc})", False)
    status = response.status_code
    if status == 200:
        return Attempt("answered without audio (the language may be unsupported)", False)
    header = (response.headers.get("Retry-After") or "").strip()
    return Attempt(f"HTTP {status}", status in RETRY_STATUS, float(header) if header.isdigit() else None)


class GttsEngine(Engine):
    name = "gtts"
    natural_wpm = 150.0

    def __init__(self, timeout: float | tuple[float, float] = (3.05, 6.0), retries: int = 2,
                 backoff: float = 0.5, max_backoff: float = 4.0, max_total: float = 10.0, lang: str = "en",
                 probe_timeout: float = 3.0, **_: object):
        self.timeout = timeout
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.max_backoff = float(max_backoff)
        self.max_total = float(max_total)
        self.lang = lang
        self.probe_timeout = probe_timeout
        self.reachable: bool | None = None  # carried to worker processes when pickled

    @property
    def version(self) -> str:
        return f"gtts {package_version('gtts')}"

    @property
    def down(self) -> str:
        """Why gTTS counts as out of service in this process ("" while it does not)."""
        return HEALTH.down

    def default_voice(self, index: int) -> VoiceSpec:
        return VoiceSpec("gtts", self.lang, (("tld", TLDS[index % len(TLDS)]),))

    def localize(self, voice: VoiceSpec, language: str) -> VoiceSpec:
        lang = language.replace("_", "-")
        if not lang.lower().startswith("zh"):  # gTTS knows "en", "fr", ... and "zh-CN"/"zh-TW"
            lang = lang.split("-")[0].lower()
        return VoiceSpec(voice.engine, lang, voice.options)

    def apply_rate(self, voice: VoiceSpec, rate_wpm: float | None) -> VoiceSpec:
        if not rate_wpm or "tempo" in voice.opts:
            return voice
        tempo = float(rate_wpm) / self.natural_wpm
        if abs(tempo - 1.0) < 0.02:
            return voice
        clamped = max(0.75, min(1.33, tempo))
        if clamped != tempo:
            log.info("gTTS: rate %s wpm is outside what a tempo change sounds good at; using tempo %.2f",
                     rate_wpm, clamped)
        return voice.with_options(tempo=round(clamped, 3))

    # -- reachability --------------------------------------------------------------------------
    def probe(self, timeout: float | None = None, tld: str = "com") -> tuple[bool, str]:
        """Is the service reachable?  One quick request per process and Google domain (cached)."""
        root = service_root(tld)
        if root not in _PROBES:
            t = self.probe_timeout if timeout is None else timeout
            try:  # requests honours HTTPS_PROXY / NO_PROXY / REQUESTS_CA_BUNDLE from the environment
                requests.get(root, timeout=(t, t), allow_redirects=False).close()
                _PROBES[root] = (True, f"{root} answered")
            except requests.RequestException as exc:
                _PROBES[root] = (False, f"{root} did not answer ({type(exc).__name__}, timeout {t:g} s)")
            log.debug("gTTS probe: %s", _PROBES[root][1])
        ok, reason = _PROBES[root]
        self.reachable = ok
        return ok, reason

    # -- synthesis -------------------------------------------------------------------------------
    def _request(self, text: str, voice: VoiceSpec) -> bytes:
        """One request through gTTS (raises what gTTS or requests raise)."""
        slow = voice.opts.get("slow", "").lower() in ("1", "true", "yes")
        tts = gTTS(text, tld=voice.opts.get("tld", "com"), lang=voice.name or self.lang, slow=slow,
                   lang_check=False, timeout=self.timeout)
        buffer = io.BytesIO()
        tts.write_to_fp(buffer)
        return buffer.getvalue()

    def fetch_mp3(self, text: str, voice: VoiceSpec) -> bytes:
        """The MP3 for ``text``, with bounded retries; GttsServiceError when it cannot be had."""
        what = repr(text[:40] + ("…" if len(text) > 40 else ""))
        read_timeout = self.timeout[-1] if isinstance(self.timeout, tuple) else self.timeout
        deadline = time.monotonic() + self.max_total
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._request(text, voice)
            except (gTTSError, requests.RequestException, ValueError, TypeError) as exc:
                failure = _classify(exc)
            delay = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
            if failure.retry_after is not None:
                delay = min(self.max_backoff, max(delay, failure.retry_after))
            fits = time.monotonic() + delay + read_timeout <= deadline
            if not failure.retry or attempt > self.retries or not fits:
                reason = f"{failure.reason} after {attempt} attempt(s)"
                raise GttsServiceError(f"gTTS failed for {what}: {reason}", reason=reason, outage=failure.retry)
            log.info("gTTS: %s for %s; retry %d/%d in %.2f s", failure.reason, what, attempt, self.retries, delay)
            time.sleep(delay)

    def _decode(self, mp3: bytes, tempo: float) -> AudioSegment:
        with tempfile.TemporaryDirectory(prefix="lecturecast-gtts-") as tmp:
            src, dst = Path(tmp) / "in.mp3", Path(tmp) / "out.wav"
            src.write_bytes(mp3)
            args = ["-i", str(src), "-vn", "-ac", "1", "-ar", "48000"]
            if abs(tempo - 1.0) > 1e-3:
                args += ["-af", f"atempo={tempo:.4f}"]
            try:
                run_ffmpeg(args + ["-c:a", "pcm_s16le", str(dst)], timeout=120, what="decoding gTTS audio")
            except MediaError as exc:
                reason = "gTTS answered audio that cannot be decoded"
                raise GttsServiceError(f"{reason} ({len(mp3)} bytes): {exc.message[-120:]}", reason=reason) from exc
            return AudioSegment.from_wav(str(dst))

    def _speak(self, text: str, voice: VoiceSpec) -> AudioSegment:
        try:
            mp3 = self.fetch_mp3(text, voice)
        except AssertionError:  # gTTS: nothing left to speak after its own text cleaning
            return AudioSegment.silent(duration=0, frame_rate=48000)
        if not mp3:  # a 200 whose body has no audio line at all
            reason = "gTTS answered without audio"
            raise GttsServiceError(f"{reason} for {text[:40]!r}", reason=reason)
        return self._decode(mp3, voice.get_float("tempo", 1.0))

    def _synthesize(self, text: str, voice: VoiceSpec) -> AudioSegment:
        if HEALTH.down:
            raise GttsServiceError(f"gTTS is out of service in this run: {HEALTH.down}", reason=HEALTH.down,
                                   outage=True)
        if self.reachable is None:
            ok, reason = self.probe(tld=voice.opts.get("tld", "com"))
            if not ok:
                HEALTH.failed(reason, outage=True)
                raise GttsServiceError(f"gTTS is not reachable: {reason}", reason=reason, outage=True)
        try:
            audio = self._speak(text, voice)
        except GttsServiceError as exc:
            exc.outage = HEALTH.failed(exc.reason, exc.outage)
            raise
        HEALTH.failures = 0
        return audio
