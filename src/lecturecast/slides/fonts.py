"""Font files, glyph coverage and per-character fallback.

Every text run is split into pieces by the first font of a chain (see ``Theme.chain``) that has a
glyph for the character (fontTools cmap), so Hindi, Chinese and emoji never come out as empty boxes.
Joiners, variation selectors and combining marks stay with the font of the previous character
(spaces go to the first font that has them, never to the emoji font) so clusters (Devanagari matras, emoji ZWJ sequences) are never cut apart.

Noto Color Emoji is a bitmap (CBDT) font that FreeType only loads at 109 px; :func:`scale_for`
tells the painter and the measurer how to scale it to any size.
"""
from __future__ import annotations

import contextlib
import functools
import unicodedata
from pathlib import Path
from typing import Iterator

from fontTools.ttLib import TTFont
from PIL import ImageFont, features

EMOJI_STRIKE = 109  # the only pixel size FreeType loads NotoColorEmoji at
_STICKY = {0x200D, 0x200C, 0xFE0E, 0xFE0F, 0x20E3}
_LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@contextlib.contextmanager
def _tables(path: str) -> Iterator[TTFont]:
    """The font's tables, read lazily, closed afterwards."""
    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        yield font
    finally:
        font.close()


@functools.lru_cache(maxsize=32)
def coverage(path: str) -> frozenset[int]:
    """Code points the font maps to a glyph."""
    with _tables(path) as font:
        return frozenset(font.getBestCmap() or {})


@functools.lru_cache(maxsize=32)
def is_bitmap_emoji(path: str) -> bool:
    with _tables(path) as font:
        return "CBDT" in font and "glyf" not in font and "CFF " not in font


@functools.lru_cache(maxsize=32)
def family_name(path: str) -> str:
    with _tables(path) as font:
        return str(font["name"].getDebugName(1) or Path(path).stem)


def scale_for(path: str, size_px: float) -> tuple[int, float]:
    """(pixel size to load the font at, factor to scale its drawing/measures by)."""
    if is_bitmap_emoji(path):
        return EMOJI_STRIKE, size_px / EMOJI_STRIKE
    return max(1, int(round(size_px))), size_px / max(1, int(round(size_px)))


@functools.lru_cache(maxsize=256)
def pil_font(path: str, size_px: int) -> ImageFont.FreeTypeFont:
    layout = ImageFont.Layout.BASIC if is_bitmap_emoji(path) else _LAYOUT
    return ImageFont.truetype(path, size_px, layout_engine=layout)


def _sticky(ch: str) -> bool:
    cp = ord(ch)
    return ch.isspace() or cp in _STICKY or 0x1F3FB <= cp <= 0x1F3FF or unicodedata.category(ch) in ("Mn", "Me", "Mc")


def font_for_char(ch: str, chain: tuple[str, ...]) -> str:
    cp = ord(ch)
    for path in chain:
        if cp in coverage(path):
            return path
    return chain[0]  # nobody has it: the primary font draws its .notdef (logged by callers if needed)


@functools.lru_cache(maxsize=32)
def _drawn_chars(path: str) -> frozenset[str]:
    return frozenset(map(chr, coverage(path)))


def split_by_font(text: str, chain: tuple[str, ...]) -> list[tuple[str, str]]:
    """``[(piece, font_path), ...]`` covering ``text`` in order."""
    if text and _drawn_chars(chain[0]).issuperset(text):
        return [(text, chain[0])]  # the common case, without a Python step per character (long words)
    pieces: list[tuple[str, str]] = []
    current: str | None = None
    buf: list[str] = []
    for ch in text:
        if current is not None and _sticky(ch) and not ch.isspace():
            buf.append(ch)
            continue
        path = font_for_char(ch, chain)
        if path != current and current is not None:  # (buf holds the text of ``current``)
            pieces.append(("".join(buf), current))
            buf = []
        current = path
        buf.append(ch)
    if buf:
        pieces.append(("".join(buf), current or chain[0]))
    return pieces


@functools.lru_cache(maxsize=65536)
def _piece_width(text: str, path: str, size_px: float) -> float:
    load, factor = scale_for(path, size_px)
    return pil_font(path, load).getlength(text) * factor


def text_width(text: str, chain: tuple[str, ...], size_px: float) -> float:
    """Advance width of ``text`` in pixels with per-character fallback."""
    return sum(_piece_width(piece, path, size_px) for piece, path in split_by_font(text, chain))


@functools.lru_cache(maxsize=512)
def vmetrics(path: str, size_px: float) -> tuple[float, float]:
    """(ascent, descent) in pixels, both positive, from the font's hhea metrics."""
    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        upm = font["head"].unitsPerEm
        asc, desc = font["hhea"].ascent, -font["hhea"].descent
    finally:
        font.close()
    if is_bitmap_emoji(path):  # the bitmaps are drawn scaled into the line of the text font
        asc, desc = upm * 0.95, upm * 0.25
    return asc * size_px / upm, desc * size_px / upm


def line_metrics(text: str, chain: tuple[str, ...], size_px: float) -> tuple[float, float]:
    """(ascent, descent) of a line: the largest over the fonts its characters use."""
    asc, desc = vmetrics(chain[0], size_px)
    for _piece, path in split_by_font(text, chain):
        a, d = vmetrics(path, size_px)
        asc, desc = max(asc, a), max(desc, d)
    return asc, desc


def missing_glyphs(text: str, chain: tuple[str, ...]) -> set[str]:
    return {ch for ch in text if not ch.isspace() and not _sticky(ch)
            and not any(ord(ch) in coverage(p) for p in chain)}


_PANOSE = ("bFamilyType", "bSerifStyle", "bWeight", "bProportion", "bContrast", "bStrokeVariation", "bArmStyle",
           "bLetterForm", "bMidline", "bXHeight")
FIXED_MODERN, VARIABLE_SWISS, VARIABLE_ROMAN = 0x31, 0x22, 0x12  # OOXML pitchFamily: pitch | family << 4


@functools.lru_cache(maxsize=32)
def substitution_hints(path: str) -> tuple[str, int]:
    """(PANOSE as 20 hex digits, OOXML ``pitchFamily``) of a font file: what PowerPoint and LibreOffice
    use to pick a similar font when the named one is not installed (a sans for Noto Sans, a monospace
    for Noto Sans Mono, instead of their serif default)."""
    with _tables(path) as font:
        panose = font["OS/2"].panose if "OS/2" in font else None
        fixed = bool(font["post"].isFixedPitch) if "post" in font else False
    digits = "".join("%02X" % getattr(panose, name) for name in _PANOSE) if panose else "00" * 10
    if fixed or (panose is not None and panose.bProportion == 9):
        return digits, FIXED_MODERN
    if panose is None:
        return digits, VARIABLE_SWISS
    serif = panose.bFamilyType == 2 and panose.bSerifStyle not in (11, 12, 13, 14, 15) and panose.bSerifStyle > 1
    return digits, VARIABLE_ROMAN if serif else VARIABLE_SWISS
