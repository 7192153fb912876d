"""The deck: 16:9, real placeholders, notes, highlighted code, cue images and cards (re-read with python-pptx)."""
from __future__ import annotations

import re

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from lecturecast.model import Cue, CueKind, Lecture, Meta, Section, Segment, Speech
from lecturecast.slides.deck import plan_deck
from lecturecast.slides import write_pptx
from lecturecast.slides.theme import builtin
from lecturecast.plan.images import match_image
from slides_helpers import sample_lecture

WORD = re.compile(r"[\w'’-]+")


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lecture")
    (folder / "assets" / "images").mkdir(parents=True)
    Image.new("RGB", (800, 450), (30, 120, 200)).save(folder / "assets" / "images" / "lstm-layers.png")
    lecture = sample_lecture(path=str(folder / "lecture.md"))
    theme = builtin("clean")
    plan = plan_deck(lecture, theme)
    path = write_pptx(plan, theme, folder / "out" / "deck.pptx")
    return lecture, plan, Presentation(str(path))


def test_deck_is_16_9_with_one_slide_per_spec(deck):
    lecture, plan, prs = deck
    assert prs.slide_width == Emu(12192000) and prs.slide_height == Emu(6858000)  # 13.333 x 7.5 in
    assert len(prs.slides) == len(plan.slides)


def test_titles_and_bodies_use_real_placeholders(deck):
    lecture, plan, prs = deck
    first = prs.slides[0]
    assert first.shapes.title.text == "Understanding LSTM Networks"
    assert any(ph.placeholder_format.idx == 1 and "Memory for neural networks" in ph.text_frame.text
               for ph in first.placeholders)
    content = prs.slides[2]
    assert content.shapes.title.text == "Why memory matters"
    body = [ph for ph in content.placeholders if ph.placeholder_format.idx == 1][0]
    texts = [p.text for p in body.text_frame.paragraphs]
    assert texts == ["Sequences are everywhere", "Text, audio, sensor data", "Plain RNNs forget quickly"]
    assert body.text_frame.paragraphs[1].level == 1
    for slide in prs.slides:  # no empty "Click to add text" placeholders left behind
        assert all(ph.has_text_frame and ph.text_frame.text.strip() for ph in slide.placeholders)


def test_every_narration_word_is_in_the_notes(deck):
    lecture, plan, prs = deck
    notes = {}
    for spec, slide in zip(plan.slides, prs.slides):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        if spec.segment_id:
            notes.setdefault(spec.segment_id, []).append(slide.notes_slide.notes_text_frame.text)
    for seg in lecture.segments:  # each slide holds its part; the segment's slides hold all of it
        want = {w.lower() for w in WORD.findall(seg.narration)}
        assert want <= {w.lower() for text in notes[seg.id] for w in WORD.findall(text)}
    assert notes["lstm-layers"][0].startswith("[1:15] Narrator:")
    assert "conveyor belt" not in notes["lstm-layers"][0] and "conveyor belt" in notes["lstm-layers"][1]


def test_code_slide_has_coloured_monospace_runs(deck):
    lecture, plan, prs = deck
    number = plan.for_segment("code")[0].number
    slide = prs.slides[number - 1]
    code = next(s for s in slide.shapes if s.name == "code")
    runs = [r for p in code.text_frame.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} == {"Noto Sans Mono"}
    colours = {str(r.font.color.rgb) for r in runs}
    assert len(colours) >= 4  # keywords, names, strings/numbers, comments...
    keyword = next(r for r in runs if r.text.strip() == "import")
    assert str(keyword.font.color.rgb) == "A3218F"
    lines = [p.text for p in code.text_frame.paragraphs]
    assert "        super().__init__()" in lines  # indentation kept, one paragraph per line


def test_visual_cue_uses_matching_image_else_card(deck):
    lecture, plan, prs = deck
    first, second = plan.for_segment("lstm-layers")
    pics = [s for s in prs.slides[first.number - 1].shapes if s.shape_type == 13]
    assert len(pics) == 1 and pics[0].name == "cue image"
    cut = prs.slides[second.number - 1]
    texts = " ".join(s.text_frame.text for s in cut.shapes if s.has_text_frame)
    assert "Cell state flowing through time" in texts  # a card of the cue's subject, no to-do in the frame
    assert "Add an image" not in texts and "VISUAL" not in texts
    assert "TO DO: Add an image" in cut.notes_slide.notes_text_frame.text


def test_image_matching_rules(tmp_path):
    (tmp_path / "assets" / "images").mkdir(parents=True)
    for name in ("lstm-layers.png", "lstm.png", "gradient_descent.jpg", "a.png"):
        Image.new("RGB", (10, 10)).save(tmp_path / "assets" / "images" / name)
    (tmp_path / "pics").mkdir()
    Image.new("RGB", (10, 10)).save(tmp_path / "pics" / "x.png")
    lec = Lecture(Meta(), path=str(tmp_path / "l.md"))
    assert match_image(Cue(CueKind.VISUAL, "Visuals of LSTM layers appear on screen"), lec).name == "lstm-layers.png"
    assert match_image(Cue(CueKind.VISUAL, "An LSTM cell"), lec).name == "lstm.png"
    assert match_image(Cue(CueKind.VISUAL, "Animation of gradient descent on a bowl"), lec).name == \
        "gradient_descent.jpg"
    assert match_image(Cue(CueKind.VISUAL, "A transformer diagram"), lec) is None
    assert match_image(Cue(CueKind.VISUAL, "whatever", asset="pics/x.png"), lec).name == "x.png"
    assert match_image(Cue(CueKind.VISUAL, "whatever", asset="missing.png"), lec) is None  # → card, warned


def test_school_template_layouts_are_used(tmp_path):
    template = Presentation()
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "Sample slide to drop"
    template.save(str(tmp_path / "school.pptx"))
    from lecturecast.slides import load_theme

    lecture = Lecture(Meta(title="T", theme="school.pptx"),
                      (Section("S", (Segment("a", (Speech("Hello there."),), title="A"),)),), path=str(tmp_path / "l.md"))
    theme = load_theme(lecture)
    plan = plan_deck(lecture, theme)
    prs = Presentation(str(write_pptx(plan, theme, tmp_path / "deck.pptx")))
    assert len(prs.slides) == len(plan.slides)  # the template's sample slide is gone
    assert [s.slide_layout.name for s in prs.slides] == ["Title Slide", "Section Header", "Title and Content",
                                                         "Title Slide"]
