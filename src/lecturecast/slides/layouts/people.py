"""Dialogue: each turn with its speaker's name in the speaker's own colour."""
from __future__ import annotations

from ...plan.content import SlideContent
from ..measure import Rect
from ..theme import Theme
from .kit import Page, body, chip, header, speaker_colour, text
from .registry import register

MAX_TURNS = 4


class Dialogue:
    name = "dialogue"

    def fits(self, content: SlideContent) -> float:
        if content.kind not in ("content", "cue") or content.code is not None or content.bullets:
            return 0.0
        return 0.9 if len({t.speaker for t in content.turns}) >= 2 else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        turns = content.turns[:MAX_TURNS]
        frame = body(theme)
        gap = 16.0
        row_h = min(96.0, (frame.h - gap * (len(turns) - 1)) / len(turns))
        y = frame.y + (frame.h - (row_h + gap) * len(turns) + gap) / 2
        name_w = 190.0
        items: Page = [*header(theme, content)]
        for k, turn in enumerate(turns):
            top = y + k * (row_h + gap)
            items += chip(theme, turn.speaker, Rect(frame.x, top + (row_h - 46) / 2, name_w, 46),
                          speaker_colour(theme, content, turn.speaker), size=20)
            items.append(text(theme, "body", turn.text, Rect(frame.x + name_w + 24, top, frame.w - name_w - 24, row_h),
                              26, valign="m", min_size=14))
        return [items]


register(Dialogue())
