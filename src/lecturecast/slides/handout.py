"""PDF handout for students and live teaching: three slides per A4 page, each with its own notes.

Each slide image sits on the left of its slot, its heading ("Slide 3 of 20 — title") and its notes
(that slide's part of the narration, ``SlideSpec.notes``) on the right — notes longer than the
image continue below it at full width — as real PDF text (fpdf2,
embedded subsets of the shipped Noto fonts; Chinese/Japanese, Devanagari and emoji through the
theme's fallback fonts), so the handout is searchable and copyable.  Notes longer than a slot take
more room and continue on the next page; the running header and the page numbers come from
``assets/templates/handout_header.j2`` and ``assets/i18n``, the text beside each slide from
``handout_notes.j2`` (line 1 = heading, the rest = notes).

Slide images are embedded as 960 × 540 JPEGs (≈ 230 dpi at their printed width).  With a cache
folder each JPEG is kept in the store keyed by the slide's key (every pixel input), so after an edit
only changed slides are re-encoded; laying out the text is cheap and done every time.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

from ..fsutil import atomic_path
from ..i18n import interface
from ..store import Store
from ..templates import render
from . import fonts
from .measure import Para, Run, Style, wrap_para
from .painter import paint
from .theme import Theme

log = logging.getLogger(__name__)
PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN = 36.0
HEADER_H = 22.0
FOOTER_H = 20.0
SLOTS_PER_PAGE = 3
IMAGE_W = 300.0
IMAGE_H = IMAGE_W * 9 / 16
GAP = 14.0
HEADING_SIZE, NOTES_SIZE, SMALL_SIZE = 10.0, 9.0, 8.0
LEADING = 1.3
WRAP_SAFETY = 0.97  # PDF viewers do not kern like Pillow/raqm: keep a little room
THUMB = (960, 540)
IMAGE_VERSION = 2  # bump when the embedded image changes (invalidates cached images)
FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)  # same input, same bytes
_SANS = "lc-sans"


@dataclass(frozen=True)
class Entry:
    """One slide of the handout: its image (JPEG bytes), heading and notes."""
    number: int
    image: bytes
    heading: str
    notes: str


def _thumbnail(spec, theme: Theme, png: str | os.PathLike[str] | None) -> bytes:
    slide = Image.open(png) if png and Path(png).is_file() else paint(spec, theme)
    with slide:
        slide.load()
        rgb = slide if slide.mode == "RGB" else slide.convert("RGB")  # our PNGs are RGB: no copy
        factor = rgb.width // THUMB[0]
        small = rgb.reduce(factor) if rgb.size == (THUMB[0] * factor, THUMB[1] * factor) else \
            rgb.resize(THUMB, Image.Resampling.BILINEAR, reducing_gap=2.0)
    buf = io.BytesIO()
    small.save(buf, format="JPEG", quality=85, optimize=True)
    return buf.getvalue()


def slide_image(spec, theme: Theme, png: str | os.PathLike[str] | None, store: Store | None) -> bytes:
    """The slide's handout JPEG, from the store when its key is known."""
    if store is None or not spec.key:
        return _thumbnail(spec, theme, png)
    key = hashlib.sha256(repr((IMAGE_VERSION, spec.key, theme.fingerprint)).encode()).hexdigest()[:32]
    entry = store.get("handout", key, ".jpg")
    if entry is not None:
        data = entry.read_bytes()
        if data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9":
            return data
    data = _thumbnail(spec, theme, png)
    with store.put("handout", key, ".jpg") as tmp:
        tmp.write_bytes(data)
    return data


def handout_entries(plan, theme: Theme, pngs: Sequence[str | os.PathLike[str] | None] | None,
                    cache_dir: str | os.PathLike[str] | None = None) -> list[Entry]:
    store = Store(cache_dir) if cache_dir is not None else None
    total = len(plan.slides)
    out = []
    for i, spec in enumerate(plan.slides):
        png = pngs[i] if pngs and i < len(pngs) else None
        heading, _, notes = render("handout_notes.j2", plan.lecture, spec=spec, total=total).strip().partition("\n")
        out.append(Entry(spec.number, slide_image(spec, theme, png, store), heading.strip(), notes.strip()))
    return out


class _Handout(FPDF):
    """fpdf2 document with our header/footer and the fonts the text needs."""

    def __init__(self, theme: Theme, header: str, page_label: str, text: str):
        super().__init__(orientation="P", unit="pt", format="A4")
        self.header_text, self.page_label = header, page_label
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_creation_date(FIXED_DATE)
        self.set_producer("lecturecast")
        self.alias_nb_pages("{nb}")
        self.add_font(_SANS, "", theme.font_file("sans"))
        self.add_font(_SANS, "B", theme.font_file("sans_bold"))
        self.set_fallback_fonts(self._fallbacks(theme, text), exact_match=False)

    def _fallbacks(self, theme: Theme, text: str) -> list[str]:
        """Register only the fallback fonts some character needs (the CJK font costs seconds)."""
        primary = fonts.coverage(theme.font_file("sans"))
        needed = {ord(ch) for ch in set(text)} - primary - {0x0A, 0x0D, 0x09}
        names = []
        for k, path in enumerate(theme.fallback):
            have = needed & fonts.coverage(path)
            if have:
                name = f"lc-fallback{k}"
                self.add_font(name, "", path)
                names.append(name)
                needed -= have
        if needed:
            log.debug("handout: %d character(s) have no font", len(needed))
        return names

    def header(self) -> None:
        self.set_font(_SANS, "", SMALL_SIZE)
        self.set_text_color(90, 90, 90)
        self.set_xy(MARGIN, MARGIN - 14)
        self.cell(PAGE_W - 2 * MARGIN, SMALL_SIZE * LEADING, self.header_text)
        self.set_draw_color(200, 200, 200)
        self.line(MARGIN, MARGIN + HEADER_H - 10, PAGE_W - MARGIN, MARGIN + HEADER_H - 10)

    def footer(self) -> None:
        self.set_font(_SANS, "", SMALL_SIZE)
        self.set_text_color(90, 90, 90)
        self.set_xy(MARGIN, PAGE_H - MARGIN)
        self.cell(PAGE_W - 2 * MARGIN, SMALL_SIZE * LEADING, self.page_label.format(page=self.page_no()),
                  align="R")


TOP = MARGIN + HEADER_H
BOTTOM = PAGE_H - MARGIN - FOOTER_H
SLOT_H = (BOTTOM - TOP) / SLOTS_PER_PAGE
TEXT_X = MARGIN + IMAGE_W + GAP
TEXT_W = PAGE_W - MARGIN - TEXT_X
FULL_W = PAGE_W - 2 * MARGIN


def _wrap(theme: Theme, paras: Sequence[str], size: float, width: float, bold: bool = False
          ) -> list[tuple[int, int, str]]:
    """``(paragraph, start, text)`` of each line of ``paras`` wrapped to ``width``, measured with
    the font files the PDF embeds (the slides' wrapper: CJK breaks between characters, over-long
    words are split)."""
    style = Style(size=size, bold=bold)
    out: list[tuple[int, int, str]] = []
    for i, text in enumerate(paras):
        para = Para((Run(text, bold=bold),))
        out += [(i, a, text[a:b]) for a, b, _w in wrap_para(theme, style, para, size, width * WRAP_SAFETY)]
    return out


def _write_lines(pdf: FPDF, lines: Sequence[str], x: float, y: float, width: float, size: float,
                 style: str = "", color=(34, 34, 34)) -> float:
    pdf.set_font(_SANS, style, size)
    pdf.set_text_color(*color)
    for line in lines:
        # fpdf2 2.8 forgets that a fallback-font fragment (CJK, emoji) ended the previous line and would
        # draw this line's first fragment without selecting its font again (digits vanish; tested)
        pdf.current_font_is_set_on_page = False
        pdf.set_xy(x, y)
        pdf.cell(width, size * LEADING, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
        y += size * LEADING
    return y


def _flow(pdf: _Handout, theme: Theme, paras: list[str], y: float, heading: str) -> float:
    """Notes that did not fit beside the image: full width below it, continued on new pages."""
    per_line = NOTES_SIZE * LEADING
    lines = [text for _p, _a, text in _wrap(theme, paras, NOTES_SIZE, FULL_W)]
    while lines:
        if y + per_line > BOTTOM + 0.5:  # the rest continues at the top of the next page
            pdf.add_page()
            y = _write_lines(pdf, [heading], MARGIN, TOP, FULL_W, NOTES_SIZE, "B", (90, 90, 90))
        fit = max(1, int((BOTTOM - y) // per_line))
        y = _write_lines(pdf, lines[:fit], MARGIN, y, FULL_W, NOTES_SIZE)
        lines = lines[fit:]
    return y


def _place(pdf: _Handout, theme: Theme, entry: Entry, y: float, continued: str) -> float:
    """Draw one slide's slot starting at ``y`` (new page when it does not fit); the next free y.
    Image left, heading and notes right; notes longer than the image continue below it, full width."""
    heading = [t for _p, _a, t in _wrap(theme, [entry.heading], HEADING_SIZE, TEXT_W, bold=True)]
    paras = entry.notes.splitlines()
    column = _wrap(theme, paras, NOTES_SIZE, TEXT_W)
    per_line = NOTES_SIZE * LEADING
    beside = max(0, int((IMAGE_H - len(heading) * HEADING_SIZE * LEADING - 4) // per_line))
    if y + IMAGE_H + (per_line if len(column) > beside else 0) > BOTTOM + 0.5:
        pdf.add_page()
        y = TOP
    pdf.image(io.BytesIO(entry.image), x=MARGIN, y=y, w=IMAGE_W, h=IMAGE_H)
    pdf.set_draw_color(170, 170, 170)
    pdf.rect(MARGIN, y, IMAGE_W, IMAGE_H)
    ty = _write_lines(pdf, heading, TEXT_X, y, TEXT_W, HEADING_SIZE, "B", (27, 42, 65)) + 4
    ty = _write_lines(pdf, [t for _p, _a, t in column[:beside]], TEXT_X, ty, TEXT_W, NOTES_SIZE)
    bottom = max(y + IMAGE_H, ty)
    if len(column) > beside:
        p, a, _t = column[beside]
        rest = [paras[p][a:], *paras[p + 1:]]
        bottom = _flow(pdf, theme, rest, y + IMAGE_H + 6, continued.format(number=entry.number))
    return y + SLOT_H if 0 <= bottom - y <= SLOT_H - GAP else bottom + GAP


def write_pdf(entries: Sequence[Entry], path: str | os.PathLike[str], theme: Theme, *, header: str,
              language: str | None) -> int:
    """Write ``entries`` three to a page; returns the page count."""
    ui = interface(language)
    text = header + "".join(e.heading + e.notes for e in entries) + ui["notes_continued"]
    pdf = _Handout(theme, header, ui["page_of"].replace("{pages}", "{{nb}}"), text)
    pdf.set_lang(language or "en")
    pdf.set_title(header)
    pdf.add_page()
    y = TOP
    for entry in entries:
        y = _place(pdf, theme, entry, y, ui["notes_continued"])
    with atomic_path(path) as tmp:
        pdf.output(str(tmp))
    return pdf.page_no()


def write_handout(plan, theme: Theme, path: str | os.PathLike[str],
                  pngs: Sequence[str | os.PathLike[str] | None] | None = None,
                  cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write the handout PDF (atomic); ``pngs`` are reused when given, else slides are painted.
    ``cache_dir``: keep each slide's handout image there (see :func:`slide_image`)."""
    entries = handout_entries(plan, theme, pngs, cache_dir)
    header = render("handout_header.j2", plan.lecture).strip().splitlines()
    lecture = plan.lecture
    count = write_pdf(entries, path, theme, header=header[0] if header else plan.title,
                      language=lecture.meta.language if lecture else None)
    log.info("wrote %s (%d pages, %d slides)", path, count, len(entries))
    return Path(path)
