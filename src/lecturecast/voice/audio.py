"""Small numpy ⇄ pydub helpers: mono float arrays, band-limited resampling, trimming, WAV I/O."""
from __future__ import annotations

import io
import math
import os
import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np
from pydub import AudioSegment

from ..errors import MediaError
from ..fsutil import atomic_path
from ..media import decode_to_wav
from . import levels

OUT_RATE = 48000


def to_array(seg: AudioSegment) -> tuple[np.ndarray, int]:
    """Mono float64 samples in [-1, 1] and the sample rate."""
    if seg.channels > 1:
        seg = seg.set_channels(1)
    raw = np.array(seg.get_array_of_samples(), dtype=np.float64)
    scale = float(1 << (8 * seg.sample_width - 1))
    return raw / scale, seg.frame_rate


def to_segment(samples: np.ndarray, rate: int) -> AudioSegment:
    """Mono 16-bit AudioSegment from float samples (clipped to [-1, 1])."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    return AudioSegment(data=pcm.tobytes(), sample_width=2, frame_rate=int(rate), channels=1)


def _fft_resize(samples: np.ndarray, in_len: int, out_len: int) -> np.ndarray:
    """Zero-pad ``samples`` to ``in_len``, change the length band-limited to ``out_len`` (by FFT)."""
    spec = np.fft.rfft(samples, in_len)
    bins = out_len // 2 + 1
    new_spec = np.zeros(bins, dtype=complex)
    k = min(bins, spec.size)
    new_spec[:k] = spec[:k]
    return np.fft.irfft(new_spec, out_len) * (out_len / in_len)


def _pow2(n: int) -> int:
    return 1 << max(0, int(np.ceil(np.log2(max(1, n)))))


def resample(samples: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Band-limited resampling by FFT (clips start and end near silence, so edges are clean).

    The padded length is a multiple of ``rate/gcd`` times a power of two, so both FFT sizes have
    only small prime factors (fast) and the ratio is exact."""
    if rate == new_rate or samples.size == 0:
        return samples
    g = math.gcd(int(rate), int(new_rate))
    q, p = int(rate) // g, int(new_rate) // g
    m = _pow2(-(-(samples.size + 1024) // q))
    y = _fft_resize(samples, q * m, p * m)
    return y[: int(round(samples.size * p / q))]


def stretch(samples: np.ndarray, new_len: int) -> np.ndarray:
    """Resample ``samples`` to ``new_len`` samples (band-limited; used for pitch shifting)."""
    n = samples.size
    if new_len == n or n == 0:
        return samples
    in_len = _pow2(n + 1024)  # zero padding keeps the circular FFT from wrapping the end onto the start
    out_len = max(1024, int(round(in_len * new_len / n / 1024)) * 1024)  # ratio within 0.8 %: inaudible
    return _fft_resize(samples, in_len, out_len)[:new_len]


def trim_silence(samples: np.ndarray, rate: int, threshold_db: float = -45.0, keep: float = 0.02) -> np.ndarray:
    """Cut leading/trailing parts quieter than ``threshold_db`` (10 ms RMS), keeping ``keep`` s."""
    win = max(1, int(rate * 0.01))
    n = samples.size // win
    if n == 0:
        return samples
    rms = np.sqrt((samples[: n * win].reshape(n, win) ** 2).mean(axis=1) + 1e-20)
    loud = np.nonzero(20 * np.log10(rms) > threshold_db)[0]
    if loud.size == 0:
        return samples[:0]
    margin = int(keep * rate)
    start = max(0, loud[0] * win - margin)
    end = min(samples.size, (loud[-1] + 1) * win + margin)
    return samples[start:end]


def shape_edges(samples: np.ndarray, rate: int, lead: float | None = None, fade_in: float | None = None,
                fade_out: float | None = None) -> np.ndarray:
    """A sentence with clean edges: raised-cosine fades over its first and last few ms, and ``lead``
    seconds of silence in front when it starts loud (piper's first sample can be at full level).
    Defaults from :mod:`.levels`."""
    lead = levels.SENTENCE_LEAD if lead is None else lead
    fade_in = levels.SENTENCE_FADE_IN if fade_in is None else fade_in
    fade_out = levels.SENTENCE_FADE_OUT if fade_out is None else fade_out
    x: np.ndarray[Any, np.dtype[np.floating[Any]]] = np.array(
        samples, dtype=np.float64 if samples.dtype != np.float32 else np.float32)
    if x.size == 0:
        return x
    head = x[: max(1, int(0.005 * rate))]
    loud_start = 20 * np.log10(np.sqrt(np.mean(head.astype(np.float64) ** 2)) + 1e-12) > -45.0
    for n, at_start in ((min(x.size // 2, int(fade_in * rate)), True), (min(x.size // 2, int(fade_out * rate)), False)):
        if n > 1:
            ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))).astype(x.dtype)
            if at_start:
                x[:n] *= ramp
            else:
                x[x.size - n:] *= ramp[::-1]
    if loud_start and lead > 0:
        x = np.concatenate([np.zeros(int(lead * rate), dtype=x.dtype), x])
    return x


def silence(seconds: float, rate: int = OUT_RATE) -> np.ndarray:
    return np.zeros(max(0, int(round(seconds * rate))))


def pcm_to_float(data: bytes, width: int, channels: int, dtype: type = np.float64) -> np.ndarray:
    """Little-endian PCM frames (8/16/24/32-bit, interleaved channels) as mono floats in [-1, 1]."""
    if width == 3:
        b = np.frombuffer(data, dtype=np.uint8).reshape(-1, 3)
        ints = (b[:, 0].astype(np.int32) | (b[:, 1].astype(np.int32) << 8) | (b[:, 2].astype(np.int32) << 16))
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        x = ints.astype(dtype) / dtype(1 << 23)
    elif width == 1:
        x = (np.frombuffer(data, dtype=np.uint8).astype(dtype) - 128) / dtype(128.0)
    else:
        raw = np.frombuffer(data, dtype={2: "<i2", 4: "<i4"}[width])
        x = raw.astype(dtype) / dtype(1 << (8 * width - 1))
    if channels > 1:
        x = x.reshape(-1, channels).mean(axis=1, dtype=dtype)
    return x


def read_wav(path: str | os.PathLike[str]) -> tuple[np.ndarray, int]:
    """Read a PCM WAV (8/16/24/32-bit, any channels) as mono float64."""
    try:
        with wave.open(str(path), "rb") as w:
            rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
            data = w.readframes(w.getnframes())
    except (wave.Error, EOFError, OSError) as exc:
        raise MediaError(f"cannot read WAV {path}: {exc}", hint="delete the file and build again") from exc
    if width not in (1, 2, 3, 4):
        raise MediaError(f"cannot read WAV {path}: {8 * width}-bit samples", hint="use 16-bit PCM")
    return pcm_to_float(data, width, channels), rate


def wav_duration(path: str | os.PathLike[str]) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / float(w.getframerate())


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(rate))
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def write_wav(path: str | os.PathLike[str], samples: np.ndarray, rate: int = OUT_RATE) -> Path:
    """Write mono 16-bit PCM WAV atomically (converted block by block: little extra memory)."""
    with atomic_path(path) as tmp:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(int(rate))
            for i in range(0, max(1, samples.size), 1 << 20):
                block = np.clip(samples[i:i + (1 << 20)], -1.0, 1.0) * 32767.0
                w.writeframes(block.round().astype("<i2").tobytes())
    return Path(path)


def load_audio_file(path: str | os.PathLike[str], rate: int = OUT_RATE) -> np.ndarray:
    """Any audio file as mono float at ``rate`` (WAV read directly, others decoded by ffmpeg)."""
    p = Path(path)
    if p.suffix.lower() == ".wav":
        try:
            x, r = read_wav(p)
            return resample(x, r, rate)
        except (MediaError, KeyError):
            pass
    with tempfile.TemporaryDirectory(prefix="lecturecast-dec-") as tmp:
        out = decode_to_wav(p, Path(tmp) / "x.wav", rate=rate)
        x, _ = read_wav(out)
    return x
