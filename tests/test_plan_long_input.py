"""A pasted wall of text in a shown-only bullet is cut on the slide (with "…") but kept whole in the
notes; before, one 9,000-word bullet became 68 slides and took 11 s of CPU to lay out."""
from __future__ import annotations

from lecturecast.plan.deck import SHOWN_MAX, plan_slides
from lecturecast.script import import_script
from lecturecast.slides.deck import plan_deck
from lecturecast.slides.theme import builtin

WALL = " ".join(f"term{i}" for i in range(5000))


def _lecture():
    text = f"# Walls\n\n## 0:00 Pasted {{#pasted}}\n\nNarrator: Here is what the tool printed.\n\n* {WALL}\n"
    return import_script(text).lecture


def test_a_wall_of_text_bullet_is_cut_on_the_slide_and_kept_in_the_notes():
    lecture = _lecture()
    contents = [c for c in plan_slides(lecture).slides if (c.segment_id or "").startswith("pasted")]
    shown = [item.text for c in contents for b in c.bullets for item in b.items]
    assert shown and all(len(t.split()) <= SHOWN_MAX + 1 and t.endswith("…") for t in shown)
    assert any("term4999" in c.notes for c in contents)  # nothing lost: the notes hold all of it
    deck = plan_deck(lecture, builtin())
    assert len([s for s in deck.slides if (s.segment_id or "").startswith("pasted")]) <= 2
