"""Procedural sound effects (numpy only, deterministic): the bundled CC0 set in ``assets/sounds/``.

``python -m lecturecast.voice.soundgen [OUT_DIR]`` regenerates ``chime, whoosh, applause, keyboard,
page-turn, rumble, click`` (.wav, 24 kHz mono 16-bit, peak −3 dBFS).  Every sample comes from the formulas below
(sines, filtered noise from a seeded generator), so the files are our own work, dedicated to the
public domain (CC0 1.0); see ``assets/sounds/README.md``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .audio import write_wav

RATE = 24000


def _t(seconds: float) -> np.ndarray:
    return np.arange(int(seconds * RATE)) / RATE


def _smooth(x: np.ndarray, width: int) -> np.ndarray:
    """Moving average (a gentle low-pass) over ``width`` samples."""
    return np.convolve(x, np.ones(width) / width, mode="same")


def _edges(x: np.ndarray, fade: float = 0.004) -> np.ndarray:
    n = min(x.size // 2, int(fade * RATE))
    ramp = np.sin(np.linspace(0, np.pi / 2, n)) ** 2
    x[:n] *= ramp
    x[x.size - n:] *= ramp[::-1]
    return x


def chime(seconds: float = 1.6) -> np.ndarray:
    """A bell-like 'ding': inharmonic partials of 880 Hz, each decaying at its own rate."""
    t = _t(seconds)
    out = np.zeros_like(t)
    for ratio, amp, decay in ((1.0, 1.0, 2.2), (2.76, 0.45, 3.5), (5.40, 0.22, 5.0), (8.93, 0.1, 7.0)):
        out += amp * np.sin(2 * np.pi * 880 * ratio * t) * np.exp(-decay * t)
    return out * (1 - np.exp(-t / 0.002))


def whoosh(seconds: float = 0.9, seed: int = 11) -> np.ndarray:
    """Noise through a band that sweeps up and back, with a swelling envelope."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(int(seconds * RATE))
    out = np.zeros_like(noise)
    pieces = 30
    edges = np.linspace(0, noise.size, pieces + 1).astype(int)
    for k in range(pieces):  # short-time band-pass: difference of two moving averages
        pos = k / (pieces - 1)
        width = int(40 - 32 * np.sin(np.pi * pos))  # narrow window = higher band in the middle
        seg = slice(max(0, edges[k] - 64), min(noise.size, edges[k + 1] + 64))
        band = _smooth(noise[seg], width) - _smooth(noise[seg], 4 * width)
        a = edges[k] - seg.start
        out[edges[k]:edges[k + 1]] = band[a:a + edges[k + 1] - edges[k]]
    env = np.sin(np.pi * np.linspace(0, 1, noise.size)) ** 1.5
    return out * env


def applause(seconds: float = 2.5, seed: int = 5, claps_per_second: float = 45.0) -> np.ndarray:
    """Many short noise bursts (claps) at random times, swelling in and fading out."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    out = np.zeros(n)
    clap_len = int(0.012 * RATE)
    shape = np.exp(-np.arange(clap_len) / (0.003 * RATE))
    for at in np.sort(rng.uniform(0, seconds - 0.02, int(claps_per_second * seconds))):
        i = int(at * RATE)
        burst = rng.standard_normal(clap_len) * shape * rng.uniform(0.4, 1.0)
        out[i:i + clap_len] += burst - _smooth(burst, 6)  # claps are bright: drop the lows
    t = _t(seconds)[:n]
    return out * np.minimum(1.0, t / 0.25) * np.minimum(1.0, (seconds - t) / 0.8)


def keyboard(seconds: float = 1.6, seed: int = 3) -> np.ndarray:
    """Typing: irregular clicks (a bright tick and a dull thock per key)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    out = np.zeros(n)
    at = 0.05
    while at < seconds - 0.06:
        i = int(at * RATE)
        k = int(0.03 * RATE)
        tt = np.arange(k) / RATE
        tick = rng.standard_normal(k) * np.exp(-tt / 0.0015)
        thock = np.sin(2 * np.pi * rng.uniform(180, 260) * tt) * np.exp(-tt / 0.008)
        out[i:i + k] += rng.uniform(0.5, 1.0) * (tick - _smooth(tick, 4) + 0.6 * thock)
        at += rng.uniform(0.07, 0.19)
    return out


def page_turn(seconds: float = 0.7, seed: int = 17) -> np.ndarray:
    """Paper: rustling noise with a crackle, rising then falling."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    noise = rng.standard_normal(n)
    rustle = noise - _smooth(noise, 3)
    crackle = (rng.uniform(size=n) > 0.995) * rng.standard_normal(n) * 4
    env = np.sin(np.pi * np.linspace(0, 1, n)) ** 2 * (0.6 + 0.4 * np.sin(2 * np.pi * 3.1 * _t(seconds)[:n]))
    return (rustle * 0.5 + _smooth(crackle, 3)) * env


def rumble(seconds: float = 2.6, seed: int = 23) -> np.ndarray:
    """A deep rumble (thunder far away, an earthquake, a volcano): brown noise low-passed twice,
    swelling fast and dying away slowly, with a slow flutter."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    noise = rng.standard_normal(n)
    low = _smooth(_smooth(noise, 40), 40)  # below ~500 Hz
    low -= _smooth(low, 300)  # above ~80 Hz: heard on laptop speakers too
    t = np.linspace(0, 1, n)
    env = (1 - np.exp(-t * 14)) * np.exp(-t * 2.2) * (0.75 + 0.25 * np.sin(2 * np.pi * 2.3 * t * seconds))
    return low * env


def click(seconds: float = 0.18, seed: int = 29) -> np.ndarray:
    """A mouse click: a bright press and a softer release 70 ms later."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    out = np.zeros(n)
    for at, gain in ((0.01, 1.0), (0.08, 0.55)):
        k = int(at * RATE)
        burst = rng.standard_normal(int(0.006 * RATE)) * np.exp(-np.linspace(0, 9, int(0.006 * RATE)))
        tick = np.sin(2 * np.pi * 3200 * _t(0.006)) * np.exp(-np.linspace(0, 7, burst.size))
        out[k:k + burst.size] += gain * (0.6 * (burst - _smooth(burst, 3)) + 0.5 * tick)
    return out


SOUNDS = {"chime": chime, "whoosh": whoosh, "applause": applause, "keyboard": keyboard, "page-turn": page_turn,
          "rumble": rumble, "click": click}


def make_sound(name: str) -> np.ndarray:
    x = _edges(SOUNDS[name]().astype(np.float64))
    return 10 ** (-3 / 20) * x / np.max(np.abs(x))


def write_sounds(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    return [write_wav(out / f"{name}.wav", make_sound(name), RATE) for name in SOUNDS]


if __name__ == "__main__":  # pragma: no cover
    target = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[3] / "assets" / "sounds")
    for p in write_sounds(target):
        print(p)
