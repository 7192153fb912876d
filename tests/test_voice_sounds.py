"""Sound cues → files: bundled CC0 effects by keyword, named files inside the project, unknown → None."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lecturecast.errors import UnsafePathError
from lecturecast.model import Cue, CueKind, Lecture, Meta
from lecturecast.voice import soundgen
from lecturecast.voice.audio import read_wav, write_wav
from lecturecast.voice.sounds import sound_asset, sound_seconds


@pytest.mark.parametrize("text,name", [
    ('a short "ding"', "chime.wav"), ("Bell rings", "chime.wav"), ("SFX: whoosh", "whoosh.wav"),
    ("applause", "applause.wav"), ("audience clapping", "applause.wav"), ("sound of typing", "keyboard.wav"),
    ("keyboard clicks", "keyboard.wav"), ("Sound of pages turning", "page-turn.wav"), ("page turn", "page-turn.wav"),
    ("Aplausos", "applause.wav"), ("grondement sourd", "rumble.wav"), ("Thunder in the distance", "rumble.wav"),
    ("mouse click", "click.wav"), ("Klick", "click.wav"),
])
def test_bundled_sound_by_keyword(text, name):
    found = sound_asset(Cue(CueKind.SOUND, text), Lecture(Meta()))
    assert found is not None and found.name == name and found.is_file()


def test_unknown_sound_and_missing_file_give_none_and_paths_stay_inside(tmp_path):
    lec = Lecture(Meta(), path=tmp_path / "talk.md")
    assert sound_asset(Cue(CueKind.SOUND, "a door creaks"), lec) is None
    assert sound_asset(Cue(CueKind.SOUND, "door", asset="sounds/door.wav"), lec) is None
    (tmp_path / "sounds").mkdir()
    write_wav(tmp_path / "sounds" / "door.wav", np.zeros(4800), 48000)
    own = sound_asset(Cue(CueKind.SOUND, "door", asset="sounds/door.wav"), lec)
    assert own == (tmp_path / "sounds" / "door.wav").resolve() and sound_seconds(own) == pytest.approx(0.1)
    with pytest.raises(UnsafePathError):
        sound_asset(Cue(CueKind.SOUND, "x", asset="../../etc/passwd"), lec)
    assert sound_asset(Cue(CueKind.MUSIC, "ding"), lec) is None  # only sound cues


def test_bundled_sounds_are_what_soundgen_makes(tmp_path):
    """The committed files are reproducible from the generator (deterministic, our own work)."""
    bundled = Path(__file__).resolve().parents[1] / "assets" / "sounds"
    for path in soundgen.write_sounds(tmp_path):
        mine, rate = read_wav(path)
        theirs, rate2 = read_wav(bundled / path.name)
        assert rate == rate2 and mine.size == theirs.size
        assert np.max(np.abs(mine - theirs)) < 1e-4
        assert 0.5 < np.max(np.abs(mine)) <= 0.71  # peak −3 dBFS
    assert (bundled / "README.md").read_text(encoding="utf-8").count("CC0") >= 1


def test_inline_sound_direction_plays_where_it_is_written(tmp_path):
    """'(sound of typing)' inside a line of narration: not read, played between the two sentences."""
    from lecturecast.model import Section, Segment, Speech
    from lecturecast.voice import get_engine, synthesize_segment
    from lecturecast.voice.prepare import prepare_segment

    seg = Segment("s", (Speech("Watch this. (sound of typing) Now it runs. [SFX: a door creaks]", speaker="Host"),))
    lec = Lecture(Meta(title="t"), (Section("S", (seg,)),))
    utts = prepare_segment(seg, lec)
    assert [u.display for u in utts] == ["Watch this.", "Now it runs."]
    assert utts[0].sounds_after == ("sound of typing",) and utts[1].sounds_after == ("SFX: a door creaks",)
    audio = synthesize_segment(seg, lec, get_engine("piper"), tmp_path)
    typing, door = audio.music
    assert typing.kind == "sound" and Path(typing.asset).name == "keyboard.wav"
    first, second = audio.sentences
    assert first.end < typing.start < typing.end <= second.start  # between the sentences, not over them
    assert door.asset is None and door.start >= second.end  # unknown: kept (the build reports it)
    x, rate = read_wav(audio.wav)
    assert "sound" not in " ".join(s.text for s in audio.sentences).lower()
    assert np.abs(x[int(typing.start * rate):int(typing.end * rate)]).max() == 0.0  # the sound is mixed later
