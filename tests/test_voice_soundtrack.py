"""Music and sound cues as the script means them, checked on a real build (piper voice, real mixer,
real AAC track): RMS in windows of the voice track, the captions' speech times and drift.txt.

Fixture: a short two-speaker podcast of our own — opening music, a bundled sound ("ding"), an unknown
sound ("a door creaks"), closing music longer than the default closing card.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pytest

from lecturecast.pipeline.engine import build
from lecturecast.pipeline.options import BuildOptions
from lecturecast.script import load_lecture
from lecturecast.voice import levels
from lecturecast.voice.audio import read_wav

SCRIPT = """---
title: Sound check
voices:
  Host: piper:joe
---

# Sound check

## Opening {#opening}

[music: 6s; intro theme](intro.wav)

Host: Hello and welcome. Today we test the sound.

Guest: Glad to be here.

## Closing {#closing}

Host: One more thing.

[sound: a short "ding"]

Guest: That was the bell.

[sound: a door creaks]

Host: Goodbye.

[music: 7s; outro theme](outro.wav)
"""


def _rms_db(x: np.ndarray, rate: int, a: float, b: float) -> float:
    part = x[int(a * rate):int(b * rate)]
    return float(20 * np.log10(np.sqrt(np.mean(part ** 2)) + 1e-12))


def _srt_times(path: Path) -> list[tuple[float, float, str]]:
    out = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        t = [int(v) for v in re.findall(r"\d+", lines[1])]
        out.append(((t[0] * 3600 + t[1] * 60 + t[2] + t[3] / 1000), (t[4] * 3600 + t[5] * 60 + t[6] + t[7] / 1000),
                    " ".join(lines[2:])))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sound")
    script = tmp / "podcast.md"
    script.write_text(SCRIPT, encoding="utf-8")
    opts = BuildOptions(output_dir=tmp / "out", cache_dir=tmp / "cache", engine="piper", jobs=2)
    handler_records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            handler_records.append(record)

    keep = Keep(level=logging.WARNING)
    logging.getLogger("lecturecast").addHandler(keep)
    try:
        build(load_lecture(script), opts)
    finally:
        logging.getLogger("lecturecast").removeHandler(keep)
    out = tmp / "out"
    x, rate = read_wav(out / "voiceover.wav")
    return {"out": out, "x": x, "rate": rate, "cues": _srt_times(out / "lecture.srt"),
            "warnings": [r.getMessage() for r in handler_records]}


def test_intro_music_plays_alone_over_the_title_card_then_ducks(built):
    x, rate, cues = built["x"], built["rate"], built["cues"]
    first_word = cues[0][0]
    assert first_word >= min(levels.INTRO_SOLO, 6.0) - 0.05  # the title card holds the intro alone
    alone = _rms_db(x, rate, levels.MUSIC_FADE_IN, first_word - 0.5)
    assert alone > -35.0, alone  # music heard (bed at −21 LUFS) before anyone speaks
    # under the voice the bed is ducked: in the pause between the Host and the Guest (speech gap) the
    # level drops far below the solo level (the bed alone would stay at `alone`)
    gap_start, gap_end = cues[0][1], cues[1][0]
    assert gap_end - gap_start > 0.3
    quietest = min(_rms_db(x, rate, t, t + 0.1) for t in np.arange(gap_start + 0.05, gap_end - 0.1, 0.05))
    assert quietest < alone - 10.0, (alone, quietest)


def test_outro_plays_its_full_length_and_the_closing_card_waits_for_it(built):
    x, rate, cues = built["x"], built["rate"], built["cues"]
    last_word = cues[-1][1]
    total = x.size / rate
    assert total >= last_word + 7.0 - 0.3  # 7 s of outro after the last word fit in the video
    # heard (not silent, not faded yet) through its body, and it ends with a fade, not cut off
    body = [_rms_db(x, rate, t, t + 0.5) for t in np.arange(last_word + 0.6, last_word + 7.0 - levels.MUSIC_FADE_OUT, 0.5)]
    assert min(body) > -40.0, body
    assert _rms_db(x, rate, total - 0.3, total) < min(body) - 10.0
    build_json = (built["out"] / "drift.txt").read_text(encoding="utf-8")
    assert re.search(r"closing card (\d+(?:\.\d+)?) s", build_json) and \
        float(re.search(r"closing card (\d+(?:\.\d+)?) s", build_json).group(1)) > 4.0


def test_known_sound_cue_is_audible_at_its_place(built):
    x, rate, cues = built["x"], built["rate"], built["cues"]
    before = next(k for k, c in enumerate(cues) if "One more thing" in c[2])
    start, end = cues[before][1], cues[before + 1][0]
    assert end - start >= 1.5  # the next sentence waits for the chime (1.6 s bundled)
    window = x[int((start + levels.SOUND_SPACE) * rate):int((start + levels.SOUND_SPACE + 0.5) * rate)]
    assert _rms_db(x, rate, start + levels.SOUND_SPACE, start + levels.SOUND_SPACE + 0.5) > -35.0
    spectrum = np.abs(np.fft.rfft(window * np.hanning(window.size)))
    peak = np.fft.rfftfreq(window.size, 1 / rate)[int(np.argmax(spectrum))]
    assert abs(peak - 880.0) < 15.0, peak  # the chime's fundamental, not speech


def test_unknown_sound_is_reported_not_dropped(built):
    drift = (built["out"] / "drift.txt").read_text(encoding="utf-8")
    assert "nothing to play (1)" in drift and "a door creaks" in drift
    assert 'a short "ding"' not in drift  # the bundled chime played
    assert any("a door creaks" in w for w in built["warnings"]), built["warnings"]


def test_captions_label_speakers_and_keep_line_limits(built):
    srt = (built["out"] / "lecture.srt").read_text(encoding="utf-8")
    vtt = (built["out"] / "lecture.vtt").read_text(encoding="utf-8")
    assert "[Host] Hello and welcome." in srt and "[Guest] Glad to be here." in srt
    assert "<v Host>Hello and welcome." in vtt and "<v Guest>" in vtt
    for block in srt.strip().split("\n\n"):
        text_lines = block.splitlines()[2:]
        assert 1 <= len(text_lines) <= 2 and all(len(line) <= 42 for line in text_lines)


def test_caption_cues_start_and_end_at_the_voice(built):
    """Each cue that follows a silence starts within 50 ms of the voice's onset in the real track, and
    each cue followed by a silence ends within −50…+150 ms of the voice's last sound (reading hold)."""
    x, rate, cues = built["x"], built["rate"], built["cues"]
    hop = 0.005
    win = int(rate * hop)
    db = 10 * np.log10(np.mean(x[: x.size // win * win].reshape(-1, win) ** 2, axis=1) + 1e-20)
    speech_windows = [(a, b) for a, b, _ in cues]
    checked = ends = 0
    for a, b, text in cues:
        i = int(a / hop)
        before = db[max(0, i - 40):max(0, i - 4)]
        if before.size and before.max() < -50:  # silence before the cue: an onset to compare with
            onset = i - 4 + int(np.argmax(db[i - 4:i + 60] > -35))
            assert abs(onset * hop - a) <= 0.05, (text, a, onset * hop)
            checked += 1
        j = int(b / hop)
        after = db[j + 4:j + 30]
        if after.size and after.max() < -50 and not any(s <= b + 0.2 < e for s, e in speech_windows):
            last = j - 60 + int(np.flatnonzero(db[j - 60:j + 4] > -35)[-1]) + 1
            assert -0.05 <= b - last * hop <= 0.15, (text, b, last * hop)
            ends += 1
    assert checked >= 4 and ends >= 3, (checked, ends)  # six cues; the first follows the intro music
