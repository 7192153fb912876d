"""Real engines: piper (offline, bundled voice) and espeak-ng; distinct voices per speaker."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from lecturecast.errors import ConfigError, EngineUnavailable
from lecturecast.voice import get_engine, synthesize_segment
from lecturecast.voice.audio import read_wav, to_array
from lecturecast.voice.voices import VoiceSpec
from voice_helpers import host_guest_lecture, median_f0

TEXT = "Recurrent networks read a sequence one step at a time."


@pytest.fixture(scope="module")
def piper():
    return get_engine("piper")


def test_piper_speaks_real_text(piper):
    seg = piper.synthesize(TEXT, piper.resolve_voice("auto:0"))
    x, rate = to_array(seg)
    assert rate == 22050 and 2.0 < x.size / rate < 6.0
    assert np.sqrt(np.mean(x ** 2)) > 0.02
    assert piper.version.startswith("piper-tts ") and "en_US-joe-medium.onnx" in piper.version


# Piper draws random noise for every call (noise_scale: timbre; noise_w: phoneme durations), so a
# sentence's length varies by ~±0.1 s between calls.  With both at 0 the synthesis is deterministic;
# the tests below compare lengths of deterministic voices, so they cannot flake.
QUIET = {"noise_scale": 0, "noise_w": 0}


def test_piper_rate_and_pitch_options(piper):
    slow = piper.resolve_voice("piper:joe", 0, rate_wpm=100)
    fast = piper.resolve_voice("piper:joe", 0, rate_wpm=200)
    assert slow.get_float("length_scale", 1) > 1.4 and fast.get_float("length_scale", 1) < 0.8
    d_slow = len(piper.synthesize(TEXT, slow.with_options(**QUIET))) / 1000
    d_fast = len(piper.synthesize(TEXT, fast.with_options(**QUIET))) / 1000
    assert d_slow > 1.4 * d_fast
    lo = VoiceSpec("piper", "joe", (("pitch", "-3"),)).with_options(**QUIET)
    hi = VoiceSpec("piper", "joe", (("pitch", "4"),)).with_options(**QUIET)
    x_lo, r = to_array(piper.synthesize(TEXT, lo))
    x_hi, _ = to_array(piper.synthesize(TEXT, hi))
    assert to_array(piper.synthesize(TEXT, hi))[0].size == x_hi.size  # deterministic
    assert median_f0(x_hi, r) > 1.25 * median_f0(x_lo, r)
    # pitch does not change the pace much: without compensation the +4 variant would be 1.26× shorter
    # and the −3 one 1.19× longer (ratio 1.50); piper rounds each phoneme up to whole frames and that
    # part is not scaled by length_scale, so the compensation leaves a ~1.2 ratio (see docs/voice.md)
    assert x_lo.size / x_hi.size < 1.3


def test_host_and_guest_get_distinct_voices(tmp_path, piper):
    lec = host_guest_lecture()
    audio = synthesize_segment(lec.segments[0], lec, piper, tmp_path)
    x, rate = read_wav(audio.wav)
    by = {"Host": [], "Guest": []}
    for s in audio.sentences:
        by[s.speaker].append(x[int(s.start * rate):int(s.end * rate)])
    f_host = median_f0(np.concatenate(by["Host"]), rate)
    f_guest = median_f0(np.concatenate(by["Guest"]), rate)
    assert piper.resolve_voice("auto:0") != piper.resolve_voice("auto:1")
    assert 12 * np.log2(f_guest / f_host) >= 4.0, (f_host, f_guest)  # guest: +6 semitones nominal
    # same speaker → same voice on every run (order of first appearance)
    assert piper.resolve_voice("auto:1", 1) == get_engine("piper").resolve_voice("auto:1", 1)


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed")
def test_espeak_engine_variants_and_rate():
    eng = get_engine("espeak")
    a = eng.synthesize(TEXT, eng.resolve_voice("auto:0", rate_wpm=175))
    b = eng.synthesize(TEXT, eng.resolve_voice("auto:1", rate_wpm=175))
    slow = eng.synthesize(TEXT, eng.resolve_voice("auto:0", rate_wpm=100))
    assert len(slow) > 1.4 * len(a)
    xa, ra = to_array(a)
    xb, rb = to_array(b)
    assert abs(median_f0(xa, ra) - median_f0(xb, rb)) > 20  # male vs female variant
    assert "eSpeak" in eng.version


def test_missing_engines_say_what_to_do(monkeypatch, tmp_path):
    with pytest.raises(EngineUnavailable, match="espeak-ng is not installed"):
        get_engine("espeak", binary=str(tmp_path / "no-such-espeak"))
    monkeypatch.setenv("PATH", str(tmp_path))
    from lecturecast.voice.engines import espeak_engine

    espeak_engine._find_binary.cache_clear()
    try:
        with pytest.raises(EngineUnavailable, match="install espeak-ng"):
            get_engine("espeak")
    finally:
        espeak_engine._find_binary.cache_clear()
    with pytest.raises(EngineUnavailable, match="not found"):
        get_engine("piper", voice=str(tmp_path / "missing.onnx"))
    with pytest.raises(ConfigError, match="unknown speech engine"):
        get_engine("festival")


@pytest.fixture
def offline_run(monkeypatch):
    """A run in which ``auto`` has already resolved to piper (no probe), with fresh warn-once state."""
    from lecturecast import once
    from lecturecast.voice.engines import auto

    monkeypatch.setenv(auto.RESOLVED_ENV, "piper")
    once.forget()
    yield
    once.forget()


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed")
def test_auto_honours_an_explicit_espeak_voice(tmp_path, offline_run, caplog):
    lec = host_guest_lecture(voices=(("Guest", "espeak:en-us+f3"),))
    eng = get_engine("auto")
    assert eng.speaking.name == "piper"
    audio = synthesize_segment(lec.segments[0], lec, eng, tmp_path)
    by_speaker = {(s.speaker, s.engine) for s in audio.sentences}
    assert by_speaker == {("Host", "piper"), ("Guest", "espeak")}  # the explicit voice is not replaced
    assert audio.engine == "piper+espeak"
    assert not [r for r in caplog.records if "cannot be honoured" in r.getMessage()]


def test_a_voice_for_another_engine_warns_once_naming_the_replacement(tmp_path, offline_run, caplog):
    lec = host_guest_lecture(voices=(("Guest", "espeak:en-us+f3"),))
    piper = get_engine("piper")
    audio = synthesize_segment(lec.segments[0], lec, piper, tmp_path)
    assert {s.engine for s in audio.sentences} == {"piper"}
    honoured = [r.getMessage() for r in caplog.records if "cannot be honoured" in r.getMessage()]
    speaks = piper.resolve_voice(None, 1, lec.meta.rate_wpm)  # the Guest's default piper slot
    assert honoured == [f"voice espeak:en-us+f3 cannot be honoured: piper speaks in this run, so {speaks} "
                        "speaks instead"]  # one warning, although the Guest speaks two sentences


def test_piper_refuses_a_voice_whose_phonemizer_downloads(tmp_path):
    import json

    from lecturecast.voice.engines.piper_engine import model_file

    config = json.loads(model_file("joe").with_suffix(".onnx.json").read_text("utf-8"))
    config["phoneme_type"] = "pinyin"  # piper would fetch g2pW from the internet at first use
    voice = tmp_path / "zh.onnx"
    voice.write_bytes(model_file("joe").read_bytes())
    (tmp_path / "zh.onnx.json").write_text(json.dumps(config), "utf-8")
    eng = get_engine("piper", voice=str(voice))
    with pytest.raises(EngineUnavailable, match="downloads a model from the internet"):
        eng.synthesize("Hello.", VoiceSpec("piper", str(voice)))
    assert not (tmp_path / "g2pW").exists() and not (Path.cwd() / "g2pW").exists()
