"""Importer: LLM-written variants, line accounting, chatter, clocks, speakers, timed text, speed, fuzz."""
from __future__ import annotations

import os

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecturecast.errors import ScriptError
from lecturecast.model import Code, CueKind
from lecturecast.script import format_lecture, import_script, parse_canonical

FIX = Path(__file__).parent / "fixtures" / "script"


def _imp(name):
    return import_script((FIX / name).read_text(encoding="utf-8"), FIX / name)


def _nonempty_lines(text):
    return [i + 1 for i, line in enumerate(text.split("\n")) if line.strip()]


@pytest.mark.parametrize("name", sorted(p.name for p in FIX.iterdir()))
def test_every_line_is_accounted_for_and_canonical_is_stable(name):
    text = (FIX / name).read_text(encoding="utf-8")
    res = import_script(text, FIX / name)
    assert [r.line for r in res.report.records] == _nonempty_lines(text)
    assert all(r.reason for r in res.report.unused)
    canonical = format_lecture(res.lecture)
    again = parse_canonical(canonical)
    assert again == res.lecture
    assert format_lecture(again) == canonical
    # importing the canonical text (as messy input would be) is not needed: load_lecture sees front matter


def test_chat_session():
    res = _imp("chat_session.txt")
    lec, rep = res.lecture, res.report
    assert [s.title for s in lec.sections] == ["The Idea of an Artificial Neuron", "Limits and Revival",
                                               "A Perceptron in Code"]
    assert [s.clock for s in lec.segments][:4] == [0.0, 60.0, 120.0, 180.0]
    assert lec.speakers == ("Narrator",)
    first = lec.segments[0].speeches[0].text
    assert first.startswith("Our story starts in 1943") and '"' not in first
    wrapped = lec.segments[1].speeches[0].text
    assert "feel almost magical" in wrapped
    # a narrator turn with bullets inside the open quote: the bullets are spoken
    bl = lec.segments[2].bullets[0]
    assert bl.spoken and [i.text for i in bl.items] == ["the XOR function", "telling apart two interleaved spirals"]
    # closing credits only once, at the end
    credits = [c for s in lec.segments for c in s.cues if "credits" in c.text.lower()]
    assert len(credits) == 1
    unused = {r.line: r for r in rep.unused}
    assert unused[25].reason.startswith("closing credits repeated")
    assert all(unused[n].kind == "transcript" for n in (1, 2, 3, 4))
    assert unused[7].kind == "prompt" and unused[8].kind == "chatter" and unused[27].kind == "chatter"
    assert unused[48].kind == "chatter"  # the e-mail advice answer
    code = lec.segments[-1].code[0]
    assert code.language == "python" and "def step" in code.text
    assert lec.references[0].startswith("[1] Rosenblatt")


def test_podcast_speakers_and_cues():
    lec = _imp("podcast.md").lecture
    assert lec.title == "Tiny Networks, Big Ideas"
    assert lec.speakers == ("Host", "Guest")
    seg = lec.segments[0]
    kinds = [c.kind for c in seg.cues]
    assert kinds[0] is CueKind.MUSIC and CueKind.CUT in kinds and kinds[-1] is CueKind.MUSIC
    speeches = seg.speeches
    assert speeches[-1].speaker == "Guest" and speeches[-1].text == "And students remember what they can draw."
    assert not any("Break" in s.text for s in speeches)


def test_story_without_clocks():
    res = _imp("story.md")
    lec = res.lecture
    assert lec.title == "The Lighthouse of Attention"
    assert [s.title for s in lec.sections] == ["The Keeper", "The Many Lamps"]
    assert all(s.clock is None for s in lec.segments)
    assert lec.segments[1].bullets[0].spoken  # list continues "Each lamp looked for something different:"
    assert res.report.unused[-1].kind == "chatter"


def test_clock_restart_is_offset_and_reported():
    res = _imp("multipart.md")
    clocks = [s.clock for s in res.lecture.segments]
    assert clocks == [0.0, 20.0, 50.0, 80.0]
    assert any("restarts" in n for n in res.report.notes)
    pause = res.lecture.segments[0].cues[0]
    assert pause.kind is CueKind.PAUSE and pause.seconds == 2.0


@pytest.mark.parametrize("name", ["captions.srt", "timings.json"])
def test_timed_text(name):
    lec = _imp(name).lecture
    seg = lec.segments[0]
    assert seg.clock == 1.0 and seg.duration == 5.0
    assert seg.speeches[0].text == "This is a digit. Your brain reads it without effort."


@pytest.mark.parametrize("line, speaker", [
    ('Narrator: "Hello."', None),
    ('**NARRATOR:** "Hello."', None),
    ('[Host]: Hello.', "Host"),
    ('Host: Hello.', "Host"),
    ('**Guest:** Hello.', "Guest"),
    ('**Narration:** *"Hello."*', None),
])
def test_speaker_label_forms(line, speaker):
    lec = import_script(f"**Part:**\n\n{line}\n").lecture
    sp = lec.segments[0].speeches[0]
    assert (sp.speaker, sp.text) == (speaker, "Hello.")


def test_label_on_its_own_line_and_metadata_labels():
    text = ("**Duration:** 30 seconds\n\n**Jerod Santo:**\n\nWhat up, nerds?\n\n**Break:**\n\n**Jerod Santo:**\n\n"
            "Back again.\n\n**Jerod Santo:**\n\nAnd done.\n")
    res = import_script(text)
    lec = res.lecture
    assert lec.speakers == ("Jerod Santo",)
    assert [s.text for s in lec.segments[0].speeches] == ["What up, nerds?", "Back again.", "And done."]
    assert any(c.text == "Break" for c in lec.segments[0].cues)


def test_markdown_is_stripped_from_narration():
    text = 'Narrator: "This is **bold**, *italic*, `code` and a [link](https://x.org)."\n'
    sp = import_script(text).lecture.segments[0].speeches[0]
    assert sp.text == "This is bold, italic, code and a link."


def test_code_fence_with_narration_mode_and_shown_code():
    text = ("## Slide 1\n\n### Narration:\n```\nWelcome to the course,\nall of you.\n```\n\n"
            "### Visual Requirements:\n- logo\n- title\n\n## Slide 2\n\n```python\nx = 1\n```\n")
    lec = import_script(text).lecture
    s1, s2 = lec.segments
    assert s1.speeches[0].text == "Welcome to the course, all of you."
    assert [c.kind for c in s1.cues] == [CueKind.VISUAL, CueKind.VISUAL]
    assert s2.code[0] == Code("x = 1", "python")


def test_unterminated_fence_is_a_located_script_error():
    with pytest.raises(ScriptError, match=r"lesson\.md:3"):
        import_script("Narrator: hi\n\n```python\nprint(1)\n", "lesson.md")


def test_large_script_imports_fast():
    block = ('**Part {n}:**\n\n{m}:00\n\nNarrator: "Sentence number {n} talks about *networks* and [links](u). '
             'It goes on for a while to make the line long enough."\n\n(Visuals of layer {n} appear on screen)\n\n'
             "* bullet one\n* bullet two\n\n")
    text = "".join(block.format(n=i, m=i % 600) for i in range(46000))
    assert len(text) > 10_000_000
    res = import_script(text)  # speed is measured in benchmarks/, not asserted here
    assert len(res.lecture.segments) >= 40000


@settings(max_examples=400 * int(os.environ.get("LECTURECAST_FUZZ", "1")), deadline=None)
@given(st.lists(st.sampled_from(list("abAB :*#-[]()\"“”`~>.0123456789_\n\t<>/|\r") + [
    "\n\n", "```", "**", "Narrator:", "0:00", ">>> ", "<start>", "<end>", "[Host]:", "**Break:**", "# ",
    "## 1:00 - 2:00 ", "* ", "1. ", "(Closing credits appear on screen)", "  - ", "**Duration:** 3 s", "References"]),
    max_size=120).map("".join))
def test_importer_fuzz_only_script_errors(text):
    try:
        res = import_script(text)
    except ScriptError:
        return
    assert [r.line for r in res.report.records] == _nonempty_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    assert parse_canonical(format_lecture(res.lecture)) == res.lecture


def test_imported_title_rules_are_reported():
    from lecturecast.script.importer.title import asked_topic, choose_title, dominant_topics

    res = _imp("chat_session.txt")  # no title line: the first prompt names the topic
    assert res.lecture.title == "The history of the perceptron"
    assert any("first prompt" in n for n in res.report.notes)
    assert asked_topic(">>> give me complete history as told in the script") is None
    titles = ["The Early Years", "The Rise of RNNs", "The Future of RNNs", "Transformer Architecture",
              "Key Components of the Transformer", "GenAI's Strengths", "GenAI: The Conversational AI",
              "Conclusion", "Challenges and Future Directions", "RNNs for Speech"]
    assert dominant_topics(titles) == ["RNNs", "Transformer", "GenAI"]
    title, note = choose_title(None, [], titles, "x")
    assert title == "RNNs, Transformer and GenAI" and "section titles" in note
    assert choose_title("Explicit", [(3, ">>> a lecture about cats")], titles, "x") == ("Explicit", None)
    title, note = choose_title(None, [], ["Only one", "Two"], "x")
    assert title == "Only one" and "first section" in note
