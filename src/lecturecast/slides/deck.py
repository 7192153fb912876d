"""Lay out a lecture's slides: content from ``plan.deck``, a layout per slide, measured items.

``plan_deck(lecture, theme) -> DeckPlan``: every :class:`~lecturecast.plan.content.SlideContent`
goes to the layout that fits it best (:mod:`.layouts`); a layout may return several pages (long
code, long bullet lists), which become continuation slides that turn at the slide's later
sentence starts.  Each :class:`SlideSpec` carries its geometry and a key over everything that
affects its pixels.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from ..model import Lecture
from ..plan.content import SlideContent
from ..plan.deck import plan_slides
from .compose import plain_box
from .layouts import choose
from .layouts.kit import Item
from .measure import Rect, TextBox
from .theme import Theme

PPTX_LAYOUT = {"title": "title", "closing": "title", "section": "section"}
NO_FOOTER = ("title", "section", "closing")


@dataclass(frozen=True)
class SlideSpec:
    number: int
    kind: str  # title | section | content | code | cue | references | closing | continuation
    segment_id: str | None  # the segment during which the slide is on screen (None: not in a segment)
    anchor: int  # block index from which the slide is shown
    notes: str
    key: str
    title: str = ""
    items: tuple[Item, ...] = ()
    layout: str = "content"  # pptx layout: title | section | content | title_only | blank
    background: str = "#FFFFFF"
    part: int = 1  # pages of one slide's content: part k of parts
    parts: int = 1
    at: float = 0.0  # fraction of block ``anchor``'s words spoken before the slide comes
    design: str = ""  # the layout that composed it (points, timeline, dialogue, ...)
    todo: tuple[str, ...] = ()  # visuals still to add (also in the notes)

    @property
    def text(self) -> str:
        """Every word on the slide (for checks and search)."""
        return "\n".join(p.text for i in self.items if isinstance(i, TextBox) for p in i.paras)


@dataclass(frozen=True)
class DeckPlan:
    slides: tuple[SlideSpec, ...]
    title: str = ""
    theme_fingerprint: str = ""
    lecture: Lecture | None = field(default=None, compare=False, repr=False)

    def for_segment(self, segment_id: str) -> tuple[SlideSpec, ...]:
        return tuple(s for s in self.slides if s.segment_id == segment_id)


def _page_anchor(content: SlideContent, page: int, pages: int) -> tuple[int, float]:
    """Where page ``page`` (0-based) of a multi-page slide comes: a later sentence start of the slide,
    spread evenly; with no sentence to turn at, the slide's own start (the video shows it only if
    there is time)."""
    if page == 0 or not content.marks:
        return content.anchor, content.at
    k = min(len(content.marks) - 1, round(page * (len(content.marks) + 1) / pages) - 1)
    return content.marks[max(0, k)]


def _footer(theme: Theme, number: int, total: int) -> TextBox:
    x, y, w, h = theme.frame("footer")
    return plain_box(theme, "footer", [f"{number} / {total}"], Rect(x + w - 160, y, 160, h), theme.size("footer"),
                     theme.color("muted"), align="c")


def slide_key(spec: SlideSpec, fingerprint: str) -> str:
    data = repr((spec.kind, spec.layout, spec.background, spec.items, fingerprint))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:24]


def _specs(content: SlideContent, theme: Theme) -> list[dict]:
    layout = choose(content)
    pages = layout.compose(content, theme) or [[]]
    out = []
    for k, items in enumerate(pages):
        anchor, at = _page_anchor(content, k, len(pages))
        background = theme.color("section_bg") if content.kind == "section" else theme.color("background")
        out.append(dict(kind=content.kind if k == 0 else "continuation", segment_id=content.segment_id,
                        anchor=anchor, at=at, notes=content.notes, title=content.title, items=items,
                        layout=PPTX_LAYOUT.get(content.kind, "content"), background=background, part=k + 1,
                        parts=len(pages), design=layout.name, todo=content.todo))
    return out


def plan_deck(lecture: Lecture, theme: Theme) -> DeckPlan:
    """Lay out every slide of ``lecture`` with ``theme`` (text measured, fitted and split)."""
    raw = [spec for content in plan_slides(lecture).slides for spec in _specs(content, theme)]
    slides = []
    for n, data in enumerate(raw, 1):
        items = list(data.pop("items"))
        if data["kind"] not in NO_FOOTER:
            items.append(_footer(theme, n, len(raw)))
        spec = SlideSpec(number=n, key="", items=tuple(items), **data)
        slides.append(replace(spec, key=slide_key(spec, theme.fingerprint)))
    return DeckPlan(tuple(slides), lecture.title, theme.fingerprint, lecture)
