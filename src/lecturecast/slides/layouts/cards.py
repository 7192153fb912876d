"""Cards around the lesson: title, section divider, references and closing."""
from __future__ import annotations

import dataclasses

from ...plan.content import SlideContent
from ..compose import accent_bar, body_pages, plain_box, rect, rich_runs, title_box
from ..measure import Para, Rect
from ..theme import SLIDE_H_PT, Theme
from .kit import Item, Page, header
from .registry import register


def _stack(boxes: list, gaps: list[float], theme: Theme, bar_after: int | None = 0) -> Page:
    """Stack boxes tightly and centre the block vertically (accent bar under box ``bar_after``)."""
    heights = [b.content_height + b.style.inset[1] + b.style.inset[3] + 1 for b in boxes]
    y = max(40.0, (SLIDE_H_PT - sum(heights) - sum(gaps[:len(boxes) - 1])) / 2 - 12)
    items: Page = []
    for k, (box, h) in enumerate(zip(boxes, heights)):
        placed = dataclasses.replace(box, rect=Rect(box.rect.x, y, box.rect.w, h))
        items.append(placed)
        if k == bar_after:
            items.append(accent_bar(theme, placed.rect))
        y += h + (gaps[k] if k < len(gaps) else 0)
    return items


class TitleCard:
    name = "title"

    def fits(self, content: SlideContent) -> float:
        return 1.0 if content.kind == "title" else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        lines = list(content.lines) or [content.title]
        boxes = [title_box(theme, lines[0], Rect(72, 0, 816, 170), size=theme.size("deck_title"), min_size=28,
                           valign="t")]
        if len(lines) > 1:
            boxes.append(plain_box(theme, "subtitle", [lines[1]], Rect(72, 0, 816, 80), theme.size("subtitle"),
                                   theme.color("text"), min_size=18, placeholder="subtitle"))
        if len(lines) > 2:
            boxes.append(plain_box(theme, "byline", lines[2:], Rect(72, 0, 816, 96), theme.size("byline"),
                                   theme.color("muted"), min_size=14))
        return [_stack(boxes, [22.0, 14.0], theme)]


class SectionCard:
    name = "section"

    def fits(self, content: SlideContent) -> float:
        return 1.0 if content.kind == "section" else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        fg = theme.color("section_text")
        clock = content.lines[0] if content.lines and content.lines[0] else ""
        label = (content.kicker or f"Part {content.index}") + (f"  ·  {clock}" if clock else "")
        return [[plain_box(theme, "label", [label], Rect(72, 150, 816, 44), 24, fg),
                 title_box(theme, content.title, Rect(72, 200, 816, 190), color=fg, size=theme.size("section_title"),
                           min_size=28, valign="t")]]


class ReferencesCard:
    name = "references"

    def fits(self, content: SlideContent) -> float:
        return 1.0 if content.kind == "references" else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        paras = tuple(Para(rich_runs(ref), bullet=f"{i}.", space_before=0.35)
                      for i, ref in enumerate(content.references, 1))
        boxes = body_pages(theme, paras, rect(theme.frame("body")), size=24)
        return [[*header(theme, content), box] for box in boxes]


class ClosingCard:
    name = "closing"

    def fits(self, content: SlideContent) -> float:
        return 1.0 if content.kind == "closing" else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        lines = list(content.lines) or ["Thank you"]
        items: list[Item] = [title_box(theme, lines[0], Rect(72, 170, 816, 120), size=theme.size("deck_title"),
                                       min_size=28, align="c"),
                             plain_box(theme, "subtitle", lines[1:] or [" "], Rect(72, 300, 816, 170),
                                       theme.size("subtitle") - 4, theme.color("text"), min_size=16, align="c",
                                       placeholder="subtitle")]
        return [items]


for _layout in (TitleCard(), SectionCard(), ReferencesCard(), ClosingCard()):
    register(_layout)
