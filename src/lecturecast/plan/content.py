"""What each slide says — the plan's records, before any geometry (``slides`` lays them out).

A :class:`SlideContent` holds a slide's headline, its key points and whatever structure its part
of the narration has (dated events, steps, two sides, numbers, a definition, a quote, dialogue
turns, code, a visual), plus where it comes on screen: ``anchor`` (block index) and ``at``
(fraction of that block's words spoken before the slide's first sentence).  ``marks`` are the
sentence starts inside the slide, where a slide that needs continuation pages may turn a page.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Bullets, Code, Cue, Lecture
from .facts import Fact


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str


@dataclass(frozen=True)
class SlideContent:
    kind: str  # title | section | content | code | cue | references | closing
    segment_id: str | None = None  # None: not placed in a segment's time (title, closing, references)
    anchor: int = 0
    at: float = 0.0
    title: str = ""
    kicker: str = ""  # small line over the headline (section name on a section's first slide)
    notes: str = ""
    sentences: tuple[str, ...] = ()  # the narration this slide's text is derived from
    points: tuple[str, ...] = ()
    bullets: tuple[Bullets, ...] = ()  # the script's own bullets (used as written)
    code: Code | None = None
    caption: str = ""  # what introduces the code or visual
    cues: tuple[Cue, ...] = ()
    image: str | None = None  # an image file a cue names (found in the lecture's or bundled assets)
    subject: str = ""  # what the visual cue is about (for a typographic card)
    visual_hint: str = ""  # "layers" | "flow" | "" : the kind of diagram a cue asks for
    turns: tuple[Turn, ...] = ()
    events: tuple[Fact, ...] = ()
    steps: tuple[str, ...] = ()
    sides: tuple[Fact, ...] = ()
    numbers: tuple[Fact, ...] = ()
    definition: tuple[str, str] | None = None
    quote: tuple[str, str] | None = None
    screen_text: str = ""
    recap: bool = False
    lines: tuple[str, ...] = ()  # title / closing / section card lines
    references: tuple[str, ...] = ()
    marks: tuple[tuple[int, float], ...] = ()  # (block, at) of each sentence start after the first
    labels: tuple[tuple[str, str], ...] = ()  # interface words in the lecture's language
    todo: tuple[str, ...] = ()  # visuals still to add (notes, handout, build log; never on a slide)
    index: int = 0  # section number for dividers
    cast: tuple[str, ...] = ()  # the lecture's speakers in order (a speaker keeps one colour)

    def label(self, key: str) -> str:
        return dict(self.labels).get(key, key)

    @property
    def shows_cue(self) -> bool:
        return bool(self.cues)


@dataclass(frozen=True)
class ContentPlan:
    slides: tuple[SlideContent, ...]
    lecture: Lecture | None = field(default=None, compare=False, repr=False)
