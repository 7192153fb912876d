"""Built-in diagrams drawn from the narration: timeline, comparison, flow / layer stack, bar chart.

Every part is a real shape or text box, so the PPTX stays editable and the PNG painter draws the
same geometry.
"""
from __future__ import annotations

import dataclasses

from ...plan.content import SlideContent
from ..measure import Rect, ShapeBox
from ..theme import Theme
from .kit import Page, body, bullets, chip, colour, header, panel, text
from .registry import register

MAX_EVENTS = 6
MAX_STEPS = 5


def _structured(content: SlideContent) -> bool:
    return content.kind in ("content", "cue") and not content.bullets and content.code is None


class Timeline:
    name = "timeline"

    def fits(self, content: SlideContent) -> float:
        if not _structured(content):
            return 0.0
        n = len(content.events)
        return 0.85 if n >= 3 else 0.6 if n == 2 else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        events = content.events[:MAX_EVENTS]
        frame = body(theme)
        n = len(events)
        step = frame.w / n
        axis_y = frame.y + frame.h * 0.36
        items: Page = [*header(theme, content),
                       ShapeBox(Rect(frame.x, axis_y - 2, frame.w, 4), theme.color("muted"), None, name="timeline axis")]
        for k, event in enumerate(events):
            cx = frame.x + step * (k + 0.5)
            dot = 22.0
            col = colour(theme, k)
            items += [ShapeBox(Rect(cx - dot / 2, axis_y - dot / 2, dot, dot), col, None, shape="ellipse",
                               name="timeline dot"),
                      text(theme, "label", event.label, Rect(cx - step / 2 + 6, axis_y - 84, step - 12, 64), 36,
                           color=col, bold=True, align="c", valign="m", min_size=14),
                      text(theme, "body", event.text, Rect(cx - step / 2 + 10, axis_y + 28, step - 20,
                                                            frame.bottom - axis_y - 28), 26 if n <= 3 else 22 if n == 4 else 18,
                           align="c", min_size=11)]
        return [items]


class Comparison:
    """Two sides next to each other (X vs Y, advantages vs disadvantages)."""

    name = "comparison"

    def fits(self, content: SlideContent) -> float:
        return 0.8 if _structured(content) and len({f.label for f in content.sides}) == 2 else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        labels = list(dict.fromkeys(f.label for f in content.sides))[:2]
        frame = body(theme)
        gap = 56.0
        col_w = (frame.w - gap) / 2
        items: Page = [*header(theme, content)]
        boxes = [bullets(theme, [f.text for f in content.sides if f.label == label][:3],
                         Rect(0, 0, col_w - 36, frame.h - 76), 24, min_size=13, placeholder=None, valign="t")
                 for label in labels]
        inner_h = max(b.content_height + b.style.inset[1] + b.style.inset[3] for b in boxes)
        panel_h = max(170.0, min(frame.h - 26, inner_h + 70))
        top = frame.y + (frame.h - panel_h - 26) / 2
        for k, (label, box) in enumerate(zip(labels, boxes)):
            x = frame.x + k * (col_w + gap)
            items.append(panel(theme, Rect(x, top + 26, col_w, panel_h)))
            items += chip(theme, label, Rect(x + 24, top, col_w - 48, 52), colour(theme, k), size=24)
            items.append(dataclasses.replace(box, rect=Rect(x + 18, top + 64, col_w - 36, panel_h - 44)))
        mid = frame.x + col_w + gap / 2
        items += chip(theme, content.label("versus"), Rect(mid - 24, top + 26 + panel_h / 2 - 24, 48, 48),
                      theme.color("title"), size=16, shape="ellipse")
        return [items]


class Steps:
    """A flow of 3–5 steps left to right, or a layer stack top to bottom when the visual cue asks
    for layers."""

    name = "steps"

    def fits(self, content: SlideContent) -> float:
        return 0.78 if _structured(content) and len(content.steps) >= 3 else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        if content.visual_hint == "layers":
            return [self._stack(content, theme)]
        steps = content.steps[:MAX_STEPS]
        frame = body(theme)
        n = len(steps)
        arrow_w = 34.0
        box_w = (frame.w - arrow_w * (n - 1)) / n
        top, box_h = frame.y + 50, 240.0
        items: Page = [*header(theme, content)]
        for k, step in enumerate(steps):
            x = frame.x + k * (box_w + arrow_w)
            items.append(panel(theme, Rect(x, top, box_w, box_h)))
            items += chip(theme, str(k + 1), Rect(x + box_w / 2 - 24, top - 24, 48, 48), colour(theme, k), size=20,
                          shape="ellipse")
            items.append(text(theme, "body", step, Rect(x + 10, top + 34, box_w - 20, box_h - 44), 22, align="c",
                              valign="m", min_size=12))
            if k < n - 1:
                items.append(ShapeBox(Rect(x + box_w + 6, top + box_h / 2 - 14, arrow_w - 12, 28),
                                      theme.color("muted"), None, shape="arrow", name="flow arrow"))
        return [items]

    def _stack(self, content: SlideContent, theme: Theme) -> Page:
        layers = content.steps[:MAX_STEPS]
        frame = body(theme)
        gap = 10.0
        h = min(64.0, (frame.h - gap * (len(layers) - 1)) / len(layers))
        y = frame.y + (frame.h - (h + gap) * len(layers) + gap) / 2
        items: Page = [*header(theme, content)]
        for k, layer in enumerate(layers):
            inset = 26.0 * k
            r = Rect(frame.x + 90 + inset, y + k * (h + gap), frame.w - 180 - 2 * inset, h)
            items += chip(theme, layer, r, colour(theme, k), size=24, shape="round")
        return items


class Chart:
    """Horizontal bars for the numbers the narration gives."""

    name = "chart"

    def fits(self, content: SlideContent) -> float:
        return 0.75 if _structured(content) and len(content.numbers) >= 3 else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        rows = content.numbers[:6]
        frame = body(theme)
        top = max(v.value or 0.0 for v in rows) or 1.0
        label_w, value_w = 250.0, 100.0
        row_h = min(72.0, frame.h / len(rows))
        bar_max = frame.w - label_w - value_w - 30
        items: Page = [*header(theme, content)]
        for k, row in enumerate(rows):
            y = frame.y + k * row_h + (frame.h - row_h * len(rows)) / 2
            bar = max(6.0, bar_max * (row.value or 0.0) / top)
            items += [text(theme, "label", row.label, Rect(frame.x, y, label_w, row_h - 8), 24, align="l", valign="m",
                           min_size=11),
                      ShapeBox(Rect(frame.x + label_w + 10, y + 8, bar, row_h - 24), colour(theme, k), None,
                               name="bar"),
                      text(theme, "label", row.text, Rect(frame.x + label_w + 16 + bar, y, value_w, row_h - 8), 24,
                           bold=True, valign="m", min_size=11)]
        return [items]


for _layout in (Timeline(), Comparison(), Steps(), Chart()):
    register(_layout)
