"""espeak-ng (the binary, via subprocess with a timeout): robotic but always available offline.

Voice specs: ``espeak:en-us``, ``espeak:en-us+f3`` (variant), options ``speed`` (words per minute,
espeak ``-s``) and ``pitch`` (0–99, ``-p``).  Set ``LECTURECAST_ESPEAK`` to another binary.
"""
from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess

from pydub import AudioSegment

from ...errors import EngineError, EngineUnavailable
from ..voices import VoiceSpec
from .base import Engine

VARIANTS = ("en-us", "en-us+f3", "en-gb+m3", "en-us+f4", "en+m5", "en-gb+f2", "en-us+m2")


@functools.lru_cache(maxsize=4)
def _find_binary(explicit: str | None) -> str:
    candidates = (explicit,) if explicit else (os.environ.get("LECTURECAST_ESPEAK"), "espeak-ng", "espeak")
    for candidate in filter(None, candidates):
        found = shutil.which(candidate)
        if found:
            return found
    raise EngineUnavailable("espeak-ng is not installed",
                            hint="install espeak-ng (apt install espeak-ng / brew install espeak-ng) or use --engine piper")


class EspeakEngine(Engine):
    name = "espeak"
    natural_wpm = 175.0

    def __init__(self, binary: str | None = None, timeout: float = 60.0, **_: object):
        self.binary = _find_binary(binary)
        self.timeout = timeout

    @functools.cached_property
    def version(self) -> str:
        try:
            out = subprocess.run([self.binary, "--version"], capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
            return out.stdout.decode("utf-8", "replace").strip().split("  Data")[0]
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineUnavailable(f"cannot run {self.binary}: {exc}", hint="reinstall espeak-ng") from exc

    def default_voice(self, index: int) -> VoiceSpec:
        return VoiceSpec("espeak", VARIANTS[index % len(VARIANTS)])

    def localize(self, voice: VoiceSpec, language: str) -> VoiceSpec:
        if language.lower().startswith("en"):
            return voice
        variant = voice.name.partition("+")[2]
        return VoiceSpec(voice.engine, language.lower() + (f"+{variant}" if variant else ""), voice.options)

    def apply_rate(self, voice: VoiceSpec, rate_wpm: float | None) -> VoiceSpec:
        if not rate_wpm or "speed" in voice.opts:
            return voice
        return voice.with_options(speed=int(rate_wpm))

    def _synthesize(self, text: str, voice: VoiceSpec) -> AudioSegment:
        cmd = [self.binary, "-v", voice.name or "en-us", "--stdout"]
        if "speed" in voice.opts:
            cmd += ["-s", str(int(voice.get_float("speed", 175)))]
        if "pitch" in voice.opts:
            cmd += ["-p", str(int(voice.get_float("pitch", 50)))]
        try:
            proc = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, timeout=self.timeout)
        except subprocess.TimeoutExpired as exc:
            raise EngineError(f"espeak-ng timed out after {self.timeout:.0f} s") from exc
        except OSError as exc:
            raise EngineUnavailable(f"cannot run {self.binary}: {exc}", hint="reinstall espeak-ng") from exc
        if proc.returncode != 0 or not proc.stdout:
            err = proc.stderr.decode("utf-8", "replace").strip()
            raise EngineError(f"espeak-ng failed (exit {proc.returncode}): {err[-200:]}",
                              hint="check the voice name with 'espeak-ng --voices'")
        data = proc.stdout
        # espeak writes a streaming WAV header with unknown sizes; fix them for the wave reader
        if data[:4] == b"RIFF" and len(data) > 44:
            size = len(data) - 44
            data = data[:4] + (size + 36).to_bytes(4, "little") + data[8:40] + size.to_bytes(4, "little") + data[44:]
        return AudioSegment.from_wav(io.BytesIO(data))
