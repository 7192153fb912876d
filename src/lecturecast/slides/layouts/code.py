"""Code: a panel sized to the code, pages split only between blocks (blank lines), the sentence that
introduces the code as a caption over it."""
from __future__ import annotations

import dataclasses

from ...plan.content import SlideContent
from ..compose import plain_box
from ..highlight import highlight, language_label
from ..measure import Para, Rect, ShapeBox, Style, TextBox, fit_text
from ..theme import Theme
from .kit import Page, body, header, text
from .registry import register

INSET = (16.0, 12.0, 16.0, 12.0)
CAPTION_H = 40.0
LABEL_H = 26.0
SHORT_LINES, SHORT_COLUMNS = 12, 48  # a listing this small is set larger


def _blocks(paras: tuple[Para, ...]) -> list[tuple[Para, ...]]:
    """Runs of lines separated by blank lines (a blank line stays with the block before it)."""
    blocks: list[list[Para]] = [[]]
    for para in paras:
        blocks[-1].append(para)
        if not para.text.strip():
            blocks.append([])
    return [tuple(b) for b in blocks if b]


def _fits(theme: Theme, frame: Rect, paras: tuple[Para, ...], style: Style) -> bool:
    _, rest = fit_text(theme, "code", frame, paras, style, min_size=style.size)
    return not rest


def _pages(theme: Theme, frame: Rect, paras: tuple[Para, ...], style: Style, floor: float) -> list[tuple[Para, ...]]:
    """Whole blocks per page at the floor size; a block taller than a page is cut between lines."""
    small = dataclasses.replace(style, size=floor)
    pages: list[tuple[Para, ...]] = []
    current: tuple[Para, ...] = ()
    for block in _blocks(paras):
        if _fits(theme, frame, current + block, small):
            current += block
            continue
        if current:
            pages.append(current)
        current = block
        while not _fits(theme, frame, current, small):
            head, rest = fit_text(theme, "code", frame, current, small, min_size=floor)
            pages.append(head.paras)
            current = rest
    if current:
        pages.append(current)
    return [tuple(p for p in page) for page in pages if page]


def _panel(theme: Theme, frame: Rect, box: TextBox) -> tuple[ShapeBox, TextBox]:
    """Shrink the box and its panel around the code (at least 45 % of the body wide)."""
    widest = max((ln.indent + ln.width for ln in box.lines), default=0.0)
    w = min(frame.w, max(frame.w * 0.45, widest / 0.99 + INSET[0] + INSET[2] + 4))
    h = min(frame.h, box.content_height + INSET[1] + INSET[3] + 2)
    r = Rect(frame.x, frame.y + max(0.0, (frame.h - h) / 2 - 20), w, h)  # a short listing sits mid-slide
    return (ShapeBox(r, theme.color("code_bg"), theme.color("muted"), name="code panel"),
            dataclasses.replace(box, rect=r))


class CodePanel:
    name = "code"

    def fits(self, content: SlideContent) -> float:
        return 1.0 if content.code is not None else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        code = content.code
        assert code is not None
        frame = body(theme)
        top = frame.y + (CAPTION_H if content.caption else 0)
        label = language_label(code.language, code.text)
        area = Rect(frame.x + 7.2, top, frame.w - 14.4, frame.bottom - top - (LABEL_H if label else 0) - 4)
        paras = highlight(code.text, code.language, theme)
        big = len(paras) <= SHORT_LINES and max(len(p.text) for p in paras) <= SHORT_COLUMNS
        style = Style(mono=True, size=theme.size("code") + (6 if big else 0), color=theme.color("code_text"),
                      inset=INSET)
        out: list[Page] = []
        for lines in _pages(theme, area, paras, style, theme.size("code_min")):
            box, _ = fit_text(theme, "code", area, lines, style, min_size=theme.size("code_min"))
            shape, box = _panel(theme, area, box)
            page: Page = [*header(theme, content), shape, box]
            if content.caption:
                page.append(text(theme, "caption", content.caption, Rect(frame.x, shape.rect.y - CAPTION_H - 2, frame.w,
                                                                        CAPTION_H), 20,
                                 color=theme.color("muted"), italic=True, valign="m", min_size=13))
            if label:
                page.append(plain_box(theme, "label", [label], Rect(shape.rect.x, shape.rect.bottom + 2, 320, LABEL_H),
                                      12, theme.color("muted")))
            out.append(page)
        return out


register(CodePanel())
