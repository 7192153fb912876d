"""``parse_canonical(format_lecture(L)) == L`` on generated lectures, canonical texts and imported scripts,
including the cases fuzzing found (issue 14): reversed ranges, clocks near 100 h, tiny durations,
titles like "(Ns)", speaker names containing ": ", unicode, empty sections."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lecturecast.errors import ScriptError
from lecturecast.model import BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Section, Segment, Speech
from lecturecast.script import format_lecture, import_script, parse_canonical
from lecturecast.script.syntax import SECONDS_PREFIX
from lecturecast.script.values import MAX_CUE_SECONDS, MAX_SECONDS, is_speaker_name

RUNS = int(os.environ.get("LECTURECAST_FUZZ", "1"))
SETTINGS = dict(max_examples=300 * RUNS, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_LETTERS = "abcXYZéüßøλΩжя日本ي0123456789"
_WORD = st.text(alphabet=st.sampled_from(_LETTERS + "'’-.,!?:;()[]{}#*_`\\\"<>/"), min_size=1, max_size=10)
_TRICKY = st.sampled_from(["(5s)", "(0.5s)", "\\(5s)", "\\", "1:00", "99:59:59", "{#x}", "# ", "**", "[visual]",
                           "Host:", "Dr: Who:", "- ", "1.", "```", "~~~", "---", "<!--", "🙂", "\u200b"])
_PHRASE = st.lists(st.one_of(_WORD, _TRICKY), min_size=1, max_size=7).map(" ".join)
_TEXT = _PHRASE.map(lambda s: " ".join(s.split())).filter(bool)
_NAME = st.text(alphabet=st.sampled_from("abcXYZéøжλ日 .'’-:0123456789"), min_size=1, max_size=45).filter(is_speaker_name)
_MS = st.integers(0, int(MAX_SECONDS * 1000)).map(lambda ms: ms / 1000)
_TIME = st.one_of(st.none(), st.sampled_from([0.0, 0.001, 0.5, 59.999, 3599.5, 359999.0, MAX_SECONDS]), _MS)


@st.composite
def _bullets(draw):
    items, level = [], 0
    for i in range(draw(st.integers(1, 4))):
        level = 0 if i == 0 else draw(st.integers(0, level + 1))
        items.append(BulletItem(draw(_TEXT), level))
    spoken = draw(st.booleans())
    return Bullets(tuple(items), spoken, draw(st.booleans()), draw(st.one_of(st.none(), _NAME)) if spoken else None)


_CUE = st.builds(Cue, st.sampled_from(list(CueKind)), st.one_of(st.just(""), _TEXT).filter(lambda t: not SECONDS_PREFIX.match(t)),
                 st.sampled_from([None, "images/a.png", "music/x y.mp3", "ñ/日本.png"]),
                 st.one_of(st.none(), st.integers(0, int(MAX_CUE_SECONDS * 1000)).map(lambda ms: ms / 1000)))
_BLOCK = st.one_of(st.builds(Speech, _TEXT, st.one_of(st.none(), _NAME)), _bullets(), _CUE,
                   st.builds(Code, st.text(alphabet="ab =()`~#\t\n", max_size=20).map(lambda t: "\n".join(
                       x.rstrip() for x in t.split("\n"))), st.sampled_from([None, "python"]), st.booleans()))


@st.composite
def lectures(draw):
    used: set[str] = set()
    narrator = draw(st.sampled_from(["Narrator", "Narradora", "Ana"]))
    sections = []
    for _ in range(draw(st.integers(0, 3))):
        segs = []
        for _ in range(draw(st.integers(0, 3))):  # 0: an empty section
            sid = draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True).filter(lambda s: s not in used))
            used.add(sid)
            blocks = tuple(b for b in draw(st.lists(_BLOCK, max_size=4))
                           if getattr(b, "speaker", None) is None or b.speaker.casefold() != narrator.casefold())
            segs.append(Segment(sid, blocks, draw(st.one_of(st.none(), _TEXT)), draw(_TIME), draw(_TIME)))
        title = draw(_TEXT)
        if not segs and title.casefold().rstrip(":") in ("references", "sources", "bibliography", "further reading",
                                                          "referencias", "fuentes"):
            title += " x"
        sections.append(Section(title, tuple(segs)))
    meta = Meta(title=draw(_TEXT), narrator=narrator, rate_wpm=draw(st.integers(20, 1000)),
                language=draw(st.sampled_from(["en", "es", "ja"])))
    return Lecture(meta, tuple(sections), tuple(draw(st.lists(_TEXT, max_size=3))))


@settings(**SETTINGS)
@given(lectures())
def test_generated_lectures_round_trip(lecture):
    text = format_lecture(lecture)
    assert parse_canonical(text) == lecture
    assert format_lecture(parse_canonical(text)) == text


_CANON_LINE = st.one_of(
    _PHRASE,
    st.builds(lambda c, t, d: f"## {c} {t} {d}", st.sampled_from(["", "0:00", "1:30", "99:59:59.999", "0:00.0001"]),
              _PHRASE, st.sampled_from(["", "(5s)", "(0.0004s)", "\\(5s)", "{#a}", "(1s) {#b}"])),
    st.builds(lambda n, t: f"{n}: {t}", _NAME, _PHRASE),
    st.sampled_from(["# S", "# References", "", "", "- item", "  - sub", "1. one", "[pause: 0.0001s]",
                     "[visual: x](a.png)", "[music: 5s; intro]", "```", "---", "Host:", "<!-- c -->"]),
)


@settings(**SETTINGS)
@given(st.lists(_CANON_LINE, max_size=25).map("\n".join))
def test_canonical_texts_that_parse_round_trip(body):
    try:
        lecture = parse_canonical("---\ntitle: T\n---\n" + body)
    except ScriptError:
        return
    assert parse_canonical(format_lecture(lecture)) == lecture


_MESSY_LINE = st.one_of(
    _PHRASE,
    st.builds(lambda a, b, t: f"## ({a} - {b}) {t}", st.sampled_from(["0:10", "1:30", "99:59", "59:59:59"]),
              st.sampled_from(["0:00", "0:10", "2:00", "99:99:59"]), _PHRASE),
    st.builds(lambda n, t: f"{n}: {t}", st.sampled_from(["Narrator", "Host", "Dr: Who", "Guest: Ann", "**Host**"]), _PHRASE),
    st.sampled_from(["", "", "[PAUSE - 99999999999999999999 seconds]", "## Long ({} seconds)".format("9" * 400),
                     "**[0:00 - 0:30] Opening**", "0:00", "100:00:00", "(Visuals appear on screen)", "* point",
                     "Duration: 1e400 seconds", "[Intro music plays]", "# Part", "(5s)"]),
)


@settings(**SETTINGS)
@given(st.lists(_MESSY_LINE, max_size=25).map("\n".join))
def test_imported_scripts_round_trip(text):
    try:
        lecture = import_script(text).lecture
    except ScriptError:
        return
    assert parse_canonical(format_lecture(lecture)) == lecture


def test_references_written_without_a_bullet_round_trip():
    # found by benchmarks/bench_fuzz.py (inputs 04284, 05268): a reference line with a run of blanks
    lecture = parse_canonical("---\ntitle: T\n---\n\n# References\n\n**a**      x\n- Knuth,   TAOCP\n")
    assert lecture.references == ("**a** x", "Knuth, TAOCP")
    assert parse_canonical(format_lecture(lecture)) == lecture
