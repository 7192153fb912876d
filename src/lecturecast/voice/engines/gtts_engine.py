"""Google Translate TTS through the gTTS package — with timeouts, bounded retries and a probe.

* Every request has a timeout (gTTS waits forever by default).
* HTTP 429/5xx, timeouts and connection errors are retried with exponential backoff
  (``backoff·2^n`` s, at most ``max_backoff`` s each, ``Retry-After`` honoured, never past
  ``max_total`` s for one piece of text); each retry is logged as a warning.
* ``probe()`` checks reachability once per process and URL (cached), not per segment.
* The service URL is configurable: option ``url`` or env ``LECTURECAST_GTTS_URL``
  (e.g. ``http://127.0.0.1:8765``; the batchexecute path is appended), so tests can use a local server.
* gTTS answers MP3; it is decoded with the ffmpeg binary (no ffprobe needed) to 48 kHz WAV.

Voice specs: ``gtts:en?tld=co.uk`` (accent by Google domain), options ``slow=1`` and ``tempo``
(0.5–2, ffmpeg ``atempo``; the lecture's rate_wpm is applied this way).
"""
from __future__ import annotations

import base64
import logging
import os
import re
import tempfile
import time
import urllib.parse
from pathlib import Path

from pydub import AudioSegment

from ...errors import EngineUnavailable, ServiceError
from ...media import run_ffmpeg
from ..voices import VoiceSpec
from .base import Engine

log = logging.getLogger(__name__)

BATCH_PATH = "_/TranslateWebserverUi/data/batchexecute"
RETRY_STATUS = {429, 500, 502, 503, 504}
TLDS = ("com", "co.uk", "com.au", "ca", "co.in", "ie", "co.za")
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*?)\\"]')
_PROBES: dict[str, tuple[bool, str]] = {}


class GttsServiceError(ServiceError):
    def __init__(self, message: str, *, offline: bool = False, hint: str | None = None):
        super().__init__(message, hint=hint or "check the network or use --engine piper (offline) or auto")
        self.offline = offline  # no answer at all (timeout / connection): stop trying for this run


def service_url(base: str | None, tld: str = "com") -> str:
    if not base:
        from gtts.utils import _translate_url

        return _translate_url(tld=tld, path=BATCH_PATH)
    return base if base.rstrip("/").endswith("batchexecute") else base.rstrip("/") + "/" + BATCH_PATH


def _make_gtts(text: str, lang: str, tld: str, slow: bool, url: str):
    from gtts import gTTS

    class RoutedGTTS(gTTS):
        """gTTS whose requests go to ``url`` (tokenising and RPC packaging stay gTTS's own)."""

        def _prepare_requests(self):
            requests_ = super()._prepare_requests()
            for pr in requests_:
                pr.prepare_url(url, None)
            return requests_

    return RoutedGTTS(text, lang=lang, tld=tld, slow=slow, lang_check=False)


class GttsEngine(Engine):
    name = "gtts"
    natural_wpm = 150.0

    def __init__(self, url: str | None = None, timeout: float | tuple[float, float] = (3.05, 10.0),
                 retries: int = 4, backoff: float = 0.5, max_backoff: float = 8.0, max_total: float = 60.0,
                 lang: str = "en", probe_timeout: float = 3.0, **_: object):
        self.base_url = url or os.environ.get("LECTURECAST_GTTS_URL") or None
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
        from importlib.metadata import version as pkg_version

        where = f" @{self.base_url}" if self.base_url else ""
        return f"gtts {pkg_version('gtts')}{where}"

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
    def probe(self, timeout: float | None = None) -> tuple[bool, str]:
        """Is the service reachable?  One quick request per process and URL (cached)."""
        import requests

        url = service_url(self.base_url)
        parts = urllib.parse.urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}/"
        if root in _PROBES:
            ok, reason = _PROBES[root]
        else:
            t = self.probe_timeout if timeout is None else timeout
            try:
                with requests.Session() as s:
                    s.get(root, timeout=(t, t), allow_redirects=False)
                ok, reason = True, f"{root} answered"
            except requests.RequestException as exc:
                ok, reason = False, f"{root} did not answer ({type(exc).__name__}, timeout {t:g} s)"
            _PROBES[root] = (ok, reason)
            log.debug("gTTS probe: %s", reason)
        self.reachable = ok
        return ok, reason

    # -- synthesis -------------------------------------------------------------------------------
    def _post(self, session, prepared, what: str) -> bytes:
        import requests

        deadline = time.monotonic() + self.max_total
        attempt = 0
        settings = session.merge_environment_settings(prepared.url, {}, None, None, None)
        while True:
            offline = False
            retry_after = None
            try:
                r = session.send(prepared, timeout=self.timeout, allow_redirects=False,
                                 proxies=settings.get("proxies"))
            except requests.Timeout as exc:
                reason, offline = f"no answer within the timeout ({type(exc).__name__})", True
            except requests.ConnectionError as exc:
                reason, offline = f"connection failed ({exc.__class__.__name__})", True
            else:
                if r.status_code == 200:
                    chunks = [base64.b64decode(m.group(1)) for line in r.text.splitlines()
                              if "jQ1olc" in line for m in [_AUDIO.search(line)] if m]
                    if not chunks:
                        raise GttsServiceError(f"gTTS answered without audio for {what}",
                                               hint="the language may be unsupported; try another voice")
                    return b"".join(chunks)
                if r.status_code not in RETRY_STATUS:
                    raise GttsServiceError(f"gTTS answered HTTP {r.status_code} for {what}")
                reason = f"HTTP {r.status_code}"
                retry_after = r.headers.get("Retry-After")
            attempt += 1
            delay = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
            if retry_after and retry_after.strip().isdigit():
                delay = min(self.max_backoff, max(delay, float(retry_after)))
            if attempt > self.retries or time.monotonic() + delay > deadline:
                raise GttsServiceError(f"gTTS failed for {what}: {reason} after {attempt} attempt(s)", offline=offline)
            log.warning("gTTS: %s for %s; retry %d/%d in %.2f s", reason, what, attempt, self.retries, delay)
            time.sleep(delay)

    def fetch_mp3(self, text: str, voice: VoiceSpec) -> bytes:
        import requests

        tld = voice.opts.get("tld", "com")
        url = service_url(self.base_url, tld)
        tts = _make_gtts(text, voice.name or self.lang, tld, voice.opts.get("slow") in ("1", "true", "yes"), url)
        what = repr(text[:40] + ("…" if len(text) > 40 else ""))
        with requests.Session() as session:
            return b"".join(self._post(session, pr, what) for pr in tts._prepare_requests())

    def _synthesize(self, text: str, voice: VoiceSpec) -> AudioSegment:
        if self.reachable is None:
            ok, reason = self.probe()
            if not ok:
                raise GttsServiceError(f"gTTS is not reachable: {reason}", offline=True)
        elif self.reachable is False:
            raise EngineUnavailable("gTTS is not reachable in this run", hint="use --engine piper or auto")
        mp3 = self.fetch_mp3(text, voice)
        tempo = voice.get_float("tempo", 1.0)
        with tempfile.TemporaryDirectory(prefix="lecturecast-gtts-") as tmp:
            src, dst = Path(tmp) / "in.mp3", Path(tmp) / "out.wav"
            src.write_bytes(mp3)
            args = ["-i", str(src), "-vn", "-ac", "1", "-ar", "48000"]
            if abs(tempo - 1.0) > 1e-3:
                args += ["-af", f"atempo={tempo:.4f}"]
            run_ffmpeg(args + ["-c:a", "pcm_s16le", str(dst)], timeout=120, what="decoding gTTS audio")
            return AudioSegment.from_wav(str(dst))
