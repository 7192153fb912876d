"""Per-character font fallback: Hindi, Chinese and emoji get real glyphs, never .notdef boxes."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from pptx import Presentation

from lecturecast.assets import assets_dir
from lecturecast.slides.deck import plan_deck
from lecturecast.slides import fonts, write_pptx
from lecturecast.slides.painter import paint
from lecturecast.slides.theme import builtin
from slides_helpers import sample_lecture

HINDI, CHINESE, EMOJI = "नमस्ते दुनिया", "你好，世界", "🎉👩‍🏫"


@pytest.fixture(scope="module")
def theme():
    return builtin("clean")


def test_shipped_fonts_exist_and_are_reasonably_small():
    folder = assets_dir() / "fonts"
    total = sum(p.stat().st_size for p in folder.iterdir())
    assert total < 40 * 1024 * 1024
    for name in ("NotoSans-Regular.ttf", "NotoSansMono-Regular.ttf", "NotoSansDevanagari-Regular.ttf",
                 "NotoSansCJKsc-Regular.otf", "NotoColorEmoji.ttf"):
        assert (folder / name).is_file()
    assert any(p.name.startswith("LICENSE") for p in folder.iterdir())


def test_runs_split_by_glyph_coverage(theme):
    chain = theme.chain()
    pieces = fonts.split_by_font(f"Hi {HINDI} {CHINESE} {EMOJI}!", chain)
    used = {Path(path).name for piece, path in pieces if piece.strip()}
    assert {"NotoSans-Regular.ttf", "NotoSansDevanagari-Regular.ttf", "NotoSansCJKsc-Regular.otf",
            "NotoColorEmoji.ttf"} <= used
    emoji_pieces = [p for p, path in pieces if path.endswith("NotoColorEmoji.ttf")]
    assert "👩‍🏫" in "".join(emoji_pieces)  # the ZWJ sequence stays in one piece
    assert not fonts.missing_glyphs(f"{HINDI}{CHINESE}{EMOJI}", chain)


def _ink(im: Image.Image) -> np.ndarray:
    return np.asarray(im.convert("L")) < 200


def _draw(theme, text: str, chain) -> Image.Image:
    from lecturecast.slides.measure import Para, Rect, Run, Style, fit_text
    from lecturecast.slides.painter import draw_text

    box, _ = fit_text(theme, "t", Rect(0, 0, 400, 60), (Para((Run(text),)),), Style(size=32))
    im = Image.new("RGB", (800, 120), "white")
    draw_text(im, ImageDraw.Draw(im), box, dataclass_chain(theme, chain))
    return im


def dataclass_chain(theme, chain):
    import dataclasses
    return dataclasses.replace(theme, fallback=tuple(chain))


@pytest.mark.parametrize("text", [HINDI, CHINESE, EMOJI])
def test_scripts_render_real_glyphs_not_notdef(theme, text):
    good = _draw(theme, text, theme.fallback)
    boxes = _draw(theme, text, ())  # primary font only: .notdef boxes
    ink_good, ink_boxes = _ink(good), _ink(boxes)
    assert ink_good.sum() > 200
    assert (ink_good != ink_boxes).mean() > 0.01  # the fallback rendering is not the box rendering
    if text == EMOJI:  # colour emoji really are in colour
        rgb = np.asarray(good).astype(int)
        assert (np.ptp(rgb, axis=2) > 60).sum() > 100


def test_pptx_names_east_asian_and_complex_fonts(theme, tmp_path):
    plan = plan_deck(sample_lecture(), theme)
    deck = write_pptx(plan, theme, tmp_path / "d.pptx")
    xml = Presentation(str(deck)).slides[0].shapes.title._element.xml
    assert 'typeface="Noto Sans CJK SC"' in xml and 'typeface="Noto Sans Devanagari"' in xml


def test_painted_multilingual_slide_has_glyphs(theme):
    spec = plan_deck(sample_lecture(), theme).for_segment("multi")[0]
    im = paint(spec, theme)
    card = next(i for i in spec.items if getattr(i, "role", "") == "body").rect  # the on-screen words, set large
    crop = im.crop(tuple(int(v * 2) for v in (card.x, card.y, card.right, card.bottom)))
    rgb = np.asarray(crop).astype(int)
    assert (rgb.sum(axis=2) < 300).sum() > 500  # dark glyph pixels
    assert (np.ptp(rgb, axis=2) > 100).sum() > 50  # the emoji's colour
