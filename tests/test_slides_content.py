"""What a viewer reads: key points instead of narration, layouts chosen from the content, no
placeholders, every layout in both the PPTX (real text boxes, re-read) and the PNG."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from lecturecast.model import Cue, CueKind, Lecture, Meta, Section, Segment, Speech
from lecturecast.plan.content import SlideContent
from lecturecast.plan.images import cue_subject
from lecturecast.plan.titles import sentence_case
from lecturecast.plan.wording import wording
from lecturecast.slides import render_png, write_pptx
from lecturecast.slides.deck import plan_deck
from lecturecast.slides.layouts import by_name, choose, register, registered, unregister
from lecturecast.slides.layouts.kit import text
from lecturecast.slides.measure import Rect, ShapeBox, TextBox
from lecturecast.slides.painter import check_fit
from lecturecast.slides.theme import builtin
from lesson_fixtures import FORBIDDEN, flight_lecture
from slides_helpers import body_words as _body_words
from slides_helpers import longest_copied_run

WORD = re.compile(r"[\w'’-]+")
BUILT_IN = {"title", "section", "references", "closing", "points", "statement", "definition", "quote", "recap",
            "timeline", "comparison", "steps", "chart", "dialogue", "code", "image", "visual card"}


@pytest.fixture(scope="module")
def theme():
    return builtin("clean")


@pytest.fixture(scope="module")
def lesson(tmp_path_factory) -> Lecture:
    folder = tmp_path_factory.mktemp("flight")
    (folder / "assets" / "images").mkdir(parents=True)
    Image.new("RGB", (640, 400), (70, 110, 150)).save(folder / "assets" / "images" / "wright-flyer.png")
    return flight_lecture(str(folder / "lesson.md"))


@pytest.fixture(scope="module")
def plan(lesson, theme):
    return plan_deck(lesson, theme)


def test_every_built_in_layout_is_registered_and_used(plan):
    assert BUILT_IN <= {layout.name for layout in registered()}
    used = {s.design for s in plan.slides}
    assert used >= BUILT_IN - {"visual card"}, BUILT_IN - used


def test_history_uses_at_least_four_layouts_with_a_timeline(plan, lesson):
    first = {s.design for s in plan.slides if s.segment_id in {seg.id for seg in lesson.sections[0].segments}}
    assert "timeline" in first and len(first) >= 4
    timeline = next(s for s in plan.slides if s.design == "timeline")
    assert [y for y in ("1783", "1853", "1896", "1903") if y in timeline.text] == ["1783", "1853", "1896", "1903"]


def test_no_placeholder_text_and_the_to_do_goes_to_the_notes(plan):
    for spec in plan.slides:
        lowered = spec.text.lower()
        assert not any(bad in lowered for bad in FORBIDDEN), (spec.number, spec.text)
    airfield = next(s for s in plan.slides if s.segment_id == "airfield")
    assert "grass airfield with a windsock" in airfield.text.lower()  # a typographic card of the subject
    assert airfield.todo and "TO DO: Add an image" in airfield.notes and "assets/images/" in airfield.notes
    flyer = next(s for s in plan.slides if s.segment_id == "flyer")
    assert flyer.design == "image" and not flyer.todo  # the cue's image was found


def test_slides_show_key_points_not_the_narration(plan, lesson):
    narration = {seg.id: seg.narration for seg in lesson.segments}
    for spec in plan.slides:
        if spec.segment_id is None or spec.kind == "section":
            continue
        shown = "\n".join(p.text for i in spec.items if isinstance(i, TextBox) and i.role not in ("title", "code")
                          for p in i.paras)
        assert longest_copied_run(shown, narration[spec.segment_id]) <= 12, (spec.number, shown)
        assert _body_words(spec) <= 45, (spec.number, spec.text)
    steps = next(s for s in plan.slides if s.design == "steps")
    assert all(marker not in steps.text for marker in ("First,", "Then,", "Finally,"))


def test_dialogue_slides_name_their_speakers_in_their_own_colours(plan):
    talk = next(s for s in plan.slides if s.design == "dialogue")
    assert "Host" in talk.text and "Guest" in talk.text
    chips = {}
    boxes = [i for i in talk.items if isinstance(i, TextBox) and i.role == "label"]
    shapes = [i for i in talk.items if isinstance(i, ShapeBox) and i.name == "chip"]
    for box in boxes:
        chips[box.paras[0].text] = next(s.fill for s in shapes if s.rect == box.rect)
    assert chips["Host"] != chips["Guest"]


def test_code_is_one_panel_sized_to_it_with_its_lead_in_as_caption(plan):
    code = next(s for s in plan.slides if s.design == "code")
    caption = next(i for i in code.items if isinstance(i, TextBox) and i.role == "caption")
    assert caption.paras[0].text == "Here is the calculation in a few lines of Python:"
    panel = next(i for i in code.items if isinstance(i, ShapeBox) and i.name == "code panel")
    listing = next(i for i in code.items if isinstance(i, TextBox) and i.role == "code")
    assert panel.rect == listing.rect and panel.rect.w < 700  # sized to the code, not the whole body


def test_closing_recap_comes_from_the_conclusion_and_nothing_refers_to_hidden_slides(plan):
    recap = next(s for s in plan.slides if s.design == "recap")
    assert recap.segment_id == "summary" and "Key takeaways" in recap.text
    closing = plan.slides[-1]
    assert "previous slide" not in closing.text.lower()


def test_every_layout_renders_in_pptx_and_png(plan, theme, tmp_path):
    assert [p for s in plan.slides for p in check_fit(s)] == []
    prs = Presentation(str(write_pptx(plan, theme, tmp_path / "deck.pptx")))
    assert len(prs.slides) == len(plan.slides)
    for spec, slide in zip(plan.slides, prs.slides):
        frames = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()]
        for item in spec.items:
            if isinstance(item, TextBox) and "".join(p.text for p in item.paras).strip():
                want = "\n".join(p.text for p in item.paras)
                assert want.replace("\v", "") in [f.replace("\v", "") for f in frames], (spec.design, want)
        shapes = [i for i in spec.items if isinstance(i, ShapeBox)]
        drawn = [sh for sh in slide.shapes if sh.shape_type is not None and sh.name in {s.name for s in shapes}]
        assert len(drawn) >= len(shapes), spec.design
        assert spec.notes.split("\n")[0][:30] in slide.notes_slide.notes_text_frame.text
    for spec in plan.slides:
        if spec.design in ("timeline", "comparison", "steps", "dialogue", "chart", "code", "visual card", "points"):
            path = render_png(spec, theme, tmp_path / f"{spec.number}.png")
            with Image.open(path) as im:
                assert im.size == (1920, 1080) and len(im.getcolors(1 << 20) or ()) > 2


class _Banner:
    """A school's own layout: a banner for slides whose title says "Quiz"."""

    name = "quiz banner"

    def fits(self, content: SlideContent) -> float:
        return 0.99 if content.title.startswith("Quiz") else 0.0

    def compose(self, content: SlideContent, theme):
        return [[text(theme, "title", content.title, Rect(48, 200, 864, 120), 48, bold=True, align="c",
                      placeholder="title")]]


def test_a_new_layout_is_one_registered_unit(theme):
    lec = Lecture(Meta(title="T"), (Section("Quiz time", (Segment("q", (Speech("Which wing makes more lift?"),)),)),))
    register(_Banner())
    try:
        plan = plan_deck(lec, theme)
        assert plan.for_segment("q")[0].design == "quiz banner"
        assert choose(SlideContent("content", title="Quiz 2")).name == "quiz banner"
    finally:
        unregister("quiz banner")
    assert by_name("points").fits(SlideContent("content")) == 0.5
    assert plan_deck(lec, theme).for_segment("q")[0].design != "quiz banner"


def test_words_on_slides_come_from_the_lectures_language(theme):
    seg = Segment("r", (Speech("En resumen, el vuelo empezó con globos. Los planeadores enseñaron el control. "
                               "Los motores convirtieron saltos cortos en viajes."),))
    lec = Lecture(Meta(title="Volar", language="es"), (Section("Conclusión", (seg,)),))
    recap = plan_deck(lec, theme).for_segment("r")[0]
    assert recap.design == "recap" and "Ideas clave" in recap.text and "En resumen" not in recap.text


def test_forbidden_words_never_reach_a_frame_even_from_cue_text(theme, tmp_path):
    from lecturecast.model import Cue, CueKind

    seg = Segment("v", (Cue(CueKind.VISUAL, "VISUAL TO ADD: add an image of a wing; it should appear on screen"),
                        Speech("Wings come in many shapes.")))
    plan = plan_deck(Lecture(Meta(title="W"), (Section("", (seg,)),)), theme)
    for spec in plan.slides:
        assert not any(bad in spec.text.lower() for bad in FORBIDDEN), spec.text
    assert Path(render_png(plan.for_segment("v")[0], theme, tmp_path / "v.png")).is_file()


def test_cards_get_a_matching_lucide_icon_and_only_a_matching_one(theme, tmp_path):
    from lecturecast.model import Cue, CueKind
    from lecturecast.slides import icons
    from lecturecast.slides.measure import ImageBox

    assert icons.match_icon("Visuals of LSTM layers") == "layers"  # an icon's name: 2 points
    assert icons.match_icon("McCulloch and Pitts' work") is None  # one loose tag is not enough
    seg = Segment("v", (Cue(CueKind.VISUAL, "Stacked layers of a deep network"), Speech("Depth helps.")))
    spec = plan_deck(Lecture(Meta(title="W"), (Section("", (seg,)),)), theme).for_segment("v")[0]
    icon = next(i for i in spec.items if isinstance(i, ImageBox))
    with Image.open(icon.path) as im:
        assert im.mode == "RGBA" and im.getextrema()[3][1] == 255  # drawn strokes on a transparent field
    prs = Presentation(str(write_pptx(plan_deck(Lecture(Meta(title="W"), (Section("", (seg,)),)), theme), theme,
                                      tmp_path / "i.pptx")))
    assert any(sh.shape_type == 13 for sh in prs.slides[1].shapes)  # the icon is a picture in the deck


@pytest.mark.parametrize("language, cue, card", [
    ("en", "Visuals of LSTM layers appear on screen", "LSTM layers"),
    ("en", "Zoom in on the forget gate (sigmoid)", "Forget gate (sigmoid)"),
    ("es", "Zoom suave al menú de navegación", "Zoom suave al menú de navegación"),  # never a fragment
    ("es", "Mostrar la lista de temas", "La lista de temas"),
    ("es", "Pantalla de login (/login.html)", "Pantalla de login (/login.html)"),  # brackets kept whole
    ("fr", "Zoom sur la carte du volcan", "La carte du volcan"),
    ("de", "Einblendung: Diagramm der Lichtbrechung", "Diagramm der Lichtbrechung"),
    ("it", "Zoom sulla mappa", "Zoom sulla mappa"),  # no word list: the cue as written
    # screen-recording actions: the card names what is clicked or shown
    ("en", "Click the Create workspace button", "Create workspace button"),
    ("en", "Cursor hovers over the calendar", "Calendar"),
    ("es", "Click en Sesión 1", "Sesión 1"),
    ("es", "Scroll hacia abajo a la sección de tareas", "La sección de tareas"),
    ("de", "Klick auf den Button Senden", "Den Button Senden"),
])
def test_a_visual_card_names_the_subject_of_the_cue_in_the_lecture_language(language, cue, card):
    assert cue_subject(Cue(CueKind.VISUAL, cue), wording(language)) == card


def test_titles_in_capitals_are_shown_in_sentence_case_with_the_narrations_own_forms():
    from lecturecast.plan.deck import plan_slides

    speech = ("Our network uses an LSTM layer, as Sepp Hochreiter proposed. The LSTM keeps a memory cell, "
              "and Google later used it for translation. Reports of its accuracy followed.")
    lec = Lecture(Meta(title="WHY THE LSTM STILL MATTERS"),
                  (Section("SECTION 1: GOOGLE AND THE LSTM CELL", (Segment(id="a", blocks=(Speech(speech),)),)),
                   Section("Part 2: Mixed Case Stays", (Segment(id="b", blocks=(Speech(speech),)),))))
    titles = {s.title for s in plan_slides(lec).slides} | {s.kicker for s in plan_slides(lec).slides}
    assert "Why the LSTM still matters" in titles
    slides = plan_slides(lec).slides
    assert slides[0].lines[0] == "Why the LSTM still matters"  # the title card
    assert sentence_case("SECCIÓN 2: REGISTRO Y ACCESO: Proceso", {}, frozenset({"y"})) \
        == "Sección 2: Registro y acceso: Proceso"
    assert any(t.startswith("Section 1: Google and the LSTM cell") for t in titles)
    assert any(t.startswith("Part 2: Mixed Case Stays") for t in titles)
    assert not any(t.isupper() for t in titles if len(t) > 6)


def test_a_long_list_is_split_into_balanced_readable_pages():
    from lecturecast.slides.layouts.text import MAX_ITEMS, _word_pages
    from lecturecast.slides.measure import Para, Run

    def items(*sizes):
        return tuple(Para((Run(" ".join(["word"] * k)),)) for k in sizes)

    assert [len(p) for p in _word_pages(items(*[5] * 10))] == [5, 5]  # never 9 + 1
    assert [len(p) for p in _word_pages(items(*[5] * 3))] == [3]
    assert all(len(p) <= MAX_ITEMS for p in _word_pages(items(*[2] * 20)))
    assert sum(len(p) for p in _word_pages(items(*[2] * 20))) == 20


def test_slide_numbers_in_titles_are_dropped_and_instructions_are_no_headline_terms():
    from lecturecast.plan.deck import plan_slides
    from lecturecast.plan.facts import focus_term

    speech = "Welcome to the dashboard. It lists every project you own, with its tracks and its students."
    lec = Lecture(Meta(title="Demo"), (Section("SLIDE 3 - Organization Dashboard", (Segment(id="a", blocks=(Speech(speech),)),)),))
    assert {s.title for s in plan_slides(lec).slides if s.kind == "content"} == {"Organization Dashboard"}
    sentences = ["Click the Project menu and select Data Science.", "Click on Tracks to see all paths.",
                 "The Tracks metric shows how many paths exist."]
    assert focus_term(sentences, wording("en"), "Dashboard") == "Tracks"


def test_a_generic_word_is_never_a_headline_term():
    from lecturecast.plan.facts import focus_term

    sentences = ["Different heads look at different words.", "Different layers learn different patterns.",
                 "Each head is a different view of the sentence."]
    assert focus_term(sentences, wording("en"), "Multi-Head Attention") != "Different"
