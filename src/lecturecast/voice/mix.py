"""mix_voiceover: place speech clips and music beds on one timeline, duck, normalise, write.

* speech: ``placements = [(start_seconds, wav_path)]`` added at exact sample positions (48 kHz);
* music: ``[(start, end, asset_path)]`` — each bed is levelled to ``music_lufs`` on its own, looped to
  fill its span, faded in/out (``fade`` s) and ducked by ``duck_db`` wherever speech is active (speech
  detected from the speech track with a short hold, gain changes smoothed over ``duck_ramp`` s);
* the sum is normalised to −16 LUFS integrated (BS.1770, see loudness.py) with a −1 dBFS limiter and
  written atomically as 48 kHz mono 16-bit WAV.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import AssetError
from . import loudness
from .audio import OUT_RATE, load_audio_file, read_wav, resample, wav_duration, write_wav

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MixResult:
    wav: Path
    duration: float
    lufs: float
    peak_dbfs: float


def _moving_average(x: np.ndarray, width: int) -> np.ndarray:
    if width <= 1 or x.size == 0:
        return x
    c = np.cumsum(np.concatenate([np.zeros(1), x]))
    half = width // 2
    idx_hi = np.minimum(np.arange(x.size) + width - half, x.size)
    idx_lo = np.maximum(np.arange(x.size) - half, 0)
    return (c[idx_hi] - c[idx_lo]) / (idx_hi - idx_lo)


def speech_activity(speech: np.ndarray, rate: int, threshold_db: float = -50.0, hold: float = 0.35,
                    hop: float = 0.05) -> np.ndarray:
    """Per ``hop`` (50 ms) frame: 1.0 where someone speaks (RMS above threshold, held ``hold`` s)."""
    win = int(rate * hop)
    n = max(1, int(np.ceil(speech.size / win)))
    energy = np.zeros(n)
    for i in range(0, n, 4096):  # frame energies without a full-length float64 copy
        part = speech[i * win:(i + 4096) * win].astype(np.float64)
        frames = part.size // win
        e = (part[: frames * win].reshape(frames, win) ** 2).mean(axis=1) if frames else np.zeros(0)
        energy[i:i + frames] = e
        if part.size > frames * win:
            energy[i + frames] = (part[frames * win:] ** 2).mean()
    active = (10 * np.log10(energy + 1e-20) > threshold_db).astype(float)
    hold_w = max(1, int(hold / hop))
    return (np.convolve(active, np.ones(2 * hold_w + 1), mode="same") > 0).astype(float)


def duck_gain(activity: np.ndarray, rate: int, duck_db: float, ramp: float, start: int, stop: int,
              hop: float = 0.05) -> np.ndarray:
    """Per-sample music gain for samples ``start:stop`` (1 → ``duck_db`` under speech, ramped)."""
    floor = 10 ** (duck_db / 20)
    coarse = _moving_average(1.0 - activity * (1.0 - floor), max(1, int(round(ramp / hop))))
    centers = (np.arange(coarse.size) + 0.5) * hop * rate
    return np.interp(np.arange(start, stop), centers, coarse).astype(np.float32)


def _bed(asset: str | os.PathLike[str], length: int, fade: float, music_lufs: float, cache: dict) -> np.ndarray:
    key = str(asset)
    if key not in cache:
        p = Path(asset)
        if not p.is_file():
            raise AssetError(f"music bed {p} not found", hint="fix the music: entry or put the file in assets/music/")
        x = load_audio_file(p, OUT_RATE)
        lufs = loudness.integrated_loudness(x, OUT_RATE)
        if np.isfinite(lufs):
            x = x * 10 ** ((music_lufs - lufs) / 20)
        cache[key] = x
    x = cache[key]
    if x.size == 0:
        return np.zeros(length)
    reps = int(np.ceil(length / x.size))
    out = np.tile(x, reps)[:length].copy()
    f = min(int(fade * OUT_RATE), length // 2)
    if f > 0:
        ramp = np.linspace(0.0, 1.0, f)
        out[:f] *= ramp
        out[-f:] *= ramp[::-1]
    return out


def mix_voiceover(placements: Sequence[tuple[float, str | os.PathLike[str]]],
                  music: Sequence[tuple[float, float, str | os.PathLike[str]]], total: float,
                  out_wav: str | os.PathLike[str], *, target_lufs: float = loudness.TARGET_LUFS,
                  duck_db: float = -18.0, fade: float = 1.0, music_lufs: float = -24.0, duck_ramp: float = 0.3,
                  ceiling_dbfs: float = loudness.CEILING_DBFS) -> MixResult:
    """Mix and write the voiceover; see the module docstring.  Returns the measured result."""
    rate = OUT_RATE
    end = int(round(total * rate))
    for start, path in placements:  # headers only: the timeline's length
        end = max(end, int(round(start * rate)) + int(np.ceil(wav_duration(path) * rate)) + 1)
    mixed = np.zeros(end, dtype=np.float32)  # float32 timeline: 30 min ≈ 350 MB less than float64
    used = 0
    for start, path in placements:  # one clip in memory at a time
        x, r = read_wav(path)
        x = resample(x, r, rate)
        pos = int(round(start * rate))
        mixed[pos:pos + x.size] += x[: end - pos].astype(np.float32)
        used = max(used, pos + x.size)
    end = max(int(round(total * rate)), used)
    if end < mixed.size:
        mixed = mixed[:end]
    if end > int(round(total * rate)):
        log.debug("voiceover extended to %.2f s to fit the last clip", end / rate)
    if music:
        activity = speech_activity(mixed, rate)  # computed before any music is added
        beds: dict = {}
        for start, stop, asset in music:
            a, b = max(0, int(round(start * rate))), min(end, int(round(stop * rate)))
            if b - a <= 0:
                continue
            mixed[a:b] += _bed(asset, b - a, fade, music_lufs, beds).astype(np.float32) * duck_gain(
                activity, rate, duck_db, duck_ramp, a, b)
    out = loudness.normalize(mixed, rate, target_lufs, ceiling_dbfs)
    write_wav(out_wav, out, rate)
    lufs = loudness.integrated_loudness(out, rate)
    peak = float(np.max(np.abs(out))) if out.size else 0.0
    peak_db = 20 * np.log10(peak) if peak > 0 else float("-inf")
    log.info("voiceover %s: %.1f s, %.1f LUFS, peak %.1f dBFS", Path(out_wav).name, end / rate, lufs, peak_db)
    return MixResult(Path(out_wav), end / rate, lufs, peak_db)
