"""Where the voice is heard inside each sentence: voiced spans from the synthesised audio's energy.

Each sentence is its own clip (synth.py), so its start and end are exact; inside it the words run
together, with short silences at commas, clause breaks and before stressed words.  Captions that
split a long sentence into several cues use these spans to start and end each cue where its words
are spoken (video/cuetiming.py): 10 ms frames, a frame is voiced when its RMS is within
``RANGE_DB`` of the sentence's loudest frame (and above ``FLOOR_DB``), and voiced runs closer than
``MERGE`` seconds are joined (stop consonants and syllable dips are not pauses).
"""
from __future__ import annotations

import os
from typing import Any, Sequence

import numpy as np

from .audio import read_wav

HOP = 0.01
RANGE_DB = 32.0
FLOOR_DB = -50.0
MERGE = 0.06


def spans_in(samples: np.ndarray, rate: int, start: float, end: float) -> tuple[tuple[float, float], ...]:
    """Voiced spans (seconds, same timeline as ``start``/``end``) of ``samples[start:end]``."""
    win = max(1, int(rate * HOP))
    a, b = max(0, int(start * rate)), min(samples.size, int(end * rate))
    n = (b - a) // win
    if n <= 0:
        return ()
    frames = samples[a:a + n * win].astype(np.float64).reshape(n, win)
    db = 10 * np.log10(np.einsum("ij,ij->i", frames, frames) / win + 1e-20)
    voiced = db > max(FLOOR_DB, float(db.max()) - RANGE_DB)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], voiced.astype(np.int8), [0]])))
    runs = [[int(s), int(e)] for s, e in zip(edges[::2], edges[1::2])]
    merged: list[list[int]] = []
    gap = int(round(MERGE / HOP))
    for s, e in runs:
        if merged and s - merged[-1][1] < gap:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    t0 = a / rate
    return tuple((t0 + s * HOP, t0 + e * HOP) for s, e in merged)


def sentence_spans(wav: str | os.PathLike[str], sentences: Sequence[Any]) -> list[tuple[tuple[float, float], ...]]:
    """Voiced spans of each sentence (``.start``/``.end`` seconds into ``wav``), in the same seconds."""
    samples, rate = read_wav(wav)
    return [spans_in(samples, rate, float(s.start), float(s.end)) for s in sentences]
