"""BS.1770 loudness against tones whose loudness is known, limiter, mixing, music beds."""
from __future__ import annotations

import math
import wave

import numpy as np
import pytest

from lecturecast.assets import assets_dir
from lecturecast.voice import integrated_loudness, mix_voiceover, normalize
from lecturecast.voice.audio import read_wav, write_wav
from lecturecast.voice.loudness import k_weighting_biquads, limit
from lecturecast.voice.musicgen import make_bed


def tone(amp: float, seconds: float, rate: int = 48000, freq: float = 997.0) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return amp * np.sin(2 * np.pi * freq * t)


def test_k_weighting_matches_the_standard_at_48k():
    (sb, sa), (hb, ha) = k_weighting_biquads(48000)
    assert np.allclose(sb, [1.53512485958697, -2.69169618940638, 1.19839281085285], atol=1e-9)
    assert np.allclose(sa, [1.0, -1.69065929318241, 0.73248077421585], atol=1e-9)
    assert np.allclose(ha, [1.0, -1.99004745483398, 0.99007225036621], atol=1e-9)


@pytest.mark.parametrize("rate", [48000, 44100, 22050])
@pytest.mark.parametrize("amp", [1.0, 0.1])
def test_sine_loudness_is_known(rate, amp):
    # BS.1770: a 997 Hz sine of peak amplitude A in one channel reads -3.01 + 20 log10(A) LUFS
    expected = -3.01 + 20 * math.log10(amp)
    assert integrated_loudness(tone(amp, 3.0, rate), rate) == pytest.approx(expected, abs=0.05)


def test_gating_ignores_silence_and_quiet_parts():
    rate = 48000
    loud = tone(0.5, 20.0)
    with_silence = np.concatenate([np.zeros(rate * 4), loud, np.zeros(rate * 6)])
    # only the 6 blocks straddling the edges count partly: within 0.1 LU of the tone alone
    assert integrated_loudness(with_silence, rate) == pytest.approx(integrated_loudness(loud, rate), abs=0.1)
    # a part 30 dB quieter falls under the relative gate (-10 LU) and does not count
    quiet = tone(0.5 * 10 ** (-30 / 20), 20.0)
    assert integrated_loudness(np.concatenate([loud, quiet]), rate) == pytest.approx(
        integrated_loudness(loud, rate), abs=0.2)
    assert integrated_loudness(np.zeros(rate), rate) == float("-inf")


def test_normalize_hits_target_and_respects_ceiling():
    rate = 48000
    rng = np.random.default_rng(1)
    speechy = tone(0.05, 6.0) * (1 + 0.8 * np.sin(2 * np.pi * 3 * np.arange(6 * rate) / rate))
    speechy += 0.01 * rng.standard_normal(speechy.size)
    speechy[rate:rate + 20] = 0.9  # a sharp peak the limiter must catch
    out = normalize(speechy, rate, -16.0)
    assert integrated_loudness(out, rate) == pytest.approx(-16.0, abs=0.3)
    assert np.max(np.abs(out)) <= 10 ** (-1 / 20) + 1e-9
    limited = limit(np.array([0.0, 2.0, 0.1, -3.0, 0.0]), rate, -1.0)
    assert np.max(np.abs(limited)) <= 10 ** (-1 / 20) + 1e-9


def test_music_beds_exist_and_loop(tmp_path):
    for name in ("intro", "bed", "outro"):
        x, rate = read_wav(assets_dir() / "music" / f"{name}.wav")
        assert x.size / rate >= 6.0
        assert abs(x[0]) < 1e-3 and abs(x[-1]) < 1e-3  # loop-safe: silent at both ends
    again = make_bed("bed")
    x, _ = read_wav(assets_dir() / "music" / "bed.wav")
    assert np.max(np.abs(again - x)) < 1e-3  # the committed bed is what the generator makes


def test_mix_places_ducks_normalises(tmp_path):
    rate = 48000
    speech = tone(0.3, 2.0, freq=220.0)
    a = write_wav(tmp_path / "a.wav", speech)
    b = write_wav(tmp_path / "b.wav", tone(0.1, 1.0, 24000, freq=330.0), 24000)  # other rate: resampled
    bed = assets_dir() / "music" / "bed.wav"
    out = tmp_path / "vo.wav"
    res = mix_voiceover([(1.0, a), (6.0, b)], [(0.0, 9.0, bed)], 9.0, out)
    with wave.open(str(out)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 1, 2)
        assert w.getnframes() == 9 * rate
    y, _ = read_wav(out)
    assert res.lufs == pytest.approx(-16.0, abs=0.5) and res.peak_dbfs <= -0.99
    assert integrated_loudness(y, rate) == pytest.approx(-16.0, abs=0.5)
    # speech starts exactly at 1.0 s (music is quiet under it): the 220 Hz tone dominates there
    seg = y[int(1.2 * rate):int(2.8 * rate)]
    spectrum = np.abs(np.fft.rfft(seg))
    assert np.argmax(spectrum) * rate / seg.size == pytest.approx(220, abs=2)



def _amp_at(x: np.ndarray, rate: int, freq: float) -> float:
    t = np.arange(x.size) / rate
    return 2 * abs(np.dot(x, np.exp(-2j * np.pi * freq * t))) / x.size


def test_music_is_ducked_under_speech_and_faded(tmp_path):
    rate = 48000
    speech = write_wav(tmp_path / "s.wav", tone(0.3, 3.0, freq=220.0))
    music = write_wav(tmp_path / "m.wav", tone(0.3, 2.0, freq=1000.0))  # loops to fill 10 s
    res = mix_voiceover([(4.0, speech)], [(0.0, 10.0, music)], 10.0, tmp_path / "vo.wav", duck_db=-18.0, fade=1.0)
    y, _ = read_wav(res.wav)
    alone = _amp_at(y[int(2.0 * rate):int(3.0 * rate)], rate, 1000.0)
    under = _amp_at(y[int(5.0 * rate):int(6.0 * rate)], rate, 1000.0)
    assert 20 * math.log10(under / alone) == pytest.approx(-18.0, abs=1.5)
    assert _amp_at(y[int(5.0 * rate):int(6.0 * rate)], rate, 220.0) > 5 * under  # speech on top
    # fade in: the first 100 ms are much quieter than the bed at full level
    assert _amp_at(y[: int(0.1 * rate)], rate, 1000.0) < 0.2 * alone
    assert _amp_at(y[int(9.9 * rate):], rate, 1000.0) < 0.2 * alone
