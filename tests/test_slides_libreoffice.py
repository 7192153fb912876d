"""The Pillow painter matches LibreOffice's rendering of the same deck (skipped without soffice)."""
from __future__ import annotations

import dataclasses
import shutil

import pytest
from PIL import Image

from lecturecast.slides.deck import plan_deck
from lecturecast.slides import render_png, write_pptx
from lecturecast.slides.theme import builtin
from slides_helpers import lo_layout_problems, pdf_pages, sample_lecture, soffice_pdf, ssim

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed"),
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed"),
]


def test_painter_matches_libreoffice(tmp_path):
    theme = builtin("clean")
    full = plan_deck(sample_lecture(), theme)
    picked = (full.for_segment("intro")[0], full.for_segment("code")[0])  # bullets + highlighted code
    plan = dataclasses.replace(full, slides=picked)
    deck = write_pptx(plan, theme, tmp_path / "two.pptx")
    pdf = soffice_pdf(deck, tmp_path)
    pages = pdf_pages(pdf, tmp_path, dpi=144)  # 13.333 in × 144 = 1920 px
    assert len(pages) == 2
    for spec, page in zip(plan.slides, pages):
        ours = render_png(spec, theme, tmp_path / f"ours-{spec.number}.png")
        with Image.open(page) as lo, Image.open(ours) as mine:
            score = ssim(lo, mine)
        assert score >= 0.9, f"slide {spec.number}: SSIM {score:.3f}"
    # LibreOffice wrapped every text box into the lines we planned, inside its frame
    assert lo_layout_problems(plan, pdf) == []
