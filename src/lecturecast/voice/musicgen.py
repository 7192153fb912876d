"""Procedural, royalty-free music beds (numpy only): soft chord pads with fades, loopable.

``python -m lecturecast.voice.musicgen [OUT_DIR]`` regenerates ``assets/music/{intro,bed,outro}.wav``
(8 s, 24 kHz mono 16-bit).  Each chord's envelope starts and ends at silence, so a bed loops without
a click; the mixer loops beds to any length and fades them in and out.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .audio import write_wav

RATE = 24000
A4 = 440.0
# chord tones as semitones from A4; four chords per bed
BEDS = {
    "intro": ((-9, -5, -2, 3), (-2, 2, 5, 10), (0, 3, 7, 12), (-4, 0, 3, 8)),   # C G Am F (I V vi IV)
    "bed": ((0, 3, 7, 12), (-4, 0, 3, 8), (-9, -5, -2, 3), (-2, 2, 5, 10)),     # Am F C G
    "outro": ((-4, 0, 3, 8), (-2, 2, 5, 10), (-9, -5, -2, 3), (-9, -5, -2, 3)),  # F G C C
}


def _tone(freq: float, n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / RATE
    out = np.zeros(n)
    for detune in (-0.6, 0.0, 0.6):  # a gentle chorus
        phase = rng.uniform(0, 2 * np.pi)
        f = freq * 2 ** (detune / 1200 * 10)
        out += np.sin(2 * np.pi * f * t + phase) + 0.25 * np.sin(4 * np.pi * f * t + phase) \
            + 0.08 * np.sin(6 * np.pi * f * t + phase)
    return out / 3


def make_bed(kind: str = "bed", seconds: float = 8.0, seed: int = 7) -> np.ndarray:
    chords = BEDS[kind]
    rng = np.random.default_rng(seed)
    n_chord = int(seconds * RATE / len(chords))
    env_t = np.linspace(0, 1, n_chord)
    # smooth swell: fast-ish attack, long release, zero at both ends (loop-safe)
    env = np.sin(np.pi * env_t) ** 0.6 * np.exp(-1.2 * env_t)
    parts = []
    for chord in chords:
        x = np.zeros(n_chord)
        for semis in chord:
            x += _tone(A4 * 2 ** (semis / 12), n_chord, rng)
        x += 0.6 * _tone(A4 * 2 ** ((chord[0] - 12) / 12), n_chord, rng)  # bass an octave down
        parts.append(x * env)
    y = np.concatenate(parts)
    return 0.5 * y / np.max(np.abs(y))


def write_beds(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    return [write_wav(out / f"{kind}.wav", make_bed(kind), RATE) for kind in BEDS]


if __name__ == "__main__":  # pragma: no cover
    target = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[3] / "assets" / "music")
    for p in write_beds(target):
        print(p)
