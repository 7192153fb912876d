"""A school template's master graphics appear in the painted PNGs where the deck shows them; section
colours follow the template's theme colours; a 4:3 template is scaled onto the 16:9 deck."""
from __future__ import annotations

import dataclasses

import numpy as np
from PIL import Image
from pptx import Presentation

from lecturecast.slides.deck import plan_deck
from lecturecast.slides import render_png, write_pptx
from lecturecast.slides.master import backdrop
from lecturecast.slides.theme_loader import load_theme
from slides_helpers import sample_lecture
from template_helpers import (ACCENT, BAND, BAND_EMU, LOGO_DISC, LOGO_EMU, LOGO_FILL, NAME_EMU, SCHOOL, rgb,
                              school_template, to_px)


def _plan(tmp_path):
    school_template(tmp_path / "school.pptx")
    lec = dataclasses.replace(sample_lecture(path=str(tmp_path / "lecture.md")),
                              meta=dataclasses.replace(sample_lecture().meta, theme="school.pptx"))
    theme = load_theme(lec)
    return theme, plan_deck(lec, theme)


def _mean(im: Image.Image, box) -> np.ndarray:
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    return np.asarray(im.convert("RGB"))[y0:y1, x0:x1].reshape(-1, 3).mean(axis=0)


def _close(a, b, tol=12.0) -> bool:
    return bool(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float)).max() <= tol)


def test_backdrop_reads_band_and_logo(tmp_path):
    theme, _ = _plan(tmp_path)
    drop = backdrop(theme.template, "content")
    kinds = {g.kind: g for g in drop.graphics}
    assert kinds["rect"].fill == BAND and kinds["picture"].image
    x, y, w, h = kinds["picture"].rect  # from 4:3 onto 960 × 540 pt: same size, centre kept in place
    side = LOGO_EMU[3] / 6858000 * 540
    centre = (LOGO_EMU[0] + LOGO_EMU[2] / 2) / 9144000 * 960
    assert abs(w - side) < 0.5 and abs(h - side) < 0.5 and abs(x + w / 2 - centre) < 0.5
    band = kinds["rect"].rect
    assert band[0] == 0 and abs(band[2] - 960) < 0.5  # the band is stretched across the wide slide
    (label,) = drop.labels
    assert label.lines == (SCHOOL,) and label.color == "#FFFFFF" and label.bold and label.size == 20


def test_png_shows_band_and_logo_where_the_deck_has_them(tmp_path):
    theme, plan = _plan(tmp_path)
    content = next(s for s in plan.slides if s.kind == "content")
    png = render_png(content, theme, tmp_path / "content.png")
    with Image.open(png) as im:
        x0, y0, x1, y1 = to_px(BAND_EMU)
        right = (x1 * 0.7, y0 + 2, x1 - 4, y1 - 2)  # right of the school name: band only
        assert _close(_mean(im, right), rgb(BAND))
        nx0, ny0, nx1, ny1 = to_px(NAME_EMU)
        name = np.asarray(im.convert("RGB"))[int(ny0):int(ny1), int(nx0):int(nx1)]
        white = (name.min(axis=2) > 235).sum()
        assert 1500 < white < 0.5 * name.shape[0] * name.shape[1]  # the school name, in white letters
        below = _mean(im, (x0 + 4, y1 + 3, x0 + 40, y1 + 8))
        assert not _close(below, rgb(BAND))  # the band ends where the template says
        lx0, ly0, lx1, ly1 = to_px(LOGO_EMU, picture=True)
        assert _close(_mean(im, (lx0 + 3, ly0 + 3, lx0 + 12, ly0 + 12)), LOGO_FILL)  # logo corner
        cx, cy = (lx0 + lx1) / 2, (ly0 + ly1) / 2
        assert _close(_mean(im, (cx - 5, cy - 5, cx + 5, cy + 5)), LOGO_DISC)  # its disc in the middle
    # the deck: the master carries the same band and logo, scaled with the slide to 16:9
    deck = Presentation(str(write_pptx(plan, theme, tmp_path / "deck.pptx")))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)
    band = next(s for s in deck.slide_master.shapes if s.shape_type == 1)
    assert (band.left, band.top, band.width) == (0, 0, 12192000)
    logo = next(s for s in deck.slide_master.shapes if s.shape_type == 13)
    assert logo.width == logo.height == LOGO_EMU[3]  # not distorted


def test_section_slides_use_the_template_colours(tmp_path):
    theme, plan = _plan(tmp_path)
    assert theme.color("section_bg") == ACCENT
    section = next(s for s in plan.slides if s.kind == "section")
    png = render_png(section, theme, tmp_path / "section.png")
    with Image.open(png) as im:
        assert _close(_mean(im, (900, 600, 1000, 700)), rgb(ACCENT))  # divider background
        x0, y0, x1, y1 = to_px(BAND_EMU)
        assert _close(_mean(im, (x1 * 0.7, y0 + 2, x1 - 4, y1 - 2)), rgb(BAND))  # master band still on top
