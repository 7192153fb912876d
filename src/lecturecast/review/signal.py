"""What listening would catch, measured on a segment's WAV: long silences inside the narration,
clipping, abrupt onsets, loudness (integrated LUFS, ``voice.loudness``)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..voice.loudness import integrated_loudness

FRAME = 0.010  # seconds per envelope frame
SILENCE_DB = -50.0  # below this (dBFS, frame RMS) a frame is silent
LONG_SILENCE = 2.0  # seconds: a gap longer than this inside narration is reported
CLIP_LEVEL = 0.999  # |sample| at or above full scale
ONSET_QUIET = 0.10  # seconds of silence before a sound for it to count as an onset
ONSET_RAMP = 0.003  # a sound reaching half its first-60-ms peak within 3 ms starts abruptly
ONSET_LOUD = 0.10  # ...and only when that peak is at least -20 dBFS


@dataclass(frozen=True)
class SignalReport:
    silences: tuple[tuple[float, float], ...]  # (start, seconds)
    clipped_samples: int
    abrupt_onsets: tuple[float, ...]
    lufs: float | None


def _envelope_db(x: np.ndarray, rate: int) -> np.ndarray:
    hop = max(1, int(rate * FRAME))
    frames = len(x) // hop
    if frames == 0:
        return np.zeros(0)
    power = np.mean(x[: frames * hop].reshape(frames, hop) ** 2, axis=1)
    return 10 * np.log10(power + 1e-12)


def analyse(samples: np.ndarray, rate: int, allowed_pause: float = 0.0) -> SignalReport:
    """``allowed_pause``: the longest silence the script asked for (pause cues, music), not reported."""
    x = samples.astype(np.float64)
    if x.ndim > 1:
        x = x.mean(axis=1)
    loud = _envelope_db(x, rate) > SILENCE_DB
    silences: list[tuple[float, float]] = []
    onsets: list[int] = []
    if loud.any():
        first, last = int(np.argmax(loud)), len(loud) - int(np.argmax(loud[::-1])) - 1
        run_start = None
        for k in range(first, last + 1):
            if not loud[k] and run_start is None:
                run_start = k
            elif loud[k] and run_start is not None:
                length = (k - run_start) * FRAME
                if length > max(LONG_SILENCE, allowed_pause + 0.5):
                    silences.append((round(run_start * FRAME, 2), round(length, 2)))
                if length >= ONSET_QUIET:
                    onsets.append(k)
                run_start = None
        onsets.insert(0, first)
    hop = int(rate * FRAME)
    abrupt = tuple(round(k * FRAME, 2) for k in onsets if _abrupt(x, rate, max(0, (k - 1) * hop)))
    clipped = int(np.count_nonzero(np.abs(x) >= CLIP_LEVEL))
    lufs = integrated_loudness(x, rate) if x.size >= rate // 2 else None
    if lufs is not None and not np.isfinite(lufs):
        lufs = None
    return SignalReport(tuple(silences), clipped, abrupt, None if lufs is None else round(float(lufs), 1))


def _abrupt(x: np.ndarray, rate: int, frame_start: int) -> bool:
    """The first sample above the silence floor after ``frame_start`` starts at near-full level."""
    window = np.abs(x[frame_start: frame_start + int(rate * (2 * FRAME + 0.06))])
    floor = 10 ** (SILENCE_DB / 20)
    above = np.flatnonzero(window > floor)
    if above.size == 0:
        return False
    i = int(above[0])
    peak = float(window[i: i + int(rate * 0.06)].max())
    early = float(window[i: i + max(1, int(rate * ONSET_RAMP))].max())
    return peak >= ONSET_LOUD and early >= 0.5 * peak
