"""Streaming mix: a long timeline is mixed in bounded memory with the right loudness and placement."""
from __future__ import annotations

import tracemalloc
import wave

import numpy as np
import pytest

from lecturecast.assets import assets_dir
from lecturecast.voice import integrated_loudness, mix_voiceover
from lecturecast.voice.audio import write_wav
from lecturecast.voice.loudness import LoudnessMeter

RATE = 48000


def tone(amp: float, seconds: float, freq: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return amp * np.sin(2 * np.pi * freq * t)


def amp_at(x: np.ndarray, freq: float) -> float:
    t = np.arange(x.size) / RATE
    return 2 * abs(np.dot(x, np.exp(-2j * np.pi * freq * t))) / x.size


def test_meter_streams_like_one_call():
    rng = np.random.default_rng(3)
    x = np.concatenate([0.1 * rng.standard_normal(RATE * 5), np.zeros(RATE * 7 + 123),
                        0.3 * rng.standard_normal(RATE * 3 + 77), np.zeros(5000)])
    meter, pos = LoudnessMeter(RATE), 0
    for n in rng.integers(1, 200_000, 1000):  # odd chunk sizes, silent chunks included
        meter.add(x[pos:pos + n])
        pos += n
    assert meter.count == x.size
    assert meter.loudness() == pytest.approx(integrated_loudness(x, RATE), abs=1e-9)


def test_twenty_minute_mix_in_bounded_memory(tmp_path):
    """20 min at 48 kHz is 230 MB as float32; the streaming mix must stay far below that."""
    a = write_wav(tmp_path / "a.wav", tone(0.2, 4.0, 220.0))
    b = write_wav(tmp_path / "b.wav", tone(0.05, 6.0, 440.0))
    total = 20 * 60.0
    placements = [(30.0, a), (400.0, b), (401.0, a), (900.0, b), (1190.0, a)]  # 401 s: overlapping clips
    bed = assets_dir() / "music" / "bed.wav"
    music = [(0.0, 20.0, bed), (1180.0, total, bed)]
    out = tmp_path / "vo.wav"
    tracemalloc.start()
    try:
        res = mix_voiceover(placements, music, total, out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40e6, f"mix allocated {peak / 1e6:.0f} MB at peak"
    with wave.open(str(out)) as w:
        assert w.getnframes() == int(total * RATE)
        y = np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768
    assert res.lufs == pytest.approx(-16.0, abs=0.5)
    assert integrated_loudness(y, RATE) == pytest.approx(res.lufs, abs=0.05)
    assert res.peak_dbfs <= -0.99 and np.max(np.abs(y)) <= 10 ** (-1 / 20) + 1e-4
    # placement is sample exact: silence right before 30 s, the tone right after
    i = int(30.0 * RATE)
    assert np.max(np.abs(y[i - 4800:i - 10])) < 1e-3 < np.max(np.abs(y[i:i + 480]))
    assert np.max(np.abs(y[int(100 * RATE):int(390 * RATE)])) == 0.0  # silence stays silent
    # the clips overlapping at 401–405 s add up: both tones at their relative levels (0.2 : 0.05)
    both = y[int(401.5 * RATE):int(403.5 * RATE)]
    assert amp_at(both, 220.0) / amp_at(both, 440.0) == pytest.approx(4.0, rel=0.05)
    assert amp_at(y[int(400.2 * RATE):int(400.9 * RATE)], 220.0) < 0.01 * amp_at(both, 220.0)
    # the bed is ducked under the clip at 1190 s and back at full level after it
    under = np.sqrt(np.mean(y[int(1191 * RATE):int(1193 * RATE)] ** 2))
    bed_only = np.sqrt(np.mean(y[int(1184 * RATE):int(1188 * RATE)] ** 2))
    assert bed_only > 0 and under > bed_only  # speech on top of the ducked bed
