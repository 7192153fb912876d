"""slides.deck: which slides, anchors at sentence starts, notes, keys and the never-overflow guarantee."""
from __future__ import annotations

import dataclasses
import re

import pytest

from lecturecast.model import BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Section, Segment, Speech
from lecturecast.plan.chunks import chunk_segment
from lecturecast.plan.wording import wording
from lecturecast.slides.deck import plan_deck
from lecturecast.slides.painter import check_fit
from lecturecast.slides.theme import builtin
from slides_helpers import LONG, sample_lecture

WORD = re.compile(r"[\w'’-]+")
EN = wording("en")


@pytest.fixture(scope="module")
def theme():
    return builtin("clean")


@pytest.fixture(scope="module")
def plan(theme):
    return plan_deck(sample_lecture(), theme)


def test_deck_has_title_sections_segments_references_and_closing(plan):
    kinds = [s.kind for s in plan.slides]
    assert kinds[0] == "title" and kinds[-1] == "closing" and kinds[-2] == "references"
    assert kinds.count("section") == 2
    assert [s.number for s in plan.slides] == list(range(1, len(plan.slides) + 1))
    assert plan.for_segment("code")[0].design == "code"
    assert {s.design for s in plan.for_segment("multi")} == {"statement"}  # words the script puts on screen


def test_code_starts_a_slide_and_takes_its_lead_in_sentence():
    seg = Segment("s", blocks=(Speech("Networks learn from data in many small steps. Each step nudges the weights a "
                                      "little. Here is the training loop:"), Code("for x in data:\n    step(x)"),
                               Speech("That is all there is to it.")))
    chunks = chunk_segment(seg, EN, 150)
    assert len(chunks) == 2
    assert chunks[1].code is not None and chunks[1].sentences[0].text == "Here is the training loop:"
    assert (chunks[1].start[0], chunks[1].start[1]) == (0, pytest.approx(15 / 20))  # 15 of the block's 20 words


def test_long_narration_turns_the_slide_at_sentence_boundaries():
    sentence = "Recurrent networks keep a hidden state that summarises the sequence so far. "
    seg = Segment("s", blocks=(Speech(sentence * 12),))  # 144 words ≈ 58 s at 150 wpm
    chunks = chunk_segment(seg, EN, 150)
    assert len(chunks) >= 2
    for chunk in chunks:
        seconds = chunk.words / 2.5
        assert 8 <= seconds <= 40
        assert all(p.text.endswith(".") for p in chunk.sentences)  # whole sentences only


def test_a_visual_with_nothing_said_after_it_joins_the_slide_before():
    seg = Segment("s", blocks=(Speech("One. " + LONG), Cue(CueKind.VISUAL, "a chart of the results")))
    chunks = chunk_segment(seg, EN, 150)
    assert len(chunks) == 1 and chunks[0].cues[0].text == "a chart of the results"


def test_untitled_segments_get_headlines_saying_what_they_are_about(theme):
    segs = (Segment("a", (Speech("The Transformer replaced recurrence with attention. The Transformer reads every "
                                 "word at once."),)),
            Segment("b", (Speech("Backpropagation computes gradients layer by layer. Backpropagation made deep "
                                 "networks trainable."),)))
    plan = plan_deck(Lecture(Meta(title="T"), (Section("History", segs),)), theme)
    titles = [s.title for s in plan.slides if s.segment_id]
    assert titles == ["History: Transformer", "History: Backpropagation"]
    assert not any(re.search(r"\(\d+/\d+\)|\(cont\.\)", t) for t in titles)


def test_every_segment_has_a_slide_at_its_start(plan):
    for seg in sample_lecture().segments:
        specs = plan.for_segment(seg.id)
        assert specs and (specs[0].anchor, specs[0].at) == (0, 0.0)
        assert all(0 <= s.anchor < max(1, len(seg.blocks)) and 0.0 <= s.at < 1.0 for s in specs)


def test_notes_hold_each_slides_part_and_together_the_whole_narration(plan):
    lecture = sample_lecture()
    for seg in lecture.segments:
        specs = [s for s in plan.for_segment(seg.id) if s.kind != "section"]
        together = {w.lower() for s in specs for w in WORD.findall(s.notes)}
        assert {w.lower() for w in WORD.findall(seg.narration)} <= together
    intro = plan.for_segment("intro")[0].notes
    assert "[0:00] Narrator: Welcome back." in intro and "Host: By the end" in intro
    assert "(Music: Intro music plays)" in intro
    first, second = [s for s in plan.for_segment("lstm-layers") if s.part == 1]
    assert "conveyor belt" in second.notes and "conveyor belt" not in first.notes


def test_no_planned_text_overflows(plan):
    assert [p for s in plan.slides for p in check_fit(s)] == []


def test_long_bullets_continue_with_at_most_45_words_a_page(theme):
    items = tuple(BulletItem(f"Idea {i}: keep a hidden state and update it at every step") for i in range(14))
    lec = Lecture(Meta(title="T"), (Section("", (Segment("s", (Bullets(items),), title="Many"),)),))
    specs = plan_deck(lec, theme).for_segment("s")
    assert len(specs) >= 2 and specs[0].kind == "content"
    assert all(s.kind == "continuation" for s in specs[1:])
    shown = " ".join(s.text for s in specs)
    assert all(item.text in shown for item in items)  # the script's bullets, as written, none lost
    for s in specs:
        body = next(i for i in s.items if getattr(i, "role", "") == "body")
        assert sum(len(WORD.findall(p.text)) for p in body.paras) <= 45
    assert [p for s in specs for p in check_fit(s)] == []


def test_giant_title_is_shortened_not_overflowing(theme):
    seg = Segment("s", (Speech("hi"),), title="word " * 80)
    plan = plan_deck(Lecture(Meta(title="T" * 300), (Section("S" * 500, (seg,)),)), theme)
    assert [p for s in plan.slides for p in check_fit(s)] == []
    title = next(i for i in plan.for_segment("s")[0].items if getattr(i, "role", "") == "title")
    assert title.paras[-1].text.endswith("…") and title.style.size >= theme.size("title_min")


def test_keys_are_stable_and_change_with_pixels(theme, plan):
    again = plan_deck(sample_lecture(), theme)
    assert [s.key for s in again.slides] == [s.key for s in plan.slides]
    lec = sample_lecture()
    seg = lec.sections[1].segments[0]
    lec2 = dataclasses.replace(lec, sections=(lec.sections[0], dataclasses.replace(
        lec.sections[1], segments=(dataclasses.replace(seg, title="Another title"),) + lec.sections[1].segments[1:])))
    changed = plan_deck(lec2, theme)
    diff = [a.number for a, b in zip(plan.slides, changed.slides) if a.key != b.key]
    assert diff == [plan.for_segment("code")[0].number]  # only the code slide's title changed
    dark = plan_deck(sample_lecture(), builtin("dark"))
    assert all(a.key != b.key for a, b in zip(plan.slides, dark.slides))


def test_empty_segment_and_lecture_without_sections(theme):
    plan = plan_deck(Lecture(Meta(title="Only a title"), (Section("", (Segment("e"),)),)), theme)
    assert [s.kind for s in plan.slides] == ["title", "content", "closing"]
    assert plan.for_segment("e")[0].title == "Only a title"
    assert [p for s in plan.slides for p in check_fit(s)] == []


def test_numbering_continues_across_split_ordered_lists(theme):
    seg = Segment("s", (Bullets((BulletItem("one"),), ordered=True), Speech("between"),
                        Bullets((BulletItem("two"),), ordered=True), Bullets((BulletItem("dot"),))), title="T")
    plan = plan_deck(Lecture(Meta(), (Section("", (seg,)),)), theme)
    body = next(i for i in plan.for_segment("s")[0].items if getattr(i, "role", "") == "body")
    assert [p.bullet for p in body.paras] == ["1.", "2.", "•"]


def test_a_section_whose_first_slide_has_one_sentence_keeps_its_divider_out_of_the_video(theme):
    segs = (Segment("a", (Speech("Hold on."),), title="Part one"), Segment("b", (Speech("More words here."),)))
    plan = plan_deck(Lecture(Meta(title="T"), (Section("Part one", segs),)), theme)
    divider = next(s for s in plan.slides if s.kind == "section")
    assert divider.segment_id is None and plan.for_segment("a")[0].anchor == 0
