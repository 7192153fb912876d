"""PDF handout for live teaching: each slide image with its speaker notes (A4 portrait).

Pages are painted with Pillow (same fonts and fallback as the slides, so Hindi, Chinese and emoji
notes print correctly) at 144 dpi and written as JPEG page images by a tiny PDF writer, so memory
stays flat however long the lecture is.  Long notes continue on extra pages.  The notes text comes
from ``assets/templates/handout_notes.j2``.
"""
from __future__ import annotations

import hashlib
import io
import logging
import os
from pathlib import Path
from typing import Iterable, Sequence

from PIL import Image, ImageDraw

from ..fsutil import atomic_path, write_bytes_atomic
from ..store import Store
from ..templates import render
from .measure import PX_PER_PT, Para, Rect, Run, Style, fit_text
from .painter import draw_text, paint
from .theme import Theme

log = logging.getLogger(__name__)
PAGE_W_PT, PAGE_H_PT = 595.0, 842.0  # A4
MARGIN = 42.0
NOTES_SIZE = 11.0
PAGE_VERSION = 1  # bump when the page drawing changes (invalidates cached pages)


def _page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    im = Image.new("RGB", (int(PAGE_W_PT * PX_PER_PT), int(PAGE_H_PT * PX_PER_PT)), (255, 255, 255))
    return im, ImageDraw.Draw(im)


def _notes_paras(text: str) -> tuple[Para, ...]:
    paras = []
    for line in text.splitlines():
        paras.append(Para((Run(line if line.strip() else " "),), space_before=0.15))
    while paras and not paras[-1].text.strip():
        paras.pop()
    return tuple(paras) or (Para((Run(" "),)),)


def _jpeg(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=85)
    return buf.getvalue()


def _slide_pages(spec, theme: Theme, png: str | os.PathLike[str] | None, notes: str) -> list[bytes]:
    """JPEG bytes of the page(s) of one slide: the slide image, then its notes (continued as needed)."""
    style = Style(size=NOTES_SIZE, color="#222222")
    width = PAGE_W_PT - 2 * MARGIN
    slide = Image.open(png).convert("RGB") if png and Path(png).is_file() else paint(spec, theme)
    im, draw = _page()
    slide_h = width * 9 / 16
    left, top, right, bottom = (int(v * PX_PER_PT) for v in (MARGIN, MARGIN, MARGIN + width, MARGIN + slide_h))
    box = (left, top, right, bottom)
    im.paste(slide.resize((right - left, bottom - top), Image.Resampling.LANCZOS), (left, top))
    draw.rectangle(box, outline=(160, 160, 160), width=2)
    rest = _notes_paras(notes)
    frame = Rect(MARGIN, MARGIN + slide_h + 16, width, PAGE_H_PT - 2 * MARGIN - slide_h - 16)
    pages = []
    while rest:
        text_box, rest = fit_text(theme, "notes", frame, rest, style)
        draw_text(im, draw, text_box, theme)
        pages.append(_jpeg(im))
        if rest:
            im, draw = _page()
            frame = Rect(MARGIN, MARGIN, width, PAGE_H_PT - 2 * MARGIN)
            rest = (Para((Run(f"Slide {spec.number}: notes continued", bold=True),)), *rest)
    return pages


def _pack(pages: Sequence[bytes]) -> bytes:
    return b"".join(len(p).to_bytes(8, "little") + p for p in pages)


def _unpack(data: bytes) -> list[bytes] | None:
    pages, i = [], 0
    while i < len(data):
        n = int.from_bytes(data[i:i + 8], "little")
        if n <= 0 or i + 8 + n > len(data):
            return None  # damaged entry: paint again
        pages.append(data[i + 8:i + 8 + n])
        i += 8 + n
    return pages or None


def handout_pages(plan, theme: Theme, pngs: Sequence[str | os.PathLike[str] | None] | None,
                  cache_dir: str | os.PathLike[str] | None = None) -> Iterable[bytes]:
    """JPEG bytes of each handout page.

    With ``cache_dir``, each slide's pages are kept under ``handout/`` keyed by the slide's key (every
    pixel input of the slide image), its rendered notes and the theme, so after a narration edit only
    the edited slides' pages are painted again."""
    lecture = plan.lecture
    total = len(plan.slides)
    store = Store(cache_dir) if cache_dir is not None else None
    for i, spec in enumerate(plan.slides):
        png = pngs[i] if pngs and i < len(pngs) else None
        notes = render("handout_notes.j2", lecture, spec=spec, total=total).strip()
        if store is None or not spec.key:
            yield from _slide_pages(spec, theme, png, notes)
            continue
        key = hashlib.sha256(repr((PAGE_VERSION, spec.key, notes, theme.fingerprint)).encode("utf-8")).hexdigest()[:32]
        entry = store.path("handout", key, ".pages")
        pages = _unpack(entry.read_bytes()) if entry.is_file() else None
        if pages is None:
            pages = _slide_pages(spec, theme, png, notes)
            write_bytes_atomic(entry, _pack(pages))
        yield from pages


def write_pdf(pages: Iterable[bytes], path: str | os.PathLike[str], page_size=(PAGE_W_PT, PAGE_H_PT)) -> int:
    """Minimal PDF: one full-page JPEG per page.  Returns the page count."""
    w, h = page_size
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        offsets: list[int] = []

        def obj(num: int, body: bytes, stream: bytes | None = None) -> None:
            offsets.append(fh.tell())
            fh.write(b"%d 0 obj\n" % num + body)
            if stream is not None:
                fh.write(b"\nstream\n" + stream + b"\nendstream")
            fh.write(b"\nendobj\n")

        fh.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        kids: list[int] = []
        num = 3
        for data in pages:
            with Image.open(io.BytesIO(data)) as im:
                iw, ih = im.size
            page, image, content = num, num + 1, num + 2
            draw = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (w, h)
            obj(page, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >>"
                b" >> /Contents %d 0 R >>" % (w, h, image, content))
            obj(image, b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>" % (iw, ih, len(data)), data)
            obj(content, b"<< /Length %d >>" % len(draw), draw)
            kids.append(page)
            num += 3
        obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
        # xref must list objects by number: 1, 2, then 3..num-1
        by_num = {1: offsets[-2], 2: offsets[-1]}
        for k, off in enumerate(offsets[:-2]):
            by_num[3 + k] = off
        xref = fh.tell()
        fh.write(b"xref\n0 %d\n0000000000 65535 f \n" % num)
        for n in range(1, num):
            fh.write(b"%010d 00000 n \n" % by_num[n])
        fh.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (num, xref))
    return len(kids)


def write_handout(plan, theme: Theme, path: str | os.PathLike[str],
                  pngs: Sequence[str | os.PathLike[str] | None] | None = None,
                  cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write the handout PDF (atomic); ``pngs`` are reused when given, else slides are painted.
    ``cache_dir``: keep each slide's pages there (see :func:`handout_pages`)."""
    count = write_pdf(handout_pages(plan, theme, pngs, cache_dir), path)
    log.info("wrote %s (%d pages)", path, count)
    return Path(path)
