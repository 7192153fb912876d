"""synthesize_segment with real piper: timings, cache (zero re-synthesis), processes, CLI."""
from __future__ import annotations

import json
import wave
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from lecturecast.model import Bullets, BulletItem, Cue, CueKind, Segment, Speech
from lecturecast.voice import integrated_loudness, synthesize_segment
from lecturecast.voice.audio import read_wav
from lecturecast.voice.engines.piper_engine import PiperEngine
from voice_helpers import host_guest_lecture, lecture_of


class CountingPiper(PiperEngine):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.calls: list[str] = []

    def _synthesize(self, text, voice):
        self.calls.append(text)
        return super()._synthesize(text, voice)


SEG = Segment(id="intro", blocks=(
    Cue(CueKind.MUSIC, "Intro music plays"),
    Speech('Narrator: "In 1997 the LSTM arrived. It fixed vanishing gradients."'),
    Cue(CueKind.PAUSE, "pause", seconds=1.2),
    Bullets((BulletItem("Shown, not read"),)),
    Speech("GRUs came in 2014."),
))


def test_timings_pauses_and_levels(tmp_path):
    lec = lecture_of(SEG)
    audio = synthesize_segment(SEG, lec, CountingPiper(), tmp_path)
    x, rate = read_wav(audio.wav)
    with wave.open(str(audio.wav)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 1, 2)
    assert audio.duration == pytest.approx(x.size / rate)
    texts = [s.text for s in audio.sentences]
    assert texts == ["In 1997 the LSTM arrived.", "It fixed vanishing gradients.", "GRUs came in 2014."]
    starts = [s.start for s in audio.sentences]
    assert starts[0] == pytest.approx(0.15, abs=0.01)  # the pad
    assert all(a.end <= b.start for a, b in zip(audio.sentences, audio.sentences[1:]))
    assert audio.sentences[2].start - audio.sentences[1].end == pytest.approx(1.2, abs=0.01)  # the pause cue
    assert audio.duration - audio.sentences[-1].end == pytest.approx(0.15, abs=0.01)
    assert [s.block_index for s in audio.sentences] == [1, 1, 4]
    assert audio.engine == "piper" and audio.synthesized == 3
    assert [(m.start, Path(m.asset).name) for m in audio.music] == [(0.15, "intro.wav")]
    for s in audio.sentences:  # every sentence is levelled to -16 LUFS
        piece = x[int(s.start * rate):int(s.end * rate)]
        assert integrated_loudness(piece, rate) == pytest.approx(-16.0, abs=1.0)
    gap = x[int(audio.sentences[1].end * rate) + 100:int(audio.sentences[2].start * rate) - 100]
    assert np.max(np.abs(gap)) == 0.0


def test_second_run_synthesizes_nothing(tmp_path):
    lec = host_guest_lecture()
    seg = lec.segments[0]
    first = CountingPiper()
    a = synthesize_segment(seg, lec, first, tmp_path)
    assert len(first.calls) == len(a.sentences) == 5
    second = CountingPiper()
    b = synthesize_segment(seg, lec, second, tmp_path)
    assert second.calls == [] and b.synthesized == 0
    assert (b.key, b.duration, b.sentences) == (a.key, a.duration, a.sentences)
    # an edit re-synthesizes only the changed sentence
    edited = lecture_of(Segment(id="talk", blocks=seg.blocks[:3] + (
        Speech("And why did gated units matter at all?", speaker="Host"),)))
    third = CountingPiper()
    c = synthesize_segment(edited.segments[0], edited, third, tmp_path)
    assert third.calls == ["And why did gated units matter at all?"] and c.key != a.key
    files = list((tmp_path / "audio").rglob("*"))
    assert not [f for f in files if ".part" in f.name]


def _run(args):
    seg, lec, cache = args
    audio = synthesize_segment(seg, lec, PiperEngine(), cache)
    return audio.key, audio.duration


def test_parallel_processes_share_the_cache(tmp_path):
    lec = host_guest_lecture()
    seg = lec.segments[0]
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_run, [(seg, lec, tmp_path)] * 3))
    assert len({k for k, _ in results}) == 1
    wavs = list((tmp_path / "audio").rglob("*.wav"))
    assert len(wavs) == 5
    for w in wavs:
        x, rate = read_wav(w)
        assert rate == 48000 and x.size > 0
    assert not [p for p in tmp_path.rglob("*") if ".part" in p.name]


LESSON = """---
title: Gates
---

# Part one

## Intro {#intro}

[music: Intro music plays]

Narrator: "In 1997 the LSTM arrived. It fixed vanishing gradients."

[pause: 1.2s]

- Shown, not read

GRUs came in 2014.

## The end {#two}

The end of part one.
"""


def test_cli_audio_command(tmp_path, capsys):
    """`lecturecast audio` on a script file: the real parser, real piper, real mix."""
    from lecturecast.cli import main

    script = tmp_path / "lesson.md"
    script.write_text(LESSON, "utf-8")
    out = tmp_path / "out" / "lesson"
    assert main(["-q", "audio", str(script), "-o", str(out), "--engine", "piper", "-j", "2"]) == 0
    assert (out / "audio" / "intro.wav").is_file() and (out / "audio" / "two.wav").is_file()
    timings = json.loads((out / "audio" / "timings.json").read_text("utf-8"))
    assert [t["segment"] for t in timings] == ["intro", "two"] and timings[0]["engine"] == "piper"
    said = [s["text"] for s in timings[0]["sentences"]]
    # two sentences of the quoted narration, then the unlabelled one; the list after a blank line is only shown
    assert len(said) == 3 and "1997" in said[0] and "GRUs" in said[2] and not any("Shown" in s for s in said)
    x, rate = read_wav(out / "voiceover.wav")
    assert rate == 48000
    assert integrated_loudness(x, rate) == pytest.approx(-16.0, abs=0.5)
    assert "spoken by piper" in capsys.readouterr().out
    assert (tmp_path / "out" / ".cache" / "audio").is_dir()


def test_piper_model_loads_lazily_and_once(tmp_path, monkeypatch):
    """A warm rebuild (every sentence cached) must not pay piper's model load; misses load it once."""
    from lecturecast.voice.engines import piper_engine

    seg = Segment(id="lazy", blocks=(Speech("Loading a model costs seconds."),))
    lec = lecture_of(seg)
    synthesize_segment(seg, lec, PiperEngine(), tmp_path)  # fills the cache
    monkeypatch.setattr(piper_engine, "_MODELS", {})  # as in a fresh worker process
    monkeypatch.setattr(piper_engine, "LOADS", 0)
    warm = synthesize_segment(seg, lec, PiperEngine(), tmp_path)
    assert warm.synthesized == 0 and piper_engine.LOADS == 0
    eng = PiperEngine()
    eng.synthesize("First miss.", eng.resolve_voice("auto:0"))
    eng.synthesize("Second miss.", eng.resolve_voice("auto:1"))
    PiperEngine().synthesize("Another engine, same process.", eng.resolve_voice("auto:0"))
    assert piper_engine.LOADS == 1


def test_piper_runs_single_threaded_unless_told(monkeypatch):
    from lecturecast.voice.engines import piper_engine

    monkeypatch.delenv("LECTURECAST_PIPER_THREADS", raising=False)
    assert piper_engine.piper_threads() == 1
    monkeypatch.setenv("LECTURECAST_PIPER_THREADS", "2")
    assert piper_engine.piper_threads() == 2
    monkeypatch.setenv("LECTURECAST_PIPER_THREADS", "many")
    assert piper_engine.piper_threads() == 1
    model = piper_engine.load_model(piper_engine.model_file("joe"))
    monkeypatch.delenv("LECTURECAST_PIPER_THREADS")
    assert model.session.get_session_options().intra_op_num_threads == 1


def test_cache_first_writer_wins(tmp_path):
    """Two workers synthesising the same sentence (piper differs per call) both end up with the first
    one's audio, so segments and later runs agree."""
    from lecturecast.voice.cache import AudioCache

    cache = AudioCache(tmp_path)
    first = np.linspace(-0.5, 0.5, 4800)
    second = np.linspace(0.5, -0.5, 9600)
    a = cache.put("ab" * 32, first)
    b = cache.put("ab" * 32, second)
    assert a.size == b.size == 4800 and np.array_equal(a, b)
    assert np.array_equal(cache.get("ab" * 32), a)
    assert [p.name for p in cache.path("ab" * 32).parent.iterdir()] == [f"{'ab' * 32}.wav"]  # no temp files left
