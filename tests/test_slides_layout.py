"""plan.layout: the slide-count rule, anchors, notes, keys and the never-overflow guarantee."""
from __future__ import annotations

import dataclasses
import re

import pytest

from lecturecast.model import BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Section, Segment, Speech
from lecturecast.plan.layout import group_segment, plan_deck
from lecturecast.slides.painter import check_fit
from lecturecast.slides.theme import builtin
from slides_helpers import LONG, sample_lecture

WORD = re.compile(r"[\w'’-]+")


@pytest.fixture(scope="module")
def theme():
    return builtin("clean")


@pytest.fixture(scope="module")
def plan(theme):
    return plan_deck(sample_lecture(), theme)


def test_slide_kinds_follow_the_documented_rule(plan):
    kinds = [(s.kind, s.segment_id, s.anchor) for s in plan.slides]
    assert kinds == [
        ("title", None, 0), ("section", None, 0),
        ("content", "intro", 0),
        ("content", "lstm-layers", 0), ("cue", "lstm-layers", 3),  # 2nd visual cue → own slide at its block
        ("section", None, 0),
        ("code", "code", 0),  # code before anything else is shown → the segment's first slide
        ("content", "long", 0), ("continuation", "long", 0),
        ("content", "multi", 0),
        ("references", None, 0), ("closing", None, 0),
    ]
    assert [s.number for s in plan.slides] == list(range(1, len(plan.slides) + 1))
    assert plan.for_segment("lstm-layers")[1].anchor == 3


def test_grouping_rule_for_code_and_cues():
    seg = Segment("s", blocks=(Speech("a"), Bullets((BulletItem("x"),)), Speech("b"), Code("print(1)"),
                               Bullets((BulletItem("y"),)), Cue(CueKind.VISUAL, "a chart"), Cue(CueKind.MUSIC, "m"),
                               Cue(CueKind.SCREEN_TEXT, "Big words")))
    groups = group_segment(seg)
    # the screen text follows the chart with no narration between: same slide (a list of visuals)
    assert [(g.kind, g.anchor) for g in groups] == [("content", 0), ("code", 3), ("content", 4)]
    assert [c.text for c in groups[2].cues] == ["a chart", "Big words"]  # bullets + visuals side by side
    seg2 = Segment("t", blocks=(Speech("a"), Cue(CueKind.VISUAL, "one"), Cue(CueKind.VISUAL, "two"), Speech("b"),
                                Cue(CueKind.VISUAL, "three"), Cue(CueKind.CUT, "four"), Speech("c")))
    groups = group_segment(seg2)  # narration between visuals: the slide changes where it reaches "three"
    assert [(g.kind, g.anchor, [c.text for c in g.cues]) for g in groups] == [
        ("content", 0, ["one", "two"]), ("cue", 4, ["three", "four"])]


def test_cue_only_runs_merge_and_no_cue_is_lost(theme):
    cues = tuple(Cue(CueKind.VISUAL, f"Screen {k}: the dashboard with widget number {k}") for k in range(12))
    seg = Segment("s", (Speech("We open the dashboard and look around. " * 3),) + cues, title="Dashboard")
    seg2 = Segment("u", (Speech("Intro."), Cue(CueKind.VISUAL, "first"), Speech("Then."),
                         Cue(CueKind.SCREEN_TEXT, "Big words"), Cue(CueKind.VISUAL, "second"), Speech("End.")))
    lec = Lecture(Meta(title="T"), (Section("Tour", (seg, seg2)),))
    plan = plan_deck(lec, theme)
    assert len(plan.for_segment("s")) == 1  # 12 visuals with no narration between: one slide
    assert [s.anchor for s in plan.for_segment("u")] == [0, 3]
    for seg_ in lec.segments:
        specs = plan.for_segment(seg_.id)
        shown = " ".join(p.text for s in specs for i in s.items if hasattr(i, "paras") for p in i.paras)
        notes = " ".join(s.notes for s in specs)
        for cue in seg_.cues:
            assert cue.text in shown or cue.text in notes
            assert cue.text in specs[0].notes  # every slide's notes list all the segment's cues
    assert "VISUALS TO ADD (12)" in " ".join(p.text for i in plan.for_segment("s")[0].items
                                              if hasattr(i, "paras") for p in i.paras)
    assert [p for s in plan.slides for p in check_fit(s)] == []


def test_untitled_segments_get_numbered_titles_and_title_slide_is_never_empty(theme):
    segs = tuple(Segment(f"s{k}", (Speech("Some words here."),)) for k in range(3))
    lec = Lecture(Meta(title="Lonely title"), (Section("History", segs), Section("Outlook", (Segment("o", (
        Speech("More."),)),))))
    plan = plan_deck(lec, theme)
    assert [s.title for s in plan.slides if s.segment_id] == ["History (1/3)", "History (2/3)", "History (3/3)",
                                                             "Outlook"]
    assert [s.kind for s in plan.slides].count("section") == 1  # one untitled segment: no divider
    title_text = " ".join(p.text for i in plan.slides[0].items if hasattr(i, "paras") for p in i.paras)
    assert "2 sections" in title_text and "History" in title_text and "Outlook" in title_text


def test_short_bullets_are_centred_and_larger(theme, plan):
    body = next(i for i in plan.for_segment("intro")[0].items if getattr(i, "role", "") == "body")
    assert body.style.valign == "m" and body.style.size == theme.size("body_max")


def test_every_segment_starts_at_anchor_zero_and_has_a_slide(plan):
    lecture = sample_lecture()
    for seg in lecture.segments:
        specs = plan.for_segment(seg.id)
        assert specs and specs[0].anchor == 0
        assert all(0 <= s.anchor < max(1, len(seg.blocks)) for s in specs)


def test_notes_hold_full_narration_with_clock_and_speaker(plan):
    lecture = sample_lecture()
    for seg in lecture.segments:
        for spec in plan.for_segment(seg.id):
            words = {w.lower() for w in WORD.findall(spec.notes)}
            assert {w.lower() for w in WORD.findall(seg.narration)} <= words
    intro = plan.for_segment("intro")[0].notes
    assert "\n[0:00] Narrator: Welcome back." in intro  # the clock goes with the first spoken paragraph
    assert "Host: By the end" in intro and "(Music: Intro music plays)" in intro
    assert "▶" in plan.for_segment("lstm-layers")[1].notes  # where the cue slide takes over
    assert "Guest:" in plan.for_segment("multi")[0].notes and "(Pause: pause)" in plan.for_segment("multi")[0].notes


def test_no_planned_text_overflows(plan):
    assert [p for s in plan.slides for p in check_fit(s)] == []


def test_overflowing_text_continues_on_more_slides(theme):
    items = tuple(BulletItem(f"{i}. " + LONG) for i in range(30))
    lec = Lecture(Meta(title="T"), (Section("", (Segment("s", (Bullets(items),), title="Many"),)),))
    plan = plan_deck(lec, theme)
    specs = plan.for_segment("s")
    assert len(specs) >= 3 and specs[0].kind == "content"
    assert all(s.kind == "continuation" and s.anchor == 0 for s in specs[1:])
    assert [s.part for s in specs] == list(range(1, len(specs) + 1)) and specs[0].parts == len(specs)
    shown = " ".join(i.paras[k].text for s in specs for i in s.items if getattr(i, "role", "") == "body"
                     for k in range(len(i.paras)))
    for item in items:  # nothing lost
        assert item.text[:40] in shown
    for s in specs:
        body = next(i for i in s.items if getattr(i, "role", "") == "body")
        assert body.style.size >= theme.size("body_min")
    assert [p for s in plan.slides for p in check_fit(s)] == []


def test_giant_title_is_shortened_not_overflowing(theme):
    seg = Segment("s", (Speech("hi"),), title="word " * 80)
    plan = plan_deck(Lecture(Meta(title="T" * 300), (Section("S" * 500, (seg,)),)), theme)
    assert [p for s in plan.slides for p in check_fit(s)] == []
    title = plan.for_segment("s")[0].items[0]
    assert title.paras[-1].text.endswith("…") and title.style.size >= theme.size("title_min")


def test_keys_are_stable_and_change_with_pixels(theme, plan):
    again = plan_deck(sample_lecture(), theme)
    assert [s.key for s in again.slides] == [s.key for s in plan.slides]
    lec = sample_lecture()
    seg = lec.sections[1].segments[0]
    new_seg = dataclasses.replace(seg, title="Another title")
    lec2 = dataclasses.replace(lec, sections=(lec.sections[0], dataclasses.replace(
        lec.sections[1], segments=(new_seg,) + lec.sections[1].segments[1:])))
    changed = plan_deck(lec2, theme)
    diff = [a.number for a, b in zip(plan.slides, changed.slides) if a.key != b.key]
    assert diff == [7]  # only the code slide's title changed
    dark = plan_deck(sample_lecture(), builtin("dark"))
    assert all(a.key != b.key for a, b in zip(plan.slides, dark.slides))


def test_empty_segment_and_lecture_without_sections(theme):
    plan = plan_deck(Lecture(Meta(title="Only a title"), (Section("", (Segment("e"),)),)), theme)
    assert [s.kind for s in plan.slides] == ["title", "content", "closing"]
    assert plan.for_segment("e")[0].title == "Only a title"


def test_numbering_continues_across_split_ordered_lists(theme):
    seg = Segment("s", (Bullets((BulletItem("one"),), ordered=True), Speech("between"),
                        Bullets((BulletItem("two"),), ordered=True), Bullets((BulletItem("dot"),))), title="T")
    plan = plan_deck(Lecture(Meta(), (Section("", (seg,)),)), theme)
    body = next(i for i in plan.for_segment("s")[0].items if getattr(i, "role", "") == "body")
    assert [p.bullet for p in body.paras] == ["1.", "2.", "•"]


def test_bullet_split_across_slides_keeps_its_indent(theme):
    item = BulletItem(" ".join(["word"] * 600))
    plan = plan_deck(Lecture(Meta(), (Section("", (Segment("s", (Bullets((item,)),), title="T"),)),)), theme)
    specs = plan.for_segment("s")
    assert len(specs) >= 2
    rest = next(i for i in specs[1].items if getattr(i, "role", "") == "body").paras[0]
    assert rest.continued and rest.bullet == "•"
    assert [p for s in plan.slides for p in check_fit(s)] == []
