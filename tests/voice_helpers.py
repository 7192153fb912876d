"""Helpers for voice tests: small lectures built directly from the model, pitch and loudness probes."""
from __future__ import annotations

import numpy as np

from lecturecast.model import Cue, CueKind, Lecture, Meta, Section, Segment, Speech


def lecture_of(*segments: Segment, **meta) -> Lecture:
    return Lecture(meta=Meta(title="Test lecture", **meta), sections=(Section("Part one", tuple(segments)),))


def host_guest_lecture(**meta) -> Lecture:
    seg = Segment(id="talk", blocks=(
        Speech("Welcome back to the show. Today we talk about recurrent networks.", speaker="Host"),
        Speech("Thanks for having me. Recurrent networks read a sequence one step at a time.", speaker="Guest"),
        Cue(CueKind.PAUSE, "pause", seconds=0.8),
        Speech("And why did gated units matter so much?", speaker="Host"),
    ))
    return lecture_of(seg, **meta)


def median_f0(samples: np.ndarray, rate: int, fmin: float = 60.0, fmax: float = 400.0) -> float:
    """Median fundamental frequency of voiced 40 ms frames (normalised autocorrelation)."""
    frame = int(0.04 * rate)
    lo, hi = int(rate / fmax), int(rate / fmin)
    f0s = []
    for start in range(0, samples.size - frame, frame // 2):
        x = samples[start:start + frame]
        x = x - x.mean()
        energy = float(np.dot(x, x))
        if energy < 1e-4 * frame:
            continue
        ac = np.correlate(x, x, mode="full")[frame - 1:]
        ac = ac / ac[0]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.5:
            f0s.append(rate / lag)
    return float(np.median(f0s)) if f0s else 0.0
