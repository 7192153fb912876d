"""handout.pdf: real, searchable text (pdftotext), three slides per page, each slide with its own notes,
CJK text extractable, headings in the lecture's language, slide images cached per slide."""
from __future__ import annotations

import dataclasses
import math
import re
import shutil
import subprocess

import pytest

from lecturecast.model import Meta
from lecturecast.slides.deck import plan_deck
from lecturecast.slides import handout
from lecturecast.slides.theme import builtin
from slides_helpers import big_lecture, sample_lecture

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")


def pdf_text(path) -> list[str]:
    """The text of every page (pdftotext, reading order)."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True,
                         timeout=60).stdout
    return out.split("\f")[:-1]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def own_notes(plan):
    """Each slide gets its own short notes, as the planner writes them (that slide's narration)."""
    slides = tuple(dataclasses.replace(s, notes=f"Narration of slide {s.number}: point {s.number * 7} explained.")
                   for s in plan.slides)
    return dataclasses.replace(plan, slides=slides)


def test_text_layer_titles_and_notes_three_slides_a_page(tmp_path):
    theme = builtin()
    plan = own_notes(plan_deck(big_lecture(20), theme))
    n = len(plan.slides)
    path = handout.write_handout(plan, theme, tmp_path / "handout.pdf")
    pages = pdf_text(path)
    assert len(pages) == math.ceil(n / 3)
    text = flat(" ".join(pages))
    for spec in plan.slides:
        assert f"Slide {spec.number} of {n}" in text
        assert spec.title.split(" (")[0] in text
        assert f"Narration of slide {spec.number}: point {spec.number * 7} explained." in text
    # each slide's notes are printed once, on the page of its slide (no segment-wide repetition)
    for k, page in enumerate(pages):
        numbers = [int(m) for m in re.findall(r"Narration of slide (\d+):", page)]
        assert numbers == list(range(3 * k + 1, min(n, 3 * k + 3) + 1))
    assert "Page 1 of" in pages[0] and "Benchmark lecture — Handout" in pages[0]


def test_long_notes_continue_on_the_next_page(tmp_path):
    theme = builtin()
    plan = plan_deck(big_lecture(2), theme)
    long = " ".join(f"Sentence {k} of a very long narration that goes on." for k in range(260))
    plan = dataclasses.replace(plan, slides=tuple(dataclasses.replace(s, notes=long if s.number == 2 else "short")
                                                  for s in plan.slides))
    pages = pdf_text(handout.write_handout(plan, theme, tmp_path / "h.pdf"))
    body = [ln for page in pages for ln in page.splitlines()[1:]  # without running header and page number
            if not re.match(r"\s*Page \d+ of \d+\s*$", ln)]
    text = flat(" ".join(body).replace("Slide 2: notes continued", " "))
    assert len(pages) >= 3 and "Slide 2: notes continued" in " ".join(pages)
    found = [int(k) for k in re.findall(r"Sentence (\d+) of", text)]
    assert found == list(range(260))  # nothing lost, in order


def test_japanese_handout_is_extractable_and_in_japanese(tmp_path):
    theme = builtin()
    lec = sample_lecture()
    lec = dataclasses.replace(lec, meta=dataclasses.replace(lec.meta, language="ja", title="長短期記憶ネットワーク入門"))
    plan = plan_deck(lec, theme)
    plan = dataclasses.replace(plan, slides=tuple(
        dataclasses.replace(s, notes=f"このスライドでは記憶セルの働きを説明します（{s.number}）。") for s in plan.slides))
    pages = pdf_text(handout.write_handout(plan, theme, tmp_path / "ja.pdf"))
    text = flat(" ".join(pages))
    assert "長短期記憶ネットワーク入門 — 配布資料" in text
    assert f"スライド 1 / {len(plan.slides)}" in text
    for spec in plan.slides:
        assert f"このスライドでは記憶セルの働きを説明します（{spec.number}）。" in text.replace(" ", "")
    assert f"1 / {len(pages)} ページ" in pages[0]


def test_spanish_handout_headings(tmp_path):
    theme = builtin()
    lec = big_lecture(4)
    lec = dataclasses.replace(lec, meta=Meta(title="Aprendizaje profundo", language="es-ES"))
    plan = own_notes(plan_deck(lec, theme))
    pages = pdf_text(handout.write_handout(plan, theme, tmp_path / "es.pdf"))
    assert "Aprendizaje profundo — Material de clase" in pages[0]
    assert f"Diapositiva 2 de {len(plan.slides)}" in flat(pages[0])
    assert f"Página 1 de {len(pages)}" in pages[0]


def test_slide_images_are_cached_per_slide(tmp_path, monkeypatch):
    """A slide edit re-encodes only that slide's image; same input gives the same bytes."""
    theme = builtin()
    plan = plan_deck(sample_lecture(), theme)
    made: list[int] = []
    real = handout._thumbnail
    monkeypatch.setattr(handout, "_thumbnail", lambda spec, *a: made.append(spec.number) or real(spec, *a))
    cache = tmp_path / "cache"
    first = handout.write_handout(plan, theme, tmp_path / "a.pdf", cache_dir=cache).read_bytes()
    assert made == [s.number for s in plan.slides]
    made.clear()
    assert handout.write_handout(plan, theme, tmp_path / "b.pdf", cache_dir=cache).read_bytes() == first
    assert made == []
    # a notes edit changes the text, not the images
    edited = dataclasses.replace(plan, slides=tuple(dataclasses.replace(s, notes=s.notes + " Edited.")
                                                    for s in plan.slides))
    third = handout.write_handout(edited, theme, tmp_path / "c.pdf", cache_dir=cache)
    assert made == [] and "Edited." in " ".join(pdf_text(third))
    # a slide whose picture changed is encoded again
    changed = dataclasses.replace(plan, slides=tuple(dataclasses.replace(s, key=s.key + "x") if s.number == 3 else s
                                                     for s in plan.slides))
    handout.write_handout(changed, theme, tmp_path / "d.pdf", cache_dir=cache)
    assert made == [3]
    # a damaged cache entry is made again, not trusted
    for entry in (cache / "handout").rglob("*.jpg"):
        entry.write_bytes(b"\xff" * 5)
    made.clear()
    assert handout.write_handout(plan, theme, tmp_path / "e.pdf", cache_dir=cache).read_bytes() == first
    assert made == [s.number for s in plan.slides]
