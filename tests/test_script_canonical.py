"""Canonical format: parsing, errors, and parse(format(x)) == x for random lectures (hypothesis)."""
from __future__ import annotations

import os

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lecturecast.errors import ScriptError
from lecturecast.model import (BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Section, Segment, Speech)
from lecturecast.script import format_lecture, load_lecture, parse_canonical

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "scripts").glob("*.md"))

EXAMPLE = """---
title: RNN history
voices:
  Host: piper:joe
rate: 140
custom_key: kept
---

# The Birth of LSTM

## 3:00 Birth of LSTM (45s) {#birth-1}

Narrator: It wasn't until 1997.
A wrapped line joins the paragraph.

[visual: LSTM layers](images/lstm.png)

Host: Tasks such as:
- translation
  - nested item
- summarization

Still the host.

- shown only

```python spoken
print(1)
```

[pause: 2s]

[music: 30s; theme tune]

## 4:00

Guest:
1. first
2. second

# References

- Hochreiter & Schmidhuber (1997)
"""


def test_example_parses():
    lec = parse_canonical(EXAMPLE, "x.md")
    assert lec.meta.title == "RNN history" and lec.meta.rate_wpm == 140
    assert lec.meta.voices == (("Host", "piper:joe"),)
    assert lec.meta.extra == (("custom_key", "kept"),)
    seg = lec.segments[0]
    assert (seg.id, seg.clock, seg.duration, seg.title) == ("birth-1", 180.0, 45.0, "Birth of LSTM")
    speech, cue, host, bullets, host2, shown, code, pause, music = seg.blocks
    assert speech == Speech("It wasn't until 1997. A wrapped line joins the paragraph.", None)
    assert cue == Cue(CueKind.VISUAL, "LSTM layers", "images/lstm.png")
    assert host.speaker == "Host" and bullets.spoken and bullets.speaker == "Host"
    assert [i.level for i in bullets.items] == [0, 1, 0]
    assert host2.speaker == "Host"
    assert not shown.spoken and shown.speaker is None
    assert code == Code("print(1)", "python", True)
    assert pause == Cue(CueKind.PAUSE, "", None, 2.0)
    assert music == Cue(CueKind.MUSIC, "theme tune", None, 30.0)
    second = lec.segments[1]
    assert second.id == "birth-of-lstm-1" and second.clock == 240.0
    assert second.blocks[0] == Bullets((BulletItem("first"), BulletItem("second")), True, True, "Guest")
    assert lec.references == ("Hochreiter & Schmidhuber (1997)",)
    assert parse_canonical(format_lecture(lec)) == lec


def test_generated_ids_are_written_and_stable():
    lec = parse_canonical("---\ntitle: T\n---\n# Intro\n\n## 0:00\n\nHello.\n\n## 1:00\n\nMore.\n")
    assert [s.id for s in lec.segments] == ["intro-1", "intro-2"]
    text = format_lecture(lec)
    assert "{#intro-1}" in text and "{#intro-2}" in text
    # inserting a segment before does not renumber the existing ones
    edited = text.replace("# Intro\n", "# Intro\n\n## New bit\n\nInserted.\n", 1)
    ids = [s.id for s in parse_canonical(edited).segments]
    assert ids[1:] == ["intro-1", "intro-2"] and ids[0] not in ("intro-1", "intro-2")


@pytest.mark.parametrize("text, where", [
    ("---\ntitle: T\n---\n# S\n\n```python\nprint(1)\n", ":6"),
    ("---\ntitle: [unclosed\n---\n", ":"),
    ("---\ntitle: T\n", ":1"),
    ("---\ntitle: T\nrate: fast\n---\n", ":3"),
    ("---\ntitle: T\ntiming: sometimes\n---\n", ":1"),
    ("---\ntitle: T\n---\n# S\n## {#a}\nx\n## {#a}\ny\n", ":7"),
])
def test_errors_have_locations(text, where):
    with pytest.raises(ScriptError) as info:
        parse_canonical(text, "lesson.md")
    assert f"lesson.md{where}" in str(info.value)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_are_canonical(path):
    text = path.read_text(encoding="utf-8")
    lec = load_lecture(path)
    assert format_lecture(lec) == text, "run 'lecturecast fmt' on the sample"
    assert lec.segments and all(s.words > 0 or s.code or s.cues for s in lec.segments)


# -- property test: random lectures survive format → parse ----------------------------------------
_WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éü'’-,.!?"),
                min_size=1, max_size=8)
_ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30)


def _sentence(words=_WORD, max_words=8):
    return st.lists(words, min_size=1, max_size=max_words).map(" ".join)


_FREE = st.one_of(_sentence(), _ANY.map(lambda s: " ".join(s.split())).filter(bool))
_SPEAKERS = st.sampled_from([None, "Host", "Guest", "Dr. Ada Lovelace", "Narración"])
_NUM = st.integers(0, 4000).map(lambda n: n / 2)


@st.composite
def _bullets(draw):
    n = draw(st.integers(1, 5))
    items, level = [], 0
    for i in range(n):
        level = 0 if i == 0 else draw(st.integers(0, level + 1))
        items.append(BulletItem(draw(_FREE), level))
    spoken = draw(st.booleans())
    return Bullets(tuple(items), spoken, draw(st.booleans()), draw(_SPEAKERS) if spoken else None)


_CUE_TEXT = st.one_of(st.just(""), _sentence()).filter(lambda t: not t[:1].isdigit())
_CODE_TEXT = st.lists(st.text(alphabet=st.sampled_from("ab c=()`~#-[]:{}\t"), max_size=12).map(str.rstrip),
                      max_size=4).map("\n".join)
_BLOCK = st.one_of(
    st.builds(Speech, _FREE, _SPEAKERS),
    _bullets(),
    st.builds(Code, _CODE_TEXT, st.sampled_from([None, "python", "js", "text"]), st.booleans()),
    st.builds(Cue, st.sampled_from(list(CueKind)), _CUE_TEXT, st.sampled_from([None, "images/a.png", "music/x y.mp3"]),
              st.one_of(st.none(), _NUM)),
)
_TITLE = st.one_of(st.none(), _sentence(max_words=5), st.just("3:00 looks like a clock"))


@st.composite
def lectures(draw):
    used: set[str] = set()
    sections = []
    for _ in range(draw(st.integers(0, 3))):
        segs = []
        for _ in range(draw(st.integers(1, 3))):
            sid = draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True).filter(lambda s: s not in used))
            used.add(sid)
            clock = draw(st.one_of(st.none(), _NUM))
            title = draw(_TITLE)
            if clock is not None and title and title[:1].isdigit():
                title = "x " + title
            segs.append(Segment(sid, tuple(draw(st.lists(_BLOCK, max_size=5))), title, clock,
                                draw(st.one_of(st.none(), _NUM))))
        sections.append(Section(draw(_sentence(max_words=5)), tuple(segs)))
    meta = Meta(
        title=draw(_FREE), subtitle=draw(st.one_of(st.none(), _FREE)), author=draw(st.one_of(st.none(), _FREE)),
        date=draw(st.one_of(st.none(), st.just("2024-05-01"))), language=draw(st.sampled_from(["en", "es"])),
        voices=tuple(draw(st.dictionaries(st.sampled_from(["Host", "Guest", "Narrator"]), _FREE, max_size=2)).items()),
        lexicon=tuple(draw(st.dictionaries(_WORD, _FREE, max_size=2)).items()),
        lexicon_files=tuple(draw(st.lists(st.just("course.yaml"), max_size=1))),
        theme=draw(st.one_of(st.none(), st.just("dark"))), rate_wpm=draw(st.integers(60, 250)),
        timing=draw(st.sampled_from(["natural", "script"])), max_speedup=draw(st.sampled_from([1.0, 1.15, 1.3])),
        music=tuple(draw(st.dictionaries(st.sampled_from(["intro", "outro"]), st.just("music/a.mp3"), max_size=2)).items()),
        templates=draw(st.one_of(st.none(), st.just("my-templates"))),
        extra=tuple(sorted(draw(st.dictionaries(st.sampled_from(["course", "level", "zz"]), _FREE, max_size=2)).items())),
    )
    refs = tuple(draw(st.lists(_FREE, max_size=3)))
    return Lecture(meta, tuple(sections), refs)


@settings(max_examples=300 * int(os.environ.get("LECTURECAST_FUZZ", "1")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lectures())
def test_format_parse_roundtrip(lecture):
    text = format_lecture(lecture)
    assert parse_canonical(text) == lecture
    assert format_lecture(parse_canonical(text)) == text


@settings(max_examples=300 * int(os.environ.get("LECTURECAST_FUZZ", "1")), deadline=None)
@given(st.text(max_size=400))
def test_parser_fuzz_only_script_errors(text):
    try:
        parse_canonical("---\ntitle: x\n---\n" + text)
    except ScriptError:
        pass
