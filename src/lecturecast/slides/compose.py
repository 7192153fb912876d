"""Building blocks of a slide: titles, text boxes, bullet bodies, pagination and image fitting.

Each function returns positioned items (:class:`TextBox`, :class:`ImageBox`, :class:`ShapeBox`) whose
text is already wrapped and fitted by :func:`measure.fit_text`; functions that may overflow return
one list of items per page (the first page plus continuation pages).
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..model import BulletItem, Bullets
from ..pictures import inspect_image
from .measure import ImageBox, Para, Rect, Run, ShapeBox, Style, TextBox, fit_text
from .theme import Theme

Item = TextBox | ImageBox | ShapeBox
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


def rich_runs(text: str) -> tuple[Run, ...]:
    """``**bold**`` → bold runs; other markdown is shown as written."""
    runs, pos = [], 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()]))
        runs.append(Run(m.group(1) or m.group(2), bold=True))
        pos = m.end()
    if pos < len(text) or not runs:
        runs.append(Run(text[pos:]))
    return tuple(runs)


def rect(values: tuple[float, float, float, float]) -> Rect:
    return Rect(*values)


def title_box(theme: Theme, text: str, frame: Rect | None = None, *, color: str | None = None,
              size: float | None = None, min_size: float | None = None, align: str = "l",
              valign: str = "m", placeholder: str | None = "title", role: str = "title") -> TextBox:
    style = Style(size=size or theme.size("title"), color=color or theme.color("title"), bold=True,
                  align=align, valign=valign)
    box, _ = fit_text(theme, role, frame or rect(theme.frame("title")), (Para(rich_runs(text.strip() or " ")),),
                      style, min_size=min_size or theme.size("title_min"), overflow="ellipsis",
                      placeholder=placeholder)
    return box


def plain_box(theme: Theme, role: str, text_lines: list[str], frame: Rect, size: float, color: str, *,
              min_size: float | None = None, bold: bool = False, align: str = "l", valign: str = "t",
              overflow: str = "ellipsis", placeholder: str | None = None) -> TextBox:
    paras = tuple(Para(rich_runs(t), space_before=0.3) for t in text_lines) or (Para((Run(" "),)),)
    box, _ = fit_text(theme, role, frame, paras, Style(size=size, color=color, bold=bold, align=align, valign=valign),
                      min_size=min_size, overflow=overflow, placeholder=placeholder)
    return box


def accent_bar(theme: Theme, frame: Rect) -> ShapeBox:
    return ShapeBox(Rect(frame.x + 7.2, frame.bottom + 4, 72, 4), theme.color("accent"), name="accent bar")


def bullet_paras(blocks: tuple[Bullets, ...]) -> tuple[Para, ...]:
    """Bullet paragraphs; numbering continues across consecutive ordered lists (authors often split
    "1. … 2. …" with narration in between, which the parser reads as separate one-item lists)."""
    paras: list[Para] = []
    counters: dict[int, int] = {}
    previous_ordered = False
    for block in blocks:
        if not (block.ordered and previous_ordered):
            counters = {}
        for item in block.items:
            paras.append(_bullet(item, block.ordered, counters))
        previous_ordered = block.ordered
    return align_numbers(tuple(paras))


def align_numbers(paras: tuple[Para, ...]) -> tuple[Para, ...]:
    """Numbered items of a list that reaches 10 share the wide hanging indent, so texts line up."""
    if not any(p.bullet and len(p.bullet) >= 3 and p.bullet[:-1].isdigit() for p in paras):
        return paras
    return tuple(replace(p, hang=1.9) if p.bullet and p.bullet[:-1].isdigit() else p for p in paras)


def _bullet(item: BulletItem, ordered: bool, counters: dict[int, int]) -> Para:
    level = max(0, min(item.level, 4))
    for deeper in [k for k in counters if k > level]:
        del counters[deeper]
    counters[level] = counters.get(level, 0) + 1
    mark = f"{counters[level]}." if ordered else ("•" if level == 0 else "–")
    return Para(rich_runs(item.text), level=level, bullet=mark, space_before=0.45 if level == 0 else 0.2)


def paginate(theme: Theme, role: str, frame: Rect, paras: tuple[Para, ...], style: Style, floor: float,
             placeholder: str | None = None) -> list[TextBox]:
    """Boxes for ``paras``: one when they fit (shrinking down to ``floor``), otherwise as few pages as
    at the floor size but at the largest size that still needs no more pages (balanced pages)."""
    def greedy(size: float, min_size: float) -> list[TextBox]:
        pages, rest = [], paras
        while rest:
            box, rest = fit_text(theme, role, frame, rest, replace(style, size=size), min_size=min_size,
                                 placeholder=placeholder)
            pages.append(box)
        return pages

    pages = greedy(style.size, floor)
    if len(pages) == 1:
        return pages
    size = style.size
    while size > floor:
        trial = greedy(size, size)
        if len(trial) <= len(pages):
            return trial
        size -= 2
    return greedy(floor, floor)  # one size on every page


def body_pages(theme: Theme, paras: tuple[Para, ...], frame: Rect, *, size: float | None = None,
               color: str | None = None, italic: bool = False, placeholder: str | None = "body",
               role: str = "body", valign: str = "t") -> list[TextBox]:
    """Fit ``paras`` into ``frame``; more than one box when they need continuation slides.
    ``valign="m"`` centres short bodies vertically (no empty lower half)."""
    style = Style(size=size or theme.size("body"), color=color or theme.color("text"), italic=italic,
                  valign=valign)
    return paginate(theme, role, frame, paras, style, theme.size("body_min"), placeholder)


def fit_image(path: Path, frame: Rect) -> Rect:
    info = inspect_image(path)
    w, h = info.width, info.height
    scale = min(frame.w / w, frame.h / h)
    iw, ih = w * scale, h * scale
    return Rect(frame.x + (frame.w - iw) / 2, frame.y + (frame.h - ih) / 2, iw, ih)
