"""Image: the picture a visual cue names, beside the slide's points (or alone, captioned); and the
typographic card for a visual cue with nothing else to show."""
from __future__ import annotations

from pathlib import Path

from ...plan.content import SlideContent
from ...plan.images import file_sha
from ..compose import fit_image
from ..measure import ImageBox, Rect
from ..theme import Theme
from .kit import Page, body, bullets, card, header, text
from .registry import register


class Picture:
    name = "image"

    def fits(self, content: SlideContent) -> float:
        return 0.95 if content.image and content.code is None and not content.bullets else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        assert content.image is not None
        frame = body(theme)
        alt = " ".join(c.text for c in content.cues)
        items: Page = [*header(theme, content)]
        points = list(content.points[:3])
        if points:
            left = Rect(frame.x, frame.y, frame.w * 0.42, frame.h)
            area = Rect(left.right + 24, frame.y, frame.right - left.right - 24, frame.h)
            items.append(bullets(theme, points, left, 26, min_size=14))
        else:
            area = Rect(frame.x, frame.y, frame.w, frame.h - 34)
            items.append(text(theme, "caption", content.subject, Rect(frame.x, area.bottom + 4, frame.w, 30), 16,
                              color=theme.color("muted"), align="c", min_size=11))
        items.append(ImageBox(fit_image(Path(content.image), area), content.image, file_sha(content.image), alt=alt))
        return [items]


class SubjectCard:
    """A visual cue with no image, no diagram and no points: its subject, set as a card."""

    name = "visual card"

    def fits(self, content: SlideContent) -> float:
        if not content.cues or content.image or content.points or content.bullets or content.code is not None:
            return 0.0
        return 0.6 if content.subject else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        frame = body(theme)
        return [[*header(theme, content), *card(theme, content.subject, Rect(frame.x + 110, frame.y + 20,
                                                                           frame.w - 220, frame.h - 40))]]


for _layout in (Picture(), SubjectCard()):
    register(_layout)
