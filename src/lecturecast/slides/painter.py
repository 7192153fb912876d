"""Paint a planned slide as a 1920 × 1080 PNG with Pillow (no LibreOffice needed).

The painter draws exactly the geometry of the plan (the same boxes, lines and sizes the PPTX
writer puts into the deck), splitting every run by font coverage so Hindi, Chinese and emoji get
real glyphs.  Before drawing it checks that every laid-out line lies inside its text frame and the
slide (:func:`check_fit`) — an overflow is a bug, never a silent cut.  With a school template the
slide starts from the template's backdrop (background, bands, logos: :mod:`.master`), as in the deck.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from ..errors import MediaError
from ..fsutil import atomic_path
from . import fonts
from ..pictures import load_fitted
from .master import Label, backdrop, backdrop_image
from .measure import (PX_PER_PT, ImageBox, Para, Rect, Run, ShapeBox, Style, TextBox, chain_for, fit_text,
                      indent_of, slice_runs)
from .template import own_background
from .theme import SLIDE_H_PT, SLIDE_W_PT, Theme

log = logging.getLogger(__name__)
WIDTH, HEIGHT = int(SLIDE_W_PT * PX_PER_PT), int(SLIDE_H_PT * PX_PER_PT)
KEY_FIELD = "lecturecast-key"
SLIDE = Rect(0, 0, SLIDE_W_PT, SLIDE_H_PT)


def _px(v: float) -> int:
    return int(round(v * PX_PER_PT))


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


def check_fit(spec) -> list[str]:
    """Problems (empty when fine): text lines outside their frame or the slide, boxes off-slide."""
    problems = []
    for item in spec.items:
        if not SLIDE.contains(item.rect):
            problems.append(f"slide {spec.number}: {type(item).__name__} {getattr(item, 'role', '')} off the slide")
        if isinstance(item, TextBox):
            for line_rect in item.text_rects():
                if not item.rect.contains(line_rect, tol=0.5):
                    problems.append(f"slide {spec.number}: {item.role} text overflows its frame "
                                    f"({line_rect} not in {item.rect})")
                    break
    return problems


def _dashed_rect(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], color, width: int = 3,
                 dash: int = 18, gap: int = 10) -> None:
    x0, y0, x1, y1 = box
    for a, b, horizontal, fixed in ((x0, x1, True, y0), (x0, x1, True, y1), (y0, y1, False, x0), (y0, y1, False, x1)):
        pos = a
        while pos < b:
            end = min(b, pos + dash)
            if horizontal:
                draw.line([(pos, fixed), (end, fixed)], fill=color, width=width)
            else:
                draw.line([(fixed, pos), (fixed, end)], fill=color, width=width)
            pos = end + gap


ROUND_PT = 12.0  # corner radius of a "round" shape (capped at half its shorter side; the PPTX writer agrees)


def _arrow_points(box: tuple[int, int, int, int]) -> list[tuple[float, float]]:
    """PowerPoint's right block arrow at its default proportions (shaft half the height, head as
    long as half the height)."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    head = min(h * 0.5, (x1 - x0))
    return [(x0, y0 + h * 0.25), (x1 - head, y0 + h * 0.25), (x1 - head, y0), (x1, y0 + h / 2),
            (x1 - head, y1), (x1 - head, y0 + h * 0.75), (x0, y0 + h * 0.75)]


def _draw_shape(draw: ImageDraw.ImageDraw, item: ShapeBox, box: tuple[int, int, int, int]) -> None:
    fill = _rgb(item.fill) if item.fill else None
    line = _rgb(item.border) if item.border else None
    if item.shape == "ellipse":
        draw.ellipse(box, fill=fill, outline=line, width=3 if line else 0)
    elif item.shape == "round":
        radius = int(round(min(ROUND_PT * PX_PER_PT, (min(box[2] - box[0], box[3] - box[1]) + 1) / 2)))
        draw.rounded_rectangle(box, radius=radius, fill=fill, outline=line, width=3 if line else 0)
    elif item.shape == "arrow":
        draw.polygon(_arrow_points(box), fill=fill, outline=line)
    else:
        if fill:
            draw.rectangle(box, fill=fill)
        if line and item.dashed:
            _dashed_rect(draw, box, line)
        elif line:
            draw.rectangle(box, outline=line, width=3)


def _draw_piece(im: Image.Image, draw: ImageDraw.ImageDraw, piece: str, path: str, x: float, baseline: float,
                size_px: float, color) -> float:
    load, factor = fonts.scale_for(path, size_px)
    font = fonts.pil_font(path, load)
    width = font.getlength(piece) * factor
    if not fonts.is_bitmap_emoji(path):
        if piece.strip():
            draw.text((x, baseline), piece, font=font, fill=color, anchor="ls")
        return width
    if not piece.strip():
        return width
    ascent, descent = font.getmetrics()
    tile = Image.new("RGBA", (max(1, int(font.getlength(piece)) + 4), ascent + descent + 4), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((0, ascent), piece, font=font, embedded_color=True, anchor="ls")
    tile = tile.resize((max(1, round(tile.width * factor)), max(1, round(tile.height * factor))), Image.Resampling.LANCZOS)
    im.paste(tile, (int(round(x)), int(round(baseline - ascent * factor))), tile)
    return width


def draw_text(im: Image.Image, draw: ImageDraw.ImageDraw, box: TextBox, theme: Theme, origin=(0.0, 0.0),
              scale: float = 1.0) -> None:
    """Draw ``box`` (pt geometry) at ``origin`` (px) with ``scale`` × the slide's 2 px/pt."""
    st = box.style
    inner = box.inner
    ox, oy = origin
    k = PX_PER_PT * scale
    size_px = st.size * k
    offset = max(0.0, (inner.h - box.content_height) / 2) if st.valign == "m" else 0.0
    last_para = -1
    for line, where in zip(box.lines, box.text_rects()):
        para = box.paras[line.para]
        baseline = oy + (inner.y + offset + line.top + line.ascent) * k
        if para.bullet and not para.continued and line.para != last_para:
            _, bullet_left = indent_of(para, st.size)
            chain = theme.chain(mono=st.mono)
            bx = ox + (inner.x + bullet_left) * k
            for piece, path in fonts.split_by_font(para.bullet, chain):
                bx += _draw_piece(im, draw, piece, path, bx, baseline, size_px, _rgb(st.color))
        last_para = line.para
        x = ox + where.x * k
        for run in slice_runs(para.runs, line.start, line.end):
            color = _rgb(run.color or st.color)
            for piece, path in fonts.split_by_font(run.text, chain_for(theme, st, run)):
                x += _draw_piece(im, draw, piece, path, x, baseline, size_px, color)


def label_box(theme: Theme, label: Label) -> TextBox | None:
    """A template's fixed text laid out in our fonts (shrunk to fit, at most down to 8 pt), or None."""
    style = Style(size=label.size, color=label.color, bold=label.bold, align="c" if label.align == "c" else "l",
                  valign="m" if label.anchor == "m" else "t", inset=label.inset)
    paras = tuple(Para((Run(line or " "),)) for line in label.lines)
    try:
        box, rest = fit_text(theme, "template text", Rect(*label.rect), paras, style, min_size=8.0,
                             overflow="ellipsis")
    except ValueError:
        return None
    return None if rest else box


def paint(spec, theme: Theme, *, check: bool = True) -> Image.Image:
    """The slide as an RGB image (1920 × 1080)."""
    if check:
        problems = check_fit(spec)
        if problems:
            raise MediaError("; ".join(problems), hint="this is a lecturecast bug: please report it with the script")
    if theme.template:  # the school template's background, bands, logos and fixed text under our content
        im = backdrop_image(theme.template, spec.layout, own_background(spec, theme), (WIDTH, HEIGHT))
        draw = ImageDraw.Draw(im)
        for label in backdrop(theme.template, spec.layout).labels:
            text_box = label_box(theme, label)
            if text_box is not None:
                draw_text(im, draw, text_box, theme)
    else:
        im = Image.new("RGB", (WIDTH, HEIGHT), _rgb(spec.background))
    draw = ImageDraw.Draw(im)
    for item in spec.items:
        r = item.rect
        box = (_px(r.x), _px(r.y), _px(r.right) - 1, _px(r.bottom) - 1)
        if isinstance(item, ShapeBox):
            _draw_shape(draw, item, box)
        elif isinstance(item, ImageBox):
            pic = load_fitted(item.path, (box[2] - box[0] + 1, box[3] - box[1] + 1))
            im.paste(pic, box[:2], pic)
        else:
            draw_text(im, draw, item, theme)
    return im


def render_png(spec, theme: Theme, path: str | os.PathLike[str]) -> Path:
    """Paint ``spec`` to ``path`` (atomic); the PNG carries the slide key in a text chunk."""
    im = paint(spec, theme)
    info = PngInfo()
    info.add_text(KEY_FIELD, spec.key)
    with atomic_path(path) as tmp:
        im.save(tmp, format="PNG", pnginfo=info, compress_level=3)
    return Path(path)


def png_key(path: str | os.PathLike[str]) -> str | None:
    """The slide key stored in a PNG we wrote (None when absent/unreadable)."""
    try:
        with Image.open(path) as im:
            return im.text.get(KEY_FIELD)
    except (OSError, ValueError):
        return None
