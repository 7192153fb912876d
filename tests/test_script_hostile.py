"""Hostile and careless scripts: linear-time parsing, values checked where they are read (issue 14)."""
from __future__ import annotations

import logging
import time

import pytest

from lecturecast.errors import ScriptError
from lecturecast.model import Cue, CueKind, Lecture, Meta, Section, Segment, Speech
from lecturecast.script import format_lecture, import_script, lint, load_any, parse_canonical, read_script_text
from lecturecast.script.values import repair_lecture

MB = 1_000_000


def _rep(unit: str, n: int = MB) -> str:
    return (unit * (n // len(unit) + 1))[:n]


HOSTILE_LINES = {
    "hashes": _rep("# ") + "x",
    "heading of hashes": "## " + _rep("# ") + "x",
    "parentheses": _rep("("),
    "brackets": _rep("["),
    "stars": _rep("**"),
    "bold runs": _rep("**a"),
    "clock fragments": _rep("0:0"),
    "clock pieces": _rep("0:00:"),
    "one long word": _rep("a"),
    "digits": _rep("1") + " s",
    "heading with a blank run": "## a" + _rep(" \t") + "b",
    "label with a blank run": "**[Host]:" + _rep(" ") + "a",
    "bold with a blank run": "**a**" + _rep(" ") + "x",
    "links never closed": _rep("[a]("),
    "ids never closed": "## " + _rep("{#"),
    "html tags": _rep("<b "),
    "underscores": _rep("__a "),
    "ranges": _rep("(0:00 - "),
}


def _best_of_three(run) -> tuple[float, float]:
    """Wall time (perf_counter) of the fastest of up to three runs, and its CPU time.  A hang fails every
    run; a busy machine (other jobs on 2 cores) only slows some, so the fastest run is the one to judge."""
    best = (float("inf"), float("inf"))
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            run()
        except ScriptError:
            pass
        best = min(best, (time.perf_counter() - t0, time.process_time() - c0))
        if best[0] < 1.0:
            break
    return best


def _assert_fast(name: str, wall: float, cpu: float) -> None:
    """Under 1 s of wall time (perf_counter).  On a starved machine (measured: load 23 on 2 cores gives
    6-15× more wall than CPU time) the CPU time must be under 1 s and the wall time under 30 s: a
    quadratic pattern takes minutes on 1 MB either way (7.6 s for 128 KB before the fix)."""
    assert wall < 1.0 or (cpu < 1.0 and wall < 30.0), f"{name}: {wall:.2f} s for 1 MB ({cpu:.2f} s of CPU)"


@pytest.mark.parametrize("name", sorted(HOSTILE_LINES))
def test_a_1mb_line_imports_in_under_a_second(name):
    text = HOSTILE_LINES[name] + "\n"
    _assert_fast(name, *_best_of_three(lambda: import_script(text)))


@pytest.mark.parametrize("name", ["heading with a blank run", "ids never closed", "hashes", "links never closed"])
def test_a_1mb_line_parses_canonically_in_under_a_second(name):
    text = "---\ntitle: x\n---\n\n" + HOSTILE_LINES[name] + "\n"
    _assert_fast(name, *_best_of_three(lambda: parse_canonical(text)))


def _error(text: str) -> str:
    with pytest.raises(ScriptError) as info:
        parse_canonical(text, "t.md")
    message = str(info.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "0", "-5", "5000", "fast", "[1, 2]"])
def test_rate_must_be_a_finite_sane_number(value):
    assert _error(f"---\ntitle: T\nauthor: A\nrate: {value}\n---\n").startswith("t.md:4: front matter 'rate'")


def test_rate_in_range_is_kept():
    assert parse_canonical("---\ntitle: T\nrate: 175.9\n---\n").meta.rate_wpm == 175


@pytest.mark.parametrize("heading, what", [
    ("## 100:00:00 Too late {#a}", None),  # not a clock at all (hours have two digits): part of the title
    ("## 99:999:00 Late {#a}", "clock"),
    ("## Long ({}s) {{#a}}".format("9" * 400), "duration"),
    ("## Long (360000s) {#a}", "duration"),
])
def test_times_beyond_99_hours_are_refused_with_their_line(heading, what):
    text = f"---\ntitle: T\n---\n\n# S\n\n{heading}\n\nHello.\n"
    if what is None:
        lec = parse_canonical(text)
        assert lec.segments[0].clock is None and lec.segments[0].title.startswith("100:00:00")
        assert parse_canonical(format_lecture(lec)) == lec
    else:
        assert _error(text).startswith(f"t.md:7: the {what}")


@pytest.mark.parametrize("cue", ["[pause: 99999999999s]", "[pause: 3601s]", "[pause: {}s]".format("9" * 400)])
def test_endless_cues_are_refused(cue):
    assert _error(f"---\ntitle: T\n---\n\n# S\n\n## A {{#a}}\n\n{cue}\n").startswith("t.md:9: the cue length")


def test_times_are_kept_to_the_millisecond_and_written_back():
    text = "---\ntitle: T\n---\n\n# S\n\n## 0:01.0000001 A (0.0000004s) {#a}\n\nHi.\n\n[pause: 1.23456s]\n"
    lec = parse_canonical(text)
    seg = lec.segments[0]
    assert (seg.clock, seg.duration, seg.cues[0].seconds) == (1.0, 0.0, 1.235)
    assert parse_canonical(format_lecture(lec)) == lec


@pytest.mark.parametrize("title", ["Intro (5s)", "(5s)", "Intro \\(5s)", "\\(5s)", "\\", "1:00", "1:00(5s)",
                                   "Part {#x}", "a (1s)(2s)"])
@pytest.mark.parametrize("clock, duration", [(None, None), (60.0, None), (None, 7.0), (3.5, 0.001)])
def test_titles_that_look_like_marks_round_trip(title, clock, duration):
    lec = Lecture(Meta(), (Section("S", (Segment("a", (Speech("Hi."),), title, clock, duration),)),))
    assert parse_canonical(format_lecture(lec)) == lec


def test_reversed_range_keeps_its_title_and_drops_the_duration_with_a_note():
    res = import_script("# Lecture\n\n## (1:30 - 0:10) The middle\n\nNarrator: Some words here.\n\n"
                        "## (2:00 - 2:30) The end\n\nNarrator: More words.\n")
    first, second = res.lecture.segments
    assert "The middle" in (first.title, res.lecture.section_of(first.id).title)
    assert first.clock == 90.0 and first.duration is None
    assert second.duration == 30.0
    assert any("negative" in note for note in res.report.notes)
    assert parse_canonical(format_lecture(res.lecture)) == res.lecture


def test_huge_durations_with_a_clock_restart_import_without_overflow():
    text = ("## 0:00 Start ({} seconds)\n\nNarrator: One.\n\n## 0:10 Next (1e400 seconds)\n\nNarrator: Two.\n\n"
            "## 0:00 Again\n\nNarrator: Three.\n\n## 0:05 More\n\nNarrator: Four.\n").format("9" * 400)
    lec = import_script(text).lecture
    assert all(s.duration is None or s.duration <= 360000 for s in lec.segments)
    assert parse_canonical(format_lecture(lec)) == lec


def test_speaker_names_with_colons_are_repaired_and_reported():
    lec = Lecture(Meta(), (Section("S", (Segment("a", (Speech("Hello there.", "Dr: Who"),)),)),))
    res_notes: list[str] = []
    fixed = repair_lecture(lec, res_notes)
    assert fixed.segments[0].blocks[0].speaker == "Dr Who" and "Dr: Who" in res_notes[0]
    assert parse_canonical(format_lecture(fixed)) == fixed


def test_narrator_name_must_be_a_label():
    assert _error("---\ntitle: T\nnarrator: 'Dr: Who'\n---\n").startswith("t.md:3: front matter 'narrator'")


def test_xml_invalid_code_points_are_removed_on_read_and_reported(tmp_path, caplog):
    path = tmp_path / "s.md"
    path.write_text("# Title\n\nNarrator: one\ufffe two\uffff three\x07four\x1b.\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="lecturecast"):
        text = read_script_text(path)
    assert text == "# Title\n\nNarrator: one two three four .\n"
    assert f"{path}:3: removed 4 character(s)" in caplog.text
    lec, _ = load_any(path)
    assert lec.segments[0].speeches[0].text == "one two three four ."


def test_xml_invalid_code_points_never_reach_the_model_through_the_api():
    lec = parse_canonical("---\ntitle: 'a\ufffeb'\n---\n\n# S\n\n## A {#a}\n\nx\uffff y\x00z\n")
    assert lec.meta.title == "ab" and lec.segments[0].speeches[0].text == "x y z"


def test_lint_warns_about_a_5000_character_word_with_its_line():
    lec = parse_canonical("---\ntitle: T\n---\n\n# S\n\n## A {#a}\n\nShort start.\n\nNarrator: see "
                          + "x" * 5000 + " here\n", "t.md")
    found = [f for f in lint(lec) if f.code == "W-LONGWORD"]
    assert len(found) == 1 and found[0].line == 11 and "5,000 characters" in found[0].message


def test_lint_leaves_urls_and_ordinary_long_words_alone():
    lec = parse_canonical("---\ntitle: T\n---\n\n# S\n\n## A {#a}\n\nPneumonoultramicroscopicsilicovolcanoconiosis "
                          "is long; https://example.org/" + "p" * 60 + " is a URL.\n")
    assert not [f for f in lint(lec) if f.code == "W-LONGWORD"]


def test_lint_warns_about_absurdly_long_narration():
    lec = parse_canonical("---\ntitle: T\n---\n\n# S\n\n## A {#a}\n\n" + "word " * 3000 + "\n\n## B {#b}\n\nShort.\n",
                          "t.md")
    found = [f for f in lint(lec) if f.code == "W-LONG"]
    assert [f.line for f in found] == [7] and "~20 min" in found[0].message


def test_importer_drops_endless_cue_lengths():
    res = import_script("Narrator: Hello there.\n\n[PAUSE - {} seconds]\n\nNarrator: Bye.\n".format("9" * 400))
    cues = [b for s in res.lecture.segments for b in s.blocks if isinstance(b, Cue)]
    assert cues and cues[0].kind is CueKind.PAUSE and cues[0].seconds is None
    assert parse_canonical(format_lecture(res.lecture)) == res.lecture
